"""Conversations as the list and the files see them, without Qt: the rows of the list (or of a search)
with a preview line and a date group each, what one cost, export and import; and :class:`Shown`, the
branch of one as the view shows it. The open conversation itself is the session's (session.py)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from hunyuan_desktop.domain import Conversation, Message, Thread
from hunyuan_desktop.store.archive import Archive
from hunyuan_desktop.store.export import (
    ExportLabels,
    attachment_file,
    from_json,
    join_continuations,
    to_json,
    to_markdown,
)


class DateGroup(StrEnum):
    PINNED = "pinned"
    TODAY = "today"
    YESTERDAY = "yesterday"
    WEEK = "week"  # the 7 days before yesterday
    EARLIER = "earlier"


class ExportFormat(StrEnum):
    MARKDOWN = "md"
    JSON = "json"


@dataclass(frozen=True, slots=True)
class ConversationRow:
    conversation: Conversation
    preview: str  # one line: the search match, or the start of the newest message
    group: DateGroup
    match_message_id: int | None = None  # a search result: the message its preview comes from


def date_group(updated_at: float, now: float, *, pinned: bool = False) -> DateGroup:
    """Which heading a conversation last changed at ``updated_at`` sits under (local calendar days)."""
    if pinned:
        return DateGroup.PINNED
    today = time.localtime(now)
    midnight = time.mktime((today.tm_year, today.tm_mon, today.tm_mday, 0, 0, 0, 0, 0, -1))
    if updated_at >= midnight:
        return DateGroup.TODAY
    day = 86_400
    if updated_at >= midnight - day:
        return DateGroup.YESTERDAY
    if updated_at >= midnight - 8 * day:
        return DateGroup.WEEK
    return DateGroup.EARLIER


# Marks a reader does not see on screen: headings' #, emphasis, table pipes and rules, code fences, link
# targets, list and task marks. Regular expressions, not a Markdown parse: the list makes a preview per row.
_FENCE = re.compile(r"^\s*(```|~~~)[^\n]*$", re.MULTILINE)
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", re.MULTILINE)
_LINE_MARK = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+(\[[ xX]\]\s+)?|\d{1,9}[.)]\s+)", re.MULTILINE)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\w)")
_CODE = re.compile(r"`+([^`\n]*)`+")
_PIPES = re.compile(r"\s*\|\s*")
_DASHES = re.compile(r"(?<!\S):?-{3,}:?(?!\S)")  # a table's rule in text already on one line


def one_line(text: str, limit: int = 100) -> str:
    """A preview line (the list, a delete question): the words as read on screen, Markdown's marks
    dropped (links and images keep their text; money, formulas and code keep theirs), whitespace folded."""
    text = _FENCE.sub("", text[: limit * 3])
    text = _LINE_MARK.sub("", _RULE.sub("", text))
    text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", _LINK.sub(r"\1", text))
    text = _DASHES.sub("", _PIPES.sub(" ", _CODE.sub(r"\1", text)))
    return " ".join(text.split())[:limit]


@dataclass(slots=True)
class Shown:
    """What the view shows of a conversation: its current branch with continuations joined (under the
    first part's id), which stored messages each shown one is made of, and the versions switcher of
    each shown message that has siblings. The conversation session is its one owner: it extends it as
    turns start and end (not frozen: it changes, and nothing else holds it)."""

    messages: list[Message]
    parts: dict[int, list[int]]
    versions: dict[int, tuple[int, int]]
    siblings: dict[int, tuple[int, ...]]

    @classmethod
    def of(cls, thread: Thread, live: Message | None = None) -> Shown:
        """``live``: the answer in flight as the controller has it, in place of the archive's copy."""
        branch = [live if live is not None and m.id == live.id else m for m in thread.messages]
        messages, parts = join_continuations(branch)
        versions = {m.id: v for m in messages if (v := thread.version(m.id)) is not None}
        siblings = {m.id: thread.versions[m.id] for m in messages if m.id in thread.versions}
        return cls(messages, parts, versions, siblings)

    def shown_id(self, message_id: int) -> int | None:
        """The shown message a stored one is part of."""
        return next((head for head, ids in self.parts.items() if message_id in ids), None)

    def last_part(self, shown_id: int) -> int:
        return self.parts.get(shown_id, [shown_id])[-1]

    def neighbour(self, shown_id: int, step: int) -> int | None:
        """The version ``step`` (+1 / -1) away from a shown message, wrapping around; None without any."""
        siblings = self.siblings.get(shown_id)
        if not siblings:
            return None
        return siblings[(siblings.index(shown_id) + step) % len(siblings)]


class Conversations:
    def __init__(self, archive: Archive, clock: Callable[[], float] = time.time) -> None:
        self.archive = archive
        self.clock = clock  # "now", for the date headings (a test moves it past midnight)

    def rows(self, query: str = "", now: float | None = None) -> list[ConversationRow]:
        """Every conversation (pinned first, then newest first), or the search results for ``query``."""
        now = self.clock() if now is None else now
        query = query.strip()
        if not query:
            conversations = self.archive.conversations()
            previews = self.archive.previews([c.id for c in conversations])
            return [
                ConversationRow(c, one_line(previews.get(c.id, "")), date_group(c.updated_at, now, pinned=c.pinned))
                for c in conversations
            ]
        hits = self.archive.search(query)
        by_id = {c.id: c for c in self.archive.conversations()}
        rows: list[ConversationRow] = []
        for hit in hits:
            conv = by_id.get(hit.conversation_id)
            if conv is not None:
                preview = "" if hit.message_id is None else one_line(hit.snippet)
                group = date_group(conv.updated_at, now, pinned=conv.pinned)
                rows.append(ConversationRow(conv, preview, group, hit.message_id))
        return rows

    def row(self, conversation_id: int, now: float | None = None) -> ConversationRow | None:
        """One conversation's row as :meth:`rows` gives it (after a turn changed it)."""
        conv = self.archive.conversation(conversation_id)
        if conv is None:
            return None
        preview = self.archive.previews([conv.id]).get(conv.id, "")
        now = self.clock() if now is None else now
        return ConversationRow(conv, one_line(preview), date_group(conv.updated_at, now, pinned=conv.pinned))

    def import_json(self, text: str | bytes) -> Conversation:
        """A conversation from our JSON export: checked whole (``NotAnExportError`` names the problem),
        then stored whole."""
        return self.store_export(self.read_export(text))

    def read_export(self, text: str | bytes) -> Export:
        """An export read and checked, not stored yet (blocking: run it off the GUI thread)."""
        blobs: dict[str, tuple[str, bytes]] = {}
        conversation, messages, tip = from_json(text, blobs=blobs)
        return Export(conversation, messages, tip, blobs)

    def twin_of(self, export: Export) -> Conversation | None:
        """The conversation this export was made from, when it is still in the archive: the same title,
        creation time and number of messages."""
        return self.archive.twin(export.conversation.title, export.conversation.created_at, len(export.messages))

    def store_export(self, export: Export) -> Conversation:
        return self.archive.import_conversation(export.conversation, export.messages, export.tip, export.blobs)

    def import_foreign(
        self, path: Path, model: str, stored: Callable[[Conversation, int], None] | None = None
    ) -> tuple[int, int] | None:
        """Another app's export at ``path`` (ChatGPT, Claude, Chatbox, LobeChat, Cherry Studio: a zip, a
        folder, a file),
        each conversation stored once (``model``: theirs from now on; ``stored``: told of each with its
        message count): (imported, skipped as imported before), or None when ``path`` is not one of them.
        Blocking: run it off the GUI thread. Raises OSError, ValueError (a damaged export), StoreError."""
        from hunyuan_desktop import imports  # noqa: PLC0415 - zipfile and the readers: when an import runs

        source = imports.recognise(path)
        if source is None:
            return None
        added = skipped = 0
        for found in imports.read(source, path, model):
            if self.archive.imported_as(source, found.original_id) is not None:
                skipped += 1
                continue
            conv = self.archive.import_conversation(
                found.conversation, found.messages, found.tip, found.blobs, origin=(source, found.original_id)
            )
            added += 1
            if stored is not None:
                stored(conv, len(found.messages))
        return added, skipped

    @staticmethod
    def is_export(path: Path) -> bool:
        """Whether ``path`` is an export of conversations this app imports (its own JSON: by the format its
        first bytes name; another app's: by shape). Blocking: it may read the whole file."""
        from hunyuan_desktop import imports  # noqa: PLC0415 - zipfile and the readers: when a file is dropped

        try:
            if path.suffix.lower() == ".json":
                with path.open("rb") as f:
                    if b'"hunyuan-desktop/conversation@' in f.read(4096):
                        return True
            return path.is_file() and imports.recognise(path) is not None
        except OSError:
            return False

    def import_file(self, path: Path) -> Conversation:
        """:meth:`import_json` of a file; blocking (a 100 MB export takes seconds): run it off the GUI
        thread. Raises OSError, ``NotAnExportError`` or ``StoreError``."""
        return self.import_json(path.read_bytes())

    def cost(self, conversation_id: int) -> Decimal:
        return self.archive.conversation_cost(conversation_id)

    def export(
        self, conversation_id: int, fmt: ExportFormat, labels: ExportLabels | None = None, folder: str = ""
    ) -> str | None:
        """The conversation as Markdown (headings in the UI language: ``labels``; attachments in ``folder``
        beside it, see :meth:`attachment_files`) or lossless JSON (attachments inside)."""
        conv = self.archive.conversation(conversation_id)
        if conv is None:
            return None
        if fmt is ExportFormat.MARKDOWN:
            return to_markdown(conv, self.archive.thread(conversation_id).messages, labels, folder)
        branch = self.archive.thread(conversation_id).messages
        every = self.archive.messages(conversation_id)
        return to_json(conv, every, branch[-1].id if branch else None, self._blobs(every))

    def _blobs(self, messages: list[Message]) -> dict[str, tuple[str, bytes]]:
        found: dict[str, tuple[str, bytes]] = {}
        for m in messages:
            for a in m.attachments:
                data = self.archive.blob(a.digest) if a.digest not in found else None
                if data is not None:
                    found[a.digest] = (a.mime, data)
        return found

    def attachment_files(self, conversation_id: int) -> dict[str, bytes]:
        """The files a Markdown export writes beside it: each attachment of the shown branch, by the name
        :func:`attachment_file` gives it."""
        out: dict[str, bytes] = {}
        for m in self.archive.thread(conversation_id).messages:
            for a in m.attachments:
                data = self.archive.blob(a.digest)
                if data is not None:
                    out[attachment_file(a)] = data
        return out


@dataclass(frozen=True)
class Export:
    """A conversation read from an export, before it is stored."""

    conversation: Conversation
    messages: list[Message]
    tip: int | None
    blobs: dict[str, tuple[str, bytes]]


def seconds_to_midnight(now: float) -> float:
    """How long from ``now`` until the next local midnight (when "Today" becomes "Yesterday")."""
    today = time.localtime(now)
    tomorrow = time.mktime((today.tm_year, today.tm_mon, today.tm_mday + 1, 0, 0, 0, 0, 0, -1))
    return tomorrow - now
