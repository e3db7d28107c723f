#!/usr/bin/env bash
# The gateway's whole request path (HTTP parse, JSON, use case, ledger,
# response) under load, against the built-in mock model so that no upstream
# time is counted. Builds an optimised binary in build-bench/ and drives it
# with wrk over loopback: plain completions, then streamed ones.
# Usage: tests/bench/http_overhead.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-10}
connections=${2:-64}
./scripts/install-deps.sh wrk
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DLLMGW_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench --parallel "$(nproc)" --target llm-gateway >/dev/null

port=18099
build-bench/llm-gateway --listen 127.0.0.1:$port --log-level warn &
gateway=$!
trap 'kill $gateway 2>/dev/null' EXIT
sleep 1

script=$(mktemp --suffix=.lua)
for body in \
  '{"model":"mock-echo","messages":[{"role":"user","content":"the quick brown fox jumps over the lazy dog"}]}' \
  '{"model":"mock-echo","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"the quick brown fox jumps over the lazy dog"}]}'; do
  cat >"$script" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$body'
LUA
  echo "== $body"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$script" "http://127.0.0.1:$port/v1/chat/completions" |
    grep -E "Requests/sec|Latency |50%|99%|Non-2xx"
done
rm -f "$script"
