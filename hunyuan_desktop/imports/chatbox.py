"""Chatbox's exported data (``chatbox-exported-data-*.json``): ``chat-sessions-list`` and one
``session:<id>`` per session, its messages (``contentParts``, or the older ``content`` string) and its
earlier threads (a "new thread" in Chatbox: each becomes a conversation of its own). A first system message
is the system prompt; reasoning parts are kept as reasoning; images are referenced by a storage key Chatbox
does not export, so the message says one is missing. Times in seconds or milliseconds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hunyuan_desktop.domain import Conversation, Message, MessageStatus, Role
from hunyuan_desktop.imports.chatgpt import Found
from hunyuan_desktop.store.export import clean_text

SOURCE = "chatbox"


def looks_like(doc: object) -> bool:
    return isinstance(doc, dict) and isinstance(doc.get("chat-sessions-list"), list)


def read(path: Path, model: str) -> Iterator[Found]:
    doc = json.loads(path.read_bytes())
    if not looks_like(doc):
        raise ValueError("not a Chatbox export")
    for entry in doc["chat-sessions-list"]:
        if not isinstance(entry, dict):
            continue
        session = doc.get(f"session:{entry.get('id')}")
        if not isinstance(session, dict):
            continue
        name = _text(session.get("name")) or _text(entry.get("name")) or "Chatbox"
        for thread in session.get("threads") or []:
            if isinstance(thread, dict):
                title = f"{name} · {_text(thread.get('name'))}".rstrip(" ·")
                found = _conversation(f"{session.get('id')}/{thread.get('id')}", title, thread.get("messages"), model)
                if found is not None:
                    yield found
        found = _conversation(str(session.get("id")), name, session.get("messages"), model)
        if found is not None:
            yield found


def _text(value: object) -> str:
    return " ".join(clean_text(value).split()) if isinstance(value, str) else ""


def _seconds(value: object, fallback: float) -> float:
    if not isinstance(value, int | float) or value <= 0:
        return fallback
    return float(value) / 1000 if value > 1e11 else float(value)


def _conversation(original: str, title: str, raw_messages: object, model: str) -> Found | None:
    messages: list[Message] = []
    system_prompt = ""
    for raw in raw_messages if isinstance(raw_messages, list) else []:
        if not isinstance(raw, dict):
            continue
        text, reasoning = _content(raw)
        role = {"user": Role.USER, "assistant": Role.ASSISTANT}.get(str(raw.get("role")))
        if raw.get("role") == "system" and not messages and not system_prompt:
            system_prompt = text
            continue
        if role is None or not (text.strip() or reasoning.strip()):
            continue
        when = _seconds(raw.get("timestamp"), messages[-1].created_at if messages else 0.0)
        message = Message(
                id=len(messages) + 1,
                conversation_id=0,
                role=role,
                content=text,
                reasoning=reasoning,
                status=MessageStatus.DONE,
                model=_text(raw.get("model")) if role is Role.ASSISTANT else "",
                parent_id=messages[-1].id if messages else None,
                created_at=when,
                updated_at=when,
        )  # fmt: skip
        messages.append(message)
    if not messages:
        return None
    created = messages[0].created_at
    conversation = Conversation(
        id=0, title=title, model=model, system_prompt=system_prompt, created_at=created,
        updated_at=messages[-1].created_at,
    )  # fmt: skip
    return Found(original, conversation, messages, messages[-1].id, {})


def _content(raw: dict[str, Any]) -> tuple[str, str]:
    """(text, reasoning) of a message, from ``contentParts`` or the older ``content`` and ``pictures``."""
    parts = raw.get("contentParts")
    texts: list[str] = []
    reasoning: list[str] = []
    if isinstance(parts, list):
        for part in parts:
            if not isinstance(part, dict):
                continue
            kind = part.get("type")
            if kind == "text" and isinstance(part.get("text"), str):
                texts.append(clean_text(part["text"]))
            elif kind == "reasoning" and isinstance(part.get("text"), str):
                reasoning.append(clean_text(part["text"]))
            elif kind == "image":
                texts.append("[image not in the export]")
    else:
        if isinstance(raw.get("content"), str):
            texts.append(clean_text(raw["content"]))
        texts += ["[image not in the export]" for _ in raw.get("pictures") or []]
    return "\n\n".join(t for t in texts if t), "\n\n".join(r for r in reasoning if r)
