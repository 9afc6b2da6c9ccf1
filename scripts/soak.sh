#!/usr/bin/env bash
# Soak test: POST /extract at saturation for a while, printing the server's RSS over time.
#
#   scripts/soak.sh            # 600 s
#   scripts/soak.sh 300        # 300 s
#   INTERVAL=30 CONNS=4 scripts/soak.sh 120
#
# Starts target/release/quoth serve on 127.0.0.1 (loopback only), warms up for 10 s, prints VmRSS
# from /proc/PID/status before load, every INTERVAL seconds (60) during a wrk closed-loop run of
# DURATION seconds, right after it and after 5 s idle; then wrk's figures. Stops by itself.
# Env: PORT (random free port), CONNS (2 x cores), INTERVAL (60),
#      BODY (tests/fixtures/load/article_800w.json), SKIP_BUILD (0).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${1:-600}
[[ "$DURATION" =~ ^[0-9]+$ && "$DURATION" -gt 0 ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }
CORES=$(getconf _NPROCESSORS_ONLN)
CONNS=${CONNS:-$((CORES * 2))}
INTERVAL=${INTERVAL:-60}
BODY=${BODY:-tests/fixtures/load/article_800w.json}
HOST=127.0.0.1

port_free() { ! (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
if [[ -z "${PORT:-}" ]]; then
  for _ in $(seq 1 50); do
    PORT=$((20000 + RANDOM % 10000))
    port_free "$PORT" && break
  done
fi
port_free "$PORT" || { echo "port $PORT is in use" >&2; exit 1; }

if ! command -v wrk >/dev/null; then
  echo "# wrk not found; installing it from Debian" >&2
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo -n"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk >/dev/null
  command -v wrk >/dev/null || { echo "could not install wrk" >&2; exit 1; }
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  cargo build --release --bin quoth >&2
fi
BIN=target/release/quoth

TMP=$(mktemp -d)
SERVER_PID=""
WRK_PID=""
cleanup() {
  [[ -n "$WRK_PID" ]] && kill "$WRK_PID" 2>/dev/null || true
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    sleep 0.2
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

"$BIN" serve --bind "$HOST" --port "$PORT" --log warn --log-format json \
  --shutdown-drain-secs 0 --shutdown-timeout-secs 2 >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 1 300); do
  curl -sf -o /dev/null "http://$HOST:$PORT/readyz" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log" >&2; echo "server exited" >&2; exit 1; }
  sleep 0.5
  [[ $i -eq 300 ]] && { echo "server not ready after 150 s" >&2; exit 1; }
done

rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$SERVER_PID/status"; }
stamp() { printf '%s %-8s RSS %s\n' "$(date -u +%H:%M:%S)" "$1" "$(rss)"; }

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

echo "# cores: $CORES; uptime: $(uptime)"
echo "# server pid $SERVER_PID on $HOST:$PORT; soak ${DURATION}s at saturation (wrk, $CONNS connections)"
stamp "ready"
wrk -t1 -c"$CONNS" -d10s --timeout 30s -s "$TMP/post.lua" "http://$HOST:$PORT/extract" >/dev/null
stamp "warm"
wrk -t1 -c"$CONNS" -d"${DURATION}s" --timeout 30s --latency -s "$TMP/post.lua" \
  "http://$HOST:$PORT/extract" >"$TMP/wrk.txt" 2>&1 &
WRK_PID=$!
START=$SECONDS
NEXT=$INTERVAL
while kill -0 "$WRK_PID" 2>/dev/null; do
  sleep 1
  el=$((SECONDS - START))
  if ((el >= NEXT && el < DURATION)); then
    stamp "t=${el}s"
    NEXT=$((NEXT + INTERVAL))
  fi
done
wait "$WRK_PID" || true
WRK_PID=""
stamp "end"
sleep 5
stamp "idle+5s"
kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died during the soak" >&2; exit 1; }
cat "$TMP/wrk.txt"
echo "# uptime after: $(uptime)"
