#!/bin/sh
# Installs the test-only npm packages of tests/node (package-lock.json) into
# tests/node/node_modules when they are missing or older than the lock file.
# Needs node and npm (tools/install-deps.sh provides them).
set -eu
cd "$(dirname "$0")"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
