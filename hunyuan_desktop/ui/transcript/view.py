"""The chat pane: a virtualised, variable-height message list painted from rich-text documents.

Why not QListView: with rows of different heights it asks every row for its size on each layout, so a
growing answer in a 10,000-message conversation re-measured all 10,000 rows 60 times a second. Here:

* heights live in a Fenwick tree (O(log n) to update one row or to find the row at a y offset);
  rows never measured have an estimate from their text length, replaced when they are first painted;
* only visible rows are laid out and painted; their documents are kept in a bounded LRU cache;
* a message body is a stack of documents, one per finished markdown block group plus one for the tail
  (:class:`StreamingMarkdown`): a streaming batch re-renders and re-lays only the tail, whatever the
  answer's length; a batch finishing many groups is rendered ``STEP_S`` per turn, shown when done;
* the view follows new text while it sits at the bottom and stops following once the user scrolls up.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QFontInfo,
    QImage,
    QPalette,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from hunyuan_desktop.domain import Message, MessageStatus
from hunyuan_desktop.ui.kit import icons
from hunyuan_desktop.ui.kit.images import thumbnail
from hunyuan_desktop.ui.kit.theme import DARK_THEME, LIGHT, LIGHT_THEME, Palette, Theme
from hunyuan_desktop.ui.markup.markdown import MarkdownRenderer
from hunyuan_desktop.ui.markup.maths import PREFIX, Formulas
from hunyuan_desktop.ui.transcript.chrome import ACTION_IMAGES, Labels
from hunyuan_desktop.ui.transcript.layout import MARGIN_X, MARGIN_Y, PAD, MessageLayout, estimate_height, make_document
from hunyuan_desktop.ui.transcript.positions import Fenwick, Match, Selection

OBJECT = "\ufffc"  # what an image is in a document's plain text
THUMB_SIDE = 96  # a question's image, as a thumbnail in its bubble (logical pixels)
THUMB_CACHE = 200
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


class ViewCore(QAbstractScrollArea):
    """The view's data, documents, heights, scrolling and rendering; the rest is mixed in beside it (see
    :class:`hunyuan_desktop.ui.transcript.ChatView`). Emits ``anchorClicked(message_id, href, link text)`` for
    links and the message actions."""

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
        self.formulas = Formulas()  # drawn once per size and colour, shared by every message
        # Drawn by a worker process (146 formulas drawn at once took 1.0 s here): their source shows
        # until all are drawn, then the messages showing them are rendered again (_on_formulas).
        self.formulas.deferred = True
        self._formulas_done = QTimer(self)
        self._formulas_done.setSingleShot(True)
        self._formulas_done.setInterval(30)
        self._formulas_done.timeout.connect(self._on_formulas)
        self.formulas.ready = self._formulas_done.start
        # An attachment's bytes by digest (the window reads them from the archive); thumbnails made once.
        self.load_attachment: Callable[[str], bytes | None] = lambda digest: None
        self._thumbs: OrderedDict[str, QImage] = OrderedDict()
        self.renderer = MarkdownRenderer(self.palette_, self.labels.copy_code, self.formulas, self.labels.diagram)
        self._messages: list[Message] = []
        self._rows: dict[int, int] = {}
        self._heights = Fenwick([])
        self._measured: list[bool] = []
        self._items: OrderedDict[int, MessageLayout] = OrderedDict()
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
        images = self.images
        if PREFIX in html_text:
            images = {**images, **self.formulas.images_in(html_text)}
        return make_document(html_text, width, self.text_font, images)

    def _on_formulas(self) -> None:
        """Formulas drawn: once none is left, the finished messages with maths are rendered again with the
        images, each in its place; a streaming one when it finishes (``misses`` stays set for that)."""
        if self.formulas.drawing():
            return  # the next drawing done calls again: one re-render, not one per formula
        streaming = False
        for message_id in list(self._items):
            row = self._rows.get(message_id)
            if row is None or not any(m in self._messages[row].content for m in ("$", "\\(", "\\[")):
                continue
            if self._messages[row].status is MessageStatus.STREAMING:
                streaming = True
                continue
            del self._items[message_id]
            self._measured[row] = False  # measured again when it is rendered again
        self._found, self.formulas.misses = {}, int(streaming)
        self._settle()  # the rows in view now (the others when they come into view)
        self.viewport().update()

    def attachment_thumb(self, digest: str) -> QImage:
        """A question's image as a thumbnail (a grey box when its bytes are not in the archive)."""
        found = self._thumbs.get(digest)
        if found is None:
            dpr = self.viewport().devicePixelRatioF()
            found = self._thumbs[digest] = thumbnail(
                self.load_attachment(digest), THUMB_SIDE, dpr, self.palette_.border
            )
            if len(self._thumbs) > THUMB_CACHE:
                self._thumbs.popitem(last=False)
        return found

    def _size_formulas(self) -> None:
        """Formulas in the chat text's size, the theme's text colour and the screen's pixel ratio."""
        info = QFontInfo(self.text_font)
        # The viewport's ratio: devicePixelRatioF() on the view itself crashed (PySide 6, the mixins' MRO).
        px, dpr = float(info.pixelSize()), self.viewport().devicePixelRatioF()
        if (px, dpr, self.palette_.text) != (self.formulas.px, self.formulas.dpr, self.formulas.colour):
            self.formulas.clear()
            self.formulas.px, self.formulas.dpr, self.formulas.colour = px, dpr, self.palette_.text

    def set_zoom(self, percent: int) -> None:
        """Chat text at ``percent`` of the application font (50-300). Every message is laid out again."""
        percent = max(ZOOM_MIN, min(ZOOM_MAX, percent))
        if percent == self.zoom:
            return
        self.zoom = percent
        font = QFont(self.font())
        font.setPointSizeF(self.font().pointSizeF() * percent / 100)
        self.text_font = font
        self._size_formulas()
        self._invalidate_all()

    def set_palette(self, palette: Palette) -> None:
        self.palette_ = palette
        self.renderer = MarkdownRenderer(palette, self.labels.copy_code, self.formulas, self.labels.diagram)
        self._size_formulas()
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
        if message.status is not MessageStatus.STREAMING and self.formulas.misses:
            self._formulas_done.start()  # parts frozen while it streamed show their formulas now

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

    def item(self, row: int, *, ahead: bool = False) -> MessageLayout:
        """The row's documents, rendered for the screen (or, ``ahead``, started in the background)."""
        message = self._messages[row]
        item = self._items.get(message.id)
        if item is None:
            item = MessageLayout(self, message, self._text_width(), eager=not ahead)
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

    def _schedule(self, item: MessageLayout) -> None:
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

    # ---- painting (paint.py draws) ----------------------------------------------------------------

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
