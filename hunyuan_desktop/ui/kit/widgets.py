"""Small widgets the window is built from: the message box, the error banner, a label that elides."""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import SIGNAL, QEvent, QMimeData, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QImage, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractSlider,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hunyuan_desktop.domain import ErrorSource, FailureKind
from hunyuan_desktop.ui.kit.dialogs import tip
from hunyuan_desktop.ui.kit.texts import Action, error_lines, explain


class ElidedLabel(QLabel):
    """One line of text that never asks for more width than it gets: too long, it ends in "…" and the
    whole text is its tooltip. (A label whose minimum width follows its text widened the window.)"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._tip = ""  # a tooltip set by the owner; the full text is added above it when elided
        self.setTextFormat(Qt.TextFormat.PlainText)  # titles, model ids, money: never markup
        # Its natural width when there is room, down to nothing when there is not (minimumSizeHint is 0).
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(0)

    def setText(self, text: str) -> None:
        self._full = text
        self._elide()
        self.updateGeometry()  # its natural width changed: the layout must ask again (an elided "" would not)

    def text(self) -> str:
        """The whole text (what is shown may end in "…")."""
        return self._full

    def shown_text(self) -> str:
        return super().text()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(QFontMetrics(self.font()).horizontalAdvance(self._full) + 4, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # a style sheet's font arrives after the text
            self.updateGeometry()
            self._elide()

    def _elide(self) -> None:
        metrics = QFontMetrics(self.font())
        shown = metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width() - 2))
        super().setText(shown)
        elided = shown != self._full
        super().setToolTip(tip("\n".join(t for t in (self._full if elided else "", self._tip) if t)))

    def setToolTip(self, tip: str) -> None:
        self._tip = tip
        self._elide()

    def toolTip(self) -> str:
        return self._tip


class FittedLabel(QLabel):
    """Money in the header: one of several wordings of the same figures, never the digits cut. Its owner
    chooses the wording that fits (:meth:`use`); the label is exactly as wide as that wording."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._forms: list[str] = [""]
        self._tip = ""
        self._index = 0
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

    def set_forms(self, forms: list[str], tip: str = "") -> None:
        """``forms``: the longest first; the first is the tooltip when a shorter one shows."""
        self._forms = [f for f in forms if f] or [""]
        self._tip = tip
        self.use(min(self._index, len(self._forms)))

    @property
    def forms(self) -> int:
        return len(self._forms)

    def form_width(self, index: int) -> int:
        text = self._forms[min(index, len(self._forms) - 1)]
        return QFontMetrics(self.font()).horizontalAdvance(text) + 6 if text else 0

    def use(self, index: int) -> None:
        """Show wording ``index``; one past the last hides the label (its owner shows the figures elsewhere)."""
        if index >= len(self._forms):
            self._index = len(self._forms)
            QLabel.setText(self, "")
            self.setFixedWidth(0)
            return
        self._index = max(0, index)
        chosen = self._forms[self._index]
        QLabel.setText(self, chosen)
        self.setFixedWidth(self.form_width(self._index))
        full = self._forms[0]
        tips = [t for t in (full if chosen != full else "", self._tip) if t]
        QLabel.setToolTip(self, tip("\n".join(tips)) if tips else "")

    def text(self) -> str:
        """The whole wording (what is shown may be a shorter one)."""
        return self._forms[0]

    def shown_text(self) -> str:
        return super().text()


LONG_PASTE_CHARS = 10_000  # a paste longer than this may go as an attachment (asked once, remembered)


def local_files(source: QMimeData) -> list[Path]:
    """The local files a paste or a drop carries (a file manager's copy: text/uri-list)."""
    if not source.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in source.urls() if url.isLocalFile() and url.toLocalFile()]


class Composer(QPlainTextEdit):
    """Enter sends, Shift+Enter inserts a newline. PgUp/PgDn (and Home/End while it is empty) scroll the
    conversation, so reading back never needs the mouse or a change of focus."""

    submitted = Signal()
    scrollRequested = Signal(object)  # QAbstractSlider.SliderAction
    editLastRequested = Signal()  # Up in an empty box: edit the last question (as chat apps do)
    imagePasted = Signal(QImage)  # Ctrl+V of an image (a screenshot), or one dropped from a browser
    filesPasted = Signal(list)  # Ctrl+V or a drop of files copied in a file manager: list[Path]
    longTextPasted = Signal(str)  # a paste longer than LONG_PASTE_CHARS: it may become an attachment

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageInput")
        self.setMaximumHeight(110)
        self.setTabChangesFocus(True)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasImage() or bool(local_files(source)) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Files become attachments, an image too (a screenshot has only image data: checked first, as
        Windows' Snipping Tool puts no file); anything else is pasted as text, as always."""
        files = local_files(source)
        if files:
            self.filesPasted.emit(files)
        elif source.hasImage():
            image = source.imageData()
            if isinstance(image, QImage) and not image.isNull():
                self.imagePasted.emit(image)
            elif isinstance(image, QPixmap) and not image.isNull():
                self.imagePasted.emit(image.toImage())
        elif (
            source.hasText()
            and len(source.text()) > LONG_PASTE_CHARS
            and self.receivers(SIGNAL("longTextPasted(QString)"))
        ):
            self.longTextPasted.emit(source.text())
        else:
            super().insertFromMimeData(source)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (e.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.submitted.emit()
            return
        plain = e.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        paging = {
            Qt.Key.Key_PageUp: QAbstractSlider.SliderAction.SliderPageStepSub,
            Qt.Key.Key_PageDown: QAbstractSlider.SliderAction.SliderPageStepAdd,
        }
        ends = {
            Qt.Key.Key_Home: QAbstractSlider.SliderAction.SliderToMinimum,
            Qt.Key.Key_End: QAbstractSlider.SliderAction.SliderToMaximum,
        }
        key = Qt.Key(e.key())
        if plain and key == Qt.Key.Key_Up and not self.toPlainText():
            self.editLastRequested.emit()
            return
        if plain and (key in paging or (key in ends and not self.toPlainText())):
            self.scrollRequested.emit(paging.get(key) or ends[key])
            return
        super().keyPressEvent(e)


class ErrorBanner(QWidget):
    """Shown under the failed answer: what happened, the server's words, and the way out."""

    actionRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # colours: the theme's style sheet
        self.text = QLabel(self)
        self.text.setObjectName("errorText")
        self.text.setWordWrap(True)
        # Our own markup around escaped text: no link in it, none opened.
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry = QPushButton(self)
        self.retry.setObjectName("retryButton")
        self.settings = QPushButton(self)
        self.settings.setObjectName("errorSettingsButton")
        self.recharge = QPushButton(self)
        self.recharge.setObjectName("rechargeButton")
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.text, 1)
        for b in (self.recharge, self.settings, self.retry, self.close_button):
            layout.addWidget(b, 0, Qt.AlignmentFlag.AlignTop)
        self.retry.clicked.connect(lambda: self.actionRequested.emit(Action.RETRY))
        self.settings.clicked.connect(lambda: self.actionRequested.emit(Action.SETTINGS))
        self.recharge.clicked.connect(lambda: self.actionRequested.emit(Action.RECHARGE))
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def show_error(
        self,
        kind: FailureKind | None,
        message: str,
        retry_after: float | None,
        source: ErrorSource | None = ErrorSource.LOCAL,
        *,
        who: str = "",
    ) -> None:
        """``who``: the provider whose answer failed, named first when several are in use."""
        explanation = explain(kind, retry_after)
        _, detail = error_lines(kind, message, source, retry_after)
        named = self.tr("%1: ").replace("%1", html.escape(who)) if who else ""
        self.text.setText(
            f"<b>{named}{html.escape(explanation.what)}</b> {html.escape(explanation.todo)}"
            + (f"<br><span style='font-size:small'>{html.escape(detail)}</span>" if detail else "")
        )
        self.retry.setText(self.tr("Retry"))
        self.settings.setText(self.tr("Open settings"))
        self.recharge.setText(self.tr("Top up"))
        self.retry.setVisible(Action.RETRY in explanation.actions)
        self.settings.setVisible(Action.SETTINGS in explanation.actions)
        self.recharge.setVisible(Action.RECHARGE in explanation.actions)
        self.show()


class EmptyState(QWidget):
    """What a new, empty conversation shows: a greeting and example questions (a click puts one in the
    message box, to edit or send)."""

    exampleChosen = Signal(str)
    presetChosen = Signal(int)  # the index of a preset among those set_presets showed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.logo = QLabel(self)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(self)
        self.title.setObjectName("emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.buttons = [QPushButton(self) for _ in range(4)]
        grid = QGridLayout()
        grid.setSpacing(8)
        for i, button in enumerate(self.buttons):
            button.setObjectName("exampleButton")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            button.clicked.connect(lambda _=False, b=button: self.exampleChosen.emit(b.property("question")))
            grid.addWidget(button, i // 2, i % 2)
        # "Start with a preset": a row of chips under the examples.
        self.presets_label = QLabel(self)
        self.presets_label.setObjectName("presetsLabel")
        self.presets_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preset_row = QHBoxLayout()
        self.preset_row.setSpacing(6)
        self.preset_buttons: list[QPushButton] = []
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.logo)
        layout.addWidget(self.title)
        layout.addSpacing(12)
        layout.addLayout(grid)
        layout.addSpacing(16)
        layout.addWidget(self.presets_label)
        layout.addLayout(self.preset_row)
        layout.addStretch(3)
        layout.setContentsMargins(24, 12, 24, 12)

    def set_presets(self, label: str, names: list[str]) -> None:
        """Chips for presets (at most six: the built-in ones and the first of the user's)."""
        for button in self.preset_buttons:
            self.preset_row.removeWidget(button)
            button.deleteLater()
        self.preset_buttons = []
        while self.preset_row.count():
            self.preset_row.takeAt(0)
        self.presets_label.setText(label)
        self.presets_label.setVisible(bool(names))
        self.preset_row.addStretch(1)
        metrics = QFontMetrics(self.font())
        for index, name in enumerate(names[:6]):
            button = QPushButton(metrics.elidedText(name, Qt.TextElideMode.ElideRight, 140), self)
            button.setObjectName("presetChip")
            button.setToolTip(tip(name))
            button.clicked.connect(lambda _=False, i=index: self.presetChosen.emit(i))
            self.preset_row.addWidget(button)
            self.preset_buttons.append(button)
        self.preset_row.addStretch(1)

    def set_examples(self, title: str, questions: list[str]) -> None:
        self.title.setText(title)
        for button, question in zip(self.buttons, questions, strict=True):
            button.setProperty("question", question)
            button.setToolTip(tip(question))
        self._elide_examples()

    def _elide_examples(self) -> None:
        """Each example whole on up to two lines; a longer one ends in an ellipsis after a whole word,
        never inside one ("Explain the CAP theor…" was cut mid-word)."""
        for button in self.buttons:
            question = str(button.property("question") or "")
            room = max(60, button.width() - 28) if button.isVisible() else 260
            button.setText(two_lines(question, QFontMetrics(button.font()), room))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide_examples()


class OneLineLabel(QLabel):
    """A line that never wraps and never cuts: the longest of its wordings that fits its width (the
    first, whole, in the tooltip when a shorter one shows). ``text()`` is the longest."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._forms: list[str] = [""]
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_forms(self, forms: list[str]) -> None:
        self._forms = [f for f in forms if f] or [""]
        self._choose()

    def text(self) -> str:
        return self._forms[0]

    def shown_text(self) -> str:
        return QLabel.text(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._choose()

    def _choose(self) -> None:
        metrics = QFontMetrics(self.font())
        room = self.contentsRect().width()
        chosen = next((f for f in self._forms if metrics.horizontalAdvance(f) <= room), self._forms[-1])
        QLabel.setText(self, chosen)
        QLabel.setToolTip(self, tip(self._forms[0]) if chosen != self._forms[0] else "")


class WindowBoundCombo(QComboBox):
    """A combo box whose open list stays inside its window: as wide as its entries need up to the
    window's width, moved left to end at the window's edge rather than past it (a list of models with
    their prices ran past the window and the screen)."""

    def showPopup(self) -> None:
        super().showPopup()
        popup, window = self.view().window(), self.window()
        inside = QRect(window.mapToGlobal(QPoint(0, 0)), window.size())
        geometry = popup.geometry()
        if geometry.width() > inside.width():
            geometry.setWidth(inside.width())
            self.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        geometry.moveLeft(max(inside.left(), min(geometry.left(), inside.right() + 1 - geometry.width())))
        popup.setGeometry(geometry)


# A Latin word (with its trailing spaces) is one piece, a Chinese character or punctuation mark one each.
_PIECES = re.compile(r"[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+\s*|\s+|.")


def two_lines(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` broken into at most two lines of ``width`` pixels, between words (any two characters in
    Chinese); when it needs more, the second line ends in "…" after a whole word."""
    lines: list[list[str]] = [[]]
    pieces = _PIECES.findall(" ".join(text.split()))
    for piece in pieces:
        line = lines[-1]
        if not line or metrics.horizontalAdvance(("".join(line) + piece).rstrip()) <= width:
            line.append(piece)
        elif len(lines) < 2:
            lines.append([piece])
        else:  # a third line would be needed
            while len(line) > 1 and metrics.horizontalAdvance("".join(line).rstrip() + "…") > width:
                line.pop()
            lines[-1] = [*line, "…"]
            break
    return "\n".join("".join(line).rstrip().replace(" …", "…") for line in lines)
