"""Typed, non-secret preferences, kept as ``settings.json`` in the data directory. No Qt.

Never holds the API key (that is :mod:`hunyuan_desktop.secrets`' job); :meth:`Settings.save` refuses a
field name that looks like one, as a guard against a future mistake.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

SETTINGS_NAME = "settings.json"
DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant."


def default_data_dir() -> Path:
    env = os.environ.get("HUNYUAN_DESKTOP_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("hunyuan-desktop", appauthor=False))


class UrlCheck:
    OK = "ok"
    INSECURE = "insecure"  # http to a remote host: allowed only after explicit confirmation
    INVALID = "invalid"


_LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}


def check_base_url(url: str) -> str:
    """``https`` anywhere; ``http`` only on loopback (anything else needs the user's explicit yes)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return UrlCheck.INVALID
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return UrlCheck.INVALID
    if parts.scheme == "https":
        return UrlCheck.OK
    host = parts.hostname
    if host in _LOOPBACK or host.startswith("127."):
        return UrlCheck.OK
    return UrlCheck.INSECURE


@dataclass
class Settings:
    provider: str = "wcode"
    base_url: str = ""  # empty: the provider's default
    insecure_url_confirmed: str = ""  # the one remote http URL the user explicitly accepted
    default_model: str = "hunyuan-turbos-latest"
    system_prompt: str = DEFAULT_SYSTEM_PROMPT
    streaming: bool = True
    low_balance_yuan: str = "5"
    language: str = ""  # empty: follow the system locale

    @property
    def low_balance(self) -> Decimal:
        try:
            return Decimal(self.low_balance_yuan)
        except InvalidOperation:
            return Decimal(5)

    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        path = data_dir / SETTINGS_NAME
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        defaults = cls()
        values = {}
        for f in fields(cls):
            value = raw.get(f.name, getattr(defaults, f.name))
            if isinstance(value, type(getattr(defaults, f.name))):
                values[f.name] = value
        return cls(**values)

    def save(self, data_dir: Path) -> None:
        data = asdict(self)
        assert not any("key" in name and "api" in name for name in data), "secrets do not go in settings"
        data_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=".settings-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=2)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, data_dir / SETTINGS_NAME)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
