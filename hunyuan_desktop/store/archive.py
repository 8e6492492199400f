"""The local archive: every conversation and message, in SQLite (WAL, foreign keys). No Qt.

Guarantees: the user's message is committed before a request leaves (``begin_turn``); a streaming answer
is one row updated in place; at open, rows left ``streaming`` by a crash become ``interrupted``; a database
newer than this code is refused; a file backup is taken before migrating; a corrupt file is set aside
(never overwritten) and the caller is told where.

:class:`Archive` is the one object callers use; its parts live by concern beside it:

    db.py             the connections (a reader for the GUI thread, one locked writer), errors, opening
    codec.py          rows to domain values
    conversations.py  conversations: create, list, rename, pin, settings, delete, cost
    tree.py           the message tree: branches, versions, deleting, importing
    turns.py          one turn's writes (the question, the streaming answer, the final answer)
    search.py         full-text search, Chinese included
    library.py        presets and balance snapshots
    replica.py        sync between machines: identities, records, merging (tree.py's, extended)
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from hunyuan_desktop.store.conversations import Conversations
from hunyuan_desktop.store.db import (
    ARCHIVE_NAME,
    ArchiveCorruptError,
    ArchiveLockedError,
    ArchiveTooNewError,
    ArchiveWriteError,
    Database,
    StoreError,
    backup_to,
    checkpoint,
    open_database,
    set_aside,
)
from hunyuan_desktop.store.library import Library
from hunyuan_desktop.store.replica import Replica
from hunyuan_desktop.store.search import Search, SearchHit
from hunyuan_desktop.store.turns import Turns

__all__ = [
    "ARCHIVE_NAME",
    "Archive",
    "ArchiveCorruptError",
    "ArchiveLockedError",
    "ArchiveTooNewError",
    "ArchiveWriteError",
    "SearchHit",
    "StoreError",
    "set_aside",
]


class Archive(Conversations, Replica, Turns, Search, Library):
    def __init__(self, db: Database, recovered: int = 0) -> None:
        self._db = db
        self.path: Path = db.path
        self.recovered = recovered  # answers a crash left streaming, now interrupted

    @classmethod
    def open(cls, path: Path) -> Archive:
        db, recovered = open_database(path)
        return cls(db, recovered)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("PRAGMA optimize")
        self._db.close()

    def backup(self, target: Path) -> Path:
        """A consistent copy of the whole archive (SQLite's online backup, safe while in use)."""
        return backup_to(self._db, target)

    def checkpoint(self) -> None:
        checkpoint(self.path)

    def integrity_ok(self) -> bool:
        return bool(self._db.read("PRAGMA integrity_check").fetchone()[0] == "ok")
