"""The parameters panel: model, system prompt, temperature, top_p and max_tokens for one conversation.

Each slider can be left unset ("model default"), in which case the value is not sent at all.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSlider,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hunyuan_desktop.api.request import search_available, thinking_choices
from hunyuan_desktop.catalog import Catalog, format_yuan
from hunyuan_desktop.domain import DEFAULT_PROVIDER, Model, Params, Price, Thinking
from hunyuan_desktop.ui.kit.dialogs import tip
from hunyuan_desktop.ui.kit.theme import Theme
from hunyuan_desktop.ui.kit.widgets import OneLineLabel, WindowBoundCombo


class _Number(QDoubleSpinBox):
    """A number box that writes 0.7 and 1.0, not 0.70 and 1.00 (and 512 for whole numbers)."""

    def textFromValue(self, value: float) -> str:
        if self.decimals() == 0:
            return str(round(value))
        shown = f"{value:.{self.decimals()}f}".rstrip("0")
        return shown + "0" if shown.endswith(".") else shown


class _ParamSlider(QWidget):
    """A parameter the request may carry: a slider and a number box that agree, and a reset button.

    Unset (the model's default, nothing sent), the slider rests at the default value and the box says
    "default"; dragging the slider or typing a number sets it (and it is sent); the reset button returns it
    to the model's default. The slider takes a line of its own under the name (``head``: the value and the
    reset beside the name), so its track is long enough for 0.05 steps; nothing moves when it is set."""

    changed = Signal()

    def __init__(self, name: str, minimum: int, maximum: int, scale: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scale = scale
        self.decimals = 0 if scale == 1 else 2
        self._set = False
        self._fallback = 0.0
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName(name)
        self.slider.setRange(minimum, maximum)
        self.number = _Number(self)
        self.number.setObjectName(name.replace("Slider", "Box"))
        self.number.setDecimals(self.decimals)
        self.number.setSingleStep(scale)
        self.number.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.number.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.value_label = QLabel(self)  # "default" while unset, in place of the number
        self.value_label.setObjectName("defaultLabel")
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.value_stack = QStackedWidget(self)  # one place, one width: the row never moves
        self.value_stack.addWidget(self.value_label)
        self.value_stack.addWidget(self.number)
        self.value_stack.setFixedWidth(72)
        self.reset = QToolButton(self)
        self.reset.setObjectName(name.replace("Slider", "Reset"))
        self.reset.setText("↺")
        self.reset.setAutoRaise(True)
        self.reset.setFixedWidth(24)
        self.reset.clicked.connect(self.unset)
        self.head = QWidget(self)  # beside the name: the value and the reset button
        head = QHBoxLayout(self.head)
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(2)
        head.addStretch(1)
        head.addWidget(self.value_stack)
        head.addWidget(self.reset)
        self._sync_range()
        self.slider.valueChanged.connect(self._on_value)
        self.slider.rangeChanged.connect(lambda *_: self._sync_range())
        self.number.valueChanged.connect(self._on_number)
        self.default_text = "default"
        self.hide()  # a holder: its parts sit in the panel's form

    def _sync_range(self) -> None:
        self.number.blockSignals(True)
        self.number.setRange(self.slider.minimum() * self.scale, self.slider.maximum() * self.scale)
        self.number.blockSignals(False)

    def _on_value(self, value: int) -> None:
        """The slider moved (a drag, a click on its track, the keys): the value is set and sent."""
        self.number.blockSignals(True)
        self.number.setValue(value * self.scale)
        self.number.blockSignals(False)
        self._set = True
        self._show()
        self.changed.emit()

    def _on_number(self, number: float) -> None:
        self.slider.setValue(round(number / self.scale))  # typing a value means: send it
        if not self._set:
            self._on_value(self.slider.value())

    def unset(self) -> None:
        """Back to the model's default: nothing sent; the slider rests at the default."""
        self._place(self._fallback)
        self._set = False
        self._show()
        self.changed.emit()

    def _place(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.number.blockSignals(True)
        self.slider.setValue(round(value / self.scale))
        self.number.setValue(self.slider.value() * self.scale)
        self.number.blockSignals(False)
        self.slider.blockSignals(False)

    def _show(self) -> None:
        self.value_stack.setCurrentWidget(self.number if self._set else self.value_label)
        self.value_label.setText(self.text())
        self.reset.setEnabled(self._set)

    def text(self) -> str:
        """The value as shown: "0.7", "1.0", "0.95", "512", or "default"."""
        if not self._set:
            return self.default_text
        if self.scale == 1:
            return str(self.slider.value())
        shown = f"{self.slider.value() * self.scale:.2f}".rstrip("0")
        return shown + "0" if shown.endswith(".") else shown

    def value(self) -> float | None:
        if not self._set:
            return None
        return round(self.slider.value() * self.scale, 4)

    def is_set(self) -> bool:
        return self._set

    def set_value(self, value: float | None, fallback: float) -> None:
        """Show a stored value (None: the model's default, ``fallback``), announcing nothing."""
        self._fallback = fallback
        self._set = value is not None
        self._place(fallback if value is None else value)
        self._show()


PRICE_ROLE = Qt.ItemDataRole.UserRole + 1
GROUPED_ROLE = Qt.ItemDataRole.UserRole + 2  # the model is listed under its provider's name


class _PricedItem(QStyledItemDelegate):
    """An entry of the open model list: the model, then its price."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        heading = index.data(Qt.ItemDataRole.UserRole) is None and not index.data(GROUPED_ROLE)
        option.font.setBold(heading or option.font.bold())  # a provider's name above its models
        price = index.data(PRICE_ROLE)
        if price:
            option.text = f"{option.text}  ·  {price}"
        if index.data(GROUPED_ROLE):
            option.text = "    " + option.text  # under its provider's heading


class ParamsPanel(QWidget):
    """Emits ``changed`` whenever the user edits anything; read the values with the getters."""

    changed = Signal()

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.models: list[Model] = []
        self.model_combo = WindowBoundCombo(self)
        self.model_combo.setObjectName("modelCombo")
        self._fill_models()
        # Closed, the box shows the model (its price is on the line below); open, each entry shows its
        # price too, and the list is as wide as its longest entry: nothing is cut.
        self.model_combo.setItemDelegate(_PricedItem(self.model_combo))
        self.model_combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.model_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_combo.setMinimumContentsLength(12)
        self.price_label = OneLineLabel(self)  # never wraps: a shorter wording where the panel is narrow
        self.price_label.setObjectName("modelPrice")
        self.system_prompt = QPlainTextEdit(self)
        self.system_prompt.setObjectName("systemPromptEdit")
        self.system_prompt.setMaximumHeight(160)
        # Hundredths on the slider, in steps of 0.05 from the keys: a track of ~230 px gives each step 6 px.
        self.temperature = _ParamSlider("temperatureSlider", 0, 200, 0.01, self)
        self.top_p = _ParamSlider("topPSlider", 0, 100, 0.01, self)
        for fine in (self.temperature, self.top_p):
            fine.slider.setSingleStep(5)
            fine.slider.setPageStep(10)
        self.max_tokens = _ParamSlider("maxTokensSlider", 1, 4096, 1, self)
        self.max_tokens.slider.setSingleStep(64)
        self.max_tokens.slider.setPageStep(512)
        # Web search and thinking: shown for every model, enabled only where the provider and model can
        # (the tooltip says why not).
        self.web_search = QCheckBox(self)
        self.web_search.setObjectName("webSearchCheck")
        self.thinking = QComboBox(self)
        self.thinking.setObjectName("thinkingCombo")
        self.thinking_label = QLabel(self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.model_label = QLabel(self)
        self.prompt_label = QLabel(self)
        self.prompt_label.setWordWrap(True)
        self.temperature_label = QLabel(self)
        self.top_p_label = QLabel(self)
        self.max_tokens_label = QLabel(self)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.model_label, self.model_combo)
        form.addRow("", self.price_label)
        for label, param in (
            (self.temperature_label, self.temperature),
            (self.top_p_label, self.top_p),
            (self.max_tokens_label, self.max_tokens),
        ):
            form.addRow(label, param.head)  # the name, the value and the reset
            form.addRow(param.slider)  # the track on a line of its own: long enough to aim

        form.addRow(self.thinking_label, self.thinking)
        form.addRow("", self.web_search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.system_prompt)
        layout.addStretch(1)
        self.model_combo.currentIndexChanged.connect(self._on_model)
        for slider in (self.temperature, self.top_p, self.max_tokens):
            slider.changed.connect(self._on_change)
        self.system_prompt.textChanged.connect(self._on_change)
        self.web_search.toggled.connect(lambda _: self._on_change())
        self.thinking.currentIndexChanged.connect(lambda _: self._on_change())
        self._loading = False
        self.retranslate()

    def set_theme(self, theme: Theme) -> None:
        self.hint.setStyleSheet(f"color: {theme.warning}")
        self.price_label.setStyleSheet(f"color: {theme.text2}")

    def retranslate(self) -> None:
        self.model_label.setText(self.tr("Model"))
        self.temperature_label.setText(self.tr("Temperature"))
        self.top_p_label.setText(self.tr("Top P"))
        self.max_tokens_label.setText(self.tr("Max tokens"))
        self.temperature_label.setToolTip(self.tr("temperature: higher is more varied, lower more focused"))
        self.top_p_label.setToolTip(self.tr("top_p: sample only from the most likely tokens up to this share"))
        self.max_tokens_label.setToolTip(self.tr("max_tokens: the longest answer, in tokens"))
        for i in range(self.model_combo.count()):
            model = self._model_at(i)
            if model is not None:
                self.model_combo.setItemData(i, self._price_text(model), PRICE_ROLE)
                self.model_combo.setItemData(i, self._model_text(model), Qt.ItemDataRole.ToolTipRole)
        widest = max((self.fontMetrics().horizontalAdvance(self._model_text(m)) for m in self.models), default=0)
        self.model_combo.view().setMinimumWidth(widest + 80)
        self._show_price()
        self.prompt_label.setText(self.tr("System prompt (sent first in every request)"))
        default = self.tr("default")
        for slider in (self.temperature, self.top_p, self.max_tokens):
            slider.default_text = default
            slider.reset.setToolTip(self.tr("Back to the model's default (nothing sent)"))
            slider.slider.setToolTip(self.tr("Drag to set a value (it is then sent); ↺ returns to the model's default"))
            slider._show()
        self.web_search.setText(self.tr("Search the web"))
        self.thinking_label.setText(self.tr("Thinking"))
        self._update_switches(keep=True)
        self._update_hint()

    def _fill_models(self) -> None:
        """The enabled providers' models, each provider under its name when there are several."""
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        self.models = []
        providers = self.catalog.enabled()
        for provider in providers:
            if len(providers) > 1:
                self._add_inert(provider.name, grouped=False)  # the provider's heading
            if not provider.models:  # OpenRouter, Ollama, a custom server: their list comes from /models
                self._add_inert(self.tr("No models yet: Settings → Test and fetch models"), grouped=True)
            for model in provider.models:
                self.models.append(model)
                self.model_combo.addItem(model.id, model.ref)
                self.model_combo.setItemData(self.model_combo.count() - 1, len(providers) > 1, GROUPED_ROLE)
        self.model_combo.blockSignals(False)

    def _add_inert(self, text: str, *, grouped: bool) -> None:
        """A line of the list that is shown but cannot be chosen (a heading, a hint)."""
        self.model_combo.addItem(text, None)
        self.model_combo.setItemData(self.model_combo.count() - 1, grouped, GROUPED_ROLE)
        items = self.model_combo.model()
        if isinstance(items, QStandardItemModel):
            item = items.item(self.model_combo.count() - 1)
            item.setFlags(item.flags() & ~(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled))

    def reload_models(self) -> None:
        """After Settings changed the providers or their models: rebuild the list, keep the choice."""
        current = self.current_model_id()
        self._fill_models()
        was = self._loading
        self._loading = True
        self._select(current)
        self._loading = was
        self.retranslate()

    def current_model_id(self) -> str:
        """The chosen model's reference (``deepseek:deepseek-v4-pro``; a wcode model's bare id)."""
        return str(self.model_combo.currentData() or self.model_combo.currentText().strip())

    def _model_at(self, index: int) -> Model | None:
        ref = self.model_combo.itemData(index)
        return self.catalog.model(str(ref)) if ref else None

    def _model(self) -> Model | None:
        return self.catalog.model(self.current_model_id()) if self.current_model_id() else None

    def _select(self, ref: str) -> None:
        index = self.model_combo.findData(ref)
        if index < 0:
            model = self.catalog.model(ref)
            self.model_combo.addItem(self.catalog.label(ref), model.ref)
            index = self.model_combo.count() - 1
        self.model_combo.setCurrentIndex(index)

    def load(self, model_id: str, params: Params, system_prompt: str) -> None:
        self._loading = True
        self._select(model_id)
        self._show_price()
        self._apply_model_limits()
        self._update_switches(keep=False)
        self.web_search.setChecked(params.web_search and self.web_search.isEnabled())
        index = self.thinking.findData(params.thinking)
        self.thinking.setCurrentIndex(max(0, index))
        self.temperature.set_value(params.temperature, 1.0)
        self.top_p.set_value(params.top_p, 1.0)
        self.max_tokens.set_value(params.max_tokens, min(1024, self.max_tokens.slider.maximum()))
        self.system_prompt.setPlainText(system_prompt)
        self._loading = False
        self._update_hint()

    def params(self) -> Params:
        max_tokens = self.max_tokens.value()
        return Params(
            self.temperature.value(),
            self.top_p.value(),
            int(max_tokens) if max_tokens else None,
            web_search=self.web_search.isChecked() and self.web_search.isEnabled(),
            thinking=Thinking(self.thinking.currentData()) if self.thinking.currentData() else None,
        )

    def _update_switches(self, *, keep: bool) -> None:
        """Web search and thinking as the chosen model's provider allows (``keep``: the current choice
        stays where still possible)."""
        model = self._model()
        provider = self.catalog.provider(model.provider) if model else None
        can_search = bool(provider and model and search_available(provider, model))
        self.web_search.setEnabled(can_search)
        if not can_search:
            self.web_search.setChecked(False)
        if can_search and provider is not None and not provider.search_sources:
            tip = self.tr(
                "%1 searches the web for this model, but its API does not name the pages it used: no sources can "
                "be listed. It may bill searches."
            ).replace("%1", provider.name)
        elif can_search:
            tip = self.tr("The provider searches the web and lists its sources under the answer; it may bill searches.")
        elif provider is not None and provider.search:
            tip = self.tr("%1 does not search the web with this model.").replace("%1", provider.name)
        else:
            tip = self.tr("%1 offers no web search through its API.").replace("%1", provider.name if provider else "")
        self.web_search.setToolTip(tip)
        chosen = str(self.thinking.currentData() or "") if keep else ""
        names = {
            Thinking.OFF: self.tr("Off"),
            Thinking.ON: self.tr("On"),
            Thinking.LOW: self.tr("Low effort"),
            Thinking.MEDIUM: self.tr("Medium effort"),
            Thinking.HIGH: self.tr("High effort"),
        }
        choices = thinking_choices(provider) if provider else ()
        self.thinking.blockSignals(True)
        self.thinking.clear()
        self.thinking.addItem(self.tr("Model default"), "")
        for choice in choices:
            self.thinking.addItem(names[choice], choice.value)
        self.thinking.setCurrentIndex(max(0, self.thinking.findData(chosen)))
        self.thinking.blockSignals(False)
        self.thinking.setEnabled(bool(choices))
        self.thinking.setToolTip(
            self.tr("Whether the model thinks before it answers (its reasoning is shown above the answer).")
            if choices
            else self.tr("This provider has no thinking switch in its API.")
        )

    def _apply_model_limits(self) -> None:
        model = self._model()
        limit = model.max_output_tokens if model else 4096
        self.max_tokens.slider.setMaximum(limit)
        self.max_tokens.slider.setToolTip(self.tr("Up to %1 tokens for this model").replace("%1", str(limit)))

    def _model_text(self, model: Model) -> str:
        return f"{model.id}  ·  " + self._price_text(model)

    def _price_text(self, model: Model) -> str:
        return price_text(model.price)

    def _show_price(self) -> None:
        model = self._model()
        text = self._price_text(model) if model else ""
        forms = [text]
        if model is not None and (len(self.catalog.enabled()) > 1 or model.provider != DEFAULT_PROVIDER):
            forms.insert(0, f"{self.catalog.provider(model.provider).name} · {text}")  # whose model it is
        if model is not None and model.price is not None:  # the figures alone, as the header's narrowest
            forms.append(
                " / ".join(dict.fromkeys(format_yuan(p) for p in (model.price.input_per_1k, model.price.output_per_1k)))
            )
        self.price_label.set_forms(forms)
        self.model_combo.setToolTip(tip(self._model_text(model)) if model else "")

    def _on_model(self, _index: int) -> None:
        self._show_price()
        if self._loading:
            return
        self._apply_model_limits()
        self._update_switches(keep=True)
        self._on_change()

    def _on_change(self) -> None:
        self._update_hint()
        if not self._loading:
            self.changed.emit()

    def _update_hint(self) -> None:
        both = self.temperature.value() is not None and self.top_p.value() is not None
        self.hint.setText(
            self.tr("Tip: temperature and top_p both control diversity; set only one of them.") if both else ""
        )
        self.hint.setVisible(both)


def price_text(price: Price | None) -> str:
    """A model's price as the panel, the list and Settings show it; "price unknown" when not known."""
    if price is None:
        return QCoreApplication.translate("ParamsPanel", "price unknown (set it in Settings)")
    if price.input_per_1k == price.output_per_1k:
        return QCoreApplication.translate("ParamsPanel", "%1 / 1K tokens").replace(
            "%1", format_yuan(price.output_per_1k)
        )
    return (
        QCoreApplication.translate("ParamsPanel", "in %1, out %2 / 1K tokens")
        .replace("%1", format_yuan(price.input_per_1k))
        .replace("%2", format_yuan(price.output_per_1k))
    )
