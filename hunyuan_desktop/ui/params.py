"""The parameters panel: model, system prompt, temperature, top_p and max_tokens for one conversation.

Each slider can be left unset ("model default"), in which case the value is not sent at all.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from hunyuan_desktop.catalog import format_yuan
from hunyuan_desktop.domain import Model, Params


class _ParamSlider(QWidget):
    changed = Signal()

    def __init__(self, name: str, minimum: int, maximum: int, scale: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scale = scale
        self.enabled = QCheckBox(self)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName(name)
        self.slider.setRange(minimum, maximum)
        self.value_label = QLabel(self)
        self.value_label.setMinimumWidth(48)
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.value_label)
        self.enabled.toggled.connect(self._on_toggle)
        self.slider.valueChanged.connect(self._on_value)
        self.default_text = "default"

    def _on_toggle(self, on: bool) -> None:
        self.slider.setEnabled(on)
        self._show()
        self.changed.emit()

    def _on_value(self, _value: int) -> None:
        self._show()
        if self.enabled.isChecked():
            self.changed.emit()

    def _show(self) -> None:
        if not self.enabled.isChecked():
            self.value_label.setText(self.default_text)
        elif self.scale == 1:
            self.value_label.setText(str(self.slider.value()))
        else:
            self.value_label.setText(f"{self.slider.value() * self.scale:.2f}".rstrip("0").rstrip("."))

    def value(self) -> float | None:
        if not self.enabled.isChecked():
            return None
        return round(self.slider.value() * self.scale, 4)

    def set_value(self, value: float | None, fallback: float) -> None:
        self.blockSignals(True)
        self.slider.blockSignals(True)
        self.enabled.blockSignals(True)
        self.enabled.setChecked(value is not None)
        self.slider.setEnabled(value is not None)
        self.slider.setValue(round((fallback if value is None else value) / self.scale))
        self.enabled.blockSignals(False)
        self.slider.blockSignals(False)
        self.blockSignals(False)
        self._show()


class ParamsPanel(QWidget):
    """Emits ``changed`` whenever the user edits anything; read the values with the getters."""

    changed = Signal()

    def __init__(self, models: tuple[Model, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.models = models
        self.model_combo = QComboBox(self)
        self.model_combo.setObjectName("modelCombo")
        for model in models:
            price = format_yuan(model.price.output_per_1k)
            self.model_combo.addItem(f"{model.id}  ·  {price}/1K", model.id)
        self.system_prompt = QPlainTextEdit(self)
        self.system_prompt.setObjectName("systemPromptEdit")
        self.system_prompt.setMaximumHeight(160)
        self.temperature = _ParamSlider("temperatureSlider", 0, 20, 0.1, self)
        self.top_p = _ParamSlider("topPSlider", 0, 20, 0.05, self)
        self.max_tokens = _ParamSlider("maxTokensSlider", 1, 4096, 1, self)
        self.max_tokens.slider.setSingleStep(64)
        self.max_tokens.slider.setPageStep(512)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #9a6700")
        self.model_label = QLabel(self)
        self.prompt_label = QLabel(self)
        self.prompt_label.setWordWrap(True)
        self.temperature_label = QLabel("temperature", self)
        self.top_p_label = QLabel("top_p", self)
        self.max_tokens_label = QLabel("max_tokens", self)
        form = QFormLayout()
        form.addRow(self.model_label, self.model_combo)
        form.addRow(self.temperature_label, self.temperature)
        form.addRow(self.top_p_label, self.top_p)
        form.addRow(self.max_tokens_label, self.max_tokens)
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
        self._loading = False
        self.retranslate()

    def retranslate(self) -> None:
        self.model_label.setText(self.tr("Model"))
        self.prompt_label.setText(self.tr("System prompt (sent first in every request)"))
        default = self.tr("default")
        for slider in (self.temperature, self.top_p, self.max_tokens):
            slider.default_text = default
            slider.enabled.setToolTip(self.tr("Set this value; unchecked sends nothing (the model's default)"))
            slider._show()
        self._update_hint()

    def current_model_id(self) -> str:
        return str(self.model_combo.currentData() or self.model_combo.currentText())

    def _model(self) -> Model | None:
        model_id = self.current_model_id()
        return next((m for m in self.models if m.id == model_id), None)

    def load(self, model_id: str, params: Params, system_prompt: str) -> None:
        self._loading = True
        index = self.model_combo.findData(model_id)
        if index < 0:
            self.model_combo.addItem(model_id, model_id)
            index = self.model_combo.count() - 1
        self.model_combo.setCurrentIndex(index)
        self._apply_model_limits()
        self.temperature.set_value(params.temperature, 1.0)
        self.top_p.set_value(params.top_p, 1.0)
        self.max_tokens.set_value(params.max_tokens, min(1024, self.max_tokens.slider.maximum()))
        self.system_prompt.setPlainText(system_prompt)
        self._loading = False
        self._update_hint()

    def params(self) -> Params:
        max_tokens = self.max_tokens.value()
        return Params(self.temperature.value(), self.top_p.value(), int(max_tokens) if max_tokens else None)

    def _apply_model_limits(self) -> None:
        model = self._model()
        limit = model.max_output_tokens if model else 4096
        self.max_tokens.slider.setMaximum(limit)
        self.max_tokens.slider.setToolTip(self.tr("Up to %1 tokens for this model").replace("%1", str(limit)))

    def _on_model(self, _index: int) -> None:
        if self._loading:
            return
        self._apply_model_limits()
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
