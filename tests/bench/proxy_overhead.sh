#!/usr/bin/env bash
# The gateway as a proxy against a native upstream: nginx (one worker)
# answers a chat completion from memory, and wrk calls it directly, then
# through the gateway (an openai_compatible provider pointing at it), in
# alternating rounds. Reported per round and as the median of the rounds:
# requests/s, p50 and p99 latency, and the CPU each process spent per
# request (utime + stime from /proc, every thread of it, divided by the
# requests wrk completed). The gateway runs with its defaults: SQLite
# ledger, metrics, no keys, the access log off (--log-level warn).
# Usage: tests/bench/proxy_overhead.sh [seconds] [connections] [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-10}
connections=${2:-64}
rounds=${3:-3}
./scripts/install-deps.sh wrk nginx-light
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DLLMGW_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench --parallel "$(nproc)" --target llm-gateway >/dev/null

upstream_port=18101
gateway_port=18102
work=$(mktemp -d)
trap 'kill $(cat "$work/pids" 2>/dev/null) 2>/dev/null; rm -rf "$work"' EXIT

# What OpenAI answers a short question with.
answer='{"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,"model":"gpt-4.1-mini-2025-04-14","choices":[{"index":0,"message":{"role":"assistant","content":"The quick brown fox jumps over the lazy dog.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"fp_6ec83003ad"}'
cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$upstream_port;
    keepalive_requests 1000000;
    location / { default_type application/json; return 200 '$answer'; }
  }
}
NGINX
cat >"$work/gateway.yaml" <<YAML
listen: 127.0.0.1:$gateway_port
providers: [{ name: native, kind: openai_compatible, base_url: "http://127.0.0.1:$upstream_port/v1" }]
models: [{ name: bench, provider: native, upstream_model: gpt-4.1-mini, pricing: { input_per_mtok: 0.40, output_per_mtok: 1.60 } }]
ledger: { kind: sqlite, path: $work/ledger.db }
YAML
cat >"$work/call.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"bench","messages":[{"role":"user","content":"Say the pangram."}]}'
LUA

/usr/sbin/nginx -c "$work/nginx.conf" &
echo $! >"$work/pids"
build-bench/llm-gateway --config "$work/gateway.yaml" --log-level warn &
gateway=$!
echo $gateway >>"$work/pids"
sleep 1
nginx_worker=$(pgrep -P "$(cat "$work/nginx.pid")" | head -1)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
# wrk's latency ("850.00us", "1.23ms", "1.02s") in microseconds.
micros() { awk '{v = $1 + 0; if ($1 ~ /ms$/) v *= 1000; else if ($1 ~ /[0-9]s$/) v *= 1000000; printf "%d\n", v}'; }

# measure <label> <url> <pid>: one wrk run; prints "rps p50 p99 cpu_us".
measure() {
  local before after out requests
  before=$(cpu_ticks "$3")
  out=$(wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"${seconds}s" --latency -s "$work/call.lua" "$2")
  after=$(cpu_ticks "$3")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1 == "50%" {print $2}' <<<"$out" | micros)" \
       "$(awk '$1 == "99%" {print $2}' <<<"$out" | micros) $(( (after - before) * 1000000 / hz / requests ))"
}

median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

: >"$work/direct"
: >"$work/proxied"
for round in $(seq "$rounds"); do
  direct=$(measure direct "http://127.0.0.1:$upstream_port/v1/chat/completions" "$nginx_worker")
  proxied=$(measure proxied "http://127.0.0.1:$gateway_port/v1/chat/completions" "$gateway")
  echo "round $round: direct (req/s, p50 us, p99 us, nginx us CPU/request) $direct |" \
       "via the gateway (req/s, p50 us, p99 us, gateway us CPU/request) $proxied"
  echo "$direct" >>"$work/direct"
  echo "$proxied" >>"$work/proxied"
done
for side in direct proxied; do
  echo "median $side: $(cut -d' ' -f1 "$work/$side" | median) req/s, p50 $(cut -d' ' -f2 "$work/$side" | median) us," \
       "p99 $(cut -d' ' -f3 "$work/$side" | median) us, CPU $(cut -d' ' -f4 "$work/$side" | median) us/request"
done
echo "throughput via the gateway / direct: $(awk 'NR==FNR {d[FNR] = $1; next} {print $1 / d[FNR]}' "$work/direct" "$work/proxied" | median)"
