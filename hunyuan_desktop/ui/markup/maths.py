"""Maths in answers: which text is a formula, and each formula drawn as an image inside the document.

Parsing (markdown-it plugins from mdit-py-plugins, plus two rules of ours) accepts what models write:
``$…$`` and ``\\(…\\)`` inline, ``$$…$$`` and ``\\[…\\]`` as display (also inside lists and quotes, and
``\\[…\\]`` in the middle of a paragraph). Formulas are tokenised before markdown's escapes, so ``\\(``,
``\\,`` and ``\\\\`` reach the formula as written.

Money is text. A single-``$`` span is a formula only when (Pandoc's ``tex_math_dollars`` rules):

1. the opening ``$`` is not followed by a space and the closing ``$`` is not preceded by one
   (``$5 到 $10``, ``价格是 $100 到 $200``, ``a lone $ here``);
2. the closing ``$`` is not followed by a digit (``$5 and $10``) nor by a letter or ``$`` (``$HOME/bin:$PATH``);
3. the opening ``$`` does not follow a letter or digit (``US$3``, ``a$b$``);
4. it does not span a blank line, nor a code span (``\\`$x$\\```).

Rendering: ziamath (pure Python, MIT, with the STIX Two Math font) writes an SVG that QtSvg draws into a
QImage at the display's pixel ratio, in the theme's text colour, cached by (source, size, colour, ratio).
Measured 2–20 ms a formula (median ~5 ms); matplotlib's mathtext was as fast but fails matrices,
``aligned``, ``cases`` and ``\\boxed``. A formula ziamath cannot draw (a command it does not know, such as
mhchem's ``\\ce``, or a syntax error) is shown as its source in code style, never as an error.

The image's name maps back to the formula's source with its delimiters (:meth:`Formulas.source`): copy,
find and the screen reader see the LaTeX, not an object character.
"""

from __future__ import annotations

import atexit
import hashlib
import html
import logging
import multiprocessing
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QTextDocument

from hunyuan_desktop.ui.markup.mathsvg import svg_of

if TYPE_CHECKING:  # markdown-it loads with the first answer drawn (markdown.py), not with the window
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

log = logging.getLogger(__name__)

PREFIX = "math:"
OBJECT = "\ufffc"  # what an image is in a document's plain text
COLLECT_S = 0.004  # formulas turned into images per turn of the event loop, at most this long
CACHE_SIZE = 2_000  # images kept (a document keeps its own reference to those it shows)
DISPLAY_SCALE = 1.15  # a display formula is drawn a little larger than the text around it
AXIS_EM = 0.25  # the maths axis (the middle of a fraction bar) above the baseline, in ems
_WORDY = re.compile(r"[A-Za-z0-9]")  # ASCII: Chinese text sits right against formulas (速度$v$很快)


def math_plugin(md: MarkdownIt) -> None:
    from mdit_py_plugins.dollarmath import dollarmath_plugin  # noqa: PLC0415 - with the parser, when first needed
    from mdit_py_plugins.texmath import texmath_plugin  # noqa: PLC0415 - as above

    """The four delimiters, money kept as text (the module's rules), ``\\[…\\]`` mid-paragraph."""
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True, allow_blank_lines=False)
    md.use(texmath_plugin, delimiters="brackets")
    md.inline.ruler.before("escape", "math_bracket_inline", _bracket_display_inline)
    rules = md.inline.ruler.__rules__
    dollars = next(rule for rule in rules if rule.name == "math_inline")  # dollarmath's (texmath's comes after)
    dollars.fn = _not_touching_words(dollars.fn)
    md.inline.ruler.__cache__ = None


def _bracket_display_inline(state: StateInline, silent: bool) -> bool:
    r"""``\[…\]`` inside a paragraph ("mid \[c=d\] para"): the block rule only sees it on lines of its
    own, and markdown's escape rule would eat the backslashes."""
    src, pos = state.src, state.pos
    if not src.startswith("\\[", pos):
        return False
    end = src.find("\\]", pos + 2)
    if end < 0 or not src[pos + 2 : end].strip():
        return False
    if not silent:
        token = state.push("math_inline_double", "math", 0)
        token.content = src[pos + 2 : end]
        token.markup = "\\["
    state.pos = end + 2
    return True


def _not_touching_words(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """Rules 2 and 3 of the module's docstring, which the dollarmath plugin does not apply: a ``$`` span
    that touches a word on either side is no formula (``$HOME/bin:$PATH``, ``US$3``). Refused inside the
    rule, so the ``$`` stays a character and what follows it (a code span) is parsed as usual."""

    def guarded(state: StateInline, silent: bool) -> bool:
        start, count, pending = state.pos, len(state.tokens), state.pending
        if start > 0 and _WORDY.match(state.src[start - 1]):
            return False
        if not rule(state, silent):
            return False
        after = state.src[state.pos : state.pos + 1]
        if after == "$" or _WORDY.match(after):
            del state.tokens[count:]  # with the text token pushing flushed from ``pending``: put it back
            del state.tokens_meta[count:]
            state.pending, state.pos = pending, start
            return False
        return True

    return guarded


def delimited(token: Token) -> str:
    """A formula token's source as written, delimiters included."""
    markup = token.markup or "$"
    content = token.content
    if markup == "\\(":
        return f"\\({content}\\)"
    if markup == "\\[":
        return f"\\[{content}\\]"
    return f"{markup}{content}{markup}"


class Formulas:
    """Formulas drawn as images, by resource name; each name's source for copy and find."""

    def __init__(self, draw: Callable[[str, float, str], tuple[QImage, float] | None] | None = None) -> None:
        self._images: OrderedDict[str, tuple[QImage, float]] = OrderedDict()
        self._sources: dict[str, str] = {}
        self._failed: set[str] = set()  # drawn once and not drawable: not tried again on every render
        self._draw = draw or draw_formula
        self.px = 16.0  # the text's pixel size (the view sets it with the zoom)
        self.dpr = 1.0  # the display's pixel ratio
        self.colour = "#1f2329"
        # ``deferred``: a formula not drawn yet shows its source; a worker process writes its SVG (ziamath,
        # 2-40 ms a formula, pure Python) and the window turns it into an image (~1 ms) when it comes back,
        # then ``ready`` is called once none is left. Drawn all at once, an answer with 146 formulas showed
        # nothing for 1.0 s; on a thread of this process ziamath held the GIL and streaming stalled up to
        # 110 ms; one per turn of the event loop here, 40 ms turns (bench_stream's maths shape); in a worker
        # process, 15 ms p99 (a third busy process on a two-core machine). The chat
        # view defers always and renders its messages again on ready.
        self.deferred = False
        self.ready: Callable[[], None] | None = None
        self.misses = 0
        self._waiting: dict[str, tuple[float, str, Future[str | None] | None]] = {}  # name -> px, colour, job
        self._queue: OrderedDict[str, tuple[str, float, str]] = OrderedDict()  # drawn here (no worker)
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._draw_next)
        self._notifier = _Notifier()
        self._notifier.done.connect(self._collect)

    def html(self, tex: str, source: str, *, display: bool) -> str:
        """An ``<img>`` of the formula, or its source in code style when it cannot be drawn (or, while
        ``deferred``, is not drawn yet)."""
        px = self.px * (DISPLAY_SCALE if display else 1.0)
        key = f"{display}|{px:.2f}|{self.colour}|{self.dpr:.2f}|{tex}"
        name = PREFIX + hashlib.blake2s(key.encode(), digest_size=10).hexdigest()
        found = self._images.get(name)
        if found is None:
            if name in self._failed:
                return f"<code>{html.escape(source)}</code>"
            if self.deferred:
                if name not in self._waiting and name not in self._queue:
                    self._request(name, tex, px * self.dpr)
                self.misses += 1
                return f"<code>{html.escape(source)}</code>"
            self._queue.pop(name, None)
            self._waiting.pop(name, None)
            found = self._store(name, self._draw(tex, px * self.dpr, self.colour))
            if found is None:
                return f"<code>{html.escape(source)}</code>"
        else:
            self._images.move_to_end(name)
        self._sources[name] = source
        image = found[0]
        width, height = image.width() / self.dpr, image.height() / self.dpr
        title = html.escape(source, quote=True)
        return (
            f'<img src="{name}" width="{width:.1f}" height="{height:.1f}" title="{title}" '
            f'style="vertical-align:middle">'
        )

    def _store(self, name: str, drawn: tuple[QImage, float] | None) -> tuple[QImage, float] | None:
        if drawn is None:
            self._failed.add(name)
            return None
        image, _ = drawn
        image.setDevicePixelRatio(self.dpr)
        found = (image, self.dpr)
        self._images[name] = found
        if len(self._images) > CACHE_SIZE:
            self._images.popitem(last=False)
        return found

    def _request(self, name: str, tex: str, px: float) -> None:
        pool = _pool() if self._draw is draw_formula else None  # (a test's own drawing runs here)
        if pool is None:
            self._queue[name] = (tex, px, self.colour)
            if not self._timer.isActive():
                self._timer.start()
            return
        job = pool.submit(svg_of, tex, px, self.colour)
        self._waiting[name] = (px, self.colour, job)  # before the callback: a job done already calls it now
        job.add_done_callback(lambda _: self._notifier.done.emit())  # from the pool's thread: queued here

    def _collect(self) -> None:
        """SVGs the worker wrote, made images (on the GUI thread, ~1 ms each, a few ms per turn of the
        event loop at most); when none is left, ``ready``."""
        deadline = time.perf_counter() + COLLECT_S
        for name, (px, colour, job) in list(self._waiting.items()):
            if job is None or not job.done():
                continue
            if time.perf_counter() > deadline:
                self._notifier.done.emit()  # the rest on the next turn
                return
            del self._waiting[name]
            try:
                svg = job.result()
            except Exception:  # the worker process died or was refused: drawn here instead
                log.warning("the formula worker failed", exc_info=True)
                _POOL.clear()
                svg = None
                self._failed.add(name)
                continue
            if colour == self.colour:  # drawn for a theme still in use
                self._store(name, rasterize(svg, px) if svg is not None else None)
        if not self.drawing() and self.ready is not None:
            self.ready()

    def _draw_next(self) -> None:
        """Without a worker process: one waiting formula drawn a turn of the event loop each."""
        if self._queue:
            name, (tex, px, colour) = self._queue.popitem(last=False)
            if colour == self.colour:
                self._store(name, self._draw(tex, px, colour))
        if self._queue:
            self._timer.start()
        elif not self.drawing() and self.ready is not None:
            self.ready()

    def drawing(self) -> bool:
        """Whether formulas are still waiting to be drawn."""
        return bool(self._queue) or bool(self._waiting)

    def images_in(self, html_text: str) -> dict[str, QImage]:
        """The formula images an HTML text shows (to add to its document before laying it out)."""
        if PREFIX not in html_text:
            return {}
        out: dict[str, QImage] = {}
        for name in re.findall(r'src="(math:[0-9a-f]+)"', html_text):
            found = self._images.get(name)
            if found is not None:
                out[name] = found[0]
        return out

    def source(self, name: str) -> str | None:
        return self._sources.get(name)

    def clear(self) -> None:
        """Forget the images (the colour or the size changed: every formula is drawn again)."""
        self._images.clear()
        self._queue.clear()
        self._waiting.clear()


class _Notifier(QObject):
    """A formula's SVG back from the worker, told to the GUI thread (a signal emitted elsewhere is queued)."""

    done = Signal()


def draw_formula(tex: str, px: float, colour: str) -> tuple[QImage, float] | None:
    """``tex`` at ``px`` pixels per em in ``colour`` (see :func:`rasterize`), drawn here and now."""
    svg = svg_of(tex, px, colour)
    return rasterize(svg, px) if svg is not None else None


def rasterize(svg: str, px: float) -> tuple[QImage, float] | None:
    """A formula's SVG as an image padded so that the maths axis is its middle (Qt centres an image with
    ``vertical-align:middle`` on the text's middle, about where the axis is): the image and the baseline's
    distance from its top, or None when QtSvg cannot read it. About 1 ms."""
    from PySide6.QtSvg import QSvgRenderer  # noqa: PLC0415 - QtSvg loads when the first formula is drawn

    renderer = QSvgRenderer(QByteArray(svg.encode()))
    if not renderer.isValid():
        return None
    box = renderer.viewBoxF()
    ascent, descent = -box.y(), box.height() + box.y()
    axis = AXIS_EM * px
    half = max(ascent - axis, descent + axis)
    top = half - (ascent - axis)
    width, height = max(1, round(box.width())), max(1, round(2 * half))
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, top, box.width(), box.height()))
    painter.end()
    return image, top + ascent


_POOL: list[ProcessPoolExecutor] = []  # the one worker process, started when the first formula waits


def _pool() -> ProcessPoolExecutor | None:
    """The worker process that writes formulas' SVG (None where one cannot be started: drawn here then)."""
    if not _POOL:
        try:
            pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        except (OSError, ValueError):
            log.warning("no worker process for formulas; they are drawn in the window's thread", exc_info=True)
            return None
        atexit.register(pool.shutdown, wait=False, cancel_futures=True)
        _POOL.append(pool)
    return _POOL[0]


def expanded_text(doc: QTextDocument, formulas: Formulas) -> tuple[str, list[tuple[int, int, int]]]:
    """``doc``'s plain text with each formula's source in place of its image, and where each formula is:
    (position in the expanded text, its length there, position in the document)."""
    text = doc.toPlainText()
    if OBJECT not in text:
        return text, []
    out: list[str] = []
    spans: list[tuple[int, int, int]] = []
    length = 0
    block = doc.begin()
    while block.isValid():
        if block != doc.begin():
            out.append("\n")
            length += 1
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            piece = fragment.text()
            fmt = fragment.charFormat()
            if fmt.isImageFormat() and piece == OBJECT:
                src = formulas.source(fmt.toImageFormat().name())
                if src is not None:
                    spans.append((length, len(src), fragment.position()))
                    piece = src
            out.append(piece)
            length += len(piece)
            it += 1
        block = block.next()
    return "".join(out), spans


def to_document_position(position: int, spans: list[tuple[int, int, int]], end: bool = False) -> int:
    """A position in the expanded text back in the document (inside a formula: at its image's start, or
    after it for an ``end``)."""
    shift = 0
    for start, length, at in spans:
        if position < start:
            break
        if position < start + length or (end and position == start + length):
            return at + (1 if end and position > start else 0)
        shift += length - 1
    return position - shift


def to_expanded_position(position: int, spans: list[tuple[int, int, int]]) -> int:
    """A document position in the expanded text (see :func:`expanded_text`)."""
    shift = 0
    for _, length, at in spans:
        if at >= position:
            break
        shift += length - 1
    return position + shift


def source_between(doc: QTextDocument, start: int, end: int, formulas: Formulas) -> str | None:
    """The text between two document positions with formulas as their LaTeX source, or None when the
    document shows no formula (the caller's plain text is right then)."""
    text, spans = expanded_text(doc, formulas)
    if not spans:
        return None
    return text[to_expanded_position(start, spans) : to_expanded_position(end, spans)]
