"""The virtualised chat view: follows the newest text, stops when the user scrolls up, builds only what
shows, and renders a streamed answer exactly like a finished one."""

from __future__ import annotations

import os
import random
import re
import time
from dataclasses import replace

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QTextDocument, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hunyuan_desktop.domain import Message, MessageStatus, Role
from hunyuan_desktop.standin import DEMO_REPLIES
from hunyuan_desktop.ui.markup.markdown import SEGMENT_LINES
from hunyuan_desktop.ui.transcript import ChatView


def msg(i: int, text: str, role: Role = Role.ASSISTANT, status: MessageStatus = MessageStatus.DONE) -> Message:
    return Message(i, 1, role, text, status=status, created_at=time.time())


def make_view(messages: list[Message]) -> ChatView:
    view = ChatView()
    view.resize(700, 500)
    view.show()
    view.set_messages(messages)
    QApplication.processEvents()
    return view


def lines(docs: list[QTextDocument]) -> list[str]:
    return [line for d in docs for line in d.toPlainText().split("\n") if line.strip()]


def at_bottom(view: ChatView) -> bool:
    bar = view.verticalScrollBar()
    return bar.value() == bar.maximum()


def test_follows_streaming_text_until_the_user_scrolls_up(qtbot: object) -> None:
    view = make_view(
        [msg(i, f"消息 {i}\n\n" + "内容 " * 40, Role.USER if i % 2 else Role.ASSISTANT) for i in range(30)]
    )
    answer = msg(100, "", status=MessageStatus.STREAMING)
    view.add_message(answer)
    for _ in range(40):
        view.add_delta(100, "流式输出的一行文字。\n\n", "")
        QApplication.processEvents()
        assert at_bottom(view)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)  # the user scrolls up
    QApplication.processEvents()
    assert not view.follow
    # What the user looks at: the first row in view and where it is. (The scroll position itself may
    # change: rows above, rendered ahead while idle, get their real heights and the view moves with them.)
    first = view.visible_rows().start
    where = view.row_rect(first).top()
    for _ in range(20):
        view.add_delta(100, "更多文字。\n\n", "")
        QApplication.processEvents()
    assert view.visible_rows().start == first and view.row_rect(first).top() == where  # left where it was
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())  # back to the bottom
    QApplication.processEvents()
    view.add_delta(100, "最后一段。\n\n", "")
    QApplication.processEvents()
    assert view.follow and at_bottom(view)


def test_a_10000_message_conversation_builds_only_visible_rows(qtbot: object) -> None:
    messages = [
        msg(i, DEMO_REPLIES[i % 3] if i % 2 else "问题 " * (i % 7 + 1), Role.USER if i % 2 == 0 else Role.ASSISTANT)
        for i in range(10_000)
    ]
    start = time.perf_counter()
    view = make_view(messages)
    view.viewport().repaint()
    elapsed = time.perf_counter() - start
    assert len(view._items) < 20  # only what is on screen was rendered
    assert at_bottom(view)
    rows = view.visible_rows()
    assert rows.stop == 10_000  # the newest message is what shows
    assert elapsed < 5  # generous: a correctness guard against rendering everything, not a benchmark
    view.verticalScrollBar().setValue(0)
    view.viewport().repaint()
    assert 0 in view.visible_rows() and len(view._items) < 40


def test_streamed_answer_reads_exactly_like_the_finished_render(qtbot: object) -> None:
    text = DEMO_REPLIES[0] + "\n\n" + DEMO_REPLIES[2]
    view = make_view([msg(1, "q", Role.USER)])
    view.add_message(msg(2, "", status=MessageStatus.STREAMING))
    for i in range(0, len(text), 7):
        view.add_delta(2, text[i : i + 7], "")
    docs = view.body_documents(2)
    assert len(docs) > 3  # a stack of finished groups plus the tail, not one growing document
    full = QTextDocument()
    full.setHtml(view.renderer.wrap(view.renderer.render(text).html))
    # The HTML is identical (tests/unit/ui/test_markdown.py); here: the same text, line for line. Qt adds
    # an empty block after a table that ends a document, so blank lines are not compared.
    assert lines(docs) == lines([full])
    done = msg(2, text, status=MessageStatus.DONE)
    view.update_message(done)
    assert lines(view.body_documents(2)) == lines([full])
    assert view.code_block(2, 0) is not None and "import httpx" in (view.code_block(2, 0) or "")


def test_a_large_batch_is_shown_whole_after_a_few_small_steps(qtbot: object) -> None:
    """A batch of many finished paragraphs is rendered about a millisecond per turn of the event loop
    (so timers, input and paints run in between); until the last step the view keeps showing the
    previous text, never half of an update, and the final message ends exactly like a full render."""
    text = "\n\n".join(DEMO_REPLIES) + "\n\n收尾的一段"
    view = make_view([msg(1, "q", Role.USER)])
    view.add_message(msg(2, "", status=MessageStatus.STREAMING))
    view.add_delta(2, text[:20], "")
    qtbot.waitUntil(view.idle)  # type: ignore[attr-defined]
    before = lines(view.body_documents(2))
    assert before
    view.add_delta(2, text[20:], "")  # thousands of characters in one batch
    assert not view.settled()
    assert lines(view.body_documents(2)) == before  # nothing half-done is shown
    full = QTextDocument()
    full.setHtml(view.renderer.wrap(view.renderer.render(text).html))
    steps = 0
    while not view.settled():
        QApplication.processEvents()
        steps += 1
        assert lines(view.body_documents(2)) in (before, lines([full]))
    assert steps >= 3
    assert lines(view.body_documents(2)) == lines([full])
    # The end of the turn arrives while a large batch is still being rendered: same result, no repeats.
    view.add_message(msg(3, "q2", Role.USER))
    view.add_message(msg(4, "", status=MessageStatus.STREAMING))
    view.add_delta(4, text, "")
    view.update_message(msg(4, text, status=MessageStatus.DONE))
    qtbot.waitUntil(view.idle)  # type: ignore[attr-defined]
    assert lines(view.body_documents(4)) == lines([full])
    codes = [view.code_block(4, i) for i in range(3)]
    assert codes == [view.code_block(2, i) for i in range(3)] and codes[0] and "import httpx" in codes[0]


AA_TOLERANCE = 8  # per colour channel, out of 255


def on_screen_matches_a_fresh_paint(view: ChatView) -> bool:
    """What the window shows (the backing store, built from scrolled pixels and repainted strips) is
    what painting the whole view afresh gives: pixel for pixel, except that an antialiased edge cut by
    a repaint's clip may round one step differently (seen: one corner pixel, blue 253 against 254).
    Anything misplaced (stale text, a shifted row) differs by far more than AA_TOLERANCE."""
    shown = view.screen().grabWindow(view.winId()).toImage().convertToFormat(QImage.Format.Format_RGB32)
    fresh = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    if shown == fresh:
        return True
    if shown.size() != fresh.size():
        return False
    a, b = bytes(shown.constBits()), bytes(fresh.constBits())
    return all(abs(x - y) <= AA_TOLERANCE for x, y in zip(a, b, strict=True) if x != y)


def test_partial_repaints_while_streaming_leave_no_stale_pixels(qtbot: object) -> None:
    """While an answer streams the view scrolls the pixels it has and repaints only from the old tail
    down; whatever the batch sizes, scrolling by the user, a resize or the end of the turn, the screen
    must equal a full repaint."""
    rnd = random.Random(7)
    text = "\n\n".join(DEMO_REPLIES * 4)[:6000]
    view = make_view([msg(1, "问题", Role.USER)])
    view.add_message(msg(2, "", status=MessageStatus.STREAMING))
    i = checks = 0
    stale: list[int] = []
    while i < len(text):
        size = rnd.randint(1, 300)
        view.add_delta(2, text[i : i + size], "想" * rnd.randint(0, 3))
        i += size
        for _ in range(rnd.randint(0, 3)):
            QApplication.processEvents()
        bar = view.verticalScrollBar()
        if 3000 < i < 4500 and rnd.random() < 0.15:
            bar.setValue(bar.value() - rnd.randint(10, 300))  # the user scrolls up a little
        elif i >= 4500 and not view.follow:
            bar.setValue(bar.maximum())
        if i > 5000 and view.width() == 700:
            view.resize(640, 500)
        qtbot.waitUntil(view.idle)  # type: ignore[attr-defined]
        QApplication.processEvents()
        checks += 1
        if not on_screen_matches_a_fresh_paint(view):
            stale.append(i)
    view.update_message(msg(2, text, status=MessageStatus.DONE))
    qtbot.waitUntil(view.idle)  # type: ignore[attr-defined]
    QApplication.processEvents()
    assert on_screen_matches_a_fresh_paint(view)
    assert checks > 30 and stale == []


def test_a_long_code_block_streams_box_by_box_and_copies_whole(qtbot: object) -> None:
    """A long code block is frozen SEGMENT_LINES lines at a time while it streams (so a batch never
    re-renders all of it); the copy link still copies the whole block, and the result reads like a
    finished render."""
    code = "".join(f"def f_{i}(x):\n    return x + {i}\n" for i in range(3 * SEGMENT_LINES))
    text = f"代码如下：\n\n```python\n{code}```\n\n```sh\necho done\n```\n\n完。"
    view = make_view([msg(1, "q", Role.USER)])
    view.add_message(msg(2, "", status=MessageStatus.STREAMING))
    for i in range(0, len(text), 37):
        view.add_delta(2, text[i : i + 37], "")
        qtbot.waitUntil(view.idle)  # type: ignore[attr-defined]
        assert view.code_block(2, 0) is None or code.startswith(view.code_block(2, 0) or "")
    assert len(view.body_documents(2)) >= 6  # boxes frozen one by one, not one growing document
    assert view.code_block(2, 0) == code and view.code_block(2, 1) == "echo done\n"
    view.update_message(msg(2, text, status=MessageStatus.DONE))
    qtbot.waitUntil(view.idle)  # type: ignore[attr-defined]
    full = QTextDocument()
    full.setHtml(view.renderer.wrap(view.renderer.render(text).html))
    assert lines(view.body_documents(2)) == lines([full])
    assert view.code_block(2, 0) == code and view.code_block(2, 1) == "echo done\n"
    # One copy link per block, on its first box (Qt keeps the icon and the word as two anchors).
    links = [sorted(set(re.findall(r"copy-code:(\d+)", d.toHtml()))) for d in view.body_documents(2)]
    assert [n for found in links for n in found] == ["0", "1"]


def wheel(view: ChatView, dy: int, *, pixels: bool = False) -> None:
    """A wheel step as a mouse sends it (angle delta, 120 per notch) or a touchpad (pixel delta)."""
    pos = QPointF(200, 200)
    angle, pixel = (QPoint(0, 0), QPoint(0, dy)) if pixels else (QPoint(0, dy), QPoint(0, 0))
    event = QWheelEvent(
        pos,
        view.viewport().mapToGlobal(pos),
        pixel,
        angle,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.ScrollUpdate if pixels else Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def test_any_mix_of_scrolling_zoom_streaming_and_find_never_leaves_stale_pixels(qtbot: object) -> None:
    """Scrolling into rows never shown measures them; the view must not move old pixels first (the
    wheel garbled the view while the streaming test, which scrolled with setValue inside one long
    message, never scrolled into unmeasured rows). A long random mix of what a user does (wheel and
    touchpad steps, scroll-bar drags, page and Home/End keys, resizes, zoom, new messages, an answer
    streaming while the user reads elsewhere, find jumps), compared with a full repaint after each."""
    rnd = random.Random(11)
    texts = [DEMO_REPLIES[i % len(DEMO_REPLIES)][: rnd.randint(20, 1500)] for i in range(300)]
    view = make_view([msg(i, t, Role.USER if i % 2 else Role.ASSISTANT) for i, t in enumerate(texts)])
    bad: list[tuple[int, str]] = []
    next_id = 1000
    streaming: Message | None = None
    keys = [Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown]
    actions = ["wheel"] * 4 + ["touchpad", "drag", "page", "key", "resize", "zoom", "message", "stream", "find"]
    for step in range(240):
        bar = view.verticalScrollBar()
        action = rnd.choice(actions)
        if action == "stream":
            # An answer growing at the end while the user is anywhere (often scrolled far above it).
            if streaming is None:
                streaming = msg(next_id, "", status=MessageStatus.STREAMING)
                next_id += 1
                view.add_message(streaming)
            view.add_delta(streaming.id, DEMO_REPLIES[step % 3][: rnd.randint(5, 200)] + "\n\n", "")
            if rnd.random() < 0.2:
                done = view.message(streaming.id)
                assert done is not None
                view.update_message(replace(done, status=MessageStatus.DONE))
                streaming = None
        elif action == "key":
            QTest.keyClick(view, rnd.choice(keys))
        elif action == "zoom":
            view.set_zoom(rnd.choice([80, 100, 100, 130]))
        elif action == "find":
            view.set_find(rnd.choice(["", "的", "Hunyuan", "。"]))
            rows = view.visible_rows()
            if view._find and rows:
                view.show_match(rnd.choice(list(rows)), 0)
        elif action == "wheel":
            wheel(view, rnd.choice([120, 120, 240, 360, -120]))
        elif action == "touchpad":
            wheel(view, rnd.randint(-40, 90), pixels=True)
        elif action == "drag":
            bar.setValue(rnd.randint(0, bar.maximum()))
        elif action == "page":
            bar.triggerAction(rnd.choice([bar.SliderAction.SliderPageStepAdd, bar.SliderAction.SliderPageStepSub]))
        elif action == "resize":
            view.resize(rnd.randint(420, 900), rnd.randint(300, 700))
        elif streaming is None:  # a new message (not while one streams: it stays the last)
            view.add_message(msg(next_id, DEMO_REPLIES[next_id % 3][: rnd.randint(10, 800)]))
            next_id += 1
        QApplication.processEvents()
        qtbot.waitUntil(view.idle)  # type: ignore[attr-defined]
        QApplication.processEvents()
        if not on_screen_matches_a_fresh_paint(view):
            bad.append((step, action))
            if os.environ.get("DUMP_STALE"):
                view.screen().grabWindow(view.winId()).save(f"/tmp/stale-{step}-shown.png")
                view.grab().save(f"/tmp/stale-{step}-fresh.png")
    assert bad == []


def test_dragging_the_handle_shows_placeholders_then_the_text_where_it_stops(qtbot: QtBot) -> None:
    """Dragging the scroll bar's handle crosses dozens of rows per mouse move: rows never rendered are
    placeholders until the drag pauses or ends, then they render a row per turn of the event loop."""
    view = make_view(
        [msg(i, DEMO_REPLIES[i % 3][: 200 + i % 900], Role.USER if i % 2 else Role.ASSISTANT) for i in range(3000)]
    )
    bar = view.verticalScrollBar()
    bar.setSliderDown(True)
    for step in range(1, 30):
        bar.setValue(bar.maximum() * (30 - step) // 30)
        QApplication.processEvents()
    rows = view.visible_rows()
    assert not any(view.rendered(r) for r in rows)  # placeholders while it moves
    assert not view.settled()
    qtbot.waitUntil(view.idle, timeout=5000)  # the hand stopped (still holding the handle)
    assert all(view.rendered(r) for r in view.visible_rows())
    bar.setValue(bar.maximum() // 7)
    QApplication.processEvents()
    assert not any(view.rendered(r) for r in view.visible_rows())
    bar.setSliderDown(False)  # let go
    qtbot.waitUntil(view.idle, timeout=5000)
    QApplication.processEvents()
    assert all(view.rendered(r) for r in view.visible_rows())
    assert on_screen_matches_a_fresh_paint(view)


def test_rows_next_to_the_view_are_rendered_ahead_while_idle(qtbot: QtBot) -> None:
    view = make_view(
        [msg(i, DEMO_REPLIES[i % 3][: 300 + i % 700], Role.USER if i % 2 else Role.ASSISTANT) for i in range(500)]
    )
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    qtbot.waitUntil(view.idle, timeout=5000)
    rows = view.visible_rows()
    assert view.rendered(rows.stop) and view.rendered(rows.stop + 1)  # below, before it is scrolled to
    assert view.rendered(rows.start - 1)  # and above
    first, where = rows.start, view.row_rect(rows.start).top()
    QApplication.processEvents()
    assert view.visible_rows().start == first and view.row_rect(first).top() == where  # nothing moved
    assert on_screen_matches_a_fresh_paint(view)


def test_every_document_sits_inside_its_bubble_in_the_centred_column(qtbot: QtBot) -> None:
    """A question's bubble fits its text at the column's right, an answer fills the column; in a window
    wider than the column it is centred. Every document of a message (name, text, footer with its links)
    lies inside the bubble, also after a footer changes and while an answer streams."""
    view = make_view([msg(1, "短问题", Role.USER), msg(2, "回答。")])
    view.resize(1500, 700)
    qtbot.waitUntil(view.idle)

    def inside(row: int) -> None:
        item = view.item(row)
        for placed in item.placed():
            indent = placed.indent - (12.0 if placed.doc is item.reasoning else 0.0)
            assert indent == item.offset, (row, placed)
            assert placed.indent + placed.doc.textWidth() <= item.offset + item.inner + 1

    assert view.item(0).offset > view.item(1).offset > 0  # centred; the question at the right
    assert view.item(0).inner < view.item(1).inner / 2  # fitted to its text
    inside(0)
    inside(1)
    view.add_message(msg(3, "", status=MessageStatus.STREAMING))
    for _ in range(30):
        view.add_delta(3, "流式输出的一段文字，" * 5 + "\n\n", "")
        QApplication.processEvents()
        inside(2)
    done = view.message(3)
    assert done is not None
    view.update_message(replace(done, status=MessageStatus.DONE))
    view.update_message(replace(view.messages()[0], status=MessageStatus.DONE))  # a footer redrawn
    qtbot.waitUntil(view.idle)
    for row in range(3):
        inside(row)
    assert on_screen_matches_a_fresh_paint(view)


def test_resizing_keeps_the_message_being_read_in_view(qtbot: QtBot) -> None:
    """Narrowing the window made every message taller; the scroll position in pixels then pointed at a
    message far above the one being read."""
    text = "这一段用来测试改变窗口宽度时的阅读位置，文字足够长，会随着宽度折行。" * 6
    messages = [msg(i, f"第{i}条。" + text, Role.USER if i % 2 else Role.ASSISTANT) for i in range(60)]
    view = make_view(messages)
    qtbot.addWidget(view)
    bar = view.verticalScrollBar()
    for width in (460, 900, 700):
        bar.setValue(int(bar.maximum() * 0.6) + 37)  # somewhere inside a message in the middle
        QApplication.processEvents()
        assert not view.follow
        read = view.visible_rows()[0]
        view.resize(width, 500)
        QApplication.processEvents()
        assert view.visible_rows()[0] == read, (width, read, view.visible_rows())
        assert 0 < bar.value() < bar.maximum()
