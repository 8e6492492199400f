"""Attachments as a user sends them: an image pasted into the message box and files copied in a file
manager reach a vision model as OpenAI content parts beside the typed text, stay in the archive (and in
the next turn, after a restart), come back with an export, and go with a deleted conversation."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter
from PySide6.QtWidgets import QMessageBox

from hunyuan_desktop.app import Runtime
from hunyuan_desktop.chat.conversations import ExportFormat
from hunyuan_desktop.domain import AttachmentKind
from hunyuan_desktop.files import write_export
from hunyuan_desktop.standin import DemoServer
from tests.ui.helpers import answer_next_box, settled, start_app, until
from tests.ui.test_window import finished
from tests.unit.test_attachments import make_pdf


def screenshot() -> QImage:
    image = QImage(1400, 900, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(0, 0, 1400, 900)
    gradient.setColorAt(0, QColor("#1e88e5"))
    gradient.setColorAt(1, QColor("#fdd835"))
    painter.fillRect(image.rect(), gradient)
    painter.end()
    return image


def paste_image(rt: Runtime, image: QImage) -> None:
    data = QMimeData()
    data.setImageData(image)
    rt.window.composer.insertFromMimeData(data)


def paste_files(rt: Runtime, *paths: Path) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    data.setText("\n".join(str(p) for p in paths))  # a file manager puts the paths as text too
    rt.window.composer.insertFromMimeData(data)


def last_chat_body(server: DemoServer) -> dict[str, Any]:
    bodies = [r["body"] for r in server.requests if isinstance(r.get("body"), dict) and "messages" in r["body"]]
    assert bodies, "no chat request reached the server"
    body: dict[str, Any] = bodies[-1]
    return body


def images_in(body: dict[str, Any]) -> list[str]:
    return [
        part["image_url"]["url"]
        for message in body["messages"]
        if isinstance(message["content"], list)
        for part in message["content"]
        if part.get("type") == "image_url"
    ]


async def test_paste_an_image_and_files_then_restart_and_ask_again(server: DemoServer, tmp_path: Path) -> None:
    data, files = tmp_path / "data", tmp_path / "files"
    data.mkdir()
    files.mkdir()
    (data / "settings.json").write_text(json.dumps({"default_model": "hunyuan-turbos-vision"}), encoding="utf-8")
    notes = files / "notes.txt"
    notes.write_text("会议在周五下午三点。", encoding="utf-8")
    report = files / "report.pdf"
    make_pdf(report, ["第399段 季度收入增长"])
    rt = await start_app(server, data)
    try:
        w = rt.window
        paste_image(rt, screenshot())
        paste_files(rt, notes, report)
        tray = w.foot.tray
        await until(lambda: len(tray.items) == 3, what="three attachments in the tray")
        assert w.composer.toPlainText() == ""  # the paths were not pasted as text
        w.composer.setPlainText("总结一下附件")
        w.send()
        await finished(rt)
        body = last_chat_body(server)
        assert body["model"] == "hunyuan-turbos-vision"
        parts = body["messages"][-1]["content"]
        assert parts[0]["type"] == "text" and parts[0]["text"].endswith("总结一下附件")
        assert "会议在周五下午三点。" in parts[0]["text"] and "第399段" in parts[0]["text"]
        assert '<file name="notes.txt">' in parts[0]["text"] and '<file name="report.pdf">' in parts[0]["text"]
        [url] = images_in(body)
        sent = base64.b64decode(url.split(",", 1)[1])
        image = QImage.fromData(sent)
        assert max(image.width(), image.height()) == 1400  # under 2,048: sent at its size, re-encoded
        assert not tray.items and w.composer.toPlainText() == ""  # the box is empty once it was sent
        answer = w.chat_view.messages()[-1].content
        assert "图片" in answer and "notes.txt" in answer  # the stand-in says what it received
        question = w.chat_view.messages()[-2]
        assert [a.kind for a in question.attachments] == [
            AttachmentKind.IMAGE,
            AttachmentKind.FILE,
            AttachmentKind.FILE,
        ]
        conversation_id = question.conversation_id
    finally:
        w.close()
        await rt.close()
    again = await start_app(server, data)
    try:
        w = again.window
        await settled()
        assert w.current is not None and w.current.id == conversation_id
        w.composer.setPlainText("图片里的颜色是什么？")
        w.send()
        await finished(again)
        body = last_chat_body(server)
        assert images_in(body) == [url]  # the first question still carries its image
        assert body["messages"][-1]["content"] == "图片里的颜色是什么？"
    finally:
        w.close()
        await again.close()


async def test_an_image_for_a_text_model_asks_first(app: Runtime, server: DemoServer) -> None:
    w = app.window
    paste_image(app, screenshot())
    await until(lambda: len(w.foot.tray.items) == 1, what="the image in the tray")
    w.composer.setPlainText("看图")
    seen = answer_next_box(QMessageBox.StandardButton.Cancel)
    w.send()
    await until(lambda: bool(seen), what="the question about images")
    await settled()
    assert not [r for r in server.requests if r.get("body")]  # nothing sent
    assert w.composer.toPlainText() == "看图" and len(w.foot.tray.items) == 1  # nothing lost
    chosen = answer_next_box(QMessageBox.StandardButton.Yes)  # "Use hunyuan-turbos-vision"
    w.send()
    await until(lambda: bool(chosen), what="the question again")
    await finished(app)
    body = last_chat_body(server)
    assert body["model"] == "hunyuan-turbos-vision" and len(images_in(body)) == 1


async def test_bad_files_say_why_and_lose_nothing(app: Runtime, tmp_path: Path) -> None:
    w = app.window
    binary = tmp_path / "tool.exe"
    binary.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" * 100)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    scan = tmp_path / "scan.pdf"
    make_pdf(scan, [""])
    w.composer.setPlainText("我写的问题")
    tray = w.foot.tray
    for path in (binary, broken, scan):
        paste_files(app, path)
        name = path.name
        await until(lambda: name in tray.note.text(), what=f"a word about {name}")  # noqa: B023 - awaited here
        assert tray.note.isVisible()
    assert not tray.items and w.composer.toPlainText() == "我写的问题"
    gone = tmp_path / "gone.txt"
    paste_files(app, gone)
    await until(lambda: "gone.txt" in tray.note.text(), what="a word about the missing file")


async def test_attachments_go_with_an_export_and_with_a_deleted_conversation(
    app: Runtime, server: DemoServer, tmp_path: Path
) -> None:
    w = app.window
    notes = tmp_path / "a.txt"
    notes.write_text("附件内容", encoding="utf-8")
    paste_files(app, notes)
    await until(lambda: len(w.foot.tray.items) == 1, what="the file in the tray")
    w.composer.setPlainText("读一下")
    w.send()
    await finished(app)
    conv = w.current
    assert conv is not None
    markdown = app.window.conversations.export(conv.id, ExportFormat.MARKDOWN, None, "chat.files")
    beside = app.window.conversations.attachment_files(conv.id)
    assert markdown is not None and list(beside.values()) == ["附件内容".encode()]
    assert f"📎 [a.txt](<chat.files/{next(iter(beside))}>)" in markdown
    write_export(tmp_path / "chat.md", markdown, beside)
    assert (tmp_path / "chat.files" / next(iter(beside))).read_bytes() == "附件内容".encode()
    exported = app.window.conversations.export(conv.id, ExportFormat.JSON)
    assert exported is not None and "blobs" in json.loads(exported)
    copy = app.window.conversations.import_json(exported)
    [question] = [m for m in app.archive.thread(copy.id).messages if m.attachments]
    assert app.archive.blob(question.attachments[0].digest) == "附件内容".encode()
    app.archive.delete_conversation(conv.id)
    assert app.archive.blob(question.attachments[0].digest) is not None  # the copy still lists it
    app.archive.delete_conversation(copy.id)
    assert app.archive.blob(question.attachments[0].digest) is None  # the last one to list it took it along


async def test_a_model_marked_as_reading_images_is_sent_them_without_asking(app: Runtime, server: DemoServer) -> None:
    from hunyuan_desktop.secrets import KeyStore
    from hunyuan_desktop.settings import Settings
    from hunyuan_desktop.ui.settings.price_table import IMAGES, MODEL_ID
    from tests.ui.helpers import press_save, settings_dialog

    dialog = settings_dialog(app, KeyStore())
    table = dialog.price_table
    rows = {table.item(r, MODEL_ID).text(): r for r in range(table.rowCount())}  # type: ignore[union-attr]
    vision_box = table.item(rows["hunyuan-turbos-vision"], IMAGES)
    assert vision_box is not None and vision_box.checkState() == Qt.CheckState.Checked  # the catalog's
    box = table.item(rows["hunyuan-turbos-latest"], IMAGES)
    assert box is not None and box.checkState() == Qt.CheckState.Unchecked
    box.setCheckState(Qt.CheckState.Checked)
    assert await press_save(dialog)
    assert Settings.load(app.data_dir).option("wcode").vision == ("hunyuan-turbos-latest",)
    assert app.controller.catalog.model("hunyuan-turbos-latest").vision
    w = app.window
    paste_image(app, screenshot())
    await until(lambda: len(w.foot.tray.items) == 1, what="the image in the tray")
    w.composer.setPlainText("看图")
    w.send()  # no question: the model is marked
    await finished(app)
    body = last_chat_body(server)
    assert body["model"] == "hunyuan-turbos-latest" and len(images_in(body)) == 1


async def test_a_very_long_paste_can_become_an_attachment_asked_once(app: Runtime) -> None:
    w = app.window
    tray = w.foot.tray
    long = "日志行 " * 3_000  # 12,000 characters

    def paste(text: str) -> None:
        data = QMimeData()
        data.setText(text)
        w.composer.insertFromMimeData(data)

    seen = answer_next_box(QMessageBox.StandardButton.Yes)
    paste(long)
    await until(lambda: len(tray.items) == 1, what="the paste as an attachment")
    assert len(seen) == 1 and w.composer.toPlainText() == ""
    assert tray.items[0].prepared.data.decode() == long  # the same text, nothing cut
    assert app.store.current.long_paste == "attach"
    paste(long + "二")  # asked once: the second goes the same way without a question
    await until(lambda: len(tray.items) == 2, what="the second paste as an attachment")
    assert len(seen) == 1
    paste("短文本")  # a short paste is text, as always
    assert w.composer.toPlainText() == "短文本"
    app.store.remember(long_paste="text")
    paste(long)
    assert w.composer.toPlainText() == "短文本" + long
