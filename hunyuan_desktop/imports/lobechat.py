"""LobeChat's export (``{exportType, version, state: {sessions, topics, messages, …}}``): each topic is a
conversation (a session's messages outside any topic make one more, named after the session), its
messages linked by ``parentId`` where the export has them (branches become versions), otherwise in time
order; the session's ``systemRole`` is the system prompt, a message's ``reasoning`` is kept, and
``extra.fromModel`` names the model that wrote an answer. Times in milliseconds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hunyuan_desktop.domain import Conversation, Message, MessageStatus, Role
from hunyuan_desktop.imports.chatgpt import Found, as_dict, as_text

SOURCE = "lobechat"


def looks_like(doc: object) -> bool:
    return isinstance(doc, dict) and "exportType" in doc and isinstance(doc.get("state"), dict)


def _seconds(value: object, fallback: float = 0.0) -> float:
    return float(value) / 1000 if isinstance(value, int | float) and value > 0 else fallback


def read(path: Path, model: str) -> Iterator[Found]:
    doc = json.loads(path.read_bytes())
    if not looks_like(doc):
        raise ValueError("not a LobeChat export")
    state = doc["state"]
    sessions = {s.get("id"): s for s in state.get("sessions") or [] if isinstance(s, dict)}
    topics = {t.get("id"): t for t in state.get("topics") or [] if isinstance(t, dict)}
    groups: dict[tuple[object, object], list[dict[str, Any]]] = {}
    for raw in state.get("messages") or []:
        if isinstance(raw, dict):
            groups.setdefault((raw.get("sessionId"), raw.get("topicId")), []).append(raw)
    for (session_id, topic_id), raws in groups.items():
        session, topic = as_dict(sessions.get(session_id)), as_dict(topics.get(topic_id))
        name = as_text(as_dict(session.get("meta")).get("title")) or (
            "LobeChat" if session_id in (None, "inbox") else ""
        )
        title = " ".join((as_text(topic.get("title")) or name or "LobeChat").split())
        prompt = as_text(as_dict(session.get("config")).get("systemRole"))
        found = _conversation(f"{session_id}/{topic_id}", title, prompt, raws, model)
        if found is not None:
            yield found


def _conversation(original: str, title: str, prompt: str, raws: list[dict[str, Any]], model: str) -> Found | None:
    raws = sorted(raws, key=lambda r: _seconds(r.get("createdAt")))
    ids: dict[object, int] = {}
    messages: list[Message] = []
    for raw in raws:
        role = {"user": Role.USER, "assistant": Role.ASSISTANT}.get(str(raw.get("role")))
        text = as_text(raw.get("content"))
        reasoning = as_text(as_dict(raw.get("reasoning")).get("content"))
        if role is None or not (text.strip() or reasoning.strip()):
            continue
        parent_ref = raw.get("parentId")
        # Linked where the export links (and the parent is kept); otherwise in time order.
        parent = ids[parent_ref] if parent_ref in ids else (messages[-1].id if messages else None)
        when = _seconds(raw.get("createdAt"))
        slug = as_dict(raw.get("extra")).get("fromModel")
        message = Message(
                id=len(messages) + 1,
                conversation_id=0,
                role=role,
                content=text,
                reasoning=reasoning,
                status=MessageStatus.DONE,
                model=slug if role is Role.ASSISTANT and isinstance(slug, str) else "",
                parent_id=parent,
                created_at=when,
                updated_at=_seconds(raw.get("updatedAt"), when),
        )  # fmt: skip
        messages.append(message)
        ids[raw.get("id")] = messages[-1].id
    if not messages:
        return None
    conversation = Conversation(
        id=0, title=title, model=model, system_prompt=prompt, created_at=messages[0].created_at,
        updated_at=max(m.updated_at for m in messages),
    )  # fmt: skip
    return Found(original, conversation, messages, messages[-1].id, {})
