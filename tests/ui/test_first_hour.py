"""The first hour's paper cuts (issue 23), each as the user meets it."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from hunyuan_desktop.app import Runtime
from hunyuan_desktop.catalog import format_money, format_yuan
from hunyuan_desktop.standin import DemoServer
from hunyuan_desktop.ui.kit.widgets import two_lines
from tests.ui.helpers import settled, until
from tests.ui.test_window import ask, finished


async def test_ctrl_n_three_times_leaves_one_empty_conversation(app: Runtime, server: DemoServer) -> None:
    w = app.window
    for _ in range(3):
        w.menus.new.trigger()  # Ctrl+N
    assert [c.title for c in app.archive.conversations()] == ["New conversation"]
    await ask(app, "第一个问题")
    await finished(app)
    asked = w.current
    assert asked is not None
    for _ in range(3):
        w.menus.new.trigger()
    kept = app.archive.conversations()
    assert len(kept) == 2 and asked.id in {c.id for c in kept}  # the one with messages, and one empty
    assert w.current is not None and w.current.id != asked.id
    w.select_conversation(asked.id)
    w.menus.new.trigger()
    assert len(app.archive.conversations()) == 2  # a fresh empty one in place of the old: never a third


async def test_a_long_first_question_is_the_whole_title_elided_only_on_screen(app: Runtime) -> None:
    question = "请详细比较一下" + "分布式数据库的一致性模型与可用性之间的取舍，" * 6
    await ask(app, question)
    await finished(app)
    conv = app.window.current
    assert conv is not None
    stored = app.archive.conversation(conv.id)
    assert stored is not None and stored.title == question and "…" not in stored.title
    label = app.window.title_label
    assert label.text() == question and label.shown_text().endswith("…")  # elided on screen only


async def test_money_never_elides_the_title_gives_way_first(app: Runtime, server: DemoServer) -> None:
    w = app.window
    await ask(app, "一个很长很长的问题标题" * 8)
    await finished(app)
    balance = app.controller.balances.known("wcode")
    assert balance is not None
    costs = app.window.session.costs()
    assert costs is not None
    for width, height in ((1200, 780), (800, 600), (640, 460)):
        w.resize(width, height)
        await settled()
        shown_balance = w.balance_label.shown_text()
        shown_cost = w.cost_label.shown_text()
        assert "…" not in shown_balance and "…" not in shown_cost, (width, shown_balance, shown_cost)
        assert format_money(balance[0].amount, balance[0].currency) in shown_balance, (width, shown_balance)
        if shown_cost:
            assert format_yuan(costs.last) in shown_cost and format_yuan(costs.total) in shown_cost, (width, shown_cost)
        else:  # the narrowest window: the cost, whole, in the balance's tooltip rather than cut
            assert width == 640 and format_yuan(costs.total) in w.balance_label.toolTip()
        label_right = w.balance_label.mapTo(w, w.balance_label.rect().topRight()).x()
        assert label_right <= w.width(), (width, label_right)  # on screen, whole
        assert w.title_label.width() < w.title_label.sizeHint().width()  # the title is what gave way


async def test_new_conversations_use_the_model_chosen_last_or_the_default(app: Runtime, server: DemoServer) -> None:
    from tests.ui.test_attachments_ui import last_chat_body

    w = app.window
    await ask(app, "先问一句")
    await finished(app)
    w.use_model("hunyuan-lite")  # chosen in the picker while a conversation is open: that one's model now
    first = w.current
    assert first is not None and app.archive.conversation(first.id).model == "hunyuan-lite"  # type: ignore[union-attr]
    w.menus.new.trigger()  # Ctrl+N
    await ask(app, "你好")
    await finished(app)
    assert last_chat_body(server)["model"] == "hunyuan-lite"  # the model the user just chose, not a surprise
    app.store.remember(new_model="default", default_model="hunyuan-standard")  # Settings → New conversations
    w.menus.new.trigger()
    await ask(app, "再来")
    await finished(app)
    assert last_chat_body(server)["model"] == "hunyuan-standard"


async def test_deleting_the_answer_updates_the_lists_preview(app: Runtime, server: DemoServer) -> None:
    from hunyuan_desktop.standin import Fault
    from hunyuan_desktop.ui.sidebar.pane import PREVIEW
    from hunyuan_desktop.ui.transcript.chrome import ACTION_RETRY

    w = app.window
    server.push_fault(Fault(text="一个会被删除的回答"))
    await ask(app, "保留的问题")
    await finished(app)
    row = w.conversation_list.item(0)
    assert "一个会被删除的回答" in row.data(PREVIEW)
    answer = w.chat_view.messages()[-1]
    assert w.session.delete_message(answer.id)
    await settled()
    assert "保留的问题" in w.conversation_list.item(0).data(PREVIEW)
    # The question left alone offers to be answered.
    [question] = w.chat_view.messages()
    footer = w.chat_view.item(0).footer.toHtml()
    assert ACTION_RETRY in footer and "Answer this" in footer
    server.push_fault(Fault(text="新的回答"))
    w.message_actions.on_anchor(question.id, ACTION_RETRY)
    await finished(app)
    assert [m.content for m in w.chat_view.messages()] == ["保留的问题", "新的回答"]


async def test_a_search_result_of_the_open_conversation_goes_to_its_match(app: Runtime) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from hunyuan_desktop.domain import Role
    from tests.ui.helpers import until

    w = app.window
    conv = w.new_conversation()
    assert conv is not None
    app.archive.append_many(conv.id, [(Role.USER, f"消息 {i}") for i in range(200)])
    app.archive.append_many(conv.id, [(Role.ASSISTANT, "这里说到了拓扑绝缘体。")])
    app.archive.append_many(conv.id, [(Role.USER, f"之后 {i}") for i in range(200)])
    w.select_conversation(conv.id)
    await settled()
    w.search.setText("拓扑绝缘体")
    await until(lambda: conv.id in w.listing.hits, what="the search result")
    item = w.conversation_list.item(0)
    rect = w.conversation_list.visualItemRect(item)
    QTest.mouseClick(w.conversation_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    await settled()
    assert w.find_bar.isVisible() and w.find_bar.count_label.text() == "1 / 1"


async def test_copies_and_exports_say_they_were_done(app: Runtime, server: DemoServer, tmp_path: object) -> None:
    from pathlib import Path

    from PySide6.QtWidgets import QToolTip

    from hunyuan_desktop.chat.conversations import ExportFormat
    from hunyuan_desktop.standin import Fault
    from hunyuan_desktop.ui.markup.markdown import COPY_CODE
    from hunyuan_desktop.ui.transcript.chrome import ACTION_COPY

    w = app.window
    server.push_fault(Fault(text="代码：\n\n```python\nprint(1)\n```\n"))
    await ask(app, "给我代码")
    await finished(app)
    answer = w.chat_view.messages()[-1]
    w.message_actions.on_anchor(answer.id, ACTION_COPY)
    assert QToolTip.text() == "Copied"
    w.message_actions.on_anchor(answer.id, f"{COPY_CODE}0")
    assert QToolTip.text() == "Code copied"
    assert isinstance(tmp_path, Path)
    target = tmp_path / "out.md"
    await w.export_to(target, ExportFormat.MARKDOWN)
    assert target.is_file() and QToolTip.text() == f"Exported to {target}"


async def test_a_small_window_folds_the_list_and_keeps_the_reading_room(app: Runtime) -> None:
    w = app.window
    w.resize(1200, 780)
    await settled()
    assert w.side.isVisible()
    w.resize(640, 460)
    await settled()
    assert not w.side.isVisible() and not w.list_toggle.isChecked()  # folded by itself
    assert w.foot.width() > 560  # the chat and its message box keep nearly the whole window
    w.resize(1200, 780)
    await settled()
    assert w.side.isVisible()  # back when there is room (the user had not hidden it)
    w.list_action.trigger()  # Ctrl+B: hidden by the user now
    w.resize(640, 460)
    await settled()
    w.resize(1200, 780)
    await settled()
    assert not w.side.isVisible()  # stays as the user left it


async def test_a_parameter_is_set_by_dragging_and_reset_to_the_default(app: Runtime, server: DemoServer) -> None:
    from tests.ui.test_attachments_ui import last_chat_body

    w = app.window
    w.resize(1280, 800)
    await settled()
    temperature = w.params.temperature
    assert temperature.value() is None and temperature.text() == "default" and not temperature.reset.isEnabled()
    rows_before = [temperature.slider.geometry(), w.params.top_p.slider.geometry()]
    assert temperature.slider.width() >= 200  # a track of its own line: 0.05 is several pixels
    assert temperature.slider.width() / (temperature.slider.maximum() / 5) >= 4
    temperature.slider.setValue(55)  # a drag: set, and sent
    await settled()
    assert temperature.value() == 0.55 and temperature.reset.isEnabled()
    assert [temperature.slider.geometry(), w.params.top_p.slider.geometry()] == rows_before  # nothing moved
    await ask(app, "温度")
    await finished(app)
    assert last_chat_body(server)["temperature"] == 0.55
    temperature.reset.click()  # back to the model's default: not sent
    assert temperature.value() is None and temperature.text() == "default"
    await ask(app, "默认")
    await finished(app)
    assert "temperature" not in last_chat_body(server)
    temperature.number.setValue(1.25)  # typing a value sets it too
    assert temperature.value() == 1.25


def test_styled_boxes_keep_their_arrows_and_ticks_in_both_themes(qapp: object) -> None:
    """Styling a combo box, a spin box or a check box drops Fusion's arrows and ticks (the trial saw stub
    lines and no arrow, and boxes nearly invisible in dark): ours are drawn, tinted for the theme."""
    import re
    from pathlib import Path

    from hunyuan_desktop.ui.kit.theme import DARK_THEME, LIGHT_THEME, style_sheet

    for theme in (LIGHT_THEME, DARK_THEME):
        sheet = style_sheet(theme)
        for part in ("QComboBox::down-arrow", "QAbstractSpinBox::up-arrow", "QAbstractSpinBox::down-arrow"):
            assert part in sheet
        urls = dict(
            re.findall(r"(QComboBox::down-arrow|QAbstractSpinBox::up-arrow) \{ image: url\(\"([^\"]+)\"\)", sheet)
        )
        for path in urls.values():
            assert theme.text2 in Path(path).read_text(encoding="utf-8")  # tinted: visible on this theme
        assert "QCheckBox::indicator:checked" in sheet and "QComboBox:disabled" in sheet


async def test_last_reply_is_the_last_reply_even_when_stopped(app: Runtime, server: DemoServer) -> None:
    from hunyuan_desktop.standin import Fault
    from tests.ui.helpers import until

    w = app.window
    server.push_fault(Fault(text="第一个回答"))
    await ask(app, "先问")
    await finished(app)
    first = w.session.costs()
    assert first is not None and first.last is not None and first.last > 0
    server.push_fault(Fault(text="长" * 2000, chunk_chars=1, rate=200))
    await ask(app, "再问，然后停下")
    await until(lambda: len(w.chat_view.messages()[-1].content) > 5, what="the answer to start")
    w.stop()
    await finished(app)
    costs = w.session.costs()
    assert costs is not None and costs.last is None and costs.total == first.total  # not the reply before
    assert "not reported" in w.cost_label.text()


async def test_search_results_mark_the_words_found(app: Runtime) -> None:
    from PySide6.QtGui import QColor

    from hunyuan_desktop.domain import Role
    from tests.ui.helpers import until

    w = app.window
    conv = app.archive.create_conversation("量子计算入门", "hunyuan-turbos-latest", w.params.params())
    app.archive.append_many(conv.id, [(Role.USER, "请介绍量子纠缠的基本概念")])
    w.reload_conversations()
    await settled()

    def marked() -> int:
        image = w.conversation_list.viewport().grab().toImage()
        want = QColor(w.conversation_list.theme.match).rgb()
        return sum(
            1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2) if image.pixel(x, y) == want
        )

    assert marked() == 0
    w.search.setText("量子")
    await until(lambda: conv.id in w.listing.hits, what="the search result")
    await settled()
    assert marked() > 20  # the words are marked in the title and the snippet


async def test_settings_say_which_address_this_run_uses(app: Runtime) -> None:
    import asyncio

    from hunyuan_desktop.domain import ConnectionCheck
    from hunyuan_desktop.secrets import KeyStore
    from hunyuan_desktop.ui.settings.dialog import SettingsDialog

    dialog = SettingsDialog(
        app.controller.catalog,
        app.settings,
        app.data_dir,
        KeyStore(),
        app.store.save,
        lambda *_: asyncio.sleep(0, ConnectionCheck()),
        parent=app.window,
        run_urls={"wcode": "http://127.0.0.1:8765/api/gpt/v1"},
    )
    dialog.open()
    try:
        assert dialog.base_url.text() == "https://wcode.net/api/gpt/v1"  # what is saved stays in the field
        note = dialog.providers.run_note
        assert note.isVisible() and "http://127.0.0.1:8765/api/gpt/v1" in note.text()
        dialog.select_provider("deepseek")
        assert not note.isVisible()
    finally:
        dialog.reject()
        dialog.deleteLater()


async def test_the_header_names_the_conversations_model(app: Runtime, server: DemoServer) -> None:
    from PySide6.QtWidgets import QToolTip

    w = app.window
    w.params_action.trigger()  # the parameters out of the way: the header has room for the model's name
    w.list_action.trigger()
    w.resize(1280, 800)
    await ask(app, "你好")
    await finished(app)
    await settled()
    assert w.header.model_label.text() == "hunyuan-turbos-latest" and w.header.model_label.isVisible()
    w.use_model("hunyuan-lite")  # chosen for this conversation: visibly its change
    assert w.header.model_label.text() == "hunyuan-lite"
    assert "hunyuan-lite" in w.header.model_label.toolTip()
    assert "hunyuan-lite" in QToolTip.text() and "你好" in QToolTip.text()  # said where the user looks


async def test_example_questions_show_whole_words_at_any_width(app: Runtime) -> None:
    """The English cards were cut mid-word ("Explain the CAP theor…"), the Chinese ones mid-phrase."""
    w = app.window
    w.session.open(None)
    w.menus.new.trigger()
    await until(lambda: w.stack.currentWidget() is w.empty_state, what="the example questions")
    for width in (1280, 900, 800):
        w.resize(width, 700)
        await settled()
        for button in w.empty_state.buttons:
            question, shown = str(button.property("question")), button.text()
            assert shown.count("\n") <= 1, shown
            flat = shown.replace("\n", " ").removesuffix("…")
            if not shown.endswith("…"):
                assert flat == question, (width, shown)  # whole, on one or two lines
            else:  # cut after a whole word
                assert question.startswith(flat) and question[len(flat)] == " ", (width, shown)
            metrics = QFontMetrics(button.font())
            assert all(metrics.horizontalAdvance(line) <= button.width() for line in shown.split("\n"))


def test_two_lines_breaks_between_words_and_any_two_chinese_characters(qapp: object) -> None:
    metrics = QFontMetrics(QApplication.font())
    english = two_lines("Draft a polite email asking to move a meeting to Friday " * 3, metrics, 200)
    first, second = english.split("\n")
    assert second.endswith("…") and not second.endswith(" …") and "Draft a polite email" in first
    assert all(
        word in ["Draft", "a", "polite", "email", "asking", "to", "move", "a", "meeting", "to", "Friday"]
        for word in english[:-1].split()
    )
    chinese = two_lines("起草一封礼貌的邮件，请求把会议改到周五" * 4, metrics, 200)
    assert chinese.count("\n") == 1 and chinese.endswith("…")
    assert all(metrics.horizontalAdvance(line) <= 200 for line in chinese.split("\n"))
    assert two_lines("短问题", metrics, 200) == "短问题"


async def test_the_delete_question_shows_the_words_and_names_its_action(app: Runtime, server: DemoServer) -> None:
    """It showed the answer's Markdown ("## … | :--- |") under Yes/No buttons with olive and brown icons."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from hunyuan_desktop.standin import Fault
    from hunyuan_desktop.ui.kit.theme import DARK_THEME, style_sheet
    from hunyuan_desktop.ui.sidebar.pane import PREVIEW

    server.push_fault(Fault(text="## 远程办公\n\n| 方面 | 利 |\n| :--- | :--- |\n| **时间** | `省去通勤` |"))
    await ask(app, "用表格总结")
    await finished(app)
    w = app.window
    assert w.conversation_list.item(0).data(PREVIEW) == "远程办公 方面 利 时间 省去通勤"  # the list too
    seen: dict[str, object] = {}

    def look() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        delete = box.button(QMessageBox.StandardButton.Yes)
        seen.update(text=box.text(), yes=delete.text(), default=box.defaultButton() is not delete)
        seen.update(icon=box.icon() == QMessageBox.Icon.Warning)
        box.reject()

    QTimer.singleShot(50, look)
    assert not w.message_actions.delete_message(w.chat_view.messages()[-1].id)  # Cancel keeps it
    assert seen["yes"] == "Delete" and seen["default"] and seen["icon"]
    assert "远程办公 方面 利 时间 省去通勤" in str(seen["text"]) and not any(c in str(seen["text"]) for c in "#|*`")
    assert len(w.chat_view.messages()) == 2
    assert "dialogbuttonbox-buttons-have-icons: 0" in style_sheet(DARK_THEME)  # no stock icons on the buttons


def test_previews_keep_words_money_and_formulas_and_drop_markdowns_marks() -> None:
    from hunyuan_desktop.chat.conversations import one_line as plain_line

    assert plain_line("**结论**：适合 *团队*") == "结论：适合 团队"
    assert plain_line("价格 $5 到 $10，`pip install x` 见[文档](https://example.com)") == (
        "价格 $5 到 $10，pip install x 见文档"
    )
    assert plain_line("- [ ] 任务\n1. 第一步\n> 引用\n```python\nprint(1)\n```") == "任务 第一步 引用 print(1)"
    assert plain_line("a*b*c 与 2*3=6，$$x^2$$") == "a*b*c 与 2*3=6，$$x^2$$"
    assert len(plain_line("字" * 1000, 80)) == 80


async def test_the_model_list_opens_inside_the_window(app: Runtime) -> None:
    """The models with their prices ran past the window's right edge (and the screen's)."""
    from PySide6.QtCore import QPoint, QRect

    w = app.window
    w.move(0, 0)
    w.resize(760, 560)  # smaller than the screen: the screen's edge does not stop the list
    w.show_params(True)
    await settled()
    combo = w.params.model_combo
    combo.showPopup()
    await settled()
    try:
        popup = combo.view().window()
        inside = QRect(w.mapToGlobal(QPoint(0, 0)), w.size())
        assert popup.isVisible() and inside.contains(popup.geometry()), (popup.geometry(), inside)
        assert popup.width() >= combo.width()
    finally:
        combo.hidePopup()


async def test_answering_is_not_shown_in_the_error_colour(app: Runtime, server: DemoServer) -> None:
    import re

    from hunyuan_desktop.standin import Fault

    w = app.window
    server.push_fault(Fault(text="慢慢地回答。" * 200, chunk_chars=2, rate=100))
    await ask(app, "慢一点")
    await until(lambda: len(w.chat_view.messages()[-1].content) > 10, what="the answer to stream")
    footer = w.chat_view.item(len(w.chat_view.messages()) - 1).footer.toHtml()
    colour = re.search(r'color:(#[0-9a-fA-F]{6});?">[^<]*answering…', footer)
    assert colour is not None, footer
    assert colour.group(1).lower() != w.theme.error.lower()
    w.stop()
    await finished(app)
    footer = w.chat_view.item(len(w.chat_view.messages()) - 1).footer.toHtml()
    assert "answering…" not in footer and "stopped" in footer


async def test_the_price_under_the_model_never_wraps(app: Runtime) -> None:
    w = app.window
    w.resize(800, 600)
    w.show_params(True)
    panel = w.params
    vision = next(m for m in panel.models if m.price and m.price.input_per_1k != m.price.output_per_1k)
    w.use_model(vision.ref)
    await settled()
    for width in (900, 800, 700):
        w.resize(width, 600)
        await settled()
        label = panel.price_label
        shown = label.shown_text()
        assert not label.wordWrap() and "\n" not in shown
        assert QFontMetrics(label.font()).horizontalAdvance(shown) <= label.contentsRect().width(), (width, shown)
        assert "¥" in shown and "0.0035" in label.text()  # the figures always; the words as room allows
