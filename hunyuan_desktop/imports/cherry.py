"""Cherry Studio's backups up to v5: ``data.json`` (alone, or in the backup's zip) holding
``{time, version, localStorage: {"persist:cherry-studio": …}, indexedDB: {topics, message_blocks, …}}``.

Each topic is a conversation. Its name, its times and its pin live in the redux-persist string of
``localStorage`` (the ``assistants`` slice, itself a JSON string: assistants → topics); the assistant's
``prompt`` is the system prompt. A message's text is its own ``content`` (before v5's blocks) or its
``main_text`` blocks (``indexedDB.message_blocks``), its reasoning the ``thinking`` blocks; an answer's
``askId`` names the question it answers, so several answers to one question (a regenerate, several models)
become versions. Images and files live outside ``data.json``: the message says one is missing. v6 backups
are Chromium's own database folders, which no other program reads: Cherry's Markdown or JSON export then."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hunyuan_desktop.domain import Conversation, Message, MessageStatus, Role
from hunyuan_desktop.imports.chatgpt import Export, Found, as_dict, as_text

SOURCE = "cherry"
NAME = "data.json"  # the file inside a backup zip


def looks_like(doc: object) -> bool:
    return isinstance(doc, dict) and isinstance(doc.get("indexedDB"), dict) and "localStorage" in doc


def read(path: Path, model: str) -> Iterator[Found]:
    export = Export(path)
    try:
        name = next((n for n in export.names if n.rsplit("/", 1)[-1] == NAME), export.names[0])
        doc = json.loads(export.read(name))
    finally:
        export.close()
    if not looks_like(doc):
        raise ValueError("not a Cherry Studio backup")
    if isinstance(doc.get("version"), int) and doc["version"] > 5:
        raise ValueError("a Cherry Studio v6 backup: export the conversations from Cherry Studio as JSON instead")
    database = doc["indexedDB"]
    blocks: dict[str, list[dict[str, Any]]] = {}
    for block in database.get("message_blocks") or []:
        if isinstance(block, dict):
            blocks.setdefault(str(block.get("messageId")), []).append(block)
    about = _topics(doc.get("localStorage"))
    for raw_topic in database.get("topics") or []:
        topic = as_dict(raw_topic)
        info, prompt = about.get(str(topic.get("id")), ({}, ""))
        found = _conversation(topic, info, prompt, blocks, model)
        if found is not None:
            yield found


def _topics(storage: object) -> dict[str, tuple[dict[str, Any], str]]:
    """Each topic's own fields (name, times, pin) and its assistant's prompt, from the redux-persist
    strings; empty where they cannot be read (the messages are imported all the same)."""
    out: dict[str, tuple[dict[str, Any], str]] = {}
    try:
        persisted = json.loads(as_dict(storage).get("persist:cherry-studio") or "{}")
        assistants = json.loads(as_dict(persisted).get("assistants") or "{}")
    except (TypeError, ValueError):
        return out
    for raw_assistant in as_dict(assistants).get("assistants") or []:
        assistant = as_dict(raw_assistant)
        prompt = as_text(assistant.get("prompt"))
        for raw_topic in assistant.get("topics") or []:
            topic = as_dict(raw_topic)
            out[str(topic.get("id"))] = (topic, prompt)
    return out


def _when(value: object, fallback: float = 0.0) -> float:
    if isinstance(value, int | float) and value > 0:
        return float(value) / 1000 if value > 1e11 else float(value)
    if isinstance(value, str) and value:
        try:
            stamp = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return fallback
        return stamp.timestamp() if stamp.tzinfo else stamp.replace(tzinfo=datetime.UTC).timestamp()
    return fallback


def _texts(raw: dict[str, Any], blocks: list[dict[str, Any]]) -> tuple[str, str]:
    """(text, reasoning) of one message: its own content, or its blocks in order."""
    if isinstance(raw.get("content"), str) and raw["content"].strip():
        return as_text(raw["content"]), as_text(raw.get("reasoning_content"))
    texts: list[str] = []
    reasoning: list[str] = []
    for block in sorted(blocks, key=lambda b: _when(b.get("createdAt"))):
        kind = block.get("type")
        if kind in {"main_text", "code"}:
            texts.append(as_text(block.get("content")))
        elif kind == "thinking":
            reasoning.append(as_text(block.get("content")))
        elif kind in ("image", "file"):
            name = as_text(as_dict(block.get("file")).get("origin_name")) or as_text(block.get("url"))
            texts.append(f"[{kind} not in the export: {name}]" if name else f"[{kind} not in the export]")
    return "\n\n".join(t for t in texts if t), "\n\n".join(r for r in reasoning if r)


def _conversation(
    topic: dict[str, Any], info: dict[str, Any], prompt: str, blocks: dict[str, list[dict[str, Any]]], model: str
) -> Found | None:
    raws = [as_dict(r) for r in topic.get("messages") or []]
    raws.sort(key=lambda r: _when(r.get("createdAt")))
    ids: dict[str, int] = {}
    messages: list[Message] = []
    last_question: int | None = None
    for raw in raws:
        role = {"user": Role.USER, "assistant": Role.ASSISTANT}.get(str(raw.get("role")))
        text, reasoning = _texts(raw, blocks.get(str(raw.get("id")), []))
        if role is None or not (text.strip() or reasoning.strip()):
            continue
        ask = ids.get(str(raw.get("askId"))) if role is Role.ASSISTANT else None
        parent = ask if ask is not None else (last_question if role is Role.ASSISTANT and last_question else None)
        if parent is None and messages:
            parent = messages[-1].id
        when = _when(raw.get("createdAt"))
        used = as_dict(raw.get("model"))
        slug = as_text(used.get("id")) or as_text(raw.get("modelId"))
        message = Message(
            id=len(messages) + 1, conversation_id=0, role=role, content=text, reasoning=reasoning,
            status=MessageStatus.DONE, model=slug if role is Role.ASSISTANT else "", parent_id=parent,
            created_at=when, updated_at=_when(raw.get("updatedAt"), when),
        )  # fmt: skip
        messages.append(message)
        ids[str(raw.get("id"))] = message.id
        if role is Role.USER:
            last_question = message.id
    if not messages:
        return None
    title = " ".join((as_text(info.get("name")) or as_text(topic.get("name")) or "Cherry Studio").split())
    conversation = Conversation(
        id=0, title=title, model=model, system_prompt=prompt, pinned=info.get("pinned") is True,
        created_at=_when(info.get("createdAt"), messages[0].created_at),
        updated_at=_when(info.get("updatedAt"), max(m.updated_at for m in messages)),
    )  # fmt: skip
    return Found(str(topic.get("id")), conversation, messages, messages[-1].id, {})
