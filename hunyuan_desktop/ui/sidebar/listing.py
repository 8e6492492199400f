"""What the conversation list shows and in which order: every conversation (pinned first, then newest
first) or a search's results; a row updated and moved in place when a turn starts or ends or a title
arrives (rebuilding a list of 1,000 conversations took ~30 ms on every turn); the headings made again at
midnight ("Today" becomes "Yesterday"); rename, pin and delete from a row's menu."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QTimer, Signal
from PySide6.QtWidgets import QListWidgetItem, QMenu

from hunyuan_desktop.chat.controller import ChatController
from hunyuan_desktop.chat.conversations import Conversations, DateGroup, seconds_to_midnight
from hunyuan_desktop.chat.session import ConversationSession
from hunyuan_desktop.store.archive import StoreError
from hunyuan_desktop.ui.kit import icons
from hunyuan_desktop.ui.kit.theme import Theme
from hunyuan_desktop.ui.sidebar.pane import CONVERSATION_ID, PINNED, UPDATED_AT, SidePane


class Listing(QObject):
    openRequested = Signal(int)  # a row was chosen: open that conversation
    hitRequested = Signal(int)  # a search result of the conversation already open: go to its match
    deleteRequested = Signal(int)  # Delete on a row (the window asks first)
    storageFailed = Signal(str)

    def __init__(
        self,
        pane: SidePane,
        conversations: Conversations,
        controller: ChatController,
        session: ConversationSession,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.pane = pane
        self.list = pane.list
        self.conversations = conversations
        self.controller = controller
        self.session = session
        self.theme: Theme | None = None
        self.hits: dict[int, int | None] = {}  # search results: conversation -> the message its snippet is from
        self._items: dict[int, QListWidgetItem] = {}
        self._menu: QMenu | None = None  # one menu, made again for each right-click (never one more each time)
        self._midnight = QTimer(self)
        self._midnight.setSingleShot(True)
        self._midnight.timeout.connect(self._on_midnight)
        self._arm_midnight()
        self._search = QTimer(self)
        self._search.setSingleShot(True)
        self._search.setInterval(150)
        self._search.timeout.connect(self.reload)
        pane.search.textChanged.connect(lambda _: self._search.start())
        self.list.currentItemChanged.connect(self._on_current)
        self.list.itemClicked.connect(self._on_clicked)
        self.list.itemChanged.connect(self._on_renamed)
        self.list.customContextMenuRequested.connect(self._on_menu)
        controller.conversationChanged.connect(self.on_changed)
        session.titleChanged.connect(lambda _title: self._refresh_current())

    def query(self) -> str:
        return self.pane.search.text().strip()

    def retranslate(self, headings: dict[DateGroup, str], no_results: str) -> None:
        self.list.headings = headings
        self.list.relabel_groups()
        self.pane.no_results.setText(no_results)

    def reload(self) -> None:
        query = self.query()
        try:
            rows = self.conversations.rows(query)
        except StoreError as exc:
            self.storageFailed.emit(str(exc))
            rows = []
        self.hits = {r.conversation.id: r.match_message_id for r in rows} if query else {}
        self.list.highlight = query
        current = self.session.current.id if self.session.current else None
        busy = {r.conversation.id for r in rows if self.controller.is_busy(r.conversation.id)}
        self._items = self.list.fill(rows, current, busy)
        self.pane.no_results.setVisible(bool(query) and not rows)

    def first(self) -> int | None:
        item = self.list.item(0)
        return int(item.data(CONVERSATION_ID)) if item is not None else None

    def select(self, conversation_id: int) -> None:
        """Mark a conversation's row as the current one (without opening it again)."""
        item = self._items.get(conversation_id)
        if item is not None:
            self.list.blockSignals(True)
            self.list.setCurrentItem(item)
            self.list.blockSignals(False)

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(CONVERSATION_ID)) if item is not None else None

    def on_changed(self, conversation_id: int) -> None:
        """A conversation's row changes (title, preview, busy mark) and may move up."""
        try:
            row = self.conversations.row(conversation_id)
        except StoreError as exc:
            self.storageFailed.emit(str(exc))
            return
        item = self._items.get(conversation_id)
        if row is None or item is None or self.query():
            self.reload()  # not listed, or a search whose results may change
            return
        conv = row.conversation
        lst = self.list
        lst.blockSignals(True)
        lst.set_row(item, row, busy=self.controller.is_busy(conversation_id))
        # Pinned first, then newest first: a conversation that became the newest of its group goes to the
        # top of that group.
        index = lst.row(item)
        top = 0
        if not conv.pinned:
            while top < lst.count() and lst.item(top).data(PINNED):
                top += 1
        head = lst.item(top)
        if index != top and head is not None and conv.updated_at >= float(head.data(UPDATED_AT)):
            current = lst.currentItem() is item
            lst.takeItem(index)
            lst.insertItem(top, item)
            if current:
                lst.setCurrentItem(item)
        lst.relabel_groups(stop=index + 2)  # the rows below its old place kept their neighbours
        lst.blockSignals(False)

    def _refresh_current(self) -> None:
        if self.session.current is not None:
            self.on_changed(self.session.current.id)

    def _arm_midnight(self) -> None:
        """A second after the next local midnight (a day of 23 or 25 hours included), the headings again."""
        self._midnight.start(int((seconds_to_midnight(self.conversations.clock()) + 1) * 1000))

    def _on_midnight(self) -> None:
        self.reload()
        self._arm_midnight()

    def _on_current(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            conversation_id = int(item.data(CONVERSATION_ID))
            if not self.session.is_open(conversation_id):
                self.openRequested.emit(conversation_id)

    def _on_clicked(self, item: QListWidgetItem) -> None:
        """A click on the search result of the open conversation (which changes no current row) still goes
        to the match its snippet shows."""
        conversation_id = int(item.data(CONVERSATION_ID))
        if self.query() and self.session.is_open(conversation_id):
            self.hitRequested.emit(conversation_id)

    def _on_renamed(self, item: QListWidgetItem) -> None:
        conversation_id = int(item.data(CONVERSATION_ID))
        title = self.session.rename(conversation_id, item.text())
        if title is None:
            self.reload()
        elif item.text() != title:
            self.list.blockSignals(True)
            item.setText(title)
            self.list.blockSignals(False)

    def _on_menu(self, pos: QPoint) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        conversation_id = int(item.data(CONVERSATION_ID))
        pinned = bool(item.data(PINNED))
        if self._menu is not None:
            self._menu.deleteLater()
        menu = self._menu = QMenu(self.list)
        colour = self.theme.text2 if self.theme else "#656d76"
        rename = menu.addAction(icons.icon("pencil", colour), self.tr("Rename"))
        pin = menu.addAction(
            icons.icon("pin-off" if pinned else "pin", colour), self.tr("Unpin") if pinned else self.tr("Pin to top")
        )
        menu.addSeparator()
        delete = menu.addAction(
            icons.icon("trash-2", self.theme.error if self.theme else "#cf222e"), self.tr("Delete…")
        )
        chosen = menu.exec(self.list.viewport().mapToGlobal(pos))
        if chosen is rename:
            self.list.editItem(item)
        elif chosen is pin:
            try:
                self.session.archive.set_pinned(conversation_id, not pinned)
            except StoreError as exc:
                self.storageFailed.emit(str(exc))
            self.reload()
        elif chosen is delete:
            self.deleteRequested.emit(conversation_id)
