"""The key lives only in the OS keyring; failures are typed and say what to do."""

from __future__ import annotations

import os
import uuid

import keyring
import keyring.backends.fail
import keyring.errors
import pytest

from hunyuan_desktop.secrets import (
    SERVICE,
    KeyringLockedError,
    KeyringUnavailableError,
    KeySource,
    KeyStore,
)


class MemoryKeyring:
    """A test double with keyring's backend methods. Deliberately not a KeyringBackend subclass:
    keyring discovers every subclass and would chain it into the real default backend."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.items:
            raise keyring.errors.PasswordDeleteError("not found")
        del self.items[(service, username)]


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


def no_keyring() -> object:
    """keyring's own "no backend" backend, as on a machine without a Secret Service."""
    return keyring.backends.fail.Keyring()  # type: ignore[no-untyped-call]


def test_round_trip_under_service_and_provider_name() -> None:
    backend = MemoryKeyring()
    store = KeyStore(backend)
    assert store.get("wcode") == (None, KeySource.NONE)
    store.set("wcode", "  sk-abc  ")
    assert backend.items == {(SERVICE, "wcode"): "sk-abc"}
    assert store.get("wcode") == ("sk-abc", KeySource.KEYRING)
    store.delete("wcode")
    store.delete("wcode")  # deleting what is not there is fine
    assert store.get("wcode") == (None, KeySource.NONE)


def test_environment_key_overrides_and_is_never_written() -> None:
    backend = MemoryKeyring()
    store = KeyStore(backend, env_key="sk-from-env")
    assert store.get("wcode") == ("sk-from-env", KeySource.ENVIRONMENT)
    assert backend.items == {}
    assert "sk-from-env" not in repr(store)


def test_no_backend_is_a_typed_error_that_says_what_to_do() -> None:
    store = KeyStore(no_keyring())
    with pytest.raises(KeyringUnavailableError, match="session only"):
        store.get("wcode")
    with pytest.raises(KeyringUnavailableError):
        store.set("wcode", "sk-x")
    with pytest.raises(KeyringUnavailableError):
        store.check()


def test_locked_keyring_is_a_typed_error() -> None:
    store = KeyStore(LockedKeyring())
    with pytest.raises(KeyringLockedError, match="unlock"):
        store.get("wcode")
    with pytest.raises(KeyringLockedError):
        store.set("wcode", "sk-secret-value")


def test_session_only_key_when_keyring_is_missing() -> None:
    store = KeyStore(no_keyring())
    store.use_for_session("wcode", "sk-session")
    assert store.get("wcode") == ("sk-session", KeySource.SESSION)


def test_error_messages_never_contain_the_key() -> None:
    store = KeyStore(LockedKeyring())
    with pytest.raises(KeyringLockedError) as info:
        store.set("wcode", "sk-secret-value")
    assert "sk-secret-value" not in str(info.value) and "sk-secret-value" not in repr(info.value)


async def test_async_wrappers_run_off_the_loop() -> None:
    store = KeyStore(MemoryKeyring())
    await store.aset("wcode", "sk-1")
    assert await store.aget("wcode") == ("sk-1", KeySource.KEYRING)
    await store.adelete("wcode")
    assert await store.aget("wcode") == (None, KeySource.NONE)


def test_real_secret_service_round_trip() -> None:
    """Against the system's Secret Service (gnome-keyring in a private D-Bus session under `make test`)."""
    backend = keyring.get_keyring()
    chain = getattr(backend, "backends", [backend])
    assert any("SecretService" in type(b).__module__ for b in chain), (
        f"no Secret Service here (backend {type(backend).__name__}); run the suite with `make test`, "
        "which starts gnome-keyring in a private D-Bus session"
    )
    provider = f"test-{uuid.uuid4().hex[:8]}"
    other = f"test-{uuid.uuid4().hex[:8]}"  # a second provider: each has its own entry, at the same time
    store = KeyStore()
    secret = "sk-ci-" + uuid.uuid4().hex
    other_secret = "sk-ci-other-" + uuid.uuid4().hex
    store.set(provider, secret)
    store.set(other, other_secret)
    try:
        assert KeyStore().get(provider) == (secret, KeySource.KEYRING)  # a fresh store reads it back
        assert KeyStore().get(other) == (other_secret, KeySource.KEYRING)
        assert keyring.get_password(SERVICE, provider) == secret
    finally:
        store.delete(provider)
    assert KeyStore().get(provider) == (None, KeySource.NONE)
    assert KeyStore().get(other) == (other_secret, KeySource.KEYRING)  # removing one leaves the other
    store.delete(other)
    assert KeyStore().get(other) == (None, KeySource.NONE)
    assert os.environ.get("HUNYUAN_API_KEY") is None


def test_the_environment_key_is_the_default_providers_only() -> None:
    store = KeyStore(MemoryKeyring(), env_key="sk-env-0001", env_provider="wcode")
    store.set("deepseek", "sk-deepseek-0002")
    assert store.get("wcode") == ("sk-env-0001", KeySource.ENVIRONMENT)
    assert store.get("deepseek") == ("sk-deepseek-0002", KeySource.KEYRING)  # never the Hunyuan key
    assert store.get("moonshot") == (None, KeySource.NONE)
