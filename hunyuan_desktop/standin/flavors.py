"""How each provider differs on the wire (see docs/ARCHITECTURE.md, "The stand-in server"): where its API
lives, where and how it states the balance, the body it sends when the money is gone, how it returns web
search sources and names reasoning; and how a request asks for reasoning."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

API_PREFIX = "/api/gpt/v1"
BILLING_PATH = "/api/account/billing/grants"


@dataclass(frozen=True)
class Flavor:
    """How one provider differs on the wire (docs/ARCHITECTURE.md, "Providers on the wire"): where its API lives, where
    and how it states the balance, the body it sends when the money is gone, how it returns web search
    sources and names reasoning. wcode's is the default; the others let tests prove the app follows
    each provider's own shape."""

    prefix: str = API_PREFIX
    balance_header: bool = True  # X-Account-Balance on every reply (wcode only)
    balance_path: str = ""  # relative to the prefix ("" : wcode's billing endpoint at the origin)
    currency: str = "CNY"
    broke_status: int = 403
    broke_body: Any = None  # None: wcode's OpenAI-style quota message
    search: str = ""  # "search_results" (TokenHub), "silent" (DashScope: searched, no sources returned)
    reasoning_field: str = "reasoning_content"
    keyless: bool = False  # a local server: no Authorization header needed (with api_key None)


FLAVORS: dict[str, Flavor] = {
    "wcode": Flavor(),
    "tokenhub": Flavor(prefix="/v1", balance_header=False, search="search_results"),
    "deepseek": Flavor(
        prefix="", balance_header=False, balance_path="/user/balance", broke_status=402,
        broke_body={"error": {"message": "Insufficient Balance", "type": "unknown_error"}},
    ),
    "dashscope": Flavor(
        prefix="/compatible-mode/v1", balance_header=False, search="silent", broke_status=400,
        broke_body={"error": {"code": "Arrearage",
                              "message": "Access denied, please make sure your account is in good standing."}},
    ),
    "moonshot": Flavor(prefix="/v1", balance_header=False, balance_path="/users/me/balance"),
    "zhipu": Flavor(
        prefix="/api/paas/v4", balance_header=False, broke_status=429,
        broke_body={"error": {"code": "1113", "message": "余额不足或无可用资源包,请充值。"}},
    ),
    "siliconflow": Flavor(
        prefix="/v1", balance_header=False, balance_path="/user/info", broke_status=403,
        broke_body={"code": 30001, "message": "Sorry, your account balance is insufficient", "data": None},
    ),
    "openrouter": Flavor(
        prefix="/api/v1", balance_header=False, balance_path="/key", currency="USD", broke_status=402,
        broke_body={"error": {"code": 402, "message": "Insufficient credits. Add more credits"}},
        reasoning_field="reasoning",
    ),
    "ollama": Flavor(prefix="/v1", balance_header=False, reasoning_field="reasoning", keyless=True),
}  # fmt: skip


def balance_body(flavor: str, amount: Decimal, currency: str) -> dict[str, Any]:
    """The provider's own balance body, holding ``amount``."""
    text = f"{amount:.4f}"
    number = float(amount)
    if flavor == "deepseek":
        info = {"currency": currency, "total_balance": text, "granted_balance": "0.00", "topped_up_balance": text}
        return {"is_available": amount > 0, "balance_infos": [info]}
    if flavor == "moonshot":
        data: dict[str, Any] = {"available_balance": number, "voucher_balance": 0, "cash_balance": number}
        return {"code": 0, "data": data, "scode": "0x0", "status": True}
    if flavor == "siliconflow":
        data = {"id": "u1", "balance": text, "chargeBalance": "0.0000", "totalBalance": text}
        return {"code": 20000, "message": "OK", "status": True, "data": data}
    if flavor == "openrouter":
        return {"data": {"label": "sk-or-v1-…", "limit": 20, "limit_remaining": number, "usage": 0}}
    data = {"total_available": number, "total_available_currency": "CNY", "total_available_currency_symbol": "¥"}
    return {"status": "success", "error_message": "", "error_code": None, "data": data}


def _wants_thinking(body: dict[str, Any]) -> bool:
    thinking = body.get("thinking")
    if isinstance(thinking, dict):
        return thinking.get("type") == "enabled"
    if "enable_thinking" in body:
        return body["enable_thinking"] is True
    effort = body.get("reasoning_effort")
    return isinstance(effort, str) and effort != "none"


def wants_thinking(body: dict[str, Any]) -> bool:
    """Whether a request asks for reasoning, in any provider's words."""
    thinking = body.get("thinking")
    if isinstance(thinking, dict):
        return thinking.get("type") == "enabled"
    if "enable_thinking" in body:
        return body["enable_thinking"] is True
    effort = body.get("reasoning_effort")
    return isinstance(effort, str) and effort != "none"
