#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs every test:
#   1. the static checks;
#   2. the suite as built for use (build/);
#   3. the whole suite again under AddressSanitizer and
#      UndefinedBehaviorSanitizer (build-asan/, clang), where any report fails
#      the run; the same tree holds the fuzz binary, and every fuzz target
#      then runs for a short smoke time (LLMGW_FUZZ_SECONDS, default 5);
#   4. the tests that run event loops on several threads (the integration
#      tests, the built gateway and the SDK conformance run) under
#      ThreadSanitizer (build-tsan/, GCC).
# LLMGW_SKIP_SANITIZERS=1 skips 3 and 4 for a quick local run.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
./scripts/check-data-plane.sh
./scripts/build.sh
# The official openai SDK for the conformance tests, exactly as locked.
(cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error)
ctest --test-dir "${LLMGW_BUILD_DIR:-build}" --output-on-failure --parallel "$(nproc)" --timeout 300

[ "${LLMGW_SKIP_SANITIZERS:-0}" = 1 ] && exit 0

./scripts/install-deps.sh clang libclang-rt-14-dev
CXX=clang++ LLMGW_BUILD_DIR=build-asan LLMGW_BUILD_TYPE=Debug LLMGW_SANITIZE="address;undefined;fuzzer-no-link" \
  LLMGW_CMAKE_ARGS="-DLLMGW_BUILD_FUZZERS=ON" ./scripts/build.sh
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)" --timeout 600
LLMGW_FUZZ_BUILD_DIR=build-asan ./scripts/fuzz.sh "${LLMGW_FUZZ_SECONDS:-5}"

# The unit tests run on one thread and are left out of this tree.
LLMGW_BUILD_DIR=build-tsan LLMGW_BUILD_TYPE=Debug LLMGW_SANITIZE=thread \
  ./scripts/build.sh llm-gateway llmgw_integration_tests
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
  ctest --test-dir build-tsan --output-on-failure --parallel "$(nproc)" --timeout 600 --exclude-regex '_NOT_BUILT$'
