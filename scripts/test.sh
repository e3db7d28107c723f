#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
./scripts/build.sh
# The official openai SDK for the conformance tests, exactly as locked.
(cd tests/conformance && npm ci --no-audit --no-fund --loglevel=error)
ctest --test-dir "${LLMGW_BUILD_DIR:-build}" --output-on-failure --parallel "$(nproc)" --timeout 300
