"""Chinese and English ship: every UI string is extracted and translated, and the app uses them."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtWidgets import QApplication

from hunyuan_desktop.app import Runtime, install_translations
from hunyuan_desktop.domain import FailureKind
from hunyuan_desktop.standin import DemoServer
from tests.ui.helpers import start_app

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "hunyuan_desktop_zh_CN.ts"
QM = TS.with_suffix(".qm")


def sources(ts: Path) -> set[tuple[str, str]]:
    tree = ET.parse(ts)
    return {
        (ctx.findtext("name") or "", msg.findtext("source") or "")
        for ctx in tree.iter("context")
        for msg in ctx.iter("message")
    }


def test_every_ui_string_is_extracted_and_translated(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    fresh = tmp_path / "fresh.ts"
    files = sorted(str(p) for p in (ROOT / "hunyuan_desktop").rglob("*.py"))
    subprocess.run([str(lupdate), *files, "-ts", str(fresh)], check=True, capture_output=True)
    assert sources(fresh) == sources(TS), "UI strings changed: run `make translations`"
    unfinished = [m.findtext("source") for m in ET.parse(TS).iter("message") if m.find("translation").get("type")]  # type: ignore[union-attr]
    assert unfinished == []
    assert QM.stat().st_size > 0


def test_compiled_translations_match_the_ts(tmp_path: Path) -> None:
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    shutil.copy(TS, tmp_path / "x.ts")
    subprocess.run(
        [str(lrelease), str(tmp_path / "x.ts"), "-qm", str(tmp_path / "x.qm")], check=True, capture_output=True
    )
    assert (tmp_path / "x.qm").read_bytes() == QM.read_bytes(), "run `make translations`"


async def test_chinese_ui_when_the_locale_is_chinese(server: DemoServer, tmp_path: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translations(app, "zh_CN")
    try:
        assert translators
        rt = await start_app(server, tmp_path)
        try:
            w = rt.window
            assert w.send_button.text() == "发送"
            assert w.stop_button.text() == "停止"
            assert w.new_button.text() == "新对话"
            assert w.balance_label.text().startswith("余额")
        finally:
            await rt.close()
    finally:
        for t in translators:
            app.removeTranslator(t)


async def test_english_ui_otherwise(app: Runtime) -> None:
    qt = QApplication.instance()
    assert isinstance(qt, QApplication)
    assert install_translations(qt, "en_US") == []
    assert app.window.send_button.text() == "Send"


def test_the_translation_table_has_no_stale_entries() -> None:
    """scripts/zh_cn.py is the reviewed table: an entry whose English is no longer in the UI is dead."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from zh_cn import ZH
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    used = {source for _, source in sources(TS)}
    assert [key for key in ZH if key not in used] == []


def test_counted_sentences_are_translated_too(qapp: QApplication) -> None:
    """A plural sentence (%n) whose count was an expression was skipped by lupdate and stayed English."""
    from hunyuan_desktop.ui.kit.texts import explain

    translators = install_translations(qapp, "zh_CN")
    try:
        wait = explain(FailureKind.RATE_LIMIT, 2.5)
        assert "3 秒后重试" in wait.todo, wait.todo
    finally:
        for t in translators:
            qapp.removeTranslator(t)


def test_qt_own_dialogs_speak_chinese_too(qapp: QApplication) -> None:
    """The file dialogs (attach, import, export) and the standard buttons are Qt's: its translations load
    with ours (the trial met "Look in:" and "Files of type:" in a Chinese UI)."""
    from PySide6.QtCore import QCoreApplication

    translators = install_translations(qapp, "zh_CN")
    try:
        assert len(translators) == 2
        assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
        assert QCoreApplication.translate("QFileDialog", "Files of type:") == "文件类型："
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        for t in translators:
            qapp.removeTranslator(t)
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Look in:"


def test_our_own_words_are_in_the_user_language_even_under_details(qapp: QApplication) -> None:
    """What this app itself observed (no key, a dropped connection, no keyring) is written in English below
    the widgets; the user reads it in Chinese, the variable part (a library's own words) kept."""
    from hunyuan_desktop.domain import ErrorSource
    from hunyuan_desktop.ui.kit.texts import error_lines, ours

    translators = install_translations(qapp, "zh_CN")
    try:
        assert ours("no API key is set") == "还没有设置 API 密钥"
        dropped = "the connection was dropped (peer closed connection without sending complete message body)"
        assert ours(dropped) == "连接中断（peer closed connection without sending complete message body）"
        _, detail = error_lines(FailureKind.NETWORK, dropped, ErrorSource.LOCAL)
        assert detail.startswith("详情") and "连接中断" in detail
        _, server = error_lines(FailureKind.SERVER, "the connection was dropped (x)", ErrorSource.SERVER)
        assert "the connection was dropped (x)" in server  # a server's words are kept as they are
        keyring = "no usable system keyring (NoKeyringError); install and start a Secret Service such as GNOME"
        assert ours(keyring).startswith("没有可用的系统钥匙串（NoKeyringError）")
    finally:
        for t in translators:
            qapp.removeTranslator(t)
