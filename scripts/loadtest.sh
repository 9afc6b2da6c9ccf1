#!/usr/bin/env bash
# Load test of POST /extract on loopback with a ~800-word wire story; stops by itself.
#
#   scripts/loadtest.sh
#   PHASE_SECS=30 CONNS=4 scripts/loadtest.sh
#
# Phases (server: target/release/quoth serve --bind 127.0.0.1, default settings otherwise):
#   0. single-request latency: one connection, requests back to back (examples/loadgen.rs, built
#      with plain rustc since it only needs std; closed
#      loop, --rate 0).
#   a. saturation throughput: wrk closed loop, CONNS connections (default 2 x cores; below the
#      service's default admission limit of 4 x threads, so no 503s by design).
#   b. latency at OPEN_LOAD (80%) of (a): examples/loadgen.rs open loop at a fixed rate, latency
#      measured from each request's scheduled send time (no coordinated omission).
#   c. optional: spaCy on the same text in-process (scripts/spacy_article.py), printed next to
#      quoth's single-request latency and saturation docs/s as ratios.
#
# Env: PORT (random free port in 20000-29999), PHASE_SECS (20), WARMUP_SECS (5), CONNS (2 x cores),
#      LOADGEN_CONNS (4 x cores), BODY (tests/fixtures/load/article_800w.json),
#      PYTHON (/work/venv/bin/python; spaCy part skipped when missing), SPACY_RUNS (20),
#      BIN (target/release/quoth: the server binary, e.g. an older build to compare),
#      SKIP_BUILD (0; 1 = use the existing target/release binaries), OPEN_LOAD (0.8: phase b's rate
#      as a fraction of phase a's throughput).
# Loopback only: the server binds 127.0.0.1 and both load generators target 127.0.0.1.
# The client runs on the same cores as the server, so figures are a lower bound.
set -euo pipefail
cd "$(dirname "$0")/.."

CORES=$(getconf _NPROCESSORS_ONLN)
PHASE_SECS=${PHASE_SECS:-20}
WARMUP_SECS=${WARMUP_SECS:-5}
CONNS=${CONNS:-$((CORES * 2))}
LOADGEN_CONNS=${LOADGEN_CONNS:-$((CORES * 4))}
BODY=${BODY:-tests/fixtures/load/article_800w.json}
OPEN_LOAD=${OPEN_LOAD:-0.8}
PYTHON=${PYTHON:-/work/venv/bin/python}
SPACY_RUNS=${SPACY_RUNS:-20}
HOST=127.0.0.1

log() { echo "# $*" >&2; }
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }

port_free() { ! (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
if [[ -z "${PORT:-}" ]]; then
  for _ in $(seq 1 50); do
    PORT=$((20000 + RANDOM % 10000))
    port_free "$PORT" && break
  done
fi
port_free "$PORT" || { echo "port $PORT is in use" >&2; exit 1; }

ensure_wrk() {
  command -v wrk >/dev/null && return 0
  log "wrk not found; installing it from Debian"
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo -n"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk >/dev/null
  command -v wrk >/dev/null || { echo "could not install wrk" >&2; exit 1; }
}

echo "# cores: $CORES ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'))"
echo "# uptime before: $(uptime)"
ensure_wrk
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building (release): quoth + examples/loadgen"
  cargo build --release --bin quoth >&2
  # loadgen uses only std: compile it directly, so the release build does not have to build the
  # dev-dependencies (criterion, ...) that `cargo build --example` would pull in
  rustc --edition 2021 -C opt-level=3 examples/loadgen.rs -o target/release/loadgen-std >&2
fi
BIN=${BIN:-target/release/quoth}
LOADGEN=target/release/loadgen-std
[[ -x $BIN && -x $LOADGEN ]] || { echo "missing $BIN or $LOADGEN" >&2; exit 1; }

TMP=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    # the service drains for a few seconds after SIGTERM; do not wait for it
    sleep 0.2
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

log "starting $BIN serve on $HOST:$PORT"
"$BIN" serve --bind "$HOST" --port "$PORT" --log warn --log-format json \
  --shutdown-drain-secs 0 --shutdown-timeout-secs 2 >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 1 300); do
  curl -sf -o /dev/null "http://$HOST:$PORT/readyz" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log" >&2; echo "server exited" >&2; exit 1; }
  sleep 0.5
  [[ $i -eq 300 ]] && { echo "server not ready after 150 s" >&2; exit 1; }
done
STATUS=$(curl -s -o "$TMP/resp.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  --data-binary "@$BODY" "http://$HOST:$PORT/extract")
[[ "$STATUS" == 200 ]] || { echo "POST /extract answered $STATUS: $(head -c 500 "$TMP/resp.json")" >&2; exit 1; }
ENTS=$(grep -o '"label"' "$TMP/resp.json" | wc -l)
echo "# ready; POST /extract with $BODY ($(wc -c <"$BODY") bytes, $(wc -w <"$BODY") words) -> 200, $ENTS labelled items"
RSS_START=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")

# --- 0. single-request latency ------------------------------------------------------------
log "phase 0: single-request latency (1 connection, back to back, 10 s)"
"$LOADGEN" --addr "$HOST:$PORT" --path /extract --body "$BODY" --rate 0 --connections 1 \
  --warmup 2 --duration 10 | tee "$TMP/single.txt"
kv() { grep -oE "(^| )$2=[^ ]*" "$1" | head -1 | cut -d= -f2; }
SINGLE_P50=$(kv "$TMP/single.txt" p50_ms)

# --- a. saturation (closed loop) -------------------------------------------------------------
cat >"$TMP/post.lua" <<'LUA'
local f = assert(io.open(os.getenv("LOAD_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local non2xx = summary.errors.status
  local errs = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "WRK requests=%d non2xx=%d socket_errors=%d secs=%.2f ok_rps=%.2f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, non2xx, errs, secs, (summary.requests - non2xx) / secs,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA
export LOAD_BODY="$PWD/$BODY"
log "phase a: saturation warm-up ${WARMUP_SECS}s"
wrk -t1 -c"$CONNS" -d"${WARMUP_SECS}s" --timeout 30s -s "$TMP/post.lua" "http://$HOST:$PORT/extract" >/dev/null
log "phase a: saturation, wrk closed loop, $CONNS connections, ${PHASE_SECS}s"
wrk -t1 -c"$CONNS" -d"${PHASE_SECS}s" --timeout 30s --latency -s "$TMP/post.lua" \
  "http://$HOST:$PORT/extract" | tee "$TMP/wrk.txt"
SAT=$(kv "$TMP/wrk.txt" ok_rps)
SAT_NON2XX=$(kv "$TMP/wrk.txt" non2xx)
SAT_P50=$(kv "$TMP/wrk.txt" p50_ms)
SAT_P99=$(kv "$TMP/wrk.txt" p99_ms)

# --- b. latency at OPEN_LOAD of saturation (open loop) ----------------------------------------
PCT=$(awk "BEGIN { printf \"%d\", $OPEN_LOAD * 100 + 0.5 }")
RATE=$(calc "$SAT * $OPEN_LOAD")
log "phase b: open loop at $RATE req/s (${PCT}% of $SAT), $LOADGEN_CONNS connections, ${PHASE_SECS}s + 3s warm-up"
"$LOADGEN" --addr "$HOST:$PORT" --path /extract --body "$BODY" --rate "$RATE" \
  --connections "$LOADGEN_CONNS" --warmup 3 --duration "$PHASE_SECS" | tee "$TMP/open.txt"
P50=$(kv "$TMP/open.txt" p50_ms)
P99=$(kv "$TMP/open.txt" p99_ms)
OPEN_OK=$(kv "$TMP/open.txt" achieved)
OPEN_BAD=$(($(kv "$TMP/open.txt" non2xx) + $(kv "$TMP/open.txt" errors)))
RSS_END=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")

# stop the server before timing spaCy so the two do not compete for the cores
kill -TERM "$SERVER_PID" 2>/dev/null || true
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""

# --- c. spaCy on the same article ------------------------------------------------------------
SPACY_MS=n/a SPACY_CPU_MS=n/a SPACY_DPS=n/a R_LAT=n/a R_THR=n/a
if [[ -x "$PYTHON" ]] && "$PYTHON" -c 'import spacy' 2>/dev/null; then
  log "phase c: spaCy nlp(article), $SPACY_RUNS runs, 1 thread"
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
    "$PYTHON" scripts/spacy_article.py --body "$BODY" --runs "$SPACY_RUNS" | tee "$TMP/spacy.txt"
  SPACY_MS=$(kv "$TMP/spacy.txt" median_ms)
  SPACY_CPU_MS=$(kv "$TMP/spacy.txt" cpu_median_ms)
  SPACY_DPS=$(kv "$TMP/spacy.txt" docs_per_s)
  R_LAT=$(calc "$SPACY_MS / $SINGLE_P50")
  R_THR=$(calc "$SAT / $SPACY_DPS")
else
  echo "# spaCy comparison skipped: $PYTHON with spaCy not found (set PYTHON=...)"
fi

echo
echo "# uptime after: $(uptime)"
echo "quoth POST /extract, 1 article ($(wc -w <"$BODY") words), $CORES cores, loopback:"
echo "  single request (1 conn, unloaded):   p50 ${SINGLE_P50} ms"
echo "  saturation (wrk, $CONNS conns):        ${SAT} docs/s  (p50 ${SAT_P50} ms, p99 ${SAT_P99} ms, non-2xx ${SAT_NON2XX})"
echo "  open loop at ${RATE}/s (${PCT}%):         p50 ${P50} ms  p99 ${P99} ms  (achieved ${OPEN_OK}/s, failed ${OPEN_BAD})"
echo "  server RSS: ${RSS_START} kB after start -> ${RSS_END} kB after load"
echo "spaCy 3.8.18 en_core_web_sm, nlp(article) in-process, 1 thread: median ${SPACY_MS} ms (CPU ${SPACY_CPU_MS} ms), ${SPACY_DPS} docs/s"
echo "  ratios: spaCy latency / quoth single latency = ${R_LAT}x; quoth saturation docs/s ($CORES cores, over HTTP) / spaCy docs/s (1 process) = ${R_THR}x"
echo "SUMMARY cores=$CORES single_p50_ms=$SINGLE_P50 sat_docs_s=$SAT open_load=$OPEN_LOAD open_rate=$RATE p50_ms=$P50 p99_ms=$P99 \
open_failed=$OPEN_BAD sat_non2xx=$SAT_NON2XX rss_kb_start=$RSS_START rss_kb_end=$RSS_END \
spacy_ms=$SPACY_MS spacy_docs_s=$SPACY_DPS ratio_latency=$R_LAT ratio_throughput=$R_THR \
load=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
