"""Plain-text bodies for answers too large or too odd for rich text (issue 9, item 9)."""

from __future__ import annotations

import random
import time

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication

from hunyuan_desktop.domain import Message, MessageStatus, Role
from hunyuan_desktop.ui.transcript import ChatView
from hunyuan_desktop.ui.transcript.layout import GROUP_MAX_CHARS, too_big_for_rich
from hunyuan_desktop.ui.transcript.plainbody import KEEP_DOCS, PIECE_CHARS, PlainBody, split_points


def pieces(text: str) -> list[str]:
    starts = split_points(text, 0)
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab表\n "), max_size=9000), st.integers(min_value=0, max_value=9000))
def test_pieces_cover_the_text_and_growing_it_changes_only_the_last(text: str, cut: int) -> None:
    parts = pieces(text)
    assert "".join(parts) == text
    assert all(0 < len(p) <= PIECE_CHARS for p in parts) or text == ""
    prefix = text[: min(cut, len(text))]
    before = pieces(prefix)
    assert parts[: len(before) - 1] == before[:-1]  # complete pieces stay as they were


def test_only_pieces_in_view_become_documents() -> None:
    body = PlainBody("长行" * 500_000 + "\n" + "尾部", 600.0, "#000000")
    assert body.piece_count >= 500
    assert body.laid_out == 0
    height = body.size().height()
    assert body.realize(0, 800)  # the first pieces get their real height
    assert 0 < body.laid_out <= 3
    for y in range(0, int(height), int(height // 200)):
        body.realize(y, y + 800)
    assert body.laid_out <= KEEP_DOCS  # bounded memory however far the user scrolls
    assert body.toPlainText().endswith("尾部")


def test_what_is_too_big_for_rich_text() -> None:
    assert not too_big_for_rich("短的回答。\n\n" * 100)
    assert too_big_for_rich("x" * (GROUP_MAX_CHARS + 1))  # one paragraph over the limit
    assert too_big_for_rich("|a|b|\n|---|---|\n" + "|1|2|\n" * 2000)  # one table over the limit
    assert not too_big_for_rich("段落。\n\n" * 3000)  # many small groups: rich, rendered in steps


def make_view() -> ChatView:
    view = ChatView()
    view.resize(700, 500)
    view.show()
    QApplication.processEvents()
    return view


def test_a_huge_finished_answer_shows_as_plain_text_without_laying_out_all_of_it(qtbot: object) -> None:
    text = "".join(f"第{i}行：很长很长的回答。\n" for i in range(200_000))  # ~2.6 MB
    view = make_view()
    start = time.perf_counter()
    view.set_messages([Message(1, 1, Role.USER, "q"), Message(2, 1, Role.ASSISTANT, text)])
    view.viewport().repaint()
    elapsed = time.perf_counter() - start
    body = view._items[2].body.plain
    assert body is not None and body.laid_out <= 4
    assert view.plain_text(2).count("很长很长的回答") >= 200_000
    assert elapsed < 2  # a guard against laying out everything (seconds), not a benchmark
    view.close()


def test_a_table_streaming_without_a_blank_line_turns_plain_and_ends_exact(qtbot: object) -> None:
    rnd = random.Random(5)
    table = "表格：\n|a|b|c|\n|---|---|---|\n" + "".join(f"|{i}|值{i}|说明{i}|\n" for i in range(3000))
    view = make_view()
    view.set_messages(
        [Message(1, 1, Role.USER, "q"), Message(2, 1, Role.ASSISTANT, "", status=MessageStatus.STREAMING)]
    )
    i = 0
    while i < len(table):
        n = rnd.randint(50, 2000)
        view.add_delta(2, table[i : i + n], "")
        i += n
        QApplication.processEvents()
    qtbot.waitUntil(view.settled)  # type: ignore[attr-defined]
    assert view._items[2].body.plain is not None  # the growing table is no longer re-rendered per batch
    view.update_message(Message(2, 1, Role.ASSISTANT, table, status=MessageStatus.DONE))
    qtbot.waitUntil(view.settled)  # type: ignore[attr-defined]
    assert view.messages()[-1].content == table
    assert view.plain_text(2).count("说明2999") == 1
    view.close()
