"""The main window: conversation list on the left, the chat pane and composer on the right, the parameters
panel beside it, balance and cost always in view."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QCursor,
    QDesktopServices,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QResizeEvent,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from hunyuan_desktop.api.request import estimate_request
from hunyuan_desktop.catalog import format_money, format_yuan
from hunyuan_desktop.chat.controller import (
    ChatController,
    StreamBatch,
    TurnFinished,
    TurnStarted,
    TurnWaiting,
)
from hunyuan_desktop.chat.conversations import Conversations, DateGroup, ExportFormat, Shown
from hunyuan_desktop.domain import (
    Conversation,
    FailureKind,
    FinishReason,
    Message,
    MessageStatus,
    Params,
    Provider,
    Role,
)
from hunyuan_desktop.files import write_private
from hunyuan_desktop.settings import DEFAULT_SYSTEM_PROMPT, Settings
from hunyuan_desktop.store.archive import Archive, StoreError
from hunyuan_desktop.store.export import NotAnExportError, join_continuations
from hunyuan_desktop.ui import access, icons
from hunyuan_desktop.ui.about import AboutDialog
from hunyuan_desktop.ui.chatitem import copy_text
from hunyuan_desktop.ui.chatview import ZOOM_STEP, ChatView
from hunyuan_desktop.ui.conversation_list import CONVERSATION_ID, PINNED, UPDATED_AT, SidePane
from hunyuan_desktop.ui.find import FindBar
from hunyuan_desktop.ui.kit.dialogs import PlainLabel, confirm, inform
from hunyuan_desktop.ui.links import LinkVerdict, display_url, judge_link
from hunyuan_desktop.ui.message_actions import MessageActions
from hunyuan_desktop.ui.params import ParamsPanel
from hunyuan_desktop.ui.presets import PresetActions
from hunyuan_desktop.ui.tasks import TaskSet
from hunyuan_desktop.ui.texts import Action, explain, finish_notes, status_labels
from hunyuan_desktop.ui.theme import LIGHT_THEME, Theme
from hunyuan_desktop.ui.widgets import Composer, ElidedLabel, EmptyState, ErrorBanner

log = logging.getLogger(__name__)

MIN_WIDTH, MIN_HEIGHT = 640, 460  # the window's smallest size (the panes fold to fit)
FOLD_PARAMS = 1000  # narrower than this, the parameters panel folds away by itself


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
    theme: Theme = LIGHT_THEME


def first_size(available: QSize) -> QSize:
    """The window's size at its first start: 1200×780, or the screen's available area less a margin for
    the window manager's frame when that is smaller (an 800×600 screen gets 776×552), never below the
    window's minimum."""
    width = max(MIN_WIDTH, min(1200, available.width() - 24))
    height = max(MIN_HEIGHT, min(780, available.height() - 48))
    return QSize(width, height)


class MainWindow(QMainWindow):
    closed = Signal()

    def __init__(self, deps: WindowDeps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.deps = deps
        self.archive = deps.archive
        self.controller = deps.controller
        self.settings = deps.settings
        self.conversations = Conversations(deps.archive)
        self.theme: Theme = deps.theme
        self.tasks = TaskSet()
        self.current: Conversation | None = None
        self.shown: Shown | None = None  # the current branch as shown (see Conversations.shown)
        self.editing: int | None = None  # the question the message box holds for Edit and resend
        self._joined: dict[int, Message] = {}  # a continuation streaming -> the answer it joins, as it was
        self._list_items: dict[int, QListWidgetItem] = {}
        self._hits: dict[int, int | None] = {}  # search results: conversation -> the message its snippet is from
        self._has_key = True  # until refresh_welcome() asked the keyring
        self._search_icon: QAction | None = None
        # At midnight "Today" becomes "Yesterday": the list's headings and times are made again.
        self._midnight = QTimer(self)
        self._midnight.setSingleShot(True)
        self._midnight.timeout.connect(self._on_midnight)
        self._arm_midnight()
        self._balance_asked: set[str] = set()  # providers whose balance endpoint was asked this run
        self._banner_provider: Provider | None = None  # whose failure the error banner shows
        self._gauge_timer = QTimer(self)  # the context gauge follows typing, a beat behind
        self._gauge_timer.setSingleShot(True)
        self._gauge_timer.setInterval(250)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._build()
        self._wire()
        self.retranslate()
        self.apply_theme(self.theme)
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        self._params_folded = False  # hidden by a narrow window, not by the user
        self._restore_layout()
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
        # Left: conversations (collapsible).
        self.side = SidePane(self)
        self.search = self.side.search
        self.new_button = self.side.new_button
        self.conversation_list = self.side.list

        # Centre: header, find bar, chat (or welcome), error banner, composer.
        centre = QWidget(self)
        centre.setObjectName("centrePane")
        centre.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        header = QHBoxLayout()
        header.setSpacing(6)
        self.list_toggle = self._tool_button(centre, "listToggle", "panel-left", checkable=True)
        self.title_label = ElidedLabel(centre)
        self.title_label.setObjectName("titleLabel")
        self.demo_label = QLabel(centre)
        self.demo_label.setObjectName("demoLabel")
        self.demo_label.setVisible(self.deps.demo)
        self.cost_label = ElidedLabel(centre)
        self.cost_label.setObjectName("costLabel")
        self.cost_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.balance_label = ElidedLabel(centre)
        self.balance_label.setObjectName("balanceLabel")
        self.balance_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.export_button = self._tool_button(centre, "exportButton", "download")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(self.export_button)
        self.export_md = export_menu.addAction("Markdown…")
        self.export_json = export_menu.addAction("JSON…")
        self.export_button.setMenu(export_menu)
        self.presets_button = self._tool_button(centre, "presetsButton", "sparkles")
        self.presets_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.presets_menu = QMenu(self.presets_button)
        self.presets_button.setMenu(self.presets_menu)
        self.settings_button = self._tool_button(centre, "settingsButton", "settings")
        self.params_toggle = self._tool_button(centre, "paramsToggle", "panel-right", checkable=True)
        header.addWidget(self.list_toggle)
        header.addWidget(self.title_label)
        header.addWidget(self.demo_label)
        # The cost takes what room is left (right-aligned, elided first): the title keeps its width.
        self.cost_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        header.addWidget(self.cost_label, 1)
        header.addWidget(self.balance_label)
        header.addWidget(self.presets_button)
        header.addWidget(self.export_button)
        header.addWidget(self.settings_button)
        header.addWidget(self.params_toggle)

        self.stack = QStackedWidget(centre)
        self.chat_view = ChatView(self.stack)
        self.chat_view.setMinimumSize(240, 120)
        self.welcome = QWidget(self.stack)
        self.welcome.setObjectName("welcomePage")
        self.welcome_text = QLabel(self.welcome)
        self.welcome_text.setWordWrap(True)
        self.welcome_text.setOpenExternalLinks(True)
        self.welcome_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome_key = QPushButton(self.welcome)
        self.welcome_key.setObjectName("welcomeKeyButton")
        self.welcome_key.setProperty("accent", True)
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
        self.empty_state = EmptyState(self.stack)
        self.stack.addWidget(self.chat_view)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.empty_state)

        self.error_banner = ErrorBanner(centre)
        self.wait_label = PlainLabel("", centre)
        self.wait_label.setObjectName("waitLabel")
        self.wait_label.setWordWrap(True)
        self.wait_label.hide()
        self._wait_until = 0.0
        self._wait_kind: FailureKind | None = None
        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(250)
        self._wait_timer.timeout.connect(self._tick_waiting)
        self.composer = Composer(centre)
        self.composer.setMinimumHeight(60)
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
        centre_layout.setContentsMargins(8, 6, 8, 8)
        centre_layout.setSpacing(6)
        centre_layout.addLayout(header)
        access.install(self.chat_view)
        self.find_bar = FindBar(self.chat_view, centre)
        centre_layout.addWidget(self.find_bar)
        centre_layout.addWidget(self.stack, 1)
        centre_layout.addWidget(self.error_banner)
        centre_layout.addWidget(self.wait_label)
        self.edit_note = ElidedLabel(centre)  # "Editing a question…" while the box holds one
        self.edit_note.setObjectName("editNote")
        self.edit_note.hide()
        centre_layout.addWidget(self.edit_note)
        centre_layout.addLayout(composer_row)
        # Under the box: roughly what the next request carries against the model's context, and its cost.
        self.gauge = ElidedLabel(centre)
        self.gauge.setObjectName("contextGauge")
        centre_layout.addWidget(self.gauge)
        self.message_actions = MessageActions(self)
        self.preset_actions = PresetActions(self)
        self.presets_menu.aboutToShow.connect(self.preset_actions.fill_menu)
        centre.setMinimumWidth(300)

        # Right: parameters (collapsible; folds away by itself in a narrow window).
        self.params = ParamsPanel(self.controller.catalog, self)
        self.chat_view.model_label = self.controller.catalog.label
        self.params.setObjectName("paramsPanel")
        self.params.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

        self.splitter = QSplitter(self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.side)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.params)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 700, 280])
        self.setCentralWidget(self.splitter)

        self.delete_action = QAction(self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.conversation_list.addAction(self.delete_action)
        self._build_menus()

    # ---- look and layout ---------------------------------------------------------------------------

    def apply_theme(self, theme: Theme) -> None:
        """Colours and icons of every part of the window (the application's palette and style sheet are
        set by :func:`theme.apply`; this does what they cannot reach)."""
        self.theme = theme
        self.chat_view.set_theme(theme)
        self.conversation_list.set_theme(theme)
        for button in self.findChildren(QToolButton):
            name = button.property("icon_name")
            if name:
                button.setIcon(icons.icon(str(name), theme.text2))
        self.new_button.setIcon(icons.icon("message-square-plus", "#FFFFFF"))
        self.send_button.setIcon(icons.icon("send", "#FFFFFF"))
        self.stop_button.setIcon(icons.icon("square", theme.error))
        if self._search_icon is None:  # one leading icon, re-tinted on a theme change (not one more each time)
            self._search_icon = self.search.addAction(QIcon(), QLineEdit.ActionPosition.LeadingPosition)
        self._search_icon.setIcon(icons.icon("search", theme.disabled))
        self.find_bar.set_icons(theme)
        self.params.set_theme(theme)
        self.setWindowIcon(icons.app_icon())
        self.empty_state.logo.setPixmap(icons.app_icon().pixmap(56, 56))

    def show_list(self, on: bool) -> None:
        """Show or hide the conversation list (Ctrl+B); remembered."""
        self.side.setVisible(on)
        self.list_toggle.setChecked(on)
        self.settings.show_list = on

    def show_params(self, on: bool) -> None:
        """Show or hide the parameters panel (Ctrl+Shift+B); remembered. Shown by hand in a narrow window,
        it stays until the user hides it."""
        self.params.setVisible(on)
        self.params_toggle.setChecked(on)
        self._params_folded = False
        self.settings.show_params = on

    def _restore_layout(self) -> None:
        """Size, position and pane widths as the user left them (or 1200×780 the first time, less on a
        smaller screen: a first window never reaches past the screen's edges)."""
        geometry = QByteArray.fromBase64(self.settings.window_geometry.encode("ascii", "ignore"))
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(first_size(self.screen().availableGeometry().size()))
        state = QByteArray.fromBase64(self.settings.splitter_state.encode("ascii", "ignore"))
        if not state.isEmpty():
            self.splitter.restoreState(state)
        self.side.setVisible(self.settings.show_list)
        self.list_toggle.setChecked(self.settings.show_list)
        self.params.setVisible(self.settings.show_params)
        self.params_toggle.setChecked(self.settings.show_params)
        self._fold_for_width(self.width())

    def _remember_layout(self) -> None:
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        self.settings.splitter_state = bytes(self.splitter.saveState().toBase64().data()).decode("ascii")
        try:
            self.settings.save(self.deps.data_dir)
        except OSError:
            log.warning("could not save the window's layout")

    def _fold_for_width(self, width: int) -> None:
        """Below ``FOLD_PARAMS`` px the parameters panel folds away by itself (and comes back when the
        window is wide again, unless the user hid it)."""
        # isHidden, not isVisible: before the window is first shown nothing is visible yet, and a first
        # window on a small screen must start folded.
        if width < FOLD_PARAMS and not self.params.isHidden() and not self._params_folded:
            self._params_folded = True
            self.params.hide()
            self.params_toggle.setChecked(False)
        elif width >= FOLD_PARAMS and self._params_folded:
            self._params_folded = False
            if self.settings.show_params:
                self.params.show()
                self.params_toggle.setChecked(True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fold_for_width(event.size().width())

    def _tool_button(self, parent: QWidget, name: str, icon_name: str, *, checkable: bool = False) -> QToolButton:
        """An icon-only button (its words in the tooltip); the icon is tinted when the theme is applied."""
        button = QToolButton(parent)
        button.setObjectName(name)
        button.setProperty("icon_name", icon_name)
        button.setCheckable(checkable)
        button.setIconSize(QSize(18, 18))
        button.setAutoRaise(True)
        return button

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
        self.export_md_action = self._action(self.file_menu, lambda: self.export(ExportFormat.MARKDOWN))
        self.export_json_action = self._action(self.file_menu, lambda: self.export(ExportFormat.JSON))
        self.import_action = self._action(self.file_menu, self.import_dialog)
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
        self.view_menu.addSeparator()
        self.list_action = self._action(self.view_menu, lambda: self.show_list(not self.side.isVisible()), "Ctrl+B")
        self.params_action = self._action(
            self.view_menu, lambda: self.show_params(not self.params.isVisible()), "Ctrl+Shift+B"
        )
        self.conversation_menu = bar.addMenu("")
        self.stop_action = self._action(self.conversation_menu, self.stop, "Esc")
        self.retry_action = self._action(self.conversation_menu, self.retry)
        self.regenerate_action = self._action(self.conversation_menu, self.message_actions.regenerate_last, "Ctrl+R")
        self.delete_menu_action = self._action(self.conversation_menu, self._delete_current)
        self.conversation_menu.addSeparator()
        self.conversation_menu.addMenu(self.presets_menu)
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
        self.list_toggle.clicked.connect(self.show_list)
        self.params_toggle.clicked.connect(self.show_params)
        self.composer.scrollRequested.connect(lambda action: self.chat_view.verticalScrollBar().triggerAction(action))
        self.chat_view.zoomRequested.connect(self.zoom_by)
        self.chat_view.messageMenuRequested.connect(self._on_message_menu)
        self.send_button.clicked.connect(self.send)
        self.composer.submitted.connect(self.send)
        self.composer.editLastRequested.connect(self.edit_last)
        self.composer.textChanged.connect(self._gauge_timer.start)
        self._gauge_timer.timeout.connect(self.update_gauge)
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
        self.export_md.triggered.connect(lambda: self.export(ExportFormat.MARKDOWN))
        self.export_json.triggered.connect(lambda: self.export(ExportFormat.JSON))
        self.welcome_key.clicked.connect(lambda: self.tasks.spawn(self.open_settings()))
        self.welcome_demo.clicked.connect(lambda: self.tasks.spawn(self._start_demo()))
        self.empty_state.exampleChosen.connect(self._use_example)
        self.empty_state.presetChosen.connect(self.preset_actions.apply_index)

    def retranslate(self) -> None:
        title = self.tr("Hunyuan Desktop")
        self.setWindowTitle(title + (" — " + self.tr("offline demo") if self.deps.demo else ""))
        self.search.setPlaceholderText(self.tr("Search titles and messages"))
        self.new_button.setText(self.tr("New conversation"))
        self.send_button.setText(self.tr("Send"))
        self.send_button.setToolTip(self.tr("Enter sends, Shift+Enter starts a new line"))
        self.stop_button.setText(self.tr("Stop"))
        self.composer.setPlaceholderText(self.tr("Ask anything… (Enter to send, Shift+Enter for a new line)"))
        self.export_button.setToolTip(self.tr("Export this conversation"))
        self.settings_button.setToolTip(self.tr("Settings (Ctrl+,)"))
        self.list_toggle.setToolTip(self.tr("Show or hide the conversation list (Ctrl+B)"))
        self.params_toggle.setToolTip(self.tr("Show or hide the parameters (Ctrl+Shift+B)"))
        self.conversation_list.headings = {
            DateGroup.PINNED: self.tr("Pinned"),
            DateGroup.TODAY: self.tr("Today"),
            DateGroup.YESTERDAY: self.tr("Yesterday"),
            DateGroup.WEEK: self.tr("Previous 7 days"),
            DateGroup.EARLIER: self.tr("Earlier"),
        }
        self.conversation_list.relabel_groups()
        self.side.no_results.setText(self.tr("No conversation matches."))
        self.list_action.setText(self.tr("Conversation list"))
        self.params_action.setText(self.tr("Parameters"))
        self.demo_label.setText(self.tr("DEMO"))
        self.demo_label.setToolTip(self.tr("DEMO · offline, nothing is billed"))
        self.delete_action.setText(self.tr("Delete"))
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.conversation_menu.setTitle(self.tr("&Conversation"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.new_action.setText(self.tr("New conversation"))
        self.export_md_action.setText(self.tr("Export as Markdown…"))
        self.export_json_action.setText(self.tr("Export as JSON…"))
        self.import_action.setText(self.tr("Import conversation from JSON…"))
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
        self.regenerate_action.setText(self.tr("Regenerate last answer"))
        self.delete_menu_action.setText(self.tr("Delete conversation…"))
        self.about_action.setText(self.tr("About Hunyuan Desktop"))
        provider = self.controller.catalog.provider(self.settings.provider)
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
            + self.tr(
                "A key of Tencent TokenHub, DeepSeek, DashScope, Moonshot, Zhipu, SiliconFlow, OpenRouter or a "
                "local Ollama works too: Settings → Providers."
            )
            + "</p><p>"
            + self.tr("No key yet? Try the offline demo: a local stand-in server, clearly marked, nothing billed.")
            + "</p>"
        )
        self.welcome_key.setText(self.tr("Enter API key…"))
        self.presets_menu.setTitle(self.tr("Presets"))
        self.presets_button.setToolTip(self.tr("Presets: a system prompt, model and parameters in one click"))
        self.preset_actions.refresh_chips()
        self.empty_state.set_examples(
            self.tr("What can I help you with?"),
            [
                self.tr("Explain the CAP theorem with a real-world example"),
                self.tr("Write a Python function that merges two sorted lists"),
                self.tr("Draft a polite email asking to move a meeting to Friday"),
                self.tr("Summarise the pros and cons of remote work in a table"),
            ],
        )
        self.welcome_demo.setText(self.tr("Try the offline demo"))
        labels = self.chat_view.labels
        labels.user = self.tr("You")
        labels.assistant = self.tr("Hunyuan")
        labels.reasoning = self.tr("Reasoning")
        labels.copy = self.tr("Copy")
        labels.retry = self.tr("Retry")
        labels.regenerate = self.tr("Regenerate")
        labels.edit = self.tr("Edit")
        labels.continue_ = self.tr("Continue")
        labels.copy_code = self.tr("Copy code")
        labels.tokens = self.tr("tokens")
        labels.sources = self.tr("Sources")
        labels.sources_dropped = self.tr("…and %1 more sources the server sent, not kept")
        labels.price_unknown = self.tr("price unknown")
        labels.statuses = status_labels()
        labels.finish_notes = finish_notes()
        self.chat_view.set_palette(self.chat_view.palette_)
        self.params.retranslate()

    # ---- conversations -----------------------------------------------------------------------------

    def reload_conversations(self) -> None:
        query = self.search.text().strip()
        try:
            rows = self.conversations.rows(query)
        except StoreError as exc:
            self._on_storage_failed(str(exc))
            rows = []
        self._hits = {r.conversation.id: r.match_message_id for r in rows} if query else {}
        current_id = self.current.id if self.current else None
        busy = {r.conversation.id for r in rows if self.controller.is_busy(r.conversation.id)}
        self._list_items = self.conversation_list.fill(rows, current_id, busy)
        self.side.no_results.setVisible(bool(query) and not rows)

    def _arm_midnight(self) -> None:
        now = time.localtime()
        seconds_left = 86_400 - (now.tm_hour * 3600 + now.tm_min * 60 + now.tm_sec)
        self._midnight.start((seconds_left + 1) * 1000)

    def _on_midnight(self) -> None:
        self.reload_conversations()
        self._arm_midnight()

    def _on_conversation_changed(self, conversation_id: int) -> None:
        """A turn started or ended, or a title arrived: that conversation's row changes (title, preview,
        busy mark) and may move up. Updated in place: rebuilding a list of 1,000 conversations took ~30 ms
        on every turn."""
        row = self.conversations.row(conversation_id)
        item = self._list_items.get(conversation_id)
        if row is None or item is None or self.search.text().strip():
            self.reload_conversations()  # not listed, or a search whose results may change
            return
        conv = row.conversation
        if self.current is not None and self.current.id == conversation_id:
            # Its title may be new (the automatic title) and its cost too (what the title cost); the cost
            # is summed again only then (a turn's start and end update it themselves).
            cost_changed = conv.title_cost != self.current.title_cost
            self.current.title, self.current.title_cost = conv.title, conv.title_cost
            self.title_label.setText(conv.title)
            if cost_changed:
                self._update_cost()
        lst = self.conversation_list
        lst.blockSignals(True)
        lst.set_row(item, row, busy=self.controller.is_busy(conversation_id))
        # The list is pinned first, then newest first: a conversation that became the newest of its
        # group goes to the top of that group.
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

    def default_prompt(self) -> str:
        """The system prompt of a new conversation: the user's own, or the default in the UI language."""
        if self.settings.system_prompt == DEFAULT_SYSTEM_PROMPT:
            return self.tr("You are a helpful assistant.")
        return self.settings.system_prompt

    def new_conversation(self, *, as_shown: bool = False) -> Conversation | None:
        """``as_shown``: with the model, parameters and prompt the panel shows (the user chose them before
        the first message), else the defaults."""
        if as_shown:
            model, params = self.params.current_model_id(), self.params.params()
            prompt = self.params.system_prompt.toPlainText()
        else:
            model, params, prompt = self.settings.default_model, Params(), self.default_prompt()
        try:
            conv = self.conversations.create(self.tr("New conversation"), model, params, prompt)
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
        conv = self.conversations.get(conversation_id)
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
            self.shown = None
            self.cancel_edit()
            self.chat_view.set_versions({})
            self.chat_view.set_messages([])
            self._choose_page()
            self.title_label.setText("")
            self.params.setEnabled(True)
            self.params.load(self.settings.default_model, Params(), self.default_prompt())
            self._on_busy(-1, False)
            self._update_cost()
            self._update_balance()
            return
        # The answer in flight belongs to the controller: its text as batches have carried it so far (the
        # archive's copy may be half a second old); the next batches extend it.
        self.cancel_edit()
        self._joined.clear()
        self.show_branch()
        live = self.controller.live_message(conv.id)
        if live is not None and live.continues and self.shown is not None:
            head = self.shown.shown_id(live.id)
            shown_head = self.chat_view.message(head) if head is not None else None
            if shown_head is not None:  # the part before the one streaming, for joining at its end
                done = self.shown.parts[shown_head.id][:-1]
                before = [m for m in self.conversations.thread(conv.id).messages if m.id in done]
                self._joined[live.id] = join_continuations(before)[0][0]
        self.title_label.setText(conv.title)
        self.params.load(conv.model, conv.params, conv.system_prompt)
        self._on_busy(conv.id, self.controller.is_busy(conv.id))
        self._update_balance()
        # A past failure is shown in its bubble (with Retry), not as a banner: the banner is for what
        # happens now, never a previous run's error presented as current. (show_branch set the cost.)

    def _on_item_renamed(self, item: QListWidgetItem) -> None:
        conversation_id = int(item.data(CONVERSATION_ID))
        try:
            title = self.conversations.rename(conversation_id, item.text())
        except StoreError as exc:
            self._on_storage_failed(str(exc))
            title = None
        if title is None:
            self.reload_conversations()
            return
        if item.text() != title:
            self.conversation_list.blockSignals(True)
            item.setText(title)
            self.conversation_list.blockSignals(False)
        if self.current and self.current.id == conversation_id:
            self.current.title = title
            self.title_label.setText(title)

    def _on_list_menu(self, pos: QPoint) -> None:
        item = self.conversation_list.currentItem()
        if item is None:
            return
        conversation_id = int(item.data(CONVERSATION_ID))
        conv = self.conversations.get(conversation_id)
        if conv is None:
            return
        menu = QMenu(self)
        colour = self.theme.text2
        rename = menu.addAction(icons.icon("pencil", colour), self.tr("Rename"))
        pin_text = self.tr("Unpin") if conv.pinned else self.tr("Pin to top")
        pin = menu.addAction(icons.icon("pin-off" if conv.pinned else "pin", colour), pin_text)
        menu.addSeparator()
        delete = menu.addAction(icons.icon("trash-2", self.theme.error), self.tr("Delete…"))
        chosen = menu.exec(self.conversation_list.viewport().mapToGlobal(pos))
        if chosen is rename:
            self.conversation_list.editItem(item)
        elif chosen is pin:
            self.conversations.set_pinned(conversation_id, not conv.pinned)
            self.reload_conversations()
        elif chosen is delete:
            self.delete_conversation(conversation_id)

    def _delete_current(self) -> None:
        item = self.conversation_list.currentItem()
        if item is not None:
            self.delete_conversation(int(item.data(CONVERSATION_ID)))

    def confirm(self, title: str, text: str) -> bool:
        """A Yes/No question from a slot (a menu, a key): the text as written, never markup."""
        return confirm(self, title, text)

    def delete_conversation(self, conversation_id: int) -> bool:
        conv = self.conversations.get(conversation_id)
        if conv is None:
            return False
        if not self.confirm(
            self.tr("Delete conversation"),
            self.tr("Delete “%1” and all its messages? This cannot be undone.").replace("%1", conv.title),
        ):
            return False
        self.controller.stop(conversation_id)
        try:
            self.conversations.delete(conversation_id)
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
        conv = self.current or self.new_conversation(as_shown=True)
        if conv is None or self.controller.is_busy(conv.id):
            return
        self._save_params()
        if self.editing is not None:
            sent = self.controller.edit_and_resend(conv.id, self.editing, text)
        else:
            sent = self.controller.send(conv.id, text)
        if sent:
            self.editing = None
            self.edit_note.hide()
            self.composer.clear()  # only once the message is committed to the archive
            self.composer.setFocus()

    def stop(self) -> None:
        """Esc: leaves editing a question, else stops the answer."""
        if self.editing is not None:
            self.cancel_edit()
        elif self.current is not None:
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
        shown = self.shown
        first = event.user if event.user is not None else event.answer
        last = self.chat_view.last_message_id
        if shown is not None and event.answer.continues and event.answer.parent_id is not None:
            # Continue: the new request's text joins the answer it carries on, on screen.
            head = shown.shown_id(event.answer.parent_id)
            before = self.chat_view.message(head) if head is not None else None
            if head is not None and before is not None:
                shown.parts[head].append(event.answer.id)
                self._joined[event.answer.id] = before
                self.chat_view.update_message(
                    replace(before, status=MessageStatus.STREAMING, finish_reason=FinishReason.NONE)
                )
        elif (
            shown is not None
            and first.parent_id is not None
            and last is not None
            and (first.parent_id == shown.last_part(last))
        ):
            # Below the end of the branch on screen: added as it is (a long conversation is not re-read).
            for m in (event.user, event.answer):
                if m is not None:
                    shown.messages.append(m)
                    shown.parts[m.id] = [m.id]
                    self.chat_view.add_message(m)
        else:
            self.show_branch()  # a new version (regenerate, edit, retry beside a failed answer)
        conv = self.conversations.get(event.conversation_id)
        if conv is not None:
            self.current.title = conv.title
            self.title_label.setText(conv.title)

    def _on_deltas(self, batch: StreamBatch) -> None:
        if self._is_current(batch.conversation_id):
            self._stop_waiting()
            joined = self._joined.get(batch.message_id)
            self.chat_view.add_delta(joined.id if joined else batch.message_id, batch.text, batch.reasoning)

    def _on_turn_finished(self, event: TurnFinished) -> None:
        if not self._is_current(event.conversation_id):
            return
        self._stop_waiting()
        joined = self._joined.pop(event.message.id, None)
        if joined is not None:
            self.chat_view.update_message(join_continuations([joined, event.message])[0][0])
        else:
            self.chat_view.update_message(event.message)
        self.find_bar.refresh()
        error = event.error
        if error is not None:
            provider = self.controller.catalog.provider_of(event.message.model)
            self._banner_provider = provider  # whose key, balance or server it is: named when it matters
            self.error_banner.show_error(
                event.message.id, error.kind, error.message, error.retry_after, error.source,
                who=provider.name if self._worth_naming(provider) else "",
            )  # fmt: skip
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
        self._gauge_timer.start()
        self._save_params()
        self._update_balance()  # another model may be another provider's

    def _save_params(self) -> None:
        if self.current is None:
            return
        model = self.params.current_model_id()
        params = self.params.params()
        prompt = self.params.system_prompt.toPlainText()
        if (model, params, prompt) == (self.current.model, self.current.params, self.current.system_prompt):
            return
        try:
            self.conversations.update_settings(self.current.id, model=model, params=params, system_prompt=prompt)
        except StoreError as exc:
            self._on_storage_failed(str(exc))
            return
        self.current.model, self.current.params, self.current.system_prompt = model, params, prompt

    # ---- money -------------------------------------------------------------------------------------

    def _worth_naming(self, provider: Provider) -> bool:
        """Whether a provider's name says something: several are offered, or it is not the default."""
        return len(self.controller.catalog.enabled()) > 1 or provider.id != self.settings.provider

    def model_provider(self) -> Provider:
        """The provider of the model chosen for the open conversation (or for a new one)."""
        return self.controller.catalog.provider_of(self.params.current_model_id())

    def _update_balance(self) -> None:
        """The balance of the chosen model's provider: from its replies' header or its balance endpoint
        (asked once per run when first needed), "not available" where it publishes none."""
        provider = self.model_provider()
        known = self.controller.balance_of(provider.id)
        label = self.balance_label
        publishes = bool(provider.balance or provider.balance_header)
        if publishes and provider.id not in self._balance_asked:
            self._balance_asked.add(provider.id)
            self.tasks.spawn(self.controller.refresh_balance(provider.id))
        if known is None:
            label.setProperty("low", False)
            if publishes:
                label.setText(self.tr("Balance —"))
                label.setToolTip(self.tr("The balance appears after the first request."))
            else:
                label.setText(self.tr("Balance: not available"))
                label.setToolTip(
                    self.tr("%1 does not publish the balance through its API; see its console: %2")
                    .replace("%1", provider.name)
                    .replace("%2", provider.site or provider.base_url)
                )
        else:
            money, at = known
            amount = money.amount
            shown = format_money(amount, money.currency)
            read_at = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(at))
            label.setText(self.tr("Balance %1").replace("%1", shown))
            low = money.currency == "CNY" and amount < self.settings.low_balance
            label.setProperty("low", low)
            tip = self.tr("Balance %1, read at %2").replace("%1", shown).replace("%2", read_at)
            if self._worth_naming(provider):
                tip += "\n" + provider.name
            if low:
                tip += "\n" + self.tr("Below your warning level of %1.").replace(
                    "%1", format_yuan(self.settings.low_balance)
                )
            label.setToolTip(tip)
        label.style().unpolish(label)  # the style sheet's [low="true"] rule: red, bold
        label.style().polish(label)

    def _update_cost(self) -> None:
        self._gauge_timer.start()
        if self.current is None:
            self.cost_label.setText("")
            return
        messages = self.chat_view.messages()
        answer = next(
            (m for m in reversed(messages) if m.role is Role.ASSISTANT and (m.cost is not None or m.usage)), None
        )
        if answer is None:
            self.cost_label.setText("")  # nothing spent yet: nothing to say
            return
        total = self.conversations.cost(self.current.id)
        if answer.cost is None and answer.usage is not None:  # a model whose price is not known: never ¥0
            last = self.tr("%1 tokens, price unknown").replace("%1", self.locale().toString(answer.usage.total_tokens))
        else:
            last = format_yuan(answer.cost)
        whole = format_yuan(total)
        if any(m.role is Role.ASSISTANT and m.usage is not None and m.cost is None for m in messages):
            whole = self.tr("%1 + replies of unknown price").replace("%1", whole)  # a sum that is not all of it
        self.cost_label.setText(
            self.tr("Last reply %1 · this conversation %2").replace("%1", last).replace("%2", whole)
        )
        title_cost = self.current.title_cost  # kept current by _on_conversation_changed
        self.cost_label.setToolTip(
            self.tr("This conversation's cost includes %1 for its automatic title.").replace(
                "%1", format_yuan(title_cost)
            )
            if title_cost
            else ""
        )

    # ---- actions -----------------------------------------------------------------------------------

    def _on_anchor(self, message_id: int, href: str, text: str = "") -> None:
        self.message_actions.on_anchor(message_id, href, text)

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
            self.tr("The link says “%1” but goes to:\n\n%2\n\nOpen it?")
            .replace("%1", text)
            .replace("%2", display_url(href)),
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
        return self.message_actions.menu(message_id, where)

    def delete_message(self, message_id: int) -> bool:
        return self.message_actions.delete_message(message_id)

    # ---- branches: the current one shown, editing a question ---------------------------------------

    def show_branch(self) -> None:
        """Show the current conversation's current branch again (after a version switch, a deletion, a
        regenerate or an edit), keeping the answer in flight as the controller has it."""
        if self.current is None:
            return
        self.shown = self.conversations.shown(self.current.id, self.controller.live_message(self.current.id))
        self.chat_view.set_versions(self.shown.versions)
        self.chat_view.set_messages(self.shown.messages)
        self.after_messages_changed()

    def after_messages_changed(self) -> None:
        self._choose_page()
        self.find_bar.refresh()
        self._update_cost()

    def update_gauge(self) -> None:
        """Under the message box: roughly how many tokens the next request carries (the branch, trimmed as
        the request will be, plus what is typed) against the model's context, and its input cost."""
        model = self.controller.model_for(self.params.current_model_id())
        history = self.chat_view.messages()
        if self.editing is not None:  # an edited question replaces the old one and what followed it
            history = history[: next((i for i, m in enumerate(history) if m.id == self.editing), len(history))]
        guess = estimate_request(
            model,
            history,
            system_prompt=self.params.system_prompt.toPlainText(),
            params=self.params.params(),
            draft=self.composer.toPlainText(),
        )
        if not history and not self.composer.toPlainText().strip():
            self.gauge.setText("")
            return
        self.gauge.setText(
            self.tr("Next request ≈ %1 / %2 tokens · input ≈ %3")
            .replace("%1", self.locale().toString(guess.tokens))
            .replace("%2", self.locale().toString(guess.context))
            .replace("%3", format_yuan(guess.input_cost) if guess.input_cost is not None else self.tr("price unknown"))
        )
        self.gauge.setToolTip(
            self.tr(
                "An estimate: the conversation's current branch as the next request will carry it (older "
                "messages are left out when it would not fit), the system prompt and what you typed. "
                "The server's count is what is billed."
            )
        )

    def start_edit(self, message_id: int) -> bool:
        """Put a question into the message box to edit it; Send makes a new version of it (the old one and
        its answers stay, a version away). Esc cancels."""
        message = self.chat_view.message(message_id)
        if message is None or message.role is not Role.USER or self.current is None or self.message_actions.busy():
            return False
        self.editing = message_id
        self.composer.setPlainText(message.content)
        self.composer.moveCursor(QTextCursor.MoveOperation.End)
        self.edit_note.setText(self.tr("Editing a question: Send makes a new version, Esc cancels."))
        self.edit_note.show()
        self.composer.setFocus()
        return True

    def edit_last(self) -> None:
        question = next((m for m in reversed(self.chat_view.messages()) if m.role is Role.USER), None)
        if question is not None:
            self.start_edit(question.id)

    def cancel_edit(self) -> None:
        if self.editing is not None:
            self.editing = None
            self.edit_note.hide()
            self.composer.clear()

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

    def about(self) -> AboutDialog:
        dialog = AboutDialog(self.deps.data_dir, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

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
            provider = self._banner_provider or self.model_provider()  # the provider that said it
            QDesktopServices.openUrl(QUrl(provider.recharge_url or provider.site or provider.base_url))

    async def open_settings(self) -> None:
        await self.deps.open_settings(self)
        self.params.reload_models()
        self._update_balance()
        await self.refresh_welcome()

    async def _start_demo(self) -> None:
        """Ask for the offline demo: the app restarts on the demo's own archive (app.py)."""
        if self.deps.start_demo is not None:
            self.welcome_demo.setEnabled(False)
            await self.deps.start_demo()

    async def refresh_welcome(self) -> None:
        """The welcome page stands in for an empty chat until a key (or the demo) is available."""
        self._has_key = self.deps.demo or await self.deps.has_key()
        self._choose_page()

    def _choose_page(self) -> None:
        """The conversation; for an empty one, example questions (or, without a key, the welcome page)."""
        if self.chat_view.messages():
            page: QWidget = self.chat_view
        else:
            page = self.empty_state if self._has_key else self.welcome
        if self.stack.currentWidget() is not page:
            self.stack.setCurrentWidget(page)

    def _use_example(self, question: str) -> None:
        self.composer.setPlainText(question)
        self.composer.moveCursor(QTextCursor.MoveOperation.End)
        self.composer.setFocus()

    def export(self, kind: ExportFormat) -> None:
        if self.current is None:
            return
        suffix = ".md" if kind is ExportFormat.MARKDOWN else ".json"
        safe = "".join(ch if ch.isalnum() or ch in "-_ " else "_" for ch in self.current.title)[:60] or "conversation"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export conversation"), str(Path.home() / f"{safe}{suffix}")
        )
        if path:
            self.tasks.spawn(self.export_to(Path(path), kind))

    async def export_to(self, path: Path, kind: ExportFormat) -> None:
        if self.current is None:
            return
        labels = {
            "user": self.tr("You"),
            "assistant": self.tr("Hunyuan"),
            "reasoning": self.tr("Reasoning"),
            "system": self.tr("System prompt"),
        }
        text = self.conversations.export(self.current.id, kind, labels)
        if text is None:
            return
        try:
            await asyncio.get_running_loop().run_in_executor(None, write_private, path, text)
        except OSError as exc:
            inform(  # not a modal exec() inside this coroutine: other tasks (an answer streaming) go on
                self,
                self.tr("Export failed"),
                self.tr("Could not write %1: %2").replace("%1", str(path)).replace("%2", exc.strerror or str(exc)),
            )

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import conversation"), str(Path.home()), self.tr("Conversation exports (*.json)")
        )
        if path:
            self.tasks.spawn(self.import_from(Path(path)))

    async def import_from(self, path: Path) -> Conversation | None:
        """A conversation from our own JSON export (every branch), opened; a file that is not one is
        refused with what was wrong, and nothing is written."""
        loop = asyncio.get_running_loop()
        # Read, checked and stored on a worker thread: a 100 MB export froze the window for 4.7 s.
        self.wait_label.setText(self.tr("Importing %1…").replace("%1", path.name))
        self.wait_label.show()
        try:
            conv = await loop.run_in_executor(None, self.conversations.import_file, path)
        except (OSError, NotAnExportError, StoreError) as exc:
            detail = exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)
            inform(  # not a modal exec() inside this coroutine: other tasks (an answer streaming) go on
                self,
                self.tr("Import failed"),
                self.tr("%1 could not be imported: %2").replace("%1", str(path)).replace("%2", detail),
            )
            return None
        except Exception as exc:  # a bug or a resource limit: said, never silent; nothing was stored
            log.exception("import failed unexpectedly")
            inform(
                self,
                self.tr("Import failed"),
                self.tr("%1 could not be imported: %2").replace("%1", str(path)).replace("%2", type(exc).__name__),
            )
            return None
        finally:
            self.wait_label.hide()
        self.reload_conversations()
        self.select_conversation(conv.id)
        return conv

    def on_storage_failed(self, message: str) -> None:
        self._on_storage_failed(message)

    def _on_storage_failed(self, message: str) -> None:
        self.error_banner.show_error(-1, FailureKind.STORAGE, message, None)

    # ---- closing -----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_params()
        self._remember_layout()
        self.closed.emit()
        event.accept()
