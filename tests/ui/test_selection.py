"""Selecting and copying text in the chat view (issue 10, selection part): drag within and across
messages, double-click a word, Ctrl+A, Ctrl+C, a selection that survives scrolling and streaming."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QGuiApplication,
    QImage,
    QMouseEvent,
    QTextBlock,
    QTextDocument,
    QTextFragment,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from hunyuan_desktop.app import Runtime
from hunyuan_desktop.domain import MessageStatus, Role
from hunyuan_desktop.standin import DemoServer, Fault
from hunyuan_desktop.ui.transcript import ChatView
from hunyuan_desktop.ui.transcript.layout import MARGIN_X, MARGIN_Y, PAD
from tests.ui.helpers import start_app
from tests.ui.test_chatview import make_view, msg, on_screen_matches_a_fresh_paint
from tests.ui.test_window import ask, finished

FIRST = "第一条消息：红色的苹果。"
SECOND = "Second message: green apples and yellow bananas."


def point_in(view: ChatView, row: int, doc: int, dx: float = 3.0, dy: float = 4.0) -> QPoint:
    """A viewport point inside document ``doc`` of message ``row``."""
    top = view.verticalScrollBar().value()
    placed = view.item(row).placed()[doc]
    y = view._heights.prefix(row) - top + MARGIN_Y + PAD + placed.top + dy
    return QPointF(MARGIN_X + PAD + placed.indent + dx, y).toPoint()


def body_doc(view: ChatView, row: int) -> int:
    """The index of the first document of a message's text (after its name and time)."""
    item = view.item(row)
    return next(i for i in range(len(item.placed())) if item.selectable(i))


def drag(view: ChatView, start: QPoint, end: QPoint) -> None:
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(vp, QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    QTest.mouseMove(vp, end)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def two_messages() -> ChatView:
    return make_view([msg(1, FIRST, Role.USER), msg(2, SECOND)])


def test_drag_across_two_messages_selects_and_ctrl_c_copies(qtbot: object) -> None:
    view = two_messages()
    start = point_in(view, 0, body_doc(view, 0), dx=1)
    end = point_in(view, 1, body_doc(view, 1), dx=60)
    drag(view, start, end)
    text = view.selected_text()
    assert text.startswith(FIRST) and text.split("\n\n")[-1].startswith("Second")
    assert "Copy" not in text and "Assistant" not in text  # links and names are not the text
    assert text.split("\n\n")[-1] != SECOND  # only part of the second message
    QTest.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == text


def test_drag_within_a_message_selects_part_of_it(qtbot: object) -> None:
    view = two_messages()
    body = body_doc(view, 1)
    drag(view, point_in(view, 1, body, dx=1), point_in(view, 1, body, dx=110))
    text = view.selected_text()
    assert text and SECOND.startswith(text) and len(text) < len(SECOND)


def test_double_click_selects_a_word_and_ctrl_a_everything(qtbot: object) -> None:
    view = two_messages()
    body = body_doc(view, 1)
    place = view.item(1).placed()[body]
    x = place.doc.documentLayout().blockBoundingRect(place.doc.begin()).x() + 100  # type: ignore[union-attr]
    QTest.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point_in(view, 1, body, dx=x)
    )
    word = view.selected_text()
    assert word and " " not in word.strip() and word.strip() in SECOND
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    everything = view.selected_text()
    assert FIRST in everything and SECOND in everything


def test_the_selection_survives_scrolling_and_a_streaming_answer(qtbot: object) -> None:
    view = make_view([msg(i, f"消息 {i}：" + "内容 " * 30, Role.USER if i % 2 else Role.ASSISTANT) for i in range(40)])
    bar = view.verticalScrollBar()
    body = body_doc(view, 38)
    drag(view, point_in(view, 38, body, dx=1), point_in(view, 38, body, dx=200))
    chosen = view.selected_text()
    assert chosen.startswith("消息 38")
    view.add_message(msg(100, "", status=MessageStatus.STREAMING))
    for i in range(30):
        view.add_delta(100, f"流式 {i}。", "")
        QApplication.processEvents()
    qtbot.waitUntil(view.idle)  # type: ignore[attr-defined]
    bar.setValue(0)
    QApplication.processEvents()
    assert view.selected_text() == chosen


def test_a_selection_is_painted_and_the_screen_stays_exact(qtbot: object) -> None:
    view = two_messages()
    before = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    drag(view, point_in(view, 0, 1, dx=1), point_in(view, 1, 1, dx=80))
    QApplication.processEvents()
    after = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert before != after  # the highlight shows
    assert on_screen_matches_a_fresh_paint(view)


def test_a_click_on_a_link_is_still_a_click(qtbot: object) -> None:
    view = two_messages()
    clicked: list[tuple[int, str]] = []
    view.anchorClicked.connect(lambda mid, href, _text: clicked.append((mid, href)))
    footer = len(view.item(1).placed()) - 1
    place = view.item(1).placed()[footer]
    layout = place.doc.documentLayout()  # type: ignore[union-attr]
    # Find the Copy link in the footer by scanning along its line.
    for x in range(0, int(place.doc.textWidth()), 3):
        if layout.anchorAt(QPointF(x, 5)):
            QTest.mouseClick(
                view.viewport(),
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
                point_in(view, 1, footer, dx=x, dy=5),
            )
            break
    assert clicked and clicked[0][0] == 2
    assert view.selected_text() == ""


async def test_the_message_menu_copies_quotes_and_selects(app: Runtime, server: DemoServer) -> None:
    answer = "先看代码：\n\n```python\nprint('一')\n```\n\n```sh\necho 二\n```\n\n完。"
    server.push_fault(Fault(text=answer))
    rt = app
    w = rt.window
    await ask(rt, "给我代码")
    await finished(rt)
    message = w.chat_view.messages()[-1]
    menu = w.message_menu(message.id, QPoint(10, 10))
    assert menu is not None
    actions = {a.text(): a for a in menu.actions() if a.text()}
    assert set(actions) >= {"Copy", "Copy as Markdown", "Copy code", "Select all", "Quote in reply"}
    actions["Copy as Markdown"].trigger()
    assert QGuiApplication.clipboard().text() == answer  # the source, fences and all
    actions["Copy"].trigger()
    plain = QGuiApplication.clipboard().text()
    assert "print('一')" in plain and "```" not in plain  # the text as shown
    code_menu = actions["Copy code"].menu()
    assert isinstance(code_menu, QMenu)
    codes = [a for a in code_menu.actions() if a.text()]
    assert [a.text() for a in codes] == ["print('一')", "echo 二"]
    codes[1].trigger()
    assert QGuiApplication.clipboard().text() == "echo 二\n"  # the exact code
    actions["Quote in reply"].trigger()
    assert w.composer.toPlainText().startswith("> 先看代码：") and w.composer.hasFocus()
    actions["Select all"].trigger()
    assert "给我代码" in w.chat_view.selected_text() and "完。" in w.chat_view.selected_text()
    menu.deleteLater()


def test_hovering_a_link_shows_where_it_goes(qtbot: object) -> None:
    view = make_view([msg(1, "看 [这里](https://example.com/real-target) 的说明")])
    place = view.item(0).placed()[1]
    layout = place.doc.documentLayout()  # type: ignore[union-attr]
    x = next(x for x in range(0, int(place.doc.textWidth()), 2) if layout.anchorAt(QPointF(x, 5)))
    hover(view, point_in(view, 0, 1, dx=x + 1, dy=5))
    assert view.viewport().toolTip() == "https://example.com/real-target"
    hover(view, point_in(view, 0, 1, dx=1, dy=5))  # off the link: no tip
    assert view.viewport().toolTip() == ""


def hover(view: ChatView, where: QPoint) -> None:
    """The mouse moving over the view with no button down (QTest.mouseMove sends nothing when the
    cursor is already there)."""
    vp = view.viewport()
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(where),
        QPointF(vp.mapToGlobal(where)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(vp, event)


def click_link(view: ChatView, row: int, doc: int) -> None:
    place = view.item(row).placed()[doc]
    layout = place.doc.documentLayout()  # type: ignore[union-attr]
    x = next(x for x in range(0, int(place.doc.textWidth()), 2) if layout.anchorAt(QPointF(x, 5)))
    where = point_in(view, row, doc, dx=x + 2, dy=5)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)


async def test_a_link_whose_text_names_another_address_asks_before_opening(
    server: DemoServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def fake_open(url: QUrl) -> bool:
        opened.append(url.toString())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", fake_open)
    server.push_fault(
        Fault(text="登录 [bank.com](https://evil.example/login) 或看 [文档](https://docs.example.com/)。")
    )
    rt = await start_app(server, tmp_path)
    try:
        w = rt.window
        asked: list[str] = []
        answer = False

        def confirm(title: str, text: str) -> bool:
            asked.append(text)
            return answer

        monkeypatch.setattr(w, "confirm", confirm)
        await ask(rt, "链接")
        await finished(rt)
        view = w.chat_view
        row = len(view.messages()) - 1
        click_link(view, row, body_doc(view, row))
        assert len(asked) == 1 and "bank.com" in asked[0] and "https://evil.example/login" in asked[0]
        assert opened == []  # the user said no
        answer = True
        click_link(view, row, body_doc(view, row))
        assert opened == ["https://evil.example/login"]
        assert w.open_link("https://docs.example.com/", "文档") and len(asked) == 2  # plain words: no question
        assert not w.open_link("file:///etc/passwd", "passwd") and opened[-1] == "https://docs.example.com/"
    finally:
        await rt.close()


def test_ctrl_c_puts_plain_text_and_html_on_the_clipboard(qtbot: object) -> None:
    view = make_view([msg(1, "## 标题\n\n一段 **粗体** 文字。\n\n```python\nprint(1)\n```")])
    view.setFocus()
    view.select_all()
    QTest.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    data = QGuiApplication.clipboard().mimeData()
    assert "一段 粗体 文字。" in data.text() and "print(1)" in data.text()
    assert data.hasHtml()
    rich = data.html()
    assert rich.count("<body") == 1 and "font-weight" in rich  # one page; the bold survives a rich paste
    pasted = QTextDocument()
    pasted.setHtml(rich)
    assert "标题" in pasted.toPlainText() and "print(1)" in pasted.toPlainText()


async def test_delete_message_asks_then_removes_it_from_view_archive_and_context(
    app: Runtime, server: DemoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.push_fault(Fault(text="第一个回答。"))
    server.push_fault(Fault(text="第二个回答。"))
    rt = app
    w = rt.window
    answer = False
    monkeypatch.setattr(w, "confirm", lambda title, text, action="": answer)
    await ask(rt, "秘密问题")
    await finished(rt)
    conv = w.current
    assert conv is not None
    question = w.chat_view.messages()[0]
    menu = w.message_menu(question.id, QPoint(5, 5))
    assert menu is not None
    delete = next(a for a in menu.actions() if a.text() == "Delete message…")
    delete.trigger()
    assert next(m.id for m in w.archive.messages(conv.id)) == question.id  # said no: nothing happened
    answer = True
    delete.trigger()
    assert question.id not in [m.id for m in w.archive.messages(conv.id)]
    assert question.id not in [m.id for m in w.chat_view.messages()]
    await ask(rt, "下一个问题")
    await finished(rt)
    sent = server.requests[-1]["body"]["messages"]
    assert all("秘密问题" not in str(m.get("content")) for m in sent)  # gone from the context too
    menu.deleteLater()


def test_removing_a_message_keeps_what_is_in_view_in_place_and_paints_exactly(qtbot: QtBot) -> None:
    view = make_view(
        [msg(i, f"第 {i} 条：" + "内容 " * (i % 7 * 20), Role.USER if i % 2 else Role.ASSISTANT) for i in range(60)]
    )
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    qtbot.waitUntil(view.idle)
    QApplication.processEvents()
    first = view.visible_rows().start
    kept = view.messages()[first + 1].id
    y_before = view.row_rect(first + 1).top()
    view.remove_message(view.messages()[first - 3].id)  # above the view
    qtbot.waitUntil(view.idle)
    QApplication.processEvents()
    assert view.row_rect(view.row_of(kept) or 0).top() == y_before  # nothing in view moved
    assert on_screen_matches_a_fresh_paint(view)
    view.remove_message(kept)  # in view
    qtbot.waitUntil(view.idle)
    QApplication.processEvents()
    assert view.row_of(kept) is None and on_screen_matches_a_fresh_paint(view)
    view.remove_message(view.messages()[-1].id)  # the last one
    qtbot.waitUntil(view.idle)
    QApplication.processEvents()
    assert view.last_message_id == view.messages()[-1].id and on_screen_matches_a_fresh_paint(view)


def test_a_code_blocks_header_is_one_row_with_a_copy_icon_that_copies_it(qtbot: QtBot) -> None:
    """The header band holds the language at the left and the copy icon with its word at the right;
    clicking the icon itself asks for that block (the window copies it). An image is not text: a
    selection across the header copies no placeholder character."""
    view = make_view([msg(1, "看：\n\n```python\nprint('一')\n```\n\n```sh\necho 二\n```")])
    doc_index = next(i for i, p in enumerate(view.item(0).placed()) if "print" in p.doc.toPlainText())
    place = view.item(0).placed()[doc_index]
    doc = place.doc
    assert isinstance(doc, QTextDocument)
    images = [
        (frag.position(), frag.charFormat().toImageFormat().name())
        for block in _blocks(doc)
        for frag in _fragments(block)
        if frag.charFormat().isImageFormat()
    ]
    assert [name for _, name in images] == ["icon:copy", "icon:copy"]  # one per block
    assert not doc.resource(QTextDocument.ResourceType.ImageResource, QUrl("icon:copy")).isNull()
    layout = doc.documentLayout()
    icon_rect = layout.blockBoundingRect(doc.findBlock(images[0][0]))
    language = next(b for b in _blocks(doc) if b.text() == "python")
    assert layout.blockBoundingRect(language).top() == icon_rect.top()  # language and icon: one row
    icon_x = next(
        x
        for x in range(int(icon_rect.left()), int(doc.textWidth()))
        if layout.anchorAt(QPointF(x, icon_rect.center().y()))
    )
    clicked: list[str] = []
    view.anchorClicked.connect(lambda _id, href, _text: clicked.append(href))
    where = point_in(view, 0, doc_index, dx=icon_x + 3, dy=icon_rect.center().y())
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    assert clicked == ["copy-code:0"]
    view.select_all()
    assert "\ufffc" not in view.selected_text() and "print('一')" in view.selected_text()


def _blocks(doc: QTextDocument) -> list[QTextBlock]:
    block, found = doc.begin(), []
    while block.isValid():
        found.append(block)
        block = block.next()
    return found


def _fragments(block: QTextBlock) -> list[QTextFragment]:
    found, it = [], block.begin()
    while not it.atEnd():
        found.append(it.fragment())
        it += 1
    return found


def test_a_quote_has_a_bar_in_the_accent_colour_at_its_left(qtbot: QtBot) -> None:
    view = make_view([msg(1, "前文\n\n> 引用的一句话，说得很长很长。\n\n后文")])
    qtbot.waitUntil(view.idle)
    image = view.grab().toImage()
    bar = QColor(view.palette_.quote_bar)

    def longest_run(x: int) -> int:
        best = run = 0
        for y in range(image.height()):
            run = run + 1 if image.pixelColor(x, y) == bar else 0
            best = max(best, run)
        return best

    columns = [x for x in range(image.width()) if longest_run(x) >= 12]  # most of a line of text tall
    assert columns and len(columns) <= 4 and columns == list(range(columns[0], columns[-1] + 1))  # one narrow bar
    assert view.palette_.quote_bar == view.theme.accent
