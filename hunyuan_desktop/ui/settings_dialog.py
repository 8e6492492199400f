"""Settings: the API key (keyring only), base URL, prices, streaming, low-balance threshold, data folder."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

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
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hunyuan_desktop.api.errors import ApiError
from hunyuan_desktop.api.network import ProxyMode, ProxyValueError, check_proxy
from hunyuan_desktop.catalog import format_yuan
from hunyuan_desktop.domain import Provider
from hunyuan_desktop.secrets import KeySource, KeyStore, SecretsError, sendable_key
from hunyuan_desktop.settings import Settings, UrlCheck, check_base_url
from hunyuan_desktop.ui.tasks import TaskSet
from hunyuan_desktop.ui.texts import ask_yes_no, explain, insecure_url_question
from hunyuan_desktop.ui.theme import ThemeChoice

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConnectionCheck:
    """What a connection test found without spending tokens: how many models the key may use (the model
    list answered), and the balance where the provider publishes one."""

    models: int
    balance: Decimal | None = None


TestConnection = Callable[[], Awaitable[ConnectionCheck]]


class SettingsDialog(QDialog):
    def __init__(
        self,
        provider: Provider,
        settings: Settings,
        data_dir: Path,
        keys: KeyStore,
        save_settings: Callable[[Settings], None],
        test_connection: TestConnection,
        *,
        demo: bool = False,
        confirm: Callable[[str, str], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.resize(680, 620)
        self.provider = provider
        self.settings = settings
        self.data_dir = data_dir
        self.keys = keys
        self._save_settings = save_settings
        self._test = test_connection
        self._confirm = confirm or ask_yes_no
        self.tasks = TaskSet()
        self._stored = False

        # ---- key ------------------------------------------------------------------------------------
        key_box = QGroupBox(self.tr("API key"), self)
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
        self.test_button = QPushButton(self.tr("Test"), key_box)
        self.test_button.setObjectName("testKeyButton")
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
        get_key_text = self.tr("Get a key at %1").replace("%1", provider.get_key_url)
        get_key = QLabel(f'<a href="{provider.get_key_url}">{get_key_text}</a>', key_box)
        get_key.setOpenExternalLinks(True)
        key_layout = QVBoxLayout(key_box)
        key_layout.addLayout(row)
        key_layout.addLayout(buttons)
        key_layout.addWidget(self.key_status)
        key_layout.addWidget(get_key)

        # ---- connection and preferences ------------------------------------------------------------
        prefs = QGroupBox(self.tr("Connection and preferences"), self)
        self.base_url = QLineEdit(settings.base_url or provider.base_url, prefs)
        self.base_url.setObjectName("baseUrlEdit")
        self.base_url.setEnabled(not demo)
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
        for model in sorted(provider.models, key=lambda m: m.price.output_per_1k):
            self.title_model.addItem(
                self.tr("%1 (%2 / 1K tokens)")
                .replace("%1", model.id)
                .replace("%2", format_yuan(model.price.output_per_1k)),
                model.id,
            )
        if self.title_model.findData(settings.title_model) < 0:
            self.title_model.addItem(settings.title_model, settings.title_model)
        self.title_model.setCurrentIndex(self.title_model.findData(settings.title_model))
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
        self.data_label = QLabel(str(data_dir), prefs)
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
        form = QFormLayout(prefs)
        form.addRow(self.tr("Theme"), self.theme_combo)
        form.addRow(self.tr("Interface font size"), self.font_size)
        form.addRow(self.tr("Base URL"), self.base_url)
        form.addRow(self.tr("Proxy"), proxy_row)
        form.addRow(self.tr("Extra CA certificates"), ca_row)
        form.addRow("", self.streaming)
        form.addRow("", title_row)
        form.addRow(self.tr("Warn when balance is below"), self.low_balance)
        form.addRow(self.tr("Data folder"), data_row)

        # ---- prices ---------------------------------------------------------------------------------
        prices = QGroupBox(self.tr("Models and prices (yuan per 1000 tokens)"), self)
        self.price_table = QTableWidget(len(provider.models), 4, prices)
        self.price_table.setObjectName("priceTable")
        self.price_table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Model ID"), self.tr("Price / 1K tokens"), self.tr("Updated")]
        )
        self.price_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.price_table.verticalHeader().setVisible(False)
        for r, model in enumerate(provider.models):
            if model.price.input_per_1k == model.price.output_per_1k:
                price = format_yuan(model.price.output_per_1k)
            else:
                price = f"{format_yuan(model.price.input_per_1k)} / {format_yuan(model.price.output_per_1k)}"
            for c, text in enumerate((model.name, model.id, price, model.updated)):
                self.price_table.setItem(r, c, QTableWidgetItem(text))
        self.price_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.price_table.horizontalHeader().setStretchLastSection(True)
        price_layout = QVBoxLayout(prices)
        price_layout.addWidget(self.price_table)

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self)
        box.accepted.connect(self._on_save)
        box.rejected.connect(self.reject)
        box.button(QDialogButtonBox.StandardButton.Save).setObjectName("saveSettingsButton")

        layout = QVBoxLayout(self)
        layout.addWidget(key_box)
        layout.addWidget(prefs)
        layout.addWidget(prices, 1)
        layout.addWidget(box)

        self.show_key.toggled.connect(self._on_show)
        self.save_key.clicked.connect(lambda: self.tasks.spawn(self.save_key_async()))
        self.session_key.clicked.connect(self._on_session_key)
        self.remove_key.clicked.connect(lambda: self.tasks.spawn(self.remove_key_async()))
        self.test_button.clicked.connect(lambda: self.tasks.spawn(self.test_async()))
        self.tasks.spawn(self.refresh_key_state())

    # ---- key ---------------------------------------------------------------------------------------

    async def refresh_key_state(self) -> None:
        try:
            key, source = await self.keys.aget(self.provider.id)
        except SecretsError as exc:
            self._stored = False
            self.key_status.setText(self.tr("Keyring unavailable: %1").replace("%1", str(exc)))
            return
        self._stored = key is not None
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
        try:
            key, _ = await self.keys.aget(self.provider.id)
        except SecretsError as exc:
            self.key_status.setText(str(exc))
            return
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

    async def test_async(self) -> None:
        if self.key_edit.text().strip() and not await self.save_key_async():
            return
        self.key_status.setText(self.tr("Testing…"))
        self.test_button.setEnabled(False)
        try:
            check = await self._test()
        except ApiError as exc:
            what = explain(exc.kind.value).what
            said = self.tr("Server said: %1") if exc.from_server else self.tr("Details: %1")
            self.key_status.setText(
                self.tr("Test failed: %1").replace("%1", what) + "\n" + said.replace("%1", str(exc))
            )
            return
        except SecretsError as exc:
            self.key_status.setText(self.tr("Test failed: %1").replace("%1", explain("keyring").what) + "\n" + str(exc))
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("connection test failed unexpectedly")
            self.key_status.setText(self.tr("Test failed: %1").replace("%1", type(exc).__name__))
            return
        finally:
            self.test_button.setEnabled(True)
        said = self.tr("The key works: the model list answered with %n model(s).", "", check.models)
        if check.balance is not None:
            said += " " + self.tr("Balance: %1.").replace("%1", format_yuan(check.balance))
        self.key_status.setText(said + " " + self.tr("No tokens were spent."))

    # ---- preferences -------------------------------------------------------------------------------

    def validate_base_url(self) -> str | None:
        """The URL to store ('' for the provider default), or None if refused."""
        url = self.base_url.text().strip().rstrip("/")
        if not url or url == self.provider.base_url:
            return ""
        check = check_base_url(url)
        if check == UrlCheck.INVALID:
            self.key_status.setText(self.tr("The base URL must start with https:// (or http:// on this computer)."))
            return None
        if check == UrlCheck.INSECURE and self.settings.insecure_url_confirmed != url:
            ok = self._confirm(*insecure_url_question(url))
            if not ok:
                return None
            self.settings.insecure_url_confirmed = url
        return url

    def _choose_ca_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("CA certificate file"), self.ca_file.text() or str(Path.home()),
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )  # fmt: skip
        if path:
            self.ca_file.setText(path)

    def validate_network(self) -> tuple[str, str] | None:
        """(proxy setting, CA file) as entered, or None after saying in the dialog what is wrong."""
        mode = ProxyMode(str(self.proxy_mode.currentData()))
        try:
            proxy = check_proxy(self.proxy_url.text()) if mode is ProxyMode.CUSTOM else mode.value
        except ProxyValueError as exc:
            self.key_status.setText(self.tr("The proxy is not usable: %1").replace("%1", str(exc)))
            self.proxy_url.setFocus()
            return None
        if mode is ProxyMode.CUSTOM and ProxyMode.of(proxy) is not ProxyMode.CUSTOM:
            self.key_status.setText(self.tr("Enter the proxy's address, or choose System proxy or No proxy."))
            self.proxy_url.setFocus()
            return None
        ca_file = self.ca_file.text().strip()
        if ca_file and not Path(ca_file).is_file():
            self.key_status.setText(self.tr("The CA certificate file %1 does not exist.").replace("%1", ca_file))
            self.ca_file.setFocus()
            return None
        return proxy, ca_file

    def _on_save(self) -> None:
        url = self.validate_base_url()
        if url is None:
            return
        network = self.validate_network()
        if network is None:
            return
        self.settings.proxy, self.settings.ca_file = network
        self.settings.base_url = url
        self.settings.streaming = self.streaming.isChecked()
        self.settings.auto_title = self.auto_title.isChecked()
        self.settings.title_model = str(self.title_model.currentData() or self.settings.title_model)
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
            return
        self.accept()

    def done(self, result: int) -> None:
        self.tasks.cancel_all()
        super().done(result)
