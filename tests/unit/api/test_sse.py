"""The SSE decoder against the WHATWG rules, and split-invariance for any chunking."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hunyuan_desktop.api.sse import SSEDecoder, SSEEvent, SSEOverflowError


def decode(*chunks: bytes) -> list[SSEEvent]:
    decoder = SSEDecoder()
    events: list[SSEEvent] = []
    for chunk in chunks:
        events += decoder.feed(chunk)
    events += decoder.close()
    return events


def datas(*chunks: bytes) -> list[str]:
    return [e.data for e in decode(*chunks)]


def test_lf_crlf_and_cr_line_endings_all_end_lines() -> None:
    assert datas(b"data: a\n\ndata: b\r\n\r\ndata: c\r\rdata: d\n\n") == ["a", "b", "c", "d"]


def test_cr_at_end_of_chunk_and_lf_at_start_of_next_is_one_line_ending() -> None:
    # If the CR/LF pair were two endings, the blank line would dispatch "x" early and then "y" would
    # be joined wrongly; with one ending, "x\ny" is one event.
    assert datas(b"data: x\r", b"\ndata: y\r", b"\n\r", b"\n") == ["x\ny"]


def test_leading_bom_is_stripped_once() -> None:
    assert datas(b"\xef\xbb\xbfdata: first\n\n") == ["first"]
    # A second BOM is not at the start of the stream: it is part of a field name, which is ignored.
    assert datas(b"\xef\xbb\xbf\xef\xbb\xbfdata: x\n\n") == []


def test_bom_split_across_chunks() -> None:
    assert datas(b"\xef", b"\xbb", b"\xbfdata: first\n\n") == ["first"]


def test_comments_are_ignored_and_do_not_dispatch() -> None:
    assert datas(b": keep-alive\n\n: another\ndata: x\n\n") == ["x"]


def test_multiline_data_joined_with_lf() -> None:
    assert datas(b"data: a\ndata: b\ndata:\n\n") == ["a\nb\n"]


def test_event_without_data_is_not_dispatched() -> None:
    assert decode(b"event: ping\n\n") == []
    assert datas(b"event: ping\n\ndata: x\n\n") == ["x"]


def test_only_one_space_after_colon_is_stripped() -> None:
    assert datas(b"data:  two\n\ndata:none\n\n") == [" two", "none"]


def test_line_without_colon_is_a_field_with_empty_value() -> None:
    assert datas(b"data\n\n") == [""]


def test_event_type_and_unknown_fields() -> None:
    events = decode(b"event: update\nid: 7\nretry: 10\nfoo: bar\ndata: x\n\ndata: y\n\n")
    assert events == [SSEEvent("x", "update"), SSEEvent("y", "message")]


def test_utf8_split_inside_a_character() -> None:
    raw = "data: 你好😄\n\n".encode()
    for cut in range(1, len(raw)):
        assert datas(raw[:cut], raw[cut:]) == ["你好😄"], cut


def test_invalid_utf8_becomes_replacement_character() -> None:
    assert datas(b"data: a\xffb\n\n") == ["a\ufffdb"]


def test_pending_event_without_blank_line_is_dropped_at_end() -> None:
    assert datas(b"data: x\n\ndata: y") == ["x"]
    assert datas(b"data: x\n\ndata: y\n") == ["x"]


def test_oversized_line_and_event_raise_instead_of_growing() -> None:
    decoder = SSEDecoder(max_event_chars=100)
    with pytest.raises(SSEOverflowError):
        decoder.feed(b"data: " + b"x" * 200)
    decoder = SSEDecoder(max_event_chars=100)
    with pytest.raises(SSEOverflowError):
        for _ in range(20):
            decoder.feed(b"data: " + b"y" * 20 + b"\n")


STREAM = (
    b"\xef\xbb\xbf: hello\r\n"
    b'data: {"a": "\xe4\xbd\xa0\xe5\xa5\xbd"}\r\n\r\n'
    b"event: ping\n\n"
    b"data: line1\rdata: line2\r\r"
    b"data:  spaced\n\n"
    b"data: \xf0\x9f\x98\x84\n\n"
    b"data: [DONE]\n\n"
    b"data: unfinished"
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(STREAM)), max_size=12))
def test_any_split_of_the_byte_stream_gives_the_same_events(cuts: list[int]) -> None:
    points = sorted(set(cuts))
    pieces = [STREAM[a:b] for a, b in zip([0, *points], [*points, len(STREAM)], strict=True)]
    assert decode(*pieces) == decode(STREAM)
    assert [e.data for e in decode(STREAM)] == ['{"a": "你好"}', "line1\nline2", " spaced", "😄", "[DONE]"]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.lists(st.integers(min_value=0, max_value=2000), max_size=8))
def test_random_bytes_never_raise_and_split_invariant(raw: bytes, cuts: list[int]) -> None:
    points = sorted({c for c in cuts if c <= len(raw)})
    pieces = [raw[a:b] for a, b in zip([0, *points], [*points, len(raw)], strict=True)]
    assert decode(*pieces) == decode(raw)
