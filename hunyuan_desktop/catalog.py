"""The provider and model catalog shipped in ``resources/catalog.json``, and cost in yuan. No Qt."""

from __future__ import annotations

import importlib.resources
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hunyuan_desktop.domain import (
    DEFAULT_PROVIDER,
    BalanceKind,
    Model,
    Price,
    Provider,
    SearchStyle,
    ThinkingStyle,
    Usage,
    is_loopback,
    plausible_yuan,
    split_ref,
)
from hunyuan_desktop.settings import ProviderOptions, Settings


def resources_dir() -> Path:
    """The catalog, translations and icons: inside the installed package (``_resources``, read through
    ``importlib.resources``; a wheel and the bundle carry them there), else a source checkout's
    ``resources/`` (an editable install)."""
    packaged = importlib.resources.files("hunyuan_desktop") / "_resources"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("the resources folder is missing from this installation")


def _price(raw: dict[str, Any]) -> Price | None:
    single = raw.get("price")
    price_in = raw.get("input_price", single)
    price_out = raw.get("output_price", single)
    if price_in is None or price_out is None:
        return None  # the catalog does not know it: shown as unknown, never as free
    return Price(Decimal(str(price_in)), Decimal(str(price_out)))


def _model(raw: dict[str, Any], provider: str) -> Model:
    return Model(
        id=raw["id"],
        name=raw.get("name", raw["id"]),
        price=_price(raw),
        updated=raw.get("updated", ""),
        context_tokens=int(raw.get("context_tokens", 32000)),
        max_output_tokens=int(raw.get("max_output_tokens", 4096)),
        max_messages=int(raw.get("max_messages", 40)),
        reasoning=bool(raw.get("reasoning", False)),
        provider=provider,
        search=bool(raw.get("search", False)),
        vision=bool(raw.get("vision", False)),
    )


def load_catalog(path: Path | None = None) -> dict[str, Provider]:
    path = path or resources_dir() / "catalog.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    providers: dict[str, Provider] = {}
    for raw in data["providers"]:
        pid = raw["id"]
        providers[pid] = Provider(
            id=pid,
            name=raw["name"],
            base_url=raw["base_url"],
            balance_header=raw.get("balance_header"),
            billing_path=raw.get("billing_path"),
            get_key_url=raw.get("get_key_url", ""),
            recharge_url=raw.get("recharge_url", ""),
            models=tuple(_model(m, pid) for m in raw["models"]),
            balance=BalanceKind(raw.get("balance", "")),  # an unknown kind fails at start, not mid-turn
            key_required=bool(raw.get("key_required", True)),
            search=SearchStyle(raw.get("search", "")),
            search_sources=bool(raw.get("search_sources", True)),
            thinking=ThinkingStyle(raw.get("thinking", "")),
            site=raw.get("site", ""),
            note=raw.get("note", ""),
            title_model=raw.get("title_model", ""),
        )
    return providers


class Catalog:
    """The shipped providers with what the user added in Settings (:class:`ProviderOptions`): a base URL,
    model ids fetched from ``/models`` or typed, and prices. Every model knows its provider; a reference
    (``deepseek:deepseek-v4-pro``) names both. Which providers' models are offered is ``enabled``. It
    follows the settings: :meth:`use` when they change (the settings store announces it)."""

    def __init__(
        self,
        shipped: dict[str, Provider],
        options: Mapping[str, ProviderOptions] | None = None,
        enabled: Sequence[str] = (DEFAULT_PROVIDER,),
    ) -> None:
        self.shipped = shipped
        self.options: Mapping[str, ProviderOptions] = options or {}
        self.enabled_ids: tuple[str, ...] = tuple(enabled)
        self._merged: dict[str, Provider] = {}

    @classmethod
    def of(cls, shipped: dict[str, Provider], settings: Settings) -> Catalog:
        return cls(shipped, settings.provider_options, settings.providers_enabled)

    def use(self, settings: Settings) -> None:
        """The providers as these settings make them (after a Save)."""
        self.options = settings.provider_options
        self.enabled_ids = settings.providers_enabled
        self._merged.clear()

    def ids(self) -> list[str]:
        return list(self.shipped)

    def option(self, provider_id: str) -> ProviderOptions:
        return self.options.get(provider_id) or ProviderOptions()

    def provider(self, provider_id: str) -> Provider:
        """The provider with the user's models and prices merged in; an unknown id is the default's."""
        merged = self._merged.get(provider_id)
        if merged is not None:
            return merged
        base = self.shipped.get(provider_id) or self.shipped[DEFAULT_PROVIDER]
        option = self.option(base.id)
        marked = set(option.vision)
        models = [
            replace(m, price=option.prices.get(m.id, m.price), vision=m.vision or m.id in marked) for m in base.models
        ]
        known = {m.id for m in models}
        for model_id in option.models:  # at most MAX_USER_MODELS, checked when read
            if model_id not in known:
                known.add(model_id)
                price = option.prices.get(model_id)
                models.append(Model(model_id, model_id, price, provider=base.id, vision=model_id in marked))
        merged = replace(base, models=tuple(models), base_url=option.base_url or base.base_url)
        self._merged[base.id] = merged
        return merged

    def enabled(self) -> list[Provider]:
        """The providers whose models the model list offers, the default first."""
        ids = [i for i in dict.fromkeys(self.enabled_ids) if i in self.shipped] or [DEFAULT_PROVIDER]
        return [self.provider(i) for i in ids]

    def split(self, ref: str) -> tuple[str, str]:
        return split_ref(ref, self.shipped)

    def model(self, ref: str) -> Model:
        """The model a reference names. One the catalog does not list (typed by hand, removed since) is
        still usable: its price is unknown and its limits generous."""
        provider_id, model_id = self.split(ref)
        found = self.provider(provider_id).model(model_id)
        return found if found is not None else Model(model_id, model_id, None, provider=provider_id)

    def is_local(self, provider_id: str) -> bool:
        """Whether a provider runs on this computer (Ollama, LM Studio, a custom server on loopback): what
        is said to it stays here, and nothing makes it travel to a remote one (automatic titles)."""
        provider = self.provider(provider_id)
        try:
            host = urlsplit(provider.base_url).hostname or ""
        except ValueError:
            host = ""
        return not provider.key_required or is_loopback(host)

    def provider_of(self, ref: str) -> Provider:
        return self.provider(self.split(ref)[0])

    def choices(self) -> list[Model]:
        """Every model of the enabled providers, provider by provider."""
        return [m for p in self.enabled() for m in p.models]

    def label(self, ref: str) -> str:
        """How a model is named on screen: its id, with the provider's name unless it is the default's."""
        provider_id, model_id = self.split(ref)
        if provider_id == DEFAULT_PROVIDER or provider_id not in self.shipped:
            return model_id
        return f"{model_id} · {self.shipped[provider_id].name}"


def cost_of(model: Model | None, usage: Usage | None) -> Decimal | None:
    """What a request cost in yuan, or None when the usage or the model's price is not known."""
    if model is None or usage is None or model.price is None:
        return None
    return model.price.cost(usage)


def format_yuan(amount: Decimal | None) -> str:
    """Money, by one rule everywhere (header, footer, prices, Settings): four decimal places; a small
    amount (under ¥0.01) that four places would round gets up to six: ``¥99.9980``, ``¥0.0003``,
    ``¥0.000678``. Never raises (an amount no account holds shows as ``¥?``)."""
    if amount is None:
        return "—"
    if plausible_yuan(amount) is None:
        return "¥?"
    places = 4
    while places < 6 and abs(amount) < Decimal("0.01") and amount != amount.quantize(Decimal(1).scaleb(-places)):
        places += 1
    shown = abs(amount).quantize(Decimal(1).scaleb(-places))
    return f"{'-' if amount < 0 and shown else ''}¥{shown}"


CURRENCY_SIGNS = {"CNY": "¥", "USD": "$"}


def format_money(amount: Decimal | None, currency: str = "CNY") -> str:
    """A balance in its own currency: yuan by :func:`format_yuan`'s rule, dollars as ``$12.3400``."""
    if currency == "CNY" or amount is None:
        return format_yuan(amount)
    text = format_yuan(amount)
    sign = CURRENCY_SIGNS.get(currency)
    return text.replace("¥", sign) if sign else text.replace("¥", "") + f" {currency}"
