#!/usr/bin/env bash
# Configures and builds llm-gateway into build/ (or $LLMGW_BUILD_DIR).
# Arguments name targets to build, e.g. `scripts/build.sh llm-gateway` for
# the binary alone. LLMGW_BUILD_TYPE, LLMGW_SANITIZE and LLMGW_CMAKE_ARGS
# (more -D options) shape a new tree; CXX picks its compiler.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${LLMGW_BUILD_DIR:-build}
generator=()
if [ ! -f "$build_dir/CMakeCache.txt" ] && command -v ninja >/dev/null; then
  generator=(-G Ninja)
fi
cmake -S . -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE="${LLMGW_BUILD_TYPE:-RelWithDebInfo}" \
  ${LLMGW_SANITIZE:+-DLLMGW_SANITIZE="$LLMGW_SANITIZE"} ${LLMGW_CMAKE_ARGS:-} >/dev/null
targets=()
for target in "$@"; do targets+=(--target "$target"); done
cmake --build "$build_dir" --parallel "$(nproc)" "${targets[@]}"
