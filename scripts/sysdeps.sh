#!/usr/bin/env bash
# Qt's system libraries for offscreen and X11 use, a CJK font, (for tests) D-Bus + gnome-keyring, and
# (for make package) binutils for PyInstaller, the desktop-entry and AppStream validators, python3-venv.
# As root: installs what is missing. Otherwise: prints the exact apt-get line.
set -euo pipefail
PKGS="libglib2.0-0 libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0
xvfb xauth libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0
libxcb-xkb1 libxkbcommon-x11-0 fonts-wqy-microhei dbus gnome-keyring
binutils desktop-file-utils appstream python3-venv"
command -v dpkg-query >/dev/null 2>&1 || { echo "sysdeps: not a Debian-like system; install Qt 6's xcb libraries yourself"; exit 0; }
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "sysdeps: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "sysdeps: Qt needs system packages that are missing. Run:"
  echo "  sudo apt-get install -y$missing"
  exit 1
fi
