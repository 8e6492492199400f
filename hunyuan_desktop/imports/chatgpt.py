"""ChatGPT's data export: a zip, its unpacked folder, or a single file; conversations in
``conversations.json`` or (2026) sharded as ``conversations-000.json``, ``-001``, … beside an
``export_manifest.json``. Each conversation is a tree (``mapping``): every branch becomes our versions
(a regenerated answer stays beside the first), ``current_node`` the branch shown; times, and the
``model_slug`` where a message has one. A null title gets the first question's start. Custom instructions
(a hidden system message written by the user) become the system prompt; other system, tool and browsing
messages and hidden ones are left out, their children joined to what came before. Images referenced by
``asset_pointer`` are attached when the file is in the export, otherwise the message says which is missing.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

import ijson

from hunyuan_desktop.domain import Attachment, AttachmentKind, Conversation, Message, MessageStatus, Role
from hunyuan_desktop.store.export import clean_text

SOURCE = "chatgpt"
_SHARD = re.compile(r"(^|/)conversations(-\d+)?\.json$")
_ASSET = re.compile(r"^(?:file-service|sediment)://(.+)$")


@dataclass
class Found:
    """One conversation read from an export, ready to store."""

    original_id: str
    conversation: Conversation
    messages: list[Message]
    tip: int | None
    blobs: dict[str, tuple[str, bytes]]


class Export:
    """The files of an export, wherever they are (a zip, a folder, one file)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip = zipfile.ZipFile(path) if zipfile.is_zipfile(path) else None
        if self._zip is not None:
            self.names = [n for n in self._zip.namelist() if not n.endswith("/")]
        elif path.is_dir():
            self.names = [p.relative_to(path).as_posix() for p in sorted(path.rglob("*")) if p.is_file()]
        else:
            self.names = [path.name]

    def read(self, name: str) -> bytes:
        if self._zip is not None:
            return self._zip.read(name)
        return (self.path / name).read_bytes() if self.path.is_dir() else self.path.read_bytes()

    def open(self, name: str) -> IO[bytes]:
        """One file of the export to read as a stream (a 100 MB conversations file is never whole in memory)."""
        if self._zip is not None:
            return self._zip.open(name)
        return (self.path / name).open("rb") if self.path.is_dir() else self.path.open("rb")

    def shards(self) -> list[str]:
        return sorted(n for n in self.names if _SHARD.search(n) or (n == self.path.name and n.endswith(".json")))

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def looks_like(doc: object) -> bool:
    """A ChatGPT conversations file: a list of conversations with a ``mapping`` tree."""
    return isinstance(doc, list) and bool(doc) and isinstance(doc[0], dict) and "mapping" in doc[0]


def read(path: Path, model: str) -> Iterator[Found]:
    """Every conversation of the export at ``path``; ``model``: the conversation's model from now on (the
    app's default: ChatGPT's models are not ours to call; each message keeps the name of the one that wrote
    it). Each shard is read as a stream, one conversation at a time. Raises ValueError when ``path`` holds
    no ChatGPT conversations."""
    export = Export(path)
    try:
        shards = export.shards()
        if not shards:
            raise ValueError("no conversations.json in it")
        for name in shards:
            found_any = False
            for raw in items(export, name):
                if not found_any and not looks_like([raw]):
                    break  # another file of the export (a manifest, a user file): not conversations
                found_any = True
                found = _conversation(raw, export, model)
                if found is not None:
                    yield found
            if not found_any and name == shards[0] and len(shards) == 1:
                raise ValueError("not a ChatGPT export")
    finally:
        export.close()


def items(export: Export, name: str) -> Iterator[dict[str, Any]]:
    """The objects of a JSON list, one at a time, as they are read (ijson's C parser; ``json.loads`` held a
    100 MB file whole, ten times its size in objects). Nothing for a file whose top level is no list;
    ValueError for a damaged one."""
    with export.open(name) as stream:
        try:
            for raw in ijson.items(stream, "item", use_float=True):
                if isinstance(raw, dict):
                    yield raw
        except ijson.JSONError as exc:
            raise ValueError(f"{name} is not valid JSON ({exc})") from exc


def as_dict(value: object) -> dict[str, Any]:
    """``value`` if a JSON object, else an empty one (a damaged export's field)."""
    return value if isinstance(value, dict) else {}


def as_text(value: object) -> str:
    """``value`` cleaned if a string, else "" (a damaged export's field)."""
    return clean_text(value) if isinstance(value, str) else ""


def _time(value: object, fallback: float) -> float:
    return float(value) if isinstance(value, int | float) and 0 < value < 4e9 else fallback


def _conversation(raw: dict[str, Any], export: Export, model: str) -> Found | None:
    mapping = raw.get("mapping")
    if not isinstance(mapping, dict):
        return None
    original = str(raw.get("conversation_id") or raw.get("id") or "")
    created = _time(raw.get("create_time"), 0.0)
    updated = _time(raw.get("update_time"), created)
    nodes: dict[str, dict[str, Any]] = {k: v for k, v in mapping.items() if isinstance(v, dict)}
    roots = [k for k, v in nodes.items() if v.get("parent") not in nodes]
    kept: dict[str, int] = {}  # node id -> our message id
    messages: list[Message] = []
    blobs: dict[str, tuple[str, bytes]] = {}
    system_prompt = ""
    order: list[tuple[str, int | None]] = [(r, None) for r in reversed(roots)]
    seen: set[str] = set()
    while order:  # depth first, children in their order: a parent is always stored before its children
        node_id, parent = order.pop()
        if node_id in seen:
            continue  # a cycle in a damaged file
        seen.add(node_id)
        node = nodes[node_id]
        message = node.get("message") if isinstance(node.get("message"), dict) else None  # None: the root
        here = parent
        if message is not None:
            instructions = _custom_instructions(message)
            if instructions:
                system_prompt = system_prompt or instructions
            made = _message(message, len(messages) + 1, parent, created, export, blobs)
            if made is not None:
                messages.append(made)
                here = made.id
        kept[node_id] = here or 0
        children = [c for c in node.get("children") or [] if isinstance(c, str) and c in nodes]
        order.extend((c, here) for c in reversed(children))
    if not messages:
        return None
    current = raw.get("current_node")
    tip = kept.get(current) if isinstance(current, str) else None
    title = as_text(raw.get("title")).strip() or _first_words(messages) or "ChatGPT"
    conversation = Conversation(
        id=0, title=title, model=model, system_prompt=system_prompt, created_at=created or messages[0].created_at,
        updated_at=updated or messages[-1].created_at,
    )  # fmt: skip
    return Found(original or f"{title}@{created}", conversation, messages, tip or None, blobs)


def _first_words(messages: list[Message]) -> str:
    first = next((m.content for m in messages if m.role is Role.USER and m.content.strip()), "")
    return " ".join(first.split())[:50]


def _custom_instructions(message: dict[str, Any]) -> str:
    """The user's custom instructions, which ChatGPT keeps as a hidden system message."""
    meta = as_dict(message.get("metadata"))
    content = as_dict(message.get("content"))
    if not meta.get("is_user_system_message"):
        return ""
    parts = [as_text(content.get(k)) for k in ("user_profile", "user_instructions")]
    parts += [as_text(p) for p in content.get("parts") or [] if isinstance(p, str)]
    return "\n\n".join(p.strip() for p in parts if p.strip())


def _message(
    raw: dict[str, Any], new_id: int, parent: int | None, fallback: float, export: Export,
    blobs: dict[str, tuple[str, bytes]],
) -> Message | None:  # fmt: skip
    author = as_dict(raw.get("author"))
    role = {"user": Role.USER, "assistant": Role.ASSISTANT}.get(str(author.get("role")))
    meta = as_dict(raw.get("metadata"))
    content = as_dict(raw.get("content"))
    if role is None or meta.get("is_visually_hidden_from_conversation") or (raw.get("recipient") or "all") != "all":
        return None  # system, tool and browsing messages, hidden ones, calls to a tool
    if content.get("content_type") not in ("text", "multimodal_text"):
        return None  # code run by a tool, reasoning summaries, browsing results
    texts: list[str] = []
    attachments: list[Attachment] = []
    for part in content.get("parts") or []:
        if isinstance(part, str):
            texts.append(clean_text(part))
        elif isinstance(part, dict) and isinstance(part.get("asset_pointer"), str):
            attachment = _image(part["asset_pointer"], export, blobs)
            if attachment is None:
                texts.append(f"[image not in the export: {part['asset_pointer']}]")
            else:
                attachments.append(attachment)
    text = "\n".join(t for t in texts if t)
    if not text.strip() and not attachments:
        return None
    when = _time(raw.get("create_time"), fallback)
    slug = meta.get("model_slug")
    return Message(
        id=new_id, conversation_id=0, role=role, content=text, status=MessageStatus.DONE,
        model=str(slug) if role is Role.ASSISTANT and isinstance(slug, str) else "", parent_id=parent,
        created_at=when, updated_at=_time(raw.get("update_time"), when), attachments=tuple(attachments),
    )  # fmt: skip


def _image(pointer: str, export: Export, blobs: dict[str, tuple[str, bytes]]) -> Attachment | None:
    match = _ASSET.match(pointer)
    if match is None:
        return None
    file_id = match.group(1)
    name = next((n for n in export.names if PurePosixPath(n).name.startswith(file_id)), None)
    if name is None:
        return None
    data = export.read(name)
    mime = mimetypes.guess_type(name)[0] or "image/png"
    digest = hashlib.sha256(data).hexdigest()
    blobs[digest] = (mime, data)
    return Attachment(AttachmentKind.IMAGE, PurePosixPath(name).name, mime, digest, len(data))
