#!/usr/bin/env bash
# Installs what building, running and testing taizhang needs on Debian/Ubuntu:
# system libraries for Tauri (WebKitGTK), Xvfb and WebKitWebDriver for the end-to-end tests,
# CJK fonts, LibreOffice (Calc for print checks, Writer to write the test plans as .docx/.doc)
# + poppler, a notification daemon and a tray for the desktop e2e tests, the UI's npm packages
# and tauri-driver.
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  libwebkit2gtk-4.1-dev libsoup-3.0-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
  build-essential pkg-config curl file xvfb xauth webkit2gtk-driver fonts-noto-cjk
  libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils python3 python3-pip sqlite3
  # the e2e desktop: session bus, notification daemon, tray, X screenshots and window control,
  # reading the clipboard
  dbus dunst trayer imagemagick python3-xlib xclip
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  echo "==> installing Rust with Debian's rustup"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q rustup
  rustup default stable
fi

python3 -c 'import openpyxl' 2>/dev/null || python3 -m pip install -q openpyxl || \
  python3 -m pip install -q --break-system-packages openpyxl

if [ ! -d ui/node_modules ] || [ ui/package.json -nt ui/node_modules ]; then
  echo "==> npm install (ui)"
  (cd ui && npm install --no-audit --no-fund)
fi

if ! command -v tauri-driver >/dev/null; then
  echo "==> cargo install tauri-driver"
  cargo install tauri-driver --locked
fi
