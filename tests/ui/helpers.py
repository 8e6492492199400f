"""Start the real app (app.build) against the stand-in server, and wait for things without sleeping blind."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from hunyuan_desktop.api.client import Timeouts
from hunyuan_desktop.app import Runtime, build, parse_args
from hunyuan_desktop.demo_server import DEMO_KEY, DemoServer
from hunyuan_desktop.secrets import KeyStore
from tests.unit.test_secrets import MemoryKeyring

TEST_TIMEOUTS = Timeouts(connect=2.0, first_byte=3.0, idle=1.0)


async def start_app(
    server: DemoServer | None,
    data_dir: Path,
    *,
    key: str | None = DEMO_KEY,
    keys: KeyStore | None = None,
    extra: list[str] | None = None,
) -> Runtime:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if keys is None:
        keys = KeyStore(MemoryKeyring())
        if key is not None:
            keys.set("wcode", key)
    argv = ["--data-dir", str(data_dir)]
    if server is not None:
        argv += ["--base-url", server.base_url]
    runtime = await build(app, parse_args(argv + (extra or [])), keys=keys, timeouts=TEST_TIMEOUTS)
    assert not isinstance(runtime, int), "the app refused to start"
    return runtime


async def until(condition: Callable[[], object], timeout: float = 10.0, what: str = "condition") -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)
