"""Send: the text and attachments of the message box become a turn. Images for a model not known to take
them ask first (switch to a vision model, send anyway, or remove them); nothing is dropped silently, and the
box is cleared only once the question is committed to the archive."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from hunyuan_desktop.catalog import Catalog
from hunyuan_desktop.chat.session import ConversationSession
from hunyuan_desktop.domain import Model, Params
from hunyuan_desktop.ui.compose.pane import ComposerPane
from hunyuan_desktop.ui.kit.dialogs import ask, message_box
from hunyuan_desktop.ui.kit.tasks import TaskSet

Button = QMessageBox.StandardButton


class Sender(QObject):
    def __init__(
        self,
        pane: ComposerPane,
        session: ConversationSession,
        catalog: Catalog,
        shown: Callable[[], tuple[str, Params, str]],
        new_conversation: Callable[[], object],
        use_model: Callable[[str], None],
        keyless: Callable[[str], bool],
        ask_key: Callable[[str], object],
        tasks: TaskSet,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.pane = pane
        self.session = session
        self.catalog = catalog
        self.shown = shown  # the model, parameters and system prompt the panel shows
        self.new_conversation = new_conversation
        self.use_model = use_model
        self.keyless = keyless  # whether a provider is known to have no key
        self.ask_key = ask_key  # Settings at that provider's key
        self.tasks = tasks
        self.window = parent

    def send(self) -> None:
        text = self.pane.composer.toPlainText()
        tray = self.pane.tray
        if not text.strip() and not tray.items:
            return
        if len(tray.tasks):  # an attachment is still being prepared: send once it is ready
            self.tasks.spawn(self._send_when_ready())
            return
        model = self.catalog.model(self.shown()[0])
        if self.keyless(model.provider):  # no failed turn, no empty conversation: the key is asked for
            self.ask_key(model.provider)
            return
        if self.session.current is None and self.new_conversation() is None:
            return
        if tray.has_images() and not model.vision:
            self.tasks.spawn(self._ask_about_images(model))
            return
        self._commit()

    async def _send_when_ready(self) -> None:
        await self.pane.tray.tasks.wait()
        self.send()

    def vision_model(self, model: Model) -> Model | None:
        """The model to offer for images: one of the same provider that takes them, else any enabled."""
        same = [m for m in self.catalog.provider(model.provider).models if m.vision]
        if same:
            return same[0]
        return next((m for p in self.catalog.enabled() for m in p.models if m.vision), None)

    async def _ask_about_images(self, model: Model) -> None:
        other = self.vision_model(model)
        text = self.tr(
            "%1 is not known to read images: it may refuse the request or answer without seeing them. (If it "
            "does read images, tick it under Images in Settings → Providers.)"
        ).replace("%1", model.name)
        buttons = Button.Ignore | Button.Discard | Button.Cancel
        if other is not None:
            buttons |= Button.Yes
        box = message_box(self.window, QMessageBox.Icon.Question, self.tr("Send images?"), text, buttons, Button.Yes)
        if other is not None:
            box.button(Button.Yes).setText(self.tr("Use %1").replace("%1", other.name))
        box.button(Button.Ignore).setText(self.tr("Send anyway"))
        box.button(Button.Discard).setText(self.tr("Remove the images"))
        choice = await ask(box)
        if choice == Button.Yes and other is not None:
            self.use_model(other.ref)
        elif choice == Button.Discard:
            self.pane.tray.remove_images()
            if not self.pane.composer.toPlainText().strip() and not self.pane.tray.items:
                return
        elif choice != Button.Ignore:
            return  # Cancel: everything stays in the box
        self._commit()

    def _commit(self) -> None:
        tray = self.pane.tray
        self.session.save_settings(*self.shown())
        if self.session.send(self.pane.composer.toPlainText(), tray.attachments(), tray.blobs()):
            self.pane.composer.clear()  # only once the message is committed to the archive
            tray.clear()
            self.pane.composer.setFocus()
