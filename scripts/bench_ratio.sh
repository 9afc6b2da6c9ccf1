#!/usr/bin/env bash
# Side-by-side single-thread throughput of spaCy and quoth on the same corpus, in one run.
#
#   scripts/bench_ratio.sh                 # 5 repeats, modes ner,full, the whole corpus
#   MODES=full,accurate scripts/bench_ratio.sh   # + the accurate profile (vs spaCy's full)
#   REPEATS=3 LIMIT=1000 scripts/bench_ratio.sh
#   scripts/bench_ratio.sh --summarize saved_output.txt   # table from saved RESULT lines
#
# Env: REPEATS (5), MODES (ner,full), LIMIT (0 = all texts), CORPUS (tests/corpus/corpus.jsonl),
#      PYTHON (/work/venv/bin/python, needs spaCy 3.8.18 + en_core_web_sm), SPACY_MODEL (the
#      installed en_core_web_sm package by default), QUOTH_MODEL (quoth's default model folder).
# ner  = tokenizer + NER (spaCy with the other components disabled; quoth analyze_ner_only)
# full = the full default pipeline (spaCy nlp.pipe(batch_size=256, n_process=1);
#        quoth analyze_batch over batches of 256)
# accurate = quoth's accurate profile (the model's parse + the NER ensemble with the pipelines
#        vendored beside it, one text at a time), against spaCy sm's full pipeline
# Runs REPEATS rounds, each timing spaCy then quoth once per mode; prints each engine's median
# tokens/s per mode and the median of the per-round ratios quoth / spaCy.
set -euo pipefail
cd "$(dirname "$0")/.."
# Counted before OMP_NUM_THREADS is set below (GNU nproc honours it).
CORES=$(getconf _NPROCESSORS_ONLN)

# Summary table and ratio from RESULT lines (also: scripts/bench_ratio.sh --summarize FILE).
# Each engine's rate is the median over its RESULT lines (one per round); the ratio is the
# median of the per-round ratios (rounds alternate engines, so each ratio compares runs made
# seconds apart under the same machine load).
summarize() {
  awk -v cores="$CORES" '
    function median(arr, n,    i, j, t) {
      for (i = 2; i <= n; i++) { t = arr[i]; for (j = i - 1; j >= 1 && arr[j] > t; j--) arr[j + 1] = arr[j]; arr[j + 1] = t }
      return (n % 2) ? arr[(n + 1) / 2] : (arr[n / 2] + arr[n / 2 + 1]) / 2
    }
    /^RESULT / {
      delete kv
      for (i = 2; i <= NF; i++) { split($i, p, "="); kv[p[1]] = p[2] }
      e = kv["engine"]; m = kv["mode"]
      k = ++cnt[e, m]
      rate[e, m, k] = kv["tok_per_s"]
      toks[e, m] = kv["tokens"]
      if (!(m in seen)) { seen[m] = 1; order[++n] = m }
    }
    END {
      printf "\n%-6s %14s %14s %8s   (medians over %d rounds, 1 thread, %s cores)\n", "mode", "spaCy tok/s", "quoth tok/s", "ratio", cnt["spacy", order[1]], cores
      line = sprintf("RATIO cores=%s", cores)
      for (i = 1; i <= n; i++) {
        m = order[i]
        # the accurate profile has no spaCy counterpart: it is compared with the spaCy full mode
        sm = (m == "accurate") ? "full" : m
        ns = cnt["spacy", sm]; nq = cnt["quoth", m]
        delete a; delete b; delete r
        for (k = 1; k <= ns; k++) a[k] = rate["spacy", sm, k]
        for (k = 1; k <= nq; k++) b[k] = rate["quoth", m, k]
        nr = (ns < nq) ? ns : nq
        for (k = 1; k <= nr; k++) r[k] = (a[k] > 0) ? b[k] / a[k] : 0
        s = ns ? median(a, ns) : 0; q = nq ? median(b, nq) : 0; rr = nr ? median(r, nr) : 0
        printf "%-6s %14.0f %14.0f %8s\n", m, s, q, (rr > 0 ? sprintf("%.2fx", rr) : "n/a")
        if (toks["spacy", sm] != "" && toks["quoth", m] != "" && toks["spacy", sm] != toks["quoth", m])
          printf "  warning: token counts differ (spaCy %s, quoth %s)\n", toks["spacy", sm], toks["quoth", m]
        if (rr > 0) line = line sprintf(" %s=%.3f", m, rr)
      }
      print line
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

# Rounds alternate the engines (spaCy, then quoth, each timing one pass per mode after its
# warm-up), so both see the same machine load within a round.
# spaCy has no `accurate` mode: it runs `full` in its place (once)
SPACY_MODES=$(tr ',' '\n' <<<"$MODES" | sed 's/^accurate$/full/' | awk '!seen[$0]++' | paste -sd, -)
spacy_args=(--corpus "$CORPUS" --repeats 1 --modes "$SPACY_MODES" --limit "$LIMIT")
if [[ -n "${SPACY_MODEL:-}" ]]; then spacy_args+=(--model "$SPACY_MODEL"); fi
quoth_args=(--corpus "$CORPUS" --repeats 1 --modes "$MODES" --limit "$LIMIT")
for round in $(seq 1 "$REPEATS"); do
  echo "# round $round of $REPEATS"
  "$PYTHON" scripts/bench_spacy.py "${spacy_args[@]}" | tee -a "$out"
  target/release/examples/bench_engine "${quoth_args[@]}" | tee -a "$out"
done

echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
summarize "$out"
