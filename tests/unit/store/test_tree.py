"""The archive as a tree (issue 12): the migration of an archive written by the linear code (schema 5),
branches and versions, deletion, and the JSON export that round-trips every branch."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from hunyuan_desktop.chat.conversations import Conversations, ExportFormat
from hunyuan_desktop.domain import ErrorSource, FailureKind, FinishReason, MessageStatus, Usage
from hunyuan_desktop.store.archive import Archive
from hunyuan_desktop.store.export import NotAnExportError, from_json

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "archive-v5.sqlite3"
COLUMNS = (
    "id, conversation_id, role, content, reasoning, status, error, error_kind, error_source, model, "
    "prompt_tokens, completion_tokens, total_tokens, reasoning_tokens, cost, finish_reason, created_at, updated_at"
)


def test_the_tree_migration_keeps_every_message_and_every_conversation_reads_as_before(tmp_path: Path) -> None:
    """The fixture was written by the code before the tree (scripts/make_v5_fixture.py): a retry beside a
    failed answer, a stopped answer, imported rows without parents, a deleted message."""
    path = tmp_path / "archive.sqlite3"
    shutil.copy(FIXTURE, path)
    old = sqlite3.connect(path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 5
    before = old.execute(f"SELECT {COLUMNS} FROM messages ORDER BY id").fetchall()
    conversations = old.execute("SELECT id, title, pinned FROM conversations ORDER BY id").fetchall()
    old.close()

    archive = Archive.open(path)
    try:
        backups = list(tmp_path.glob("archive.sqlite3.before-m006_message_tree-*"))
        assert len(backups) == 1  # a backup first
        backup = sqlite3.connect(backups[0])
        assert backup.execute(f"SELECT {COLUMNS} FROM messages ORDER BY id").fetchall() == before
        backup.close()
        after = archive._db.execute(f"SELECT {COLUMNS} FROM messages ORDER BY id").rows
        assert [tuple(r) for r in after] == before  # every message, every field
        for cid, title, pinned in conversations:
            conv = archive.conversation(cid)
            assert conv is not None and (conv.title, conv.pinned) == (title, bool(pinned))
            linear = [r[0] for r in before if r[1] == cid]
            # What the linear code showed (every message in id order) is the current branch now.
            assert [m.id for m in archive.thread(cid).messages] == linear
            assert archive.thread(cid).versions == {}
        # The next question follows the end of the branch, and its request carries the whole branch.
        user, reply = archive.begin_turn(1, "还有吗？", "hunyuan-turbos-latest")
        assert user is not None and reply.parent_id == user.id
        assert [m.id for m in archive.path_to(user.id)] == [*[r[0] for r in before if r[1] == 1], user.id]
    finally:
        archive.close()


def answer(archive: Archive, cid: int, text: str | None, reply: str, **kw: object) -> tuple[int | None, int]:
    user, ans = archive.begin_turn(cid, text, "m", **kw)  # type: ignore[arg-type]
    archive.finish_message(replace(ans, status=MessageStatus.DONE, content=reply, reasoning="", cost=Decimal("0.001")))
    return (user.id if user else None), ans.id


def test_versions_switching_and_deleting(tmp_path: Path) -> None:
    archive = Archive.open(tmp_path / "a.sqlite3")
    try:
        cid = archive.create_conversation("t", "m").id
        q1, a1 = answer(archive, cid, "q1", "a1")
        q2, _ = answer(archive, cid, "q2", "a2")
        assert q1 is not None and q2 is not None
        _, a1b = answer(archive, cid, None, "a1b", parent_id=q1)  # regenerate the first answer
        thread = archive.thread(cid)
        assert [m.content for m in thread.messages] == ["q1", "a1b"]
        assert thread.version(a1b) == (2, 2)
        archive.select_version(a1)  # back to the old version: down to its newest leaf
        assert [m.content for m in archive.thread(cid).messages] == ["q1", "a1", "q2", "a2"]
        q1b, _ = answer(archive, cid, "q1 edited", "a1c", root=True)  # edit the first question
        assert archive.thread(cid).version(q1b or 0) == (2, 2)
        assert [m.content for m in archive.path_to(archive.thread(cid).messages[-1].id)] == ["q1 edited", "a1c"]
        archive.delete_branch(q1b or 0)
        assert [m.content for m in archive.thread(cid).messages] == ["q1", "a1b"]  # the newest other version
        archive.delete_branch(a1b)
        assert [m.content for m in archive.thread(cid).messages] == ["q1", "a1", "q2", "a2"]
        archive.delete_message(q2)  # one message: what followed it stays
        assert [m.content for m in archive.thread(cid).messages] == ["q1", "a1", "a2"]
        assert archive.conversation_cost(cid) == Decimal("0.002")  # a1 and a2 left
    finally:
        archive.close()


def test_the_json_export_round_trips_every_branch(tmp_path: Path) -> None:
    source = Archive.open(tmp_path / "a.sqlite3")
    target = Archive.open(tmp_path / "b.sqlite3")
    try:
        cid = source.create_conversation("分支", "hunyuan-lite", system_prompt="简洁").id
        source.set_pinned(cid, True)
        q1, a1 = answer(source, cid, "问一", "答一")
        _, cut = source.begin_turn(cid, "问二", "m")
        source.finish_message(replace(cut, status=MessageStatus.DONE, content="答二前半", reasoning="想",
                              usage=Usage(5, 6, 11), cost=Decimal("0.000123"),
                              finish_reason=FinishReason.LENGTH))  # fmt: skip
        _, more = source.begin_turn(cid, None, "m", parent_id=cut.id, continues=True)
        source.finish_message(replace(more, status=MessageStatus.ERROR, content="后半", reasoning="",
                              error="服务器繁忙", error_kind=FailureKind.SERVER,
                              error_source=ErrorSource.SERVER))  # fmt: skip
        answer(source, cid, None, "答一乙", parent_id=q1)  # a second version of the first answer...
        source.select_version(a1)  # ...while the first version's branch is the current one
        source.set_auto_title(cid, "自动标题", Decimal("0.00001"))
        exported = Conversations(source).export(cid, ExportFormat.JSON)
        assert exported is not None
        copy = target.import_conversation(*from_json(exported))

        def comparable(archive: Archive, conversation_id: int) -> object:
            messages = archive.messages(conversation_id)
            index = {m.id: i for i, m in enumerate(messages)}
            fields = [
                (m.role, m.content, m.reasoning, m.status, m.error, m.error_kind, m.error_source, m.model, m.usage,
                 m.cost, m.finish_reason, m.created_at, m.continues, index.get(m.parent_id or -1))
                for m in messages
            ]  # fmt: skip
            conv = archive.conversation(conversation_id)
            assert conv is not None
            branch = [index[m.id] for m in archive.thread(conversation_id).messages]
            settings = (conv.title, conv.model, conv.params, conv.system_prompt, conv.pinned, conv.created_at)
            return fields, branch, settings, conv.title_cost, archive.conversation_cost(conversation_id)

        assert comparable(target, copy.id) == comparable(source, cid)
        assert Conversations(target).export(copy.id, ExportFormat.JSON) is not None
    finally:
        source.close()
        target.close()


@pytest.mark.parametrize(
    "text",
    ["not json", "[]", '{"format": "something else"}', '{"format": "hunyuan-desktop/conversation@2", "messages": 3}',
     '{"format": "hunyuan-desktop/conversation@2", "conversation": {}, "messages": [{"id": 1, "role": "robot"}]}'],
)  # fmt: skip
def test_a_file_that_is_not_our_export_is_refused_and_nothing_is_written(tmp_path: Path, text: str) -> None:
    archive = Archive.open(tmp_path / "a.sqlite3")
    try:
        with pytest.raises(NotAnExportError):
            archive.import_conversation(*from_json(text))
        assert archive.conversations() == []
    finally:
        archive.close()


def test_a_manual_rename_wins_over_the_automatic_title_and_its_cost_counts(tmp_path: Path) -> None:
    archive = Archive.open(tmp_path / "a.sqlite3")
    try:
        cid = archive.create_conversation("新对话", "m").id
        assert archive.set_auto_title(cid, "自动", Decimal("0.0001"))
        archive.rename(cid, "我的标题")
        assert not archive.set_auto_title(cid, "又一个自动", Decimal("0.0002"))
        conv = archive.conversation(cid)
        assert conv is not None and conv.title == "我的标题" and conv.title_manual
        assert archive.conversation_cost(cid) == Decimal("0.0003")
    finally:
        archive.close()
