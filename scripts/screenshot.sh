#!/usr/bin/env bash
# A real X11 window (xcb platform) on a virtual screen, photographed mid-answer.
set -euo pipefail
cd "$(dirname "$0")/.."
unset QT_QPA_PLATFORM
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 LANGUAGE=zh_CN xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot.py "${1:-docs/screenshot.png}" "${2:-400}"
