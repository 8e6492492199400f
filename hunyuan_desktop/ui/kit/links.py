"""Which links in an answer may open, and which must ask first.

An answer is text a model wrote (or a server sent): its links are untrusted. A click opens only web pages
(http, https) and plain mail addresses (``mailto:`` with no ``?body=``/``attach=`` parameters, which some
mail programs honour); everything else (``file:``, ``javascript:``, custom schemes) never opens. A link
whose text itself reads like an address, but another one than where it goes (``[bank.com](https://evil.example)``),
opens only after the user saw both and agreed.
"""

from __future__ import annotations

import re
from enum import StrEnum
from urllib.parse import urlsplit


class LinkVerdict(StrEnum):
    OPEN = "open"
    ASK = "ask"  # the text names another address than the target
    REFUSE = "refuse"


_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s/]+@([^@\s/]+)$")


def _ascii(host: str) -> str:
    """A host as DNS sees it (an internationalised name in its xn-- form), without "www."."""
    host = host.lower().rstrip(".")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return host
    return host.removeprefix("www.")


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return _ascii(host)


def named_host(text: str) -> str | None:
    """The host a link's text names, if it reads like an address ("https://a.com/x", "www.a.com",
    "a.com/x", "me@a.com"); None for ordinary words."""
    text = text.strip().strip("<>").lower()
    if not text or " " in text:
        return None
    if "://" in text:
        return _host(text) or None
    email = _EMAIL.match(text.removeprefix("mailto:"))
    if email:
        return _ascii(email.group(1))
    host = _ascii(text.split("/", 1)[0].split(":", 1)[0])
    return host if _DOMAIN.match(host) else None


def display_url(href: str) -> str:
    """``href`` as a user should read it before opening it: an internationalised host in its ``xn--``
    form, so ``https://аpple.com`` (a Cyrillic а) no longer looks like ``https://apple.com``."""
    try:
        parts = urlsplit(href.strip())
        host = parts.hostname or ""
    except ValueError:
        return href
    if parts.scheme.lower() == "mailto":
        _user, at, domain = parts.path.rpartition("@")
        if at and not domain.isascii():
            return href.replace(domain, _idna(domain), 1)
        return href
    if not host or host.isascii():
        return href
    netloc = parts.netloc
    start = netloc.lower().rfind(host)
    shown = netloc[:start] + _idna(host) + netloc[start + len(host) :] if start >= 0 else netloc
    return parts._replace(netloc=shown).geturl()


def _idna(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        # Not encodable: shown escaped, never as a look-alike.
        return host.encode("ascii", "backslashreplace").decode("ascii")


def _same_site(a: str, b: str) -> bool:
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def judge_link(href: str, text: str) -> LinkVerdict:
    """Whether a click on a link with target ``href`` and visible ``text`` opens, asks or is refused."""
    target = href.strip()
    scheme = target.split(":", 1)[0].lower() if ":" in target else ""
    if scheme == "mailto":
        address = target[len("mailto:") :]
        if "?" in address or "," in address or not _EMAIL.match(address):
            return LinkVerdict.REFUSE
        target_host = _ascii(address.split("@", 1)[1])
    elif scheme in ("http", "https"):
        target_host = _host(target)
        if not target_host:
            return LinkVerdict.REFUSE
    else:
        return LinkVerdict.REFUSE
    named = named_host(text)
    if named is not None and not _same_site(named, target_host):
        return LinkVerdict.ASK
    return LinkVerdict.OPEN
