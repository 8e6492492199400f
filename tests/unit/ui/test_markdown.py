"""The markdown renderer: what Qt shows, what it refuses to fetch or run, and streaming equivalence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hunyuan_desktop.standin import DEMO_REPLIES
from hunyuan_desktop.ui.markup.markdown import (
    COPY_CODE,
    SEGMENT_LINES,
    MarkdownRenderer,
    StreamingMarkdown,
    _lexer,
    cite_sources,
    stable_prefix_end,
)

R = MarkdownRenderer()


def test_headings_lists_tables_and_task_lists() -> None:
    html = R.render(
        "# 标题\n\n- 一\n- 二\n\n1. first\n2. second\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n"
    ).html
    assert "<h1>标题</h1>" in html
    assert "<ul>" in html and "<li>一</li>" in html and "<ol>" in html
    assert '<table border="1"' in html and "<td>1</td>" in html
    assert "☑" in html and "checkbox" not in html


def test_code_is_highlighted_inline_with_a_copy_link_per_block() -> None:
    result = R.render("```python\ndef f():\n    return 1\n```\n\n```\nplain <b>text</b>\n```\n")
    assert result.code_blocks == ["def f():\n    return 1\n", "plain <b>text</b>\n"]
    # pygments colours the keyword with an inline style (Qt rich text ignores CSS classes)
    assert '<span style="color: #008000; font-weight: bold">def</span>' in result.html
    assert f'href="{COPY_CODE}0"' in result.html and f'href="{COPY_CODE}1"' in result.html
    assert "plain &lt;b&gt;text&lt;/b&gt;" in result.html  # code is escaped, not interpreted


def test_raw_html_is_escaped_and_scripts_never_survive() -> None:
    html = R.render("<script>alert(1)</script>\n\n<b onclick=x>bold?</b> <iframe src=http://x>").html
    assert "<script" not in html and "<iframe" not in html and "<b onclick" not in html
    assert "&lt;script&gt;" in html


def test_only_http_https_and_mailto_links_are_live() -> None:
    html = R.render(
        "[a](https://ok.example) [b](http://ok.example) [m](mailto:a@b.c) [j](javascript:alert(1)) "
        "[d](data:text/html,x) [f](file:///etc/passwd)"
    ).html
    assert 'href="https://ok.example"' in html and 'href="http://ok.example"' in html and 'href="mailto:a@b.c"' in html
    assert "javascript:" not in html and "data:text" not in html and "file:" not in html
    assert "<p>[a](" not in html and "<p>" in html and " j " in html  # the text stays, inert, not a link
    assert html.count("<a ") == 3


def test_images_become_links_and_are_never_fetched() -> None:
    html = R.render("![猫](https://img.example/cat.png) ![x](data:image/png;base64,AAAA) ![y](file:///x.png)").html
    assert "<img" not in html
    assert 'href="https://img.example/cat.png"' in html and "[🖼 猫]" in html
    assert "data:image" not in html and "file:" not in html


def code_lines(n: int, blank_every: int = 7) -> str:
    return "".join("\n" if i % blank_every == 0 else f'    x_{i} = "多行 {i}"  # 注释\n' for i in range(1, n + 1))


SEG = SEGMENT_LINES
SAMPLES = [
    *DEMO_REPLIES,
    "段落一\n\n```\n代码\n\n还在代码里\n```\n\n段落二\n\n> 引用\n\n- a\n\n  续\n- b\n\n结尾",
    # Long code blocks, drawn in boxes of SEGMENT_LINES lines: closed, closed exactly at a box boundary,
    # unclosed, with a tilde fence, an indented (list item) fence, and text around them.
    f"前言\n\n```python\n{code_lines(3 * SEG + 5)}```\n\n后记\n\n```js\n{code_lines(SEG)}```\n",
    f"```\n{code_lines(2 * SEG)}```\n\n尾",
    f"说明\n\n~~~~ sql\n{code_lines(SEG + 3, 5)}~~~~\n\n- 列表\n\n  ```\n{code_lines(SEG + 2)}  ```\n\n完",
    f"没有结束的代码：\n\n```python\n{code_lines(2 * SEG + 9)}",
]


def join_code(code: list[str], continued: str | None, blocks: list[str]) -> list[str]:
    """How the view puts the code blocks of consecutive pieces together (a piece may continue one)."""
    out = list(code)
    if continued is not None:
        assert out, "a continuation with no block to continue"
        out[-1] += continued
    return out + blocks


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SAMPLES), st.lists(st.integers(min_value=1, max_value=6000), min_size=1, max_size=25))
def test_streaming_render_equals_a_full_render_at_every_step(text: str, cuts: list[int]) -> None:
    stream = StreamingMarkdown(R)
    html_parts: list[str] = []
    code: list[str] = []
    tail_html = ""
    for cut in [*sorted({min(c, len(text)) for c in cuts}), len(text)]:
        prefix = text[:cut]
        chunks, tail = stream.advance(prefix)
        html_parts += [c.html for c in chunks]
        for c in chunks:
            code = join_code(code, c.continued, c.code_blocks)
        tail_html = tail.html if tail else ""
        full = R.render(prefix)
        assert "".join(html_parts) + tail_html == full.html
        assert (join_code(code, tail.continued, tail.code_blocks) if tail else code) == full.code_blocks


def test_stable_boundaries_never_split_a_fence() -> None:
    text = "a\n\n```\nx\n\ny\n```\n\nb\n\nc"
    end = stable_prefix_end(text)
    assert text[:end].count("```") % 2 == 0
    assert text[end:] == "c"


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(SAMPLES),
    st.lists(st.integers(min_value=1, max_value=6000), min_size=1, max_size=25),
    st.integers(min_value=1, max_value=400),
)
def test_rendering_in_small_steps_equals_a_full_render(text: str, cuts: list[int], budget: int) -> None:
    """The view renders a large batch a few hundred characters per turn of the event loop: every
    boundary it may stop at, not just the last one, must leave the HTML unchanged."""
    stream = StreamingMarkdown(R)
    html_parts: list[str] = []
    code: list[str] = []
    points = [*sorted({min(c, len(text)) for c in cuts}), len(text)]
    for i, cut in enumerate(points):
        prefix = text[:cut]
        final = i == len(points) - 1
        more = True
        while more:
            chunk, more = stream.step(prefix, final=final, max_chars=budget)
            if chunk is not None:
                html_parts.append(chunk.html)
                code = join_code(code, chunk.continued, chunk.code_blocks)
        tail = stream.tail(prefix)
        full = R.render(prefix)
        assert "".join(html_parts) + (tail.html if tail else "") == full.html
        assert (join_code(code, tail.continued, tail.code_blocks) if tail else code) == full.code_blocks
    assert stream.stable_end == len(text) and stream.tail(text) is None


def test_a_large_batch_is_split_at_group_boundaries_within_the_budget() -> None:
    groups = [f"第{i}段：" + "内容" * 40 + "\n\n" for i in range(10)]
    text = "".join(groups) + "尾巴"
    stream = StreamingMarkdown(R)
    chunk, more = stream.step(text, max_chars=len(groups[0]) * 3)
    assert chunk is not None and more
    assert stream.stable_end == len(groups[0]) * 3  # three whole groups, not a character more
    chunk, more = stream.step(text, max_chars=10)  # smaller than one group: still one group
    assert chunk is not None and more and stream.stable_end == len(groups[0]) * 4
    chunk, more = stream.step(text, budget_s=0.0)  # out of time at once: still one group
    assert chunk is not None and more and stream.stable_end == len(groups[0]) * 5
    chunk, more = stream.step(text, budget_s=60.0)  # all the finished groups, not the tail
    assert chunk is not None and not more and stream.stable_end == len(text) - len("尾巴")
    assert stream.step(text, budget_s=60.0) == (None, False)


def test_a_half_streamed_fence_language_never_scans_installed_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unknown name (```pyt while ```python streams in) made pygments look through every installed
    package's entry points, 46 ms on the GUI thread each new time; only built-in lexers are used."""
    import pygments.plugin

    scans: list[str] = []

    def iter_entry_points(group: str) -> list[object]:
        scans.append(group)
        return []

    monkeypatch.setattr(pygments.plugin, "iter_entry_points", iter_entry_points)
    _lexer.cache_clear()
    for partial in ("p", "py", "pyt", "pyth", "pytho", "python", "no-such-language"):
        html = R.render(f"```{partial}\nprint('x')\n```").html
        assert "print" in html
    assert scans == []
    assert _lexer("python") is not None and _lexer("pyt") is None
    _lexer.cache_clear()


def test_citation_marks_link_to_their_sources_outside_code() -> None:
    urls = {1: "https://a.example/x", 2: "https://b.example/<y>"}
    text = "腾讯研发[1]，联网[2][^1]；[citation:2] [3] arr[1] `x[1]` [1](https://keep)\n```\ny[1]\n```\n"
    cited = cite_sources(text, urls)
    assert cited.startswith("腾讯研发[[1]](<https://a.example/x>)，联网[[2]](<https://b.example/%3Cy%3E>)[[1]](")
    assert "；[[2]](<https://b.example/%3Cy%3E>) [3] arr[1] `x[1]` [1](https://keep)\n```\ny[1]\n```" in cited
    html = R.render(cited).html
    assert html.count('href="https://a.example/x"') == 2  # rendered as links; code and unknown marks stay text
    assert cite_sources(text, {}) == text
