#!/usr/bin/env bash
# Builds the benchmarks in an optimised tree (build-bench/) and runs them.
# Arguments go to Google Benchmark, e.g. --benchmark_filter=Relay.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh libbenchmark-dev
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DLLMGW_BUILD_TESTS=OFF -DLLMGW_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build-bench --parallel "$(nproc)" --target llmgw_bench
exec build-bench/tests/llmgw_bench "$@"
