"""Typed, non-secret preferences, kept as ``settings.json`` in the data directory. No Qt.

Never holds the API key (that is :mod:`hunyuan_desktop.secrets`' job); :meth:`Settings.save` refuses a
field name that looks like one, as a guard against a future mistake.
"""

from __future__ import annotations

import contextlib
import enum
import json
import os
import time
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

from hunyuan_desktop.domain import is_loopback
from hunyuan_desktop.files import private_dir, write_private

SETTINGS_NAME = "settings.json"
DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant."


def default_data_dir() -> Path:
    env = os.environ.get("HUNYUAN_DESKTOP_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("hunyuan-desktop", appauthor=False))


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


def provider_option(options: dict[str, Any], provider: str) -> dict[str, Any]:
    """A provider's entry in ``provider_options`` (see :class:`Settings`), created empty when missing or
    not an object."""
    raw = options.get(provider)
    if not isinstance(raw, dict):
        raw = options[provider] = {}
    return raw


class SettingsProblem(enum.StrEnum):
    DAMAGED = "damaged"  # not JSON, or not an object: set aside, defaults used
    UNREADABLE = "unreadable"  # exists but cannot be read (permissions, I/O error)


@dataclass
class Settings:
    provider: str = "wcode"  # the provider Settings opens on (each conversation's model names its own)
    base_url: str = ""  # legacy (one provider): read into provider_options["wcode"]["base_url"], then ""
    insecure_url_confirmed: str = ""  # the one remote http URL the user explicitly accepted
    default_model: str = "hunyuan-turbos-latest"
    system_prompt: str = DEFAULT_SYSTEM_PROMPT
    streaming: bool = True
    low_balance_yuan: str = "5"
    language: str = ""  # empty: follow the system locale
    chat_zoom: int = 100  # percent: the chat text's size (Ctrl+= / Ctrl+- / Ctrl+0, Ctrl+wheel)
    theme: str = "system"  # light, dark or system (--theme overrides it for one run)
    font_size: int = 0  # the interface's font size in pixels; 0: the system's
    window_geometry: str = ""  # Qt's saveGeometry(), base64
    splitter_state: str = ""  # Qt's saveState() of the three panes, base64
    show_list: bool = True
    show_params: bool = True
    proxy: str = "system"  # "system", "none" or a proxy URL (http, https, socks5); --proxy overrides
    ca_file: str = ""  # extra certificate authorities (PEM) to trust besides the system's, for company networks
    auto_title: bool = True  # name a conversation after its first answer
    # Which model names it: "" (the default) asks the conversation's own provider (its cheap model where the
    # catalog names one, else the conversation's model), so nothing is sent to a provider the user did not
    # choose; a model reference asks that model (never for a conversation with a local provider). It
    # replaced "title_model" (always wcode's hunyuan-lite), which a file may still hold: ignored.
    title_with: str = ""
    # Per provider id: {"base_url": str, "proxy": "" (the global one) | "system" | "none" | URL,
    # "models": [ids fetched from /models or typed], "prices": {model id: [input, output] yuan per 1K}}.
    provider_options: dict[str, Any] = field(default_factory=dict)
    providers_enabled: list[str] = field(default_factory=lambda: ["wcode"])  # whose models the list offers

    @property
    def low_balance(self) -> Decimal:
        try:
            value = Decimal(self.low_balance_yuan)
        except (InvalidOperation, ValueError):
            return Decimal(5)
        return value if value.is_finite() and abs(value) < 10**9 else Decimal(5)

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
        return cls._from_dict(raw), None

    @classmethod
    def _from_dict(cls, raw: dict[str, object]) -> Settings:
        defaults = cls()
        values = {}
        for f in fields(cls):
            value = raw.get(f.name, getattr(defaults, f.name))
            if isinstance(value, type(getattr(defaults, f.name))):
                values[f.name] = value
        settings = cls(**values)
        if settings.base_url:  # a file from before providers: its URL was the provider's
            provider_option(settings.provider_options, settings.provider).setdefault("base_url", settings.base_url)
            settings.base_url = ""
        settings.providers_enabled = [p for p in settings.providers_enabled if isinstance(p, str)] or ["wcode"]
        return settings

    def save(self, data_dir: Path) -> None:
        data = asdict(self)
        assert not any("key" in name and "api" in name for name in data), "secrets do not go in settings"
        write_private(private_dir(data_dir) / SETTINGS_NAME, json.dumps(data, ensure_ascii=False, indent=2))
