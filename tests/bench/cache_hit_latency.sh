#!/usr/bin/env bash
# What a caller waits for an answer from the gateway's memory cache, over
# loopback: one connection sends the same deterministic chat request again
# and again (every request after the first is a hit), then the same with the
# cache off, answered by the built-in mock model, for comparison.
# Usage: tests/bench/cache_hit_latency.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-10}
./scripts/install-deps.sh wrk
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DLLMGW_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench --parallel "$(nproc)" --target llm-gateway >/dev/null

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
cat >"$work/script.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"mock-echo","temperature":0,"messages":[{"role":"user","content":"the quick brown fox jumps over the lazy dog"}]}'
LUA
port=18098
for cache in true false; do
  printf 'providers: [{ name: mock, kind: mock }]\nmodels: [{ name: mock-echo, provider: mock }]\ncache: { enabled: %s }\n' \
    "$cache" >"$work/gateway.yaml"
  build-bench/llm-gateway --config "$work/gateway.yaml" --listen 127.0.0.1:$port --log-level warn &
  gateway=$!
  sleep 1
  echo "== cache.enabled: $cache"
  wrk -t1 -c1 -d"${seconds}s" --latency -s "$work/script.lua" "http://127.0.0.1:$port/v1/chat/completions" |
    grep -E "Requests/sec|50%|99%|Non-2xx"
  curl -s -o /dev/null -D - -X POST -H 'content-type: application/json' --data-binary @<(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$work/script.lua") \
    "http://127.0.0.1:$port/v1/chat/completions" | grep -i '^x-llmgw-cache' || true
  kill $gateway
  wait $gateway 2>/dev/null || true
done
