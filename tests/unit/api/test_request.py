"""The request builder repairs real, messy histories into what Hunyuan accepts."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from hunyuan_desktop.api.request import CONTINUE_EN, CONTINUE_ZH, build_chat_request, estimate_request
from hunyuan_desktop.domain import Message, MessageStatus, Model, Params, Price, Role

MODEL = Model("hunyuan-standard", "std", Price(Decimal("0.0025"), Decimal("0.0025")), context_tokens=32000)


def msg(role: Role, content: str, reasoning: str = "", status: MessageStatus = MessageStatus.DONE) -> Message:
    return Message(0, 1, role, content, reasoning=reasoning, status=status)


def roles(body: dict[str, object]) -> list[str]:
    return [m["role"] for m in body["messages"]]  # type: ignore[attr-defined]


def test_system_first_alternating_ending_with_user_and_stream_options() -> None:
    body = build_chat_request(
        MODEL,
        [msg(Role.USER, "你好"), msg(Role.ASSISTANT, "您好"), msg(Role.USER, "什么是AGI?")],
        system_prompt="You are a helpful assistant.",
    )
    assert roles(body) == ["system", "user", "assistant", "user"]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert body["model"] == "hunyuan-standard"


def test_failed_turns_leave_doubles_and_empties_which_are_repaired() -> None:
    history = [
        msg(Role.ASSISTANT, "stray greeting"),
        msg(Role.USER, "first"),
        msg(Role.ASSISTANT, "", status=MessageStatus.ERROR),
        msg(Role.USER, "first again"),
        msg(Role.ASSISTANT, "partial", status=MessageStatus.STOPPED),
        msg(Role.ASSISTANT, "   "),
        msg(Role.ASSISTANT, "retried answer"),
        msg(Role.USER, "next"),
        msg(Role.ASSISTANT, "", status=MessageStatus.STREAMING),
    ]
    body = build_chat_request(MODEL, history)
    assert body["messages"] == [
        {"role": "user", "content": "first\n\nfirst again"},
        {"role": "assistant", "content": "retried answer"},
        {"role": "user", "content": "next"},
    ]


def test_reasoning_is_never_sent_back() -> None:
    body = build_chat_request(
        MODEL,
        [msg(Role.USER, "q"), msg(Role.ASSISTANT, "a", reasoning="secret thoughts"), msg(Role.USER, "q2")],
    )
    assert "secret thoughts" not in str(body)
    assert all(set(m) == {"role", "content"} for m in body["messages"])


def test_only_set_parameters_are_sent() -> None:
    body = build_chat_request(MODEL, [msg(Role.USER, "q")], params=Params(temperature=0.7))
    assert body["temperature"] == 0.7 and "top_p" not in body and "max_tokens" not in body
    body = build_chat_request(MODEL, [msg(Role.USER, "q")], params=Params(top_p=0.5, max_tokens=256))
    assert body["top_p"] == 0.5 and body["max_tokens"] == 256 and "temperature" not in body


def test_history_trimmed_to_40_messages_including_system_and_starting_with_user() -> None:
    history = []
    for i in range(60):
        history += [msg(Role.USER, f"q{i}"), msg(Role.ASSISTANT, f"a{i}")]
    history.append(msg(Role.USER, "last"))
    body = build_chat_request(MODEL, history, system_prompt="sys")
    assert len(body["messages"]) <= 40
    assert roles(body)[:2] == ["system", "user"]
    assert body["messages"][-1] == {"role": "user", "content": "last"}


def test_history_trimmed_to_the_context_but_last_message_always_kept() -> None:
    small = Model("m", "m", MODEL.price, context_tokens=3000, max_output_tokens=1000)
    history = [msg(Role.USER, "长" * 1500), msg(Role.ASSISTANT, "答" * 1500), msg(Role.USER, "短问题")]
    body = build_chat_request(small, history, params=Params(max_tokens=1000))
    assert body["messages"] == [{"role": "user", "content": "短问题"}]
    huge = [msg(Role.USER, "长" * 10_000)]
    assert build_chat_request(small, huge)["messages"][0]["content"] == "长" * 10_000


def test_no_user_message_is_refused() -> None:
    with pytest.raises(ValueError, match="no user message"):
        build_chat_request(MODEL, [msg(Role.ASSISTANT, "hi")])


def test_a_continuation_is_one_answer_with_the_one_it_carries_on() -> None:
    q, a = msg(Role.USER, "数到十"), msg(Role.ASSISTANT, "一二三")
    more = replace(msg(Role.ASSISTANT, "四五六"), continues=True)
    body = build_chat_request(MODEL, [q, a, more, msg(Role.USER, "然后？")])
    assert [m["content"] for m in body["messages"]] == ["数到十", "一二三四五六", "然后？"]
    retry = msg(Role.ASSISTANT, "重来的答案")  # not a continuation: it supersedes the answer before it
    body = build_chat_request(MODEL, [q, a, retry, msg(Role.USER, "然后？")])
    assert [m["content"] for m in body["messages"]] == ["数到十", "重来的答案", "然后？"]


def test_continuing_sends_the_answer_so_far_then_the_instruction_in_its_language() -> None:
    q, a = msg(Role.USER, "数到十"), msg(Role.ASSISTANT, "一二三")
    more = replace(msg(Role.ASSISTANT, "四五六"), continues=True)
    body = build_chat_request(MODEL, [q, a, more], continuing=True)
    assert body["messages"][:2] == [
        {"role": "user", "content": "数到十"},
        {"role": "assistant", "content": "一二三四五六"},
    ]
    assert body["messages"][2] == {"role": "user", "content": CONTINUE_ZH}
    english = build_chat_request(MODEL, [msg(Role.USER, "count"), msg(Role.ASSISTANT, "one two")], continuing=True)
    assert english["messages"][-1] == {"role": "user", "content": CONTINUE_EN}


def test_the_estimate_counts_what_the_request_would_carry() -> None:
    history = [msg(Role.USER, "问" * 100), msg(Role.ASSISTANT, "答" * 300)]
    empty = estimate_request(MODEL, history)
    typed = estimate_request(MODEL, history, draft="再问" * 50, system_prompt="系统" * 10)
    assert empty.tokens >= 400 and typed.tokens >= empty.tokens + 100 + 20
    assert empty.context == 32000 and empty.input_cost == Decimal(empty.tokens) * Decimal("0.0025") / 1000
    tiny = replace(MODEL, context_tokens=600)
    assert estimate_request(tiny, history * 5, params=Params(max_tokens=100)).tokens <= 600  # trimmed like the request


def test_a_long_text_is_estimated_from_its_length_no_lower_than_by_characters() -> None:
    from hunyuan_desktop.api.request import EXACT_LIMIT, estimate_tokens

    for unit in ("中文", "ascii text ", "混合 mixed 文本 "):
        text = unit * (EXACT_LIMIT // len(unit) + 1)
        exact = sum(1 for ch in text if ord(ch) >= 0x2E80)
        by_characters = exact + (len(text) - exact + 2) // 3 + 4
        assert len(text) > EXACT_LIMIT and by_characters <= estimate_tokens(text) <= by_characters * 1.05
