"""What the archive's schema looks like once every migration ran, for checking a file at open. No Qt.

A file edited by something else (a damaged copy, a hostile one) is checked before use: a table missing a
column this code reads is damage (the file is set aside, never used half-way); a trigger this code did
not create is dropped (one stored in a file rewrote every new message's model to another provider), and
one of ours that is missing or altered is made again. ``tests/unit/store/test_hostile_archive.py`` keeps
this in step with :mod:`migrations`.
"""

from __future__ import annotations

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
        )
    ),
    "blobs": frozenset(("digest", "mime", "data", "created_at")),
    "origins": frozenset(("source", "original_id", "conversation_id")),
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
}
