"""Network (issue 14): a proxy is used exactly when configured (a real forward proxy on loopback records
what went through it, the key included), the system's proxy settings are read and loopback is always
direct, a proxy's password never shows, the OS certificate store plus an optional CA file decide trust
(a throw-away CA and an https stand-in), and each failure has its own kind and words."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from hunyuan_desktop.api.client import ChatClient
from hunyuan_desktop.api.endpoint import Endpoint
from hunyuan_desktop.api.errors import CertificateError, ProxyFailedError
from hunyuan_desktop.api.network import Network, ProxyValueError, check_proxy, proxy_for, shown_proxy
from hunyuan_desktop.domain import FailureKind, TextDelta
from hunyuan_desktop.standin import DEMO_KEY, DemoServer, Fault
from tests.forward_proxy import ForwardProxy

BODY = {"model": "hunyuan-lite", "messages": [{"role": "user", "content": "你好"}]}


async def answer(client: ChatClient, endpoint: Endpoint) -> str:
    return "".join([e.text async for e in client.stream_chat(endpoint, BODY) if isinstance(e, TextDelta)])


async def test_requests_and_the_key_go_through_the_proxy_only_when_configured(
    server: DemoServer, proxy: ForwardProxy
) -> None:
    client = ChatClient()
    try:
        server.push_fault(Fault(text="经过代理", chunk_chars=4, rate=0))
        via = Endpoint(server.base_url, DEMO_KEY, network=Network(proxy.url))
        assert await answer(client, via) == "经过代理"
        seen = proxy.requests()
        assert [(s.method, s.target) for s in seen] == [("POST", server.base_url + "/chat/completions")]
        assert seen[0].headers["authorization"] == f"Bearer {DEMO_KEY}"  # the key went through it: as configured
        server.push_fault(Fault(text="直连", chunk_chars=4, rate=0))
        direct = Endpoint(server.base_url, DEMO_KEY, network=Network("none"))
        assert await answer(client, direct) == "直连"
        server.push_fault(Fault(text="系统", chunk_chars=4, rate=0))
        system = Endpoint(server.base_url, DEMO_KEY, network=Network("system"))
        assert await answer(client, system) == "系统"  # loopback: direct even with a system proxy
        assert len(proxy.requests()) == 1  # neither of those went through the proxy
    finally:
        await client.aclose()


def test_the_systems_proxy_is_read_and_bypassed_where_it_says(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    system = Network("system")
    assert proxy_for(system, "https://wcode.net/api/gpt/v1") is None
    monkeypatch.setenv("https_proxy", "http://10.0.0.8:3128")
    monkeypatch.setenv("no_proxy", "internal.example")
    assert proxy_for(system, "https://wcode.net/api/gpt/v1") == "http://10.0.0.8:3128"
    assert proxy_for(system, "https://api.internal.example/v1") is None
    assert proxy_for(system, "http://127.0.0.1:11434/v1") is None and proxy_for(system, "http://localhost:1/v1") is None
    assert proxy_for(Network("none"), "https://wcode.net/api/gpt/v1") is None
    assert proxy_for(Network("socks5://127.0.0.1:1080"), "http://127.0.0.1:1/v1") == "socks5://127.0.0.1:1080"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("ftp://proxy:21", "starts with"),
        ("http://", "no host"),
        ("http://proxy:port", "port"),
        ("proxy:8080", "starts"),
    ],
)
def test_an_unusable_proxy_setting_says_why(value: str, problem: str) -> None:
    with pytest.raises(ProxyValueError, match=problem):
        check_proxy(value)
    assert check_proxy(" System ") == "system" and check_proxy("socks5h://h:1080") == "socks5h://h:1080"


async def test_a_dead_proxy_is_named_without_its_password(server: DemoServer, proxy: ForwardProxy) -> None:
    dead = f"http://alice:s3cret-pass@127.0.0.1:{proxy.port}"
    proxy.stop()
    client = ChatClient()
    try:
        endpoint = Endpoint(server.base_url, DEMO_KEY, network=Network(dead))
        with pytest.raises(ProxyFailedError) as failure:
            await answer(client, endpoint)
        assert failure.value.kind is FailureKind.PROXY
        text = str(failure.value)
        assert shown_proxy(dead) in text and "s3cret-pass" not in text and "alice" not in text
    finally:
        await client.aclose()


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[DemoServer, Path]]:
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ca_file = tmp_path / "company-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    server = DemoServer()
    server.start(tls=context)
    yield server, ca_file
    server.stop()


async def test_a_company_ca_file_makes_its_servers_trusted(tls_server: tuple[DemoServer, Path], tmp_path: Path) -> None:
    server, ca_file = tls_server
    assert server.base_url.startswith("https://")
    client = ChatClient()
    try:
        with pytest.raises(CertificateError) as untrusted:  # the OS store alone does not know this CA
            await answer(client, Endpoint(server.base_url, DEMO_KEY))
        assert untrusted.value.kind is FailureKind.CERTIFICATE and "not trusted" in str(untrusted.value)
        server.push_fault(Fault(text="信任了", chunk_chars=4, rate=0))
        trusted = Endpoint(server.base_url, DEMO_KEY, network=Network("system", str(ca_file)))
        assert await answer(client, trusted) == "信任了"
        missing = Endpoint(server.base_url, DEMO_KEY, network=Network("system", str(tmp_path / "nope.pem")))
        with pytest.raises(CertificateError, match="cannot be used"):
            await answer(client, missing)
    finally:
        await client.aclose()


async def test_https_through_the_proxy_is_a_tunnel(tls_server: tuple[DemoServer, Path], proxy: ForwardProxy) -> None:
    server, ca_file = tls_server
    client = ChatClient()
    try:
        server.push_fault(Fault(text="隧道", chunk_chars=4, rate=0))
        endpoint = Endpoint(server.base_url, DEMO_KEY, network=Network(proxy.url, str(ca_file)))
        assert await answer(client, endpoint) == "隧道"
        seen = proxy.requests()
        assert [(s.method, s.target) for s in seen] == [("CONNECT", f"127.0.0.1:{server.port}")]
        assert "authorization" not in seen[0].headers  # inside the tunnel the proxy sees no key
    finally:
        await client.aclose()
