"""Conversation list: with 1,000 conversations, the cost of a turn starting or ending (that row updated
and moved to the top in place) against rebuilding the whole list."""

from __future__ import annotations

import asyncio
import tempfile
import time

from PySide6.QtWidgets import QApplication

from benchmarks.common import fmt_ms, median, run_on_qt_loop
from hunyuan_desktop.app import build, parse_args
from hunyuan_desktop.domain import Params, Role
from hunyuan_desktop.secrets import KeyStore


async def measure(app: QApplication) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as data:
        rt = await build(
            app, parse_args(["--data-dir", data, "--base-url", "http://127.0.0.1:9/v1"]), keys=KeyStore(env_key="sk-x")
        )
        assert not isinstance(rt, int)
        ids = []
        for i in range(1000):
            conv = rt.archive.create_conversation(f"对话 {i}", "hunyuan-turbos-latest", Params(), "")
            ids.append(conv.id)
        rt.window.reload_conversations()
        await asyncio.sleep(0.1)
        in_place: list[float] = []
        for n in range(50):
            cid = ids[(n * 37) % len(ids)]
            rt.archive.append_message(cid, Role.USER, "新消息")  # it becomes the newest
            start = time.perf_counter()
            rt.window.listing.on_changed(cid)
            in_place.append(time.perf_counter() - start)
        top = rt.window.conversation_list.item(0)
        assert top is not None
        rebuild: list[float] = []
        for _ in range(10):
            start = time.perf_counter()
            rt.window.reload_conversations()
            rebuild.append(time.perf_counter() - start)
        await rt.close()
    result = {"in_place": median(in_place), "in_place_max": max(in_place), "rebuild": median(rebuild)}
    print(
        f"conversation list (1,000 conversations): a turn's row updated in place, median of 50 "
        f"{fmt_ms(result['in_place'])} (max {fmt_ms(result['in_place_max'])}); full rebuild, median of 10 "
        f"{fmt_ms(result['rebuild'])}"
    )
    return result


def run_bench() -> dict[str, float]:
    return run_on_qt_loop(measure)


if __name__ == "__main__":
    run_bench()
