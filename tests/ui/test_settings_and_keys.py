"""Settings dialog rules and running without a keyring."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import keyring.backends.fail
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from hunyuan_desktop.app import Runtime
from hunyuan_desktop.domain import ConnectionCheck, MessageStatus, ThemeChoice
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.settings import Settings, UrlCheck, check_base_url
from hunyuan_desktop.standin import DemoServer
from hunyuan_desktop.ui.settings import SettingsDialog
from tests.ui.helpers import press_save, settings_dialog, settled, start_app, until
from tests.unit.chat.test_services import disk_full


def test_base_url_rules() -> None:
    assert check_base_url("https://wcode.net/api/gpt/v1") == UrlCheck.OK
    assert check_base_url("http://127.0.0.1:8765/v1") == UrlCheck.OK
    assert check_base_url("http://localhost:1/v1") == UrlCheck.OK
    assert check_base_url("http://[::1]:1/v1") == UrlCheck.OK
    assert check_base_url("http://example.com/v1") == UrlCheck.INSECURE
    assert check_base_url("ftp://example.com") == UrlCheck.INVALID
    assert check_base_url("not a url") == UrlCheck.INVALID


async def test_remote_http_needs_explicit_confirmation(app: Runtime) -> None:
    rt = app
    asked: list[str] = []
    answer = [False]

    async def confirm(title: str, text: str) -> bool:
        asked.append(text)
        return answer[0]

    dialog = settings_dialog(rt, KeyStore(), confirm)
    assert dialog.findChild(type(dialog.base_url), "baseUrlEdit") is dialog.base_url
    assert dialog.price_table.rowCount() == 8  # wcode's five text models and its three vision models
    cells = [[dialog.price_table.item(r, c) for c in range(5)] for r in range(8)]
    texts = [[cell.text() if cell else "" for cell in row] for row in cells]
    assert texts[0] == ["腾讯混元 Hunyuan-TurboS 大模型", "hunyuan-turbos-latest", "0.0025", "0.0025", "2025-02-26"]
    assert [row[3] for row in texts] == ["0.0025", "0.0625", "0.0155", "0.0003", "0.0025", *["0.01015"] * 3]
    dialog.base_url.setText("http://example.com/v1")
    assert await dialog.validate_base_url() is None and len(asked) == 1  # refused: the user said no
    answer[0] = True
    assert await dialog.validate_base_url() == "http://example.com/v1"
    dialog.base_url.setText("ftp://nope")
    assert await dialog.validate_base_url() is None
    dialog.base_url.setText("https://tokenhub.tencentmaas.com/v1")
    assert await dialog.validate_base_url() == "https://tokenhub.tencentmaas.com/v1"
    await press_save(dialog)
    saved = Settings.load(rt.data_dir)
    assert saved.option("wcode").base_url == "https://tokenhub.tencentmaas.com/v1"
    assert rt.controller.catalog.provider("wcode").base_url == "https://tokenhub.tencentmaas.com/v1"  # at once


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
        dialog.providers.key_box.session_button.click()
        w.composer.setPlainText("用临时密钥")
        w.send()
        await until(lambda: w.current is not None and not rt.controller.is_busy(w.current.id))
        assert w.chat_view.messages()[-1].status is MessageStatus.DONE
        assert not any(b"sk-demo-local-0000" in p.read_bytes() for p in rt.data_dir.rglob("*") if p.is_file())
    finally:
        await rt.close()


async def test_the_connection_test_spends_no_tokens_and_says_what_it_checked(app: Runtime, server: DemoServer) -> None:
    rt = app
    rt.window.tasks.spawn(rt.window.open_settings())
    await until(lambda: any(isinstance(w, SettingsDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))
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


async def test_close_after_a_failed_save_leaves_the_file_and_the_app_as_they_were(
    server: DemoServer, tmp_path: Path
) -> None:
    """A cancelled Save was written anyway: the dialog changed the shared settings before saving, so a
    failed Save (a full disk) followed by Close kept the change in memory, and the window's close wrote it.
    Now Save fails with the file, the running app and (after the window closes) the file still as they
    were."""
    rt = await start_app(server, tmp_path)
    try:
        rt.store.save(replace(rt.settings, low_balance_yuan="7"))
        before_file = Settings.load(rt.data_dir)
        before = rt.settings
        theme = rt.window.theme.name

        def save_on_a_full_disk(new: Settings) -> None:
            with disk_full():
                rt.store.save(new)  # the app's own store, failing on a real OS error

        dialog = SettingsDialog(
            rt.controller.catalog, rt.settings, rt.data_dir, KeyStore(), save_on_a_full_disk,
            lambda *_: asyncio.sleep(0, ConnectionCheck()), parent=rt.window,
        )  # fmt: skip
        dialog.open()
        await until(lambda: len(dialog.tasks) == 0, what="the dialog to read the keyring")
        dialog.base_url.setText("https://tokenhub.tencentmaas.com/v1")
        dialog.general.theme_combo.setCurrentIndex(dialog.general.theme_combo.findData(ThemeChoice.DARK.value))
        assert not await press_save(dialog)
        assert "Could not save the settings" in dialog.save_status.text() and dialog.isVisible()
        QTest.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        assert rt.settings == before and rt.window.theme.name == theme
        assert rt.controller.catalog.provider("wcode").base_url == "https://wcode.net/api/gpt/v1"
        assert Settings.load(rt.data_dir) == before_file
    finally:
        await rt.close()  # the window's close writes what it owns (its size and panes), nothing else
    after = Settings.load(tmp_path)
    assert after.theme is before_file.theme and after.option("wcode").base_url == ""
    assert after.low_balance_yuan == "7"


async def test_a_plain_http_address_confirmed_during_test_is_forgotten_on_close(
    server: DemoServer, tmp_path: Path
) -> None:
    """Pressing Test on a plain-http address asks, and the yes was recorded even after Close. Now it
    belongs to the dialog's draft: Close drops it, and the next time the question is asked again."""
    rt = await start_app(server, tmp_path)
    asked: list[str] = []

    async def yes(title: str, text: str) -> bool:
        asked.append(text)
        return True

    try:
        dialog = settings_dialog(rt, KeyStore(), yes)
        dialog.open()
        dialog.base_url.setText("http://example.com/v1")
        QTest.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        await until(lambda: asked and len(dialog.tasks) == 0, what="the test to ask and finish")
        QTest.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        assert rt.settings.insecure_url_confirmed == ""
        assert Settings.load(rt.data_dir).insecure_url_confirmed == ""
        again = settings_dialog(rt, KeyStore(), yes)
        again.open()
        again.base_url.setText("http://example.com/v1")
        assert await again.validate_base_url() == "http://example.com/v1" and len(asked) == 2  # asked again
        again.reject()
    finally:
        await rt.close()
    assert Settings.load(tmp_path).insecure_url_confirmed == ""


async def test_the_price_table_shows_six_rows_and_never_scrolls_sideways(app: Runtime) -> None:
    """It sat in a box of three rows with two horizontal scroll bars and a cut column."""
    from hunyuan_desktop.ui.settings.price_table import IMAGES, INPUT, MODEL_ID, NAME, OUTPUT, UPDATED

    dialog = settings_dialog(app, KeyStore())
    # It fits an 800×600 screen (a model's name with its price in a combo box made it 975 px wide).
    assert dialog.minimumSizeHint().width() <= 776
    try:
        for width in (1000, 800, 640):
            dialog.resize(width, 560)
            dialog.show()
            await settled()
            table = dialog.price_table
            shown = [c for c in range(table.columnCount()) if not table.isColumnHidden(c)]
            assert {MODEL_ID, INPUT, OUTPUT, IMAGES} <= set(shown), (width, shown)
            assert sum(table.columnWidth(c) for c in shown) <= table.viewport().width(), width
            assert table.height() >= 6 * table.rowHeight(0)
            if width >= 1000:
                assert {NAME, UPDATED} <= set(shown)
            model = table.item(0, MODEL_ID)
            assert model is not None and "Hunyuan-TurboS" in model.toolTip()  # the name, when its column gave way
    finally:
        dialog.reject()
