"""One version everywhere and the licences of what ships (issue 13): --version, the About dialog, the
installed distribution's metadata agree; the dialog shows the data folder and links Qt's LGPL text,
which ships with the app."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QLabel

from hunyuan_desktop import __version__
from hunyuan_desktop.app import Runtime


def test_version_flag_and_distribution_agree() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hunyuan_desktop", "--version"], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == f"hunyuan-desktop {__version__}"
    assert importlib.metadata.version("hunyuan-desktop") == __version__


async def test_about_shows_version_data_folder_and_the_licences(app: Runtime, tmp_path: Path) -> None:
    rt = app
    dialog = rt.window.about()
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert __version__ in texts and str(tmp_path) in dialog.data_label.text()
    page = dialog.licences.toHtml()
    assert "LGPL-3.0-only" in page and "PySide6-Essentials" in page and "Lucide" in page
    links = re.findall(r'href="(file:[^"]+)"', page)
    files = [Path(QUrl(link).toLocalFile()) for link in links]
    assert any(f.name == "LGPL-3.0.txt" for f in files)
    for f in files:
        assert f.is_file() and f.stat().st_size > 1000, f
    lgpl = next(f for f in files if f.name == "LGPL-3.0.txt").read_text(encoding="utf-8")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in lgpl and "Version 3" in lgpl
    dialog.close()
