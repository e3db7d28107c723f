#!/usr/bin/env bash
# Installs the Debian 12 packages llm-gateway needs to build and test, and
# only those that are missing: quick when everything is already there.
# Extra package names given as arguments are installed the same way.
set -euo pipefail

packages=(
  cmake g++ ninja-build ccache
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-program-options1.81-dev
  libssl-dev ca-certificates libyaml-cpp-dev libgtest-dev libgmock-dev
  libsqlite3-dev libpq-dev postgresql
  libre2-dev pkg-config  # linear-time matching of the guardrails' operator-defined patterns (found by pkg-config)
  redis-server  # the Redis the response cache tests start for themselves
  prometheus  # promtool, which checks the /metrics exposition in the tests
  python3-prometheus-client  # the Prometheus project's OpenMetrics parser, which checks it too
  "$@"
)

# The SDK conformance tests need Node.js with npm; the machine's own
# installation (any source) is fine, else Debian's.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing packages: ${missing[*]}"
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Run as root (or install sudo) to install: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
