"""Where things are: places in the conversation's text (a message row, a document of it, a character),
the selection between two of them, find matches and the marks painted on text; and the rows' heights.

Row heights in a Fenwick (binary indexed) tree: the height above any row, the row at any y offset, and
one row's new height, each in O(log n) (a growing answer in a 10,000-message conversation re-measured
every row 60 times a second when a list view asked every row for its size).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtGui import QTextCursor, QTextDocument


class Mark(Enum):
    """What a highlighted span of text is: a find match, the current one, or the selection."""

    MATCH = "match"
    CURRENT = "current"
    SELECTION = "selection"


def span(doc: QTextDocument, start: int, end: int) -> QTextCursor:
    """A cursor selecting ``start``..``end`` of ``doc`` (clamped to its text)."""
    limit = doc.characterCount() - 1
    cursor = QTextCursor(doc)
    cursor.setPosition(min(start, limit))
    cursor.setPosition(min(end, limit), QTextCursor.MoveMode.KeepAnchor)
    return cursor


@dataclass(frozen=True, order=True, slots=True)
class TextPos:
    """A place in the conversation's text: message row, document of that message, character."""

    row: int
    doc: int
    char: int


@dataclass(slots=True)
class Selection:
    anchor: TextPos
    head: TextPos

    @property
    def start(self) -> TextPos:
        return min(self.anchor, self.head)

    @property
    def end(self) -> TextPos:
        return max(self.anchor, self.head)

    def covers(self, row: int) -> bool:
        return self.start.row <= row <= self.end.row

    def empty(self) -> bool:
        return self.anchor == self.head


@dataclass(frozen=True, slots=True)
class Match:
    """A find match as shown: document ``doc`` of the message's placed documents, characters
    ``start``..``end`` (for a plain-text body, of its whole text)."""

    doc: int
    start: int
    end: int


class Fenwick:
    """Prefix sums of row heights: point update, prefix sum and "which row holds y" in O(log n)."""

    def __init__(self, values: list[int]) -> None:
        self._n = len(values)
        self._tree = [0] * (self._n + 1)
        self._values = list(values)
        for i, v in enumerate(values, 1):
            self._tree[i] += v
            j = i + (i & -i)
            if j <= self._n:
                self._tree[j] += self._tree[i]

    def __len__(self) -> int:
        return self._n

    def value(self, i: int) -> int:
        return self._values[i]

    def set(self, i: int, value: int) -> None:
        delta = value - self._values[i]
        if not delta:
            return
        self._values[i] = value
        i += 1
        while i <= self._n:
            self._tree[i] += delta
            i += i & -i

    def append(self, value: int) -> None:
        self._values.append(0)
        self._n += 1
        i = self._n
        # The new node covers (i - lowbit(i), i]: rebuild it from the values it spans.
        low = i - (i & -i)
        self._tree.append(sum(self._values[low : i - 1]))
        self.set(self._n - 1, value)

    def prefix(self, i: int) -> int:
        """Sum of rows [0, i)."""
        total = 0
        while i > 0:
            total += self._tree[i]
            i -= i & -i
        return total

    def total(self) -> int:
        return self.prefix(self._n)

    def find(self, y: int) -> int:
        """The row containing offset y (clamped to the last row)."""
        pos = 0
        step = 1 << self._n.bit_length()
        remaining = y
        while step:
            nxt = pos + step
            if nxt <= self._n and self._tree[nxt] <= remaining:
                pos = nxt
                remaining -= self._tree[nxt]
            step >>= 1
        return min(pos, max(0, self._n - 1))
