"""Presets (issue 12): built-in ones in both languages, applied from the empty conversation or the menu
(the next request carries the preset's system prompt and parameters), created from the current settings,
edited, deleted, exported and imported."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from hunyuan_desktop.app import Runtime, install_translations
from hunyuan_desktop.domain import Params, Preset
from hunyuan_desktop.standin import DemoServer, Fault
from hunyuan_desktop.ui.presets.builtin import builtin_presets
from tests.ui.helpers import answer_next_box, from_a_slot, start_app
from tests.ui.test_window import ask, finished


@pytest.fixture
def chinese() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translations(app, "zh_CN")
    yield
    for t in translators:
        app.removeTranslator(t)


def test_the_built_in_presets_are_there_in_english(qapp: QApplication) -> None:
    presets = builtin_presets()
    assert [p.name for p in presets] == ["Translator", "Code reviewer", "Writing polish", "Summariser"]
    assert all(p.builtin and p.system_prompt and p.params.temperature is not None for p in presets)


def test_and_in_chinese(chinese: None) -> None:
    presets = builtin_presets()
    assert [p.name for p in presets] == ["翻译助手", "代码审查", "润色改写", "内容总结"]
    assert all("你" in p.system_prompt for p in presets)


async def test_a_preset_from_the_empty_conversation_shapes_the_next_request(app: Runtime, server: DemoServer) -> None:
    rt = app
    w = rt.window
    w.new_conversation()
    assert w.stack.currentWidget() is w.empty_state
    assert [b.toolTip() for b in w.empty_state.preset_buttons][:4] == [p.name for p in builtin_presets()]
    w.empty_state.preset_buttons[0].click()  # Translator
    translator = builtin_presets()[0]
    assert w.current is not None
    conv = rt.archive.conversation(w.current.id)
    assert conv is not None and conv.system_prompt == translator.system_prompt and conv.params == translator.params
    assert w.params.system_prompt.toPlainText() == translator.system_prompt
    server.push_fault(Fault(text="Hello", chunk_chars=50, rate=0))
    await ask(rt, "你好")
    await finished(rt)
    body = server.requests[-1]["body"]
    assert body["messages"][0] == {"role": "system", "content": translator.system_prompt}
    assert body["temperature"] == translator.params.temperature


async def test_save_edit_delete_export_and_import(
    server: DemoServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rt = await start_app(server, tmp_path / "one")
    try:
        w = rt.window
        w.new_conversation()
        w.params.system_prompt.setPlainText("你是 SQL 专家。")
        w.params.temperature.set_value(0.4, 1.0)
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("SQL 助手", True))
        saved = w.preset_actions.save_current()
        assert saved is not None and saved.id and saved.system_prompt == "你是 SQL 专家。"
        assert saved.params.temperature == 0.4 and saved.model == w.params.current_model_id()
        w.preset_actions.fill_menu()
        assert "SQL 助手" in [a.text() for a in w.presets_menu.actions()]
        dialog = w.preset_actions.open_dialog()
        names = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        assert names[-1] == "SQL 助手" and names[0].startswith("Translator")
        # A built-in one is read-only: Save makes a copy of the user's.
        dialog.list.setCurrentRow(1)
        assert not dialog.delete_button.isEnabled()
        dialog.name.setText("我的代码审查")
        copy = dialog.save()
        assert copy is not None and copy.id and [p.name for p in builtin_presets()][1] == "Code reviewer"
        # Edit the user's preset and save.
        row = next(i for i in range(dialog.list.count()) if dialog.list.item(i).text() == "SQL 助手")
        dialog.list.setCurrentRow(row)
        dialog.panel.system_prompt.setPlainText("你是 PostgreSQL 专家。")
        dialog.own_model.setChecked(False)
        edited = dialog.save()
        assert edited is not None and edited.id == saved.id and edited.model == ""
        assert rt.archive.presets()[0].system_prompt == "你是 PostgreSQL 专家。"
        exported = tmp_path / "presets.json"
        assert dialog.export_to(exported)
        answer_next_box(QMessageBox.StandardButton.Yes)
        assert await from_a_slot(dialog.delete)  # a modal question, asked from a slot as a click does
        assert [p.name for p in rt.archive.presets()] == ["我的代码审查"]
        dialog.close()
    finally:
        await rt.close()
    rt = await start_app(server, tmp_path / "two")  # another machine: import the file
    try:
        dialog = rt.window.preset_actions.open_dialog()
        assert dialog.import_from(exported) == 2
        assert [(p.name, p.system_prompt, p.model) for p in rt.archive.presets()] == [
            ("SQL 助手", "你是 PostgreSQL 专家。", ""),
            ("我的代码审查", builtin_presets()[1].system_prompt, ""),
        ]
        assert rt.archive.presets()[0].params == Params(temperature=0.4)
        bad = tmp_path / "bad.json"
        bad.write_text('{"format": "other"}', encoding="utf-8")
        assert dialog.import_from(bad) == 0 and "not a Hunyuan Desktop presets export" in dialog.note.text()
        # Applying a preset without a model keeps the conversation's model.
        w = rt.window
        w.new_conversation()
        model = w.params.current_model_id()
        assert w.preset_actions.apply(rt.archive.presets()[0])
        assert w.current is not None and rt.archive.conversation(w.current.id).model == model  # type: ignore[union-attr]
        assert isinstance(rt.archive.presets()[0], Preset)
        dialog.close()
    finally:
        await rt.close()


async def test_many_long_preset_names_do_not_widen_the_window(app: Runtime) -> None:
    rt = app
    for n in range(6):
        rt.window.preset_actions.presets.save(Preset(0, f"一个名字非常非常非常长的预设 {n} " * 3, "提示"))
    rt.window.preset_actions.refresh_chips()
    rt.window.new_conversation()
    hint = rt.window.minimumSizeHint().expandedTo(rt.window.minimumSize())
    assert hint.width() <= 720, hint
    assert len(rt.window.empty_state.preset_buttons) == 6  # at most six chips
