"""Importing a large export through the window (issue 20): the longest event-loop stall while it is read,
checked and stored (a 5 ms heartbeat), and how long it takes. Before issue 20 the window froze for 4.7 s on
a 100 MB one-message file and 20.4 s on 200,000 messages (everything ran on the GUI thread)."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from benchmarks.bench_shapes import Heartbeat
from benchmarks.common import fmt_ms, run_on_qt_loop
from hunyuan_desktop.app import build, parse_args
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.store.export import EXPORT_FORMAT


def export(messages: list[dict[str, object]]) -> str:
    return json.dumps(
        {"format": EXPORT_FORMAT, "conversation": {"title": "大文件", "model": "hunyuan-lite"}, "messages": messages},
        ensure_ascii=False,
    )


SHAPES: dict[str, Callable[[], str]] = {
    "100 MB, one message": lambda: export([{"id": 1, "role": "user", "content": "长" * 33_000_000}]),
    "200,000 messages": lambda: export(
        [
            {"id": i + 1, "parent_id": i or None, "role": ("user", "assistant")[i % 2], "content": "问题" * 100}
            for i in range(200_000)
        ]
    ),
}


async def measure(app: QApplication) -> dict[str, tuple[float, float]]:
    results: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as files:
        rt = await build(app, parse_args(["--data-dir", data]), keys=KeyStore(env_key="sk-unused"))
        assert not isinstance(rt, int)
        beat = Heartbeat()
        for name, make in SHAPES.items():
            path = Path(files) / "export.json"
            path.write_text(make(), encoding="utf-8")
            beat.start()
            started = time.perf_counter()
            conv = await rt.window.import_from(path)
            took = time.perf_counter() - started
            results[name] = (beat.stop(), took)
            assert conv is not None, name
        await rt.close()
    print(
        "import (longest event-loop stall; time): "
        + "; ".join(f"{name} {fmt_ms(gap)}; {took:.1f} s" for name, (gap, took) in results.items())
    )
    return results


def run_bench() -> dict[str, tuple[float, float]]:
    return run_on_qt_loop(measure)


if __name__ == "__main__":
    run_bench()
