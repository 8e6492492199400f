"""Find in the open conversation (Ctrl+F): every match highlighted, "3 / 17", Enter / Shift+Enter.

The count comes from the messages' text, which the view already holds (the archive loaded it when the
conversation opened): nothing is rendered to count. The texts are case-folded once (the first count,
~45 ms for 10,000 messages) and kept while the bar is open, so each later count is a string scan,
~6 ms (``benchmarks/bench_find.py``). Only the message a match is in gets rendered, when the find bar
goes to it; if its rendered text holds a different number of matches than its markdown source (``**``
searched, say), the rendered count replaces the estimate.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from hunyuan_desktop.ui.kit import icons
from hunyuan_desktop.ui.kit.theme import Theme
from hunyuan_desktop.ui.transcript import ChatView


class Finder:
    """The matches of one query in one conversation, and which one is current."""

    def __init__(self, view: ChatView) -> None:
        self.view = view
        self.query = ""
        self.rows: list[int] = []  # rows with matches, top to bottom
        self.counts: list[int] = []  # matches per row (source estimate until the row is shown)
        self._before: list[int] = [0]  # matches before rows[i]: prefix sums of counts
        self.current: int | None = None  # index of the current match among all
        self._folded: dict[int, tuple[int, str]] = {}  # message id -> (its length, its text case-folded)
        self._conversation: int | None = None  # whose texts those are

    @property
    def total(self) -> int:
        return self._before[-1]

    def search(self, query: str) -> None:
        self.query = query
        self.view.set_find(query)
        self.rows, self.counts = [], []
        if query:
            # The case-folded texts are kept between queries (typing a longer query counts again):
            # folding 10,000 messages each time was most of a count (32 ms of ~38, measured).
            messages = self.view.messages()
            if messages and messages[0].conversation_id != self._conversation:
                self._folded.clear()  # another conversation: keep only the open one's texts
                self._conversation = messages[0].conversation_id
            folded = self._folded
            wanted = query.casefold()
            for row, message in enumerate(messages):
                known = folded.get(message.id)
                if known is None or known[0] != len(message.content):
                    known = folded[message.id] = (len(message.content), message.content.casefold())
                n = known[1].count(wanted)
                if n:
                    self.rows.append(row)
                    self.counts.append(n)
        self._sum()
        self.current = None

    def forget(self) -> None:
        """Drop the kept texts (the bar closed, or another conversation opened)."""
        self._folded.clear()

    def _sum(self) -> None:
        before = [0]
        for n in self.counts:
            before.append(before[-1] + n)
        self._before = before

    def _locate(self, index: int) -> tuple[int, int]:
        """(position in ``rows``, match within that row) of match ``index``."""
        i = bisect.bisect_right(self._before, index) - 1
        return i, index - self._before[i]

    def go(self, index: int) -> None:
        """Make match ``index`` (wrapping around) current and show it."""
        for _ in range(len(self.rows) + 1):
            if not self.total:
                self.current = None
                return
            index %= self.total
            i, k = self._locate(index)
            shown = self.view.show_match(self.rows[i], k)
            if shown == self.counts[i]:
                self.current = index
                return
            # The rendered message holds another number of matches than its source said: trust it.
            self.counts[i] = shown
            if shown == 0:
                del self.rows[i], self.counts[i]
            self._sum()
            if shown > k:
                self.current = index
                return
        self.current = None

    def next(self) -> None:
        self.go(0 if self.current is None else self.current + 1)

    def previous(self) -> None:
        self.go(-1 if self.current is None else self.current - 1)

    def go_near(self, row: int) -> None:
        """The first match at or after message ``row`` (wrapping to the first)."""
        i = bisect.bisect_left(self.rows, row)
        self.go(self._before[i] if i < len(self.rows) else 0)


class FindBar(QWidget):
    """The find bar above the message box. Esc closes it (and clears the highlights)."""

    closed = Signal()

    def __init__(self, view: ChatView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.finder = Finder(view)
        self.view = view
        self._icon: QAction | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 4, 2)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout.setSpacing(4)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("findCount")
        self.count_label.setMinimumWidth(64)
        self.previous_button = QToolButton(self)
        self.previous_button.setText("↑")
        self.next_button = QToolButton(self)
        self.next_button.setText("↓")
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        # Counting runs once typing pauses (10,000 messages are a few ms, but not per keystroke).
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self._search)
        self.edit.textChanged.connect(lambda _: self._timer.start())
        self.edit.installEventFilter(self)
        self.previous_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.close_bar)
        self.retranslate()
        self.hide()

    def set_icons(self, theme: Theme) -> None:
        colour = theme.text2
        self.previous_button.setIcon(icons.icon("chevron-up", colour))
        self.next_button.setIcon(icons.icon("chevron-down", colour))
        self.close_button.setIcon(icons.icon("x", colour))
        for button in (self.previous_button, self.next_button, self.close_button):
            button.setText("")
        if self._icon is None:  # one leading icon, re-tinted on a theme change
            self._icon = self.edit.addAction(QIcon(), QLineEdit.ActionPosition.LeadingPosition)
        self._icon.setIcon(icons.icon("text-search", theme.disabled))

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(self.tr("Find in conversation"))
        self.previous_button.setToolTip(self.tr("Previous match (Shift+Enter)"))
        self.next_button.setToolTip(self.tr("Next match (Enter)"))
        self.close_button.setToolTip(self.tr("Close (Esc)"))
        self._show_count()

    def open_bar(self, query: str | None = None, near_row: int | None = None) -> None:
        """Show the bar with the focus in it; ``query`` replaces its text, ``near_row`` picks the match
        to start at (default: the first in view or below)."""
        self.show()
        if query is not None and query != self.edit.text():
            self.edit.blockSignals(True)
            self.edit.setText(query)
            self.edit.blockSignals(False)
        self.edit.setFocus()
        self.edit.selectAll()
        self._search(near_row)

    def close_bar(self) -> None:
        self._timer.stop()
        self.finder.search("")
        self.finder.forget()
        self.hide()
        self._show_count()
        self.closed.emit()

    def refresh(self) -> None:
        """The conversation changed under the bar: count again, without moving the view."""
        if self.isVisible():
            self.finder.search(self.edit.text())
            self._show_count()

    def _search(self, near_row: int | None = None) -> None:
        self._timer.stop()
        self.finder.search(self.edit.text())
        if self.finder.total:
            self.finder.go_near(near_row if near_row is not None else self.view.visible_rows().start)
        self._show_count()

    def next(self) -> None:
        self._flush()
        self.finder.next()
        self._show_count()

    def previous(self) -> None:
        self._flush()
        self.finder.previous()
        self._show_count()

    def _flush(self) -> None:
        if self._timer.isActive() or self.finder.query != self.edit.text():
            self._search()

    def _show_count(self) -> None:
        finder = self.finder
        if not finder.query:
            self.count_label.setText("")
        elif not finder.total:
            self.count_label.setText(self.tr("No matches"))
        else:
            at = "–" if finder.current is None else str(finder.current + 1)
            self.count_label.setText(f"{at} / {finder.total}")
        self.previous_button.setEnabled(finder.total > 0)
        self.next_button.setEnabled(finder.total > 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit:
            if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
                if event.key() == Qt.Key.Key_Escape:
                    event.accept()  # Esc closes the bar here (the window's Esc stops an answer)
                    return True
            elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                key = event.key()
                if key == Qt.Key.Key_Escape:
                    self.close_bar()
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                        self.previous()
                    else:
                        self.next()
                    return True
        return super().eventFilter(watched, event)
