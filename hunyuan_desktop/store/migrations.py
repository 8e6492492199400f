"""Schema migrations: plain functions in one ordered list, recorded by name once applied.

Never edit or reorder an applied migration; append a new one. ``PRAGMA user_version`` mirrors the count
so that an older build can tell at once that a database is newer than it understands.

At the end, what the schema looks like once every migration ran (``COLUMNS``, ``TRIGGERS``), for checking a
file at open. A file edited by something else (a damaged copy, a hostile one) is checked before use: a table
missing a column this code reads is damage (the file is set aside, never used half-way); a trigger this code
did not create is dropped (one stored in a file rewrote every new message's model to another provider), and
one of ours that is missing or altered is made again. ``tests/unit/store/test_hostile_archive.py`` keeps
the two in step.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable


def _script(db: sqlite3.Connection, sql: str) -> None:
    """Run statements one by one: ``executescript`` would COMMIT the migration's transaction first."""
    statement = ""
    for line in sql.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement in a migration: {statement!r}")


def m001_initial(db: sqlite3.Connection) -> None:
    _script(
        db,
        """
        CREATE TABLE conversations (
            id            INTEGER PRIMARY KEY,
            title         TEXT    NOT NULL,
            model         TEXT    NOT NULL,
            params        TEXT    NOT NULL DEFAULT '{}',
            system_prompt TEXT    NOT NULL DEFAULT '',
            pinned        INTEGER NOT NULL DEFAULT 0,
            tip_id        INTEGER,
            created_at    REAL    NOT NULL,
            updated_at    REAL    NOT NULL
        );
        CREATE INDEX conversations_recent ON conversations (pinned DESC, updated_at DESC);

        CREATE TABLE messages (
            id                INTEGER PRIMARY KEY,
            conversation_id   INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            parent_id         INTEGER REFERENCES messages (id) ON DELETE SET NULL,
            role              TEXT    NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
            content           TEXT    NOT NULL DEFAULT '',
            reasoning         TEXT    NOT NULL DEFAULT '',
            status            TEXT    NOT NULL DEFAULT 'done'
                              CHECK (status IN ('done', 'streaming', 'stopped', 'error', 'interrupted')),
            error             TEXT    NOT NULL DEFAULT '',
            error_kind        TEXT    NOT NULL DEFAULT '',
            model             TEXT    NOT NULL DEFAULT '',
            prompt_tokens     INTEGER,
            completion_tokens INTEGER,
            total_tokens      INTEGER,
            reasoning_tokens  INTEGER,
            cost              TEXT,
            finish_reason     TEXT    NOT NULL DEFAULT '',
            created_at        REAL    NOT NULL,
            updated_at        REAL    NOT NULL
        );
        CREATE INDEX messages_by_conversation ON messages (conversation_id, id);
        CREATE INDEX messages_streaming ON messages (status) WHERE status = 'streaming';

        CREATE TABLE balance_snapshots (
            id       INTEGER PRIMARY KEY,
            provider TEXT NOT NULL,
            amount   TEXT NOT NULL,
            source   TEXT NOT NULL,
            at       REAL NOT NULL
        );
        CREATE INDEX balance_latest ON balance_snapshots (provider, at DESC);
        """,
    )


def m002_search(db: sqlite3.Connection) -> None:
    """Full-text search for Chinese: FTS5's trigram tokenizer (three characters and longer queries).

    One- and two-character queries fall back to LIKE in the archive (trigram cannot match them).
    """
    _script(
        db,
        """
        CREATE VIRTUAL TABLE messages_fts USING fts5 (
            content, content = 'messages', content_rowid = 'id', tokenize = 'trigram'
        );
        INSERT INTO messages_fts (rowid, content) SELECT id, content FROM messages;
        CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
            INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
        END;
        CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
        END;
        CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
            INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
        END;
        """,
    )


def m003_index_finished_messages_only(db: sqlite3.Connection) -> None:
    """Keep answers out of the search index while they stream.

    A streaming answer is rewritten about twice a second; re-indexing 20,000 characters of trigrams each
    time cost milliseconds on the GUI thread. It is indexed once, when it stops streaming (done,
    stopped, error, or interrupted after a crash).
    """
    _script(
        db,
        """
        DROP TRIGGER messages_fts_insert;
        DROP TRIGGER messages_fts_delete;
        DROP TRIGGER messages_fts_update;
        INSERT INTO messages_fts (messages_fts, rowid, content)
            SELECT 'delete', id, content FROM messages WHERE status = 'streaming';
        CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.status != 'streaming' BEGIN
            INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
        END;
        CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.status != 'streaming' BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
        END;
        CREATE TRIGGER messages_fts_unindex AFTER UPDATE OF content, status ON messages
            WHEN old.status != 'streaming' BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
        END;
        CREATE TRIGGER messages_fts_index AFTER UPDATE OF content, status ON messages
            WHEN new.status != 'streaming' BEGIN
            INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
        END;
        """,
    )


_CJK = re.compile(r"([\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f])")


SLICE = 4096


def cjk_split(text: str | None) -> str:
    """Every CJK character as its own token, so FTS5 can find one- and two-character words.

    Registered on each connection as the SQL function ``cjk_split`` (the search triggers call it).
    Exactly ``_CJK.sub(r" \1 ", text)``, six times faster (1.7 vs 10 ms for 20,000 characters): the
    template substitution held the GIL long enough to stall the GUI while an answer was indexed.
    """
    if not text:
        return ""
    # In slices: one regular-expression call holds the GIL, and the worker thread that indexes a long
    # answer must let the GUI thread in between (each character is its own match, so slicing anywhere
    # gives the same result).
    return "".join(split_slice(text[i : i + SLICE]) for i in range(0, len(text), SLICE))


def split_slice(text: str) -> str:
    """:func:`cjk_split` of one slice (at most ``SLICE`` characters: one call holds the GIL)."""
    return " ".join(_CJK.split(text))


def m004_short_query_index(db: sqlite3.Connection) -> None:
    """An index for one- and two-character Chinese queries, which the trigram index cannot serve.

    Each CJK character is a token here (``cjk_split``), so "排序" is the phrase "排 序": found through the
    index instead of a scan of every message (90 ms on 100,000 messages; under 5 ms this way).
    """
    _script(
        db,
        """
        CREATE VIRTUAL TABLE messages_chars USING fts5 (content, tokenize = 'unicode61');
        INSERT INTO messages_chars (rowid, content)
            SELECT id, cjk_split(content) FROM messages WHERE status != 'streaming';
        CREATE TRIGGER messages_chars_insert AFTER INSERT ON messages WHEN new.status != 'streaming' BEGIN
            INSERT INTO messages_chars (rowid, content) VALUES (new.id, cjk_split(new.content));
        END;
        CREATE TRIGGER messages_chars_delete AFTER DELETE ON messages BEGIN
            DELETE FROM messages_chars WHERE rowid = old.id;
        END;
        CREATE TRIGGER messages_chars_update AFTER UPDATE OF content, status ON messages BEGIN
            DELETE FROM messages_chars WHERE rowid = old.id;
            INSERT INTO messages_chars (rowid, content)
                SELECT new.id, cjk_split(new.content) WHERE new.status != 'streaming';
        END;
        """,
    )


def m005_error_source(db: sqlite3.Connection) -> None:
    """Whether a failed answer's ``error`` is the server's own words or the client's description of what
    it saw (a DNS failure, a timeout): the view labels them differently. Older rows: unknown ('')."""
    db.execute("ALTER TABLE messages ADD COLUMN error_source TEXT NOT NULL DEFAULT ''")


def m006_message_tree(db: sqlite3.Connection) -> None:
    """Conversations become trees (regenerate, edit and resend make versions side by side).

    Until now a conversation was read as its messages in id order; parent links were written but not
    trusted (a retry's answer pointed at the question, beside the failed answer; imported rows had
    none; a deletion re-linked). Each message's parent becomes the message before it in id order, and
    the conversation's current branch (``tip_id``) its newest message, so every conversation reads
    exactly as before. ``continues``: an answer that carries on the one before it (Continue), shown
    and exported as one with it, billed as its own request. The archive is backed up first
    (``Archive._migrate``)."""
    _script(
        db,
        """
        UPDATE messages SET parent_id = (
            SELECT max(p.id) FROM messages p WHERE p.conversation_id = messages.conversation_id AND p.id < messages.id
        );
        UPDATE conversations SET tip_id = (SELECT max(id) FROM messages WHERE conversation_id = conversations.id);
        CREATE INDEX messages_children ON messages (parent_id);
        ALTER TABLE messages ADD COLUMN continues INTEGER NOT NULL DEFAULT 0;
        """,
    )


def m007_titles_and_presets(db: sqlite3.Connection) -> None:
    """A manual rename always wins over the automatic title (``title_manual``); what the automatic
    title cost (``title_cost``) counts in the conversation's cost. Presets: named system prompt, model
    and parameters (the built-in ones live in code; these are the user's)."""
    _script(
        db,
        """
        ALTER TABLE conversations ADD COLUMN title_manual INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE conversations ADD COLUMN title_cost TEXT;
        CREATE TABLE presets (
            id            INTEGER PRIMARY KEY,
            name          TEXT NOT NULL,
            system_prompt TEXT NOT NULL DEFAULT '',
            model         TEXT NOT NULL DEFAULT '',
            params        TEXT NOT NULL DEFAULT '{}',
            created_at    REAL NOT NULL
        );
        """,
    )


def m008_sources_and_currency(db: sqlite3.Connection) -> None:
    """Web search: the pages an answer cites (``sources``, JSON ``[[index, title, url], …]``; NULL for
    every answer without). Balances in the provider's own currency (OpenRouter and DeepSeek's USD
    top-ups are dollars); every older snapshot was wcode's, in yuan."""
    _script(
        db,
        """
        ALTER TABLE messages ADD COLUMN sources TEXT;
        ALTER TABLE balance_snapshots ADD COLUMN currency TEXT NOT NULL DEFAULT 'CNY';
        """,
    )


def m009_split_ahead(db: sqlite3.Connection) -> None:
    """The per-character index takes a finished answer's split text from ``split_ahead(id)`` when the
    writer was handed one (made on the GUI thread: ``turns.encode_ahead``), and splits it itself
    otherwise (imports, the interruption mark at start-up). ``coalesce`` evaluates its second argument
    only when the first is NULL. The index's content is the same either way."""
    _script(
        db,
        """
        DROP TRIGGER IF EXISTS messages_chars_insert;
        DROP TRIGGER IF EXISTS messages_chars_update;
        CREATE TRIGGER messages_chars_insert AFTER INSERT ON messages WHEN new.status != 'streaming' BEGIN
            INSERT INTO messages_chars (rowid, content)
                VALUES (new.id, coalesce(split_ahead(new.id), cjk_split(new.content)));
        END;
        CREATE TRIGGER messages_chars_update AFTER UPDATE OF content, status ON messages BEGIN
            DELETE FROM messages_chars WHERE rowid = old.id;
            INSERT INTO messages_chars (rowid, content)
                SELECT new.id, coalesce(split_ahead(new.id), cjk_split(new.content))
                WHERE new.status != 'streaming';
        END;
        """,
    )


def m010_attachments(db: sqlite3.Connection) -> None:
    """Images and files sent with a question: the message lists them (``attachments``, JSON; NULL for
    none) and their bytes are kept once per content in ``blobs`` (SHA-256 of the bytes as the key)."""
    _script(
        db,
        """
        ALTER TABLE messages ADD COLUMN attachments TEXT;
        CREATE TABLE IF NOT EXISTS blobs (
            digest TEXT PRIMARY KEY,
            mime TEXT NOT NULL,
            data BLOB NOT NULL,
            created_at REAL NOT NULL
        );
        """,
    )


def m011_origins(db: sqlite3.Connection) -> None:
    """Where an imported conversation came from (another app's export and its id there): importing the
    same export twice adds nothing. Deleting the conversation forgets its origin (it can be imported again)."""
    _script(
        db,
        """
        CREATE TABLE IF NOT EXISTS origins (
            source TEXT NOT NULL,
            original_id TEXT NOT NULL,
            conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            PRIMARY KEY (source, original_id)
        );
        """,
    )


def m012_sync(db: sqlite3.Connection) -> None:
    """Sync between machines (sync/): a conversation and a message get a ``uid`` the first time they are
    synced (the same on every machine; NULL for what never left this one), ``title_at``, ``pinned_at`` and
    ``settings_at`` say when a conversation's title, pin or settings last changed (in a merge the newer
    wins, each on its own: triggers keep them), a deleted conversation or
    message that had been synced leaves a tombstone (triggers: every way of deleting leaves one; a
    conversation's deletion takes its messages without one each), and ``sync_state`` remembers, per remote,
    the revision both sides last agreed on."""
    _script(
        db,
        """
        ALTER TABLE conversations ADD COLUMN uid TEXT;
        ALTER TABLE conversations ADD COLUMN title_at REAL NOT NULL DEFAULT 0;
        ALTER TABLE conversations ADD COLUMN pinned_at REAL NOT NULL DEFAULT 0;
        ALTER TABLE conversations ADD COLUMN settings_at REAL NOT NULL DEFAULT 0;
        ALTER TABLE messages ADD COLUMN uid TEXT;
        CREATE UNIQUE INDEX conversations_uid ON conversations (uid) WHERE uid IS NOT NULL;
        CREATE UNIQUE INDEX messages_uid ON messages (uid) WHERE uid IS NOT NULL;
        CREATE TABLE tombstones (
            uid TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            conversation TEXT,
            parent TEXT,
            at REAL NOT NULL
        );
        CREATE TABLE sync_state (
            remote TEXT NOT NULL,
            uid TEXT NOT NULL,
            rev TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            PRIMARY KEY (remote, uid)
        );
        """,
    )
    for name in ("title_changed", "pin_changed", "settings_changed", "conversations_tombstone", "messages_tombstone"):
        db.execute(TRIGGERS[name])


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    m001_initial,
    m002_search,
    m003_index_finished_messages_only,
    m004_short_query_index,
    m005_error_source,
    m006_message_tree,
    m007_titles_and_presets,
    m008_sources_and_currency,
    m009_split_ahead,
    m010_attachments,
    m011_origins,
    m012_sync,
]


# ---- the schema once every migration ran (checked at open: db.py) ----

COLUMNS: dict[str, frozenset[str]] = {
    "conversations": frozenset(
        (
            "id",
            "title",
            "model",
            "params",
            "system_prompt",
            "pinned",
            "tip_id",
            "created_at",
            "updated_at",
            "title_manual",
            "title_cost",
            "uid",
            "title_at",
            "pinned_at",
            "settings_at",
        )
    ),
    "messages": frozenset(
        (
            "id",
            "conversation_id",
            "parent_id",
            "role",
            "content",
            "reasoning",
            "status",
            "error",
            "error_kind",
            "model",
            "prompt_tokens",
            "completion_tokens",
            "total_tokens",
            "reasoning_tokens",
            "cost",
            "finish_reason",
            "created_at",
            "updated_at",
            "error_source",
            "continues",
            "sources",
            "attachments",
            "uid",
        )
    ),
    "blobs": frozenset(("digest", "mime", "data", "created_at")),
    "origins": frozenset(("source", "original_id", "conversation_id")),
    "tombstones": frozenset(("uid", "kind", "conversation", "parent", "at")),
    "sync_state": frozenset(("remote", "uid", "rev", "fingerprint")),
    "presets": frozenset(
        (
            "id",
            "name",
            "system_prompt",
            "model",
            "params",
            "created_at",
        )
    ),
    "balance_snapshots": frozenset(
        (
            "id",
            "provider",
            "amount",
            "source",
            "at",
            "currency",
        )
    ),
}

TRIGGERS: dict[str, str] = {
    "messages_fts_insert": (
        "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.status != 'streaming' BEGIN\n"
        "            INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);\n"
        "        END"
    ),
    "messages_fts_delete": (
        "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.status != 'streaming' BEGIN\n"
        "            INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);\n"
        "        END"
    ),
    "messages_fts_unindex": (
        "CREATE TRIGGER messages_fts_unindex AFTER UPDATE OF content, status ON messages\n"
        "            WHEN old.status != 'streaming' BEGIN\n"
        "            INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);\n"
        "        END"
    ),
    "messages_fts_index": (
        "CREATE TRIGGER messages_fts_index AFTER UPDATE OF content, status ON messages\n"
        "            WHEN new.status != 'streaming' BEGIN\n"
        "            INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);\n"
        "        END"
    ),
    "messages_chars_insert": (
        "CREATE TRIGGER messages_chars_insert AFTER INSERT ON messages WHEN new.status != 'streaming' BEGIN\n"
        "            INSERT INTO messages_chars (rowid, content)\n"
        "                VALUES (new.id, coalesce(split_ahead(new.id), cjk_split(new.content)));\n"
        "        END"
    ),
    "messages_chars_delete": (
        "CREATE TRIGGER messages_chars_delete AFTER DELETE ON messages BEGIN\n"
        "            DELETE FROM messages_chars WHERE rowid = old.id;\n"
        "        END"
    ),
    "messages_chars_update": (
        "CREATE TRIGGER messages_chars_update AFTER UPDATE OF content, status ON messages BEGIN\n"
        "            DELETE FROM messages_chars WHERE rowid = old.id;\n"
        "            INSERT INTO messages_chars (rowid, content)\n"
        "                SELECT new.id, coalesce(split_ahead(new.id), cjk_split(new.content))\n"
        "                WHERE new.status != 'streaming';\n"
        "        END"
    ),
    "title_changed": (
        "CREATE TRIGGER title_changed AFTER UPDATE OF title, title_manual ON conversations BEGIN\n"
        "            UPDATE conversations SET title_at = (julianday('now') - 2440587.5) * 86400.0\n"
        "                WHERE id = new.id;\n"
        "        END"
    ),
    "pin_changed": (
        "CREATE TRIGGER pin_changed AFTER UPDATE OF pinned ON conversations BEGIN\n"
        "            UPDATE conversations SET pinned_at = (julianday('now') - 2440587.5) * 86400.0\n"
        "                WHERE id = new.id;\n"
        "        END"
    ),
    "settings_changed": (
        "CREATE TRIGGER settings_changed AFTER UPDATE OF model, params, system_prompt ON conversations BEGIN\n"
        "            UPDATE conversations SET settings_at = (julianday('now') - 2440587.5) * 86400.0\n"
        "                WHERE id = new.id;\n"
        "        END"
    ),
    "conversations_tombstone": (
        "CREATE TRIGGER conversations_tombstone AFTER DELETE ON conversations WHEN old.uid IS NOT NULL BEGIN\n"
        "            DELETE FROM tombstones WHERE conversation = old.uid;\n"
        "            INSERT OR REPLACE INTO tombstones (uid, kind, conversation, parent, at)\n"
        "                VALUES (old.uid, 'conversation', NULL, NULL, (julianday('now') - 2440587.5) * 86400.0);\n"
        "        END"
    ),
    "messages_tombstone": (
        "CREATE TRIGGER messages_tombstone AFTER DELETE ON messages\n"
        "            WHEN old.uid IS NOT NULL AND EXISTS (SELECT 1 FROM conversations WHERE id = old.conversation_id)\n"
        "            BEGIN\n"
        "            INSERT OR REPLACE INTO tombstones (uid, kind, conversation, parent, at)\n"
        "                VALUES (old.uid, 'message', (SELECT uid FROM conversations WHERE id = old.conversation_id),\n"
        "                (SELECT uid FROM messages WHERE id = old.parent_id),\n"
        "                (julianday('now') - 2440587.5) * 86400.0);\n"
        "        END"
    ),
}
