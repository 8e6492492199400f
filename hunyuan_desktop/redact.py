"""Keep API keys out of every text the app shows, stores or logs. No Qt.

A server may echo the key back in any body (an HTML error page, a JSON error object, a proxy's debug
output), escaped in any of the ways a body escapes text. :func:`redact` is applied to the *whole* text
before anything shortens it: a cut made first could leave a key's prefix that no longer matches.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "«redacted»"
MIN_SECRET = 6  # shorter "keys" are not secrets worth masking (and would mask ordinary words)

# Key-shaped strings and Authorization values, whatever key they belong to: a Bearer token, a Basic
# user:password in base64 (a proxy's 407 page may quote the Proxy-Authorization it was sent), the
# password in a URL's user part (scheme://user:password@host).
_PATTERNS = (
    re.compile(r"(?i)(bearer\s+)[^\s\"'<>,;]+"),
    re.compile(r"(?i)(proxy-authorization\s*[:=]\s*)(?!basic\b|bearer\b)[^\s\"'<>,;]+"),
    re.compile(r"(?i)([a-z][a-z0-9+.\-]*://[^\s:/@\"'<>]*:)[^\s@/\"'<>]+(?=@)"),
    re.compile(r"\bsk-[A-Za-z0-9_\-]{6,}"),
)


def _forms(secret: str) -> list[str]:
    """The secret as it may appear in a body: plain, JSON-, HTML- and URL-escaped, longest first."""
    forms = {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        html.escape(secret),
        quote(secret, safe=""),
        quote_plus(secret, safe=""),
        "".join(f"\\u{ord(ch):04x}" for ch in secret),
        "".join(f"\\u{ord(ch):04X}" for ch in secret),
    }
    return sorted(forms, key=len, reverse=True)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every known secret (in each escaped form) and every key-shaped string masked."""
    for raw in secrets:
        secret = raw.strip()
        if len(secret) < MIN_SECRET:
            continue
        for form in _forms(secret):
            if form in text:
                text = text.replace(form, MASK)
            elif form.lower() in text.lower():
                text = re.sub(re.escape(form), MASK, text, flags=re.IGNORECASE)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + MASK, text)
    return _BASIC.sub(_mask_basic, text)


_BASIC = re.compile(r"(?i)(basic\s+)([A-Za-z0-9+/]{4,}={0,2})")


def _mask_basic(match: re.Match[str]) -> str:
    """``Basic <base64 of user:password>`` masked; "basic idea" is left alone."""
    try:
        decoded = base64.b64decode(match.group(2), validate=True)
    except ValueError:
        return match.group(0)
    return match.group(1) + MASK if b":" in decoded else match.group(0)


def shorten(text: str, limit: int, secrets: Iterable[str] = ()) -> str:
    """Redact, then cut to ``limit`` characters (in that order, always)."""
    text = redact(text, secrets)
    return text if len(text) <= limit else text[: limit - 1] + "…"
