"""The theme and font in use: from ``--theme`` (this run) or Settings, following the system's colour scheme
live when the choice is "system", and the settings store whenever a Save changes them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from hunyuan_desktop.chat.settings_store import SettingsStore
from hunyuan_desktop.domain import ThemeChoice
from hunyuan_desktop.settings import Settings
from hunyuan_desktop.ui.kit.theme import Theme, resolve
from hunyuan_desktop.ui.kit.theme import apply as apply_theme
from hunyuan_desktop.ui.window.mainwindow import MainWindow


class Look:
    def __init__(self, app: QCoreApplication, store: SettingsStore, override: str | None) -> None:
        assert isinstance(app, QApplication)  # a widgets application: the theme styles its widgets
        self.app = app
        self.store = store
        self.override = ThemeChoice(override) if override else None
        self.window: MainWindow | None = None
        self.theme: Theme = resolve(self.choice)
        apply_theme(app, self.theme, store.current.font_size)
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _: self.refresh())
        store.changed.connect(self._on_settings)

    @property
    def choice(self) -> ThemeChoice:
        return self.override or self.store.current.theme

    def _on_settings(self, old: Settings, new: Settings) -> None:
        if (old.theme, old.font_size) != (new.theme, new.font_size):
            self.override = None  # chosen in Settings: that wins over --theme from now on
            self.refresh()

    def refresh(self) -> None:
        self.theme = resolve(self.choice)
        apply_theme(self.app, self.theme, self.store.current.font_size)
        if self.window is not None:
            self.window.apply_theme(self.theme)


def bring_to_front(window: QWidget) -> None:
    """Another start of the app asked for the window: shown, restored if minimised, raised, focused."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
