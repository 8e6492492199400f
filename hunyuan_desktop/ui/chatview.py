"""The chat pane: a virtualised, variable-height message list painted from rich-text documents.

Why not QListView: with rows of different heights it asks every row for its size on each layout, so a
growing answer in a 10,000-message conversation re-measured all 10,000 rows 60 times a second. Here:

* heights live in a Fenwick tree (O(log n) to update one row or to find the row at a y offset);
  rows never measured have an estimate from their text length, replaced when they are first painted;
* only visible rows are laid out and painted; their documents are kept in a bounded LRU cache;
* a message body is a stack of documents, one per finished markdown block group plus one for the tail
  (:class:`StreamingMarkdown`), so a streaming batch re-renders and re-lays only the tail: its cost does
  not grow with the length of the answer; a batch that finished many block groups at once is rendered
  ``STEP_S`` per turn of the event loop and shown whole when its last step is done;
* the view follows new text while it sits at the bottom and stops following once the user scrolls up.
"""

from __future__ import annotations

import bisect
import html
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import replace
from enum import Enum

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QClipboard,
    QColor,
    QContextMenuEvent,
    QFont,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from hunyuan_desktop.domain import Message, MessageStatus, Role
from hunyuan_desktop.ui import icons
from hunyuan_desktop.ui.chatitem import (
    ACTION_IMAGES,
    ACTION_TOGGLE_REASONING,
    MARGIN_X,
    MARGIN_Y,
    PAD,
    Doc,
    Labels,
    Match,
    Selection,
    TextPos,
    _doc,
    _Item,
    estimate_height,
)
from hunyuan_desktop.ui.kit.dialogs import tip
from hunyuan_desktop.ui.links import display_url
from hunyuan_desktop.ui.markdown import (
    LIGHT,
    MarkdownRenderer,
    Palette,
)
from hunyuan_desktop.ui.plainbody import PlainBody
from hunyuan_desktop.ui.theme import DARK_THEME, LIGHT_THEME, Theme

OBJECT = "\ufffc"  # what an image is in a document's plain text
COLUMN_MAX = 860  # the text column's widest (wider windows centre it, as chat apps do)
CACHE_SIZE = 300
AHEAD_SCREENS = 1.5  # how far above and below the view rows are rendered ahead, in view heights
SKIM_PAUSE_MS = 90  # a scroll-bar drag that stops this long renders what it stopped on
ZOOM_MIN, ZOOM_MAX, ZOOM_STEP = 50, 300, 10

SCROLL_BAR_STYLE = (
    "QScrollBar:vertical { width: 10px; background: transparent; margin: 0; }"
    "QScrollBar::handle:vertical { background: palette(mid); border-radius: 4px; min-height: 32px; margin: 1px; }"
    "QScrollBar::handle:vertical:hover { background: palette(dark); }"
    "QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }"
    "QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; }"
)


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


def release_clipboard() -> None:
    """Hand the clipboard a copy Qt made itself (the text) in place of a QMimeData made in Python.
    Called at exit while Python still runs: Qt frees the clipboard's data in its own exit handlers,
    after the interpreter, and freeing a Python-made object then crashed the process (seen with gdb)."""
    clipboard = QGuiApplication.clipboard()
    data = clipboard.mimeData()
    if data is not None and data.hasHtml():
        clipboard.setText(data.text())


class ChatView(QAbstractScrollArea):
    """Emits ``anchorClicked(message_id, href, link text)`` for links and the message actions."""

    anchorClicked = Signal(int, str, str)
    zoomRequested = Signal(int)  # Ctrl+wheel: a step in percent, + larger, - smaller
    messageMenuRequested = Signal(int, QPoint)  # message id, global position (a right-click on a message)
    focusMoved = Signal(int)  # the keyboard moved to message row n (Ctrl+Up/Down)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatView")
        self.labels = Labels()
        self.model_label: Callable[[str], str] = lambda ref: ref  # how a model is named (the window's catalog)
        self.palette_: Palette = LIGHT
        self.theme: Theme = LIGHT_THEME
        self.bot_image = QImage()
        self.images: dict[str, QImage] = {}
        self.versions: dict[int, tuple[int, int]] = {}  # see set_versions
        self.zoom = 100  # percent of the application font, for the chat text only
        self.text_font = QFont(self.font())
        self.renderer = MarkdownRenderer(self.palette_, self.labels.copy_code)
        self._messages: list[Message] = []
        self._rows: dict[int, int] = {}
        self._heights = Fenwick([])
        self._measured: list[bool] = []
        self._items: OrderedDict[int, _Item] = OrderedDict()
        self._expanded: set[int] = set()
        self.last_message_id: int | None = None
        self.follow = True
        self._programmatic = False
        # Streaming answers with rendering left over: one step each per turn of the event loop.
        self._unfinished: set[int] = set()
        self._steps = QTimer(self)
        self._steps.setSingleShot(True)
        self._steps.setInterval(0)
        self._steps.timeout.connect(self._step)
        # Rendering ahead while idle: rows near the view are ready before they scroll in.
        self._ahead = QTimer(self)
        self._ahead.setSingleShot(True)
        self._ahead.setInterval(0)
        self._ahead.timeout.connect(self._render_ahead)
        # Dragging the scroll bar moves through rows faster than they render: while it moves, rows
        # never rendered are placeholders; once it stops, they render one per turn of the event loop.
        self._skimming = False
        self._deferred = False  # placeholders are on screen
        self._silent = False  # a scroll-position change that moves no pixels (see _measure)
        self._skim_pause = QTimer(self)
        self._skim_pause.setSingleShot(True)
        self._skim_pause.setInterval(SKIM_PAUSE_MS)
        self._skim_pause.timeout.connect(self._end_skim)
        # Always on: a bar that appears once the answer outgrows the window would change the width and
        # re-lay every document.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalScrollBar().setSingleStep(24)
        # Fusion paints its scroll bar with gradients that cost 1.6 ms per repaint (measured; the range
        # changes on every streaming batch); a style-sheet bar costs 0.02 ms and looks like a chat app.
        self.verticalScrollBar().setStyleSheet(SCROLL_BAR_STYLE)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.verticalScrollBar().sliderReleased.connect(self._end_skim)
        self.viewport().setMouseTracking(True)
        # Clicking the conversation gives it the focus (Ctrl+C, Ctrl+A); the message box keeps it otherwise.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._selection: Selection | None = None
        self._press: QPointF | None = None  # where the left button went down, until it is a drag
        self._dragging = False
        self._last_double = 0.0  # when the last double-click happened (a third click selects the paragraph)
        self._hover_href = ""  # the external link under the mouse, shown in a tooltip
        self._find = ""  # find in conversation: what is highlighted
        self._find_current: tuple[int, int] | None = None  # (row, match within the row)
        self._found: dict[int, tuple[tuple[object, ...], list[Match]]] = {}
        self.focus_row: int | None = None  # the message the keyboard is on (Ctrl+Up/Down), for screen readers
        self.apply_palette()

    # ---- appearance --------------------------------------------------------------------------------

    def apply_palette(self) -> None:
        window = self.palette().color(QPalette.ColorRole.Window)
        self.set_theme(DARK_THEME if window.lightness() < 128 else LIGHT_THEME)

    def set_theme(self, theme: Theme) -> None:
        """Colours for bubbles, text, code and highlights; every message is rendered again."""
        self.theme = theme
        mark = icons.icon("bot", theme.accent if not theme.dark else theme.link).pixmap(QSize(32, 32))
        self.bot_image = mark.toImage()
        self.images = {
            name: icons.icon(file, theme.text2).pixmap(QSize(28, 28)).toImage() for name, file in ACTION_IMAGES.items()
        }
        self.set_palette(theme.markdown())

    def doc(self, html_text: str, width: float) -> QTextDocument:
        """A document in the chat's text font (the zoom applies to every message)."""
        return _doc(html_text, width, self.text_font, self.images)

    def set_zoom(self, percent: int) -> None:
        """Chat text at ``percent`` of the application font (50-300). Every message is laid out again."""
        percent = max(ZOOM_MIN, min(ZOOM_MAX, percent))
        if percent == self.zoom:
            return
        self.zoom = percent
        font = QFont(self.font())
        font.setPointSizeF(self.font().pointSizeF() * percent / 100)
        self.text_font = font
        self._invalidate_all()

    def set_palette(self, palette: Palette) -> None:
        self.palette_ = palette
        self.renderer = MarkdownRenderer(palette, self.labels.copy_code)
        self._invalidate_all()

    def _invalidate_all(self, *, keep_documents: bool = False) -> None:
        """Forget every height (and, unless only the width changed, every rendered document)."""
        if not keep_documents:
            self._items.clear()
        width = self._width()
        self._heights = Fenwick([estimate_height(m, width) for m in self._messages])
        self._measured = [False] * len(self._messages)
        self._update_range()
        self.viewport().update()

    # ---- data --------------------------------------------------------------------------------------

    def set_versions(self, versions: dict[int, tuple[int, int]]) -> None:
        """(position, count) of each shown message that has other versions: its footer shows ‹ 2 / 3 ›."""
        changed = {k for k in versions.keys() | self.versions.keys() if versions.get(k) != self.versions.get(k)}
        self.versions = dict(versions)
        for message_id in changed:
            if message_id in self._items:
                self._refresh(message_id)

    def set_messages(self, messages: list[Message]) -> None:
        # The view keeps its own list; it never changes a Message in place (an update replaces the entry),
        # and neither does anyone else, so the messages themselves are shared: copying 10,000 of them
        # cost 28 ms of opening a long conversation.
        self._messages = list(messages)
        self._selection = None
        self._found.clear()
        self._find_current = None
        self.focus_row = None
        self._rows = {m.id: i for i, m in enumerate(self._messages)}
        self.last_message_id = messages[-1].id if messages else None
        self.follow = True
        self._invalidate_all()
        self._stick()

    def messages(self) -> list[Message]:
        return list(self._messages)

    def row_of(self, message_id: int) -> int | None:
        return self._rows.get(message_id)

    def message(self, message_id: int) -> Message | None:
        row = self._rows.get(message_id)
        return self._messages[row] if row is not None else None

    def add_message(self, message: Message) -> None:
        message = replace(message)
        previous = self.last_message_id
        self._rows[message.id] = len(self._messages)
        self._messages.append(message)
        self._heights.append(estimate_height(message, self._width()))
        self._measured.append(False)
        self.last_message_id = message.id
        if previous is not None and previous in self._items:
            self._refresh(previous)  # its Retry link goes away
        self._measure(len(self._messages) - 1)
        self._update_range()
        self._stick()
        self.viewport().update()

    def update_message(self, message: Message) -> None:
        row = self._rows.get(message.id)
        if row is None:
            self.add_message(message)
            return
        self._messages[row] = replace(message)
        self._refresh(message.id)

    def remove_message(self, message_id: int) -> None:
        """Take a message out of the view; what is in view stays where it is."""
        row = self._rows.get(message_id)
        if row is None:
            return
        bar = self.verticalScrollBar()
        value = bar.value() - (self._heights.value(row) if self._heights.prefix(row) < bar.value() else 0)
        heights = [self._heights.value(i) for i in range(len(self._messages)) if i != row]
        del self._messages[row]
        del self._measured[row]
        self._items.pop(message_id, None)
        self._found.clear()
        self._find_current = None
        self._selection = None
        self.focus_row = None
        self._rows = {m.id: i for i, m in enumerate(self._messages)}
        self._heights = Fenwick(heights)
        self.last_message_id = self._messages[-1].id if self._messages else None
        if self.last_message_id is not None and self.last_message_id in self._items:
            self._refresh(self.last_message_id)  # it may be the last one now (its Retry link)
        self._update_range()
        self._programmatic = True
        bar.setValue(value)
        self._programmatic = False
        self._stick()
        self.viewport().update()

    def add_delta(self, message_id: int, text: str, reasoning: str) -> None:
        row = self._rows.get(message_id)
        if row is None:
            return
        message = self._messages[row]
        self._messages[row] = replace(message, content=message.content + text, reasoning=message.reasoning + reasoning)
        self._refresh(message_id)

    def _refresh(self, message_id: int) -> None:
        row = self._rows[message_id]
        item = self._items.get(message_id)
        if item is not None and not item.update(self._messages[row]):
            self._schedule(item)
            return
        self._measure(row)
        self._update_range()
        self._stick()
        dirty = item.dirty_from if item is not None else None
        if dirty is None or dirty <= 0:
            self.viewport().update()
            return
        # Only from the first changed document down (what is above was scrolled, not redrawn):
        # a streaming answer repaints a strip, not the window, on every batch.
        viewport = self.viewport()
        top = self._heights.prefix(row) - self.verticalScrollBar().value() + MARGIN_Y + PAD + int(dirty)
        if top < viewport.height():
            top = max(0, top)
            viewport.update(QRect(0, top, viewport.width(), viewport.height() - top))

    # ---- items and measurement ---------------------------------------------------------------------

    def _width(self) -> int:
        return max(200, self.viewport().width())

    def _text_width(self) -> float:
        return float(min(COLUMN_MAX, self._width() - 2 * (MARGIN_X + PAD)))

    def _column(self) -> float:
        """The column's x from the left margin (a wide window centres it)."""
        return float(max(0, (self._width() - 2 * (MARGIN_X + PAD) - int(self._text_width())) // 2))

    def item(self, row: int, *, ahead: bool = False) -> _Item:
        """The row's documents, rendered for the screen (or, ``ahead``, started in the background)."""
        message = self._messages[row]
        item = self._items.get(message.id)
        if item is None:
            item = _Item(self, message, self._text_width(), eager=not ahead)
            item.set_geometry(self._text_width(), self._column())
            self._items[message.id] = item
            if len(self._items) > CACHE_SIZE:
                self._items.popitem(last=False)
        else:
            self._items.move_to_end(message.id)
            item.set_geometry(self._text_width(), self._column())
        if not ahead and not item.eager:
            # Rendered ahead but needed on screen before it finished: the rest now.
            item.eager = True
            for _ in range(100_000):
                if not item.body.more or message.status is MessageStatus.STREAMING:
                    break
                item.update(message)
        self._schedule(item)
        return item

    def rendered(self, row: int) -> bool:
        """Whether the row's text is rendered in full (a background render may still be under way)."""
        item = self._items.get(self._messages[row].id)
        return item is not None and not item.body.more

    def _render_ahead(self) -> None:
        """One step of rendering rows near the view before they are scrolled to (called when the event
        loop is idle; one row, or one block group of a long row, per call)."""
        if not self._messages or not self.isVisible():
            return
        bar = self.verticalScrollBar()
        if self._skimming:
            return  # the scroll bar is being dragged: wait for it to stop
        height = self.viewport().height()
        top, bottom = bar.value(), bar.value() + height
        rows = self.visible_rows()
        # Rows on screen first (after a drag, shown as placeholders), then below, then above.
        candidates = list(rows)
        below_end = self._heights.find(min(self._heights.total() - 1, int(bottom + AHEAD_SCREENS * height)))
        candidates += range(rows.stop, below_end + 1)
        above_start = self._heights.find(max(0, int(top - AHEAD_SCREENS * height)))
        candidates += range(rows.start - 1, above_start - 1, -1)
        for row in candidates:
            if not 0 <= row < len(self._messages) or (self.rendered(row) and self._measured[row]):
                continue
            existing = self._items.get(self._messages[row].id)
            if existing is not None and existing.eager and existing.body.more:
                continue  # rendering for the screen already, a step per turn (a streaming answer)
            on_screen = row in rows
            if on_screen and self._deferred:
                self.item(row)  # a placeholder on screen: render it now (one per turn)
            else:
                item = self.item(row, ahead=True)
                if item.body.more:
                    self._ahead.start()  # its next block group in the next turn
                    return
            self._measure(row)
            self._update_range()
            self._stick()
            if on_screen:
                self.viewport().update()
            self._ahead.start()
            return
        if self._deferred:
            self._deferred = False
            self.viewport().update()

    def _schedule(self, item: _Item) -> None:
        if item.body.more:
            self._unfinished.add(item.message_id)
            self._steps.start()

    def _step(self) -> None:
        """The next rendering step of each answer that has one waiting (started by the zero timer, so
        timers, input and paints run between steps)."""
        ids, self._unfinished = self._unfinished, set()
        for message_id in ids:
            if message_id in self._rows and message_id in self._items:
                self._refresh(message_id)

    def settled(self) -> bool:
        """Whether every answer shows all of its text (no rendering step is waiting) and no row on
        screen is a placeholder."""
        return not self._unfinished and not self._deferred

    def idle(self) -> bool:
        """Settled, and nothing left to render ahead (what tests wait for before comparing pixels)."""
        return self.settled() and not self._ahead.isActive()

    def _measure(self, row: int) -> int:
        height = self.item(row).height()
        old = self._heights.value(row)
        self._heights.set(row, height)
        self._measured[row] = True
        bar = self.verticalScrollBar()
        value = bar.value()
        if height != old and self._heights.prefix(row) + old <= value:
            # A row wholly above the view changed height: move the scroll position with it, so what is
            # on screen stays put (and its pixels are right where they are: no repaint). Silent from
            # the range change on: a shrinking range clamps the value, which is no movement either.
            self._silent = True
            self._update_range()
            self._programmatic = True
            bar.setValue(value + height - old)
            self._programmatic = self._silent = False
        return height

    def is_expanded(self, message: Message) -> bool:
        if message.id in self._expanded:
            return True
        return message.status is MessageStatus.STREAMING and not message.content

    def toggle_reasoning(self, message_id: int) -> None:
        self._expanded ^= {message_id}
        if message_id in self._rows:
            self._refresh(message_id)

    # ---- scrolling ---------------------------------------------------------------------------------

    def _update_range(self) -> None:
        bar = self.verticalScrollBar()
        maximum = max(0, self._heights.total() - self.viewport().height())
        self._programmatic = True
        bar.setRange(0, maximum)
        bar.setPageStep(self.viewport().height())
        self._programmatic = False

    def _stick(self) -> None:
        if self.follow:
            bar = self.verticalScrollBar()
            self._programmatic = True
            bar.setValue(bar.maximum())
            self._programmatic = False

    def _on_scrolled(self, value: int) -> None:
        if not self._programmatic:
            bar = self.verticalScrollBar()
            self.follow = value >= bar.maximum() - 4
            if bar.isSliderDown():
                self._skimming = True
                self._skim_pause.start()

    def _end_skim(self) -> None:
        """The scroll-bar drag stopped (or paused): render what it shows, a row per turn."""
        if self._skimming:
            self._skimming = False
            self._ahead.start()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        # Move the pixels already drawn and repaint only what scrolls into view (Qt's default repaints
        # the whole viewport on every scroll step, which following a stream does 60 times a second).
        # But a row that scrolls into view for the first time is measured when painted, and its real
        # height moves what is below it: moving old pixels first garbled the view (wheel scrolling into
        # rows never shown). Then the whole view is painted afresh instead. (Measuring here, inside the
        # scroll bar's signal, re-entered Qt deeply enough to crash PySide once in a full test run.)
        if self._silent:
            return  # a row above the view changed height: the view's content did not move
        self._on_scrolled(self.verticalScrollBar().value())  # the user moved: stop following first
        if self._unsettled():
            self.viewport().update()
        else:
            self.viewport().scroll(dx, dy)

    def _unsettled(self) -> bool:
        """Whether painting what is in view now would change a height (a row or a plain-text piece
        measured for the first time)."""
        for r in self.visible_rows():
            if not self._measured[r]:
                return True
            item = self._items.get(self._messages[r].id)
            if item is not None and item.body.plain is not None:
                return True
        return False

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() // 120
            if steps:
                self.zoomRequested.emit(steps * ZOOM_STEP)
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._invalidate_all(keep_documents=True)  # re-laid out at the new width, not re-parsed
        self._update_range()
        self._stick()

    # ---- painting ----------------------------------------------------------------------------------

    def visible_rows(self) -> range:
        if not self._messages:
            return range(0)
        top = self.verticalScrollBar().value()
        first = self._heights.find(top)
        bottom = top + self.viewport().height()
        last = first
        while last + 1 < len(self._messages) and self._heights.prefix(last + 1) < bottom:
            last += 1
        return range(first, last + 1)

    def _settle(self) -> range:
        """Measure the visible rows (their estimates become real heights), keeping the view anchored."""
        for _ in range(4):
            rows = self.visible_rows()
            changed = [r for r in rows if not self._measured[r]]
            if self._skimming or self._deferred:
                # Rows never rendered stay placeholders while the scroll bar moves (and until their
                # turn after it stops): rendering three new rows per drag step cost 20-30 ms frames.
                waiting = [r for r in changed if not self.rendered(r)]
                if waiting:
                    self._deferred = True
                    changed = [r for r in changed if r not in waiting]
            top = self.verticalScrollBar().value()
            bottom = top + self.viewport().height()
            for r in rows:
                item = self._items.get(self._messages[r].id)
                if self._measured[r] and item is not None and item.body.plain is not None:
                    origin = self._heights.prefix(r) + MARGIN_Y + PAD
                    if item.realize(top - origin, bottom - origin):
                        changed.append(r)
            if not changed:
                return rows
            for r in changed:
                self._measure(r)
            self._update_range()
            self._stick()
        return self.visible_rows()

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

    # ---- clicks ------------------------------------------------------------------------------------

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

    # ---- selection ---------------------------------------------------------------------------------

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
            text = span(doc, *chosen).selection().toPlainText() if isinstance(doc, QTextDocument) else doc.toPlainText()
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

    # ---- mouse and keys ------------------------------------------------------------------------------

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

    # ---- find in conversation ----------------------------------------------------------------------

    def set_find(self, query: str) -> None:
        """Highlight every occurrence of ``query`` (ignoring case) in the messages shown; "" for none."""
        if query != self._find:
            self._find = query
            self._found.clear()
            self._find_current = None
            self.viewport().update()

    def _complete(self, row: int) -> _Item:
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

    # ---- moving from message to message (keyboard, screen readers) ----------------------------------

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

    # ---- inspection (tests, copy) ------------------------------------------------------------------

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
