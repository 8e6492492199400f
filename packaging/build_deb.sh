#!/usr/bin/env bash
# Build dist/hunyuan-desktop_<version>_<arch>.deb from the PyInstaller bundle in dist/hunyuan-desktop
# (`make package` builds both). Installs the bundle under /opt/hunyuan-desktop, a launcher in /usr/bin,
# the desktop entry, hicolor icons at every size and the AppStream metainfo. The entry and the metainfo
# are validated first (desktop-file-validate, appstreamcli) when those tools are present.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PROJECT_URL=${PROJECT_URL:-https://github.com/hunyuan-desktop/hunyuan-desktop}
APPSTREAM_ID=io.github.hunyuan_desktop.HunyuanDesktop
version=$("$PY" -c 'import hunyuan_desktop; print(hunyuan_desktop.__version__)')
arch=$(dpkg --print-architecture)
bundle=dist/hunyuan-desktop
[ -x "$bundle/hunyuan-desktop" ] || { echo "build_deb: no bundle in $bundle; run make package"; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
install -d "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
    "$root/usr/share/metainfo" "$root/usr/share/icons/hicolor/scalable/apps" "$root/usr/share/doc/hunyuan-desktop"
cp -a "$bundle" "$root/opt/hunyuan-desktop"
ln -s /opt/hunyuan-desktop/hunyuan-desktop "$root/usr/bin/hunyuan-desktop"
install -m 644 packaging/hunyuan-desktop.desktop "$root/usr/share/applications/hunyuan-desktop.desktop"
sed "s#@PROJECT_URL@#$PROJECT_URL#g; s#@VERSION@#$version#g" "packaging/$APPSTREAM_ID.metainfo.xml" \
    > "$root/usr/share/metainfo/$APPSTREAM_ID.metainfo.xml"
install -m 644 resources/icons/hunyuan-desktop.svg "$root/usr/share/icons/hicolor/scalable/apps/hunyuan-desktop.svg"
QT_QPA_PLATFORM=offscreen "$PY" packaging/render_icons.py "$root/usr/share/icons/hicolor"
rm -f "$root/usr/share/icons/hicolor/hunyuan-desktop.png"  # the 512 px copy is for PyInstaller only
install -m 644 LICENSE "$root/usr/share/doc/hunyuan-desktop/copyright"

if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$root/usr/share/applications/hunyuan-desktop.desktop"
fi
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$root/usr/share/metainfo/$APPSTREAM_ID.metainfo.xml"
fi

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
# What the bundled Qt needs from the system (xcb platform, fonts, D-Bus, EGL/GL), as Qt's own docs list.
cat > "$root/DEBIAN/control" <<CONTROL
Package: hunyuan-desktop
Version: $version
Architecture: $arch
Maintainer: The Hunyuan Desktop authors <hunyuan-desktop@users.noreply.github.com>
Installed-Size: $size
Depends: libc6, libstdc++6, libglib2.0-0, libdbus-1-3, libfontconfig1, libfreetype6, libegl1, libgl1,
 libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1,
 libxcb-randr0, libxcb-render0, libxcb-render-util0, libxcb-shape0, libxcb-shm0, libxcb-sync1,
 libxcb-util1, libxcb-xfixes0, libxcb-xkb1, libxkbcommon0, libxkbcommon-x11-0
Recommends: gnome-keyring | kwalletmanager | keepassxc, fonts-noto-cjk | fonts-wqy-microhei
Section: net
Priority: optional
Homepage: $PROJECT_URL
Description: chat with Tencent Hunyuan models
 A native desktop chat client for Tencent Hunyuan models served through an
 OpenAI-compatible API: streaming answers, the API key only in the system
 keyring, the balance and every answer's cost in view, a local searchable
 archive of conversations.
CONTROL
find "$root" -type d -exec chmod 755 {} +
out="dist/hunyuan-desktop_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$root" "$out" >/dev/null
echo "build_deb: $out ($(du -h "$out" | cut -f1))"
