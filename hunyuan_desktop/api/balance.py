"""Reading a provider's balance from its own endpoint (docs/ARCHITECTURE.md, "Providers on the wire"). No HTTP here:
the client fetches the body, these functions read it. Each returns None when the body does not say.

=========== ============================== ============================================================
kind        endpoint                       what is read
=========== ============================== ============================================================
wcode       ``/api/account/billing/grants`` ``data.total_available`` (CNY; every reply also carries the
                                            ``X-Account-Balance`` header)
deepseek    ``{base}/user/balance``        ``balance_infos[].total_balance``, CNY preferred, else USD
moonshot    ``{base}/users/me/balance``    ``data.available_balance`` (CNY on .cn, USD on .ai)
siliconflow ``{base}/user/info``           ``data.totalBalance`` (CNY)
openrouter  ``{base}/key``                 ``data.limit_remaining`` (USD; null: the key has no limit)
=========== ============================== ============================================================
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hunyuan_desktop.domain import BalanceKind, Money, plausible_yuan

# Relative to the base URL (wcode's is relative to the origin: Endpoint.billing_path).
BALANCE_PATHS: dict[BalanceKind, str] = {
    BalanceKind.DEEPSEEK: "/user/balance",
    BalanceKind.MOONSHOT: "/users/me/balance",
    BalanceKind.SILICONFLOW: "/user/info",
    BalanceKind.OPENROUTER: "/key",
}


def _data(body: Any) -> dict[str, Any]:
    data = body.get("data") if isinstance(body, dict) else None
    return data if isinstance(data, dict) else {}


def _money(value: Any, currency: str) -> Money | None:
    amount = plausible_yuan(value) if isinstance(value, str | int | float) else None
    return Money(amount, currency) if amount is not None else None


def _wcode(body: Any, host: str) -> Money | None:
    return _money(_data(body).get("total_available"), "CNY")


def _deepseek(body: Any, host: str) -> Money | None:
    infos = body.get("balance_infos") if isinstance(body, dict) else None
    if not isinstance(infos, list):
        return None
    by_currency = {i.get("currency"): i for i in infos if isinstance(i, dict)}
    for currency in ("CNY", "USD"):
        if currency in by_currency:
            return _money(by_currency[currency].get("total_balance"), currency)
    return None


def _moonshot(body: Any, host: str) -> Money | None:
    return _money(_data(body).get("available_balance"), "USD" if host.endswith(".ai") else "CNY")


def _siliconflow(body: Any, host: str) -> Money | None:
    return _money(_data(body).get("totalBalance"), "CNY")


def _openrouter(body: Any, host: str) -> Money | None:
    return _money(_data(body).get("limit_remaining"), "USD")


PARSERS: dict[BalanceKind, Callable[[Any, str], Money | None]] = {
    BalanceKind.WCODE: _wcode,
    BalanceKind.DEEPSEEK: _deepseek,
    BalanceKind.MOONSHOT: _moonshot,
    BalanceKind.SILICONFLOW: _siliconflow,
    BalanceKind.OPENROUTER: _openrouter,
}


def read_balance(kind: BalanceKind, body: Any, host: str = "") -> Money | None:
    """The balance in a parsed JSON body of ``kind``'s endpoint (NONE: wcode's billing endpoint, which an
    endpoint with a billing path and no kind has); ``host``: the endpoint's host name (Moonshot's
    currency follows its site)."""
    parser = PARSERS.get(kind or BalanceKind.WCODE)
    return parser(body, host) if parser is not None else None
