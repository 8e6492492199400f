"""The window's presets: the header's menu, the empty conversation's chips, applying one, saving the
current settings as one, and the dialog. The session applies a preset to the open conversation; the
window answers a narrow protocol (what the panel shows, a conversation to apply it to, where to say so)."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from hunyuan_desktop.catalog import Catalog
from hunyuan_desktop.chat.presets import Presets
from hunyuan_desktop.chat.session import ConversationSession
from hunyuan_desktop.domain import Params, Preset
from hunyuan_desktop.store.archive import StoreError
from hunyuan_desktop.ui.kit.dialogs import tip
from hunyuan_desktop.ui.presets.dialog import PresetsDialog


class PresetUi(Protocol):
    """What preset actions ask of the window."""

    def shown_settings(self) -> tuple[str, Params, str]: ...  # the panel's model, parameters, system prompt
    def ensure_conversation(self) -> bool: ...  # one open (a new one when none is)
    def load_settings(self, model: str, params: Params, system_prompt: str) -> None: ...
    def notify(self, text: str) -> None: ...  # a passing word where the presets button is
    def show_chips(self, label: str, names: list[str]) -> None: ...
    def storage_failed(self, message: str) -> None: ...


class PresetActions(QObject):
    def __init__(
        self,
        session: ConversationSession,
        presets: Presets,
        catalog: Catalog,
        ui: PresetUi,
        menu: QMenu,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.presets = presets
        self.catalog = catalog
        self.ui = ui
        self.menu = menu
        self.parent_widget = parent
        menu.aboutToShow.connect(self.fill_menu)

    def fill_menu(self) -> None:
        self.menu.clear()
        for preset in self.presets.all():
            action = self.menu.addAction(preset.name)
            action.setToolTip(tip(preset.system_prompt))
            action.triggered.connect(lambda _=False, p=preset: self.apply(p))
        self.menu.addSeparator()
        self.menu.addAction(self.tr("Save these settings as a preset…")).triggered.connect(self.save_current)
        self.menu.addAction(self.tr("Manage presets…")).triggered.connect(self.open_dialog)

    def refresh_chips(self) -> None:
        self.ui.show_chips(self.tr("Or start with a preset:"), [p.name for p in self.presets.all()])

    def apply_index(self, index: int) -> bool:
        presets = self.presets.all()
        return 0 <= index < len(presets) and self.apply(presets[index])

    def apply(self, preset: Preset) -> bool:
        """The preset's system prompt, parameters (and model, if it names one) become the conversation's
        (a new one when none is open); what is already said stays."""
        if not self.ui.ensure_conversation():
            return False
        applied = self.session.apply_preset(preset, self.ui.shown_settings()[0])
        if applied is None:
            return False
        self.ui.load_settings(*applied)
        self.ui.notify(self.tr("Preset “%1” applied to this conversation.").replace("%1", preset.name))
        return True

    def save_current(self) -> Preset | None:
        """The open conversation's model, parameters and system prompt as a new preset, named at once."""
        name, ok = QInputDialog.getText(self.parent_widget, self.tr("Save as preset"), self.tr("Name of the preset:"))
        if not ok or not name.strip():
            return None
        model, params, prompt = self.ui.shown_settings()
        try:
            saved = self.presets.save(Preset(0, name, prompt, model, params))
        except StoreError as exc:
            self.ui.storage_failed(str(exc))
            return None
        self.refresh_chips()
        return saved

    def open_dialog(self) -> PresetsDialog:
        dialog = PresetsDialog(self.presets, self.catalog, self.ui.shown_settings()[0], self.parent_widget)
        dialog.applyRequested.connect(self.apply)
        dialog.finished.connect(lambda _: self.refresh_chips())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
