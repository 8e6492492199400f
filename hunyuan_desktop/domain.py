"""Value types shared by every layer. No Qt, no I/O.

A turn is data: the request is built from a :class:`Conversation` and its :class:`Message` rows, the
stream yields :class:`StreamEvent` values, and the archive stores the result.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal


class Role(enum.StrEnum):
    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"


class MessageStatus(enum.StrEnum):
    DONE = "done"
    STREAMING = "streaming"
    STOPPED = "stopped"
    ERROR = "error"
    INTERRUPTED = "interrupted"


MAX_YUAN = Decimal(10) ** 12  # a balance or cost beyond this (1e24, inf) is a server's bug, not money


def plausible_yuan(value: object) -> Decimal | None:
    """An amount of money from outside (a header, a JSON field, a stored row), or None when it is not a
    finite amount that an account could hold. Everything shown or stored passes through here."""
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value).strip()[:64])
    except (ArithmeticError, ValueError):
        return None
    if not amount.is_finite() or abs(amount) >= MAX_YUAN:
        return None
    return amount


@dataclass(frozen=True, slots=True)
class Params:
    """Sampling parameters; ``None`` means "not sent: the model's own default applies"."""

    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None

    def to_json(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {}
        if self.temperature is not None:
            out["temperature"] = self.temperature
        if self.top_p is not None:
            out["top_p"] = self.top_p
        if self.max_tokens is not None:
            out["max_tokens"] = self.max_tokens
        return out

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Params:
        def num(key: str) -> float | None:
            value = data.get(key)
            return float(value) if isinstance(value, int | float) else None

        max_tokens = data.get("max_tokens")
        return cls(
            temperature=num("temperature"),
            top_p=num("top_p"),
            max_tokens=int(max_tokens) if isinstance(max_tokens, int) else None,
        )


@dataclass(frozen=True, slots=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    reasoning_tokens: int = 0


@dataclass(frozen=True, slots=True)
class Price:
    """Yuan per 1000 tokens. Older provider pages quote one price; newer ones quote input and output."""

    input_per_1k: Decimal
    output_per_1k: Decimal

    def cost(self, usage: Usage) -> Decimal:
        return (
            Decimal(usage.prompt_tokens) * self.input_per_1k + Decimal(usage.completion_tokens) * self.output_per_1k
        ) / Decimal(1000)


@dataclass(frozen=True, slots=True)
class Model:
    id: str
    name: str
    price: Price
    updated: str = ""
    context_tokens: int = 32_000
    max_output_tokens: int = 4096
    max_messages: int = 40
    reasoning: bool = False


@dataclass(frozen=True, slots=True)
class Provider:
    id: str
    name: str
    base_url: str
    balance_header: str | None = None
    billing_path: str | None = None
    get_key_url: str = ""
    recharge_url: str = ""
    models: tuple[Model, ...] = ()

    def model(self, model_id: str) -> Model | None:
        return next((m for m in self.models if m.id == model_id), None)


@dataclass(slots=True)
class Conversation:
    id: int
    title: str
    model: str
    params: Params = field(default_factory=Params)
    system_prompt: str = ""
    pinned: bool = False
    created_at: float = 0.0
    updated_at: float = 0.0
    title_manual: bool = False  # renamed by the user: the automatic title never replaces it
    title_cost: Decimal | None = None  # what the automatic title's request cost


@dataclass(frozen=True, slots=True)
class Preset:
    """A named system prompt, model and parameters (an "assistant"). ``id`` 0: not stored (a built-in,
    ``key`` names it); ``model`` "": keep the conversation's model."""

    id: int
    name: str
    system_prompt: str = ""
    model: str = ""
    params: Params = field(default_factory=Params)
    key: str = ""

    @property
    def builtin(self) -> bool:
        return self.id == 0


@dataclass(slots=True)
class Message:
    id: int
    conversation_id: int
    role: Role
    content: str
    reasoning: str = ""
    status: MessageStatus = MessageStatus.DONE
    error: str = ""
    error_kind: str = ""
    model: str = ""
    usage: Usage | None = None
    cost: Decimal | None = None
    finish_reason: str = ""
    parent_id: int | None = None
    created_at: float = 0.0
    updated_at: float = 0.0
    error_source: str = ""  # ErrorSource: whose words ``error`` is ("" in rows older than the field)
    continues: bool = False  # carries on the answer before it (Continue): shown and exported as one


@dataclass(frozen=True, slots=True)
class Thread:
    """A conversation's current branch, root to tip, and for each message on it that has other versions
    (siblings: the same parent) where it stands among them."""

    messages: list[Message]
    versions: dict[int, tuple[int, ...]] = field(default_factory=dict)  # message id -> sibling ids, oldest first

    def version(self, message_id: int) -> tuple[int, int] | None:
        """(1-based position, count) of a message with siblings, else None."""
        siblings = self.versions.get(message_id)
        return (siblings.index(message_id) + 1, len(siblings)) if siblings else None


class ErrorSource(enum.StrEnum):
    SERVER = "server"  # the server's own words (an error body or object)
    LOCAL = "local"  # what this app observed (DNS, timeout, keyring, a malformed body, a bug)


# ---- stream events -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextDelta:
    text: str


@dataclass(frozen=True, slots=True)
class ReasoningDelta:
    text: str


@dataclass(frozen=True, slots=True)
class UsageEvent:
    usage: Usage


@dataclass(frozen=True, slots=True)
class FinishEvent:
    """``reason`` is whatever the server said: stop, length, sensitive, content_filter or unknown."""

    reason: str


@dataclass(frozen=True, slots=True)
class BalanceEvent:
    yuan: Decimal


@dataclass(frozen=True, slots=True)
class RetryWait:
    """The client waits ``seconds`` before trying again (a 429's Retry-After, or a back-off after a 5xx
    or a refused connection); nothing of the answer has arrived yet."""

    seconds: float
    kind: str  # the ErrorKind value of the failure being retried


@dataclass(frozen=True, slots=True)
class StreamEnd:
    """The stream closed properly (``[DONE]``, or a finish reason followed by the end of the body)."""


StreamEvent = TextDelta | ReasoningDelta | UsageEvent | FinishEvent | BalanceEvent | RetryWait | StreamEnd
