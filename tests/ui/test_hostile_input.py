"""Issue 20 through the real window: text from outside is plain everywhere, no box blocks a coroutine, hostile
times, folders, keyrings, titles, sources and proxies (the app composed by app.build, stand-in on loopback)."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import resource
import stat
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import keyring.errors
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QMessageBox, QWidget

from hunyuan_desktop.app import Dialogs, Runtime
from hunyuan_desktop.chat.conversations import ExportFormat
from hunyuan_desktop.domain import MAX_SOURCES, MessageStatus, Params, Preset, Role, Source
from hunyuan_desktop.secrets import KeyStore, proxy_secret
from hunyuan_desktop.settings import SETTINGS_NAME
from hunyuan_desktop.standin import DEMO_KEY, DemoServer, Fault, FaultKind
from hunyuan_desktop.store.archive import ARCHIVE_NAME, Archive
from tests.ui.helpers import (
    RecordingDialogs,
    answer_next_box,
    build_app,
    from_a_slot,
    press_save,
    settings_dialog,
    start_app,
    until,
)
from tests.ui.test_window import ask, finished
from tests.unit.test_secrets import MemoryKeyring

ROOT = Path(__file__).resolve().parents[2]
DRIVER = ROOT / "tests" / "hostile_driver.py"
# Harmless if rendered (no such file), but unmistakable: an image and a live link to a local file.
PAYLOAD = '<img src="file:///nonexistent/hostile.png"><a href="file:///etc/passwd">Keep it</a>'


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def rendered_as_html(text: str) -> bool:
    """Whether Qt would take ``text`` for HTML and it holds the payload's markup unescaped."""
    return "<img" in text and bool(QtGui.Qt.mightBeRichText(text))


def markup_leaks(root: QWidget) -> list[str]:
    """Every label, tooltip, list row and action under ``root`` that would render the payload as HTML."""
    leaks: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        name = f"{type(widget).__name__}#{widget.objectName()}"
        if rendered_as_html(widget.toolTip()):
            leaks.append(f"{name} tooltip")
        if isinstance(widget, QLabel) and "<img" in widget.text() and widget.textFormat() != Qt.TextFormat.PlainText:
            leaks.append(f"{name} text")
        if isinstance(widget, QListWidget):
            for row in range(widget.count()):
                if rendered_as_html(widget.item(row).toolTip()):
                    leaks.append(f"{name} row {row} tooltip")
        for action in widget.actions():
            if rendered_as_html(action.toolTip()):
                leaks.append(f"{name} action {action.text()!r} tooltip")
    return leaks


def plant_hostile_archive(data_dir: Path) -> int:
    """A conversation, a message's model, a source and a preset, all named with the payload."""
    archive = Archive.open(data_dir / ARCHIVE_NAME)
    conv = archive.create_conversation(PAYLOAD, "hunyuan-turbos-latest")
    _user, answer = archive.begin_turn(conv.id, PAYLOAD, PAYLOAD)
    archive.finish_message(
        replace(
            answer,
            status=MessageStatus.DONE,
            content="见[1]。",
            reasoning="",
            sources=(Source(1, PAYLOAD, "https://example.com/" + PAYLOAD),),
        )
    )
    archive.save_preset(Preset(0, PAYLOAD, PAYLOAD, "", Params()))
    archive.close()
    return conv.id


# ---- 1. text from outside is plain -------------------------------------------------------------------


async def test_hostile_titles_models_sources_presets_and_settings_are_plain_everywhere(
    server: DemoServer, tmp_path: Path
) -> None:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / SETTINGS_NAME).write_text(
        json.dumps(
            {
                "provider": PAYLOAD,
                "default_model": PAYLOAD,
                "provider_options": {"wcode": {"base_url": "https://x/" + PAYLOAD}},
            }
        ),
        encoding="utf-8",
    )
    cid = plant_hostile_archive(tmp_path)
    dialogs = RecordingDialogs()
    rt = await build_app(server, tmp_path, dialogs=dialogs)
    assert not isinstance(rt, int)
    try:
        w = rt.window
        w.show()
        w.select_conversation(cid)
        w.preset_actions.fill_menu()  # the presets menu's actions (their tooltips: the system prompts)
        w.preset_actions.refresh_chips()
        await until(w.chat_view.settled, what="the conversation drawn")
        # The source's link hovered: its tooltip says where it goes.
        view = w.chat_view
        answer = view.messages()[-1]
        assert answer.model == PAYLOAD and answer.sources[0].title == PAYLOAD
        w.repaint()
        assert w.title_label.text() == PAYLOAD  # shown whole, as text
        assert markup_leaks(w) == []
        # Start-up warnings quoted the unknown provider: as text, through the plain box.
        assert any(kind == "warn" and PAYLOAD in text for kind, _, text in dialogs.shown)
        # The delete question and the link question: plain boxes.
        formats: list[Qt.TextFormat] = []
        answer_next_box(check=lambda box: formats.append(box.textFormat()))
        assert not await from_a_slot(lambda: w.delete_conversation(cid))  # answered No
        answer_next_box(check=lambda box: formats.append(box.textFormat()))
        assert not await from_a_slot(lambda: w.open_link("https://evil.example/login", "bank.com/<b></b><!--"))
        assert formats == [Qt.TextFormat.PlainText, Qt.TextFormat.PlainText]
    finally:
        await rt.close()


async def test_the_link_question_shows_where_a_link_really_goes(app: Runtime) -> None:
    rt = app
    texts: list[str] = []
    answer_next_box(check=lambda box: texts.append(box.text()))
    assert not await from_a_slot(lambda: rt.window.open_link("https://evil.example/login", "bank.com/<b></b><!--"))
    assert "evil.example" in texts[0] and "bank.com/<b></b><!--" in texts[0]
    answer_next_box(check=lambda box: texts.append(box.text()))
    assert not await from_a_slot(lambda: rt.window.open_link("https://аpple.com/login", "apple.com"))
    assert "xn--pple-43d.com" in texts[1]  # the look-alike host in its ASCII form


async def test_start_up_boxes_are_plain_text() -> None:
    formats: list[Qt.TextFormat] = []
    answer_next_box(check=lambda box: formats.append(box.textFormat()))
    await Dialogs().warn("Unknown provider", PAYLOAD)
    answer_next_box(check=lambda box: formats.append(box.textFormat()))
    assert not await Dialogs().confirm("Unencrypted connection", PAYLOAD)
    assert formats == [Qt.TextFormat.PlainText, Qt.TextFormat.PlainText]


def run_driver(args: list[str], server: DemoServer) -> list[dict[str, Any]]:
    """tests/hostile_driver.py under a 4 GB address-space limit (Qt reading /dev/zero aborts in seconds)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

    env = {**os.environ, "HUNYUAN_API_KEY": DEMO_KEY, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(DRIVER), *args[:2], server.base_url, *args[2:]],
        env=env, capture_output=True, timeout=90, preexec_fn=limit, check=False,
    )  # fmt: skip
    lines = [json.loads(line) for line in done.stdout.decode().splitlines() if line.startswith("{")]
    assert done.returncode == 0 and lines and lines[-1] == {"ok": True}, (done.returncode, done.stderr.decode()[-3000:])
    return lines


def test_a_first_question_of_html_is_answered_and_the_app_starts_again(server: DemoServer, tmp_path: Path) -> None:
    question = '<img src="/dev/zero">'  # became the title: Qt read /dev/zero until memory ran out, at every start
    run_driver(["ask", str(tmp_path), question], server)
    archive = Archive.open(tmp_path / ARCHIVE_NAME)
    assert archive.conversations()[0].title == question
    archive.close()
    run_driver(["start", str(tmp_path)], server)


def test_hostile_settings_start_with_plain_warnings(server: DemoServer, tmp_path: Path) -> None:
    payload = '<img src="/dev/zero">'
    (tmp_path / SETTINGS_NAME).write_text(
        json.dumps({"provider": payload, "provider_options": {"wcode": {"base_url": "http://" + payload}}}),
        encoding="utf-8",
    )
    boxes = [line for line in run_driver(["start", str(tmp_path)], server) if "box" in line]
    assert len(boxes) == 2 and all(box["plain"] for box in boxes)


# ---- 2. no box blocks a coroutine -------------------------------------------------------------------


async def test_a_failed_import_while_an_answer_streams_lets_the_answer_finish(
    server: DemoServer, tmp_path: Path
) -> None:
    text = "".join(f"第{i}句。" for i in range(300))
    server.push_fault(Fault(text=text, chunk_chars=4, rate=200))  # about 0.4 s of streaming
    rt = await start_app(server, tmp_path)
    broken = tmp_path.parent / f"{tmp_path.name}-broken.json"
    broken.write_text('{"format": "hunyuan-desktop/conversation@2", "conversation": {}, "messages": [{"role": '
                      '"<a href=\\"smb://198.51.100.7/share\\">Click</a>", "id": 1}]}', encoding="utf-8")  # fmt: skip
    try:
        w = rt.window
        await ask(rt, "写点东西")
        conv = w.current
        assert conv is not None
        await until(lambda: len(w.chat_view.messages()[-1].content) > 20, what="the answer to stream")
        assert await w.import_from(broken) is None
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and box.textFormat() == Qt.TextFormat.PlainText
        assert "smb://" in box.text()  # said as text, not a link
        await until(lambda: not rt.controller.is_busy(conv.id), what="the answer to finish with the box open")
        stored = rt.archive.message(w.chat_view.messages()[-1].id)
        assert stored is not None and stored.status is MessageStatus.DONE and stored.content == text
        box.done(0)
    finally:
        broken.unlink(missing_ok=True)
        await rt.close()


# ---- 3. times out of range ----------------------------------------------------------------------------


async def test_conversations_with_times_out_of_range_open_draw_and_export(server: DemoServer, tmp_path: Path) -> None:
    archive = Archive.open(tmp_path / ARCHIVE_NAME)
    for value in (1e300, -1e300, float("inf")):
        conv = archive.create_conversation(f"t {value}", "hunyuan-lite")
        archive.append_many(conv.id, [(Role.USER, "问"), (Role.ASSISTANT, "答")])
        archive._db.write(
            "UPDATE conversations SET created_at = ?, updated_at = ? WHERE id = ?", (value, value, conv.id)
        )
        archive._db.write("UPDATE messages SET created_at = ? WHERE conversation_id = ?", (value, conv.id))
    archive.close()
    rt = await start_app(server, tmp_path)
    try:
        w = rt.window
        w.show()
        listing = w.conversation_list
        assert listing.count() == 3
        assert not listing.viewport().grab().isNull()  # every row painted (a raise in paint() was a crash)
        for row in range(3):
            listing.setCurrentRow(row)
            await until(w.chat_view.settled, what="the conversation drawn")
            assert [m.content for m in w.chat_view.messages()] == ["问", "答"]
            current = w.current
            assert current is not None
            exported = w.conversations.export(current.id, ExportFormat.MARKDOWN)
            assert exported is not None and "答" in exported
    finally:
        await rt.close()


# ---- 4. a keyring that answers late never moves a key between providers -------------------------------


class SlowKeyring(MemoryKeyring):
    reads = 0

    def get_password(self, service: str, username: str) -> str | None:
        import time

        time.sleep(0.4)  # the fault: D-Bus under load, or a keyring waiting to be unlocked
        self.reads += 1
        return super().get_password(service, username)


async def test_a_late_key_reveal_never_lands_on_another_providers_page(server: DemoServer, tmp_path: Path) -> None:
    backend = SlowKeyring()
    keys = KeyStore(backend)
    keys.set("wcode", DEMO_KEY)
    rt = await start_app(server, tmp_path, keys=keys)
    try:
        dialog = settings_dialog(rt, keys)
        dialog.select_provider("wcode")
        await until(lambda: bool(dialog.key_status.text()), what="the key state")
        dialog.show_key.setChecked(True)  # asks the (slow) keyring for wcode's key
        dialog.select_provider("moonshot")
        await until(lambda: len(dialog.tasks) == 0, what="the slow keyring to answer")
        assert backend.reads >= 1  # it did answer, late
        assert dialog.provider.id == "moonshot" and dialog.key_edit.text() == ""
        dialog.done(0)
    finally:
        await rt.close()


async def test_a_late_connection_test_fills_the_page_it_was_asked_for(app: Runtime) -> None:
    rt = app

    async def slow_test(provider: str, url: str, proxy: str, key: str | None) -> Any:
        from hunyuan_desktop.domain import ConnectionCheck

        await asyncio.sleep(0.3)
        return ConnectionCheck(("model-of-" + provider,))

    dialog = settings_dialog(rt, KeyStore(MemoryKeyring()))
    dialog._test = slow_test
    dialog.select_provider("deepseek")
    task = asyncio.ensure_future(dialog.test_async())
    await until(lambda: not dialog.test_button.isEnabled(), what="the test to be under way")
    dialog.select_provider("wcode")
    await task
    assert "model-of-deepseek" not in [m.id for m in dialog.provider.models]  # not on wcode's page
    assert "model-of-deepseek" in dialog.draft.option("deepseek").models
    assert "model-of-deepseek" not in dialog.key_status.text()
    dialog.done(0)


# ---- 5. automatic titles stay with the conversation's provider ----------------------------------------


async def test_a_local_providers_conversation_is_titled_by_that_provider(server: DemoServer, tmp_path: Path) -> None:
    local = DemoServer(api_key=None, chunk_chars=6, flavor="ollama")
    local.start()
    (tmp_path / SETTINGS_NAME).write_text(
        json.dumps({"provider_options": {"ollama": {"base_url": local.base_url, "models": ["qwen3:8b"]}},
                    "providers_enabled": ["wcode", "ollama"], "title_with": "hunyuan-lite"}),
        encoding="utf-8",
    )  # fmt: skip
    try:
        rt = await start_app(server, tmp_path, auto_title=True)
        try:
            w = rt.window
            combo = w.params.model_combo
            combo.setCurrentIndex(combo.findData("ollama:qwen3:8b"))
            await ask(rt, "我的私人问题，只在本机回答")
            await finished(rt)
            await until(lambda: len([r for r in local.requests if r.get("body")]) >= 2, what="the title request")
            assert not [r for r in server.requests if r.get("body")]  # nothing went to wcode
        finally:
            await rt.close()
    finally:
        local.stop()


def test_titles_are_asked_of_the_conversations_own_provider_by_default() -> None:
    from hunyuan_desktop.catalog import Catalog, load_catalog
    from hunyuan_desktop.chat.controller import ChatController

    catalog = Catalog(load_catalog(), {}, ["wcode", "deepseek", "ollama"])
    controller = ChatController.__new__(ChatController)
    controller.catalog = catalog
    assert controller.title_model_for("deepseek:deepseek-v4-pro", "").ref == "deepseek:deepseek-flash"
    assert controller.title_model_for("hunyuan-turbos-latest", "").ref == "hunyuan-lite"
    assert controller.title_model_for("ollama:qwen3:8b", "").ref == "ollama:qwen3:8b"  # no cheap model named
    assert controller.title_model_for("ollama:qwen3:8b", "hunyuan-lite").ref == "ollama:qwen3:8b"  # never remote
    assert controller.title_model_for("deepseek:deepseek-v4-pro", "hunyuan-lite").ref == "hunyuan-lite"  # chosen


# ---- 6. a data folder that is not ours --------------------------------------------------------------


async def test_a_folder_of_the_users_is_refused_and_left_as_it_was(server: DemoServer, tmp_path: Path) -> None:
    folder = tmp_path / "Sync"
    (folder / "bin").mkdir(parents=True)
    script = folder / "bin" / "backup.sh"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    os.chmod(script, 0o755)
    outside = tmp_path / "shared.txt"
    outside.write_text("s", encoding="utf-8")
    os.chmod(outside, 0o644)
    (folder / "link").symlink_to(outside)
    before = {p: stat.S_IMODE(os.lstat(p).st_mode) for p in (folder, folder / "bin", script, outside)}
    dialogs = RecordingDialogs()
    assert await build_app(server, folder, dialogs=dialogs) == 1
    assert dialogs.shown[0][0] == "fatal" and "Sync" in dialogs.shown[0][2] and "bin" in dialogs.shown[0][2]
    assert {p: stat.S_IMODE(os.lstat(p).st_mode) for p in before} == before
    assert not (folder / ARCHIVE_NAME).exists()


async def test_every_file_the_app_writes_is_private(server: DemoServer, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        rt = await start_app(server, tmp_path)
        try:
            await ask(rt, "你好")
            await finished(rt)
            modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.rglob("*") if p.is_file()}
            assert "instance.lock" in modes
            assert {name: mode for name, mode in modes.items() if mode & 0o077} == {}
        finally:
            await rt.close()
    finally:
        os.umask(old)


# ---- 8. sources are capped per answer ---------------------------------------------------------------


async def test_a_flood_of_sources_keeps_fifty_and_says_how_many_were_left_out(app: Runtime, server: DemoServer) -> None:
    events = []
    for chunk in range(40):  # 2,000 distinct sources, 50 a chunk
        results = [
            {"index": n + 1, "title": f"t{chunk}-{n}", "url": f"https://e{chunk}.example/{n}"} for n in range(50)
        ]
        events.append(json.dumps({"choices": [{"delta": {"content": "字"}}], "search_results": results}))
    events.append(json.dumps({"choices": [{"delta": {}, "finish_reason": "stop"}]}))
    body = "".join(f"data: {e}\n\n" for e in events) + "data: [DONE]\n\n"
    server.push_fault(
        Fault(kind=FaultKind.RAW, status=200, headers={"Content-Type": "text/event-stream"}, parts=[(0.0, b64(body))])
    )
    rt = app
    await ask(rt, "搜一下")
    await finished(rt)
    answer = rt.window.chat_view.messages()[-1]
    assert answer.status is MessageStatus.DONE and len(answer.sources) == MAX_SOURCES
    assert answer.sources_dropped == 2000 - MAX_SOURCES
    stored = rt.archive.message(answer.id)
    assert stored is not None and len(stored.sources) == MAX_SOURCES and stored.sources_dropped == 1950
    assert "1950" in rt.window.chat_view.plain_text(answer.id)  # said under the answer


# ---- 9. a proxy's password lives in the keyring ------------------------------------------------------


async def test_a_proxy_password_moves_to_the_keyring_and_never_shows(server: DemoServer, tmp_path: Path) -> None:
    (tmp_path / SETTINGS_NAME).write_text(
        json.dumps({"proxy": "http://probeuser:S3cretProxyPw@127.0.0.1:9", "provider_options": {
            "deepseek": {"proxy": "socks5://other:An0therPw@127.0.0.1:9"}}}),
        encoding="utf-8",
    )  # fmt: skip
    backend = MemoryKeyring()
    keys = KeyStore(backend)
    keys.set("wcode", DEMO_KEY)
    rt = await start_app(server, tmp_path, keys=keys)
    try:
        text = (tmp_path / SETTINGS_NAME).read_text(encoding="utf-8")
        assert "S3cretProxyPw" not in text and "An0therPw" not in text
        assert '"http://probeuser@127.0.0.1:9"' in text
        assert keys.get(proxy_secret("general"))[0] == "S3cretProxyPw"
        assert keys.get(proxy_secret("deepseek"))[0] == "An0therPw"
        network = await rt.connection.network("wcode")
        assert network.proxy == "http://probeuser:S3cretProxyPw@127.0.0.1:9"  # put back for the request
        dialog = settings_dialog(rt, keys)
        dialog.tabs.setCurrentIndex(1)
        assert "S3cretProxyPw" not in dialog.proxy_url.text()
        dialog.proxy_url.setText("http://probeuser:N3wPw@127.0.0.1:9")
        assert await press_save(dialog)
        assert "N3wPw" not in (tmp_path / SETTINGS_NAME).read_text(encoding="utf-8")
        assert keys.get(proxy_secret("general"))[0] == "N3wPw"
    finally:
        await rt.close()


async def test_a_407_page_quoting_the_proxy_credentials_is_masked(app: Runtime, server: DemoServer) -> None:
    credentials = b64("probeuser:S3cretProxyPw")
    page = f"407 need auth; you sent Basic {credentials}"
    server.push_fault(
        Fault(kind=FaultKind.RAW, status=407, headers={"Content-Type": "text/plain"}, parts=[(0.0, b64(page))])
    )
    rt = app
    await ask(rt, "你好")
    await finished(rt)
    answer = rt.window.chat_view.messages()[-1]
    assert answer.status is MessageStatus.ERROR and credentials not in answer.error
    assert credentials not in (rt.archive.message(answer.id) or answer).error
    assert credentials not in rt.window.chat_view.plain_text(answer.id)


def test_hunyuan_proxy_is_used_for_the_run() -> None:
    from hunyuan_desktop.app import env_proxy

    old = os.environ.get("HUNYUAN_PROXY")
    try:
        os.environ["HUNYUAN_PROXY"] = "http://u:pw@127.0.0.1:3128"
        assert env_proxy() == "http://u:pw@127.0.0.1:3128"
        os.environ["HUNYUAN_PROXY"] = "ftp://nope"
        assert env_proxy() is None
    finally:
        if old is None:
            os.environ.pop("HUNYUAN_PROXY", None)
        else:
            os.environ["HUNYUAN_PROXY"] = old


# ---- 10. no keyring, and still local providers ----------------------------------------------------------


class NoKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.NoKeyringError("no backend")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.NoKeyringError("no backend")


async def test_without_a_keyring_a_local_provider_still_answers(server: DemoServer, tmp_path: Path) -> None:
    local = DemoServer(api_key=None, chunk_chars=6, flavor="ollama")
    local.start()
    (tmp_path / SETTINGS_NAME).write_text(
        json.dumps({"provider_options": {"ollama": {"base_url": local.base_url, "models": ["qwen3:8b"]}},
                    "providers_enabled": ["wcode", "ollama"]}),
        encoding="utf-8",
    )  # fmt: skip
    try:
        rt = await start_app(server, tmp_path, keys=KeyStore(NoKeyring()))
        try:
            combo = rt.window.params.model_combo
            combo.setCurrentIndex(combo.findData("ollama:qwen3:8b"))
            await ask(rt, "你好")
            await finished(rt)
            answer = rt.window.chat_view.messages()[-1]
            assert answer.status is MessageStatus.DONE and answer.content
        finally:
            await rt.close()
    finally:
        local.stop()
