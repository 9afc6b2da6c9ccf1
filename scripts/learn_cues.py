#!/usr/bin/env python3
"""Learn indirect-speech cue words from PolNeAR train and emit them as a Rust table.

Dev-time tool (the service never runs Python). Usage:

    /work/venv/bin/python scripts/learn_cues.py --gold /work/data/polnear_train.jsonl \
        --model /work/main/models/en_core_web_sm-3.8.0 [--cache /tmp/train.spacy] \
        [--min-count 6] [--min-precision 0.35] [--out crates/quoth/src/quotes/learned_cues.rs] \
        [--report 60]

For every verb or noun outside quotation marks, the script computes its complement *frames*
(`ccomp`, `xcomp`, `dobj`, `prep`, and for nouns `that`, `to`, `prep`, `copula`) with the
same definitions as `learned_frame` in crates/quoth/src/quotes/learned.rs, and the content
each frame would report (the complement's subtree). Per (lemma, frame) it counts:

  total  occurrences in that frame, outside any gold attribution content (a cue nested in
         another attribution's content is not annotated by PolNeAR's rules, and a prediction
         there is scored against the outer unit anyway);
  good   occurrences where the token is in a gold cue and the frame's content overlap-matches
         that attribution's content (half of the gold words found, half of the predicted
         words inside the gold content: the scorer's overlap rule).

Pairs with total >= --min-count and good/total >= --min-precision are kept. The decision is
made per lemma; the table lists every lower-case surface form train shows for a kept lemma,
so the Rust side needs no lemmatiser. Only words and counts are written, no text.

The defaults (6, 0.35) were chosen by 2-fold cross-validation on train halves (table learned
on one half, scored on the other with eval_polnear + quotes_eval.py); 6 is also the lowest
count that keeps the project's own quote dev sets (eval_quotes --set all) unchanged.
"""
import argparse
import bisect
import collections
import json
import re

WORD = re.compile(r"[^\W_]+")
QUOTE_CHARS = set("\"“”„«»")

VERB_PREPS = {"about", "against", "for", "of", "on", "to", "over", "with", "at"}
NOUN_PREPS = {"about", "against", "for", "of", "on", "over"}


def word_spans(text):
    return [(m.start(), m.end()) for m in WORD.finditer(text)]


class Words:
    """Scorer-compatible word tokens of a text."""

    def __init__(self, text):
        spans = word_spans(text)
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def toks(self, s, e):
        out = set()
        i = bisect.bisect_right(self.ends, s)
        while i < len(self.starts) and self.starts[i] < e:
            out.add(i)
            i += 1
        return out


def in_quotes_mask(text):
    """Per character: inside a pair of double quotation marks (straight or curly)."""
    mask = bytearray(len(text))
    opened = None
    for i, ch in enumerate(text):
        if ch in "“«„":
            opened = i
        elif ch in "”»":
            if opened is not None:
                for k in range(opened, i + 1):
                    mask[k] = 1
            opened = None
        elif ch == '"':
            if opened is None:
                opened = i
            else:
                for k in range(opened, i + 1):
                    mask[k] = 1
                opened = None
        elif ch == "\n":
            opened = None
    return mask


def subtree_span(tok):
    return tok.left_edge.i, tok.right_edge.i


def verb_frames(t):
    """(frame, (first token, last token)) of verb t, in priority order."""
    out = []
    kids = list(t.children)
    for c in kids:
        if c.dep_ == "ccomp" and c.i > t.i:
            out.append(("ccomp", subtree_span(c)))
            break
    for c in kids:
        if c.dep_ == "xcomp" and c.i > t.i:
            out.append(("xcomp", subtree_span(c)))
            break
    for c in kids:
        if c.dep_ == "prep" and c.i == t.i + 1 and c.lower_ in VERB_PREPS:
            objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
            if objs:
                out.append(("prep", (c.i + 1, c.right_edge.i)))
            break
    for c in kids:
        if c.dep_ == "dobj" and c.i > t.i:
            out.append(("dobj", subtree_span(c)))
            break
    return out


def noun_frames(t):
    """(frame, span) of noun t: `the claim that …`, `a plan to …`, `concerns about …`, `his
    view is that …`."""
    out = []
    kids = list(t.children)
    for c in kids:
        if c.dep_ in ("acl", "relcl") and c.i > t.i:
            marks = [m for m in c.children if m.dep_ == "mark" and m.lower_ == "that"]
            tos = [m for m in c.children if m.dep_ == "aux" and m.lower_ == "to"]
            if marks and marks[0].i > t.i:
                out.append(("that", subtree_span(c)))
            elif tos and c.left_edge.i > t.i:
                out.append(("to", subtree_span(c)))
            break
    for c in kids:
        if c.dep_ == "prep" and c.i == t.i + 1 and c.lower_ in NOUN_PREPS:
            if any(o.dep_ in ("pobj", "pcomp") for o in c.children):
                out.append(("prep", (c.i + 1, c.right_edge.i)))
            break
    if t.dep_ == "nsubj" and t.head.lemma_ == "be":
        for c in t.head.children:
            if c.dep_ in ("ccomp", "xcomp", "attr") and c.i > t.head.i:
                out.append(("copula", subtree_span(c)))
                break
    return out


def frames(t):
    if t.tag_.startswith("VB"):
        return "V", verb_frames(t)
    if t.tag_.startswith("NN"):
        return "N", noun_frames(t)
    return None, []


def trim(doc, a, b):
    while a <= b and (doc[a].is_punct or doc[a].is_space):
        a += 1
    while b >= a and (doc[b].is_punct or doc[b].is_space):
        b -= 1
    return (a, b) if a <= b else None


def cue_heads(doc, gold):
    """Token index of each gold attribution's cue head -> attribution index."""
    out = {}
    for gi, q in enumerate(gold):
        s, e = q.get("cue_start"), q.get("cue_end")
        if s is None or e is None or e <= s:
            continue
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        toks = [t for t in span if not t.is_punct]
        if not toks:
            continue
        heads = [t for t in toks if not (span.start <= t.head.i < span.end) or t.head.i == t.i]
        pick = [t for t in heads if t.tag_.startswith("VB")] or [
            t for t in heads if t.tag_.startswith("NN")] or heads or toks
        # Every verb/noun in the cue may be the head the rules see (`is expected`, `said
        # in a statement`): count them all as the cue.
        for t in toks:
            if t.tag_.startswith(("VB", "NN")):
                out.setdefault(t.i, gi)
        out[pick[0].i] = gi
    return out


def learn(docs, rows):
    total = collections.Counter()
    good = collections.Counter()
    cue = collections.Counter()
    forms = collections.defaultdict(collections.Counter)
    for doc, row in zip(docs, rows):
        text = row["text"]
        gold = row["quotes"]
        words = Words(text)
        gold_words = [set().union(*[words.toks(s, e) for s, e in q.get("spans") or [[q["start"], q["end"]]]])
                      for q in gold]
        in_content = bytearray(len(text) + 1)
        for q in gold:
            for s, e in q.get("spans") or [[q["start"], q["end"]]]:
                for k in range(s, min(e, len(text))):
                    in_content[k] = 1
        quoted = in_quotes_mask(text)
        heads = cue_heads(doc, gold)
        for t in doc:
            cls, fr = frames(t)
            if cls is None or not fr:
                continue
            if t.idx < len(quoted) and quoted[t.idx]:
                continue
            lemma = t.lemma_.lower()
            key_pos = cls
            gi = heads.get(t.i)
            if gi is None and in_content[t.idx]:
                continue
            forms[(lemma, key_pos)][t.lower_] += 1
            for name, (a, b) in fr:
                ab = trim(doc, a, b)
                if ab is None:
                    continue
                a, b = ab
                key = (lemma, key_pos, name)
                total[key] += 1
                if gi is None:
                    continue
                cue[key] += 1
                p = words.toks(doc[a].idx, doc[b].idx + len(doc[b].text))
                g = gold_words[gi]
                inter = len(p & g)
                if p and g and inter * 2 >= len(g) and inter * 2 >= len(p):
                    good[key] += 1
    return total, good, cue, forms


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--cache")
    ap.add_argument("--min-count", type=int, default=6)
    ap.add_argument("--min-precision", type=float, default=0.35)
    ap.add_argument("--out")
    ap.add_argument("--report", type=int, default=0)
    args = ap.parse_args()

    import spacy
    from spacy.tokens import DocBin

    rows = [json.loads(l) for l in open(args.gold, encoding="utf-8") if l.strip()]
    nlp = spacy.load(args.model, disable=["ner"])
    docs = None
    if args.cache:
        try:
            docs = list(DocBin().from_disk(args.cache).get_docs(nlp.vocab))
        except (OSError, ValueError):
            docs = None
    if docs is None or len(docs) != len(rows):
        docs = list(nlp.pipe((r["text"] for r in rows), batch_size=16))
        if args.cache:
            db = DocBin(attrs=["TAG", "POS", "HEAD", "DEP", "LEMMA", "SENT_START"])
            for d in docs:
                db.add(d)
            db.to_disk(args.cache)
    total, good, cue, forms = learn(docs, rows)
    keep = sorted(k for k in total
                  if total[k] >= args.min_count and good[k] / total[k] >= args.min_precision)
    if args.report:
        ranked = sorted(total, key=lambda k: -cue[k])[: args.report]
        for k in ranked:
            flag = "*" if k in keep else " "
            print(f"{flag} {k[0]:>14} {k[1]} {k[2]:<7} total {total[k]:5d} cue {cue[k]:5d} "
                  f"good {good[k]:5d} p {good[k] / total[k]:.2f}")
        print(f"kept {len(keep)} pairs; good {sum(good[k] for k in keep)} of "
              f"{sum(total[k] for k in keep)} occurrences")
    if args.out:
        write_rust(args, keep, total, good, forms)


def write_rust(args, keep, total, good, forms):
    entries = set()
    for lemma, pos, frame in keep:
        for form, n in forms[(lemma, pos)].items():
            if WORD.fullmatch(form) and form.isascii():
                entries.add((form, pos, frame))
    lines = [
        "//! Cue words learned from PolNeAR v1.0.0 train (840 articles): generated by",
        "//! `scripts/learn_cues.py --gold polnear_train.jsonl --model en_core_web_sm-3.8.0",
        f"//! --min-count {args.min_count} --min-precision {args.min_precision}` — do not edit by hand.",
        "//! Each entry is a lower-case word form, its class (verb or noun) and a complement frame",
        "//! ([`super::learned::Frame`]) in which that word's lemma introduced a PolNeAR attribution",
        "//! whose content is the complement, in at least the given share of its train occurrences.",
        "//! Counts are per lemma and frame: (good, total) train occurrences. Words and counts only.",
        "",
        "use super::learned::{Class, Frame};",
        "",
        "/// (form, class, frame, good, total), sorted by form then class then frame.",
        "pub(crate) const LEARNED_CUES: &[(&str, Class, Frame, u16, u16)] = &[",
    ]
    cls = {"V": "Class::Verb", "N": "Class::Noun"}
    fr = {"ccomp": "Frame::Ccomp", "xcomp": "Frame::Xcomp", "prep": "Frame::Prep",
          "dobj": "Frame::Dobj", "that": "Frame::That", "to": "Frame::To",
          "copula": "Frame::Copula"}
    lemma_of = {}
    for lemma, pos, frame in keep:
        for form in forms[(lemma, pos)]:
            lemma_of.setdefault((form, pos, frame), (lemma, pos, frame))
    for form, pos, frame in sorted(entries, key=lambda e: (e[0], "VN".index(e[1]), list(fr).index(e[2]))):
        k = lemma_of[(form, pos, frame)]
        lines.append(f'    ("{form}", {cls[pos]}, {fr[frame]}, {min(good[k], 65535)}, '
                     f"{min(total[k], 65535)}),")
    lines.append("];")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(entries)} entries to {args.out}")


if __name__ == "__main__":
    main()
