"""Sync from the window (issue 25): Settings → Sync against a real WebDAV server on loopback (wsgidav), another
machine's data folder syncing through the same remote, File → Sync now, and a sync after an answer."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolTip

from hunyuan_desktop.app import Runtime
from hunyuan_desktop.domain import ConnectionCheck, Role
from hunyuan_desktop.settings import Settings
from hunyuan_desktop.store.archive import ARCHIVE_NAME, Archive
from hunyuan_desktop.sync.credentials import Credentials
from hunyuan_desktop.sync.engine import sync_with
from hunyuan_desktop.sync.remote import parse_remote
from hunyuan_desktop.ui.settings import SettingsDialog
from tests.sync_servers import WebDav, webdav_server
from tests.ui.helpers import press_save, until
from tests.ui.test_window import ask, finished

PASSPHRASE = "同一个口令 on every machine"


@pytest.fixture
def dav(tmp_path: Path) -> Iterator[WebDav]:
    with webdav_server(tmp_path / "server") as server:
        yield server


def office_machine(folder: Path, title: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    archive = Archive.open(folder / ARCHIVE_NAME)
    conv = archive.create_conversation(title, "wcode:hunyuan-turbos-latest")
    archive.append_message(conv.id, Role.USER, f"{title}: 问题")
    archive.append_message(conv.id, Role.ASSISTANT, f"{title}: 回答")
    archive.close()
    return folder


async def office_sync(folder: Path, dav: WebDav, remote: str) -> None:
    archive = Archive.open(folder / ARCHIVE_NAME)
    try:
        await sync_with(archive, parse_remote(remote), Credentials(dav.user, dav.password, PASSPHRASE))
    finally:
        archive.close()


def sync_dialog(rt: Runtime) -> SettingsDialog:
    assert rt.syncer is not None
    dialog = SettingsDialog(
        rt.controller.catalog, rt.settings, rt.data_dir, rt.syncer.keys, rt.store.save,
        lambda *_: asyncio.sleep(0, ConnectionCheck()), parent=rt.window, syncer=rt.syncer,
    )  # fmt: skip
    dialog.tabs.setCurrentWidget(dialog.sync)
    dialog.open()
    return dialog


async def press_sync_now(dialog: SettingsDialog, *, test: bool = False) -> str:
    page = dialog.sync
    QTest.mouseClick(page.test_button if test else page.sync_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == ("Testing…" if test else "Syncing…") and not page.sync_button.isEnabled()
    await until(lambda: len(dialog.tasks) == 0, what="the sync")
    return page.status.text()


async def test_settings_sync_then_file_menu_merge_with_another_machine(
    app: Runtime, dav: WebDav, tmp_path: Path
) -> None:
    remote = f"{dav.url}/window"
    office = office_machine(tmp_path / "office", "办公室的对话")
    await office_sync(office, dav, remote)
    await ask(app, "家里的问题")
    await finished(app)
    w = app.window
    home_id = w.current.id if w.current else None
    dialog = sync_dialog(app)
    page = dialog.sync
    page.remote.setText(remote)
    page.user.setText(dav.user)
    page.secret.setText(dav.password)
    page.passphrase.setText("not the passphrase")
    assert "The passphrase is not the one this remote" in await press_sync_now(dialog, test=True)
    said = await press_sync_now(dialog)
    assert "The passphrase is not the one this remote was set up with. Nothing was changed" in said
    assert w.conversation_list.count() == 1
    page.passphrase.setText(PASSPHRASE)
    said = await press_sync_now(dialog, test=True)
    assert said == "The server accepts these credentials and the passphrase opens the remote."
    assert w.conversation_list.count() == 1  # a test syncs nothing
    page.remote.setText(f"{dav.url}/nothing-yet")  # another remote: its own credentials (none kept yet)
    page.secret.setText(dav.password)
    page.passphrase.setText(PASSPHRASE)
    said = await press_sync_now(dialog, test=True)
    assert said == "The server accepts these credentials; the remote is empty: the first sync sets it up."
    assert not (dav.root / "sync" / "nothing-yet").exists()  # nothing written there
    page.remote.setText(remote)
    page.passphrase.setText(PASSPHRASE)
    said = await press_sync_now(dialog)
    assert said.startswith("Synced at ") and "1 received, 1 sent" in said
    await until(lambda: w.conversation_list.count() == 2, what="the other machine's conversation in the list")
    assert page.passphrase.text() == "" and page.passphrase.placeholderText() == "kept in the system keyring"
    kept = await app.syncer.stored_credentials(remote) if app.syncer else None
    assert kept is not None and kept.complete and kept.passphrase == PASSPHRASE
    page.auto.setChecked(True)
    assert await press_save(dialog)
    saved = Settings.load(app.data_dir)
    assert saved.sync_remote == remote and saved.sync_auto
    assert PASSPHRASE not in (app.data_dir / "settings.json").read_text(encoding="utf-8")

    # The other machine receives it, answers again in it; File → Sync now brings the new version in here.
    await office_sync(office, dav, remote)
    archive = Archive.open(office / ARCHIVE_NAME)
    try:
        mine = next(c for c in archive.conversations() if c.title != "办公室的对话")
        question = archive.messages(mine.id)[0]
        archive.append_message(mine.id, Role.ASSISTANT, "另一台电脑上重新生成的回答", parent_id=question.id)
    finally:
        archive.close()
    await office_sync(office, dav, remote)
    action = w.findChild(QAction, "syncNowAction")
    assert action is not None and action.text() == "Sync now"
    action.trigger()
    await until(lambda: "1 received" in QToolTip.text(), what="File → Sync now to say what it did")
    assert w.current is not None and w.current.id == home_id
    shown = w.shown
    assert shown is not None and any(len(s) == 2 for s in shown.siblings.values())  # the version arrived
    assert any(m.content == "另一台电脑上重新生成的回答" for m in app.archive.messages(home_id or 0))


async def test_an_answer_is_synced_shortly_after_when_automatic_sync_is_on(
    app: Runtime, dav: WebDav, tmp_path: Path
) -> None:
    remote = f"{dav.url}/auto"
    assert app.syncer is not None
    from hunyuan_desktop.sync.credentials import remember

    remember(app.syncer.keys, parse_remote(remote), Credentials(dav.user, dav.password, PASSPHRASE))
    app.store.save(replace(app.settings, sync_remote=remote, sync_auto=True))
    app.syncer.after_turn_ms = 50
    outcomes: list[object] = []
    app.syncer.finished.connect(outcomes.append)
    await ask(app, "自动同步这个回答")
    await finished(app)
    await until(lambda: len(outcomes) == 1, what="the automatic sync after the answer")
    office = tmp_path / "office"
    office.mkdir()
    Archive.open(office / ARCHIVE_NAME).close()
    await office_sync(office, dav, remote)
    archive = Archive.open(office / ARCHIVE_NAME)
    try:
        [conv] = archive.conversations()
        question, *_answer = archive.messages(conv.id)
        assert question.content == "自动同步这个回答"
    finally:
        archive.close()


async def test_a_sync_that_cannot_run_here_says_why_and_frees_the_menu(
    app: Runtime, dav: WebDav, tmp_path: Path
) -> None:
    """The company CA file Settings name was deleted since: the sync says so (no button left waiting)."""
    from hunyuan_desktop.sync.credentials import remember
    from hunyuan_desktop.ui.kit.texts import sync_text

    assert app.syncer is not None
    remote = f"{dav.url}/local"
    remember(app.syncer.keys, parse_remote(remote), Credentials(dav.user, dav.password, PASSPHRASE))
    app.store.save(replace(app.settings, sync_remote=remote, ca_file=str(tmp_path / "gone-ca.pem")))
    action = app.window.findChild(QAction, "syncNowAction")
    assert action is not None
    outcome = await app.syncer.run()
    assert outcome.kind == "local" and action.isEnabled()
    assert sync_text(outcome).startswith("Sync could not run on this computer: FileNotFoundError")
