"""The one writer of the settings (QtCore only): everything that changes a preference asks this store,
which writes the file and then announces the new value; the catalog, the look and the window follow it.

Before it, four objects wrote one shared mutable ``Settings`` and three of them saved it: a Settings
dialog closed after a failed Save left its changes in memory, and the window's close wrote them to disk.
Now a change is a new frozen value, and only a value that was written becomes the current one.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from hunyuan_desktop.settings import Settings

log = logging.getLogger(__name__)


class SettingsStore(QObject):
    changed = Signal(object, object)  # (old, new): Settings, after the new value was written

    def __init__(self, settings: Settings, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._current = settings
        self.data_dir = data_dir

    @property
    def current(self) -> Settings:
        return self._current

    def save(self, new: Settings) -> None:
        """Write ``new`` and make it the current settings; raises OSError (full disk, read-only folder)
        with nothing changed, in memory or on disk."""
        if new == self._current:
            return
        new.save(self.data_dir)
        old, self._current = self._current, new
        self.changed.emit(old, new)

    def remember(self, **changes: Any) -> None:
        """Small changes the user makes as they go (zoom, panes, window size): current at once and written
        if possible (a failure is logged; the next write carries them)."""
        new = replace(self._current, **changes)
        if new == self._current:
            return
        old, self._current = self._current, new
        try:
            new.save(self.data_dir)
        except OSError as exc:
            log.warning("could not write the settings (%s); kept for this run", exc)
        self.changed.emit(old, new)
