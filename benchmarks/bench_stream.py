"""Streaming: a 20,000-character Chinese markdown answer in 10,000 chunks, as fast as the stand-in can
send it, through the real client, controller and window. Reports event-loop stalls (5 ms heartbeat),
CPU time, and the per-batch render cost early and late in the answer."""

from __future__ import annotations

import asyncio
import os
import tempfile
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from benchmarks.common import answer_text, fmt_ms, median, p, server_process
from hunyuan_desktop.aioqt import make_loop, run
from hunyuan_desktop.app import build, parse_args
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.ui.chatview import ChatView


async def measure(app: QApplication) -> dict[str, float]:
    text = answer_text(20_000)
    with server_process(chunk_chars=2, rate=0) as server, tempfile.TemporaryDirectory() as data:
        runtime = await build(
            app, parse_args(["--data-dir", data, "--base-url", server.base_url]), keys=KeyStore(env_key=server.key)
        )
        assert not isinstance(runtime, int)
        window = runtime.window
        window.resize(1200, 800)
        await asyncio.sleep(0.5)
        view: ChatView = window.chat_view
        # Warm-up, as in real use: the first Chinese glyphs and the first code lexer load once.
        server.push(text=answer_text(2_000), chunk_chars=50, rate=0)
        window.composer.setPlainText("热身")
        window.send()
        warm = window.current
        assert warm is not None
        while runtime.controller.is_busy(warm.id):
            await asyncio.sleep(0.01)
        window.new_conversation()
        await asyncio.sleep(0.2)
        batches: list[tuple[int, float]] = []
        paints: list[float] = []
        original_add = view.add_delta
        original_paint = view.paintEvent

        def timed_add(message_id: int, t: str, r: str) -> None:
            start = time.perf_counter()
            original_add(message_id, t, r)
            msg = view.message(message_id)
            batches.append((len(msg.content) if msg else 0, time.perf_counter() - start))

        profiles: list[tuple[float, object]] = []

        def timed_paint(event: object) -> None:
            import cProfile

            prof = cProfile.Profile() if os.environ.get("BENCH_DEBUG") else None
            start = time.perf_counter()
            if prof:
                prof.enable()
            original_paint(event)  # type: ignore[arg-type]
            if prof:
                prof.disable()
                profiles.append((time.perf_counter() - start, prof))
            paints.append(time.perf_counter() - start)

        view.add_delta = timed_add  # type: ignore[method-assign, assignment]
        view.paintEvent = timed_paint  # type: ignore[method-assign]
        gaps: list[float] = []
        last = [time.perf_counter()]

        def beat() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        heartbeat = QTimer()
        heartbeat.setInterval(5)
        heartbeat.timeout.connect(beat)
        server.push(text=text, chunk_chars=2, rate=0)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        heartbeat.start()
        last[0] = time.perf_counter()
        window.composer.setPlainText("请详细介绍分布式系统的一致性")
        window.send()
        conv = window.current
        assert conv is not None
        while runtime.controller.is_busy(conv.id):
            await asyncio.sleep(0.005)
        await asyncio.sleep(0.1)
        heartbeat.stop()
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        answer = view.messages()[-1]
        assert answer.content == text, (len(answer.content), len(text))
        await runtime.close()

    final = len(text)
    first = [d for n, d in batches if n <= final * 0.1]
    last_10 = [d for n, d in batches if n >= final * 0.9]
    result = {
        "max_gap": max(gaps),
        "p99_gap": p(gaps, 0.99),
        "cpu": cpu,
        "wall": wall,
        "batches": len(batches),
        "first": median(first),
        "last": median(last_10),
        "paint_p99": p(paints, 0.99),
        "paint_max": max(paints),
    }
    if os.environ.get("BENCH_DEBUG"):
        import pstats

        worst = max(profiles, key=lambda x: x[0])[1]
        pstats.Stats(worst).sort_stats("cumtime").print_stats(12)  # type: ignore[arg-type]
        print(
            "paints", [round(x * 1000, 1) for x in paints], "gaps>10ms", [round(g * 1000, 1) for g in gaps if g > 0.01]
        )
    print(
        f"stream: 20,000 chars in 10,000 chunks, {result['batches']} UI batches in {wall:.2f} s wall; "
        f"5 ms heartbeat gap max {fmt_ms(result['max_gap'])}, p99 {fmt_ms(result['p99_gap'])} "
        f"(stall beyond the 5 ms period: max {fmt_ms(result['max_gap'] - 0.005)}, "
        f"p99 {fmt_ms(result['p99_gap'] - 0.005)}; targets: stall < 16 ms, p99 < 10 ms); "
        f"CPU {cpu:.2f} s (client process); "
        f"per-batch render median first 10% {fmt_ms(result['first'])}, last 10% {fmt_ms(result['last'])} "
        f"(ratio {result['last'] / result['first']:.2f}, target <= 1.5); "
        f"paint p99 {fmt_ms(result['paint_p99'])}, max {fmt_ms(result['paint_max'])}"
    )
    return result


def run_bench() -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    loop = make_loop(app)
    try:
        return run(loop, measure(app))
    finally:
        loop.close()


if __name__ == "__main__":
    run_bench()
