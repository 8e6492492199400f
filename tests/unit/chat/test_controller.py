"""The controller without a window: turns against the stand-in server, and what it promises whatever
goes wrong (every turn ends in one terminal state, the clean-up always runs, one owner of the live text)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from hunyuan_desktop.api.client import ChatClient
from hunyuan_desktop.api.endpoint import Endpoint, RetryPolicy, Timeouts
from hunyuan_desktop.catalog import Catalog, load_catalog
from hunyuan_desktop.chat.balance import BalanceService
from hunyuan_desktop.chat.controller import ChatController, StreamBatch, TurnFinished, TurnStarted
from hunyuan_desktop.domain import MessageStatus, Money, Params, StreamEvent, TextDelta
from hunyuan_desktop.standin import BILLING_PATH, DEMO_KEY, DemoServer, Fault
from hunyuan_desktop.store.archive import Archive
from tests.ui.helpers import until

CATALOG = Catalog(load_catalog())


class Recorder:
    def __init__(self, controller: ChatController) -> None:
        self.events: list[object] = []
        self.busy: list[tuple[int, bool]] = []
        controller.turnStarted.connect(self.events.append)
        controller.deltas.connect(self.events.append)
        controller.turnFinished.connect(self.events.append)
        controller.busyChanged.connect(lambda cid, busy: self.busy.append((cid, busy)))

    def finished(self) -> list[TurnFinished]:
        return [e for e in self.events if isinstance(e, TurnFinished)]

    def text(self) -> str:
        return "".join(e.text for e in self.events if isinstance(e, StreamBatch))


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    a = Archive.open(tmp_path / "archive.sqlite3")
    yield a
    a.close()


def make(archive: Archive, server: DemoServer, client: Any = None) -> tuple[ChatController, ChatClient]:
    real = ChatClient(
        ChatClient.make_http(Timeouts(connect=2, first_byte=3, idle=1)),
        timeouts=Timeouts(connect=2, first_byte=3, idle=1),
        retry=RetryPolicy(attempts=2, backoff=0.01),
    )

    async def endpoint(provider_id: str) -> Endpoint:
        return Endpoint(server.base_url, DEMO_KEY, billing_path=BILLING_PATH)

    balances = BalanceService(archive, lambda: client or real, CATALOG, endpoint)
    controller = ChatController(archive, lambda: client or real, CATALOG, endpoint, balances)
    return controller, real


def conversation(archive: Archive) -> int:
    return archive.create_conversation("t", "hunyuan-turbos-latest", Params(), "").id


async def wait_idle(controller: ChatController, cid: int) -> None:
    await until(lambda: not controller.is_busy(cid), what="the turn to end")


async def test_a_turn_reports_start_batches_and_end_in_order(server: DemoServer, archive: Archive) -> None:
    text = "流式回答，" * 40
    server.push_fault(Fault(text=text, chunk_chars=3, rate=400))
    controller, client = make(archive, server)
    seen = Recorder(controller)
    cid = conversation(archive)
    try:
        assert controller.send(cid, "你好")
        assert not controller.send(cid, "again")  # one turn per conversation
        await wait_idle(controller, cid)
    finally:
        await client.aclose()
    assert isinstance(seen.events[0], TurnStarted) and isinstance(seen.events[-1], TurnFinished)
    assert seen.text() == text
    (end,) = seen.finished()
    assert end.message.status is MessageStatus.DONE and end.message.content == text and end.error is None
    assert end.message.cost is not None and end.message.cost > 0
    assert seen.busy == [(cid, True), (cid, False)]
    stored = archive.message(end.message.id)
    assert stored is not None and stored.content == text and stored.status is MessageStatus.DONE


async def test_live_message_is_what_views_were_shown_and_batches_continue_it(
    server: DemoServer, archive: Archive
) -> None:
    text = "".join(f"第{i}句。" for i in range(400))
    server.push_fault(Fault(text=text, chunk_chars=4, rate=300))
    controller, client = make(archive, server)
    seen = Recorder(controller)
    cid = conversation(archive)
    try:
        controller.send(cid, "q")
        await until(lambda: len(seen.text()) > 100, what="some batches")
        live = controller.live_message(cid)
        assert live is not None and live.status is MessageStatus.STREAMING
        assert live.content == seen.text()  # exactly what was handed out, no pending text
        before = len([e for e in seen.events if isinstance(e, StreamBatch)])
        await wait_idle(controller, cid)
        later = [e.text for e in seen.events if isinstance(e, StreamBatch)][before:]
        assert live.content + "".join(later) == text  # no gap, no overlap
        assert controller.live_message(cid) is None
    finally:
        await client.aclose()


async def test_stop_keeps_the_partial_text_as_stopped(server: DemoServer, archive: Archive) -> None:
    server.push_fault(Fault(text="慢慢说" * 300, chunk_chars=3, rate=100))
    controller, client = make(archive, server)
    seen = Recorder(controller)
    cid = conversation(archive)
    try:
        controller.send(cid, "q")
        await until(lambda: len(seen.text()) > 20, what="some text")
        controller.stop(cid)
        await wait_idle(controller, cid)
    finally:
        await client.aclose()
    (end,) = seen.finished()
    assert end.message.status is MessageStatus.STOPPED and end.message.content.startswith("慢慢说")


class ExplodingClient:
    """A ChatClient whose stream yields some text, then raises what no layer expects."""

    def __init__(self, exc: BaseException, after: int = 3) -> None:
        self.exc = exc
        self.after = after

    async def stream_chat(self, endpoint: Endpoint, body: dict[str, Any]) -> AsyncIterator[StreamEvent]:
        for i in range(self.after):
            yield TextDelta(f"片段{i}")
            await asyncio.sleep(0.02)
        raise self.exc


@pytest.mark.parametrize(
    "exc", [RuntimeError("boom"), UnicodeEncodeError("ascii", "é", 0, 1, "x"), OverflowError("too big"), KeyError("k")]
)
async def test_anything_unexpected_ends_the_turn_as_an_error_with_the_text_kept(
    server: DemoServer, archive: Archive, exc: BaseException
) -> None:
    controller, client = make(archive, server, ExplodingClient(exc))
    seen = Recorder(controller)
    cid = conversation(archive)
    try:
        controller.send(cid, "q")
        await wait_idle(controller, cid)
    finally:
        await client.aclose()
    (end,) = seen.finished()
    assert end.message.status is MessageStatus.ERROR
    assert end.error is not None and end.error.kind == "unexpected"
    assert end.message.content == "片段0片段1片段2"
    stored = archive.message(end.message.id)
    assert stored is not None and stored.status is MessageStatus.ERROR and stored.content == end.message.content
    assert seen.busy[-1] == (cid, False)


async def test_a_failure_while_finishing_still_ends_the_turn(
    server: DemoServer, archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("not a storage error")

    monkeypatch.setattr(archive, "afinish_message", broken)
    controller, client = make(archive, server)
    seen = Recorder(controller)
    cid = conversation(archive)
    try:
        controller.send(cid, "q")
        await wait_idle(controller, cid)
        assert controller.send(cid, "q2")  # the conversation is usable again
        await wait_idle(controller, cid)
    finally:
        await client.aclose()
    first = seen.finished()[0]
    assert first.message.status is MessageStatus.ERROR and first.error is not None
    assert first.message.content  # what arrived is kept
    stored = archive.message(first.message.id)
    assert stored is not None and stored.status is not MessageStatus.STREAMING


async def test_shutdown_saves_every_turn_in_flight(server: DemoServer, archive: Archive) -> None:
    server.push_fault(Fault(text="长" * 2000, chunk_chars=2, rate=100, times=2))
    controller, client = make(archive, server)
    seen = Recorder(controller)
    a, b = conversation(archive), conversation(archive)
    try:
        controller.send(a, "q")
        controller.send(b, "q")
        await until(lambda: len(seen.text()) > 10, what="text")
        await controller.shutdown()
    finally:
        await client.aclose()
    ends = seen.finished()
    assert sorted(e.conversation_id for e in ends) == [a, b]
    assert all(e.message.status is MessageStatus.STOPPED for e in ends)
    assert not controller.is_busy(a) and not controller.is_busy(b)


async def test_a_stored_balance_out_of_range_is_passed_over(server: DemoServer, archive: Archive) -> None:
    archive.record_balance("wcode", Decimal("9.5"), "header")
    archive.record_balance("wcode", Decimal("1e24"), "header")  # as an older version stored it
    controller, client = make(archive, server)
    try:
        known = controller.balances.known("wcode")
        assert known is not None and known[0] == Money(Decimal("9.5"), "CNY")
    finally:
        await client.aclose()
