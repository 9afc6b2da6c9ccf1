#!/usr/bin/env python3
"""Tune quoth's salience weights (crates/quoth/src/salience.rs) for the ranking GUM scores.

`fit_salience.py` fits the weights by listwise cross-entropy; this script starts from given
weights and does coordinate ascent on what the issue measures: P@3 + NDCG@10 (head matching,
gum_eval.py's own scoring code) on GUM *train*, then prints train and dev figures. Dev-time
only; the data paths are arguments.

Inputs, for each split, from the same build:
  cargo run --release -p quoth --example eval_gum -- --gold gum_train.jsonl \
      --out train_sys.jsonl --mentions all --features train_feat.jsonl
The system file gives every entity's mentions (so the ranking is scored exactly as
gum_eval.py does); the feature file its salience features (matched by the entity's name spans).

  python3 scripts/tune_salience.py --eval ../shared/eval \
      --train gum_train.jsonl train_sys.jsonl train_feat.jsonl \
      --dev gum_dev.jsonl dev_sys.jsonl dev_feat.jsonl --weights 0.91,0.20,...
"""
import argparse
import collections
import json
import sys


def load(gold_path, sys_path, feat_path, ge):
    feats = collections.defaultdict(dict)
    for line in open(feat_path, encoding="utf-8"):
        r = json.loads(line)
        feats[r["id"]][tuple(map(tuple, r["spans"]))] = r["x"]
    docs = []
    for line in open(sys_path, encoding="utf-8"):
        d = json.loads(line)
        for e in d["entities"]:
            names = tuple((m["start"], m["end"]) for m in e["mentions"] if m.get("kind") == "proper")
            e["_x"] = feats[d["id"]][names]
        docs.append(d)
    return docs, ge.load_jsonl(gold_path)


def score(w, docs, gold, ge):
    """(P@3, R@5, NDCG@10), head matching, person/organization/place, salient = 3+."""
    for d in docs:
        for e in d["entities"]:
            e["salience"] = sum(a * b for a, b in zip(w, e["_x"]))
    by_id = {d["id"]: d for d in docs}
    acc = ge.new_acc()
    for g in gold:
        ge.score_doc(g, by_id.get(g["id"]), "head", {"person", "organization", "place"}, None, 3, acc)
    s = acc["sal"]
    n = max(s["docs"], 1)
    return 100 * s["p3"] / n, 100 * s["r5"] / n, 100 * s["ndcg10"] / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--eval", required=True, help="folder holding gum_eval.py")
    ap.add_argument("--train", nargs=3, required=True, metavar=("GOLD", "SYS", "FEAT"))
    ap.add_argument("--dev", nargs=3, metavar=("GOLD", "SYS", "FEAT"))
    ap.add_argument("--weights", required=True, help="start, comma-separated, WEIGHTS order")
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    sys.path.insert(0, a.eval)
    import gum_eval as ge

    train = load(*a.train, ge)
    dev = load(*a.dev, ge) if a.dev else None
    w = [float(x) for x in a.weights.split(",")]
    objective = lambda r: r[0] + r[2]
    best = objective(score(w, *train, ge))
    print("start", w, "train %.1f / %.1f / %.1f" % score(w, *train, ge))
    for rnd in range(a.rounds):
        for j in range(len(w)):
            for delta in (-0.4, -0.2, -0.1, 0.1, 0.2, 0.4):
                c = list(w)
                c[j] = round(c[j] + delta, 2)
                v = objective(score(c, *train, ge))
                if v > best + 0.05:
                    best, w = v, c
                    print(rnd, j, w, "train %.1f / %.1f / %.1f" % score(w, *train, ge), flush=True)
    print("WEIGHTS =", "[" + ", ".join("%.2f" % x for x in w) + "]")
    print("train P@3 / R@5 / NDCG@10: %.1f / %.1f / %.1f" % score(w, *train, ge))
    if dev:
        print("dev   P@3 / R@5 / NDCG@10: %.1f / %.1f / %.1f" % score(w, *dev, ge))


if __name__ == "__main__":
    main()
