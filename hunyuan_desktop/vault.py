"""Encrypted snapshots of the archive (backup and restore): a consistent copy made by SQLite itself
(``VACUUM INTO``, safe while the app writes), sealed with a passphrase: scrypt derives the key, AES-GCM
encrypts and authenticates (the ``cryptography`` package). Without the passphrase nobody can read a
backup, and a wrong one is known before anything changes.

The sealed form: ``MAGIC`` (names the format and its version), the scrypt salt (16 bytes), the nonce
(12 bytes), then the zlib-compressed snapshot encrypted, ``MAGIC`` authenticated with it."""

from __future__ import annotations

import os
import sqlite3
import zlib
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"HUNYUAN-DESKTOP-BACKUP/1\n"
SUFFIX = ".hybak"
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**15, 8, 1  # about 0.1 s and 32 MB here: slow to guess, quick to use


class VaultError(Exception):
    """A backup that cannot be used: its text says why, for the user."""


def snapshot(archive: Path, target: Path) -> None:
    """A consistent copy of ``archive`` (its WAL included) at ``target``, which must not exist."""
    source = sqlite3.connect(f"file:{archive}?mode=ro", uri=True)
    try:
        source.execute("VACUUM INTO ?", (str(target),))
    except sqlite3.Error as exc:
        raise VaultError(f"the archive could not be copied ({exc})") from exc
    finally:
        source.close()


def _key(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P).derive(passphrase.encode("utf-8"))


def seal(data: bytes, passphrase: str) -> bytes:
    salt, nonce = os.urandom(16), os.urandom(12)
    return MAGIC + salt + nonce + AESGCM(_key(passphrase, salt)).encrypt(nonce, zlib.compress(data, 6), MAGIC)


def open_sealed(sealed: bytes, passphrase: str) -> bytes:
    """The snapshot inside ``sealed``; VaultError for another file, a newer format or a wrong passphrase."""
    if not sealed.startswith(MAGIC):
        if sealed.startswith(MAGIC.split(b"/")[0]):
            raise VaultError("this backup was written by a newer version of the app")
        raise VaultError("this is not a backup of this app")
    body = sealed[len(MAGIC) :]
    salt, nonce, encrypted = body[:16], body[16:28], body[28:]
    try:
        return zlib.decompress(AESGCM(_key(passphrase, salt)).decrypt(nonce, encrypted, MAGIC))
    except InvalidTag as exc:
        raise VaultError("the passphrase is wrong (or the backup is damaged)") from exc


def check_archive(path: Path) -> None:
    """``path`` is a whole archive of this app: SQLite says it is intact and it has conversations."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = db.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise VaultError(f"the backup holds no usable archive ({exc})") from exc
    if ok != "ok" or not {"conversations", "messages"} <= tables:
        raise VaultError("the backup holds no usable archive")


# ---- sync's records (sync/engine.py) -----------------------------------------------------------------------


def derive_key(passphrase: str, salt: bytes) -> bytes:
    """The key that seals sync's records: derived once per sync (scrypt, as for backups)."""
    return _key(passphrase, salt)


class Sealer:
    """AES-GCM with one key: each sealed piece is ``nonce (12 bytes) + ciphertext``, authenticated together
    with its ``label`` (the name it is stored under: a server that swaps two files is caught)."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, data: bytes, label: str) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, zlib.compress(data, 6), label.encode("utf-8"))

    def open(self, sealed: bytes, label: str) -> bytes:
        """Raises VaultError for a wrong key or a damaged (or swapped) piece."""
        try:
            return zlib.decompress(self._aead.decrypt(sealed[:12], sealed[12:], label.encode("utf-8")))
        except (InvalidTag, zlib.error, ValueError) as exc:
            raise VaultError(f"{label} on the remote cannot be read with this passphrase (or it is damaged)") from exc
