"""Markdown to the HTML subset Qt's rich text renders well. Pure Python (markdown-it-py + pygments).

Safety: raw HTML is escaped (``html: False``); images are never fetched — they become links; only
``http``, ``https`` and ``mailto`` links are live, anything else (``javascript:``, ``file:``, ``data:``)
is shown as inert text. Links open in the system browser only when clicked (the view decides that).

Streaming: :class:`StreamingMarkdown` renders the finished blocks of a growing message once and keeps
their HTML; each update re-renders only the tail block (from the last safe boundary on), and a long code
block is frozen in boxes of ``SEGMENT_LINES`` lines as it streams.
"""

from __future__ import annotations

import functools
import html
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hunyuan_desktop.ui.kit.theme import LIGHT, Palette
from hunyuan_desktop.ui.markup.maths import Formulas, delimited, math_plugin

if TYPE_CHECKING:  # markdown-it and pygments load with the first answer drawn, not with the window (issue 24)
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from pygments.formatters import HtmlFormatter
    from pygments.lexer import Lexer

SAFE_SCHEMES = ("http://", "https://", "mailto:")
SEGMENT_LINES = 24  # a code block is drawn in boxes of this many lines (see MarkdownRenderer._fence)
COPY_CODE = "copy-code:"
COPY_IMAGE = "icon:copy"  # the copy icon in a code block's header (an image resource the view adds)
FOOTNOTE = "footnote:"  # a footnote reference's link: the view scrolls to the note
DIAGRAM_LANGS = frozenset({"mermaid", "plantuml", "dot", "graphviz"})
_NOTE = re.compile(r"\[\^([^\]\s]{1,40})\]:[ \t]*")
_REF = re.compile(r"\[\^([^\]\s]{1,40})\](?!:)")
_TASK = re.compile(r'<input class="task-list-item-checkbox"( checked="checked")?')


def _safe(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_SCHEMES)


@dataclass
class RenderResult:
    html: str
    code_blocks: list[str] = field(default_factory=list)
    # In a continuation render (see ``render``): the code that continues the previous code block.
    continued: str | None = None


class MarkdownRenderer:
    def __init__(
        self,
        palette: Palette = LIGHT,
        copy_label: str = "Copy code",
        formulas: Formulas | None = None,
        diagram_label: str = "Diagram",
    ) -> None:
        self.palette = palette
        self.copy_label = copy_label
        self.diagram_label = diagram_label
        self.formulas = formulas or Formulas()
        self.formulas.colour = palette.text
        self._formatters: dict[str, HtmlFormatter[str]] = {}
        self._parser: MarkdownIt | None = None

    @property
    def _md(self) -> MarkdownIt:
        """The parser, made when the first text is rendered (its import is not needed for the first paint)."""
        if self._parser is None:
            self._parser = self._build()
        return self._parser

    def _build(self) -> MarkdownIt:
        from markdown_it import MarkdownIt  # noqa: PLC0415 - when the first answer is drawn
        from markdown_it.renderer import RendererHTML  # noqa: PLC0415 - as above
        from mdit_py_plugins.tasklists import tasklists_plugin  # noqa: PLC0415 - as above

        md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        md.enable(["table", "strikethrough"])
        md.use(tasklists_plugin)
        md.use(math_plugin)  # before markdown's escapes: ``\(`` and ``\,`` reach the formula as written
        md.block.ruler.before("reference", "footnote_note", _footnote_note, {"alt": ["paragraph"]})
        md.inline.ruler.before("link", "footnote_ref", _footnote_ref)
        md.validateLink = lambda url: True  # type: ignore[method-assign]  # decided per link below; nothing fetched
        renderer: RendererHTML = md.renderer  # type: ignore[assignment]
        rules: dict[str, Any] = renderer.rules
        rules["fence"] = self._fence
        rules["code_block"] = self._fence
        rules["image"] = self._image
        rules["link_open"] = self._link_open
        rules["link_close"] = self._link_close
        rules["table_open"] = self._table_open
        rules["code_inline"] = self._code_inline
        rules["blockquote_open"] = self._blockquote_open
        rules["blockquote_close"] = self._blockquote_close
        rules["math_inline"] = self._math_inline
        rules["math_inline_double"] = self._math_display_inline
        rules["math_block"] = self._math_block
        rules["math_block_label"] = self._math_block
        rules["html_inline"] = self._html_inline
        rules["footnote_ref"] = self._footnote_ref
        rules["footnote_note_open"] = self._footnote_note_open
        rules["footnote_note_close"] = lambda *_: "</p>\n"
        rules["bullet_list_open"] = self._bullet_list_open
        rules["th_open"] = self._cell_open
        rules["td_open"] = self._cell_open
        return md

    # ---- public ------------------------------------------------------------------------------------

    def render(
        self, text: str, code_offset: int = 0, *, highlight: bool = True, continuation: bool = False
    ) -> RenderResult:
        """``continuation``: ``text`` starts with the opening fence of a code block whose first lines
        were rendered before (a streaming answer freezes a long code block ``SEGMENT_LINES`` at a time):
        its segments are drawn as the rest of that block, and its code is returned as ``continued``."""
        env: dict[str, Any] = {
            "code": [],
            "offset": code_offset,
            "links": [],
            "highlight": highlight,
            "continuation": continuation,
            "continued": None,
            "lines": text.replace("\r\n", "\n").replace("\r", "\n").split("\n"),
        }
        body = self._md.render(text, env)
        return RenderResult(body, env["code"], env["continued"])

    def wrap(self, body: str) -> str:
        p = self.palette
        return f'<div style="color:{p.text}">{body}</div>'

    # ---- rules -------------------------------------------------------------------------------------

    def _formatter(self) -> HtmlFormatter[str]:
        from pygments.formatters import HtmlFormatter  # noqa: PLC0415 - with the first code block

        style = self.palette.pygments_style
        if style not in self._formatters:
            self._formatters[style] = HtmlFormatter(noclasses=True, nowrap=True, style=style)
        return self._formatters[style]

    def _fence(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        """A code block as boxes of ``SEGMENT_LINES`` lines, the first with the language and the copy
        link (which copies the whole block). A streaming answer can then freeze a long code block box by
        box instead of re-rendering all of it on every batch, and still show exactly this HTML."""
        token = tokens[idx]
        code = token.content
        lang = token.info.strip().split(" ")[0] if token.info else ""
        continuation = env["continuation"]
        env["continuation"] = False  # only the first code block of a continuation render continues
        code_list: list[str] = env["code"]
        index = -1
        if continuation:
            env["continued"] = code
        else:
            index = env["offset"] + len(code_list)
            code_list.append(code)
        closed = token.type != "fence" or _closes(env["lines"], token)
        lines = code.splitlines(keepends=True) or [""]
        count = (len(lines) + SEGMENT_LINES - 1) // SEGMENT_LINES
        out = []
        for n in range(count):
            segment = "".join(lines[n * SEGMENT_LINES : (n + 1) * SEGMENT_LINES])
            first = n == 0 and not continuation
            last = n == count - 1 and closed
            out.append(self._code_box(segment, lang, index if first else None, last=last, highlight=env["highlight"]))
        return "".join(out)

    def _code_box(self, code: str, lang: str, index: int | None, *, last: bool, highlight: bool) -> str:
        text = code.removesuffix("\n")
        body = html.escape(text)
        if lang and highlight:
            lexer = _lexer(lang)
            if lexer is not None:
                from pygments import highlight as colour  # noqa: PLC0415 - with the first code block

                body = colour(text, lexer, self._formatter()).removesuffix("\n")
        p = self.palette
        header = ""
        if index is not None:
            # One row: the language at the left, the copy icon and word at the right, on a darker band.
            label = html.escape(lang) if lang else ""
            if lang.lower() in DIAGRAM_LANGS:
                label = f"{html.escape(self.diagram_label)} · {label}"
            band = f"background:{p.code_header}; color:{p.muted}; font-size:small"
            header = (
                f'<tr><td style="{band}">{label}</td>'
                f'<td align="right" style="{band}"><a href="{COPY_CODE}{index}" '
                f'style="color:{p.muted}; text-decoration:none">'
                f'<img src="{COPY_IMAGE}" width="14" height="14" style="vertical-align:middle"> '
                f"{html.escape(self.copy_label)}</a></td></tr>"
            )
        top = 4 if index is not None else 0
        bottom = 4 if last else 0
        return (
            # No border: the header band and the code's background mark the block, as peers draw it.
            f'<table width="100%" cellspacing="0" cellpadding="6" border="0" style="background:{p.code_bg}; '
            f'border:none; margin-top:{top}px; margin-bottom:{bottom}px">{header}'
            f'<tr><td colspan="2"><pre style="margin:0; white-space:pre-wrap">{body}</pre></td></tr></table>\n'
        )

    def _image(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        token = tokens[idx]
        src = str(token.attrGet("src") or "")
        alt = html.escape(token.content or src)
        if _safe(src):
            return f'<a href="{html.escape(src, quote=True)}">[🖼 {alt}]</a>'
        return f"[🖼 {alt}]"

    def _link_open(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        href = str(tokens[idx].attrGet("href") or "")
        safe = _safe(href)
        env["links"].append(safe)
        if not safe:
            return ""
        return f'<a href="{html.escape(href, quote=True)}" style="color:{self.palette.link}">'

    def _link_close(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        safe = env["links"].pop() if env["links"] else False
        return "</a>" if safe else ""

    def _table_open(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        return f'<table border="1" cellspacing="0" cellpadding="4" style="border-color:{self.palette.border}">\n'

    def _code_inline(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        content = html.escape(tokens[idx].content)
        return f'<code style="background:{self.palette.code_bg}">{content}</code>'

    def _blockquote_open(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        """A quote with a bar at its left, as peers draw it: Qt's rich text has no border-left, so it is a
        table of a narrow coloured cell and the quote's cell."""
        p = self.palette
        return (
            f'<table cellspacing="0" cellpadding="0" style="margin-top:4px; margin-bottom:8px"><tr>'
            f'<td width="3" style="background:{p.quote_bar}"></td>'
            f'<td style="padding-left:10px; color:{p.quote}">'
        )

    def _blockquote_close(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        return "</td></tr></table>\n"

    # ---- maths, task boxes, footnotes, table alignment -------------------------------------------------

    def _math_inline(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        token = tokens[idx]
        return self.formulas.html(token.content.strip(), delimited(token), display=False)

    def _math_display_inline(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        token = tokens[idx]
        return self.formulas.html(token.content.strip(), delimited(token), display=True)

    def _math_block(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        token = tokens[idx]
        source = delimited(token) if token.markup != "$$" else f"$${token.content}$$"
        image = self.formulas.html(token.content.strip(), source, display=True)
        label = f"&nbsp;&nbsp;&nbsp;({html.escape(token.info)})" if token.type == "math_block_label" else ""
        return f'<p align="center">{image}{label}</p>\n'

    def _html_inline(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        """Only the task lists' check boxes come here (raw HTML is off): a box, ticked or not."""
        match = _TASK.match(tokens[idx].content)
        if match is None:
            return html.escape(tokens[idx].content)
        return "☑" if match.group(1) else "☐"

    def _footnote_ref(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        label = html.escape(str(tokens[idx].meta["label"]), quote=True)
        return (
            f'<sup><a href="{FOOTNOTE}{label}" style="color:{self.palette.link}; text-decoration:none">'
            f"[{label}]</a></sup>"
        )

    def _footnote_note_open(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        label = html.escape(str(tokens[idx].meta["label"]), quote=True)
        return f'<p style="font-size:small; color:{self.palette.muted}"><a name="fn-{label}"></a>[{label}] '

    def _bullet_list_open(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        """A task list shows its boxes instead of bullets."""
        if "contains-task-list" in str(tokens[idx].attrGet("class") or ""):
            return '<ul style="list-style-type:none">\n'
        return "<ul>\n"

    def _cell_open(self, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
        token = tokens[idx]
        tag = "th" if token.type == "th_open" else "td"
        style = str(token.attrGet("style") or "")
        align = style.removeprefix("text-align:").strip() if style.startswith("text-align:") else ""
        return f'<{tag} align="{align}">' if align in ("left", "center", "right") else f"<{tag}>"


def _footnote_note(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
    """``[^1]: text`` on a line of its own: the note, with an anchor its references link to. Each note
    is rendered where it is written (models put them at the end), so an answer rendered a block group at
    a time shows the same as rendered whole."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    end = state.eMarks[start_line]
    match = _NOTE.match(state.src, start, end)
    if match is None:
        return False
    if silent:
        return True
    token = state.push("footnote_note_open", "p", 1)
    token.meta = {"label": match.group(1)}
    token.map = [start_line, start_line + 1]
    inline = state.push("inline", "", 0)
    inline.content = state.src[match.end() : end].strip()
    inline.map = [start_line, start_line + 1]
    inline.children = []
    state.push("footnote_note_close", "p", -1)
    state.line = start_line + 1
    return True


def _footnote_ref(state: Any, silent: bool) -> bool:
    """``[^1]`` in the text: a raised link to its note."""
    if not state.src.startswith("[^", state.pos):
        return False
    match = _REF.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent:
        token = state.push("footnote_ref", "", 0)
        token.meta = {"label": match.group(1)}
    state.pos = match.end()
    return True


def _join(parts: list[RenderResult]) -> RenderResult:
    """Consecutive pieces as one: a piece that continues a code block adds to the last block so far."""
    blocks: list[str] = []
    continued: str | None = None
    for part in parts:
        if part.continued is not None:
            if blocks:
                blocks[-1] += part.continued
            else:
                continued = (continued or "") + part.continued
        blocks += part.code_blocks
    return RenderResult("".join(p.html for p in parts), blocks, continued)


def _closes(lines: list[str], token: Token) -> bool:
    """Whether a fence token ends with its closing fence (markdown-it runs an unclosed one to the end)."""
    if not token.map or token.map[1] - 1 <= token.map[0] or token.map[1] - 1 >= len(lines):
        return False
    line = lines[token.map[1] - 1].strip().lstrip(">").strip()
    marker = token.markup
    return bool(marker) and line.startswith(marker) and not line.strip(marker[0])


@functools.cache
def _builtin_aliases() -> frozenset[str]:
    from pygments.lexers import get_all_lexers  # noqa: PLC0415 - with the first code block

    return frozenset(alias for _, aliases, _, _ in get_all_lexers(plugins=False) for alias in aliases)


@functools.lru_cache(maxsize=64)
def _lexer(lang: str) -> Lexer | None:
    """Lexers are reusable; building one (and compiling its patterns) per code block cost a third of a
    streaming update. Only pygments' own lexers: an unknown name (a half-streamed ```pyt) made pygments
    scan every installed package's entry points for plugins, 46 ms on the GUI thread."""
    if lang.lower() not in _builtin_aliases():
        return None
    from pygments.lexers import get_lexer_by_name  # noqa: PLC0415 - with the first code block
    from pygments.util import ClassNotFound  # noqa: PLC0415 - as above

    try:
        return get_lexer_by_name(lang, stripnl=False)
    except ClassNotFound:
        return None


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CONTINUES = re.compile(r"^(\s|[-*+>|]|\d+[.)]\s|\[)")


def stable_boundaries(text: str, start: int = 0) -> list[int]:
    """Offsets after ``start`` where a block group ends and everything before renders for good.

    A boundary is a blank line outside any fenced code block, followed by a line that starts a fresh
    top-level block (not indented, not a list item, quote or table row, which could merge with what
    came before, and not a reference definition); or, inside a top-level fenced code block, the end of
    every ``SEGMENT_LINES``-th line once the next line is complete and does not close the fence (the
    renderer draws a code block in boxes of that many lines). Text before a boundary renders the same
    whatever is appended later, and splitting there changes nothing in the HTML.
    """
    return [pos for pos, _ in _scan(text, start, None)]


def _scan(text: str, start: int, opener: str | None) -> list[tuple[int, str | None]]:
    """Boundaries after ``start`` with, for those inside a fence, the fence's opening line.

    ``start`` must itself be a boundary (or 0), and ``opener`` the opening line of the fence it lies in
    (None outside). Scanning from there keeps each streaming update proportional to the tail.
    """
    boundaries: list[tuple[int, str | None]] = []
    in_fence: str | None = None
    if opener is not None:
        match = _FENCE.match(opener)
        in_fence = match.group(1) if match else None
    inside = 0  # lines inside the fence since it opened (or since ``start``)
    segment_end = -1  # where a box would end, if the next line turns out not to close the fence
    pos = start
    prev_blank = False
    for line in text[start:].splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        fence = _FENCE.match(stripped)
        if in_fence is None:
            if prev_blank and stripped and not _CONTINUES.match(stripped) and pos < len(text):
                boundaries.append((pos, None))
            if fence:
                in_fence = fence.group(1)
                opener = line
                inside = 0
        elif (
            fence
            and stripped.strip().startswith(in_fence[0] * len(in_fence))
            and not stripped.strip(in_fence[0]).strip()
        ):
            in_fence = None
            opener = None
        else:
            if segment_end == pos and line != stripped:  # complete, and not the closing fence
                boundaries.append((pos, opener))
            inside += 1
            # Only a fence at column 0 is surely top-level (an indented one may belong to a list item).
            if inside % SEGMENT_LINES == 0 and line != stripped and opener and opener[0] in "`~":
                segment_end = pos + len(line)
        prev_blank = in_fence is None and not stripped.strip()
        pos += len(line)
    return boundaries


def stable_prefix_end(text: str, start: int = 0) -> int:
    """Offset where the last block that may still change begins."""
    boundaries = stable_boundaries(text, start)
    return boundaries[-1] if boundaries else start


class GroupTooLargeError(Exception):
    """The next block group is longer than the caller's ``max_group``: render it some other way."""


class StreamingMarkdown:
    """Renders a growing message: finished block groups once, then only the tail on each update.

    ``step`` renders the next finished groups (within a budget of time or characters, at least one
    group), so a caller can spread a large batch over several turns of the event loop; ``tail`` renders what may
    still change. The concatenation of every step's HTML and the tail's is exactly
    ``MarkdownRenderer.render(text)``. ``advance`` does both at once.
    """

    def __init__(self, renderer: MarkdownRenderer) -> None:
        self._renderer = renderer
        self.stable_end = 0
        self._stable_source = ""
        self._code_count = 0
        self._opener: str | None = None  # the fence line, while ``stable_end`` is inside a code block

    def step(
        self,
        text: str,
        *,
        final: bool = False,
        max_chars: int | None = None,
        budget_s: float | None = None,
        max_group: int | None = None,
    ) -> tuple[RenderResult | None, bool]:
        """Render the next finished block groups of ``text``; the flag says whether more are waiting.

        Groups are rendered one after another until ``max_chars`` of source or ``budget_s`` seconds are
        used (always at least one group). With ``final`` the whole text is finished. ``None`` when
        nothing new is finished. A group longer than ``max_group`` raises GroupTooLargeError before
        anything is rendered (its cost could not be bounded).
        """
        if not text.startswith(self._stable_source):
            raise ValueError("a streaming message only grows")
        ends = _scan(text, self.stable_end, self._opener)
        if final and len(text) > self.stable_end:
            ends.append((len(text), None))
        if not ends:
            return None, False
        if max_chars is None and budget_s is None:
            ends = ends[-1:]  # everything in one go
        start = self.stable_end
        deadline = time.perf_counter() + budget_s if budget_s is not None else None
        parts: list[RenderResult] = []
        for end, opener in ends:
            if max_group is not None and end - self.stable_end > max_group:
                if parts:
                    break  # render what came before it now; the next step raises
                raise GroupTooLargeError
            if parts and (
                (max_chars is not None and end - start > max_chars)
                or (deadline is not None and time.perf_counter() > deadline)
            ):
                break
            parts.append(self._render(text[self.stable_end : end], highlight=True))
            self.stable_end = end
            self._opener = opener
        self._stable_source = text[: self.stable_end]
        chunk = _join(parts)
        return chunk, self.stable_end < ends[-1][0]

    @property
    def stable_source(self) -> str:
        """The text rendered for good so far (a later text must start with it)."""
        return self._stable_source

    def _render(self, source: str, *, highlight: bool) -> RenderResult:
        """One piece from ``stable_end`` on: inside a code block it is rendered after that block's
        opening line, as the block's continuation."""
        if self._opener is None:
            result = self._renderer.render(source, self._code_count, highlight=highlight)
        else:
            result = self._renderer.render(
                self._opener + source, self._code_count, highlight=highlight, continuation=True
            )
        self._code_count += len(result.code_blocks)
        return result

    def tail(self, text: str, *, highlight: bool = True, max_group: int | None = None) -> RenderResult | None:
        """What follows the finished groups, rendered afresh (``None`` if nothing does)."""
        rest = text[self.stable_end :]
        if not rest:
            return None
        if max_group is not None and len(rest) > max_group:
            raise GroupTooLargeError
        count = self._code_count
        formulas = self._renderer.formulas
        was, formulas.deferred = formulas.deferred, True  # drawn meanwhile: see Formulas
        try:
            result = self._render(rest, highlight=highlight)
        finally:
            formulas.deferred = was
        self._code_count = count  # the tail is rendered again next time: its blocks are not final
        return result

    def advance(
        self, text: str, *, highlight: bool = True, final: bool = False
    ) -> tuple[list[RenderResult], RenderResult | None]:
        """Every newly finished group, then the tail."""
        chunk, _ = self.step(text, final=final)
        return ([chunk] if chunk else []), self.tail(text, highlight=highlight)


_FENCED = r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\2[ \t]*$|\Z)"  # a fenced block, to its end
_CODE_SPAN = re.compile(rf"({_FENCED}|`[^`\n]+`)", re.MULTILINE | re.DOTALL)
# [1], [^1], [citation:1] — a citation mark, not an index (arr[1]) and not already a link ([1](…)).
_CITATION = re.compile(r"(?<![A-Za-z0-9_])\[(?:\^|citation:)?(\d{1,4})\](?![(:])")


def cite_sources(text: str, urls: dict[int, str]) -> str:
    """The answer with each citation mark of a known source turned into a link to it (``[1]`` →
    ``[[1]](url)``); code (fenced and inline) is left as written. ``urls``: source number → URL."""
    if not urls or "[" not in text:
        return text

    def link(match: re.Match[str]) -> str:
        url = urls.get(int(match.group(1)))
        if not url:
            return match.group(0)
        return f"[[{match.group(1)}]](<{url.replace('<', '%3C').replace('>', '%3E')}>)"

    out: list[str] = []
    pos = 0
    for code in _CODE_SPAN.finditer(text):
        out.append(_CITATION.sub(link, text[pos : code.start()]))
        out.append(code.group(0))
        pos = code.end()
    out.append(_CITATION.sub(link, text[pos:]))
    return "".join(out)
