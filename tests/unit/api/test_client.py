"""The client against the stand-in server over real loopback HTTP: no mocks on the wire."""

from __future__ import annotations

import asyncio
import socket
from decimal import Decimal

import pytest

from hunyuan_desktop.api.client import ChatClient, sleep_at_least
from hunyuan_desktop.api.endpoint import Endpoint, RetryPolicy, Timeouts
from hunyuan_desktop.api.errors import (
    ApiError,
    ApiTimeoutError,
    BadKeyError,
    BalanceError,
    NetworkError,
    ProtocolError,
    RateLimitError,
    ServerError,
    TruncatedError,
)
from hunyuan_desktop.domain import (
    BalanceEvent,
    FailureKind,
    FinishEvent,
    FinishReason,
    Money,
    ReasoningDelta,
    StreamEnd,
    StreamEvent,
    TextDelta,
    UsageEvent,
)
from hunyuan_desktop.standin import BILLING_PATH, DEMO_KEY, DemoServer, Fault, FaultKind
from tests.ui.helpers import until

BODY = {"model": "hunyuan-turbo", "messages": [{"role": "user", "content": "你好"}]}
TEXT = "第一行：你好😄\n第二行 **bold** `code`\n"


def make_client(**timeouts: float) -> ChatClient:
    t = Timeouts(**timeouts) if timeouts else Timeouts(connect=2, first_byte=5, idle=5)
    return ChatClient(ChatClient.make_http(t), timeouts=t, retry=RetryPolicy(attempts=3, backoff=0.01))


def endpoint(server: DemoServer, key: str = DEMO_KEY) -> Endpoint:
    return Endpoint(server.base_url, key, billing_path=BILLING_PATH)


async def collect(client: ChatClient, ep: Endpoint) -> tuple[list[StreamEvent], ApiError | None]:
    got: list[StreamEvent] = []
    try:
        async for event in client.stream_chat(ep, dict(BODY)):
            got.append(event)
    except ApiError as exc:
        return got, exc
    return got, None


def text_of(events: list[StreamEvent]) -> str:
    return "".join(e.text for e in events if isinstance(e, TextDelta))


async def test_normal_stream_text_usage_balance_and_request(server: DemoServer) -> None:
    server.push_fault(Fault(text=TEXT))
    client = make_client()
    events, error = await collect(client, endpoint(server))
    await client.aclose()
    assert error is None
    assert text_of(events) == TEXT
    assert isinstance(events[0], BalanceEvent) and events[0].yuan < Decimal(100)
    usage = [e.usage for e in events if isinstance(e, UsageEvent)]
    assert len(usage) == 1 and usage[0].total_tokens == usage[0].prompt_tokens + usage[0].completion_tokens
    assert FinishEvent(FinishReason.STOP) in events
    assert isinstance(events[-1], StreamEnd)
    sent = server.requests[-1]
    assert sent["authorization"] == f"Bearer {DEMO_KEY}"
    assert sent["body"]["stream"] is True
    assert sent["body"]["stream_options"] == {"include_usage": True}


async def test_balance_falls_with_each_reply(server: DemoServer) -> None:
    client = make_client()
    first, _ = await collect(client, endpoint(server))
    second, _ = await collect(client, endpoint(server))
    await client.aclose()
    b1 = next(e.yuan for e in first if isinstance(e, BalanceEvent))
    b2 = next(e.yuan for e in second if isinstance(e, BalanceEvent))
    assert b2 < b1 < Decimal(100)


async def test_non_streaming_completion(server: DemoServer) -> None:
    server.push_fault(Fault(text=TEXT, reasoning="先想一想"))
    client = make_client()
    result = await client.complete(endpoint(server), dict(BODY))
    await client.aclose()
    assert result.text == TEXT
    assert result.reasoning == "先想一想"
    assert result.usage is not None and result.usage.completion_tokens > 0
    assert result.balance is not None
    assert server.requests[-1]["body"]["stream"] is False


async def test_json_answer_to_a_stream_request_is_parsed_as_one_response(server: DemoServer) -> None:
    server.push_fault(Fault(kind=FaultKind.NONSTREAM, text=TEXT))
    client = make_client()
    events, error = await collect(client, endpoint(server))
    await client.aclose()
    assert error is None and text_of(events) == TEXT
    assert any(isinstance(e, UsageEvent) for e in events)


async def test_billing_endpoint(server: DemoServer) -> None:
    client = make_client()
    balance = await client.fetch_balance(endpoint(server))
    with pytest.raises(BadKeyError):
        await client.fetch_balance(endpoint(server, "sk-wrong"))
    await client.aclose()
    assert balance == Money(Decimal(100), "CNY")


@pytest.mark.parametrize(
    ("fault", "kind"),
    [
        (Fault(kind=FaultKind.STATUS, status=401, message="Incorrect API_KEY provided."), FailureKind.BAD_KEY),
        (Fault(kind=FaultKind.STATUS, status=402, message="insufficient balance"), FailureKind.BALANCE),
        (
            Fault(kind=FaultKind.STATUS, status=429, message="API_KEY exceeded the current quota, please check"),
            FailureKind.BALANCE,
        ),
        (Fault(kind=FaultKind.STATUS, status=400, message="max_tokens is out of range"), FailureKind.REJECTED),
        (Fault(kind=FaultKind.HTML, status=418, message="I am a teapot"), FailureKind.REJECTED),
    ],
)
async def test_status_errors_keep_the_servers_words(server: DemoServer, fault: Fault, kind: FailureKind) -> None:
    server.push_fault(fault)
    client = make_client()
    events, error = await collect(client, endpoint(server))
    await client.aclose()
    assert error is not None and error.kind is kind
    assert fault.message in error.message
    assert error.status == fault.status
    assert error.balance is not None  # the header is read on error responses too
    assert text_of(events) == ""


async def test_wrong_key_and_missing_key(server: DemoServer) -> None:
    client = make_client()
    _, wrong = await collect(client, endpoint(server, "sk-not-the-right-one"))
    _, missing = await collect(client, endpoint(server, ""))
    await client.aclose()
    assert isinstance(wrong, BadKeyError) and "Incorrect API_KEY" in wrong.message
    assert "sk-not-the-right-one" not in str(wrong)
    assert isinstance(missing, BadKeyError)
    assert len(server.requests) == 1  # no request at all without a key


async def test_key_echoed_by_server_is_redacted(server: DemoServer) -> None:
    secret = "sk-echoed-secret-123456"
    server.push_fault(Fault(kind=FaultKind.STATUS, status=401, message=f"Incorrect API_KEY provided: {secret}"))
    client = make_client()
    _, error = await collect(client, endpoint(server, secret))
    await client.aclose()
    assert error is not None and secret not in str(error) and secret not in repr(error.args)


async def test_5xx_and_html_pages_are_retried_before_content(server: DemoServer) -> None:
    server.push_fault(Fault(kind=FaultKind.STATUS, status=503, message="overloaded"))
    server.push_fault(Fault(kind=FaultKind.HTML, status=502, message="Bad Gateway"))
    client = make_client()
    events, error = await collect(client, endpoint(server))
    await client.aclose()
    assert error is None and text_of(events)
    assert len(server.requests) == 3


async def test_retries_stop_after_three_attempts(server: DemoServer) -> None:
    server.push_fault(Fault(kind=FaultKind.STATUS, status=500, message="boom", times=5))
    client = make_client()
    _, error = await collect(client, endpoint(server))
    await client.aclose()
    assert isinstance(error, ServerError) and "boom" in error.message
    assert len(server.requests) == 3


async def test_429_honours_retry_after(server: DemoServer) -> None:
    server.push_fault(Fault(kind=FaultKind.STATUS, status=429, message="Rate limit exceeded", retry_after=0.3))
    client = make_client()
    loop = asyncio.get_running_loop()
    started = loop.time()
    events, error = await collect(client, endpoint(server))
    await client.aclose()
    assert error is None and text_of(events)
    assert loop.time() - started >= 0.3
    assert len(server.requests) == 2


async def test_429_with_too_long_retry_after_is_reported_not_waited(server: DemoServer) -> None:
    server.push_fault(Fault(kind=FaultKind.STATUS, status=429, message="Rate limit exceeded", retry_after=600))
    client = make_client()
    _, error = await collect(client, endpoint(server))
    await client.aclose()
    assert isinstance(error, RateLimitError) and error.retry_after == 600
    assert len(server.requests) == 1


async def test_dropped_connection_keeps_partial_text_and_is_not_retried(server: DemoServer) -> None:
    server.push_fault(Fault(kind=FaultKind.DROP, after=4, text=TEXT))
    client = make_client()
    events, error = await collect(client, endpoint(server))
    await client.aclose()
    assert isinstance(error, NetworkError)
    assert text_of(events) == TEXT[:12]
    assert len(server.requests) == 1


async def test_error_object_mid_stream_comes_after_the_text(server: DemoServer) -> None:
    server.push_fault(Fault(kind=FaultKind.ERROR_MID, after=2, text=TEXT, message="model overloaded mid-answer"))
    client = make_client()
    events, error = await collect(client, endpoint(server))
    await client.aclose()
    assert isinstance(error, ServerError) and "mid-answer" in error.message
    assert text_of(events) == TEXT[:6]
    assert len(server.requests) == 1


async def test_malformed_chunk_is_a_protocol_error_after_the_text(server: DemoServer) -> None:
    server.push_fault(Fault(kind=FaultKind.MALFORMED, after=3, text=TEXT))
    client = make_client()
    events, error = await collect(client, endpoint(server))
    await client.aclose()
    assert isinstance(error, ProtocolError)
    assert text_of(events) == TEXT[:9]


async def test_stream_without_done_or_finish_is_truncated_not_success(server: DemoServer) -> None:
    server.push_fault(Fault(kind=FaultKind.NO_DONE, text=TEXT))
    client = make_client()
    events, error = await collect(client, endpoint(server))
    await client.aclose()
    assert isinstance(error, TruncatedError)
    assert text_of(events) == TEXT


@pytest.mark.parametrize("reason", [FaultKind.LENGTH, FaultKind.SENSITIVE])
async def test_finish_reasons_length_and_sensitive(server: DemoServer, reason: FaultKind) -> None:
    server.push_fault(Fault(kind=reason, after=2, text=TEXT))
    client = make_client()
    events, error = await collect(client, endpoint(server))
    await client.aclose()
    assert error is None
    assert FinishEvent(FinishReason(reason)) in events
    assert text_of(events) == TEXT[:6]


async def test_wire_shapes_crlf_cr_bom_keepalive_split_utf8(server: DemoServer) -> None:
    client = make_client()
    for fault in (
        Fault(crlf=True, text=TEXT),
        Fault(cr_only=True, text=TEXT),
        Fault(bom=True, text=TEXT),
        Fault(keepalive=True, text=TEXT),
        Fault(split_writes=5, text=TEXT, chunk_chars=2),
        Fault(split_writes=1, text="😄你", chunk_chars=1),
    ):
        server.push_fault(fault)
        events, error = await collect(client, endpoint(server))
        assert error is None, fault
        assert text_of(events) == fault.text, fault
    await client.aclose()


async def test_reasoning_deltas_come_before_the_answer(server: DemoServer) -> None:
    server.push_fault(Fault(reasoning="让我想想……", text="答案"))
    client = make_client()
    events, _ = await collect(client, endpoint(server))
    await client.aclose()
    kinds = [type(e) for e in events if isinstance(e, TextDelta | ReasoningDelta)]
    assert kinds.index(TextDelta) > kinds.index(ReasoningDelta)
    assert "".join(e.text for e in events if isinstance(e, ReasoningDelta)) == "让我想想……"


async def test_slow_first_byte_times_out(server: DemoServer) -> None:
    server.push_fault(Fault(kind=FaultKind.SLOW_FIRST_BYTE, delay=3))
    client = make_client(connect=1, first_byte=0.4, idle=5)
    _, error = await collect(client, endpoint(server))
    await client.aclose()
    assert isinstance(error, ApiTimeoutError)


async def test_stall_mid_stream_times_out_but_keepalives_do_not_count(server: DemoServer) -> None:
    server.push_fault(Fault(kind=FaultKind.STALL, after=3, delay=5, text=TEXT))
    client = make_client(connect=1, first_byte=5, idle=0.4)
    events, error = await collect(client, endpoint(server))
    await client.aclose()
    assert isinstance(error, ApiTimeoutError)
    assert text_of(events) == TEXT[:9]


async def test_slow_but_steady_stream_is_not_cut_by_the_idle_timeout(server: DemoServer) -> None:
    server.push_fault(Fault(text="abcdefghij", chunk_chars=1, rate=10))  # ~1 s in total
    client = make_client(connect=1, first_byte=5, idle=0.4)
    events, error = await collect(client, endpoint(server))
    await client.aclose()
    assert error is None and text_of(events) == "abcdefghij"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_connection_refused_is_a_network_error_after_retries() -> None:
    client = make_client()
    ep = Endpoint(f"http://127.0.0.1:{_free_port()}/api/gpt/v1", DEMO_KEY)
    _, error = await collect(client, ep)
    await client.aclose()
    assert isinstance(error, NetworkError)
    assert error.kind is FailureKind.NETWORK


async def test_dns_failure_is_a_network_error() -> None:
    client = make_client()
    ep = Endpoint("https://no-such-host.invalid/v1", DEMO_KEY)
    _, error = await collect(client, ep)
    await client.aclose()
    assert isinstance(error, NetworkError)


async def test_cancelling_a_stream_closes_the_connection(server: DemoServer) -> None:
    server.push_fault(Fault(text="x" * 400, chunk_chars=1, rate=100))
    client = make_client()
    received = asyncio.Event()

    async def consume() -> None:
        async for event in client.stream_chat(endpoint(server), dict(BODY)):
            if isinstance(event, TextDelta):
                received.set()

    task = asyncio.ensure_future(consume())
    await asyncio.wait_for(received.wait(), 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await until(lambda: server.disconnects, what="the server to see the client go")
    await client.aclose()
    assert server.disconnects == 1


async def test_balance_error_when_account_is_empty(server: DemoServer) -> None:
    server.reset(balance=Decimal(0))
    client = make_client()
    _, error = await collect(client, endpoint(server))
    await client.aclose()
    assert isinstance(error, BalanceError) and "quota" in error.message


async def test_an_absurdly_long_event_is_a_protocol_error_not_unbounded_memory(server: DemoServer) -> None:
    from hunyuan_desktop.api import sse

    server.push_fault(
        Fault(text="长" * (sse.DEFAULT_MAX_EVENT_CHARS + 10), chunk_chars=sse.DEFAULT_MAX_EVENT_CHARS + 10)
    )
    client = make_client()
    events, error = await collect(client, endpoint(server))
    await client.aclose()
    assert isinstance(error, ProtocolError)
    assert "longer than" in error.message or "larger than" in error.message
    assert text_of(events) == ""


async def test_a_retry_wait_never_ends_early_on_the_qt_loop() -> None:
    """qasync's timers are Qt coarse timers, which may fire a few percent early; Retry-After is a minimum."""
    loop = asyncio.get_running_loop()
    for _ in range(15):
        started = loop.time()
        await sleep_at_least(0.04)
        assert loop.time() - started >= 0.04
