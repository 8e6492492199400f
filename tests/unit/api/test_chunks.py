"""The OpenAI chunk layer: typed events from what real servers send."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hunyuan_desktop.api.chunks import parse_data
from hunyuan_desktop.api.errors import ApiError, BalanceError, ProtocolError, ServerError
from hunyuan_desktop.domain import FinishEvent, FinishReason, ReasoningDelta, StreamEvent, TextDelta, Usage, UsageEvent


def events(data: str) -> list[StreamEvent]:
    out: list[StreamEvent] = []
    parse_data(data, out)
    return out


def test_provider_example_chunk_with_role_on_every_chunk() -> None:
    data = (
        '{"id":"24df","object":"chat.completion.chunk","created":1737186811,"model":"hunyuan-standard",'
        '"choices":[{"index":0,"delta":{"role":"assistant","content":"您好"},"finish_reason":null}]}'
    )
    assert events(data) == [TextDelta("您好")]


def test_final_usage_chunk_with_empty_choices() -> None:
    data = '{"choices":[],"usage":{"prompt_tokens":11,"completion_tokens":18,"total_tokens":29}}'
    assert events(data) == [UsageEvent(Usage(11, 18, 29, 0))]


def test_reasoning_then_content_and_reasoning_tokens() -> None:
    data = (
        '{"choices":[{"delta":{"reasoning_content":"想","content":"答"},"finish_reason":null}],'
        '"usage":{"prompt_tokens":1,"completion_tokens":5,"completion_tokens_details":{"reasoning_tokens":3}}}'
    )
    assert events(data) == [ReasoningDelta("想"), TextDelta("答"), UsageEvent(Usage(1, 5, 6, 3))]


def test_unknown_finish_reason_and_unknown_fields_pass_through() -> None:
    data = '{"note":"以上内容为AI生成","search_info":{},"choices":[{"delta":{},"finish_reason":"sensitive"}]}'
    assert events(data) == [FinishEvent(FinishReason.SENSITIVE)]


def test_done_marker() -> None:
    out: list[StreamEvent] = []
    assert parse_data("[DONE]", out) is True
    assert out == []


def test_error_object_in_stream_is_typed_with_servers_words() -> None:
    with pytest.raises(BalanceError, match="exceeded the current quota"):
        events('{"error":{"message":"API_KEY exceeded the current quota","type":"x"}}')
    with pytest.raises(ServerError, match="upstream"):
        events('{"error":{"message":"upstream failed"}}')


def test_malformed_json_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError):
        events('{"choices": [')
    with pytest.raises(ProtocolError):
        events("[1, 2]")


def test_wrong_types_are_ignored_not_crashing() -> None:
    assert events('{"choices":[{"delta":{"content":5},"finish_reason":7}],"usage":"many"}') == []
    assert events('{"choices":"none"}') == []
    assert events('{"choices":[null]}') == []


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["choices", "usage", "error", "id", "note"]), json_values, max_size=4))
def test_any_json_object_gives_events_or_a_typed_error(obj: dict[str, object]) -> None:
    import json

    with contextlib.suppress(ApiError):
        events(json.dumps(obj))


def test_deeply_nested_json_is_a_protocol_error_not_a_crash() -> None:
    with pytest.raises(ProtocolError):
        events("[" * 100_000 + "]" * 100_000)


def test_reasoning_under_either_name_providers_use() -> None:
    """reasoning_content (DeepSeek, Qwen, Kimi, GLM, Hunyuan) or reasoning (OpenRouter, Ollama)."""
    openrouter = '{"choices":[{"index":0,"delta":{"reasoning":"先想想","content":""}}]}'
    assert events(openrouter) == [ReasoningDelta("先想想")]
    both = '{"choices":[{"index":0,"delta":{"reasoning_content":"甲","reasoning":"甲"}}]}'
    assert events(both) == [ReasoningDelta("甲")]  # once, not twice
    ollama = '{"choices":[{"index":0,"delta":{"reasoning":null,"content":"好"}}]}'
    assert events(ollama) == [TextDelta("好")]
