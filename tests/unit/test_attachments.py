"""Files and images made ready to send: text in the encodings Chinese users have, PDF and DOCX text, images
downscaled with their metadata gone, and every bad input refused with its reason."""

from __future__ import annotations

import base64
import struct
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageSize, QPainter, QPdfWriter

from hunyuan_desktop.api.request import build_chat_request
from hunyuan_desktop.chat.attachments import (
    MAX_FILE_CHARS,
    AttachmentRefused,
    Refusal,
    TooLongError,
    decode_text,
    file_text,
    prepare_file,
    prepared_text,
)
from hunyuan_desktop.domain import AttachmentKind, Message, Model, Role
from hunyuan_desktop.ui.kit.images import MAX_SIDE, prepare_image, prepare_image_bytes

pytestmark = pytest.mark.usefixtures("qapp")


def test_text_in_the_encodings_chinese_users_have() -> None:
    text = "第一行：价格 5 元\nsecond line"
    assert decode_text(text.encode("utf-8"), "a.txt") == text
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8"), "a.txt") == text
    assert decode_text(text.encode("utf-16"), "a.txt") == text  # with its BOM
    assert decode_text(text.encode("gbk"), "a.txt") == text  # a GBK file from an older Windows
    with pytest.raises(AttachmentRefused) as refused:
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.bin")
    assert refused.value.kind is Refusal.BINARY


def make_pdf(path: Path, pages: list[str]) -> None:
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(20, 20, 20, 20))
    painter = QPainter(writer)
    font = QFont()
    font.setPointSize(14)
    painter.setFont(font)
    for n, text in enumerate(pages):
        if n:
            writer.newPage()
        if text:
            painter.drawText(QRectF(0, 0, 4000, 2000), Qt.AlignmentFlag.AlignLeft, text)
        else:
            painter.fillRect(QRectF(0, 0, 3000, 3000), QColor("#888888"))  # a "scan": no text layer
    painter.end()


def test_pdf_text_keeps_chinese_phrases_whole(tmp_path: Path) -> None:
    pdf = tmp_path / "报告.pdf"
    make_pdf(pdf, ["第399段 价格 ¥0.0025", "second page text"])
    text = file_text(pdf)
    assert "第399段" in text and "second page text" in text


def test_a_scanned_pdf_says_it_has_no_text(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    make_pdf(pdf, [""])
    with pytest.raises(AttachmentRefused) as refused:
        file_text(pdf)
    assert refused.value.kind is Refusal.SCANNED


def test_a_damaged_pdf_and_a_missing_file_are_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(AttachmentRefused) as refused:
        file_text(broken)
    assert refused.value.kind is Refusal.DAMAGED
    with pytest.raises(AttachmentRefused) as gone:
        file_text(tmp_path / "deleted.txt")
    assert gone.value.kind is Refusal.GONE


def test_docx_paragraphs(tmp_path: Path) -> None:
    doc = tmp_path / "会议.docx"
    body = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        "<w:p><w:r><w:t>会议纪要</w:t></w:r></w:p><w:p><w:r><w:t>第二段</w:t><w:tab/><w:t>tab</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    with zipfile.ZipFile(doc, "w") as z:
        z.writestr("word/document.xml", body)
    assert file_text(doc) == "会议纪要\n第二段\ttab"


def test_a_long_file_asks_to_be_cut(tmp_path: Path) -> None:
    long = tmp_path / "long.txt"
    long.write_text("字" * (MAX_FILE_CHARS + 10), encoding="utf-8")
    with pytest.raises(TooLongError) as too_long:
        prepare_file(long)
    assert too_long.value.chars == MAX_FILE_CHARS + 10
    prepared = prepare_file(long, cut=True)
    assert prepared.attachment.chars == MAX_FILE_CHARS and prepared.attachment.cut
    assert prepared.attachment.kind is AttachmentKind.FILE


def jpeg_with_location(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366cc"))
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPG", 90)  # type: ignore[call-overload]
    data = bytes(array.data())
    # An EXIF segment right after SOI, as a phone writes one, with a location in it.
    exif = b"Exif\x00\x00" + b"GPSLatitude=39.9042N;GPSLongitude=116.4074E" * 4
    return data[:2] + b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif + data[2:]


def test_images_are_downscaled_and_lose_their_metadata() -> None:
    original = jpeg_with_location(4000, 3000)
    assert b"GPSLatitude" in original
    prepared, thumb = prepare_image_bytes(original, "photo.jpg")
    a = prepared.attachment
    assert (a.width, a.height) == (MAX_SIDE, 1536)
    assert a.mime == "image/jpeg" and b"GPSLatitude" not in prepared.data
    assert len(prepared.data) < len(original) and not thumb.isNull() and max(thumb.width(), thumb.height()) <= 96


def test_a_screenshot_with_transparency_stays_png() -> None:
    image = QImage(300, 200, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    prepared, _ = prepare_image(image, "logo.png")
    assert prepared.attachment.mime == "image/png" and prepared.data.startswith(b"\x89PNG")


def test_a_corrupt_image_is_refused() -> None:
    with pytest.raises(AttachmentRefused) as refused:
        prepare_image_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "broken.png")
    assert refused.value.kind is Refusal.DAMAGED


def test_images_and_files_go_as_content_parts_in_every_later_turn() -> None:
    image, _ = prepare_image_bytes(jpeg_with_location(800, 600), "photo.jpg")
    notes = prepared_text("notes.txt", "第一行\n第二行")
    question = Message(1, 1, Role.USER, "这张图里是什么？", attachments=(image.attachment, notes.attachment))
    answer = Message(2, 1, Role.ASSISTANT, "一片蓝色。", parent_id=1)
    follow = Message(3, 1, Role.USER, "再仔细看看", parent_id=2)
    blobs = {image.attachment.digest: image.data, notes.attachment.digest: notes.data}
    body = build_chat_request(Model("m", "m", None, vision=True), [question, answer, follow], blobs=blobs)
    first = body["messages"][0]["content"]
    assert isinstance(first, list) and first[0]["type"] == "text"
    assert '<file name="notes.txt">\n第一行\n第二行\n</file>' in first[0]["text"]
    assert first[0]["text"].endswith("这张图里是什么？")
    url = first[1]["image_url"]["url"]
    assert (
        url.startswith(f"data:{image.attachment.mime};base64,") and base64.b64decode(url.split(",", 1)[1]) == image.data
    )
    assert set(first[1]) == {"type", "image_url"}  # nothing of ours on the wire
    assert body["messages"][2]["content"] == "再仔细看看"
