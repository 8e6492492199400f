"""Value types shared by every layer. No Qt, no I/O.

A turn is data: the request is built from a :class:`Conversation` and its :class:`Message` rows, the
stream yields :class:`StreamEvent` values, and the archive stores the result.
"""

from __future__ import annotations

import enum
import ipaddress
import math
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


class Role(enum.StrEnum):
    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"


class FailureKind(enum.StrEnum):
    """Why a turn failed: what the user is told, and the way out. The API's kinds (the HTTP and stream
    failures :mod:`hunyuan_desktop.api.errors` translates) and the app's own."""

    BAD_KEY = "bad_key"
    BALANCE = "balance"
    RATE_LIMIT = "rate_limit"
    SERVER = "server"
    REJECTED = "rejected"
    NETWORK = "network"
    DROPPED = "dropped"
    TIMEOUT = "timeout"
    PROTOCOL = "protocol"
    TRUNCATED = "truncated"
    PROXY = "proxy"  # the configured proxy could not be reached or refused the connection
    CERTIFICATE = "certificate"  # the server's certificate is not trusted (or the CA file is unusable)
    KEYRING = "keyring"  # the system keyring could not be used
    STORAGE = "storage"  # the archive could not be written
    UNEXPECTED = "unexpected"  # a bug: the turn ends as an error and the log has the traceback

    @classmethod
    def read(cls, value: object) -> FailureKind | None:
        """A stored kind: None for none ("", rows without one), UNEXPECTED for one this code does not know."""
        if not value:
            return None
        try:
            return cls(str(value))
        except ValueError:
            return cls.UNEXPECTED


class FinishReason(enum.StrEnum):
    """Why the server ended an answer (its ``finish_reason``); NONE where it said nothing."""

    NONE = ""
    STOP = "stop"
    LENGTH = "length"  # cut at max_tokens: the answer may be continued
    SENSITIVE = "sensitive"  # Hunyuan's content check
    CONTENT_FILTER = "content_filter"  # OpenAI's name for the same
    TOOL_CALLS = "tool_calls"
    OTHER = "other"  # any other word a server used

    @classmethod
    def read(cls, value: object) -> FinishReason:
        try:
            return cls(str(value or ""))
        except ValueError:
            return cls.OTHER


class BalanceSource(enum.StrEnum):
    """Where a balance was read: a reply's header, or the provider's balance endpoint."""

    HEADER = "header"
    BILLING = "billing"


class ThemeChoice(enum.StrEnum):
    SYSTEM = "system"  # follow the desktop's colour scheme, live
    LIGHT = "light"
    DARK = "dark"


class ProxyMode(enum.StrEnum):
    SYSTEM = "system"
    NONE = "none"
    CUSTOM = "custom"  # a proxy URL (the setting then holds the URL itself)

    @classmethod
    def of(cls, setting: str) -> ProxyMode:
        return cls(setting) if setting in (cls.SYSTEM, cls.NONE) else cls.SYSTEM if not setting else cls.CUSTOM


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


def is_loopback(host: str) -> bool:
    """``localhost``, or an IP literal in 127.0.0.0/8 or ::1. A name such as ``127.0.0.1.example`` is
    resolved by DNS like any other and may be anywhere; so is ``localhost.`` (a fully qualified name the
    system's resolver is asked for, not the loopback name the hosts file answers)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# Times are seconds since the epoch, between 1970 and the year 3000: what time.localtime, Qt's
# QDateTime and Windows' C runtime all accept. A time from outside (an import, a damaged archive) beyond
# that (1e300, -inf, NaN) made the conversation list's painting raise, and the process crash at every start.
MAX_TIME = 32_503_680_000.0  # 3000-01-01T00:00:00Z


def valid_time(value: object, fallback: float = 0.0) -> float:
    """``value`` as a time within 1970..3000: clamped to that range, or ``fallback`` when it is not a
    number at all (text, None, NaN)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return fallback
    if math.isnan(value):
        return fallback
    return min(max(float(value), 0.0), MAX_TIME)


@dataclass(frozen=True, slots=True)
class Params:
    """Sampling parameters; ``None`` means "not sent: the model's own default applies"."""

    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    web_search: bool = False  # ask the provider to search the web (where the model can); not a body field
    thinking: Thinking | None = None  # None: the model's default; turned into the provider's own field

    def to_json(self) -> dict[str, float | int]:
        """The standard sampling fields of a request body (web search and thinking are the provider's
        own fields: see :func:`hunyuan_desktop.api.request.provider_fields`)."""
        out: dict[str, float | int] = {}
        if self.temperature is not None:
            out["temperature"] = self.temperature
        if self.top_p is not None:
            out["top_p"] = self.top_p
        if self.max_tokens is not None:
            out["max_tokens"] = self.max_tokens
        return out

    def stored(self) -> dict[str, float | int | bool | str]:
        """What the archive and presets keep: the sampling fields plus the switches that are set."""
        out: dict[str, float | int | bool | str] = dict(self.to_json())
        if self.web_search:
            out["web_search"] = True
        if self.thinking is not None:
            out["thinking"] = self.thinking.value
        return out

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Params:
        """Stored parameters; a value out of its range (a damaged row: infinity, 1e300) reads as not set.
        An import checks them strictly first (:func:`params_problem`)."""

        def num(key: str) -> float | None:
            value = data.get(key)
            low, high = PARAM_RANGES[key]
            ok = isinstance(value, int | float) and not isinstance(value, bool) and low <= value <= high
            return float(value) if ok else None  # type: ignore[arg-type]

        max_tokens = data.get("max_tokens")
        thinking = data.get("thinking")
        return cls(
            temperature=num("temperature"),
            top_p=num("top_p"),
            max_tokens=max_tokens if _token_count(max_tokens) else None,  # type: ignore[arg-type]
            web_search=data.get("web_search") is True,
            thinking=Thinking(thinking) if isinstance(thinking, str) and thinking in THINKING_VALUES else None,
        )


PARAM_RANGES: dict[str, tuple[float, float]] = {"temperature": (0.0, 2.0), "top_p": (0.0, 1.0)}
MAX_TOKENS_LIMIT = 10_000_000


def _token_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_TOKENS_LIMIT


def params_problem(data: object) -> str | None:
    """What is wrong with parameters from a file (an import), or None: each set value must be in range."""
    if not isinstance(data, dict):
        return "params is not an object"
    for key, (low, high) in PARAM_RANGES.items():
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            return f"params.{key} must be a number from {low:g} to {high:g}, not {str(value)[:40]}"
    value = data.get("max_tokens")
    if value is not None and not _token_count(value):
        return f"params.max_tokens must be a whole number from 1 to {MAX_TOKENS_LIMIT:,}, not {str(value)[:40]}"
    return None


class Thinking(enum.StrEnum):
    """The thinking switch or effort a conversation asks for (``""``: the model's default)."""

    OFF = "off"
    ON = "on"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


THINKING_VALUES = frozenset(t.value for t in Thinking)


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
    price: Price | None  # None: not known (never taken as free; no cost is shown or stored)
    updated: str = ""
    context_tokens: int = 32_000
    max_output_tokens: int = 4096
    max_messages: int = 40
    reasoning: bool = False
    provider: str = ""  # the provider's id ("" in a model made before providers were named)
    search: bool = False  # the provider can search the web for this model
    vision: bool = False  # takes images (the catalog says so, or the user marked it in Settings)

    @property
    def ref(self) -> str:
        return model_ref(self.provider, self.id)


# A model reference names the provider and the model: "deepseek:deepseek-v4-pro". A reference without a
# known provider prefix (every one stored before providers existed: "hunyuan-turbos-latest") is the
# default provider's, wcode's. Model ids may hold ":" themselves (Ollama's "qwen3:8b"); provider ids never do.
DEFAULT_PROVIDER = "wcode"  # the one name of the default provider, everywhere


def model_ref(provider: str, model_id: str) -> str:
    return f"{provider}:{model_id}" if provider and provider != DEFAULT_PROVIDER else model_id


def split_ref(ref: str, providers: Collection[str]) -> tuple[str, str]:
    """(provider id, model id) of a reference; ``providers``: the known provider ids."""
    head, sep, rest = ref.partition(":")
    if sep and head in providers and rest:
        return head, rest
    return DEFAULT_PROVIDER, ref


class BalanceKind(enum.StrEnum):
    """Where and in what shape a provider states the balance (:mod:`hunyuan_desktop.api.balance`)."""

    NONE = ""  # it publishes none through its API
    WCODE = "wcode"
    DEEPSEEK = "deepseek"
    MOONSHOT = "moonshot"
    SILICONFLOW = "siliconflow"
    OPENROUTER = "openrouter"


class SearchStyle(enum.StrEnum):
    """How a provider is asked to search the web."""

    NONE = ""
    WEB_SEARCH_OPTIONS = "web_search_options"  # OpenAI's field (TokenHub)
    ENABLE_SEARCH = "enable_search"  # DashScope


class ThinkingStyle(enum.StrEnum):
    """How a provider's thinking is switched or set."""

    NONE = ""
    EFFORT = "effort"  # reasoning_effort low / medium / high (TokenHub)
    EFFORT_NONE = "effort_none"  # the same, and "none" switches it off (Ollama)
    THINKING_TYPE = "thinking_type"  # thinking: {type: enabled | disabled} (DeepSeek, Zhipu, Ark)
    ENABLE_THINKING = "enable_thinking"  # enable_thinking: true | false (DashScope, SiliconFlow)


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
    balance: BalanceKind = BalanceKind.NONE  # how its balance is read
    key_required: bool = True  # False: a local server (Ollama, LM Studio) that takes any key or none
    search: SearchStyle = SearchStyle.NONE  # how web search is asked for
    search_sources: bool = True  # whether its answers name the pages searched (DashScope's compatible mode: no)
    thinking: ThinkingStyle = ThinkingStyle.NONE  # how thinking is switched
    site: str = ""  # the provider's console, for the key and prices
    note: str = ""  # a fact worth saying in Settings (e.g. "keys are bound to a region")
    title_model: str = ""  # its cheap model that names conversations ("": the conversation's own model)

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


class AttachmentKind(enum.StrEnum):
    IMAGE = "image"  # sent as an image part (a data URL), to models that take images
    FILE = "file"  # sent as its text, in a wrapper that names the file


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a question. Its bytes (an image, re-encoded; a file's extracted text, UTF-8) live
    in the archive once per content (``digest``: SHA-256), however many messages carry it."""

    kind: AttachmentKind
    name: str
    mime: str  # image/jpeg, image/png; text/plain for a file's text
    digest: str
    size: int  # bytes stored
    width: int = 0  # an image's pixels as sent
    height: int = 0
    chars: int = 0  # a file's text length
    cut: bool = False  # a file's text was cut to the size limit (the user chose so)


@dataclass(slots=True)
class Message:
    id: int
    conversation_id: int
    role: Role
    content: str
    reasoning: str = ""
    status: MessageStatus = MessageStatus.DONE
    error: str = ""
    error_kind: FailureKind | None = None
    model: str = ""
    usage: Usage | None = None
    cost: Decimal | None = None
    finish_reason: FinishReason = FinishReason.NONE
    parent_id: int | None = None
    created_at: float = 0.0
    updated_at: float = 0.0
    error_source: ErrorSource | None = None  # whose words ``error`` is (None in rows older than the field)
    continues: bool = False  # carries on the answer before it (Continue): shown and exported as one
    sources: tuple[Source, ...] = ()  # the web pages a web-search answer cites (at most MAX_SOURCES)
    sources_dropped: int = 0  # more sources the server sent than were kept (a hostile server sent 100,000)
    attachments: tuple[Attachment, ...] = ()  # a question's images and files, in the order they were added

    @property
    def cut_short(self) -> bool:
        """An answer with text that ended before it was complete (max_tokens, Stop, a crash): it can be
        continued where it is the last of its branch."""
        cut = self.finish_reason is FinishReason.LENGTH or self.status in (
            MessageStatus.STOPPED,
            MessageStatus.INTERRUPTED,
        )
        return self.role is Role.ASSISTANT and cut and bool(self.content.strip())


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

    @classmethod
    def read(cls, value: object) -> ErrorSource | None:
        """A stored source: None for none or one this code does not know."""
        try:
            return cls(str(value)) if value else None
        except ValueError:
            return None


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
    """Why the server ended the answer (an unknown word is OTHER)."""

    reason: FinishReason


@dataclass(frozen=True, slots=True)
class BalanceEvent:
    yuan: Decimal


@dataclass(frozen=True, slots=True)
class Source:
    """A web page an answer drew on (web search): its number in the answer's citation marks, title, URL."""

    index: int
    title: str
    url: str


MAX_SOURCES = 50  # per chunk as parsed, and per answer as kept
_URL_SCHEMES = ("https://", "http://")


def parse_sources(raw: Any) -> tuple[Source, ...]:
    """Web search results as sources: a list of ``{index?, title, url}`` (TokenHub's ``search_results``,
    DashScope's ``search_info.search_results``) or OpenAI-style ``url_citation`` annotations. Only http(s)
    links are kept (a ``javascript:`` URL from a hostile page never becomes a link); numbered from 1 in
    order where the server gave no index."""
    if not isinstance(raw, list):
        return ()
    out: list[Source] = []
    for n, entry in enumerate(raw[:MAX_SOURCES], start=1):
        if not isinstance(entry, dict):
            continue
        item = entry["url_citation"] if isinstance(entry.get("url_citation"), dict) else entry
        url = item.get("url") or item.get("link")
        if not isinstance(url, str) or not url.strip().lower().startswith(_URL_SCHEMES):
            continue
        title = item.get("title") or item.get("site_name") or url
        index = item.get("index")
        number = index if isinstance(index, int) and not isinstance(index, bool) and 0 < index < 10_000 else n
        out.append(Source(number, _clean(str(title))[:300], _clean(url.strip())[:2000]))
    return tuple(out)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text from outside (JSON may hold a lone surrogate, which UTF-8 cannot encode and no file or
    database can store): each lone surrogate becomes U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text)


_clean = clean_text


@dataclass(frozen=True, slots=True)
class SourcesEvent:
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Money:
    """A balance as the provider states it: most in yuan, some (OpenRouter, DeepSeek's USD top-ups) in
    dollars. Prices and costs are always yuan."""

    amount: Decimal
    currency: str = "CNY"


@dataclass(frozen=True, slots=True)
class ConnectionCheck:
    """What a connection test found without spending tokens: the models the key may use (the model list
    answered), and the balance where the provider publishes one."""

    models: tuple[str, ...] = ()
    balance: Money | None = None


@dataclass(frozen=True, slots=True)
class RetryWait:
    """The client waits ``seconds`` before trying again (a 429's Retry-After, or a back-off after a 5xx
    or a refused connection); nothing of the answer has arrived yet."""

    seconds: float
    kind: FailureKind  # the failure being retried


@dataclass(frozen=True, slots=True)
class StreamEnd:
    """The stream closed properly (``[DONE]``, or a finish reason followed by the end of the body)."""


StreamEvent = (
    TextDelta | ReasoningDelta | UsageEvent | FinishEvent | BalanceEvent | RetryWait | StreamEnd | SourcesEvent
)
