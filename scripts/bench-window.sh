#!/usr/bin/env bash
# The window benchmark (issue #27): per page and action of the window, the median and max time to
# ready, and the memory of the app and its WebKit processes, on the ten-times county (200 units,
# 2,000 tasks, ten years of monthly reports, ≈ 2.3 M progress rows) or on one of a tenth; then the
# exports at that scale through the CLI. A bench invoked by hand, not a test.
#   scripts/bench-window.sh                   the ten-times county, built once into target/bench-window/
#   scripts/bench-window.sh --small           a county of a tenth (20 units, 200 tasks, one year)
#   scripts/bench-window.sh --rounds 3 --starts 1   fewer rounds (default 5) and cold starts (default 3)
#   scripts/bench-window.sh --release         the release build of the app and CLI (what the clerk
#                                             runs, and what the issue's targets are for)
# Runs the debug build of the app (scripts/desktop-build.sh), like the e2e tests, or with --release
# the release build; TAIZHANG_APP=FILE runs another build of it instead (e.g. one kept from before
# a change, to compare), with the CLI of the profile asked.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="$TARGET/bench-window"
SMALL=0
ROUNDS=5
STARTS=3
PROFILE=debug
while [ $# -gt 0 ]; do
  case "$1" in
    --small) SMALL=1 ;;
    --rounds) ROUNDS="$2"; shift ;;
    --starts) STARTS="$2"; shift ;;
    --release) PROFILE=release ;;
    *) echo "unknown option $1 (--small, --release, --rounds N, --starts N)" >&2; exit 2 ;;
  esac
  shift
done

RELEASE=()
[ "$PROFILE" = release ] && RELEASE=(--release)
if [ -z "${TAIZHANG_APP:-}" ]; then
  scripts/desktop-build.sh "${RELEASE[@]}"
else
  cargo build --quiet "${RELEASE[@]}" -p taizhang --bin taizhang
fi
CLI="$TARGET/$PROFILE/taizhang"
mkdir -p "$OUT"
# The county is built once through the core API (benches/county) and kept.
if [ "$SMALL" = 1 ]; then
  DB="$OUT/county-small-v2.db" # v2: the plan reports over every year of its reports
  BUILD=(--small)
  TODAY=2016-01-10
  PERIOD=2015-12
else
  DB="$OUT/county-10y-v2.db"
  BUILD=()
  TODAY=2025-01-10
  PERIOD=2024-12
fi
if [ ! -f "$DB" ]; then
  echo "== building the county into $DB (once)"
  rm -f "$DB.tmp" "$DB.tmp-wal" "$DB.tmp-shm"
  cargo run --quiet -p taizhang --example county -- "$DB.tmp" "${BUILD[@]}"
  mv "$DB.tmp" "$DB"
fi

APP="${TAIZHANG_APP:-$TARGET/$PROFILE/taizhang-desktop}"
echo "== window (xvfb-run, WebDriver): $APP on $DB, today $TODAY"
# ports of their own, so that an e2e run (4444/4445) at the same time does not collide
TAURI_DRIVER_PORT="${TAURI_DRIVER_PORT:-4470}" TAURI_DRIVER_NATIVE_PORT="${TAURI_DRIVER_NATIVE_PORT:-4471}" \
TAIZHANG_APP="$APP" TAIZHANG_CLI="$CLI" \
  xvfb-run -a -s "-screen 0 1600x1000x24" \
  dbus-run-session -- scripts/e2e-session.sh \
  node ui/e2e/bench-window.mjs --db "$DB" --today "$TODAY" --rounds "$ROUNDS" --starts "$STARTS"

# The exports at this scale, through the CLI on a copy of the database: median and max of 3.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$DB" "$WORK/bench.db"
ms() { echo $(( $(date +%s%N) / 1000000 )); }
time3() {
  local name=$1; shift
  local runs=()
  for i in 1 2 3; do
    rm -rf "$WORK/out"; mkdir -p "$WORK/out"
    local t0; t0=$(ms)
    TAIZHANG_TODAY=$TODAY "$CLI" --db "$WORK/bench.db" "$@" >/dev/null
    runs+=($(( $(ms) - t0 )))
  done
  local sorted; sorted=$(printf '%s\n' "${runs[@]}" | sort -n | tr '\n' ' ')
  read -r -a s <<<"$sorted"
  echo "| $name | ${s[1]} ms | ${s[2]} ms |"
}
echo
echo "| export (CLI, $PERIOD) | median | max |"
echo "|---|---|---|"
time3 "汇总台账 one month (report summary --out)" report summary --period "$PERIOD" --out "$WORK/out/汇总台账.xlsx"
time3 "进展统计 one month (report stats --out)" report stats --period "$PERIOD" --out "$WORK/out/进展统计.xlsx"
time3 "通报 one month (report circular --out)" report circular --period "$PERIOD" --out "$WORK/out/通报.xlsx"
time3 "工作台账 for every unit (ledger export)" ledger export --period "$PERIOD" --out "$WORK/out/"
