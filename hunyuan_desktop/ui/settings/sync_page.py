"""Settings → Sync: the remote (WebDAV or S3), its user name and password (or access keys), the passphrase
that encrypts everything there, automatic sync; Test (the server, the credentials, the passphrase: nothing
synced) and Sync now, each saying what it did. The credentials go to the system keyring once a test or a
sync with them worked (sync/credentials.py), never to the settings file; the remote, the automatic switch
and a plain-http remote allowed are saved with Save."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from hunyuan_desktop.domain import is_loopback
from hunyuan_desktop.settings import Settings
from hunyuan_desktop.ui.kit.dialogs import PlainLabel
from hunyuan_desktop.ui.kit.tasks import TaskSet
from hunyuan_desktop.ui.kit.texts import sync_text

if TYPE_CHECKING:
    from hunyuan_desktop.chat.syncing import Syncer, SyncOutcome
    from hunyuan_desktop.sync.credentials import Credentials


class SyncPage(QWidget):
    def __init__(
        self, settings: Settings, syncer: Syncer | None, tasks: TaskSet, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.syncer = syncer
        self.tasks = tasks
        self.remote = QLineEdit(settings.sync_remote, self)
        self.remote.setObjectName("syncRemoteEdit")
        self.remote.setPlaceholderText(
            "webdav://dav.jianguoyun.com/dav/hunyuan · s3://cos.ap-guangzhou.myqcloud.com/bucket/hunyuan"
        )
        self.remote.setToolTip(
            self.tr(
                "A WebDAV folder (坚果云, Nextcloud…) or an S3-compatible bucket (Tencent COS, Aliyun OSS, MinIO, "
                "AWS) that your machines share. webdav+http:// and s3+http:// for plain http."
            )
        )
        self.user = QLineEdit(self)
        self.user.setObjectName("syncUserEdit")
        self.secret = QLineEdit(self)
        self.secret.setObjectName("syncSecretEdit")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("syncPassphraseEdit")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_note = PlainLabel(
            self.tr(
                "The passphrase encrypts everything on the remote: the server sees no conversation. Use the same "
                "one on every machine and keep it safe: without it nobody, not even you, can read what is there."
            ),
            self,
        )
        self.passphrase_note.setWordWrap(True)
        self.allow_http = QCheckBox(self.tr("Allow plain http to this server (a network you trust)"), self)
        self.allow_http.setObjectName("syncAllowHttp")
        self.allow_http.setChecked(
            bool(settings.sync_http_confirmed) and settings.sync_http_confirmed == settings.sync_remote
        )
        self.auto = QCheckBox(self.tr("Sync automatically, shortly after start and after answers"), self)
        self.auto.setObjectName("syncAutoCheck")
        self.auto.setChecked(settings.sync_auto)
        self.sync_button = QPushButton(self.tr("Sync now"), self)
        self.sync_button.setObjectName("syncNowButton")
        self.sync_button.clicked.connect(self.start_sync)
        self.test_button = QPushButton(self.tr("Test"), self)
        self.test_button.setObjectName("syncTestButton")
        self.test_button.setToolTip(self.tr("Check the server, the credentials and the passphrase; nothing is synced"))
        self.test_button.clicked.connect(self.start_test)
        self.status = PlainLabel("", self)
        self.status.setObjectName("syncStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if syncer is not None and syncer.last is not None:
            self.status.setText(sync_text(syncer.last))
        form = QFormLayout(self)
        form.addRow(self.tr("Remote:"), self.remote)
        self.user_label = PlainLabel("", self)
        self.secret_label = PlainLabel("", self)
        form.addRow(self.user_label, self.user)
        form.addRow(self.secret_label, self.secret)
        form.addRow(self.tr("Passphrase:"), self.passphrase)
        form.addRow("", self.passphrase_note)
        form.addRow("", self.allow_http)
        form.addRow("", self.auto)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addWidget(self.sync_button)
        row.addStretch(1)
        form.addRow("", row)
        form.addRow("", self.status)
        self.remote.textChanged.connect(lambda _text: self._follow_remote())
        self.remote.editingFinished.connect(lambda: self.tasks.spawn(self.fill_stored()))
        self._follow_remote()
        if syncer is None:  # the demo: its archive is not the user's
            for widget in (
                self.remote,
                self.user,
                self.secret,
                self.passphrase,
                self.auto,
                self.sync_button,
                self.test_button,
            ):
                widget.setEnabled(False)
            self.status.setText(self.tr("The offline demo does not sync."))
        elif settings.sync_remote:
            self.tasks.spawn(self.fill_stored())

    def _follow_remote(self) -> None:
        s3 = self.remote.text().strip().lower().startswith("s3")
        self.user_label.setText(self.tr("Access key id:") if s3 else self.tr("User name:"))
        self.secret_label.setText(self.tr("Secret key:") if s3 else self.tr("Password:"))
        self.allow_http.setVisible(insecure(self.remote.text()))

    async def fill_stored(self) -> None:
        """What the keyring keeps for the remote shown: the user name as it is; the password and the
        passphrase only said to be kept (never shown)."""
        if self.syncer is None:
            return
        kept = await self.syncer.stored_credentials(self.remote.text().strip())
        if kept is None:
            return
        if kept.user and not self.user.text():
            self.user.setText(kept.user)
        kept_text = self.tr("kept in the system keyring")
        self.secret.setPlaceholderText(kept_text if kept.secret else "")
        self.passphrase.setPlaceholderText(kept_text if kept.passphrase else "")

    def start_sync(self) -> None:
        """Sync now (the button): said at once, done on the loop."""
        self._busy(self.tr("Syncing…"))
        self.tasks.spawn(self.attempt(test=False))

    def start_test(self) -> None:
        """Test (the button): the server, the credentials and the passphrase; nothing synced."""
        self._busy(self.tr("Testing…"))
        self.tasks.spawn(self.attempt(test=True))

    def _busy(self, text: str) -> None:
        self.sync_button.setEnabled(False)
        self.test_button.setEnabled(False)
        self.status.setText(text)

    async def attempt(self, *, test: bool) -> SyncOutcome | None:
        """A sync (or a test) with what the page shows, before Save: the fields typed, else what the keyring
        keeps; what came of it is said beside the buttons."""
        if self.syncer is None:
            return None
        remote, typed = await self._typed()
        allow_http = self.allow_http.isChecked()
        try:
            if test:
                outcome = await self.syncer.test(remote, typed, allow_http)
            else:
                outcome = await self.syncer.sync_now(remote, typed, allow_http)
        finally:
            self.sync_button.setEnabled(True)
            self.test_button.setEnabled(True)
        self.status.setText(sync_text(outcome))
        if outcome.ok:  # kept in the keyring now: the fields say so instead of holding the secrets
            self.secret.clear()
            self.passphrase.clear()
            await self.fill_stored()
        return outcome

    async def _typed(self) -> tuple[str, Credentials]:
        """The remote shown and its credentials: the fields typed, else what the keyring keeps."""
        from hunyuan_desktop.sync.credentials import Credentials  # noqa: PLC0415 - with the first sync

        assert self.syncer is not None
        remote = self.remote.text().strip()
        kept = await self.syncer.stored_credentials(remote)
        return remote, Credentials(
            self.user.text().strip() or (kept.user if kept else ""),
            self.secret.text() or (kept.secret if kept else ""),
            self.passphrase.text() or (kept.passphrase if kept else ""),
        )

    def values(self) -> dict[str, object]:
        """What Save writes: the remote, the automatic switch, the plain-http remote allowed."""
        remote = self.remote.text().strip()
        allowed = remote if self.allow_http.isChecked() and insecure(remote) else ""
        return {"sync_remote": remote, "sync_auto": self.auto.isChecked(), "sync_http_confirmed": allowed}


def insecure(remote: str) -> bool:
    """A plain-http remote on another computer (sync/remote.py's rule, without loading the sync package)."""
    parts = urlsplit(remote.strip())
    return parts.scheme.endswith("+http") and not is_loopback(parts.hostname or "")
