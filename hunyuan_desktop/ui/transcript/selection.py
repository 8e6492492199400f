"""Selecting text within and across messages, and copying it (plain text, and HTML for a rich paste)."""

from __future__ import annotations

import bisect
import html
from collections.abc import Iterator

from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QTextCursor,
    QTextDocument,
)

from hunyuan_desktop.ui.markup.maths import source_between
from hunyuan_desktop.ui.transcript.layout import MARGIN_X, MARGIN_Y, PAD, Doc
from hunyuan_desktop.ui.transcript.positions import Selection, TextPos, span
from hunyuan_desktop.ui.transcript.view import OBJECT, ViewCore


class SelectionMixin(ViewCore):
    def position_at(self, pos: QPointF) -> TextPos | None:
        """The text position under ``pos`` (viewport coordinates), clamped to the nearest text."""
        if not self._messages:
            return None
        top = self.verticalScrollBar().value()
        row = self._heights.find(max(0, top + int(pos.y())))
        item = self.item(row)
        placed = item.placed()
        y = pos.y() - (self._heights.prefix(row) - top + MARGIN_Y + PAD)
        index = max(0, bisect.bisect_right([p.top for p in placed], y) - 1)
        doc = placed[index].doc
        if not isinstance(doc, QTextDocument):
            return TextPos(row, index, 0)  # plain-text bodies select as a whole (see select_message)
        local = QPointF(pos.x() - MARGIN_X - PAD - placed[index].indent, y - placed[index].top)
        if local.y() >= placed[index].height:  # in the gap below a document: its end
            return TextPos(row, index, doc.characterCount() - 1)
        char = doc.documentLayout().hitTest(local, Qt.HitTestAccuracy.FuzzyHit)
        return TextPos(row, index, max(0, char))

    def _selected_range(self, row: int, doc_index: int) -> tuple[int, int] | None:
        sel = self._selection
        if sel is None or sel.empty():
            return None
        start, end = sel.start, sel.end
        if not self.item(row).selectable(doc_index):
            return None  # the name and time above, the links below: not part of the text
        here = (row, doc_index)
        if here < (start.row, start.doc) or here > (end.row, end.doc):
            return None
        first = start.char if here == (start.row, start.doc) else 0
        last = end.char if here == (end.row, end.doc) else 1 << 30
        return (first, last) if last > first else None

    def select(self, anchor: TextPos, head: TextPos) -> None:
        self._selection = Selection(anchor, head)
        self.viewport().update()

    def clear_selection(self) -> None:
        if self._selection is not None:
            self._selection = None
            self.viewport().update()

    def select_all(self) -> None:
        if self._messages:
            last = len(self._messages) - 1
            self.select(TextPos(0, 0, 0), TextPos(last, len(self.item(last).placed()) - 1, 1 << 30))

    def _selected_pieces(self) -> Iterator[tuple[int, Doc, tuple[int, int]]]:
        """(row, document, chosen span) of every part of a message's text the selection covers."""
        sel = self._selection
        if sel is None or sel.empty():
            return
        for row in range(sel.start.row, sel.end.row + 1):
            for index, placed in enumerate(self.item(row).placed()):
                chosen = self._selected_range(row, index)
                if chosen is not None:
                    yield row, placed.doc, chosen

    def selected_text(self) -> str:
        """The selection as plain text: documents of a message on their own lines, messages apart."""
        by_row: dict[int, list[str]] = {}
        for row, doc, chosen in self._selected_pieces():
            if isinstance(doc, QTextDocument):
                # A formula is copied as its LaTeX with its delimiters, not as an object character.
                text = source_between(doc, *chosen, self.formulas)
                if text is None:
                    text = span(doc, *chosen).selection().toPlainText()
            else:
                text = doc.toPlainText()
            text = text.replace(OBJECT, "")  # an image (the model's mark, a copy icon) is not text
            if text.strip():
                by_row.setdefault(row, []).append(text)
        return "\n\n".join("\n".join(parts) for parts in by_row.values())

    def selected_html(self) -> str:
        """The selection as HTML (headings, lists, code and tables kept, for pasting into a document)."""
        parts: list[str] = []
        for _, doc, chosen in self._selected_pieces():
            if isinstance(doc, QTextDocument):
                page = span(doc, *chosen).selection().toHtml()  # a whole page: keep what is inside its body
                start = page.find(">", page.find("<body")) + 1
                end = page.rfind("</body>")
                parts.append(page[start:end] if 0 < start <= end else page)
            else:
                parts.append("<pre>" + html.escape(doc.toPlainText()) + "</pre>")
        return "<html><body>" + "\n".join(parts) + "</body></html>" if parts else ""

    def copy(self) -> bool:
        """The selection to the clipboard, as plain text and as HTML (rich paste keeps the formatting).
        The QMimeData is made in Python: :func:`release_clipboard` must run before the interpreter ends."""
        text = self.selected_text()
        if not text:
            return False
        data = QMimeData()
        data.setText(text)
        rich = self.selected_html()
        if rich:
            data.setHtml(rich)
        QGuiApplication.clipboard().setMimeData(data)
        return True

    def _word_or_block(self, pos: TextPos, unit: QTextCursor.SelectionType) -> None:
        doc = self.item(pos.row).placed()[pos.doc].doc
        if not isinstance(doc, QTextDocument):
            return
        cursor = QTextCursor(doc)
        cursor.setPosition(min(pos.char, doc.characterCount() - 1))
        cursor.select(unit)
        self.select(
            TextPos(pos.row, pos.doc, cursor.selectionStart()), TextPos(pos.row, pos.doc, cursor.selectionEnd())
        )
