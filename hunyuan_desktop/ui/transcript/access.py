"""The chat view for screen readers (QAccessible): a list whose items are the messages.

The view paints its messages itself, so Qt cannot see them; this tells assistive technology what is
there: each message is a list item named "<who>, <time>: <text>" (its text also as the value), with a
screen rectangle, and "focused" when the keyboard is on it (Ctrl+Up/Down moves from message to message
and announces the new one).

Lifetime: the view's interface is made by Qt's factory and owned by Qt's cache (deleted with the view).
Message items have no QObject, so nothing would ever delete them: they are kept here for the process,
one per row index ever asked for (not per message: a row reads whichever message is at that index when
asked), so their number is bounded by the longest conversation's length, and no pointer Qt holds can
dangle.
"""

from __future__ import annotations

import functools
import time

import shiboken6
from PySide6.QtCore import QObject, QRect
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAccessibleInterface, QWindow
from PySide6.QtWidgets import QAccessibleWidget

from hunyuan_desktop.domain import Role
from hunyuan_desktop.ui.transcript import ChatView

_ROWS: dict[tuple[int, int], MessageItem] = {}  # (id of the view, row) -> its item, for the process


def _alive(view: ChatView | None) -> bool:
    return view is not None and shiboken6.isValid(view)


class MessageItem(QAccessibleInterface):
    def __init__(self, view: ChatView, row: int) -> None:
        super().__init__()
        self._view: ChatView | None = view
        self.row = row

    def _valid_view(self) -> ChatView | None:
        view = self._view
        if not _alive(view):
            self._view = None
            return None
        assert view is not None
        return view if self.row < len(view.messages()) else None

    def isValid(self) -> bool:
        return self._valid_view() is not None

    def object(self) -> QObject | None:  # type: ignore[override]
        return None

    def window(self) -> QWindow | None:  # type: ignore[override]
        view = self._valid_view()
        return view.window().windowHandle() if view is not None else None

    def parent(self) -> QAccessibleInterface | None:  # type: ignore[override]
        view = self._valid_view()
        return QAccessible.queryAccessibleInterface(view) if view is not None else None

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        return None

    def childCount(self) -> int:
        return 0

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        return -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # type: ignore[override]
        return None

    def focusChild(self) -> QAccessibleInterface | None:  # type: ignore[override]
        return None

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.ListItem

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        view = self._valid_view()
        if view is None:
            state.invalid = True
            return state
        state.readOnly = True
        state.selectable = True
        state.focusable = True
        state.focused = view.focus_row == self.row and view.hasFocus()
        rows = view.visible_rows()
        state.offscreen = self.row not in rows
        return state

    def rect(self) -> QRect:
        view = self._valid_view()
        if view is None:
            return QRect()
        local = view.row_rect(self.row)
        return QRect(view.viewport().mapToGlobal(local.topLeft()), local.size())

    def text(self, kind: QAccessible.Text) -> str:
        view = self._valid_view()
        if view is None:
            return ""
        message = view.messages()[self.row]
        if kind == QAccessible.Text.Value:
            return message.content
        if kind == QAccessible.Text.Name:
            who = view.labels.user if message.role is Role.USER else view.labels.assistant
            stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(message.created_at)) if message.created_at else ""
            return f"{who}, {stamp}: {message.content}" if stamp else f"{who}: {message.content}"
        if kind == QAccessible.Text.Description:
            return view.labels.statuses.get(message.status, "") if message.status else ""
        return ""

    def setText(self, kind: QAccessible.Text, text: str) -> None:
        pass


def message_item(view: ChatView, row: int) -> MessageItem:
    key = (id(view), row)
    item = _ROWS.get(key)
    if item is None or item._view is not view:
        item = _ROWS[key] = MessageItem(view, row)
    return item


class ChatViewAccessible(QAccessibleWidget):
    def __init__(self, view: ChatView) -> None:
        super().__init__(view, QAccessible.Role.List)
        self._view = view

    def childCount(self) -> int:
        return len(self._view.messages()) if _alive(self._view) else 0

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        if not 0 <= index < self.childCount():
            return None
        return message_item(self._view, index)

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        return child.row if isinstance(child, MessageItem) and child._view is self._view else -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # type: ignore[override]
        if not _alive(self._view):
            return None
        for row in self._view.visible_rows():
            item = message_item(self._view, row)
            if item.rect().contains(x, y):
                return item
        return None

    def focusChild(self) -> QAccessibleInterface | None:  # type: ignore[override]
        row = self._view.focus_row if _alive(self._view) else None
        return message_item(self._view, row) if row is not None and row < self.childCount() else None

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name and _alive(self._view):
            return self._view.accessibleName() or super().text(kind)
        return super().text(kind)


def _factory(key: str, obj: QObject) -> QAccessibleInterface | None:
    if isinstance(obj, ChatView):
        return ChatViewAccessible(obj)
    return None


@functools.cache
def _install_factory() -> None:
    QAccessible.installFactory(_factory)  # once per process: Qt keeps every factory installed


def install(view: ChatView) -> None:
    """Expose ``view``'s messages to assistive technology and announce keyboard moves between them."""
    _install_factory()
    view.focusMoved.connect(lambda row: _announce(view, row))


def _announce(view: ChatView, row: int) -> None:
    if QAccessible.isActive() and _alive(view):
        QAccessible.updateAccessibility(QAccessibleEvent(message_item(view, row), QAccessible.Event.Focus))
