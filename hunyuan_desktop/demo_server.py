"""A loopback stand-in for the wcode Hunyuan API: real HTTP, the provider's exact wire format, and every
fault the client must survive.

Run by hand: ``python -m hunyuan_desktop.demo_server --port 8765`` (then base URL
``http://127.0.0.1:8765/api/gpt/v1``). Tests and ``--demo`` start it in a background thread with
:meth:`DemoServer.start`, on an ephemeral port.

Wire format (shared/reference/hunyuan-api-wcode.txt): ``delta.role`` on every chunk, a finish chunk with
empty content, a final ``choices: []`` chunk with ``usage``, ``data: [DONE]``; ``X-Account-Balance`` on
every response, falling by each reply's cost; OpenAI-style error bodies; Bearer key check.

Faults are queued per request, either in-process (:meth:`DemoServer.push_fault`) or over HTTP
(``POST /_control/faults`` with a :class:`Fault` as JSON). ``GET /_control/requests`` returns the
recorded request bodies; ``POST /_control/reset`` clears faults and records.

The raw asyncio server (no framework) is deliberate: faults such as a UTF-8 character split across two
TCP writes, CR-only line endings or a connection cut mid-chunk need control of every byte.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import re
import socket
import ssl
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from hunyuan_desktop.catalog import load_catalog
from hunyuan_desktop.domain import Price

API_PREFIX = "/api/gpt/v1"
BILLING_PATH = "/api/account/billing/grants"
DEMO_KEY = "sk-demo-local-0000"


@dataclass(frozen=True)
class Flavor:
    """How one provider differs on the wire (shared/reference/providers.md): where its API lives, where
    and how it states the balance, the body it sends when the money is gone, how it returns web search
    sources and names reasoning. wcode's is the default; the others let tests prove the app follows
    each provider's own shape."""

    prefix: str = API_PREFIX
    balance_header: bool = True  # X-Account-Balance on every reply (wcode only)
    balance_path: str = ""  # relative to the prefix ("" : wcode's billing endpoint at the origin)
    currency: str = "CNY"
    broke_status: int = 403
    broke_body: Any = None  # None: wcode's OpenAI-style quota message
    search: str = ""  # "search_results" (TokenHub), "silent" (DashScope: searched, no sources returned)
    reasoning_field: str = "reasoning_content"
    keyless: bool = False  # a local server: no Authorization header needed (with api_key None)


FLAVORS: dict[str, Flavor] = {
    "wcode": Flavor(),
    "tokenhub": Flavor(prefix="/v1", balance_header=False, search="search_results"),
    "deepseek": Flavor(
        prefix="", balance_header=False, balance_path="/user/balance", broke_status=402,
        broke_body={"error": {"message": "Insufficient Balance", "type": "unknown_error"}},
    ),
    "dashscope": Flavor(
        prefix="/compatible-mode/v1", balance_header=False, search="silent", broke_status=400,
        broke_body={"error": {"code": "Arrearage",
                              "message": "Access denied, please make sure your account is in good standing."}},
    ),
    "moonshot": Flavor(prefix="/v1", balance_header=False, balance_path="/users/me/balance"),
    "zhipu": Flavor(
        prefix="/api/paas/v4", balance_header=False, broke_status=429,
        broke_body={"error": {"code": "1113", "message": "余额不足或无可用资源包,请充值。"}},
    ),
    "siliconflow": Flavor(
        prefix="/v1", balance_header=False, balance_path="/user/info", broke_status=403,
        broke_body={"code": 30001, "message": "Sorry, your account balance is insufficient", "data": None},
    ),
    "openrouter": Flavor(
        prefix="/api/v1", balance_header=False, balance_path="/key", currency="USD", broke_status=402,
        broke_body={"error": {"code": 402, "message": "Insufficient credits. Add more credits"}},
        reasoning_field="reasoning",
    ),
    "ollama": Flavor(prefix="/v1", balance_header=False, reasoning_field="reasoning", keyless=True),
}  # fmt: skip

DEMO_SOURCES: tuple[dict[str, Any], ...] = (
    {"index": 1, "title": "腾讯混元大模型 - 产品概述", "url": "https://cloud.tencent.com/document/product/1729/104753"},
    {"index": 2, "title": "TokenHub 联网搜索说明", "url": "https://cloud.tencent.com/document/product/1823/132358"},
)
SEARCH_ANSWER = "根据搜索结果，混元大模型由腾讯研发[1]，可在 TokenHub 上联网搜索[2]。"
SEARCH_ANSWER_UNSOURCED = "根据搜索结果，通义千问由阿里云研发。"  # DashScope's compatible mode names no sources


def _balance_body(flavor: str, amount: Decimal, currency: str) -> dict[str, Any]:
    """The provider's own balance body (providers.md), holding ``amount``."""
    text = f"{amount:.4f}"
    number = float(amount)
    if flavor == "deepseek":
        info = {"currency": currency, "total_balance": text, "granted_balance": "0.00", "topped_up_balance": text}
        return {"is_available": amount > 0, "balance_infos": [info]}
    if flavor == "moonshot":
        data: dict[str, Any] = {"available_balance": number, "voucher_balance": 0, "cash_balance": number}
        return {"code": 0, "data": data, "scode": "0x0", "status": True}
    if flavor == "siliconflow":
        data = {"id": "u1", "balance": text, "chargeBalance": "0.0000", "totalBalance": text}
        return {"code": 20000, "message": "OK", "status": True, "data": data}
    if flavor == "openrouter":
        return {"data": {"label": "sk-or-v1-…", "limit": 20, "limit_remaining": number, "usage": 0}}
    data = {"total_available": number, "total_available_currency": "CNY", "total_available_currency_symbol": "¥"}
    return {"status": "success", "error_message": "", "error_code": None, "data": data}


def _wants_thinking(body: dict[str, Any]) -> bool:
    thinking = body.get("thinking")
    if isinstance(thinking, dict):
        return thinking.get("type") == "enabled"
    if "enable_thinking" in body:
        return body["enable_thinking"] is True
    effort = body.get("reasoning_effort")
    return isinstance(effort, str) and effort != "none"


FAULT_KINDS = (
    "none",  # a normal answer (use to set text, chunking or rate for one request)
    "status",  # an HTTP error status with the OpenAI error body (status, message, retry_after)
    "html",  # an HTML error page with the given status
    "slow_first_byte",  # wait `delay` seconds before the response headers
    "stall",  # after `after` chunks, send nothing for `delay` seconds (then carry on)
    "drop",  # after `after` chunks, cut the connection mid-body
    "malformed",  # after `after` chunks, a data line that is not JSON
    "error_mid",  # after `after` chunks, an {"error": ...} object, then the end of the body
    "no_done",  # all content, but no finish reason, no usage and no [DONE]
    "length",  # finish_reason "length" after `after` chunks
    "sensitive",  # finish_reason "sensitive" after `after` chunks
    "nonstream",  # a 200 application/json whole response even though a stream was asked for
    "raw",  # exactly `status`, `headers` and the `parts` of a body (a hostile server), then close or cut
)


@dataclass
class Fault:
    kind: str = "none"
    status: int = 500
    message: str = ""
    retry_after: float | None = None
    after: int = 3
    delay: float = 0.0
    # Shape of the byte stream, combinable with any kind:
    crlf: bool = False  # CRLF line endings
    cr_only: bool = False  # CR line endings
    bom: bool = False  # a UTF-8 BOM before the first event
    keepalive: bool = False  # a ": keep-alive" comment between events
    split_writes: int = 0  # write each event in pieces of this many bytes (splits UTF-8 characters)
    reasoning: str = ""  # reasoning_content deltas before the answer
    text: str | None = None  # the answer (default: a canned demo reply)
    chunk_chars: int = 0  # characters per chunk (default: the server's)
    rate: float = -1.0  # chunks per second, 0 = as fast as possible (default: the server's)
    times: int = 1  # how many requests this fault applies to
    # "raw": the response is these headers and body parts, nothing added but the status line and
    # Connection: close. Each part is (pause in seconds before it, base64 of its bytes). The body ends
    # when the connection closes; `cut` aborts it instead (a reset, not a clean close).
    headers: dict[str, str] = field(default_factory=dict)
    parts: list[tuple[float, str]] = field(default_factory=list)
    cut: bool = False
    route: str = "chat"  # "chat" (POST /chat/completions) or "billing" (GET the billing endpoint)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {', '.join(FAULT_KINDS)}")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fault:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


DEMO_REPLIES = (
    """## 你好！这是离线演示

这是 **Hunyuan Desktop** 内置的本地演示服务器的回答，没有连接真实的 API，也不会产生任何费用。

你可以用它来熟悉界面：

1. 在左侧新建、重命名、搜索对话；
2. 拖动右侧的滑块调整 `temperature`、`top_p` 和 `max_tokens`；
3. 随时点击 **停止** 中断回答，已生成的部分会被保留。

| 功能 | 说明 |
| --- | --- |
| 余额 | 来自响应头 `X-Account-Balance` |
| 费用 | 按每 1000 tokens 的价格计算 |
| 存档 | 本地 SQLite，可搜索、可导出 |

```python
import httpx

async def ask(question: str) -> str:
    async with httpx.AsyncClient() as client:
        r = await client.post("/chat/completions", json={"messages": [{"role": "user", "content": question}]})
        return r.json()["choices"][0]["message"]["content"]
```

祝使用愉快！""",
    """### Quick answer (demo)

This reply comes from the **built-in offline stand-in server**: nothing left your machine and nothing
was billed, although the balance above falls as if it had been.

- Streaming arrives in small chunks, exactly like the real API.
- Usage and cost are reported at the end of every answer.
- Press *Stop* at any time; the partial answer is kept.

```bash
# Try the stand-in from a terminal
python -m hunyuan_desktop.demo_server --port 8765
curl -N http://127.0.0.1:8765/api/gpt/v1/chat/completions \\
  -H 'Authorization: Bearer sk-demo-local-0000' \\
  -d '{"model": "hunyuan-lite", "stream": true, "messages": [{"role": "user", "content": "hi"}]}'
```

> Tip: temperature and top_p both control diversity — set only one of them.""",
    """## 关于快速排序

快速排序（Quicksort）是一种分治算法，平均时间复杂度为 *O(n log n)*。

### 步骤

- 选择一个**基准**元素；
- 把小于基准的放左边，大于基准的放右边；
- 对左右两部分递归排序。

```python
def quicksort(items: list[int]) -> list[int]:
    if len(items) <= 1:
        return items
    pivot, *rest = items
    left = [x for x in rest if x < pivot]
    right = [x for x in rest if x >= pivot]
    return quicksort(left) + [pivot] + quicksort(right)
```

| 情况 | 复杂度 |
| --- | --- |
| 平均 | O(n log n) |
| 最坏 | O(n²) |

~~冒泡排序~~ 在大数据量时不推荐使用。""",
)


def estimate_tokens(text: str) -> int:
    cjk = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return max(1, cjk + (len(text) - cjk) // 4)


class _Dropped(Exception):
    """The client went away; stop writing."""


@dataclass
class _State:
    balance: Decimal
    faults: deque[Fault] = field(default_factory=deque)
    requests: list[dict[str, Any]] = field(default_factory=list)
    balance_reads: list[dict[str, Any]] = field(default_factory=list)  # GETs of the balance endpoint
    disconnects: int = 0


class DemoServer:
    def __init__(
        self,
        *,
        api_key: str | None = DEMO_KEY,
        balance: Decimal = Decimal("100.0000"),
        chunk_chars: int = 4,
        rate: float = 0.0,
        prices: dict[str, Price] | None = None,
        flavor: str = "wcode",
    ) -> None:
        self.api_key = api_key
        self.flavor_name = flavor
        self.flavor = FLAVORS[flavor]
        # Long soak runs turn this off to keep the server's own memory flat (no bodies, no per-chunk log).
        self.record_bodies = True
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
        except (_Dropped, ConnectionError):
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
        if path == "/_control/faults" and method == "POST":
            try:
                self.push_fault(Fault.from_json(json.loads(body or b"{}")))
            except (ValueError, TypeError) as exc:
                await self._json(writer, 400, {"error": {"message": str(exc)}})
                return
            await self._json(writer, 200, {"ok": True})
        elif path == "/_control/requests":
            await self._json(writer, 200, {"requests": self.requests})
        elif path == "/_control/reset" and method == "POST":
            self.reset()
            await self._json(writer, 200, {"ok": True})
        elif path == "/_control/state":
            await self._json(writer, 200, {"balance": str(self.balance), "disconnects": self.disconnects})
        elif method == "GET" and path == self._balance_path():
            with self._lock:  # apart from ``requests`` (which tests index as the chat requests)
                self._state.balance_reads.append({"authorization": headers.get("authorization", ""), "path": path})
            if self._peek_route() == "billing":
                await self._raw(writer, reader, self._next_fault())
                return
            if (denied := self._auth_error(headers)) is not None:
                await self._json(writer, 401, denied)
                return
            await self._json(writer, 200, _balance_body(self.flavor_name, self.balance, self.flavor.currency))
        elif path.endswith("/models") and method == "GET":
            with self._lock:
                self._state.requests.append({"body": None, "authorization": headers.get("authorization", ""),
                                             "time": time.time(), "sent": [], "path": path})  # fmt: skip
            if (denied := self._auth_error(headers)) is not None:
                await self._json(writer, 401, denied)
                return
            await self._json(
                writer,
                200,
                {"object": "list", "data": [{"id": m, "object": "model"} for m in self.prices]},
            )
        elif path.endswith("/chat/completions") and method == "POST":
            await self._chat(headers, body, reader, writer)
        else:
            await self._json(writer, 404, {"error": {"message": f"no route for {method} {path}"}})

    def _balance_path(self) -> str:
        return self.flavor.prefix + self.flavor.balance_path if self.flavor.balance_path else BILLING_PATH

    def _balance_header(self) -> dict[str, str]:
        return {"X-Account-Balance": f"{self.balance:.4f}"} if self.flavor.balance_header else {}

    @staticmethod
    def _search_fields(sources: list[dict[str, Any]]) -> dict[str, Any]:
        """What every chunk carries when the answer searched the web and names its sources: top-level
        ``search_results``, repeated per chunk as the legacy Hunyuan API did (the client keeps each once)."""
        return {"search_results": sources} if sources else {}

    def _auth_error(self, headers: dict[str, str]) -> dict[str, Any] | None:
        auth = headers.get("authorization", "")
        if self.flavor.keyless and self.api_key is None:
            return None
        if not auth.startswith("Bearer ") or not auth[7:].strip():
            return _error("No API_KEY provided, please check the Authorization header…")
        if self.api_key is not None and auth[7:].strip() != self.api_key:
            return _error("Incorrect API_KEY provided. 请检查 API_KEY 是否正确。")
        return None

    async def _json(
        self,
        writer: asyncio.StreamWriter,
        status: int,
        obj: Any,
        extra: dict[str, str] | None = None,
    ) -> None:
        payload = json.dumps(obj, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", **(extra or {})}
        await self._head(writer, status, headers, len(payload))
        writer.write(payload)
        await writer.drain()

    async def _head(
        self,
        writer: asyncio.StreamWriter,
        status: int,
        headers: dict[str, str],
        length: int | None,
    ) -> None:
        reason = _REASONS.get(status, "Status")
        lines = [f"HTTP/1.1 {status} {reason}", "Connection: close", "Server: hunyuan-desktop-demo"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        lines.append(f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()

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
            "body": body if self.record_bodies else None,
            "authorization": headers.get("authorization", ""),
            "time": time.time(),
            "sent": [],  # (unix time, answer characters written so far), for crash tests
        }
        with self._lock:
            self._state.requests.append(record)
        balance_header = self._balance_header()
        if (denied := self._auth_error(headers)) is not None:
            await self._json(writer, 401, denied, balance_header)
            return
        if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
            await self._json(writer, 400, _error("messages is required"), balance_header)
            return
        if self.balance <= 0:
            broke = self.flavor.broke_body or _error(
                "API_KEY exceeded the current quota, please check your plan and billing details…"
            )
            await self._json(writer, self.flavor.broke_status, broke, balance_header)
            return
        fault = self._next_fault()
        if fault.kind == "raw":
            await self._raw(writer, reader, fault)
            return
        if fault.kind == "slow_first_byte":
            await self._wait_or_disconnect(reader, fault.delay)
        if fault.kind == "status":
            extra = dict(balance_header)
            if fault.retry_after is not None:
                extra["Retry-After"] = f"{fault.retry_after:g}"
            await self._json(writer, fault.status, _error(fault.message or "server error"), extra)
            return
        if fault.kind == "html":
            page = (
                "<!DOCTYPE html><html><head><title>"
                f"{fault.status} {fault.message or 'Bad Gateway'}</title></head><body><h1>"
                f"{fault.message or 'Bad Gateway'}</h1><hr>nginx</body></html>"
            ).encode()
            await self._head(writer, fault.status, {"Content-Type": "text/html", **balance_header}, len(page))
            writer.write(page)
            await writer.drain()
            return

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
        elif _asks_for_a_title(messages):
            text = _title_reply(str(last_user))  # the app's automatic title: a short one, as a model would
        else:
            text = _pick_reply(str(last_user))
        record["answer"] = text
        reasoning = fault.reasoning or ("先想一想：用户问的是什么？" if _wants_thinking(body) else "")
        prompt_tokens = sum(estimate_tokens(str(m.get("content", ""))) for m in messages if isinstance(m, dict))
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": estimate_tokens(text + reasoning),
            "total_tokens": 0,
        }
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        price = self.prices.get(model, Price(Decimal("0.0025"), Decimal("0.0025")))
        cost = (
            Decimal(usage["prompt_tokens"]) * price.input_per_1k
            + Decimal(usage["completion_tokens"]) * price.output_per_1k
        ) / 1000
        with self._lock:
            self._state.balance -= cost
        balance_header = self._balance_header()

        ident = uuid.uuid4().hex
        created = int(time.time())

        if not body.get("stream") or fault.kind == "nonstream":
            await self._json(
                writer,
                200,
                {
                    "id": ident,
                    "object": "chat.completion",
                    "created": created,
                    "model": model,
                    "system_fingerprint": "",
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": text}
                            | ({self.flavor.reasoning_field: reasoning} if reasoning else {}),
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": usage,
                },
                balance_header,
            )
            return

        await self._head(
            writer,
            200,
            {
                "Content-Type": "text/event-stream; charset=utf-8",
                "Cache-Control": "no-cache",
                **balance_header,
            },
            None,
        )
        extra_head = self._search_fields(sources)
        await self._stream(
            writer, reader, fault, ident, created, model, text, usage, record["sent"], reasoning, extra_head
        )

    async def _stream(
        self,
        writer: asyncio.StreamWriter,
        reader: asyncio.StreamReader,
        fault: Fault,
        ident: str,
        created: int,
        model: str,
        text: str,
        usage: dict[str, int],
        progress: list[tuple[float, int]],
        reasoning: str = "",
        extra_head: dict[str, Any] | None = None,
    ) -> None:
        eol = "\r" if fault.cr_only else ("\r\n" if fault.crlf else "\n")
        size = fault.chunk_chars or self.chunk_chars
        rate = fault.rate if fault.rate >= 0 else self.rate
        interval = 1.0 / rate if rate > 0 else 0.0
        first = True
        # Watch for the client going away while we write (Stop, cancellation, window closed).
        gone = asyncio.ensure_future(reader.read(1))

        async def send(payload: str) -> None:
            nonlocal first
            if gone.done():
                raise _Dropped
            data = payload.encode()
            if first and fault.bom:
                data = b"\xef\xbb\xbf" + data
            first = False
            if not fault.split_writes:
                writer.write(b"%x\r\n%s\r\n" % (len(data), data))
                # Unthrottled streams are written in bursts; drain only when the socket pushes back.
                if interval or writer.transport.get_write_buffer_size() > 1 << 16:
                    await writer.drain()
                return
            for i in range(0, len(data), fault.split_writes):
                piece = data[i : i + fault.split_writes]
                writer.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                await writer.drain()
                await asyncio.sleep(0.002)

        head = json.dumps(
            {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model, **(extra_head or {})},
            ensure_ascii=False,
        )[:-1]

        def chunk(delta: dict[str, str], finish: str | None = None) -> str:
            # The provider's exact shape, built from a prefix: json.dumps per chunk was most of the cost.
            body = json.dumps({"role": "assistant", **delta}, ensure_ascii=False)
            reason = json.dumps(finish)
            return f'data: {head}, "choices": [{{"index": 0, "delta": {body}, "finish_reason": {reason}}}]}}{eol}{eol}'

        reasoning_field = self.flavor.reasoning_field
        pieces: list[tuple[str, str]] = [
            (reasoning_field, reasoning[i : i + size]) for i in range(0, len(reasoning), size)
        ]
        pieces += [("content", text[i : i + size]) for i in range(0, len(text), size)]
        cut = fault.kind in ("drop", "malformed", "error_mid", "length", "sensitive", "stall")
        written = 0
        try:
            for n, (field_name, piece) in enumerate(pieces):
                if cut and n == fault.after:
                    if fault.kind == "stall":
                        await writer.drain()
                        await self._wait_or_disconnect(reader, fault.delay, gone)
                    else:
                        break
                await send(chunk({field_name: piece}))
                if field_name == "content":
                    written += len(piece)
                    if self.record_bodies:
                        progress.append((time.time(), written))
                if fault.keepalive:
                    await send(f": keep-alive{eol}{eol}")
                if interval:
                    await asyncio.sleep(interval)
                elif n % 64 == 63:
                    await asyncio.sleep(0)
            await writer.drain()
            if fault.kind == "drop":
                # Cut mid-body: a chunk header promising bytes that never come.
                writer.write(b'400\r\ndata: {"choi')
                await writer.drain()
                writer.transport.abort()
                return
            if fault.kind == "malformed":
                await send(f'data: {{"choices": [{{"delta": {{"content": "broken{eol}{eol}')
            elif fault.kind == "error_mid":
                error = _error(fault.message or "upstream model error, please retry", "server_error")
                await send(f"data: {json.dumps(error, ensure_ascii=False)}{eol}{eol}")
            elif fault.kind != "no_done":
                finish = {"length": "length", "sensitive": "sensitive"}.get(fault.kind, "stop")
                await send(chunk({"content": ""}, finish))
                final = {
                    "id": ident,
                    "object": "chat.completion.chunk",
                    "created": created,
                    "model": model,
                    "choices": [],
                    "usage": usage,
                }
                await send(f"data: {json.dumps(final)}{eol}{eol}")
                await send(f"data: [DONE]{eol}{eol}")
            writer.write(b"0\r\n\r\n")
            await writer.drain()
        finally:
            gone.cancel()

    async def _raw(self, writer: asyncio.StreamWriter, reader: asyncio.StreamReader, fault: Fault) -> None:
        reason = _REASONS.get(fault.status, "Status")
        lines = [f"HTTP/1.1 {fault.status} {reason}", "Connection: close"]
        lines += [f"{k}: {v}" for k, v in fault.headers.items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace"))
        await writer.drain()
        for pause, data in fault.parts:
            if pause > 0:
                await self._wait_or_disconnect(reader, pause)
            writer.write(base64.b64decode(data))
            await writer.drain()
        if fault.cut:
            writer.transport.abort()

    async def _wait_or_disconnect(
        self, reader: asyncio.StreamReader, delay: float, gone: asyncio.Future[bytes] | None = None
    ) -> None:
        watcher = gone or asyncio.ensure_future(reader.read(1))
        try:
            await asyncio.wait_for(asyncio.shield(watcher), delay)
        except TimeoutError:
            return
        finally:
            if gone is None:
                watcher.cancel()
        raise _Dropped


def _error(message: str, kind: str = "invalid_request_error") -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


def _asks_for_a_title(messages: list[Any]) -> bool:
    system = " ".join(str(m.get("content", "")) for m in messages if isinstance(m, dict) and m.get("role") == "system")
    return "标题" in system or "title" in system.lower()


def _title_reply(conversation: str) -> str:
    """A title from the question's first clause: up to 20 characters of Chinese, or 8 words."""
    first = next((line.strip(" #*") for line in conversation.splitlines() if line.strip()), "")
    clause = re.split(r"[，。？！；,?!;]", first)[0].strip()
    if clause.isascii():
        return " ".join(clause.split()[:8])
    return clause[:20]


def _pick_reply(question: str) -> str:
    ascii_only = question.isascii() and question.strip() != ""
    if ascii_only:
        return DEMO_REPLIES[1]
    return DEMO_REPLIES[2] if ("排序" in question or "算法" in question) else DEMO_REPLIES[0]


_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    413: "Payload Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Loopback stand-in for the Hunyuan chat API")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--key", default=DEMO_KEY, help="the Bearer key to accept ('' accepts any)")
    parser.add_argument("--rate", type=float, default=40.0, help="chunks per second (0 = unthrottled)")
    parser.add_argument("--chunk-chars", type=int, default=4)
    parser.add_argument("--flavor", choices=sorted(FLAVORS), default="wcode", help="which provider to imitate")
    args = parser.parse_args(argv)
    server = DemoServer(api_key=args.key or None, rate=args.rate, chunk_chars=args.chunk_chars, flavor=args.flavor)

    async def run() -> None:
        srv = await server.serve(port=args.port)
        print(f"serving on {server.base_url} (key: {args.key or 'any'})", flush=True)
        async with srv:
            await srv.serve_forever()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


__all__ = ["DEMO_KEY", "FAULT_KINDS", "FLAVORS", "DemoServer", "Fault", "Flavor", "main"]

if __name__ == "__main__":
    main()
