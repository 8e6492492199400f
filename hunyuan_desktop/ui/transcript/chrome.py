"""A message's header and footer as HTML: who and when; the model, tokens and cost; the status and
finish notes; the action links (copy, edit, regenerate, continue, retry, ‹ versions ›); the failure in
the server's words; the sources, numbered like the answer's citation marks."""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from hunyuan_desktop.catalog import format_yuan
from hunyuan_desktop.domain import AttachmentKind, FinishReason, Message, MessageStatus, Role
from hunyuan_desktop.ui.kit.texts import error_lines
from hunyuan_desktop.ui.kit.theme import Palette
from hunyuan_desktop.ui.markup.markdown import COPY_IMAGE

BOT_IMAGE = "icon:bot"  # the model's mark in an answer's header (an image resource of each header)
# The icons documents may show (image resources the view adds to each): resource name -> icon file.
ACTION_IMAGES = {
    COPY_IMAGE: "copy",
    "icon:retry": "rotate-ccw",
    "icon:regenerate": "repeat-2",
    "icon:edit": "pencil",
    "icon:continue": "forward",
    "icon:previous": "chevron-left",
    "icon:next": "chevron-right",
    "icon:attach": "paperclip",
}
ACTION_COPY = "action:copy"
ACTION_RETRY = "action:retry"
ACTION_REGENERATE = "action:regenerate"
ACTION_EDIT = "action:edit"
ACTION_CONTINUE = "action:continue"
ACTION_PREVIOUS = "action:previous-version"
ACTION_NEXT = "action:next-version"
ACTION_TOGGLE_REASONING = "action:reasoning"


@dataclass
class Labels:
    """Translated words the view draws (set by the window, which has tr())."""

    user: str = "You"
    assistant: str = "Assistant"
    reasoning: str = "Reasoning"
    copy: str = "Copy"
    retry: str = "Retry"
    answer: str = "Answer this"
    regenerate: str = "Regenerate"
    edit: str = "Edit"
    continue_: str = "Continue"
    copy_code: str = "Copy code"
    chars: str = "%1 characters"
    cut: str = "cut to fit"
    diagram: str = "Diagram"
    tokens: str = "tokens"
    sources: str = "Sources"
    sources_dropped: str = "…and %1 more sources, not kept"
    price_unknown: str = "price unknown"
    statuses: dict[MessageStatus, str] = field(default_factory=dict)
    finish_notes: dict[FinishReason, str] = field(default_factory=dict)


def action_link(href: str, image: str, label: str, colour: str) -> str:
    """A message action as its icon and word (one link: a click on either does it)."""
    return (
        f'<a href="{href}" style="color:{colour}; text-decoration:none">'
        f'<img src="{image}" width="14" height="14" style="vertical-align:middle"> {html.escape(label)}</a>'
    )


def header_html(m: Message, labels: Labels, p: Palette, model_label: Callable[[str], str]) -> str:
    who = labels.user if m.role is Role.USER else labels.assistant
    stamp = time.strftime("%H:%M", time.localtime(m.created_at)) if m.created_at else ""
    # An answer carries the model's mark and name; a question, "You".
    mark = "" if m.role is Role.USER else f'<img src="{BOT_IMAGE}" width="16" height="16"> '
    # An answer is named by its model (and provider, where it is not the default's).
    label = html.escape(who if m.role is Role.USER or not m.model else model_label(m.model))
    return f'<p style="color:{p.muted}; font-size:small">{mark}<b>{label}</b>  {stamp}</p>'


ATTACHMENT = "attachment:"  # a link on an attachment of a question: opens it (its index in the message)
ATTACHMENT_IMAGE = "att:"  # an attachment's thumbnail, by digest (an image resource the view adds)


def attachments_html(m: Message, p: Palette, labels: Labels, thumb_size: Callable[[str], tuple[int, int]]) -> str:
    """A question's images as thumbnails and its files as named chips, each a link that opens it."""
    if not m.attachments:
        return ""
    cells: list[str] = []
    for index, a in enumerate(m.attachments):
        if a.kind is AttachmentKind.IMAGE:
            width, height = thumb_size(a.digest)
            cells.append(
                f'<a href="{ATTACHMENT}{index}"><img src="{ATTACHMENT_IMAGE}{a.digest}" width="{width}" '
                f'height="{height}" title="{html.escape(a.name, quote=True)}"></a>'
            )
        else:
            size = labels.chars.replace("%1", f"{a.chars:,}")
            cut = f" · {html.escape(labels.cut)}" if a.cut else ""
            cells.append(
                f'<a href="{ATTACHMENT}{index}" style="color:{p.link}; text-decoration:none">'
                f'<img src="icon:attach" width="14" height="14" style="vertical-align:middle"> '
                f'{html.escape(a.name)}</a> <span style="color:{p.muted}">{html.escape(size)}{cut}</span>'
            )
    return '<p style="font-size:small">' + "&nbsp;&nbsp;".join(cells) + "</p>"


def footer_html(
    m: Message,
    labels: Labels,
    p: Palette,
    model_label: Callable[[str], str],
    *,
    last: bool,
    version: tuple[int, int] | None,
) -> str:
    """The footer of ``m``; ``last``: it ends the conversation; ``version``: (which, of how many)."""
    bits: list[str] = []
    if m.role is Role.ASSISTANT:
        if m.model:
            bits.append(html.escape(model_label(m.model)))
        if m.usage is not None:
            bits.append(f"{m.usage.total_tokens} {html.escape(labels.tokens)}")
        if m.cost is not None:
            bits.append(format_yuan(m.cost))
        elif m.usage is not None:  # a model whose price is not known: said, never ¥0
            bits.append(html.escape(labels.price_unknown))
        status = labels.statuses.get(m.status)
        if status and m.status is not MessageStatus.DONE:
            colour = p.muted if m.status is MessageStatus.STREAMING else p.error  # answering is no failure
            bits.append(f'<span style="color:{colour}">{html.escape(status)}</span>')
        note = labels.finish_notes.get(m.finish_reason)
        if note:
            bits.append(f'<span style="color:{p.warning}">{html.escape(note)}</span>')
    links = []
    if version is not None:  # ‹ 2 / 3 › between the versions of this message
        position, count = version
        icon = 'width="14" height="14" style="vertical-align:middle"'
        links.append(
            f'<a href="{ACTION_PREVIOUS}"><img src="icon:previous" {icon}></a> {position} / {count} '
            f'<a href="{ACTION_NEXT}"><img src="icon:next" {icon}></a>'
        )
    links.append(action_link(ACTION_COPY, COPY_IMAGE, labels.copy, p.muted))
    failed = m.status in (MessageStatus.ERROR, MessageStatus.STOPPED, MessageStatus.INTERRUPTED)
    settled = m.status is not MessageStatus.STREAMING
    if m.role is Role.USER and settled:
        links.append(action_link(ACTION_EDIT, "icon:edit", labels.edit, p.muted))
    if m.role is Role.ASSISTANT and settled and not (failed and last):
        links.append(action_link(ACTION_REGENERATE, "icon:regenerate", labels.regenerate, p.muted))
    if m.cut_short and last:
        links.append(action_link(ACTION_CONTINUE, "icon:continue", labels.continue_, p.link))
    if m.role is Role.ASSISTANT and failed and last:
        links.append(action_link(ACTION_RETRY, "icon:retry", labels.retry, p.link))
    if m.role is Role.USER and last:  # a question left without its answer (deleted): ask for one
        links.append(action_link(ACTION_RETRY, "icon:retry", labels.answer, p.link))
    meta = " · ".join(bits)
    problem = ""
    if m.role is Role.ASSISTANT and m.status is MessageStatus.ERROR and (m.error or m.error_kind):
        # The failure is part of the answer: shown in its bubble (and copied with it), in any session.
        what, detail = error_lines(m.error_kind, m.error, m.error_source)
        problem = f'<p style="color:{p.error}"><b>{html.escape(what)}</b>'
        if detail:
            problem += f'<br><span style="font-size:small">{html.escape(detail)}</span>'
        problem += "</p>"
    sources = ""
    if m.sources and m.role is Role.ASSISTANT:
        # Numbered like the answer's citation marks; the title links to the page (opened by the same
        # rules as any link in an answer: web pages only, asking when the title names another host).
        rows = "<br>".join(
            f'{s.index}. <a href="{html.escape(s.url, quote=True)}" style="color:{p.link}; text-decoration:none">'
            f"{html.escape(s.title)}</a>"
            for s in m.sources
        )
        if m.sources_dropped:
            rows += "<br>" + html.escape(labels.sources_dropped.replace("%1", str(m.sources_dropped)))
        sources = f'<p style="color:{p.muted}; font-size:small"><b>{html.escape(labels.sources)}</b><br>{rows}</p>'
    return f'{sources}{problem}<p style="color:{p.muted}; font-size:small">{meta}    {"  ".join(links)}</p>'
