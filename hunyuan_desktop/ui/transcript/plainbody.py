"""A message body too large or too odd for rich text, as plain text laid out only where it is seen.

Rich rendering costs grow with the text and, for some shapes, faster than the text: a finished 1 MB
single-line answer took 11.7 s of layout, 500,000 × ``*a`` never finished in the markdown parser, a
20 × 5,000 table took 2.3 s. Such a body is shown as plain text instead, cut into pieces of at most
``PIECE_CHARS`` (at a line end where one is near, anywhere otherwise). A piece becomes a document only
when it is on screen (at most ``KEEP_DOCS`` are kept); the others have a height estimated from their
length, replaced by the real one when they are first laid out. Laying out one piece costs a few
milliseconds, so no answer of any size stalls the window for long.

It stands in for a ``QTextDocument`` where the chat view uses one (``size``, ``setTextWidth``,
``textWidth``, ``drawContents``, ``toPlainText``, ``toHtml``).
"""

from __future__ import annotations

import bisect
import html
from collections import OrderedDict

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPainter,
    QPalette,
    QTextDocument,
    QTextOption,
)

PIECE_CHARS = 2000
KEEP_DOCS = 48
BULK_PIECES = 64


def split_points(text: str, start: int) -> list[int]:
    """Piece starts from ``start`` on: every piece is at most ``PIECE_CHARS``, cut after a line break in
    its second half where there is one. Pieces before the last depend only on their own text, so a
    growing text changes nothing but its last piece."""
    starts = [start]
    pos = start
    n = len(text)
    while n - pos > PIECE_CHARS:
        end = pos + PIECE_CHARS
        newline = text.rfind("\n", pos + PIECE_CHARS // 2, end)
        pos = newline + 1 if newline >= 0 else end
        starts.append(pos)
    return starts


class PlainBody:
    def __init__(self, text: str, width: float, color: str, font: QFont | None = None) -> None:
        self._text = ""
        self._width = width
        self._color = QColor(color)
        self._font = font or QGuiApplication.font()
        font = self._font
        metrics = QFontMetricsF(font)
        self._line = metrics.lineSpacing()
        self._narrow = max(1.0, metrics.averageCharWidth())
        self._starts: list[int] = []
        self._heights: list[float] = []
        self._measured: list[bool] = []
        self._tops: list[float] | None = None
        self._docs: OrderedDict[int, QTextDocument] = OrderedDict()
        self.set_text(text)

    # ---- content -----------------------------------------------------------------------------------

    def set_text(self, text: str) -> bool:
        """Show ``text`` (which extends the current text, as a streaming answer does). True if changed."""
        if text == self._text:
            return False
        if not text.startswith(self._text):
            self._starts, self._heights, self._measured = [], [], []
            self._docs.clear()
        self._text = text
        first = self._starts.pop() if self._starts else 0  # the last piece may grow: split it again
        if self._heights:
            self._heights.pop()
            self._measured.pop()
            self._docs.pop(len(self._starts), None)
        new = split_points(text, first)
        begin = len(self._starts)
        self._starts += new
        if len(new) > BULK_PIECES:
            # Many pieces at once (a huge answer opened): one pass over the whole new text in C, spread
            # by length; per piece it cost 23 ms for 10 MB. Each is corrected when laid out.
            per_char = self._estimate_text(text[first:]) / max(1, len(text) - first)
            ends = [*new[1:], len(text)]
            self._heights += [(end - start) * per_char for start, end in zip(new, ends, strict=True)]
        else:
            self._heights += [self._estimate_text(self._piece(i)) for i in range(begin, len(self._starts))]
        self._measured += [False] * len(new)
        self._tops = None
        return True

    def _piece(self, index: int) -> str:
        end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self._text)
        return self._text[self._starts[index] : end]

    def _estimate_text(self, piece: str) -> float:
        # A CJK character is about twice as wide as a Latin one and three bytes in UTF-8: the byte count
        # gives the mix without a Python loop over the characters.
        wide = (len(piece.encode("utf-8", "surrogatepass")) - len(piece)) // 2
        advance = (len(piece) + wide) * self._narrow
        lines = piece.count("\n") + 1 + advance / max(40.0, self._width)
        return lines * self._line

    # ---- geometry ----------------------------------------------------------------------------------

    def starts(self) -> list[int]:
        """Where each piece begins in the text."""
        return self._starts

    def tops(self) -> list[float]:
        if self._tops is None:
            tops: list[float] = []
            y = 0.0
            for h in self._heights:
                tops.append(y)
                y += h
            self._tops = tops
        return self._tops

    def size(self) -> QSizeF:
        tops = self.tops()
        return QSizeF(self._width, (tops[-1] + self._heights[-1]) if tops else 0.0)

    def textWidth(self) -> float:
        return self._width

    def setTextWidth(self, width: float) -> None:
        if width == self._width:
            return
        self._width = width
        self._docs.clear()
        text, self._text = self._text, ""
        self._starts, self._heights, self._measured = [], [], []
        self.set_text(text)

    def pieces_in(self, top: float, bottom: float) -> range:
        tops = self.tops()
        if not tops:
            return range(0)
        first = max(0, bisect.bisect_right(tops, top) - 1)
        last = max(first, bisect.bisect_right(tops, bottom) - 1)
        return range(first, min(last, len(tops) - 1) + 1)

    def realize(self, top: float, bottom: float) -> bool:
        """Lay out the pieces that reach into ``top``..``bottom``; True when a height changed."""
        changed = False
        for index in self.pieces_in(top, bottom):
            doc = self._doc(index)
            height = doc.size().height()
            if not self._measured[index] or height != self._heights[index]:
                changed = changed or height != self._heights[index]
                self._heights[index] = height
                self._measured[index] = True
        if changed:
            self._tops = None
        return changed

    def _doc(self, index: int) -> QTextDocument:
        doc = self._docs.get(index)
        if doc is not None:
            self._docs.move_to_end(index)
            return doc
        doc = QTextDocument()
        doc.setDefaultFont(self._font)
        doc.setDocumentMargin(0)
        doc.setUndoRedoEnabled(False)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(option)
        doc.setPlainText(self._piece(index).removesuffix("\n"))
        doc.setTextWidth(self._width)
        self._docs[index] = doc
        if len(self._docs) > KEEP_DOCS:
            self._docs.popitem(last=False)
        return doc

    # ---- drawing and text --------------------------------------------------------------------------

    def drawContents(self, painter: QPainter, rect: QRectF) -> None:
        tops = self.tops()
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, self._color)
        for index in self.pieces_in(rect.top(), rect.bottom()):
            doc = self._doc(index)
            painter.save()
            painter.translate(0, tops[index])
            clip = rect.translated(0, -tops[index]).intersected(QRectF(0, 0, self._width + 1, self._heights[index]))
            painter.setClipRect(clip, Qt.ClipOperation.IntersectClip)
            context.clip = clip
            doc.documentLayout().draw(painter, context)
            painter.restore()

    def toPlainText(self) -> str:
        return self._text

    def toHtml(self) -> str:
        return f"<pre>{html.escape(self._text)}</pre>"

    @property
    def piece_count(self) -> int:
        return len(self._starts)

    @property
    def laid_out(self) -> int:
        """How many pieces are documents right now (a test checks that it stays small)."""
        return len(self._docs)
