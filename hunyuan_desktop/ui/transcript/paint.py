"""Painting the visible rows: bubbles, documents, placeholders for rows not rendered yet, and the marks
on text (find matches, the current match, the selection); and find in conversation as the view does it
(the matches in a message's text, source kept: formulas and code included; where one is; scrolling to it)."""

from __future__ import annotations

import bisect

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextDocument,
)

from hunyuan_desktop.domain import MessageStatus, Role
from hunyuan_desktop.ui.markup.maths import expanded_text, to_document_position
from hunyuan_desktop.ui.transcript.layout import MARGIN_X, MARGIN_Y, PAD, Doc, MessageLayout
from hunyuan_desktop.ui.transcript.plainbody import PlainBody
from hunyuan_desktop.ui.transcript.positions import Mark, Match, span
from hunyuan_desktop.ui.transcript.selection import SelectionMixin
from hunyuan_desktop.ui.transcript.view import ViewCore


class FindMarksMixin(ViewCore):
    def set_find(self, query: str) -> None:
        """Highlight every occurrence of ``query`` (ignoring case) in the messages shown; "" for none."""
        if query != self._find:
            self._find = query
            self._found.clear()
            self._find_current = None
            self.viewport().update()

    def _complete(self, row: int) -> MessageLayout:
        """The row's item with all of its text rendered (a long finished answer renders a group per
        turn of the event loop; a match must be found in what will be shown, not in the first groups)."""
        item = self.item(row)
        message_id = self._messages[row].id
        for _ in range(10_000):
            if not item.body.more or self._messages[row].status is MessageStatus.STREAMING:
                break
            self._refresh(message_id)
        return item

    def matches_in(self, row: int) -> list[Match]:
        """The find matches in the body of ``row`` as rendered, top to bottom (cached per rendering)."""
        if not self._find:
            return []
        item = self.item(row)
        placed = item.placed()
        key: tuple[object, ...] = (id(item), id(placed), len(placed), item.body.source_len)
        cached = self._found.get(row)
        if cached is not None and cached[0] == key:
            return cached[1]
        found: list[Match] = []
        body_docs = {id(d) for d in item.body.docs}
        for index, p in enumerate(placed):
            doc = p.doc
            if isinstance(doc, PlainBody):
                text, query = doc.toPlainText().casefold(), self._find.casefold()
                start = text.find(query)
                while start >= 0:
                    found.append(Match(index, start, start + len(query)))
                    start = text.find(query, start + max(1, len(query)))
            elif id(doc) in body_docs:
                text, spans = expanded_text(doc, self.formulas)
                if spans:  # formulas shown as images: match their source, mark the whole image
                    wanted, folded = self._find.casefold(), text.casefold()
                    start = folded.find(wanted)
                    while start >= 0:
                        end = start + len(wanted)
                        found.append(
                            Match(index, to_document_position(start, spans), to_document_position(end, spans, True))
                        )
                        start = folded.find(wanted, start + max(1, len(wanted)))
                    continue
                cursor = doc.find(self._find, 0)
                while not cursor.isNull() and cursor.hasSelection():
                    found.append(Match(index, cursor.selectionStart(), cursor.selectionEnd()))
                    cursor = doc.find(self._find, cursor)
        self._found[row] = (key, found)
        return found

    def _match_y(self, row: int, match: Match) -> float:
        """Where ``match`` is, from the top of the conversation."""
        item = self.item(row)
        placed = item.placed()[match.doc]
        y = 0.0
        doc = placed.doc
        if isinstance(doc, QTextDocument):
            block = doc.findBlock(match.start)
            y = doc.documentLayout().blockBoundingRect(block).top()
            layout = block.layout()
            if layout is not None:
                line = layout.lineForTextPosition(match.start - block.position())
                if line.isValid():
                    y += line.y()
        else:
            piece = max(0, bisect.bisect_right(doc.starts(), match.start) - 1)
            y = doc.tops()[piece]
        return self._heights.prefix(row) + MARGIN_Y + PAD + placed.top + y

    def show_match(self, row: int, index: int) -> int:
        """Scroll match ``index`` of ``row`` into view (a third from the top) and mark it as the current
        one; returns how many matches the row has as rendered."""
        if not 0 <= row < len(self._messages):
            return 0
        self._complete(row)
        self._measure(row)
        self._update_range()
        found = self.matches_in(row)
        self.follow = False
        bar = self.verticalScrollBar()
        self._find_current = (row, min(index, len(found) - 1)) if found else None
        for _ in range(3):  # rows measured on the way in move what is below them: aim again
            if found:
                y = self._match_y(row, found[min(index, len(found) - 1)]) - self.viewport().height() / 3
            else:
                y = float(self._heights.prefix(row))
            self._programmatic = True
            bar.setValue(int(y))
            self._programmatic = False
            before = self._heights.prefix(row)
            self._settle()
            if self._heights.prefix(row) == before:
                break
        self.viewport().update()
        return len(found)

    def show_footnote(self, message_id: int, label: str) -> bool:
        """Scroll to the note ``[^label]:`` of a message (a click on its reference). False if not there."""
        row = self._rows.get(message_id)
        if row is None:
            return False
        item = self._complete(row)
        for index, placed in enumerate(item.placed()):
            doc = placed.doc
            if not isinstance(doc, QTextDocument):
                continue
            block = doc.begin()
            while block.isValid():
                it = block.begin()
                while not it.atEnd():
                    fragment = it.fragment()
                    if f"fn-{label}" in fragment.charFormat().anchorNames():
                        self._measure(row)
                        self._update_range()
                        self.follow = False
                        y = self._match_y(row, Match(index, fragment.position(), fragment.position()))
                        self._programmatic = True
                        self.verticalScrollBar().setValue(int(y - self.viewport().height() / 3))
                        self._programmatic = False
                        self._settle()
                        self.viewport().update()
                        return True
                    it += 1
                block = block.next()
        return False


class PaintMixin(FindMarksMixin, SelectionMixin):
    def paintEvent(self, event: QPaintEvent) -> None:
        rows = self._settle()
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        top = self.verticalScrollBar().value()
        # Only what the event asks for: while an answer streams that is a strip at its end.
        area = event.rect()
        area_top, area_bottom = float(area.top()), float(area.bottom() + 1)
        theme = self.theme
        column_width = self._text_width() + 2 * PAD
        for row in rows:
            y = self._heights.prefix(row) - top
            height = self._heights.value(row)
            if y + height <= area_top or y >= area_bottom:
                continue
            message = self._messages[row]
            if self._deferred and not self.rendered(row):
                column = QRectF(MARGIN_X + self._column(), y + MARGIN_Y, column_width, height - 2 * MARGIN_Y)
                self._draw_placeholder(painter, column, message.role is Role.USER)
                continue
            item = self.item(row)
            # A question: a filled bubble at the column's right, fitted to its text. An answer: on the
            # page, no box (a failed one in the error colour).
            bubble = QRectF(MARGIN_X + item.offset, y + MARGIN_Y, item.inner + 2 * PAD, height - 2 * MARGIN_Y)
            pen: QPen | QColor | Qt.PenStyle = Qt.PenStyle.NoPen
            fill: QColor | Qt.BrushStyle = Qt.BrushStyle.NoBrush
            if message.role is Role.USER:
                fill = QColor(theme.user_bubble)
            elif message.status is MessageStatus.ERROR:
                fill, pen = QColor(theme.error_bg), QColor(theme.error)
            if row == self.focus_row and self.hasFocus():
                # The message the keyboard is on (Ctrl+Up/Down): a ring in the highlight colour.
                pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2)
            if pen != Qt.PenStyle.NoPen or fill != Qt.BrushStyle.NoBrush:
                painter.setPen(pen)
                painter.setBrush(fill)
                painter.drawRoundedRect(bubble, 12, 12)
            origin = float(y + MARGIN_Y + PAD)
            selecting = self._selection is not None and self._selection.covers(row)
            found = self.matches_in(row) if self._find else []
            index_of = {id(p): i for i, p in enumerate(item.placed())} if selecting or found else {}
            # A long answer is a stack of documents, mostly off screen: draw only what shows.
            for placed in item.visible(area_top - origin, area_bottom - origin):
                doc_y = origin + placed.top
                painter.save()
                painter.translate(MARGIN_X + PAD + placed.indent, doc_y)
                clip_top = max(0.0, area_top - doc_y)
                clip_bottom = min(placed.height, area_bottom - doc_y) + 1
                rect = QRectF(0, clip_top, placed.doc.textWidth() + 1, clip_bottom - clip_top)
                marks = self._marks(row, index_of[id(placed)], found, placed.doc) if index_of else []
                if marks and isinstance(placed.doc, QTextDocument):
                    self._draw_marked(painter, placed.doc, rect, marks)
                else:
                    placed.doc.drawContents(painter, rect)
                painter.restore()
        painter.end()
        if not self._ahead.isActive():
            self._ahead.start()  # then, while idle, render what is next to the view

    def _draw_placeholder(self, painter: QPainter, bubble: QRectF, user: bool) -> None:
        """A row not rendered yet (the scroll bar is being dragged past it): its bubble with grey bars
        where the text will be."""
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self.theme.placeholder))
        line = 22.0
        width = bubble.width() - 2 * PAD
        y = bubble.top() + PAD
        widths = (0.18, 0.92, 0.85, 0.96, 0.6) if not user else (0.12, 0.7)
        for i in range(int((bubble.height() - 2 * PAD) // line)):
            fraction = widths[min(i, len(widths) - 1)] if i < len(widths) else 0.9 - 0.15 * (i % 3)
            painter.drawRoundedRect(QRectF(bubble.left() + PAD, y + 5, width * fraction, line - 12), 3, 3)
            y += line

    def _draw_marked(
        self, painter: QPainter, doc: QTextDocument, rect: QRectF, marks: list[tuple[int, int, Mark]]
    ) -> None:
        system = self.palette()
        selections: list[QAbstractTextDocumentLayout.Selection] = []
        for start, end, role in marks:
            cursor = span(doc, start, end)
            look = QTextCharFormat()
            if role is Mark.SELECTION:
                look.setBackground(system.color(QPalette.ColorRole.Highlight))
                look.setForeground(system.color(QPalette.ColorRole.HighlightedText))
            else:
                look.setBackground(QColor(self.palette_.current_match if role is Mark.CURRENT else self.palette_.match))
            selection = QAbstractTextDocumentLayout.Selection()
            selection.cursor = cursor
            selection.format = look
            selections.append(selection)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = rect
        context.selections = selections
        painter.setClipRect(rect, Qt.ClipOperation.IntersectClip)
        doc.documentLayout().draw(painter, context)

    def _marks(self, row: int, index: int, found: list[Match], doc: Doc) -> list[tuple[int, int, Mark]]:
        """What to highlight in document ``index`` of ``row``: (start, end, colour role), find matches
        first, the selection over them."""
        if not isinstance(doc, QTextDocument):
            return []
        marks: list[tuple[int, int, Mark]] = []
        for k, match in enumerate(found):
            if match.doc == index:
                current = self._find_current == (row, k)
                marks.append((match.start, match.end, Mark.CURRENT if current else Mark.MATCH))
        chosen = self._selected_range(row, index)
        if chosen is not None:
            marks.append((chosen[0], chosen[1], Mark.SELECTION))
        return marks
