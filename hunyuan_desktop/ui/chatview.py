"""The chat pane: a virtualised list (model + delegate) of messages rendered as rich text.

Only visible rows are painted; each message's QTextDocument is built once and kept in a bounded cache,
re-laid out (not re-parsed) when the width changes. The streaming message re-renders only its tail
block (:class:`StreamingMarkdown`). The view follows new text while it is scrolled to the bottom and
stops following as soon as the user scrolls up.
"""

from __future__ import annotations

import html
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from hunyuan_desktop.catalog import format_yuan
from hunyuan_desktop.domain import Message, MessageStatus, Role
from hunyuan_desktop.ui.markdown import DARK, LIGHT, MarkdownRenderer, Palette, StreamingMarkdown

MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 1
MARGIN_X = 14
MARGIN_Y = 8
PAD = 10
CACHE_SIZE = 400

ACTION_COPY = "action:copy"
ACTION_RETRY = "action:retry"
ACTION_TOGGLE_REASONING = "action:reasoning"


class MessageModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._messages: list[Message] = []
        self._rows: dict[int, int] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._messages)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._messages):
            return None
        message = self._messages[index.row()]
        if role == MESSAGE_ROLE:
            return message
        if role == Qt.ItemDataRole.DisplayRole:
            return message.content
        return None

    def set_messages(self, messages: list[Message]) -> None:
        self.beginResetModel()
        self._messages = list(messages)
        self._rows = {m.id: i for i, m in enumerate(self._messages)}
        self.endResetModel()

    def messages(self) -> list[Message]:
        return list(self._messages)

    def message(self, message_id: int) -> Message | None:
        row = self._rows.get(message_id)
        return self._messages[row] if row is not None else None

    def append(self, message: Message) -> None:
        row = len(self._messages)
        self.beginInsertRows(QModelIndex(), row, row)
        self._messages.append(message)
        self._rows[message.id] = row
        self.endInsertRows()

    def replace(self, message: Message) -> None:
        row = self._rows.get(message.id)
        if row is None:
            self.append(message)
            return
        self._messages[row] = message
        idx = self.index(row)
        self.dataChanged.emit(idx, idx)

    def add_delta(self, message_id: int, text: str, reasoning: str) -> None:
        row = self._rows.get(message_id)
        if row is None:
            return
        message = self._messages[row]
        message.content += text
        message.reasoning += reasoning
        idx = self.index(row)
        self.dataChanged.emit(idx, idx)


@dataclass
class _Doc:
    key: tuple[object, ...]
    doc: QTextDocument
    width: float
    code_blocks: list[str] = field(default_factory=list)


@dataclass
class Labels:
    """Translated words the delegate draws (set by the view, which has tr())."""

    user: str = "You"
    assistant: str = "Assistant"
    reasoning: str = "Reasoning"
    copy: str = "Copy"
    retry: str = "Retry"
    copy_code: str = "Copy code"
    tokens: str = "tokens"
    statuses: dict[str, str] = field(default_factory=dict)
    finish_notes: dict[str, str] = field(default_factory=dict)


class MessageDelegate(QStyledItemDelegate):
    def __init__(self, view: ChatView) -> None:
        super().__init__(view)
        self._view = view
        self.labels = Labels()
        self.palette: Palette = LIGHT
        self.renderer = MarkdownRenderer(self.palette, self.labels.copy_code)
        self._docs: OrderedDict[int, _Doc] = OrderedDict()
        self._streams: dict[int, StreamingMarkdown] = {}
        self.expanded: set[int] = set()
        self.last_message_id: int | None = None
        self.streaming_id: int | None = None

    def set_palette(self, palette: Palette) -> None:
        self.palette = palette
        self.renderer = MarkdownRenderer(palette, self.labels.copy_code)
        self.clear()

    def clear(self) -> None:
        self._docs.clear()
        self._streams.clear()

    # ---- documents ---------------------------------------------------------------------------------

    def _key(self, m: Message) -> tuple[object, ...]:
        return (
            len(m.content),
            len(m.reasoning),
            m.status,
            m.id in self.expanded,
            m.id == self.last_message_id,
            m.usage,
            m.error,
        )

    def document(self, message: Message, width: float) -> _Doc:
        key = self._key(message)
        entry = self._docs.get(message.id)
        if entry is None or entry.key != key:
            doc, code = self._build(message)
            entry = _Doc(key, doc, -1.0, code)
            self._docs[message.id] = entry
            if len(self._docs) > CACHE_SIZE:
                self._docs.popitem(last=False)
        else:
            self._docs.move_to_end(message.id)
        text_width = max(80.0, width - 2 * (MARGIN_X + PAD))
        if entry.width != text_width:
            entry.doc.setTextWidth(text_width)
            entry.width = text_width
        return entry

    def _build(self, m: Message) -> tuple[QTextDocument, list[str]]:
        p = self.palette
        labels = self.labels
        parts: list[str] = []
        who = labels.user if m.role is Role.USER else labels.assistant
        stamp = time.strftime("%H:%M", time.localtime(m.created_at)) if m.created_at else ""
        parts.append(f'<p style="color:{p.muted}; font-size:small"><b>{html.escape(who)}</b>  {stamp}</p>')
        code: list[str] = []
        if m.role is Role.USER:
            body = html.escape(m.content).replace("\n", "<br>")
            parts.append(f'<p style="color:{p.text}">{body}</p>')
        else:
            if m.reasoning:
                open_ = m.id in self.expanded or (m.status is MessageStatus.STREAMING and not m.content)
                arrow = "▾" if open_ else "▸"
                parts.append(
                    f'<p style="font-size:small"><a href="{ACTION_TOGGLE_REASONING}" style="color:{p.muted}">'
                    f"{arrow} {html.escape(labels.reasoning)}</a></p>"
                )
                if open_:
                    reasoning = html.escape(m.reasoning).replace("\n", "<br>")
                    parts.append(f'<blockquote style="color:{p.muted}; font-size:small">{reasoning}</blockquote>')
            if m.status is MessageStatus.STREAMING:
                stream = self._streams.setdefault(m.id, StreamingMarkdown(self.renderer))
                result = stream.render(m.content)
            else:
                self._streams.pop(m.id, None)
                result = self.renderer.render(m.content)
            parts.append(self.renderer.wrap(result.html))
            code = result.code_blocks
        parts.append(self._footer(m))
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setUndoRedoEnabled(False)
        doc.setHtml("".join(parts))
        return doc, code

    def _footer(self, m: Message) -> str:
        p = self.palette
        labels = self.labels
        bits: list[str] = []
        if m.role is Role.ASSISTANT:
            if m.model:
                bits.append(html.escape(m.model))
            if m.usage is not None:
                bits.append(f"{m.usage.total_tokens} {html.escape(labels.tokens)}")
            if m.cost is not None:
                bits.append(format_yuan(m.cost, 6))
            status = labels.statuses.get(m.status.value)
            if status and m.status is not MessageStatus.DONE:
                bits.append(f'<span style="color:#cf222e">{html.escape(status)}</span>')
            note = labels.finish_notes.get(m.finish_reason)
            if note:
                bits.append(f'<span style="color:#9a6700">{html.escape(note)}</span>')
        links = [f'<a href="{ACTION_COPY}">{html.escape(labels.copy)}</a>']
        failed = m.status in (MessageStatus.ERROR, MessageStatus.STOPPED, MessageStatus.INTERRUPTED)
        if m.role is Role.ASSISTANT and failed and m.id == self.last_message_id:
            links.append(f'<a href="{ACTION_RETRY}">{html.escape(labels.retry)}</a>')
        meta = " · ".join(bits)
        return f'<p style="color:{p.muted}; font-size:small">{meta}    {"  ".join(links)}</p>'

    # ---- painting ----------------------------------------------------------------------------------

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        message = index.data(MESSAGE_ROLE)
        if not isinstance(message, Message):
            return QSize(0, 0)
        width = self._view.viewport().width()
        entry = self.document(message, width)
        height = int(entry.doc.size().height()) + 2 * (MARGIN_Y + PAD)
        return QSize(width, height)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        message = index.data(MESSAGE_ROLE)
        if not isinstance(message, Message):
            return
        rect: QRect = option.rect
        entry = self.document(message, rect.width())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bubble = rect.adjusted(MARGIN_X, MARGIN_Y, -MARGIN_X, -MARGIN_Y)
        dark = self.palette is DARK
        if message.role is Role.USER:
            fill = QColor("#1d2d44") if dark else QColor("#eaf2ff")
        elif message.status is MessageStatus.ERROR:
            fill = QColor("#3d1d1d") if dark else QColor("#fff1f0")
        else:
            fill = QColor("#161b22") if dark else QColor("#ffffff")
        painter.setPen(QColor(self.palette.border))
        painter.setBrush(fill)
        painter.drawRoundedRect(bubble, 8, 8)
        painter.translate(bubble.left() + PAD, bubble.top() + PAD)
        entry.doc.drawContents(painter)
        painter.restore()

    def anchor_at(self, message: Message, rect: QRect, pos: QPoint) -> str:
        entry = self.document(message, rect.width())
        local = QPointF(pos.x() - rect.left() - MARGIN_X - PAD, pos.y() - rect.top() - MARGIN_Y - PAD)
        return entry.doc.documentLayout().anchorAt(local)

    def code_block(self, message: Message, index: int) -> str | None:
        entry = self._docs.get(message.id)
        if entry is None or index >= len(entry.code_blocks):
            return None
        return entry.code_blocks[index]


class ChatView(QListView):
    """Emits ``anchorClicked(message_id, href)`` for links and the message actions."""

    anchorClicked = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatView")
        self.model_ = MessageModel(self)
        self.setModel(self.model_)
        self.delegate = MessageDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.follow = True
        self._programmatic = False
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range)
        self.model_.rowsInserted.connect(lambda *_: self._stick())
        self.model_.modelReset.connect(self._on_reset)
        self.apply_palette()

    def apply_palette(self) -> None:
        window = self.palette().color(QPalette.ColorRole.Window)
        palette = DARK if window.lightness() < 128 else LIGHT
        if palette is not self.delegate.palette:
            self.delegate.set_palette(palette)

    # ---- data --------------------------------------------------------------------------------------

    def set_messages(self, messages: list[Message], streaming_id: int | None = None) -> None:
        self.delegate.clear()
        self.delegate.streaming_id = streaming_id
        self.delegate.last_message_id = messages[-1].id if messages else None
        self.follow = True
        self.model_.set_messages(messages)

    def add_message(self, message: Message) -> None:
        self.delegate.last_message_id = message.id
        self.model_.append(message)
        self._refresh_previous()

    def update_message(self, message: Message) -> None:
        self.model_.replace(message)
        self._relayout(message.id)

    def add_delta(self, message_id: int, text: str, reasoning: str) -> None:
        self.model_.add_delta(message_id, text, reasoning)
        self._relayout(message_id)

    def message(self, message_id: int) -> Message | None:
        return self.model_.message(message_id)

    def messages(self) -> list[Message]:
        return self.model_.messages()

    def _refresh_previous(self) -> None:
        rows = self.model_.rowCount()
        if rows >= 2:
            idx = self.model_.index(rows - 2)
            self.model_.dataChanged.emit(idx, idx)  # its Retry link goes away

    def _relayout(self, message_id: int) -> None:
        # WORKAROUND: QListView caches item sizes; a dataChanged alone does not re-query sizeHint for
        # a non-uniform list, so a growing message would be clipped. scheduleDelayedItemsLayout()
        # re-asks lazily (once per event-loop turn, not per call).
        self.scheduleDelayedItemsLayout()
        self._stick()

    # ---- following the newest text -----------------------------------------------------------------

    def _on_reset(self) -> None:
        self._stick()

    def _stick(self) -> None:
        if self.follow:
            self._programmatic = True
            self.scrollToBottom()
            self._programmatic = False

    def _on_range(self, _min: int, maximum: int) -> None:
        if self.follow:
            self._programmatic = True
            self.verticalScrollBar().setValue(maximum)
            self._programmatic = False

    def _on_scrolled(self, value: int) -> None:
        if self._programmatic:
            return
        bar = self.verticalScrollBar()
        self.follow = value >= bar.maximum() - 4

    # ---- clicks ------------------------------------------------------------------------------------

    def _anchor(self, pos: QPoint) -> tuple[Message | None, str]:
        index = self.indexAt(pos)
        message = index.data(MESSAGE_ROLE) if index.isValid() else None
        if not isinstance(message, Message):
            return None, ""
        return message, self.delegate.anchor_at(message, self.visualRect(index), pos)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        _, href = self._anchor(event.position().toPoint())
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if href else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            message, href = self._anchor(event.position().toPoint())
            if message is not None and href:
                if href == ACTION_TOGGLE_REASONING:
                    self.delegate.expanded ^= {message.id}
                    self._relayout(message.id)
                    self.viewport().update()
                self.anchorClicked.emit(message.id, href)
                return
        super().mouseReleaseEvent(event)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.PaletteChange:
            self.apply_palette()
        return super().event(e)


def total_cost(messages: list[Message]) -> Decimal:
    return sum((m.cost for m in messages if m.cost is not None), Decimal(0))
