"""Every failure of a call to the chat API, translated at the boundary into one hierarchy.

::

    ApiError                 kind: what the user should be told; message: the server's own words
    ├── BadKeyError          401/403, "Incorrect API_KEY", "No API_KEY", "Invalid API-KEY"
    ├── BalanceError         402, "exceeded the current quota", 余额不足
    ├── RateLimitError       429, "Rate limit"; retry_after in seconds when the server said
    ├── ServerError          5xx
    ├── RejectedError        other 4xx (bad parameters, request too large, moderation)
    ├── NetworkError         DNS failure, refused, reset
    │   └── ConnectionDroppedError   the connection closed in the middle of a response
    ├── ApiTimeoutError      connect / first byte / idle between events
    ├── ProtocolError        malformed JSON, an HTML page where JSON was due, oversized event
    └── TruncatedError       the stream closed without [DONE] or a finish reason

Transport exceptions never escape the api package: the client raises these ``from`` the original.
Messages never contain the API key: the client redacts every error it raises (whole text first, then
shortened). ``from_server`` says whether ``message`` is the server's own words (an HTTP error body, an
error object) or the client's description of a local observation (DNS, timeout, a malformed body).
"""

from __future__ import annotations

import re
from decimal import Decimal

from hunyuan_desktop.domain import FailureKind
from hunyuan_desktop.redact import shorten

MESSAGE_LIMIT = 1000  # characters of the server's words kept in an error (after redaction)


class ApiError(Exception):
    kind: FailureKind = FailureKind.SERVER
    retryable = False

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        code: str | None = None,
        balance: Decimal | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after
        self.code = code
        self.balance = balance
        self.from_server = False

    def redact(self, secrets: list[str], limit: int = MESSAGE_LIMIT) -> None:
        """Mask the key in the message (every escaped form), then shorten it to ``limit``."""
        self.message = shorten(self.message, limit, secrets)
        self.args = (self.message,)

    def __str__(self) -> str:
        prefix = f"HTTP {self.status}: " if self.status else ""
        return f"{prefix}{self.message}"


class BadKeyError(ApiError):
    kind = FailureKind.BAD_KEY


class BalanceError(ApiError):
    kind = FailureKind.BALANCE


class RateLimitError(ApiError):
    kind = FailureKind.RATE_LIMIT
    retryable = True


class ServerError(ApiError):
    kind = FailureKind.SERVER
    retryable = True


class RejectedError(ApiError):
    kind = FailureKind.REJECTED


class NetworkError(ApiError):
    kind = FailureKind.NETWORK
    retryable = True


class ConnectionDroppedError(NetworkError):
    kind = FailureKind.DROPPED
    retryable = False  # may happen after content; the client retries only before any


class ProxyFailedError(NetworkError):
    kind = FailureKind.PROXY
    retryable = False  # the same proxy answers the same way a second later


class CertificateError(NetworkError):
    kind = FailureKind.CERTIFICATE
    retryable = False


class ApiTimeoutError(ApiError):
    kind = FailureKind.TIMEOUT


class ProtocolError(ApiError):
    kind = FailureKind.PROTOCOL


class TruncatedError(ApiError):
    kind = FailureKind.TRUNCATED


_BALANCE_TEXT = re.compile(
    r"quota|insufficient.{0,20}(?:balance|credits)|balance.{0,20}insufficient|余额不足|欠费|arrears", re.IGNORECASE
)
_KEY_TEXT = re.compile(r"incorrect api[_ -]?key|no api[_ -]?key|invalid api[_ -]?key|unauthori[sz]ed", re.I)
_RATE_TEXT = re.compile(r"rate limit|too many requests|请求过于频繁", re.IGNORECASE)


# Error codes that mean "no money left" whatever the HTTP status (docs/ARCHITECTURE.md, "Providers on the wire"):
# Zhipu 1113 (sent as HTTP 429), DashScope Arrearage, Ark AccountOverdueError, OpenAI insufficient_quota.
_BALANCE_CODES = frozenset({"1113", "Arrearage", "AccountOverdueError", "insufficient_quota"})


def classify(status: int | None, message: str, code: str | None = None) -> type[ApiError]:
    """Map an HTTP status, the server's message and its error code to an error class.

    wcode documents its errors by message text, not by status code (docs/ARCHITECTURE.md, "Providers on
    the wire"), so the text is checked first and the status decides only when the text says nothing
    recognisable. A provider's documented balance code wins over its status (Zhipu's arrears come as
    429: never retried as a rate).
    """
    if code in _BALANCE_CODES or _BALANCE_TEXT.search(message) or status == 402:
        return BalanceError
    if _KEY_TEXT.search(message) or status in (401, 403):
        return BadKeyError
    if _RATE_TEXT.search(message) or status == 429:
        return RateLimitError
    if status is None or status >= 500:
        return ServerError
    return RejectedError


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds form; HTTP dates are rare for APIs)."""
    if not value:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
