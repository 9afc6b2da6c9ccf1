#!/usr/bin/env bash
# Saturation of two server binaries, alternating: runs scripts/loadtest.sh ROUNDS times with
# each binary in turn (A B A B ...) and prints each run's SUMMARY figures and the per-side medians
# of saturation docs/s, single-request p50 and open-loop p99. Alternating puts both sides under
# the same background load on a shared machine, so compare the medians, not single runs.
#
#   scripts/loadtest_ab.sh OLD_BIN [NEW_BIN]      # NEW_BIN defaults to target/release/quoth
#   ROUNDS=3 PHASE_SECS=15 scripts/loadtest_ab.sh /tmp/quoth-539692e
#
# Env: ROUNDS (3), and everything scripts/loadtest.sh reads (PHASE_SECS, BODY, CONNS, ...).
# Needs target/release/loadgen-std (scripts/loadtest.sh builds it unless SKIP_BUILD=1).
set -euo pipefail
cd "$(dirname "$0")/.."
A=${1:?usage: $0 OLD_BIN [NEW_BIN]}
B=${2:-target/release/quoth}
ROUNDS=${ROUNDS:-3}
for bin in "$A" "$B"; do [[ -x $bin ]] || { echo "not an executable: $bin" >&2; exit 1; }; done
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
for r in $(seq 1 "$ROUNDS"); do
  for side in A B; do
    bin=$A; [[ $side == B ]] && bin=$B
    line=$(BIN=$bin SKIP_BUILD=1 PYTHON=/nonexistent scripts/loadtest.sh 2>/dev/null | grep '^SUMMARY' || true)
    [[ -n $line ]] || { echo "round $r side $side: loadtest gave no SUMMARY" >&2; exit 1; }
    echo "$side $line" | tee -a "$OUT"
  done
done
python3 - "$OUT" "$A" "$B" <<'PY'
import statistics, sys
rows = {"A": [], "B": []}
for line in open(sys.argv[1]):
    side, _, *kv = line.split()
    rows[side].append(dict(x.split("=", 1) for x in kv if "=" in x))
def med(side, key):
    vals = [float(r[key]) for r in rows[side] if r.get(key, "n/a") != "n/a"]
    return statistics.median(vals) if vals else float("nan")
print(f"A = {sys.argv[2]}\nB = {sys.argv[3]}")
for key in ("sat_docs_s", "single_p50_ms", "p99_ms", "sat_non2xx", "open_failed", "rss_kb_end"):
    a, b = med("A", key), med("B", key)
    print(f"median {key:14} A {a:10.2f}  B {b:10.2f}  B/A {b / a if a else float('nan'):.3f}")
PY
