"""Where and as whom to call, and the client's limits: plain data, no HTTP library.

Kept apart from :mod:`hunyuan_desktop.api.client` so that composing the app does not import httpx
(~50 ms) before the window is shown; the client is made on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from hunyuan_desktop.api.balance import BALANCE_PATHS
from hunyuan_desktop.api.network import Network
from hunyuan_desktop.domain import BalanceKind


@dataclass(frozen=True)
class Endpoint:
    """Where and as whom to call. The key is kept out of ``repr`` so it cannot leak into a traceback."""

    base_url: str
    api_key: str = field(repr=False)
    balance_header: str | None = "X-Account-Balance"
    billing_path: str | None = None
    network: Network = field(default_factory=Network)  # proxy and trusted certificates
    balance_kind: BalanceKind = BalanceKind.NONE  # NONE with a billing_path: wcode's endpoint
    key_required: bool = True  # False: a local server (Ollama, LM Studio) that needs no key

    @property
    def secrets(self) -> list[str]:
        """What must never be shown, stored or logged: the key, and a proxy's password."""
        proxy = self.network.proxy
        password = urlsplit(proxy).password if "@" in proxy else None
        return [s for s in (self.api_key, password) if s]

    @property
    def billing_url(self) -> str | None:
        """Where the balance is read, or None when the provider publishes none."""
        path = BALANCE_PATHS.get(self.balance_kind)
        if path is not None:
            return self.base_url.rstrip("/") + path
        if not self.billing_path:
            return None
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}{self.billing_path}"


@dataclass(frozen=True)
class Timeouts:
    connect: float = 10.0
    first_byte: float = 120.0
    idle: float = 90.0


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    backoff: float = 0.5
    max_retry_after: float = 20.0
