"""Child process for the start-up benchmark: the real composition (app.build), or with ``--bare`` the floor:
a bare PySide6 QMainWindow. Each paints once, idles, then prints "<shown at> <rss MB>" and quits."""

from __future__ import annotations

import os
import sys
import time

IDLE_S = float(os.environ.get("BENCH_IDLE_S", "1.0"))


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1200, 780)
    window.show()
    window.repaint()
    shown = time.time()
    QTimer.singleShot(int(IDLE_S * 1000), lambda: (print(f"{shown} {rss_mb()}", flush=True), app.quit()))
    app.exec()


def full(data: str) -> None:
    import asyncio

    from PySide6.QtWidgets import QApplication

    from hunyuan_desktop.app import build, parse_args
    from hunyuan_desktop.boot.aioqt import make_loop, run

    async def main(app: QApplication) -> None:
        # Loopback base URL: the start-up balance refresh fails at once instead of waiting on DNS here.
        runtime = await build(app, parse_args(["--data-dir", data, "--base-url", "http://127.0.0.1:9/v1"]))
        assert not isinstance(runtime, int)
        runtime.window.repaint()  # the first paint, synchronously (processEvents here would re-enter qasync)
        shown = time.time()
        await asyncio.sleep(IDLE_S)  # idle
        print(f"{shown} {rss_mb()}", flush=True)
        await runtime.close()

    app = QApplication(sys.argv[:1])
    loop = make_loop(app)
    run(loop, main(app))
    loop.close()


if __name__ == "__main__":
    if sys.argv[1] == "--bare":
        bare()
    else:
        full(sys.argv[1])
