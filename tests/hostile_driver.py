"""Run the real app (app.build, offscreen) in a process of its own, for hostile inputs that once killed it.

Usage: python tests/hostile_driver.py ask DATA_DIR BASE_URL QUESTION   (send QUESTION, wait for the answer)
       python tests/hostile_driver.py start DATA_DIR BASE_URL          (show the window, run for a second)
The key comes from HUNYUAN_API_KEY. Every message box that opens is answered (closed) and reported as a JSON
line ``{"box": title, "plain": bool}``; the last line is ``{"ok": ...}``. The test runs this under a memory
limit, so a regression (Qt reading /dev/zero for an <img> in a title) fails fast instead of eating the machine.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hunyuan_desktop.app import build, parse_args
from hunyuan_desktop.boot.aioqt import make_loop, run
from hunyuan_desktop.domain import MessageStatus
from hunyuan_desktop.ui.kit.clipboard import release_clipboard


def answer_boxes(app: QApplication) -> QTimer:
    def check() -> None:
        for widget in app.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                plain = widget.textFormat() == Qt.TextFormat.PlainText
                print(json.dumps({"box": widget.windowTitle(), "plain": plain}), flush=True)
                widget.done(0)

    timer = QTimer(app)
    timer.timeout.connect(check)
    timer.start(50)
    return timer


async def drive(app: QApplication, mode: str, data_dir: Path, base_url: str, question: str) -> bool:
    runtime = await build(app, parse_args(["--data-dir", str(data_dir), "--base-url", base_url]))
    if isinstance(runtime, int):
        return False
    window = runtime.window
    try:
        window.show()
        window.repaint()  # the header, the list (title and tooltip data) drawn now
        if mode == "ask":
            window.composer.setPlainText(question)
            window.send()
            conv = window.current
            for _ in range(2000):
                await asyncio.sleep(0.01)
                if conv is not None and not runtime.controller.is_busy(conv.id):
                    break
            window.repaint()
            messages = window.chat_view.messages()
            return bool(messages) and messages[-1].status is MessageStatus.DONE
        for _ in range(100):  # a second of the event loop: paints, timers, the list's tooltips
            await asyncio.sleep(0.01)
        window.conversation_list.viewport().repaint()
        return window.isVisible()
    finally:
        await runtime.close()


def main() -> None:
    mode, data_dir, base_url = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    question = sys.argv[4] if len(sys.argv) > 4 else ""
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # as app.main does
    loop = make_loop(app)
    boxes = answer_boxes(app)
    try:
        ok = run(loop, drive(app, mode, data_dir, base_url, question))
    finally:
        boxes.stop()
        release_clipboard()  # as app.main ends
        loop.close()
    print(json.dumps({"ok": ok}), flush=True)


if __name__ == "__main__":
    main()
