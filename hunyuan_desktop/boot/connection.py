"""Where requests go right now, per provider, and the HTTP client made on first use.

A provider's base URL (Settings; ``--base-url`` for the default provider), its key (the keyring entry
named after it), its proxy (its own, else the general one; ``--proxy`` or ``HUNYUAN_PROXY`` for the run)
with the proxy's password from the keyring — or, in the demo, the stand-in server for every provider.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from hunyuan_desktop.api.endpoint import Endpoint, Timeouts
from hunyuan_desktop.api.errors import ApiError
from hunyuan_desktop.api.network import Network, ProxyValueError, check_proxy, with_password
from hunyuan_desktop.catalog import Catalog
from hunyuan_desktop.chat.controller import ChatController
from hunyuan_desktop.chat.settings_store import SettingsStore
from hunyuan_desktop.domain import DEFAULT_PROVIDER, BalanceSource, ConnectionCheck, ProxyMode
from hunyuan_desktop.secrets import GENERAL_PROXY, KeyStore, SecretsError, proxy_secret

if TYPE_CHECKING:
    from hunyuan_desktop.api.client import ChatClient
    from hunyuan_desktop.standin import DemoServer

log = logging.getLogger("hunyuan_desktop")


class Secrets:
    """Every key and password this run has used, for the log formatter to mask wherever one appears. Read
    from the log's thread while the GUI thread adds to it: a lock, and readers get a copy."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: set[str] = set()

    def add(self, secret: str) -> None:
        if secret:
            with self._lock:
                self._items.add(secret)

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            return iter(tuple(self._items))  # a snapshot


class LazyClient:
    """The HTTP client, made on first use (a request, after the window is shown): importing httpx and
    httpcore costs ~50 ms that start-up does not need."""

    def __init__(self, timeouts: Timeouts | None) -> None:
        self._timeouts = timeouts
        self._client: ChatClient | None = None

    def __call__(self) -> ChatClient:
        if self._client is None:
            from hunyuan_desktop.api.client import ChatClient

            self._client = ChatClient(timeouts=self._timeouts)
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()


@dataclass
class Connection:
    catalog: Catalog
    settings: SettingsStore
    keys: KeyStore
    override_url: str | None = None  # --base-url: the default provider's, for this run
    override_proxy: str | None = None  # --proxy or HUNYUAN_PROXY, for this run
    demo: DemoServer | None = None
    demo_key: str = ""
    secrets: Secrets = field(default_factory=Secrets)
    default_provider: str = DEFAULT_PROVIDER

    def base_url(self, provider_id: str | None = None) -> str:
        provider_id = provider_id or self.default_provider
        if self.demo is not None:
            return self.demo.base_url
        if self.override_url and provider_id == self.default_provider:
            return self.override_url
        return self.catalog.provider(provider_id).base_url

    async def network(self, provider_id: str | None = None, proxy: str | None = None) -> Network:
        """The proxy (this run's, else the provider's own, else the general setting) and the extra CA file.
        ``proxy``: a provider proxy setting to use instead of the stored one (the connection test of what
        Settings shows). A proxy's password is not in the settings file: it is the keyring's entry
        ``proxy:<provider id>`` (or ``proxy:general``)."""
        settings = self.settings.current
        provider_id = provider_id or self.default_provider
        own = proxy if proxy is not None else self.catalog.option(provider_id).proxy
        scope = provider_id if own else GENERAL_PROXY
        if self.override_proxy:
            return Network(self.override_proxy, settings.ca_file)
        try:
            value = check_proxy(own or settings.proxy)
        except ProxyValueError as exc:
            log.warning("the proxy in the settings is not usable (%s); using the system's", exc)
            value = ProxyMode.SYSTEM.value
        return Network(await self._with_password(value, scope), settings.ca_file)

    async def _with_password(self, proxy: str, scope: str) -> str:
        """A proxy URL with a user name gets its password from the keyring (none there: as it is)."""
        parts = urlsplit(proxy)
        if ProxyMode.of(proxy) is not ProxyMode.CUSTOM or not parts.username or parts.password is not None:
            return proxy
        try:
            password, _ = await self.keys.aget(proxy_secret(scope))
        except SecretsError as exc:
            log.warning("the proxy's password could not be read from the keyring: %s", exc)
            return proxy
        if not password:
            return proxy
        self.secrets.add(password)
        return with_password(proxy, password)

    async def endpoint(self, provider_id: str | None = None, typed_key: str | None = None) -> Endpoint:
        """``typed_key``: a key typed in Settings and not saved (the connection test): the keyring is not
        asked."""
        provider = self.catalog.provider(provider_id or self.default_provider)
        if self.demo is not None:
            wcode = self.catalog.provider(DEFAULT_PROVIDER)  # the stand-in speaks wcode's dialect
            return Endpoint(self.demo.base_url, self.demo_key, wcode.balance_header, wcode.billing_path)
        key: str | None = typed_key
        try:
            if key is None:
                key, _ = await self.keys.aget(provider.id)
        except SecretsError:
            if provider.key_required:
                raise
            key = None  # a local server (Ollama, LM Studio) needs no key: no keyring is no obstacle
        if key:
            self.secrets.add(key)
        return Endpoint(
            self.base_url(provider.id),
            key or "",
            provider.balance_header,
            provider.billing_path,
            await self.network(provider.id),
            balance_kind=provider.balance,
            key_required=provider.key_required,
        )

    async def ready(self, provider_id: str) -> bool:
        """Whether ``provider_id`` can be asked now: the demo, a provider that needs no key, or a key known
        (the keyring, this session's, the environment's). No keyring at all counts as no key."""
        if self.demo is not None or not self.catalog.provider(provider_id).key_required:
            return True
        try:
            key, _ = await self.keys.aget(provider_id)
        except SecretsError:
            return False
        return bool(key)

    async def test(
        self,
        client: LazyClient,
        controller: ChatController,
        provider_id: str,
        base_url: str,
        proxy: str,
        key: str | None = None,
    ) -> ConnectionCheck:
        """Spends no tokens: the model list (the key is accepted, the models are there), then the balance
        where the provider publishes one. ``base_url``, ``proxy`` and ``key``: as Settings shows them,
        unsaved (testing needs no saving; no key typed: the one kept)."""
        if key:
            self.secrets.add(key)  # masked in the log from now on, whether or not it is kept
        endpoint = await self.endpoint(provider_id, key or None)
        if self.demo is None:
            network = await self.network(provider_id, proxy)
            endpoint = replace(endpoint, base_url=base_url or endpoint.base_url, network=network)
        models = await client().list_models(endpoint)
        balance = None
        if endpoint.billing_url is not None:
            try:
                balance = await client().fetch_balance(endpoint)
            except ApiError as exc:  # the key works (the models answered); the balance is an extra
                log.info("balance during the connection test failed: %s", exc)
            else:
                controller.balances.note(provider_id, balance, BalanceSource.BILLING)
        return ConnectionCheck(tuple(models), balance)

    def start_demo(self, balance: Decimal | None = None) -> None:
        """The stand-in for every provider; ``balance``: what the demo's own archive last recorded (the
        demo's balance goes on from where it was)."""
        if self.demo is None:
            from hunyuan_desktop.standin import DEMO_KEY, DemoServer  # only demo users pay for it

            # keeps nothing, takes no orders
            server = DemoServer(rate=80.0, chunk_chars=3, record=False, control=False)
            if balance is not None:
                server.reset(balance)
            server.start()
            self.demo = server
            self.demo_key = DEMO_KEY

    def stop(self) -> None:
        if self.demo is not None:
            self.demo.stop()
