"""Whole turns against a hostile server (issue 9's rule): random statuses, headers, bodies, encodings,
sizes, pauses and cuts, through the real client, controller, archive and window. Whatever the server
does, every turn ends in a terminal state, nothing stays busy, no exception escapes to the event loop or
a Qt slot, and the key appears in nothing shown and in no file."""

from __future__ import annotations

import asyncio
import base64
import gzip
import json
import sys
import traceback
from collections.abc import Iterator
from types import TracebackType
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hunyuan_desktop.api.endpoint import Timeouts
from hunyuan_desktop.app import Runtime, build, parse_args
from hunyuan_desktop.boot.aioqt import run
from hunyuan_desktop.domain import MessageStatus
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.standin import DemoServer, Fault, FaultKind
from tests.ui.helpers import RecordingDialogs, until
from tests.unit.test_secrets import MemoryKeyring

KEY = "hyk-property-Q9w8E7r6T5y4U3i2"  # not sk-: only the secret-specific masking can catch it
TERMINAL = {MessageStatus.DONE, MessageStatus.ERROR, MessageStatus.STOPPED}

texts = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]) | st.sampled_from(["\n", "\r", "😀", "表", "\u202e", "\x00"]),
    max_size=40,
)


def chunk(text: str) -> bytes:
    return b"data: " + json.dumps({"choices": [{"delta": {"content": text}}]}).encode() + b"\n\n"


events = st.one_of(
    texts.map(chunk),
    st.just(b'data: {"choices":[{"delta":{"content":"\\ud800x"}}]}\n\n'),  # a lone surrogate
    st.just(b'data: {"choices":[{"delta":{},"finish_reason":"stop"}]}\n\n'),
    st.integers(min_value=-(2**70), max_value=2**70).map(
        lambda n: b'data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":' + str(n).encode() + b"}}\n\n"
    ),
    st.just(b"data: [DONE]\n\n"),
    st.just(b": keep-alive\n\n"),
    texts.map(lambda t: b"data: " + json.dumps({"error": {"message": f"{t} {KEY}"}}).encode() + b"\n\n"),
    st.just(b'data: {"choices": [{"delta": {"content": "broken\n\n'),
    st.binary(max_size=64),
    st.just(("<html><title>" + KEY + "</title></html>").encode()),
    st.just(json.dumps({"error": {"message": "echo " + KEY}}).encode()),
    st.just(json.dumps({"choices": [{"message": {"content": "整体回答"}, "finish_reason": "stop"}]}).encode()),
)

responses = st.fixed_dictionaries(
    {
        "status": st.sampled_from([200, 200, 200, 201, 204, 302, 400, 401, 402, 403, 404, 418, 429, 500, 502, 503]),
        "content_type": st.sampled_from(
            ["text/event-stream", "text/event-stream; charset=utf-8", "application/json", "text/html", "text/plain", ""]
        ),
        "balance": st.sampled_from([None, "12.5", "1e24", "-1e30", "NaN", "Infinity", "abc", "", "0.0001"]),
        "retry_after": st.sampled_from([None, "0", "0.05", "abc", "-1", "99999"]),
        "gzip": st.booleans(),
        "parts": st.lists(st.tuples(st.sampled_from([0.0, 0.0, 0.0, 0.05, 0.3]), events), max_size=8),
        "cut": st.booleans(),
    }
)


BASE: dict[str, Any] = {
    "status": 200,
    "content_type": "text/event-stream",
    "balance": None,
    "retry_after": None,
    "gzip": False,
    "parts": [],
    "cut": False,
}


def fault_of(response: dict[str, Any]) -> Fault:
    headers: dict[str, str] = {}
    if response["content_type"]:
        headers["Content-Type"] = response["content_type"]
    if response["balance"] is not None:
        headers["X-Account-Balance"] = response["balance"]
    if response["retry_after"] is not None:
        headers["Retry-After"] = response["retry_after"]
    parts: list[tuple[float, bytes]] = list(response["parts"])
    if response["gzip"]:
        headers["Content-Encoding"] = "gzip"
        parts = [(0.0, gzip.compress(b"".join(p for _, p in parts)))] if parts else []
    return Fault(
        kind=FaultKind.RAW,
        status=response["status"],
        headers=headers,
        parts=[(pause, base64.b64encode(data).decode()) for pause, data in parts],
        cut=response["cut"],
        times=3,  # the same response to every retry
    )


class Escapes:
    """Exceptions that reach the event loop's handler or sys.excepthook (a Qt slot's exception)."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def loop_handler(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        self.seen.append(str(exc or context.get("message")))
        # Where it came from, printed with the failure (a flaky escape is then diagnosable from CI's log).
        where = "".join(traceback.format_exception(exc)) if isinstance(exc, BaseException) else repr(context)
        print(f"escaped to the loop's handler: {where}", file=sys.stderr)

    def hook(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        self.seen.append(f"{kind.__name__}: {value}")
        print("escaped to sys.excepthook:", "".join(traceback.format_exception(kind, value, tb)), file=sys.stderr)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, aio_loop: asyncio.AbstractEventLoop) -> Iterator[Any]:
    server = DemoServer(api_key=KEY)
    server.start()
    data = tmp_path_factory.mktemp("hostile")
    keys = KeyStore(MemoryKeyring())
    keys.set("wcode", KEY)
    app = __import__("PySide6.QtWidgets", fromlist=["QApplication"]).QApplication.instance()
    rt = run(
        aio_loop,
        build(
            app,
            parse_args(["--data-dir", str(data), "--base-url", server.base_url]),
            keys=keys,
            timeouts=Timeouts(connect=1.0, first_byte=1.0, idle=0.4),
            dialogs=RecordingDialogs(),
        ),
    )
    assert isinstance(rt, Runtime)
    rt.client().retry = type(rt.client().retry)(attempts=2, backoff=0.01, max_retry_after=0.1)
    # No automatic titles (as tests/ui/helpers.start_app): a title request still connecting when an example
    # ends was resumed outside the loop between examples (anyio's connect: "no running event loop", CI at
    # 0026e14, traceback printed by Escapes) and is not what this test examines.
    rt.controller.title_model = lambda: None
    escapes = Escapes()
    old_handler = aio_loop.get_exception_handler()
    aio_loop.set_exception_handler(escapes.loop_handler)
    old_hook = sys.excepthook
    sys.excepthook = escapes.hook
    yield rt, server, escapes, data
    sys.excepthook = old_hook
    aio_loop.set_exception_handler(old_handler)
    run(aio_loop, rt.close())
    server.stop()
    files = [p for p in data.rglob("*") if p.is_file()]
    assert files and not [p for p in files if KEY.encode() in p.read_bytes()]


async def one_turn(rt: Runtime, server: DemoServer, response: dict[str, Any]) -> None:
    server.reset()
    server.push_fault(fault_of(response))
    w = rt.window
    w.new_conversation()
    w.composer.setPlainText("敌意测试")
    w.send()
    conv = w.current
    assert conv is not None
    await until(lambda: not rt.controller.is_busy(conv.id) and w.chat_view.settled(), timeout=20, what="the turn")
    await asyncio.sleep(0)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(response=responses)
# Always tried, whatever the generator draws: the key echoed in a 200 page, a gzip stream cut short, a
# 429 with a Retry-After, a stream with a lone surrogate and an impossible usage.
@example({**BASE, "content_type": "text/html", "parts": [(0.0, ("<title>" + KEY + "</title>").encode())]})
@example({**BASE, "gzip": True, "cut": True, "parts": [(0.0, chunk("一半")), (0.05, chunk("另一半"))]})
@example({**BASE, "status": 429, "retry_after": "0.05", "content_type": "application/json"})
@example(
    {
        **BASE,
        "balance": "1e24",
        "parts": [
            (0.0, b'data: {"choices":[{"delta":{"content":"\\ud800x"}}]}\n\n'),
            (0.0, b'data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":18446744073709551617}}\n\n'),
            (0.0, b"data: [DONE]\n\n"),
        ],
    }
)
def test_any_server_behaviour_ends_the_turn_cleanly(
    hostile: Any, aio_loop: asyncio.AbstractEventLoop, response: dict[str, Any]
) -> None:
    rt, server, escapes, _ = hostile
    run(aio_loop, asyncio.wait_for(one_turn(rt, server, response), 30))
    w = rt.window
    user, answer = w.chat_view.messages()[-2:]
    assert user.content == "敌意测试"  # what the user typed is kept
    assert answer.status in TERMINAL, answer
    assert not rt.controller.is_busy(answer.conversation_id)
    stored = rt.archive.message(answer.id)
    assert stored is not None and stored.status is answer.status and stored.content == answer.content
    assert w.send_button.isVisible() and not w.stop_button.isVisible()
    if answer.status is MessageStatus.ERROR:
        assert w.error_banner.isVisible() and answer.error_kind
    shown = [w.error_banner.text.text(), answer.error, w.chat_view.plain_text(answer.id), w.balance_label.text()]
    assert not [s for s in shown if KEY in s or KEY[:14] in s]
    assert escapes.seen == []
    assert "1E+24" not in w.balance_label.text() and "NaN" not in w.balance_label.text()
