"""Words we did not write are shown as plain text, always; questions never block a coroutine.

Qt guesses the format of a label's, a tooltip's and a message box's text (``Qt::AutoText``): a string
with a tag on its first line is rendered as HTML. An ``<img src="/dev/zero">`` in a conversation title
made Qt read that file until memory ran out (the app died at every start), and a title or an error text
could carry a live ``file:``/``smb:`` link into a box. Everything that may hold a title, a model id, a
server's words, a file's content or a settings value goes through these helpers:

- :func:`plain` / :class:`PlainLabel`: a label that never renders markup;
- :func:`tip`: a tooltip that shows its text as written (escaped when Qt would take it for HTML);
- :func:`message_box`: a box whose text and informative text are plain;
- :func:`confirm` (a slot's question, modal) and :func:`ask` / :func:`confirm_async` / :func:`inform`
  (a coroutine's: the box is opened with ``open()`` and awaited through its ``finished`` signal). An
  ``exec()`` inside a task runs a nested event loop in the task's step, and every other task's wake-up is
  lost meanwhile (an answer stayed "answering…" forever while an "Import failed" box was open).
"""

from __future__ import annotations

import asyncio
import html

import shiboken6
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

Button = QMessageBox.StandardButton
Icon = QMessageBox.Icon


def tip(text: str) -> str:
    """A tooltip showing ``text`` as written: markup in it is escaped, never rendered. (Escaped, it is rich
    text, which a tooltip wraps at a guessed width: short lines are kept whole.)"""
    if not text or not QtGui.Qt.mightBeRichText(text):
        return text
    escaped = html.escape(text, quote=False).replace("\n", "<br>")
    wrap = "normal" if max(len(line) for line in text.splitlines()) > TIP_LINE else "pre"
    return f'<p style="white-space:{wrap}">{escaped}</p>'


TIP_LINE = 100  # characters: a longer line in a tooltip wraps


def plain(label: QLabel) -> QLabel:
    """``label`` set to show its text as written."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class PlainLabel(QLabel):
    """A label whose text is always plain (titles, model ids, paths, server words)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        if text:
            self.setText(text)


def message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = Button.Ok,
    default: QMessageBox.StandardButton = Button.NoButton,
    details: str = "",
) -> QMessageBox:
    """A message box (not shown yet) whose every text is plain; ``details``: the "Show details" part."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setObjectName("plainMessageBox")
    if default != Button.NoButton:
        box.setDefaultButton(default)
    if details:
        box.setDetailedText(details)  # always plain in Qt
    return box


def confirm(parent: QWidget | None, title: str, text: str, *, warning: bool = False, action: str = "") -> bool:
    """Yes or No, modally, No being the default on a warning. ``action``: a destructive one's name on the
    Yes button ("Delete"), with Cancel beside it as the default. From a slot only, never inside a
    coroutine (use :func:`confirm_async` there)."""
    box = message_box(
        parent,
        Icon.Warning if warning or action else Icon.Question,
        title,
        text,
        Button.Yes | (Button.Cancel if action else Button.No),
        Button.Cancel if action else Button.No if warning else Button.Yes,
    )
    if action:
        box.button(Button.Yes).setText(action)
    try:
        return box.exec() == Button.Yes
    finally:
        box.deleteLater()


async def ask(box: QMessageBox) -> QMessageBox.StandardButton:
    """Show ``box`` window-modal without a nested event loop and wait for the button pressed (Escape or
    closing the box gives its escape button, or NoButton)."""
    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def finished(code: int) -> None:
        if not done.done():
            done.set_result(code)

    box.finished.connect(finished)
    box.open()
    try:
        await done
        clicked = box.clickedButton() if shiboken6.isValid(box) else None
        return box.standardButton(clicked) if clicked is not None else Button.NoButton
    finally:
        if shiboken6.isValid(box):
            box.deleteLater()


async def confirm_async(parent: QWidget | None, title: str, text: str, *, warning: bool = False) -> bool:
    """:func:`confirm` for a coroutine: Yes or No, the other tasks running meanwhile."""
    box = message_box(
        parent,
        Icon.Warning if warning else Icon.Question,
        title,
        text,
        Button.Yes | Button.No,
        Button.No if warning else Button.Yes,
    )
    return await ask(box) == Button.Yes


def inform(parent: QWidget | None, title: str, text: str, *, icon: QMessageBox.Icon = Icon.Warning) -> QMessageBox:
    """Tell the user something and go on: the box stays open (window-modal, deleted when closed) while
    the caller, a coroutine or a slot, returns at once."""
    box = message_box(parent, icon, title, text)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
