"""Export one conversation: Markdown for reading, JSON with everything the archive holds. No Qt.

Neither format ever contains the API key: nothing key-related is stored in the archive to begin with.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from decimal import Decimal
from typing import Any

from hunyuan_desktop.domain import (
    Conversation,
    Message,
    MessageStatus,
    Params,
    Preset,
    Role,
    Usage,
    parse_sources,
    plausible_yuan,
)

EXPORT_FORMAT = "hunyuan-desktop/conversation@2"  # @2: every branch (parent ids, the tip, continuations)
READABLE_FORMATS = ("hunyuan-desktop/conversation@1", EXPORT_FORMAT)


def _stamp(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


def to_json(conversation: Conversation, messages: list[Message], tip_id: int | None = None) -> str:
    """Every message of every branch (``parent_id`` links them), the current branch's tip, and the
    conversation's settings: :func:`Archive.import_conversation` recreates it exactly."""

    def message(m: Message) -> dict[str, Any]:
        return {
            "id": m.id,
            "parent_id": m.parent_id,
            "role": m.role.value,
            "content": m.content,
            "reasoning": m.reasoning,
            "status": m.status.value,
            "error": m.error,
            "error_kind": m.error_kind,
            "error_source": m.error_source,
            "model": m.model,
            "finish_reason": m.finish_reason,
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
        }

    doc = {
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
    return json.dumps(doc, ensure_ascii=False, indent=2)


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


def to_markdown(conversation: Conversation, messages: list[Message], labels: dict[str, str] | None = None) -> str:
    """``messages``: the branch to write (continuations are joined to their answer). ``labels`` lets the
    UI pass translated headings (user, assistant, reasoning, system)."""
    messages = join_continuations(messages)[0]
    names = {
        "user": "User",
        "assistant": "Assistant",
        "reasoning": "Reasoning",
        "system": "System prompt",
        "sources": "Sources",
    }
    names.update(labels or {})
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
        if m.status.value != "done":
            meta.append(m.status.value)
        lines += [f"## {who} · {' · '.join(meta)}", ""]
        if m.reasoning:
            quoted = "\n".join("> " + line for line in m.reasoning.splitlines())
            lines += [f"> **{names['reasoning']}**", ">", quoted, ""]
        lines += [m.content, ""]
        if m.sources:
            lines += [f"**{names['sources']}**", ""]
            lines += [
                f"{s.index}. [{_md_text(s.title)}](<{s.url.replace('<', '%3C').replace('>', '%3E')}>)"
                for s in m.sources
            ]
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


class NotAnExportError(ValueError):
    """The file is not a conversation this app exported (the message says what is wrong)."""


def from_json(text: str) -> tuple[Conversation, list[Message], int | None]:
    """Read back :func:`to_json`'s output (and the older linear ``@1`` format, as one branch): the
    conversation, its messages oldest first with their original ids, and the current branch's tip.
    Everything is checked: a file from elsewhere fails with :class:`NotAnExportError`, never half-read."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise NotAnExportError(f"not JSON: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("format") not in READABLE_FORMATS:
        raise NotAnExportError("not a Hunyuan Desktop conversation export")
    linear = doc["format"] != EXPORT_FORMAT
    c = doc.get("conversation")
    rows = doc.get("messages")
    if not isinstance(c, dict) or not isinstance(rows, list):
        raise NotAnExportError("the export has no conversation or no messages")
    try:
        raw = c.get("params")
        params: dict[str, object] = raw if isinstance(raw, dict) else {}
        conversation = Conversation(
            id=0,
            title=str(c.get("title") or "")[:500],
            model=str(c.get("model") or ""),
            params=Params.from_json(params),
            system_prompt=str(c.get("system_prompt") or ""),
            pinned=bool(c.get("pinned")),
            created_at=float(c.get("created_at") or 0),
            updated_at=float(c.get("updated_at") or 0),
            title_manual=bool(c.get("title_manual")),
            title_cost=plausible_yuan(c.get("title_cost_yuan")),
        )
        messages: list[Message] = []
        previous: int | None = None
        for row in sorted(rows, key=lambda r: int(r["id"])):
            usage = row.get("usage")
            status = MessageStatus(row.get("status", "done"))
            message = Message(
                id=int(row["id"]),
                conversation_id=0,
                role=Role(row["role"]),
                content=str(row.get("content") or ""),
                reasoning=str(row.get("reasoning") or ""),
                status=MessageStatus.INTERRUPTED if status is MessageStatus.STREAMING else status,
                error=str(row.get("error") or ""),
                error_kind=str(row.get("error_kind") or ""),
                model=str(row.get("model") or ""),
                usage=None
                if not isinstance(usage, dict)
                else Usage(
                    int(usage.get("prompt_tokens") or 0),
                    int(usage.get("completion_tokens") or 0),
                    int(usage.get("total_tokens") or 0),
                    int(usage.get("reasoning_tokens") or 0),
                ),
                cost=plausible_yuan(row.get("cost_yuan")),
                finish_reason=str(row.get("finish_reason") or ""),
                parent_id=previous if linear else (None if row.get("parent_id") is None else int(row["parent_id"])),
                created_at=float(row.get("created_at") or 0),
                updated_at=float(row.get("updated_at") or 0),
                error_source=str(row.get("error_source") or ""),
                continues=bool(row.get("continues")),
                sources=parse_sources(row.get("sources")),
            )
            if message.role is Role.SYSTEM:
                continue
            messages.append(message)
            previous = message.id
    except (KeyError, TypeError, ValueError) as exc:
        raise NotAnExportError(f"a field has an unexpected value ({exc})") from exc
    tip = c.get("tip_id")
    return conversation, messages, (int(tip) if isinstance(tip, int) and not linear else None)


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
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise NotAnExportError(f"not JSON: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("format") != PRESETS_FORMAT or not isinstance(doc.get("presets"), list):
        raise NotAnExportError("not a Hunyuan Desktop presets export")
    found: list[Preset] = []
    for row in doc["presets"]:
        if not isinstance(row, dict) or not str(row.get("name") or "").strip():
            raise NotAnExportError("a preset without a name")
        params = row.get("params")
        found.append(
            Preset(
                0,
                " ".join(str(row["name"]).split())[:100],
                str(row.get("system_prompt") or ""),
                str(row.get("model") or ""),
                Params.from_json(params if isinstance(params, dict) else {}),
            )
        )
    return found
