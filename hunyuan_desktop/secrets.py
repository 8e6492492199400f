"""The API key: in the OS keyring (service ``hunyuan-desktop``, user name = provider id), never elsewhere.

``HUNYUAN_API_KEY`` overrides the default provider's key (wcode's, as the README says, whichever provider
Settings opens on) for the run and is never written. When the keyring is missing or locked,
the caller gets a typed error whose message says what to do, and may keep a key in memory for this run
only (:meth:`KeyStore.use_for_session`). There is no file fallback, ever.

keyring talks to D-Bus and can take 100 ms: the ``a*`` methods run it in an executor, off the GUI
thread. No Qt here.
"""

from __future__ import annotations

import asyncio
import enum
from typing import Any

# keyring (and the D-Bus stack under it) costs ~35 ms to import: it is imported on first use, which is
# in an executor after the window is shown, not on the start-up path.

SERVICE = "hunyuan-desktop"
GENERAL_PROXY = "general"  # the proxy of every provider without one of its own


def proxy_secret(scope: str) -> str:
    """The keyring user name of a proxy's password: ``proxy:general`` or ``proxy:<provider id>`` (provider
    ids hold no ":", so it never names a provider's key)."""
    return f"proxy:{scope}"


class KeySource(enum.StrEnum):
    ENVIRONMENT = "environment"
    KEYRING = "keyring"
    SESSION = "session"
    NONE = "none"


class SecretsError(Exception):
    """The keyring could not be used. The message never contains a key."""


class KeyringUnavailableError(SecretsError):
    pass


class KeyringLockedError(SecretsError):
    pass


def _translate(exc: Exception) -> SecretsError:
    import keyring.errors

    if isinstance(exc, keyring.errors.KeyringLocked):
        return KeyringLockedError(
            "the system keyring is locked; unlock it (log in to your desktop session or open your "
            "password manager) and try again, or use the key for this session only"
        )
    name = type(exc).__name__
    return KeyringUnavailableError(
        f"no usable system keyring ({name}); install and start a Secret Service such as GNOME Keyring "
        "or KWallet, or use the key for this session only — it will not be remembered"
    )


def sendable_key(key: str) -> bool:
    """Whether ``key`` can travel in an HTTP header: printable ASCII without spaces (a key pasted with a
    line break, a non-breaking space or a zero-width character is refused before it is stored)."""
    return bool(key) and key.isascii() and key.isprintable() and not any(ch.isspace() for ch in key)


class KeyStore:
    def __init__(self, backend: Any | None = None, env_key: str | None = None, env_provider: str = "wcode") -> None:
        self._backend = backend
        self._env_key = env_key.strip() if env_key and env_key.strip() else None
        self._env_provider = env_provider  # HUNYUAN_API_KEY is this provider's key, no other's
        self._session: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"KeyStore(backend={type(self._backend).__name__}, env={'set' if self._env_key else 'unset'})"

    def _kr(self) -> Any:
        if self._backend is None:
            import keyring

            self._backend = keyring.get_keyring()
        return self._backend

    @property
    def backend_name(self) -> str:
        try:
            return type(self._kr()).__module__ + "." + type(self._kr()).__name__
        except Exception:
            return "unavailable"

    # ---- blocking calls (run them through the async wrappers from the GUI) -------------------------

    def get(self, provider: str) -> tuple[str | None, KeySource]:
        import keyring.errors

        if self._env_key and provider == self._env_provider:
            return self._env_key, KeySource.ENVIRONMENT
        if provider in self._session:
            return self._session[provider], KeySource.SESSION
        try:
            value = self._kr().get_password(SERVICE, provider)
        except keyring.errors.KeyringError as exc:
            raise _translate(exc) from None
        if value:
            return value, KeySource.KEYRING
        return None, KeySource.NONE

    def set(self, provider: str, key: str) -> None:
        import keyring.errors

        key = key.strip()
        if not key:
            raise ValueError("the key is empty")
        try:
            self._kr().set_password(SERVICE, provider, key)
        except keyring.errors.PasswordSetError as exc:
            raise KeyringUnavailableError(
                "the system keyring refused to store the key; check that it is unlocked and try again"
            ) from exc.__cause__
        except keyring.errors.KeyringError as exc:
            raise _translate(exc) from None
        self._session.pop(provider, None)

    def delete(self, provider: str) -> None:
        import keyring.errors

        self._session.pop(provider, None)
        try:
            self._kr().delete_password(SERVICE, provider)
        except keyring.errors.PasswordDeleteError:
            return  # nothing stored: already the state the user asked for
        except keyring.errors.KeyringError as exc:
            raise _translate(exc) from None

    def use_for_session(self, provider: str, key: str) -> None:
        """Keep a key in memory for this run only (keyring unavailable or the user's choice)."""
        key = key.strip()
        if not key:
            raise ValueError("the key is empty")
        self._session[provider] = key

    def check(self) -> None:
        """Raise a SecretsError when the keyring cannot be used at all."""
        if not self._env_key:
            self.get("__probe__")

    # ---- async wrappers ----------------------------------------------------------------------------

    async def aget(self, provider: str) -> tuple[str | None, KeySource]:
        return await asyncio.get_running_loop().run_in_executor(None, self.get, provider)

    async def aset(self, provider: str, key: str) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.set, provider, key)

    async def adelete(self, provider: str) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.delete, provider)
