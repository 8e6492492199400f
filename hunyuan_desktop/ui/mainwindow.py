"""The main window: conversation list on the left, the chat pane and composer on the right, the parameters
panel beside it, balance and cost always in view."""

from __future__ import annotations

import asyncio
import html
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QCursor,
    QDesktopServices,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractSlider,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from hunyuan_desktop import __version__
from hunyuan_desktop.catalog import format_yuan
from hunyuan_desktop.chat.controller import (
    ChatController,
    LocalKind,
    StreamBatch,
    TurnFinished,
    TurnStarted,
    TurnWaiting,
)
from hunyuan_desktop.domain import Conversation, ErrorSource, MessageStatus, Params, Role
from hunyuan_desktop.files import write_private
from hunyuan_desktop.settings import Settings
from hunyuan_desktop.store.archive import Archive, StoreError
from hunyuan_desktop.store.export import to_json, to_markdown
from hunyuan_desktop.ui import access
from hunyuan_desktop.ui.chatview import ACTION_COPY, ACTION_RETRY, ZOOM_STEP, ChatView, copy_text
from hunyuan_desktop.ui.find import FindBar
from hunyuan_desktop.ui.links import LinkVerdict, judge_link
from hunyuan_desktop.ui.markdown import COPY_CODE
from hunyuan_desktop.ui.params import ParamsPanel
from hunyuan_desktop.ui.tasks import TaskSet
from hunyuan_desktop.ui.texts import Action, error_lines, explain, finish_notes, status_labels

log = logging.getLogger(__name__)

CONVERSATION_ID = Qt.ItemDataRole.UserRole + 10
UPDATED_AT = Qt.ItemDataRole.UserRole + 11
PINNED = Qt.ItemDataRole.UserRole + 12


@dataclass
class WindowDeps:
    """Everything the window needs, built in app.py."""

    archive: Archive
    controller: ChatController
    settings: Settings
    data_dir: Path
    open_settings: Callable[[QWidget], Awaitable[None]]
    start_demo: Callable[[], Awaitable[None]] | None
    has_key: Callable[[], Awaitable[bool]]
    demo: bool = False


class Composer(QPlainTextEdit):
    """Enter sends, Shift+Enter inserts a newline. PgUp/PgDn (and Home/End while it is empty) scroll the
    conversation, so reading back never needs the mouse or a change of focus."""

    submitted = Signal()
    scrollRequested = Signal(object)  # QAbstractSlider.SliderAction

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageInput")
        self.setMaximumHeight(110)
        self.setTabChangesFocus(True)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (e.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.submitted.emit()
            return
        plain = e.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        paging = {
            Qt.Key.Key_PageUp: QAbstractSlider.SliderAction.SliderPageStepSub,
            Qt.Key.Key_PageDown: QAbstractSlider.SliderAction.SliderPageStepAdd,
        }
        ends = {
            Qt.Key.Key_Home: QAbstractSlider.SliderAction.SliderToMinimum,
            Qt.Key.Key_End: QAbstractSlider.SliderAction.SliderToMaximum,
        }
        key = Qt.Key(e.key())
        if plain and (key in paging or (key in ends and not self.toPlainText())):
            self.scrollRequested.emit(paging.get(key) or ends[key])
            return
        super().keyPressEvent(e)


class ErrorBanner(QWidget):
    """Shown under the failed answer: what happened, the server's words, and the way out."""

    actionRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "#errorBanner { background: #fff1f0; border: 1px solid #ffa39e; border-radius: 6px; }"
            "#errorBanner QLabel { color: #a8071a; }"
        )
        self.text = QLabel(self)
        self.text.setObjectName("errorText")
        self.text.setWordWrap(True)
        # Our own markup around escaped text: no link in it, none opened.
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry = QPushButton(self)
        self.retry.setObjectName("retryButton")
        self.settings = QPushButton(self)
        self.settings.setObjectName("errorSettingsButton")
        self.recharge = QPushButton(self)
        self.recharge.setObjectName("rechargeButton")
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.text, 1)
        for b in (self.recharge, self.settings, self.retry, self.close_button):
            layout.addWidget(b, 0, Qt.AlignmentFlag.AlignTop)
        self.retry.clicked.connect(lambda: self.actionRequested.emit(Action.RETRY))
        self.settings.clicked.connect(lambda: self.actionRequested.emit(Action.SETTINGS))
        self.recharge.clicked.connect(lambda: self.actionRequested.emit(Action.RECHARGE))
        self.close_button.clicked.connect(self.hide)
        self.message_id: int | None = None
        self.hide()

    def show_error(
        self,
        message_id: int,
        kind: str,
        message: str,
        retry_after: float | None,
        source: str = ErrorSource.LOCAL,
    ) -> None:
        explanation = explain(kind, retry_after)
        self.message_id = message_id
        _, detail = error_lines(kind, message, source, retry_after)
        self.text.setText(
            f"<b>{html.escape(explanation.what)}</b> {html.escape(explanation.todo)}"
            + (f"<br><span style='font-size:small'>{html.escape(detail)}</span>" if detail else "")
        )
        self.retry.setText(self.tr("Retry"))
        self.settings.setText(self.tr("Open settings"))
        self.recharge.setText(self.tr("Top up"))
        self.retry.setVisible(Action.RETRY in explanation.actions)
        self.settings.setVisible(Action.SETTINGS in explanation.actions)
        self.recharge.setVisible(Action.RECHARGE in explanation.actions)
        self.show()


class MainWindow(QMainWindow):
    closed = Signal()

    def __init__(self, deps: WindowDeps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.deps = deps
        self.archive = deps.archive
        self.controller = deps.controller
        self.settings = deps.settings
        self.tasks = TaskSet()
        self.current: Conversation | None = None
        self._list_items: dict[int, QListWidgetItem] = {}
        self._hits: dict[int, int | None] = {}  # search results: conversation -> the message its snippet is from
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._build()
        self._wire()
        self.retranslate()
        self.resize(1200, 780)
        self.chat_view.set_zoom(self.settings.chat_zoom)
        self.reload_conversations()
        first = self.conversation_list.item(0)
        if first is not None:
            self.select_conversation(int(first.data(CONVERSATION_ID)))
        else:
            self._show_conversation(None)
        self._update_balance()
        self.composer.setFocus()  # type at once; the search box is a Ctrl+K away
        self.tasks.spawn(self.refresh_welcome())

    # ---- construction ------------------------------------------------------------------------------

    def _build(self) -> None:
        # Left: conversations.
        left = QWidget(self)
        self.search = QLineEdit(left)
        self.search.setObjectName("conversationSearch")
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton(left)
        self.new_button.setObjectName("newConversationButton")
        left.setMinimumWidth(200)
        self.conversation_list = QListWidget(left)
        self.conversation_list.setObjectName("conversationList")
        self.conversation_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.conversation_list.setEditTriggers(
            QListWidget.EditTrigger.DoubleClicked | QListWidget.EditTrigger.EditKeyPressed
        )
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addWidget(self.new_button)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.conversation_list, 1)

        # Centre: header, chat (or welcome), error banner, composer.
        centre = QWidget(self)
        header = QHBoxLayout()
        self.title_label = QLabel(centre)
        self.title_label.setObjectName("titleLabel")
        self.title_label.setStyleSheet("font-weight: bold")
        # A long title (or cost text) must not widen the header and so narrow the chat, which would
        # re-lay every visible document mid-stream.
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.demo_label = QLabel(centre)
        self.demo_label.setObjectName("demoLabel")
        self.demo_label.setStyleSheet("color: white; background: #8250df; border-radius: 4px; padding: 1px 6px")
        self.demo_label.setVisible(self.deps.demo)
        self.balance_label = QLabel(centre)
        self.balance_label.setObjectName("balanceLabel")
        self.cost_label = QLabel(centre)
        self.cost_label.setObjectName("costLabel")
        self.export_button = QToolButton(centre)
        self.export_button.setObjectName("exportButton")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(self.export_button)
        self.export_md = export_menu.addAction("Markdown…")
        self.export_json = export_menu.addAction("JSON…")
        self.export_button.setMenu(export_menu)
        self.settings_button = QToolButton(centre)
        self.settings_button.setObjectName("settingsButton")
        header.addWidget(self.title_label, 1)
        header.addWidget(self.demo_label)
        header.addWidget(self.cost_label)
        header.addSpacing(12)
        header.addWidget(self.balance_label)
        header.addWidget(self.export_button)
        header.addWidget(self.settings_button)

        self.stack = QStackedWidget(centre)
        self.chat_view = ChatView(self.stack)
        self.welcome = QWidget(self.stack)
        self.welcome.setObjectName("welcomePage")
        self.welcome_text = QLabel(self.welcome)
        self.welcome_text.setWordWrap(True)
        self.welcome_text.setOpenExternalLinks(True)
        self.welcome_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome_key = QPushButton(self.welcome)
        self.welcome_key.setObjectName("welcomeKeyButton")
        self.welcome_demo = QPushButton(self.welcome)
        self.welcome_demo.setObjectName("welcomeDemoButton")
        self.welcome_demo.setVisible(self.deps.start_demo is not None)
        welcome_buttons = QHBoxLayout()
        welcome_buttons.addStretch(1)
        welcome_buttons.addWidget(self.welcome_key)
        welcome_buttons.addWidget(self.welcome_demo)
        welcome_buttons.addStretch(1)
        welcome_layout = QVBoxLayout(self.welcome)
        welcome_layout.addStretch(1)
        welcome_layout.addWidget(self.welcome_text)
        welcome_layout.addLayout(welcome_buttons)
        welcome_layout.addStretch(2)
        self.stack.addWidget(self.chat_view)
        self.stack.addWidget(self.welcome)

        self.error_banner = ErrorBanner(centre)
        self.wait_label = QLabel(centre)
        self.wait_label.setObjectName("waitLabel")
        self.wait_label.setWordWrap(True)
        self.wait_label.hide()
        self._wait_until = 0.0
        self._wait_kind = ""
        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(250)
        self._wait_timer.timeout.connect(self._tick_waiting)
        self.composer = Composer(centre)
        self.send_button = QPushButton(centre)
        self.send_button.setObjectName("sendButton")
        self.send_button.setDefault(True)
        self.stop_button = QPushButton(centre)
        self.stop_button.setObjectName("stopButton")
        self.stop_button.hide()
        composer_row = QHBoxLayout()
        composer_row.addWidget(self.composer, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        composer_row.addLayout(buttons)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(6, 6, 6, 6)
        centre_layout.addLayout(header)
        access.install(self.chat_view)
        self.find_bar = FindBar(self.chat_view, centre)
        centre_layout.addWidget(self.find_bar)
        centre_layout.addWidget(self.stack, 1)
        centre_layout.addWidget(self.error_banner)
        centre_layout.addWidget(self.wait_label)
        centre_layout.addLayout(composer_row)

        # Right: parameters.
        self.params = ParamsPanel(self.controller.provider.models, self)
        self.params.setObjectName("paramsPanel")
        self.params.setMinimumWidth(260)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(centre)
        splitter.addWidget(self.params)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 680, 280])
        self.setCentralWidget(splitter)

        self.delete_action = QAction(self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.conversation_list.addAction(self.delete_action)
        self._build_menus()

    def _action(self, menu: QMenu, slot: Callable[[], object], *keys: QKeySequence.StandardKey | str) -> QAction:
        """A menu action; a standard key brings the platform's own bindings, a string adds one more."""
        sequences: list[QKeySequence] = []
        for key in keys:
            found = QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) else [key]
            for binding in map(QKeySequence, found):
                if not binding.isEmpty() and binding not in sequences:
                    sequences.append(binding)
        action = menu.addAction("")
        action.setShortcuts(sequences)
        action.triggered.connect(lambda _checked=False: slot())  # not the checked flag as an argument
        self.addAction(action)  # works with the menu bar hidden or native (macOS) too
        return action

    def _build_menus(self) -> None:
        """Every action in the menu bar with its shortcut (DESIGN.md's contract); standard keys where Qt
        has one, so each platform gets its own."""
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.new_action = self._action(self.file_menu, self.new_conversation, QKeySequence.StandardKey.New)
        self.file_menu.addSeparator()
        self.export_md_action = self._action(self.file_menu, lambda: self.export("md"))
        self.export_json_action = self._action(self.file_menu, lambda: self.export("json"))
        self.file_menu.addSeparator()
        self.settings_action = self._action(
            self.file_menu,
            lambda: self.tasks.spawn(self.open_settings()),
            QKeySequence.StandardKey.Preferences,
            "Ctrl+,",
        )
        self.quit_action = self._action(self.file_menu, self.close, QKeySequence.StandardKey.Quit, "Ctrl+Q")
        self.edit_menu = bar.addMenu("")
        self.copy_last_action = self._action(self.edit_menu, self.copy_last_answer, "Ctrl+Shift+C")
        self.search_action = self._action(self.edit_menu, self.focus_search, "Ctrl+K")
        self.edit_menu.addSeparator()
        self.find_action = self._action(self.edit_menu, self.open_find, QKeySequence.StandardKey.Find, "Ctrl+F")
        self.find_next_action = self._action(self.edit_menu, self.find_bar.next, QKeySequence.StandardKey.FindNext)
        self.find_previous_action = self._action(
            self.edit_menu, self.find_bar.previous, QKeySequence.StandardKey.FindPrevious
        )
        self.view_menu = bar.addMenu("")
        self.zoom_in_action = self._action(
            self.view_menu, lambda: self.zoom_by(ZOOM_STEP), QKeySequence.StandardKey.ZoomIn, "Ctrl+="
        )
        self.zoom_out_action = self._action(
            self.view_menu, lambda: self.zoom_by(-ZOOM_STEP), QKeySequence.StandardKey.ZoomOut
        )
        self.zoom_reset_action = self._action(self.view_menu, lambda: self.set_zoom(100), "Ctrl+0")
        self.conversation_menu = bar.addMenu("")
        self.stop_action = self._action(self.conversation_menu, self.stop, "Esc")
        self.retry_action = self._action(self.conversation_menu, self.retry)
        self.delete_menu_action = self._action(self.conversation_menu, self._delete_current)
        self.help_menu = bar.addMenu("")
        self.about_action = self._action(self.help_menu, self.about)

    def _wire(self) -> None:
        c = self.controller
        c.turnStarted.connect(self._on_turn_started)
        c.deltas.connect(self._on_deltas)
        c.turnFinished.connect(self._on_turn_finished)
        c.turnWaiting.connect(self._on_turn_waiting)
        c.busyChanged.connect(self._on_busy)
        c.balanceChanged.connect(lambda *_: self._update_balance())
        c.conversationChanged.connect(self._on_conversation_changed)
        c.storageFailed.connect(self._on_storage_failed)
        self.new_button.clicked.connect(self.new_conversation)
        self.composer.scrollRequested.connect(lambda action: self.chat_view.verticalScrollBar().triggerAction(action))
        self.chat_view.zoomRequested.connect(self.zoom_by)
        self.chat_view.messageMenuRequested.connect(self._on_message_menu)
        self.send_button.clicked.connect(self.send)
        self.composer.submitted.connect(self.send)
        self.stop_button.clicked.connect(self.stop)
        self.conversation_list.currentItemChanged.connect(self._on_current_item)
        self.conversation_list.itemChanged.connect(self._on_item_renamed)
        self.conversation_list.customContextMenuRequested.connect(self._on_list_menu)
        self.delete_action.triggered.connect(self._delete_current)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self._search_timer.timeout.connect(self.reload_conversations)
        self.params.changed.connect(self._on_params_changed)
        self.chat_view.anchorClicked.connect(self._on_anchor)
        self.find_bar.closed.connect(self.composer.setFocus)
        self.error_banner.actionRequested.connect(self._on_banner_action)
        self.settings_button.clicked.connect(lambda: self.tasks.spawn(self.open_settings()))
        self.export_md.triggered.connect(lambda: self.export("md"))
        self.export_json.triggered.connect(lambda: self.export("json"))
        self.welcome_key.clicked.connect(lambda: self.tasks.spawn(self.open_settings()))
        self.welcome_demo.clicked.connect(lambda: self.tasks.spawn(self._start_demo()))

    def retranslate(self) -> None:
        title = self.tr("Hunyuan Desktop")
        self.setWindowTitle(title + (" — " + self.tr("offline demo") if self.deps.demo else ""))
        self.search.setPlaceholderText(self.tr("Search titles and messages"))
        self.new_button.setText(self.tr("New conversation"))
        self.send_button.setText(self.tr("Send"))
        self.send_button.setToolTip(self.tr("Enter sends, Shift+Enter starts a new line"))
        self.stop_button.setText(self.tr("Stop"))
        self.composer.setPlaceholderText(self.tr("Ask anything… (Enter to send, Shift+Enter for a new line)"))
        self.export_button.setText(self.tr("Export"))
        self.settings_button.setText(self.tr("Settings"))
        self.demo_label.setText(self.tr("DEMO · offline, nothing is billed"))
        self.delete_action.setText(self.tr("Delete"))
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.conversation_menu.setTitle(self.tr("&Conversation"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.new_action.setText(self.tr("New conversation"))
        self.export_md_action.setText(self.tr("Export as Markdown…"))
        self.export_json_action.setText(self.tr("Export as JSON…"))
        self.settings_action.setText(self.tr("Settings…"))
        self.quit_action.setText(self.tr("Quit"))
        self.copy_last_action.setText(self.tr("Copy last answer"))
        self.search_action.setText(self.tr("Search conversations"))
        self.find_action.setText(self.tr("Find in conversation…"))
        self.find_next_action.setText(self.tr("Find next"))
        self.find_previous_action.setText(self.tr("Find previous"))
        self.find_bar.retranslate()
        self.chat_view.setAccessibleName(self.tr("Conversation"))
        self.chat_view.setAccessibleDescription(
            self.tr("Messages, oldest first. Ctrl+Up and Ctrl+Down move from message to message.")
        )
        self.zoom_in_action.setText(self.tr("Larger text"))
        self.zoom_out_action.setText(self.tr("Smaller text"))
        self.zoom_reset_action.setText(self.tr("Actual size"))
        self.stop_action.setText(self.tr("Stop answer"))
        self.retry_action.setText(self.tr("Retry"))
        self.delete_menu_action.setText(self.tr("Delete conversation…"))
        self.about_action.setText(self.tr("About Hunyuan Desktop"))
        provider = self.controller.provider
        self.welcome_text.setText(
            "<h2>"
            + self.tr("Welcome to Hunyuan Desktop")
            + "</h2><p>"
            + self.tr("To talk to Hunyuan models you need an API key.")
            + "</p><p>"
            + self.tr("Get one at %1, then enter it in Settings. It is kept in your system keyring only.").replace(
                "%1", f'<a href="{provider.get_key_url}">{provider.get_key_url}</a>'
            )
            + "</p><p>"
            + self.tr("No key yet? Try the offline demo: a local stand-in server, clearly marked, nothing billed.")
            + "</p>"
        )
        self.welcome_key.setText(self.tr("Enter API key…"))
        self.welcome_demo.setText(self.tr("Try the offline demo"))
        labels = self.chat_view.labels
        labels.user = self.tr("You")
        labels.assistant = self.tr("Hunyuan")
        labels.reasoning = self.tr("Reasoning")
        labels.copy = self.tr("Copy")
        labels.retry = self.tr("Retry")
        labels.copy_code = self.tr("Copy code")
        labels.tokens = self.tr("tokens")
        labels.statuses = status_labels()
        labels.finish_notes = finish_notes()
        self.chat_view.set_palette(self.chat_view.palette_)
        self.params.retranslate()

    # ---- conversations -----------------------------------------------------------------------------

    def reload_conversations(self) -> None:
        query = self.search.text().strip()
        snippets: dict[int, str] = {}
        if query:
            try:
                hits = self.archive.search(query)
            except StoreError as exc:
                self._on_storage_failed(str(exc))
                hits = []
            wanted = [h.conversation_id for h in hits]
            snippets = {h.conversation_id: h.snippet for h in hits}
            self._hits = {h.conversation_id: h.message_id for h in hits}
            by_id = {c.id: c for c in self.archive.conversations()}
            conversations = [by_id[i] for i in wanted if i in by_id]
        else:
            conversations = self.archive.conversations()
        current_id = self.current.id if self.current else None
        lst = self.conversation_list
        lst.blockSignals(True)
        lst.clear()
        self._list_items = {}
        for conv in conversations:
            item = QListWidgetItem()
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self._fill_item(item, conv, snippets.get(conv.id))
            lst.addItem(item)
            self._list_items[conv.id] = item
            if conv.id == current_id:
                lst.setCurrentItem(item)
        lst.blockSignals(False)

    def _fill_item(self, item: QListWidgetItem, conv: Conversation, snippet: str | None) -> None:
        busy = self.controller.is_busy(conv.id)
        title = ("📌 " if conv.pinned else "") + conv.title + (" …" if busy else "")
        # A search result shows where it matched, under its title.
        item.setText(title + ("\n    " + snippet if snippet and snippet != conv.title else ""))
        item.setData(CONVERSATION_ID, conv.id)
        item.setData(UPDATED_AT, conv.updated_at)
        item.setData(PINNED, conv.pinned)
        item.setToolTip(snippet or time.strftime("%Y-%m-%d %H:%M", time.localtime(conv.updated_at)))

    def _on_conversation_changed(self, conversation_id: int) -> None:
        """A turn started or ended: that conversation's row changes (title, busy mark) and may move up.
        Updated in place: rebuilding a list of 1,000 conversations took ~30 ms on every turn."""
        conv = self.archive.conversation(conversation_id)
        item = self._list_items.get(conversation_id)
        if conv is None or item is None or self.search.text().strip():
            self.reload_conversations()  # not listed, or a search whose results may change
            return
        lst = self.conversation_list
        lst.blockSignals(True)
        self._fill_item(item, conv, None)
        # The list is pinned first, then newest first: a conversation that became the newest of its
        # group goes to the top of that group.
        row = lst.row(item)
        top = 0
        if not conv.pinned:
            while top < lst.count() and lst.item(top).data(PINNED):
                top += 1
        head = lst.item(top)
        if row != top and head is not None and conv.updated_at >= float(head.data(UPDATED_AT)):
            current = lst.currentItem() is item
            lst.takeItem(row)
            lst.insertItem(top, item)
            if current:
                lst.setCurrentItem(item)
        lst.blockSignals(False)

    def new_conversation(self) -> Conversation | None:
        try:
            conv = self.archive.create_conversation(
                self.tr("New conversation"),
                self.settings.default_model,
                Params(),
                self.settings.system_prompt,
            )
        except StoreError as exc:
            self._on_storage_failed(str(exc))
            return None
        self.search.clear()
        self.current = conv
        self.reload_conversations()
        self._show_conversation(conv)
        self.composer.setFocus()
        return conv

    def select_conversation(self, conversation_id: int) -> None:
        conv = self.archive.conversation(conversation_id)
        self.current = conv
        self._show_conversation(conv)
        for i in range(self.conversation_list.count()):
            item = self.conversation_list.item(i)
            if item.data(CONVERSATION_ID) == conversation_id:
                self.conversation_list.blockSignals(True)
                self.conversation_list.setCurrentItem(item)
                self.conversation_list.blockSignals(False)

    def _on_current_item(self, item: QListWidgetItem | None, _prev: QListWidgetItem | None) -> None:
        if item is not None:
            conversation_id = int(item.data(CONVERSATION_ID))
            if self.current is None or self.current.id != conversation_id:
                self.select_conversation(conversation_id)
                self._show_search_hit(conversation_id)

    def _show_search_hit(self, conversation_id: int) -> None:
        """A conversation opened from the search results: the find bar goes to the match its snippet
        showed, highlighted (the first match, for a title hit)."""
        query = self.search.text().strip()
        if not query or conversation_id not in self._hits:
            return
        hit = self._hits[conversation_id]
        row = self.chat_view.row_of(hit) if hit is not None else None
        self.find_bar.open_bar(query, near_row=row if row is not None else 0)

    def _show_conversation(self, conv: Conversation | None) -> None:
        self.error_banner.hide()
        self._stop_waiting()
        if conv is None:
            self.chat_view.set_messages([])
            self.title_label.setText("")
            self.params.setEnabled(True)
            self.params.load(self.settings.default_model, Params(), self.settings.system_prompt)
            self._on_busy(-1, False)
            self._update_cost()
            return
        messages = self.archive.messages(conv.id)
        live = self.controller.live_message(conv.id)
        if live is not None:
            # The answer in flight belongs to the controller: show its text as batches have carried it
            # so far (the archive's copy may be half a second old), then the next batches extend it.
            messages = [m for m in messages if m.id != live.id] + [live]
        self.chat_view.set_messages(messages)
        self.find_bar.refresh()
        self.title_label.setText(conv.title)
        self.params.load(conv.model, conv.params, conv.system_prompt)
        self._on_busy(conv.id, self.controller.is_busy(conv.id))
        # A past failure is shown in its bubble (with Retry), not as a banner: the banner is for what
        # happens now, never a previous run's error presented as current.
        self._update_cost()

    def _on_item_renamed(self, item: QListWidgetItem) -> None:
        conversation_id = int(item.data(CONVERSATION_ID))
        title = item.text().split("\n", 1)[0].removeprefix("📌 ").removesuffix(" …").strip()
        if not title:
            self.reload_conversations()
            return
        try:
            self.archive.rename(conversation_id, title)
        except StoreError as exc:
            self._on_storage_failed(str(exc))
        if self.current and self.current.id == conversation_id:
            self.current.title = title
            self.title_label.setText(title)

    def _on_list_menu(self, pos: QPoint) -> None:
        item = self.conversation_list.currentItem()
        if item is None:
            return
        conversation_id = int(item.data(CONVERSATION_ID))
        conv = self.archive.conversation(conversation_id)
        if conv is None:
            return
        menu = QMenu(self)
        rename = menu.addAction(self.tr("Rename"))
        pin = menu.addAction(self.tr("Unpin") if conv.pinned else self.tr("Pin to top"))
        delete = menu.addAction(self.tr("Delete…"))
        chosen = menu.exec(self.conversation_list.viewport().mapToGlobal(pos))
        if chosen is rename:
            self.conversation_list.editItem(item)
        elif chosen is pin:
            self.archive.set_pinned(conversation_id, not conv.pinned)
            self.reload_conversations()
        elif chosen is delete:
            self.delete_conversation(conversation_id)

    def _delete_current(self) -> None:
        item = self.conversation_list.currentItem()
        if item is not None:
            self.delete_conversation(int(item.data(CONVERSATION_ID)))

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def delete_conversation(self, conversation_id: int) -> bool:
        conv = self.archive.conversation(conversation_id)
        if conv is None:
            return False
        if not self.confirm(
            self.tr("Delete conversation"),
            self.tr("Delete “%1” and all its messages? This cannot be undone.").replace("%1", conv.title),
        ):
            return False
        self.controller.stop(conversation_id)
        try:
            self.archive.delete_conversation(conversation_id)
        except StoreError as exc:
            self._on_storage_failed(str(exc))
            return False
        if self.current and self.current.id == conversation_id:
            self.current = None
        self.reload_conversations()
        first = self.conversation_list.item(0)
        if self.current is None:
            if first is not None:
                self.select_conversation(int(first.data(CONVERSATION_ID)))
            else:
                self._show_conversation(None)
        return True

    # ---- sending -----------------------------------------------------------------------------------

    def send(self) -> None:
        text = self.composer.toPlainText()
        if not text.strip():
            return
        conv = self.current or self.new_conversation()
        if conv is None or self.controller.is_busy(conv.id):
            return
        self._save_params()
        if self.controller.send(conv.id, text):
            self.composer.clear()  # only once the message is committed to the archive
            self.composer.setFocus()

    def stop(self) -> None:
        if self.current is not None:
            self.controller.stop(self.current.id)

    def _is_current(self, conversation_id: int) -> bool:
        return self.current is not None and self.current.id == conversation_id

    def _on_turn_started(self, event: TurnStarted) -> None:
        if not self._is_current(event.conversation_id) or self.current is None:
            return
        self.error_banner.hide()
        if self.stack.currentWidget() is not self.chat_view:
            self.stack.setCurrentWidget(self.chat_view)
        self.chat_view.follow = True
        if event.user is not None:
            self.chat_view.add_message(event.user)
        self.chat_view.add_message(event.answer)
        conv = self.archive.conversation(event.conversation_id)
        if conv is not None:
            self.current.title = conv.title
            self.title_label.setText(conv.title)

    def _on_deltas(self, batch: StreamBatch) -> None:
        if self._is_current(batch.conversation_id):
            self._stop_waiting()
            self.chat_view.add_delta(batch.message_id, batch.text, batch.reasoning)

    def _on_turn_finished(self, event: TurnFinished) -> None:
        if not self._is_current(event.conversation_id):
            return
        self._stop_waiting()
        self.chat_view.update_message(event.message)
        self.find_bar.refresh()
        error = event.error
        if error is not None:
            self.error_banner.show_error(event.message.id, error.kind, error.message, error.retry_after, error.source)
        self._update_cost()

    # ---- waiting before a retry --------------------------------------------------------------------

    def _on_turn_waiting(self, event: TurnWaiting) -> None:
        """The server asked to wait (429 Retry-After) or a retry backs off: show the countdown."""
        if not self._is_current(event.conversation_id):
            return
        self._wait_until = time.monotonic() + event.seconds
        self._wait_kind = event.kind
        self._tick_waiting()
        self._wait_timer.start()

    def _tick_waiting(self) -> None:
        left = int(self._wait_until - time.monotonic() + 0.999)
        if left <= 0:
            self.wait_label.setText(self.tr("Trying again…"))
        else:
            what = explain(self._wait_kind).what
            self.wait_label.setText(what + " " + self.tr("Trying again in %n second(s)…", "", left))
        self.wait_label.show()

    def _stop_waiting(self) -> None:
        self._wait_timer.stop()
        self.wait_label.hide()

    def _on_busy(self, conversation_id: int, busy: bool) -> None:
        if self.current is not None and conversation_id not in (-1, self.current.id):
            return
        if not busy:
            self._stop_waiting()
        self.send_button.setVisible(not busy)
        self.stop_button.setVisible(busy)
        self.send_button.setEnabled(not busy)

    def _on_params_changed(self) -> None:
        self._save_params()

    def _save_params(self) -> None:
        if self.current is None:
            return
        model = self.params.current_model_id()
        params = self.params.params()
        prompt = self.params.system_prompt.toPlainText()
        if (model, params, prompt) == (self.current.model, self.current.params, self.current.system_prompt):
            return
        try:
            self.archive.update_settings(self.current.id, model=model, params=params, system_prompt=prompt)
        except StoreError as exc:
            self._on_storage_failed(str(exc))
            return
        self.current.model, self.current.params, self.current.system_prompt = model, params, prompt

    # ---- money -------------------------------------------------------------------------------------

    def _update_balance(self) -> None:
        amount = self.controller.balance
        if amount is None:
            self.balance_label.setText(self.tr("Balance —"))
            self.balance_label.setToolTip(self.tr("The balance appears after the first request."))
            self.balance_label.setStyleSheet("")
            return
        at = time.strftime("%H:%M", time.localtime(self.controller.balance_at))
        self.balance_label.setText(self.tr("Balance %1").replace("%1", format_yuan(amount, 4)) + f" · {at}")
        low = amount < self.settings.low_balance
        self.balance_label.setStyleSheet("color: #cf222e; font-weight: bold" if low else "")
        tip = (
            self.tr("Balance %1, updated %2")
            .replace("%1", format_yuan(amount, 4))
            .replace("%2", time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.controller.balance_at)))
        )
        if low:
            tip += "\n" + self.tr("Below your warning level of %1.").replace(
                "%1", format_yuan(self.settings.low_balance, 2)
            )
        self.balance_label.setToolTip(tip)

    def _update_cost(self) -> None:
        if self.current is None:
            self.cost_label.setText("")
            return
        messages = self.chat_view.messages()
        last = next((m.cost for m in reversed(messages) if m.cost is not None), None)
        total = self.archive.conversation_cost(self.current.id)
        self.cost_label.setText(
            self.tr("Last reply %1 · this conversation %2")
            .replace("%1", format_yuan(last, 4) if last is not None else "—")
            .replace("%2", format_yuan(total, 4))
        )

    # ---- actions -----------------------------------------------------------------------------------

    def _on_anchor(self, message_id: int, href: str, text: str = "") -> None:
        message = self.chat_view.message(message_id)
        if message is None:
            return
        if href == ACTION_COPY:
            QGuiApplication.clipboard().setText(copy_text(message))
        elif href == ACTION_RETRY:
            self.retry()
        elif href.startswith(COPY_CODE):
            code = self.chat_view.code_block(message.id, int(href.removeprefix(COPY_CODE)))
            if code is not None:
                QGuiApplication.clipboard().setText(code)
        else:
            self.open_link(href, text)

    def open_link(self, href: str, text: str) -> bool:
        """Open a link from an answer: web pages and plain mail addresses only, and only after asking
        when its text names another address than where it goes. True if it was opened."""
        verdict = judge_link(href, text)
        if verdict is LinkVerdict.REFUSE:
            QToolTip.showText(
                QCursor.pos(), self.tr("This link was not opened: only web and mail links open."), self.chat_view
            )
            return False
        if verdict is LinkVerdict.ASK and not self.confirm(
            self.tr("Open link"),
            self.tr("The link says “%1” but goes to:\n\n%2\n\nOpen it?").replace("%1", text).replace("%2", href),
        ):
            return False
        QDesktopServices.openUrl(QUrl(href))
        return True

    # ---- a message's context menu ------------------------------------------------------------------

    def _on_message_menu(self, message_id: int, where: QPoint) -> None:
        menu = self.message_menu(message_id, where)
        if menu is not None:
            menu.exec(where)
            menu.deleteLater()

    def message_menu(self, message_id: int, where: QPoint) -> QMenu | None:
        """Copy (the selection, or the whole message), Copy as Markdown, Copy code, Select all, Quote in
        reply; each copy says "Copied" where the menu was."""
        message = self.chat_view.message(message_id)
        if message is None:
            return None
        menu = QMenu(self)
        view = self.chat_view

        def copied(text: str) -> None:
            QGuiApplication.clipboard().setText(text)
            QToolTip.showText(where, self.tr("Copied"), view)

        copy = menu.addAction(self.tr("Copy"))
        copy.triggered.connect(
            lambda: copied(view.selected_text() or copy_text(message, view.message_text(message_id)))
        )
        markdown = menu.addAction(self.tr("Copy as Markdown"))
        markdown.triggered.connect(lambda: copied(message.content))
        codes = view.code_blocks(message_id)
        holder = menu.addMenu(self.tr("Copy code")) if len(codes) > 1 else menu
        for code in codes:
            first = next((line.strip() for line in code.splitlines() if line.strip()), "")
            label = self.tr("Copy code") if len(codes) == 1 else (first[:40] + ("…" if len(first) > 40 else ""))
            holder.addAction(label).triggered.connect(lambda _=False, c=code: copied(c))
        menu.addSeparator()
        menu.addAction(self.tr("Select all")).triggered.connect(view.select_all)
        quote = menu.addAction(self.tr("Quote in reply"))
        quote.triggered.connect(lambda: self.quote_in_reply(view.selected_text() or message.content))
        menu.addSeparator()
        delete = menu.addAction(self.tr("Delete message…"))
        delete.setEnabled(message.status is not MessageStatus.STREAMING)
        delete.triggered.connect(lambda: self.delete_message(message_id))
        return menu

    def delete_message(self, message_id: int) -> bool:
        """Delete one message after asking; it leaves the view and the next question's context."""
        message = self.chat_view.message(message_id)
        if message is None or message.status is MessageStatus.STREAMING:
            return False
        preview = " ".join(message.content.split())
        preview = preview[:80] + ("…" if len(preview) > 80 else "")
        if not self.confirm(
            self.tr("Delete message"),
            self.tr("Delete this message? This cannot be undone.") + (f"\n\n{preview}" if preview else ""),
        ):
            return False
        try:
            self.archive.delete_message(message_id)
        except StoreError as exc:
            self._on_storage_failed(str(exc))
            return False
        self.chat_view.remove_message(message_id)
        self.find_bar.refresh()
        self._update_cost()
        return True

    def quote_in_reply(self, text: str) -> None:
        quoted = "\n".join("> " + line for line in text.strip().splitlines())
        current = self.composer.toPlainText()
        self.composer.setPlainText((current.rstrip() + "\n\n" if current.strip() else "") + quoted + "\n\n")
        self.composer.moveCursor(QTextCursor.MoveOperation.End)
        self.composer.setFocus()

    def copy_last_answer(self) -> bool:
        answer = next((m for m in reversed(self.chat_view.messages()) if m.role is Role.ASSISTANT), None)
        if answer is None:
            return False
        QGuiApplication.clipboard().setText(copy_text(answer))
        return True

    def open_find(self) -> None:
        if self.current is not None:
            self.find_bar.open_bar()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def zoom_by(self, step: int) -> None:
        self.set_zoom(self.chat_view.zoom + step)

    def set_zoom(self, percent: int) -> None:
        """The chat text's size, remembered in the settings."""
        self.chat_view.set_zoom(percent)
        if self.settings.chat_zoom != self.chat_view.zoom:
            self.settings.chat_zoom = self.chat_view.zoom
            try:
                self.settings.save(self.deps.data_dir)
            except OSError as exc:
                log.warning("could not save the zoom: %s", exc)

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Hunyuan Desktop"),
            self.tr("Hunyuan Desktop %1\nData folder: %2")
            .replace("%1", __version__)
            .replace("%2", str(self.deps.data_dir)),
        )

    def retry(self) -> None:
        if self.current is not None:
            self.error_banner.hide()
            self.controller.retry(self.current.id)

    def _on_banner_action(self, action: str) -> None:
        if action == Action.RETRY:
            self.retry()
        elif action == Action.SETTINGS:
            self.tasks.spawn(self.open_settings())
        elif action == Action.RECHARGE:
            QDesktopServices.openUrl(QUrl(self.controller.provider.recharge_url))

    async def open_settings(self) -> None:
        await self.deps.open_settings(self)
        self._update_balance()
        await self.refresh_welcome()

    async def _start_demo(self) -> None:
        """Ask for the offline demo: the app restarts on the demo's own archive (app.py)."""
        if self.deps.start_demo is not None:
            self.welcome_demo.setEnabled(False)
            await self.deps.start_demo()

    async def refresh_welcome(self) -> None:
        """The welcome page stands in for an empty chat until a key (or the demo) is available."""
        has_key = self.deps.demo or await self.deps.has_key()
        empty = not self.chat_view.messages()
        self.stack.setCurrentWidget(self.welcome if (empty and not has_key) else self.chat_view)

    def export(self, kind: str) -> None:
        if self.current is None:
            return
        suffix = ".md" if kind == "md" else ".json"
        safe = "".join(ch if ch.isalnum() or ch in "-_ " else "_" for ch in self.current.title)[:60] or "conversation"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export conversation"), str(Path.home() / f"{safe}{suffix}")
        )
        if path:
            self.tasks.spawn(self.export_to(Path(path), kind))

    async def export_to(self, path: Path, kind: str) -> None:
        if self.current is None:
            return
        conv = self.archive.conversation(self.current.id)
        if conv is None:
            return
        messages = self.archive.messages(conv.id)
        if kind == "md":
            labels = {
                "user": self.tr("You"),
                "assistant": self.tr("Hunyuan"),
                "reasoning": self.tr("Reasoning"),
                "system": self.tr("System prompt"),
            }
            text = to_markdown(conv, messages, labels)
        else:
            text = to_json(conv, messages)
        try:
            await asyncio.get_running_loop().run_in_executor(None, write_private, path, text)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Export failed"),
                self.tr("Could not write %1: %2").replace("%1", str(path)).replace("%2", exc.strerror or str(exc)),
            )

    def _on_storage_failed(self, message: str) -> None:
        self.error_banner.show_error(-1, LocalKind.STORAGE, message, None)

    # ---- closing -----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_params()
        self.closed.emit()
        event.accept()
