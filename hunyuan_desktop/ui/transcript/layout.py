"""One message as the chat view shows it: its documents (name and time, reasoning, the body as block
groups or plain text, the footer with cost and links), where each sits, and how a streaming answer's
body grows a step at a time. The view (:mod:`chatview`) places, paints and scrolls these.
"""

from __future__ import annotations

import bisect
import html
import itertools
import math
from dataclasses import dataclass, field, replace
from typing import Protocol

from PySide6.QtCore import QUrl
from PySide6.QtGui import QFont, QImage, QTextCursor, QTextDocument

from hunyuan_desktop.domain import AttachmentKind, Message, MessageStatus, Role
from hunyuan_desktop.ui.kit.theme import Palette
from hunyuan_desktop.ui.markup.markdown import (
    GroupTooLargeError,
    MarkdownRenderer,
    StreamingMarkdown,
    cite_sources,
    stable_boundaries,
)
from hunyuan_desktop.ui.markup.maths import Formulas, expanded_text
from hunyuan_desktop.ui.transcript.chrome import (
    ACTION_TOGGLE_REASONING,
    ATTACHMENT_IMAGE,
    BOT_IMAGE,
    Labels,
    attachments_html,
    footer_html,
    header_html,
)
from hunyuan_desktop.ui.transcript.plainbody import PlainBody

MARGIN_X = 14
MARGIN_Y = 6
PAD = 10
GAP = 6  # between the documents of one bubble
USER_SHARE = 0.8  # a question's bubble is at most this share of the column, at its right
STEP_S = 0.0005  # markdown rendered per turn of the event loop while streaming (plus its layout, ~0.7×)
LIVE_HIGHLIGHT_LIMIT = 4000  # a longer streaming tail (a huge code block) is highlighted when it is done
# Rich rendering within the 50 ms budget (measured: markdown-it, setHtml and layout of the worst inline
# shapes cost up to ~7 ms per 1,000 characters, a table ~6 ms): a block group longer than GROUP_MAX_CHARS,
# or a message longer than RICH_MAX_CHARS, is shown as plain text (plainbody.py); a finished message
# longer than ONE_SHOT_CHARS is rendered a group per turn of the event loop, like a streaming one.
GROUP_MAX_CHARS = 6_000
RICH_MAX_CHARS = 200_000
ONE_SHOT_CHARS = 6_000
# Rendering ahead (rows just outside the view, while the window is idle) goes a block group per turn of
# the event loop for a body longer than this, so no idle slice keeps input waiting more than a few ms.
AHEAD_ONE_SHOT_CHARS = 1_200


def make_document(
    html_text: str, width: float, font: QFont | None = None, images: dict[str, QImage] | None = None
) -> QTextDocument:
    doc = QTextDocument()
    if font is not None:
        doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setUndoRedoEnabled(False)
    for name, image in (images or {}).items():  # before the HTML: it is looked up at layout
        if name in html_text:  # only what it shows (a streaming answer makes a document per batch)
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    doc.setHtml(html_text)
    doc.setTextWidth(width)
    return doc


def too_big_for_rich(text: str) -> bool:
    """Whether rendering ``text`` as markdown could stall the window: too long, or a block group (a
    paragraph, a table, a stretch of a code block) too long to render in one step."""
    if len(text) > RICH_MAX_CHARS:
        return True
    if len(text) <= GROUP_MAX_CHARS:
        return False
    edges = [0, *stable_boundaries(text), len(text)]
    return any(b - a > GROUP_MAX_CHARS for a, b in itertools.pairwise(edges))


Doc = QTextDocument | PlainBody


@dataclass(slots=True)
class _Placed:
    """One document of a message, where it sits: ``top`` from the top of the message's content."""

    doc: Doc
    indent: float
    top: float
    height: float


@dataclass
class _Body:
    """The rendered body: finished block groups (each laid out once) plus the tail."""

    docs: list[QTextDocument] = field(default_factory=list)
    # Per document: the code that continues the previous document's last block, and new blocks.
    code: list[tuple[str | None, list[str]]] = field(default_factory=list)
    source_len: int = 0
    stream: StreamingMarkdown | None = None
    has_tail: bool = False
    # Rendered, laid out (document, code blocks, height), not yet shown.
    pending: list[tuple[QTextDocument, tuple[str | None, list[str]], float]] = field(default_factory=list)
    more: bool = False  # finished groups still waiting to be rendered
    plain: PlainBody | None = None  # the body as plain text instead (too large or too odd for rich text)


class RenderContext(Protocol):
    """What laying out a message needs of the view that shows it: its look, its words, its renderer and
    how each message is placed (the last one, its versions, its reasoning folded or not). The view is one;
    this module never imports it (the two were one module split in two, each reaching into the other)."""

    palette_: Palette
    labels: Labels
    text_font: QFont
    bot_image: QImage
    images: dict[str, QImage]  # the action icons by resource name
    renderer: MarkdownRenderer
    formulas: Formulas
    versions: dict[int, tuple[int, int]]
    last_message_id: int | None

    def model_label(self, ref: str) -> str: ...
    def attachment_thumb(self, digest: str) -> QImage: ...
    def is_expanded(self, message: Message) -> bool: ...
    def doc(self, html_text: str, width: float) -> QTextDocument: ...


class MessageLayout:
    """Documents of one message at one width."""

    def __init__(self, view: RenderContext, message: Message, width: float, *, eager: bool = True) -> None:
        self.view = view
        self.width = width  # the column's text width
        self.user = message.role is Role.USER
        self.inner = width  # the bubble's text width (a question's bubble fits its text)
        self.offset = 0.0  # the bubble's x from the view's margin (centred column, questions at its right)
        self.column = 0.0  # the column's x from the view's margin
        # Eager: rendered now, for the screen. Not eager: rendered ahead in idle time, step by step.
        self.eager = eager
        self.message_id = message.id
        self.header = self.view.doc("", width)
        self.reasoning_toggle: QTextDocument | None = None
        self.reasoning: QTextDocument | None = None
        self.reasoning_len = 0
        self.body = _Body()
        self.footer = self.view.doc("", width)
        self.footer_key: tuple[object, ...] = ()
        self.expanded: bool | None = None
        # The documents with their positions, computed when first needed and, while an answer streams,
        # extended at its end: nothing per batch walks the hundreds of documents of a long answer.
        self._placed: list[_Placed] | None = None
        # Where the last update changed what is shown, from the top of the content; None: nowhere.
        self.dirty_from: float | None = 0.0
        self.rebuild(message)

    # ---- building ----------------------------------------------------------------------------------

    def rebuild(self, m: Message) -> None:
        self._placed = None
        view = self.view
        images = {BOT_IMAGE: view.bot_image}
        head = header_html(m, view.labels, view.palette_, view.model_label)
        if m.attachments:  # a question's images and files, under its name
            images["icon:attach"] = view.images.get("icon:attach", QImage())
            for a in m.attachments:
                if a.kind is AttachmentKind.IMAGE:
                    images[ATTACHMENT_IMAGE + a.digest] = view.attachment_thumb(a.digest)

            def size(digest: str) -> tuple[int, int]:
                image = images[ATTACHMENT_IMAGE + digest]
                ratio = image.devicePixelRatio() or 1.0
                return max(1, round(image.width() / ratio)), max(1, round(image.height() / ratio))

            head += attachments_html(m, view.palette_, view.labels, size)
        self.header = make_document(head, self.width, view.text_font, images)
        self.body = _Body()
        self.reasoning = None
        self.reasoning_toggle = None
        self.reasoning_len = 0
        self.expanded = None
        self.update(m)

    def update(self, m: Message) -> bool:
        """Bring the documents up to date with ``m``; True when what is shown changed (``dirty_from``
        says from where: a streaming answer changes only at its end)."""
        self.dirty_from = None  # a streaming swap sets it to where the answer's old tail began
        whole = self._update_reasoning(m)
        if self._update_body(m) and self.dirty_from is None:
            whole = True
        if self._update_footer(m):
            placed = self._placed
            if whole or placed is None:
                whole = True
            else:  # the footer is the last document: replace it where it stands
                last = placed[-1]
                if self.user:
                    self.footer.setTextWidth(self.inner)
                placed[-1] = _Placed(self.footer, self.offset, last.top, self.footer.size().height())
                self.dirty_from = min(last.top, self.dirty_from if self.dirty_from is not None else last.top)
        if whole:
            self.dirty_from = 0.0
            self._placed = None
        if self.user and whole:
            self._fit()
        return self.dirty_from is not None

    def _fit(self) -> None:
        """A question's bubble: as wide as its text needs, at most ``USER_SHARE`` of the column, at the
        column's right; an answer's: the whole column."""
        if self.user:
            for doc, indent in self.docs():
                doc.setTextWidth(self.width - indent)
            need = max(
                (
                    doc.idealWidth() + indent if isinstance(doc, QTextDocument) else self.width
                    for doc, indent in self.docs()
                ),
                default=self.width,
            )
            # Whole pixels: a bubble edge or text at a fractional x antialiases differently when scrolled
            # pixels meet a fresh paint (the paint-equality test caught a highlight edge).
            inner = float(math.ceil(min(self.width * USER_SHARE, max(min(self.width, 160.0), need + 1))))
            if inner != self.width:
                for doc, indent in self.docs():
                    doc.setTextWidth(inner - indent)
        else:
            inner = self.width
        self.inner = inner
        self.offset = float(round(self.column + (self.width - inner)))
        self._placed = None

    def set_geometry(self, width: float, column: float) -> None:
        """The column's text width and its x offset (the view's width changed, or the item is new)."""
        if width == self.width and column == self.column:
            return
        self.column = column
        if width != self.width:
            self.set_width(width)
        self._fit()

    def _update_reasoning(self, m: Message) -> bool:
        if not m.reasoning:
            return False
        changed = False
        view = self.view
        p = view.palette_
        expanded = view.is_expanded(m)
        if expanded != self.expanded:
            arrow = "▾" if expanded else "▸"
            self.reasoning_toggle = self.view.doc(
                f'<p style="font-size:small"><a href="{ACTION_TOGGLE_REASONING}" style="color:{p.muted}">'
                f"{arrow} {html.escape(view.labels.reasoning)}</a></p>",
                self.width,
            )
            self.expanded = expanded
            changed = True
        if self.reasoning is None:
            self.reasoning = self.view.doc(f'<p style="color:{p.muted}; font-size:small"></p>', self.width - 12)
            self.reasoning_len = 0
        if len(m.reasoning) > self.reasoning_len:
            # Plain text, appended: O(delta) per batch however long the reasoning gets.
            cursor = QTextCursor(self.reasoning)
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(m.reasoning[self.reasoning_len :])
            self.reasoning_len = len(m.reasoning)
            changed = True
        return changed

    def _update_body(self, m: Message) -> bool:
        view = self.view
        body = self.body
        if m.sources and m.role is Role.ASSISTANT:
            # Citation marks become links to their sources (the stored text stays as the model wrote it).
            m = replace(m, content=cite_sources(m.content, {s.index: s.url for s in m.sources}))
        if body.plain is not None:  # once plain, this message stays plain
            body.source_len = len(m.content)
            return body.plain.set_text(m.content)
        if len(m.content) > GROUP_MAX_CHARS and (m.role is Role.USER or len(m.content) > RICH_MAX_CHARS):
            return self._to_plain(m)
        if m.role is Role.USER:
            if body.source_len != len(m.content) or not body.docs:
                text = html.escape(m.content).replace("\n", "<br>")
                body.docs = [self.view.doc(f'<p style="color:{view.palette_.text}">{text}</p>', self.width)]
                body.code = [(None, [])]
                body.source_len = len(m.content)
                return True
            return False
        streaming = m.status is MessageStatus.STREAMING
        if streaming or body.stream is not None:
            return self._update_streaming_body(m, final=not streaming)
        if body.docs and body.source_len == len(m.content):
            return False
        if too_big_for_rich(m.content):
            return self._to_plain(m)
        if len(m.content) > (ONE_SHOT_CHARS if self.eager else AHEAD_ONE_SHOT_CHARS):
            return self._update_streaming_body(m, final=True)  # a group per turn of the event loop
        result = view.renderer.render(m.content)
        body.docs = [self.view.doc(view.renderer.wrap(result.html), self.width)]
        body.code = [(None, result.code_blocks)]
        body.source_len = len(m.content)
        return True

    def _to_plain(self, m: Message) -> bool:
        body = self.body
        body.stream, body.docs, body.code, body.pending = None, [], [], []
        body.has_tail = body.more = False
        body.plain = PlainBody(m.content, self.width, self.view.palette_.text, self.view.text_font)
        body.source_len = len(m.content)
        return True

    def realize(self, top: float, bottom: float) -> bool:
        """Lay out the plain-text pieces in ``top``..``bottom`` (content coordinates); True if the
        message's height changed."""
        plain = self.body.plain
        if plain is None:
            return False
        for placed in self.placed():
            if placed.doc is plain:
                if plain.realize(top - placed.top, bottom - placed.top):
                    self._placed = None
                    return True
                return False
        return False

    def _update_streaming_body(self, m: Message, *, final: bool) -> bool:
        """One bounded step of rendering a streaming answer; True when what is shown changed.

        Newly finished block groups are rendered for at most ``STEP_S`` per step (one document each)
        and held back; once none is waiting, a last step renders the tail and shows everything at once:
        the view never shows a half-updated answer, and no turn of the event loop renders more than one
        step. ``body.more`` asks for another step.
        """
        view = self.view
        body = self.body
        if body.stream is not None and not m.content.startswith(body.stream.stable_source):
            body.stream = None  # the text was replaced, not extended: render it afresh
            self._placed = None
        if body.stream is None:
            body.stream = StreamingMarkdown(view.renderer)
            body.docs, body.code, body.has_tail, body.pending = [], [], False, []
        stream = body.stream
        try:
            # A group too long to render within a step (a 300 KB table without a blank line, a line
            # without end): the whole answer is shown as plain text from then on.
            chunk, _ = stream.step(m.content, final=final, budget_s=STEP_S, max_group=GROUP_MAX_CHARS)
        except GroupTooLargeError:
            return self._to_plain(m)
        if chunk is not None:
            doc = self.view.doc(view.renderer.wrap(chunk.html), self.width)
            code = (chunk.continued, chunk.code_blocks)
            body.pending.append((doc, code, doc.size().height()))  # laid out now, in this step
            body.more = True  # more groups, or at least the tail and the swap: in the next step
            return False
        body.more = False
        if not body.pending and not final and len(m.content) == body.source_len and body.docs:
            return False
        highlight = final or len(m.content) - stream.stable_end <= LIVE_HIGHLIGHT_LIMIT
        try:
            tail = stream.tail(m.content, highlight=highlight, max_group=GROUP_MAX_CHARS)
        except GroupTooLargeError:
            return self._to_plain(m)
        # Drop the old tail document, add the newly finished groups, then the new tail; the footer
        # follows. What changes starts at the old tail (or where the footer was): above it every pixel
        # stays, and the view repaints only from there down.
        placed = self._placed
        if placed is not None:
            del placed[-2 if body.has_tail else -1 :]
            self.dirty_from = max(0.0, (placed[-1].top + placed[-1].height if placed else 0.0))
        if body.has_tail:
            body.docs.pop()
            body.code.pop()
            body.has_tail = False
        added: list[tuple[QTextDocument, float]] = []
        for doc, code, laid_out in body.pending:
            height = laid_out
            if doc.textWidth() != self.width:  # the width changed while it waited (setting it re-lays)
                doc.setTextWidth(self.width)
                height = doc.size().height()
            body.docs.append(doc)
            body.code.append(code)
            added.append((doc, height))
        body.pending = []
        if tail is not None:
            doc = self.view.doc(view.renderer.wrap(tail.html), self.width)
            body.docs.append(doc)
            body.code.append((tail.continued, tail.code_blocks))
            body.has_tail = True
            added.append((doc, doc.size().height()))
        if placed is not None:
            added.append((self.footer, self.footer.size().height()))
            for doc, height in added:
                top = placed[-1].top + placed[-1].height + GAP if placed else 0.0
                placed.append(_Placed(doc, self.offset, top, height))
        else:
            self.dirty_from = 0.0
        body.source_len = len(m.content)
        if final:
            body.stream = None
            body.has_tail = False
        return True

    def _update_footer(self, m: Message) -> bool:
        view = self.view
        labels = view.labels
        last = m.id == view.last_message_id
        version = view.versions.get(m.id)
        key = (
            m.status, m.usage, m.cost, m.finish_reason, m.model, last, labels.copy, m.error, m.error_kind, version,
            m.sources, m.sources_dropped,
        )  # fmt: skip
        if key == self.footer_key:
            return False
        self.footer_key = key
        self.footer = self.view.doc(
            footer_html(m, labels, view.palette_, view.model_label, last=last, version=version), self.width
        )
        return True

    # ---- geometry ----------------------------------------------------------------------------------

    def docs(self) -> list[tuple[Doc, float]]:
        """The documents top to bottom with their x indent."""
        out: list[tuple[Doc, float]] = [(self.header, 0.0)]
        if self.reasoning_toggle is not None:
            out.append((self.reasoning_toggle, 0.0))
            if self.expanded and self.reasoning is not None:
                out.append((self.reasoning, 12.0))
        out += [(d, 0.0) for d in self.body.docs]
        if self.body.plain is not None:
            out.append((self.body.plain, 0.0))
        out.append((self.footer, 0.0))
        return out

    def set_width(self, width: float) -> None:
        if width == self.width:
            return
        self.width = width
        self._placed = None
        for doc, indent in self.docs():
            doc.setTextWidth((width if not self.user else self.inner) - indent)
        if self.reasoning is not None and not self.expanded:
            self.reasoning.setTextWidth(width - 12)

    def placed(self) -> list[_Placed]:
        """The documents top to bottom with their positions (the cached list: do not change it)."""
        if self._placed is None:
            placed: list[_Placed] = []
            top = 0.0
            for doc, indent in self.docs():
                height = doc.size().height()
                placed.append(_Placed(doc, indent + self.offset, top, height))
                top += height + GAP
            self._placed = placed
        return self._placed

    def visible(self, top: float, bottom: float) -> list[_Placed]:
        """The documents that reach into ``top``..``bottom`` (content coordinates), found by bisection."""
        placed = self.placed()
        first = bisect.bisect_left(placed, top, key=lambda p: p.top + p.height)
        out: list[_Placed] = []
        for p in placed[first:]:
            if p.top > bottom:
                break
            out.append(p)
        return out

    def height(self) -> int:
        placed = self.placed()
        content = placed[-1].top + placed[-1].height if placed else 0.0
        return int(content) + 2 * (MARGIN_Y + PAD) + 1

    def selectable(self, index: int) -> bool:
        """Whether document ``index`` of :meth:`placed` is the message's text (reasoning or body)."""
        placed = self.placed()
        return 0 <= index < len(placed) and placed[index].doc not in (self.header, self.footer, self.reasoning_toggle)

    def code_block(self, index: int) -> str | None:
        flat: list[str] = []
        for continued, blocks in self.body.code:
            if continued is not None and flat:
                flat[-1] += continued
            flat += blocks
        return flat[index] if 0 <= index < len(flat) else None

    def plain_text(self) -> str:
        """The text shown, formulas as their source."""
        formulas = self.view.formulas
        return "\n".join(
            expanded_text(doc, formulas)[0] if isinstance(doc, QTextDocument) else doc.toPlainText()
            for doc, _ in self.docs()
        )

    def to_html(self) -> str:
        return "\n".join(doc.toHtml() for doc, _ in self.docs())


_SAMPLE = 200_000  # characters whose line breaks are counted; a longer text's are extrapolated from them


def estimate_height(message: Message, width: int) -> int:
    """A cheap guess for rows not yet measured (replaced by the real height when painted). A text over
    ``_SAMPLE`` characters has its line breaks counted in its start only: counting all of a 10 MB answer's
    took 7 ms, twice when it was opened (the scroll bar appearing narrows the view: every guess again)."""
    per_line = max(10, (width - 2 * (MARGIN_X + PAD)) // 9)
    content = message.content
    size = len(content)
    breaks = content.count("\n") if size <= _SAMPLE else content.count("\n", 0, _SAMPLE) * size // _SAMPLE
    lines = size // per_line + breaks + 1
    return 2 * (MARGIN_Y + PAD) + 60 + 19 * lines
