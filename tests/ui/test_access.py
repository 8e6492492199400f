"""Screen readers (issue 10): the chat view's messages read through QAccessible, and the keyboard
moves from message to message (Ctrl+Up/Down) with the message in view and marked focused."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from hunyuan_desktop.domain import Message, MessageStatus, Role
from hunyuan_desktop.ui.transcript import access
from tests.ui.test_chatview import make_view


def conversation(n: int) -> list[Message]:
    stamp = time.mktime((2026, 11, 30, 9, 15, 0, 0, 0, -1))
    return [
        Message(
            i + 1,
            1,
            Role.USER if i % 2 == 0 else Role.ASSISTANT,
            f"第 {i} 条消息",
            status=MessageStatus.DONE,
            created_at=stamp,
        )
        for i in range(n)
    ]


def test_a_screen_reader_reads_each_message_with_its_role_and_time(qtbot: object) -> None:
    view = make_view(conversation(500))
    access.install(view)
    iface = QAccessible.queryAccessibleInterface(view)
    assert iface is not None and iface.role() == QAccessible.Role.List
    assert iface.childCount() == 500
    first, last = iface.child(0), iface.child(499)
    assert first is not None and last is not None
    assert first.role() == QAccessible.Role.ListItem
    assert first.text(QAccessible.Text.Name) == "You, 2026-11-30 09:15: 第 0 条消息"
    assert last.text(QAccessible.Text.Name).startswith("Assistant, 2026-11-30 09:15: 第 499 条消息")
    assert last.text(QAccessible.Text.Value) == "第 499 条消息"
    assert iface.indexOfChild(last) == 499 and last.parent().role() == QAccessible.Role.List
    # The view follows the newest message: the last one is on screen, the first is not.
    assert not last.state().offscreen and first.state().offscreen
    assert view.viewport().rect().intersects(view.row_rect(499))
    centre = last.rect().center()
    assert iface.childAt(centre.x(), centre.y()) is not None
    assert iface.childAt(centre.x(), centre.y()).text(QAccessible.Text.Value) == "第 499 条消息"


def test_ctrl_up_and_down_move_from_message_to_message(qtbot: object) -> None:
    view = make_view(conversation(200))
    access.install(view)
    view.setFocus()
    QApplication.processEvents()
    moved: list[int] = []
    view.focusMoved.connect(moved.append)
    for _ in range(30):
        QTest.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert view.focus_row is not None and view.focus_row < 199
    row = view.focus_row
    assert view.viewport().rect().intersects(view.row_rect(row))  # brought into view
    iface = QAccessible.queryAccessibleInterface(view)
    focused = iface.focusChild()
    assert focused is not None and focused.text(QAccessible.Text.Value) == f"第 {row} 条消息"
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert view.focus_row == row + 1 and moved[-1] == row + 1
    for _ in range(300):
        QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert view.focus_row == 199  # stops at the last message
