#!/usr/bin/env bash
# The little desktop the end-to-end tests run on, started inside xvfb-run and dbus-run-session
# by scripts/e2e.sh: a notification daemon (dunst) and a system tray (trayer) on the Xvfb display
# and the session bus, so the app's start-up notification and tray icon have somewhere to go and
# the tests can read them back (dunstctl, X window tree) and photograph them. Then runs "$@".
set -euo pipefail
: "${DISPLAY:?run under xvfb-run}"
: "${DBUS_SESSION_BUS_ADDRESS:?run under dbus-run-session}"
cd "$(dirname "$0")/.."
out=test-output/e2e
mkdir -p "$out"

dunst -config ui/e2e/desktop/dunstrc >"$out/dunst.log" 2>&1 &
dunst_pid=$!
trayer --edge bottom --align right --widthtype request --height 32 --SetDockType true \
  --transparent false --tint 0xdddddd >"$out/trayer.log" 2>&1 &
trayer_pid=$!
trap 'kill "$dunst_pid" "$trayer_pid" 2>/dev/null || true' EXIT

# The daemon must own org.freedesktop.Notifications before the first app starts. (Asking dunstctl
# before that would have D-Bus start a second dunst with the default settings.)
notifications_owned() {
  dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q true
}
for _ in $(seq 100); do
  if notifications_owned; then break; fi
  sleep 0.1
done
notifications_owned || { echo "dunst did not start: see $out/dunst.log" >&2; exit 1; }

export TAIZHANG_E2E_DESKTOP=1
"$@"
