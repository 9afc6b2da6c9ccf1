#!/usr/bin/env bash
# Does request batching pay? Alternating A/B of the release server at saturation on loopback:
# QUOTH_BATCH_BYTES=1 (every request its own engine pass, as before batching) against the
# default budget, ROUNDS rounds each, same binary, same body, wrk closed loop; then the same for
# `quoth bulk` (--batch-lines 1 against the default) over a JSONL file. Prints docs/s per run
# and the median of each side. Stops by itself; 127.0.0.1 only.
#
#   scripts/batch_ab.sh [BODY.json] [BULK.jsonl]
#   ROUNDS=3 SECS=15 CONNS=8 scripts/batch_ab.sh tests/fixtures/load/article_800w.json
#
# Env: ROUNDS (3), SECS (15), CONNS (8: the default admission limit is 4 x inference threads),
#      PORT (18990), SKIP_BUILD (0).
set -euo pipefail
cd "$(dirname "$0")/.."
BODY=${1:-tests/fixtures/load/article_800w.json}
BULK=${2:-}
ROUNDS=${ROUNDS:-3}
SECS=${SECS:-15}
CONNS=${CONNS:-8}
PORT=${PORT:-18990}
BIN=target/release/quoth
[ "${SKIP_BUILD:-0}" = 1 ] || cargo build --release --bin quoth >&2
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cat >"$TMP/post.lua" <<'LUA'
local f = assert(io.open(os.getenv("LOAD_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
LUA
export LOAD_BODY="$(realpath "$BODY")"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

serve_rate() { # $1 = batch bytes; prints requests/s
  QUOTH_BATCH_BYTES=$1 QUOTH_LOG=warn "$BIN" serve --bind 127.0.0.1 --port "$PORT" >"$TMP/server.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do "$BIN" healthcheck --port "$PORT" 2>/dev/null && break; sleep 0.5; done
  wrk -t1 -c"$CONNS" -d3s -s "$TMP/post.lua" "http://127.0.0.1:$PORT/extract" >/dev/null
  # Let the warm-up's abandoned requests drain, then count only 200s (a 503 answers in
  # microseconds and would inflate requests/s).
  sleep 2
  wrk -t1 -c"$CONNS" -d"${SECS}s" --timeout 30s -s "$TMP/post.lua" "http://127.0.0.1:$PORT/extract" \
    | awk -v secs="$SECS" '/requests in/ {n=$1} /Non-2xx/ {bad=$5} END {printf "%.1f\n", (n-bad)/secs}'
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
}

echo "# $(nproc) cores; body $BODY ($(wc -c <"$BODY") bytes); $CONNS connections, ${SECS}s per run"
: >"$TMP/a"; : >"$TMP/b"
for r in $(seq 1 "$ROUNDS"); do
  a=$(serve_rate 1); echo "round $r  one pass per request: $a docs/s"; echo "$a" >>"$TMP/a"
  b=$(serve_rate 16384); echo "round $r  batched (16 KiB):      $b docs/s"; echo "$b" >>"$TMP/b"
done
ma=$(median <"$TMP/a"); mb=$(median <"$TMP/b")
echo "service median: one pass per request $ma docs/s, batched $mb docs/s, ratio $(awk "BEGIN {printf \"%.2f\", $mb/$ma}")"

if [ -n "$BULK" ]; then
  n=$(wc -l <"$BULK")
  : >"$TMP/c"; : >"$TMP/d"
  for r in $(seq 1 "$ROUNDS"); do
    for side in 1 8; do
      s=$(date +%s.%N)
      "$BIN" bulk --batch-lines "$side" "$BULK" -o "$TMP/out.jsonl"
      e=$(date +%s.%N)
      rate=$(awk "BEGIN {printf \"%.1f\", $n/($e-$s)}")
      echo "round $r  bulk --batch-lines $side: $rate docs/s"
      if [ "$side" = 1 ]; then echo "$rate" >>"$TMP/c"; else echo "$rate" >>"$TMP/d"; fi
    done
  done
  mc=$(median <"$TMP/c"); md=$(median <"$TMP/d")
  echo "bulk median ($n lines): one at a time $mc docs/s, batched $md docs/s, ratio $(awk "BEGIN {printf \"%.2f\", $md/$mc}")"
fi
