"""Providers' differences on the wire (issue 14), against stand-in variants of each: where the balance is
read and in what shape, the body a provider sends when the money is gone, web search sources, the
reasoning field, a local server without a key, and the request fields for search and thinking."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from hunyuan_desktop.api.balance import read_balance
from hunyuan_desktop.api.chunks import events_from_object
from hunyuan_desktop.api.client import ChatClient
from hunyuan_desktop.api.endpoint import Endpoint
from hunyuan_desktop.api.errors import BadKeyError, BalanceError
from hunyuan_desktop.api.request import build_chat_request, provider_fields, search_available, thinking_choices
from hunyuan_desktop.catalog import Catalog, load_catalog
from hunyuan_desktop.domain import (
    BalanceKind,
    Message,
    Money,
    Params,
    ReasoningDelta,
    Role,
    Source,
    SourcesEvent,
    StreamEvent,
    TextDelta,
    Thinking,
)
from hunyuan_desktop.standin import DEMO_KEY, DEMO_SOURCES, DemoServer
from tests.unit.api.test_client import make_client

CATALOG = Catalog(load_catalog())


@pytest.fixture
def stand_in(request: pytest.FixtureRequest) -> Iterator[DemoServer]:
    server = DemoServer(chunk_chars=8, flavor=request.param)
    server.start()
    yield server
    server.stop()


def endpoint_for(provider_id: str, server: DemoServer, key: str = DEMO_KEY) -> Endpoint:
    """As the app builds it (app.Connection.endpoint), pointed at the stand-in."""
    p = CATALOG.provider(provider_id)
    return Endpoint(
        server.base_url, key, p.balance_header, p.billing_path, balance_kind=p.balance, key_required=p.key_required
    )


async def collect(client: ChatClient, ep: Endpoint, body: dict[str, Any]) -> list[StreamEvent]:
    return [event async for event in client.stream_chat(ep, body)]


@pytest.mark.parametrize(
    ("stand_in", "currency"),
    [("wcode", "CNY"), ("deepseek", "CNY"), ("moonshot", "CNY"), ("siliconflow", "CNY"), ("openrouter", "USD")],
    indirect=["stand_in"],
)
async def test_each_providers_balance_is_read_from_its_own_endpoint(stand_in: DemoServer, currency: str) -> None:
    client = make_client()
    try:
        ep = endpoint_for(stand_in.flavor_name, stand_in)
        assert ep.billing_url is not None
        money = await client.fetch_balance(ep)
        assert money == Money(Decimal("100.0000"), currency)
        asked = [r["path"] for r in stand_in.balance_reads]
        assert asked == [ep.billing_url.removeprefix(stand_in.origin)]  # one GET, to that provider's path
        assert stand_in.balance_reads[0]["authorization"] == f"Bearer {DEMO_KEY}"
        with pytest.raises(BadKeyError):
            await client.fetch_balance(endpoint_for(stand_in.flavor_name, stand_in, "sk-wrong"))
    finally:
        await client.aclose()


def test_providers_without_a_balance_endpoint_have_none() -> None:
    for pid in ("tokenhub", "dashscope", "ark", "zhipu", "ollama", "lmstudio", "custom"):
        p = CATALOG.provider(pid)
        ep = Endpoint(p.base_url, "k", p.balance_header, p.billing_path, balance_kind=p.balance)
        assert ep.billing_url is None, pid  # "not available", never a guess


def test_balance_bodies_in_their_documented_shapes() -> None:
    deepseek = {
        "is_available": True,
        "balance_infos": [
            {"currency": "USD", "total_balance": "3.50"},
            {"currency": "CNY", "total_balance": "110.00", "granted_balance": "10.00", "topped_up_balance": "100.00"},
        ],
    }
    assert read_balance(BalanceKind.DEEPSEEK, deepseek) == Money(Decimal("110.00"), "CNY")  # yuan first
    assert read_balance(
        BalanceKind.DEEPSEEK, {"balance_infos": [{"currency": "USD", "total_balance": "3.5"}]}
    ) == Money(Decimal("3.5"), "USD")
    moon = {"data": {"available_balance": 49.58, "voucher_balance": 46.58, "cash_balance": 3}}
    assert read_balance(BalanceKind.MOONSHOT, moon, "api.moonshot.cn") == Money(Decimal("49.58"), "CNY")
    assert read_balance(BalanceKind.MOONSHOT, moon, "api.moonshot.ai") == Money(Decimal("49.58"), "USD")
    silicon = {"code": 20000, "data": {"balance": "0.88", "chargeBalance": "88.00", "totalBalance": "88.88"}}
    assert read_balance(BalanceKind.SILICONFLOW, silicon) == Money(Decimal("88.88"), "CNY")
    assert (
        read_balance(BalanceKind.OPENROUTER, {"data": {"limit": None, "limit_remaining": None}}) is None
    )  # no limit set
    for kind, hostile in (
        (BalanceKind.DEEPSEEK, {"balance_infos": "x"}),
        (BalanceKind.MOONSHOT, {"data": {"available_balance": "1e99"}}),
    ):
        assert read_balance(kind, hostile) is None


@pytest.mark.parametrize(
    "stand_in", ["deepseek", "zhipu", "siliconflow", "openrouter", "dashscope", "wcode"], indirect=True
)
async def test_each_providers_no_money_body_is_a_balance_error_and_not_retried(stand_in: DemoServer) -> None:
    stand_in.reset(balance=Decimal(0))
    client = make_client()
    try:
        body = {"model": "m", "messages": [{"role": "user", "content": "你好"}], "stream": True}
        with pytest.raises(BalanceError) as caught:
            await collect(client, endpoint_for(stand_in.flavor_name, stand_in), body)
        # Zhipu sends its arrears as HTTP 429: a rate limit would be retried three times.
        assert len([r for r in stand_in.requests if r.get("body")]) == 1
        assert caught.value.from_server and caught.value.message  # the provider's own words are kept
    finally:
        await client.aclose()


def history(text: str) -> list[Message]:
    return [Message(1, 1, Role.USER, text)]


@pytest.mark.parametrize(("stand_in", "ref"), [("tokenhub", "tokenhub:hy3"), ("dashscope", "dashscope:qwen-plus")],
                         indirect=["stand_in"])  # fmt: skip
async def test_web_search_asks_in_the_providers_way_and_its_sources_arrive(stand_in: DemoServer, ref: str) -> None:
    model = CATALOG.model(ref)
    provider = CATALOG.provider(model.provider)
    body = build_chat_request(model, history("混元是谁做的？"), params=Params(web_search=True), provider=provider)
    client = make_client()
    try:
        events = await collect(client, endpoint_for(provider.id, stand_in), body)
    finally:
        await client.aclose()
    sent = stand_in.requests[-1]["body"]
    found = [e for e in events if isinstance(e, SourcesEvent)]
    if provider.id == "tokenhub":
        assert sent["web_search_options"] == {} and "enable_search" not in sent
        assert found  # repeated on every chunk, as some providers do; the controller keeps each once
        assert found[0].sources == tuple(Source(s["index"], s["title"], s["url"]) for s in DEMO_SOURCES)
        assert "[1]" in "".join(e.text for e in events if isinstance(e, TextDelta))
    else:  # DashScope's compatible mode searches but names no sources (Alibaba's web-search page)
        assert sent["enable_search"] is True and "web_search_options" not in sent and "search_options" not in sent
        assert not found and not provider.search_sources


def test_sources_in_each_shape_providers_use() -> None:
    legacy = {"search_info": {"search_results": [{"index": 2, "title": "甲", "url": "https://a.example", "icon": "x"}]}}
    top = {"search_results": [{"title": "乙", "url": "https://b.example"}, {"url": "javascript:alert(1)"}]}
    cited = {"choices": [{"delta": {"content": "x", "annotations": [
        {"type": "url_citation", "url_citation": {"url": "https://c.example/p", "title": "丙"}}]}}]}  # fmt: skip
    for obj, expected in (
        (legacy, (Source(2, "甲", "https://a.example"),)),
        (top, (Source(1, "乙", "https://b.example"),)),  # a javascript: URL never becomes a source
        (cited, (Source(1, "丙", "https://c.example/p"),)),
    ):
        out: list[StreamEvent] = []
        events_from_object(obj, out)
        assert [e.sources for e in out if isinstance(e, SourcesEvent)] == [expected]


@pytest.mark.parametrize("stand_in", ["openrouter"], indirect=True)
async def test_reasoning_named_reasoning_is_read(stand_in: DemoServer) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "q"}], "stream": True, "reasoning_effort": "high"}
    client = make_client()
    try:
        events = await collect(client, endpoint_for("openrouter", stand_in), body)
    finally:
        await client.aclose()
    assert "".join(e.text for e in events if isinstance(e, ReasoningDelta)) == "先想一想：用户问的是什么？"


async def test_a_local_server_is_called_without_a_key() -> None:
    server = DemoServer(api_key=None, flavor="ollama")
    server.start()
    client = make_client()
    try:
        ep = endpoint_for("ollama", server, key="")
        assert not ep.key_required
        assert await client.list_models(ep) == ["local-model"]
        body = {"model": "local-model", "messages": [{"role": "user", "content": "q"}], "stream": True}
        assert any(isinstance(e, TextDelta) for e in await collect(client, ep, body))
        assert {r["authorization"] for r in server.requests} == {""}  # no Authorization header at all
        with pytest.raises(BadKeyError):  # a provider that needs a key is never called without one
            await client.list_models(endpoint_for("deepseek", server, key=""))
    finally:
        await client.aclose()
        server.stop()


def test_search_and_thinking_fields_per_provider() -> None:
    def fields(ref: str, **params: Any) -> dict[str, Any]:
        model = CATALOG.model(ref)
        return provider_fields(CATALOG.provider(model.provider), model, Params(**params))

    assert fields("tokenhub:hy3", web_search=True) == {"web_search_options": {}}
    assert fields("tokenhub:hy-mt2-pro", web_search=True) == {}  # that model cannot search: nothing sent
    assert fields("hunyuan-turbos-latest", web_search=True) == {}  # wcode: no search through its API
    assert fields("dashscope:qwen-plus", web_search=True) == {"enable_search": True}
    assert fields("deepseek:deepseek-flash", thinking="off") == {"thinking": {"type": "disabled"}}
    assert fields("zhipu:glm-5", thinking="on") == {"thinking": {"type": "enabled"}}
    assert fields("dashscope:qwen-plus", thinking="on") == {"enable_thinking": True}
    assert fields("tokenhub:hy3", thinking="high") == {"reasoning_effort": "high"}
    assert fields("tokenhub:hy3", thinking="off") == {}  # TokenHub has efforts, no "off": nothing sent
    assert fields("ollama:qwen3:8b", thinking="off") == {"reasoning_effort": "none"}
    assert fields("hunyuan-turbos-latest", thinking="on") == {}
    assert thinking_choices(CATALOG.provider("wcode")) == ()
    assert Thinking.OFF in thinking_choices(CATALOG.provider("ollama"))
    assert not search_available(CATALOG.provider("wcode"), CATALOG.model("hunyuan-turbos-latest"))
