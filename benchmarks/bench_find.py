"""Find in conversation (Ctrl+F) on a 10,000-message conversation: counting the matches of a query
(what happens when typing pauses) and going to the next match (render that message, scroll, paint).
Target (issue 10): fast on 10,000 messages without rendering them all; a frame budget of 50 ms for a
count, 16 ms for most jumps."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from benchmarks.bench_open import make_archive
from benchmarks.common import fmt_ms, median, p, run_on_qt_loop
from hunyuan_desktop.app import build, parse_args
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.ui.transcript.find import Finder

QUERIES = ("Python", "多数派", "不存在的词语")
JUMPS = 200


async def measure(app: QApplication) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        big_id = make_archive(data / "archive.sqlite3", conversations=20)
        rt = await build(app, parse_args(["--data-dir", str(data)]), keys=KeyStore(env_key="sk-bench"))
        assert not isinstance(rt, int)
        rt.window.resize(1200, 800)
        await asyncio.sleep(0.3)
        rt.window.select_conversation(big_id)
        view = rt.window.chat_view
        QApplication.processEvents()
        finder = Finder(view)
        counts: list[float] = []
        totals: dict[str, int] = {}
        for _ in range(5):
            for query in QUERIES:
                start = time.perf_counter()
                finder.search(query)
                counts.append(time.perf_counter() - start)
                totals[query] = finder.total
        finder.search("多数派")
        jumps: list[float] = []
        for _ in range(JUMPS):
            start = time.perf_counter()
            finder.next()
            view.viewport().repaint()
            jumps.append(time.perf_counter() - start)
        rendered = len(view._items)
        await rt.close()
    result = {"count": median(counts), "count_max": max(counts), "jump": median(jumps), "jump_p99": p(jumps, 0.99)}
    print(
        f"find (10,000 messages): counting a query, median {fmt_ms(result['count'])} (max "
        f"{fmt_ms(result['count_max'])}; matches {', '.join(f'{q} {n}' for q, n in totals.items())}); "
        f"next match (render, scroll, paint), median {fmt_ms(result['jump'])}, p99 {fmt_ms(result['jump_p99'])}; "
        f"{rendered} messages rendered after {JUMPS} jumps"
    )
    return result


def run_bench() -> dict[str, float]:
    return run_on_qt_loop(measure)
