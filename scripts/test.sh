#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs every test: first
# the static checks, then the suite as built for use (build/), then the
# whole suite again under AddressSanitizer and UndefinedBehaviorSanitizer
# (build-asan/), where any report fails the run, and last every fuzz target
# for a short smoke time (LLMGW_FUZZ_SECONDS, default 5; build-fuzz/).
# LLMGW_SKIP_SANITIZERS=1 skips the sanitizer and fuzz passes for a quick
# local run.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
./scripts/check-data-plane.sh
./scripts/build.sh
# The official openai SDK for the conformance tests, exactly as locked.
(cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error)
ctest --test-dir "${LLMGW_BUILD_DIR:-build}" --output-on-failure --parallel "$(nproc)" --timeout 300

if [ "${LLMGW_SKIP_SANITIZERS:-0}" != 1 ]; then
  LLMGW_BUILD_DIR=build-asan LLMGW_BUILD_TYPE=Debug LLMGW_SANITIZE="address;undefined" ./scripts/build.sh
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)" --timeout 600
  ./scripts/fuzz.sh "${LLMGW_FUZZ_SECONDS:-5}"
fi
