"""Keyboard and menus (issue 10, first part): every action in the menu bar with its shortcut, the
message box focused at launch, Esc stops, PgUp/PgDn read back without leaving the message box, zoom."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from hunyuan_desktop.app import Runtime
from hunyuan_desktop.domain import MessageStatus
from hunyuan_desktop.settings import SETTINGS_NAME
from hunyuan_desktop.standin import DemoServer, Fault
from tests.ui.helpers import start_app, until
from tests.ui.test_window import ask, finished

LONG = "".join(f"第{i}段：用来滚动的回答。\n\n" for i in range(300))


async def active(rt: Runtime) -> None:
    rt.window.activateWindow()
    await until(lambda: QGuiApplication.focusWindow() is rt.window.windowHandle(), what="the window to be active")


def press(rt: Runtime, sequence: str) -> None:
    """A shortcut as the user types it, into whatever has the focus."""
    focus = QApplication.focusWidget()
    QTest.keySequence(focus if focus is not None else rt.window, QKeySequence(sequence))


async def test_the_message_box_has_the_focus_at_launch_and_after_sending(app: Runtime) -> None:
    rt = app
    await active(rt)
    assert rt.window.composer.hasFocus()
    await ask(rt, "你好")
    await finished(rt)
    assert rt.window.composer.hasFocus()


async def test_esc_stops_the_answer(app: Runtime, server: DemoServer) -> None:
    server.push_fault(Fault(text=LONG, chunk_chars=3, rate=100))
    rt = app
    await active(rt)
    await ask(rt, "长一点")
    await until(lambda: len(rt.window.chat_view.messages()[-1].content) > 20, what="some text")
    rt.window.composer.setFocus()
    press(rt, "Esc")
    await finished(rt)
    assert rt.window.chat_view.messages()[-1].status is MessageStatus.STOPPED


async def test_shortcuts_new_search_copy_last_and_zoom(app: Runtime, server: DemoServer, tmp_path: Path) -> None:
    server.push_fault(Fault(text="复制我。"))
    rt = app
    w = rt.window
    await active(rt)
    await ask(rt, "q")
    await finished(rt)
    press(rt, "Ctrl+Shift+C")
    assert QGuiApplication.clipboard().text() == "复制我。"
    press(rt, "Ctrl+K")
    assert w.search.hasFocus()
    before = w.conversation_list.count()
    w.composer.setFocus()
    press(rt, "Ctrl+N")
    assert w.conversation_list.count() == before + 1 and w.composer.hasFocus()
    press(rt, "Ctrl+=")
    press(rt, "Ctrl+=")
    assert w.chat_view.zoom == 120
    press(rt, "Ctrl+-")
    assert w.chat_view.zoom == 110
    saved = json.loads((tmp_path / SETTINGS_NAME).read_text(encoding="utf-8"))
    assert saved["chat_zoom"] == 110  # remembered
    press(rt, "Ctrl+0")
    assert w.chat_view.zoom == 100


async def test_zoom_is_restored_at_the_next_start(server: DemoServer, tmp_path: Path) -> None:
    (tmp_path / SETTINGS_NAME).write_text(json.dumps({"chat_zoom": 150}), encoding="utf-8")
    rt = await start_app(server, tmp_path)
    try:
        assert rt.window.chat_view.zoom == 150
        assert rt.window.chat_view.text_font.pointSizeF() > rt.window.chat_view.font().pointSizeF()
    finally:
        await rt.close()


async def test_page_keys_in_the_message_box_scroll_the_conversation(app: Runtime, server: DemoServer) -> None:
    server.push_fault(Fault(text=LONG))
    rt = app
    w = rt.window
    await ask(rt, "长文")
    await finished(rt)
    bar = w.chat_view.verticalScrollBar()
    assert bar.value() == bar.maximum() > 0
    w.composer.setFocus()
    QTest.keyClick(w.composer, Qt.Key.Key_PageUp)
    assert bar.value() == bar.maximum() - bar.pageStep()
    QTest.keyClick(w.composer, Qt.Key.Key_Home)  # the box is empty: Home goes to the top
    assert bar.value() == 0
    QTest.keyClick(w.composer, Qt.Key.Key_PageDown)
    assert bar.value() == bar.pageStep()
    w.composer.setPlainText("abc")
    QTest.keyClick(w.composer, Qt.Key.Key_End)  # typing: End moves the caret, not the view
    assert bar.value() == bar.pageStep() and w.composer.textCursor().position() == 3
    assert w.composer.hasFocus()


async def test_every_menu_action_has_a_shortcut_or_is_reachable_from_a_menu(app: Runtime) -> None:
    rt = app
    w = rt.window
    menus = [m for a in w.menuBar().actions() if isinstance(m := a.menu(), QMenu)]
    assert [m.title() for m in menus] == ["&File", "&Edit", "&View", "&Conversation", "&Help"]
    shortcuts = {a.text(): a.shortcut().toString() for m in menus for a in m.actions() if a.text()}
    assert shortcuts["New conversation"] == "Ctrl+N"
    assert shortcuts["Quit"] == "Ctrl+Q"
    assert shortcuts["Copy last answer"] == "Ctrl+Shift+C"
    assert shortcuts["Search conversations"] == "Ctrl+K"
    assert shortcuts["Stop answer"] == "Esc"
    assert shortcuts["Actual size"] == "Ctrl+0"
    assert "Ctrl+," in [s.toString() for a in menus[0].actions() for s in a.shortcuts()]
