#!/usr/bin/env bash
# Builds what the window tests and the window benchmark drive, when missing or stale: the debug
# desktop app with the UI embedded, the `taizhang` CLI, and tauri-driver; checks WebKitWebDriver.
# Used by scripts/e2e.sh and scripts/bench-window.sh.
#   scripts/desktop-build.sh             the debug app and CLI (target/debug/)
#   scripts/desktop-build.sh --release   the release app and CLI (target/release/; lto = "thin",
#                                        long on a small machine), what the clerk runs
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
PROFILE=debug
case "${1:-}" in
  "") ;;
  --release) PROFILE=release ;;
  *) echo "unknown option $1 (--release)" >&2; exit 2 ;;
esac
APP="$TARGET/$PROFILE/taizhang-desktop"

if [ ! -d ui/node_modules ]; then
  (cd ui && npm install --no-audit --no-fund)
fi

# The app with the UI embedded. A plain `cargo build` makes a binary that loads the dev
# server instead, so the stamp records that the binary came from `tauri build`; rebuilt when
# missing, rebuilt by something else since, or older than a source it embeds.
STAMP="$TARGET/$PROFILE/.taizhang-desktop.tauri-build"
if [ ! -x "$APP" ] || [ ! -f "$STAMP" ] || [ "$APP" -nt "$STAMP" ] \
  || [ -n "$(find ui/src ui/index.html ui/public ui/package.json src-tauri/src src-tauri/build.rs \
    src-tauri/Cargo.toml src-tauri/tauri.conf.json src-tauri/capabilities src assets Cargo.toml \
    -newer "$STAMP" -print -quit 2>/dev/null)" ]; then
  if [ "$PROFILE" = release ]; then
    echo "== tauri build --no-bundle (release)"
    ui/node_modules/.bin/tauri build --no-bundle
  else
    echo "== tauri build --debug --no-bundle"
    ui/node_modules/.bin/tauri build --debug --no-bundle
  fi
  touch "$STAMP"
fi

# The CLI the tests read the database back with (and the bench times the exports with); a no-op
# when up to date.
if [ "$PROFILE" = release ]; then
  cargo build --quiet --release -p taizhang --bin taizhang
else
  cargo build --quiet -p taizhang --bin taizhang
fi

if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
  echo "== cargo install tauri-driver"
  cargo install tauri-driver --locked
fi
command -v WebKitWebDriver >/dev/null 2>&1 || {
  echo "WebKitWebDriver not found: apt-get install webkit2gtk-driver" >&2
  exit 1
}

