"""Settings → General: theme and font, the proxy and certificates for every provider, streaming, automatic
titles, the low-balance warning, the data folder."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from hunyuan_desktop.catalog import Catalog
from hunyuan_desktop.domain import ProxyMode, ThemeChoice
from hunyuan_desktop.settings import ProxyValueError, Settings, check_proxy
from hunyuan_desktop.ui.kit.dialogs import PlainLabel, tip
from hunyuan_desktop.ui.params.panel import price_text


class GeneralPage(QWidget):
    def __init__(self, settings: Settings, catalog: Catalog, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.streaming = QCheckBox(self.tr("Stream answers as they are written"), self)
        self.streaming.setObjectName("streamingCheck")
        self.streaming.setChecked(settings.streaming)
        # Network: the proxy (the system's, none, or one given) and an extra CA file for company networks.
        self.proxy_mode = QComboBox(self)
        self.proxy_mode.setObjectName("proxyModeCombo")
        for mode, label in (
            (ProxyMode.SYSTEM, self.tr("System proxy")),
            (ProxyMode.NONE, self.tr("No proxy")),
            (ProxyMode.CUSTOM, self.tr("This proxy:")),
        ):
            self.proxy_mode.addItem(label, mode.value)
        mode = ProxyMode.of(settings.proxy)
        custom = mode is ProxyMode.CUSTOM
        self.proxy_mode.setCurrentIndex(self.proxy_mode.findData(mode.value))
        self.proxy_url = QLineEdit(settings.proxy if custom else "", self)
        self.proxy_url.setObjectName("proxyUrlEdit")
        self.proxy_url.setPlaceholderText("http://proxy.example.com:8080 · socks5://127.0.0.1:1080")
        self.proxy_url.setToolTip(
            self.tr("A password typed here is kept in the system keyring, never in the settings file.")
        )
        self.proxy_url.setEnabled(custom)
        self.proxy_mode.currentIndexChanged.connect(
            lambda _: self.proxy_url.setEnabled(self.proxy_mode.currentData() == ProxyMode.CUSTOM.value)
        )
        proxy_row = QHBoxLayout()
        proxy_row.addWidget(self.proxy_mode)
        proxy_row.addWidget(self.proxy_url, 1)
        self.ca_file = QLineEdit(settings.ca_file, self)
        self.ca_file.setObjectName("caFileEdit")
        self.ca_file.setPlaceholderText(self.tr("None: the system's certificates only"))
        pick_ca = QPushButton(self.tr("Choose…"), self)
        pick_ca.clicked.connect(self._choose_ca_file)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(pick_ca)
        # Automatic titles: on or off, and which model writes them; its cost is counted.
        self.auto_title = QCheckBox(self.tr("Name new conversations automatically with"), self)
        self.auto_title.setObjectName("autoTitleCheck")
        self.auto_title.setChecked(settings.auto_title)
        self.title_model = QComboBox(self)
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
            catalog.choices(), key=lambda m: (m.price is None, m.price.output_per_1k if m.price else Decimal(0))
        )
        for model in choices:
            self.title_model.addItem(
                self.tr("%1 (%2)").replace("%1", catalog.label(model.ref)).replace("%2", price_text(model.price)),
                model.ref,
            )
        if self.title_model.findData(settings.title_with) < 0:
            self.title_model.addItem(catalog.label(settings.title_with), settings.title_with)
        self.title_model.setCurrentIndex(self.title_model.findData(settings.title_with))
        self.title_model.setEnabled(settings.auto_title)
        self.auto_title.toggled.connect(self.title_model.setEnabled)
        title_row = QHBoxLayout()
        title_row.addWidget(self.auto_title)
        title_row.addWidget(self.title_model, 1)
        # New conversations: the default model (settings.json's default_model), or the one chosen last.
        self.default_model = QComboBox(self)
        self.default_model.setObjectName("defaultModelCombo")
        for model in catalog.choices():
            self.default_model.addItem(catalog.label(model.ref), model.ref)
        if self.default_model.findData(settings.default_model) < 0:
            self.default_model.addItem(catalog.label(settings.default_model), settings.default_model)
        self.default_model.setCurrentIndex(self.default_model.findData(settings.default_model))
        self.new_model = QComboBox(self)
        self.new_model.setObjectName("newModelCombo")
        self.new_model.addItem(self.tr("the model chosen last"), "last")
        self.new_model.addItem(self.tr("the default model"), "default")
        self.new_model.setCurrentIndex(max(0, self.new_model.findData(settings.new_model)))
        for combo in (self.title_model, self.default_model):  # a model with its price is long: the box
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)  # elides it rather than widen the dialog past the screen
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_model)
        new_row.addWidget(self.default_model, 1)
        self.language = QComboBox(self)
        self.language.setObjectName("languageCombo")
        self.language.addItem(self.tr("Follow the system"), "")
        self.language.addItem("中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language.setToolTip(self.tr("Takes effect when the app starts again."))
        self.low_balance = QDoubleSpinBox(self)
        self.low_balance.setObjectName("lowBalanceSpin")
        self.low_balance.setRange(0, 100000)
        self.low_balance.setDecimals(2)
        self.low_balance.setPrefix("¥")
        self.low_balance.setValue(float(settings.low_balance))
        self.data_label = PlainLabel(str(data_dir), self)
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.data_label.setToolTip(tip(str(data_dir)))
        open_dir = QPushButton(self.tr("Open folder"), self)
        open_dir.setObjectName("openDataDirButton")
        open_dir.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir))))
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_label, 1)
        data_row.addWidget(open_dir)
        self.theme_combo = QComboBox(self)
        self.theme_combo.setObjectName("themeCombo")
        for choice, label in (
            (ThemeChoice.SYSTEM, self.tr("Follow the system")),
            (ThemeChoice.LIGHT, self.tr("Light")),
            (ThemeChoice.DARK, self.tr("Dark")),
        ):
            self.theme_combo.addItem(label, choice.value)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(settings.theme.value)))
        self.font_size = QSpinBox(self)
        self.font_size.setObjectName("fontSizeSpin")
        self.font_size.setRange(0, 24)
        self.font_size.setSuffix(" px")
        self.font_size.setSpecialValueText(self.tr("System size"))
        self.font_size.setValue(settings.font_size)
        self.status = PlainLabel("", self)
        self.status.setObjectName("generalStatus")
        self.status.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Theme"), self.theme_combo)
        form.addRow(self.tr("Interface font size"), self.font_size)
        form.addRow(self.tr("Proxy (all providers)"), proxy_row)
        form.addRow(self.tr("Extra CA certificates"), ca_row)
        form.addRow("", self.streaming)
        form.addRow(self.tr("New conversations use"), new_row)
        form.addRow("", title_row)
        form.addRow(self.tr("Warn when balance is below"), self.low_balance)
        form.addRow(self.tr("Data folder"), data_row)
        form.addRow("", self.status)

    def _choose_ca_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("CA certificate file"), self.ca_file.text() or str(Path.home()),
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )  # fmt: skip
        if path:
            self.ca_file.setText(path)

    def network(self) -> tuple[str, str] | str:
        """(proxy setting, CA file) as entered, or what is wrong with them."""
        mode = ProxyMode(str(self.proxy_mode.currentData()))
        try:
            proxy = check_proxy(self.proxy_url.text()) if mode is ProxyMode.CUSTOM else mode.value
        except ProxyValueError as exc:
            self.proxy_url.setFocus()
            return self.tr("The proxy is not usable: %1").replace("%1", str(exc))
        if mode is ProxyMode.CUSTOM and ProxyMode.of(proxy) is not ProxyMode.CUSTOM:
            self.proxy_url.setFocus()
            return self.tr("Enter the proxy's address, or choose System proxy or No proxy.")
        ca_file = self.ca_file.text().strip()
        if ca_file and not Path(ca_file).is_file():
            self.ca_file.setFocus()
            return self.tr("The CA certificate file %1 does not exist.").replace("%1", ca_file)
        return proxy, ca_file

    def values(self) -> dict[str, object]:
        """The preferences as entered (the proxy and CA file: :meth:`network`, checked first)."""
        size = self.font_size.value()
        return {
            "streaming": self.streaming.isChecked(),
            "auto_title": self.auto_title.isChecked(),
            "title_with": str(self.title_model.currentData() or ""),
            "low_balance_yuan": str(Decimal(str(round(self.low_balance.value(), 2)))),
            "theme": ThemeChoice(str(self.theme_combo.currentData())),
            "language": str(self.language.currentData() or ""),
            "default_model": str(self.default_model.currentData() or ""),
            "new_model": str(self.new_model.currentData() or "last"),
            "font_size": size if size >= 10 else 0,
        }
