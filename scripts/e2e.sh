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

scripts/desktop-build.sh

mkdir -p test-output/e2e
echo "== e2e (xvfb-run, dbus-run-session, node --test)"
# The screen is larger than the 1280×800 window so that the tray (bottom right) stays visible.
TAIZHANG_APP="$APP" TAIZHANG_CLI="$TARGET/debug/taizhang" \
  xvfb-run -a -s "-screen 0 1600x1000x24" \
  dbus-run-session -- scripts/e2e-session.sh \
  node --test --test-concurrency=1 ${E2E_FILES:-ui/e2e/*.test.mjs}
