"""What a user can do to one message: copy it (or its code), quote it, regenerate an answer (with another
model if chosen), edit and resend a question, continue a cut answer, switch between versions, delete one
message or a message with everything below it. Reached from the message's context menu, the links under
it and the keyboard; the window owns the current conversation and shows the results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QMenu, QToolTip

from hunyuan_desktop.domain import Message, MessageStatus, Role
from hunyuan_desktop.store.archive import StoreError
from hunyuan_desktop.ui.chatitem import (
    ACTION_CONTINUE,
    ACTION_COPY,
    ACTION_EDIT,
    ACTION_NEXT,
    ACTION_PREVIOUS,
    ACTION_REGENERATE,
    ACTION_RETRY,
    copy_text,
)
from hunyuan_desktop.ui.markdown import COPY_CODE

if TYPE_CHECKING:
    from hunyuan_desktop.ui.mainwindow import MainWindow


def preview(text: str, limit: int = 80) -> str:
    line = " ".join(text.split())
    return line[:limit] + ("…" if len(line) > limit else "")


class MessageActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.chat_view

    # ---- the links under a message -----------------------------------------------------------------

    def on_anchor(self, message_id: int, href: str, text: str = "") -> None:
        message = self.view.message(message_id)
        if message is None:
            return
        if href == ACTION_COPY:
            QGuiApplication.clipboard().setText(copy_text(message))
        elif href == ACTION_RETRY:
            self.window.retry()
        elif href == ACTION_REGENERATE:
            self.regenerate(message_id)
        elif href == ACTION_EDIT:
            self.window.start_edit(message_id)
        elif href == ACTION_CONTINUE:
            self.continue_answer(message_id)
        elif href in (ACTION_PREVIOUS, ACTION_NEXT):
            self.switch_version(message_id, -1 if href == ACTION_PREVIOUS else 1)
        elif href.startswith(COPY_CODE):
            code = self.view.code_block(message.id, int(href.removeprefix(COPY_CODE)))
            if code is not None:
                QGuiApplication.clipboard().setText(code)
        else:
            self.window.open_link(href, text)

    # ---- the context menu --------------------------------------------------------------------------

    def menu(self, message_id: int, where: QPoint) -> QMenu | None:
        """Copy (the selection, or the whole message), Copy as Markdown, Copy code, Select all, Quote in
        reply; Regenerate (or with another model) / Edit and resend / Continue; the versions; Delete.
        Each copy says "Copied" where the menu was."""
        message = self.view.message(message_id)
        if message is None:
            return None
        window = self.window
        menu = QMenu(window)
        view = self.view

        def copied(text: str) -> None:
            QGuiApplication.clipboard().setText(text)
            QToolTip.showText(where, self.tr("Copied"), view)

        copy = menu.addAction(self.tr("Copy"))
        copy.triggered.connect(
            lambda: copied(view.selected_text() or copy_text(message, view.message_text(message_id)))
        )
        markdown = menu.addAction(self.tr("Copy as Markdown"))
        markdown.triggered.connect(lambda: copied(message.content))
        codes = view.code_blocks(message_id)
        holder = menu.addMenu(self.tr("Copy code")) if len(codes) > 1 else menu
        for code in codes:
            first = next((line.strip() for line in code.splitlines() if line.strip()), "")
            label = self.tr("Copy code") if len(codes) == 1 else (first[:40] + ("…" if len(first) > 40 else ""))
            holder.addAction(label).triggered.connect(lambda _=False, c=code: copied(c))
        menu.addSeparator()
        menu.addAction(self.tr("Select all")).triggered.connect(view.select_all)
        quote = menu.addAction(self.tr("Quote in reply"))
        quote.triggered.connect(lambda: window.quote_in_reply(view.selected_text() or message.content))
        menu.addSeparator()
        settled = message.status is not MessageStatus.STREAMING
        busy = window.current is not None and window.controller.is_busy(window.current.id)
        if message.role is Role.ASSISTANT:
            again = menu.addAction(self.tr("Regenerate"))
            again.setShortcut("Ctrl+R")
            again.setEnabled(settled and not busy)
            again.triggered.connect(lambda: self.regenerate(message_id))
            others = menu.addMenu(self.tr("Regenerate with"))
            others.setEnabled(settled and not busy)
            catalog = window.controller.catalog
            for model in catalog.choices():
                if model.ref != message.model:
                    others.addAction(catalog.label(model.ref)).triggered.connect(
                        lambda _=False, m=model.ref: self.regenerate(message_id, m)
                    )
            if self.can_continue(message):
                go_on = menu.addAction(self.tr("Continue"))
                go_on.setEnabled(not busy)
                go_on.triggered.connect(lambda: self.continue_answer(message_id))
        else:
            edit = menu.addAction(self.tr("Edit and resend"))
            edit.setEnabled(not busy)
            edit.triggered.connect(lambda: window.start_edit(message_id))
        version = view.versions.get(message_id)
        if version is not None:
            menu.addSeparator()
            position, count = version
            previous = menu.addAction(self.tr("Previous version (%1 / %2)").replace("%1", str(position)).replace(
                "%2", str(count)))  # fmt: skip
            previous.triggered.connect(lambda: self.switch_version(message_id, -1))
            menu.addAction(self.tr("Next version")).triggered.connect(lambda: self.switch_version(message_id, 1))
        menu.addSeparator()
        delete = menu.addAction(self.tr("Delete message…"))
        delete.setEnabled(settled and not busy)
        delete.triggered.connect(lambda: self.delete_message(message_id))
        below = menu.addAction(
            self.tr("Delete this version…") if version is not None else self.tr("Delete with everything below…")
        )
        below.setEnabled(settled and not busy)
        below.triggered.connect(lambda: self.delete_branch(message_id))
        return menu

    # ---- actions -----------------------------------------------------------------------------------

    def can_continue(self, message: Message) -> bool:
        """An answer cut by max_tokens or stopped, at the end of the branch, with text to carry on."""
        return message.cut_short and message.id == self.view.last_message_id

    def busy(self) -> bool:
        """Whether the conversation is answering (a new version must wait); says so where the mouse is."""
        conv = self.window.current
        if conv is not None and self.window.controller.is_busy(conv.id):
            QToolTip.showText(QCursor.pos(), self.tr("Wait until the answer is finished."), self.view)
            return True
        return False

    def regenerate(self, message_id: int, model_id: str | None = None) -> bool:
        """Another answer beside ``message_id`` (an answer), optionally from ``model_id``."""
        conv = self.window.current
        if conv is None or self.busy():
            return False
        self.window.error_banner.hide()
        return self.window.controller.regenerate(conv.id, message_id, model_id)

    def regenerate_last(self) -> bool:
        answer = next((m for m in reversed(self.view.messages()) if m.role is Role.ASSISTANT), None)
        return answer is not None and self.regenerate(answer.id)

    def continue_answer(self, message_id: int) -> bool:
        conv, shown = self.window.current, self.window.shown
        message = self.view.message(message_id)
        if conv is None or shown is None or message is None or not self.can_continue(message) or self.busy():
            return False
        return self.window.controller.continue_answer(conv.id, shown.last_part(message_id))

    def switch_version(self, message_id: int, step: int) -> bool:
        shown = self.window.shown
        target = shown.neighbour(message_id, step) if shown is not None else None
        if target is None or self.window.current is None or self.busy():
            return False
        row = self.view.row_of(message_id)
        y = self.view.row_top(row) if row is not None else 0
        if not self._change_branch(lambda: self.window.conversations.select_version(target)):
            return False
        new_row = self.view.row_of(target)
        if new_row is not None:
            self.view.place_row(new_row, y)  # the switched message stays where it was on screen
        return True

    def delete_message(self, message_id: int) -> bool:
        """Delete one message after asking (an answer with its continuations); what followed it stays,
        linked to what came before it."""
        message = self.view.message(message_id)
        shown = self.window.shown
        if message is None or message.status is MessageStatus.STREAMING or shown is None:
            return False
        if not self.window.confirm(
            self.tr("Delete message"),
            self.tr("Delete this message? This cannot be undone.") + f"\n\n{preview(message.content)}",
        ):
            return False
        try:
            for part in reversed(shown.parts.get(message_id, [message_id])):
                self.window.conversations.delete_message(part)
        except StoreError as exc:
            self.window.on_storage_failed(str(exc))
            return False
        if self.view.versions.get(message_id) is None:
            self.view.remove_message(message_id)  # the rest stays where it is on screen
            self.window.shown = self.window.conversations.shown(self.window.current.id) if self.window.current else None
            self.window.after_messages_changed()
        else:
            self.window.show_branch()  # another version takes its place
        return True

    def delete_branch(self, message_id: int) -> bool:
        """Delete a message and everything below it (this version and what followed it), after asking."""
        message = self.view.message(message_id)
        if message is None or message.status is MessageStatus.STREAMING:
            return False
        rows = self.view.messages()
        below = len(rows) - 1 - next(i for i, m in enumerate(rows) if m.id == message_id)
        detail = self.tr("%n more message(s) below it on this branch go with it.", "", below) if below else ""
        if not self.window.confirm(
            self.tr("Delete with everything below"),
            self.tr("Delete this message and everything that followed it? This cannot be undone.")
            + (f"\n{detail}" if detail else "")
            + f"\n\n{preview(message.content)}",
        ):
            return False
        return self._change_branch(lambda: self.window.conversations.delete_branch(message_id))

    def _change_branch(self, change: Callable[[], None]) -> bool:
        """Run an archive change to the tree, then show the current branch as it now is."""
        try:
            change()
        except StoreError as exc:
            self.window.on_storage_failed(str(exc))
            return False
        self.window.show_branch()
        return True
