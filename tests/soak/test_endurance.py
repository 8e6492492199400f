"""Endurance: 200 conversations of 20 turns streamed back to back at 1,000 chunks per second.

Run with `make soak` (CI runs it too); deselected from the quick `make test` loop by the `soak` marker.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from hunyuan_desktop.domain import MessageStatus, Role
from hunyuan_desktop.standin import DemoServer
from tests.ui.helpers import start_app, until

CONVERSATIONS = int(os.environ.get("SOAK_CONVERSATIONS", "200"))
TURNS = 20
BASELINE_AFTER = 20
MAX_GROWTH_MB = 30.0


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


@pytest.mark.soak
@pytest.mark.timeout(1800)  # ~6 minutes of turns: beyond the suite's 300 s per test (pyproject)
async def test_endurance_memory_flat_and_archive_exact(server: DemoServer, tmp_path: Path) -> None:
    server.rate = 1000.0
    server.chunk_chars = 12  # about 50 chunks an answer, at 1,000 a second
    rt = await start_app(server, tmp_path)
    baseline = 0.0
    sent: list[str] = []
    questions = ["你好", "please explain", "讲讲排序算法", "再详细一点"]
    try:
        w = rt.window
        for c in range(CONVERSATIONS):
            conv = w.new_conversation()
            assert conv is not None
            for t in range(TURNS):
                w.composer.setPlainText(f"{questions[t % len(questions)]} #{c}-{t}")
                w.send()
                await until(lambda conv=conv: not rt.controller.is_busy(conv.id), timeout=30)  # type: ignore[misc]
                last = w.chat_view.messages()[-1]
                assert last.status is MessageStatus.DONE, (c, t, last.error)
                sent.append(server.requests[-1]["answer"])
                server.reset()  # the server's own records stay small: its memory is not the app's
            if c + 1 == BASELINE_AFTER:
                gc.collect()
                baseline = rss_mb()
        gc.collect()
        final = rss_mb()
        print(
            f"endurance: RSS {baseline:.1f} MB after {BASELINE_AFTER} conversations, {final:.1f} MB after "
            f"{CONVERSATIONS}; growth {final - baseline:.1f} MB"
        )
        if CONVERSATIONS > BASELINE_AFTER:
            assert final - baseline <= MAX_GROWTH_MB
        # Byte for byte: every answer in the archive is exactly what the server sent for it.
        stored = [
            m.content
            for conv in reversed(rt.archive.conversations())
            for m in rt.archive.messages(conv.id)
            if m.role is Role.ASSISTANT
        ]
        assert len(stored) == CONVERSATIONS * TURNS == len(sent)
        assert stored == sent
    finally:
        await rt.close()


test_endurance_memory_flat_and_archive_exact.timeout_s = 1800  # type: ignore[attr-defined]
