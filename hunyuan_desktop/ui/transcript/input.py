"""The mouse and the keyboard on the conversation: what is under the pointer (a link, a message), clicks,
drags, the context menu, keys; moving from message to message (screen readers follow); what tests and
Copy read of a message as drawn."""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import (
    QClipboard,
    QContextMenuEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QToolTip

from hunyuan_desktop.domain import Message
from hunyuan_desktop.ui.kit.dialogs import tip
from hunyuan_desktop.ui.kit.links import display_url
from hunyuan_desktop.ui.transcript.chrome import ACTION_TOGGLE_REASONING
from hunyuan_desktop.ui.transcript.layout import MARGIN_X, MARGIN_Y, PAD
from hunyuan_desktop.ui.transcript.plainbody import PlainBody
from hunyuan_desktop.ui.transcript.selection import SelectionMixin


class InputMixin(SelectionMixin):
    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width lays the messages out again (not re-parsed). What was being read stays in view:
        the message at the top keeps the same share of itself above the view's edge (the scroll
        position in pixels pointed elsewhere once every height had changed), unless the view follows
        the newest answer."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            place = self._reading_place() if self._messages and not self.follow else None
            self._invalidate_all(keep_documents=True)
            if place is not None:
                self._return_to(*place)
        self._update_range()
        self._stick()

    def _reading_place(self) -> tuple[int, float]:
        """The row at the top of the view and how much of it (0..1) is above the view's edge."""
        top = self.verticalScrollBar().value()
        row = self._heights.find(top)
        return row, (top - self._heights.prefix(row)) / max(1, self._heights.value(row))

    def _return_to(self, row: int, share: float) -> None:
        self._measure(row)  # its real height at the new width (rows above follow as they are measured)
        self._update_range()
        self._programmatic = True
        self.verticalScrollBar().setValue(self._heights.prefix(row) + round(share * self._heights.value(row)))
        self._programmatic = False

    def anchor_at(self, pos: QPoint) -> tuple[Message | None, str]:
        if not self._messages:
            return None, ""
        top = self.verticalScrollBar().value()
        row = self._heights.find(top + pos.y())
        item = self.item(row)
        origin = float(self._heights.prefix(row) - top + MARGIN_Y + PAD)
        y = pos.y() - origin
        for placed in item.visible(y, y):
            if placed.top <= y < placed.top + placed.height:
                if isinstance(placed.doc, PlainBody):
                    break  # plain text has no links
                local = QPointF(pos.x() - MARGIN_X - PAD - placed.indent, y - placed.top)
                return self._messages[row], placed.doc.documentLayout().anchorAt(local)
        return self._messages[row], ""

    def link_text_at(self, pos: QPoint) -> str:
        """The text of the link under ``pos`` (what it says, to compare with where it goes)."""
        if not self._messages:
            return ""
        top = self.verticalScrollBar().value()
        row = self._heights.find(top + pos.y())
        item = self.item(row)
        y = pos.y() - float(self._heights.prefix(row) - top + MARGIN_Y + PAD)
        for placed in item.visible(y, y):
            doc = placed.doc
            if placed.top <= y < placed.top + placed.height and isinstance(doc, QTextDocument):
                local = QPointF(pos.x() - MARGIN_X - PAD - placed.indent, y - placed.top)
                href = doc.documentLayout().anchorAt(local)
                char = doc.documentLayout().hitTest(local, Qt.HitTestAccuracy.ExactHit)
                if not href or char < 0:
                    return ""
                # The run of fragments with this target that holds the character under the mouse.
                block = doc.findBlock(char)
                it = block.begin()
                run: list[str] = []
                holds = False
                while not it.atEnd():
                    fragment = it.fragment()
                    if fragment.charFormat().anchorHref() == href:
                        run.append(fragment.text())
                        holds = holds or fragment.contains(char)
                    elif holds:
                        break
                    else:
                        run = []
                    it += 1
                return "".join(run) if holds else ""
        return ""

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = self.position_at(event.position())
        if pos is None:
            return
        if time.monotonic() - self._last_double < QGuiApplication.styleHints().mouseDoubleClickInterval() / 1000:
            self._word_or_block(pos, QTextCursor.SelectionType.BlockUnderCursor)  # a third click: the paragraph
            self._press = None
            return
        self._press = event.position()
        self._dragging = False
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and self._selection is not None:
            self.select(self._selection.anchor, pos)
            self._dragging = True
        else:
            self.select(pos, pos)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = self.position_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and pos is not None:
            self._word_or_block(pos, QTextCursor.SelectionType.WordUnderCursor)
            self._last_double = time.monotonic()
            self._press = None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            moved = (point - self._press).manhattanLength()
            if self._dragging or moved >= QGuiApplication.styleHints().startDragDistance():
                self._dragging = True
                pos = self.position_at(point)
                if pos is not None and self._selection is not None:
                    self.select(self._selection.anchor, pos)
                return
        _, href = self.anchor_at(point.toPoint())
        external = href if href.startswith(("http://", "https://", "mailto:")) else ""
        if external != self._hover_href:
            # Where a link really goes, shown on hover before it is clicked (its text may say otherwise).
            self._hover_href = external
            self.viewport().setToolTip(tip(display_url(external)))
            if not external:
                QToolTip.hideText()
        cursor = Qt.CursorShape.PointingHandCursor if href else Qt.CursorShape.IBeamCursor
        self.viewport().setCursor(cursor if self._messages else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            dragged, self._dragging, self._press = self._dragging, False, None
            if dragged:
                text = self.selected_text()
                clipboard = QGuiApplication.clipboard()
                if text and clipboard.supportsSelection():
                    clipboard.setText(text, QClipboard.Mode.Selection)  # middle-click paste, as on X11
                return
            message, href = self.anchor_at(event.position().toPoint())
            if message is not None and href:
                self.clear_selection()
                text = self.link_text_at(event.position().toPoint())
                if href == ACTION_TOGGLE_REASONING:
                    self.toggle_reasoning(message.id)
                self.anchorClicked.emit(message.id, href, text)
                return
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        message, _ = self.anchor_at(self.viewport().mapFrom(self, event.pos()))
        if message is not None:
            self.messageMenuRequested.emit(message.id, event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        if event.modifiers() == Qt.KeyboardModifier.ControlModifier and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_focus(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        if event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End) and not event.modifiers():
            bar = self.verticalScrollBar()
            home = event.key() == Qt.Key.Key_Home
            bar.triggerAction(bar.SliderAction.SliderToMinimum if home else bar.SliderAction.SliderToMaximum)
            return
        if event.matches(QKeySequence.StandardKey.SelectAll):
            self.select_all()
            return
        super().keyPressEvent(event)

    def move_focus(self, step: int) -> None:
        """Put the keyboard on the next (``step`` > 0) or previous message and bring it into view."""
        if not self._messages:
            return
        if self.focus_row is None:
            rows = self.visible_rows()
            current = rows.start if step > 0 else rows.stop - 1
            current -= step  # the first step lands on the first (or last) message in view
        else:
            current = self.focus_row
        self.focus_row = max(0, min(len(self._messages) - 1, current + step))
        self.scroll_to_row(self.focus_row)
        self.focusMoved.emit(self.focus_row)

    def scroll_to_row(self, row: int) -> None:
        """Show ``row`` from its top (or its end, when it is taller than the view and ends above it)."""
        self._measure(row)
        self._update_range()
        bar = self.verticalScrollBar()
        top = self._heights.prefix(row)
        bottom = top + self._heights.value(row)
        view_top, view_bottom = bar.value(), bar.value() + self.viewport().height()
        if top >= view_top and bottom <= view_bottom:
            self.viewport().update()
            return
        self.follow = False
        self._programmatic = True
        bar.setValue(top)
        self._programmatic = False
        self.follow = bar.value() >= bar.maximum() - 4
        self.viewport().update()

    def row_top(self, row: int) -> int:
        """Where message ``row`` starts, in viewport coordinates (negative: above the view)."""
        return int(self._heights.prefix(row) - self.verticalScrollBar().value())

    def place_row(self, row: int, y: int) -> None:
        """Scroll so that ``row``'s top is at viewport ``y`` (as near as the range allows): a version
        switch keeps the switched message where the user was looking."""
        self._measure(row)
        above, room = row - 1, y  # the rows that will show above it get their real heights first
        while above >= 0 and room > 0:
            self._measure(above)
            room -= self._heights.value(above)
            above -= 1
        self._update_range()
        bar = self.verticalScrollBar()
        self._programmatic = True
        bar.setValue(self._heights.prefix(row) - y)
        self._programmatic = False
        self.follow = bar.value() >= bar.maximum() - 4
        self.viewport().update()

    def row_rect(self, row: int) -> QRect:
        """Where message ``row``'s bubble is in the viewport (it may be outside)."""
        top = self._heights.prefix(row) - self.verticalScrollBar().value()
        return QRect(MARGIN_X, top + MARGIN_Y, self._width() - 2 * MARGIN_X, self._heights.value(row) - 2 * MARGIN_Y)

    def code_block(self, message_id: int, index: int) -> str | None:
        row = self._rows.get(message_id)
        return self.item(row).code_block(index) if row is not None else None

    def message_text(self, message_id: int) -> str:
        """A message's text as shown (its reasoning and body documents, without names and links)."""
        item = self.item(self._rows[message_id])
        return "\n".join(p.doc.toPlainText() for i, p in enumerate(item.placed()) if item.selectable(i)).strip()

    def code_blocks(self, message_id: int) -> list[str]:
        """Every code block of a message, whole (as its copy link copies it)."""
        blocks: list[str] = []
        while (code := self.code_block(message_id, len(blocks))) is not None:
            blocks.append(code)
        return blocks

    def plain_text(self, message_id: int) -> str:
        return self.item(self._rows[message_id]).plain_text()

    def html(self, message_id: int) -> str:
        return self.item(self._rows[message_id]).to_html()

    def body_documents(self, message_id: int) -> list[QTextDocument]:
        return list(self.item(self._rows[message_id]).body.docs)
