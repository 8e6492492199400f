"""A damaged or hostile archive (issue 20): opened, read and written without crashing, hanging, running
what it holds or touching what it points to; what cannot be used is set aside, never used half-way."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from hunyuan_desktop.domain import MAX_TIME, MessageStatus, Role
from hunyuan_desktop.store.archive import ARCHIVE_NAME, Archive, ArchiveCorruptError
from hunyuan_desktop.store.export import to_markdown
from hunyuan_desktop.store.migrations import COLUMNS, MIGRATIONS, TRIGGERS, cjk_split


def make(tmp_path: Path) -> tuple[Archive, int]:
    archive = Archive.open(tmp_path / ARCHIVE_NAME)
    conv = archive.create_conversation("t", "hunyuan-lite")
    archive.append_many(conv.id, [(Role.USER, "问"), (Role.ASSISTANT, "答"), (Role.USER, "再问")])
    return archive, conv.id


def raw(tmp_path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(tmp_path / ARCHIVE_NAME, isolation_level=None)
    db.create_function("cjk_split", 1, cjk_split)
    db.create_function("split_ahead", 1, lambda _id: None)
    return db


def test_the_schema_the_code_checks_is_what_the_migrations_make() -> None:
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.create_function("cjk_split", 1, cjk_split)
    db.create_function("split_ahead", 1, lambda _id: None)
    for migration in MIGRATIONS:
        migration(db)
    made = {str(n): str(s) for n, s in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")}
    assert made == TRIGGERS
    for table, columns in COLUMNS.items():
        assert {str(r[1]) for r in db.execute(f"PRAGMA table_info({table})")} == columns


@pytest.mark.parametrize("value", [1e300, -1e300, float("inf"), float("-inf"), "yesterday"])
def test_out_of_range_times_read_as_times_within_1970_to_3000(tmp_path: Path, value: object) -> None:
    archive, cid = make(tmp_path)
    archive._db.write("UPDATE conversations SET created_at = ?, updated_at = ? WHERE id = ?", (value, value, cid))
    archive._db.write("UPDATE messages SET created_at = ?, updated_at = ?", (value, value))
    archive.close()
    again = Archive.open(tmp_path / ARCHIVE_NAME)
    conv = again.conversation(cid)
    assert conv is not None and 0 <= conv.created_at <= MAX_TIME and 0 <= conv.updated_at <= MAX_TIME
    messages = again.thread(cid).messages
    assert [m.content for m in messages] == ["问", "答", "再问"]
    assert all(0 <= m.created_at <= MAX_TIME for m in messages)
    assert "## " in to_markdown(conv, messages)  # the export that raised OverflowError
    again.close()


def test_a_parent_cycle_ends_the_walk_instead_of_hanging(tmp_path: Path) -> None:
    archive, cid = make(tmp_path)
    ids = [m.id for m in archive.messages(cid)]
    archive._db.write("PRAGMA foreign_keys = OFF", ())
    archive._db.write("UPDATE messages SET parent_id = ? WHERE id = ?", (ids[-1], ids[0]))  # root -> tip: a cycle
    started = time.monotonic()
    thread = archive.thread(cid)
    path = archive.path_to(ids[-1])
    archive.select_version(ids[0])
    archive.delete_branch(ids[1])
    assert time.monotonic() - started < 5
    assert len(thread.messages) == 3 and len(path) == 3
    archive.close()


def test_triggers_it_did_not_create_are_dropped_and_its_own_made_again(tmp_path: Path) -> None:
    archive, cid = make(tmp_path)
    archive.close()
    db = raw(tmp_path)
    db.execute(
        "CREATE TRIGGER redirect AFTER INSERT ON messages BEGIN "
        "UPDATE messages SET model = 'custom:exfil' WHERE id = new.id; END"
    )
    db.execute("DROP TRIGGER messages_chars_insert")
    db.execute(  # one of ours, altered under its own name
        "CREATE TRIGGER messages_chars_insert AFTER INSERT ON messages BEGIN "
        "UPDATE conversations SET model = 'custom:exfil'; END"
    )
    db.close()
    archive = Archive.open(tmp_path / ARCHIVE_NAME)
    _, answer = archive.begin_turn(cid, "新问题", "hunyuan-lite")
    found = archive.message(answer.id)
    conv = archive.conversation(cid)
    assert found is not None and found.model == "hunyuan-lite"
    assert conv is not None and conv.model == "hunyuan-lite"
    names = {r[0] for r in archive._db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert names == set(TRIGGERS)
    assert archive.search("新问题")  # our index trigger works again
    archive.close()


def test_a_missing_column_sets_the_file_aside_instead_of_crashing_every_start(tmp_path: Path) -> None:
    archive, _ = make(tmp_path)
    archive.close()
    db = raw(tmp_path)
    db.execute("ALTER TABLE messages DROP COLUMN sources")
    db.close()
    with pytest.raises(ArchiveCorruptError) as caught:
        Archive.open(tmp_path / ARCHIVE_NAME)
    assert caught.value.moved_to is not None and caught.value.moved_to.exists()
    assert "sources" in str(caught.value)
    fresh = Archive.open(tmp_path / ARCHIVE_NAME)  # a new archive; the old one kept beside it
    assert fresh.conversations() == []
    fresh.close()


def test_bad_values_in_a_row_read_as_the_nearest_sound_value(tmp_path: Path) -> None:
    archive, cid = make(tmp_path)
    archive.close()
    db = raw(tmp_path)
    # A file whose table has no CHECK constraints any more (rebuilt by something else): any value goes.
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("PRAGMA writable_schema = ON")
    db.execute("UPDATE conversations SET params = 'not json', pinned = 'x'")
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'messages'").fetchone()[0]
    loose = sql.replace("CHECK (role IN ('system', 'user', 'assistant'))", "").replace(
        "CHECK (status IN ('done', 'streaming', 'stopped', 'error', 'interrupted'))", ""
    )
    db.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'messages'", (loose,))
    db.execute("PRAGMA writable_schema = OFF")
    db.close()
    db = raw(tmp_path)
    db.execute("UPDATE messages SET role = 'tool', status = 'weird', cost = 'lots', total_tokens = 'many' WHERE id = 1")
    db.close()
    archive = Archive.open(tmp_path / ARCHIVE_NAME)
    conv = archive.conversation(cid)
    assert conv is not None and conv.params.temperature is None and conv.pinned is False
    first = archive.messages(cid)[0]
    assert first.role is Role.ASSISTANT and first.status is MessageStatus.INTERRUPTED
    assert first.cost is None and first.usage is None and first.content == "问"
    archive.close()


def test_stored_source_links_are_checked_again_when_read(tmp_path: Path) -> None:
    archive, cid = make(tmp_path)
    archive._db.write(
        "UPDATE messages SET sources = ? WHERE id = 2",
        ('[[1, "ok", "https://example.com"], [2, "app action", "action:copy"], [3, "x", "file:///etc/passwd"]]',),
    )
    answer = archive.messages(cid)[1]
    assert [s.url for s in answer.sources] == ["https://example.com"]
    archive.close()


def test_a_symlinked_archive_is_used_but_its_target_keeps_its_mode(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "real.sqlite3"
    Archive.open(target).close()
    os.chmod(target, 0o644)
    data = tmp_path / "data"
    data.mkdir()
    (data / ARCHIVE_NAME).symlink_to(target)
    archive = Archive.open(data / ARCHIVE_NAME)
    archive.create_conversation("via link", "m")
    archive.close()
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
