"""An attachment of a sent question, opened from its thumbnail or chip: the image at full size, or the
text the model was given. A window of its own (not modal): the conversation stays usable beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from hunyuan_desktop.domain import Attachment, AttachmentKind
from hunyuan_desktop.ui.kit.images import decode


def show_attachment(parent: QWidget, attachment: Attachment, data: bytes | None) -> QDialog:
    dialog = QDialog(parent)
    dialog.setObjectName("attachmentViewer")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowTitle(attachment.name)
    layout = QVBoxLayout(dialog)
    if data is None:
        label = QLabel(dialog)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setText(dialog.tr("This attachment is not in the archive any more."))
        layout.addWidget(label)
    elif attachment.kind is AttachmentKind.IMAGE:
        image = decode(data)
        area = QScrollArea(dialog)
        picture = QLabel(area)
        picture.setPixmap(QPixmap.fromImage(image))
        area.setWidget(picture)
        area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(area)
        screen = parent.screen().availableGeometry() if parent.screen() is not None else None
        width, height = image.width() + 40, image.height() + 40
        if screen is not None:
            width, height = min(width, int(screen.width() * 0.9)), min(height, int(screen.height() * 0.9))
        dialog.resize(max(320, width), max(240, height))
    else:
        text = QPlainTextEdit(dialog)
        text.setReadOnly(True)
        text.setPlainText(data.decode("utf-8", "replace"))
        layout.addWidget(text)
        dialog.resize(720, 560)
    dialog.show()
    return dialog
