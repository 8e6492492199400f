"""Runs turns on the asyncio loop, batches deltas for the view, persists, and reports with signals.

One turn, as data (DESIGN.md): the user's message and an empty ``streaming`` answer are committed before
the request leaves; deltas are buffered and handed to the view every ``FLUSH_MS``; the partial answer is
written to its row every ``PERSIST_S``; the end (done, stopped, error) is written with usage,
cost, finish reason and the server's own error message. Uses QtCore only (signals, a timer).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from hunyuan_desktop.api.endpoint import Endpoint
from hunyuan_desktop.api.errors import ApiError, ErrorKind
from hunyuan_desktop.api.request import NothingToSendError, build_chat_request
from hunyuan_desktop.catalog import cost_of
from hunyuan_desktop.domain import (
    BalanceEvent,
    FinishEvent,
    Message,
    MessageStatus,
    Model,
    Price,
    Provider,
    ReasoningDelta,
    Role,
    TextDelta,
    Usage,
    UsageEvent,
)
from hunyuan_desktop.secrets import SecretsError
from hunyuan_desktop.store.archive import Archive, StoreError

if TYPE_CHECKING:
    from hunyuan_desktop.api.client import ChatClient

log = logging.getLogger(__name__)

FLUSH_MS = 16
YIELD_EVERY_S = 0.001
PERSIST_S = 0.5  # a crash loses at most this much of an answer (plus one flush)
KEYRING_KIND = "keyring"
STORAGE_KIND = "storage"


@dataclass(frozen=True, slots=True)
class TurnError:
    """What the view needs to explain a failure: the kind, the server's words, when to retry."""

    kind: str
    message: str
    status: int | None = None
    retry_after: float | None = None


@dataclass
class _Turn:
    conversation_id: int
    answer_id: int
    model: Model
    text: list[str]
    reasoning: list[str]
    pending_text: list[str]
    pending_reasoning: list[str]
    last_persist: float
    task: asyncio.Task[None] | None = None
    finishing: bool = False


EndpointFactory = Callable[[], Awaitable[Endpoint]]


class ChatController(QObject):
    turnStarted = Signal(int, object, object)  # conversation id, user Message | None, answer Message
    deltas = Signal(int, int, str, str)  # conversation id, message id, text added, reasoning added
    turnFinished = Signal(int, object, object)  # conversation id, final Message, TurnError | None
    busyChanged = Signal(int, bool)
    balanceChanged = Signal(object, float)  # Decimal, unix time
    conversationChanged = Signal(int)  # its title, busy state or recency changed
    storageFailed = Signal(str)

    def __init__(
        self,
        archive: Archive,
        client: Callable[[], ChatClient],
        provider: Provider,
        endpoint: EndpointFactory,
        *,
        streaming: Callable[[], bool] = lambda: True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._archive = archive
        self._client = client
        self.provider = provider
        self._endpoint = endpoint
        self._streaming = streaming
        self._turns: dict[int, _Turn] = {}
        self.balance: Decimal | None = None
        self.balance_at: float = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(FLUSH_MS)
        self._timer.timeout.connect(self._flush_all)
        latest = archive.latest_balance(provider.id)
        if latest is not None:
            self.balance, self.balance_at = latest

    # ---- queries -----------------------------------------------------------------------------------

    def is_busy(self, conversation_id: int) -> bool:
        return conversation_id in self._turns

    def streaming_message(self, conversation_id: int) -> int | None:
        turn = self._turns.get(conversation_id)
        return turn.answer_id if turn else None

    def model_for(self, model_id: str) -> Model:
        model = self.provider.model(model_id)
        if model is not None:
            return model
        # A model the catalog does not know (typed by hand or removed): no price, generous limits.
        return Model(model_id, model_id, Price(Decimal(0), Decimal(0)))

    # ---- commands ----------------------------------------------------------------------------------

    def send(self, conversation_id: int, text: str) -> bool:
        """Start a turn with the user's text. False if that conversation is already answering."""
        if not text.strip() or self.is_busy(conversation_id):
            return False
        return self._start(conversation_id, text)

    def retry(self, conversation_id: int) -> bool:
        """Ask again for an answer to the last user message (after an error or a stop)."""
        if self.is_busy(conversation_id):
            return False
        return self._start(conversation_id, None)

    def stop(self, conversation_id: int) -> None:
        turn = self._turns.get(conversation_id)
        if turn is not None and turn.task is not None and not turn.finishing:
            turn.task.cancel()

    async def shutdown(self) -> None:
        """Cancel every turn and wait until each has saved its partial answer."""
        tasks = [t.task for t in self._turns.values() if t.task is not None]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        self._timer.stop()

    async def refresh_balance(self) -> Decimal | None:
        """Ask the provider's billing endpoint; a failure keeps the last known balance."""
        asked_at = time.time()
        try:
            endpoint = await self._endpoint()
            if not endpoint.api_key or endpoint.billing_url is None:
                return None
            amount = await self._client().fetch_balance(endpoint)
        except (ApiError, SecretsError) as exc:
            log.info("balance refresh failed: %s", exc)
            return None
        if self.balance_at <= asked_at:
            # A reply's header that arrived meanwhile is newer than this answer: keep it.
            self.note_balance(amount, "billing")
        return amount

    # ---- internals ---------------------------------------------------------------------------------

    def _start(self, conversation_id: int, text: str | None) -> bool:
        conversation = self._archive.conversation(conversation_id)
        if conversation is None:
            return False
        model = self.model_for(conversation.model)
        try:
            first = self._archive.message_count(conversation_id) == 0
            user, answer = self._archive.begin_turn(conversation_id, text, model.id)
            if first and text is not None:
                self._archive.rename(conversation_id, _title_from(text))
        except StoreError as exc:
            self.storageFailed.emit(str(exc))
            return False
        turn = _Turn(conversation_id, answer.id, model, [], [], [], [], time.monotonic())
        self._turns[conversation_id] = turn
        turn.task = asyncio.ensure_future(self._run(turn))
        self.turnStarted.emit(conversation_id, user, answer)
        self.busyChanged.emit(conversation_id, True)
        self.conversationChanged.emit(conversation_id)
        if not self._timer.isActive():
            self._timer.start()
        return True

    async def _run(self, turn: _Turn) -> None:
        usage: Usage | None = None
        finish = ""
        error: TurnError | None = None
        status = MessageStatus.DONE
        try:
            conversation = self._archive.conversation(turn.conversation_id)
            assert conversation is not None
            history = [m for m in self._archive.messages(turn.conversation_id) if m.id != turn.answer_id]
            body = build_chat_request(
                turn.model,
                history,
                system_prompt=conversation.system_prompt,
                params=conversation.params,
                stream=self._streaming(),
            )
            endpoint = await self._endpoint()
            if self._streaming():
                events = self._client().stream_chat(endpoint, body)
            else:
                events = self._client().stream_chat_nonstream(endpoint, body)
            loop = asyncio.get_running_loop()
            slice_end = loop.time() + YIELD_EVERY_S
            async for event in events:
                if loop.time() > slice_end:
                    # httpx hands over buffered chunks without returning to the event loop; a fast
                    # stream would starve Qt (timers, paints, input) without this cooperative yield.
                    await asyncio.sleep(0)
                    slice_end = loop.time() + YIELD_EVERY_S
                if isinstance(event, TextDelta):
                    turn.text.append(event.text)
                    turn.pending_text.append(event.text)
                elif isinstance(event, ReasoningDelta):
                    turn.reasoning.append(event.text)
                    turn.pending_reasoning.append(event.text)
                elif isinstance(event, UsageEvent):
                    usage = event.usage
                elif isinstance(event, FinishEvent):
                    finish = event.reason
                elif isinstance(event, BalanceEvent):
                    self.note_balance(event.yuan, "header")
        except asyncio.CancelledError:
            status = MessageStatus.STOPPED
        except ApiError as exc:
            status = MessageStatus.ERROR
            error = TurnError(exc.kind.value, exc.message, exc.status, exc.retry_after)
            if exc.balance is not None:
                self.note_balance(exc.balance, "header")
        except SecretsError as exc:
            status = MessageStatus.ERROR
            error = TurnError(KEYRING_KIND, str(exc))
        except NothingToSendError as exc:
            status = MessageStatus.ERROR
            error = TurnError(ErrorKind.REJECTED.value, str(exc))
        except StoreError as exc:
            status = MessageStatus.ERROR
            error = TurnError(STORAGE_KIND, str(exc))
        finally:
            await self._finish(turn, status, usage, finish, error)

    async def _finish(
        self,
        turn: _Turn,
        status: MessageStatus,
        usage: Usage | None,
        finish: str,
        error: TurnError | None,
    ) -> None:
        self._flush(turn, persist=False)
        turn.finishing = True  # no more flushes or partial writes; still busy until the view has it
        cost = cost_of(turn.model, usage) if turn.model.price.output_per_1k else None
        text = "".join(turn.text)
        reasoning = "".join(turn.reasoning)
        try:
            await self._archive.afinish_message(
                turn.answer_id,
                status=status,
                content=text,
                reasoning=reasoning,
                usage=usage,
                cost=cost,
                finish_reason=finish,
                error=error.message if error else "",
                error_kind=error.kind if error else "",
            )
            final = self._archive.message(turn.answer_id)
        except StoreError as exc:
            self.storageFailed.emit(str(exc))
            final = None
        if final is None:
            # The archive could not be written: still hand the view everything that arrived.
            final = Message(
                turn.answer_id,
                turn.conversation_id,
                Role.ASSISTANT,
                text,
                reasoning,
                status,
                error.message if error else "",
                error.kind if error else "",
                turn.model.id,
                usage,
                cost,
                finish,
            )
        self._turns.pop(turn.conversation_id, None)
        if not self._turns:
            self._timer.stop()
        self.turnFinished.emit(turn.conversation_id, final, error)
        self.busyChanged.emit(turn.conversation_id, False)
        self.conversationChanged.emit(turn.conversation_id)

    def _flush_all(self) -> None:
        for turn in list(self._turns.values()):
            if not turn.finishing:
                self._flush(turn, persist=True)

    def _flush(self, turn: _Turn, *, persist: bool) -> None:
        if turn.pending_text or turn.pending_reasoning:
            text = "".join(turn.pending_text)
            reasoning = "".join(turn.pending_reasoning)
            turn.pending_text.clear()
            turn.pending_reasoning.clear()
            self.deltas.emit(turn.conversation_id, turn.answer_id, text, reasoning)
        now = time.monotonic()
        if persist and now - turn.last_persist >= PERSIST_S:
            turn.last_persist = now
            try:
                self._archive.update_streaming(turn.answer_id, "".join(turn.text), "".join(turn.reasoning))
            except StoreError as exc:
                self.storageFailed.emit(str(exc))

    def note_balance(self, amount: Decimal, source: str) -> None:
        self.balance = amount
        self.balance_at = time.time()
        try:
            self._archive.record_balance(self.provider.id, amount, source)
        except StoreError as exc:
            log.warning("could not record the balance: %s", exc)
        self.balanceChanged.emit(amount, self.balance_at)


def _title_from(text: str) -> str:
    line = " ".join(text.split())
    return line[:30] + ("…" if len(line) > 30 else "")
