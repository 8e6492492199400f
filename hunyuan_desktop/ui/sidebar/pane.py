"""The conversation list: a row per conversation with its title, when it last changed and a line of its
newest message (or, for a search, of the match), under date headings (Pinned, Today, Yesterday, Previous
7 days, Earlier). Rows are painted by a delegate: titles elide, nothing scrolls sideways."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QAbstractItemModel, QDateTime, QLocale, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from hunyuan_desktop.chat.conversations import ConversationRow, DateGroup
from hunyuan_desktop.domain import valid_time
from hunyuan_desktop.ui.kit import icons
from hunyuan_desktop.ui.kit.dialogs import tip
from hunyuan_desktop.ui.kit.theme import LIGHT_THEME, Theme

log = logging.getLogger(__name__)

CONVERSATION_ID = Qt.ItemDataRole.UserRole + 10
UPDATED_AT = Qt.ItemDataRole.UserRole + 11
PINNED = Qt.ItemDataRole.UserRole + 12
PREVIEW = Qt.ItemDataRole.UserRole + 13
HEADING = Qt.ItemDataRole.UserRole + 14  # the date heading drawn above this row ("" for none)
BUSY = Qt.ItemDataRole.UserRole + 15
MATCH = Qt.ItemDataRole.UserRole + 16  # a search result: the message its preview comes from
GROUP = Qt.ItemDataRole.UserRole + 17  # its DateGroup

PAD_X, PAD_Y, LINE_GAP, HEADING_H = 10, 7, 2, 26


def relative_time(stamp: float, now: float, locale: QLocale) -> str:
    """14:32 today; the weekday within a week; 11-28 this year; 2025-03-04 before."""
    stamp = valid_time(stamp)
    then, today = time.localtime(stamp), time.localtime(now)
    moment = QDateTime.fromSecsSinceEpoch(int(stamp))
    if then[:3] == today[:3]:
        return moment.toString("HH:mm")
    if 0 < now - stamp < 6 * 86_400:
        return locale.dayName(moment.date().dayOfWeek(), QLocale.FormatType.ShortFormat)
    if then.tm_year == today.tm_year:
        return moment.toString("MM-dd")
    return moment.toString("yyyy-MM-dd")


class RowDelegate(QStyledItemDelegate):
    def __init__(self, owner: ConversationList) -> None:
        super().__init__(owner)
        self.owner = owner

    def _fonts(self, base: QFont) -> tuple[QFont, QFont]:
        title = QFont(base)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.86))
        return title, small

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        title, small = self._fonts(option.font)
        height = PAD_Y * 2 + QFontMetrics(title).height() + LINE_GAP + QFontMetrics(small).height()
        if index.data(HEADING):
            height += HEADING_H
        return QSize(100, height)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """Never raises: an exception inside a Qt virtual left the painter's state saved and crashed the
        process (a stored time of 1e300 did, at every start). A row that cannot be drawn is left blank."""
        painter.save()
        try:
            self._paint(painter, option, index)
        except Exception:
            log.exception("a conversation row could not be drawn")
        finally:
            painter.restore()

    def _paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        theme = self.owner.theme
        rect = QRect(option.rect)
        title_font, small_font = self._fonts(option.font)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        heading = str(index.data(HEADING) or "")
        if heading:
            painter.setFont(small_font)
            painter.setPen(QColor(theme.text2))
            head = QRect(rect.left() + PAD_X, rect.top() + 6, rect.width() - 2 * PAD_X, HEADING_H - 6)
            painter.drawText(head, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, heading)
            rect.setTop(rect.top() + HEADING_H)
        state = option.state
        body = rect.adjusted(4, 1, -4, -1)
        if state & QStyle.StateFlag.State_Selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.selected))
            painter.drawRoundedRect(body, 6, 6)
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.hover))
            painter.drawRoundedRect(body, 6, 6)
        title_metrics, small_metrics = QFontMetrics(title_font), QFontMetrics(small_font)
        x = body.left() + PAD_X - 4
        right = body.right() - PAD_X + 4
        top = body.top() + PAD_Y - 1
        # Right end of the first line: a dot while an answer streams, else when it last changed.
        painter.setFont(small_font)
        if index.data(BUSY):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.accent))
            painter.drawEllipse(QRect(right - 8, top + title_metrics.height() // 2 - 4, 8, 8))
            right -= 14
        else:
            stamp = relative_time(float(index.data(UPDATED_AT) or 0), time.time(), self.owner.locale())
            width = small_metrics.horizontalAdvance(stamp)
            painter.setPen(QColor(theme.text2))
            painter.drawText(
                QRect(right - width, top, width, title_metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                stamp,
            )
            right -= width + 8
        if index.data(PINNED):
            size = 14
            pin = icons.icon("pin", theme.accent)
            pin.paint(painter, QRect(x, top + (title_metrics.height() - size) // 2, size, size))
            x += size + 4
        painter.setFont(title_font)
        painter.setPen(QColor(theme.text))
        title = title_metrics.elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""), Qt.TextElideMode.ElideRight, max(0, right - x)
        )
        self._mark(painter, title, title_metrics, x, top, title_metrics.height())
        painter.drawText(QRect(x, top, max(0, right - x), title_metrics.height()), Qt.AlignmentFlag.AlignVCenter, title)
        preview = str(index.data(PREVIEW) or "")
        if preview:
            painter.setFont(small_font)
            painter.setPen(QColor(theme.text2))
            line_top = top + title_metrics.height() + LINE_GAP
            left = body.left() + PAD_X - 4
            text = small_metrics.elidedText(preview, Qt.TextElideMode.ElideRight, body.right() - PAD_X + 4 - left)
            self._mark(painter, text, small_metrics, left, line_top, small_metrics.height())
            painter.drawText(
                QRect(left, line_top, body.width(), small_metrics.height()), Qt.AlignmentFlag.AlignVCenter, text
            )

    def _mark(self, painter: QPainter, text: str, metrics: QFontMetrics, x: int, top: int, height: int) -> None:
        """The searched words marked where they show in ``text`` (as find in conversation marks them)."""
        query = self.owner.highlight.casefold()
        if not query:
            return
        folded = text.casefold()
        start = folded.find(query)
        while start >= 0 and len(folded) == len(text):  # (a fold that changes the length: no marks)
            left = x + metrics.horizontalAdvance(text[:start])
            width = metrics.horizontalAdvance(text[start : start + len(query)])
            painter.fillRect(QRect(left, top, width, height), QColor(self.owner.theme.match))
            start = folded.find(query, start + len(query))

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        rect = QRect(option.rect)
        if index.data(HEADING):
            rect.setTop(rect.top() + HEADING_H)
        editor.setGeometry(rect.adjusted(4, 2, -4, -2))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class ConversationList(QListWidget):
    """The rows; ``fill`` shows a list of :class:`ConversationRow`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conversationList")
        self.theme: Theme = LIGHT_THEME
        self.highlight = ""  # the search's words, marked in the rows that show them
        self.headings: dict[DateGroup, str] = {g: g.value for g in DateGroup}
        self.setItemDelegate(RowDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)
        self.setUniformItemSizes(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setEditTriggers(QListWidget.EditTrigger.DoubleClicked | QListWidget.EditTrigger.EditKeyPressed)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.viewport().update()

    def fill(self, rows: list[ConversationRow], current_id: int | None, busy: set[int]) -> dict[int, QListWidgetItem]:
        self.blockSignals(True)
        self.clear()
        items: dict[int, QListWidgetItem] = {}
        previous: DateGroup | None = None
        for row in rows:
            item = QListWidgetItem()
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.set_row(item, row, busy=row.conversation.id in busy)
            item.setData(HEADING, self.headings[row.group] if row.group != previous else "")
            previous = row.group
            self.addItem(item)
            items[row.conversation.id] = item
            if row.conversation.id == current_id:
                self.setCurrentItem(item)
        self.blockSignals(False)
        return items

    def set_row(self, item: QListWidgetItem, row: ConversationRow, *, busy: bool) -> None:
        conv = row.conversation
        item.setText(conv.title)
        item.setToolTip(tip(conv.title))
        item.setData(CONVERSATION_ID, conv.id)
        item.setData(UPDATED_AT, conv.updated_at)
        item.setData(PINNED, conv.pinned)
        item.setData(PREVIEW, row.preview)
        item.setData(BUSY, busy)
        item.setData(MATCH, row.match_message_id)
        item.setData(GROUP, row.group.value)

    def relabel_groups(self, stop: int | None = None) -> None:
        """Headings after rows moved: only the first row of each group carries one. ``stop``: rows from
        there on did not move (a row that moved to the top changes headings above its old place only;
        relabelling 1,000 rows cost 1 ms per turn)."""
        previous: str | None = None
        for i in range(min(self.count(), self.count() if stop is None else stop)):
            item = self.item(i)
            group = str(item.data(GROUP) or "")
            item.setData(HEADING, self.headings.get(DateGroup(group), "") if group and group != previous else "")
            previous = group


class SidePane(QWidget):
    """New conversation, search, the list, and "No results" when a search finds nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidePane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("newConversationButton")
        self.search = QLineEdit(self)
        self.search.setObjectName("conversationSearch")
        self.search.setClearButtonEnabled(True)
        self.list = ConversationList(self)
        self.no_results = QLabel(self)
        self.no_results.setObjectName("noResultsLabel")
        self.no_results.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.no_results.setWordWrap(True)
        self.no_results.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(8)
        layout.addWidget(self.new_button)
        layout.addWidget(self.search)
        layout.addWidget(self.no_results)
        layout.addWidget(self.list, 1)
        self.setMinimumWidth(180)
