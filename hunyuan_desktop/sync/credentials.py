"""A sync remote's credentials and passphrase: in the system keyring (one entry each, named after the remote),
or for this run only. Never in a file, a log or the URL. No Qt.

The command line reads the environment first (boot/sync_command.py); the window reads only what the user
entered in Settings → Sync and kept here."""

from __future__ import annotations

from dataclasses import dataclass

from hunyuan_desktop.secrets import KeyStore, SecretsError
from hunyuan_desktop.sync.remote import RemoteUrl

PARTS = ("user", "secret", "passphrase")


@dataclass(frozen=True)
class Credentials:
    """WebDAV's user name and password, or S3's access key id and secret key; and the passphrase."""

    user: str
    secret: str
    passphrase: str

    def __repr__(self) -> str:  # never the secrets, in a log or a traceback
        return f"Credentials(user={self.user!r}, secret=…, passphrase=…)"

    @property
    def complete(self) -> bool:
        return bool(self.user and self.secret and self.passphrase)


def account(url: RemoteUrl, part: str) -> str:
    """The keyring entry of one part (``PARTS``) for this remote."""
    return f"sync:{part}:{url.text}"


def stored(keys: KeyStore, url: RemoteUrl) -> Credentials:
    """What the keyring (or this run's memory) keeps for ``url``; empty parts where nothing is kept or the
    keyring cannot be used. Blocking: the window calls it off the GUI thread."""
    values = []
    for part in PARTS:
        try:
            values.append(keys.get(account(url, part))[0] or "")
        except SecretsError:
            values.append("")
    return Credentials(*values)


def remember(keys: KeyStore, url: RemoteUrl, credentials: Credentials) -> bool:
    """Keep the credentials in the keyring; False when it cannot (they are then kept for this run only).
    Blocking."""
    values = (credentials.user, credentials.secret, credentials.passphrase)
    try:
        for part, value in zip(PARTS, values, strict=True):
            keys.set(account(url, part), value)
        return True
    except SecretsError:
        for part, value in zip(PARTS, values, strict=True):
            keys.use_for_session(account(url, part), value)
        return False
