"""Export the open conversation (Markdown for reading, JSON with every branch) and import: one from our
JSON, or every conversation of another app's export (ChatGPT, Claude, Chatbox, LobeChat, Cherry Studio),
chosen in File → Import or dropped on the window.
Files are read, checked and written off the GUI thread; a failure is said in a box that blocks nothing
(an answer goes on streaming meanwhile)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, QRect, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QToolTip, QWidget

from hunyuan_desktop.chat.conversations import Conversations, ExportFormat
from hunyuan_desktop.domain import Conversation
from hunyuan_desktop.files import write_export
from hunyuan_desktop.store.archive import StoreError
from hunyuan_desktop.store.export import ExportLabels, NotAnExportError
from hunyuan_desktop.ui.kit.dialogs import confirm_async, inform, tip
from hunyuan_desktop.ui.kit.tasks import TaskSet

log = logging.getLogger(__name__)


class Transfer(QObject):
    imported = Signal(object)  # the Conversation an import stored (the last, for an export of many)
    progress = Signal(str)  # how far an import is, for the status line ("" when it is over)

    def __init__(
        self, conversations: Conversations, tasks: TaskSet, parent: QWidget, model: Callable[[], str] = lambda: ""
    ) -> None:
        super().__init__(parent)
        self.conversations = conversations
        self.model = model  # the model an imported conversation of another app goes on with (the default)
        self.tasks = tasks
        self.window = parent

    def labels(self) -> ExportLabels:
        return ExportLabels(
            user=self.tr("You"),
            assistant=self.tr("Hunyuan"),
            reasoning=self.tr("Reasoning"),
            system=self.tr("System prompt"),
            sources=self.tr("Sources"),
            sources_dropped=self.tr("…and %1 more sources the server sent, not kept"),
        )

    def ask_export(self, conversation: Conversation, kind: ExportFormat) -> None:
        suffix = ".md" if kind is ExportFormat.MARKDOWN else ".json"
        safe = "".join(ch if ch.isalnum() or ch in "-_ " else "_" for ch in conversation.title)[:60] or "conversation"
        path, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("Export conversation"), str(Path.home() / f"{safe}{suffix}")
        )
        if path:
            self.tasks.spawn(self.export_to(conversation.id, Path(path), kind))

    async def export_to(self, conversation_id: int, path: Path, kind: ExportFormat) -> bool:
        folder = path.stem + ".files"  # a Markdown export's attachments, beside it
        try:
            text = self.conversations.export(conversation_id, kind, self.labels(), folder)
            files = self.conversations.attachment_files(conversation_id) if kind is ExportFormat.MARKDOWN else {}
        except StoreError as exc:
            self._failed(self.tr("Export failed"), path, str(exc))
            return False
        if text is None:
            return False
        try:
            await asyncio.get_running_loop().run_in_executor(None, write_export, path, text, files)
        except OSError as exc:
            self._failed(self.tr("Export failed"), path, exc.strerror or str(exc))
            return False
        # Said where the user looks (a tooltip over the conversation; no box to dismiss).
        where = self.window.mapToGlobal(QPoint(self.window.width() // 2, 60))
        said = tip(self.tr("Exported to %1").replace("%1", str(path)))  # a path is text, never markup
        QToolTip.showText(where, said, self.window, QRect(), 4000)
        return True

    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Import conversations"),
            str(Path.home()),
            self.tr(
                "Conversation exports: this app's, ChatGPT, Claude, Chatbox, LobeChat, Cherry Studio (*.json *.zip)"
            ),
        )
        if path:
            self.tasks.spawn(self.import_from(Path(path)))

    async def take_dropped(self, files: list[Path], attach: Callable[[list[Path]], object]) -> None:
        """Files dropped on the window: exports of conversations (this app's, other apps') are imported,
        the rest attached to the message (the message box attaches whatever is dropped on it)."""
        loop = asyncio.get_running_loop()
        exports = await loop.run_in_executor(None, lambda: [self.conversations.is_export(p) for p in files])
        others = [p for p, export in zip(files, exports, strict=True) if not export]
        if others:
            attach(others)
        for path in (p for p, export in zip(files, exports, strict=True) if export):
            await self.import_from(path)

    async def import_from(self, path: Path) -> Conversation | None:
        """A conversation from our own JSON export (every branch): read, checked and stored on a worker
        thread (a 100 MB export froze the window for 4.7 s). A file that is not one is refused with what
        was wrong, and nothing is written."""
        loop = asyncio.get_running_loop()
        try:
            conversations = self.conversations
            last: list[Conversation] = []

            def counted(conv: Conversation, _messages: int) -> None:  # on the worker thread
                last.append(conv)
                loop.call_soon_threadsafe(self._said_progress, path, len(last))

            foreign = await loop.run_in_executor(None, conversations.import_foreign, path, self.model(), counted)
            if foreign is not None:
                return self._said_imported(path, *foreign, last[-1] if last else None)
            export = await loop.run_in_executor(None, lambda: conversations.read_export(path.read_bytes()))
            twin = self.conversations.twin_of(export)
            if twin is not None and not await confirm_async(
                self.window,
                self.tr("Already in your archive"),
                self.tr(
                    "“%1” is already in your archive (imported or exported from it). Import a second copy?"
                ).replace("%1", twin.title),
            ):
                return None  # skipped: nothing written
            stored = await loop.run_in_executor(None, self.conversations.store_export, export)
            self.imported.emit(stored)
            return stored
        except (OSError, NotAnExportError, StoreError, ValueError) as exc:
            detail = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
            self._failed(self.tr("Import failed"), path, detail, imported=True)
        except Exception as exc:  # a bug or a resource limit: said, never silent; nothing was stored
            log.exception("import failed unexpectedly")
            self._failed(self.tr("Import failed"), path, type(exc).__name__, imported=True)
        finally:
            self.progress.emit("")
        return None

    def _said_progress(self, path: Path, count: int) -> None:
        text = self.tr("Importing %1… %n conversation(s) so far", "", count)
        self.progress.emit(text.replace("%1", path.name))

    def _said_imported(self, path: Path, added: int, skipped: int, last: Conversation | None) -> Conversation | None:
        text = self.tr("%n conversation(s) imported from %1.", "", added).replace("%1", path.name)
        if skipped:
            text += " " + self.tr("%n were imported before and were skipped.", "", skipped)
        inform(self.window, self.tr("Import"), text, icon=QMessageBox.Icon.Information)
        if last is not None:
            self.imported.emit(last)
        return last

    def _failed(self, title: str, path: Path, detail: str, *, imported: bool = False) -> None:
        text = self.tr("%1 could not be imported: %2") if imported else self.tr("Could not write %1: %2")
        # Not a modal exec() inside this coroutine: other tasks (an answer streaming) go on.
        inform(self.window, title, text.replace("%1", str(path)).replace("%2", detail))
