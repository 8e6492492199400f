"""SIGKILL the real app mid-stream at 20 random moments; the archive must keep what it promised."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from hunyuan_desktop.domain import MessageStatus, Role
from hunyuan_desktop.standin import DEMO_KEY, DemoServer, Fault
from hunyuan_desktop.store.archive import ARCHIVE_NAME, Archive

DRIVER = Path(__file__).resolve().parents[1] / "crash_driver.py"
ROOT = DRIVER.parents[1]
TEXT = "".join(f"第{i}段：崩溃测试的内容，abc😄。\n" for i in range(200))  # about 4,000 characters
KILL_POINTS = 20
SAFE_MARGIN_S = 1.0  # everything streamed more than this long before the kill must be on disk


def partial_on_disk(data_dir: Path) -> Callable[[], bool]:
    """Whether the archive on disk holds some of the answer being written (the app writes it once a
    second), read as another program would."""

    def check() -> bool:
        path = data_dir / ARCHIVE_NAME
        if not path.exists():
            return False
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT max(length(content)) FROM messages WHERE status = 'streaming'").fetchone()
        except sqlite3.Error:
            return False
        finally:
            db.close()
        return bool(row and row[0])

    return check


def spawn_app(server: DemoServer, data_dir: Path) -> subprocess.Popen[bytes]:
    """The real app in its own process, asking one question whose answer streams for ~3.5 s."""
    env = {**os.environ, "HUNYUAN_API_KEY": DEMO_KEY, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    server.push_fault(Fault(text=TEXT, chunk_chars=3, rate=400))
    return subprocess.Popen(
        [sys.executable, "-X", "faulthandler", str(DRIVER), str(data_dir), server.base_url],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_sigkill_mid_stream_loses_nothing_older_than_a_second(server: DemoServer, tmp_path: Path) -> None:
    seed = int(os.environ.get("CRASH_SEED", "20261125"))
    rng = random.Random(seed)
    meaningful = 0
    for point in range(KILL_POINTS):
        data_dir = tmp_path / f"run{point}"
        server.reset()
        proc = spawn_app(server, data_dir)
        try:
            deadline = time.monotonic() + 60
            while not (server.requests and server.requests[-1]["sent"]):
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                if time.monotonic() > deadline:
                    proc.send_signal(signal.SIGABRT)  # faulthandler prints every thread's stack
                    proc.wait(10)
                    err = proc.stderr.read().decode() if proc.stderr else ""
                    log = data_dir / "logs" / "hunyuan-desktop.log"
                    err += "\nlog: " + (log.read_text(encoding="utf-8")[-3000:] if log.exists() else "(none)")
                    raise AssertionError(
                        f"the app never started streaming (point {point}); requests seen: "
                        f"{[(r['authorization'][:12], len(r['sent'])) for r in server.requests]}; stderr: {err[-8000:]}"
                    )
                time.sleep(0.01)
            time.sleep(rng.uniform(0.05, 3.2))
            killed_at = time.time()
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
        finally:
            if proc.poll() is None:
                proc.kill()
            if proc.stdout:
                proc.stdout.close()
            if proc.stderr:
                proc.stderr.close()
        sent = server.requests[-1]["sent"]
        promised = max((n for t, n in sent if t <= killed_at - SAFE_MARGIN_S), default=0)
        meaningful += promised > 0

        archive = Archive.open(data_dir / ARCHIVE_NAME)  # what the app does at its next start
        try:
            assert archive.integrity_ok(), f"kill point {point} (seed {seed})"
            conv = archive.conversations()[0]
            messages = archive.messages(conv.id)
            assert [m.role for m in messages] == [Role.USER, Role.ASSISTANT], point
            assert messages[0].content == "请写一篇很长的文章"
            answer = messages[1]
            assert answer.status in (MessageStatus.INTERRUPTED, MessageStatus.DONE), point
            assert TEXT.startswith(answer.content), point
            assert len(answer.content) >= promised, (
                f"kill point {point} (seed {seed}): {len(answer.content)} characters kept, "
                f"{promised} were streamed more than {SAFE_MARGIN_S} s before the kill"
            )
            if answer.status is MessageStatus.INTERRUPTED:
                assert archive.search(answer.content[:6]) or not answer.content  # indexed after recovery
        finally:
            archive.close()
    assert meaningful >= KILL_POINTS // 3, "too few kill points came late enough to test the promise"


async def test_after_a_kill_the_app_starts_again_and_shows_the_interrupted_answer(
    server: DemoServer, tmp_path: Path
) -> None:
    from tests.ui.helpers import build_app, until

    proc = spawn_app(server, tmp_path)
    try:
        await until(partial_on_disk(tmp_path), timeout=60, what="a partial answer written to the archive")
    finally:
        proc.kill()
        proc.communicate(timeout=10)
    rt = await build_app(server, tmp_path)  # the dead instance's lock must not keep us out
    assert not isinstance(rt, int)
    try:
        messages = rt.window.chat_view.messages()
        assert [m.role for m in messages] == [Role.USER, Role.ASSISTANT]
        assert messages[1].status is MessageStatus.INTERRUPTED and len(messages[1].content) > 0
        assert "interrupted" in rt.window.chat_view.plain_text(messages[1].id)  # marked as such in the view
        rt.window.retry()  # and Retry works from there
        conv = rt.window.current
        assert conv is not None
        await until(lambda: not rt.controller.is_busy(conv.id), timeout=30, what="the retry to finish")
        assert rt.window.chat_view.messages()[-1].status is MessageStatus.DONE
    finally:
        await rt.close()
