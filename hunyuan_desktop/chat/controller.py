"""Runs turns on the asyncio loop, batches deltas for the view, persists, and reports with signals.

One turn, as data (docs/ARCHITECTURE.md): the user's message and an empty ``streaming`` answer are committed before
the request leaves; deltas are buffered and handed to the view every ``FLUSH_MS``; the partial answer is
written to its row every ``PERSIST_S``; the end (done, stopped, error) is written with usage,
cost, finish reason and the server's own error message. Uses QtCore only (signals, a timer).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from hunyuan_desktop.api.errors import ApiError
from hunyuan_desktop.api.request import NothingToSendError, build_chat_request
from hunyuan_desktop.catalog import Catalog, cost_of
from hunyuan_desktop.chat.balance import BalanceService, EndpointFactory
from hunyuan_desktop.chat.titles import (
    TITLE_PROMPT_EN,
    TITLE_PROMPT_ZH,
    TITLE_TOKENS,
    clean_title,
    first_question_title,
)
from hunyuan_desktop.domain import (
    MAX_SOURCES,
    Attachment,
    BalanceEvent,
    BalanceSource,
    ErrorSource,
    FailureKind,
    FinishEvent,
    FinishReason,
    Message,
    MessageStatus,
    Model,
    Money,
    Params,
    ReasoningDelta,
    RetryWait,
    Role,
    Source,
    SourcesEvent,
    TextDelta,
    Thinking,
    Usage,
    UsageEvent,
    model_ref,
)
from hunyuan_desktop.secrets import SecretsError
from hunyuan_desktop.store.archive import Archive, StoreError

if TYPE_CHECKING:
    from hunyuan_desktop.api.client import ChatClient

log = logging.getLogger(__name__)

FLUSH_MS = 16
YIELD_EVERY_S = 0.001
PERSIST_S = 0.5  # a crash loses at most this much of an answer (plus one flush)...
PERSIST_FULL_SPEED_CHARS = 1_000_000  # ...up to this length; a longer one rewrites less often
MAX_DROPPED_COUNTED = 1_000_000  # sources past the cap are counted up to this many


def persist_interval(chars: int) -> float:
    """Seconds between partial writes: each rewrites the whole text (150 ms on the worker at 10 MB)."""
    return PERSIST_S * max(1.0, chars / PERSIST_FULL_SPEED_CHARS)


@dataclass(frozen=True, slots=True)
class TurnError:
    """What the view needs to explain a failure: the kind, the words, whose words, when to retry."""

    kind: FailureKind
    message: str
    status: int | None = None
    retry_after: float | None = None
    source: ErrorSource = ErrorSource.LOCAL


# ---- signal payloads -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TurnStarted:
    conversation_id: int
    user: Message | None  # None when retrying
    answer: Message  # empty, status streaming


@dataclass(frozen=True, slots=True)
class StreamBatch:
    """Text and reasoning added to an answer since the last batch (about every ``FLUSH_MS``)."""

    conversation_id: int
    message_id: int
    text: str
    reasoning: str


@dataclass(frozen=True, slots=True)
class TurnFinished:
    conversation_id: int
    message: Message  # final: done, stopped, error or interrupted; never streaming
    error: TurnError | None


@dataclass(frozen=True, slots=True)
class TurnWaiting:
    """Nothing has arrived yet and the client waits ``seconds`` before trying again."""

    conversation_id: int
    seconds: float
    kind: FailureKind


@dataclass
class _Turn:
    """One answer in flight. The controller is its only owner: a view that opens the conversation asks
    :meth:`ChatController.live_message` for what has been shown so far and then follows the batches."""

    conversation_id: int
    answer: Message  # as committed by begin_turn (empty, streaming); never mutated
    model: Model
    shown_text: list[str] = field(default_factory=list)  # handed to views in batches so far
    shown_reasoning: list[str] = field(default_factory=list)
    pending_text: list[str] = field(default_factory=list)  # arrived, not yet in a batch
    pending_reasoning: list[str] = field(default_factory=list)
    last_persist: float = field(default_factory=time.monotonic)
    task: asyncio.Task[None] | None = None
    finishing: bool = False
    persisting: asyncio.Future[None] | None = None  # the partial write in flight, if any
    size: int = 0  # characters handed out so far
    sources: dict[str, Source] = field(default_factory=dict)  # web search results by URL, as they came
    dropped: set[int] = field(default_factory=set)  # hashes of the URLs past MAX_SOURCES (counted, not kept)

    def text(self) -> str:
        return "".join(self.shown_text) + "".join(self.pending_text)

    def keep_sources(self, sources: tuple[Source, ...]) -> None:
        """Sources as they come (repeated on every chunk by some providers: once each), up to MAX_SOURCES
        per answer; the rest are counted, so the answer can say how many were left out. A server that sent
        100,000 froze the window for 9 s and added 54 MB to the archive."""
        for source in sources:
            if source.url in self.sources:
                continue
            if len(self.sources) < MAX_SOURCES:
                self.sources[source.url] = source
            elif len(self.dropped) < MAX_DROPPED_COUNTED:
                self.dropped.add(hash(source.url))

    def reasoning(self) -> str:
        return "".join(self.shown_reasoning) + "".join(self.pending_reasoning)


@dataclass
class _Outcome:
    status: MessageStatus | None = None  # None until the turn ends one way or another
    usage: Usage | None = None
    finish: FinishReason = FinishReason.NONE
    error: TurnError | None = None


class ChatController(QObject):
    """Every turn ends in exactly one of done / stopped / error (interrupted is what a crash leaves,
    found at the next start): whatever is raised while it runs, its partial text is kept, the view is
    told, and the conversation is no longer busy."""

    turnStarted = Signal(object)  # TurnStarted
    deltas = Signal(object)  # StreamBatch
    turnFinished = Signal(object)  # TurnFinished
    turnWaiting = Signal(object)  # TurnWaiting
    busyChanged = Signal(int, bool)
    conversationChanged = Signal(int)  # its title, busy state or recency changed
    storageFailed = Signal(str)

    def __init__(
        self,
        archive: Archive,
        client: Callable[[], ChatClient],
        catalog: Catalog,
        endpoint: EndpointFactory,
        balances: BalanceService,
        *,
        streaming: Callable[[], bool] = lambda: True,
        title_model: Callable[[], str | None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._archive = archive
        self._client = client
        self.catalog = catalog
        self._endpoint = endpoint
        self.balances = balances
        self._streaming = streaming
        # The model that names conversations: None, automatic titles off; "", the conversation's own
        # provider's (see title_model_for); a reference, that model.
        self.title_model = title_model
        self._titling: set[asyncio.Task[None]] = set()
        self._turns: dict[int, _Turn] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(FLUSH_MS)
        self._timer.timeout.connect(self._flush_all)

    # ---- queries -----------------------------------------------------------------------------------

    def is_busy(self, conversation_id: int) -> bool:
        return conversation_id in self._turns

    def live_message(self, conversation_id: int) -> Message | None:
        """The answer in flight as views have been shown it so far (every batch up to now, none of the
        text still waiting for the next batch), or None. A view that opens the conversation shows this
        instead of the archive's copy, which may be up to ``PERSIST_S`` old, then applies the batches."""
        turn = self._turns.get(conversation_id)
        if turn is None:
            return None
        return replace(turn.answer, content="".join(turn.shown_text), reasoning="".join(turn.shown_reasoning))

    def model_for(self, ref: str) -> Model:
        """The model a reference names (``deepseek:deepseek-v4-pro``; a bare id is wcode's). One the
        catalog does not know (typed by hand, removed since) has no price and generous limits."""
        return self.catalog.model(ref)

    # ---- commands ----------------------------------------------------------------------------------

    def send(
        self,
        conversation_id: int,
        text: str,
        attachments: tuple[Attachment, ...] = (),
        blobs: dict[str, tuple[str, bytes]] | None = None,
    ) -> bool:
        """Start a turn with the user's text and attachments (``blobs``: their bytes by digest, kept with
        the question). False if that conversation is already answering."""
        if (not text.strip() and not attachments) or self.is_busy(conversation_id):
            return False
        return self._start(conversation_id, text, attachments=attachments, blobs=blobs)

    def retry(self, conversation_id: int) -> bool:
        """Ask again for an answer to the current branch's last question (after an error or a stop). A
        failed attempt that received nothing is replaced, not kept as a version beside the answer."""
        if self.is_busy(conversation_id):
            return False
        try:
            tip = self._archive.tip(conversation_id)
            if tip is not None and _nothing_received(tip):
                self._archive.delete_message(tip.id)
        except StoreError as exc:
            self.storageFailed.emit(str(exc))
            return False
        return self._start(conversation_id, None)

    def regenerate(self, conversation_id: int, answer_id: int, model_id: str | None = None) -> bool:
        """Another answer to the question ``answer_id`` answered, beside it as a new version; with
        ``model_id``, from that model (the conversation keeps its own)."""
        answer = self._message(answer_id)
        if answer is None or answer.parent_id is None or self.is_busy(conversation_id):
            return False
        question = self._message(answer.parent_id)
        while question is not None and question.role is not Role.USER and question.parent_id is not None:
            question = self._message(question.parent_id)  # a continuation's answer: up to its question
        if question is None or question.role is not Role.USER:
            return False
        return self._start(conversation_id, None, parent_id=question.id, model_id=model_id)

    def edit_and_resend(self, conversation_id: int, question_id: int, text: str) -> bool:
        """A new version of question ``question_id`` (beside it, the old branch stays) and its answer."""
        question = self._message(question_id)
        if question is None or question.role is not Role.USER or self.is_busy(conversation_id):
            return False
        if not text.strip() and not question.attachments:
            return False
        # The new version keeps the question's images and files (their bytes are kept already).
        root, attached = question.parent_id is None, question.attachments
        return self._start(conversation_id, text, parent_id=question.parent_id, root=root, attachments=attached)

    def continue_answer(self, conversation_id: int, answer_id: int) -> bool:
        """Carry on answer ``answer_id`` (cut at max_tokens, or stopped): a request of its own whose text
        joins the answer on screen and in exports; its tokens and cost are its own."""
        answer = self._message(answer_id)
        if answer is None or answer.role is not Role.ASSISTANT or self.is_busy(conversation_id):
            return False
        return self._start(conversation_id, None, parent_id=answer_id, continues=True, model_id=answer.model or None)

    def stop(self, conversation_id: int) -> None:
        turn = self._turns.get(conversation_id)
        if turn is not None and turn.task is not None and not turn.finishing:
            turn.task.cancel()

    async def shutdown(self) -> None:
        """Cancel every turn and wait until each has saved its partial answer."""
        tasks: list[asyncio.Task[Any]] = [t.task for t in self._turns.values() if t.task is not None]
        tasks += list(self._titling)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        await self.balances.shutdown()
        self._timer.stop()

    # ---- internals ---------------------------------------------------------------------------------

    def _message(self, message_id: int) -> Message | None:
        try:
            return self._archive.message(message_id)
        except StoreError as exc:
            self.storageFailed.emit(str(exc))
            return None

    def _start(
        self,
        conversation_id: int,
        text: str | None,
        *,
        parent_id: int | None = None,
        root: bool = False,
        continues: bool = False,
        model_id: str | None = None,
        attachments: tuple[Attachment, ...] = (),
        blobs: dict[str, tuple[str, bytes]] | None = None,
    ) -> bool:
        try:
            conversation = self._archive.conversation(conversation_id)
            if conversation is None:
                return False
            model = self.model_for(model_id or conversation.model)
            first = self._archive.message_count(conversation_id) == 0
            user, answer = self._archive.begin_turn(
                conversation_id, text, model.ref, parent_id=parent_id, root=root, continues=continues,
                attachments=attachments, blobs=blobs,
            )  # fmt: skip
            if first and text is not None:
                title = text if text.strip() else ", ".join(a.name for a in attachments)
                self._archive.rename(conversation_id, first_question_title(title), manual=False)
        except StoreError as exc:
            self.storageFailed.emit(str(exc))
            return False
        turn = _Turn(conversation_id, answer, model)
        self._turns[conversation_id] = turn
        turn.task = asyncio.ensure_future(self._run(turn))
        self.turnStarted.emit(TurnStarted(conversation_id, user, answer))
        self.busyChanged.emit(conversation_id, True)
        self.conversationChanged.emit(conversation_id)
        if not self._timer.isActive():
            self._timer.start()
        return True

    async def _run(self, turn: _Turn) -> None:
        outcome = _Outcome()
        try:
            await self._stream(turn, outcome)
            outcome.status = MessageStatus.DONE
        except asyncio.CancelledError:
            outcome.status = MessageStatus.STOPPED
        except ApiError as exc:
            source = ErrorSource.SERVER if exc.from_server else ErrorSource.LOCAL
            outcome.error = TurnError(exc.kind, exc.message, exc.status, exc.retry_after, source)
            if exc.balance is not None:
                self.balances.note(turn.model.provider, Money(exc.balance), BalanceSource.HEADER)
        except SecretsError as exc:
            outcome.error = TurnError(FailureKind.KEYRING, str(exc))
        except NothingToSendError as exc:
            outcome.error = TurnError(FailureKind.REJECTED, str(exc))
        except StoreError as exc:
            outcome.error = TurnError(FailureKind.STORAGE, str(exc))
        except Exception as exc:
            # A bug, or something no layer below expected. The user still gets a finished turn with the
            # text kept; the log (keys masked) has the traceback.
            log.exception("unexpected error during a turn")
            outcome.error = TurnError(FailureKind.UNEXPECTED, type(exc).__name__)
        finally:
            if outcome.error is not None:
                outcome.status = MessageStatus.ERROR
            await self._finish(turn, outcome)

    async def _stream(self, turn: _Turn, outcome: _Outcome) -> None:
        conversation = self._archive.conversation(turn.conversation_id)
        if conversation is None:
            raise StoreError("the conversation was deleted while its answer was requested")
        # Only the branch the answer hangs from: root to its parent.
        parent = turn.answer.parent_id
        history = self._archive.path_to(parent) if parent is not None else []
        blobs = self._archive.blobs_for(history)  # each question carries its attachments, every turn
        streaming = self._streaming()
        body = build_chat_request(
            turn.model,
            history,
            system_prompt=conversation.system_prompt,
            params=conversation.params,
            stream=streaming,
            continuing=turn.answer.continues,
            provider=self.catalog.provider(turn.model.provider),
            blobs=blobs,
        )
        endpoint = await self._endpoint(turn.model.provider)
        client = self._client()
        events = client.stream_chat(endpoint, body) if streaming else client.stream_chat_nonstream(endpoint, body)
        loop = asyncio.get_running_loop()
        slice_end = loop.time() + YIELD_EVERY_S
        async for event in events:
            if loop.time() > slice_end:
                # httpx hands over buffered chunks without returning to the event loop; a fast
                # stream would starve Qt (timers, paints, input) without this cooperative yield.
                await asyncio.sleep(0)
                slice_end = loop.time() + YIELD_EVERY_S
            if isinstance(event, TextDelta):
                turn.pending_text.append(event.text)
            elif isinstance(event, ReasoningDelta):
                turn.pending_reasoning.append(event.text)
            elif isinstance(event, UsageEvent):
                outcome.usage = event.usage
            elif isinstance(event, FinishEvent):
                outcome.finish = event.reason
            elif isinstance(event, BalanceEvent):
                self.balances.note(turn.model.provider, Money(event.yuan), BalanceSource.HEADER)
            elif isinstance(event, SourcesEvent):
                turn.keep_sources(event.sources)
            elif isinstance(event, RetryWait):
                self.turnWaiting.emit(TurnWaiting(turn.conversation_id, event.seconds, event.kind))

    async def _finish(self, turn: _Turn, outcome: _Outcome) -> None:
        """Write the end of the turn and tell the views; the clean-up runs whatever happens here."""
        status = outcome.status or MessageStatus.ERROR
        error = outcome.error
        final: Message | None = None
        try:
            self._flush(turn, persist=False)
            turn.finishing = True  # no more flushes or partial writes; still busy until the view has it
            final = self._final_message(turn, status, outcome)
            if turn.persisting is not None:
                await turn.persisting  # never let a partial write land after the final one
            try:
                await self._archive.afinish_message(final)
                final = replace(final, updated_at=time.time())  # not read back: a 10 MB row took 76 ms
            except StoreError as exc:
                self.storageFailed.emit(str(exc))
        except Exception as exc:
            log.exception("could not finish a turn cleanly")
            error = TurnError(FailureKind.UNEXPECTED, type(exc).__name__)
            status = MessageStatus.ERROR
            final = self._final_message(turn, status, _Outcome(status, error=error))
            with contextlib.suppress(Exception):  # best effort, the plain way: the row must not stay "streaming"
                await asyncio.get_running_loop().run_in_executor(None, self._archive.finish_message, final)
        finally:
            if final is None:  # cancelled before the final message was made
                final = self._final_message(turn, status, _Outcome(status, error=error))
            self._turns.pop(turn.conversation_id, None)
            if not self._turns:
                self._timer.stop()
            self.turnFinished.emit(TurnFinished(turn.conversation_id, final, error))
            self.busyChanged.emit(turn.conversation_id, False)
            self.conversationChanged.emit(turn.conversation_id)
            if final.status is MessageStatus.DONE and final.content.strip():
                self._maybe_title(turn.conversation_id, final)
            self.balances.after_turn(turn.model.provider)

    @staticmethod
    def _final_message(turn: _Turn, status: MessageStatus, outcome: _Outcome) -> Message:
        error = outcome.error
        cost = cost_of(turn.model, outcome.usage)
        return replace(
            turn.answer,
            content=turn.text(),
            reasoning=turn.reasoning(),
            status=status,
            error=error.message if error else "",
            error_kind=error.kind if error else None,
            error_source=error.source if error else None,
            usage=outcome.usage,
            cost=cost,
            finish_reason=outcome.finish,
            sources=tuple(turn.sources.values()),
            sources_dropped=len(turn.dropped),
        )

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
            turn.shown_text.append(text)
            turn.shown_reasoning.append(reasoning)
            turn.size += len(text) + len(reasoning)
            self.deltas.emit(StreamBatch(turn.conversation_id, turn.answer.id, text, reasoning))
        now = time.monotonic()
        idle = turn.persisting is None or turn.persisting.done()
        if persist and idle and now - turn.last_persist >= persist_interval(turn.size):
            turn.last_persist = now
            turn.persisting = asyncio.ensure_future(self._persist(turn.answer.id, turn.text(), turn.reasoning()))

    async def _persist(self, message_id: int, text: str, reasoning: str) -> None:
        """The partial answer, written on a worker thread: writing a long answer's text took 45-140 ms
        on the GUI thread (10 MB). One write at a time per turn; the final write waits for it."""
        try:
            await self._archive.aupdate_streaming(message_id, text, reasoning)
        except StoreError as exc:
            self.storageFailed.emit(str(exc))

    # ---- automatic titles --------------------------------------------------------------------------

    def _maybe_title(self, conversation_id: int, answer: Message) -> None:
        """After the first answer of a conversation the user has not renamed: ask a cheap model for a
        short title in the conversation's language, once."""
        chosen = self.title_model()
        if chosen is None:
            return
        try:
            conv = self._archive.conversation(conversation_id)
            path = self._archive.path_to(answer.id) if answer.parent_id is not None else []
        except StoreError as exc:
            log.warning("no automatic title: %s", exc)
            return
        questions = [m for m in path if m.role is Role.USER]
        if conv is None or conv.title_manual or len(questions) != 1 or answer.continues:
            return
        model = self.title_model_for(answer.model or conv.model, chosen)
        task = asyncio.ensure_future(self._title(conversation_id, model, questions[0], answer))
        self._titling.add(task)
        task.add_done_callback(self._titling.discard)

    def title_model_for(self, answered_by: str, chosen: str) -> Model:
        """The model that names a conversation answered by ``answered_by``: ``chosen`` (a reference) if the
        user picked one, unless that would carry a local provider's conversation to a remote one; else the
        same provider's cheap title model, else ``answered_by`` itself. A conversation's words never go to
        a provider the user did not choose."""
        own = self.model_for(answered_by)
        if chosen:
            picked = self.model_for(chosen)
            if (
                picked.provider == own.provider
                or not self.catalog.is_local(own.provider)
                or self.catalog.is_local(picked.provider)
            ):
                return picked
        cheap = self.catalog.provider(own.provider).title_model
        return self.model_for(model_ref(own.provider, cheap)) if cheap else own

    async def _title(self, conversation_id: int, model: Model, question: Message, answer: Message) -> None:
        chinese = any(ord(ch) >= 0x2E80 for ch in question.content[:500])
        # The title request is built like any other, in the provider's own way (thinking switched off where
        # it can be: a reasoning model's 40 tokens would otherwise go to its reasoning, and no title came).
        asked = Message(0, conversation_id, Role.USER, question.content[:1500] + "\n\n---\n\n" + answer.content[:1500])
        body = build_chat_request(
            model,
            [asked],
            system_prompt=TITLE_PROMPT_ZH if chinese else TITLE_PROMPT_EN,
            params=Params(max_tokens=TITLE_TOKENS, thinking=Thinking.OFF),
            stream=False,
            provider=self.catalog.provider(model.provider),
        )
        try:
            endpoint = await self._endpoint(model.provider)
            result = await self._client().complete(endpoint, body)
        except (ApiError, SecretsError) as exc:
            log.info("automatic title failed (the old title stays): %s", exc)  # not retried
            return
        cost = cost_of(model, result.usage)
        title = clean_title(result.text)
        try:
            self._archive.set_auto_title(conversation_id, title, cost)
        except StoreError as exc:
            log.warning("could not store the automatic title: %s", exc)
            return
        if result.balance is not None:
            self.balances.note(model.provider, Money(result.balance), BalanceSource.HEADER)
        self.conversationChanged.emit(conversation_id)


def _nothing_received(message: Message) -> bool:
    """A failed answer with nothing in it: no text, no reasoning, nothing billed."""
    return (
        message.role is Role.ASSISTANT
        and message.status is MessageStatus.ERROR
        and not message.content.strip()
        and not message.reasoning.strip()
        and message.usage is None
        and message.cost is None
    )
