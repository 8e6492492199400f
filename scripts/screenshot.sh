#!/usr/bin/env bash
# Real X11 windows (xcb platform) on a virtual screen, photographed mid-answer: light and dark, Chinese
# and English, 1280×800 and 800×600 (the set the README shows).
set -euo pipefail
cd "$(dirname "$0")/.."
unset QT_QPA_PLATFORM
shoot() {  # out, language, theme, size
    local lang=$1 out=$2 theme=$3 size=$4 locale
    if [ "$lang" = zh ]; then locale=zh_CN.UTF-8; else locale=en_US.UTF-8; fi
    LANG=$locale LC_ALL=$locale LANGUAGE=${locale%%.*} xvfb-run -a -s "-screen 0 1400x900x24" \
        .venv/bin/python scripts/screenshot.py "$out" 400 "$theme" "$size"
}
mkdir -p docs
shoot zh docs/screenshot.png light 1280x800
shoot zh docs/screenshot-zh-dark.png dark 1280x800
shoot en docs/screenshot-en-light.png light 1280x800
shoot en docs/screenshot-en-dark.png dark 1280x800
shoot en docs/screenshot-en-800x600.png light 800x600
shoot zh docs/screenshot-zh-dark-800x600.png dark 800x600
