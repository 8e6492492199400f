"""Endurance: 200 conversations of 20 turns streamed back to back at 1,000 chunks per second.

Run with `make soak` (CI runs it too); deselected from the quick `make test` loop by the `soak` marker.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import os
import tracemalloc
from pathlib import Path

import pytest

from hunyuan_desktop.domain import MessageStatus, Role
from hunyuan_desktop.standin import DemoServer
from tests.ui.helpers import start_app, until

CONVERSATIONS = int(os.environ.get("SOAK_CONVERSATIONS", "200"))
TURNS = 20
BASELINE_AFTER = 20
MAX_GROWTH_MB = 30.0
TRACE = bool(os.environ.get("SOAK_TRACEMALLOC"))  # print where Python's own memory grew (slower)


def trimmed_rss_mb() -> float:
    """RSS once glibc has handed freed heap pages back (malloc_trim): what is still in use, not what the
    allocator keeps for later (Linux; elsewhere the plain RSS)."""
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return rss_mb()


def digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


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
    baseline = baseline_trimmed = 0.0
    # What the server sent, as digests: keeping 4,000 answers' text here grew this process by ~4.5 MB
    # between the 20th and the 200th conversation, counted as the app's drift before session 8.
    sent: list[bytes] = []
    snapshot: tracemalloc.Snapshot | None = None
    if TRACE:
        tracemalloc.start(8)
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
                sent.append(digest(server.requests[-1]["answer"]))
                server.reset()  # the server's own records stay small: its memory is not the app's
            if c + 1 == BASELINE_AFTER:
                gc.collect()
                baseline = rss_mb()
                baseline_trimmed = trimmed_rss_mb()
                snapshot = tracemalloc.take_snapshot() if TRACE else None
        gc.collect()
        final = rss_mb()
        final_trimmed = trimmed_rss_mb()
        if snapshot is not None:
            grown = tracemalloc.take_snapshot().compare_to(snapshot, "traceback")
            print(f"python heap grew {sum(d.size_diff for d in grown) / 1e6:.1f} MB; the largest:")
            for diff in grown[:12]:
                print(f"  {diff.size_diff / 1e6:+.2f} MB {diff.count_diff:+d} blocks", *diff.traceback.format()[-4:])
        print(
            f"endurance: RSS {baseline:.1f} MB after {BASELINE_AFTER} conversations, {final:.1f} MB after "
            f"{CONVERSATIONS}; growth {final - baseline:.1f} MB; with freed heap pages returned (malloc_trim) "
            f"{baseline_trimmed:.1f} and {final_trimmed:.1f} MB, growth {final_trimmed - baseline_trimmed:.1f} MB"
        )
        if CONVERSATIONS > BASELINE_AFTER:
            assert final - baseline <= MAX_GROWTH_MB
        # Byte for byte: every answer in the archive is exactly what the server sent for it.
        stored = [
            digest(m.content)
            for conv in reversed(rt.archive.conversations())
            for m in rt.archive.messages(conv.id)
            if m.role is Role.ASSISTANT
        ]
        assert len(stored) == CONVERSATIONS * TURNS == len(sent)
        assert stored == sent
    finally:
        await rt.close()


test_endurance_memory_flat_and_archive_exact.timeout_s = 1800  # type: ignore[attr-defined]
