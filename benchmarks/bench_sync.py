"""Sync: an archive of 10,000 conversations (40,000 messages) and a real WebDAV server on loopback (wsgidav,
tests/sync_servers.py). The first sync (every record sent), a sync with nothing changed, a sync after one
new answer, and a second machine's first sync (every record received and merged)."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks.common import answer_text
from hunyuan_desktop.domain import Role
from hunyuan_desktop.store.archive import ARCHIVE_NAME, Archive
from hunyuan_desktop.sync.engine import Report, sync
from hunyuan_desktop.sync.remote import open_remote, parse_remote
from tests.sync_servers import webdav_server

CONVERSATIONS = 10_000


def run_bench() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, webdav_server(Path(tmp)) as dav:
        home = Archive.open(Path(tmp) / "home.sqlite3")
        text = answer_text(300)
        for c in range(CONVERSATIONS):
            conv = home.create_conversation(f"对话 {c}", "wcode:hunyuan-lite")
            home.append_many(conv.id, [(Role.USER, f"问题 {c}"), (Role.ASSISTANT, text)] * 2)
        url = parse_remote(f"{dav.url}/bench")

        async def once(archive: Archive) -> tuple[float, Report]:
            async with httpx.AsyncClient() as client:
                start = time.perf_counter()
                report = await sync(archive, open_remote(url, dav.user, dav.password, client), "bench passphrase")
                return time.perf_counter() - start, report

        results: dict[str, float] = {}
        results["first"], first = asyncio.run(once(home))
        results["unchanged"], _ = asyncio.run(once(home))
        newest = home.conversations(limit=1)[0]
        home.append_message(newest.id, Role.USER, "再来一个问题")
        results["one change"], changed = asyncio.run(once(home))
        office = Archive.open(Path(tmp) / "office" / ARCHIVE_NAME)
        results["second machine"], received = asyncio.run(once(office))
        results["second machine, unchanged"], _ = asyncio.run(once(office))
        home.close()
        office.close()
    print(
        f"sync: {CONVERSATIONS:,} conversations (40,000 messages), WebDAV (wsgidav) on loopback: first sync "
        f"{results['first']:.1f} s ({first.sent:,} sent); nothing changed {results['unchanged']:.2f} s; one new "
        f"message {results['one change']:.2f} s ({changed.sent} sent); a second machine's first sync "
        f"{results['second machine']:.1f} s ({received.received:,} received), then nothing changed "
        f"{results['second machine, unchanged']:.2f} s (scrypt's key derivation, ~0.1 s, included in each)"
    )
    return results


if __name__ == "__main__":
    run_bench()
