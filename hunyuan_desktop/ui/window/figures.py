"""The figures always in view: the balance of the chosen model's provider, what the open conversation
cost, and under the message box roughly what the next request carries and costs. The rules are the
services' (chat/balance.py, chat/session.py); this keeps the header and the gauge up to date."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from hunyuan_desktop.api.request import estimate_request
from hunyuan_desktop.catalog import Catalog
from hunyuan_desktop.chat.balance import BalanceService
from hunyuan_desktop.chat.session import ConversationSession
from hunyuan_desktop.chat.settings_store import SettingsStore
from hunyuan_desktop.domain import Provider
from hunyuan_desktop.ui.compose.pane import ComposerPane
from hunyuan_desktop.ui.params.panel import ParamsPanel
from hunyuan_desktop.ui.window.header import HeaderBar


class Figures(QObject):
    def __init__(
        self,
        session: ConversationSession,
        balances: BalanceService,
        catalog: Catalog,
        settings: SettingsStore,
        params: ParamsPanel,
        header: HeaderBar,
        foot: ComposerPane,
    ) -> None:
        super().__init__(header)
        self.session, self.balances, self.catalog, self.settings = session, balances, catalog, settings
        self.params, self.header, self.foot = params, header, foot
        self._gauge_timer = QTimer(self)  # the context gauge follows typing, a beat behind
        self._gauge_timer.setSingleShot(True)
        self._gauge_timer.setInterval(250)
        self._gauge_timer.timeout.connect(self.update_gauge)
        session.costChanged.connect(self.update_cost)
        balances.changed.connect(lambda _pid: self.update_balance())
        foot.composer.textChanged.connect(self._gauge_timer.start)
        foot.tray.changed.connect(self._gauge_timer.start)

    def gauge_soon(self) -> None:
        self._gauge_timer.start()

    def worth_naming(self, provider: Provider) -> bool:
        """Whether a provider's name says something: several are offered, or it is not the default."""
        return len(self.catalog.enabled()) > 1 or provider.id != self.settings.current.provider

    def model_provider(self) -> Provider:
        """The provider of the model chosen for the open conversation (or for a new one)."""
        return self.catalog.provider_of(self.params.current_model_id())

    def update_balance(self) -> None:
        provider = self.model_provider()
        self.balances.shown(provider.id)
        known = self.balances.known(provider.id)
        warn_below = self.settings.current.low_balance
        low = known is not None and self.balances.is_low(known[0], warn_below)
        self.header.show_balance(provider, known, named=self.worth_naming(provider), warn_below=warn_below, low=low)

    def update_cost(self) -> None:
        self._gauge_timer.start()
        self.header.show_costs(self.session.costs())

    def update_gauge(self) -> None:
        """Under the message box: roughly how many tokens the next request carries (the branch, trimmed as
        the request will be, plus what is typed) against the model's context, and its input cost."""
        draft = self.foot.composer.toPlainText()
        history = self.session.history_for_gauge()
        tray = self.foot.tray
        if not history and not draft.strip() and not tray.items:
            self.foot.gauge.setText("")
            return
        params = self.params
        guess = estimate_request(
            self.catalog.model(params.current_model_id()),
            history,
            system_prompt=params.system_prompt.toPlainText(),
            params=params.params(),
            draft=draft,
            attachments=tray.attachments(),  # the files' text and the images count before sending
            blobs={digest: data for digest, (_, data) in tray.blobs().items()},
        )
        self.foot.show_estimate(guess.tokens, guess.context, guess.input_cost)
