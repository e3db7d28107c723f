#!/usr/bin/env bash
# Builds the libFuzzer binary with clang under ASan+UBSan (build-fuzz/, or a
# tree already configured for it in LLMGW_FUZZ_BUILD_DIR) and
# runs every target for SECONDS each (default 60), starting from its seed
# corpus in tests/fuzz/corpus/<target>/ (inputs it finds on the way are kept
# only for the run). A finding stops the run; its input is copied to
# tests/fuzz/regressions/<target>/, where the test suite replays it.
#   scripts/fuzz.sh [seconds] [target...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true

./scripts/install-deps.sh clang libclang-rt-14-dev
build_dir=${LLMGW_FUZZ_BUILD_DIR:-build-fuzz}
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  CXX=clang++ cmake -S . -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLLMGW_BUILD_TESTS=OFF -DLLMGW_BUILD_FUZZERS=ON -DLLMGW_SANITIZE="address;undefined;fuzzer-no-link" >/dev/null
fi
cmake --build "$build_dir" --parallel "$(nproc)" --target llmgw_fuzz

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for folder in tests/fuzz/corpus/*/; do targets+=("$(basename "$folder")"); done
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for target in "${targets[@]}"; do
  corpus=tests/fuzz/corpus/$target
  mkdir -p "$work/new-$target"
  echo "fuzz: $target for ${seconds}s"
  if ! LLMGW_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      "$build_dir"/tests/fuzz/llmgw_fuzz -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$work/" -print_final_stats=1 "$work/new-$target" "$corpus" >"$work/$target.log" 2>&1; then
    mkdir -p "tests/fuzz/regressions/$target"
    cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* "tests/fuzz/regressions/$target/" 2>/dev/null || true
    tail -n 60 "$work/$target.log" >&2
    echo "fuzz: $target found a failure; its input is in tests/fuzz/regressions/$target/" >&2
    exit 1
  fi
  grep -E "stat::number_of_executed_units|cov:" "$work/$target.log" | tail -n 2 | sed "s/^/  /"
done
