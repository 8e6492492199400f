"""Settings dialog rules and running without a keyring."""

from __future__ import annotations

from pathlib import Path

import keyring.backends.fail
from PySide6.QtWidgets import QApplication

from hunyuan_desktop.demo_server import DemoServer
from hunyuan_desktop.domain import MessageStatus
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.settings import Settings, UrlCheck, check_base_url
from hunyuan_desktop.ui.settings_dialog import SettingsDialog
from tests.ui.helpers import settings_dialog, start_app, until


def test_base_url_rules() -> None:
    assert check_base_url("https://wcode.net/api/gpt/v1") == UrlCheck.OK
    assert check_base_url("http://127.0.0.1:8765/v1") == UrlCheck.OK
    assert check_base_url("http://localhost:1/v1") == UrlCheck.OK
    assert check_base_url("http://[::1]:1/v1") == UrlCheck.OK
    assert check_base_url("http://example.com/v1") == UrlCheck.INSECURE
    assert check_base_url("ftp://example.com") == UrlCheck.INVALID
    assert check_base_url("not a url") == UrlCheck.INVALID


async def test_remote_http_needs_explicit_confirmation(server: DemoServer, tmp_path: Path) -> None:
    rt = await start_app(server, tmp_path)
    asked: list[str] = []
    answer = [False]

    async def confirm(title: str, text: str) -> bool:
        asked.append(text)
        return answer[0]

    try:
        dialog = settings_dialog(rt, KeyStore(), confirm)
        assert dialog.findChild(type(dialog.base_url), "baseUrlEdit") is dialog.base_url
        assert dialog.price_table.rowCount() == 5
        cells = [[dialog.price_table.item(r, c) for c in range(5)] for r in range(5)]
        texts = [[cell.text() if cell else "" for cell in row] for row in cells]
        assert texts[0] == ["腾讯混元 Hunyuan-TurboS 大模型", "hunyuan-turbos-latest", "0.0025", "0.0025", "2025-02-26"]
        assert [row[3] for row in texts] == ["0.0025", "0.0625", "0.0155", "0.0003", "0.0025"]
        dialog.base_url.setText("http://example.com/v1")
        assert await dialog.validate_base_url() is None and len(asked) == 1  # refused: the user said no
        answer[0] = True
        assert await dialog.validate_base_url() == "http://example.com/v1"
        dialog.base_url.setText("ftp://nope")
        assert await dialog.validate_base_url() is None
        dialog.base_url.setText("https://tokenhub.tencentmaas.com/v1")
        assert await dialog.validate_base_url() == "https://tokenhub.tencentmaas.com/v1"
        await dialog.save()
        saved = Settings.load(rt.data_dir)
        assert saved.provider_options["wcode"]["base_url"] == "https://tokenhub.tencentmaas.com/v1"
        assert rt.controller.catalog.provider("wcode").base_url == "https://tokenhub.tencentmaas.com/v1"  # at once
    finally:
        await rt.close()


async def test_no_keyring_at_all_the_app_starts_and_a_session_key_works(server: DemoServer, tmp_path: Path) -> None:
    keys = KeyStore(keyring.backends.fail.Keyring())  # type: ignore[no-untyped-call]
    rt = await start_app(server, tmp_path, keys=keys)
    try:
        w = rt.window
        await until(lambda: w.stack.currentWidget() is w.welcome, what="the welcome page")
        dialog = settings_dialog(rt, keys)
        await until(lambda: "Keyring" in dialog.key_status.text() or "钥匙串" in dialog.key_status.text())
        dialog.key_edit.setText("sk-demo-local-0000")
        assert not await dialog.save_key_async()
        assert "session" in dialog.key_status.text() or "本次" in dialog.key_status.text()
        dialog.key_edit.setText("sk-demo-local-0000")
        dialog.session_key.click()
        w.composer.setPlainText("用临时密钥")
        w.send()
        await until(lambda: not rt.controller.is_busy(w.current.id))  # type: ignore[union-attr]
        assert w.chat_view.messages()[-1].status is MessageStatus.DONE
        assert not any(b"sk-demo-local-0000" in p.read_bytes() for p in rt.data_dir.rglob("*") if p.is_file())
    finally:
        await rt.close()


async def test_the_connection_test_spends_no_tokens_and_says_what_it_checked(
    server: DemoServer, tmp_path: Path
) -> None:
    rt = await start_app(server, tmp_path)
    try:
        rt.window.tasks.spawn(rt.window.open_settings())
        await until(
            lambda: any(isinstance(w, SettingsDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
        )
        # The visible one: a hidden dialog of an earlier test may still exist until it is deleted.
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SettingsDialog) and w.isVisible())
        before = len(server.requests)
        await dialog.test_async()
        asked = server.requests[before:]
        assert [r.get("path", "").rsplit("/", 1)[-1] for r in asked] == ["models"]  # no chat request: no tokens
        assert server.balance_reads  # and the balance, from the billing endpoint
        text = dialog.key_status.text()
        assert "model list" in text and "No tokens were spent" in text and "Balance" in text
        dialog.key_edit.setText("sk-wrong-key-123456")
        await dialog.test_async()
        assert "not accepted" in dialog.key_status.text() and "Incorrect API_KEY" in dialog.key_status.text()
        dialog.reject()
    finally:
        await rt.close()
