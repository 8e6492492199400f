"""Images sent to vision models: decoded, turned upright, downscaled and re-encoded, off the GUI thread.

Qt's readers decode PNG, JPEG, WebP, GIF (its first frame) and BMP. ``QImageReader.setScaledSize``
decodes a large JPEG straight at the size sent (a 50-megapixel photo never needs its full bitmap);
``setAutoTransform`` applies the EXIF orientation. The image is written anew by Qt's writers, which copy
no metadata: the location a phone stored in EXIF does not leave the machine. JPEG (quality 85) unless the
image has transparency, or PNG is smaller (a screenshot of text): about 200-600 KB at 2,048 pixels.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QColor, QImage, QImageReader

from hunyuan_desktop.chat.attachments import AttachmentRefused, Prepared, Refusal, digest
from hunyuan_desktop.domain import Attachment, AttachmentKind

MAX_SIDE = 2048  # the long side sent (Hunyuan's and OpenAI's high-detail limit)
MAX_IMAGE_BYTES = 40 * 1024 * 1024  # a file read as an image
THUMB = 96  # the thumbnails' long side, in pixels (device)
JPEG_QUALITY = 85


def prepare_image_bytes(data: bytes, name: str) -> tuple[Prepared, QImage]:
    """An image file's bytes as sent, and a thumbnail. Raises AttachmentRefused."""
    if len(data) > MAX_IMAGE_BYTES:
        raise AttachmentRefused(Refusal.TOO_LARGE, name, f"{len(data) / 1024 / 1024:.0f} MB")
    array = QByteArray(data)
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    if not reader.canRead():
        raise AttachmentRefused(Refusal.DAMAGED, name, reader.errorString())
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > MAX_SIDE:
        reader.setScaledSize(size.scaled(QSize(MAX_SIDE, MAX_SIDE), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        raise AttachmentRefused(Refusal.DAMAGED, name, reader.errorString())
    return prepare_image(image, name)


def prepare_image(image: QImage, name: str) -> tuple[Prepared, QImage]:
    """A decoded image (a paste) as sent, and a thumbnail."""
    if image.isNull():
        raise AttachmentRefused(Refusal.DAMAGED, name)
    if max(image.width(), image.height()) > MAX_SIDE:
        image = image.scaled(
            MAX_SIDE, MAX_SIDE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    if image.hasAlphaChannel() and not _opaque(image):
        data, mime = _encode(image, "PNG"), "image/png"
    else:
        opaque = image.convertToFormat(QImage.Format.Format_RGB32)
        data, mime = _encode(opaque, "JPG", JPEG_QUALITY), "image/jpeg"
        png = _encode(opaque, "PNG") if opaque.width() * opaque.height() <= 1600 * 1200 else None
        if png is not None and len(png) < len(data):
            data, mime = png, "image/png"
    attachment = Attachment(AttachmentKind.IMAGE, name, mime, digest(data), len(data), image.width(), image.height())
    thumb = image.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    return Prepared(attachment, data), thumb


def thumbnail(data: bytes | None, side: int, dpr: float, fill: str) -> QImage:
    """Stored image bytes as a thumbnail of ``side`` logical pixels at the screen's ratio (a box in
    ``fill`` when the bytes are missing or unreadable)."""
    image = QImage()
    if data is not None:
        image.loadFromData(data)
    pixels = round(side * dpr)
    if image.isNull():
        image = QImage(pixels, pixels, QImage.Format.Format_RGB32)
        image.fill(QColor(fill))
    else:
        image = image.scaled(
            pixels, pixels, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    image.setDevicePixelRatio(dpr)
    return image


def decode(data: bytes) -> QImage:
    """Stored image bytes as an image (a null image when they cannot be read)."""
    image = QImage()
    image.loadFromData(data)
    return image


def _encode(image: QImage, fmt: str, quality: int = -1) -> bytes:
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # A str format: the stubs say bytes, which PySide 6.10 refuses at run time.
    image.save(buffer, fmt, quality)  # type: ignore[call-overload]
    buffer.close()
    return bytes(array.data())


def _opaque(image: QImage) -> bool:
    """Whether an image with an alpha channel is in fact opaque everywhere (a screenshot saved as ARGB):
    checked on a small copy, which is enough to tell a logo from a photo."""
    small = image.scaled(64, 64).convertToFormat(QImage.Format.Format_ARGB32)
    return all(small.pixelColor(x, y).alpha() == 255 for y in range(small.height()) for x in range(small.width()))
