"""The main window: the conversation list on the left, the chat pane and message box in the centre, the
parameters on the right, balance and cost always in view. It composes its parts and carries out the
user's commands; the session (chat/session.py) decides, and what it announces is drawn by render.py.

    header.py           title, cost, balance, the header's buttons; pages.py: the conversation, examples, welcome
    render.py           the session's announcements drawn (messages, turns, failures, the page shown)
    figures.py          balance, cost and the context gauge kept up to date
    panes.py            the window's size and panes, remembered; the parameters folding when narrow
    message_actions.py  what can be done to one message (menu, links under it, keys)
    actions.py          the menu bar and its shortcuts; transfer.py: export and import
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QResizeEvent,
)
from PySide6.QtWidgets import QLineEdit, QMainWindow, QMenu, QSplitter, QToolTip, QVBoxLayout, QWidget

from hunyuan_desktop.chat.balance import BalanceService
from hunyuan_desktop.chat.controller import ChatController
from hunyuan_desktop.chat.conversations import Conversations, DateGroup, ExportFormat, Shown
from hunyuan_desktop.chat.presets import Presets
from hunyuan_desktop.chat.session import ConversationSession
from hunyuan_desktop.chat.settings_store import SettingsStore
from hunyuan_desktop.domain import Conversation, Params, Role
from hunyuan_desktop.settings import DEFAULT_SYSTEM_PROMPT
from hunyuan_desktop.store.archive import Archive
from hunyuan_desktop.ui.compose.pane import ComposerPane
from hunyuan_desktop.ui.compose.sending import Sender
from hunyuan_desktop.ui.kit import icons
from hunyuan_desktop.ui.kit.clipboard import copy_text
from hunyuan_desktop.ui.kit.dialogs import confirm, tip
from hunyuan_desktop.ui.kit.tasks import TaskSet
from hunyuan_desktop.ui.kit.texts import Action
from hunyuan_desktop.ui.kit.theme import LIGHT_THEME, Theme
from hunyuan_desktop.ui.kit.widgets import local_files
from hunyuan_desktop.ui.params.panel import ParamsPanel
from hunyuan_desktop.ui.presets.actions import PresetActions
from hunyuan_desktop.ui.presets.builtin import builtin_presets
from hunyuan_desktop.ui.sidebar.listing import Listing
from hunyuan_desktop.ui.sidebar.pane import SidePane
from hunyuan_desktop.ui.transcript import ZOOM_STEP, access
from hunyuan_desktop.ui.transcript.find import FindBar
from hunyuan_desktop.ui.window.actions import ActionSet, Handlers
from hunyuan_desktop.ui.window.figures import Figures
from hunyuan_desktop.ui.window.header import HeaderBar
from hunyuan_desktop.ui.window.message_actions import MessageActions
from hunyuan_desktop.ui.window.pages import Pages
from hunyuan_desktop.ui.window.panes import PaneLayout
from hunyuan_desktop.ui.window.render import SessionView
from hunyuan_desktop.ui.window.transfer import Transfer

if TYPE_CHECKING:
    from hunyuan_desktop.ui.kit.about import AboutDialog


@dataclass
class WindowDeps:
    """Everything the window needs, built in the composition root (boot/runtime.py)."""

    archive: Archive
    controller: ChatController
    settings: SettingsStore
    data_dir: Path
    open_settings: Callable[..., Awaitable[None]]  # (parent, provider=None, note="") -> closed
    switch_demo: Callable[[bool], Awaitable[None]]  # restart in the demo (True) or out of it (False)
    key_ready: Callable[[str], Awaitable[bool]]  # whether a provider can be asked now
    demo: bool = False
    theme: Theme = LIGHT_THEME


class MainWindow(QMainWindow):
    closed = Signal()

    def __init__(self, deps: WindowDeps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)  # images and files dropped anywhere are attached
        self.deps = deps
        self.archive = deps.archive
        self.controller = deps.controller
        self.balances: BalanceService = deps.controller.balances
        self.settings = deps.settings
        self.catalog = deps.controller.catalog
        self.conversations = Conversations(deps.archive)
        self.session = ConversationSession(deps.archive, deps.controller, self)
        self.theme: Theme = deps.theme
        self.tasks = TaskSet()
        self._search_icon: QAction | None = None
        self._build()
        self._wire()
        self.retranslate()
        self.apply_theme(self.theme)
        self.panes.restore()
        self.chat_view.set_zoom(self.settings.current.chat_zoom)
        self.reload_conversations()
        first = self.listing.first()
        if first is not None:
            self.select_conversation(first)
        else:
            self.session.open(None)
        self.composer.setFocus()  # type at once; the search box is a Ctrl+K away
        self.tasks.spawn(self.refresh_welcome())

    # ---- construction ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.side = SidePane(self)
        self.search, self.new_button, self.conversation_list = self.side.search, self.side.new_button, self.side.list
        self.listing = Listing(self.side, self.conversations, self.controller, self.session, self)
        centre = QWidget(self)
        centre.setObjectName("centrePane")
        centre.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.header = HeaderBar(demo=self.deps.demo, parent=centre)
        self.pages = self.stack = pages = Pages(demo_offered=not self.deps.demo, parent=centre)
        self.chat_view, self.welcome, self.empty_state = pages.chat_view, pages.welcome, pages.empty_state
        self.welcome_text, self.welcome_demo = self.pages.welcome_text, self.pages.welcome_demo
        self.foot = foot = ComposerPane(centre)
        self.composer, self.send_button, self.stop_button = foot.composer, foot.send_button, foot.stop_button
        self.error_banner, self.wait_label, self.gauge = self.foot.error_banner, self.foot.wait_label, self.foot.gauge
        self.edit_note = self.foot.edit_note
        h = self.header
        self.title_label, self.cost_label, self.balance_label = h.title_label, h.cost_label, h.balance_label
        self.presets_button, self.presets_menu, self.demo_label = h.presets_button, h.presets_menu, h.demo_label
        self.list_toggle, self.params_toggle = h.list_toggle, h.params_toggle
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.header)
        access.install(self.chat_view)
        self.find_bar = FindBar(self.chat_view, centre)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.foot)
        centre.setMinimumWidth(300)
        # Right: parameters (collapsible; folds away by itself in a narrow window).
        self.params = ParamsPanel(self.catalog, self)
        self.chat_view.model_label = self.catalog.label
        self.params.setObjectName("paramsPanel")
        self.params.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.splitter = QSplitter(self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        for pane in (self.side, centre, self.params):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 700, 280])
        self.setCentralWidget(self.splitter)
        self.panes = PaneLayout(
            self, self.splitter, self.side, self.params, self.list_toggle, self.params_toggle, self.settings
        )
        self.delete_action = QAction(self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.conversation_list.addAction(self.delete_action)
        self.message_actions = MessageActions(self.session, self.chat_view, self.catalog, self, self)
        self.sending = Sender(
            self.foot, self.session, self.catalog, self.shown_settings, lambda: self.new_conversation(as_shown=True),
            self.use_model, lambda provider: provider in self.session_view.keyless,
            lambda provider: self.tasks.spawn(self.ask_for_key(provider)), self.tasks, self,
        )  # fmt: skip
        self.chat_view.load_attachment, self.foot.tray.settings = self.session.blob, self.settings
        self.preset_actions = PresetActions(
            self.session, Presets(self.archive, builtin_presets), self.catalog, self, self.presets_menu, self
        )
        self.transfer = Transfer(self.conversations, self.tasks, self, lambda: self.settings.current.default_model)
        self.menus = ActionSet(
            self,
            Handlers(
                new=self.new_conversation,
                export_markdown=lambda: self.export(ExportFormat.MARKDOWN),
                export_json=lambda: self.export(ExportFormat.JSON),
                import_file=self.transfer.ask_import,
                settings=lambda: self.tasks.spawn(self.open_settings()),
                quit=self.close,
                copy_last=self.copy_last_answer,
                search=self.focus_search,
                find=self.open_find,
                find_next=self.find_bar.next,
                find_previous=self.find_bar.previous,
                zoom_in=lambda: self.zoom_by(ZOOM_STEP),
                zoom_out=lambda: self.zoom_by(-ZOOM_STEP),
                zoom_reset=lambda: self.set_zoom(100),
                toggle_list=lambda: self.show_list(not self.side.isVisible()),
                toggle_params=lambda: self.show_params(not self.params.isVisible()),
                stop=self.stop,
                retry=self.retry,
                regenerate=self.message_actions.regenerate_last,
                delete=self._delete_current,
                about=self.about,
            ),
            self.presets_menu,
        )
        self.params_action, self.list_action = self.menus.params, self.menus.list
        self.figures = Figures(
            self.session, self.balances, self.catalog, self.settings, self.params, self.header, self.foot
        )
        self.session_view = SessionView(
            self.session, self.settings, self.pages, self.header, self.foot, self.params, self.find_bar,
            self.figures, self.default_prompt,
        )  # fmt: skip

    def _wire(self) -> None:
        self.listing.openRequested.connect(self._on_row_chosen)
        self.listing.hitRequested.connect(self._show_search_hit)
        self.listing.deleteRequested.connect(self.delete_conversation)
        self.listing.storageFailed.connect(self.session_view.storage_failed)
        self.settings.changed.connect(lambda _old, _new: self.retranslate_welcome())
        h = self.header
        self.new_button.clicked.connect(self.new_conversation)
        h.list_toggle.clicked.connect(self.show_list)
        h.params_toggle.clicked.connect(self.show_params)
        h.settings_button.clicked.connect(lambda: self.tasks.spawn(self.open_settings()))
        h.export_md.triggered.connect(lambda: self.export(ExportFormat.MARKDOWN))
        h.export_json.triggered.connect(lambda: self.export(ExportFormat.JSON))
        self.composer.scrollRequested.connect(lambda action: self.chat_view.verticalScrollBar().triggerAction(action))
        self.chat_view.zoomRequested.connect(self.zoom_by)
        self.chat_view.messageMenuRequested.connect(self._on_message_menu)
        self.chat_view.anchorClicked.connect(self.message_actions.on_anchor)
        self.send_button.clicked.connect(self.send)
        self.composer.submitted.connect(self.send)
        self.composer.editLastRequested.connect(self.edit_last)
        self.stop_button.clicked.connect(self.stop)
        self.delete_action.triggered.connect(self._delete_current)
        self.params.changed.connect(self._on_params_changed)
        self.find_bar.closed.connect(self.composer.setFocus)
        self.error_banner.actionRequested.connect(self._on_banner_action)
        self.pages.welcome_key.clicked.connect(lambda: self.tasks.spawn(self.open_settings()))
        self.pages.welcome_demo.clicked.connect(lambda: self.tasks.spawn(self._switch_demo(True)))
        h.leave_demo.triggered.connect(lambda: self.tasks.spawn(self._switch_demo(False)))
        self.empty_state.exampleChosen.connect(self.foot.put)
        self.transfer.imported.connect(lambda _conv: self.reload_conversations())  # then the new one opens
        self.transfer.progress.connect(self.foot.show_status)
        self.transfer.imported.connect(lambda conv: self.select_conversation(conv.id))
        self.empty_state.presetChosen.connect(self.preset_actions.apply_index)

    # ---- what tests and the app read ------------------------------------------------------------------

    @property
    def current(self) -> Conversation | None:
        return self.session.current

    @property
    def shown(self) -> Shown | None:
        return self.session.shown

    @property
    def editing(self) -> int | None:
        return self.session.edit_target

    # ---- look, words and layout ----------------------------------------------------------------------

    def apply_theme(self, theme: Theme) -> None:
        """Colours and icons of every part of the window (the application's palette and style sheet are
        set by :func:`theme.apply`; this does what they cannot reach)."""
        self.theme = theme
        self.chat_view.set_theme(theme)
        self.conversation_list.set_theme(theme)
        self.listing.theme = theme
        self.header.set_icons(theme)
        self.new_button.setIcon(icons.icon("message-square-plus", "#FFFFFF"))
        self.send_button.setIcon(icons.icon("send", "#FFFFFF"))
        self.foot.attach_button.setIcon(icons.icon("paperclip", theme.text2))
        self.foot.tray.file_icon = icons.icon("paperclip", theme.text2)
        self.stop_button.setIcon(icons.icon("square", theme.error))
        if self._search_icon is None:  # one leading icon, re-tinted on a theme change (not one more each time)
            self._search_icon = self.search.addAction(QIcon(), QLineEdit.ActionPosition.LeadingPosition)
        self._search_icon.setIcon(icons.icon("search", theme.disabled))
        self.find_bar.set_icons(theme)
        self.params.set_theme(theme)
        self.setWindowIcon(icons.app_icon())
        self.empty_state.logo.setPixmap(icons.app_icon().pixmap(56, 56))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Hunyuan Desktop") + (" — " + self.tr("offline demo") if self.deps.demo else ""))
        self.search.setPlaceholderText(self.tr("Search titles and messages"))
        self.new_button.setText(self.tr("New conversation"))
        headings = {
            DateGroup.PINNED: self.tr("Pinned"),
            DateGroup.TODAY: self.tr("Today"),
            DateGroup.YESTERDAY: self.tr("Yesterday"),
            DateGroup.WEEK: self.tr("Previous 7 days"),
            DateGroup.EARLIER: self.tr("Earlier"),
        }
        self.listing.retranslate(headings, self.tr("No conversation matches."))
        self.delete_action.setText(self.tr("Delete"))
        self.header.retranslate()
        self.foot.retranslate()
        self.menus.retranslate()
        self.find_bar.retranslate()
        self.retranslate_welcome()
        self.preset_actions.refresh_chips()
        self.pages.retranslate_view()
        self.params.retranslate()

    def retranslate_welcome(self) -> None:
        self.pages.retranslate(self.catalog.provider(self.settings.current.provider))

    def show_list(self, on: bool) -> None:
        self.panes.show_list(on)

    def show_params(self, on: bool) -> None:
        self.panes.show_params(on)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.panes.fold_for_width(event.size().width())

    # ---- conversations -----------------------------------------------------------------------------

    def reload_conversations(self) -> None:
        self.listing.reload()

    def default_prompt(self) -> str:
        """The system prompt of a new conversation: the user's own, or the default in the UI language."""
        prompt = self.settings.current.system_prompt
        return self.tr("You are a helpful assistant.") if prompt == DEFAULT_SYSTEM_PROMPT else prompt

    def new_conversation(self, *, as_shown: bool = False) -> Conversation | None:
        """``as_shown``: with the model, parameters and prompt the panel shows (the user chose them before
        the first message), else the defaults."""
        chosen = self.settings.current
        if as_shown:
            model, params, prompt = self.shown_settings()
        else:  # the model chosen last (what the picker shows), or the default, as Settings say
            last = self.params.current_model_id() if chosen.new_model != "default" else ""
            model, params, prompt = last or chosen.default_model, Params(), self.default_prompt()
        self.search.clear()
        conv = self.session.create(self.tr("New conversation"), model, params, prompt)
        if conv is not None:
            self.reload_conversations()
            self.listing.select(conv.id)
            self.composer.setFocus()
        return conv

    def select_conversation(self, conversation_id: int) -> None:
        self.session.open(conversation_id)
        self.listing.select(conversation_id)

    def _on_row_chosen(self, conversation_id: int) -> None:
        self.select_conversation(conversation_id)
        self._show_search_hit(conversation_id)

    def _show_search_hit(self, conversation_id: int) -> None:
        """A conversation opened from the search results: the find bar goes to the match its snippet
        showed, highlighted (the first match, for a title hit)."""
        query = self.listing.query()
        if not query or conversation_id not in self.listing.hits:
            return
        hit = self.listing.hits[conversation_id]
        row = self.chat_view.row_of(hit) if hit is not None else None
        self.find_bar.open_bar(query, near_row=row if row is not None else 0)

    def confirm(self, title: str, text: str, action: str = "") -> bool:
        """A question from a slot, as plain text; ``action`` names a destructive Yes ("Delete")."""
        return confirm(self, title, text, action=action)

    def delete_conversation(self, conversation_id: int) -> bool:
        conv = self.archive.conversation(conversation_id)
        if conv is None:
            return False
        if not self.confirm(
            self.tr("Delete conversation"),
            self.tr("Delete “%1” and all its messages? This cannot be undone.").replace("%1", conv.title),
            self.tr("Delete"),
        ):
            return False
        was_open = self.session.is_open(conversation_id)
        if not self.session.delete_conversation(conversation_id):
            return False
        self.reload_conversations()
        if was_open:
            first = self.listing.first()
            if first is not None:
                self.select_conversation(first)
            else:
                self.session.open(None)
        return True

    def _delete_current(self) -> None:
        conversation_id = self.listing.current_id()
        if conversation_id is not None:
            self.delete_conversation(conversation_id)

    # ---- sending and the turns of the open conversation ------------------------------------------------

    def shown_settings(self) -> tuple[str, Params, str]:
        """The model, parameters and system prompt the panel shows."""
        return self.params.current_model_id(), self.params.params(), self.params.system_prompt.toPlainText()

    def send(self) -> None:
        self.sending.send()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Files or an image dropped on the window: an export is imported, the rest attached (transfer.py)."""
        if local_files(event.mimeData()) or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event.mimeData())
        if files:
            self.tasks.spawn(self.transfer.take_dropped(files, self.composer.filesPasted.emit))
        else:
            self.composer.insertFromMimeData(event.mimeData())
        event.acceptProposedAction()

    def use_model(self, ref: str) -> None:
        """Show ``ref`` as the conversation's model (a vision model offered for images)."""
        self.params.load(ref, self.params.params(), self.params.system_prompt.toPlainText())
        self._on_params_changed()
        self.session_view.show_model()

    def stop(self) -> None:
        """Esc: leaves editing a question, else stops the answer."""
        if self.session.edit_target is not None:
            self.cancel_edit()
        else:
            self.session.stop()

    def _on_params_changed(self) -> None:
        self.figures.gauge_soon()
        self.session.save_settings(*self.shown_settings())
        self.figures.update_balance()  # another model may be another provider's

    # ---- the window's side of message and preset actions (their protocols) -----------------------------

    def open_link(self, href: str, text: str) -> bool:
        return self.message_actions.open_link(href, text)

    def start_edit(self, message_id: int) -> bool:
        """Put a question into the message box to edit it; Send makes a new version of it (the old one and
        its answers stay, a version away). Esc cancels."""
        if self.session.is_busy():
            self.message_actions.busy()
            return False
        text = self.session.start_edit(message_id)
        if text is None:
            return False
        self.foot.put(text)
        return True

    def edit_last(self) -> None:
        question = self.session.last(Role.USER)
        if question is not None:
            self.start_edit(question.id)

    def cancel_edit(self) -> None:
        if self.session.edit_target is not None:
            self.session.cancel_edit()
            self.composer.clear()

    def quote_in_reply(self, text: str) -> None:
        self.foot.quote(text)

    def retry(self) -> None:
        self.error_banner.hide()
        self.session.retry()

    def hide_banner(self) -> None:
        self.error_banner.hide()

    def ensure_conversation(self) -> bool:
        return self.session.current is not None or self.new_conversation() is not None

    def load_settings(self, model: str, params: Params, system_prompt: str) -> None:
        self.params.load(model, params, system_prompt)
        self.figures.update_gauge()
        self.composer.setFocus()

    def notify(self, text: str) -> None:
        button = self.presets_button
        QToolTip.showText(button.mapToGlobal(button.rect().bottomLeft()), tip(text), button)

    def show_chips(self, label: str, names: list[str]) -> None:
        self.empty_state.set_presets(label, names)

    def storage_failed(self, message: str) -> None:
        self.session_view.storage_failed(message)

    # ---- smaller commands ------------------------------------------------------------------------------

    def _on_message_menu(self, message_id: int, where: QPoint) -> None:
        menu = self.message_menu(message_id, where)
        if menu is not None:
            menu.exec(where)

    def message_menu(self, message_id: int, where: QPoint) -> QMenu | None:
        return self.message_actions.menu(message_id, where)

    def delete_message(self, message_id: int) -> bool:
        return self.message_actions.delete_message(message_id)

    def copy_last_answer(self) -> bool:
        answer = self.session.last(Role.ASSISTANT)
        if answer is None:
            return False
        QGuiApplication.clipboard().setText(copy_text(answer))
        return True

    def open_find(self) -> None:
        if self.session.current is not None:
            self.find_bar.open_bar()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def zoom_by(self, step: int) -> None:
        self.set_zoom(self.chat_view.zoom + step)

    def set_zoom(self, percent: int) -> None:
        """The chat text's size, remembered in the settings."""
        self.chat_view.set_zoom(percent)
        self.settings.remember(chat_zoom=self.chat_view.zoom)

    def about(self) -> AboutDialog:
        from hunyuan_desktop.ui.kit.about import AboutDialog  # noqa: PLC0415 - not needed for the first paint

        dialog = AboutDialog(self.deps.data_dir, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_banner_action(self, action: str) -> None:
        if action == Action.RETRY:
            self.retry()
        elif action == Action.SETTINGS:
            self.tasks.spawn(self.open_settings())
        elif action == Action.RECHARGE:
            provider = self.session_view.banner_provider or self.figures.model_provider()  # the provider that said it
            QDesktopServices.openUrl(QUrl(provider.recharge_url or provider.site or provider.base_url))

    async def open_settings(self, **at_key: str) -> None:
        """Settings; ``at_key``: provider= and note= to open at a provider's key, saying why."""
        await self.deps.open_settings(self, **at_key)
        self.params.reload_models()
        self.figures.update_balance()
        await self.refresh_welcome()

    async def ask_for_key(self, provider_id: str) -> None:
        """Send with no key for the model's provider: its key is asked for (what was typed stays)."""
        if await self.deps.key_ready(provider_id):  # one was given meanwhile (a key for this session)
            self.session_view.keyless.discard(provider_id)
            self.send()
            return
        name = self.catalog.provider(provider_id).name
        note = self.tr("No key yet for %1: enter one to send your message, or try the offline demo.")
        await self.open_settings(provider=provider_id, note=note.replace("%1", name))

    async def _switch_demo(self, on: bool) -> None:
        """Into the offline demo or out of it: the app restarts on the demo's archive or the user's."""
        self.welcome_demo.setEnabled(False)
        await self.deps.switch_demo(on)

    async def refresh_welcome(self) -> None:
        """Which providers can be asked (a key, or none needed); the welcome page stands in for an empty
        chat until one can (or the demo runs)."""
        ready = {p.id: self.deps.demo or await self.deps.key_ready(p.id) for p in self.catalog.enabled()}
        self.session_view.keyless = {provider for provider, ok in ready.items() if not ok}
        self.session_view.has_key = any(ready.values())
        self.session_view.choose_page()

    def export(self, kind: ExportFormat) -> None:
        if self.session.current is not None:
            self.transfer.ask_export(self.session.current, kind)

    async def export_to(self, path: Path, kind: ExportFormat) -> None:
        if self.session.current is not None:
            await self.transfer.export_to(self.session.current.id, path, kind)

    async def import_from(self, path: Path) -> Conversation | None:
        self.foot.show_status(self.tr("Importing %1…").replace("%1", path.name))
        try:
            conv = await self.transfer.import_from(path)
        finally:
            self.foot.show_status("")
        return conv

    # ---- closing -----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.session.save_settings(*self.shown_settings())
        self.panes.remember()
        self.closed.emit()
        event.accept()
