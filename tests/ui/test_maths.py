"""Maths in answers: money stays text, formulas are drawn (no raw LaTeX on screen), and copy and find
keep the source as the model wrote it. Also the rest of markdown that answers use: task boxes,
footnotes, table alignment, diagrams labelled."""

from __future__ import annotations

import re
import time

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QTextDocument
from PySide6.QtWidgets import QApplication

from hunyuan_desktop.domain import MessageStatus, Role
from hunyuan_desktop.ui.markup.markdown import FOOTNOTE, MarkdownRenderer, StreamingMarkdown
from hunyuan_desktop.ui.markup.maths import OBJECT, Formulas
from tests.ui.test_chatview import make_view, msg

# Formulas are drawn with QPainter: a QApplication first, as in the app.
pytestmark = pytest.mark.usefixtures("qapp")
R = MarkdownRenderer()
IMAGE = re.compile(r'<img src="math:[0-9a-f]+"')


def drawn(view: object, qtbot: object) -> None:
    """Formulas are drawn a turn of the event loop each; the view renders its messages again once all are drawn."""
    qtbot.waitUntil(lambda: not view.formulas.drawing(), timeout=10_000)  # type: ignore[attr-defined]
    qtbot.wait(100)  # type: ignore[attr-defined]


def formulas_in(text: str) -> int:
    return len(IMAGE.findall(R.render(text).html))


# The rules (maths.py's docstring), each with the example that needs it.
MONEY = [
    "Only $59 (save $100)",  # a digit after the closing $ (rule 2)
    "价格是 $100 到 $200",  # a space inside the opening/closing $ (rule 1)
    "$5 到 $10",
    "It costs $5 and $10 today",
    "export PATH=$HOME/bin:$PATH",  # a letter right after the closing $ (rule 2)
    "US$3 or US$4",  # a letter right before the opening $ (rule 3)
    "a lone $ here",
    "**$4** bold and $4.50",
    "code `$x$` stays code",  # rule 4
    "价格 $200，`$HOME/bin:$PATH` 末尾",  # a refused span gives its text back: the code span still parses
    "$5\n\n$10",  # never across a blank line
]


@pytest.mark.parametrize("text", MONEY)
def test_money_stays_text(text: str) -> None:
    html = R.render(text).html
    assert not IMAGE.search(html), html
    assert html.count("$") == text.count("$")  # every dollar sign still on screen
    shown = re.sub(r"<[^>]+>", "", html).replace("\n", "")
    assert shown == text.replace("`", "").replace("**", "").replace("\n", ""), shown  # nothing else lost


FORMULAS = [
    ("Inline $x^2$ and $E=mc^2$.", 2),
    (r"\(\frac{a}{b}\) 和 \(c\)", 2),
    ("速度$v$很快", 1),  # Chinese right against the formula is not a word (rule 3 is ASCII)
    (r"\[ \int_0^1 x^2\,dx \]", 1),
    ("$$\n\\begin{pmatrix}1 & 2\\\\ 3 & 4\\end{pmatrix}\n$$", 1),
    ("- a list item\n\n  $$x+y$$\n", 1),
    ("> quoted\n>\n> $$\n> \\sqrt{2}\n> $$\n", 1),
    ("mid \\[c=d\\] para", 1),
    ("速度 \\(v=\\frac{s}{t}\\)，价格 $5。", 1),
    ("$1$ is a formula", 1),
    (r"$$\boxed{x=1}$$ and $\begin{cases}a & x>0\\ b & x\le 0\end{cases}$", 2),
    ("$$\\begin{aligned}a&=b\\\\c&=d\\end{aligned}$$ (3)", 1),
]


@pytest.mark.parametrize(("text", "count"), FORMULAS)
def test_each_delimiter_is_a_formula(text: str, count: int) -> None:
    assert formulas_in(text) == count


def test_latex_reaches_the_formula_as_written() -> None:
    html = R.render(r"\[ \int_0^1 x^2\,dx \]" + "\n\n$$\n\\begin{bmatrix}1\\\\2\\end{bmatrix}\n$$\n").html
    # The source rides along in the image's title: the backslashes markdown would eat are all there.
    assert r"x^2\,dx" in html and r"1\\2" in html
    assert "[ " not in html.split("title=")[0]  # no "[ \int … ]" left as text


def test_an_equals_line_between_two_matrices_is_no_heading() -> None:
    text = "$$\n\\begin{pmatrix}1\\end{pmatrix}\n$$\n=\n$$\n\\begin{pmatrix}2\\end{pmatrix}\n$$\n"
    html = R.render(text).html
    assert "<h1" not in html and "<h2" not in html
    assert formulas_in(text) == 2 and "=" in re.sub(r"<[^>]+>", "", html.replace("title=", ""))


def test_a_formula_that_cannot_be_drawn_shows_its_source_as_code() -> None:
    html = R.render(r"水是 $\ce{H2O}$，错的 $\frac{1$ 也一样").html
    assert r"<code>$\ce{H2O}$</code>" in html
    assert not IMAGE.search(html)


def test_an_unclosed_formula_is_source_until_it_closes() -> None:
    stream = StreamingMarkdown(MarkdownRenderer())
    text = "推导如下：\n\n$$\n\\int_0^1 x^2"
    _, tail = stream.advance(text)
    assert tail is not None and not IMAGE.search(tail.html) and "$$" in tail.html
    text += "\\,dx\n$$\n"
    # Closed while streaming: its source until it is drawn (by a worker process).
    _, tail = stream.advance(text)
    assert tail is not None and "<code>$$" in tail.html
    for _ in range(500):
        QApplication.processEvents()
        _, tail = stream.advance(text)
        if tail is not None and IMAGE.search(tail.html):
            break
        time.sleep(0.01)
    assert tail is not None and IMAGE.search(tail.html)
    # A finished answer shows every formula drawn, at once.
    done = StreamingMarkdown(MarkdownRenderer())
    chunks, tail = done.advance("$$\n\\sqrt{17}\n$$\n", final=True)
    assert tail is None and IMAGE.search(chunks[0].html)


def test_formulas_are_drawn_in_the_text_colour_sharp_at_the_screen_ratio() -> None:
    for dpr in (1.0, 1.5, 2.0):
        formulas = Formulas()
        formulas.dpr, formulas.px, formulas.colour = dpr, 16.0, "#c0392b"
        html = formulas.html(r"\frac{a}{b}", r"$\frac{a}{b}$", display=False)
        name = re.search(r'src="(math:[0-9a-f]+)"', html)
        assert name is not None
        image = formulas.images_in(html)[name.group(1)]
        logical_width = float(re.search(r'width="([0-9.]+)"', html).group(1))  # type: ignore[union-attr]
        assert abs(image.width() - logical_width * dpr) <= 1  # drawn at device pixels, not scaled up
        inked = [
            QColor(image.pixel(x, y))
            for x in range(image.width())
            for y in range(image.height())
            if QColor.fromRgba(image.pixel(x, y)).alpha() == 255
        ]
        assert inked and all(c.red() > c.blue() + 60 for c in inked)  # the colour asked for


def test_on_screen_no_raw_latex_and_copy_gives_the_source_back(qtbot: object) -> None:
    answer = (
        "质能方程 $E=mc^2$，分数 \\(\\frac{a}{b}\\)。\n\n"
        "\\[ \\int_0^1 x^2\\,dx \\]\n\n"
        "$$\n\\begin{pmatrix}1 & 2\\\\ 3 & 4\\end{pmatrix}\n$$\n\n"
        "价格是 $5 到 $10。"
    )
    view = make_view([msg(1, "问题", Role.USER), msg(2, answer)])
    first = "\n".join(d.toPlainText() for d, _ in view.item(1).docs() if isinstance(d, QTextDocument))
    assert "$E=mc^2$" in first  # the source at first: no answer waits for its formulas to be drawn
    drawn(view, qtbot)
    docs = [d for d, _ in view.item(1).docs() if isinstance(d, QTextDocument)]
    shown = "\n".join(d.toPlainText() for d in docs)
    assert "\\frac" not in shown and "\\int" not in shown and "pmatrix" not in shown and "E=mc" not in shown
    assert shown.count(OBJECT) >= 4 and "$5 到 $10" in shown
    view.select_all()
    copied = view.selected_text()
    for piece in ("$E=mc^2$", "\\(\\frac{a}{b}\\)", "x^2\\,dx", "\\begin{pmatrix}1 & 2\\\\ 3 & 4\\end{pmatrix}"):
        assert piece in copied
    assert "$5 到 $10" in copied and OBJECT not in copied
    view.copy()
    assert "x^2\\,dx" in QGuiApplication.clipboard().text()
    view.close()


def test_find_matches_inside_a_formula(qtbot: object) -> None:
    view = make_view([msg(1, "问题", Role.USER), msg(2, "结果是 $\\frac{a}{b}$ 和 $\\sqrt{2}$。")])
    drawn(view, qtbot)
    view.set_find("sqrt")
    matches = view.matches_in(1)
    assert len(matches) == 1
    view.set_find("frac{a")
    assert len(view.matches_in(1)) == 1
    view.close()


def test_task_boxes_footnotes_alignment_and_diagrams() -> None:
    html = R.render(
        "- [ ] 待办\n- [x] 完成\n\n正文[^1]。\n\n| 左 | 中 | 右 |\n|:--|:-:|--:|\n| a | b | c |\n\n"
        "```mermaid\ngraph TD; A-->B\n```\n\n~~删掉~~\n\n[^1]: 注释内容\n"
    ).html
    assert "☐" in html and "☑" in html and "checkbox" not in html
    assert f'href="{FOOTNOTE}1"' in html and '<a name="fn-1">' in html and "注释内容" in html
    assert "[^1]" not in html
    assert '<th align="left">' in html and '<th align="center">' in html and '<td align="right">' in html
    assert "Diagram · mermaid" in html
    assert "<s>删掉</s>" in html


def test_clicking_a_footnote_reference_shows_its_note(qtbot: object) -> None:
    filler = "\n\n".join(f"第 {i} 段内容，足够长的一段文字。" for i in range(60))
    view = make_view([msg(1, "问题", Role.USER), msg(2, f"开头[^note]。\n\n{filler}\n\n[^note]: 这是注释。")])
    view.verticalScrollBar().setValue(0)
    assert view.show_footnote(2, "note") and not view.show_footnote(2, "absent")
    value = view.verticalScrollBar().value()
    assert value > 0  # scrolled down to the note at the end
    assert any("这是注释" in d.toPlainText() for d, _ in view.item(1).docs() if isinstance(d, QTextDocument))
    view.close()


def test_a_streaming_answer_draws_formulas_as_they_close(qtbot: object) -> None:
    view = make_view([msg(1, "问题", Role.USER)])
    answer = msg(2, "", status=MessageStatus.STREAMING)
    view.add_message(answer)
    pieces = ["推导：$x", "^2$ 然后\n\n$$\n\\frac{1", "}{2}\n$$\n\n"]
    # More paragraphs after: the first ones freeze (finished block groups) while the answer streams on.
    pieces += [f"第{i}段 $\\sqrt{{{i}}}$ 的推导。\n\n" for i in range(2, 12)] + ["完。"]
    for piece in pieces:
        view.add_delta(2, piece, "")
    drawn(view, qtbot)  # all drawn while it still streams (the parts frozen meanwhile show their source)
    done = view.messages()[-1]
    done.status = MessageStatus.DONE
    view.update_message(done)
    drawn(view, qtbot)
    assert view.message(2) is not None and "$$" in view.message(2).content  # type: ignore[union-attr]
    docs = [d for d, _ in view.item(1).docs() if isinstance(d, QTextDocument)]
    shown = "".join(d.toPlainText() for d in docs)
    assert "\\frac" not in shown and "\\sqrt" not in shown  # also in the parts frozen while it streamed
    view.close()
