"""The clipboard: what Copy on a message puts there, and the clipboard at the process's exit."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from hunyuan_desktop.domain import Message, MessageStatus
from hunyuan_desktop.ui.kit.texts import error_lines


def release_clipboard() -> None:
    """Hand the clipboard a copy Qt made itself (the text) in place of a QMimeData made in Python.
    Called at exit while Python still runs: Qt frees the clipboard's data in its own exit handlers,
    after the interpreter, and freeing a Python-made object then crashed the process (seen with gdb)."""
    clipboard = QGuiApplication.clipboard()
    data = clipboard.mimeData()
    if data is not None and data.hasHtml():
        clipboard.setText(data.text())


def copy_text(message: Message, text: str | None = None) -> str:
    """What Copy on a message puts on the clipboard: its text (``text`` if given, else its source) and,
    for a failed answer, the failure."""
    body = message.content if text is None else text
    if message.status is not MessageStatus.ERROR or not (message.error or message.error_kind):
        return body
    what, detail = error_lines(message.error_kind, message.error, message.error_source)
    problem = "\n".join(line for line in (what, detail) if line)
    return f"{body}\n\n{problem}" if body else problem
