"""Photograph the real window mid-conversation (run under Xvfb: `make screenshot`).

Composes the app exactly as `hunyuan-desktop --demo` does (in the theme and at the size given, in the
language of the environment), asks a question, lets part of the answer stream in, and saves the window
while the answer is still arriving. `scripts/screenshot.sh` takes the set shown in the README.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from hunyuan_desktop.app import build, parse_args
from hunyuan_desktop.boot.aioqt import make_loop, run
from hunyuan_desktop.domain import Role
from hunyuan_desktop.ui.kit.icons import app_icon

QUESTIONS = {
    "zh": (
        "请用 Python 写一个快速排序，并解释一下算法的复杂度。",
        ["周报提纲", "CAP 定理的例子", "旅行计划：成都三日"],
    ),
    "en": (
        "Write a quicksort in Python and explain its complexity.",
        ["Weekly report outline", "CAP theorem", "Trip plan"],
    ),
}


async def shoot(app: QApplication, out: Path, stop_after: int, theme: str, size: tuple[int, int]) -> None:
    with tempfile.TemporaryDirectory() as data:
        runtime = await build(app, parse_args(["--demo", "--data-dir", data, "--theme", theme]))
        assert not isinstance(runtime, int)
        window = runtime.window
        window.resize(*size)
        assert runtime.connection.demo is not None
        runtime.connection.demo.rate = 120
        language = "zh" if QLocale.system().name().startswith("zh") else "en"
        question, others = QUESTIONS[language]
        for i, title in enumerate(others):  # a list with some history in it
            earlier = runtime.archive.create_conversation(title, "hunyuan-turbos-latest")
            runtime.archive.append_message(earlier.id, Role.USER, title)
            if i == 0:
                runtime.archive.set_pinned(earlier.id, True)
        window.new_conversation()
        window.composer.setPlainText(question)
        window.send()
        conv = window.current
        assert conv is not None
        while True:
            await asyncio.sleep(0.05)
            live = runtime.controller.live_message(conv.id)
            msg = window.chat_view.message(live.id) if live else None
            if msg is None or len(msg.content) >= stop_after:
                break
        await asyncio.sleep(0.2)
        window.grab().save(str(out))
        await runtime.close()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png")
    stop_after = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    theme = sys.argv[3] if len(sys.argv) > 3 else "light"
    width, height = (int(v) for v in (sys.argv[4] if len(sys.argv) > 4 else "1280x800").split("x"))
    app = QApplication(sys.argv[:1])
    app.setWindowIcon(app_icon())
    loop = make_loop(app)
    try:
        run(loop, shoot(app, out, stop_after, theme, (width, height)))
    finally:
        loop.close()  # stops the executor's threads before Qt goes away
    print(f"saved {out}")


if __name__ == "__main__":
    main()
