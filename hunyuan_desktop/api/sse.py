"""Incremental Server-Sent Events decoder following the WHATWG parsing rules.

Fed raw bytes in whatever pieces the network delivers, it yields complete events. Rules kept
(html.spec.whatwg.org §9.2.5-9.2.6, docs/ARCHITECTURE.md, "Server-sent events"):

* UTF-8, decoded incrementally (a character split across reads is fine; invalid bytes become U+FFFD);
  one leading BOM is dropped.
* A line ends at CRLF, LF or CR; a CR that ends one read and an LF that starts the next are one ending.
* ``:`` starts a comment; ``field: value`` strips exactly one space; a line without a colon is a field
  with an empty value; ``data`` lines are joined with LF; ``event`` sets the type; other fields are
  ignored (we never reconnect, so ``id``/``retry`` do not matter).
* A blank line dispatches, but an event with no data is not dispatched.
* Data still pending when the stream ends is dropped.

Lines and events are bounded (``max_event_chars``): an oversized one is a protocol error, never
unbounded memory.

Hand-written rather than the ``openai`` SDK's decoder: the SDK's keeps BOM-prefixed first events,
dispatches empty data, and costs about 9x more per chunk on our hot path (docs/ARCHITECTURE.md, "Platform facts").
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

DEFAULT_MAX_EVENT_CHARS = 4 * 1024 * 1024


class SSEOverflowError(ValueError):
    """A line or an event grew beyond the decoder's limit."""


@dataclass(frozen=True, slots=True)
class SSEEvent:
    data: str
    event: str = "message"


class SSEDecoder:
    __slots__ = (
        "_data",
        "_data_size",
        "_decoder",
        "_event",
        "_limit",
        "_partial",
        "_partial_size",
        "_pending_cr",
        "_started",
    )

    def __init__(self, max_event_chars: int = DEFAULT_MAX_EVENT_CHARS) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        # An unfinished line, in the pieces it arrived in: joined once its end arrives, so a long line fed
        # in small reads costs O(n), not O(n²) (a 4 MB line in 1 KB reads took 2.45 s when re-joined).
        self._partial: list[str] = []
        self._partial_size = 0
        self._pending_cr = False
        self._started = False
        self._data: list[str] = []
        self._data_size = 0
        self._event = ""
        self._limit = max_event_chars

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        text = self._decoder.decode(chunk)
        if not text:
            return []
        if not self._started:
            self._started = True
            if text[0] == "\ufeff":
                text = text[1:]
        if self._pending_cr:
            self._pending_cr = False
            if text[:1] == "\n":
                text = text[1:]
        if "\n" not in text and "\r" not in text:
            self._partial.append(text)
            self._partial_size += len(text)
            if self._partial_size > self._limit:
                self._partial, self._partial_size = [], 0
                raise SSEOverflowError(f"an SSE line is longer than {self._limit} characters")
            return []
        if self._partial:
            self._partial.append(text)
            text = "".join(self._partial)
        if "\r" in text:
            self._pending_cr = text.endswith("\r")
            lines = _LINE_BREAK.split(text)
        else:
            lines = text.split("\n")
        rest = lines.pop()
        self._partial, self._partial_size = ([rest], len(rest)) if rest else ([], 0)
        if self._partial_size > self._limit:
            self._partial, self._partial_size = [], 0
            raise SSEOverflowError(f"an SSE line is longer than {self._limit} characters")
        events: list[SSEEvent] = []
        for line in lines:
            self._line(line, events)
        return events

    def close(self) -> list[SSEEvent]:
        """End of stream: a complete final line is still interpreted, but an undispatched event is dropped."""
        tail = self._decoder.decode(b"", final=True)
        events: list[SSEEvent] = []
        if tail:
            events = self.feed(tail.encode())
        self._partial, self._partial_size = [], 0
        self._data.clear()
        self._data_size = 0
        self._event = ""
        return events

    def _line(self, line: str, events: list[SSEEvent]) -> None:
        if not line:
            if self._data:
                events.append(SSEEvent("\n".join(self._data), self._event or "message"))
                self._data = []
                self._data_size = 0
            self._event = ""
            return
        if line[0] == ":":
            return
        colon = line.find(":")
        if colon < 0:
            name, value = line, ""
        else:
            name = line[:colon]
            value = line[colon + 1 :]
            if value[:1] == " ":
                value = value[1:]
        if name == "data":
            self._data_size += len(value) + 1
            if self._data_size > self._limit:
                self._data = []
                self._data_size = 0
                raise SSEOverflowError(f"an SSE event is larger than {self._limit} characters")
            self._data.append(value)
        elif name == "event":
            self._event = value
