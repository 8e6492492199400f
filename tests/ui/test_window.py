"""The real window (composed by app.build) against the stand-in server over loopback."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QPushButton, QSlider

from hunyuan_desktop.app import Runtime, switch_to_demo
from hunyuan_desktop.catalog import format_yuan
from hunyuan_desktop.chat.conversations import ExportFormat
from hunyuan_desktop.domain import MessageStatus, Role
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.standin import DemoServer, Fault, FaultKind
from hunyuan_desktop.store.archive import ARCHIVE_NAME, Archive
from hunyuan_desktop.ui.sidebar.pane import BUSY, HEADING, PINNED, PREVIEW
from tests.ui.helpers import press_save, settings_dialog, settled, start_app, until
from tests.unit.test_secrets import MemoryKeyring

ANSWER = "## 标题\n\n第一段：你好😄\n\n```python\nprint('hi')\n```\n\n- 一\n- 二\n"


def last_answer(rt: Runtime) -> str:
    messages = rt.window.chat_view.messages()
    return messages[-1].content if messages else ""


async def ask(rt: Runtime, text: str) -> None:
    rt.window.composer.setPlainText(text)
    QTest.mouseClick(rt.window.send_button, Qt.MouseButton.LeftButton)


async def finished(rt: Runtime) -> None:
    conv = rt.window.current
    assert conv is not None
    view = rt.window.chat_view
    await until(lambda: not rt.controller.is_busy(conv.id) and view.settled(), what="the turn to finish and show")
    await settled()


async def test_send_streams_text_in_order_and_shows_cost_and_balance(app: Runtime, server: DemoServer) -> None:
    server.push_fault(Fault(text=ANSWER, chunk_chars=2, rate=200))
    rt = app
    w = rt.window
    assert w.findChild(QPushButton, "sendButton") is w.send_button
    seen: list[str] = []
    rt.controller.deltas.connect(lambda batch: seen.append(batch.text))
    await ask(rt, "你好")
    await until(w.stop_button.isVisible, what="Stop to replace Send")
    assert not w.send_button.isVisible()
    await finished(rt)
    assert "".join(seen) == ANSWER  # every delta, in order
    assert len(seen) > 1  # streamed, not delivered at once
    messages = w.chat_view.messages()
    assert [m.role for m in messages] == [Role.USER, Role.ASSISTANT]
    assert messages[0].content == "你好"
    assert messages[1].content == ANSWER and messages[1].status is MessageStatus.DONE
    assert messages[1].cost is not None and messages[1].usage is not None
    assert w.composer.toPlainText() == ""
    assert w.send_button.isVisible() and not w.stop_button.isVisible()
    balance = w.findChild(QLabel, "balanceLabel")
    assert balance is not None and format_yuan(server.balance) in balance.text()
    cost = w.findChild(QLabel, "costLabel")
    assert cost is not None and format_yuan(messages[1].cost) in cost.text()
    # The title comes from the first message; the conversation list shows it.
    assert w.conversation_list.item(0).text().startswith("你好")


async def test_stop_keeps_partial_answer_marked_stopped(app: Runtime, server: DemoServer) -> None:
    server.push_fault(Fault(text="慢" * 400, chunk_chars=1, rate=100))
    rt = app
    await ask(rt, "写一篇长文")
    await until(lambda: len(last_answer(rt)) >= 5, what="some text")
    QTest.mouseClick(rt.window.stop_button, Qt.MouseButton.LeftButton)
    await finished(rt)
    answer = rt.window.chat_view.messages()[-1]
    assert answer.status is MessageStatus.STOPPED
    assert 5 <= len(answer.content) < 400
    stored = rt.archive.message(answer.id)
    assert stored is not None and stored.content == answer.content and stored.status is MessageStatus.STOPPED
    await until(lambda: server.disconnects >= 1, what="the server to see the disconnect")


ERROR_CASES = [
    (Fault(kind=FaultKind.STATUS, status=401, message="Incorrect API_KEY provided."), "errorSettingsButton", True),
    (Fault(kind=FaultKind.STATUS, status=402, message="API_KEY exceeded the current quota"), "rechargeButton", True),
    (Fault(kind=FaultKind.STATUS, status=429, message="Rate limit exceeded", retry_after=120), "retryButton", True),
    (Fault(kind=FaultKind.STATUS, status=503, message="upstream overloaded", times=3), "retryButton", True),
    (Fault(kind=FaultKind.HTML, status=502, message="Bad Gateway nginx", times=3), "retryButton", True),
    (Fault(kind=FaultKind.DROP, after=3, text=ANSWER), "retryButton", False),
    (Fault(kind=FaultKind.ERROR_MID, after=3, text=ANSWER, message="model crashed mid-answer"), "retryButton", False),
    (Fault(kind=FaultKind.MALFORMED, after=3, text=ANSWER), "retryButton", False),
    (Fault(kind=FaultKind.NO_DONE, text=ANSWER), "retryButton", False),
    (Fault(kind=FaultKind.STALL, after=3, delay=5, text=ANSWER), "retryButton", False),
    # The client gives up after connect + first byte = 5 s; the server stays silent well beyond that.
    (Fault(kind=FaultKind.SLOW_FIRST_BYTE, delay=9), "retryButton", True),
]


@pytest.mark.parametrize(("fault", "button", "empty"), ERROR_CASES, ids=lambda v: getattr(v, "kind", str(v)))
async def test_each_error_shows_its_banner_keeps_text_and_retry_works(
    app: Runtime, server: DemoServer, fault: Fault, button: str, empty: bool
) -> None:
    server.push_fault(fault)
    rt = app
    w = rt.window
    await ask(rt, "这个问题不会丢")
    await finished(rt)
    banner = w.error_banner
    assert banner.isVisible()
    assert w.findChild(QPushButton, button).isVisible()  # type: ignore[union-attr]
    text = banner.text.text()
    if fault.message:
        assert fault.message.split()[0] in text  # the server's own words are kept
    failed = w.chat_view.messages()[-1]
    assert failed.status is MessageStatus.ERROR
    assert w.chat_view.messages()[0].content == "这个问题不会丢"
    assert (failed.content == "") is empty
    if not empty:
        assert ANSWER.startswith(failed.content) and failed.content  # partial answer kept
    stored = rt.archive.messages(w.current.id)  # type: ignore[union-attr]
    assert stored[0].content == "这个问题不会丢" and stored[-1].status is MessageStatus.ERROR
    assert stored[-1].error  # the server's words are archived
    # The fault is gone: Retry gives a full answer.
    server.reset()
    server.push_fault(Fault(text="重试成功"))
    retry = w.findChild(QPushButton, "retryButton")
    assert retry is not None
    QTest.mouseClick(retry, Qt.MouseButton.LeftButton)
    await until(lambda: last_answer(rt) == "重试成功" and not rt.controller.is_busy(w.current.id))  # type: ignore[union-attr]
    assert not banner.isVisible()
    sent = server.requests[-1]["body"]["messages"]
    assert sent[-1] == {"role": "user", "content": "这个问题不会丢"}


async def test_sliders_are_exactly_what_the_request_sends(app: Runtime, server: DemoServer) -> None:
    rt = app
    w = rt.window
    w.resize(1280, 800)  # wide enough for the parameters beside the chat (they fold on the small screen)
    await until(w.params.isVisible, what="the parameters panel")
    await ask(rt, "first")
    await finished(rt)
    body = server.requests[-1]["body"]
    assert "temperature" not in body and "top_p" not in body and "max_tokens" not in body
    temperature = w.findChild(QSlider, "temperatureSlider")
    max_tokens = w.findChild(QSlider, "maxTokensSlider")
    assert temperature is not None and max_tokens is not None
    temperature.setValue(70)  # dragging sets the value, and marks it as sent
    max_tokens.setValue(512)
    assert w.params.temperature.text() == "0.7" and w.params.temperature.number.text() == "0.7"
    await ask(rt, "second")
    await finished(rt)
    body = server.requests[-1]["body"]
    assert body["temperature"] == 0.7 and body["max_tokens"] == 512 and "top_p" not in body
    assert body["messages"][0]["role"] == "system"
    assert not w.params.hint.isVisible()
    w.params.top_p.slider.setValue(90)
    assert w.params.hint.isVisible()  # temperature and top_p both set: the hint says so
    # Saved per conversation: a reopened archive has the same values.
    conv = rt.archive.conversation(w.current.id)  # type: ignore[union-attr]
    assert conv is not None and conv.params.temperature == 0.7 and conv.params.max_tokens == 512
    # The max_tokens slider is bounded by the model's output limit.
    model = rt.controller.model_for(conv.model)
    assert max_tokens.maximum() == model.max_output_tokens == 16000


async def test_conversation_survives_closing_and_reopening(server: DemoServer, tmp_path: Path) -> None:
    server.push_fault(Fault(text=ANSWER))
    rt = await start_app(server, tmp_path)
    await ask(rt, "记住我")
    await finished(rt)
    rt.window.close()
    await rt.close()
    again = await start_app(server, tmp_path)
    try:
        w = again.window
        assert w.conversation_list.count() == 1
        assert [m.content for m in w.chat_view.messages()] == ["记住我", ANSWER]
    finally:
        await again.close()


async def test_closing_mid_stream_saves_partial_as_stopped(server: DemoServer, tmp_path: Path) -> None:
    server.push_fault(Fault(text="长" * 500, chunk_chars=1, rate=100))
    rt = await start_app(server, tmp_path)
    await ask(rt, "q")
    await until(lambda: len(last_answer(rt)) >= 3)
    rt.window.close()
    await rt.close()
    archive = Archive.open(tmp_path / ARCHIVE_NAME)
    conv = archive.conversations()[0]
    answer = archive.messages(conv.id)[-1]
    assert answer.status is MessageStatus.STOPPED and len(answer.content) >= 3
    archive.close()


async def test_switching_conversations_during_a_stream(app: Runtime, server: DemoServer) -> None:
    server.push_fault(Fault(text="甲" * 60, chunk_chars=1, rate=100))
    rt = app
    w = rt.window
    await ask(rt, "first conversation")
    first = w.current
    assert first is not None
    await until(lambda: len(last_answer(rt)) >= 2)
    second = w.new_conversation()
    assert second is not None and w.chat_view.messages() == []
    await until(lambda: not rt.controller.is_busy(first.id), what="the first stream to end")
    assert w.chat_view.messages() == []  # nothing leaked into the other conversation
    w.select_conversation(first.id)
    assert w.chat_view.messages()[-1].content == "甲" * 60
    assert w.chat_view.messages()[-1].status is MessageStatus.DONE


async def test_rename_delete_and_search(app: Runtime, server: DemoServer) -> None:
    rt = app
    w = rt.window
    lst = w.findChild(QListWidget, "conversationList")
    assert lst is not None
    server.push_fault(Fault(text="关于旅行的回答"))
    await ask(rt, "旅行计划")
    await finished(rt)
    w.new_conversation()
    server.push_fault(Fault(text="快速排序是分治算法"))
    await ask(rt, "排序算法")
    await finished(rt)
    assert lst.count() == 2
    # Inline rename through the list item.
    lst.item(0).setText("我的排序笔记")
    assert rt.archive.conversation(w.current.id).title == "我的排序笔记"  # type: ignore[union-attr]
    # Search by title and by message text, including a two-character Chinese word.
    w.search.setText("旅行")
    await until(lambda: lst.count() == 1)
    assert lst.item(0).text() == "旅行计划"
    w.search.setText("分治")
    await until(lambda: lst.count() == 1 and lst.item(0).text() == "我的排序笔记")
    assert "分治" in lst.item(0).data(PREVIEW)  # where it matched, under the title
    w.search.setText("")
    await until(lambda: lst.count() == 2)
    # Delete asks first; "no" keeps everything.
    w.confirm = lambda title, text, action="": False  # type: ignore[method-assign]
    assert not w.delete_conversation(w.current.id)  # type: ignore[union-attr]
    assert lst.count() == 2
    w.confirm = lambda title, text, action="": True  # type: ignore[method-assign]
    doomed = w.current.id  # type: ignore[union-attr]
    assert w.delete_conversation(doomed)
    assert lst.count() == 1 and rt.archive.conversation(doomed) is None
    assert w.current is not None and w.current.title == "旅行计划"


async def test_deleting_a_conversation_while_it_streams(app: Runtime, server: DemoServer) -> None:
    """The answer stops, the conversation and its messages are gone from the list and the archive, the
    window moves to another conversation, and nothing reports a failure (the turn's last writes find
    no row and are dropped)."""
    rt, w = app, app.window
    keep = w.new_conversation()
    assert keep is not None
    await ask(rt, "留下的对话")
    await finished(rt)
    doomed = w.new_conversation()
    assert doomed is not None
    server.push_fault(Fault(text="很长的回答。" * 400, chunk_chars=4, rate=200))
    await ask(rt, "会被删除的对话")
    await until(lambda: len(w.chat_view.messages()[-1].content) > 40, what="the answer to stream")
    assert rt.controller.is_busy(doomed.id)
    w.confirm = lambda title, text, action="": True  # type: ignore[method-assign]
    assert w.delete_conversation(doomed.id)
    await until(lambda: not rt.controller.is_busy(doomed.id), what="the answer to stop")
    await until(lambda: server.disconnects >= 1, what="the request to be cut")
    await settled()
    assert rt.archive.conversation(doomed.id) is None and rt.archive.messages(doomed.id) == []
    assert [c.id for c in rt.archive.conversations()] == [keep.id]
    assert w.current is not None and w.current.id == keep.id
    assert [w.conversation_list.item(i).text() for i in range(w.conversation_list.count())] == ["留下的对话"]
    assert not w.error_banner.isVisible() and not w.foot.stop_button.isVisible()
    assert w.chat_view.messages()[0].content == "留下的对话"


async def test_a_turn_updates_its_list_row_in_place_exactly_like_a_full_reload(
    server: DemoServer, tmp_path: Path
) -> None:
    """Starting and ending a turn changes one row (title, busy mark, position) without rebuilding a
    list that may hold thousands of conversations; the result is what a full reload shows."""
    archive = Archive.open(tmp_path / ARCHIVE_NAME)
    ids = [archive.create_conversation(f"旧对话 {i}", "hunyuan-turbos-latest").id for i in range(5)]
    archive.set_pinned(ids[0], True)
    archive.close()
    server.push_fault(Fault(text="乙" * 80, chunk_chars=1, rate=200))
    rt = await start_app(server, tmp_path)
    try:
        w = rt.window
        lst = w.conversation_list

        def rows() -> list[str]:
            """Each row as shown: a pin, the title, a busy mark, its date heading and preview."""
            out = []
            for i in range(lst.count()):
                item = lst.item(i)
                mark = ("📌" if item.data(PINNED) else "") + item.text() + (" …" if item.data(BUSY) else "")
                out.append(f"{item.data(HEADING)}|{mark}|{item.data(PREVIEW)}")
            return out

        def as_reloaded() -> list[str]:
            shown, current = rows(), lst.currentItem().text()
            w.reload_conversations()
            assert lst.currentItem() is not None and lst.currentItem().text() == current
            return shown

        w.select_conversation(ids[2])  # an old one, in the middle of the list
        before = rows()
        untouched = lst.item(lst.count() - 1)
        await ask(rt, "新的问题")
        shown = rows()
        assert shown[0].startswith("Pinned|📌") and shown[1].startswith("Today|新的问题 …|")  # busy, under Today
        assert lst.currentItem().text() == "新的问题" and lst.item(lst.count() - 1) is untouched
        assert shown == as_reloaded()
        untouched = lst.item(lst.count() - 1)
        await finished(rt)
        assert rows()[1] == "Today|新的问题|" + "乙" * 80 and lst.item(lst.count() - 1) is untouched
        assert rows() == as_reloaded() and len(rows()) == len(before)
    finally:
        await rt.close()


async def test_key_saved_in_dialog_is_in_the_keyring_and_nowhere_on_disk(server: DemoServer, tmp_path: Path) -> None:

    backend = MemoryKeyring()
    secret = "sk-dialog-saved-key-0123456789"
    server.api_key = secret
    rt = await start_app(server, tmp_path, keys=KeyStore(backend))
    try:
        dialog = settings_dialog(rt, KeyStore(backend))
        assert dialog.objectName() == "settingsDialog"
        dialog.key_edit.setText(secret)
        assert dialog.key_edit.echoMode() != dialog.key_edit.EchoMode.Normal  # hidden by default
        assert await dialog.save_key_async()
        assert backend.items == {("hunyuan-desktop", "wcode"): secret}
        assert dialog.key_edit.text() == ""  # the stored key is not shown back in clear
        await press_save(dialog)
        await ask(rt, "用新密钥提问")
        await finished(rt)
        assert rt.window.chat_view.messages()[-1].status is MessageStatus.DONE
        hits = [p for p in rt.data_dir.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]
        assert hits == []
    finally:
        await rt.close()
    hits = [p for p in tmp_path.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]
    assert hits == []


async def test_balance_label_follows_the_header_and_warns_when_low(server: DemoServer, tmp_path: Path) -> None:
    server.reset(balance=Decimal("3.5000"))
    rt = await start_app(server, tmp_path)
    try:
        await until(lambda: "3.5000" in rt.window.balance_label.text(), what="the start-up billing refresh")
        label = rt.window.balance_label

        def colour() -> str:
            return label.palette().color(label.foregroundRole()).name().upper()

        assert colour() == rt.window.theme.error.upper()  # below the default ¥5 warning level: red
        server.reset(balance=Decimal("42.1234"))
        await ask(rt, "q")
        await finished(rt)
        assert format_yuan(server.balance) in rt.window.balance_label.text()
        assert colour() != rt.window.theme.error.upper()
    finally:
        await rt.close()


async def test_welcome_without_a_key_and_the_demo_button(tmp_path: Path) -> None:
    first = await start_app(None, tmp_path, key=None)
    w = first.window
    await until(lambda: w.stack.currentWidget() is w.welcome, what="the welcome page")
    assert "wcode.net/get-apikey" in w.welcome_text.text()
    QTest.mouseClick(w.welcome_demo, Qt.MouseButton.LeftButton)
    await until(first.demo_requested.done, what="the demo to be asked for")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    rt = await switch_to_demo(app, first)  # what amain does
    assert isinstance(rt, Runtime)
    try:
        w = rt.window
        # The demo has a key: an empty conversation shows the example questions, not the welcome page.
        await until(lambda: w.stack.currentWidget() is w.empty_state, what="the demo to start")
        assert w.demo_label.isVisible()
        await ask(rt, "演示")
        await finished(rt)
        assert w.chat_view.messages()[-1].status is MessageStatus.DONE
        assert "离线演示" in w.chat_view.messages()[-1].content or "demo" in w.chat_view.messages()[-1].content
        assert rt.data_dir == tmp_path / "demo"
        # The demo's stand-in keeps nothing of what it was sent and takes no orders over HTTP.
        demo = rt.connection.demo
        assert demo is not None and demo.requests == [] and demo.balance_reads == []
        async with httpx.AsyncClient() as http:
            refused = await http.post(demo.origin + "/_control/faults", json={"kind": "status"})
            assert refused.status_code == 404
            assert (await http.get(demo.origin + "/_control/requests")).status_code == 404
    finally:
        await rt.close()
    # The demo's conversation and balance stayed in the demo's archive.
    real = Archive.open(tmp_path / ARCHIVE_NAME)
    try:
        assert real.conversations() == []
        assert real.latest_balance("wcode") is None
    finally:
        real.close()


async def test_export_markdown_and_json(server: DemoServer, tmp_path: Path) -> None:
    server.push_fault(Fault(text=ANSWER, reasoning="先想"))
    rt = await start_app(server, tmp_path / "data")
    try:
        await ask(rt, "导出我")
        await finished(rt)
        await rt.window.export_to(tmp_path / "c.md", ExportFormat.MARKDOWN)
        await rt.window.export_to(tmp_path / "c.json", ExportFormat.JSON)
        md = (tmp_path / "c.md").read_text(encoding="utf-8")
        assert "导出我" in md and "```python\nprint('hi')\n```" in md and "先想" in md
        doc = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
        assert [m["content"] for m in doc["messages"]] == ["导出我", ANSWER]
        assert doc["messages"][1]["reasoning"] == "先想" and doc["messages"][1]["usage"]["total_tokens"] > 0
    finally:
        await rt.close()


async def test_enter_sends_and_shift_enter_adds_a_line(app: Runtime, server: DemoServer) -> None:
    rt = app
    composer = rt.window.composer
    composer.setFocus()
    QTest.keyClicks(composer, "line one")
    QTest.keyClick(composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClicks(composer, "line two")
    assert composer.toPlainText() == "line one\nline two"
    QTest.keyClick(composer, Qt.Key.Key_Return)
    await finished(rt)
    assert rt.window.chat_view.messages()[0].content == "line one\nline two"
    assert server.requests[-1]["body"]["messages"][-1]["content"] == "line one\nline two"


async def test_reasoning_is_shown_collapsible_and_never_sent_back(app: Runtime, server: DemoServer) -> None:
    server.push_fault(Fault(text="答案", reasoning="这是思考过程"))
    rt = app
    await ask(rt, "q1")
    await finished(rt)
    answer = rt.window.chat_view.messages()[-1]
    assert answer.reasoning == "这是思考过程"
    await ask(rt, "q2")
    await finished(rt)
    assert "这是思考过程" not in json.dumps(server.requests[-1]["body"], ensure_ascii=False)
