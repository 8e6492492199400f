"""Settings: providers (a key in the keyring for each, base URL, proxy, models and prices), and the
general preferences (theme, streaming, titles, low-balance warning, proxy, certificates, data folder)."""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hunyuan_desktop.api.errors import ApiError
from hunyuan_desktop.api.network import ProxyValueError, check_proxy, split_password
from hunyuan_desktop.catalog import MAX_USER_MODELS, Catalog, format_money, user_price
from hunyuan_desktop.domain import FailureKind, Money, Provider, ProxyMode, ThemeChoice, plausible_yuan
from hunyuan_desktop.secrets import GENERAL_PROXY, KeySource, KeyStore, SecretsError, proxy_secret, sendable_key
from hunyuan_desktop.settings import Settings, UrlCheck, check_base_url, provider_option
from hunyuan_desktop.ui.kit.dialogs import PlainLabel, confirm_async
from hunyuan_desktop.ui.params import price_text
from hunyuan_desktop.ui.tasks import TaskSet
from hunyuan_desktop.ui.texts import explain, insecure_url_question

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConnectionCheck:
    """What a connection test found without spending tokens: the models the key may use (the model list
    answered), and the balance where the provider publishes one."""

    models: tuple[str, ...] = ()
    balance: Money | None = None


# (provider id, base URL as shown, the provider's proxy setting as shown) -> what the test found
TestConnection = Callable[[str, str, str], Awaitable[ConnectionCheck]]

PROVIDER_ID = Qt.ItemDataRole.UserRole
INHERIT = "inherit"  # the provider proxy combo's "same as the general setting"


class SettingsDialog(QDialog):
    """Two tabs. Providers: the list on the left (ticked: its models are offered in the model list),
    the chosen one's key, address, proxy, models and prices on the right. General: everything else.
    Keys are stored (or removed) at once, in the keyring; the rest is written when Save is pressed."""

    def __init__(
        self,
        catalog: Catalog,
        settings: Settings,
        data_dir: Path,
        keys: KeyStore,
        save_settings: Callable[[Settings], None],
        test_connection: TestConnection,
        *,
        demo: bool = False,
        confirm: Callable[[str, str], Awaitable[bool]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(820, screen.width() - 24), min(640, screen.height() - 48))  # fits an 800×600 screen
        self.catalog = catalog
        self.settings = settings
        self.data_dir = data_dir
        self.keys = keys
        self.demo = demo
        self._save_settings = save_settings
        self._test = test_connection
        # Asked inside a coroutine (Test, Save): never a modal exec() there (kit.dialogs).
        self._confirm = confirm or (lambda title, text: confirm_async(self, title, text, warning=True))
        self.tasks = TaskSet()
        self._stored = False
        # Edited here, written on Save: a copy, so Close leaves the settings as they were.
        self.options: dict[str, Any] = copy.deepcopy(settings.provider_options)
        self.enabled_ids: list[str] = list(dict.fromkeys(settings.providers_enabled))
        self.provider: Provider = catalog.provider(settings.provider)
        self._filling = False
        self._typed_keys: dict[str, str] = {}  # provider id -> a key typed on its page, not yet saved

        tabs = QTabWidget(self)
        tabs.setObjectName("settingsTabs")
        tabs.addTab(self._providers_page(), self.tr("Providers"))
        tabs.addTab(self._general_page(), self.tr("General"))
        self.tabs = tabs

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self)
        box.accepted.connect(lambda: self.tasks.spawn(self.save()))
        box.rejected.connect(self.reject)
        box.button(QDialogButtonBox.StandardButton.Save).setObjectName("saveSettingsButton")
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(box)

        self.show_key.toggled.connect(self._on_show)
        self.save_key.clicked.connect(lambda: self.tasks.spawn(self.save_key_async()))
        self.session_key.clicked.connect(self._on_session_key)
        self.remove_key.clicked.connect(lambda: self.tasks.spawn(self.remove_key_async()))
        self.test_button.clicked.connect(lambda: self.tasks.spawn(self.test_async()))
        self.select_provider(self.provider.id)

    # ---- the providers page ------------------------------------------------------------------------

    def _providers_page(self) -> QWidget:
        page = QSplitter(Qt.Orientation.Horizontal)
        self.provider_list = QListWidget(page)
        self.provider_list.setObjectName("providerList")
        self.provider_list.setToolTip(self.tr("Ticked: its models are offered in the model list"))
        for pid in self.catalog.ids():
            shipped = self.catalog.shipped[pid]
            item = QListWidgetItem(shipped.name, self.provider_list)
            item.setData(PROVIDER_ID, pid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if pid in self.enabled_ids else Qt.CheckState.Unchecked)
        self.provider_list.currentItemChanged.connect(self._on_provider_item)
        self.provider_list.itemChanged.connect(self._on_provider_checked)
        right = QWidget()
        self.provider_title = QLabel(right)
        self.provider_title.setObjectName("providerTitle")
        self.provider_title.setStyleSheet("font-weight: 600; font-size: 15px")
        self.provider_note = QLabel(right)
        self.provider_note.setObjectName("providerNote")
        self.provider_note.setWordWrap(True)
        self.provider_note.setOpenExternalLinks(True)

        # ---- key ------------------------------------------------------------------------------------
        key_box = QGroupBox(self.tr("API key"), right)
        self.key_edit = QLineEdit(key_box)
        self.key_edit.setObjectName("apiKeyEdit")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(self.tr("Paste your key (sk-…)"))
        self.show_key = QCheckBox(self.tr("Show"), key_box)
        self.show_key.setObjectName("showKeyToggle")
        self.save_key = QPushButton(self.tr("Save to keyring"), key_box)
        self.save_key.setObjectName("saveKeyButton")
        self.session_key = QPushButton(self.tr("Use for this session only"), key_box)
        self.session_key.setObjectName("sessionKeyButton")
        self.remove_key = QPushButton(self.tr("Remove"), key_box)
        self.remove_key.setObjectName("removeKeyButton")
        self.test_button = QPushButton(self.tr("Test and fetch models"), key_box)
        self.test_button.setObjectName("testKeyButton")
        self.test_button.setToolTip(self.tr("Asks for the model list (and the balance where there is one): no tokens"))
        self.key_status = QLabel(key_box)
        self.key_status.setObjectName("keyStatus")
        self.key_status.setWordWrap(True)
        # Shows what a server said: plain text only, never markup or a link that opens something.
        self.key_status.setTextFormat(Qt.TextFormat.PlainText)
        self.key_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.key_edit, 1)
        row.addWidget(self.show_key)
        buttons = QHBoxLayout()
        for b in (self.save_key, self.session_key, self.remove_key, self.test_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.get_key = QLabel(key_box)
        self.get_key.setOpenExternalLinks(True)
        key_layout = QVBoxLayout(key_box)
        key_layout.addLayout(row)
        key_layout.addLayout(buttons)
        key_layout.addWidget(self.key_status)
        key_layout.addWidget(self.get_key)

        # ---- where and through what ------------------------------------------------------------------
        self.base_url = QLineEdit(right)
        self.base_url.setObjectName("baseUrlEdit")
        self.base_url.setEnabled(not self.demo)
        self.provider_proxy = QComboBox(right)
        self.provider_proxy.setObjectName("providerProxyCombo")
        for mode, label in (
            (INHERIT, self.tr("As in General")),
            (ProxyMode.SYSTEM.value, self.tr("System proxy")),
            (ProxyMode.NONE.value, self.tr("No proxy")),
            (ProxyMode.CUSTOM.value, self.tr("This proxy:")),
        ):
            self.provider_proxy.addItem(label, mode)
        self.provider_proxy_url = QLineEdit(right)
        self.provider_proxy_url.setObjectName("providerProxyUrlEdit")
        self.provider_proxy_url.setPlaceholderText("socks5://127.0.0.1:1080")
        self.provider_proxy.currentIndexChanged.connect(
            lambda _: self.provider_proxy_url.setEnabled(self.provider_proxy.currentData() == ProxyMode.CUSTOM.value)
        )
        proxy_row = QHBoxLayout()
        proxy_row.addWidget(self.provider_proxy)
        proxy_row.addWidget(self.provider_proxy_url, 1)
        where = QFormLayout()
        where.addRow(self.tr("Base URL"), self.base_url)
        where.addRow(self.tr("Proxy"), proxy_row)

        # ---- models and prices -----------------------------------------------------------------------
        prices = QGroupBox(self.tr("Models and prices (yuan per 1000 tokens; empty: unknown)"), right)
        self.price_table = QTableWidget(0, 5, prices)
        self.price_table.setObjectName("priceTable")
        self.price_table.setMinimumHeight(150)  # a few rows at least; the page scrolls on a small screen
        self.price_table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Model ID"),
                self.tr("Input ¥ / 1K"),
                self.tr("Output ¥ / 1K"),
                self.tr("Updated"),
            ]
        )
        self.price_table.verticalHeader().setVisible(False)
        self.price_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.price_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.price_table.horizontalHeader().setStretchLastSection(True)
        self.price_table.itemChanged.connect(self._on_price_edited)
        self.new_model = QLineEdit(prices)
        self.new_model.setObjectName("newModelEdit")
        self.new_model.setPlaceholderText(self.tr("Another model id (e.g. an endpoint id ep-…)"))
        add_model = QPushButton(self.tr("Add"), prices)
        add_model.setObjectName("addModelButton")
        add_model.clicked.connect(self._on_add_model)
        self.new_model.returnPressed.connect(self._on_add_model)
        self.remove_model = QPushButton(self.tr("Remove model"), prices)
        self.remove_model.setObjectName("removeModelButton")
        self.remove_model.clicked.connect(self._on_remove_model)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_model, 1)
        add_row.addWidget(add_model)
        add_row.addWidget(self.remove_model)
        price_layout = QVBoxLayout(prices)
        price_layout.addWidget(self.price_table)
        price_layout.addLayout(add_row)

        layout = QVBoxLayout(right)
        layout.addWidget(self.provider_title)
        layout.addWidget(self.provider_note)
        layout.addWidget(key_box)
        layout.addLayout(where)
        layout.addWidget(prices, 1)
        page.addWidget(self.provider_list)
        scroller = QScrollArea(page)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(right)
        page.addWidget(scroller)
        page.setStretchFactor(1, 1)
        page.setSizes([190, 600])
        return page

    def select_provider(self, provider_id: str) -> None:
        """Show a provider on the right (what was edited for the one before is kept for Save)."""
        for i in range(self.provider_list.count()):
            item = self.provider_list.item(i)
            if item.data(PROVIDER_ID) == provider_id:
                self.provider_list.setCurrentItem(item)
                return

    def _on_provider_item(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if previous is not None:
            self._keep_edits(str(previous.data(PROVIDER_ID)))
            # A key typed and not yet saved stays with its provider (in memory only) until the dialog closes.
            self._typed_keys[str(previous.data(PROVIDER_ID))] = self.key_edit.text()
        if current is None:
            return
        self.provider = self._draft_provider(str(current.data(PROVIDER_ID)))
        self._show_provider()

    def _on_provider_checked(self, item: QListWidgetItem) -> None:
        pid = str(item.data(PROVIDER_ID))
        on = item.checkState() == Qt.CheckState.Checked
        if on and pid not in self.enabled_ids:
            self.enabled_ids.append(pid)
        elif not on and pid in self.enabled_ids:
            self.enabled_ids.remove(pid)

    def option(self, provider_id: str) -> dict[str, Any]:
        return provider_option(self.options, provider_id)

    def _draft_provider(self, provider_id: str) -> Provider:
        """The provider as the edits so far make it (the catalog merges the draft options)."""
        return Catalog(self.catalog.shipped, self.options, self.enabled_ids).provider(provider_id)

    def _show_provider(self) -> None:
        p = self.provider
        self._filling = True
        self.provider_title.setText(p.name)
        note = [p.note] if p.note else []
        if not p.balance and not p.balance_header:
            note.append(self.tr("Its API publishes no balance: see its console."))
        if p.site:
            note.append(f'<a href="{p.site}">{p.site}</a>')
        self.provider_note.setText(" ".join(note))
        url = p.get_key_url or p.site
        get_key = self.tr("Get a key at %1").replace("%1", url)
        self.get_key.setText(f'<a href="{url}">{get_key}</a>' if url and p.key_required else "")
        self.key_edit.setText(self._typed_keys.pop(p.id, ""))
        self.key_edit.setPlaceholderText(
            self.tr("Paste your key (sk-…)") if p.key_required else self.tr("Optional: a local server needs no key")
        )
        self.show_key.setChecked(False)
        self.key_status.setText("")
        self.base_url.setText(p.base_url)
        proxy = self.option(p.id).get("proxy")
        proxy = proxy if isinstance(proxy, str) else ""
        mode = INHERIT if not proxy else ProxyMode.of(proxy).value
        self.provider_proxy.setCurrentIndex(max(0, self.provider_proxy.findData(mode)))
        self.provider_proxy_url.setText(proxy if mode == ProxyMode.CUSTOM.value else "")
        self.provider_proxy_url.setEnabled(mode == ProxyMode.CUSTOM.value)
        self._fill_prices()
        self._filling = False
        self.tasks.spawn(self.refresh_key_state())

    def _fill_prices(self) -> None:
        shipped_ids = {m.id for m in self.catalog.shipped[self.provider.id].models}
        table = self.price_table
        table.blockSignals(True)
        table.setRowCount(len(self.provider.models))
        for r, model in enumerate(self.provider.models):
            price = model.price
            cells = (
                model.name,
                model.id,
                str(price.input_per_1k) if price else "",
                str(price.output_per_1k) if price else "",
                model.updated,
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (2, 3):
                    item.setToolTip(
                        price_text(price) + "\n" + self.tr("Double-click to enter the provider's price in yuan")
                    )
                else:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if c == 1 and model.id not in shipped_ids:
                    item.setToolTip(self.tr("From the provider's model list or added here"))
                table.setItem(r, c, item)
        table.blockSignals(False)

    def _on_price_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() not in (2, 3):
            return
        row = item.row()
        model_item = self.price_table.item(row, 1)
        cells = [self.price_table.item(row, c) for c in (2, 3)]
        if model_item is None:
            return
        texts = [(c.text().strip().lstrip("¥") if c else "") for c in cells]
        prices = self.option(self.provider.id).setdefault("prices", {})
        if not any(texts):
            prices.pop(model_item.text(), None)  # back to the catalog's (or unknown)
            self.key_status.setText("")
            return
        if not all(texts):
            self.key_status.setText(self.tr("Enter both the input and the output price (the same twice if one)."))
            return
        price = user_price(texts)
        if price is None or any(plausible_yuan(t) is None for t in texts):
            self.key_status.setText(self.tr("A price is a number of yuan per 1000 tokens, such as 0.0025."))
            return
        prices[model_item.text()] = [str(price.input_per_1k), str(price.output_per_1k)]
        self.key_status.setText(
            self.tr("%1: %2 (saved with Save)").replace("%1", model_item.text()).replace("%2", price_text(price))
        )

    def add_models(self, model_ids: list[str] | tuple[str, ...], provider_id: str | None = None) -> int:
        """Add ids to a provider's model list (from /models or typed; the shown provider's by default);
        returns how many were new."""
        if provider_id is not None and provider_id != self.provider.id:
            extra = self.option(provider_id).setdefault("models", [])
            known = {m.id for m in self._draft_provider(provider_id).models} | set(extra)
            new = [m for m in dict.fromkeys(model_ids) if m and len(m) <= 200 and m not in known]
            extra.extend(new[: max(0, MAX_USER_MODELS - len(extra))])
            return len(new)
        extra = self.option(self.provider.id).setdefault("models", [])
        known = {m.id for m in self.provider.models} | set(extra)
        room = max(0, MAX_USER_MODELS - len(extra))
        new = [m for m in dict.fromkeys(model_ids) if m and len(m) <= 200 and m not in known][:room]
        extra.extend(new)
        if new:
            self._keep_edits(self.provider.id)
            self.provider = self._draft_provider(self.provider.id)
            self._filling = True
            self._fill_prices()
            self._filling = False
        return len(new)

    def _on_add_model(self) -> None:
        model_id = self.new_model.text().strip()
        if not model_id:
            return
        if self.add_models([model_id]):
            self.new_model.clear()
        else:
            self.key_status.setText(self.tr("%1 is already in the list.").replace("%1", model_id))

    def _on_remove_model(self) -> None:
        row = self.price_table.currentRow()
        model_item = self.price_table.item(row, 1) if row >= 0 else None
        if model_item is None:
            return
        model_id = model_item.text()
        extra = self.option(self.provider.id).get("models")
        if not isinstance(extra, list) or model_id not in extra:
            self.key_status.setText(self.tr("Models of the shipped catalog stay; you can change their prices."))
            return
        extra.remove(model_id)
        self.option(self.provider.id).get("prices", {}).pop(model_id, None)
        self.provider = self._draft_provider(self.provider.id)
        self._filling = True
        self._fill_prices()
        self._filling = False

    def _keep_edits(self, provider_id: str) -> None:
        """The base URL and proxy shown, into the draft options of ``provider_id`` (checked on Save)."""
        option = self.option(provider_id)
        url = self.base_url.text().strip().rstrip("/")
        shipped = self.catalog.shipped[provider_id].base_url
        if url and url != shipped:
            option["base_url"] = url
        else:
            option.pop("base_url", None)
        mode = str(self.provider_proxy.currentData())
        if mode == INHERIT:
            option.pop("proxy", None)
        elif mode == ProxyMode.CUSTOM.value:
            option["proxy"] = self.provider_proxy_url.text().strip()
        else:
            option["proxy"] = mode

    # ---- the general page --------------------------------------------------------------------------

    def _general_page(self) -> QWidget:
        settings = self.settings
        prefs = QWidget()
        self.streaming = QCheckBox(self.tr("Stream answers as they are written"), prefs)
        self.streaming.setObjectName("streamingCheck")
        self.streaming.setChecked(settings.streaming)
        # Network: the proxy (the system's, none, or one given) and an extra CA file for company networks.
        self.proxy_mode = QComboBox(prefs)
        self.proxy_mode.setObjectName("proxyModeCombo")
        for mode, label in (
            (ProxyMode.SYSTEM.value, self.tr("System proxy")),
            (ProxyMode.NONE.value, self.tr("No proxy")),
            (ProxyMode.CUSTOM.value, self.tr("This proxy:")),
        ):
            self.proxy_mode.addItem(label, mode)
        mode = ProxyMode.of(settings.proxy)
        custom = mode is ProxyMode.CUSTOM
        self.proxy_mode.setCurrentIndex(self.proxy_mode.findData(mode.value))
        self.proxy_url = QLineEdit(settings.proxy if custom else "", prefs)
        self.proxy_url.setObjectName("proxyUrlEdit")
        self.proxy_url.setPlaceholderText("http://proxy.example.com:8080 · socks5://127.0.0.1:1080")
        self.proxy_url.setEnabled(custom)
        self.proxy_mode.currentIndexChanged.connect(
            lambda _: self.proxy_url.setEnabled(self.proxy_mode.currentData() == ProxyMode.CUSTOM.value)
        )
        proxy_row = QHBoxLayout()
        proxy_row.addWidget(self.proxy_mode)
        proxy_row.addWidget(self.proxy_url, 1)
        self.ca_file = QLineEdit(settings.ca_file, prefs)
        self.ca_file.setObjectName("caFileEdit")
        self.ca_file.setPlaceholderText(self.tr("None: the system's certificates only"))
        pick_ca = QPushButton(self.tr("Choose…"), prefs)
        pick_ca.clicked.connect(self._choose_ca_file)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(pick_ca)
        # Automatic titles: on or off, and which (cheap) model writes them; its cost is counted.
        self.auto_title = QCheckBox(self.tr("Name new conversations automatically with"), prefs)
        self.auto_title.setObjectName("autoTitleCheck")
        self.auto_title.setChecked(settings.auto_title)
        self.title_model = QComboBox(prefs)
        self.title_model.setObjectName("titleModelCombo")
        # First (the default): the conversation's own provider, so no conversation goes to a provider the
        # user did not choose for it; a model chosen here is never sent a local provider's conversation.
        self.title_model.addItem(self.tr("the conversation's own provider (its cheapest model)"), "")
        self.title_model.setToolTip(
            self.tr(
                "The first question and answer are sent to this model for a title. A conversation with a local "
                "provider (Ollama, LM Studio) is always named by that provider."
            )
        )
        choices = sorted(
            self.catalog.choices(),
            key=lambda m: (m.price is None, m.price.output_per_1k if m.price else Decimal(0)),
        )
        for model in choices:
            self.title_model.addItem(
                self.tr("%1 (%2)").replace("%1", self.catalog.label(model.ref)).replace("%2", price_text(model.price)),
                model.ref,
            )
        if self.title_model.findData(settings.title_with) < 0:
            self.title_model.addItem(self.catalog.label(settings.title_with), settings.title_with)
        self.title_model.setCurrentIndex(self.title_model.findData(settings.title_with))
        self.title_model.setEnabled(settings.auto_title)
        self.auto_title.toggled.connect(self.title_model.setEnabled)
        title_row = QHBoxLayout()
        title_row.addWidget(self.auto_title)
        title_row.addWidget(self.title_model, 1)
        self.low_balance = QDoubleSpinBox(prefs)
        self.low_balance.setObjectName("lowBalanceSpin")
        self.low_balance.setRange(0, 100000)
        self.low_balance.setDecimals(2)
        self.low_balance.setPrefix("¥")
        self.low_balance.setValue(float(settings.low_balance))
        self.data_label = PlainLabel(str(self.data_dir), prefs)
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        open_dir = QPushButton(self.tr("Open folder"), prefs)
        open_dir.setObjectName("openDataDirButton")
        open_dir.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir))))
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_label, 1)
        data_row.addWidget(open_dir)
        self.theme_combo = QComboBox(prefs)
        self.theme_combo.setObjectName("themeCombo")
        for choice, label in (
            (ThemeChoice.SYSTEM, self.tr("Follow the system")),
            (ThemeChoice.LIGHT, self.tr("Light")),
            (ThemeChoice.DARK, self.tr("Dark")),
        ):
            self.theme_combo.addItem(label, choice.value)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(settings.theme)))
        self.font_size = QSpinBox(prefs)
        self.font_size.setObjectName("fontSizeSpin")
        self.font_size.setRange(0, 24)
        self.font_size.setSuffix(" px")
        self.font_size.setSpecialValueText(self.tr("System size"))
        self.font_size.setValue(settings.font_size if settings.font_size >= 10 else 0)
        self.general_status = QLabel(prefs)
        self.general_status.setObjectName("generalStatus")
        self.general_status.setWordWrap(True)
        self.general_status.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout(prefs)
        form.addRow(self.tr("Theme"), self.theme_combo)
        form.addRow(self.tr("Interface font size"), self.font_size)
        form.addRow(self.tr("Proxy (all providers)"), proxy_row)
        form.addRow(self.tr("Extra CA certificates"), ca_row)
        form.addRow("", self.streaming)
        form.addRow("", title_row)
        form.addRow(self.tr("Warn when balance is below"), self.low_balance)
        form.addRow(self.tr("Data folder"), data_row)
        form.addRow("", self.general_status)
        return prefs

    # ---- key ---------------------------------------------------------------------------------------

    async def refresh_key_state(self) -> None:
        asked = self.provider.id
        try:
            key, source = await self.keys.aget(asked)
            if asked != self.provider.id:
                return  # another provider was chosen meanwhile: its own refresh says its state
        except SecretsError as exc:
            self._stored = False
            self.key_status.setText(self.tr("Keyring unavailable: %1").replace("%1", str(exc)))
            return
        self._stored = key is not None
        if key is None and not self.provider.key_required:
            self.key_status.setText(self.tr("No key needed: a local server. A key entered here is sent if given."))
            return
        texts = {
            KeySource.KEYRING: self.tr("A key is saved in the system keyring (%1).").replace(
                "%1", self.keys.backend_name
            ),
            KeySource.ENVIRONMENT: self.tr("Using the key from HUNYUAN_API_KEY for this run; it is not saved."),
            KeySource.SESSION: self.tr("Using a key for this session only; it will not be remembered."),
            KeySource.NONE: self.tr("No key saved yet."),
        }
        self.key_status.setText(texts[source])
        if key is not None and not self.key_edit.text():
            self.key_edit.setPlaceholderText(self.tr("•••••••• (saved; tick Show to reveal)"))

    def _on_show(self, on: bool) -> None:
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        if on and not self.key_edit.text() and self._stored:
            self.tasks.spawn(self._reveal())

    async def _reveal(self) -> None:
        asked = self.provider.id
        try:
            key, _ = await self.keys.aget(asked)
        except SecretsError as exc:
            self._say(asked, str(exc))
            return
        if asked != self.provider.id:
            return  # another provider's page is shown now: this key never goes into its box
        if key and self.show_key.isChecked():
            self.key_edit.setText(key)

    def _usable_key(self) -> str | None:
        key = self.key_edit.text().strip()
        if not key:
            self.key_status.setText(self.tr("Enter a key first."))
            return None
        if not sendable_key(key):
            self.key_status.setText(
                self.tr(
                    "This key contains a space, a line break or a non-ASCII character, which no server accepts. "
                    "Copy the key again from the provider's page."
                )
            )
            return None
        return key

    async def save_key_async(self) -> bool:
        key = self._usable_key()
        if key is None:
            return False
        try:
            await self.keys.aset(self.provider.id, key)
        except SecretsError as exc:
            self.key_status.setText(
                self.tr("Could not save to the keyring: %1").replace("%1", str(exc))
                + " "
                + self.tr("You can use the key for this session only.")
            )
            return False
        self.key_edit.clear()
        self.show_key.setChecked(False)
        await self.refresh_key_state()
        self.key_status.setText(self.key_status.text() + " " + self.tr("Saved."))
        return True

    def _on_session_key(self) -> None:
        key = self._usable_key()
        if key is None:
            return
        self.keys.use_for_session(self.provider.id, key)
        self.key_edit.clear()
        self.key_status.setText(self.tr("Using a key for this session only; it will not be remembered."))

    async def remove_key_async(self) -> None:
        try:
            await self.keys.adelete(self.provider.id)
        except SecretsError as exc:
            self.key_status.setText(str(exc))
            return
        self.key_edit.clear()
        await self.refresh_key_state()

    def _say(self, provider_id: str, text: str) -> None:
        """A status for the page of ``provider_id``, shown only while that page is (a keyring or a server
        that answers late must not write on another provider's page)."""
        if provider_id == self.provider.id:
            self.key_status.setText(text)

    async def test_async(self) -> None:
        asked = self.provider.id
        if self.key_edit.text().strip() and not await self.save_key_async():
            return
        if asked != self.provider.id:
            return
        url = self.base_url.text().strip().rstrip("/")
        if url == self.catalog.provider(self.provider.id).base_url:
            url = ""  # as stored: the app's own address for it (a --base-url for the run included)
        elif await self.validate_base_url() is None:  # the key never goes to plain http unless the user said yes
            return
        self.key_status.setText(self.tr("Testing…"))
        self.test_button.setEnabled(False)
        self._keep_edits(asked)
        proxy = self.option(asked).get("proxy")
        try:
            check = await self._test(asked, url, proxy if isinstance(proxy, str) else "")
        except ApiError as exc:
            what = explain(exc.kind).what
            said = self.tr("Server said: %1") if exc.from_server else self.tr("Details: %1")
            self._say(asked, self.tr("Test failed: %1").replace("%1", what) + "\n" + said.replace("%1", str(exc)))
            return
        except SecretsError as exc:
            self._say(
                asked, self.tr("Test failed: %1").replace("%1", explain(FailureKind.KEYRING).what) + "\n" + str(exc)
            )
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("connection test failed unexpectedly")
            self._say(asked, self.tr("Test failed: %1").replace("%1", type(exc).__name__))
            return
        finally:
            self.test_button.setEnabled(True)
        added = self.add_models(check.models, asked)  # to the provider it was asked for, whichever is shown
        if asked != self.provider.id:
            return
        count = len(check.models)
        said = self.tr("The key works: the model list answered with %n model(s).", "", count)
        if added:
            said += " " + self.tr(
                "%n new model(s) added to the list below (prices unknown until you enter them).", "", added
            )
        if check.balance is not None:
            said += " " + self.tr("Balance: %1.").replace(
                "%1", format_money(check.balance.amount, check.balance.currency)
            )
        elif not self.provider.balance and not self.provider.balance_header:
            said += " " + self.tr("This provider publishes no balance through its API.")
        self.key_status.setText(said + " " + self.tr("No tokens were spent."))

    # ---- saving ------------------------------------------------------------------------------------

    async def _check_url(self, url: str, status: QLabel) -> bool:
        check = check_base_url(url)
        if check == UrlCheck.INVALID:
            status.setText(
                self.tr("The base URL must start with https:// (or http:// on this computer).") + f" ({url})"
            )
            return False
        if check == UrlCheck.INSECURE and self.settings.insecure_url_confirmed != url:
            if not await self._confirm(*insecure_url_question(url)):
                return False
            self.settings.insecure_url_confirmed = url
        return True

    async def validate_base_url(self) -> str | None:
        """The shown provider's URL to store ('' for its default), or None if refused."""
        url = self.base_url.text().strip().rstrip("/")
        if not url or url == self.catalog.shipped[self.provider.id].base_url:
            return ""
        return url if await self._check_url(url, self.key_status) else None

    async def validate_providers(self) -> bool:
        """Every provider's edited URL and proxy usable (the first problem is shown on its page)."""
        self._keep_edits(self.provider.id)
        if await self.validate_base_url() is None:
            return False
        for pid, option in self.options.items():
            if not isinstance(option, dict) or pid not in self.catalog.shipped:
                continue
            url = option.get("base_url")
            if (
                isinstance(url, str)
                and url
                and pid != self.provider.id
                and not await self._check_url(url, self.key_status)
            ):
                self.select_provider(pid)
                return False
            proxy = option.get("proxy")
            if isinstance(proxy, str) and proxy and proxy not in (ProxyMode.SYSTEM.value, ProxyMode.NONE.value):
                try:
                    option["proxy"] = check_proxy(proxy)
                except ProxyValueError as exc:
                    self.select_provider(pid)
                    self.tabs.setCurrentIndex(0)
                    self.key_status.setText(self.tr("The proxy is not usable: %1").replace("%1", str(exc)))
                    return False
        return True

    def _choose_ca_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("CA certificate file"), self.ca_file.text() or str(Path.home()),
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )  # fmt: skip
        if path:
            self.ca_file.setText(path)

    def _general_problem(self, text: str) -> None:
        self.tabs.setCurrentIndex(1)
        self.general_status.setText(text)
        self.key_status.setText(text)

    def validate_network(self) -> tuple[str, str] | None:
        """(proxy setting, CA file) as entered, or None after saying in the dialog what is wrong."""
        mode = ProxyMode(str(self.proxy_mode.currentData()))
        try:
            proxy = check_proxy(self.proxy_url.text()) if mode is ProxyMode.CUSTOM else mode.value
        except ProxyValueError as exc:
            self._general_problem(self.tr("The proxy is not usable: %1").replace("%1", str(exc)))
            self.proxy_url.setFocus()
            return None
        if mode is ProxyMode.CUSTOM and ProxyMode.of(proxy) is not ProxyMode.CUSTOM:
            self._general_problem(self.tr("Enter the proxy's address, or choose System proxy or No proxy."))
            self.proxy_url.setFocus()
            return None
        ca_file = self.ca_file.text().strip()
        if ca_file and not Path(ca_file).is_file():
            self._general_problem(self.tr("The CA certificate file %1 does not exist.").replace("%1", ca_file))
            self.ca_file.setFocus()
            return None
        return proxy, ca_file

    async def save(self) -> bool:
        """Save (the Save button): validate, write, close; False (and the dialog says why) otherwise."""
        if not await self.validate_providers():
            return False
        network = self.validate_network()
        if network is None:
            return False
        proxy, self.settings.ca_file = network
        # A proxy's password goes to the keyring; the file keeps the URL with the user name only.
        self.settings.proxy = await self._password_apart(GENERAL_PROXY, proxy)
        for pid, option in self.options.items():
            if isinstance(option, dict) and isinstance(option.get("proxy"), str):
                option["proxy"] = await self._password_apart(pid, option["proxy"])
        self.settings.provider_options = {k: v for k, v in self.options.items() if v}
        self.settings.providers_enabled = self.enabled_ids or ["wcode"]
        self.settings.streaming = self.streaming.isChecked()
        self.settings.auto_title = self.auto_title.isChecked()
        self.settings.title_with = str(self.title_model.currentData() or "")
        self.settings.low_balance_yuan = str(Decimal(str(round(self.low_balance.value(), 2))))
        self.settings.theme = str(self.theme_combo.currentData())
        size = self.font_size.value()
        self.settings.font_size = size if size >= 10 else 0
        try:
            self._save_settings(self.settings)
        except OSError as exc:
            # Full disk, read-only folder: say so and stay open, so nothing the user set is lost.
            self.key_status.setText(
                self.tr(
                    "Could not save the settings: %1. Free some disk space or check the data folder, then Save again."
                ).replace("%1", exc.strerror or str(exc))
            )
            return False
        # The running app reads providers through the catalog: point it at what was just saved.
        self.catalog.options = self.settings.provider_options
        self.catalog.enabled_ids = self.settings.providers_enabled
        self.catalog.refresh()
        self.accept()
        return True

    async def _password_apart(self, scope: str, proxy: str) -> str:
        """``proxy`` without its password, which is stored in the keyring (no keyring: kept for this run)."""
        bare, password = split_password(proxy)
        if password is None:
            return proxy
        try:
            await self.keys.aset(proxy_secret(scope), password)
        except SecretsError:
            self.keys.use_for_session(proxy_secret(scope), password)
            log.warning("no keyring for the proxy's password; it is used for this run only")
        return bare

    def done(self, result: int) -> None:
        self.tasks.cancel_all()
        self._typed_keys.clear()
        super().done(result)
