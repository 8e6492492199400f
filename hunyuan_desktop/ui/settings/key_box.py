"""A provider's API key: typed or pasted, revealed on request, saved to the keyring (or kept for this run
only), removed. The keyring may answer late (D-Bus under load, a keyring waiting to be unlocked): an
answer is used only while the provider it was asked for is still the one shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from hunyuan_desktop.domain import Provider
from hunyuan_desktop.secrets import KeySource, KeyStore, SecretsError, sendable_key
from hunyuan_desktop.ui.kit.dialogs import PlainLabel
from hunyuan_desktop.ui.kit.tasks import TaskSet
from hunyuan_desktop.ui.kit.texts import ours


class KeyBox(QGroupBox):
    """``shown``: the provider whose page is shown now (asked again after every await)."""

    def __init__(self, keys: KeyStore, shown: Callable[[], Provider], tasks: TaskSet, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.keys = keys
        self._shown = shown
        self.tasks = tasks
        self._stored = False
        self.hint: tuple[str, str] | None = None  # (provider, why its key is asked for), said before its state
        self.edit = QLineEdit(self)
        self.edit.setObjectName("apiKeyEdit")
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_key = QCheckBox(self)
        self.show_key.setObjectName("showKeyToggle")
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveKeyButton")
        self.session_button = QPushButton(self)
        self.session_button.setObjectName("sessionKeyButton")
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("removeKeyButton")
        self.test_button = QPushButton(self)
        self.test_button.setObjectName("testKeyButton")
        # Shows what a keyring or a server said: plain text only, never markup or a link that opens something.
        self.status = PlainLabel("", self)
        self.status.setObjectName("keyStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.get_key = QLabel(self)  # our own link to the provider's key page (from the shipped catalog)
        self.get_key.setOpenExternalLinks(True)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.show_key)
        buttons = QHBoxLayout()
        for b in (self.save_button, self.session_button, self.remove_button, self.test_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.get_key)
        self.show_key.toggled.connect(self._on_show)
        self.save_button.clicked.connect(lambda: self.tasks.spawn(self.save()))
        self.session_button.clicked.connect(self.use_for_session)
        self.remove_button.clicked.connect(lambda: self.tasks.spawn(self.remove()))
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("API key"))
        self.show_key.setText(self.tr("Show"))
        self.save_button.setText(self.tr("Save to keyring"))
        self.session_button.setText(self.tr("Use for this session only"))
        self.remove_button.setText(self.tr("Remove"))
        self.test_button.setText(self.tr("Test and fetch models"))
        self.test_button.setToolTip(self.tr("Asks for the model list (and the balance where there is one): no tokens"))

    def say(self, provider_id: str, text: str) -> None:
        """A status for ``provider_id``'s page, shown only while that page is."""
        if provider_id == self._shown().id:
            self.status.setText(text)

    def show_provider(self, provider: Provider, typed: str) -> None:
        """The box for ``provider`` (``typed``: a key typed earlier on its page and not saved yet)."""
        self.edit.setText(typed)
        self.edit.setPlaceholderText(
            self.tr("Paste your key (sk-…)")
            if provider.key_required
            else self.tr("Optional: a local server needs no key")
        )
        url = provider.get_key_url or provider.site
        get_key = self.tr("Get a key at %1").replace("%1", url)
        self.get_key.setText(f'<a href="{url}">{get_key}</a>' if url and provider.key_required else "")
        self.show_key.setChecked(False)
        self.status.setText("")
        self.tasks.spawn(self.refresh())

    async def refresh(self) -> None:
        asked = self._shown()
        try:
            key, source = await self.keys.aget(asked.id)
        except SecretsError as exc:
            self._stored = False
            unavailable = self.tr("Keyring unavailable: %1").replace("%1", ours(str(exc)))
            self.say(asked.id, self._hinted(asked.id, unavailable))
            return
        if asked.id != self._shown().id:
            return  # another provider was chosen meanwhile: its own refresh says its state
        self._stored = key is not None
        if key is None and not asked.key_required:
            self.status.setText(self.tr("No key needed: a local server. A key entered here is sent if given."))
            return
        texts = {
            KeySource.KEYRING: self.tr("A key is saved in the system keyring (%1).").replace(
                "%1", self.keys.backend_name
            ),
            KeySource.ENVIRONMENT: self.tr("Using the key from HUNYUAN_API_KEY for this run; it is not saved."),
            KeySource.SESSION: self.tr("Using a key for this session only; it will not be remembered."),
            KeySource.NONE: self.tr("No key saved yet."),
        }
        self.status.setText(self._hinted(asked.id, texts[source]))
        if key is not None and not self.edit.text():
            self.edit.setPlaceholderText(self.tr("•••••••• (saved; tick Show to reveal)"))

    def _hinted(self, provider_id: str, text: str) -> str:
        if self.hint is None or self.hint[0] != provider_id:
            return text
        return self.hint[1] + "\n" + text

    def _on_show(self, on: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        if on and not self.edit.text() and self._stored:
            self.tasks.spawn(self._reveal())

    async def _reveal(self) -> None:
        asked = self._shown().id
        try:
            key, _ = await self.keys.aget(asked)
        except SecretsError as exc:
            self.say(asked, ours(str(exc)))
            return
        if asked != self._shown().id:
            return  # another provider's page is shown now: this key never goes into its box
        if key and self.show_key.isChecked():
            self.edit.setText(key)

    def usable(self) -> str | None:
        """The key typed, if one a server can accept (else the status says why)."""
        key = self.edit.text().strip()
        if not key:
            self.status.setText(self.tr("Enter a key first."))
            return None
        if not sendable_key(key):
            self.status.setText(
                self.tr(
                    "This key contains a space, a line break or a non-ASCII character, which no server accepts. "
                    "Copy the key again from the provider's page."
                )
            )
            return None
        return key

    async def save(self) -> bool:
        provider_id = self._shown().id
        key = self.usable()
        if key is None:
            return False
        try:
            await self.keys.aset(provider_id, key)
        except SecretsError as exc:
            self.say(
                provider_id,
                self.tr("Could not save to the keyring: %1").replace("%1", ours(str(exc)))
                + " "
                + self.tr("You can use the key for this session only."),
            )
            return False
        if provider_id != self._shown().id:
            return True
        self.edit.clear()
        self.show_key.setChecked(False)
        await self.refresh()
        self.say(provider_id, self.status.text() + " " + self.tr("Saved."))
        return True

    async def keep(self, provider_id: str, key: str) -> str:
        """Keep a key a test just accepted: in the keyring, or (no keyring) for this session. Says which."""
        try:
            await self.keys.aset(provider_id, key)
            said, held = self.tr("Saved to the system keyring."), self.tr("•••••••• (saved; tick Show to reveal)")
        except SecretsError:
            self.keys.use_for_session(provider_id, key)
            said = self.tr("The system keyring is unavailable, so the key is used for this session only.")
            held = self.tr("•••••••• (this session's key)")
        if provider_id == self._shown().id and self.edit.text().strip() == key:
            self.edit.clear()
            self.show_key.setChecked(False)
            self.edit.setPlaceholderText(held)
        return said

    def use_for_session(self) -> None:
        key = self.usable()
        if key is None:
            return
        self.keys.use_for_session(self._shown().id, key)
        self.edit.clear()
        self.status.setText(self.tr("Using a key for this session only; it will not be remembered."))

    async def remove(self) -> None:
        provider_id = self._shown().id
        try:
            await self.keys.adelete(provider_id)
        except SecretsError as exc:
            self.say(provider_id, ours(str(exc)))
            return
        if provider_id == self._shown().id:
            self.edit.clear()
            await self.refresh()
