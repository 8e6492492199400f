"""Find in the open conversation (issue 10, find part): counts, next / previous with wrap-around, the
current match highlighted and scrolled into view without rendering the whole conversation, the bar's
keys, and a conversation search result that opens at its match."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from hunyuan_desktop.app import Runtime
from hunyuan_desktop.domain import Role
from hunyuan_desktop.ui.sidebar.pane import PREVIEW
from hunyuan_desktop.ui.transcript import ChatView
from hunyuan_desktop.ui.transcript.find import Finder
from hunyuan_desktop.ui.transcript.view import CACHE_SIZE
from tests.ui.helpers import until
from tests.ui.test_chatview import make_view, msg
from tests.ui.test_keyboard import active, press


def colour_shown(view: ChatView, colour: str) -> bool:
    """Whether some pixel of the viewport has exactly ``colour`` (a highlight's background)."""
    image = view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    want = QColor(colour).rgb()
    return any(image.pixel(x, y) == want for y in range(0, image.height(), 2) for x in range(0, image.width(), 2))


def row_in_view(view: ChatView, row: int) -> bool:
    rect = view.row_rect(row)
    return rect.bottom() > 0 and rect.top() < view.viewport().height()


def big_conversation() -> ChatView:
    """10,000 messages; "needle" in rows 10 (twice), 5,000 and 9,990."""
    messages = [
        msg(i, f"消息 {i}：普通的一段话，没有要找的词。", Role.USER if i % 2 else Role.ASSISTANT) for i in range(10_000)
    ]
    messages[10] = msg(10, "A **needle** here and another needle there.")
    messages[5000] = msg(5000, "第五千条：Needle 在这里。")
    messages[9990] = msg(9990, "最后一个 NEEDLE。")
    return make_view(messages)


def test_counts_goes_next_and_previous_with_wrap_and_renders_only_what_it_shows(qtbot: object) -> None:
    view = big_conversation()
    finder = Finder(view)
    finder.search("needle")
    assert finder.total == 4  # ignoring case, across 10,000 messages
    assert len(view._items) < 40  # counting rendered nothing
    finder.go_near(0)
    assert finder.current == 0 and row_in_view(view, 10)
    finder.next()
    assert finder.current == 1 and row_in_view(view, 10)
    finder.next()
    assert finder.current == 2 and row_in_view(view, 5000)
    QApplication.processEvents()
    assert colour_shown(view, view.palette_.current_match)  # the current match is marked
    finder.next()
    finder.next()
    assert finder.current == 0 and row_in_view(view, 10)  # past the last: back to the first
    finder.previous()
    assert finder.current == 3 and row_in_view(view, 9990)
    assert len(view._items) <= CACHE_SIZE and len(view._items) < 100  # only the rows it went to and around
    finder.search("")
    QApplication.processEvents()
    assert not colour_shown(view, view.palette_.current_match)


def test_every_match_in_view_is_highlighted_and_the_current_one_differently(qtbot: object) -> None:
    view = make_view([msg(1, "苹果和香蕉，还有苹果。", Role.USER), msg(2, "苹果很好吃。")])
    finder = Finder(view)
    finder.search("苹果")
    assert finder.total == 3
    finder.go_near(0)
    QApplication.processEvents()
    assert colour_shown(view, view.palette_.match) and colour_shown(view, view.palette_.current_match)
    assert [len(view.matches_in(r)) for r in (0, 1)] == [2, 1]


def test_a_count_from_markdown_source_gives_way_to_what_is_shown(qtbot: object) -> None:
    # "**" is in the source twice but not in the rendered text: going there corrects the total.
    view = make_view([msg(1, "纯文本 ** 星号", Role.USER), msg(2, "这是 **粗体** 文字")])
    finder = Finder(view)
    finder.search("**")
    assert finder.total == 3
    finder.go_near(0)
    finder.next()
    assert finder.total == 1 and finder.current == 0


async def test_ctrl_f_enter_shift_enter_and_esc_in_the_window(app: Runtime) -> None:
    rt = app
    w = rt.window
    conv = w.new_conversation()
    assert conv is not None
    w.archive.append_many(
        conv.id,
        [
            (Role.USER if i % 2 else Role.ASSISTANT, f"第 {i} 条" + (" 关键词 needle" if i % 50 == 0 else ""))
            for i in range(400)
        ],
    )
    w.select_conversation(conv.id)
    await active(rt)
    press(rt, "Ctrl+F")
    assert w.find_bar.isVisible() and w.find_bar.edit.hasFocus()
    QTest.keyClicks(w.find_bar.edit, "Needle")  # (QTest types Latin-1 only)
    await until(lambda: w.find_bar.count_label.text() != "", what="the count")
    assert w.find_bar.count_label.text().endswith("/ 8")
    QTest.keyClick(w.find_bar.edit, Qt.Key.Key_Return)
    first = w.find_bar.count_label.text()
    QTest.keyClick(w.find_bar.edit, Qt.Key.Key_Return)
    assert w.find_bar.count_label.text() != first
    QTest.keyClick(w.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert w.find_bar.count_label.text() == first
    at = int(first.split(" / ")[0]) - 1
    assert row_in_view(w.chat_view, w.find_bar.finder.rows[at])
    QTest.keyClick(w.find_bar.edit, Qt.Key.Key_Escape)
    assert not w.find_bar.isVisible() and w.composer.hasFocus()
    assert w.chat_view.matches_in(0) == []  # the highlights went with the bar


async def test_a_search_result_shows_its_snippet_and_opens_at_the_match(app: Runtime) -> None:
    rt = app
    w = rt.window
    target = w.new_conversation()
    assert target is not None
    w.archive.append_many(target.id, [(Role.USER, f"普通消息 {i}") for i in range(300)])
    w.archive.append_many(target.id, [(Role.ASSISTANT, "这里提到了量子纠缠的实验。")])
    w.archive.append_many(target.id, [(Role.USER, f"后来的消息 {i}") for i in range(300)])
    other = w.new_conversation()  # (after the first has messages: an empty one is reused, not made twice)
    assert other is not None and other.id != target.id
    w.select_conversation(other.id)
    w.search.setText("量子纠缠")
    await until(lambda: w.conversation_list.count() == 1, what="the search results")
    item = w.conversation_list.item(0)
    assert "量子纠缠" in item.data(PREVIEW)  # the snippet, under the title
    w.conversation_list.setCurrentItem(item)
    view = w.chat_view
    assert w.current is not None and w.current.id == target.id
    assert w.find_bar.isVisible() and w.find_bar.count_label.text() == "1 / 1"
    assert row_in_view(view, 300)
    QApplication.processEvents()
    assert colour_shown(view, view.palette_.current_match)
