#!/usr/bin/env bash
# End-to-end tests of the desktop window: the debug build of taizhang-desktop under Xvfb, driven
# through tauri-driver + WebKitWebDriver. Screenshots go to test-output/e2e/.
#   scripts/e2e.sh            build what is missing or stale, then run ui/e2e/*.test.mjs
#   E2E_FILES=ui/e2e/report.test.mjs scripts/e2e.sh    only these test files (a glob or a list)
# The tests run on a session D-Bus with a notification daemon and a system tray on the Xvfb
# display (scripts/e2e-session.sh), so notifications and the tray icon can be checked.
# Needs the system packages of scripts/setup.sh (webkit2gtk-driver, xvfb, fonts-noto-cjk, dunst,
# trayer, imagemagick, python3-xlib).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
APP="$TARGET/debug/taizhang-desktop"

if [ ! -d ui/node_modules ]; then
  (cd ui && npm install --no-audit --no-fund)
fi

# The debug app with the UI embedded. A plain `cargo build` makes a binary that loads the dev
# server instead, so the stamp records that the binary came from `tauri build`; rebuilt when
# missing, rebuilt by something else since, or older than a source it embeds.
STAMP="$TARGET/debug/.taizhang-desktop.tauri-build"
if [ ! -x "$APP" ] || [ ! -f "$STAMP" ] || [ "$APP" -nt "$STAMP" ] \
  || [ -n "$(find ui/src ui/index.html ui/public ui/package.json src-tauri/src src-tauri/build.rs \
    src-tauri/Cargo.toml src-tauri/tauri.conf.json src-tauri/capabilities src assets Cargo.toml \
    -newer "$STAMP" -print -quit 2>/dev/null)" ]; then
  echo "== tauri build --debug --no-bundle"
  ui/node_modules/.bin/tauri build --debug --no-bundle
  touch "$STAMP"
fi

# The CLI the tests read the database back with; a no-op when up to date.
cargo build --quiet -p taizhang --bin taizhang

if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
  echo "== cargo install tauri-driver"
  cargo install tauri-driver --locked
fi
command -v WebKitWebDriver >/dev/null 2>&1 || {
  echo "WebKitWebDriver not found: apt-get install webkit2gtk-driver" >&2
  exit 1
}

mkdir -p test-output/e2e
echo "== e2e (xvfb-run, dbus-run-session, node --test)"
# The screen is larger than the 1280×800 window so that the tray (bottom right) stays visible.
TAIZHANG_APP="$APP" TAIZHANG_CLI="$TARGET/debug/taizhang" \
  xvfb-run -a -s "-screen 0 1600x1000x24" \
  dbus-run-session -- scripts/e2e-session.sh \
  node --test --test-concurrency=1 ${E2E_FILES:-ui/e2e/*.test.mjs}
