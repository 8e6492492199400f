"""The OpenAI chat-completions layer above the SSE decoder: JSON events in, typed stream events out.

Tolerant of what real servers send: ``choices: []`` with ``usage`` (the last chunk when
``include_usage`` is on), ``usage`` on any chunk, ``delta.role`` repeated on every chunk, unknown
top-level fields (Hunyuan's ``note`` and ``search_info``), unknown finish reasons (``sensitive``),
and wrong-typed fields (ignored, never a crash). An ``{"error": ...}`` object becomes an ApiError.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

from hunyuan_desktop.api.errors import ApiError, ProtocolError, classify
from hunyuan_desktop.domain import (
    FinishEvent,
    FinishReason,
    ReasoningDelta,
    Source,
    SourcesEvent,
    StreamEvent,
    TextDelta,
    Usage,
    UsageEvent,
    parse_sources,
)

DONE = "[DONE]"


# No request comes near this many tokens; a count beyond it (or below zero) is a server's bug, and
# taking it would bill the user ¥-15 or overflow the archive's 64-bit columns.
MAX_TOKENS = 100_000_000
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Absurd(Exception):
    pass


def _int(value: Any) -> int:
    if isinstance(value, float) and value > MAX_TOKENS:  # an integer too large for orjson arrives as a float
        raise _Absurd
    if not isinstance(value, int) or isinstance(value, bool):
        return 0
    if not 0 <= value <= MAX_TOKENS:
        raise _Absurd
    return value


def parse_usage(raw: Any) -> Usage | None:
    """Token counts, or None when they are missing or impossible (negative, absurdly large)."""
    if not isinstance(raw, dict):
        return None
    try:
        details = raw.get("completion_tokens_details")
        reasoning = _int(details.get("reasoning_tokens")) if isinstance(details, dict) else 0
        prompt = _int(raw.get("prompt_tokens"))
        completion = _int(raw.get("completion_tokens"))
        total = _int(raw.get("total_tokens")) or prompt + completion
    except _Absurd:
        return None
    return Usage(prompt, completion, total, reasoning)


def clean_text(text: str) -> str:
    """A lone UTF-16 surrogate (JSON allows ``"\\ud800"``) cannot be stored or drawn: U+FFFD instead."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def error_from_object(raw: Any, status: int | None = None) -> ApiError:
    """Build an ApiError from an OpenAI-style ``{"error": {...}}`` value (or a bare string)."""
    message = ""
    code: str | None = None
    if isinstance(raw, dict):
        msg = raw.get("message")
        # Never cut here: the client redacts the key first, then shortens (a cut could split the key).
        message = msg if isinstance(msg, str) else json.dumps(raw, ensure_ascii=False)
        raw_code = raw.get("code") or raw.get("type")
        code = str(raw_code) if raw_code is not None else None
    elif isinstance(raw, str):
        message = raw
    else:
        message = json.dumps(raw, ensure_ascii=False)
    message = clean_text(message)
    error = classify(status, message, code)(message or "unknown error", status=status, code=code)
    error.from_server = True
    return error


def _sources_in(obj: dict[str, Any]) -> tuple[Source, ...]:
    found = obj.get("search_results")
    if found is None and isinstance(obj.get("search_info"), dict):
        found = obj["search_info"].get("search_results")
    return parse_sources(found)


def events_from_object(obj: Any, out: list[StreamEvent], clean: bool = True) -> None:
    """Append the stream events one parsed chunk (or a whole non-stream response) carries. ``clean``: text
    may hold lone surrogates (the standard JSON parser lets them through; orjson refuses them)."""
    if not isinstance(obj, dict):
        raise ProtocolError(f"expected a JSON object, got {type(obj).__name__}")
    if obj.get("error") is not None:
        raise error_from_object(obj["error"])
    if "search_results" in obj or "search_info" in obj:
        sources = _sources_in(obj)
        if sources:
            out.append(SourcesEvent(sources))
    choices = obj.get("choices")
    if choices and isinstance(choices, list):
        choice = choices[0]
        if isinstance(choice, dict):
            # A stream carries "delta"; a non-stream response carries "message".
            delta = choice.get("delta")
            if not isinstance(delta, dict):
                delta = choice.get("message")
            if isinstance(delta, dict):
                # DeepSeek, Qwen, Kimi, GLM and Hunyuan name it reasoning_content; OpenRouter and Ollama
                # name it reasoning (docs/ARCHITECTURE.md, "Providers on the wire").
                reasoning = delta.get("reasoning_content")
                if not (reasoning and isinstance(reasoning, str)):
                    reasoning = delta.get("reasoning")
                if reasoning and isinstance(reasoning, str):
                    out.append(ReasoningDelta(clean_text(reasoning) if clean else reasoning))
                content = delta.get("content")
                if content and isinstance(content, str):
                    out.append(TextDelta(clean_text(content) if clean else content))
                annotations = delta.get("annotations")
                if annotations:
                    cited = parse_sources(annotations)
                    if cited:
                        out.append(SourcesEvent(cited))
            finish = choice.get("finish_reason")
            if finish and isinstance(finish, str):
                out.append(FinishEvent(FinishReason.read(finish)))
    if obj.get("usage") is not None:  # most chunks have none: no call for them
        usage = parse_usage(obj["usage"])
        if usage is not None:
            out.append(UsageEvent(usage))


def parse_data(data: str, out: list[StreamEvent]) -> bool:
    """Interpret one SSE ``data`` payload. Returns True on ``[DONE]``."""
    if data.startswith(DONE):
        return True
    try:
        # orjson: the SSE benchmark's chunks went from 70,800 to 79,000 a second (json.loads was a tenth of
        # the client's time per chunk). What it refuses and the standard parser reads (a lone surrogate,
        # cleaned later; 1e400; NaN) goes to the standard parser, so nothing reads differently than before.
        obj = orjson.loads(data)
    except orjson.JSONDecodeError:
        try:
            obj = json.loads(data)
        except (ValueError, RecursionError) as exc:
            # Not cut here: the client masks the key in the whole text first, then shortens it.
            raise ProtocolError(f"malformed JSON in the stream: {data!r}") from exc
        events_from_object(obj, out)  # it may hold lone surrogates: cleaned
        return False
    events_from_object(obj, out, clean=False)  # orjson refuses lone surrogates: nothing to clean
    return False
