#!/usr/bin/env bash
# The quick start in one command: an engine, the dependencies, and the example set "demo" up and healthy.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/engine-setup.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ ! -f dist/cli-bundle/main.js ]; then
  npm ci --no-audit --no-fund
elif [ -n "$(find src -newer dist/cli-bundle/main.js -name '*.ts' -print -quit)" ]; then
  npm run build --silent   # sources changed since the last build (a git pull)
fi
node bin/testbed.js up "${1:-demo}" -f examples/quickstart/compose.yaml
