"""The faults the stand-in serves on request, each a way a real server or network has failed a client:
error statuses, HTML error pages, slow or stalled or cut streams, malformed events, odd line endings,
characters split across writes, a hostile server's raw bytes."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


class FaultKind(StrEnum):
    NONE = "none"  # a normal answer (use to set text, chunking or rate for one request)
    STATUS = "status"  # an HTTP error status with the OpenAI error body (status, message, retry_after)
    HTML = "html"  # an HTML error page with the given status
    SLOW_FIRST_BYTE = "slow_first_byte"  # wait `delay` seconds before the response headers
    STALL = "stall"  # after `after` chunks, send nothing for `delay` seconds (then carry on)
    DROP = "drop"  # after `after` chunks, cut the connection mid-body
    MALFORMED = "malformed"  # after `after` chunks, a data line that is not JSON
    ERROR_MID = "error_mid"  # after `after` chunks, an {"error": ...} object, then the end of the body
    NO_DONE = "no_done"  # all content, but no finish reason, no usage and no [DONE]
    LENGTH = "length"  # finish_reason "length" after `after` chunks
    SENSITIVE = "sensitive"  # finish_reason "sensitive" after `after` chunks
    NONSTREAM = "nonstream"  # a 200 application/json whole response even though a stream was asked for
    RAW = "raw"  # exactly `status`, `headers` and the `parts` of a body (a hostile server), then close or cut


# The kinds that end or pause a stream after `after` chunks.
CUTTING = frozenset(
    {FaultKind.DROP, FaultKind.MALFORMED, FaultKind.ERROR_MID, FaultKind.LENGTH, FaultKind.SENSITIVE, FaultKind.STALL}
)


@dataclass
class Fault:
    """What the next request(s) get instead of (or on top of) a normal answer."""

    kind: FaultKind = FaultKind.NONE
    status: int = 500
    message: str = ""
    retry_after: float | None = None
    after: int = 3
    delay: float = 0.0
    # Shape of the byte stream, combinable with any kind:
    crlf: bool = False  # CRLF line endings
    cr_only: bool = False  # CR line endings
    bom: bool = False  # a UTF-8 BOM before the first event
    keepalive: bool = False  # a ": keep-alive" comment between events
    split_writes: int = 0  # write each event in pieces of this many bytes (splits UTF-8 characters)
    reasoning: str = ""  # reasoning_content deltas before the answer
    text: str | None = None  # the answer (default: a canned demo reply)
    chunk_chars: int = 0  # characters per chunk (default: the server's)
    rate: float = -1.0  # chunks per second, 0 = as fast as possible (default: the server's)
    times: int = 1  # how many requests this fault applies to
    # "raw": the response is these headers and body parts, nothing added but the status line and
    # Connection: close. Each part is (pause in seconds before it, base64 of its bytes). The body ends
    # when the connection closes; `cut` aborts it instead (a reset, not a clean close).
    headers: dict[str, str] = field(default_factory=dict)
    parts: list[tuple[float, str]] = field(default_factory=list)
    cut: bool = False
    route: str = "chat"  # "chat" (POST /chat/completions) or "billing" (GET the billing endpoint)

    def __post_init__(self) -> None:
        try:
            self.kind = FaultKind(self.kind)  # a fault sent as JSON names its kind as text
        except ValueError:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {', '.join(FaultKind)}") from None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fault:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def error_body(message: str, kind: str = "invalid_request_error") -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}
