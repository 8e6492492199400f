"""Start the real app (app.build) against the stand-in server, and wait for things without sleeping blind."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from hunyuan_desktop.api.endpoint import Timeouts
from hunyuan_desktop.app import Dialogs, Runtime, build, parse_args
from hunyuan_desktop.domain import ConnectionCheck
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.standin import DEMO_KEY, DemoServer
from hunyuan_desktop.ui.settings import SettingsDialog
from tests.unit.test_secrets import MemoryKeyring

TEST_TIMEOUTS = Timeouts(connect=2.0, first_byte=3.0, idle=1.0)


class RecordingDialogs(Dialogs):
    """Answers start-up questions without a modal box and remembers what the user was told."""

    def __init__(self, confirm: bool = False) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.answer = confirm

    async def warn(self, title: str, text: str) -> None:
        self.shown.append(("warn", title, text))

    async def fatal(self, title: str, text: str) -> int:
        self.shown.append(("fatal", title, text))
        return 1

    async def confirm(self, title: str, text: str) -> bool:
        self.shown.append(("confirm", title, text))
        return self.answer


async def build_app(
    server: DemoServer | None,
    data_dir: Path,
    *,
    key: str | None = DEMO_KEY,
    keys: KeyStore | None = None,
    extra: list[str] | None = None,
    dialogs: Dialogs | None = None,
    auto_title: bool = False,
) -> Runtime | int:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if keys is None:
        keys = KeyStore(MemoryKeyring())
        if key is not None:
            keys.set("wcode", key)
    argv = ["--data-dir", str(data_dir)]
    if server is not None:
        argv += ["--base-url", server.base_url]
    built = await build(
        app, parse_args(argv + (extra or [])), keys=keys, timeouts=TEST_TIMEOUTS, dialogs=dialogs or RecordingDialogs()
    )
    if not isinstance(built, int) and not auto_title:
        built.controller.title_model = lambda: None  # see start_app
    return built


async def start_app(
    server: DemoServer | None,
    data_dir: Path,
    *,
    key: str | None = DEMO_KEY,
    keys: KeyStore | None = None,
    extra: list[str] | None = None,
    auto_title: bool = False,
) -> Runtime:
    """``auto_title``: off by default, so that a test's queued server faults are not spent on the
    title request that follows a first answer (tests/ui/test_titles.py turns it on)."""
    runtime = await build_app(server, data_dir, key=key, keys=keys, extra=extra, auto_title=auto_title)
    assert not isinstance(runtime, int), "the app refused to start"
    return runtime


def settings_dialog(
    rt: Runtime, keys: KeyStore, confirm: Callable[[str, str], Awaitable[bool]] | None = None
) -> SettingsDialog:
    """The real settings dialog on a running app, with a no-op connection test."""
    return SettingsDialog(
        rt.controller.catalog,
        rt.settings,
        rt.data_dir,
        keys,
        rt.store.save,
        lambda *_: asyncio.sleep(0, ConnectionCheck()),
        confirm=confirm,
        parent=rt.window,
    )


async def press_save(dialog: SettingsDialog) -> bool:
    """Press the Settings dialog's Save button, as the user does, and wait until it is done: True when the
    settings were written (the dialog closed)."""
    if not dialog.isVisible():
        dialog.open()
    results: list[int] = []
    dialog.finished.connect(results.append)  # read when it closes: a dialog deleted on close has no result()
    tasks = dialog.tasks
    QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    await until(lambda: len(tasks) == 0, what="Save to finish")
    return results == [QDialog.DialogCode.Accepted.value]


def answer_next_box(
    button: QMessageBox.StandardButton = QMessageBox.StandardButton.No,
    check: Callable[[QMessageBox], None] | None = None,
) -> list[QMessageBox]:
    """Press ``button`` in the next message box that opens, modal or opened with ``open()`` (after ``check``
    saw it). Returns the list the box is added to once answered."""
    seen: list[QMessageBox] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            seen.append(box)
            if check is not None:
                check(box)
            target = box.button(button)
            if target is not None:
                target.click()
            else:
                box.done(int(button))
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(20, look)
    return seen


async def from_a_slot(call: Callable[[], object]) -> object:
    """Run ``call`` as a Qt slot does (a menu, a key), not inside this test's task: a modal question it
    asks runs its nested event loop there, as in the app."""
    results: list[object] = []
    QTimer.singleShot(0, lambda: results.append(call()))
    await until(lambda: results, what="the slot to return")
    return results[0]


async def settled() -> None:
    """What Qt has already posted (layout requests, resizes, updates) delivered, from the loop rather than a
    nested one: a layout or a size is read once it is final, not after a guessed pause."""
    for _ in range(3):  # a delivery can post more (a resize asks for a layout)
        await asyncio.sleep(0)
        QCoreApplication.sendPostedEvents()


async def until(condition: Callable[[], object], timeout: float = 10.0, what: str = "condition") -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)
