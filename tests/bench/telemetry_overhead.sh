#!/usr/bin/env bash
# What telemetry costs a request: the gateway's CPU time per plain request
# (the built-in mock model, so no upstream time) with tracing off and the
# access log off, then with every request traced (sampling 100 %, exported
# as OTLP/protobuf to a collector on loopback) and every access line
# written. Metrics are always on. The CPU time is the process's own
# (utime + stime from /proc), exporter thread included, divided by the
# requests wrk completed.
# Usage: tests/bench/telemetry_overhead.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-10}
connections=${2:-16}
./scripts/install-deps.sh wrk
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DLLMGW_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench --parallel "$(nproc)" --target llm-gateway >/dev/null

port=18097
sink_port=18098
node tests/bench/otlp_sink.mjs $sink_port &
sink=$!
script=$(mktemp --suffix=.lua)
log=$(mktemp)
trap 'kill $sink 2>/dev/null; rm -f "$script" "$log"' EXIT
cat >"$script" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"mock-echo","messages":[{"role":"user","content":"the quick brown fox jumps over the lazy dog"}]}'
LUA

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run <label> <log level> [environment...]
run() {
  local label=$1 level=$2
  shift 2
  env "$@" build-bench/llm-gateway --listen 127.0.0.1:$port --log-level "$level" 2>"$log" &
  local gateway=$!
  sleep 1
  local before
  before=$(cpu_ticks $gateway)
  local requests
  requests=$(wrk -t1 -c"$connections" -d"${seconds}s" -s "$script" "http://127.0.0.1:$port/v1/chat/completions" |
    awk '/requests in/ {print $1}')
  local after
  after=$(cpu_ticks $gateway)
  local dropped
  dropped=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^llm_telemetry_dropped_spans_total/ {print $2}')
  kill $gateway
  wait $gateway 2>/dev/null || true
  local hz
  hz=$(getconf CLK_TCK)
  echo "$label: $requests requests, $(( (after - before) * 1000000 / hz / requests )) us CPU per request," \
       "dropped spans ${dropped:-0}, log $(wc -l <"$log") lines"
}

run "telemetry off" warn
[ "${LLMGW_BENCH_SPLIT:-0}" = 1 ] && run "logged only" info
[ "${LLMGW_BENCH_SPLIT:-0}" = 1 ] && run "traced only" warn OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port OTEL_BSP_MAX_QUEUE_SIZE=65536 OTEL_BSP_SCHEDULE_DELAY=200
run "traced + logged" info OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port OTEL_BSP_MAX_QUEUE_SIZE=65536 \
  OTEL_BSP_SCHEDULE_DELAY=200
echo "collector: $(curl -s http://127.0.0.1:$sink_port/)"
