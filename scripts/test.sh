#!/usr/bin/env bash
# Runs every gate and test: formatting, clippy, the core's unit and integration tests,
# the UI's type check, unit tests and build, and the end-to-end tests in a real window
# under Xvfb. One cargo target dir serves all of it.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
./scripts/setup.sh

echo "==> UI: type check, unit tests, build"
./scripts/ui-check.sh

echo "==> cargo fmt --check"
cargo fmt --all --check

echo "==> cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

echo "==> cargo test"
cargo test --workspace

echo "==> end-to-end tests (Xvfb + WebDriver)"
./scripts/e2e.sh
