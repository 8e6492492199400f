"""Build the request body for one turn from the archive's messages.

Hunyuan's rules (docs/ARCHITECTURE.md, "Providers on the wire"): ``system`` only first; user and assistant
alternate, starting and ending with ``user``; no empty content; at most 40 messages; ``reasoning_content``
is never sent back (T1 answers 400 when it is). Failed or stopped turns leave gaps and doubles in a real
history, so this repairs rather than rejects.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hunyuan_desktop.domain import (
    Attachment,
    AttachmentKind,
    Message,
    Model,
    Params,
    Provider,
    Role,
    SearchStyle,
    Thinking,
    ThinkingStyle,
)

# Sent after the partial answer when continuing it (Hunyuan's messages must end with the user's).
CONTINUE_ZH = "请从上文中断处继续回答，不要重复已写的内容，也不要加开场白。"
CONTINUE_EN = "Continue exactly where your previous answer stopped. Do not repeat anything or add a preamble."


EXACT_LIMIT = 20_000  # characters: longer texts are estimated from their UTF-8 length (estimate_tokens)


class NothingToSendError(ValueError):
    """The conversation has no user message to answer."""


def estimate_tokens(text: str) -> int:
    """A deliberately generous estimate: a CJK character is about one token, other text about 1/3.

    Used only to keep the history under the model's context; the server's usage is what gets billed.
    A text longer than ``EXACT_LIMIT`` is counted from its UTF-8 length instead (characters from U+0800
    up, CJK among them, take three bytes): the character loop took 0.35 s on 10 MB, on the GUI thread.
    """
    if len(text) > EXACT_LIMIT:
        wide = (len(text.encode("utf-8", "surrogatepass")) - len(text)) // 2  # generous: 2-byte ones count half
        return wide + (len(text) - wide + 2) // 3 + 4
    cjk = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return cjk + (len(text) - cjk + 2) // 3 + 4


def image_tokens(width: int, height: int) -> int:
    """An image's input tokens, generously: 85 plus 170 per 512-pixel tile (OpenAI's rule; Tencent quotes
    roughly 256-1,280 for hunyuan-vision, and an image as sent is at most 2,048 pixels a side)."""
    tiles = max(1, -(-max(width, 1) // 512)) * max(1, -(-max(height, 1) // 512))
    return 85 + 170 * tiles


def file_section(attachment: Attachment, text: str) -> str:
    """A file's text as the model gets it: in a wrapper that names the file (and says when it was cut)."""
    name = html.escape(attachment.name, quote=True)
    cut = ' cut="true"' if attachment.cut else ""
    return f'<file name="{name}"{cut}>\n{text}\n</file>'


def _turn(message: Message, blobs: Mapping[str, bytes], *, counted: bool = False) -> dict[str, Any]:
    """A message as sent: its text, with its files' text before it, and its images beside it as parts.
    ``counted`` (an estimate): an attachment whose bytes are not given is counted from what it lists."""
    files: list[str] = []
    images: list[dict[str, Any]] = []
    extra = 0
    for a in message.attachments:
        data = blobs.get(a.digest)
        if data is None and counted:
            if a.kind is AttachmentKind.FILE:
                extra += a.chars + 12  # generous: a character as a token, plus the wrapper
            else:
                images.append(
                    {"type": "image_url", "image_url": {"url": ""}, "_tokens": image_tokens(a.width, a.height)}
                )
        elif data is None:
            files.append(f"[{a.name}: not available]")
        elif a.kind is AttachmentKind.FILE:
            files.append(file_section(a, data.decode("utf-8", "replace")))
        else:
            url = f"data:{a.mime};base64,{base64.b64encode(data).decode('ascii')}"
            images.append({"type": "image_url", "image_url": {"url": url}, "_tokens": image_tokens(a.width, a.height)})
    text = "\n\n".join([*files, message.content]) if files else message.content
    turn: dict[str, Any] = {"role": message.role.value, "content": text}
    if images:
        turn["images"] = images
    if extra:
        turn["_tokens"] = extra
    return turn


def _parts(turn: dict[str, Any], *, counted: bool = False) -> dict[str, Any]:
    """A turn with images in OpenAI's content parts (text first, then each image); others unchanged.
    ``counted``: each image part keeps its estimated tokens (for :func:`estimate_request`, never sent)."""
    images = turn.get("images")
    if not images:
        if counted and "_tokens" in turn:
            return {"role": turn["role"], "content": turn["content"], "_tokens": turn["_tokens"]}
        return {"role": turn["role"], "content": turn["content"]}
    parts: list[dict[str, Any]] = [{"type": "text", "text": turn["content"]}] if turn["content"].strip() else []
    parts += [image if counted else {k: v for k, v in image.items() if k != "_tokens"} for image in images]
    if counted and "_tokens" in turn:
        return {"role": turn["role"], "content": parts, "_tokens": turn["_tokens"]}
    return {"role": turn["role"], "content": parts}


def turn_tokens(turn: dict[str, Any]) -> int:
    """A turn's estimated input tokens: its text and its images."""
    content = turn["content"]
    if isinstance(content, str):
        images = sum(int(i["_tokens"]) for i in turn.get("images", ()))
        return estimate_tokens(content) + images + int(turn.get("_tokens", 0))
    total = int(turn.get("_tokens", 0))
    for part in content:
        if part.get("type") == "text":
            total += estimate_tokens(str(part.get("text", "")))
        else:
            total += int(part.get("_tokens", image_tokens(2048, 2048)))
    return total


def repair_roles(
    history: Iterable[Message], blobs: Mapping[str, bytes] | None = None, *, counted: bool = False
) -> list[dict[str, Any]]:
    """Alternate user/assistant, drop empties, end with user.

    Two user messages in a row (the first one's answer failed) are merged; of two answers in a row
    (a retry after a partial one) the later is kept, unless it continues the one before (Continue):
    then the two are one answer. A question's attachments (``blobs``: their bytes by digest) come with
    it: files as text before the question, images under ``images`` (see :func:`_parts`).
    """
    merged: list[dict[str, Any]] = []
    for message in history:
        if message.role is Role.SYSTEM:
            continue
        if not message.content.strip() and not message.attachments:
            continue
        turn = _turn(message, blobs or {}, counted=counted) if message.attachments else None
        content = turn["content"] if turn is not None else message.content
        if merged and merged[-1]["role"] == message.role.value:
            if message.role is Role.ASSISTANT and message.continues:
                merged[-1]["content"] += content
            elif message.role is Role.ASSISTANT:
                merged[-1]["content"] = content  # a retried answer supersedes the failed one before it
            else:
                merged[-1]["content"] += "\n\n" + content
                if turn is not None and "images" in turn:
                    merged[-1].setdefault("images", []).extend(turn["images"])
                if turn is not None and "_tokens" in turn:
                    merged[-1]["_tokens"] = merged[-1].get("_tokens", 0) + turn["_tokens"]
        else:
            merged.append(turn if turn is not None else {"role": message.role.value, "content": content})
    while merged and merged[0]["role"] != Role.USER:
        merged.pop(0)
    while merged and merged[-1]["role"] != Role.USER:
        merged.pop()
    return merged


def build_chat_request(
    model: Model,
    history: Iterable[Message],
    *,
    system_prompt: str = "",
    params: Params | None = None,
    stream: bool = True,
    continuing: bool = False,
    provider: Provider | None = None,
    blobs: Mapping[str, bytes] | None = None,
    counted: bool = False,
) -> dict[str, Any]:
    """``continuing``: ``history`` ends with the answer to carry on; it is sent, then the instruction to
    continue it (in the answer's language). ``provider``: add its own fields for web search and thinking.
    ``blobs``: the bytes of the history's attachments, by digest (images and files go with their question
    in every later turn too)."""
    history = list(history)
    turns = repair_roles(history, blobs, counted=counted)
    if continuing:
        partial = repair_roles([*history, Message(0, 0, Role.USER, "x")])[-2:-1]  # the answer, joined
        if partial and partial[0]["role"] == Role.ASSISTANT:
            cjk = any(ord(ch) >= 0x2E80 for ch in partial[0]["content"][:2000])
            turns = [*turns, partial[0], {"role": "user", "content": CONTINUE_ZH if cjk else CONTINUE_EN}]
    if not turns:
        raise NothingToSendError("nothing to send: the conversation has no user message")
    params = params or Params()
    system = system_prompt.strip()
    cap = model.max_messages - (1 if system else 0)
    reserve = params.max_tokens or min(model.max_output_tokens, 4096)
    budget = model.context_tokens - reserve - (estimate_tokens(system) if system else 0)

    # Keep the newest turns that fit: count from the end, never drop the last user message.
    kept: list[dict[str, Any]] = []
    used = 0
    for turn in reversed(turns):
        cost = turn_tokens(turn)
        if kept and (len(kept) >= cap or used + cost > budget):
            break
        kept.append(turn)
        used += cost
    kept.reverse()
    while len(kept) > 1 and kept[0]["role"] != Role.USER:
        kept.pop(0)

    messages: list[dict[str, Any]] = []
    if system:
        messages.append({"role": "system", "content": system})
    messages.extend(_parts(turn, counted=counted) for turn in kept)
    body: dict[str, Any] = {"model": model.id, "messages": messages, **params.to_json()}
    if provider is not None:
        body.update(provider_fields(provider, model, params))
    if stream:
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
    return body


@dataclass(frozen=True, slots=True)
class RequestEstimate:
    """Roughly what the next request carries (:func:`estimate_tokens`' generous count) against the
    model's context window, and what that input would cost."""

    tokens: int
    context: int
    input_cost: Decimal | None  # None: the model's price is not known


def estimate_request(
    model: Model,
    history: Iterable[Message],
    *,
    system_prompt: str = "",
    params: Params | None = None,
    draft: str = "",
    attachments: tuple[Attachment, ...] = (),
    blobs: Mapping[str, bytes] | None = None,
) -> RequestEstimate:
    """The request :func:`build_chat_request` would make for ``history`` plus the ``draft`` question
    (trimmed the same way), counted. Only the newest ``4 × max_messages`` messages are looked at (a request
    never carries more than ``max_messages``): repairing 10,000 messages for the gauge stalled scrolling
    for 30 ms."""
    tail = list(history)[-4 * model.max_messages :]
    # An empty draft still stands for a question: the answers before it are only sent when one follows.
    question = Message(0, 0, Role.USER, draft if draft.strip() or attachments else "?", attachments=attachments)
    messages = [*tail, question]
    try:
        body = build_chat_request(
            model, messages, system_prompt=system_prompt, params=params, stream=False, blobs=blobs, counted=True
        )
    except NothingToSendError:
        return RequestEstimate(0, model.context_tokens, Decimal(0))
    tokens = sum(turn_tokens(m) for m in body["messages"])
    cost = Decimal(tokens) * model.price.input_per_1k / 1000 if model.price is not None else None
    return RequestEstimate(tokens, model.context_tokens, cost)


def search_available(provider: Provider, model: Model) -> bool:
    """Whether web search can be asked for: the provider has a way and the catalog says the model can."""
    return bool(provider.search) and model.search


def thinking_choices(provider: Provider) -> tuple[Thinking, ...]:
    """The thinking settings the provider's request fields can express (empty: no switch)."""
    if provider.thinking in (ThinkingStyle.THINKING_TYPE, ThinkingStyle.ENABLE_THINKING):
        return (Thinking.OFF, Thinking.ON)
    if provider.thinking == ThinkingStyle.EFFORT:
        return (Thinking.LOW, Thinking.MEDIUM, Thinking.HIGH)
    if provider.thinking == ThinkingStyle.EFFORT_NONE:
        return (Thinking.OFF, Thinking.LOW, Thinking.MEDIUM, Thinking.HIGH)
    return ()


def provider_fields(provider: Provider, model: Model, params: Params) -> dict[str, Any]:
    """The provider's own request fields for web search and thinking (docs/ARCHITECTURE.md, "Providers on the wire"):
    TokenHub ``web_search_options`` and ``reasoning_effort``; DashScope ``enable_search`` (its OpenAI-compatible
    mode returns no sources: Alibaba's web-search page) and
    ``enable_thinking``; DeepSeek, Zhipu and Ark ``thinking.type``; Ollama ``reasoning_effort`` ("none"
    switches it off). Nothing is sent for a setting the provider cannot express."""
    out: dict[str, Any] = {}
    if params.web_search and search_available(provider, model):
        if provider.search == SearchStyle.WEB_SEARCH_OPTIONS:
            out["web_search_options"] = {}
        elif provider.search == SearchStyle.ENABLE_SEARCH:
            out["enable_search"] = True
    thinking = params.thinking
    if thinking and Thinking(thinking) in thinking_choices(provider):
        if provider.thinking == ThinkingStyle.THINKING_TYPE:
            out["thinking"] = {"type": "enabled" if thinking == Thinking.ON else "disabled"}
        elif provider.thinking == ThinkingStyle.ENABLE_THINKING:
            out["enable_thinking"] = thinking == Thinking.ON
        else:
            out["reasoning_effort"] = "none" if thinking == Thinking.OFF else thinking
    return out
