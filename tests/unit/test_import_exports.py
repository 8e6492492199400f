"""Importing ChatGPT and Claude data exports from the command line (issue 25): sharded (2026) in a zip, every branch
kept, null titles named, custom instructions as the system prompt, tools and hidden messages left out,
images attached when the export has them, and the same export twice adds nothing."""

from __future__ import annotations

import datetime
import json
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

from hunyuan_desktop.boot.cli import parse_args
from hunyuan_desktop.boot.commands import run
from hunyuan_desktop.domain import AttachmentKind, Role
from hunyuan_desktop.store.archive import ARCHIVE_NAME, Archive

T0 = 1_760_000_000.0


def png(width: int = 8, height: int = 8) -> bytes:
    """A small red PNG, written by hand (no imaging library needed)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\0" + b"\xff\0\0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def node(
    nid: str,
    parent: str | None,
    children: list[str],
    role: str | None = None,
    parts: list[Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    message = None
    if role is not None:
        message = {
            "id": nid,
            "author": {"role": role},
            "create_time": T0 + len(nid),
            "content": {"content_type": extra.pop("content_type", "text"), "parts": parts or []},
            "metadata": extra.pop("metadata", {}),
            "recipient": extra.pop("recipient", "all"),
        }
        message["content"].update(extra.pop("content", {}))
    return {"id": nid, "message": message, "parent": parent, "children": children}


def chatgpt_zip(path: Path) -> Path:
    poem = {
        "id": "conv-poem",
        "conversation_id": "conv-poem",
        "title": None,  # ChatGPT leaves some titles null
        "create_time": T0,
        "update_time": T0 + 100,
        "current_node": "a2",
        "mapping": {
            "root": node("root", None, ["sys"]),
            "sys": node(
                "sys",
                "root",
                ["u1"],
                "system",
                [],
                metadata={"is_user_system_message": True},
                content={"user_instructions": "用中文回答，简洁。"},
            ),
            "u1": node("u1", "sys", ["a1", "a2"], "user", ["你好，帮我写一首关于秋天的诗"]),
            "a1": node("a1", "u1", [], "assistant", ["第一首：秋风起。"], metadata={"model_slug": "gpt-4o"}),
            "a2": node("a2", "u1", [], "assistant", ["第二首：落叶飞。"], metadata={"model_slug": "gpt-4o"}),
        },
    }
    browse = {
        "id": "conv-browse",
        "title": "Weather",
        "create_time": T0 + 200,
        "update_time": T0 + 300,
        "current_node": "final",
        "mapping": {
            "r": node("r", None, ["q"]),
            "q": node("q", "r", ["call"], "user", ["What's the weather in Shenzhen?"]),
            "call": node("call", "q", ["tool"], "assistant", ["search('weather')"], recipient="browser"),
            "tool": node("tool", "call", ["final"], "tool", ["results…"]),
            "final": node("final", "tool", [], "assistant", ["Sunny, 24 °C."], metadata={"model_slug": "gpt-4o-mini"}),
        },
    }
    picture = {
        "id": "conv-picture",
        "title": "Picture",
        "create_time": T0 + 400,
        "update_time": T0 + 500,
        "current_node": "pa",
        "mapping": {
            "pr": node("pr", None, ["pu"]),
            "pu": node(
                "pu", "pr", ["pa"], "user",
                [
                    {"content_type": "image_asset_pointer", "asset_pointer": "file-service://file-AAA"},
                    {"content_type": "image_asset_pointer", "asset_pointer": "file-service://file-GONE"},
                    "What is in these pictures?",
                ],
                content_type="multimodal_text",
            ),
            "pa": node("pa", "pu", [], "assistant", ["A red square."]),
        },
    }  # fmt: skip
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("export_manifest.json", json.dumps({"files": ["conversations-000.json", "conversations-001.json"]}))
        z.writestr("conversations-000.json", json.dumps([poem, browse]))
        z.writestr("conversations-001.json", json.dumps([picture]))
        z.writestr("file-AAA-square.png", png())
    return path


def command(data: Path, *argv: str) -> int:
    return run(parse_args(["--data-dir", str(data), *argv]))


def test_a_sharded_chatgpt_zip_keeps_branches_dates_models_and_images(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    Archive.open(data / ARCHIVE_NAME).close()
    export = chatgpt_zip(tmp_path / "chatgpt-export.zip")
    assert command(data, "import", str(export)) == 0
    assert "imported 3, skipped 0, failed 0" in capsys.readouterr().out
    archive = Archive.open(data / ARCHIVE_NAME)
    try:
        by_title = {c.title: c for c in archive.conversations()}
        poem = by_title["你好，帮我写一首关于秋天的诗"]  # a null title: the first question's start
        assert poem.system_prompt == "用中文回答，简洁。" and poem.created_at == T0
        every = archive.messages(poem.id)
        assert [m.content for m in every] == ["你好，帮我写一首关于秋天的诗", "第一首：秋风起。", "第二首：落叶飞。"]
        assert {m.model for m in every if m.role is Role.ASSISTANT} == {"gpt-4o"}
        thread = archive.thread(poem.id)
        assert thread.messages[-1].content == "第二首：落叶飞。"  # current_node: the regenerated answer shown
        assert thread.version(thread.messages[-1].id) == (2, 2)  # the first answer is the other version
        weather = archive.thread(by_title["Weather"].id).messages
        assert [(m.role, m.content) for m in weather] == [
            (Role.USER, "What's the weather in Shenzhen?"),
            (Role.ASSISTANT, "Sunny, 24 °C."),
        ]  # the tool call and the tool's output left out, the answer joined to the question
        asked = archive.thread(by_title["Picture"].id).messages[0]
        [image] = asked.attachments
        assert image.kind is AttachmentKind.IMAGE and archive.blob(image.digest) is not None
        assert "[image not in the export: file-service://file-GONE]" in asked.content
    finally:
        archive.close()
    capsys.readouterr()
    assert command(data, "search", "秋风起", "--json") == 0  # text from the branch not shown
    [hit] = json.loads(capsys.readouterr().out)["results"]
    assert hit["conversation"] == poem.id
    assert command(data, "export", str(poem.id), "--format", "json") == 0
    exported = json.loads(capsys.readouterr().out)
    assert {m["content"] for m in exported["messages"]} >= {"第一首：秋风起。", "第二首：落叶飞。"}  # both versions
    assert command(data, "import", str(export)) == 0  # the same export again
    assert "imported 0, skipped 3" in capsys.readouterr().out
    archive = Archive.open(data / ARCHIVE_NAME)
    try:
        assert len(archive.conversations()) == 3
    finally:
        archive.close()


def test_an_unpacked_folder_and_the_older_single_file_import_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    Archive.open(data / ARCHIVE_NAME).close()
    export = chatgpt_zip(tmp_path / "export.zip")
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(export) as z:
        z.extractall(folder)
    single = tmp_path / "conversations.json"
    single.write_bytes((folder / "conversations-000.json").read_bytes())
    assert command(data, "import", str(single)) == 0
    assert "imported 2" in capsys.readouterr().out
    assert command(data, "import", str(folder)) == 0  # the two from the single file are known already
    assert "imported 1, skipped 2" in capsys.readouterr().out


def test_a_claude_export_keeps_its_messages_attachments_text_and_imports_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    Archive.open(data / ARCHIVE_NAME).close()
    conversation = {
        "uuid": "c-1",
        "name": "合同审阅",
        "created_at": "2025-11-02T08:30:00.000000Z",
        "updated_at": "2025-11-02T08:35:00.000000Z",
        "chat_messages": [
            {
                "uuid": "m-1", "sender": "human", "text": "请看这份合同有什么风险？",
                "created_at": "2025-11-02T08:30:01Z",
                "attachments": [{"file_name": "合同.txt", "extracted_content": "第一条：甲方……"}],
                "files": [{"file_name": "签字页.png"}],
            },
            {
                "uuid": "m-2", "sender": "assistant", "parent_message_uuid": "m-1",
                "content": [{"type": "text", "text": "主要风险在第一条。"}], "created_at": "2025-11-02T08:30:09Z",
            },
        ],
    }  # fmt: skip
    with zipfile.ZipFile(tmp_path / "claude.zip", "w") as z:
        z.writestr("conversations.json", json.dumps([conversation]))
        z.writestr("users.json", "[]")
    assert command(data, "import", str(tmp_path / "claude.zip")) == 0
    assert "imported 1" in capsys.readouterr().out
    archive = Archive.open(data / ARCHIVE_NAME)
    try:
        [conv] = archive.conversations()
        assert conv.title == "合同审阅" and conv.created_at == 1762072200.0
        question, answer = archive.thread(conv.id).messages
        assert (
            question.content.startswith("请看这份合同有什么风险？")
            and "[file not in the export: 签字页.png]" in question.content
        )
        [contract] = question.attachments
        assert contract.kind is AttachmentKind.FILE and archive.blob(contract.digest) == "第一条：甲方……".encode()
        assert (
            answer.role is Role.ASSISTANT and answer.content == "主要风险在第一条。" and answer.parent_id == question.id
        )
    finally:
        archive.close()
    assert command(data, "import", str(tmp_path / "claude.zip")) == 0
    assert "imported 0, skipped 1" in capsys.readouterr().out


def fresh(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    Archive.open(data / ARCHIVE_NAME).close()
    return data


def test_a_chatbox_export_keeps_threads_reasoning_and_the_system_prompt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = fresh(tmp_path)
    exported = {
        "chat-sessions-list": [{"id": "s1", "name": "翻译助手"}],
        "session:s1": {
            "id": "s1",
            "name": "翻译助手",
            "messages": [
                {"id": "m0", "role": "system", "contentParts": [{"type": "text", "text": "你是翻译。"}]},
                {"id": "m1", "role": "user", "timestamp": 1_760_000_000_000,
                 "contentParts": [{"type": "text", "text": "Translate: hello"}, {"type": "image", "storageKey": "k"}]},
                {"id": "m2", "role": "assistant", "timestamp": 1_760_000_005_000, "model": "deepseek-reasoner",
                 "contentParts": [{"type": "reasoning", "text": "简单。"}, {"type": "text", "text": "你好"}]},
            ],
            "threads": [
                {"id": "t0", "name": "旧话题", "messages": [{"id": "o1", "role": "user", "content": "older question",
                                                             "timestamp": 1_750_000_000}]},
            ],
        },
    }  # fmt: skip
    path = tmp_path / "chatbox-exported-data-2026-12-01.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    assert command(data, "import", str(path)) == 0
    assert "imported 2" in capsys.readouterr().out
    archive = Archive.open(data / ARCHIVE_NAME)
    try:
        by_title = {c.title: c for c in archive.conversations()}
        main = by_title["翻译助手"]
        assert main.system_prompt == "你是翻译。" and main.created_at == 1_760_000_000.0
        question, answer = archive.thread(main.id).messages
        assert question.content == "Translate: hello\n\n[image not in the export]"
        assert (answer.content, answer.reasoning, answer.model) == ("你好", "简单。", "deepseek-reasoner")
        assert [m.content for m in archive.messages(by_title["翻译助手 · 旧话题"].id)] == ["older question"]
    finally:
        archive.close()
    assert command(data, "import", str(path)) == 0
    assert "imported 0, skipped 2" in capsys.readouterr().out


def test_a_lobechat_export_makes_a_conversation_per_topic_with_branches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = fresh(tmp_path)
    exported = {
        "exportType": "all",
        "version": 7,
        "state": {
            "sessions": [{"id": "s1", "meta": {"title": "写作"}, "config": {"systemRole": "你是编辑。"}}],
            "topics": [{"id": "t1", "title": "周报", "sessionId": "s1", "createdAt": 1_760_000_000_000}],
            "messages": [
                {"id": "a", "role": "user", "content": "帮我写周报", "sessionId": "s1", "topicId": "t1",
                 "createdAt": 1_760_000_001_000},
                {"id": "b", "role": "assistant", "content": "第一版", "parentId": "a", "sessionId": "s1",
                 "topicId": "t1", "createdAt": 1_760_000_002_000, "extra": {"fromModel": "gpt-4o-mini"}},
                {"id": "c", "role": "assistant", "content": "第二版", "parentId": "a", "sessionId": "s1",
                 "topicId": "t1", "createdAt": 1_760_000_003_000, "reasoning": {"content": "更简洁"}},
                {"id": "d", "role": "user", "content": "没有话题的问题", "sessionId": "s1",
                 "createdAt": 1_760_000_004_000},
            ],
        },
    }  # fmt: skip
    path = tmp_path / "lobechat.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    assert command(data, "import", str(path)) == 0
    assert "imported 2" in capsys.readouterr().out
    archive = Archive.open(data / ARCHIVE_NAME)
    try:
        by_title = {c.title: c for c in archive.conversations()}
        weekly = by_title["周报"]
        assert weekly.system_prompt == "你是编辑。"
        shown = archive.thread(weekly.id).messages
        assert [m.content for m in shown] == ["帮我写周报", "第二版"] and shown[1].reasoning == "更简洁"
        assert archive.thread(weekly.id).version(shown[1].id) == (2, 2)  # the first draft is the other version
        assert [m.content for m in archive.messages(by_title["写作"].id)] == ["没有话题的问题"]
    finally:
        archive.close()


def cherry_backup(version: int = 5) -> dict[str, Any]:
    """A Cherry Studio v5 backup's data.json: one assistant with its prompt, a pinned topic named in the
    redux-persist strings, a question answered twice (a regenerate, ``askId``), blocks for text, reasoning
    and an image, and a second topic of the older kind (content on the message)."""
    assistants = {
        "assistants": [
            {
                "id": "as1",
                "name": "默认助手",
                "prompt": "你是一个严谨的助手。",
                "topics": [
                    {
                        "id": "t1",
                        "assistantId": "as1",
                        "name": "论文润色",
                        "pinned": True,
                        "createdAt": "2025-03-01T08:00:00.000Z",
                        "updatedAt": "2025-03-01T09:00:00.000Z",
                    },
                    {"id": "t2", "assistantId": "as1", "name": "旧对话", "createdAt": "2024-12-01T08:00:00.000Z"},
                ],
            },
        ]
    }
    persisted = {"assistants": json.dumps(assistants, ensure_ascii=False), "_persist": json.dumps({"version": 90})}
    return {
        "time": 1_740_000_000_000,
        "version": version,
        "localStorage": {"persist:cherry-studio": json.dumps(persisted, ensure_ascii=False)},
        "indexedDB": {
            "topics": [
                {"id": "t1", "messages": [
                    {"id": "u1", "role": "user", "topicId": "t1", "createdAt": "2025-03-01T08:00:00.000Z",
                     "blocks": ["b1", "b2"]},
                    {"id": "a1", "role": "assistant", "askId": "u1", "topicId": "t1",
                     "createdAt": "2025-03-01T08:00:05.000Z", "model": {"id": "deepseek-reasoner"},
                     "blocks": ["b3", "b4"]},
                    {"id": "a2", "role": "assistant", "askId": "u1", "topicId": "t1",
                     "createdAt": "2025-03-01T08:01:00.000Z", "modelId": "qwen-max", "blocks": ["b5"]},
                ]},
                {"id": "t2", "messages": [
                    {"id": "o1", "role": "user", "content": "older question", "createdAt": "2024-12-01T08:00:00Z"},
                    {"id": "o2", "role": "assistant", "content": "older answer", "createdAt": "2024-12-01T08:00:09Z"},
                ]},
            ],
            "message_blocks": [
                {"id": "b1", "messageId": "u1", "type": "main_text", "content": "帮我润色这段摘要。",
                 "createdAt": "2025-03-01T08:00:00.000Z"},
                {"id": "b2", "messageId": "u1", "type": "image", "file": {"origin_name": "figure1.png"},
                 "createdAt": "2025-03-01T08:00:00.001Z"},
                {"id": "b3", "messageId": "a1", "type": "thinking", "content": "先看语法。",
                 "createdAt": "2025-03-01T08:00:05.000Z"},
                {"id": "b4", "messageId": "a1", "type": "main_text", "content": "润色后的第一版。",
                 "createdAt": "2025-03-01T08:00:06.000Z"},
                {"id": "b5", "messageId": "a2", "type": "main_text", "content": "润色后的第二版。",
                 "createdAt": "2025-03-01T08:01:00.000Z"},
            ],
        },
    }  # fmt: skip


def test_a_cherry_studio_backup_keeps_topics_versions_reasoning_and_its_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = fresh(tmp_path)
    backup = tmp_path / "cherry-studio.20250301120000.desk.zip"
    with zipfile.ZipFile(backup, "w") as z:
        z.writestr("data.json", json.dumps(cherry_backup(), ensure_ascii=False))
        z.writestr("Data/Files/figure1.png", png())
    assert command(data, "import", str(backup)) == 0
    assert "imported 2" in capsys.readouterr().out
    archive = Archive.open(data / ARCHIVE_NAME)
    try:
        by_title = {c.title: c for c in archive.conversations()}
        paper = by_title["论文润色"]
        assert paper.pinned and paper.system_prompt == "你是一个严谨的助手。"
        assert paper.created_at == datetime.datetime(2025, 3, 1, 8, 0, tzinfo=datetime.UTC).timestamp()
        thread = archive.thread(paper.id)
        question, answer = thread.messages
        assert question.content == "帮我润色这段摘要。\n\n[image not in the export: figure1.png]"
        assert (answer.content, answer.model) == ("润色后的第二版。", "qwen-max")  # the newer version shown
        first = archive.message(thread.versions[answer.id][0])
        assert first is not None and (first.content, first.reasoning, first.model) == (
            "润色后的第一版。", "先看语法。", "deepseek-reasoner",
        )  # fmt: skip
        assert [m.content for m in archive.messages(by_title["旧对话"].id)] == ["older question", "older answer"]
    finally:
        archive.close()
    assert command(data, "import", str(backup)) == 0  # again: nothing added
    assert "imported 0, skipped 2" in capsys.readouterr().out
    newer = tmp_path / "data.json"
    newer.write_text(json.dumps(cherry_backup(version=6)), encoding="utf-8")
    assert command(data, "import", str(newer)) == 1  # nothing imported: a failure, said in one line
    assert "Cherry Studio v6 backup: export the conversations from Cherry Studio" in capsys.readouterr().err
