"""The window's size and panes: the first size on a screen, what the user left (size, position, pane
widths, which panes show), and the parameters panel folding away in a narrow window."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize
from PySide6.QtWidgets import QAbstractButton, QMainWindow, QSplitter, QWidget

from hunyuan_desktop.chat.settings_store import SettingsStore

MIN_WIDTH, MIN_HEIGHT = 640, 460  # the window's smallest size (the panes fold to fit)
FOLD_PARAMS = 1000  # narrower than this, the parameters panel folds away by itself
FOLD_LIST = 720  # ... and the conversation list too (at 640 px it took 240 and left the chat ~6 lines wide)
FRAME_MARGIN = QSize(24, 48)  # what a window manager's frame takes around a window, at most


def first_size(available: QSize) -> QSize:
    """The window's size at its first start: 1200×780, or the screen's available area less a margin for
    the window manager's frame when that is smaller (an 800×600 screen gets 776×552), never below the
    window's minimum."""
    width = max(MIN_WIDTH, min(1200, available.width() - FRAME_MARGIN.width()))
    height = max(MIN_HEIGHT, min(780, available.height() - FRAME_MARGIN.height()))
    return QSize(width, height)


class PaneLayout:
    """The list and parameters panes of ``window`` beside ``splitter``, with their toggle buttons."""

    def __init__(
        self,
        window: QMainWindow,
        splitter: QSplitter,
        side: QWidget,
        params: QWidget,
        list_toggle: QAbstractButton,
        params_toggle: QAbstractButton,
        settings: SettingsStore,
    ) -> None:
        self.window, self.splitter, self.side, self.params = window, splitter, side, params
        self.list_toggle, self.params_toggle = list_toggle, params_toggle
        self.settings = settings
        self.folded = False  # the parameters hidden by a narrow window, not by the user
        self.list_folded = False  # the list hidden by a narrow window, not by the user
        window.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)

    def show_list(self, on: bool) -> None:
        """Show or hide the conversation list (Ctrl+B); remembered."""
        self.side.setVisible(on)
        self.list_toggle.setChecked(on)
        self.list_folded = False
        self.settings.remember(show_list=on)

    def show_params(self, on: bool) -> None:
        """Show or hide the parameters panel (Ctrl+Shift+B); remembered. Shown by hand in a narrow window,
        it stays until the user hides it."""
        self.params.setVisible(on)
        self.params_toggle.setChecked(on)
        self.folded = False
        self.settings.remember(show_params=on)

    def restore(self) -> None:
        """Size, position and pane widths as the user left them (or 1200×780 the first time, less on a
        smaller screen: a first window never reaches past the screen's edges)."""
        settings = self.settings.current
        window = self.window
        geometry = QByteArray.fromBase64(settings.window_geometry.encode("ascii", "ignore"))
        if geometry.isEmpty() or not window.restoreGeometry(geometry):
            window.resize(first_size(window.screen().availableGeometry().size()))
        state = QByteArray.fromBase64(settings.splitter_state.encode("ascii", "ignore"))
        if not state.isEmpty():
            self.splitter.restoreState(state)
        self.side.setVisible(settings.show_list)
        self.list_toggle.setChecked(settings.show_list)
        self.params.setVisible(settings.show_params)
        self.params_toggle.setChecked(settings.show_params)
        self.fold_for_width(window.width())

    def remember(self) -> None:
        self.settings.remember(
            window_geometry=bytes(self.window.saveGeometry().toBase64().data()).decode("ascii"),
            splitter_state=bytes(self.splitter.saveState().toBase64().data()).decode("ascii"),
        )

    def fold_for_width(self, width: int) -> None:
        """Below ``FOLD_PARAMS`` px the parameters panel folds away by itself, below ``FOLD_LIST`` the
        conversation list too (each comes back when the window is wide again, unless the user hid it)."""
        # isHidden, not isVisible: before the window is first shown nothing is visible yet, and a first
        # window on a small screen must start folded.
        if width < FOLD_PARAMS and not self.params.isHidden() and not self.folded:
            self.folded = True
            self.params.hide()
            self.params_toggle.setChecked(False)
        elif width >= FOLD_PARAMS and self.folded:
            self.folded = False
            if self.settings.current.show_params:
                self.params.show()
                self.params_toggle.setChecked(True)
        if width < FOLD_LIST and not self.side.isHidden() and not self.list_folded:
            self.list_folded = True
            self.side.hide()
            self.list_toggle.setChecked(False)
        elif width >= FOLD_LIST and self.list_folded:
            self.list_folded = False
            if self.settings.current.show_list:
                self.side.show()
                self.list_toggle.setChecked(True)
