#!/usr/bin/env bash
# Installs what is missing, builds, and starts the gateway. With no arguments
# it serves the built-in mock model on 127.0.0.1:8080; arguments go to the
# binary (e.g. --config gateway.yaml --listen 0.0.0.0:8080).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
./scripts/build.sh llm-gateway
exec "${LLMGW_BUILD_DIR:-build}/llm-gateway" "$@"
