"""How requests reach the provider: the proxy (the system's, none, or one given) and which certificates
are trusted (the operating system's store, plus an optional CA file for company networks). Plain data
and pure functions; the client builds its HTTP connections from them.

The system's proxy is what ``urllib.request.getproxies()`` reports: the ``*_proxy`` environment variables,
else Windows' registry or macOS' network settings; ``no_proxy`` and the platform's bypass list apply, and a
loopback server (a local Ollama, the stand-in) is always reached directly.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from hunyuan_desktop.domain import ProxyMode
from hunyuan_desktop.settings import (  # re-exported: the client and the app use them from here too
    ProxyValueError,
    check_proxy,
    shown_proxy,
    split_password,
    with_password,
)

__all__ = [
    "Network",
    "ProxyValueError",
    "check_proxy",
    "is_loopback",
    "proxy_for",
    "shown_proxy",
    "split_password",
    "ssl_context",
    "with_password",
]

if TYPE_CHECKING:
    import ssl

# urllib.request and ssl are imported where a connection is made: app.py imports this module at start-up,
# and importing urllib.request (http.client, email) there cost start-up time for nothing.


@dataclass(frozen=True, slots=True)
class Network:
    """``proxy``: "system", "none", or a proxy URL (http, https, socks5, socks5h; may carry user:password).
    ``ca_file``: a PEM file of extra certificate authorities to trust, or ""."""

    proxy: str = ProxyMode.SYSTEM.value
    ca_file: str = ""


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def proxy_for(network: Network, url: str) -> str | None:
    """The proxy a request to ``url`` goes through, or None for a direct connection."""
    if network.proxy == ProxyMode.NONE:
        return None
    if network.proxy != ProxyMode.SYSTEM:
        return network.proxy
    import urllib.request  # noqa: PLC0415 - see the imports above

    parts = urlsplit(url)
    host = parts.hostname
    if is_loopback(host) or (host and urllib.request.proxy_bypass(host)):
        return None
    proxies = urllib.request.getproxies()
    return proxies.get(parts.scheme) or proxies.get("all") or None


def ssl_context(network: Network) -> ssl.SSLContext:
    """The operating system's certificate store (truststore: Windows' and macOS' own verification, the
    system's CA bundle on Linux), plus the CA file when one is set. Raises OSError / ssl.SSLError for a
    CA file that cannot be read or holds no certificate."""
    import ssl  # noqa: PLC0415 - see the imports above

    import truststore  # noqa: PLC0415 - only when a connection is made (start-up does not need it)

    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if network.ca_file:
        context.load_verify_locations(cafile=network.ca_file)
    return context
