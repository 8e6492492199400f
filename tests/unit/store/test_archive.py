"""The archive: migrations, reopening, crash recovery, every operation, search, refusal of newer files."""

from __future__ import annotations

import random
import sqlite3
import threading
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hunyuan_desktop.domain import FailureKind, FinishReason, MessageStatus, Money, Params, Role, Usage
from hunyuan_desktop.store.archive import (
    ARCHIVE_NAME,
    Archive,
    ArchiveCorruptError,
    ArchiveTooNewError,
    StoreError,
)
from hunyuan_desktop.store.export import ExportLabels, to_json, to_markdown
from hunyuan_desktop.store.migrations import _CJK, MIGRATIONS, cjk_split
from hunyuan_desktop.store.turns import Encoded, encode_ahead


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / ARCHIVE_NAME


@pytest.fixture
def archive(path: Path) -> Archive:
    return Archive.open(path)


def test_blank_database_gets_every_migration_with_wal_and_foreign_keys(path: Path) -> None:
    archive = Archive.open(path)
    archive.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = [r[0] for r in db.execute("SELECT name FROM migrations ORDER BY rowid")]
    assert names == [m.__name__ for m in MIGRATIONS]
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_reopen_keeps_everything_and_migrates_nothing_twice(path: Path) -> None:
    a = Archive.open(path)
    conv = a.create_conversation("标题", "hunyuan-lite", Params(temperature=0.5), "sys")
    a.append_message(conv.id, Role.USER, "你好")
    a.close()
    b = Archive.open(path)
    assert [c.title for c in b.conversations()] == ["标题"]
    assert b.conversations()[0].params == Params(temperature=0.5)
    assert [m.content for m in b.messages(conv.id)] == ["你好"]
    assert not list(path.parent.glob("*.before-*"))  # nothing pending, so no backup


def test_migrating_an_old_database_backs_it_up_first(path: Path) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
    MIGRATIONS[0](db)
    db.execute("INSERT INTO migrations VALUES ('m001_initial', 0)")
    db.execute("INSERT INTO conversations (title, model, created_at, updated_at) VALUES ('old', 'hunyuan-lite', 0, 0)")
    db.execute(
        "INSERT INTO messages (conversation_id, role, content, created_at, updated_at) "
        "VALUES (1, 'user', '旧的消息内容', 0, 0)"
    )
    db.close()
    archive = Archive.open(path)
    backups = list(path.parent.glob(f"{ARCHIVE_NAME}.before-m002_search-*"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT name FROM migrations").fetchall() == [("m001_initial",)]
    assert [h.conversation_id for h in archive.search("旧的消息")] == [1]  # the FTS index was filled


def test_newer_database_is_refused_and_left_untouched(path: Path) -> None:
    Archive.open(path).close()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("INSERT INTO migrations VALUES ('m999_from_the_future', 0)")
    db.close()
    before = path.read_bytes()
    with pytest.raises(ArchiveTooNewError, match="newer version"):
        Archive.open(path)
    assert path.read_bytes() == before


def test_corrupt_file_is_set_aside_not_overwritten(path: Path) -> None:
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(ArchiveCorruptError) as info:
        Archive.open(path)
    moved = info.value.moved_to
    assert moved is not None and moved.read_bytes() == b"this is not a database at all" * 100
    assert not path.exists()
    Archive.open(path).close()  # a fresh archive can be made in its place


def test_streaming_rows_become_interrupted_at_open(path: Path) -> None:
    a = Archive.open(path)
    conv = a.create_conversation("t", "m")
    user, answer = a.begin_turn(conv.id, "问题", "m")
    a.update_streaming(answer.id, "部分回答", "思考")
    a.close()  # as if the process died here
    b = Archive.open(path)
    assert b.recovered == 1
    got = b.messages(conv.id)
    assert [(m.role, m.content, m.status) for m in got] == [
        (Role.USER, "问题", MessageStatus.DONE),
        (Role.ASSISTANT, "部分回答", MessageStatus.INTERRUPTED),
    ]
    assert got[1].reasoning == "思考"
    assert user is not None and got[1].parent_id == user.id


def test_begin_turn_commits_user_message_and_placeholder(archive: Archive, path: Path) -> None:
    conv = archive.create_conversation("t", "m")
    _user, answer = archive.begin_turn(conv.id, "hello", "hunyuan-lite")
    other = sqlite3.connect(path)  # another connection sees it: it is committed
    rows = other.execute("SELECT role, content, status FROM messages ORDER BY id").fetchall()
    assert rows == [("user", "hello", "done"), ("assistant", "", "streaming")]
    assert answer.model == "hunyuan-lite"


def test_retry_turn_adds_only_a_new_answer(archive: Archive) -> None:
    conv = archive.create_conversation("t", "m")
    user, first = archive.begin_turn(conv.id, "q", "m")
    archive.finish_message(replace(first, status=MessageStatus.ERROR, content="", reasoning="", error="boom"))
    none, second = archive.begin_turn(conv.id, None, "m")
    assert none is None and user is not None and second.parent_id == user.id
    assert [m.role for m in archive.messages(conv.id)] == [Role.USER, Role.ASSISTANT, Role.ASSISTANT]


def test_finish_message_stores_usage_cost_and_reason(archive: Archive) -> None:
    conv = archive.create_conversation("t", "m")
    _, answer = archive.begin_turn(conv.id, "q", "m")
    archive.finish_message(
        replace(
            answer,
            status=MessageStatus.DONE,
            content="答",
            reasoning="",
            usage=Usage(10, 20, 30, 5),
            cost=Decimal("0.000075"),
            finish_reason=FinishReason.STOP,
        )
    )
    got = archive.message(answer.id)
    assert got is not None
    assert got.status is MessageStatus.DONE and got.usage == Usage(10, 20, 30, 5)
    assert got.cost == Decimal("0.000075") and got.finish_reason == "stop"
    assert archive.conversation_cost(conv.id) == Decimal("0.000075")


def test_error_is_kept_with_partial_text(archive: Archive) -> None:
    conv = archive.create_conversation("t", "m")
    _, answer = archive.begin_turn(conv.id, "q", "m")
    archive.finish_message(
        replace(
            answer,
            status=MessageStatus.ERROR,
            content="半个",
            reasoning="",
            error="HTTP 500: boom",
            error_kind=FailureKind.SERVER,
        )
    )
    got = archive.message(answer.id)
    assert got is not None and (got.content, got.error, got.error_kind) == (
        "半个",
        "HTTP 500: boom",
        "server",
    )


def test_list_by_last_activity_pinned_first(archive: Archive) -> None:
    a = archive.create_conversation("a", "m")
    b = archive.create_conversation("b", "m")
    c = archive.create_conversation("c", "m")
    archive.append_message(a.id, Role.USER, "newest activity")
    assert [x.title for x in archive.conversations()] == ["a", "c", "b"]
    archive.set_pinned(b.id, True)
    assert [x.title for x in archive.conversations()] == ["b", "a", "c"]
    archive.append_message(c.id, Role.USER, "now c is the newest")
    assert [x.title for x in archive.conversations()] == ["b", "c", "a"]  # pinned stays first


def test_rename_update_settings_and_delete(archive: Archive) -> None:
    conv = archive.create_conversation("old", "hunyuan-lite")
    archive.append_message(conv.id, Role.USER, "x")
    archive.rename(conv.id, "新标题")
    archive.update_settings(conv.id, model="hunyuan-turbo", params=Params(0.3, None, 512), system_prompt="s")
    got = archive.conversation(conv.id)
    assert got is not None
    assert (got.title, got.model, got.params, got.system_prompt) == (
        "新标题",
        "hunyuan-turbo",
        Params(0.3, None, 512),
        "s",
    )
    archive.delete_conversation(conv.id)
    assert archive.conversation(conv.id) is None
    assert archive.messages(conv.id) == []  # cascaded


def test_search_titles_and_text_including_short_chinese_words(archive: Archive) -> None:
    a = archive.create_conversation("旅行计划", "m")
    b = archive.create_conversation("代码", "m")
    archive.append_message(b.id, Role.USER, "请解释快速排序算法")
    archive.append_message(a.id, Role.ASSISTANT, "Use the Python 'sorted' builtin, 100% safe_ok")
    assert [h.conversation_id for h in archive.search("旅行")] == [a.id]
    assert [h.conversation_id for h in archive.search("排序")] == [b.id]  # two characters: LIKE
    assert [h.conversation_id for h in archive.search("快速排序")] == [b.id]  # trigram FTS
    assert [h.conversation_id for h in archive.search("排")] == [b.id]
    assert [h.conversation_id for h in archive.search("SORTED")] == [a.id]
    assert [h.conversation_id for h in archive.search("100%")] == [a.id]
    assert [h.conversation_id for h in archive.search("e_o")] == [a.id]
    assert archive.search("不存在的词") == []
    hit = archive.search("快速排序")[0]
    assert "快速排序" in hit.snippet


def test_balance_snapshots(archive: Archive) -> None:
    assert archive.latest_balance("wcode") is None
    archive.record_balance("wcode", Decimal("123.0165"), "header")
    archive.record_balance("wcode", Decimal("122.5"), "header")
    archive.record_balance("openrouter", Decimal("7.25"), "billing", "USD")
    latest = archive.latest_balance("wcode")
    assert latest is not None and latest[0] == Money(Decimal("122.5"), "CNY")
    dollars = archive.latest_balance("openrouter")
    assert dollars is not None and dollars[0] == Money(Decimal("7.25"), "USD")  # each provider its own, in its currency


def test_exports_hold_everything_and_read_well(archive: Archive) -> None:
    conv = archive.create_conversation("导出测试", "hunyuan-lite", Params(temperature=0.2), "系统提示")
    _, answer = archive.begin_turn(conv.id, "问题 | with pipe", "hunyuan-lite")
    archive.finish_message(
        replace(
            answer,
            status=MessageStatus.DONE,
            content="```py\nprint(1)\n```",
            reasoning="想",
            usage=Usage(1, 2, 3),
            cost=Decimal("0.00001"),
            finish_reason=FinishReason.STOP,
        )
    )
    stored = archive.conversation(conv.id)
    assert stored is not None
    import json

    doc = json.loads(to_json(stored, archive.messages(conv.id)))
    assert doc["conversation"]["params"] == {"temperature": 0.2}
    assert doc["messages"][1]["reasoning"] == "想" and doc["messages"][1]["cost_yuan"] == "0.00001"
    md = to_markdown(stored, archive.messages(conv.id), ExportLabels(user="用户"))
    assert md.startswith("# 导出测试") and "## 用户" in md and "```py\nprint(1)\n```" in md and "> 想" in md


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab 1\n排序算法한국語𠀀\u3000。，") | st.characters(), max_size=60))
def test_the_character_index_splits_text_exactly_as_archives_already_indexed(text: str) -> None:
    """cjk_split was rewritten for speed; archives indexed with the first version must keep matching."""
    assert cjk_split(text) == _CJK.sub(r" \1 ", text)


def test_the_character_index_splits_a_long_answer_in_slices_with_the_same_result() -> None:
    rnd = random.Random(3)
    alphabet = "排序算法 ab\n한국語𠀀。1"
    text = "".join(rnd.choice(alphabet) for _ in range(3 * 4096 + 17))
    assert cjk_split(text) == _CJK.sub(r" \1 ", text)


def test_streaming_answers_are_searchable_once_finished_and_gone_once_deleted(archive: Archive) -> None:
    conv = archive.create_conversation("t", "m")
    _, answer = archive.begin_turn(conv.id, "问", "m")
    archive.update_streaming(answer.id, "鲸鱼是哺乳动物", "")
    assert archive.search("鲸鱼") == [] and archive.search("哺乳动物") == []  # not indexed mid-stream
    archive.finish_message(replace(answer, status=MessageStatus.DONE, content="鲸鱼是哺乳动物", reasoning=""))
    assert [h.message_id for h in archive.search("鲸鱼")] == [answer.id]  # two characters, via the index
    assert [h.message_id for h in archive.search("鲸")] == [answer.id]
    assert [h.message_id for h in archive.search("哺乳动物")] == [answer.id]
    archive.delete_conversation(conv.id)
    assert archive.search("鲸鱼") == [] and archive.search("哺乳动物") == []


@pytest.mark.parametrize("query", ["长江", "长江大桥", "Go"])
def test_a_conversation_with_many_matches_does_not_hide_an_older_one(archive: Archive, query: str) -> None:
    old = archive.create_conversation("旧的", "m")
    archive.append_message(old.id, Role.USER, f"很久以前提到 {query} 一次")
    busy = archive.create_conversation("新的", "m")
    archive.append_many(busy.id, [(Role.USER, f"第{i}次说 {query}") for i in range(900)])
    found = [h.conversation_id for h in archive.search(query)]
    assert found == [busy.id, old.id]  # newest first, each once, the older one still there


@pytest.mark.parametrize("query", ["\x00", "a\x00b", "\ud800", "排\udfff序", "\x1b[31m"])
def test_queries_with_nul_control_characters_or_lone_surrogates_never_raise(archive: Archive, query: str) -> None:
    conv = archive.create_conversation("排序", "m")
    archive.append_message(conv.id, Role.USER, "排序算法")
    hits = archive.search(query)
    assert all(h.conversation_id == conv.id for h in hits)


async def test_a_long_answer_is_indexed_from_the_split_made_ahead(archive: Archive) -> None:
    """A finished answer's per-character split is made on the loop's thread, in slices (a slice boundary
    may fall between two Chinese characters), and the worker's write takes it instead of splitting again:
    one- and two-character searches find the answer exactly as if the trigger had split it."""
    text = (
        ("x" * 4095 + "排序") + "算法 quorum " * 3000 + "尾巴\ud800"
    )  # "排" ends the first slice, "序" starts the next
    encoded = await encode_ahead(text)
    stored = text.replace("\ud800", "\ufffd")  # a lone surrogate is stored as U+FFFD, as by every write
    assert encoded == Encoded(stored.encode(), cjk_split(stored).encode())
    conv = archive.create_conversation("长回答", "hunyuan-lite")
    _, answer = archive.begin_turn(conv.id, "问", "hunyuan-lite")
    await archive.afinish_message(replace(answer, status=MessageStatus.DONE, content=text))
    assert archive._db.ahead == {}  # taken by the trigger, nothing left behind
    assert archive.message(answer.id).content == stored  # type: ignore[union-attr]  # as text, not bytes
    assert archive._db.read("SELECT typeof(content) FROM messages WHERE id = ?", (answer.id,)).rows == [("text",)]
    for query in ("排序", "尾巴", "尾", "算法"):
        assert [h.message_id for h in archive.search(query)] == [answer.id], query
    assert [h.message_id for h in archive.search("序算")] == [answer.id]  # adjacent across a slice boundary
    assert archive.search("巴排") == []  # never adjacent in the text
    # The trigger takes what it is handed (proof that the worker did not split the text itself).
    _, other = archive.begin_turn(conv.id, "再问", "hunyuan-lite")
    archive.finish_message(replace(other, status=MessageStatus.DONE), Encoded("别的".encode(), "鲸 鱼".encode()))
    assert [h.message_id for h in archive.search("鲸鱼")] == [other.id]
    assert archive.message(other.id).content == "别的"  # type: ignore[union-attr]


def test_the_gui_thread_reads_while_a_worker_holds_the_writer(archive: Archive) -> None:
    """Switching conversation, a list refresh and a search do not wait for a worker's write (they waited
    1.55 s and 3.0 s behind a 10 MB answer when one connection served both behind one lock)."""
    conv = archive.create_conversation("在写", "hunyuan-lite")
    archive.append_many(conv.id, [(Role.USER, "排序算法"), (Role.ASSISTANT, "快速排序")])
    holding, release = threading.Event(), threading.Event()

    def long_write() -> None:
        with archive._db.transaction():  # the writer's lock and an open write transaction, as a long write has
            archive._db.execute("UPDATE conversations SET title = '改了' WHERE id = ?", (conv.id,))
            holding.set()
            release.wait(30)

    worker = threading.Thread(target=long_write)
    worker.start()
    try:
        assert holding.wait(10)
        # Answered now, while the write is still open (a read that waited would never return: the worker
        # lets go only after these): the last committed state, not the write in progress.
        assert [m.content for m in archive.messages(conv.id)] == ["排序算法", "快速排序"]
        assert [c.title for c in archive.conversations()] == ["在写"]
        assert [h.conversation_id for h in archive.search("排序")] == [conv.id]
        assert worker.is_alive()
    finally:
        release.set()
        worker.join(10)
    assert [c.title for c in archive.conversations()] == ["改了"]


def test_a_failed_read_is_a_store_error_the_window_can_explain(archive: Archive) -> None:
    """Read paths translate SQLite's errors too (the controller's ``except StoreError`` could never run)."""
    archive._db.execute("DROP TABLE presets")
    with pytest.raises(StoreError):
        archive.presets()
    with pytest.raises(StoreError):
        archive._db.read("SELECT * FROM no_such_table")
