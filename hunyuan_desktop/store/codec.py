"""Rows to domain values and back, the one place that knows the columns. No Qt.

Reading is fast for the rows this code writes (opening a 10,000-message conversation runs
:func:`message_from_row` per row: no conversions it does not need) and careful for any other (a damaged or
hostile file: a value of the wrong type or out of range reads as the nearest sound value, never raises).
"""

from __future__ import annotations

import json
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
    Role,
    Source,
    Usage,
    plausible_yuan,
    valid_time,
)

MESSAGE_COLUMNS = (
    "id, conversation_id, role, content, reasoning, status, error, model, prompt_tokens, "
    "completion_tokens, total_tokens, reasoning_tokens, cost, finish_reason, parent_id, "
    "created_at, updated_at, error_kind, error_source, continues, sources, attachments"
)
CONVERSATION_COLUMNS = (
    "id, title, model, params, system_prompt, pinned, created_at, updated_at, title_manual, title_cost"
)

_ROLES = {r.value: r for r in Role}
_STATUSES = {s.value: s for s in MessageStatus}
# Stored kinds as the codec reads them ("" is none); an unknown value falls to the careful reading.
_KINDS: dict[str, FailureKind | None] = {"": None, **{k.value: k for k in FailureKind}}
_FINISH = {f.value: f for f in FinishReason}
_SOURCES: dict[str, ErrorSource | None] = {"": None, **{s.value: s for s in ErrorSource}}


def conversation_from_row(row: tuple[object, ...] | Any) -> Conversation:
    """A conversation row; a value a damaged or hostile file holds where ours would (text in a time,
    params that are not JSON, a time of 1e300) reads as the nearest sound value, never raises."""
    cid, title, model, params, system_prompt, pinned, created, updated, manual, title_cost = row
    return Conversation(
        id=int(cid) if isinstance(cid, int) else 0,
        title=_text(title),
        model=_text(model),
        params=_params(params),
        system_prompt=_text(system_prompt),
        pinned=bool(pinned) if isinstance(pinned, int) else False,
        created_at=valid_time(created),
        updated_at=valid_time(updated),
        title_manual=bool(manual) if isinstance(manual, int) else False,
        title_cost=plausible_yuan(title_cost),
    )


def message_from_row(row: Any) -> Message:
    # Columns come back with the types the schema stores (CHECK constraints keep role and status
    # valid); no str()/int() round trips here: opening a 10,000-message conversation runs this per row.
    # A row that is not what this code writes (a damaged or hostile file) is read the careful way.
    (mid, cid, role, content, reasoning, status, error, model, pt, ct, tt, rt, cost, finish, parent,
     created, updated, kind, source, continues, sources, attached) = row  # fmt: skip
    try:
        if not (0.0 <= created <= MAX_TIME and 0.0 <= updated <= MAX_TIME):
            return careful_message(row)
        usage = None if tt is None else Usage(pt or 0, ct or 0, tt, rt or 0)
        return Message(
            mid, cid, _ROLES[role], content, reasoning, _STATUSES[status], error, _KINDS[kind], model, usage,
            None if cost is None else Decimal(cost), _FINISH[finish], parent, created, updated, _SOURCES[source],
            bool(continues),
            () if sources is None else sources_from(sources), 0 if sources is None else dropped_from(sources),
            () if attached is None else attachments_from(attached),
        )  # fmt: skip
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return careful_message(row)


def sources_json(sources: tuple[Source, ...], dropped: int = 0) -> str | None:
    """``[[index, title, url], …]``, and ``["dropped", n]`` last when sources were left out (a reader
    that knows only the triples skips it)."""
    rows: list[list[object]] = [[s.index, s.title, s.url] for s in sources]
    if dropped:
        rows.append(["dropped", dropped])
    return json.dumps(rows, ensure_ascii=False) if rows else None


def dropped_from(raw: object) -> int:
    """How many sources were left out, from the stored column (0 when it does not say)."""
    if not isinstance(raw, str) or '"dropped"' not in raw:
        return 0
    try:
        items = json.loads(raw)
    except (ValueError, RecursionError):
        return 0
    last = items[-1] if isinstance(items, list) and items else None
    ok = isinstance(last, list) and len(last) == 2 and last[0] == "dropped" and isinstance(last[1], int)
    return max(0, min(int(last[1]), 10**9)) if ok else 0  # type: ignore[index]


def sources_from(raw: object) -> tuple[Source, ...]:
    """The stored sources, or none when the column is empty or not what this code writes."""
    if not isinstance(raw, str):
        return ()
    try:
        items = json.loads(raw)
    except (ValueError, RecursionError):
        return ()
    if not isinstance(items, list):
        return ()
    # Re-checked when read, as when received: only web links (an "action:…" URL stored by something
    # else would otherwise become one of the app's own action links).
    return tuple(
        Source(i[0], str(i[1]), i[2])
        for i in items
        if isinstance(i, list)
        and len(i) == 3
        and isinstance(i[0], int)
        and isinstance(i[2], str)
        and i[2].strip().lower().startswith(("https://", "http://"))
    )


_ATTACHMENT_KINDS = {k.value: k for k in AttachmentKind}
_DIGEST = frozenset("0123456789abcdef")


def attachments_json(attachments: tuple[Attachment, ...]) -> str | None:
    """``[{kind, name, mime, digest, size, width, height, chars, cut}, …]``; NULL for none."""
    if not attachments:
        return None
    return json.dumps(
        [
            {
                "kind": a.kind.value, "name": a.name, "mime": a.mime, "digest": a.digest, "size": a.size,
                "width": a.width, "height": a.height, "chars": a.chars, "cut": a.cut,
            }
            for a in attachments
        ],
        ensure_ascii=False,
    )  # fmt: skip


def attachments_from(raw: object) -> tuple[Attachment, ...]:
    """The stored attachments, each checked (a damaged or hostile row: what is not sound is left out)."""
    if not isinstance(raw, str):
        return ()
    try:
        items = json.loads(raw)
    except (ValueError, RecursionError):
        return ()
    return attachments_of(items)


def attachments_of(items: object) -> tuple[Attachment, ...]:
    """Attachments from their JSON form (a stored row, an export), each checked."""
    if not isinstance(items, list):
        return ()
    out: list[Attachment] = []
    for item in items[:100]:
        if not isinstance(item, dict):
            continue
        kind = _ATTACHMENT_KINDS.get(str(item.get("kind")))
        digest = item.get("digest")
        if kind is None or not isinstance(digest, str) or len(digest) != 64 or not set(digest) <= _DIGEST:
            continue
        mime = str(item.get("mime", ""))
        if kind is AttachmentKind.IMAGE and mime not in ("image/jpeg", "image/png"):
            continue
        out.append(
            Attachment(
                kind, _text(item.get("name"))[:255], mime, digest, _count(item.get("size")),
                _count(item.get("width")), _count(item.get("height")), _count(item.get("chars")),
                item.get("cut") is True,
            )
        )  # fmt: skip
    return tuple(out)


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _params(raw: object) -> Params:
    try:
        data = json.loads(raw) if isinstance(raw, str | bytes) else None
    except (ValueError, RecursionError):
        data = None
    return Params.from_json(data) if isinstance(data, dict) else Params()


def _count(value: object) -> int:
    return value if isinstance(value, int) and 0 <= value < 2**53 else 0


def careful_message(row: Any) -> Message:
    """A message row as well as it can be read: an unknown role reads as an answer, an unknown status as
    interrupted, anything that is not text or a number as empty."""
    (mid, cid, role, content, reasoning, status, error, model, pt, ct, tt, rt, cost, finish, parent,
     created, updated, kind, source, continues, sources, attached) = row  # fmt: skip
    usage = None if not isinstance(tt, int) else Usage(_count(pt), _count(ct), _count(tt), _count(rt))
    return Message(
        id=mid if isinstance(mid, int) else 0,
        conversation_id=cid if isinstance(cid, int) else 0,
        role=_ROLES.get(_text(role), Role.ASSISTANT),
        content=_text(content),
        reasoning=_text(reasoning),
        status=_STATUSES.get(_text(status), MessageStatus.INTERRUPTED),
        error=_text(error),
        error_kind=FailureKind.read(kind),
        model=_text(model),
        usage=usage,
        cost=plausible_yuan(cost),
        finish_reason=FinishReason.read(finish),
        parent_id=parent if isinstance(parent, int) else None,
        created_at=valid_time(created),
        updated_at=valid_time(updated),
        error_source=ErrorSource.read(source),
        continues=bool(continues) if isinstance(continues, int) else False,
        sources=sources_from(sources),
        sources_dropped=dropped_from(sources),
        attachments=attachments_from(attached),
    )
