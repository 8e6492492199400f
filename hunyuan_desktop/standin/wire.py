"""HTTP/1.1 by hand: response heads, JSON bodies, a chat completion streamed as server-sent events in
chunked encoding, a hostile server's raw bytes, and noticing a client that went away.

The raw asyncio server (no framework) is deliberate: faults such as a UTF-8 character split across two
TCP writes, CR-only line endings or a connection cut mid-chunk need control of every byte.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
from dataclasses import dataclass
from typing import Any

from hunyuan_desktop.standin.faults import CUTTING, Fault, FaultKind, error_body

REASONS = {
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


class Dropped(Exception):
    """The client went away; stop writing."""


async def head(writer: asyncio.StreamWriter, status: int, headers: dict[str, str], length: int | None) -> None:
    """The status line and headers; ``length`` None: a chunked body follows."""
    reason = REASONS.get(status, "Status")
    lines = [f"HTTP/1.1 {status} {reason}", "Connection: close", "Server: hunyuan-desktop-demo"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    lines.append(f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
    await writer.drain()


async def send_json(writer: asyncio.StreamWriter, status: int, obj: Any, extra: dict[str, str] | None = None) -> None:
    payload = json.dumps(obj, ensure_ascii=False).encode()
    await head(writer, status, {"Content-Type": "application/json; charset=utf-8", **(extra or {})}, len(payload))
    writer.write(payload)
    await writer.drain()


async def raw(writer: asyncio.StreamWriter, reader: asyncio.StreamReader, fault: Fault) -> None:
    """Exactly the fault's status, headers and body parts (each after its pause), then close or cut."""
    reason = REASONS.get(fault.status, "Status")
    lines = [f"HTTP/1.1 {fault.status} {reason}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in fault.headers.items()]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace"))
    await writer.drain()
    for pause, data in fault.parts:
        if pause > 0:
            await wait_or_disconnect(reader, pause)
        writer.write(base64.b64decode(data))
        await writer.drain()
    if fault.cut:
        writer.transport.abort()


async def wait_or_disconnect(
    reader: asyncio.StreamReader, delay: float, gone: asyncio.Future[bytes] | None = None
) -> None:
    """Wait ``delay`` seconds; raise :class:`Dropped` as soon as the client goes away."""
    watcher = gone or asyncio.ensure_future(reader.read(1))
    try:
        await asyncio.wait_for(asyncio.shield(watcher), delay)
    except TimeoutError:
        return
    finally:
        if gone is None:
            watcher.cancel()
    raise Dropped


@dataclass(frozen=True, slots=True)
class Answer:
    """One streamed answer: what it says, how it is cut into chunks and paced."""

    ident: str
    created: int
    model: str
    text: str
    usage: dict[str, int]
    reasoning: str = ""
    reasoning_field: str = "reasoning_content"
    extra_head: dict[str, Any] | None = None  # fields every chunk carries (web search sources)
    chunk_chars: int = 4
    rate: float = 0.0  # chunks per second, 0 = as fast as possible


async def stream(
    writer: asyncio.StreamWriter,
    reader: asyncio.StreamReader,
    fault: Fault,
    answer: Answer,
    progress: list[tuple[float, int]] | None,
) -> None:
    """The answer as the provider streams it: ``delta.role`` on every chunk, a finish chunk with empty
    content, a final ``choices: []`` chunk with ``usage``, ``data: [DONE]``, shaped by ``fault``.
    ``progress`` (if kept) gets (unix time, answer characters written so far) per chunk."""
    eol = "\r" if fault.cr_only else ("\r\n" if fault.crlf else "\n")
    size = fault.chunk_chars or answer.chunk_chars
    rate = fault.rate if fault.rate >= 0 else answer.rate
    interval = 1.0 / rate if rate > 0 else 0.0
    first = True
    # Watch for the client going away while we write (Stop, cancellation, window closed).
    gone = asyncio.ensure_future(reader.read(1))

    async def send(payload: str) -> None:
        nonlocal first
        if gone.done():
            raise Dropped
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

    ident, created, model = answer.ident, answer.created, answer.model
    opening = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model}
    prefix = json.dumps(opening | (answer.extra_head or {}), ensure_ascii=False)[:-1]

    def chunk(delta: dict[str, str], finish: str | None = None) -> str:
        # The provider's exact shape, built from a prefix: json.dumps per chunk was most of the cost.
        body = json.dumps({"role": "assistant", **delta}, ensure_ascii=False)
        reason = json.dumps(finish)
        return f'data: {prefix}, "choices": [{{"index": 0, "delta": {body}, "finish_reason": {reason}}}]}}{eol}{eol}'

    reasoning, text = answer.reasoning, answer.text
    pieces = [(answer.reasoning_field, reasoning[i : i + size]) for i in range(0, len(reasoning), size)]
    pieces += [("content", text[i : i + size]) for i in range(0, len(text), size)]
    cut = fault.kind in CUTTING
    written = 0
    try:
        for n, (field_name, piece) in enumerate(pieces):
            if cut and n == fault.after:
                if fault.kind is FaultKind.STALL:
                    await writer.drain()
                    await wait_or_disconnect(reader, fault.delay, gone)
                else:
                    break
            await send(chunk({field_name: piece}))
            if field_name == "content":
                written += len(piece)
                if progress is not None:
                    progress.append((time.time(), written))
            if fault.keepalive:
                await send(f": keep-alive{eol}{eol}")
            if interval:
                await asyncio.sleep(interval)
            elif n % 64 == 63:
                await asyncio.sleep(0)
        await writer.drain()
        if fault.kind is FaultKind.DROP:
            # Cut mid-body: a chunk header promising bytes that never come.
            writer.write(b'400\r\ndata: {"choi')
            await writer.drain()
            writer.transport.abort()
            return
        if fault.kind is FaultKind.MALFORMED:
            await send(f'data: {{"choices": [{{"delta": {{"content": "broken{eol}{eol}')
        elif fault.kind is FaultKind.ERROR_MID:
            error = error_body(fault.message or "upstream model error, please retry", "server_error")
            await send(f"data: {json.dumps(error, ensure_ascii=False)}{eol}{eol}")
        elif fault.kind is not FaultKind.NO_DONE:
            finish = {FaultKind.LENGTH: "length", FaultKind.SENSITIVE: "sensitive"}.get(fault.kind, "stop")
            await send(chunk({"content": ""}, finish))
            final = opening | {"choices": [], "usage": answer.usage}
            await send(f"data: {json.dumps(final)}{eol}{eol}")
            await send(f"data: [DONE]{eol}{eol}")
        writer.write(b"0\r\n\r\n")
        await writer.drain()
    finally:
        gone.cancel()
