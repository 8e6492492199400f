"""Several providers in one app (issue 14), each against its own stand-in variant: a conversation changes
provider mid-way and each request carries that provider's key; Settings keeps a key per provider, fetches
a model list and takes prices; web search sources are shown, linked, stored and exported; thinking is
switched in the provider's own way; a provider's own proxy carries its traffic only."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QTableWidgetItem

from hunyuan_desktop.app import Runtime
from hunyuan_desktop.catalog import format_yuan
from hunyuan_desktop.domain import ConnectionCheck, MessageStatus, Source
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.settings import SETTINGS_NAME, Settings
from hunyuan_desktop.standin import DEMO_KEY, DEMO_SOURCES, DemoServer, Fault
from hunyuan_desktop.store.export import from_json, to_json, to_markdown
from hunyuan_desktop.ui.settings import SettingsDialog
from tests.forward_proxy import ForwardProxy
from tests.ui.helpers import RecordingDialogs, build_app, press_save, start_app, until
from tests.ui.test_window import ask, finished
from tests.unit.test_secrets import MemoryKeyring

OTHER_KEY = "sk-other-provider-7f3a9c"


@pytest.fixture
def flavored(request: pytest.FixtureRequest) -> Iterator[DemoServer]:
    flavor, key = request.param
    server = DemoServer(api_key=key, chunk_chars=6, flavor=flavor)
    server.start()
    yield server
    server.stop()


def configure(data_dir: Path, provider: str, other: DemoServer, **option: Any) -> None:
    """Settings as the user leaves them: the other provider's models offered, its address the stand-in."""
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = {
        "provider_options": {provider: {"base_url": other.base_url, **option}},
        "providers_enabled": ["wcode", provider],
    }
    (data_dir / SETTINGS_NAME).write_text(json.dumps(settings), encoding="utf-8")


def two_keys(provider: str) -> tuple[KeyStore, MemoryKeyring]:
    backend = MemoryKeyring()
    keys = KeyStore(backend)
    keys.set("wcode", DEMO_KEY)
    keys.set(provider, OTHER_KEY)
    return keys, backend


async def start_with(server: DemoServer, other: DemoServer, provider: str, tmp_path: Path, **option: Any) -> Runtime:
    """The app with ``provider`` offered beside wcode, at the ``other`` stand-in, and a key for each."""
    configure(tmp_path, provider, other, **option)
    keys, _ = two_keys(provider)
    return await start_app(server, tmp_path, keys=keys)


def choose(rt: Runtime, ref: str) -> None:
    combo = rt.window.params.model_combo
    index = combo.findData(ref)
    assert index >= 0, f"{ref} is not offered"
    combo.setCurrentIndex(index)


def chat_requests(server: DemoServer) -> list[dict[str, Any]]:
    return [r for r in server.requests if r.get("body")]


def no_file_holds(data_dir: Path, *secrets: str) -> bool:
    return not any(s.encode() in p.read_bytes() for p in data_dir.rglob("*") if p.is_file() for s in secrets)


@pytest.mark.parametrize("flavored", [("deepseek", OTHER_KEY)], indirect=True)
async def test_a_conversation_changes_provider_and_each_request_carries_that_providers_key(
    server: DemoServer, flavored: DemoServer, tmp_path: Path
) -> None:
    configure(tmp_path, "deepseek", flavored)
    keys, backend = two_keys("deepseek")
    rt = await start_app(server, tmp_path, keys=keys)
    try:
        w = rt.window
        combo = w.params.model_combo
        headings = [combo.itemText(i) for i in range(combo.count()) if combo.itemData(i) is None]
        assert headings == ["wcode.net", "DeepSeek"]  # the list names each provider above its models
        model = combo.model()
        assert isinstance(model, QStandardItemModel)
        assert not model.item(0).flags() & Qt.ItemFlag.ItemIsSelectable  # a heading cannot be chosen
        server.push_fault(Fault(text="混元的回答", chunk_chars=5, rate=0))
        await ask(rt, "第一个问题")
        await finished(rt)
        assert rt.controller.balances.known("wcode") is not None and "¥" in w.balance_label.text()  # from its header

        choose(rt, "deepseek:deepseek-flash")  # mid-way: the conversation now talks to DeepSeek
        await ask(rt, "第二个问题")
        await finished(rt)
        sent = chat_requests(flavored)[-1]
        assert sent["authorization"] == f"Bearer {OTHER_KEY}" and sent["body"]["model"] == "deepseek-flash"
        contents = [m["content"] for m in sent["body"]["messages"]]
        assert contents[-3:] == ["第一个问题", "混元的回答", "第二个问题"]  # the whole branch went along
        assert len(chat_requests(server)) == 1  # wcode saw only the first turn
        assert all(r["authorization"] == f"Bearer {DEMO_KEY}" for r in chat_requests(server))

        answer = w.chat_view.messages()[-1]
        assert answer.status is MessageStatus.DONE and answer.model == "deepseek:deepseek-flash"
        assert answer.cost is None and answer.usage is not None  # DeepSeek's price is not known: no ¥0
        assert "price unknown" in w.cost_label.text() and "replies of unknown price" in w.cost_label.text()
        shown = w.chat_view.item(len(w.chat_view.messages()) - 1).to_html()
        assert "deepseek-flash · DeepSeek" in shown and "price unknown" in shown  # its footer says so too
        # The header shows DeepSeek's balance now, read from its own /user/balance (yuan) when it was first
        # shown and again after the turn (DeepSeek's replies carry no balance header).
        await until(lambda: len(flavored.balance_reads) >= 2, what="DeepSeek's balance read after the turn")
        assert {r["path"] for r in flavored.balance_reads} == {"/user/balance"}
        assert all(r["authorization"] == f"Bearer {OTHER_KEY}" for r in flavored.balance_reads)
        now = format_yuan(flavored.balance)  # what DeepSeek says after the turn
        assert flavored.balance < 100
        await until(lambda: now in w.balance_label.text(), what="DeepSeek's balance after the turn")
        assert "DeepSeek" in w.balance_label.toolTip()
        conv = rt.archive.conversation(w.current.id)  # type: ignore[union-attr]
        assert conv is not None and conv.model == "deepseek:deepseek-flash"

        choose(rt, "hunyuan-turbos-latest")  # and back: wcode's key, wcode's balance
        await ask(rt, "第三个问题")
        await finished(rt)
        assert len(chat_requests(server)) == 2 and len(chat_requests(flavored)) == 1
        assert w.chat_view.messages()[-1].cost is not None
        wcode = rt.controller.balances.known("wcode")
        assert wcode is not None and wcode[0].amount < 100 and "DeepSeek" not in w.balance_label.toolTip()
        # Two keys in the keyring at once, each under its provider's name; neither in any file.
        assert {user for _, user in backend.items} == {"wcode", "deepseek"}
        assert no_file_holds(rt.data_dir, DEMO_KEY, OTHER_KEY)
    finally:
        await rt.close()


async def open_settings(rt: Runtime) -> SettingsDialog:
    rt.window.tasks.spawn(rt.window.open_settings())
    await until(
        lambda: any(isinstance(d, SettingsDialog) and d.isVisible() for d in rt.window.findChildren(SettingsDialog))
    )
    return next(d for d in rt.window.findChildren(SettingsDialog) if d.isVisible())


@pytest.mark.parametrize("flavored", [("ollama", None)], indirect=True)
async def test_settings_keep_a_key_per_provider_fetch_models_and_take_prices(
    server: DemoServer, flavored: DemoServer, tmp_path: Path
) -> None:
    backend = MemoryKeyring()
    keys = KeyStore(backend)
    keys.set("wcode", DEMO_KEY)
    rt = await start_app(server, tmp_path, keys=keys)
    try:
        dialog = await open_settings(rt)
        # A key for DeepSeek: stored under its own name, wcode's untouched. Typed, then another provider
        # looked at: it waits on DeepSeek's page, not lost and not shown elsewhere.
        dialog.select_provider("deepseek")
        assert dialog.provider_title.text() == "DeepSeek"
        dialog.key_edit.setText(OTHER_KEY)
        dialog.select_provider("moonshot")
        assert dialog.key_edit.text() == ""
        dialog.select_provider("deepseek")
        assert dialog.key_edit.text() == OTHER_KEY
        assert await dialog.save_key_async()
        assert backend.items == {("hunyuan-desktop", "wcode"): DEMO_KEY, ("hunyuan-desktop", "deepseek"): OTHER_KEY}
        # The local Ollama server: no key, its address, its model list fetched (no tokens), a price typed.
        dialog.select_provider("ollama")
        item = dialog.provider_list.currentItem()
        item.setCheckState(Qt.CheckState.Checked)
        dialog.base_url.setText(flavored.base_url)
        await dialog.test_async()
        status = dialog.key_status.text()
        assert "1 model" in status and "1 new model" in status and "No tokens were spent" in status, status

        def cell(row: int, column: int) -> QTableWidgetItem:
            item = dialog.price_table.item(row, column)
            assert item is not None
            return item

        rows = {cell(r, 1).text(): r for r in range(dialog.price_table.rowCount())}
        row = rows["local-model"]
        assert cell(row, 2).text() == ""  # unknown until entered, never ¥0
        cell(row, 2).setText("0.001")
        cell(row, 3).setText("0.002")
        assert not chat_requests(flavored)
        await press_save(dialog)
        saved = Settings.load(rt.data_dir)
        assert saved.option("ollama").to_json() == {
            "base_url": flavored.base_url,
            "models": ["local-model"],
            "prices": {"local-model": ["0.001", "0.002"]},
        }
        assert "ollama" in saved.providers_enabled
        # At once in the window: the model is offered with its price and answers without a key.
        combo = rt.window.params.model_combo
        await until(lambda: combo.findData("ollama:local-model") >= 0, what="the new model in the list")
        choose(rt, "ollama:local-model")
        assert "¥0.001" in rt.window.params.price_label.text()
        await ask(rt, "本地模型你好")
        await finished(rt)
        answer = rt.window.chat_view.messages()[-1]
        assert answer.status is MessageStatus.DONE and answer.usage is not None
        expected = (Decimal(answer.usage.prompt_tokens) * Decimal("0.001") + Decimal(answer.usage.completion_tokens)
                    * Decimal("0.002")) / 1000  # fmt: skip
        assert answer.cost == expected
        assert chat_requests(flavored)[-1]["authorization"] == ""
        assert "not available" in rt.window.balance_label.text()  # Ollama publishes no balance: no guess
        assert no_file_holds(rt.data_dir, DEMO_KEY, OTHER_KEY)
    finally:
        await rt.close()


@pytest.mark.parametrize("flavored", [("tokenhub", OTHER_KEY)], indirect=True)
async def test_web_search_sources_are_shown_linked_stored_and_exported(
    server: DemoServer, flavored: DemoServer, tmp_path: Path
) -> None:
    rt = await start_with(server, flavored, "tokenhub", tmp_path)
    try:
        w = rt.window
        search = w.params.web_search
        assert not search.isEnabled() and "wcode" in search.toolTip()  # wcode's API has no web search
        choose(rt, "tokenhub:hy-mt2-pro")
        assert not search.isEnabled() and "this model" in search.toolTip()
        choose(rt, "tokenhub:hy3")
        assert search.isEnabled()
        search.setChecked(True)
        await ask(rt, "混元是谁做的？")
        await finished(rt)
        body = chat_requests(flavored)[-1]["body"]
        assert body["web_search_options"] == {}
        answer = w.chat_view.messages()[-1]
        expected = tuple(Source(s["index"], s["title"], s["url"]) for s in DEMO_SOURCES)
        assert answer.sources == expected  # once each, though every chunk repeated them
        html = w.chat_view.item(len(w.chat_view.messages()) - 1).to_html()
        for source in expected:
            assert source.title in html and f'href="{source.url}"' in html
        assert html.count(f'href="{expected[0].url}"') >= 2  # the list, and the [1] mark in the text
        stored = rt.archive.thread(w.current.id).messages[-1]  # type: ignore[union-attr]
        assert stored.sources == expected
        conv = rt.archive.conversation(w.current.id)  # type: ignore[union-attr]
        assert conv is not None and conv.params.web_search  # the toggle is the conversation's
        markdown = to_markdown(conv, rt.archive.thread(conv.id).messages)
        assert "**Sources**" in markdown and f"1. [{expected[0].title}](<{expected[0].url}>)" in markdown
        again = from_json(to_json(conv, rt.archive.messages(conv.id)))
        assert again[1][-1].sources == expected
    finally:
        await rt.close()


@pytest.mark.parametrize("flavored", [("deepseek", OTHER_KEY)], indirect=True)
async def test_thinking_is_switched_in_the_providers_own_way(
    server: DemoServer, flavored: DemoServer, tmp_path: Path
) -> None:
    rt = await start_with(server, flavored, "deepseek", tmp_path)
    try:
        w = rt.window
        assert not w.params.thinking.isEnabled()  # wcode: no switch in its API
        choose(rt, "deepseek:deepseek-flash")
        thinking = w.params.thinking
        assert thinking.isEnabled()
        assert [thinking.itemData(i) for i in range(thinking.count())] == ["", "off", "on"]
        thinking.setCurrentIndex(thinking.findData("on"))
        await ask(rt, "想一想")
        await finished(rt)
        assert chat_requests(flavored)[-1]["body"]["thinking"] == {"type": "enabled"}
        assert w.chat_view.messages()[-1].reasoning == "先想一想：用户问的是什么？"
        thinking.setCurrentIndex(thinking.findData("off"))
        await ask(rt, "别想了")
        await finished(rt)
        assert chat_requests(flavored)[-1]["body"]["thinking"] == {"type": "disabled"}
        assert w.chat_view.messages()[-1].reasoning == ""
    finally:
        await rt.close()


@pytest.mark.parametrize("flavored", [("moonshot", OTHER_KEY)], indirect=True)
async def test_a_providers_own_proxy_carries_its_traffic_only(
    server: DemoServer, flavored: DemoServer, tmp_path: Path, proxy: ForwardProxy
) -> None:
    rt = await start_with(server, flavored, "moonshot", tmp_path, proxy=proxy.url)
    try:
        await ask(rt, "直连")
        await finished(rt)
        assert not [s for s in proxy.requests() if "/chat/completions" in s.target]
        choose(rt, "moonshot:moonshot-v1-8k")
        await ask(rt, "经代理")
        await finished(rt)
        through = [s for s in proxy.requests() if s.target.endswith("/chat/completions")]
        assert len(through) == 1 and through[0].target.startswith(flavored.base_url)
        assert through[0].headers.get("authorization") == f"Bearer {OTHER_KEY}"
        assert rt.window.chat_view.messages()[-1].status is MessageStatus.DONE
        assert len(chat_requests(server)) == 1  # wcode's turn went direct
    finally:
        await rt.close()


@pytest.mark.parametrize("flavored", [("zhipu", OTHER_KEY)], indirect=True)
async def test_a_providers_no_money_answer_is_explained_with_its_name_and_not_retried(
    server: DemoServer, flavored: DemoServer, tmp_path: Path
) -> None:
    flavored.reset(balance=Decimal(0))
    rt = await start_with(server, flavored, "zhipu", tmp_path)
    try:
        w = rt.window
        choose(rt, "zhipu:glm-4-flash")
        await ask(rt, "还有钱吗")
        await finished(rt)
        answer = w.chat_view.messages()[-1]
        # Zhipu says "no money" as HTTP 429 with code 1113: a balance problem, not a rate limit to retry.
        assert answer.status is MessageStatus.ERROR and answer.error_kind == "balance"
        assert len(chat_requests(flavored)) == 1
        banner = w.error_banner
        assert banner.isVisible() and banner.recharge.isVisible()
        text = banner.text.text()
        assert "智谱 Zhipu (GLM): " in text and "余额不足或无可用资源包" in text  # whose, and its own words
    finally:
        await rt.close()


async def test_an_unconfirmed_remote_http_base_url_in_the_settings_file_is_not_used(
    server: DemoServer, tmp_path: Path
) -> None:
    tmp_path.mkdir(parents=True, exist_ok=True)
    options = {"deepseek": {"base_url": "http://evil.example/v1"}, "moonshot": {"base_url": "ftp://x"}}
    (tmp_path / SETTINGS_NAME).write_text(json.dumps({"provider_options": options}), encoding="utf-8")
    dialogs = RecordingDialogs()
    built = await build_app(server, tmp_path, dialogs=dialogs)
    assert isinstance(built, Runtime)
    try:
        catalog = built.controller.catalog
        assert catalog.provider("deepseek").base_url == "https://api.deepseek.com"  # the provider's own
        assert catalog.provider("moonshot").base_url == "https://api.moonshot.cn/v1"
        warned = [text for kind, _, text in dialogs.shown if kind == "warn"]
        assert any("http://evil.example/v1" in t for t in warned) and any("ftp://x" in t for t in warned)
    finally:
        await built.close()


@pytest.mark.parametrize("flavored", [("dashscope", OTHER_KEY)], indirect=True)
async def test_a_provider_that_searches_without_naming_sources_says_so(
    server: DemoServer, flavored: DemoServer, tmp_path: Path
) -> None:
    rt = await start_with(server, flavored, "dashscope", tmp_path)
    try:
        w = rt.window
        choose(rt, "dashscope:qwen3-max")
        search = w.params.web_search
        assert search.isEnabled() and "does not name the pages" in search.toolTip()
        search.setChecked(True)
        await ask(rt, "通义千问是谁做的？")
        await finished(rt)
        assert chat_requests(flavored)[-1]["body"]["enable_search"] is True
        answer = w.chat_view.messages()[-1]
        assert answer.status is MessageStatus.DONE and answer.sources == () and "搜索结果" in answer.content
    finally:
        await rt.close()


async def test_the_connection_test_sends_no_key_to_an_unconfirmed_plain_http_address(app: Runtime) -> None:
    rt = app
    called: list[tuple[str, str, str]] = []
    answers = [False]

    async def record(provider: str, url: str, proxy: str, key: str | None) -> ConnectionCheck:
        called.append((provider, url, proxy))
        return ConnectionCheck(("m",))

    dialog = SettingsDialog(
        rt.controller.catalog, rt.settings, rt.data_dir, KeyStore(MemoryKeyring()), lambda s: None, record,
        confirm=lambda title, text: asyncio.sleep(0, answers[0]), parent=rt.window,
    )  # fmt: skip
    dialog.select_provider("deepseek")
    dialog.base_url.setText("http://remote.example/v1")
    await dialog.test_async()
    assert called == []  # the user said no: nothing was sent there
    answers[0] = True
    await dialog.test_async()
    assert called == [("deepseek", "http://remote.example/v1", "")]
    dialog.reject()
