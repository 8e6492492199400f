"""Scrolling: a 10,000-message conversation, scrolled by mouse-wheel steps from the top through its
first 2,000 steps and then dragged end to end by the scroll bar's handle in 400 steps.

Input comes at the pace a hand produces it, 60 events a second (a fast-spun wheel, a mouse moving the
handle), and the window uses the time between events as it would (rendering rows next to the view
ahead of time). A frame is measured from the moment its event was due to the end of the paint it
causes: if idle work was still running when the event came, the wait counts. Targets (issue 10):
frame time p99 <= 8 ms, no frame over 16 ms. The same steps back to back, with no idle time at all,
are printed too (the worst case: nothing can be prepared)."""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPaintEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from benchmarks.bench_open import make_archive
from benchmarks.common import fmt_ms, p, run_on_qt_loop
from hunyuan_desktop.app import build, parse_args
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.ui.transcript import ChatView

WHEEL_STEPS = 2000
DRAG_STEPS = 400
PACE_S = 1 / 60


def wheel(view: ChatView) -> None:
    pos = QPointF(300, 300)
    event = QWheelEvent(
        pos,
        view.viewport().mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, -120),  # one notch down
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def frames(view: ChatView, steps: int, act: Callable[[int], None], *, pace: float) -> list[float]:
    """Run ``act(i)`` every ``pace`` seconds (0: back to back); per step, the time from when it was due
    to the end of the paint it caused."""
    painted: list[float] = []
    paint = view.paintEvent

    def timed_paint(event: QPaintEvent) -> None:
        paint(event)
        painted.append(time.perf_counter())

    view.paintEvent = timed_paint  # type: ignore[method-assign]
    out: list[float] = []
    start = time.perf_counter()
    end = start
    for i in range(steps):
        # Paced: due on the clock. Back to back: due the moment the previous frame was on screen, so
        # whatever the window did after that paint (rendering ahead) delays this frame and counts.
        due = start + i * pace if pace else end
        while time.perf_counter() < due:
            QApplication.processEvents()  # idle: whatever the window does between events
        before = len(painted)
        act(i)
        QApplication.processEvents()
        end = painted[-1] if len(painted) > before else time.perf_counter()
        out.append(end - due)
    view.paintEvent = paint  # type: ignore[method-assign]
    return out


def scroll_through(view: ChatView, pace: float) -> tuple[list[float], list[float]]:
    bar = view.verticalScrollBar()
    bar.setValue(0)
    QApplication.processEvents()
    wheel_frames = frames(view, WHEEL_STEPS, lambda _: wheel(view), pace=pace)
    bar.setSliderDown(True)  # the handle is held, as while dragging it
    drag_frames = frames(view, DRAG_STEPS + 1, lambda i: bar.setValue(bar.maximum() * i // DRAG_STEPS), pace=pace)
    bar.setSliderDown(False)
    return wheel_frames, drag_frames


async def measure(app: QApplication) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        big_id = make_archive(data / "archive.sqlite3", conversations=20)
        rt = await build(app, parse_args(["--data-dir", str(data)]), keys=KeyStore(env_key="sk-bench"))
        assert not isinstance(rt, int)
        rt.window.resize(1200, 800)
        await asyncio.sleep(0.3)
        results: dict[str, float] = {}
        for name, pace in (("paced", PACE_S), ("burst", 0.0)):
            rt.window.new_conversation()  # a fresh open: nothing rendered yet
            rt.window.select_conversation(big_id)
            view = rt.window.chat_view
            wheel_frames, drag_frames = scroll_through(view, pace)
            results |= {
                f"{name}_wheel_p99": p(wheel_frames, 0.99),
                f"{name}_wheel_max": max(wheel_frames),
                f"{name}_drag_p99": p(drag_frames, 0.99),
                f"{name}_drag_max": max(drag_frames),
            }
        await rt.close()
    r = results
    print(
        f"scroll (10,000 messages), input at 60 events/s: {WHEEL_STEPS} wheel steps, frame p99 "
        f"{fmt_ms(r['paced_wheel_p99'])}, max {fmt_ms(r['paced_wheel_max'])}; handle dragged end to end in "
        f"{DRAG_STEPS} steps, frame p99 {fmt_ms(r['paced_drag_p99'])}, max {fmt_ms(r['paced_drag_max'])} "
        f"(targets: p99 <= 8 ms, max <= 16 ms). Back to back, no idle time: wheel p99 "
        f"{fmt_ms(r['burst_wheel_p99'])}, max {fmt_ms(r['burst_wheel_max'])}; drag p99 "
        f"{fmt_ms(r['burst_drag_p99'])}, max {fmt_ms(r['burst_drag_max'])}"
    )
    return results


def run_bench() -> dict[str, float]:
    return run_on_qt_loop(measure)
