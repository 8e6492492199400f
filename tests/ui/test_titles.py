"""Automatic titles (issue 12): after the first answer a cheap model names the conversation in its
language; the request's cost is counted; a manual rename always wins; a failure keeps the old title and
is not retried; it can be turned off."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest

from hunyuan_desktop.app import Runtime
from hunyuan_desktop.standin import DemoServer, Fault, FaultKind
from tests.ui.helpers import until
from tests.ui.test_window import ask, finished


def chats(server: DemoServer) -> list[dict[str, object]]:
    return [r["body"] for r in server.requests if isinstance(r.get("body"), dict) and "messages" in r["body"]]


def title_of(rt: Runtime) -> str:
    assert rt.window.current is not None
    conv = rt.archive.conversation(rt.window.current.id)
    assert conv is not None
    return conv.title


@pytest.mark.app(auto_title=True)
async def test_the_first_answer_names_the_conversation_and_the_cost_counts(app: Runtime, server: DemoServer) -> None:
    rt = app
    server.push_fault(Fault(text="快速排序是一种分治算法。", chunk_chars=50, rate=0))
    server.push_fault(Fault(text="“快速排序讲解”。\n", chunk_chars=50, rate=0))  # the title request's answer
    await ask(rt, "请详细讲讲快速排序算法的原理和复杂度分析，最好带上代码示例")
    await finished(rt)
    await until(lambda: title_of(rt) == "快速排序讲解", what="the automatic title")
    title_request = chats(server)[-1]
    assert title_request["model"] == "hunyuan-lite" and not title_request.get("stream")
    instruction = title_request["messages"][0]["content"]  # type: ignore[index]
    assert "标题" in instruction  # asked in the conversation's language
    # The list and the header show it; its cost counts in the conversation's cost.
    await until(lambda: rt.window.title_label.text() == "快速排序讲解", what="the header")
    conv = rt.archive.conversation(rt.window.current.id)  # type: ignore[union-attr]
    assert conv is not None and conv.title_cost is not None and conv.title_cost > 0
    answer_cost = rt.window.chat_view.messages()[-1].cost
    assert answer_cost is not None
    assert rt.window.conversations.cost(conv.id) == answer_cost + conv.title_cost
    assert "%" not in rt.window.cost_label.text() and rt.window.cost_label.text()
    # Only after the first answer: the second turn sends no title request.
    before = len(chats(server))
    server.push_fault(Fault(text="第二个回答", chunk_chars=50, rate=0))
    await ask(rt, "再说说归并排序")
    await finished(rt)
    assert len(chats(server)) == before + 1


@pytest.mark.app(auto_title=True)
async def test_a_manual_rename_wins(app: Runtime, server: DemoServer) -> None:
    rt = app
    w = rt.window
    # Renamed while the title request is on its way: the answer to it does not replace the name.
    server.push_fault(Fault(text="回答", chunk_chars=50, rate=0))
    server.push_fault(Fault(kind=FaultKind.SLOW_FIRST_BYTE, delay=0.5, text="自动起的标题", chunk_chars=50, rate=0))
    await ask(rt, "一个问题")
    await finished(rt)
    await until(lambda: len(chats(server)) == 2, what="the title request")
    assert w.current is not None and rt.controller._titling
    w.session.rename(w.current.id, "我自己的标题")
    await until(lambda: not rt.controller._titling, what="the title request to finish")
    assert title_of(rt) == "我自己的标题"
    conv = rt.archive.conversation(w.current.id)
    assert conv is not None and conv.title_cost is not None  # spent all the same: counted
    # Renamed before the first answer ends: no title request at all.
    w.new_conversation()
    server.push_fault(Fault(text="回答二", chunk_chars=1, rate=40))
    await ask(rt, "另一个问题")
    await until(lambda: w.current is not None and rt.controller.is_busy(w.current.id), what="the answer")
    assert w.current is not None
    w.session.rename(w.current.id, "先改好的名字")
    await finished(rt)
    assert len(chats(server)) == 3 and title_of(rt) == "先改好的名字"


@pytest.mark.app(auto_title=True)
async def test_a_failed_title_keeps_the_old_one_is_logged_and_not_retried(
    app: Runtime, server: DemoServer, caplog: pytest.LogCaptureFixture
) -> None:
    rt = app
    server.push_fault(Fault(text="回答", chunk_chars=50, rate=0))
    server.push_fault(Fault(kind=FaultKind.STATUS, status=400, message="model not available for titles"))
    with caplog.at_level(logging.INFO, logger="hunyuan_desktop.chat.controller"):
        await ask(rt, "Explain the CAP theorem briefly")
        await finished(rt)
        await until(lambda: "automatic title failed" in caplog.text, what="the logged failure")
    assert title_of(rt) == "Explain the CAP theorem briefly"  # the title from the question stays
    assert len(chats(server)) == 2  # one answer, one title request: no retry loop
    assert "model not available for titles" in caplog.text
    conv = rt.archive.conversation(rt.window.current.id)  # type: ignore[union-attr]
    assert conv is not None and conv.title_cost is None
    assert rt.window.conversations.cost(conv.id) == rt.window.chat_view.messages()[-1].cost or Decimal(0)


@pytest.mark.app(auto_title=False)
async def test_turned_off_no_title_request_is_made(app: Runtime, server: DemoServer) -> None:
    rt = app
    server.push_fault(Fault(text="回答", chunk_chars=50, rate=0))
    await ask(rt, "问题")
    await finished(rt)
    await until(lambda: not rt.controller._titling, what="no title task")
    assert len(chats(server)) == 1


@pytest.mark.app(auto_title=True)
async def test_the_demo_names_a_conversation_after_its_question(app: Runtime) -> None:
    """The stand-in (and so the offline demo) answers a title request as a model would: a short title
    from the question, not one of its canned answers."""
    rt = app
    await ask(rt, "用三句话介绍一下杭州的西湖和它的历史，再推荐两家附近的餐馆")  # the interim title: all of it
    await finished(rt)
    await until(lambda: title_of(rt) == "用三句话介绍一下杭州的西湖和它的历史", what="the demo's title")
