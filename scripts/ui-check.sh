#!/usr/bin/env bash
# The UI's checks: npm install (when needed), type check, unit tests, production build.
#   scripts/ui-check.sh
set -euo pipefail
cd "$(dirname "$0")/../ui"

# `npm install`, not `npm ci`: the registry lacks some non-Linux @tauri-apps/cli-* packages, so
# the lockfile cannot list every platform's optional package.
if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi

echo "== vue-tsc --noEmit"
node_modules/.bin/vue-tsc --noEmit -p tsconfig.json
echo "== vitest run"
node_modules/.bin/vitest run
echo "== vite build"
node_modules/.bin/vite build
