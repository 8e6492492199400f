"""The archive's SQLite connections, its errors, and opening it: migrations, the schema check, backups, a
damaged file set aside. No Qt.

Two connections (WAL lets readers and a writer work at once):

- the **writer**, shared by every thread, one statement (or one transaction) at a time behind a lock:
  the GUI thread commits a question before its request leaves; a worker thread writes and indexes a
  finished answer, partial answers and imports;
- the **reader**, the GUI thread's own, never locked: switching conversation, typing in search or a list
  refresh no longer waits for a worker finishing a long answer (it waited 1.55 s behind a 10 MB one).

A read from another thread goes through the writer, under its lock. A read inside a write transaction
uses the writer too (it must see its own writes). Every ``sqlite3.Error`` leaves here translated by its
result code (:func:`translate`) into a :class:`StoreError` the window can explain.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import threading
import time
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hunyuan_desktop.domain import clean_text
from hunyuan_desktop.files import private_dir, private_file
from hunyuan_desktop.store.migrations import COLUMNS, MIGRATIONS, TRIGGERS, cjk_split

if TYPE_CHECKING:
    from hunyuan_desktop.domain import Conversation, Message

log = logging.getLogger(__name__)
ARCHIVE_NAME = "archive.sqlite3"
# Triggers any migration ever made (m001's first update trigger was replaced by m003): kept until the
# migrations ran, so that a migration dropping one of them finds it.
HISTORIC_TRIGGERS = frozenset(TRIGGERS) | {"messages_fts_update"}


class StoreError(Exception):
    """A problem with the archive caused by the environment, to be shown to the user."""


class ArchiveTooNewError(StoreError):
    pass


class ArchiveCorruptError(StoreError):
    def __init__(self, message: str, moved_to: Path | None) -> None:
        super().__init__(message)
        self.moved_to = moved_to


class ArchiveLockedError(StoreError):
    pass


class ArchiveWriteError(StoreError):
    """Disk full, read-only directory or similar: the write did not happen."""


# SQLite's primary result codes (https://sqlite.org/rescode.html), by what the user can do about them.
_LOCKED = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_UNWRITABLE = {3, 8, 10, 13, 14}  # SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


def translate(exc: sqlite3.Error) -> StoreError:
    """An SQLite error as a StoreError, by its result code (not its message's words)."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    if primary in _LOCKED:
        return ArchiveLockedError(f"the archive is locked by another program ({text})")
    if primary in _UNWRITABLE:
        return ArchiveWriteError(f"the archive could not be written ({text})")
    if primary in _DAMAGED:
        return ArchiveCorruptError(f"the archive is damaged ({text})", None)
    return StoreError(text)


class Rows:
    """Rows fetched while the connection was held, with the cursor's counters."""

    __slots__ = ("lastrowid", "rowcount", "rows")

    def __init__(self, rows: list[Any], rowcount: int, lastrowid: int | None) -> None:
        self.rows = rows
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    def fetchone(self) -> Any:
        return self.rows[0] if self.rows else None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)


def _connect(path: Path) -> sqlite3.Connection:
    # A short busy timeout: our own instance lock keeps other copies of the app away; a lock held longer
    # than this is reported, not waited on.
    db = sqlite3.connect(path, isolation_level=None, timeout=1.0, check_same_thread=False)
    db.create_function("cjk_split", 1, cjk_split, deterministic=True)
    db.create_function("split_ahead", 1, lambda _id: None)  # the writer's own is Database._take_ahead
    db.execute("PRAGMA foreign_keys = ON")
    return db


class Database:
    """The two connections (see the module's docstring) and the write lock."""

    def __init__(self, writer: sqlite3.Connection, path: Path) -> None:
        self.raw = writer
        self.path = path
        self.lock = threading.RLock()
        self._owner = threading.get_ident()  # the thread that opened it: the GUI thread
        self._reader: sqlite3.Connection | None = None
        # Split text for the per-character index, computed ahead (migrations.split_ahead) and taken by
        # the triggers through ``split_ahead(id)`` while the writer stores that message (m009).
        self.ahead: dict[int, bytes | bytearray] = {}
        writer.create_function("split_ahead", 1, self._take_ahead)

    def _take_ahead(self, message_id: int) -> bytes | bytearray | None:
        return self.ahead.pop(message_id, None)

    def open_reader(self) -> None:
        reader = _connect(self.path)
        reader.execute("PRAGMA query_only = ON")
        self._reader = reader

    # ---- statements ----------------------------------------------------------------------------------

    def execute(self, sql: str, args: tuple[object, ...] = ()) -> Rows:
        """On the writer, under its lock (inside a transaction, or one statement of its own). Raises
        ``sqlite3.Error``: callers translate (a transaction translates as a whole)."""
        with self.lock:
            try:
                cur = self.raw.execute(sql, args)
            except UnicodeEncodeError:
                # A lone surrogate (pasted text, a title from a file) cannot be stored as UTF-8: kept as U+FFFD.
                cur = self.raw.execute(sql, tuple(storable(a) for a in args))
            return Rows(cur.fetchall(), cur.rowcount, cur.lastrowid)

    def executemany(self, sql: str, rows: list[tuple[object, ...]]) -> None:
        with self.lock:
            self.raw.executemany(sql, rows)

    def read(self, sql: str, args: tuple[object, ...] = ()) -> Rows:
        """A query: the GUI thread's own reader (never waits for a worker's write), else the writer; a
        thread inside its own transaction reads there (its uncommitted writes). Errors translated."""
        reader = self._reader
        try:
            if reader is not None and threading.get_ident() == self._owner and not self._in_transaction():
                cur = reader.execute(sql, args)
                return Rows(cur.fetchall(), cur.rowcount, cur.lastrowid)
            return self.execute(sql, args)
        except sqlite3.Error as exc:
            raise translate(exc) from exc

    def _in_transaction(self) -> bool:
        # The RLock is held by this thread exactly while it runs a transaction (or one statement).
        owned: bool = self.lock._is_owned()  # type: ignore[attr-defined]
        return owned

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE … COMMIT on the writer, all of it under the lock; an error rolls back and
        leaves translated."""
        with self.lock:
            try:
                self.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise translate(exc) from exc
            try:
                yield
            except sqlite3.Error as exc:
                with contextlib.suppress(sqlite3.Error):
                    self.execute("ROLLBACK")
                raise translate(exc) from exc
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self.execute("ROLLBACK")
                raise
            try:
                self.execute("COMMIT")
            except sqlite3.Error as exc:
                with contextlib.suppress(sqlite3.Error):
                    self.execute("ROLLBACK")
                raise translate(exc) from exc

    def write(self, sql: str, args: tuple[object, ...]) -> Rows:
        """One statement in a transaction of its own."""
        with self.transaction():
            return self.execute(sql, args)

    def backup(self, target: sqlite3.Connection) -> None:
        with self.lock:
            self.raw.backup(target)

    def close(self) -> None:
        with self.lock:
            if self._reader is not None:
                self._reader.close()
            self.raw.close()


class Store:
    """What every part of the archive shares (the parts are mixed into :class:`Archive`), and what one part
    asks of another (each is defined by its own part, which comes before this in :class:`Archive`'s bases)."""

    _db: Database
    path: Path

    def conversation(self, conversation_id: int) -> Conversation | None:
        raise NotImplementedError  # conversations.py

    def checkpoint(self) -> None:
        raise NotImplementedError  # archive.py

    def put_blobs(self, blobs: dict[str, tuple[str, bytes]]) -> None:
        raise NotImplementedError  # turns.py

    def blobs_for(self, messages: list[Message]) -> dict[str, bytes]:
        raise NotImplementedError  # turns.py

    def _drop_unused_blobs(self) -> None:
        """Attachments' bytes no message lists any more go with the last message that did."""
        self._db.execute(
            """DELETE FROM blobs WHERE digest NOT IN (
                SELECT d FROM (
                    SELECT json_extract(j.value, '$.digest') AS d FROM messages, json_each(messages.attachments) AS j
                    WHERE messages.attachments IS NOT NULL AND json_valid(messages.attachments))
                WHERE d IS NOT NULL)"""
        )

    def _tip(self, conversation_id: int) -> int | None:
        raise NotImplementedError  # tree.py

    def _last_user(self, conversation_id: int) -> int | None:
        raise NotImplementedError  # tree.py


def open_database(path: Path) -> tuple[Database, int]:
    """Open (or create) the archive: migrated (a backup first), schema checked, answers a crash left
    ``streaming`` marked interrupted. Returns the database and how many were. A damaged file is set aside
    (``ArchiveCorruptError.moved_to``), a newer one refused."""
    existed = path.exists() and path.stat().st_size > 0
    try:
        private_dir(path.parent)
        private_file(path)  # SQLite gives its -wal and -shm files the database file's mode
    except OSError as exc:
        raise ArchiveWriteError(f"the archive at {path} cannot be created: {exc.strerror or exc}") from exc
    try:
        raw = _connect(path)
    except sqlite3.Error as exc:
        raise translate(exc) from exc
    db = Database(raw, path)
    try:
        mode = raw.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":
            raise StoreError(f"the archive cannot use write-ahead logging (journal mode {mode})")
        raw.execute("PRAGMA synchronous = NORMAL")
        # No automatic checkpoint: it runs inside whichever COMMIT crosses the threshold, and a GUI-thread
        # COMMIT after a long answer then copied megabytes back into the database (93 ms after a 10 MB
        # answer). Checkpoints run on the worker instead, after each finished answer (checkpoint()).
        raw.execute("PRAGMA wal_autocheckpoint = 0")
        _drop_foreign_triggers(db, keep=HISTORIC_TRIGGERS)  # before anything below writes
        _migrate(db, backup=existed)
        _check_schema(db)
        recovered = _recover_interrupted(db)
        db.open_reader()
    except sqlite3.DatabaseError as exc:
        db.close()
        error = translate(exc)
        if isinstance(error, ArchiveCorruptError):
            raise ArchiveCorruptError(str(error), set_aside(path)) from exc
        raise error from exc
    except ArchiveCorruptError as exc:
        db.close()
        raise ArchiveCorruptError(str(exc), exc.moved_to or set_aside(path)) from exc
    except StoreError:
        db.close()
        raise
    return db, recovered


def _drop_foreign_triggers(db: Database, keep: Collection[str]) -> dict[str, str]:
    """Drop every trigger in the file not named in ``keep``; the remaining ones, by name."""
    found = {
        str(name): str(sql) for name, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    }
    for name in [n for n in found if n not in keep]:
        log.warning("the archive held a trigger this app did not create (%r); it was dropped", name)
        db.execute('DROP TRIGGER IF EXISTS "' + name.replace('"', '""') + '"')
        del found[name]
    return found


def _check_schema(db: Database) -> None:
    """Every column this code reads is there (else the file is damage, set aside); only our triggers, as
    we wrote them (migrations.py)."""
    for table, wanted in COLUMNS.items():
        have = {str(row[1]) for row in db.execute(f"PRAGMA table_info({table})")}
        missing = wanted - have
        if missing:
            raise ArchiveCorruptError(
                f"the archive is damaged: its table {table} has no {', '.join(sorted(missing))}", None
            )
    found = _drop_foreign_triggers(db, keep=TRIGGERS)
    if all(found.get(name) == sql for name, sql in TRIGGERS.items()):
        return
    with db.transaction():
        for name, sql in TRIGGERS.items():
            if found.get(name) != sql:
                log.warning("the archive's trigger %s was missing or altered; it was made again", name)
                db.execute(f"DROP TRIGGER IF EXISTS {name}")
                db.execute(sql)


def _migrate(db: Database, *, backup: bool) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
    applied = {row[0] for row in db.execute("SELECT name FROM migrations")}
    known = [m.__name__ for m in MIGRATIONS]
    unknown = applied - set(known)
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if unknown or version > len(MIGRATIONS):
        raise ArchiveTooNewError(
            f"the archive at {db.path} was written by a newer version of Hunyuan Desktop "
            f"(it has {', '.join(sorted(unknown)) or f'schema version {version}'}); "
            "update the app to open it"
        )
    pending = [m for m in MIGRATIONS if m.__name__ not in applied]
    if not pending:
        return
    if backup and applied:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup_to(db, db.path.with_name(f"{db.path.name}.before-{pending[0].__name__}-{stamp}"))
    for migration in pending:
        with db.transaction():
            migration(db.raw)
            db.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (migration.__name__, time.time()))
            db.execute(f"PRAGMA user_version = {known.index(migration.__name__) + 1}")


def _recover_interrupted(db: Database) -> int:
    with db.transaction():
        cur = db.execute(
            "UPDATE messages SET status = 'interrupted', updated_at = ? WHERE status = 'streaming'", (time.time(),)
        )
    return cur.rowcount


def backup_to(db: Database, target: Path) -> Path:
    """A consistent copy of the whole archive (SQLite's online backup, safe while in use)."""
    dest = sqlite3.connect(private_file(target))
    try:
        db.backup(dest)
    finally:
        dest.close()
    return target


def checkpoint(path: Path) -> None:
    """Copy the write-ahead log back into the database without blocking anyone: a passive checkpoint on a
    connection of its own, so the writer's lock is not held meanwhile."""
    try:
        side = sqlite3.connect(path, timeout=0.2, check_same_thread=False)
    except sqlite3.Error:
        return
    try:
        side.execute("PRAGMA wal_checkpoint(PASSIVE)")
    except sqlite3.Error:
        pass  # busy or locked: the next one will do it
    finally:
        side.close()


def set_aside(path: Path) -> Path | None:
    """Move a damaged archive (and its WAL files) out of the way; never delete it."""
    if not path.exists():
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    shutil.move(path, target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            shutil.move(side, target.with_name(target.name + suffix))
    return target


def storable(value: object) -> object:
    """Text SQLite can store: a lone surrogate (which UTF-8 cannot encode) becomes U+FFFD."""
    return clean_text(value) if isinstance(value, str) else value
