"""Sync in the window: File → Sync now, and what each sync did. The list reloads when a sync brought or
deleted something; the open conversation is read again when it received messages (unless an answer is
streaming into it: then the next open shows them), and one deleted on another machine closes like a deletion
here. A sync the user asked for always says what it did; an automatic one speaks only when it brought
something or failed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction

from hunyuan_desktop.ui.kit.texts import sync_text

if TYPE_CHECKING:
    from hunyuan_desktop.chat.syncing import Syncer, SyncOutcome
    from hunyuan_desktop.ui.window.mainwindow import MainWindow


class SyncView(QObject):
    def __init__(self, window: MainWindow, syncer: Syncer) -> None:
        super().__init__(window)
        self.window = window
        self.syncer = syncer
        self.action = QAction(window)
        self.action.setObjectName("syncNowAction")
        self.action.triggered.connect(self.sync_now)
        menus = window.menus
        menus.file_menu.insertAction(menus.settings, self.action)
        syncer.finished.connect(self.show_outcome)
        syncer.running.connect(lambda on: self.action.setEnabled(not on))
        window.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(self.tr("Sync now"))
        self.action.setToolTip(self.tr("Merge with your other machines through the remote in Settings → Sync"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def sync_now(self) -> None:
        if not self.syncer.configured:  # nothing to sync with yet: where to set it up
            self.window.tasks.spawn(self.window.open_settings(tab="sync"))
            return
        self.syncer.start()

    def show_outcome(self, outcome: SyncOutcome) -> None:
        report = outcome.report
        window = self.window
        if report is not None and (report.changed or report.deleted):
            open_id = window.current.id if window.current is not None else None
            window.reload_conversations()
            if open_id is not None and open_id in report.deleted:
                first = window.listing.first()
                if first is not None:
                    window.select_conversation(first)
                else:
                    window.session.open(None)
            elif open_id is not None and open_id in report.changed and not window.controller.is_busy(open_id):
                window.select_conversation(open_id)  # read again: the messages another machine added
        if outcome.in_settings:
            return  # Settings → Sync says it beside its button
        if not outcome.automatic or not outcome.ok or (report is not None and (report.received or report.deleted)):
            window.notify(sync_text(outcome))
