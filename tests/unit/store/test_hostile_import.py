"""Hostile imports (issue 20): every broken file is refused with what is wrong, nothing is half-stored, and
what a database cannot hold (lone surrogates) or a window cannot use (parameters out of range) never gets in
silently."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hunyuan_desktop.chat.conversations import Conversations
from hunyuan_desktop.chat.presets import Presets
from hunyuan_desktop.domain import Params, Role
from hunyuan_desktop.store.archive import ARCHIVE_NAME, Archive
from hunyuan_desktop.store.export import EXPORT_FORMAT, PRESETS_FORMAT, NotAnExportError, to_json


def export(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "conversation": {"title": "t", "model": "hunyuan-lite", "params": {}, "created_at": 1.7e9, "tip_id": 2},
        "messages": [
            {"id": 1, "parent_id": None, "role": "user", "content": "问", "created_at": 1.7e9},
            {"id": 2, "parent_id": 1, "role": "assistant", "content": "答", "created_at": 1.7e9},
        ],
    }
    for path, value in changes.items():
        target: Any = doc
        *parts, last = path.split(".")
        for part in parts:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value
    return doc


def dumps(doc: object) -> str:
    return json.dumps(doc, ensure_ascii=False)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


HOSTILE: list[tuple[str, str]] = [
    ("deep nesting", dumps(export()).replace('"params": {}', '"params": ' + nested(1000))),
    ("deep nesting everywhere", nested(100_000)),
    ("an id of 1e400", dumps(export()).replace('"id": 1,', '"id": 1e400,')),
    ("an id too large", dumps(export(**{"messages.0.id": 2**70}))),
    ("usage past 2^63", dumps(export(**{"messages.1.usage": {"total_tokens": 18446744073709551617}}))),
    (
        "usage of 1e400",
        dumps(export()).replace('"content": "答"', '"content": "答", "usage": {"total_tokens": 1e400}'),
    ),
    ("an infinite temperature", dumps(export()).replace('"params": {}', '"params": {"temperature": Infinity}')),
    ("a temperature of 1e300", dumps(export(**{"conversation.params": {"temperature": 1e300}}))),
    ("max_tokens of 1e30", dumps(export(**{"conversation.params": {"max_tokens": 1e30}}))),
    ("max_tokens of 2^31", dumps(export(**{"conversation.params": {"max_tokens": 2**31}}))),
    ("a time of 1e300", dumps(export(**{"conversation.created_at": 1e300}))),
    ("a time of -1e300", dumps(export(**{"messages.0.created_at": -1e300}))),
    ("an infinite time", dumps(export()).replace('"created_at": 1700000000.0,', '"created_at": Infinity,', 1)),
    ("an unknown role", dumps(export(**{"messages.0.role": "tool"}))),
    ("text that is a number", dumps(export(**{"messages.0.content": 5}))),
    ("not JSON", "{"),
    ("not ours", json.dumps({"hello": 1})),
]


@pytest.mark.parametrize(("what", "text"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_broken_export_is_refused_with_a_reason_and_nothing_is_stored(tmp_path: Path, what: str, text: str) -> None:
    archive = Archive.open(tmp_path / ARCHIVE_NAME)
    with pytest.raises(NotAnExportError) as caught:
        Conversations(archive).import_json(text)
    assert str(caught.value)  # a reason the window shows
    assert archive.conversations() == [] and archive.integrity_ok()
    archive.close()


def test_lone_surrogates_are_imported_as_replacement_characters(tmp_path: Path) -> None:
    text = dumps(export(**{"conversation.title": "好\ud800", "messages.1.content": "答\udfff了"}))
    archive = Archive.open(tmp_path / ARCHIVE_NAME)
    conv = Conversations(archive).import_json(text)
    assert conv.title == "好\ufffd"
    assert [m.content for m in archive.thread(conv.id).messages] == ["问", "答\ufffd了"]
    archive.close()


def test_our_own_export_still_round_trips_exactly(tmp_path: Path) -> None:
    archive = Archive.open(tmp_path / ARCHIVE_NAME)
    conv = archive.create_conversation("往返", "hunyuan-lite", Params(temperature=0.7, max_tokens=2048), "系统")
    archive.append_many(conv.id, [(Role.USER, "问"), (Role.ASSISTANT, "答")])
    stored = archive.conversation(conv.id)
    assert stored is not None
    text = to_json(stored, archive.messages(conv.id), archive.thread(conv.id).messages[-1].id)
    copy = Conversations(archive).import_json(text)
    assert copy.params == stored.params and copy.system_prompt == "系统" and copy.created_at == stored.created_at
    assert [m.content for m in archive.thread(copy.id).messages] == ["问", "答"]
    archive.close()


def test_a_presets_file_is_stored_whole_or_not_at_all(tmp_path: Path) -> None:
    archive = Archive.open(tmp_path / ARCHIVE_NAME)
    presets = Presets(archive, list)
    bad = json.dumps(
        {"format": PRESETS_FORMAT, "presets": [{"name": "first ok"}, {"name": "second", "params": {"top_p": 7}}]}
    )
    with pytest.raises(NotAnExportError, match="preset 2"):
        presets.import_json(bad)
    assert archive.presets() == []
    deep = '{"format": "' + PRESETS_FORMAT + '", "presets": [{"name": "x", "params": ' + nested(2000) + "}]}"
    with pytest.raises(NotAnExportError):
        presets.import_json(deep)
    good = json.dumps({"format": PRESETS_FORMAT, "presets": [{"name": "一\ud800"}, {"name": "二"}]})
    assert [p.name for p in presets.import_json(good)] == ["一\ufffd", "二"]
    assert len(archive.presets()) == 2
    archive.close()
