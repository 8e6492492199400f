"""What a user can do to one message: copy it (or its code), quote it, regenerate an answer (with another
model if chosen), edit and resend a question, continue a cut answer, switch between versions, delete one
message or a message with everything below it. Reached from the message's context menu, the links under
it and the keyboard; and a link in an answer, opened by the rules of kit/links.py. The session does each;
the window answers a narrow protocol (ask, quote, edit, retry), and the view is asked only for what it
draws (the selection, the code blocks).
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QPoint, QUrl
from PySide6.QtGui import QCursor, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from hunyuan_desktop.catalog import Catalog
from hunyuan_desktop.chat.conversations import one_line
from hunyuan_desktop.chat.session import ConversationSession
from hunyuan_desktop.domain import MessageStatus, Role
from hunyuan_desktop.ui.compose.viewer import show_attachment
from hunyuan_desktop.ui.kit.clipboard import copy_text
from hunyuan_desktop.ui.kit.links import LinkVerdict, display_url, judge_link
from hunyuan_desktop.ui.markup.markdown import COPY_CODE, FOOTNOTE
from hunyuan_desktop.ui.transcript import ChatView
from hunyuan_desktop.ui.transcript.chrome import (
    ACTION_CONTINUE,
    ACTION_COPY,
    ACTION_EDIT,
    ACTION_NEXT,
    ACTION_PREVIOUS,
    ACTION_REGENERATE,
    ACTION_RETRY,
    ATTACHMENT,
)


class MessageUi(Protocol):
    """What message actions ask of the window."""

    def confirm(self, title: str, text: str, action: str = "") -> bool: ...
    def quote_in_reply(self, text: str) -> None: ...
    def start_edit(self, message_id: int) -> bool: ...
    def retry(self) -> None: ...
    def hide_banner(self) -> None: ...


def preview(text: str, limit: int = 80) -> str:
    """The start of a message as the user read it: words, not Markdown's marks."""
    line = one_line(text, limit + 1)
    return line[:limit] + ("…" if len(line) > limit else "")


class MessageActions(QObject):
    def __init__(
        self, session: ConversationSession, view: ChatView, catalog: Catalog, ui: MessageUi, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.view = view
        self.catalog = catalog
        self.ui = ui
        self._menu: QMenu | None = None  # the last context menu (deleted when the next one is made)

    # ---- the links under a message -----------------------------------------------------------------

    def on_anchor(self, message_id: int, href: str, text: str = "") -> None:
        message = self.session.message(message_id)
        if message is None:
            return
        if href == ACTION_COPY:
            QGuiApplication.clipboard().setText(copy_text(message))
            QToolTip.showText(QCursor.pos(), self.tr("Copied"), self.view)
        elif href == ACTION_RETRY:
            self.ui.retry()
        elif href == ACTION_REGENERATE:
            self.regenerate(message_id)
        elif href == ACTION_EDIT:
            self.ui.start_edit(message_id)
        elif href == ACTION_CONTINUE:
            self.continue_answer(message_id)
        elif href in (ACTION_PREVIOUS, ACTION_NEXT):
            self.switch_version(message_id, -1 if href == ACTION_PREVIOUS else 1)
        elif href.startswith(ATTACHMENT):
            index = int(href.removeprefix(ATTACHMENT) or -1)
            if 0 <= index < len(message.attachments):
                attachment = message.attachments[index]
                show_attachment(self.view, attachment, self.session.blob(attachment.digest))
        elif href.startswith(FOOTNOTE):
            self.view.show_footnote(message.id, href.removeprefix(FOOTNOTE))
        elif href.startswith(COPY_CODE):
            code = self.view.code_block(message.id, int(href.removeprefix(COPY_CODE)))
            if code is not None:
                QGuiApplication.clipboard().setText(code)
                QToolTip.showText(QCursor.pos(), self.tr("Code copied"), self.view)
        else:
            self.open_link(href, text)

    def open_link(self, href: str, text: str) -> bool:
        """Open a link from an answer: web pages and plain mail addresses only, and only after asking
        when its text names another address than where it goes. True if it was opened."""
        verdict = judge_link(href, text)
        if verdict is LinkVerdict.REFUSE:
            QToolTip.showText(
                QCursor.pos(), self.tr("This link was not opened: only web and mail links open."), self.view
            )
            return False
        if verdict is LinkVerdict.ASK and not self.ui.confirm(
            self.tr("Open link"),
            self.tr("The link says “%1” but goes to:\n\n%2\n\nOpen it?")
            .replace("%1", text)
            .replace("%2", display_url(href)),
        ):
            return False
        QDesktopServices.openUrl(QUrl(href))
        return True

    # ---- the context menu --------------------------------------------------------------------------

    def menu(self, message_id: int, where: QPoint) -> QMenu | None:
        """Copy (the selection, or the whole message), Copy as Markdown, Copy code, Select all, Quote in
        reply; Regenerate (or with another model) / Edit and resend / Continue; the versions; Delete.
        Each copy says "Copied" where the menu was."""
        message = self.session.message(message_id)
        if message is None:
            return None
        view = self.view
        if self._menu is not None:
            self._menu.deleteLater()
        menu = self._menu = QMenu(view)

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
        quote.triggered.connect(lambda: self.ui.quote_in_reply(view.selected_text() or message.content))
        menu.addSeparator()
        settled = message.status is not MessageStatus.STREAMING
        busy = self.session.is_busy()
        if message.role is Role.ASSISTANT:
            again = menu.addAction(self.tr("Regenerate"))
            again.setShortcut("Ctrl+R")
            again.setEnabled(settled and not busy)
            again.triggered.connect(lambda: self.regenerate(message_id))
            others = menu.addMenu(self.tr("Regenerate with"))
            others.setEnabled(settled and not busy)
            for model in self.catalog.choices():
                if model.ref != message.model:
                    others.addAction(self.catalog.label(model.ref)).triggered.connect(
                        lambda _=False, m=model.ref: self.regenerate(message_id, m)
                    )
            if self.session.can_continue(message):
                go_on = menu.addAction(self.tr("Continue"))
                go_on.setEnabled(not busy)
                go_on.triggered.connect(lambda: self.continue_answer(message_id))
        else:
            edit = menu.addAction(self.tr("Edit and resend"))
            edit.setEnabled(not busy)
            edit.triggered.connect(lambda: self.ui.start_edit(message_id))
        version = self.session.shown.versions.get(message_id) if self.session.shown is not None else None
        if version is not None:
            menu.addSeparator()
            position, count = version
            previous = menu.addAction(
                self.tr("Previous version (%1 / %2)").replace("%1", str(position)).replace("%2", str(count))
            )
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

    def busy(self) -> bool:
        """Whether the conversation is answering (a new version must wait); says so where the mouse is."""
        if self.session.is_busy():
            QToolTip.showText(QCursor.pos(), self.tr("Wait until the answer is finished."), self.view)
            return True
        return False

    def regenerate(self, message_id: int, model_id: str | None = None) -> bool:
        """Another answer beside ``message_id`` (an answer), optionally from ``model_id``."""
        if self.session.current is None or self.busy():
            return False
        self.ui.hide_banner()
        return self.session.regenerate(message_id, model_id)

    def regenerate_last(self) -> bool:
        answer = self.session.last(Role.ASSISTANT)
        return answer is not None and self.regenerate(answer.id)

    def continue_answer(self, message_id: int) -> bool:
        message = self.session.message(message_id)
        if message is None or not self.session.can_continue(message) or self.busy():
            return False
        return self.session.continue_answer(message_id)

    def switch_version(self, message_id: int, step: int) -> bool:
        """Show another version; the switched message stays where it was on screen."""
        if self.session.current is None or self.busy():
            return False
        row = self.view.row_of(message_id)
        y = self.view.row_top(row) if row is not None else 0
        target = self.session.switch_version(message_id, step)
        if target is None:
            return False
        new_row = self.view.row_of(target)
        if new_row is not None:
            self.view.place_row(new_row, y)
        return True

    def delete_message(self, message_id: int) -> bool:
        """Delete one message after asking (an answer with its continuations); what followed it stays,
        linked to what came before it."""
        message = self.session.message(message_id)
        if message is None or message.status is MessageStatus.STREAMING:
            return False
        if not self.ui.confirm(
            self.tr("Delete message"),
            self.tr("Delete this message? This cannot be undone.") + f"\n\n{preview(message.content)}",
            self.tr("Delete"),
        ):
            return False
        return self.session.delete_message(message_id)

    def delete_branch(self, message_id: int) -> bool:
        """Delete a message and everything below it (this version and what followed it), after asking."""
        message = self.session.message(message_id)
        if message is None or message.status is MessageStatus.STREAMING:
            return False
        below = self.session.below(message_id)
        detail = self.tr("%n more message(s) below it on this branch go with it.", "", below) if below else ""
        if not self.ui.confirm(
            self.tr("Delete with everything below"),
            self.tr("Delete this message and everything that followed it? This cannot be undone.")
            + (f"\n{detail}" if detail else "")
            + f"\n\n{preview(message.content)}",
            self.tr("Delete"),
        ):
            return False
        return self.session.delete_branch(message_id)
