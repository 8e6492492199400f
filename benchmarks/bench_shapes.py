"""Pathological answers (issue 9): the longest stall of the event loop while each shape is opened from
the archive (scrolled from top to bottom by wheel-sized steps) and while it streams in through the real
client, controller and window. Budget: no stall over 50 ms for any answer up to 10 MB.

A 5 ms PreciseTimer heartbeat runs throughout; a stall is the gap between two beats."""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from benchmarks.common import fmt_ms, run_on_qt_loop, server_process
from hunyuan_desktop.app import Runtime, build, parse_args
from hunyuan_desktop.domain import Params, Role
from hunyuan_desktop.secrets import KeyStore


def table(rows: int, cols: int = 20, blank_lines: bool = True) -> str:
    head = "|" + "|".join(f"列{i}" for i in range(cols)) + "|\n|" + "---|" * cols + "\n"
    body = "".join("|" + "|".join(f"值{r}.{c}" for c in range(cols)) + "|\n" for r in range(rows))
    return ("表格如下：\n\n" if blank_lines else "表格如下：\n") + head + body


SHAPES: dict[str, Callable[[], str]] = {
    "1 MB single line": lambda: "长" * 300_000 + "x" * 700_000,
    "10 MB text": lambda: "".join(f"第{i}行：一段很长的回答里的普通文字，plain text.\n" for i in range(240_000))[
        :10_000_000
    ],
    "500,000 × *a": lambda: "*a" * 500_000,
    "20 × 5,000 table": lambda: table(5_000),
    "300 KB table, no blank line": lambda: table(1_200, blank_lines=False)[:300_000],
}
STREAMED = ("1 MB single line", "10 MB text", "500,000 × *a", "300 KB table, no blank line")


class Heartbeat:
    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        self._beat()
        return max(self.gaps)


async def settle(rt: Runtime) -> None:
    while not rt.window.chat_view.settled():
        await asyncio.sleep(0.005)
    await asyncio.sleep(0.05)


async def open_and_scroll(rt: Runtime, text: str, beat: Heartbeat) -> float:
    archive = rt.archive
    conv = archive.create_conversation("shape", "hunyuan-turbos-latest", Params(), "")
    archive.append_many(conv.id, [(Role.USER, "给我一个奇怪的回答"), (Role.ASSISTANT, text)])
    rt.window.reload_conversations()
    beat.start()
    rt.window.select_conversation(conv.id)
    await settle(rt)
    bar = rt.window.chat_view.verticalScrollBar()
    bar.setValue(0)
    await asyncio.sleep(0.02)
    steps = 0
    while bar.value() < bar.maximum() and steps < 400:  # wheel steps through the answer (at most 400)
        bar.setValue(bar.value() + max(120, bar.maximum() // 400))
        steps += 1
        await asyncio.sleep(0.006)
    bar.setValue(bar.maximum())
    await settle(rt)
    return beat.stop()


async def stream(rt: Runtime, server_push: Callable[..., None], text: str, beat: Heartbeat) -> float:
    server_push(text=text, chunk_chars=200, rate=0)
    rt.window.new_conversation()
    beat.start()
    rt.window.composer.setPlainText("流式输出一个奇怪的回答")
    rt.window.send()
    conv = rt.window.current
    assert conv is not None
    while rt.controller.is_busy(conv.id):
        await asyncio.sleep(0.005)
    await settle(rt)
    worst = beat.stop()
    answer = rt.window.chat_view.messages()[-1]
    assert answer.content == text, (len(answer.content), len(text))
    return worst


async def measure(app: QApplication) -> dict[str, float]:
    results: dict[str, float] = {}
    with server_process(chunk_chars=200, rate=0) as server, tempfile.TemporaryDirectory() as data:
        rt = await build(
            app, parse_args(["--data-dir", data, "--base-url", server.base_url]), keys=KeyStore(env_key=server.key)
        )
        assert not isinstance(rt, int)
        # No automatic titles: their requests would take the stand-in's queued answers (a title costs one
        # short non-streamed request after a conversation's first answer; not what is measured here).
        rt.controller.title_model = lambda: None
        rt.window.resize(1200, 800)
        await asyncio.sleep(0.3)
        beat = Heartbeat()
        for name, make in SHAPES.items():
            text = make()
            results[f"open {name}"] = await open_and_scroll(rt, text, beat)
            if name in STREAMED:
                results[f"stream {name}"] = await stream(rt, server.push, text, beat)
        await rt.close()
    print(
        "shapes (longest event-loop stall, target < 50 ms): "
        + "; ".join(f"{name} {fmt_ms(gap)}" for name, gap in results.items())
    )
    return results


def run_bench() -> dict[str, float]:
    return run_on_qt_loop(measure)


if __name__ == "__main__":
    run_bench()
