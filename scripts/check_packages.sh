#!/usr/bin/env bash
# CI: the packages `make package` built, each installed and used the way a user would:
#   the wheel into a fresh virtual environment outside the source tree, a demo turn through it (offscreen);
#   the bundle started offscreen for a demo turn; the .deb installed with apt, then `hunyuan-desktop --version`.
# A demo turn is `--smoke-test`: the whole app, one question to the built-in stand-in, a JSON report.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)
version=$(.venv/bin/python -c 'import hunyuan_desktop; print(hunyuan_desktop.__version__)')
export QT_QPA_PLATFORM=offscreen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

check_report() {  # report-line, where the resources must come from
    .venv/bin/python - "$1" "$2" "$version" "$src" <<'PY'
import json, sys
report, where, version, src = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
assert report["ok"] and report["answer_chars"] > 0 and report["cost"], report
assert report["version"] == version, report
assert report["resources"].startswith(where) and not report["resources"].startswith(src + "/resources"), report
assert report["zh_CN"] and report["icon"], report
print("  ok:", report["answer_chars"], "characters, cost", report["cost"], "resources from", report["resources"])
PY
}

echo "check: wheel in a fresh venv outside the source tree"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet dist/hunyuan_desktop-"$version"-py3-none-any.whl
(cd "$work" && "$work/venv/bin/hunyuan-desktop" --version) | grep -qx "hunyuan-desktop $version"
line=$(cd "$work" && "$work/venv/bin/hunyuan-desktop" --smoke-test | tail -1)
check_report "$line" "$work/venv/"

echo "check: the bundle"
line=$(cd "$work" && "$src/dist/hunyuan-desktop/hunyuan-desktop" --smoke-test | tail -1)
check_report "$line" "$src/dist/hunyuan-desktop/"

if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "check: the .deb"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./dist/hunyuan-desktop_${version}_$(dpkg --print-architecture).deb" >/dev/null
    [ "$(hunyuan-desktop --version)" = "hunyuan-desktop $version" ]
    desktop-file-validate /usr/share/applications/hunyuan-desktop.desktop
    test -f /usr/share/icons/hicolor/256x256/apps/hunyuan-desktop.png
    line=$(cd "$work" && hunyuan-desktop --smoke-test | tail -1)
    check_report "$line" "/opt/hunyuan-desktop/"
    DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq hunyuan-desktop >/dev/null
else
    echo "check: .deb not installed (needs apt and root)"
fi
echo "check: packages ok"
