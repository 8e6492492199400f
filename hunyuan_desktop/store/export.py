"""Export one conversation: Markdown for reading, JSON with everything the archive holds. No Qt.

Neither format ever contains the API key: nothing key-related is stored in the archive to begin with.
"""

from __future__ import annotations

import json
import time
from typing import Any

from hunyuan_desktop.domain import Conversation, Message, Role

EXPORT_FORMAT = "hunyuan-desktop/conversation@1"


def _stamp(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


def to_json(conversation: Conversation, messages: list[Message]) -> str:
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
        }

    doc = {
        "format": EXPORT_FORMAT,
        "conversation": {
            "id": conversation.id,
            "title": conversation.title,
            "model": conversation.model,
            "params": conversation.params.to_json(),
            "system_prompt": conversation.system_prompt,
            "pinned": conversation.pinned,
            "created_at": conversation.created_at,
            "updated_at": conversation.updated_at,
        },
        "messages": [message(m) for m in messages],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def to_markdown(conversation: Conversation, messages: list[Message], labels: dict[str, str] | None = None) -> str:
    """``labels`` lets the UI pass translated headings (user, assistant, reasoning, system)."""
    names = {"user": "User", "assistant": "Assistant", "reasoning": "Reasoning", "system": "System prompt"}
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
        if m.error:
            lines += [f"> ⚠ {m.error}", ""]
    return "\n".join(lines).rstrip() + "\n"
