#!/usr/bin/env bash
# Side-by-side single-thread throughput of spaCy and quoth on the same corpus, in one run.
#
#   scripts/bench_ratio.sh                 # 5 repeats, modes ner,full, the whole corpus
#   REPEATS=3 LIMIT=1000 scripts/bench_ratio.sh
#   scripts/bench_ratio.sh --summarize saved_output.txt   # table from saved RESULT lines
#
# Env: REPEATS (5), MODES (ner,full), LIMIT (0 = all texts), CORPUS (tests/corpus/corpus.jsonl),
#      PYTHON (/work/venv/bin/python, needs spaCy 3.8.18 + en_core_web_sm), SPACY_MODEL (the
#      installed en_core_web_sm package by default), QUOTH_MODEL (quoth's default model folder).
# ner  = tokenizer + NER (spaCy with the other components disabled; quoth analyze_ner_only)
# full = the full default pipeline (spaCy nlp.pipe(batch_size=256, n_process=1);
#        quoth analyze_batch over batches of 256)
# Prints the median tokens/s of both engines per mode and the ratio quoth / spaCy.
set -euo pipefail
cd "$(dirname "$0")/.."
# Counted before OMP_NUM_THREADS is set below (GNU nproc honours it).
CORES=$(getconf _NPROCESSORS_ONLN)

# Summary table and ratio from RESULT lines (also: scripts/bench_ratio.sh --summarize FILE).
summarize() {
  awk -v cores="$CORES" '
    /^RESULT / {
      delete kv
      for (i = 2; i <= NF; i++) { split($i, p, "="); kv[p[1]] = p[2] }
      rate[kv["engine"], kv["mode"]] = kv["tok_per_s"]
      toks[kv["engine"], kv["mode"]] = kv["tokens"]
      if (!(kv["mode"] in seen)) { seen[kv["mode"]] = 1; order[++n] = kv["mode"] }
    }
    END {
      printf "\n%-6s %14s %14s %8s   (median of repeats, 1 thread, %s cores)\n", "mode", "spaCy tok/s", "quoth tok/s", "ratio", cores
      for (i = 1; i <= n; i++) {
        m = order[i]; s = rate["spacy", m]; q = rate["quoth", m]
        r = (s > 0 && q > 0) ? sprintf("%.2fx", q / s) : "n/a"
        printf "%-6s %14s %14s %8s\n", m, (s == "" ? "n/a" : s), (q == "" ? "n/a" : q), r
        if (toks["spacy", m] != "" && toks["quoth", m] != "" && toks["spacy", m] != toks["quoth", m])
          printf "  warning: token counts differ (spaCy %s, quoth %s)\n", toks["spacy", m], toks["quoth", m]
      }
      printf "RATIO cores=%s", cores
      for (i = 1; i <= n; i++) { m = order[i]; if (rate["spacy", m] > 0 && rate["quoth", m] > 0) printf " %s=%.3f", m, rate["quoth", m] / rate["spacy", m] }
      printf "\n"
    }' "$1"
}

if [[ "${1:-}" == "--summarize" ]]; then
  summarize "$2"
  exit 0
fi

REPEATS=${REPEATS:-5}
MODES=${MODES:-ner,full}
LIMIT=${LIMIT:-0}
CORPUS=${CORPUS:-tests/corpus/corpus.jsonl}
PYTHON=${PYTHON:-/work/venv/bin/python}
# One thread for both engines (BLAS/OpenMP pools included).
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 BLIS_NUM_THREADS=1 RAYON_NUM_THREADS=1

echo "# cores: $CORES ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'))"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
cargo build --release --example bench_engine >&2

out=$(mktemp)
trap 'rm -f "$out"' EXIT

spacy_args=(--corpus "$CORPUS" --repeats "$REPEATS" --modes "$MODES" --limit "$LIMIT")
if [[ -n "${SPACY_MODEL:-}" ]]; then spacy_args+=(--model "$SPACY_MODEL"); fi
"$PYTHON" scripts/bench_spacy.py "${spacy_args[@]}" | tee -a "$out"

quoth_args=(--corpus "$CORPUS" --repeats "$REPEATS" --modes "$MODES" --limit "$LIMIT")
cargo run -q --release --example bench_engine -- "${quoth_args[@]}" | tee -a "$out"

echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
summarize "$out"
