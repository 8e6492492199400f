"""The provider and model catalog shipped in ``resources/catalog.json``, and cost in yuan. No Qt."""

from __future__ import annotations

import importlib.resources
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from hunyuan_desktop.domain import Model, Price, Provider, Usage, plausible_yuan

DEFAULT_PROVIDER = "wcode"


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


def _model(raw: dict[str, Any]) -> Model:
    single = raw.get("price")
    price_in = Decimal(str(raw.get("input_price", single)))
    price_out = Decimal(str(raw.get("output_price", single)))
    return Model(
        id=raw["id"],
        name=raw.get("name", raw["id"]),
        price=Price(price_in, price_out),
        updated=raw.get("updated", ""),
        context_tokens=int(raw.get("context_tokens", 32000)),
        max_output_tokens=int(raw.get("max_output_tokens", 4096)),
        max_messages=int(raw.get("max_messages", 40)),
        reasoning=bool(raw.get("reasoning", False)),
    )


def load_catalog(path: Path | None = None) -> dict[str, Provider]:
    path = path or resources_dir() / "catalog.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    providers: dict[str, Provider] = {}
    for raw in data["providers"]:
        providers[raw["id"]] = Provider(
            id=raw["id"],
            name=raw["name"],
            base_url=raw["base_url"],
            balance_header=raw.get("balance_header"),
            billing_path=raw.get("billing_path"),
            get_key_url=raw.get("get_key_url", ""),
            recharge_url=raw.get("recharge_url", ""),
            models=tuple(_model(m) for m in raw["models"]),
        )
    return providers


def cost_of(model: Model | None, usage: Usage | None) -> Decimal | None:
    if model is None or usage is None:
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
