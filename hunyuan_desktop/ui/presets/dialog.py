"""The presets dialog: every preset on the left, the chosen one's name, model, parameters and system
prompt on the right; new, save, delete, import and export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hunyuan_desktop.catalog import Catalog
from hunyuan_desktop.chat.presets import Presets
from hunyuan_desktop.domain import Params, Preset
from hunyuan_desktop.files import write_private
from hunyuan_desktop.store.archive import StoreError
from hunyuan_desktop.store.export import NotAnExportError
from hunyuan_desktop.ui.kit.dialogs import PlainLabel, confirm
from hunyuan_desktop.ui.params.panel import ParamsPanel

MAX_PRESETS_FILE = 5_000_000  # a presets export is a few KB; read on the GUI thread, so capped


class PresetsDialog(QDialog):
    """Every preset on the left; the chosen one's name, model, parameters and system prompt on the right.
    Built-in presets are read-only ("Save as my preset" makes an editable copy)."""

    applyRequested = Signal(object)  # Preset

    def __init__(self, presets: Presets, catalog: Catalog, default_model: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presetsDialog")
        self.setWindowTitle(self.tr("Presets"))
        self.presets = presets
        self.default_model = default_model
        self.list = QListWidget(self)
        self.list.setObjectName("presetList")
        self.list.setMinimumWidth(180)
        self.name = QLineEdit(self)
        self.name.setObjectName("presetName")
        self.name.setPlaceholderText(self.tr("Name"))
        self.own_model = QCheckBox(self.tr("Use its own model (otherwise the conversation's)"), self)
        self.own_model.setObjectName("presetOwnModel")
        self.panel = ParamsPanel(catalog, self)
        self.own_model.toggled.connect(self.panel.model_combo.setEnabled)
        self.note = PlainLabel("", self)  # may quote a file's content or an archive error
        self.note.setObjectName("presetNote")
        self.note.setWordWrap(True)
        self.new_button = QPushButton(self.tr("New"), self)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.apply_button = QPushButton(self.tr("Use in this conversation"), self)
        self.import_button = QPushButton(self.tr("Import…"), self)
        self.export_button = QPushButton(self.tr("Export…"), self)
        close = QPushButton(self.tr("Close"), self)
        form = QVBoxLayout()
        form.addWidget(self.name)
        form.addWidget(self.own_model)
        form.addWidget(self.panel, 1)
        form.addWidget(self.note)
        edit_row = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            edit_row.addWidget(button)
        edit_row.addStretch(1)
        edit_row.addWidget(self.apply_button)
        form.addLayout(edit_row)
        top = QHBoxLayout()
        top.addWidget(self.list)
        top.addLayout(form, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.export_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(bottom)
        self.list.currentRowChanged.connect(lambda _: self._show(self.chosen()))
        self.new_button.clicked.connect(self.new_preset)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.apply_button.clicked.connect(self._apply)
        self.import_button.clicked.connect(self._import_dialog)
        self.export_button.clicked.connect(self._export_dialog)
        close.clicked.connect(self.accept)
        self.resize(760, 520)
        self.reload()

    # ---- the list ----------------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for preset in self.presets.all():
            label = preset.name + ("  · " + self.tr("built-in") if preset.builtin else "")
            item = QListWidgetItem(label, self.list)
            item.setData(Qt.ItemDataRole.UserRole, preset)
            if select_id is not None and preset.id == select_id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self._show(self.chosen())

    def chosen(self) -> Preset | None:
        item = self.list.currentItem()
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return data if isinstance(data, Preset) else None

    def _show(self, preset: Preset | None) -> None:
        editable = preset is not None and not preset.builtin
        self.name.setText(preset.name if preset else "")
        self.own_model.setChecked(bool(preset and preset.model))
        self.panel.load(
            (preset.model if preset and preset.model else self.default_model),
            preset.params if preset else Params(),
            preset.system_prompt if preset else "",
        )
        self.panel.model_combo.setEnabled(self.own_model.isChecked())
        self.delete_button.setEnabled(editable)
        self.apply_button.setEnabled(preset is not None)
        self.save_button.setText(self.tr("Save") if editable or preset is None else self.tr("Save as my preset"))
        self.note.setText(
            self.tr("Built-in presets cannot be changed: Save makes a copy of your own.")
            if preset is not None and preset.builtin
            else ""
        )

    def edited(self) -> Preset:
        """The preset as the form shows it (the chosen one's id: Save updates it)."""
        chosen = self.chosen()
        return Preset(
            id=chosen.id if chosen is not None else 0,
            name=self.name.text(),
            system_prompt=self.panel.system_prompt.toPlainText(),
            model=self.panel.current_model_id() if self.own_model.isChecked() else "",
            params=self.panel.params(),
            key=chosen.key if chosen is not None else "",
        )

    # ---- actions -----------------------------------------------------------------------------------

    def new_preset(self) -> None:
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self._show(None)
        self.name.setText(self.tr("My preset"))
        self.name.setFocus()
        self.name.selectAll()

    def save(self) -> Preset | None:
        try:
            stored = self.presets.save(self.edited())
        except ValueError:
            self.note.setText(self.tr("A preset needs a name."))
            return None
        except StoreError as exc:
            self.note.setText(self.tr("Could not save the preset: %1").replace("%1", str(exc)))
            return None
        self.reload(stored.id)
        return stored

    def delete(self) -> bool:
        preset = self.chosen()
        if preset is None or preset.builtin:
            return False
        if not confirm(self, self.tr("Delete preset"), self.tr("Delete the preset “%1”?").replace("%1", preset.name)):
            return False
        self.presets.delete(preset)
        self.reload()
        return True

    def _apply(self) -> None:
        preset = self.chosen()
        if preset is not None:
            self.applyRequested.emit(self.edited() if not preset.builtin else preset)

    def _import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import presets"), str(Path.home()), "JSON (*.json)")
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> int:
        """Presets from a file exported here; the number imported (0 with a message on failure)."""
        try:
            if path.stat().st_size > MAX_PRESETS_FILE:
                raise NotAnExportError(f"the file is larger than {MAX_PRESETS_FILE // 1_000_000} MB")
            imported = self.presets.import_json(path.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError, NotAnExportError, StoreError) as exc:
            self.note.setText(self.tr("Could not import presets from %1: %2").replace("%1", str(path)).replace(
                "%2", str(exc)))  # fmt: skip
            return 0
        self.reload(imported[-1].id if imported else None)
        self.note.setText(self.tr("Imported %n preset(s).", "", len(imported)))
        return len(imported)

    def _export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export presets"), str(Path.home() / "hunyuan-presets.json"), "JSON (*.json)"
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        """Your own presets (the built-in ones every copy of the app has) to a JSON file."""
        own = [p for p in self.presets.all() if not p.builtin]
        try:
            write_private(path, self.presets.export(own))
        except OSError as exc:
            self.note.setText(self.tr("Could not write %1: %2").replace("%1", str(path)).replace(
                "%2", exc.strerror or str(exc)))  # fmt: skip
            return False
        self.note.setText(self.tr("Exported %n preset(s).", "", len(own)))
        return True
