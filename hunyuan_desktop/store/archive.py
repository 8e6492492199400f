"""The local archive: every conversation and message, in SQLite (WAL, foreign keys). No Qt.

Guarantees: the user's message is committed before a request leaves (:meth:`Archive.begin_turn`);
a streaming answer is one row updated in place; at open, rows left ``streaming`` by a crash become
``interrupted``; a database newer than this code is refused; a file backup is taken before migrating;
a corrupt file is set aside (never overwritten) and the caller is told where.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from hunyuan_desktop.domain import (
    MAX_TIME,
    Conversation,
    ErrorSource,
    FailureKind,
    FinishReason,
    Message,
    MessageStatus,
    Money,
    Params,
    Preset,
    Role,
    Source,
    Thread,
    Usage,
    plausible_yuan,
    valid_time,
)
from hunyuan_desktop.files import private_dir, private_file
from hunyuan_desktop.store.migrations import MIGRATIONS, cjk_split
from hunyuan_desktop.store.schema import COLUMNS, TRIGGERS

log = logging.getLogger(__name__)
# Triggers any migration ever made (m001's first update trigger was replaced by m003): kept until the
# migrations ran, so that a migration dropping one of them finds it.
HISTORIC_TRIGGERS = frozenset(TRIGGERS) | {"messages_fts_update"}

ARCHIVE_NAME = "archive.sqlite3"
_ROLES = {r.value: r for r in Role}
_STATUSES = {s.value: s for s in MessageStatus}
# Stored kinds as the codec reads them ("" is none); an unknown value falls to the careful reading.
_KINDS: dict[str, FailureKind | None] = {"": None, **{k.value: k for k in FailureKind}}
_FINISH = {f.value: f for f in FinishReason}
_SOURCES: dict[str, ErrorSource | None] = {"": None, **{s.value: s for s in ErrorSource}}


class _Result:
    """Rows fetched while the lock was held, with the cursor's counters."""

    __slots__ = ("lastrowid", "rowcount", "rows")

    def __init__(self, rows: list[Any], rowcount: int, lastrowid: int | None) -> None:
        self.rows = rows
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    def fetchone(self) -> Any:
        return self.rows[0] if self.rows else None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)


class _SerialConnection:
    """One connection shared by the GUI thread and a worker thread, one statement at a time.

    The worker finishes answers (indexing 20,000 characters in two full-text indexes took ~15 ms, a
    visible stall at the end of every long answer). Every statement runs and is fetched under the lock;
    a transaction holds it from BEGIN to COMMIT.
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self.raw = db
        self.lock = threading.RLock()

    def execute(self, sql: str, args: tuple[object, ...] = ()) -> _Result:
        with self.lock:
            try:
                cur = self.raw.execute(sql, args)
            except UnicodeEncodeError:
                # A lone surrogate (pasted text, a title from a file) cannot be stored as UTF-8: kept as U+FFFD.
                cur = self.raw.execute(sql, tuple(_storable(a) for a in args))
            return _Result(cur.fetchall(), cur.rowcount, cur.lastrowid)

    def executemany(self, sql: str, rows: list[tuple[object, ...]]) -> None:
        with self.lock:
            self.raw.executemany(sql, rows)

    def backup(self, target: sqlite3.Connection) -> None:
        with self.lock:
            self.raw.backup(target)

    def close(self) -> None:
        with self.lock:
            self.raw.close()


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


@dataclass(frozen=True, slots=True)
class SearchHit:
    conversation_id: int
    message_id: int | None
    snippet: str


def _translate(exc: sqlite3.Error) -> StoreError:
    text = str(exc)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return ArchiveLockedError(f"the archive is locked by another program ({text})")
    if "full" in lowered or "readonly" in lowered or "read-only" in lowered or "disk i/o" in lowered:
        return ArchiveWriteError(f"the archive could not be written ({text})")
    if "not a database" in lowered or "malformed" in lowered:
        return ArchiveCorruptError(f"the archive is damaged ({text})", None)
    return StoreError(text)


_MESSAGE_COLUMNS = (
    "id, conversation_id, role, content, reasoning, status, error, model, prompt_tokens, "
    "completion_tokens, total_tokens, reasoning_tokens, cost, finish_reason, parent_id, "
    "created_at, updated_at, error_kind, error_source, continues, sources"
)


def sources_json(sources: tuple[Source, ...], dropped: int = 0) -> str | None:
    """``[[index, title, url], …]``, and ``["dropped", n]`` last when sources were left out (a reader
    that knows only the triples skips it)."""
    rows: list[list[object]] = [[s.index, s.title, s.url] for s in sources]
    if dropped:
        rows.append(["dropped", dropped])
    return json.dumps(rows, ensure_ascii=False) if rows else None


def dropped_from(raw: object) -> int:
    """How many sources were left out, from the stored column (0 when it does not say)."""
    if not isinstance(raw, str) or '"dropped"' not in raw:
        return 0
    try:
        items = json.loads(raw)
    except (ValueError, RecursionError):
        return 0
    last = items[-1] if isinstance(items, list) and items else None
    ok = isinstance(last, list) and len(last) == 2 and last[0] == "dropped" and isinstance(last[1], int)
    return max(0, min(int(last[1]), 10**9)) if ok else 0  # type: ignore[index]


def sources_from(raw: object) -> tuple[Source, ...]:
    """The stored sources, or none when the column is empty or not what this code writes."""
    if not isinstance(raw, str):
        return ()
    try:
        items = json.loads(raw)
    except (ValueError, RecursionError):
        return ()
    if not isinstance(items, list):
        return ()
    # Re-checked when read, as when received: only web links (an "action:…" URL stored by something
    # else would otherwise become one of the app's own action links).
    return tuple(
        Source(i[0], str(i[1]), i[2])
        for i in items
        if isinstance(i, list)
        and len(i) == 3
        and isinstance(i[0], int)
        and isinstance(i[2], str)
        and i[2].strip().lower().startswith(("https://", "http://"))
    )


class Archive:
    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db = _SerialConnection(db)
        self.path = path
        self.recovered: int = 0

    # ---- opening -----------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Archive:
        existed = path.exists() and path.stat().st_size > 0
        try:
            private_dir(path.parent)
            private_file(path)  # SQLite gives its -wal and -shm files the database file's mode
        except OSError as exc:
            raise ArchiveWriteError(f"the archive at {path} cannot be created: {exc.strerror or exc}") from exc
        try:
            # A short busy timeout: the archive is written from the GUI thread, and our own instance lock
            # keeps other copies of the app away; a lock held longer than this is reported, not waited on.
            db = sqlite3.connect(path, isolation_level=None, timeout=1.0, check_same_thread=False)
        except sqlite3.Error as exc:
            raise _translate(exc) from exc
        try:
            db.create_function("cjk_split", 1, cjk_split, deterministic=True)
            db.execute("PRAGMA foreign_keys = ON")
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":
                raise StoreError(f"the archive cannot use write-ahead logging (journal mode {mode})")
            db.execute("PRAGMA synchronous = NORMAL")
            # No automatic checkpoint: it runs inside whichever COMMIT crosses the threshold, and a GUI-thread
            # COMMIT after a long answer then copied megabytes back into the database (93 ms after a 10 MB
            # answer). Checkpoints run on the worker instead, after each finished answer (checkpoint()).
            db.execute("PRAGMA wal_autocheckpoint = 0")
            archive = cls(db, path)
            archive._drop_foreign_triggers(keep=HISTORIC_TRIGGERS)  # before anything below writes
            archive._migrate(backup=existed)
            archive._check_schema()
            archive.recovered = archive._recover_interrupted()
        except sqlite3.DatabaseError as exc:
            db.close()
            error = _translate(exc)
            if isinstance(error, ArchiveCorruptError):
                raise ArchiveCorruptError(str(error), set_aside(path)) from exc
            raise error from exc
        except ArchiveCorruptError as exc:
            db.close()
            raise ArchiveCorruptError(str(exc), exc.moved_to or set_aside(path)) from exc
        except StoreError:
            db.close()
            raise
        return archive

    def _drop_foreign_triggers(self, keep: Collection[str]) -> dict[str, str]:
        """Drop every trigger in the file not named in ``keep``; the remaining ones, by name."""
        found = {
            str(name): str(sql)
            for name, sql in self._db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        }
        for name in [n for n in found if n not in keep]:
            log.warning("the archive held a trigger this app did not create (%r); it was dropped", name)
            self._db.execute('DROP TRIGGER IF EXISTS "' + name.replace('"', '""') + '"')
            del found[name]
        return found

    def _check_schema(self) -> None:
        """Every column this code reads is there (else the file is damage, set aside); only our triggers,
        as we wrote them (schema.py)."""
        for table, wanted in COLUMNS.items():
            have = {str(row[1]) for row in self._db.execute(f"PRAGMA table_info({table})")}
            missing = wanted - have
            if missing:
                raise ArchiveCorruptError(
                    f"the archive is damaged: its table {table} has no {', '.join(sorted(missing))}", None
                )
        found = self._drop_foreign_triggers(keep=TRIGGERS)
        if all(found.get(name) == sql for name, sql in TRIGGERS.items()):
            return
        with self._transaction():
            for name, sql in TRIGGERS.items():
                if found.get(name) != sql:
                    log.warning("the archive's trigger %s was missing or altered; it was made again", name)
                    self._db.execute(f"DROP TRIGGER IF EXISTS {name}")
                    self._db.execute(sql)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("PRAGMA optimize")
        self._db.close()

    def _migrate(self, *, backup: bool) -> None:
        db = self._db
        db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
        applied = {row[0] for row in db.execute("SELECT name FROM migrations")}
        known = [m.__name__ for m in MIGRATIONS]
        unknown = applied - set(known)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if unknown or version > len(MIGRATIONS):
            raise ArchiveTooNewError(
                f"the archive at {self.path} was written by a newer version of Hunyuan Desktop "
                f"(it has {', '.join(sorted(unknown)) or f'schema version {version}'}); "
                "update the app to open it"
            )
        pending = [m for m in MIGRATIONS if m.__name__ not in applied]
        if not pending:
            return
        if backup and applied:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            self.backup(self.path.with_name(f"{self.path.name}.before-{pending[0].__name__}-{stamp}"))
        for migration in pending:
            with self._transaction():
                migration(self._db.raw)
                db.execute(
                    "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                    (migration.__name__, time.time()),
                )
                db.execute(f"PRAGMA user_version = {known.index(migration.__name__) + 1}")

    def backup(self, target: Path) -> Path:
        """A consistent copy of the whole archive (SQLite's online backup, safe while in use)."""
        dest = sqlite3.connect(private_file(target))
        try:
            self._db.backup(dest)
        finally:
            dest.close()
        return target

    def _recover_interrupted(self) -> int:
        with self._transaction():
            cur = self._db.execute(
                "UPDATE messages SET status = 'interrupted', updated_at = ? WHERE status = 'streaming'",
                (time.time(),),
            )
        return cur.rowcount

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._db.lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise _translate(exc) from exc
            try:
                yield
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise _translate(exc) from exc

    def _write(self, sql: str, args: tuple[object, ...]) -> _Result:
        try:
            with self._transaction():
                return self._db.execute(sql, args)
        except sqlite3.Error as exc:
            raise _translate(exc) from exc

    # ---- conversations -----------------------------------------------------------------------------

    @staticmethod
    def _conversation(row: sqlite3.Row | tuple[object, ...]) -> Conversation:
        """A conversation row; a value a damaged or hostile file holds where ours would (text in a time,
        params that are not JSON, a time of 1e300) reads as the nearest sound value, never raises."""
        cid, title, model, params, system_prompt, pinned, created, updated, manual, title_cost = row
        return Conversation(
            id=int(cid) if isinstance(cid, int) else 0,
            title=_text(title),
            model=_text(model),
            params=_params(params),
            system_prompt=_text(system_prompt),
            pinned=bool(pinned) if isinstance(pinned, int) else False,
            created_at=valid_time(created),
            updated_at=valid_time(updated),
            title_manual=bool(manual) if isinstance(manual, int) else False,
            title_cost=plausible_yuan(title_cost),
        )

    _CONV_COLUMNS = "id, title, model, params, system_prompt, pinned, created_at, updated_at, title_manual, title_cost"

    def create_conversation(
        self, title: str, model: str, params: Params | None = None, system_prompt: str = ""
    ) -> Conversation:
        now = time.time()
        params = params or Params()
        cur = self._write(
            "INSERT INTO conversations (title, model, params, system_prompt, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (title, model, json.dumps(params.stored()), system_prompt, now, now),
        )
        return Conversation(
            id=int(cur.lastrowid or 0),
            title=title,
            model=model,
            params=params,
            system_prompt=system_prompt,
            created_at=now,
            updated_at=now,
        )

    def conversation(self, conversation_id: int) -> Conversation | None:
        row = self._db.execute(
            f"SELECT {self._CONV_COLUMNS} FROM conversations WHERE id = ?", (conversation_id,)
        ).fetchone()
        return self._conversation(row) if row else None

    def conversations(self, limit: int = 10_000) -> list[Conversation]:
        """Pinned first, then newest activity first."""
        rows = self._db.execute(
            f"SELECT {self._CONV_COLUMNS} FROM conversations ORDER BY pinned DESC, updated_at DESC, id DESC LIMIT ?",
            (limit,),
        )
        return [self._conversation(r) for r in rows]

    def previews(self, conversation_ids: list[int], chars: int = 120) -> dict[int, str]:
        """The start of each conversation's newest message (one query per 500 conversations)."""
        out: dict[int, str] = {}
        for start in range(0, len(conversation_ids), 500):
            chunk = conversation_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for cid, text in self._db.execute(
                f"SELECT m.conversation_id, substr(m.content, 1, ?) FROM messages m WHERE m.id IN "
                f"(SELECT max(id) FROM messages WHERE conversation_id IN ({marks}) GROUP BY conversation_id)",
                (chars, *chunk),
            ):
                out[int(cid)] = str(text)
        return out

    def rename(self, conversation_id: int, title: str, *, manual: bool = True) -> None:
        """A rename by the user (``manual``) is final: an automatic title never replaces it."""
        self._write(
            "UPDATE conversations SET title = ?, title_manual = max(title_manual, ?) WHERE id = ?",
            (title, int(manual), conversation_id),
        )

    def set_auto_title(self, conversation_id: int, title: str | None, cost: Decimal | None) -> bool:
        """The automatic title, unless the user renamed the conversation meanwhile (False then); its
        request's cost counts either way (it was spent)."""
        try:
            with self._transaction():
                if cost is not None:
                    row = self._db.execute("SELECT title_cost FROM conversations WHERE id = ?", (conversation_id,))
                    found = row.fetchone()
                    spent = (plausible_yuan(found[0]) if found else None) or Decimal(0)
                    self._db.execute(
                        "UPDATE conversations SET title_cost = ? WHERE id = ?", (str(spent + cost), conversation_id)
                    )
                if title is None:
                    return False
                cur = self._db.execute(
                    "UPDATE conversations SET title = ? WHERE id = ? AND title_manual = 0", (title, conversation_id)
                )
                return cur.rowcount > 0
        except sqlite3.Error as exc:
            raise _translate(exc) from exc

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        self._write("UPDATE conversations SET pinned = ? WHERE id = ?", (int(pinned), conversation_id))

    def update_settings(self, conversation_id: int, *, model: str, params: Params, system_prompt: str) -> None:
        self._write(
            "UPDATE conversations SET model = ?, params = ?, system_prompt = ? WHERE id = ?",
            (model, json.dumps(params.stored()), system_prompt, conversation_id),
        )

    def delete_conversation(self, conversation_id: int) -> None:
        self._write("DELETE FROM conversations WHERE id = ?", (conversation_id,))

    # ---- messages ----------------------------------------------------------------------------------

    @staticmethod
    def _message(row: Any) -> Message:
        # Columns come back with the types the schema stores (CHECK constraints keep role and status
        # valid); no str()/int() round trips here: opening a 10,000-message conversation runs this per row.
        # A row that is not what this code writes (a damaged or hostile file) is read the careful way.
        (mid, cid, role, content, reasoning, status, error, model, pt, ct, tt, rt, cost, finish, parent,
         created, updated, kind, source, continues, sources) = row  # fmt: skip
        try:
            if not (0.0 <= created <= MAX_TIME and 0.0 <= updated <= MAX_TIME):
                return _careful_message(row)
            usage = None if tt is None else Usage(pt or 0, ct or 0, tt, rt or 0)
            return Message(
                mid, cid, _ROLES[role], content, reasoning, _STATUSES[status], error, _KINDS[kind], model, usage,
                None if cost is None else Decimal(cost), _FINISH[finish], parent, created, updated, _SOURCES[source],
                bool(continues),
                () if sources is None else sources_from(sources), 0 if sources is None else dropped_from(sources),
            )  # fmt: skip
        except (KeyError, TypeError, ValueError, ArithmeticError):
            return _careful_message(row)

    def messages(self, conversation_id: int) -> list[Message]:
        rows = self._db.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY id",
            (conversation_id,),
        )
        return [self._message(r) for r in rows]

    def thread(self, conversation_id: int) -> Thread:
        """The current branch, root to tip, with the versions of each message on it. Parents always have
        smaller ids than their children (written first), so one pass in id order builds the tree."""
        every = self.messages(conversation_id)
        if not every:
            return Thread([])
        by_id = {m.id: m for m in every}
        children: dict[int | None, list[int]] = {}
        for m in every:
            children.setdefault(m.parent_id if m.parent_id in by_id else None, []).append(m.id)
        tip = self._tip(conversation_id)
        path: list[Message] = []
        seen: set[int] = set()  # a parent cycle (a damaged or hostile file) ends the walk, not the app
        node = by_id.get(tip) if tip is not None else None
        while node is not None and node.id not in seen:
            seen.add(node.id)
            path.append(node)
            node = by_id.get(node.parent_id) if node.parent_id is not None else None
        path.reverse()
        versions: dict[int, tuple[int, ...]] = {}
        for m in path:
            siblings = children.get(m.parent_id if m.parent_id in by_id else None, [])
            if len(siblings) > 1:
                versions[m.id] = tuple(siblings)
        return Thread(path, versions)

    def path_to(self, message_id: int) -> list[Message]:
        """The messages from the root down to ``message_id`` (inclusive): what a request for the message
        after it sends."""
        rows = self._db.execute(
            # UNION, not UNION ALL: a parent cycle in a damaged file ends the walk instead of running forever.
            f"""WITH RECURSIVE up(id) AS (
                SELECT ? UNION SELECT m.parent_id FROM messages m JOIN up ON m.id = up.id
                WHERE m.parent_id IS NOT NULL)
            SELECT {_MESSAGE_COLUMNS} FROM messages WHERE id IN (SELECT id FROM up) ORDER BY id""",
            (message_id,),
        )
        return [self._message(r) for r in rows]

    def select_version(self, message_id: int) -> None:
        """Make the branch through ``message_id`` the current one: it continues down to the newest
        message below it (newest child at each step)."""
        try:
            with self._transaction():
                self._select(message_id)
        except sqlite3.Error as exc:
            raise _translate(exc) from exc

    def _select(self, message_id: int) -> None:
        row = self._db.execute("SELECT conversation_id FROM messages WHERE id = ?", (message_id,)).fetchone()
        if row is None:
            return
        leaf = message_id
        seen = {leaf}
        while True:
            child = self._db.execute("SELECT max(id) FROM messages WHERE parent_id = ?", (leaf,)).fetchone()
            if child is None or child[0] is None or int(child[0]) in seen:
                break
            leaf = int(child[0])
            seen.add(leaf)
        self._db.execute("UPDATE conversations SET tip_id = ? WHERE id = ?", (leaf, row[0]))

    def message(self, message_id: int) -> Message | None:
        row = self._db.execute(f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE id = ?", (message_id,)).fetchone()
        return self._message(row) if row else None

    def delete_message(self, message_id: int) -> None:
        """Delete one message; what answered it (or followed it) is linked to its parent instead, so the
        rest of the conversation stays whole. Its search entries go with it (triggers)."""
        try:
            with self._transaction():
                found = self._place(message_id)
                if found is None:
                    return
                cid, parent = found
                self._db.execute("UPDATE messages SET parent_id = ? WHERE parent_id = ?", (parent, message_id))
                self._db.execute("DELETE FROM messages WHERE id = ?", (message_id,))
                self._repair_tip(cid, parent)
        except sqlite3.Error as exc:
            raise _translate(exc) from exc

    def import_conversation(self, conv: Conversation, messages: list[Message], tip: int | None) -> Conversation:
        """A conversation read from an export (:func:`export.from_json`), as a new conversation: every
        branch, every field, the same current branch; ids are new. All of it is written, or nothing."""
        try:
            with self._transaction():
                now = time.time()
                cur = self._db.execute(
                    "INSERT INTO conversations (title, model, params, system_prompt, pinned, created_at, updated_at, "
                    "title_manual, title_cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        conv.title,
                        conv.model,
                        json.dumps(conv.params.stored()),
                        conv.system_prompt,
                        int(conv.pinned),
                        conv.created_at or now,
                        conv.updated_at or now,
                        int(conv.title_manual),
                        str(conv.title_cost) if conv.title_cost is not None else None,
                    ),
                )
                cid = int(cur.lastrowid or 0)
                new_ids: dict[int, int] = {}
                for m in messages:  # oldest first: a parent is always written before its children
                    u = m.usage
                    row = self._db.execute(
                        f"INSERT INTO messages ({_MESSAGE_COLUMNS.replace('id, ', '', 1)}) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            cid, m.role.value, m.content, m.reasoning, m.status.value, m.error, m.model,
                            u.prompt_tokens if u else None, u.completion_tokens if u else None,
                            u.total_tokens if u else None, u.reasoning_tokens if u else None,
                            str(m.cost) if m.cost is not None else None, m.finish_reason.value,
                            new_ids.get(m.parent_id) if m.parent_id is not None else None,
                            m.created_at or now, m.updated_at or now, m.error_kind.value if m.error_kind else "",
                            m.error_source.value if m.error_source else "", int(m.continues),
                            sources_json(m.sources, m.sources_dropped),
                        ),
                    )  # fmt: skip
                    new_ids[m.id] = int(row.lastrowid or 0)
                last = new_ids[messages[-1].id] if messages else None
                self._db.execute(
                    "UPDATE conversations SET tip_id = ? WHERE id = ?", (new_ids.get(tip, last) if tip else last, cid)
                )
        except sqlite3.Error as exc:
            raise _translate(exc) from exc
        found = self.conversation(cid)
        assert found is not None
        return found

    def delete_branch(self, message_id: int) -> None:
        """Delete a message with everything below it (a version of it, and what followed it). The current
        branch moves to another version if there is one, else ends at its parent."""
        try:
            with self._transaction():
                found = self._place(message_id)
                if found is None:
                    return
                cid, parent = found
                self._db.execute(
                    """WITH RECURSIVE below(id) AS (
                        SELECT ? UNION SELECT m.id FROM messages m JOIN below ON m.parent_id = below.id)
                    DELETE FROM messages WHERE id IN (SELECT id FROM below)""",
                    (message_id,),
                )
                self._repair_tip(cid, parent)
        except sqlite3.Error as exc:
            raise _translate(exc) from exc

    def _place(self, message_id: int) -> tuple[int, int | None] | None:
        """(conversation, parent) of a message, or None when it is gone."""
        row = self._db.execute("SELECT conversation_id, parent_id FROM messages WHERE id = ?", (message_id,))
        found = row.fetchone()
        return None if found is None else (int(found[0]), None if found[1] is None else int(found[1]))

    def _repair_tip(self, conversation_id: int, parent: int | None) -> None:
        """After a deletion: keep the current branch if its tip survived; else continue from ``parent``
        (into its newest remaining version), or from the newest root when the parent is gone too."""
        tip = self._db.execute(
            "SELECT 1 FROM conversations c JOIN messages m ON m.id = c.tip_id WHERE c.id = ?", (conversation_id,)
        ).fetchone()
        if tip is not None:
            return
        if parent is None:
            root = self._db.execute(
                "SELECT max(id) FROM messages WHERE conversation_id = ? AND parent_id IS NULL", (conversation_id,)
            ).fetchone()
            parent = root[0] if root else None
        if parent is None:
            self._db.execute("UPDATE conversations SET tip_id = NULL WHERE id = ?", (conversation_id,))
        else:
            self._select(int(parent))

    def message_count(self, conversation_id: int) -> int:
        row = self._db.execute("SELECT count(*) FROM messages WHERE conversation_id = ?", (conversation_id,))
        return int(row.fetchone()[0])

    def _insert_message(
        self,
        conversation_id: int,
        role: Role,
        content: str,
        *,
        status: MessageStatus,
        model: str,
        parent_id: int | None,
        now: float,
        continues: bool = False,
    ) -> Message:
        cur = self._db.execute(
            "INSERT INTO messages (conversation_id, parent_id, role, content, status, model, created_at, "
            "updated_at, continues) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (conversation_id, parent_id, role.value, content, status.value, model, now, now, int(continues)),
        )
        self._db.execute(
            "UPDATE conversations SET updated_at = ?, tip_id = ? WHERE id = ?",
            (now, cur.lastrowid, conversation_id),
        )
        return Message(
            id=int(cur.lastrowid or 0),
            conversation_id=conversation_id,
            role=role,
            content=content,
            status=status,
            model=model,
            parent_id=parent_id,
            created_at=now,
            updated_at=now,
            continues=continues,
        )

    def append_message(
        self,
        conversation_id: int,
        role: Role,
        content: str,
        *,
        status: MessageStatus = MessageStatus.DONE,
        model: str = "",
        parent_id: int | None = None,
    ) -> Message:
        try:
            with self._transaction():
                return self._insert_message(
                    conversation_id,
                    role,
                    content,
                    status=status,
                    model=model,
                    parent_id=parent_id if parent_id is not None else self._tip(conversation_id),
                    now=time.time(),
                )
        except sqlite3.Error as exc:
            raise _translate(exc) from exc

    def append_many(self, conversation_id: int, messages: list[tuple[Role, str]]) -> None:
        """Append finished messages to the current branch in one transaction (imports, benchmarks)."""
        now = time.time()
        try:
            with self._transaction():
                parent = self._tip(conversation_id)
                first = int(self._db.execute("SELECT coalesce(max(id), 0) + 1 FROM messages").fetchone()[0])
                rows: list[tuple[object, ...]] = []
                for n, (role, content) in enumerate(messages):
                    rows.append((first + n, conversation_id, parent, role.value, content, now, now))
                    parent = first + n
                self._db.executemany(
                    "INSERT INTO messages (id, conversation_id, parent_id, role, content, status, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, 'done', ?, ?)",
                    rows,
                )
                self._db.execute(
                    "UPDATE conversations SET updated_at = ?, tip_id = ? WHERE id = ?", (now, parent, conversation_id)
                )
        except sqlite3.Error as exc:
            raise _translate(exc) from exc

    def begin_turn(
        self,
        conversation_id: int,
        user_text: str | None,
        model: str,
        *,
        parent_id: int | None = None,
        root: bool = False,
        continues: bool = False,
    ) -> tuple[Message | None, Message]:
        """Commit the user's message (unless answering again) and an empty ``streaming`` answer,
        atomically; the answer becomes the tip of the current branch.

        With ``user_text``: the question goes below ``parent_id`` (an edit: beside the question it
        replaces; ``root``: an edit of the first question), or below the current tip. Without: the answer
        goes below ``parent_id`` (regenerate: the question; continue: the answer it carries on) or below
        the current branch's last question."""
        now = time.time()
        try:
            with self._transaction():
                user = None
                if user_text is not None:
                    user = self._insert_message(
                        conversation_id,
                        Role.USER,
                        user_text,
                        status=MessageStatus.DONE,
                        model="",
                        parent_id=parent_id if parent_id is not None or root else self._tip(conversation_id),
                        now=now,
                    )
                    parent: int | None = user.id
                else:
                    parent = parent_id if parent_id is not None else self._last_user(conversation_id)
                answer = self._insert_message(
                    conversation_id,
                    Role.ASSISTANT,
                    "",
                    status=MessageStatus.STREAMING,
                    model=model,
                    parent_id=parent,
                    now=now,
                    continues=continues,
                )
        except sqlite3.Error as exc:
            raise _translate(exc) from exc
        return user, answer

    def _tip(self, conversation_id: int) -> int | None:
        """The current branch's last message (the newest message if the recorded tip is gone)."""
        row = self._db.execute(
            "SELECT m.id FROM conversations c JOIN messages m ON m.id = c.tip_id WHERE c.id = ?", (conversation_id,)
        ).fetchone()
        if row is not None:
            return int(row[0])
        row = self._db.execute("SELECT max(id) FROM messages WHERE conversation_id = ?", (conversation_id,)).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def _last_user(self, conversation_id: int) -> int | None:
        """The last question on the current branch."""
        tip = self._tip(conversation_id)
        if tip is None:
            return None
        row = self._db.execute(
            """WITH RECURSIVE up(id) AS (
                SELECT ? UNION SELECT m.parent_id FROM messages m JOIN up ON m.id = up.id
                WHERE m.parent_id IS NOT NULL)
            SELECT max(id) FROM messages WHERE id IN (SELECT id FROM up) AND role = 'user'""",
            (tip,),
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def update_streaming(self, message_id: int, content: str, reasoning: str) -> None:
        self._write(
            "UPDATE messages SET content = ?, reasoning = ?, updated_at = ? WHERE id = ?",
            (content, reasoning, time.time(), message_id),
        )

    async def aupdate_streaming(self, message_id: int, content: str, reasoning: str) -> None:
        """:meth:`update_streaming` on a worker thread."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self.update_streaming, message_id, content, reasoning)

    def finish_message(self, final: Message) -> None:
        """Write the end of a turn: everything a finished (done, stopped, failed) answer carries."""
        u = final.usage
        self._write(
            "UPDATE messages SET status = ?, content = ?, reasoning = ?, prompt_tokens = ?, "
            "completion_tokens = ?, total_tokens = ?, reasoning_tokens = ?, cost = ?, finish_reason = ?, "
            "error = ?, error_kind = ?, error_source = ?, sources = ?, updated_at = ? WHERE id = ?",
            (
                final.status.value,
                final.content,
                final.reasoning,
                u.prompt_tokens if u else None,
                u.completion_tokens if u else None,
                u.total_tokens if u else None,
                u.reasoning_tokens if u else None,
                str(final.cost) if final.cost is not None else None,
                final.finish_reason.value,
                final.error,
                final.error_kind.value if final.error_kind else "",
                final.error_source.value if final.error_source else "",
                sources_json(final.sources, final.sources_dropped),
                time.time(),
                final.id,
            ),
        )

    async def afinish_message(self, final: Message) -> None:
        """:meth:`finish_message` on a worker thread: the GUI keeps painting while the answer is indexed.
        A checkpoint follows there too."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self.finish_message, final)
        await loop.run_in_executor(None, self.checkpoint)

    def checkpoint(self) -> None:
        """Copy the write-ahead log back into the database without blocking anyone: a passive checkpoint
        on a connection of its own, so the shared connection's lock is not held meanwhile."""
        try:
            side = sqlite3.connect(self.path, timeout=0.2, check_same_thread=False)
        except sqlite3.Error:
            return
        try:
            side.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error:
            pass  # busy or locked: the next one will do it
        finally:
            side.close()

    def conversation_cost(self, conversation_id: int) -> Decimal:
        """Everything spent on the conversation: every answer on every branch, and its automatic title."""
        conv = self.conversation(conversation_id)
        total = (conv.title_cost if conv is not None else None) or Decimal(0)
        for (cost,) in self._db.execute(
            "SELECT cost FROM messages WHERE conversation_id = ? AND cost IS NOT NULL", (conversation_id,)
        ):
            total += Decimal(str(cost))
        return total

    # ---- presets -----------------------------------------------------------------------------------

    def presets(self) -> list[Preset]:
        """The user's presets, oldest first."""
        rows = self._db.execute("SELECT id, name, system_prompt, model, params FROM presets ORDER BY id")
        return [Preset(int(i), str(n), str(p), str(m), Params.from_json(json.loads(str(j)))) for i, n, p, m, j in rows]

    def save_preset(self, preset: Preset) -> Preset:
        """Insert a new preset (``id`` 0) or update a stored one; the stored preset is returned."""
        params = json.dumps(preset.params.stored())
        if preset.id:
            self._write(
                "UPDATE presets SET name = ?, system_prompt = ?, model = ?, params = ? WHERE id = ?",
                (preset.name, preset.system_prompt, preset.model, params, preset.id),
            )
            return preset
        cur = self._write(
            "INSERT INTO presets (name, system_prompt, model, params, created_at) VALUES (?, ?, ?, ?, ?)",
            (preset.name, preset.system_prompt, preset.model, params, time.time()),
        )
        return replace(preset, id=int(cur.lastrowid or 0), key="")

    def save_presets(self, presets: list[Preset]) -> list[Preset]:
        """New presets, in one transaction: all stored, or none (an import)."""
        stored: list[Preset] = []
        try:
            with self._transaction():
                for preset in presets:
                    cur = self._db.execute(
                        "INSERT INTO presets (name, system_prompt, model, params, created_at) VALUES (?, ?, ?, ?, ?)",
                        (
                            preset.name,
                            preset.system_prompt,
                            preset.model,
                            json.dumps(preset.params.stored()),
                            time.time(),
                        ),
                    )
                    stored.append(replace(preset, id=int(cur.lastrowid or 0), key=""))
        except sqlite3.Error as exc:
            raise _translate(exc) from exc
        return stored

    def delete_preset(self, preset_id: int) -> None:
        self._write("DELETE FROM presets WHERE id = ?", (preset_id,))

    # ---- search ------------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 200) -> list[SearchHit]:
        """Conversations whose title or any message contains ``query`` (case-insensitive for ASCII),
        newest first, each once, with the newest matching message's snippet.

        Three characters and more use the FTS5 trigram index; one or two Chinese characters the
        per-character index; other short queries scan with LIKE. Matches are read newest first in pages
        until ``limit`` conversations are found, so a conversation with hundreds of matches never hides
        an older one (a fixed cut of 800 matches did).
        """
        query = _searchable(query)
        if not query:
            return []
        like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        try:
            hits: dict[int, SearchHit] = {}
            for cid, title in self._db.execute(
                "SELECT id, title FROM conversations WHERE title LIKE ? ESCAPE '\\' "
                "ORDER BY pinned DESC, updated_at DESC LIMIT ?",
                (like, limit),
            ):
                hits[int(cid)] = SearchHit(int(cid), None, str(title))
            first: dict[int, int] = {}  # conversation -> its newest matching message
            for cid, mid in self._matches(query, like, page=max(limit * 4, 1000)):
                if len(hits) + len(first) >= limit:
                    break
                if cid not in hits and cid not in first:
                    first[cid] = mid
            # Snippets only for the messages shown, in one query (not for every match walked past).
            snippets = self._snippets(query, list(first.values()))
            for cid, mid in first.items():
                hits[cid] = SearchHit(cid, mid, snippets.get(mid, ""))
        except sqlite3.Error as exc:
            raise _translate(exc) from exc
        return list(hits.values())

    def _matches(self, query: str, like: str, page: int) -> Iterator[tuple[int, int]]:
        """(conversation, message) of every matching message, newest first, a page at a time."""
        if len(query) >= 3:
            index, phrase = "messages_fts", '"' + query.replace('"', '""') + '"'
        elif all(_is_cjk(ch) for ch in query):
            # One or two Chinese characters: the phrase of single-character tokens in messages_chars.
            index, phrase = "messages_chars", '"' + " ".join(query) + '"'
        else:
            index, phrase = "", ""  # one or two other characters ("C#", "Go"): rare enough for a scan
        before = 1 << 62
        while True:
            if index:
                # Newest hits first straight from the index (FTS5 walks rowids in order), then only those
                # rows are joined: ordering all matches of a common phrase first cost 100 ms.
                rows = self._db.execute(
                    f"SELECT m.conversation_id, m.id FROM (SELECT rowid FROM {index} "
                    f"WHERE {index} MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?) f "
                    "JOIN messages m ON m.id = f.rowid ORDER BY m.id DESC",
                    (phrase, before, page),
                ).rows
            else:
                rows = self._db.execute(
                    "SELECT conversation_id, id FROM messages "
                    "WHERE content LIKE ? ESCAPE '\\' AND id < ? ORDER BY id DESC LIMIT ?",
                    (like, before, page),
                ).rows
            yield from rows
            if len(rows) < page:
                return
            before = min(int(r[1]) for r in rows)

    def _snippets(self, query: str, message_ids: list[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        for start in range(0, len(message_ids), 500):
            chunk = message_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for mid, snippet in self._db.execute(
                f"SELECT id, substr(content, max(1, instr(content, ?) - 20), 80) FROM messages WHERE id IN ({marks})",
                (query, *chunk),
            ):
                out[int(mid)] = " ".join(str(snippet).split())
        return out

    # ---- balance -----------------------------------------------------------------------------------

    def record_balance(self, provider: str, amount: Decimal, source: str, currency: str = "CNY") -> None:
        self._write(
            "INSERT INTO balance_snapshots (provider, amount, source, at, currency) VALUES (?, ?, ?, ?, ?)",
            (provider, str(amount), source, time.time(), currency),
        )

    def latest_balance(self, provider: str) -> tuple[Money, float] | None:
        """The newest plausible balance (an older version stored whatever a server sent, 1e24 included)."""
        for amount, at, currency in self._db.execute(
            "SELECT amount, at, currency FROM balance_snapshots WHERE provider = ? ORDER BY at DESC, id DESC LIMIT 20",
            (provider,),
        ):
            value = plausible_yuan(amount)
            if value is not None and isinstance(at, int | float) and 0 <= at <= MAX_TIME:
                return Money(value, str(currency)), float(at)
        return None

    def integrity_ok(self) -> bool:
        return bool(self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _storable(value: object) -> object:
    return _LONE_SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _params(raw: object) -> Params:
    try:
        data = json.loads(raw) if isinstance(raw, str | bytes) else None
    except (ValueError, RecursionError):
        data = None
    return Params.from_json(data) if isinstance(data, dict) else Params()


def _count(value: object) -> int:
    return value if isinstance(value, int) and 0 <= value < 2**53 else 0


def _careful_message(row: Any) -> Message:
    """A message row as well as it can be read: an unknown role reads as an answer, an unknown status as
    interrupted, anything that is not text or a number as empty."""
    (mid, cid, role, content, reasoning, status, error, model, pt, ct, tt, rt, cost, finish, parent,
     created, updated, kind, source, continues, sources) = row  # fmt: skip
    usage = None if not isinstance(tt, int) else Usage(_count(pt), _count(ct), _count(tt), _count(rt))
    return Message(
        id=mid if isinstance(mid, int) else 0,
        conversation_id=cid if isinstance(cid, int) else 0,
        role=_ROLES.get(_text(role), Role.ASSISTANT),
        content=_text(content),
        reasoning=_text(reasoning),
        status=_STATUSES.get(_text(status), MessageStatus.INTERRUPTED),
        error=_text(error),
        error_kind=FailureKind.read(kind),
        model=_text(model),
        usage=usage,
        cost=plausible_yuan(cost),
        finish_reason=FinishReason.read(finish),
        parent_id=parent if isinstance(parent, int) else None,
        created_at=valid_time(created),
        updated_at=valid_time(updated),
        error_source=ErrorSource.read(source),
        continues=bool(continues) if isinstance(continues, int) else False,
        sources=sources_from(sources),
        sources_dropped=dropped_from(sources),
    )


_UNSEARCHABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def _searchable(query: str) -> str:
    """The query without what SQLite cannot bind or no message holds: NUL and other control characters,
    lone surrogates (typed or pasted, they raised and left the list stale)."""
    return _UNSEARCHABLE.sub("", query).strip()


def _is_cjk(ch: str) -> bool:
    return cjk_split(ch) != ch


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
