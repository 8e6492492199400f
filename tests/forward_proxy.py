"""A real HTTP forward proxy for the tests, on loopback: absolute-URI requests (plain http) are forwarded
to their origin, CONNECT opens a tunnel (https). Every request is recorded (method, target, headers), so a
test can prove what went through it, the API key included, and what did not."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Seen:
    method: str
    target: str
    headers: dict[str, str] = field(default_factory=dict)


class ForwardProxy:
    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def requests(self) -> list[Seen]:
        with self._lock:
            return list(self.seen)

    def start(self) -> str:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop

            async def serve() -> None:
                self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
                self.port = self._server.sockets[0].getsockname()[1]

            loop.run_until_complete(serve())
            ready.set()
            loop.run_forever()
            loop.close()

        threading.Thread(target=run, name="forward-proxy", daemon=True).start()
        if not ready.wait(10):
            raise RuntimeError("the proxy did not start")
        return self.url

    def stop(self) -> None:
        loop, server = self._loop, self._server
        if loop is None or server is None or loop.is_closed():
            return
        self._server = None  # stopped once

        async def shutdown() -> None:
            server.close()
            # Tunnels still open end with the proxy (their pipes close both sockets), not as transports
            # left for the garbage collector ("unclosed transport", seen failing a CI run), as the
            # stand-in server does.
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in others:
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)
            await asyncio.sleep(0)  # the transports' close callbacks
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 2)

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(shutdown(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            writer.close()
            return
        lines = head.decode("latin-1").split("\r\n")
        method, target, _version = lines[0].split(" ", 2)
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        with self._lock:
            self.seen.append(Seen(method, target, headers))
        try:
            if method == "CONNECT":
                host, _, port = target.rpartition(":")
                upstream_reader, upstream_writer = await asyncio.open_connection(host, int(port))
                writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
                await writer.drain()
            else:
                parts = urlsplit(target)
                upstream_reader, upstream_writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                forwarded = [f"{method} {path} HTTP/1.1"]
                forwarded += [f"{k}: {v}" for k, v in headers.items() if k not in ("proxy-connection", "connection")]
                forwarded.append("Connection: close")  # one request per connection: the pipe ends with it
                upstream_writer.write(("\r\n".join(forwarded) + "\r\n\r\n").encode("latin-1"))
                length = int(headers.get("content-length", "0") or 0)
                if length:
                    upstream_writer.write(await reader.readexactly(length))
                await upstream_writer.drain()
        except OSError:
            writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            writer.close()
            return
        await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))


async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    try:
        while data := await source.read(65536):
            sink.write(data)
            await sink.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(Exception):
            sink.close()
