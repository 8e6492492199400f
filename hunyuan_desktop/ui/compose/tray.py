"""Attachments waiting above the message box: images and files added by paste, drop or the paperclip,
each prepared off the GUI thread, shown as a thumbnail or a named chip with a remove button. A file or
image that cannot be sent is said so under the tray, in the user's language, and nothing else is lost."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from hunyuan_desktop.chat.attachments import (
    MAX_ATTACHMENTS,
    MAX_FILE_CHARS,
    MAX_IMAGES,
    MAX_MESSAGE_CHARS,
    AttachmentRefused,
    Prepared,
    Refusal,
    TooLongError,
    is_image_name,
    prepare_file,
    prepared_text,
)
from hunyuan_desktop.chat.settings_store import SettingsStore
from hunyuan_desktop.domain import Attachment, AttachmentKind
from hunyuan_desktop.ui.kit.dialogs import PlainLabel, confirm_async, tip
from hunyuan_desktop.ui.kit.images import MAX_IMAGE_BYTES, prepare_image, prepare_image_bytes
from hunyuan_desktop.ui.kit.tasks import TaskSet

log = logging.getLogger(__name__)


@dataclass
class Pending:
    prepared: Prepared
    thumb: QImage | None
    order: int = 0  # when it was added: the tray keeps that order, whichever is ready first


def _read_image(path: Path) -> tuple[Prepared, QImage]:
    if path.stat().st_size > MAX_IMAGE_BYTES:  # refused before a 500 MB file is read into memory
        raise AttachmentRefused(Refusal.TOO_LARGE, path.name, f"{path.stat().st_size / 1024 / 1024:.0f} MB")
    return prepare_image_bytes(path.read_bytes(), path.name)


class AttachmentTray(QWidget):
    """The attachments of the question being written."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentTray")
        self.items: list[Pending] = []
        self.tasks = TaskSet()
        self._added = 0
        self.file_icon: QIcon | None = None  # a file's chip (the window sets it with the theme)
        self.settings: SettingsStore | None = None  # where the choice about long pastes is remembered
        self.paste_text: Callable[[str], None] = lambda text: None  # into the message box, as typed
        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(6)
        self._row.addStretch(1)
        self.note = PlainLabel("", self)  # why something was not added
        self.note.setObjectName("attachmentNote")
        self.note.setWordWrap(True)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._row)
        layout.addWidget(self.note)
        self._refresh()

    # ---- what is attached -------------------------------------------------------------------------------

    def attachments(self) -> tuple[Attachment, ...]:
        return tuple(item.prepared.attachment for item in self.items)

    def blobs(self) -> dict[str, tuple[str, bytes]]:
        return {item.prepared.attachment.digest: item.prepared.blob for item in self.items}

    def has_images(self) -> bool:
        return any(item.prepared.attachment.kind is AttachmentKind.IMAGE for item in self.items)

    def remove_images(self) -> None:
        self.items = [item for item in self.items if item.prepared.attachment.kind is not AttachmentKind.IMAGE]
        self._refresh()

    def remove(self, index: int) -> None:
        if 0 <= index < len(self.items):
            del self.items[index]
            self._refresh()

    def clear(self) -> None:
        self.items = []
        self.say("")
        self._refresh()

    def say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))
        self.setVisible(bool(self.items) or bool(text))

    # ---- adding -------------------------------------------------------------------------------------

    def add_image(self, image: QImage, name: str = "") -> None:
        """A pasted image (decoded already): re-encoded off the GUI thread."""
        name = name or self.tr("pasted image") + ".png"
        self.tasks.spawn(self._prepare(name, lambda: prepare_image(image, name), self._next()))

    def add_paths(self, paths: Iterable[Path]) -> None:
        """Files chosen, pasted or dropped: images as images, anything else as its text."""
        for path in paths:
            if is_image_name(path.name):
                self.tasks.spawn(self._prepare(path.name, functools.partial(_read_image, path), self._next()))
            else:
                self.tasks.spawn(self._prepare_file(path, self._next()))

    def offer_long_paste(self, text: str) -> None:
        """A very long paste: as an attachment (a text file the model reads like one) or as text in the
        box. Asked the first time, then remembered."""
        choice = self.settings.current.long_paste if self.settings is not None else ""
        if choice == "attach":
            self._add(prepared_text(self.tr("pasted text") + ".txt", text), None, self._next())
        elif choice == "text":
            self.paste_text(text)
        else:
            self.tasks.spawn(self._ask_long_paste(text))

    async def _ask_long_paste(self, text: str) -> None:
        question = self.tr(
            "You pasted %1 characters. Attach them as a text file (the message box stays readable, the model "
            "reads the same text) instead of pasting them into the box? Your choice is remembered."
        ).replace("%1", f"{len(text):,}")
        attach = await confirm_async(self.window(), self.tr("Long paste"), question)
        if self.settings is not None:
            self.settings.remember(long_paste="attach" if attach else "text")
        if attach:
            self._add(prepared_text(self.tr("pasted text") + ".txt", text), None, self._next())
        else:
            self.paste_text(text)

    def _next(self) -> int:
        self._added += 1
        return self._added

    async def _prepare(self, name: str, work: Callable[[], tuple[Prepared, QImage]], order: int) -> None:
        if not self._room(name, image=True):
            return
        loop = asyncio.get_running_loop()
        try:
            prepared, thumb = await loop.run_in_executor(None, work)
        except AttachmentRefused as exc:
            self.say(self.refusal(exc))
            return
        except OSError as exc:
            self.say(self.refusal(AttachmentRefused(Refusal.GONE, name, exc.strerror or str(exc))))
            return
        except Exception as exc:  # a decoder's surprise: said like damage, never a silent nothing
            log.exception("an image could not be prepared")
            self.say(self.refusal(AttachmentRefused(Refusal.DAMAGED, name, type(exc).__name__)))
            return
        self._add(prepared, thumb, order)

    async def _prepare_file(self, path: Path, order: int) -> None:
        if not self._room(path.name, image=False):
            return
        loop = asyncio.get_running_loop()
        try:
            try:
                prepared = await loop.run_in_executor(None, prepare_file, path)
            except TooLongError as exc:
                question = self.tr(
                    "“%1” holds %2 characters; one file may send %3 (most models could not read more). Send its "
                    "first %3 characters? No removes the file."
                )
                text = (
                    question.replace("%1", exc.name)
                    .replace("%2", f"{exc.chars:,}")
                    .replace("%3", f"{MAX_FILE_CHARS:,}")
                )
                if not await confirm_async(self.window(), self.tr("File too long"), text):
                    return
                prepared = await loop.run_in_executor(None, lambda: prepare_file(path, cut=True))
        except AttachmentRefused as exc:
            self.say(self.refusal(exc))
            return
        except Exception as exc:  # a PDF library's surprise: said like damage, never a silent nothing
            log.exception("a file could not be prepared")
            self.say(self.refusal(AttachmentRefused(Refusal.DAMAGED, path.name, type(exc).__name__)))
            return
        total = sum(i.prepared.attachment.chars for i in self.items) + prepared.attachment.chars
        if total > MAX_MESSAGE_CHARS:
            self.say(
                self.tr("“%1” was not added: the files of one message may hold %2 characters in all.")
                .replace("%1", path.name)
                .replace("%2", f"{MAX_MESSAGE_CHARS:,}")
            )
            return
        self._add(prepared, None, order)

    def _room(self, name: str, *, image: bool) -> bool:
        images = sum(1 for i in self.items if i.prepared.attachment.kind is AttachmentKind.IMAGE)
        if len(self.items) >= MAX_ATTACHMENTS or (image and is_image_name(name) and images >= MAX_IMAGES):
            self.say(
                self.tr("“%1” was not added: one message takes at most %2 attachments, %3 of them images.")
                .replace("%1", name)
                .replace("%2", str(MAX_ATTACHMENTS))
                .replace("%3", str(MAX_IMAGES))
            )
            return False
        return True

    def _add(self, prepared: Prepared, thumb: QImage | None, order: int) -> None:
        if any(i.prepared.attachment.digest == prepared.attachment.digest for i in self.items):
            return  # the same content twice: once is enough
        self.items.append(Pending(prepared, thumb, order))
        self.items.sort(key=lambda item: item.order)
        self.say("")
        self._refresh()

    def refusal(self, exc: AttachmentRefused) -> str:
        """What the user reads when a file cannot be sent (the detail kept, in brackets)."""
        texts = {
            Refusal.TOO_LARGE: self.tr("“%1” is too large to send."),
            Refusal.BINARY: self.tr("“%1” is not a text file, an image, a PDF or a Word document: it cannot be sent."),
            Refusal.SCANNED: self.tr("“%1” has no text layer (a scanned PDF?): nothing in it can be read as text."),
            Refusal.LOCKED: self.tr("“%1” is protected by a password: open it, save a copy without one and add that."),
            Refusal.DAMAGED: self.tr("“%1” could not be read: the file is damaged or not what its name says."),
            Refusal.GONE: self.tr("“%1” could not be read: it was moved or deleted, or cannot be opened."),
            Refusal.EMPTY: self.tr("“%1” is empty."),
        }
        text = texts[exc.kind].replace("%1", exc.name)
        return f"{text} ({exc.detail})" if exc.detail else text

    # ---- showing ------------------------------------------------------------------------------------

    def _refresh(self) -> None:
        while self._row.count() > 1:
            item = self._row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for index, pending in enumerate(self.items):
            self._row.insertWidget(index, self._chip(index, pending))
        self.setVisible(bool(self.items) or bool(self.note.text()))
        self.changed.emit()

    def _chip(self, index: int, pending: Pending) -> QWidget:
        a = pending.prepared.attachment
        chip = QToolButton(self)
        chip.setObjectName("attachmentChip")
        chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        chip.setAutoRaise(True)
        label = a.name if len(a.name) <= 24 else a.name[:21] + "…"
        if pending.thumb is not None:
            chip.setIcon(QIcon(QPixmap.fromImage(pending.thumb)))
            chip.setIconSize(QSize(40, 40))
        elif self.file_icon is not None:
            chip.setIcon(self.file_icon)
        chip.setText(label + "  ✕")
        chip.setToolTip(tip(self.tr("%1 — click to remove").replace("%1", a.name)))
        chip.setAccessibleName(self.tr("Remove %1").replace("%1", a.name))
        chip.clicked.connect(lambda: self.remove(index))
        return chip
