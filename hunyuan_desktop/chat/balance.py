"""Each provider's balance: the last one known, where it came from, and when to ask again (QtCore only).

One owner for what the window and the controller both decided before: the cache (the archive's last
snapshot until a reply or the balance endpoint says more), the refresh policy (a provider that publishes
a balance endpoint is asked once per run when first shown, and after each turn when its replies carry no
balance header), and the low-balance rule. A reply's header that arrives while the endpoint is asked is
newer than the endpoint's answer: the newer one is kept.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from hunyuan_desktop.api.endpoint import Endpoint
from hunyuan_desktop.api.errors import ApiError
from hunyuan_desktop.catalog import Catalog
from hunyuan_desktop.domain import BalanceSource, Money
from hunyuan_desktop.secrets import SecretsError
from hunyuan_desktop.store.archive import Archive, StoreError

if TYPE_CHECKING:
    from hunyuan_desktop.api.client import ChatClient

log = logging.getLogger(__name__)

EndpointFactory = Callable[[str], Awaitable[Endpoint]]  # provider id -> where and as whom to call


class BalanceService(QObject):
    changed = Signal(str)  # the provider id whose balance changed (see known)

    def __init__(
        self,
        archive: Archive,
        client: Callable[[], ChatClient],
        catalog: Catalog,
        endpoint: EndpointFactory,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._archive = archive
        self._client = client
        self._catalog = catalog
        self._endpoint = endpoint
        self._known: dict[str, tuple[Money, float] | None] = {}  # provider id -> last known, read once
        self._asked: set[str] = set()  # providers whose endpoint was asked this run
        self._reads: set[asyncio.Task[Money | None]] = set()

    def known(self, provider_id: str) -> tuple[Money, float] | None:
        """The provider's last known balance and when it was read, or None when none is known."""
        if provider_id not in self._known:
            try:
                self._known[provider_id] = self._archive.latest_balance(provider_id)
            except StoreError as exc:
                log.warning("could not read the last balance: %s", exc)
                self._known[provider_id] = None
        return self._known[provider_id]

    @staticmethod
    def is_low(money: Money, warn_below: Decimal) -> bool:
        """Below the user's warning level (yuan only: a dollar balance is not compared with a yuan level)."""
        return money.currency == "CNY" and money.amount < warn_below

    def note(self, provider_id: str, amount: Money, source: BalanceSource) -> None:
        """A balance a reply's header, an error, or the endpoint stated: kept, recorded, announced."""
        self._known[provider_id] = (amount, time.time())
        try:
            self._archive.record_balance(provider_id, amount.amount, source.value, amount.currency)
        except StoreError as exc:
            log.warning("could not record the balance: %s", exc)
        self.changed.emit(provider_id)

    def publishes(self, provider_id: str) -> bool:
        provider = self._catalog.provider(provider_id)
        return bool(provider.balance or provider.balance_header)

    def shown(self, provider_id: str) -> None:
        """A provider's balance is about to be shown: its endpoint is asked, once per run."""
        if self.publishes(provider_id) and provider_id not in self._asked:
            self._asked.add(provider_id)
            self._spawn(provider_id)

    def after_turn(self, provider_id: str) -> None:
        """A provider that states its balance only at an endpoint (DeepSeek, Moonshot, SiliconFlow,
        OpenRouter) is asked again after each turn, so the header does not show a balance from before the
        turn (wcode's replies carry it in a header: nothing to ask)."""
        provider = self._catalog.provider(provider_id)
        if provider.balance and not provider.balance_header and not any(not t.done() for t in self._reads):
            self._spawn(provider_id)

    def _spawn(self, provider_id: str) -> None:
        task = asyncio.ensure_future(self.refresh(provider_id))
        self._reads.add(task)
        task.add_done_callback(self._reads.discard)

    async def refresh(self, provider_id: str) -> Money | None:
        """Ask the provider's balance endpoint (if it has one); a failure keeps the last known balance."""
        asked_at = time.time()
        try:
            endpoint = await self._endpoint(provider_id)
            if (endpoint.key_required and not endpoint.api_key) or endpoint.billing_url is None:
                return None
            amount = await self._client().fetch_balance(endpoint)
        except (ApiError, SecretsError) as exc:
            log.info("balance refresh failed: %s", exc)
            return None
        known = self.known(provider_id)
        if known is None or known[1] <= asked_at:
            # A reply's header that arrived meanwhile is newer than this answer: keep it.
            self.note(provider_id, amount, BalanceSource.BILLING)
        return amount

    async def shutdown(self) -> None:
        for task in list(self._reads):
            task.cancel()
        if self._reads:
            await asyncio.gather(*self._reads, return_exceptions=True)
