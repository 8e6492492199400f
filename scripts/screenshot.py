"""Photograph the real window mid-conversation (run under Xvfb: `make screenshot`).

Composes the app exactly as `hunyuan-desktop --demo` does, asks a question in Chinese, lets part of the
answer stream in, and saves `docs/screenshot.png` (the window) while the answer is still arriving.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from hunyuan_desktop.aioqt import make_loop, run
from hunyuan_desktop.app import build, parse_args


async def shoot(app: QApplication, out: Path, stop_after: int) -> None:
    with tempfile.TemporaryDirectory() as data:
        runtime = await build(app, parse_args(["--demo", "--data-dir", data]))
        assert not isinstance(runtime, int)
        window = runtime.window
        window.resize(1280, 800)
        assert runtime.connection.demo is not None
        runtime.connection.demo.rate = 120
        window.composer.setPlainText("请用 Python 写一个快速排序，并解释一下算法的复杂度。")
        window.send()
        conv = window.current
        assert conv is not None
        while True:
            await asyncio.sleep(0.05)
            streaming = runtime.controller.streaming_message(conv.id)
            msg = window.chat_view.message(streaming) if streaming else None
            if msg is None or len(msg.content) >= stop_after:
                break
        await asyncio.sleep(0.2)
        window.grab().save(str(out))
        await runtime.close()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png")
    stop_after = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    app = QApplication(sys.argv[:1])
    loop = make_loop(app)
    try:
        run(loop, shoot(app, out, stop_after))
    finally:
        loop.close()  # stops the executor's threads before Qt goes away
    print(f"saved {out}")


if __name__ == "__main__":
    main()
