"""Typed, non-secret preferences, kept as ``settings.json`` in the data directory. No Qt.

:class:`Settings` is a frozen value: a change is a new value (``dataclasses.replace``), written by one
owner (:class:`hunyuan_desktop.chat.settings_store.SettingsStore`), so a Settings dialog that is closed
after a failed Save, or after Test, leaves the running app and the file as they were.

Reading a file is lenient and checked field by field (a value of the wrong type or out of range is the
default; a damaged file is set aside): a file edited by hand, or by something else, never stops the app.
The checks a dialog needs before saving (a base URL, a proxy) are plain functions here, testable without
Qt. Never holds a key or a password (:mod:`hunyuan_desktop.secrets` does): :meth:`Settings.save` refuses a
field name that looks like one, as a guard against a future mistake.
"""

from __future__ import annotations

import contextlib
import enum
import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import platformdirs

from hunyuan_desktop.domain import (
    DEFAULT_PROVIDER,
    Price,
    ProxyMode,
    ThemeChoice,
    clean_text,
    is_loopback,
    plausible_yuan,
)
from hunyuan_desktop.files import private_dir, write_private

SETTINGS_NAME = "settings.json"
DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant."
# Models a user may add to one provider (fetched or typed). A hand-edited settings file with 50,000 ids
# kept the window from appearing for 40 s; no provider lists anywhere near this many.
MAX_USER_MODELS = 1000
MAX_MODEL_ID = 200
ZOOM_RANGE = (50, 300)


def default_data_dir() -> Path:
    env = os.environ.get("HUNYUAN_DESKTOP_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("hunyuan-desktop", appauthor=False))


# ---- base URLs -------------------------------------------------------------------------------------


class UrlCheck(enum.StrEnum):
    OK = "ok"
    INSECURE = "insecure"  # http to a remote host: allowed only after explicit confirmation
    INVALID = "invalid"


def check_base_url(url: str) -> UrlCheck:
    """``https`` anywhere; ``http`` only on loopback (anything else needs the user's explicit yes). A URL
    with a user name or password in it (``https://wcode.net@evil.example/v1``) is refused: it reads as one
    host and goes to another, and httpx would send those credentials instead of the key."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return UrlCheck.INVALID
    if parts.scheme not in ("http", "https") or not host or "@" in parts.netloc:
        return UrlCheck.INVALID
    if parts.scheme == "https":
        return UrlCheck.OK
    return UrlCheck.OK if is_loopback(host) else UrlCheck.INSECURE


# ---- proxies ---------------------------------------------------------------------------------------

PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


class ProxyValueError(ValueError):
    """A proxy setting that is neither "system", "none" nor a usable proxy URL (the message says why)."""


def check_proxy(value: str) -> str:
    """The proxy setting normalised ("system", "none" or the URL), or ProxyValueError."""
    value = value.strip()
    if value.lower() in (ProxyMode.SYSTEM.value, ProxyMode.NONE.value, ""):
        return value.lower() or ProxyMode.SYSTEM.value
    parts = urlsplit(value)
    if parts.scheme.lower() not in PROXY_SCHEMES:
        raise ProxyValueError(f"a proxy URL starts with {', '.join(s + '://' for s in PROXY_SCHEMES)}")
    if not parts.hostname:
        raise ProxyValueError("the proxy URL has no host")
    try:
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError as exc:
        raise ProxyValueError(f"the proxy URL's port is not valid ({exc})") from exc
    return value


def split_password(proxy: str) -> tuple[str, str | None]:
    """A proxy URL without its password (the user name stays), and the password (None without one).
    The settings file keeps the first; the keyring keeps the second."""
    if ProxyMode.of(proxy) is not ProxyMode.CUSTOM or "@" not in proxy:
        return proxy, None
    parts = urlsplit(proxy)
    if parts.password is None:
        return proxy, None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    return urlunsplit((parts.scheme, f"{user}@{hostport}", parts.path, parts.query, parts.fragment)), parts.password


def with_password(proxy: str, password: str) -> str:
    """``proxy`` (with a user name, no password) with ``password`` put back, URL-quoted."""
    parts = urlsplit(proxy)
    user, _, hostport = parts.netloc.rpartition("@")
    netloc = f"{user}:{quote(password, safe='')}@{hostport}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def shown_proxy(proxy: str) -> str:
    """A proxy URL as it may be shown or logged: without its user name and password."""
    parts = urlsplit(proxy)
    if parts.username is None and parts.password is None:
        return proxy
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _proxy_setting(value: object, *, inherit: bool) -> str | None:
    """A proxy setting from a file: "system", "none" or a usable URL ("" too, where ``inherit``: the
    general one), or None when it is none of these."""
    if not isinstance(value, str):
        return None
    if inherit and not value.strip():
        return ""
    try:
        return check_proxy(value)
    except ProxyValueError:
        return None


# ---- a provider's options ------------------------------------------------------------------------


def user_price(value: object) -> Price | None:
    """A price the user entered (``[input, output]`` yuan per 1000 tokens), or None when it is not two
    plausible non-negative amounts."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    amounts = [plausible_yuan(v) for v in value]
    if any(a is None or a < 0 for a in amounts):
        return None
    return Price(amounts[0], amounts[1])  # type: ignore[arg-type]


def usable_model_id(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip()) and len(value) <= MAX_MODEL_ID


@dataclass(frozen=True, slots=True)
class ProviderOptions:
    """What the user set for one provider: its address (``""``: the catalog's), its proxy (``""``: the
    general one; "system", "none" or a URL without its password), models fetched from ``/models`` or
    typed (at most ``MAX_USER_MODELS``), prices per model id, and the models marked as reading images."""

    base_url: str = ""
    proxy: str = ""
    models: tuple[str, ...] = ()
    prices: Mapping[str, Price] = field(default_factory=dict)
    vision: tuple[str, ...] = ()  # model ids the user marked as reading images (the catalog's are known)

    @classmethod
    def from_json(cls, raw: object) -> ProviderOptions:
        if not isinstance(raw, dict):
            return cls()
        url = raw.get("base_url")
        proxy = _proxy_setting(raw.get("proxy", ""), inherit=True)
        models = raw.get("models")
        ids = list(dict.fromkeys(m for m in models[: MAX_USER_MODELS * 2] if usable_model_id(m))) if isinstance(
            models, list
        ) else []  # fmt: skip
        prices = raw.get("prices")
        priced = (
            {k: p for k, v in list(prices.items())[: MAX_USER_MODELS * 4] if (p := user_price(v)) is not None}
            if isinstance(prices, dict)
            else {}
        )
        marked = raw.get("vision")
        vision = [m for m in marked[: MAX_USER_MODELS * 2] if usable_model_id(m)] if isinstance(marked, list) else []
        return cls(
            base_url=url.strip()[:2000] if isinstance(url, str) else "",
            proxy=proxy or "",
            models=tuple(ids[:MAX_USER_MODELS]),
            prices=priced,
            vision=tuple(dict.fromkeys(vision)),
        )

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {}
        if self.base_url:
            out["base_url"] = self.base_url
        if self.proxy:
            out["proxy"] = self.proxy
        if self.models:
            out["models"] = list(self.models)
        if self.prices:
            out["prices"] = {k: [str(p.input_per_1k), str(p.output_per_1k)] for k, p in self.prices.items()}
        if self.vision:
            out["vision"] = list(self.vision)
        return out

    def __bool__(self) -> bool:
        return bool(self.base_url or self.proxy or self.models or self.prices or self.vision)


# ---- the settings --------------------------------------------------------------------------------


def _cleaned(value: Any) -> Any:
    """JSON-like data with every string fit for a UTF-8 file (a lone surrogate, which JSON may hold and
    UTF-8 cannot, made writing the settings fail): see :func:`clean_text`."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    if isinstance(value, dict):
        return {_cleaned(k): _cleaned(v) for k, v in value.items()}
    return value


class SettingsProblem(enum.StrEnum):
    DAMAGED = "damaged"  # not JSON, or not an object: set aside, defaults used
    UNREADABLE = "unreadable"  # exists but cannot be read (permissions, I/O error)


@dataclass(frozen=True, slots=True)
class Settings:
    provider: str = DEFAULT_PROVIDER  # the provider Settings opens on (each conversation's model names its own)
    insecure_url_confirmed: str = ""  # the one remote http URL the user explicitly accepted
    default_model: str = "hunyuan-turbos-latest"
    new_model: str = "last"  # a new conversation's model: "last" (the one last chosen) or "default"
    system_prompt: str = DEFAULT_SYSTEM_PROMPT
    streaming: bool = True
    low_balance_yuan: str = "5"
    language: str = ""  # empty: follow the system locale
    chat_zoom: int = 100  # percent: the chat text's size (Ctrl+= / Ctrl+- / Ctrl+0, Ctrl+wheel)
    theme: ThemeChoice = ThemeChoice.SYSTEM  # --theme overrides it for one run
    font_size: int = 0  # the interface's font size in pixels; 0: the system's (else 10..24)
    window_geometry: str = ""  # Qt's saveGeometry(), base64
    splitter_state: str = ""  # Qt's saveState() of the three panes, base64
    show_list: bool = True
    show_params: bool = True
    proxy: str = ProxyMode.SYSTEM.value  # "system", "none" or a proxy URL without its password; --proxy overrides
    ca_file: str = ""  # extra certificate authorities (PEM) to trust besides the system's, for company networks
    auto_title: bool = True  # name a conversation after its first answer
    sync_remote: str = ""  # the remote `sync` uses without --remote (its credentials live in the keyring)
    sync_auto: bool = False  # sync from the window shortly after start and after answers
    sync_http_confirmed: str = ""  # the one plain-http sync remote off this computer the user accepted
    long_paste: str = ""  # a paste over 10,000 characters: "attach" (as a file), "text", or "" (ask once)
    # Which model names it: "" (the default) asks the conversation's own provider (its cheap model where the
    # catalog names one, else the conversation's model), so nothing is sent to a provider the user did not
    # choose; a model reference asks that model (never for a conversation with a local provider). It
    # replaced "title_model" (always wcode's hunyuan-lite), which a file may still hold: ignored.
    title_with: str = ""
    provider_options: Mapping[str, ProviderOptions] = field(default_factory=dict)
    providers_enabled: tuple[str, ...] = (DEFAULT_PROVIDER,)  # whose models the list offers

    @property
    def low_balance(self) -> Decimal:
        try:
            value = Decimal(self.low_balance_yuan)
        except (InvalidOperation, ValueError):
            return Decimal(5)
        return value if value.is_finite() and abs(value) < 10**9 else Decimal(5)

    def option(self, provider_id: str) -> ProviderOptions:
        return self.provider_options.get(provider_id) or ProviderOptions()

    def with_option(self, provider_id: str, option: ProviderOptions) -> Settings:
        """These settings with one provider's options replaced (dropped when empty)."""
        options = {k: v for k, v in self.provider_options.items() if k != provider_id}
        if option:
            options[provider_id] = option
        return replace(self, provider_options=options)

    # ---- the file ------------------------------------------------------------------------------

    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        return cls.read(data_dir)[0]

    @classmethod
    def read(cls, data_dir: Path) -> tuple[Settings, SettingsProblem | None]:
        """The settings, and what was wrong with the file if the defaults had to be used. A damaged file
        is moved aside (``settings.json.damaged-<time>``), never overwritten by the next save."""
        path = data_dir / SETTINGS_NAME
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return cls(), None
        except OSError:
            return cls(), SettingsProblem.UNREADABLE
        try:
            raw = json.loads(data.decode("utf-8"))
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            raw = None
        if not isinstance(raw, dict):
            with contextlib.suppress(OSError):
                path.replace(path.with_name(f"{SETTINGS_NAME}.damaged-{time.strftime('%Y%m%d-%H%M%S')}"))
            return cls(), SettingsProblem.DAMAGED
        return cls.from_json(raw), None

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Settings:
        """Every field checked: the wrong type, or a value out of range, is the default."""
        raw = _cleaned(raw)
        defaults = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in ("theme", "proxy", "provider_options", "providers_enabled"):
                continue
            value = raw.get(f.name)
            default = getattr(defaults, f.name)
            if type(value) is type(default):  # a bool is no int here (chat_zoom: true was accepted)
                values[f.name] = value
        zoom = values.get("chat_zoom", defaults.chat_zoom)
        values["chat_zoom"] = zoom if ZOOM_RANGE[0] <= zoom <= ZOOM_RANGE[1] else defaults.chat_zoom
        size = values.get("font_size", 0)
        values["font_size"] = size if 10 <= size <= 24 else 0
        theme = raw.get("theme")
        values["theme"] = ThemeChoice(theme) if theme in {c.value for c in ThemeChoice} else defaults.theme
        values["proxy"] = _proxy_setting(raw.get("proxy"), inherit=False) or defaults.proxy
        options = raw.get("provider_options")
        parsed = {
            k: ProviderOptions.from_json(v)
            for k, v in (options.items() if isinstance(options, dict) else ())
            if isinstance(k, str) and ":" not in k and len(k) <= 40
        }
        legacy = raw.get("base_url")  # a file from before providers: its URL was the default provider's
        provider = values.get("provider", defaults.provider)
        if isinstance(legacy, str) and legacy and not parsed.get(provider, ProviderOptions()).base_url:
            parsed[provider] = replace(parsed.get(provider, ProviderOptions()), base_url=legacy)
        values["provider_options"] = {k: v for k, v in parsed.items() if v}
        enabled = raw.get("providers_enabled")
        ids = [p for p in (enabled[:100] if isinstance(enabled, list) else []) if isinstance(p, str)]
        values["providers_enabled"] = tuple(dict.fromkeys(ids)) or defaults.providers_enabled
        return cls(**values)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "provider_options":
                value = {k: v.to_json() for k, v in value.items() if v}
            elif f.name == "providers_enabled":
                value = list(value)
            elif isinstance(value, enum.Enum):
                value = value.value
            out[f.name] = value
        return out

    def save(self, data_dir: Path) -> None:
        """Write the file atomically (a failure leaves the old one); raises OSError."""
        data = _cleaned(self.to_json())
        assert not any(("key" in name and "api" in name) or "password" in name for name in data), (
            "secrets do not go in settings"
        )
        write_private(private_dir(data_dir) / SETTINGS_NAME, json.dumps(data, ensure_ascii=False, indent=2))
