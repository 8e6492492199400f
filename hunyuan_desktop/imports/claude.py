"""Claude's data export (claude.ai → Settings → Export data): a zip, its folder or ``conversations.json``, a
list of conversations with ``chat_messages`` (``sender`` "human" or "assistant", ``text`` or ``content``
parts). A message's attachments carry their ``extracted_content``: it is kept as a file attachment's text.
Newer exports name each message's parent (``parent_message_uuid``): edits and retries become versions;
older ones are one line of messages."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hunyuan_desktop.domain import Attachment, AttachmentKind, Conversation, Message, MessageStatus, Role
from hunyuan_desktop.imports.chatgpt import Export, Found, items
from hunyuan_desktop.store.export import clean_text

SOURCE = "claude"


def looks_like(doc: object) -> bool:
    return isinstance(doc, list) and bool(doc) and isinstance(doc[0], dict) and "chat_messages" in doc[0]


def read(path: Path, model: str) -> Iterator[Found]:
    export = Export(path)
    try:
        names = [n for n in export.names if n.rsplit("/", 1)[-1] == "conversations.json"] or export.shards()
        if not names:
            raise ValueError("no conversations.json in it")
        found_any = False
        for raw in items(export, names[0]):  # one conversation at a time, as the file is read
            if not found_any and not looks_like([raw]):
                break
            found_any = True
            found = _conversation(raw, model)
            if found is not None:
                yield found
        if not found_any:
            raise ValueError("not a Claude export")
    finally:
        export.close()


def _time(value: object, fallback: float) -> float:
    if isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return fallback
    return fallback


def _text(raw: dict[str, Any]) -> str:
    parts = raw.get("content")
    if isinstance(parts, list):
        texts = [clean_text(p.get("text")) for p in parts if isinstance(p, dict) and p.get("type") == "text"]
        if any(texts):
            return "\n\n".join(t for t in texts if t)
    return clean_text(raw.get("text")) if isinstance(raw.get("text"), str) else ""


def _conversation(raw: dict[str, Any], model: str) -> Found | None:
    created = _time(raw.get("created_at"), 0.0)
    blobs: dict[str, tuple[str, bytes]] = {}
    messages: list[Message] = []
    ids: dict[str, int] = {}
    previous: int | None = None
    for item in raw.get("chat_messages") or []:
        if not isinstance(item, dict):
            continue
        role = {"human": Role.USER, "assistant": Role.ASSISTANT}.get(str(item.get("sender")))
        if role is None:
            continue
        attachments = _attachments(item, blobs)
        missing = [
            f"[file not in the export: {clean_text(f['file_name'])}]"
            for f in item.get("files") or []
            if isinstance(f, dict) and isinstance(f.get("file_name"), str)
        ]
        text = "\n".join(t for t in (_text(item), *missing) if t)
        if not text.strip() and not attachments:
            continue
        parent_uuid = item.get("parent_message_uuid")
        parent = ids.get(parent_uuid, previous) if isinstance(parent_uuid, str) else previous
        when = _time(item.get("created_at"), created)
        thinking = [
            clean_text(p.get("thinking") or p.get("text") or "")
            for p in item.get("content") or []
            if isinstance(p, dict) and p.get("type") == "thinking"
        ]
        message = Message(
            id=len(messages) + 1, conversation_id=0, role=role, content=text, status=MessageStatus.DONE,
            reasoning="\n\n".join(t for t in thinking if t),
            parent_id=parent, created_at=when, updated_at=_time(item.get("updated_at"), when),
            attachments=tuple(attachments),
        )  # fmt: skip
        messages.append(message)
        if isinstance(item.get("uuid"), str):
            ids[item["uuid"]] = message.id
        previous = message.id
    if not messages:
        return None
    first = next((m.content for m in messages if m.role is Role.USER), "")
    title = clean_text(raw.get("name")).strip() if isinstance(raw.get("name"), str) else ""
    conversation = Conversation(
        id=0, title=title or " ".join(first.split())[:50] or "Claude", model=model,
        created_at=created or messages[0].created_at, updated_at=_time(raw.get("updated_at"), messages[-1].created_at),
    )  # fmt: skip
    original = str(raw.get("uuid") or f"{conversation.title}@{created}")
    return Found(original, conversation, messages, messages[-1].id, blobs)


def _attachments(item: dict[str, Any], blobs: dict[str, tuple[str, bytes]]) -> list[Attachment]:
    """Attachments with their extracted text (a file's name alone, as Claude exports images, is said in
    the text instead: the image itself is not in the export)."""
    out: list[Attachment] = []
    for a in item.get("attachments") or []:
        if not isinstance(a, dict) or not isinstance(a.get("extracted_content"), str):
            continue
        data = clean_text(a["extracted_content"]).encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        blobs[digest] = ("text/plain", data)
        name = clean_text(a.get("file_name")) if isinstance(a.get("file_name"), str) else "attachment.txt"
        out.append(Attachment(AttachmentKind.FILE, name or "attachment.txt", "text/plain", digest, len(data),
                              chars=len(data.decode("utf-8"))))  # fmt: skip
    return out
