"""Run the real app (app.build, offscreen) and ask one question; the crash test SIGKILLs this process.

Usage: python tests/crash_driver.py DATA_DIR BASE_URL   (the key comes from HUNYUAN_API_KEY)
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from hunyuan_desktop.app import build, parse_args
from hunyuan_desktop.boot.aioqt import make_loop, run


async def drive(app: QApplication, data_dir: Path, base_url: str) -> None:
    runtime = await build(app, parse_args(["--data-dir", str(data_dir), "--base-url", base_url]))
    assert not isinstance(runtime, int)
    runtime.window.composer.setPlainText("请写一篇很长的文章")
    runtime.window.send()
    print("sent", flush=True)
    await asyncio.sleep(3600)


def main() -> None:
    app = QApplication(sys.argv[:1])
    loop = make_loop(app)
    run(loop, drive(app, Path(sys.argv[1]), sys.argv[2]))


if __name__ == "__main__":
    main()
