"""The composition root: the command line, QApplication, the qasync loop, and every object wired in one
place (``boot.runtime.build``; its parts in boot/, which imports no widgets). docs/ARCHITECTURE.md draws
what is built and who owns what."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from hunyuan_desktop import __version__
from hunyuan_desktop.boot.aioqt import make_loop, run
from hunyuan_desktop.boot.cli import env_proxy, parse_args
from hunyuan_desktop.boot.logs import setup_logging
from hunyuan_desktop.boot.runtime import Runtime, build, resolve_once, switch_to_demo
from hunyuan_desktop.boot.startup import Dialogs, install_translations, no_display
from hunyuan_desktop.catalog import resources_dir
from hunyuan_desktop.domain import MessageStatus
from hunyuan_desktop.ui.kit.clipboard import release_clipboard
from hunyuan_desktop.ui.kit.icons import app_icon

APP_ID = "hunyuan-desktop"

__all__ = [
    "APP_ID",
    "Dialogs",
    "Runtime",
    "amain",
    "build",
    "env_proxy",
    "install_translations",
    "main",
    "parse_args",
    "setup_logging",
    "smoke_test",
    "switch_to_demo",
]


async def smoke_test(app: QApplication, args: argparse.Namespace) -> int:
    """One question through the demo stand-in, the whole app composed as usual; prints a JSON line with
    what a packaging check needs to see (the answer arrived, was billed, and where the resources came
    from) and returns 0 only if the turn ended done with text."""
    with tempfile.TemporaryDirectory() as folder:
        args.data_dir = args.data_dir or Path(folder)
        built = await build(app, args)
        if isinstance(built, int):
            return built
        window = built.window
        window.repaint()  # the first paint, synchronously: when the window is there (start-up time)
        shown_at = time.time()
        try:
            conv = window.new_conversation()
            window.composer.setPlainText("smoke test: 你好")
            window.send()
            deadline = time.monotonic() + 60
            while conv is not None and (built.controller.is_busy(conv.id) or len(window.chat_view.messages()) < 2):
                if time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.05)
            answer = window.chat_view.messages()[-1] if window.chat_view.messages() else None
            ok = answer is not None and answer.status is MessageStatus.DONE and bool(answer.content.strip())
            print(
                json.dumps(
                    {
                        "ok": ok,
                        "version": __version__,
                        "shown_at": shown_at,
                        "answer_chars": len(answer.content) if answer else 0,
                        "cost": str(answer.cost) if answer and answer.cost is not None else None,
                        "resources": str(resources_dir()),
                        "zh_CN": QTranslator().load(str(resources_dir() / "i18n" / "hunyuan_desktop_zh_CN.qm")),
                        "icon": not app_icon().isNull(),
                    },
                    ensure_ascii=False,
                ),
                flush=True,
            )
            return 0 if ok else 1
        finally:
            await built.close()


async def amain(app: QApplication, args: argparse.Namespace) -> int:
    if args.smoke_test:
        return await smoke_test(app, args)
    built = await build(app, args)
    while not isinstance(built, int):
        runtime = built
        closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        runtime.window.closed.connect(lambda done=closed: resolve_once(done, None))
        try:
            either: list[asyncio.Future[Any]] = [closed, runtime.demo_requested]
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
        except BaseException:
            await runtime.close()
            raise
        if closed.done() or not runtime.demo_requested.done():
            await runtime.close()
            return 0
        built = await switch_to_demo(app, runtime, runtime.demo_requested.result())
    return built


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command is not None:  # a command: no window, no display needed
        from hunyuan_desktop.boot.commands import run as run_command

        return run_command(args)
    if (missing := no_display()) is not None:
        print(missing, file=sys.stderr)
        return 1
    # The application id (docs/ARCHITECTURE.md, "Contracts"): X11's WM_CLASS instance and class,
    # Wayland's app id, the desktop entry's name. Without it the window class was "__main__.py".
    os.environ.setdefault("RESOURCE_NAME", APP_ID)
    QGuiApplication.setDesktopFileName(APP_ID)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_ID)
    app.setWindowIcon(app_icon())
    app.setOrganizationName("hunyuan-desktop")
    app.setApplicationVersion(__version__)
    # Closing the last window mid-stream must not stop the loop under pending work (docs/ARCHITECTURE.md,
    # "Threads and the loop"): the main coroutine waits for the window's close, then cancels and awaits
    # the turn itself.
    app.setQuitOnLastWindowClosed(False)
    loop = make_loop(app)
    try:
        return run(loop, amain(app, args))
    finally:
        release_clipboard()
        loop.close()


if __name__ == "__main__":
    sys.exit(main())
