"""The header above the conversation: the list toggle, the title, the demo mark, what the conversation
cost, the balance of its provider, and the buttons for presets, export, settings and the parameters. The
words are made here from what the session and the balance service say."""

from __future__ import annotations

import time
from decimal import Decimal

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QSizePolicy, QToolButton, QWidget

from hunyuan_desktop.catalog import format_money, format_yuan
from hunyuan_desktop.chat.session import Costs
from hunyuan_desktop.domain import Money, Provider
from hunyuan_desktop.ui.kit import icons
from hunyuan_desktop.ui.kit.dialogs import tip
from hunyuan_desktop.ui.kit.theme import Theme
from hunyuan_desktop.ui.kit.widgets import ElidedLabel, FittedLabel

TITLE_FLOOR = 64  # ... and this much in any window: below it, the cost moves into the balance's tooltip
TITLE_MIN = 160  # the title keeps this much (about ten Chinese characters) before the money's words give way


def tool_button(parent: QWidget, name: str, icon_name: str, *, checkable: bool = False) -> QToolButton:
    """An icon-only button (its words in the tooltip); the icon is tinted when the theme is applied."""
    button = QToolButton(parent)
    button.setObjectName(name)
    button.setProperty("icon_name", icon_name)
    button.setCheckable(checkable)
    button.setIconSize(QSize(18, 18))
    button.setAutoRaise(True)
    return button


class HeaderBar(QWidget):
    def __init__(self, *, demo: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.list_toggle = tool_button(self, "listToggle", "panel-left", checkable=True)
        self.title_label = ElidedLabel(self)
        self.title_label.setObjectName("titleLabel")
        # Whose answers come next: the conversation's model (and provider), so that changing it is visibly
        # this conversation's change.
        self.model_label = QLabel(self)
        self.model_label.setObjectName("headerModel")
        self.model_label.setTextFormat(Qt.TextFormat.PlainText)
        # The demo's mark, and the way out of it (the app restarts on the user's own archive).
        self.demo_label = QToolButton(self)
        self.demo_label.setObjectName("demoLabel")
        self.demo_label.setVisible(demo)
        self.demo_label.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.demo_label.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        demo_menu = QMenu(self.demo_label)
        self.leave_demo: QAction = demo_menu.addAction("")
        self.leave_demo.setObjectName("leaveDemoAction")
        self.demo_label.setMenu(demo_menu)
        # Money never elides: each shows the longest wording that fits, the title gives way first.
        self.cost_label = FittedLabel(self)
        self.cost_label.setObjectName("costLabel")
        self.cost_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.balance_label = FittedLabel(self)
        self.balance_label.setObjectName("balanceLabel")
        self.balance_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.export_button = tool_button(self, "exportButton", "download")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(self.export_button)
        self.export_md: QAction = export_menu.addAction("Markdown…")
        self.export_json: QAction = export_menu.addAction("JSON…")
        self.export_button.setMenu(export_menu)
        self.presets_button = tool_button(self, "presetsButton", "sparkles")
        self.presets_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.presets_menu = QMenu(self.presets_button)
        self.presets_button.setMenu(self.presets_menu)
        self.settings_button = tool_button(self, "settingsButton", "settings")
        self.params_toggle = tool_button(self, "paramsToggle", "panel-right", checkable=True)
        layout.addWidget(self.list_toggle)
        layout.addWidget(self.title_label, 1)
        layout.addWidget(self.model_label)
        layout.addWidget(self.demo_label)
        # The title takes what room is left and elides; the cost and the balance keep their digits (see fit).
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.cost_label)
        layout.addWidget(self.balance_label)
        layout.addWidget(self.presets_button)
        layout.addWidget(self.export_button)
        layout.addWidget(self.settings_button)
        layout.addWidget(self.params_toggle)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        """Money never elides. The title gives way first (down to TITLE_MIN), then the words around the
        money ("Last reply … this conversation" → "Last … total" → the amounts; "Balance" → the amount
        with its word in the tooltip), never its digits."""
        layout = self.layout()
        parts: list[QWidget] = [self.list_toggle, self.demo_label, self.presets_button]
        parts += [self.export_button, self.settings_button, self.params_toggle]
        others = sum(w.sizeHint().width() for w in parts if w.isVisibleTo(self))
        spacing = layout.spacing() * 8 if layout is not None else 0
        natural = QFontMetrics(self.title_label.font()).horizontalAdvance(self.title_label.text()) + 6
        named = bool(self.model_label.text())
        model = self.model_label.sizeHint().width() if named else 0
        cost, balance = self.cost_label, self.balance_label
        choices = [(c, 0) for c in range(cost.forms)] + [(cost.forms - 1, b) for b in range(1, balance.forms)]
        # The model's name shows only beside the money in full (it goes before any word of the money: the
        # parameters name the model too); last, the title keeps a few characters and the cost moves into
        # the balance's tooltip (whole, as the balance stays), rather than a title reduced to "…".
        top = min(TITLE_MIN, natural)
        attempts = [(top, model, choices[:1]), (top, 0, choices), (min(TITLE_FLOOR, natural), 0, choices)]
        chosen, shows_model = (cost.forms, balance.forms - 1), False  # the cost hidden
        for title, model_width, allowed in attempts:
            room = self.width() - others - spacing - title - model_width
            fitting = [(c, b) for c, b in allowed if cost.form_width(c) + balance.form_width(b) <= room]
            if fitting:
                chosen, shows_model = fitting[0], model_width > 0
                break
        self.model_label.setVisible(named and shows_model)
        cost.use(chosen[0])
        balance.use(chosen[1])
        hidden = chosen[0] >= cost.forms and bool(cost.text())
        balance.setToolTip(balance.toolTip() + ("\n" + cost.text() if hidden else ""))

    def show_model(self, label: str) -> None:
        """The open conversation's model, as the catalog names it ("" with no conversation)."""
        self.model_label.setText(label)
        self.model_label.setToolTip(tip(self.tr("Answers in this conversation come from %1").replace("%1", label)))
        self.fit()

    def set_icons(self, theme: Theme) -> None:
        for button in self.findChildren(QToolButton):
            name = button.property("icon_name")
            if name:
                button.setIcon(icons.icon(str(name), theme.text2))

    def retranslate(self) -> None:
        self.export_button.setToolTip(self.tr("Export this conversation"))
        self.settings_button.setToolTip(self.tr("Settings (Ctrl+,)"))
        self.list_toggle.setToolTip(self.tr("Show or hide the conversation list (Ctrl+B)"))
        self.params_toggle.setToolTip(self.tr("Show or hide the parameters (Ctrl+Shift+B)"))
        self.presets_menu.setTitle(self.tr("Presets"))
        self.presets_button.setToolTip(self.tr("Presets: a system prompt, model and parameters in one click"))
        self.demo_label.setText(self.tr("DEMO") + " ▾")
        self.demo_label.setToolTip(self.tr("DEMO · offline, nothing is billed. Click to leave the demo."))
        self.leave_demo.setText(self.tr("Leave the demo and use your own key"))

    # ---- money -------------------------------------------------------------------------------------

    def show_costs(self, costs: Costs | None) -> None:
        """What the open conversation cost: the last reply and the whole (nothing spent: nothing said)."""
        if costs is None:
            self.cost_label.set_forms([])
            return
        if costs.last_tokens_unpriced is not None:  # a model whose price is not known: never ¥0
            count = self.locale().toString(costs.last_tokens_unpriced)
            last = self.tr("%1 tokens, price unknown").replace("%1", count)
        elif costs.last is None:  # stopped or failed before the server said what it used
            last = self.tr("not reported")
        else:
            last = format_yuan(costs.last)
        whole = format_yuan(costs.total)
        if costs.partial:
            whole = self.tr("%1 + replies of unknown price").replace("%1", whole)  # a sum that is not all of it
        title = costs.title_cost
        self.cost_label.set_forms(
            [
                self.tr("Last reply %1 · this conversation %2").replace("%1", last).replace("%2", whole),
                self.tr("Last %1 · total %2").replace("%1", last).replace("%2", whole),
                f"{last} · {whole}",
            ],
            self.tr("This conversation's cost includes %1 for its automatic title.").replace("%1", format_yuan(title))
            if title
            else "",
        )
        self.fit()

    def show_balance(
        self, provider: Provider, known: tuple[Money, float] | None, *, named: bool, warn_below: Decimal, low: bool
    ) -> None:
        """The balance of the open conversation's provider: from its replies' header or its balance
        endpoint, "not available" where it publishes none; red under the user's warning level."""
        label = self.balance_label
        publishes = bool(provider.balance or provider.balance_header)
        if known is None:
            label.setProperty("low", False)
            if publishes:
                label.set_forms([self.tr("Balance —"), "—"], self.tr("The balance appears after the first request."))
            else:
                label.set_forms(
                    [self.tr("Balance: not available"), self.tr("n/a")],
                    self.tr("%1 does not publish the balance through its API; see its console: %2")
                    .replace("%1", provider.name)
                    .replace("%2", provider.site or provider.base_url),
                )
        else:
            money, at = known
            shown = format_money(money.amount, money.currency)
            read_at = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(at))
            label.setProperty("low", low)
            tip = self.tr("Balance %1, read at %2").replace("%1", shown).replace("%2", read_at)
            if named:
                tip += "\n" + provider.name
            if low:
                tip += "\n" + self.tr("Below your warning level of %1.").replace("%1", format_yuan(warn_below))
            label.set_forms([self.tr("Balance %1").replace("%1", shown), shown], tip)
        label.style().unpolish(label)  # the style sheet's [low="true"] rule: red, bold
        label.style().polish(label)
        self.fit()
