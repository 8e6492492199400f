"""The height index behind the virtualised chat view, against a plain list."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hunyuan_desktop.ui.transcript.positions import Fenwick


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=500), min_size=1, max_size=60),
    st.lists(st.tuples(st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=500)), max_size=20),
    st.lists(st.integers(min_value=1, max_value=500), max_size=10),
)
def test_prefix_sums_and_row_lookup_match_a_list(
    heights: list[int], updates: list[tuple[int, int]], appended: list[int]
) -> None:
    tree = Fenwick(heights)
    values = list(heights)
    for value in appended:
        tree.append(value)
        values.append(value)
    for raw, value in updates:
        index = raw % len(values)
        tree.set(index, value)
        values[index] = value
    assert [tree.prefix(i) for i in range(len(values) + 1)] == [sum(values[:i]) for i in range(len(values) + 1)]
    for y in range(0, sum(values), 37):
        row = tree.find(y)
        assert sum(values[:row]) <= y < sum(values[: row + 1])
    assert tree.find(sum(values) + 10) == len(values) - 1
