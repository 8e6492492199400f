"""The open conversation (QtCore only): which one, the branch shown, the question being edited, answers
joined with their continuations, its model and parameters, and what it cost. One owner for what the
window used to decide; the window asks it, renders what it announces, and is never read back as data.

Signals carry what changed; every one of them is about the open conversation only (a turn in another
one is the controller's and the list's business):

    opened(Conversation | None)   another conversation is open (or none): show it from scratch
    turnStarted()                 a turn of the open conversation started (its messages follow)
    branchChanged(Shown)          the branch shown changed (a version, an edit, a deletion): show it again
    appended(list[Message])       messages added at the end of the branch shown
    updated(Message)              a message shown changed (a turn ended; the answer a continuation joins)
    removed(int)                  a message left the branch shown (the rest stays where it is)
    delta(int, str, str)          text and reasoning added to the answer shown under this id
    finished(TurnFinished, Provider)  a turn of the open conversation ended (a failure's provider named)
    waiting(TurnWaiting)          nothing arrived yet: a retry after this many seconds
    busy(bool)                    whether the open conversation is answering
    titleChanged(str)             its title
    costChanged()                 what it cost changed (ask :meth:`costs`)
    editing(int | None)           the question held in the message box for Edit and resend (None: none)
    storageFailed(str)            the archive could not be written (what the user typed is kept)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from PySide6.QtCore import QObject, Signal

from hunyuan_desktop.chat.controller import ChatController, StreamBatch, TurnFinished, TurnStarted, TurnWaiting
from hunyuan_desktop.chat.conversations import Shown
from hunyuan_desktop.domain import Attachment, Conversation, FinishReason, Message, MessageStatus, Params, Preset, Role
from hunyuan_desktop.store.archive import Archive, StoreError
from hunyuan_desktop.store.export import join_continuations

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Costs:
    """What the open conversation cost: the last reply (None with nothing spent yet), the whole of it,
    whether that total leaves out replies of unknown price, and its automatic title's share."""

    last: Decimal | None
    last_tokens_unpriced: int | None  # the last reply's tokens when its price is not known (never ¥0)
    total: Decimal
    partial: bool
    title_cost: Decimal | None


class ConversationSession(QObject):
    opened = Signal(object)  # Conversation | None
    turnStarted = Signal()  # a turn of the open conversation started (before its messages are announced)
    branchChanged = Signal(object)  # Shown
    appended = Signal(object)  # list[Message]
    updated = Signal(object)  # Message
    removed = Signal(int)
    delta = Signal(int, str, str)
    finished = Signal(object, object)  # TurnFinished, Provider
    waiting = Signal(object)  # TurnWaiting
    busy = Signal(bool)
    titleChanged = Signal(str)
    costChanged = Signal()
    editing = Signal(object)  # int | None
    storageFailed = Signal(str)

    def __init__(self, archive: Archive, controller: ChatController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.controller = controller
        self.current: Conversation | None = None
        self.shown: Shown | None = None
        self.edit_target: int | None = None
        self._joined: dict[int, Message] = {}  # a continuation streaming -> the answer it joins, as it was
        controller.turnStarted.connect(self._on_started)
        controller.deltas.connect(self._on_deltas)
        controller.turnFinished.connect(self._on_finished)
        controller.turnWaiting.connect(self._on_waiting)
        controller.busyChanged.connect(self._on_busy)
        controller.conversationChanged.connect(self._on_changed)
        controller.storageFailed.connect(self.storageFailed)

    # ---- which conversation ----------------------------------------------------------------------------

    def is_open(self, conversation_id: int) -> bool:
        return self.current is not None and self.current.id == conversation_id

    def is_busy(self) -> bool:
        return self.current is not None and self.controller.is_busy(self.current.id)

    def open(self, conversation_id: int | None) -> Conversation | None:
        """Open a conversation (None: none). The answer in flight belongs to the controller: its text as
        batches have carried it so far (the archive's copy may be half a second old); the next batches
        extend it."""
        self.edit_target = None
        self._joined.clear()
        try:
            conv = self.archive.conversation(conversation_id) if conversation_id is not None else None
        except StoreError as exc:
            self.storageFailed.emit(str(exc))
            conv = None
        self.current = conv
        if conv is None:
            self.shown = None
            self.opened.emit(None)
            self.editing.emit(None)
            return None
        self.shown = self._read_shown(conv.id)
        live = self.controller.live_message(conv.id)
        if live is not None and live.continues and self.shown is not None:
            head = self.shown.shown_id(live.id)
            if head is not None:  # the part before the one streaming, for joining at its end
                done = self.shown.parts[head][:-1]
                before = [m for m in self.archive.thread(conv.id).messages if m.id in done]
                if before:
                    self._joined[live.id] = join_continuations(before)[0][0]
        self.opened.emit(conv)
        self.editing.emit(None)
        return conv

    def create(self, title: str, model: str, params: Params, system_prompt: str) -> Conversation | None:
        """A new conversation, opened. An empty one is never made twice: the open conversation, if nothing
        was said in it yet, is reused with these settings, and any other left empty is dropped (Ctrl+N
        three times leaves one "New conversation", not three forever)."""
        try:
            current = self.current
            if current is not None and not current.title_manual and self.archive.message_count(current.id) == 0:
                self.archive.update_settings(current.id, model=model, params=params, system_prompt=system_prompt)
                self.open(current.id)
                return self.current
            conv = self.archive.create_conversation(title, model, params, system_prompt)
            self.drop_empty(keep=conv.id)
        except StoreError as exc:
            self.storageFailed.emit(str(exc))
            return None
        self.open(conv.id)
        return conv

    def drop_empty(self, keep: int | None = None) -> None:
        """Conversations nothing was ever said in (nor named by the user), but ``keep``, deleted."""
        for conv_id in self.archive.empty_conversations():
            if conv_id != keep and not self.controller.is_busy(conv_id):
                self.archive.delete_conversation(conv_id)

    def _read_shown(self, conversation_id: int) -> Shown | None:
        try:
            return Shown.of(self.archive.thread(conversation_id), self.controller.live_message(conversation_id))
        except StoreError as exc:
            self.storageFailed.emit(str(exc))
            return None

    def message(self, message_id: int) -> Message | None:
        """A message as shown (continuations joined under the first part's id)."""
        if self.shown is None:
            return None
        return next((m for m in self.shown.messages if m.id == message_id), None)

    def messages(self) -> list[Message]:
        return list(self.shown.messages) if self.shown is not None else []

    def blob(self, digest: str) -> bytes | None:
        """An attachment's bytes (None when the archive does not have them or cannot be read)."""
        try:
            return self.archive.blob(digest)
        except StoreError:
            return None

    def last(self, role: Role) -> Message | None:
        return next((m for m in reversed(self.messages()) if m.role is role), None)

    def reshow(self) -> None:
        """Read the branch shown again (after a version switch, a deletion, a regenerate or an edit),
        keeping the answer in flight as the controller has it."""
        if self.current is None:
            return
        self.shown = self._read_shown(self.current.id)
        if self.shown is not None:
            self.branchChanged.emit(self.shown)
            self.costChanged.emit()

    # ---- the conversation's settings -------------------------------------------------------------------

    def save_settings(self, model: str, params: Params, system_prompt: str) -> None:
        """The model, parameters and system prompt the panel shows, as the open conversation's."""
        conv = self.current
        if conv is None or (model, params, system_prompt) == (conv.model, conv.params, conv.system_prompt):
            return
        try:
            self.archive.update_settings(conv.id, model=model, params=params, system_prompt=system_prompt)
        except StoreError as exc:
            self.storageFailed.emit(str(exc))
            return
        self.current = replace(conv, model=model, params=params, system_prompt=system_prompt)

    def apply_preset(self, preset: Preset, current_model: str) -> tuple[str, Params, str] | None:
        """A preset's system prompt, parameters (and model, if it names one) as the open conversation's;
        what was said stays."""
        conv = self.current
        if conv is None:
            return None
        model = preset.model or current_model
        try:
            self.archive.update_settings(conv.id, model=model, params=preset.params, system_prompt=preset.system_prompt)
        except StoreError as exc:
            self.storageFailed.emit(str(exc))
            return None
        self.current = replace(conv, model=model, params=preset.params, system_prompt=preset.system_prompt)
        return model, preset.params, preset.system_prompt

    def rename(self, conversation_id: int, title: str) -> str | None:
        """The title stored (whitespace folded), or None when nothing usable was typed."""
        title = " ".join(title.split())
        if not title:
            return None
        try:
            self.archive.rename(conversation_id, title)
        except StoreError as exc:
            self.storageFailed.emit(str(exc))
            return None
        if self.current is not None and self.current.id == conversation_id:
            self.current = replace(self.current, title=title)
            self.titleChanged.emit(title)
        return title

    # ---- turns -----------------------------------------------------------------------------------------

    def send(
        self,
        text: str,
        attachments: tuple[Attachment, ...] = (),
        blobs: dict[str, tuple[str, bytes]] | None = None,
    ) -> bool:
        """Ask (or, while a question is being edited, send its new version). False if nothing was sent:
        nothing typed or attached, answering already, or the archive refused it (storageFailed said so)."""
        conv = self.current
        if conv is None or (not text.strip() and not attachments) or self.controller.is_busy(conv.id):
            return False
        if self.edit_target is not None:
            sent = self.controller.edit_and_resend(conv.id, self.edit_target, text)
        else:
            sent = self.controller.send(conv.id, text, attachments, blobs)
        if sent and self.edit_target is not None:
            self.edit_target = None
            self.editing.emit(None)
        return sent

    def stop(self) -> None:
        """Esc: leaves editing a question, else stops the answer."""
        if self.edit_target is not None:
            self.cancel_edit()
        elif self.current is not None:
            self.controller.stop(self.current.id)

    def retry(self) -> bool:
        return self.current is not None and self.controller.retry(self.current.id)

    def regenerate(self, answer_id: int, model_ref: str | None = None) -> bool:
        """Another answer beside ``answer_id`` (an answer), optionally from another model."""
        return self.current is not None and self.controller.regenerate(self.current.id, answer_id, model_ref)

    def continue_answer(self, message_id: int) -> bool:
        """Carry on an answer cut short (the last of the branch): its last part is continued."""
        conv, shown = self.current, self.shown
        message = self.message(message_id)
        if conv is None or shown is None or message is None or not self.can_continue(message):
            return False
        return self.controller.continue_answer(conv.id, shown.last_part(message_id))

    def can_continue(self, message: Message) -> bool:
        shown = self.messages()
        return message.cut_short and bool(shown) and shown[-1].id == message.id

    def start_edit(self, message_id: int) -> str | None:
        """Hold a question for Edit and resend: its text (for the message box), or None when it cannot
        be edited now (not a question, or an answer is being written)."""
        message = self.message(message_id)
        if message is None or message.role is not Role.USER or self.is_busy():
            return None
        self.edit_target = message_id
        self.editing.emit(message_id)
        return message.content

    def cancel_edit(self) -> None:
        if self.edit_target is not None:
            self.edit_target = None
            self.editing.emit(None)

    def history_for_gauge(self) -> list[Message]:
        """What the next request carries of the branch: an edited question replaces the old one and what
        followed it."""
        history = self.messages()
        if self.edit_target is not None:
            history = history[: next((i for i, m in enumerate(history) if m.id == self.edit_target), len(history))]
        return history

    # ---- versions and deletions --------------------------------------------------------------------------

    def switch_version(self, message_id: int, step: int) -> int | None:
        """Show the version ``step`` (+1 / -1) away from a shown message: the one now shown, or None."""
        shown = self.shown
        target = shown.neighbour(message_id, step) if shown is not None else None
        if target is None or self.is_busy() or not self._change(lambda: self.archive.select_version(target)):
            return None
        return target

    def delete_message(self, message_id: int) -> bool:
        """Delete one shown message (an answer with its continuations); what followed it stays, linked to
        what came before it."""
        message, shown, conv = self.message(message_id), self.shown, self.current
        if message is None or shown is None or conv is None or message.status is MessageStatus.STREAMING:
            return False
        had_versions = message_id in shown.versions
        try:
            for part in reversed(shown.parts.get(message_id, [message_id])):
                self.archive.delete_message(part)
        except StoreError as exc:
            self.storageFailed.emit(str(exc))
            return False
        if had_versions:
            self.reshow()  # another version takes its place
        else:
            self.shown = self._read_shown(conv.id)
            self.removed.emit(message_id)  # the rest stays where it is on screen
            self.costChanged.emit()
        self.controller.conversationChanged.emit(conv.id)  # its preview may have changed
        return True

    def delete_branch(self, message_id: int) -> bool:
        """Delete a message and everything below it (this version and what followed it)."""
        message, conv = self.message(message_id), self.current
        if message is None or conv is None or message.status is MessageStatus.STREAMING:
            return False
        if not self._change(lambda: self.archive.delete_branch(message_id)):
            return False
        self.controller.conversationChanged.emit(conv.id)
        return True

    def below(self, message_id: int) -> int:
        """How many shown messages follow this one on the branch."""
        rows = self.messages()
        index = next((i for i, m in enumerate(rows) if m.id == message_id), len(rows) - 1)
        return len(rows) - 1 - index

    def _change(self, change: Callable[[], None]) -> bool:
        try:
            change()
        except StoreError as exc:
            self.storageFailed.emit(str(exc))
            return False
        self.reshow()
        return True

    def delete_conversation(self, conversation_id: int) -> bool:
        """Delete a conversation and everything in it (its answer stopped first). The open one closes."""
        self.controller.stop(conversation_id)
        try:
            self.archive.delete_conversation(conversation_id)
        except StoreError as exc:
            self.storageFailed.emit(str(exc))
            return False
        if self.is_open(conversation_id):
            self.current = None
            self.shown = None
        return True

    # ---- money -------------------------------------------------------------------------------------

    def costs(self) -> Costs | None:
        """What the open conversation cost, or None when nothing has been spent yet."""
        if self.current is None:
            return None
        messages = self.messages()
        answers = [m for m in messages if m.role is Role.ASSISTANT and m.status is not MessageStatus.STREAMING]
        if not any(m.cost is not None or m.usage for m in answers):
            return None
        # The last reply is the last one, even stopped or failed before the server said its usage: then
        # its cost is "not reported", never the reply before it passed off as the last.
        answer = answers[-1]
        try:
            total = self.archive.conversation_cost(self.current.id)
        except StoreError as exc:
            self.storageFailed.emit(str(exc))
            total = Decimal(0)
        unpriced = answer.usage.total_tokens if answer.cost is None and answer.usage is not None else None
        partial = any(m.role is Role.ASSISTANT and m.usage is not None and m.cost is None for m in messages)
        return Costs(answer.cost, unpriced, total, partial, self.current.title_cost)

    # ---- the controller's turns, as far as they concern the open conversation ------------------------

    def _on_started(self, event: TurnStarted) -> None:
        shown = self.shown
        if not self.is_open(event.conversation_id) or shown is None:
            return
        self.turnStarted.emit()
        first = event.user if event.user is not None else event.answer
        last = shown.messages[-1].id if shown.messages else None
        if event.answer.continues and event.answer.parent_id is not None:
            # Continue: the new request's text joins the answer it carries on, on screen.
            head = shown.shown_id(event.answer.parent_id)
            before = self.message(head) if head is not None else None
            if head is not None and before is not None:
                shown.parts[head].append(event.answer.id)
                self._joined[event.answer.id] = before
                self.updated.emit(replace(before, status=MessageStatus.STREAMING, finish_reason=FinishReason.NONE))
        elif first.parent_id is not None and last is not None and first.parent_id == shown.last_part(last):
            # Below the end of the branch shown: added as it is (a long conversation is not read again).
            added = [m for m in (event.user, event.answer) if m is not None]
            for m in added:
                shown.messages.append(m)
                shown.parts[m.id] = [m.id]
            self.appended.emit(added)
        else:
            self.reshow()  # a new version (regenerate, edit, retry beside a failed answer)
        try:
            conv = self.archive.conversation(event.conversation_id)
        except StoreError:
            conv = None
        if conv is not None and self.current is not None and conv.title != self.current.title:
            self.current = replace(self.current, title=conv.title)
            self.titleChanged.emit(conv.title)

    def _on_deltas(self, batch: StreamBatch) -> None:
        if self.is_open(batch.conversation_id):
            joined = self._joined.get(batch.message_id)
            self.delta.emit(joined.id if joined else batch.message_id, batch.text, batch.reasoning)

    def _on_finished(self, event: TurnFinished) -> None:
        if not self.is_open(event.conversation_id):
            return
        joined = self._joined.pop(event.message.id, None)
        final = join_continuations([joined, event.message])[0][0] if joined is not None else event.message
        if self.shown is not None:
            self.shown.messages[:] = [final if m.id == final.id else m for m in self.shown.messages]
        self.updated.emit(final)
        provider = self.controller.catalog.provider_of(event.message.model)
        self.finished.emit(event, provider)
        self.costChanged.emit()

    def _on_waiting(self, event: TurnWaiting) -> None:
        if self.is_open(event.conversation_id):
            self.waiting.emit(event)

    def _on_busy(self, conversation_id: int, busy: bool) -> None:
        if self.is_open(conversation_id):
            self.busy.emit(busy)

    def _on_changed(self, conversation_id: int) -> None:
        """A turn started or ended, or a title arrived: the open conversation's title and title cost."""
        if not self.is_open(conversation_id) or self.current is None:
            return
        try:
            conv = self.archive.conversation(conversation_id)
        except StoreError:
            return
        if conv is None:
            return
        cost_changed = conv.title_cost != self.current.title_cost
        if conv.title != self.current.title:
            self.titleChanged.emit(conv.title)
        self.current = replace(self.current, title=conv.title, title_cost=conv.title_cost)
        if cost_changed:
            self.costChanged.emit()
