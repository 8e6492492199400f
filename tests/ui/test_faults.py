"""Nothing lost, nothing leaked: the window against network, storage and input faults."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sqlite3
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from hunyuan_desktop.app import Runtime
from hunyuan_desktop.boot.instance import InstanceServer
from hunyuan_desktop.chat.conversations import ExportFormat
from hunyuan_desktop.domain import MessageStatus
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.standin import DemoServer, Fault, FaultKind
from hunyuan_desktop.store.archive import ARCHIVE_NAME
from tests.ui.helpers import RecordingDialogs, build_app, press_save, settings_dialog, settled, start_app, until
from tests.unit.test_secrets import MemoryKeyring


async def ask(rt: Runtime, text: str) -> None:
    rt.window.composer.setPlainText(text)
    rt.window.send()
    conv = rt.window.current
    assert conv is not None
    view = rt.window.chat_view
    await until(lambda: not rt.controller.is_busy(conv.id) and view.settled(), what="the turn to finish and show")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_500_is_retried_silently_then_reported(app: Runtime, server: DemoServer) -> None:
    server.push_fault(Fault(kind=FaultKind.STATUS, status=500, message="internal boom"))
    rt = app
    await ask(rt, "q")
    assert rt.window.chat_view.messages()[-1].status is MessageStatus.DONE  # one 500: retried, invisible
    server.push_fault(Fault(kind=FaultKind.STATUS, status=500, message="internal boom", times=3))
    await ask(rt, "q2")
    assert rt.window.error_banner.isVisible() and "internal boom" in rt.window.error_banner.text.text()


async def test_server_down_then_up_retry_works(tmp_path: Path) -> None:
    port = free_port()
    late = DemoServer(chunk_chars=3)
    base = f"http://127.0.0.1:{port}/api/gpt/v1"
    rt = await start_app(None, tmp_path, extra=["--base-url", base])
    try:
        await ask(rt, "服务器还没启动")
        w = rt.window
        assert w.error_banner.isVisible()
        failed = w.chat_view.messages()[-1]
        assert failed.status is MessageStatus.ERROR and failed.error_kind == "network"
        assert w.chat_view.messages()[0].content == "服务器还没启动"
        assert w.send_button.isEnabled()  # still usable
        late.start(port=port)
        QTest.mouseClick(w.findChild(QPushButton, "retryButton"), Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
        await until(lambda: w.chat_view.messages()[-1].status is MessageStatus.DONE, what="the retry")
        assert w.chat_view.messages()[-1].content
    finally:
        await rt.close()
        late.stop()


async def test_dns_failure_is_explained_and_retry_works_after_fixing_the_url(
    server: DemoServer, tmp_path: Path
) -> None:
    rt = await start_app(None, tmp_path, extra=["--base-url", "https://no-such-host.invalid/v1"])
    try:
        await ask(rt, "q")
        failed = rt.window.chat_view.messages()[-1]
        assert failed.error_kind == "network" and rt.window.error_banner.isVisible()
        rt.connection.override_url = server.base_url  # the user corrected the base URL
        rt.window.retry()
        await until(lambda: rt.window.chat_view.messages()[-1].status is MessageStatus.DONE)
    finally:
        await rt.close()


@pytest.mark.parametrize(("reason", "note"), [(FaultKind.LENGTH, "max_tokens"), (FaultKind.SENSITIVE, "content check")])
async def test_length_and_sensitive_finishes_are_marked(
    app: Runtime, server: DemoServer, reason: FaultKind, note: str
) -> None:
    server.push_fault(Fault(kind=reason, after=3, text="0123456789abcdef"))
    rt = app
    await ask(rt, "q")
    answer = rt.window.chat_view.messages()[-1]
    assert answer.finish_reason.value == reason and answer.content == "012345678"
    assert note in rt.window.chat_view.plain_text(answer.id)


@pytest.mark.parametrize("fault", ["disk_full", "read_only", "locked"])
async def test_storage_faults_keep_the_typed_text_and_say_so(server: DemoServer, tmp_path: Path, fault: str) -> None:
    rt = await start_app(server, tmp_path)
    other: sqlite3.Connection | None = None
    try:
        db = rt.archive._db
        if fault == "disk_full":
            pages = db.execute("PRAGMA page_count").fetchone()[0]
            db.execute(f"PRAGMA max_page_count = {pages}")
        elif fault == "read_only":
            db.execute("PRAGMA query_only = 1")
        else:
            other = sqlite3.connect(tmp_path / ARCHIVE_NAME, isolation_level=None)
            other.execute("BEGIN EXCLUSIVE")
        w = rt.window
        w.composer.setPlainText("不能丢的文字" * 2000)
        w.send()
        assert w.error_banner.isVisible()
        assert "archive" in w.error_banner.text.text() or "存档" in w.error_banner.text.text()
        assert w.composer.toPlainText() == "不能丢的文字" * 2000  # nothing the user typed is lost
        # The fault goes away: sending works and nothing was overwritten.
        if fault == "disk_full":
            db.execute("PRAGMA max_page_count = 1073741823")
        elif fault == "read_only":
            db.execute("PRAGMA query_only = 0")
        elif other is not None:
            other.execute("ROLLBACK")
        w.send()
        conv = w.current
        assert conv is not None
        await until(lambda: not rt.controller.is_busy(conv.id))
        assert w.chat_view.messages()[0].content == "不能丢的文字" * 2000
        assert w.chat_view.messages()[-1].status is MessageStatus.DONE
        assert rt.archive.integrity_ok()
    finally:
        if other is not None:
            other.close()
        await rt.close()


async def test_corrupt_archive_is_set_aside_and_the_user_told_where(tmp_path: Path) -> None:
    garbage = b"SQLite format 3\x00" + b"\x13" * 8000
    (tmp_path / ARCHIVE_NAME).write_bytes(garbage)
    dialogs = RecordingDialogs()
    rt = await build_app(None, tmp_path, dialogs=dialogs)
    assert not isinstance(rt, int)
    try:
        moved = [p for p in tmp_path.iterdir() if p.name.startswith(f"{ARCHIVE_NAME}.corrupt-")]
        assert len(moved) == 1 and moved[0].read_bytes() == garbage  # set aside, not overwritten
        kind, _title, text = dialogs.shown[0]
        assert kind == "warn" and str(moved[0]) in text
        assert rt.window.conversation_list.count() == 0 and rt.archive.integrity_ok()
    finally:
        await rt.close()


async def test_a_second_start_brings_the_running_window_to_the_front(tmp_path: Path) -> None:
    """Started again on the same data folder (another process, as from the launcher), the app hands over
    to the running one through its local socket and exits at once; the running window is activated."""
    first = await start_app(None, tmp_path)
    try:
        servers = first.window.findChildren(InstanceServer)
        assert len(servers) == 1
        asked: list[bool] = []
        servers[0].activateRequested.connect(lambda: asked.append(True))
        first.window.showMinimized()
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        second = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "hunyuan_desktop", "--data-dir", str(tmp_path), env=env
        )
        try:
            code = await asyncio.wait_for(second.wait(), 30)
        finally:
            if second.returncode is None:
                second.kill()
        assert code == 0 and asked == [True]
        assert not first.window.isMinimized()
    finally:
        await first.close()


async def test_a_running_app_that_does_not_answer_is_reported_clearly(tmp_path: Path) -> None:
    """If the owner of the folder does not answer (here: the same process, whose event loop the second
    start blocks), the second start says what is going on instead of opening the archive twice."""
    first = await start_app(None, tmp_path)
    try:
        dialogs = RecordingDialogs()
        second = await build_app(None, tmp_path, dialogs=dialogs)
        assert second == 1
        kind, _title, text = dialogs.shown[0]
        assert kind == "fatal" and str(tmp_path) in text
    finally:
        await first.close()
    third = await start_app(None, tmp_path)  # the lock went with the first instance
    await third.close()


async def test_remote_http_base_url_needs_explicit_confirmation(tmp_path: Path) -> None:
    no = RecordingDialogs(confirm=False)
    assert await build_app(None, tmp_path, extra=["--base-url", "http://example.com/v1"], dialogs=no) == 1
    assert no.shown[0][0] == "confirm" and "http://example.com/v1" in no.shown[0][2]
    yes = RecordingDialogs(confirm=True)
    rt = await build_app(None, tmp_path, extra=["--base-url", "http://example.com/v1"], dialogs=yes)
    assert not isinstance(rt, int)
    await rt.close()
    loopback = RecordingDialogs(confirm=False)
    rt = await build_app(None, tmp_path, extra=["--base-url", "http://127.0.0.1:9/v1"], dialogs=loopback)
    assert not isinstance(rt, int) and loopback.shown == []  # loopback http is fine without asking
    await rt.close()


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 - shared on purpose: the test reads it

    def do_GET(self) -> None:
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


async def test_rendered_markdown_fetches_nothing_and_runs_nothing(server: DemoServer, tmp_path: Path) -> None:
    trap = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=trap.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{trap.server_address[1]}"
    hostile = (
        f'![remote]({url}/md.png)\n\n<img src="{url}/html.png">\n\n<script>alert(1)</script>\n\n'
        f"[js](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [ok]({url}/page)\n\n"
        f"![data](data:image/png;base64,iVBORw0KGgo=)\n"
    )
    server.push_fault(Fault(text=hostile))
    rt = await start_app(server, tmp_path)
    try:
        await ask(rt, "show me images")
        w = rt.window
        w.chat_view.viewport().repaint()  # laid out and painted now: a document loads its images as it lays out
        await settled()
        answer = w.chat_view.messages()[-1]
        # What the answer's markdown became (the header's model mark is the app's own image).
        html = "".join(d.toHtml() for d in w.chat_view.body_documents(answer.id))
        assert _Counter.hits == []  # nothing was fetched
        assert "<img" not in html and "<script" not in html
        assert "javascript:" not in html and "data:text/html" not in html and "data:image" not in html
        assert "<script>alert(1)</script>" in w.chat_view.plain_text(answer.id)  # shown as text, not run
        assert f"{url}/page" in html  # a normal link stays a link, opened only on click
    finally:
        await rt.close()
        trap.shutdown()
        trap.server_close()


async def test_control_characters_rtl_and_a_megabyte_are_stored_and_shown(app: Runtime, server: DemoServer) -> None:
    rt = app
    weird = "控制字符\x01\x07\x1b[31m\ttab\u200bzero-width مرحبا بالعالم שלום עולם\r\nend"
    await ask(rt, weird)
    big = ("一二三四五六七八九十" * 100 + "\n") * 100  # about 1 MB as UTF-8
    server.push_fault(Fault(text=big, chunk_chars=2000))
    await ask(rt, "big")
    w = rt.window
    messages = rt.archive.messages(w.current.id)  # type: ignore[union-attr]
    typed = weird.replace("\r\n", "\n")  # the text box normalises line endings, as every editor does
    assert messages[0].content == typed and messages[-1].content == big
    assert server.requests[0]["body"]["messages"][-1]["content"] == typed
    shown = w.chat_view.plain_text(w.chat_view.messages()[0].id)
    assert "مرحبا بالعالم" in shown and "שלום עולם" in shown and "控制字符" in shown
    assert w.chat_view.plain_text(w.chat_view.messages()[-1].id).count("一二三四五六七八九十") == 10_000


async def test_the_key_never_reaches_a_file(
    server: DemoServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full session: save the key, chat, fail, export, log at DEBUG; then grep everything for the key."""
    home = tmp_path / "home"
    for var, sub in (
        ("HOME", ""),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(home / sub))
    secret = "sk-never-on-disk-" + "7" * 24
    server.api_key = secret
    backend = MemoryKeyring()
    keys = KeyStore(backend)
    data = home / "data"
    rt = await start_app(server, data, keys=keys, extra=["--debug"])
    try:
        dialog = settings_dialog(rt, keys)
        dialog.key_edit.setText(secret)
        assert await dialog.save_key_async()
        await press_save(dialog)
        await ask(rt, "hello")
        server.push_fault(Fault(kind=FaultKind.STATUS, status=401, message=f"Incorrect API_KEY provided: {secret}"))
        await ask(rt, "fail please")
        server.push_fault(Fault(kind=FaultKind.DROP, after=2))
        await ask(rt, "drop please")
        logging.getLogger("test").debug("Authorization: Bearer %s", secret)
        await rt.window.export_to(home / "export.md", ExportFormat.MARKDOWN)
        await rt.window.export_to(home / "export.json", ExportFormat.JSON)
        banner = rt.window.error_banner.text.text()
        assert secret not in banner
    finally:
        await rt.close()
    assert backend.items  # it is in the keyring...
    leaks = [p for p in tmp_path.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]
    assert leaks == []  # ...and nowhere else
    log_text = "".join(p.read_text("utf-8") for p in (data / "logs").glob("*.log*"))
    assert "HTTP Request" in log_text or "POST" in log_text  # the log was really written at DEBUG
    assert "Bearer «redacted»" in log_text
