"""Regressions from probing the client with a hostile server (issue 9): each failed before its fix."""

from __future__ import annotations

import base64
import gzip
import json
import resource
from decimal import Decimal

import pytest

from hunyuan_desktop.api.chunks import parse_usage
from hunyuan_desktop.api.client import ChatClient, parse_balance
from hunyuan_desktop.api.endpoint import Endpoint, RetryPolicy, Timeouts
from hunyuan_desktop.api.errors import ApiError, BadKeyError, ProtocolError
from hunyuan_desktop.api.sse import SSEDecoder
from hunyuan_desktop.domain import BalanceEvent, FailureKind, StreamEvent, TextDelta, UsageEvent
from hunyuan_desktop.standin import BILLING_PATH, DemoServer, Fault, FaultKind
from tests.unit.api.test_client import BODY, collect, make_client, text_of

KEY = "sk-hostile-Zq7Rb0Ltx9PqWmN3"


def b64(data: bytes | str) -> str:
    return base64.b64encode(data.encode() if isinstance(data, str) else data).decode()


def sse(*objects: object) -> str:
    return "".join(f"data: {json.dumps(o, ensure_ascii=False)}\n\n" for o in objects)


def chunk(text: str) -> dict[str, object]:
    return {"choices": [{"index": 0, "delta": {"role": "assistant", "content": text}, "finish_reason": None}]}


def raw(
    status: int, body: bytes | str, content_type: str, headers: dict[str, str] | None = None, times: int = 3
) -> Fault:
    """The same hostile response to every attempt (the client retries some errors before content)."""
    return Fault(
        kind=FaultKind.RAW,
        status=status,
        headers={"Content-Type": content_type, **(headers or {})},
        parts=[(0.0, b64(body))],
        times=times,
    )


def ep(server: DemoServer) -> Endpoint:
    server.api_key = KEY
    return Endpoint(server.base_url, KEY, billing_path=BILLING_PATH)


def assert_no_key(text: str) -> None:
    for form in (KEY, KEY[:12], json.dumps(KEY)[1:-1], "Zq7Rb0Ltx9PqWmN3"):
        assert form not in text, text


# ---- 4. the key echoed back in a 200 response -----------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    [
        raw(200, f"<html><head><title>Debug {KEY}</title></head></html>", "text/html"),
        raw(200, f"Bearer {KEY} was received " + "x" * 600, "text/plain"),
        raw(200, "y" * 190 + KEY, "text/plain"),  # the old 200-character cut kept a prefix of the key
        raw(200, json.dumps({"error": {"message": f"key {KEY} is not valid"}}), "application/json"),
        raw(
            200,
            json.dumps({"error": {"message": "key " + "".join(f"\\u{ord(c):04x}" for c in KEY)}}),
            "application/json",
        ),
        raw(400, json.dumps({"error": {"message": "a" * 450 + KEY}}), "application/json"),
        raw(200, sse(chunk("hi"), {"error": {"message": f"echo {KEY}"}}), "text/event-stream"),
        raw(200, sse(chunk("hi")) + f"data: {{broken {KEY}\n\n", "text/event-stream"),
    ],
    ids=["html-title", "text-bearer", "text-cut", "json-error", "json-escaped", "400-long", "sse-error", "sse-bad"],
)
async def test_the_key_echoed_in_any_body_never_reaches_an_error(server: DemoServer, fault: Fault) -> None:
    endpoint = ep(server)
    server.push_fault(fault)
    client = make_client()
    try:
        _, error = await collect(client, endpoint)
    finally:
        await client.aclose()
    assert error is not None
    assert_no_key(error.message)
    assert_no_key(str(error))
    assert "«redacted»" in error.message


# ---- 2. a key that cannot go into a header ------------------------------------------------------


@pytest.mark.parametrize("key", ["sk-abc\u00e9def123", "sk-abc def123", "sk-abc123\n", "sk-\u200babc123"])
async def test_a_key_that_cannot_be_sent_is_a_bad_key_error(server: DemoServer, key: str) -> None:
    client = make_client()
    try:
        with pytest.raises(BadKeyError, match="cannot be sent"):
            async for _ in client.stream_chat(Endpoint(server.base_url, key.rstrip("\n") + "\n"), dict(BODY)):
                pass
    finally:
        await client.aclose()
    assert server.requests == []


# ---- 2 and 14. usage counts and Unicode the archive cannot hold ---------------------------------


@pytest.mark.parametrize("count", [-5, 2**63, 2**64 + 1, 10**12])
def test_impossible_token_counts_are_no_usage(count: int) -> None:
    assert parse_usage({"prompt_tokens": 10, "completion_tokens": count, "total_tokens": 10}) is None
    assert parse_usage({"prompt_tokens": count, "completion_tokens": 1}) is None


def test_plausible_token_counts_are_kept() -> None:
    usage = parse_usage({"prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30})
    assert usage is not None and (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (10, 20, 30)


async def test_lone_surrogates_in_a_delta_become_replacement_characters(server: DemoServer) -> None:
    body = 'data: {"choices":[{"delta":{"content":"a\\ud800b\\udfffc\\ud83d\\ude00"}}]}\n\n' + sse(
        {"choices": [{"delta": {}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 1, "completion_tokens": 2**70}}
    )
    server.push_fault(raw(200, body + "data: [DONE]\n\n", "text/event-stream"))
    client = make_client()
    try:
        events, error = await collect(client, ep(server))
    finally:
        await client.aclose()
    assert error is None
    text = text_of(events)
    assert text == "a\ufffdb\ufffdc😀"
    text.encode("utf-8")  # storable
    assert not [e for e in events if isinstance(e, UsageEvent)]


# ---- 3. balances out of range -------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1e24", "inf", "NaN", "-1e13", "abc", "", "1" * 100, True])
def test_implausible_balances_are_ignored(value: object) -> None:
    assert parse_balance(value) is None


def test_plausible_balances_are_kept() -> None:
    assert parse_balance(" 12.3456 ") == Decimal("12.3456")
    assert parse_balance(99.5) == Decimal("99.5")
    assert parse_balance("-3.2") == Decimal("-3.2")


async def test_a_balance_header_of_1e24_is_not_an_event(server: DemoServer) -> None:
    body = sse(chunk("ok"), {"choices": [{"delta": {}, "finish_reason": "stop"}]}) + "data: [DONE]\n\n"
    server.push_fault(raw(200, body, "text/event-stream", headers={"X-Account-Balance": "1e24"}))
    client = make_client()
    try:
        events, error = await collect(client, ep(server))
    finally:
        await client.aclose()
    assert error is None and text_of(events) == "ok"
    assert not [e for e in events if isinstance(e, BalanceEvent)]


# ---- 8. unbounded reads ---------------------------------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("status", [200, 500])
async def test_a_gzip_bomb_is_refused_without_reading_it_whole(server: DemoServer, status: int) -> None:
    bomb = gzip.compress(b"{" + b" " * (400 * 1024 * 1024), compresslevel=9)  # ~400 KB -> 400 MB
    before = peak_rss_mb()
    fault = raw(status, bomb, "application/json", headers={"Content-Encoding": "gzip"})
    server.push_fault(fault)
    client = make_client()
    try:
        events: list[StreamEvent] = []
        with pytest.raises(ApiError) as caught:
            async for event in client.stream_chat_nonstream(ep(server), dict(BODY)):
                events.append(event)
    finally:
        await client.aclose()
    if status == 200:
        assert isinstance(caught.value, ProtocolError)
        assert "larger than" in caught.value.message
    assert peak_rss_mb() - before < 300, "the body was read whole"


# ---- 11. no retry once text arrived, streaming or not ----------------------------------------------


async def test_non_streaming_mode_never_retries_after_text(server: DemoServer) -> None:
    body = sse(chunk("第一段"), {"error": {"message": "upstream failed", "type": "server_error"}})
    server.push_fault(raw(200, body, "text/event-stream"))
    client = ChatClient(ChatClient.make_http(), retry=RetryPolicy(attempts=3, backoff=0.01))
    events: list[StreamEvent] = []
    try:
        with pytest.raises(ApiError):
            async for event in client.stream_chat_nonstream(ep(server), dict(BODY)):
                events.append(event)
    finally:
        await client.aclose()
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == "第一段"
    assert len(server.requests) == 1


# ---- 12. the first token may come long after the headers ------------------------------------------


async def test_the_first_token_is_waited_for_with_the_first_byte_timeout(server: DemoServer) -> None:
    answer = sse(chunk("想好了"), {"choices": [{"delta": {}, "finish_reason": "stop"}]}) + "data: [DONE]\n\n"
    server.push_fault(
        Fault(
            kind=FaultKind.RAW,
            status=200,
            headers={"Content-Type": "text/event-stream"},
            parts=[(0.0, ""), (1.2, b64(answer))],
        )
    )
    client = ChatClient(ChatClient.make_http(), timeouts=Timeouts(connect=2, first_byte=5, idle=0.5))
    try:
        events, error = await collect(client, ep(server))
    finally:
        await client.aclose()
    assert error is None and text_of(events) == "想好了"


async def test_no_first_token_in_time_says_so_not_mid_answer(server: DemoServer) -> None:
    server.push_fault(
        Fault(
            kind=FaultKind.RAW, status=200, headers={"Content-Type": "text/event-stream"}, parts=[(3.0, b64(": x\n\n"))]
        )
    )
    client = ChatClient(ChatClient.make_http(), timeouts=Timeouts(connect=2, first_byte=0.6, idle=0.3))
    try:
        _, error = await collect(client, ep(server))
    finally:
        await client.aclose()
    assert error is not None and error.kind is FailureKind.TIMEOUT
    assert "no answer within" in error.message and "middle" not in error.message


# ---- 14. SSE: a long line in small reads -----------------------------------------------------------


def test_a_long_line_fed_in_small_reads_is_decoded_whole() -> None:
    decoder = SSEDecoder()
    line = b"data: " + b"x" * 300_000
    events = []
    for i in range(0, len(line), 1024):
        events += decoder.feed(line[i : i + 1024])
    events += decoder.feed(b"\r")
    assert events == []
    events += decoder.feed(b"\n\n")
    assert [len(e.data) for e in events] == [300_000]


# ---- the billing endpoint, hostile ---------------------------------------------------------------


@pytest.mark.parametrize("amount", ["1e24", "Infinity", "null", '"abc"', "[1]"])
async def test_billing_endpoint_with_an_absurd_amount_is_a_protocol_error(server: DemoServer, amount: str) -> None:
    body = '{"data": {"total_available": ' + amount + "}}"
    fault = raw(200, body, "application/json")
    fault.route = "billing"
    server.push_fault(fault)
    client = make_client()
    try:
        with pytest.raises(ProtocolError):
            await client.fetch_balance(ep(server))
    finally:
        await client.aclose()
