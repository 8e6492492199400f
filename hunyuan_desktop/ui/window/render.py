"""What the session announces, drawn: a conversation opened (or none), its branch switched, messages
added, changed, removed, an answer's text arriving, a turn's end (a failure in the banner, naming whose
key, balance or server it is), a storage failure; and which page the centre shows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRect
from PySide6.QtWidgets import QToolTip

from hunyuan_desktop.chat.controller import TurnFinished, TurnWaiting
from hunyuan_desktop.chat.conversations import Shown
from hunyuan_desktop.chat.session import ConversationSession
from hunyuan_desktop.chat.settings_store import SettingsStore
from hunyuan_desktop.domain import Conversation, FailureKind, Message, Params, Provider
from hunyuan_desktop.ui.compose.pane import ComposerPane
from hunyuan_desktop.ui.kit.dialogs import tip
from hunyuan_desktop.ui.params.panel import ParamsPanel
from hunyuan_desktop.ui.transcript.find import FindBar
from hunyuan_desktop.ui.window.figures import Figures
from hunyuan_desktop.ui.window.header import HeaderBar
from hunyuan_desktop.ui.window.pages import Pages


class SessionView(QObject):
    def __init__(
        self,
        session: ConversationSession,
        settings: SettingsStore,
        pages: Pages,
        header: HeaderBar,
        foot: ComposerPane,
        params: ParamsPanel,
        find_bar: FindBar,
        figures: Figures,
        default_prompt: Callable[[], str],
    ) -> None:
        super().__init__(pages)
        self.session, self.settings = session, settings
        self.pages, self.header, self.foot, self.params, self.find_bar = pages, header, foot, params, find_bar
        self.view = pages.chat_view
        self.figures = figures
        self.default_prompt = default_prompt
        self.has_key = True  # until the window asked the keyring
        self.keyless: set[str] = set()  # providers known to have no key (Send asks for one first)
        self.banner_provider: Provider | None = None  # whose failure the error banner shows
        s = session
        s.opened.connect(self.show_conversation)
        s.branchChanged.connect(self.show_branch)
        s.turnStarted.connect(self._turn_started)
        s.appended.connect(self._appended)
        s.updated.connect(self._updated)
        s.removed.connect(self._removed)
        s.delta.connect(self._delta)
        s.finished.connect(self._finished)
        s.waiting.connect(lambda e: foot.start_waiting(e.seconds, e.kind) if isinstance(e, TurnWaiting) else None)
        s.busy.connect(foot.show_busy)
        s.titleChanged.connect(header.title_label.setText)
        s.editing.connect(lambda target: foot.show_editing(target is not None))
        s.storageFailed.connect(self.storage_failed)
        params.changed.connect(self.show_model)

    def show_model(self) -> None:
        """The header names the open conversation's model (what the panel shows, saved as its own); a
        change for a conversation with answers is said where the user looks, as that conversation's."""
        conv = self.session.current
        label = self.params.catalog.label(self.params.current_model_id()) if conv is not None else ""
        before = self.header.model_label.text()
        self.header.show_model(label)
        if conv is not None and before and label != before and self.session.messages():
            where = self.header.mapToGlobal(self.header.rect().bottomLeft())
            said = self.tr("From now on, answers in “%1” come from %2.").replace("%1", conv.title).replace("%2", label)
            QToolTip.showText(where, tip(said), self.header, QRect(), 5000)  # a title is text, never markup

    def show_conversation(self, conv: Conversation | None) -> None:
        """The session opened a conversation (or none): everything about it shown from scratch. A past
        failure is shown in its bubble (with Retry), not as a banner: the banner is for what happens now."""
        self.foot.error_banner.hide()
        self.foot.stop_waiting()
        self.foot.show_editing(False)
        shown = self.session.shown
        self.view.set_versions(shown.versions if conv is not None and shown else {})
        self.view.set_messages(shown.messages if conv is not None and shown else [])
        self.after_messages_changed()
        if conv is None:
            self.header.title_label.setText("")
            self.params.setEnabled(True)
            self.params.load(self.settings.current.default_model, Params(), self.default_prompt())
        else:
            self.header.title_label.setText(conv.title)
            self.params.load(conv.model, conv.params, conv.system_prompt)
        self.show_model()
        self.foot.show_busy(self.session.is_busy())
        self.figures.update_balance()

    def show_branch(self, shown: Shown) -> None:
        self.view.set_versions(shown.versions)
        self.view.set_messages(shown.messages)
        self.after_messages_changed()

    def after_messages_changed(self) -> None:
        self.choose_page()
        self.find_bar.refresh()
        self.figures.update_cost()

    def choose_page(self) -> None:
        self.pages.choose(has_messages=bool(self.session.messages()), has_key=self.has_key)

    def storage_failed(self, message: str) -> None:
        self.foot.error_banner.show_error(FailureKind.STORAGE, message, None)

    def _turn_started(self) -> None:
        self.foot.error_banner.hide()
        self.view.follow = True

    def _appended(self, messages: list[Message]) -> None:
        for m in messages:
            self.view.add_message(m)
        self.choose_page()

    def _updated(self, message: Message) -> None:
        self.view.update_message(message)
        self.find_bar.refresh()

    def _removed(self, message_id: int) -> None:
        self.view.remove_message(message_id)  # the rest stays where it is on screen
        self.after_messages_changed()

    def _delta(self, message_id: int, text: str, reasoning: str) -> None:
        self.foot.stop_waiting()
        self.view.add_delta(message_id, text, reasoning)

    def _finished(self, event: TurnFinished, provider: Provider) -> None:
        self.foot.stop_waiting()
        error = event.error
        if error is not None:
            self.banner_provider = provider  # whose key, balance or server it is: named when it matters
            self.foot.error_banner.show_error(
                error.kind, error.message, error.retry_after, error.source,
                who=provider.name if self.figures.worth_naming(provider) else "",
            )  # fmt: skip
