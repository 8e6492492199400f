"""The stand-in server's own contract, over real HTTP on loopback: faults queued over HTTP reach the next
request, the records say what was sent, and the offline demo's stand-in keeps nothing and takes no orders."""

from __future__ import annotations

import httpx
import pytest

from hunyuan_desktop.standin import DEMO_KEY, DemoServer, Fault, FaultKind

CHAT = {"model": "hunyuan-lite", "stream": False, "messages": [{"role": "user", "content": "你好"}]}
AUTH = {"Authorization": f"Bearer {DEMO_KEY}"}


async def test_a_fault_sent_over_http_answers_the_next_request(server: DemoServer) -> None:
    async with httpx.AsyncClient(timeout=10) as http:
        fault = {"kind": "status", "status": 503, "message": "忙"}
        assert (await http.post(server.origin + "/_control/faults", json=fault)).status_code == 200
        first = await http.post(server.base_url + "/chat/completions", json=CHAT, headers=AUTH)
        assert first.status_code == 503 and first.json()["error"]["message"] == "忙"
        second = await http.post(server.base_url + "/chat/completions", json=CHAT, headers=AUTH)
        assert second.status_code == 200 and second.json()["choices"][0]["message"]["content"]
        records = (await http.get(server.origin + "/_control/requests")).json()["requests"]
        assert [r["body"]["messages"][0]["content"] for r in records] == ["你好", "你好"]


async def test_an_unknown_fault_kind_is_refused_with_the_kinds_named(server: DemoServer) -> None:
    async with httpx.AsyncClient(timeout=10) as http:
        refused = await http.post(server.origin + "/_control/faults", json={"kind": "explode"})
    assert refused.status_code == 400 and "stall" in refused.json()["error"]["message"]
    with pytest.raises(ValueError, match="explode"):
        Fault(kind="explode")  # type: ignore[arg-type]
    assert Fault.from_json({"kind": "drop"}).kind is FaultKind.DROP


async def test_the_demo_stand_in_records_nothing_and_serves_no_control_routes() -> None:
    demo = DemoServer(record=False, control=False)
    demo.start()
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            answer = await http.post(demo.base_url + "/chat/completions", json=CHAT, headers=AUTH)
            assert answer.status_code == 200 and answer.headers["X-Account-Balance"]
            assert demo.requests == []
            for method, path in [
                ("POST", "/_control/faults"),
                ("GET", "/_control/requests"),
                ("POST", "/_control/reset"),
            ]:
                response = await http.request(method, demo.origin + path, json={"kind": "status"})
                assert response.status_code == 404, path
            again = await http.post(demo.base_url + "/chat/completions", json=CHAT, headers=AUTH)
            assert again.status_code == 200  # no fault was queued by the refused request
    finally:
        demo.stop()


def test_the_demo_answers_by_what_was_asked() -> None:
    """The welcome page's examples (and questions like them) get an answer of their kind (issue 23)."""
    from hunyuan_desktop.standin.replies import pick_reply

    assert "| 方面 |" in pick_reply("用表格总结远程办公的利弊")
    assert "def merge_sorted" in pick_reply("写一个合并两个有序列表的 Python 函数")
    assert "周五" in pick_reply("起草一封礼貌的邮件，请求把会议改到周五")
    assert "网络分区" in pick_reply("用一个真实的例子解释 CAP 定理")
    assert "\\frac" in pick_reply("写一些数学公式")
    assert "def merge_sorted" in pick_reply("Write a Python function that merges two sorted lists")
