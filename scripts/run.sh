#!/usr/bin/env bash
# Sets everything up and opens the desktop window on the default database
# (seeded with the fictional sample plan of 示例县 when it is empty).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# `tauri build` builds the UI and embeds it in the app (a plain cargo build would load a dev server).
ui/node_modules/.bin/tauri build --debug --no-bundle
cargo build -p taizhang --bin taizhang
./target/debug/taizhang sample --if-empty
exec ./target/debug/taizhang-desktop
