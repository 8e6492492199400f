"""The stand-in server: its state (balance, queued faults, what it received), its life on a thread of its
own or in a loop of the caller's, and its routes (chat completions, models, the balance, and for tests
the control routes)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import ssl
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hunyuan_desktop.catalog import load_catalog
from hunyuan_desktop.domain import Price
from hunyuan_desktop.standin import wire
from hunyuan_desktop.standin.faults import Fault, FaultKind, error_body
from hunyuan_desktop.standin.flavors import BILLING_PATH, FLAVORS, balance_body, wants_thinking
from hunyuan_desktop.standin.replies import (
    DEMO_SOURCES,
    SEARCH_ANSWER,
    SEARCH_ANSWER_UNSOURCED,
    asks_for_a_title,
    content_tokens,
    describe_received,
    estimate_tokens,
    pick_reply,
    title_reply,
)

DEMO_KEY = "sk-demo-local-0000"


@dataclass
class _State:
    balance: Decimal
    faults: deque[Fault] = field(default_factory=deque)
    requests: list[dict[str, Any]] = field(default_factory=list)
    balance_reads: list[dict[str, Any]] = field(default_factory=list)  # GETs of the balance endpoint
    disconnects: int = 0


class DemoServer:
    """``record``: keep what each request carried (tests read it; the offline demo keeps nothing, and
    long soak runs keep the server's own memory flat). ``control``: serve the ``/_control/`` routes
    (faults over HTTP, the records, a reset); the offline demo serves none."""

    def __init__(
        self,
        *,
        api_key: str | None = DEMO_KEY,
        balance: Decimal = Decimal("100.0000"),
        chunk_chars: int = 4,
        rate: float = 0.0,
        prices: dict[str, Price] | None = None,
        flavor: str = "wcode",
        record: bool = True,
        control: bool = True,
    ) -> None:
        self.api_key = api_key
        self.flavor_name = flavor
        self.flavor = FLAVORS[flavor]
        self.record = record
        self.control = control
        self.tls: ssl.SSLContext | None = None  # serve https (see start)
        self._handlers: set[asyncio.Task[None]] = set()  # open connections (cancelled by stop)
        self.chunk_chars = chunk_chars
        self.rate = rate
        if prices is None:
            prices = {m.id: m.price for p in load_catalog().values() for m in p.models if m.price is not None}
            if flavor != "wcode":  # its own models (their price is not in the catalog: the wcode default's)
                shipped = load_catalog().get(flavor)
                prices = {m.id: Price(Decimal("0.002"), Decimal("0.002")) for m in shipped.models} if shipped else {}
                prices = prices or {"local-model": Price(Decimal(0), Decimal(0))}
        self.prices = prices
        self._state = _State(balance=balance)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # ---- in-process control (thread-safe) ----------------------------------------------------------

    @property
    def origin(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return self.origin + self.flavor.prefix

    def push_fault(self, fault: Fault) -> None:
        with self._lock:
            self._state.faults.append(fault)

    def reset(self, balance: Decimal | None = None) -> None:
        with self._lock:
            self._state.faults.clear()
            self._state.requests.clear()
            self._state.balance_reads.clear()
            self._state.disconnects = 0
            if balance is not None:
                self._state.balance = balance

    @property
    def requests(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._state.requests)

    @property
    def balance_reads(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._state.balance_reads)

    @property
    def disconnects(self) -> int:
        with self._lock:
            return self._state.disconnects

    @property
    def balance(self) -> Decimal:
        with self._lock:
            return self._state.balance

    def _peek_route(self) -> str:
        with self._lock:
            return self._state.faults[0].route if self._state.faults else ""

    def _next_fault(self) -> Fault:
        with self._lock:
            if not self._state.faults:
                return Fault()
            fault = self._state.faults[0]
            fault.times -= 1
            if fault.times <= 0:
                self._state.faults.popleft()
            return fault

    def _note(self, records: list[dict[str, Any]], entry: dict[str, Any]) -> None:
        if self.record:
            with self._lock:
                records.append(entry)

    # ---- lifecycle ---------------------------------------------------------------------------------

    async def serve(self, host: str = "127.0.0.1", port: int = 0) -> asyncio.Server:
        self._server = await asyncio.start_server(self._handle, host, port, limit=1 << 20, ssl=self.tls)
        self.port = self._server.sockets[0].getsockname()[1]
        return self._server

    def start(self, port: int = 0, tls: ssl.SSLContext | None = None) -> str:
        """Serve from a daemon thread with its own event loop; return the base URL. ``tls``: serve https
        with this server context (the TLS tests give it a throw-away CA's certificate)."""
        self.tls = tls
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            loop.run_until_complete(self.serve(port=port))
            ready.set()
            loop.run_forever()
            loop.close()

        self._thread = threading.Thread(target=run, name="demo-server", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the demo server did not start")
        return self.base_url

    def stop(self) -> None:
        loop, server = self._loop, self._server
        if loop is None or server is None:
            return

        async def shutdown() -> None:
            server.close()
            # Connections still open (a client that gave up mid-handshake) end with the server, not as
            # tasks destroyed while pending when the loop goes.
            for task in list(self._handlers):
                task.cancel()
            await asyncio.gather(*self._handlers, return_exceptions=True)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 2)

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(shutdown(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(5)
        self._loop = None

    # ---- HTTP --------------------------------------------------------------------------------------

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._handlers.add(task)
            task.add_done_callback(self._handlers.discard)
        sock = writer.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    name, value = line.split(":", 1)
                    headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0"))
            body = await reader.readexactly(length) if length else b""
            await self._route(method, target.split("?", 1)[0], headers, body, reader, writer)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass
        except (wire.Dropped, ConnectionError):
            with self._lock:
                self._state.disconnects += 1
        finally:
            with contextlib.suppress(Exception):
                writer.close()
                await writer.wait_closed()

    async def _route(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        body: bytes,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        if self.control and path.startswith("/_control/"):
            await self._control(method, path, body, writer)
        elif method == "GET" and path == self._balance_path():
            # apart from ``requests`` (which tests index as the chat requests)
            self._note(self._state.balance_reads, {"authorization": headers.get("authorization", ""), "path": path})
            if self._peek_route() == "billing":
                await wire.raw(writer, reader, self._next_fault())
                return
            if (denied := self._auth_error(headers)) is not None:
                await wire.send_json(writer, 401, denied)
                return
            await wire.send_json(writer, 200, balance_body(self.flavor_name, self.balance, self.flavor.currency))
        elif path.endswith("/models") and method == "GET":
            entry = {"body": None, "authorization": headers.get("authorization", ""), "time": time.time(), "path": path}
            self._note(self._state.requests, entry | {"sent": []})
            if (denied := self._auth_error(headers)) is not None:
                await wire.send_json(writer, 401, denied)
                return
            models = [{"id": m, "object": "model"} for m in self.prices]
            await wire.send_json(writer, 200, {"object": "list", "data": models})
        elif path.endswith("/chat/completions") and method == "POST":
            await self._chat(headers, body, reader, writer)
        else:
            await wire.send_json(writer, 404, {"error": {"message": f"no route for {method} {path}"}})

    async def _control(self, method: str, path: str, body: bytes, writer: asyncio.StreamWriter) -> None:
        """Faults queued over HTTP, the records read, a reset: for tests and a stand-in run by hand."""
        if path == "/_control/faults" and method == "POST":
            try:
                self.push_fault(Fault.from_json(json.loads(body or b"{}")))
            except (ValueError, TypeError) as exc:
                await wire.send_json(writer, 400, {"error": {"message": str(exc)}})
                return
            await wire.send_json(writer, 200, {"ok": True})
        elif path == "/_control/requests":
            await wire.send_json(writer, 200, {"requests": self.requests})
        elif path == "/_control/reset" and method == "POST":
            self.reset()
            await wire.send_json(writer, 200, {"ok": True})
        elif path == "/_control/state":
            await wire.send_json(writer, 200, {"balance": str(self.balance), "disconnects": self.disconnects})
        else:
            await wire.send_json(writer, 404, {"error": {"message": f"no route for {method} {path}"}})

    def _balance_path(self) -> str:
        return self.flavor.prefix + self.flavor.balance_path if self.flavor.balance_path else BILLING_PATH

    def _balance_header(self) -> dict[str, str]:
        return {"X-Account-Balance": f"{self.balance:.4f}"} if self.flavor.balance_header else {}

    def _auth_error(self, headers: dict[str, str]) -> dict[str, Any] | None:
        auth = headers.get("authorization", "")
        if self.flavor.keyless and self.api_key is None:
            return None
        if not auth.startswith("Bearer ") or not auth[7:].strip():
            return error_body("No API_KEY provided, please check the Authorization header…")
        if self.api_key is not None and auth[7:].strip() != self.api_key:
            return error_body("Incorrect API_KEY provided. 请检查 API_KEY 是否正确。")
        return None

    async def _chat(
        self,
        headers: dict[str, str],
        raw_body: bytes,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        try:
            body = json.loads(raw_body or b"{}")
        except ValueError:
            body = None
        record: dict[str, Any] = {
            "body": body,
            "authorization": headers.get("authorization", ""),
            "time": time.time(),
            "sent": [],  # (unix time, answer characters written so far), for crash tests
        }
        self._note(self._state.requests, record)
        balance_header = self._balance_header()
        if (denied := self._auth_error(headers)) is not None:
            await wire.send_json(writer, 401, denied, balance_header)
            return
        if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
            await wire.send_json(writer, 400, error_body("messages is required"), balance_header)
            return
        if self.balance <= 0:
            broke = self.flavor.broke_body or error_body(
                "API_KEY exceeded the current quota, please check your plan and billing details…"
            )
            await wire.send_json(writer, self.flavor.broke_status, broke, balance_header)
            return
        fault = self._next_fault()
        if fault.kind is FaultKind.RAW:
            await wire.raw(writer, reader, fault)
            return
        if fault.kind is FaultKind.SLOW_FIRST_BYTE:
            await wire.wait_or_disconnect(reader, fault.delay)
        if fault.kind is FaultKind.STATUS:
            extra = dict(balance_header)
            if fault.retry_after is not None:
                extra["Retry-After"] = f"{fault.retry_after:g}"
            await wire.send_json(writer, fault.status, error_body(fault.message or "server error"), extra)
            return
        if fault.kind is FaultKind.HTML:
            title = fault.message or "Bad Gateway"
            page = (
                f"<!DOCTYPE html><html><head><title>{fault.status} {title}</title></head><body><h1>"
                f"{title}</h1><hr>nginx</body></html>"
            ).encode()
            await wire.head(writer, fault.status, {"Content-Type": "text/html", **balance_header}, len(page))
            writer.write(page)
            await writer.drain()
            return
        await self._answer(body, fault, record, reader, writer)

    async def _answer(
        self,
        body: dict[str, Any],
        fault: Fault,
        record: dict[str, Any],
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        model = str(body.get("model", "hunyuan-standard"))
        messages = body["messages"]
        last_user = next(
            (m.get("content", "") for m in reversed(messages) if isinstance(m, dict) and m.get("role") == "user"),
            "",
        )
        sources: list[dict[str, Any]] = []
        # wcode's flavor (the offline demo, which stands in for every provider) answers either way.
        asked = "search_results" if isinstance(body.get("web_search_options"), dict) else ""
        asked = asked or ("silent" if body.get("enable_search") is True else "")
        style = self.flavor.search or asked
        searched = bool(asked) and asked == ("silent" if style == "silent" else "search_results")
        if searched and style != "silent":
            sources = list(DEMO_SOURCES)
        if fault.text is not None:
            text = fault.text
        elif searched:
            text = SEARCH_ANSWER if sources else SEARCH_ANSWER_UNSOURCED
        elif asks_for_a_title(messages):
            text = title_reply(str(last_user))  # the app's automatic title: a short one, as a model would
        elif isinstance(last_user, list) or "<file name=" in str(last_user):
            text = describe_received(last_user)  # the demo shows what the attachments became on the wire
        else:
            text = pick_reply(str(last_user))
        if self.record:
            record["answer"] = text
        reasoning = fault.reasoning or ("先想一想：用户问的是什么？" if wants_thinking(body) else "")
        prompt_tokens = sum(content_tokens(m.get("content", "")) for m in messages if isinstance(m, dict))
        completion_tokens = estimate_tokens(text + reasoning)
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        }
        price = self.prices.get(model, Price(Decimal("0.0025"), Decimal("0.0025")))
        cost = (Decimal(prompt_tokens) * price.input_per_1k + Decimal(completion_tokens) * price.output_per_1k) / 1000
        with self._lock:
            self._state.balance -= cost
        balance_header = self._balance_header()
        ident, created = uuid.uuid4().hex, int(time.time())
        if not body.get("stream") or fault.kind is FaultKind.NONSTREAM:
            message = {"role": "assistant", "content": text}
            if reasoning:
                message[self.flavor.reasoning_field] = reasoning
            whole = {
                "id": ident, "object": "chat.completion", "created": created, "model": model,
                "system_fingerprint": "",
                "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                "usage": usage,
            }  # fmt: skip
            await wire.send_json(writer, 200, whole, balance_header)
            return
        events = {"Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache"}
        await wire.head(writer, 200, events | balance_header, None)
        answer = wire.Answer(
            ident, created, model, text, usage, reasoning, self.flavor.reasoning_field,
            {"search_results": sources} if sources else None,  # repeated per chunk, as the legacy API did
            self.chunk_chars, self.rate,
        )  # fmt: skip
        await wire.stream(writer, reader, fault, answer, record["sent"] if self.record else None)
