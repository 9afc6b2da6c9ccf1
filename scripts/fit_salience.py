#!/usr/bin/env python3
"""Fit quoth's salience weights (crates/quoth/src/salience.rs, WEIGHTS) on GUM train.

Input: the gold JSONL (gum_convert.py) and the feature file written by
  cargo run --release -p quoth --example eval_gum -- --gold gum_train.jsonl --out /tmp/x.jsonl \
      --mentions all --features /tmp/feat_train.jsonl
Each system entity is mapped to the gold entity holding most of its name spans (a system span
inside a gold mention span); its target is that gold entity's salience count (0-5; 0 when
unmapped or when a gold entity is reached again). The model is the one salience.rs runs: a
linear score per entity, softmax over the document; fit listwise (cross-entropy against the
normalised targets, documents without a salient entity skipped) with L2, by plain gradient
descent (no numpy needed). Prints the weights in WEIGHTS order.
"""
import argparse
import collections
import json
import math

ap = argparse.ArgumentParser()
ap.add_argument("--gold", required=True)
ap.add_argument("--features", required=True)
ap.add_argument("--l2", type=float, default=0.01)
ap.add_argument("--iters", type=int, default=3000)
ap.add_argument("--lr", type=float, default=0.5)
a = ap.parse_args()

gold = {}
for line in open(a.gold):
    d = json.loads(line)
    gold[d["id"]] = d
rows = collections.defaultdict(list)
for line in open(a.features):
    r = json.loads(line)
    if r["label"] in ("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"):
        continue
    rows[r["id"]].append(r)

docs = []
for did, ents in rows.items():
    g = gold[did]
    seen = set()
    X, T = [], []
    for r in sorted(ents, key=lambda r: r["spans"][0][0] if r["spans"] else 0):
        votes = collections.Counter()
        for s, e in r["spans"]:
            best = None
            for gi, ge in enumerate(g["entities"]):
                for m in ge["mentions"]:
                    if m["start"] <= s and e <= m["end"]:
                        size = m["end"] - m["start"]
                        if best is None or size < best[0]:
                            best = (size, gi)
            if best:
                votes[best[1]] += 1
        t = 0.0
        if votes:
            gi = votes.most_common(1)[0][0]
            if gi not in seen:
                seen.add(gi)
                t = float(g["entities"][gi]["salience"])
        X.append(r["x"])
        T.append(t)
    if sum(1 for t in T if t >= 3) and len(X) > 1:
        z = sum(T)
        docs.append((X, [t / z for t in T]))

n = len(docs[0][0][0])
w = [0.0] * n
for it in range(a.iters):
    grad = [a.l2 * wi for wi in w]
    loss = 0.0
    for X, T in docs:
        s = [sum(wi * xi for wi, xi in zip(w, x)) for x in X]
        m = max(s)
        ex = [math.exp(v - m) for v in s]
        z = sum(ex)
        p = [e / z for e in ex]
        loss -= sum(t * math.log(max(pi, 1e-12)) for t, pi in zip(T, p))
        for x, pi, t in zip(X, p, T):
            for j in range(n):
                grad[j] += (pi - t) * x[j] / len(docs)
    for j in range(n):
        w[j] -= a.lr * grad[j]
    if it % 500 == 0:
        print(f"iter {it} loss {loss / len(docs):.4f}")
print(f"{len(docs)} documents")
print("WEIGHTS = [" + ", ".join(f"{v:.2f}" for v in w) + "]")
