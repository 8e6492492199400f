"""Regressions of issue 9 seen through the real window (app.build against the stand-in server)."""

from __future__ import annotations

import asyncio
import base64
import errno
import json
import os
import stat
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from hunyuan_desktop.api.errors import ServerError
from hunyuan_desktop.app import Runtime
from hunyuan_desktop.chat.conversations import ExportFormat
from hunyuan_desktop.domain import ConnectionCheck, MessageStatus
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.settings import SETTINGS_NAME, Settings, UrlCheck, check_base_url
from hunyuan_desktop.standin import DEMO_KEY, DemoServer, Fault, FaultKind
from hunyuan_desktop.store.archive import ARCHIVE_NAME, Archive
from hunyuan_desktop.ui.settings import SettingsDialog
from hunyuan_desktop.ui.transcript.chrome import ACTION_COPY
from tests.ui.helpers import RecordingDialogs, build_app, press_save, start_app, until
from tests.ui.test_window import ask, finished
from tests.unit.test_secrets import MemoryKeyring

LONG = "".join(f"第{i}段：切换对话时仍在输出的回答，abc。\n\n" for i in range(120))


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# ---- 1. switching back to a conversation while its answer streams ------------------------------------


async def test_switching_back_mid_stream_shows_the_live_text_and_the_end(app: Runtime, server: DemoServer) -> None:
    server.push_fault(Fault(text=LONG, chunk_chars=5, rate=300))
    rt = app
    w = rt.window
    await ask(rt, "写一篇长文")
    streaming = w.current
    assert streaming is not None
    await until(lambda: len(w.chat_view.messages()[-1].content) > 200, what="some text")
    w.new_conversation()  # the user looks elsewhere while it streams
    live = rt.controller.live_message
    away = len(live(streaming.id).content)  # type: ignore[union-attr]
    await until(lambda: len(live(streaming.id).content) > away + 100, what="more text while away")  # type: ignore[union-attr]
    assert rt.controller.is_busy(streaming.id)
    w.select_conversation(streaming.id)  # ...and comes back before it ends
    shown = w.chat_view.messages()[-1]
    assert shown.status is MessageStatus.STREAMING
    assert LONG.startswith(shown.content) and len(shown.content) > 200  # no gap, nothing stale
    await finished(rt)
    final = w.chat_view.messages()[-1]
    assert final.status is MessageStatus.DONE and final.content == LONG
    assert "第119段" in w.chat_view.plain_text(final.id)  # the final text is drawn
    assert "¥" in w.cost_label.text()


# ---- 2. every turn ends: a key that cannot be sent, absurd usage, odd Unicode ------------------------


async def test_a_key_that_cannot_be_sent_ends_the_turn_as_an_error_with_a_banner(
    server: DemoServer, tmp_path: Path
) -> None:
    rt = await start_app(server, tmp_path, key="sk-demo-local-0000\u00e9")
    try:
        await ask(rt, "你好")
        await finished(rt)
        answer = rt.window.chat_view.messages()[-1]
        assert answer.status is MessageStatus.ERROR and answer.error_kind == "bad_key"
        assert rt.window.error_banner.isVisible()
        assert rt.window.send_button.isVisible()  # not busy
        assert server.requests == []
    finally:
        await rt.close()


async def test_absurd_usage_and_lone_surrogates_still_finish_done(app: Runtime, server: DemoServer) -> None:
    body = (
        'data: {"choices":[{"delta":{"content":"好\\ud800的"}}]}\n\n'
        'data: {"choices":[{"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,'
        '"completion_tokens":18446744073709551617,"total_tokens":-3}}\n\ndata: [DONE]\n\n'
    )
    server.push_fault(
        Fault(kind=FaultKind.RAW, status=200, headers={"Content-Type": "text/event-stream"}, parts=[(0.0, b64(body))])
    )
    rt = app
    await ask(rt, "q")
    await finished(rt)
    answer = rt.window.chat_view.messages()[-1]
    assert answer.status is MessageStatus.DONE and answer.content == "好\ufffd的"
    assert answer.usage is None and answer.cost is None
    stored = rt.archive.message(answer.id)
    assert stored is not None and stored.content == "好\ufffd的"


# ---- 3. a balance out of range, stored or sent --------------------------------------------------------


async def test_a_stored_absurd_balance_does_not_stop_the_app_starting(server: DemoServer, tmp_path: Path) -> None:
    archive = Archive.open(tmp_path / ARCHIVE_NAME)
    archive.record_balance("wcode", Decimal("12.5"), "header")
    for value in ("1E+24", "Infinity", "NaN"):
        archive._db.write(  # what an older version stored from a hostile header
            "INSERT INTO balance_snapshots (provider, amount, source, at) VALUES ('wcode', ?, 'header', ?)",
            (value, 4e9),
        )
    archive.close()
    server.push_fault(
        Fault(
            kind=FaultKind.RAW,
            status=200,
            headers={"Content-Type": "application/json"},
            parts=[(0.0, b64('{"data": {"total_available": 1e24}}'))],
            route="billing",
        )
    )
    rt = await start_app(server, tmp_path)
    try:
        assert "12.5000" in rt.window.balance_label.text()
        await ask(rt, "q")
        await finished(rt)
        assert "1E+24" not in rt.window.balance_label.text()
    finally:
        await rt.close()


# ---- 4. the key echoed in a 200 response ----------------------------------------------------------------


async def test_a_key_echoed_in_a_200_page_reaches_no_banner_row_or_export(server: DemoServer, tmp_path: Path) -> None:
    page = f"<html><head><title>Proxy debug: Authorization Bearer {DEMO_KEY}</title></head></html>"
    server.push_fault(
        Fault(kind=FaultKind.RAW, status=200, headers={"Content-Type": "text/html"}, parts=[(0.0, b64(page))], times=3)
    )
    rt = await start_app(server, tmp_path)
    try:
        await ask(rt, "q")
        await finished(rt)
        answer = rt.window.chat_view.messages()[-1]
        assert answer.status is MessageStatus.ERROR
        await rt.window.export_to(tmp_path / "out.md", ExportFormat.MARKDOWN)
        await rt.window.export_to(tmp_path / "out.json", ExportFormat.JSON)
        seen = [
            rt.window.error_banner.text.text(),
            answer.error,
            rt.window.chat_view.plain_text(answer.id),
            (tmp_path / "out.md").read_text("utf-8"),
            (tmp_path / "out.json").read_text("utf-8"),
        ]
    finally:
        await rt.close()
    for text in seen:
        assert DEMO_KEY not in text and DEMO_KEY[:10] not in text, text
    assert "Proxy debug" in seen[1]  # the server's words are kept, the key masked


# ---- 5. server text is plain text in Settings → Test --------------------------------------------------


async def test_settings_test_shows_server_text_as_plain_text(app: Runtime) -> None:
    rt = app
    hostile = '<a href="file:///etc/passwd">click</a><img src="http://127.0.0.1:9/x">'

    async def failing_test(*_: str | None) -> ConnectionCheck:
        error = ServerError(hostile, status=500)
        error.from_server = True
        raise error

    dialog = SettingsDialog(
        rt.controller.catalog,
        rt.settings,
        rt.data_dir,
        KeyStore(MemoryKeyring()),
        rt.store.save,
        failing_test,
        parent=rt.window,
    )
    await dialog.test_async()
    label = dialog.key_status
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert hostile in label.text()  # shown literally
    assert not label.openExternalLinks()
    dialog.deleteLater()


# ---- 6. loopback means loopback -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "check"),
    [
        ("http://127.anything.example/v1", UrlCheck.INSECURE),
        ("http://127.0.0.1.nip.io/v1", UrlCheck.INSECURE),
        ("http://localhost.evil.com/v1", UrlCheck.INSECURE),
        ("http://127.0.0.1:8765/v1", UrlCheck.OK),
        ("http://127.9.9.9/v1", UrlCheck.OK),
        ("http://[::1]:8765/v1", UrlCheck.OK),
        ("http://localhost:8765/v1", UrlCheck.OK),
        ("http://[::ffff:10.0.0.1]/v1", UrlCheck.INSECURE),
        ("http://127.0.0.1:99999/v1", UrlCheck.INVALID),
    ],
)
def test_only_loopback_literals_and_localhost_count_as_loopback(url: str, check: UrlCheck) -> None:
    assert check_base_url(url) == check


# ---- 7. private files ------------------------------------------------------------------------------------


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.usefixtures("umask_022")
async def test_data_folder_logs_archive_and_exports_are_private(server: DemoServer, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / SETTINGS_NAME).write_text("{}", encoding="utf-8")
    os.chmod(data / SETTINGS_NAME, 0o644)  # as an older version left it
    rt = await start_app(server, data)
    try:
        await ask(rt, "q")
        await finished(rt)
        rt.archive.backup(data / "archive.sqlite3.before-test")
        Settings().save(data)
        await rt.window.export_to(tmp_path / "export.md", ExportFormat.MARKDOWN)
    finally:
        await rt.close()
    loose = [
        (str(p), oct(stat.S_IMODE(p.stat().st_mode)))
        for p in [data, *data.rglob("*")]
        if stat.S_IMODE(p.stat().st_mode) & 0o077
    ]
    assert loose == []
    assert stat.S_IMODE((tmp_path / "export.md").stat().st_mode) == 0o600
    assert {p.name for p in data.rglob("*.log")} and (data / "logs").is_dir()


# ---- 13. a damaged settings.json or an unknown provider ---------------------------------------------------


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b"\xff\xfe\x00garbage"])
async def test_damaged_settings_start_with_defaults_and_say_so(
    server: DemoServer, tmp_path: Path, content: bytes
) -> None:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / SETTINGS_NAME).write_bytes(content)
    dialogs = RecordingDialogs()
    built = await build_app(server, tmp_path, dialogs=dialogs)
    assert isinstance(built, Runtime)
    try:
        assert built.settings == Settings()
        assert [kind for kind, _, _ in dialogs.shown] == ["warn"]
        assert [p.read_bytes() for p in tmp_path.glob(f"{SETTINGS_NAME}.damaged-*")] == [content]
    finally:
        await built.close()


async def test_an_unknown_provider_falls_back_and_says_so(server: DemoServer, tmp_path: Path) -> None:
    (tmp_path / SETTINGS_NAME).write_text(json.dumps({"provider": "no-such-provider"}), encoding="utf-8")
    dialogs = RecordingDialogs()
    built = await build_app(server, tmp_path, dialogs=dialogs)
    assert isinstance(built, Runtime)
    try:
        assert built.settings.provider == "wcode" and built.connection.default_provider == "wcode"
        assert any("no-such-provider" in text for _, _, text in dialogs.shown)
        await ask(built, "q")
        await finished(built)
        assert built.window.chat_view.messages()[-1].status is MessageStatus.DONE
    finally:
        await built.close()


# ---- 15. Settings → Save on a full disk -----------------------------------------------------------------


async def test_settings_save_on_a_full_disk_says_so_and_stays_open(app: Runtime) -> None:
    rt = app

    def full_disk(_: Settings) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    dialog = SettingsDialog(
        rt.controller.catalog,
        rt.settings,
        rt.data_dir,
        KeyStore(MemoryKeyring()),
        full_disk,
        lambda *_: asyncio.sleep(0, ConnectionCheck()),
        parent=rt.window,
    )
    dialog.open()
    await press_save(dialog)
    assert dialog.isVisible() and dialog.result() == 0
    assert os.strerror(errno.ENOSPC) in dialog.save_status.text()
    dialog.reject()
    dialog.deleteLater()


# ---- 16. wording: dropped, local failures, the countdown, the error in its bubble --------------------------


async def test_a_connection_dropped_mid_answer_is_not_called_unreachable(app: Runtime, server: DemoServer) -> None:
    server.push_fault(Fault(kind=FaultKind.DROP, after=3, text="一二三四五六七八九十" * 5))
    rt = app
    await ask(rt, "q")
    await finished(rt)
    answer = rt.window.chat_view.messages()[-1]
    assert answer.error_kind == "dropped" and answer.content
    banner = rt.window.error_banner.text.text()
    assert "lost in the middle of the answer" in banner
    assert "Could not reach" not in banner and "Server said" not in banner


async def test_a_failed_answer_shows_and_copies_the_failure(server: DemoServer, tmp_path: Path) -> None:
    server.push_fault(Fault(kind=FaultKind.STATUS, status=400, message="max_tokens 太大了"))
    rt = await start_app(server, tmp_path)
    try:
        await ask(rt, "q")
        await finished(rt)
        answer = rt.window.chat_view.messages()[-1]
        assert answer.status is MessageStatus.ERROR and answer.content == ""
        shown = rt.window.chat_view.plain_text(answer.id)
        assert "The server refused this request." in shown and "Server said: max_tokens 太大了" in shown
        rt.window.message_actions.on_anchor(answer.id, ACTION_COPY)
        copied = QGuiApplication.clipboard().text()
        assert "max_tokens 太大了" in copied and "refused" in copied
    finally:
        await rt.close()
    # Opened again later: the failure is in its bubble, not in a banner presented as current.
    rt = await start_app(server, tmp_path)
    try:
        assert not rt.window.error_banner.isVisible()
        answer = rt.window.chat_view.messages()[-1]
        assert "max_tokens 太大了" in rt.window.chat_view.plain_text(answer.id)
    finally:
        await rt.close()


async def test_a_retry_after_wait_shows_a_countdown(app: Runtime, server: DemoServer) -> None:
    server.push_fault(Fault(kind=FaultKind.STATUS, status=429, message="Rate limit reached", retry_after=1.5))
    rt = app
    await ask(rt, "q")
    await until(rt.window.wait_label.isVisible, what="the countdown")
    assert "Trying again in 2 second" in rt.window.wait_label.text()
    await finished(rt)
    assert not rt.window.wait_label.isVisible()
    assert rt.window.chat_view.messages()[-1].status is MessageStatus.DONE


async def test_an_unreadable_settings_file_is_left_alone_and_said_so(server: DemoServer, tmp_path: Path) -> None:
    (tmp_path / SETTINGS_NAME).mkdir()  # reading it fails as a permission problem would (root reads anything)
    dialogs = RecordingDialogs()
    built = await build_app(server, tmp_path, dialogs=dialogs)
    assert isinstance(built, Runtime)
    try:
        assert built.settings == Settings()
        ((kind, _, text),) = dialogs.shown
        assert kind == "warn" and "permissions" in text and "damaged" not in text
        assert (tmp_path / SETTINGS_NAME).is_dir()  # not moved or replaced
    finally:
        await built.close()
