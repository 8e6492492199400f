"""The first run (issue 23): no key yet, no keyring, a failed first try, and the demo, as a new user meets them."""

from __future__ import annotations

from pathlib import Path

import keyring.backends.fail
from PySide6.QtWidgets import QApplication, QLabel

from hunyuan_desktop.app import Runtime, switch_to_demo
from hunyuan_desktop.domain import MessageStatus
from hunyuan_desktop.secrets import KeySource, KeyStore
from hunyuan_desktop.standin import DEMO_KEY, DemoServer, Fault, FaultKind
from hunyuan_desktop.ui.settings import SettingsDialog
from tests.ui.helpers import start_app, until
from tests.ui.test_window import ask, finished
from tests.unit.test_secrets import MemoryKeyring


def shown_settings() -> SettingsDialog | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, SettingsDialog) and w.isVisible()), None)


async def send_and_meet_the_key_entry(rt: Runtime, question: str) -> SettingsDialog:
    w = rt.window
    await until(lambda: "wcode" in w.session_view.keyless, what="the window to ask the keyring")
    w.composer.setPlainText(question)
    w.send()
    await until(lambda: shown_settings() is not None, what="the key entry")
    dialog = shown_settings()
    assert dialog is not None
    return dialog


async def test_send_without_a_key_opens_the_key_entry_and_loses_nothing(server: DemoServer, tmp_path: Path) -> None:
    keys = KeyStore(MemoryKeyring())
    rt = await start_app(server, tmp_path, keys=keys)  # the store is empty: no key for any provider
    try:
        w = rt.window
        dialog = await send_and_meet_the_key_entry(rt, "第一个问题")
        # No failed turn, no conversation kept for it, no banner: the question waits in the box.
        assert rt.archive.conversations() == [] and not w.error_banner.isVisible()
        assert w.composer.toPlainText() == "第一个问题" and server.requests == []
        assert dialog.provider.id == "wcode" and dialog.tabs.currentIndex() == 0
        await until(lambda: "No key yet for" in dialog.key_status.text(), what="the reason the key is asked for")
        assert "demo" in dialog.key_status.text()
        # A key typed is tested as typed (no Save first); a key that works is kept.
        dialog.key_edit.setText(DEMO_KEY)
        await dialog.test_async()
        assert "The key works" in dialog.key_status.text() and "Saved" in dialog.key_status.text()
        assert keys.get("wcode") == (DEMO_KEY, KeySource.KEYRING)
        dialog.reject()
        await until(lambda: not w.session_view.keyless >= {"wcode"}, what="the window to see the key")
        w.send()
        await finished(rt)
        assert w.chat_view.messages()[-1].status is MessageStatus.DONE
    finally:
        await rt.close()


async def test_without_a_keyring_a_typed_key_is_tested_and_used_for_the_session(
    server: DemoServer, tmp_path: Path
) -> None:
    keys = KeyStore(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    rt = await start_app(server, tmp_path, keys=keys)
    try:
        w = rt.window
        dialog = await send_and_meet_the_key_entry(rt, "没有钥匙串")
        assert rt.archive.conversations() == [] and not w.error_banner.isVisible()  # said once, where it is fixed
        await until(lambda: "session" in dialog.key_status.text(), what="the keyring's state")
        assert dialog.key_status.text().startswith("No key yet for")
        dialog.key_edit.setText(DEMO_KEY)
        await dialog.test_async()  # failed before: Test saved the key first, and there is no keyring
        assert "The key works" in dialog.key_status.text() and "this session only" in dialog.key_status.text()
        dialog.reject()
        await until(lambda: not w.session_view.keyless >= {"wcode"}, what="the window to see the key")
        w.send()
        await finished(rt)
        assert w.chat_view.messages()[-1].status is MessageStatus.DONE
    finally:
        await rt.close()


async def test_a_wrong_key_typed_is_refused_by_the_test_and_not_kept(server: DemoServer, tmp_path: Path) -> None:
    keys = KeyStore(MemoryKeyring())
    rt = await start_app(server, tmp_path, keys=keys)
    try:
        dialog = await send_and_meet_the_key_entry(rt, "问")
        dialog.key_edit.setText("sk-wrong-key-123456")
        await dialog.test_async()
        assert "not accepted" in dialog.key_status.text() and "Incorrect API_KEY" in dialog.key_status.text()
        assert keys.get("wcode")[0] is None
        dialog.reject()
    finally:
        await rt.close()


async def test_retry_replaces_a_failed_attempt_that_received_nothing(app: Runtime, server: DemoServer) -> None:
    server.push_fault(Fault(kind=FaultKind.STATUS, status=401, message="Incorrect API_KEY provided."))
    await ask(app, "再试一次")
    await finished(app)
    w = app.window
    failed = w.chat_view.messages()[-1]
    assert failed.status is MessageStatus.ERROR and not failed.content
    w.retry()
    await finished(app)
    messages = w.chat_view.messages()
    assert [m.status for m in messages] == [MessageStatus.DONE, MessageStatus.DONE]
    stored = app.archive.messages(failed.conversation_id)
    assert [m.status for m in stored] == [MessageStatus.DONE] * 2  # not kept as "version 1/2" beside the answer
    shown = w.shown
    assert shown is not None and messages[-1].id not in shown.versions  # no switcher: one answer


async def test_a_stopped_answer_with_text_is_kept_as_a_version_on_retry(app: Runtime, server: DemoServer) -> None:
    server.push_fault(Fault(kind=FaultKind.DROP, after=3, text="部分回答" * 10))
    await ask(app, "中断")
    await finished(app)
    w = app.window
    cut = w.chat_view.messages()[-1]
    assert cut.status is MessageStatus.ERROR and cut.content
    w.retry()
    await finished(app)
    assert app.archive.message(cut.id) is not None  # what was received is never dropped


async def test_the_demo_says_its_settings_are_its_own_keeps_its_balance_and_can_be_left(tmp_path: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    rt = await start_app(None, tmp_path, key=None, extra=["--demo"])
    try:
        demo = rt.connection.demo
        assert demo is not None
        await ask(rt, "演示一下")
        await finished(rt)
        assert demo.balance < 100
        seen = rt.controller.balances.known("wcode")
        assert seen is not None
        rt.window.tasks.spawn(rt.window.open_settings())
        await until(lambda: shown_settings() is not None, what="the demo's settings")
        dialog = shown_settings()
        assert dialog is not None
        note = dialog.findChild(QLabel, "demoSettingsNote")
        assert note is not None and note.isVisible() and "demo's settings" in note.text()
        dialog.reject()
    finally:
        await rt.close()
    rt = await start_app(None, tmp_path, key=None, extra=["--demo"])  # the demo again, another day
    try:
        assert rt.connection.demo is not None and rt.connection.demo.balance == seen[0].amount
        assert rt.window.demo_label.isVisible()
        rt.window.header.leave_demo.trigger()  # DEMO ▾ → Leave the demo
        await until(rt.demo_requested.done, what="leaving the demo to be asked for")
        assert rt.demo_requested.result() is False
        back = await switch_to_demo(app, rt, False)  # what amain does
    except BaseException:
        await rt.close()
        raise
    assert isinstance(back, Runtime)
    try:
        assert back.data_dir == tmp_path and back.connection.demo is None
        assert not back.window.demo_label.isVisible() and back.archive.conversations() == []
    finally:
        await back.close()
