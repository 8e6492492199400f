"""Conversations that branch (issue 12): regenerate, edit and resend, versions, continue, deleting a
version. Each action runs against the stand-in server, and the request it recorded must carry exactly
the path of the branch (root to the message answered), nothing from the other versions."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu, QMessageBox

from hunyuan_desktop.app import Runtime
from hunyuan_desktop.chat.conversations import ExportFormat
from hunyuan_desktop.domain import MessageStatus, Role
from hunyuan_desktop.standin import DemoServer, Fault, FaultKind
from hunyuan_desktop.ui.transcript.chrome import ACTION_CONTINUE, ACTION_NEXT, ACTION_PREVIOUS, ACTION_REGENERATE
from tests.ui.helpers import answer_next_box, settled, until
from tests.ui.test_window import ask, finished


def sent(server: DemoServer) -> list[tuple[str, str]]:
    """The last chat request's messages as (role, content), the system prompt left out."""
    body: dict[str, Any] = server.requests[-1]["body"]
    return [(m["role"], m["content"]) for m in body["messages"] if m["role"] != "system"]


def shown(rt: Runtime) -> list[tuple[str, str]]:
    return [(m.role.value, m.content) for m in rt.window.chat_view.messages()]


async def turn(rt: Runtime, server: DemoServer, question: str, answer: str) -> None:
    server.push_fault(Fault(text=answer, chunk_chars=50, rate=0))
    await ask(rt, question)
    await finished(rt)


async def two_turns(rt: Runtime, server: DemoServer) -> None:
    await turn(rt, server, "第一问", "第一答")
    await turn(rt, server, "第二问", "第二答")


async def test_regenerate_makes_a_version_beside_the_answer_and_sends_only_its_path(
    app: Runtime, server: DemoServer
) -> None:
    rt = app
    w = rt.window
    await two_turns(rt, server)
    first_answer = w.chat_view.messages()[1]
    server.push_fault(Fault(text="第一答（重写）", chunk_chars=50, rate=0))
    w.chat_view.anchorClicked.emit(first_answer.id, ACTION_REGENERATE, "")
    await finished(rt)
    # The request asked again for the first question only: the later turn is on the other branch.
    assert sent(server) == [("user", "第一问")]
    assert shown(rt) == [("user", "第一问"), ("assistant", "第一答（重写）")]
    new = w.chat_view.messages()[1]
    assert w.chat_view.versions[new.id] == (2, 2)
    # ‹ goes back to the old version, with everything that followed it.
    w.chat_view.anchorClicked.emit(new.id, ACTION_PREVIOUS, "")
    assert shown(rt) == [("user", "第一问"), ("assistant", "第一答"), ("user", "第二问"), ("assistant", "第二答")]
    assert w.chat_view.versions[first_answer.id] == (1, 2)
    # A question asked now follows the branch on screen.
    await turn(rt, server, "第三问", "第三答")
    before = [("user", "第一问"), ("assistant", "第一答"), ("user", "第二问"), ("assistant", "第二答")]
    assert sent(server) == [*before, ("user", "第三问")]
    # Reopening the conversation shows the branch last chosen.
    w.select_conversation(w.current.id if w.current else -1)
    assert [c for _, c in shown(rt)][-1] == "第三答"


async def test_regenerate_with_another_model_and_ctrl_r_for_the_last(app: Runtime, server: DemoServer) -> None:
    rt = app
    w = rt.window
    await turn(rt, server, "问题", "回答一")
    answer = w.chat_view.messages()[1]
    other = next(m.ref for m in rt.controller.catalog.choices() if m.ref != answer.model)
    server.push_fault(Fault(text="回答二", chunk_chars=50, rate=0))
    assert w.message_actions.regenerate(answer.id, other)
    await finished(rt)
    assert server.requests[-1]["body"]["model"] == other
    assert w.chat_view.messages()[-1].model == other and w.chat_view.messages()[-1].content == "回答二"
    assert w.current is not None and rt.archive.conversation(w.current.id).model != other  # type: ignore[union-attr]
    server.push_fault(Fault(text="回答三", chunk_chars=50, rate=0))
    QTest.keyClick(w, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    await finished(rt)
    last = w.chat_view.messages()[-1]
    assert last.content == "回答三" and w.chat_view.versions[last.id] == (3, 3)
    assert sent(server) == [("user", "问题")]


async def test_edit_and_resend_keeps_the_old_branch_a_version_away(app: Runtime, server: DemoServer) -> None:
    rt = app
    w = rt.window
    await two_turns(rt, server)
    # Up in the empty box takes the last question to edit.
    w.composer.setFocus()
    QTest.keyClick(w.composer, Qt.Key.Key_Up)
    assert w.editing == w.chat_view.messages()[2].id and w.composer.toPlainText() == "第二问"
    assert w.edit_note.isVisible()
    w.stop()  # Esc cancels
    assert w.editing is None and w.composer.toPlainText() == ""
    first_question = w.chat_view.messages()[0]
    assert w.start_edit(first_question.id)
    server.push_fault(Fault(text="改后的答", chunk_chars=50, rate=0))
    w.composer.setPlainText("改过的第一问")
    w.send()
    await finished(rt)
    assert sent(server) == [("user", "改过的第一问")]
    assert shown(rt) == [("user", "改过的第一问"), ("assistant", "改后的答")]
    new_question = w.chat_view.messages()[0]
    assert w.chat_view.versions[new_question.id] == (2, 2) and not w.edit_note.isVisible()
    w.chat_view.anchorClicked.emit(new_question.id, ACTION_PREVIOUS, "")
    assert [c for _, c in shown(rt)] == ["第一问", "第一答", "第二问", "第二答"]
    w.chat_view.anchorClicked.emit(first_question.id, ACTION_NEXT, "")
    assert [c for _, c in shown(rt)] == ["改过的第一问", "改后的答"]


async def test_continue_joins_a_cut_answer_on_screen_and_in_the_export(app: Runtime, server: DemoServer) -> None:
    rt = app
    w = rt.window
    server.push_fault(Fault(kind=FaultKind.LENGTH, text="一二三四五六七八九十" * 3, chunk_chars=5, after=2, rate=0))
    # (cut after two chunks of five characters, finish_reason "length")
    await ask(rt, "数数")
    await finished(rt)
    cut = w.chat_view.messages()[-1]
    assert cut.finish_reason == "length" and cut.content == "一二三四五六七八九十"
    assert ACTION_CONTINUE in w.chat_view.html(cut.id)
    server.push_fault(Fault(text="甲乙丙", chunk_chars=5, rate=0))
    w.chat_view.anchorClicked.emit(cut.id, ACTION_CONTINUE, "")
    await finished(rt)
    # Sent: the question, the answer so far, then the instruction to go on (in the answer's language).
    roles = [r for r, _ in sent(server)]
    assert roles == ["user", "assistant", "user"] and sent(server)[1][1] == "一二三四五六七八九十"
    assert "继续" in sent(server)[2][1]
    # One answer on screen; two requests in the archive, each with its own tokens and cost.
    assert shown(rt) == [("user", "数数"), ("assistant", "一二三四五六七八九十甲乙丙")]
    assert w.current is not None
    stored = [m for m in rt.archive.messages(w.current.id) if m.role is Role.ASSISTANT]
    assert [m.continues for m in stored] == [False, True] and all(m.cost is not None for m in stored)
    joined = w.chat_view.messages()[-1]
    assert joined.cost == sum((m.cost for m in stored if m.cost is not None), Decimal(0))
    assert joined.status is MessageStatus.DONE and ACTION_CONTINUE not in w.chat_view.html(joined.id)
    markdown = w.conversations.export(w.current.id, ExportFormat.MARKDOWN)
    assert markdown is not None and "一二三四五六七八九十甲乙丙" in markdown
    # Reopened, it still reads as one answer.
    w.select_conversation(w.current.id)
    assert shown(rt)[-1] == ("assistant", "一二三四五六七八九十甲乙丙")
    # A question after it sends the joined answer as one.
    await turn(rt, server, "然后呢", "完")
    assert sent(server)[1] == ("assistant", "一二三四五六七八九十甲乙丙")


async def test_deleting_a_version_shows_the_other_and_the_request_follows(app: Runtime, server: DemoServer) -> None:
    rt = app
    w = rt.window
    w.confirm = lambda title, text, action="": True  # type: ignore[method-assign]
    await two_turns(rt, server)
    second_answer = w.chat_view.messages()[3]
    server.push_fault(Fault(text="第二答乙", chunk_chars=50, rate=0))
    w.message_actions.regenerate(second_answer.id)
    await finished(rt)
    newer = w.chat_view.messages()[3]
    assert w.message_actions.delete_branch(newer.id)
    assert [c for _, c in shown(rt)] == ["第一问", "第一答", "第二问", "第二答"]
    assert second_answer.id not in w.chat_view.versions  # one version left: no switcher
    assert newer.id not in [m.id for m in rt.archive.messages(w.current.id)]  # type: ignore[union-attr]
    # Deleting a question with everything below it.
    question = w.chat_view.messages()[2]
    assert w.message_actions.delete_branch(question.id)
    assert [c for _, c in shown(rt)] == ["第一问", "第一答"]
    await turn(rt, server, "新问题", "新回答")
    assert sent(server) == [("user", "第一问"), ("assistant", "第一答"), ("user", "新问题")]


async def test_the_menu_offers_the_branch_actions(app: Runtime, server: DemoServer) -> None:
    rt = app
    w = rt.window
    await two_turns(rt, server)
    answer, question = w.chat_view.messages()[3], w.chat_view.messages()[2]
    menu = w.message_menu(answer.id, w.chat_view.mapToGlobal(w.chat_view.rect().center()))
    assert menu is not None
    names = [a.text() for a in menu.actions()]
    assert {"Regenerate", "Regenerate with", "Delete message…", "Delete with everything below…"} <= set(names)
    with_model = next(a for a in menu.actions() if a.text() == "Regenerate with").menu()
    assert isinstance(with_model, QMenu) and answer.model not in [a.text() for a in with_model.actions()]
    menu.deleteLater()
    menu = w.message_menu(question.id, w.chat_view.mapToGlobal(w.chat_view.rect().center()))
    assert menu is not None and "Edit and resend" in [a.text() for a in menu.actions()]
    menu.deleteLater()


def gauge_tokens(rt: Runtime) -> tuple[int, int]:
    """(tokens, context) from the gauge under the message box: "Next request ≈ 1,234 / 44,000 tokens …"."""
    rt.window.figures.update_gauge()
    numbers = re.findall(r"[\d,]+", rt.window.gauge.text().split("tokens")[0])
    used, context = (int(n.replace(",", "")) for n in numbers[-2:])
    return used, context


async def test_the_context_gauge_follows_the_branch_and_the_draft(app: Runtime, server: DemoServer) -> None:
    rt = app
    w = rt.window
    await turn(rt, server, "短问题", "短回答")
    first_answer = w.chat_view.messages()[1]
    await turn(rt, server, "第二个问题" * 50, "很长的第二个回答" * 200)
    long_branch, context = gauge_tokens(rt)
    model = rt.controller.model_for(w.params.current_model_id())
    assert context == model.context_tokens and long_branch > 1600  # the long answer is in it
    assert "¥" in w.gauge.text()
    w.composer.setPlainText("再问一个问题，" * 100)
    with_draft, _ = gauge_tokens(rt)
    assert with_draft > long_branch + 500  # the draft counts
    # On the other version of the first answer the long turn is not part of the request.
    server.push_fault(Fault(text="另一个短回答", chunk_chars=50, rate=0))
    w.message_actions.regenerate(first_answer.id)
    await finished(rt)
    w.composer.clear()
    short_branch, _ = gauge_tokens(rt)
    assert short_branch < 100 < long_branch


async def test_importing_our_json_export_opens_the_same_conversation(
    app: Runtime, server: DemoServer, tmp_path: Path
) -> None:
    rt = app
    w = rt.window
    await two_turns(rt, server)
    first_answer = w.chat_view.messages()[1]
    server.push_fault(Fault(text="第一答乙", chunk_chars=50, rate=0))
    w.message_actions.regenerate(first_answer.id)
    await finished(rt)
    assert w.current is not None
    original = w.current.id
    path = tmp_path / "export.json"
    await w.export_to(path, ExportFormat.JSON)
    # Into the archive it came from: said, and skipped unless a second copy is wanted (issue 23).
    count = len(rt.archive.conversations())
    asked = answer_next_box(QMessageBox.StandardButton.No)
    assert await w.import_from(path) is None
    assert len(asked) == 1 and "already in your archive" in asked[0].text()
    assert len(rt.archive.conversations()) == count
    answer_next_box(QMessageBox.StandardButton.Yes)
    imported = await w.import_from(path)
    assert imported is not None and w.current is not None and w.current.id == imported.id != original
    assert shown(rt) == [("user", "第一问"), ("assistant", "第一答乙")]
    w.chat_view.anchorClicked.emit(w.chat_view.messages()[1].id, ACTION_PREVIOUS, "")
    assert [c for _, c in shown(rt)] == ["第一问", "第一答", "第二问", "第二答"]
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    warnings: list[str] = []
    answer_next_box(QMessageBox.StandardButton.Ok, check=lambda box: warnings.append(box.text()))
    assert await w.import_from(broken) is None
    await until(lambda: warnings, what="the import failure said")
    assert "not JSON" in warnings[0] and str(broken) in warnings[0]


async def test_no_new_version_while_an_answer_streams(app: Runtime, server: DemoServer) -> None:
    rt = app
    w = rt.window
    await turn(rt, server, "第一问", "第一答")
    first_answer = w.chat_view.messages()[1]
    server.push_fault(Fault(text="慢慢地回答" * 20, chunk_chars=2, rate=40))
    requests = len(server.requests) + 1
    await ask(rt, "第二问")
    await until(lambda: len(server.requests) == requests, what="the second question's request")
    assert w.current is not None and rt.controller.is_busy(w.current.id)
    w.chat_view.anchorClicked.emit(first_answer.id, ACTION_REGENERATE, "")
    assert not w.start_edit(w.chat_view.messages()[0].id) and w.editing is None
    await finished(rt)
    assert len(server.requests) == requests and w.chat_view.versions == {}
    assert [c for _, c in shown(rt)][:3] == ["第一问", "第一答", "第二问"]


async def test_switching_versions_keeps_the_message_where_it_was_on_screen(app: Runtime, server: DemoServer) -> None:
    rt = app
    w = rt.window
    w.resize(900, 600)
    for i in range(6):
        await turn(rt, server, f"问题 {i}", f"回答 {i}\n\n" + "很长的一段内容。" * 80)
    answer = w.chat_view.messages()[3]  # the second answer: five long turns below it
    server.push_fault(Fault(text="回答 1 的另一个版本\n\n" + "另一段内容。" * 60, chunk_chars=500, rate=0))
    w.message_actions.regenerate(answer.id)
    await finished(rt)
    newer = w.chat_view.messages()[3]
    for i in range(4):  # the new branch grows long too
        await turn(rt, server, f"新分支问题 {i}", "新分支的回答。" * 80)
    view = w.chat_view
    view.place_row(3, 120)  # the user reads it, 120 px from the top
    await settled()
    assert view.row_top(3) == 120
    view.anchorClicked.emit(newer.id, ACTION_PREVIOUS, "")
    await settled()
    assert view.messages()[3].id == answer.id and abs(view.row_top(3) - 120) <= 1
    assert len(view.messages()) == 12  # the old version's branch, all of it
