"""The provider catalog (issue 14): model references name their provider, the user's models and prices
merge with the shipped ones, an unknown price stays unknown (never ¥0), and old settings carry over."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from hunyuan_desktop.catalog import Catalog, cost_of, format_money, load_catalog
from hunyuan_desktop.domain import Price, Usage, model_ref, split_ref
from hunyuan_desktop.settings import ProviderOptions, Settings

SHIPPED = load_catalog()


def test_every_preset_the_issue_names_is_shipped_with_its_facts() -> None:
    assert next(iter(SHIPPED)) == "wcode"
    for pid in ("tokenhub", "deepseek", "dashscope", "ark", "moonshot", "zhipu", "siliconflow", "openrouter",
                "ollama", "lmstudio", "custom"):  # fmt: skip
        assert pid in SHIPPED, pid
    assert SHIPPED["deepseek"].base_url == "https://api.deepseek.com"
    assert SHIPPED["tokenhub"].base_url == "https://tokenhub.tencentmaas.com/v1"
    assert not any("api.hunyuan.cloud.tencent.com" in p.base_url for p in SHIPPED.values())  # shut down
    assert {p.id for p in SHIPPED.values() if p.balance} == {
        "wcode",
        "deepseek",
        "moonshot",
        "siliconflow",
        "openrouter",
    }
    assert not SHIPPED["ollama"].key_required and SHIPPED["deepseek"].key_required
    # Only wcode's prices are shipped; every other model's price is unknown until the user enters it.
    assert all(m.price is not None for m in SHIPPED["wcode"].models)
    assert all(m.price is None for p in SHIPPED.values() if p.id != "wcode" for m in p.models)


def test_a_reference_names_provider_and_model() -> None:
    ids = set(SHIPPED)
    assert split_ref("hunyuan-lite", ids) == ("wcode", "hunyuan-lite")  # every reference stored before providers
    assert split_ref("deepseek:deepseek-v4-pro", ids) == ("deepseek", "deepseek-v4-pro")
    assert split_ref("ollama:qwen3:8b", ids) == ("ollama", "qwen3:8b")  # ":" in the model id itself
    assert split_ref("qwen3:8b", ids) == ("wcode", "qwen3:8b")  # no known provider in front
    assert model_ref("wcode", "hunyuan-lite") == "hunyuan-lite" and model_ref("ollama", "qwen3:8b") == "ollama:qwen3:8b"
    catalog = Catalog(SHIPPED)
    assert catalog.model("deepseek:deepseek-flash").provider == "deepseek"
    assert catalog.label("deepseek:deepseek-flash") == "deepseek-flash · DeepSeek"
    assert catalog.label("hunyuan-lite") == "hunyuan-lite"


def test_the_users_models_and_prices_merge_and_unknown_stays_unknown() -> None:
    options = {
        "deepseek": {"prices": {"deepseek-flash": ["0.001", "0.002"], "deepseek-v4-pro": ["x", "1"]}},
        "ollama": {"models": ["qwen3:8b", "qwen3:8b", ""], "base_url": "http://127.0.0.1:9/v1"},
    }
    parsed = {pid: ProviderOptions.from_json(raw) for pid, raw in options.items()}
    catalog = Catalog(SHIPPED, parsed, ["wcode", "ollama", "nonexistent"])
    flash = catalog.model("deepseek:deepseek-flash")
    assert flash.price == Price(Decimal("0.001"), Decimal("0.002"))
    assert catalog.model("deepseek:deepseek-v4-pro").price is None  # a bad entry is no price, not ¥0
    usage = Usage(1000, 1000, 2000)
    assert cost_of(flash, usage) == Decimal("0.003")
    assert cost_of(catalog.model("deepseek:deepseek-v4-pro"), usage) is None
    assert cost_of(catalog.model("wcode-model-nobody-knows"), usage) is None
    ollama = catalog.provider("ollama")
    assert [m.id for m in ollama.models] == ["qwen3:8b"] and ollama.base_url == "http://127.0.0.1:9/v1"
    assert [p.id for p in catalog.enabled()] == ["wcode", "ollama"]
    assert [m.ref for m in catalog.choices()][-1] == "ollama:qwen3:8b"


def test_old_settings_keep_their_base_url_as_wcodes(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text(json.dumps({"base_url": "https://proxy.example/v1"}), encoding="utf-8")
    settings = Settings.load(tmp_path)
    assert settings.provider_options == {"wcode": ProviderOptions(base_url="https://proxy.example/v1")}
    assert "base_url" not in settings.to_json()  # written back in its place, under the provider
    assert Catalog(SHIPPED, settings.provider_options).provider("wcode").base_url == "https://proxy.example/v1"
    assert settings.providers_enabled == ("wcode",)


def test_balances_in_their_currency() -> None:
    assert format_money(Decimal("12.5"), "USD") == "$12.5000"
    assert format_money(Decimal("12.5"), "CNY") == "¥12.5000"
    assert format_money(Decimal("1"), "EUR") == "1.0000 EUR"
