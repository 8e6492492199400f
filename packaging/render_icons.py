"""Render the application icon (resources/icons/hunyuan-desktop.svg) as the PNG sizes desktops use:
``python packaging/render_icons.py OUT_DIR`` writes OUT_DIR/<n>x<n>/apps/hunyuan-desktop.png (hicolor)
and OUT_DIR/hunyuan-desktop.png (512 px, for PyInstaller's Windows .ico / macOS .icns)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
SVG = Path(__file__).resolve().parent.parent / "resources" / "icons" / "hunyuan-desktop.svg"


def render(size: int, target: Path) -> None:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter, QRectF(0, 0, size, size))
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "PNG"):
        raise OSError(f"could not write {target}")


def main() -> None:
    out = Path(sys.argv[1])
    app = QGuiApplication(sys.argv[:1])
    for size in SIZES:
        render(size, out / f"{size}x{size}" / "apps" / "hunyuan-desktop.png")
    render(512, out / "hunyuan-desktop.png")
    del app


if __name__ == "__main__":
    main()
