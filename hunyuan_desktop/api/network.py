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
from urllib.parse import urlsplit, urlunsplit

from hunyuan_desktop.domain import ProxyMode

if TYPE_CHECKING:
    import ssl

# urllib.request and ssl are imported where a connection is made: app.py imports this module at start-up,
# and importing urllib.request (http.client, email) there cost start-up time for nothing.

PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


@dataclass(frozen=True, slots=True)
class Network:
    """``proxy``: "system", "none", or a proxy URL (http, https, socks5, socks5h; may carry user:password).
    ``ca_file``: a PEM file of extra certificate authorities to trust, or ""."""

    proxy: str = ProxyMode.SYSTEM.value
    ca_file: str = ""


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
    from urllib.parse import quote  # noqa: PLC0415 - see the imports above (urllib.parse is cheap; kept local)

    parts = urlsplit(proxy)
    user, _, hostport = parts.netloc.rpartition("@")
    netloc = f"{user}:{quote(password, safe='')}@{hostport}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


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
