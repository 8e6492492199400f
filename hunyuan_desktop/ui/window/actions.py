"""The menu bar: every action with its shortcut (docs/ARCHITECTURE.md, "Contracts"), standard keys where Qt has one so
each platform gets its own, and their words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

Slot = Callable[[], object]


@dataclass(frozen=True)
class Handlers:
    new: Slot
    export_markdown: Slot
    export_json: Slot
    import_file: Slot
    settings: Slot
    quit: Slot
    copy_last: Slot
    search: Slot
    find: Slot
    find_next: Slot
    find_previous: Slot
    zoom_in: Slot
    zoom_out: Slot
    zoom_reset: Slot
    toggle_list: Slot
    toggle_params: Slot
    stop: Slot
    retry: Slot
    regenerate: Slot
    delete: Slot
    about: Slot


class ActionSet(QObject):
    def __init__(self, window: QMainWindow, on: Handlers, presets_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        bar = window.menuBar()
        self.file_menu = bar.addMenu("")
        self.new = self._action(self.file_menu, on.new, QKeySequence.StandardKey.New)
        self.file_menu.addSeparator()
        self.export_md = self._action(self.file_menu, on.export_markdown)
        self.export_json = self._action(self.file_menu, on.export_json)
        self.import_ = self._action(self.file_menu, on.import_file)
        self.file_menu.addSeparator()
        self.settings = self._action(self.file_menu, on.settings, QKeySequence.StandardKey.Preferences, "Ctrl+,")
        self.quit = self._action(self.file_menu, on.quit, QKeySequence.StandardKey.Quit, "Ctrl+Q")
        self.edit_menu = bar.addMenu("")
        self.copy_last = self._action(self.edit_menu, on.copy_last, "Ctrl+Shift+C")
        self.search = self._action(self.edit_menu, on.search, "Ctrl+K")
        self.edit_menu.addSeparator()
        self.find = self._action(self.edit_menu, on.find, QKeySequence.StandardKey.Find, "Ctrl+F")
        self.find_next = self._action(self.edit_menu, on.find_next, QKeySequence.StandardKey.FindNext)
        self.find_previous = self._action(self.edit_menu, on.find_previous, QKeySequence.StandardKey.FindPrevious)
        self.view_menu = bar.addMenu("")
        self.zoom_in = self._action(self.view_menu, on.zoom_in, QKeySequence.StandardKey.ZoomIn, "Ctrl+=")
        self.zoom_out = self._action(self.view_menu, on.zoom_out, QKeySequence.StandardKey.ZoomOut)
        self.zoom_reset = self._action(self.view_menu, on.zoom_reset, "Ctrl+0")
        self.view_menu.addSeparator()
        self.list = self._action(self.view_menu, on.toggle_list, "Ctrl+B")
        self.params = self._action(self.view_menu, on.toggle_params, "Ctrl+Shift+B")
        self.conversation_menu = bar.addMenu("")
        self.stop = self._action(self.conversation_menu, on.stop, "Esc")
        self.retry = self._action(self.conversation_menu, on.retry)
        self.regenerate = self._action(self.conversation_menu, on.regenerate, "Ctrl+R")
        self.delete = self._action(self.conversation_menu, on.delete)
        self.conversation_menu.addSeparator()
        self.conversation_menu.addMenu(presets_menu)
        self.help_menu = bar.addMenu("")
        self.about = self._action(self.help_menu, on.about)

    def _action(self, menu: QMenu, slot: Slot, *keys: QKeySequence.StandardKey | str) -> QAction:
        """A menu action; a standard key brings the platform's own bindings, a string adds one more."""
        sequences: list[QKeySequence] = []
        for key in keys:
            found = QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) else [key]
            for binding in map(QKeySequence, found):
                if not binding.isEmpty() and binding not in sequences:
                    sequences.append(binding)
        action = menu.addAction("")
        action.setShortcuts(sequences)
        action.triggered.connect(lambda _checked=False: slot())  # not the checked flag as an argument
        self.window.addAction(action)  # works with the menu bar hidden or native (macOS) too
        return action

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.conversation_menu.setTitle(self.tr("&Conversation"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.new.setText(self.tr("New conversation"))
        self.export_md.setText(self.tr("Export as Markdown…"))
        self.export_json.setText(self.tr("Export as JSON…"))
        self.import_.setText(self.tr("Import conversations…"))  # ours, or ChatGPT, Claude, Chatbox, LobeChat exports
        self.settings.setText(self.tr("Settings…"))
        self.quit.setText(self.tr("Quit"))
        self.copy_last.setText(self.tr("Copy last answer"))
        self.search.setText(self.tr("Search conversations"))
        self.find.setText(self.tr("Find in conversation…"))
        self.find_next.setText(self.tr("Find next"))
        self.find_previous.setText(self.tr("Find previous"))
        self.zoom_in.setText(self.tr("Larger text"))
        self.zoom_out.setText(self.tr("Smaller text"))
        self.zoom_reset.setText(self.tr("Actual size"))
        self.list.setText(self.tr("Conversation list"))
        self.params.setText(self.tr("Parameters"))
        self.stop.setText(self.tr("Stop answer"))
        self.retry.setText(self.tr("Retry"))
        self.regenerate.setText(self.tr("Regenerate last answer"))
        self.delete.setText(self.tr("Delete conversation…"))
        self.about.setText(self.tr("About Hunyuan Desktop"))
