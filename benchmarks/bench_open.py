"""Open: a 10,000-message conversation in an archive of 1,000 conversations. Time to first paint and
resident memory growth. The conversation branches (issue 12): every 10th question has two more answers
beside its own (1,000 more messages off the branch shown), so opening it reads 11,000 rows, walks the
tree and shows 10,000 messages, 500 of them with a version switcher (1 / 3)."""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication

from benchmarks.common import answer_text, fmt_ms, median, rss_mb
from hunyuan_desktop.app import build, parse_args
from hunyuan_desktop.boot.aioqt import make_loop, run
from hunyuan_desktop.domain import MessageStatus, Role
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.store.archive import ARCHIVE_NAME, Archive


def make_archive(path: Path, conversations: int = 1000, big: int = 10_000) -> int:
    rng = random.Random(7)
    samples = [answer_text(n) for n in (40, 200, 800, 2500)] + ["好的，谢谢！", "Can you show an example in Python?"]
    archive = Archive.open(path)
    big_id = 0
    for c in range(conversations):
        conv = archive.create_conversation(f"对话 {c}", "hunyuan-turbos-latest")
        count = big if c == 0 else 20
        rows = [(Role.USER if i % 2 == 0 else Role.ASSISTANT, rng.choice(samples)) for i in range(count)]
        archive.append_many(conv.id, rows)
        if c == 0:
            big_id = conv.id
            branch = archive.thread(conv.id).messages
            for question in branch[::20]:  # every 10th question: two more versions of its answer
                for version in range(2):
                    _, extra = archive.begin_turn(conv.id, None, "hunyuan-turbos-latest", parent_id=question.id)
                    archive.finish_message(
                        replace(
                            extra,
                            status=MessageStatus.DONE,
                            content=rng.choice(samples) + f" ({version})",
                            reasoning="",
                        )
                    )
            archive.select_version(branch[-1].id)  # the first versions' branch is the one shown
    # The big conversation is not the most recent one: start-up opens another, we time switching to it.
    archive.rename(big_id, "一万条消息的对话")
    archive.close()
    return big_id


async def measure(app: QApplication, data: Path, big_id: int) -> tuple[float, float]:
    runtime = await build(app, parse_args(["--data-dir", str(data)]), keys=KeyStore(env_key="sk-bench"))
    assert not isinstance(runtime, int)
    window = runtime.window
    window.resize(1200, 800)
    await asyncio.sleep(0.3)
    before = rss_mb()
    start = time.perf_counter()
    window.select_conversation(big_id)
    window.chat_view.viewport().repaint()  # synchronous: the first paint of the opened conversation
    elapsed = time.perf_counter() - start
    await asyncio.sleep(0.3)
    growth = rss_mb() - before
    assert len(window.chat_view.messages()) == 10_000 and len(window.chat_view.versions) == 500
    window.new_conversation()  # away and back again, to measure the next open too
    await runtime.close()
    return elapsed, growth


def run_bench(runs: int = 3) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    loop = make_loop(app)
    times: list[float] = []
    growths: list[float] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp)
            t0 = time.perf_counter()
            big_id = make_archive(data / ARCHIVE_NAME)
            built = time.perf_counter() - t0
            for _ in range(runs):
                elapsed, growth = run(loop, measure(app, data, big_id))
                times.append(elapsed)
                growths.append(growth)
    finally:
        loop.close()
    result = {"first_paint": median(times), "min": min(times), "max": max(times), "rss_growth": median(growths)}
    print(
        f"open: 10,000-message conversation (branched: 1,000 more messages in other versions) in an archive of "
        f"1,000 conversations (built in {built:.1f} s); "
        f"select to first paint median {fmt_ms(result['first_paint'])} (range {fmt_ms(result['min'])}–"
        f"{fmt_ms(result['max'])}, {runs} runs, target < 150 ms); RSS growth median {result['rss_growth']:.1f} MB "
        f"(target < 60 MB)"
    )
    return result


if __name__ == "__main__":
    run_bench()
