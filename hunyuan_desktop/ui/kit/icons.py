"""Icons: Lucide SVGs (ISC licence, ``resources/icons/LICENSE``) tinted with the theme's colours.

Lucide draws with ``stroke="currentColor"``, which Qt's SVG renderer paints black: the colour is put into
the SVG text before it is rendered. Each icon is rendered at the sizes the UI uses, at 1× and 2× pixel
density, so it stays sharp at display scales 1 to 2. Icons are cached per colour; a theme change asks
for new ones.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from hunyuan_desktop.catalog import resources_dir

SIZES = (16, 20, 24, 32)


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / f"{name}.svg"


@functools.cache
def _svg(name: str) -> str:
    return icon_path(name).read_text(encoding="utf-8")


@functools.cache
def _tinted_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="hunyuan-desktop-icons-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@functools.cache
def tinted_file(name: str, colour: str) -> str:
    """``name`` drawn in ``colour`` as an SVG file, for a style sheet's ``url()`` (a combo box's arrow,
    a check box's tick): a style sheet cannot tint an image. Written once per colour to a private
    temporary folder removed at exit; the path with forward slashes, as url() wants."""
    target = _tinted_dir() / f"{name}-{colour.lstrip('#')}.svg"
    target.write_text(_svg(name).replace("currentColor", colour), encoding="utf-8")
    return target.as_posix()


@functools.cache
def icon(name: str, colour: str) -> QIcon:
    """``name`` (a file in resources/icons without .svg) drawn in ``colour``."""
    data = QByteArray(_svg(name).replace("currentColor", colour).encode("utf-8"))
    renderer = QSvgRenderer(data)
    result = QIcon()
    for size in SIZES:
        for ratio in (1, 2):
            pixmap = QPixmap(size * ratio, size * ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            renderer.render(painter, QRectF(0, 0, size * ratio, size * ratio))
            painter.end()
            pixmap.setDevicePixelRatio(ratio)
            result.addPixmap(pixmap)
    return result


def app_icon() -> QIcon:
    """The application's own icon (window, taskbar)."""
    result = QIcon()
    path = icon_path("hunyuan-desktop")
    renderer = QSvgRenderer(str(path))
    for size in (16, 24, 32, 48, 64, 128, 256):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result
