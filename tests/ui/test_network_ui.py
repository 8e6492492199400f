"""The network settings in use (issue 14): --proxy for a run sends the turn through a real forward
proxy; Settings saves a proxy and a CA file, refuses an unusable proxy with words, and a dead proxy is
explained in the UI language with the way out."""

from __future__ import annotations

import json
from pathlib import Path

from hunyuan_desktop.app import Runtime
from hunyuan_desktop.domain import FailureKind, ProxyMode
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.standin import DemoServer, Fault
from hunyuan_desktop.ui.kit.texts import explain
from tests.forward_proxy import ForwardProxy
from tests.ui.helpers import press_save, settings_dialog, start_app
from tests.ui.test_window import ask, finished


async def test_a_run_with_proxy_goes_through_it(server: DemoServer, tmp_path: Path, proxy: ForwardProxy) -> None:
    rt = await start_app(server, tmp_path, extra=["--proxy", proxy.url])
    try:
        server.push_fault(Fault(text="经由代理的回答", chunk_chars=5, rate=0))
        await ask(rt, "你好")
        await finished(rt)
        assert rt.window.chat_view.messages()[-1].content == "经由代理的回答"
        assert any(s.method == "POST" and s.target.endswith("/chat/completions") for s in proxy.requests())
        assert rt.settings.proxy == "system"  # for the run only: nothing written
    finally:
        await rt.close()


async def test_settings_save_a_proxy_and_refuse_an_unusable_one(app: Runtime, tmp_path: Path) -> None:
    rt = app
    dialog = settings_dialog(rt, KeyStore())
    dialog.proxy_mode.setCurrentIndex(dialog.proxy_mode.findData(ProxyMode.CUSTOM.value))
    assert dialog.proxy_url.isEnabled()
    dialog.proxy_url.setText("ftp://proxy.example:21")
    await press_save(dialog)
    assert rt.settings.proxy == "system" and "proxy" in dialog.save_status.text().lower()  # not saved
    dialog.proxy_url.setText("socks5://127.0.0.1:1080")
    dialog.ca_file.setText(str(tmp_path / "missing.pem"))
    await press_save(dialog)
    assert "missing.pem" in dialog.save_status.text()
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    dialog.ca_file.setText(str(ca))
    await press_save(dialog)
    saved = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert saved["proxy"] == "socks5://127.0.0.1:1080" and saved["ca_file"] == str(ca)
    assert (await rt.connection.network()).proxy == "socks5://127.0.0.1:1080"
    dialog.done(0)


async def test_a_dead_proxy_is_explained(server: DemoServer, tmp_path: Path, proxy: ForwardProxy) -> None:
    dead = proxy.url
    proxy.stop()
    rt = await start_app(server, tmp_path, extra=["--proxy", dead])
    try:
        await ask(rt, "你好")
        await finished(rt)
        answer = rt.window.chat_view.messages()[-1]
        assert answer.error_kind == "proxy" and dead in answer.error
        banner = rt.window.error_banner
        assert banner.isVisible() and explain(FailureKind.PROXY).what in banner.text.text()
        assert banner.settings.isVisible()
    finally:
        await rt.close()
