"""A loopback stand-in for the wcode Hunyuan API: real HTTP, the provider's exact wire format, and every
fault the client must survive.

Run by hand: ``python -m hunyuan_desktop.standin --port 8765`` (then base URL
``http://127.0.0.1:8765/api/gpt/v1``). Tests and ``--demo`` start it in a background thread with
:meth:`DemoServer.start`, on an ephemeral port; the offline demo records nothing and serves no control
routes.

Wire format (docs/ARCHITECTURE.md, "The stand-in server"): ``delta.role`` on every chunk, a finish chunk
with empty content, a final ``choices: []`` chunk with ``usage``, ``data: [DONE]``; ``X-Account-Balance``
on every response, falling by each reply's cost; OpenAI-style error bodies; Bearer key check.

Faults are queued per request, either in-process (:meth:`DemoServer.push_fault`) or over HTTP
(``POST /_control/faults`` with a :class:`Fault` as JSON). ``GET /_control/requests`` returns the
recorded request bodies; ``POST /_control/reset`` clears faults and records.

    flavors.py  how each provider differs on the wire
    faults.py   the faults, by kind
    replies.py  what it answers
    wire.py     HTTP and server-sent events by hand
    server.py   state, life and routes
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from hunyuan_desktop.standin.faults import Fault, FaultKind
from hunyuan_desktop.standin.flavors import BILLING_PATH, FLAVORS, Flavor
from hunyuan_desktop.standin.replies import DEMO_REPLIES, DEMO_SOURCES
from hunyuan_desktop.standin.server import DEMO_KEY, DemoServer


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


__all__ = [
    "BILLING_PATH",
    "DEMO_KEY",
    "DEMO_REPLIES",
    "DEMO_SOURCES",
    "FLAVORS",
    "DemoServer",
    "Fault",
    "FaultKind",
    "Flavor",
    "main",
]
