"""Small hostile values (issue 20): settings URLs, proxy credentials in bodies, look-alike hosts, huge
model lists, where a conversation's title is asked."""

from __future__ import annotations

import time

import pytest

from hunyuan_desktop.api.network import split_password, with_password
from hunyuan_desktop.catalog import Catalog, load_catalog
from hunyuan_desktop.domain import valid_time
from hunyuan_desktop.redact import MASK, redact
from hunyuan_desktop.settings import MAX_USER_MODELS, ProviderOptions, UrlCheck, check_base_url
from hunyuan_desktop.ui.kit.links import display_url


@pytest.mark.parametrize(
    "url",
    ["http://wcode.net@127.0.0.1:8000/v1", "https://wcode.net@evil.example/v1", "https://u:p@wcode.net/api/gpt/v1"],
)
def test_a_base_url_with_a_user_part_is_refused(url: str) -> None:
    assert check_base_url(url) is UrlCheck.INVALID


def test_localhost_with_a_trailing_dot_is_not_loopback() -> None:
    assert check_base_url("http://localhost:8000/v1") is UrlCheck.OK
    assert check_base_url("http://localhost.:8000/v1") is UrlCheck.INSECURE


def test_proxy_credentials_in_a_body_are_masked() -> None:
    page = "407 need auth; you sent Basic cHJvYmV1c2VyOlMzY3JldFByb3h5UHc= (Proxy-Authorization: abc123def)"
    shown = redact(page)
    assert "cHJvYmV1c2VyOlMzY3JldFByb3h5UHc" not in shown and "abc123def" not in shown and shown.count(MASK) == 2
    assert redact("socks5://probeuser:S3cretPw@127.0.0.1:1 failed") == f"socks5://probeuser:{MASK}@127.0.0.1:1 failed"
    assert redact("a basic idea, Basic dGVzdA== (no colon inside)") == "a basic idea, Basic dGVzdA== (no colon inside)"


def test_a_proxy_password_is_split_off_and_put_back() -> None:
    bare, password = split_password("http://probeuser:S3cret%2Fpw@127.0.0.1:3128")
    assert bare == "http://probeuser@127.0.0.1:3128" and password == "S3cret%2Fpw"
    assert split_password("socks5://127.0.0.1:1080") == ("socks5://127.0.0.1:1080", None)
    assert split_password("system") == ("system", None)
    assert with_password(bare, "S3cret/pw") == "http://probeuser:S3cret%2Fpw@127.0.0.1:3128"


def test_look_alike_hosts_are_shown_in_their_ascii_form() -> None:
    assert display_url("https://аpple.com/login") == "https://xn--pple-43d.com/login"
    assert display_url("https://example.com/a?b=c") == "https://example.com/a?b=c"


def test_fifty_thousand_model_ids_are_capped_and_read_in_linear_time() -> None:
    ids = [f"model-{i}" for i in range(50_000)]
    started = time.perf_counter()
    catalog = Catalog(load_catalog(), {"custom": ProviderOptions.from_json({"models": ids})}, ["wcode", "custom"])
    provider = catalog.provider("custom")
    assert len(provider.models) == MAX_USER_MODELS
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(("value", "expected"), [(1e300, 32_503_680_000.0), (-5.0, 0.0), ("x", 7.0), (None, 7.0)])
def test_times_from_outside_are_kept_within_1970_to_3000(value: object, expected: float) -> None:
    assert valid_time(value, 7.0) == expected
