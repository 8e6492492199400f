"""The OpenAI chat-completions layer above the SSE decoder: JSON events in, typed stream events out.

Tolerant of what real servers send: ``choices: []`` with ``usage`` (the last chunk when
``include_usage`` is on), ``usage`` on any chunk, ``delta.role`` repeated on every chunk, unknown
top-level fields (Hunyuan's ``note`` and ``search_info``), unknown finish reasons (``sensitive``),
and wrong-typed fields (ignored, never a crash). An ``{"error": ...}`` object becomes an ApiError.
"""

from __future__ import annotations

import json
from typing import Any

from hunyuan_desktop.api.errors import ApiError, ProtocolError, classify
from hunyuan_desktop.domain import (
    FinishEvent,
    ReasoningDelta,
    StreamEvent,
    TextDelta,
    Usage,
    UsageEvent,
)

DONE = "[DONE]"


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def parse_usage(raw: Any) -> Usage | None:
    if not isinstance(raw, dict):
        return None
    details = raw.get("completion_tokens_details")
    reasoning = _int(details.get("reasoning_tokens")) if isinstance(details, dict) else 0
    prompt = _int(raw.get("prompt_tokens"))
    completion = _int(raw.get("completion_tokens"))
    total = _int(raw.get("total_tokens")) or prompt + completion
    return Usage(prompt, completion, total, reasoning)


def error_from_object(raw: Any, status: int | None = None) -> ApiError:
    """Build an ApiError from an OpenAI-style ``{"error": {...}}`` value (or a bare string)."""
    message = ""
    code: str | None = None
    if isinstance(raw, dict):
        msg = raw.get("message")
        message = msg if isinstance(msg, str) else json.dumps(raw, ensure_ascii=False)[:500]
        raw_code = raw.get("code") or raw.get("type")
        code = str(raw_code) if raw_code is not None else None
    elif isinstance(raw, str):
        message = raw
    else:
        message = json.dumps(raw, ensure_ascii=False)[:500]
    return classify(status, message)(message or "unknown error", status=status, code=code)


def events_from_object(obj: Any, out: list[StreamEvent]) -> None:
    """Append the stream events one parsed chunk (or a whole non-stream response) carries."""
    if not isinstance(obj, dict):
        raise ProtocolError(f"expected a JSON object, got {type(obj).__name__}")
    if "error" in obj and obj["error"] is not None:
        raise error_from_object(obj["error"])
    choices = obj.get("choices")
    if isinstance(choices, list) and choices:
        choice = choices[0]
        if isinstance(choice, dict):
            # A stream carries "delta"; a non-stream response carries "message".
            delta = choice.get("delta")
            if not isinstance(delta, dict):
                delta = choice.get("message")
            if isinstance(delta, dict):
                reasoning = delta.get("reasoning_content")
                if isinstance(reasoning, str) and reasoning:
                    out.append(ReasoningDelta(reasoning))
                content = delta.get("content")
                if isinstance(content, str) and content:
                    out.append(TextDelta(content))
            finish = choice.get("finish_reason")
            if isinstance(finish, str) and finish:
                out.append(FinishEvent(finish))
    usage = parse_usage(obj.get("usage"))
    if usage is not None:
        out.append(UsageEvent(usage))


def parse_data(data: str, out: list[StreamEvent]) -> bool:
    """Interpret one SSE ``data`` payload. Returns True on ``[DONE]``."""
    if data.startswith(DONE):
        return True
    try:
        obj = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise ProtocolError(f"malformed JSON in the stream: {data[:200]!r}") from exc
    events_from_object(obj, out)
    return False
