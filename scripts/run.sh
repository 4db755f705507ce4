#!/usr/bin/env bash
# Sets everything up and opens the desktop window on the default database
# (seeded with the fictional sample plan of 示例县 when it is empty).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
(cd ui && npm run build)
cargo build --workspace --bins
./target/debug/taizhang sample --if-empty
exec ./target/debug/taizhang-desktop
