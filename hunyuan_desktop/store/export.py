"""Export one conversation: Markdown for reading, JSON with everything the archive holds. No Qt.

Neither format ever contains the API key: nothing key-related is stored in the archive to begin with.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from hunyuan_desktop.domain import (
    MAX_TIME,
    Attachment,
    AttachmentKind,
    Conversation,
    ErrorSource,
    FailureKind,
    FinishReason,
    Message,
    MessageStatus,
    Params,
    Preset,
    Role,
    Usage,
    params_problem,
    parse_sources,
    plausible_yuan,
    valid_time,
)
from hunyuan_desktop.store.codec import attachments_json, attachments_of

EXPORT_FORMAT = "hunyuan-desktop/conversation@2"  # @2: every branch (parent ids, the tip, continuations)
READABLE_FORMATS = ("hunyuan-desktop/conversation@1", EXPORT_FORMAT)


def to_json(
    conversation: Conversation,
    messages: list[Message],
    tip_id: int | None = None,
    blobs: Mapping[str, tuple[str, bytes]] | None = None,
) -> str:
    """Every message of every branch (``parent_id`` links them), the current branch's tip, and the
    conversation's settings: :func:`Archive.import_conversation` recreates it exactly. ``blobs``: the
    attachments' bytes by digest, written in base64 (the export stands alone)."""

    def message(m: Message) -> dict[str, Any]:
        return {
            "id": m.id,
            "parent_id": m.parent_id,
            "role": m.role.value,
            "content": m.content,
            "reasoning": m.reasoning,
            "status": m.status.value,
            "error": m.error,
            "error_kind": m.error_kind.value if m.error_kind else "",
            "error_source": m.error_source.value if m.error_source else "",
            "model": m.model,
            "finish_reason": m.finish_reason.value,
            "usage": None
            if m.usage is None
            else {
                "prompt_tokens": m.usage.prompt_tokens,
                "completion_tokens": m.usage.completion_tokens,
                "total_tokens": m.usage.total_tokens,
                "reasoning_tokens": m.usage.reasoning_tokens,
            },
            "cost_yuan": str(m.cost) if m.cost is not None else None,
            "created_at": m.created_at,
            "updated_at": m.updated_at,
            "continues": m.continues,
            "sources": [{"index": s.index, "title": s.title, "url": s.url} for s in m.sources],
            "sources_dropped": m.sources_dropped,
            "attachments": json.loads(attachments_json(m.attachments) or "[]"),
        }

    doc: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "conversation": {
            "id": conversation.id,
            "title": conversation.title,
            "model": conversation.model,
            "params": conversation.params.stored(),
            "system_prompt": conversation.system_prompt,
            "pinned": conversation.pinned,
            "created_at": conversation.created_at,
            "updated_at": conversation.updated_at,
            "title_manual": conversation.title_manual,
            "title_cost_yuan": str(conversation.title_cost) if conversation.title_cost is not None else None,
            "tip_id": tip_id,
        },
        "messages": [message(m) for m in messages],
    }
    if blobs:
        doc["blobs"] = {
            d: {"mime": mime, "base64": base64.b64encode(data).decode("ascii")} for d, (mime, data) in blobs.items()
        }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def blobs_of(raw: object) -> dict[str, tuple[str, bytes]]:
    """An export's attachment bytes, each kept only if its digest is the SHA-256 of its bytes."""
    out: dict[str, tuple[str, bytes]] = {}
    if not isinstance(raw, dict):
        return out
    for digest, item in raw.items():
        if not isinstance(item, dict) or not isinstance(item.get("base64"), str):
            continue
        try:
            data = base64.b64decode(item["base64"], validate=True)
        except ValueError:
            continue
        mime = str(item.get("mime", ""))
        if hashlib.sha256(data).hexdigest() == digest and mime in ("image/jpeg", "image/png", "text/plain"):
            out[digest] = (mime, data)
    return out


def join_continuations(messages: list[Message]) -> tuple[list[Message], dict[int, list[int]]]:
    """A branch as it reads: an answer and the answers that continue it (Continue) as one message,
    under the first one's id, with summed tokens and cost; and the ids each shown message is made of."""
    shown: list[Message] = []
    parts: dict[int, list[int]] = {}
    for m in messages:
        if m.continues and shown and shown[-1].role is Role.ASSISTANT:
            head = shown[-1]
            usage = head.usage
            if m.usage is not None:
                u = head.usage or Usage()
                usage = Usage(
                    u.prompt_tokens + m.usage.prompt_tokens,
                    u.completion_tokens + m.usage.completion_tokens,
                    u.total_tokens + m.usage.total_tokens,
                    u.reasoning_tokens + m.usage.reasoning_tokens,
                )
            cost = head.cost if m.cost is None else (head.cost or Decimal(0)) + m.cost
            shown[-1] = replace(
                head,
                content=head.content + m.content,
                reasoning=head.reasoning + m.reasoning,
                status=m.status,
                error=m.error,
                error_kind=m.error_kind,
                error_source=m.error_source,
                finish_reason=m.finish_reason,
                usage=usage,
                cost=cost,
                updated_at=m.updated_at,
                sources=head.sources + tuple(s for s in m.sources if s not in head.sources),
            )
            parts[head.id].append(m.id)
        else:
            shown.append(m)
            parts[m.id] = [m.id]
    return shown, parts


@dataclass(frozen=True, slots=True)
class ExportLabels:
    """The words of a Markdown export's headings, in the UI language (the window passes them translated;
    a Chinese export had an English "Sources" when one was missing from a dict)."""

    user: str = "User"
    assistant: str = "Assistant"
    reasoning: str = "Reasoning"
    system: str = "System prompt"
    sources: str = "Sources"
    sources_dropped: str = "…and %1 more sources, not kept"


def attachment_file(a: Attachment) -> str:
    """The file name an attachment gets beside a Markdown export (its digest: names may repeat)."""
    suffix = {"image/jpeg": ".jpg", "image/png": ".png"}.get(a.mime, ".txt")
    return a.digest[:16] + suffix


def to_markdown(
    conversation: Conversation, messages: list[Message], labels: ExportLabels | None = None, folder: str = ""
) -> str:
    """``messages``: the branch to write (continuations are joined to their answer). ``folder``: where
    the attachments are written beside the file (images are shown from there, files linked)."""
    messages = join_continuations(messages)[0]
    words = labels or ExportLabels()
    names = {
        "user": words.user,
        "assistant": words.assistant,
        "reasoning": words.reasoning,
        "system": words.system,
        "sources": words.sources,
        "sources_dropped": words.sources_dropped,
    }
    lines = [f"# {conversation.title}", "", f"- model: `{conversation.model}`"]
    lines.append(f"- created: {_stamp(conversation.created_at)}")
    lines.append("")
    if conversation.system_prompt:
        lines += [f"## {names['system']}", "", conversation.system_prompt, ""]
    for m in messages:
        who = names["user"] if m.role is Role.USER else names["assistant"]
        meta = [_stamp(m.created_at)]
        if m.model and m.role is Role.ASSISTANT:
            meta.append(m.model)
        if m.status is not MessageStatus.DONE:
            meta.append(m.status.value)
        lines += [f"## {who} · {' · '.join(meta)}", ""]
        if m.reasoning:
            quoted = "\n".join("> " + line for line in m.reasoning.splitlines())
            lines += [f"> **{names['reasoning']}**", ">", quoted, ""]
        lines += [m.content, ""]
        for a in m.attachments:
            target = f"<{folder}/{attachment_file(a)}>" if folder else ""
            if a.kind is AttachmentKind.IMAGE and target:
                lines.append(f"![{_md_text(a.name)}]({target})")
            else:
                lines.append(f"📎 [{_md_text(a.name)}]({target})" if target else f"📎 {_md_text(a.name)}")
        if m.attachments:
            lines.append("")
        if m.sources:
            lines += [f"**{names['sources']}**", ""]
            lines += [f"{s.index}. [{_md_text(s.title)}](<{_md_url(s.url)}>)" for s in m.sources]
            if m.sources_dropped:
                lines.append(names["sources_dropped"].replace("%1", str(m.sources_dropped)))
            lines.append("")
        if m.error:
            lines += [f"> ⚠ {m.error}", ""]
    return "\n".join(lines).rstrip() + "\n"


def _md_text(text: str) -> str:
    """A title as link text: brackets and line breaks would end the link early."""
    return " ".join(text.replace("[", "(").replace("]", ")").split())


def _md_url(url: str) -> str:
    """A URL inside ``<…>``: angle brackets would end it early."""
    return url.replace("<", "%3C").replace(">", "%3E")


def _stamp(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(valid_time(ts)))


class NotAnExportError(ValueError):
    """The file is not a conversation this app exported (the message says what is wrong)."""


MAX_IMPORT_MESSAGES = 1_000_000
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def load_json(text: str | bytes) -> Any:
    """JSON from a file the user chose; anything that is not readable JSON (bad syntax, nesting deep
    enough to exhaust the parser: 1,000 levels did) is a :class:`NotAnExportError`."""
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise NotAnExportError("the file nests too deeply to be an export") from exc
    except ValueError as exc:
        raise NotAnExportError(f"not JSON: {exc}") from exc


def clean_text(value: object, limit: int | None = None) -> str:
    """Text from a file: lone surrogates (which no database or display can hold) become U+FFFD."""
    text = value if isinstance(value, str) else "" if value is None else str(value)
    if limit is not None:
        text = text[:limit]
    return _LONE_SURROGATE.sub("\ufffd", text)


class _Fields:
    """Strict reading of one JSON object of an import: each problem raises a NotAnExportError that names
    the place (``message 12: created_at …``)."""

    def __init__(self, raw: object, where: str) -> None:
        if not isinstance(raw, dict):
            raise NotAnExportError(f"{where} is not an object")
        self.raw: dict[str, Any] = raw
        self.where = where

    def fail(self, what: str) -> NotAnExportError:
        return NotAnExportError(f"{self.where}: {what}")

    def text(self, key: str, limit: int | None = None) -> str:
        value = self.raw.get(key)
        if value is not None and not isinstance(value, str):
            raise self.fail(f"{key} is not text")
        return clean_text(value, limit)

    def ident(self, key: str, *, required: bool = True) -> int | None:
        value = self.raw.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
            raise self.fail(f"{key} is not an id")
        return value

    def time(self, key: str, fallback: float) -> float:
        value = self.raw.get(key)
        if value is None or value == 0:
            return fallback
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= MAX_TIME:
            raise self.fail(f"{key} is not a time between 1970 and 3000")
        return float(value)

    def count(self, raw: dict[str, Any], key: str) -> int:
        value = raw.get(key) or 0
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**53:
            raise self.fail(f"usage.{key} is not a token count")
        return value

    def usage(self) -> Usage | None:
        raw = self.raw.get("usage")
        if raw is None:
            return None
        if not isinstance(raw, dict):
            raise self.fail("usage is not an object")
        keys = ("prompt_tokens", "completion_tokens", "total_tokens", "reasoning_tokens")
        return Usage(*(self.count(raw, k) for k in keys))


def from_json(
    text: str | bytes, now: float | None = None, blobs: dict[str, tuple[str, bytes]] | None = None
) -> tuple[Conversation, list[Message], int | None]:
    """Read back :func:`to_json`'s output (and the older linear ``@1`` format, as one branch): the
    conversation, its messages oldest first with their original ids, and the current branch's tip.
    Everything is checked (ids, times, token counts, parameters, roles, statuses; text is cleaned of what
    no database holds): a file from elsewhere, or damaged, fails with :class:`NotAnExportError` naming the
    first problem, never half-read. ``now``: the time given to a conversation or message without one.
    ``blobs``: filled with the attachments' bytes the export carries (checked against their digests)."""
    now = time.time() if now is None else now
    doc = load_json(text)
    if not isinstance(doc, dict) or doc.get("format") not in READABLE_FORMATS:
        raise NotAnExportError("not a Hunyuan Desktop conversation export")
    linear = doc["format"] != EXPORT_FORMAT
    rows = doc.get("messages")
    if not isinstance(rows, list):
        raise NotAnExportError("the export has no messages")
    if len(rows) > MAX_IMPORT_MESSAGES:
        raise NotAnExportError(f"the export has {len(rows):,} messages; at most {MAX_IMPORT_MESSAGES:,} are imported")
    c = _Fields(doc.get("conversation"), "the conversation")
    params = c.raw.get("params") or {}
    problem = params_problem(params)
    if problem is not None:
        raise c.fail(problem)
    created = c.time("created_at", now)
    conversation = Conversation(
        id=0,
        title=c.text("title", 500),
        model=c.text("model", 300),
        params=Params.from_json(params),
        system_prompt=c.text("system_prompt"),
        pinned=c.raw.get("pinned") is True,
        created_at=created,
        updated_at=c.time("updated_at", created),
        title_manual=c.raw.get("title_manual") is True,
        title_cost=plausible_yuan(c.raw.get("title_cost_yuan")),
    )
    fields = [_Fields(row, f"message {n + 1}") for n, row in enumerate(rows)]
    messages: list[Message] = []
    previous: int | None = None
    for f in sorted(fields, key=lambda f: f.ident("id") or 0):
        try:
            role = Role(str(f.raw.get("role")))
            status = MessageStatus(f.raw.get("status", "done"))
        except ValueError as exc:
            raise f.fail(str(exc)) from exc
        message_created = f.time("created_at", created)
        dropped = f.raw.get("sources_dropped") or 0
        message = Message(
            id=f.ident("id") or 0,
            conversation_id=0,
            role=role,
            content=f.text("content"),
            reasoning=f.text("reasoning"),
            status=MessageStatus.INTERRUPTED if status is MessageStatus.STREAMING else status,
            error=f.text("error", 5000),
            error_kind=FailureKind.read(f.text("error_kind", 40)),
            model=f.text("model", 300),
            usage=f.usage(),
            cost=plausible_yuan(f.raw.get("cost_yuan")),
            finish_reason=FinishReason.read(f.text("finish_reason", 40)),
            parent_id=previous if linear else f.ident("parent_id", required=False),
            created_at=message_created,
            updated_at=f.time("updated_at", message_created),
            error_source=ErrorSource.read(f.text("error_source", 20)),
            continues=f.raw.get("continues") is True,
            sources=parse_sources(f.raw.get("sources")),
            sources_dropped=dropped if isinstance(dropped, int) and 0 <= dropped < 10**9 else 0,
            attachments=attachments_of(f.raw.get("attachments")),
        )
        if message.role is Role.SYSTEM:
            continue
        messages.append(message)
        previous = message.id
    if blobs is not None:
        blobs.update(blobs_of(doc.get("blobs")))
    tip = c.raw.get("tip_id")
    return conversation, messages, (tip if isinstance(tip, int) and not isinstance(tip, bool) and not linear else None)


PRESETS_FORMAT = "hunyuan-desktop/presets@1"


def presets_to_json(presets: list[Preset]) -> str:
    return json.dumps(
        {
            "format": PRESETS_FORMAT,
            "presets": [
                {"name": p.name, "system_prompt": p.system_prompt, "model": p.model, "params": p.params.stored()}
                for p in presets
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def presets_from_json(text: str) -> list[Preset]:
    """Presets from :func:`presets_to_json` (new, not stored yet: ``id`` 0, no key)."""
    doc = load_json(text)
    if not isinstance(doc, dict) or doc.get("format") != PRESETS_FORMAT or not isinstance(doc.get("presets"), list):
        raise NotAnExportError("not a Hunyuan Desktop presets export")
    found: list[Preset] = []
    for n, row in enumerate(doc["presets"][:10_000], start=1):
        f = _Fields(row, f"preset {n}")
        name = " ".join(f.text("name").split())[:100]
        if not name:
            raise f.fail("it has no name")
        params = f.raw.get("params") or {}
        problem = params_problem(params)
        if problem is not None:
            raise f.fail(problem)
        found.append(Preset(0, name, f.text("system_prompt"), f.text("model", 300), Params.from_json(params)))
    return found
