"""Child process for the start-up benchmark: the real composition (app.build), then report and quit."""

from __future__ import annotations

import asyncio
import os
import sys
import time

from PySide6.QtWidgets import QApplication

from hunyuan_desktop.app import build, parse_args
from hunyuan_desktop.boot.aioqt import make_loop, run


async def main(app: QApplication, data: str) -> None:
    # Loopback base URL: the start-up balance refresh fails at once instead of waiting on DNS here.
    runtime = await build(app, parse_args(["--data-dir", data, "--base-url", "http://127.0.0.1:9/v1"]))
    assert not isinstance(runtime, int)
    runtime.window.repaint()  # the first paint, synchronously (processEvents here would re-enter qasync)
    shown = time.time()
    await asyncio.sleep(1.0)  # idle
    with open("/proc/self/statm") as fh:
        rss = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    print(f"{shown} {rss}", flush=True)
    await runtime.close()


if __name__ == "__main__":
    app = QApplication(sys.argv[:1])
    loop = make_loop(app)
    run(loop, main(app, sys.argv[1]))
    loop.close()
