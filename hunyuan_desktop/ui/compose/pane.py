"""The foot of the conversation: the error banner, the countdown before a retry, the note while a question
is edited, the attachments waiting, the message box with Send, Stop and the paperclip, and the context
gauge under it."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QToolButton, QVBoxLayout, QWidget

from hunyuan_desktop.catalog import format_yuan
from hunyuan_desktop.chat.attachments import IMAGE_SUFFIXES, TEXT_SUFFIXES
from hunyuan_desktop.domain import FailureKind
from hunyuan_desktop.ui.compose.tray import AttachmentTray
from hunyuan_desktop.ui.kit.dialogs import PlainLabel
from hunyuan_desktop.ui.kit.texts import explain
from hunyuan_desktop.ui.kit.widgets import Composer, ElidedLabel, ErrorBanner


class ComposerPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error_banner = ErrorBanner(self)
        self.wait_label = PlainLabel("", self)
        self.wait_label.setObjectName("waitLabel")
        self.wait_label.setWordWrap(True)
        self.wait_label.hide()
        self._wait_until = 0.0
        self._wait_kind: FailureKind | None = None
        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(250)
        self._wait_timer.timeout.connect(self._tick)
        self.edit_note = ElidedLabel(self)  # "Editing a question…" while the box holds one
        self.edit_note.setObjectName("editNote")
        self.edit_note.hide()
        self.composer = Composer(self)
        self.composer.setMinimumHeight(60)
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setDefault(True)
        self.stop_button = QPushButton(self)
        self.stop_button.setObjectName("stopButton")
        self.stop_button.hide()
        # Images and files for the next question: the paperclip, a paste into the box, or a drop.
        self.tray = AttachmentTray(self)
        self.attach_button = QToolButton(self)
        self.attach_button.setObjectName("attachButton")
        self.attach_button.setAutoRaise(True)
        self.attach_button.clicked.connect(self.pick_files)
        self.composer.imagePasted.connect(self.tray.add_image)
        self.composer.filesPasted.connect(self.tray.add_paths)
        self.composer.longTextPasted.connect(self.tray.offer_long_paste)
        self.tray.paste_text = self.composer.insertPlainText
        row = QHBoxLayout()
        row.addWidget(self.composer, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        buttons.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignRight)
        row.addLayout(buttons)
        # Under the box: roughly what the next request carries against the model's context, and its cost.
        self.gauge = ElidedLabel(self)
        self.gauge.setObjectName("contextGauge")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.error_banner)
        layout.addWidget(self.wait_label)
        layout.addWidget(self.edit_note)
        layout.addWidget(self.tray)
        layout.addLayout(row)
        layout.addWidget(self.gauge)

    def pick_files(self) -> None:
        """The paperclip: choose images and files (several at once)."""
        images = " ".join(f"*{s}" for s in sorted(IMAGE_SUFFIXES))
        texts = " ".join(f"*{s}" for s in sorted(TEXT_SUFFIXES))
        filters = ";;".join(
            (
                self.tr("Images and documents (%1)").replace("%1", f"{images} {texts}"),
                self.tr("Images (%1)").replace("%1", images),
                self.tr("All files (*)"),
            )
        )
        paths, _ = QFileDialog.getOpenFileNames(self.window(), self.tr("Attach files"), str(Path.home()), filters)
        if paths:
            self.tray.add_paths(Path(p) for p in paths)

    def retranslate(self) -> None:
        self.attach_button.setToolTip(self.tr("Attach images or files (or paste them, or drop them here)"))
        self.attach_button.setAccessibleName(self.tr("Attach files"))
        self.send_button.setText(self.tr("Send"))
        self.send_button.setToolTip(self.tr("Enter sends, Shift+Enter starts a new line"))
        self.stop_button.setText(self.tr("Stop"))
        self.composer.setPlaceholderText(self.tr("Ask anything… (Enter to send, Shift+Enter for a new line)"))
        self.edit_note.setText(self.tr("Editing a question: Send makes a new version, Esc cancels."))

    def show_busy(self, busy: bool) -> None:
        if not busy:
            self.stop_waiting()
        self.send_button.setVisible(not busy)
        self.stop_button.setVisible(busy)
        self.send_button.setEnabled(not busy)

    def show_editing(self, editing: bool) -> None:
        self.edit_note.setVisible(editing)

    # ---- waiting before a retry --------------------------------------------------------------------

    def start_waiting(self, seconds: float, kind: FailureKind) -> None:
        """The server asked to wait (429 Retry-After) or a retry backs off: the countdown."""
        self._wait_until = time.monotonic() + seconds
        self._wait_kind = kind
        self._tick()
        self._wait_timer.start()

    def _tick(self) -> None:
        left = int(self._wait_until - time.monotonic() + 0.999)
        if left <= 0:
            self.wait_label.setText(self.tr("Trying again…"))
        else:
            what = explain(self._wait_kind).what
            self.wait_label.setText(what + " " + self.tr("Trying again in %n second(s)…", "", left))
        self.wait_label.show()

    def stop_waiting(self) -> None:
        self._wait_timer.stop()
        self.wait_label.hide()

    def show_status(self, text: str) -> None:
        """A passing status where the countdown is shown (an import under way)."""
        self._wait_timer.stop()
        self.wait_label.setText(text)
        self.wait_label.setVisible(bool(text))

    # ---- the message box ---------------------------------------------------------------------------

    def put(self, text: str) -> None:
        """``text`` in the message box, the cursor at its end, ready to type on."""
        self.composer.setPlainText(text)
        self.composer.moveCursor(QTextCursor.MoveOperation.End)
        self.composer.setFocus()

    def quote(self, text: str) -> None:
        """``text`` quoted (``> ``) below what the box holds, with room to answer under it."""
        quoted = "\n".join("> " + line for line in text.strip().splitlines())
        current = self.composer.toPlainText()
        self.put((current.rstrip() + "\n\n" if current.strip() else "") + quoted + "\n\n")

    def show_estimate(self, tokens: int, context: int, input_cost: Decimal | None) -> None:
        """Under the box: roughly how many tokens the next request carries, of the model's context, and
        what its input costs."""
        cost = format_yuan(input_cost) if input_cost is not None else self.tr("price unknown")
        self.gauge.setText(
            self.tr("Next request ≈ %1 / %2 tokens · input ≈ %3")
            .replace("%1", self.locale().toString(tokens))
            .replace("%2", self.locale().toString(context))
            .replace("%3", cost)
        )
        self.gauge.setToolTip(
            self.tr(
                "An estimate: the conversation's current branch as the next request will carry it (older "
                "messages are left out when it would not fit), the system prompt and what you typed. "
                "The server's count is what is billed."
            )
        )
