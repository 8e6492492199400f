"""Full-text search over titles and messages, Chinese included. No Qt.

Three characters and more use the FTS5 trigram index; one or two Chinese characters the per-character
index (``cjk_split``); other short queries scan with LIKE. Mixed into
:class:`~hunyuan_desktop.store.archive.Archive`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from hunyuan_desktop.store.db import Store
from hunyuan_desktop.store.migrations import cjk_split


@dataclass(frozen=True, slots=True)
class SearchHit:
    conversation_id: int
    message_id: int | None
    snippet: str


_UNSEARCHABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def _searchable(query: str) -> str:
    """The query without what SQLite cannot bind or no message holds: NUL and other control characters,
    lone surrogates (typed or pasted, they raised and left the list stale)."""
    return _UNSEARCHABLE.sub("", query).strip()


def _is_cjk(ch: str) -> bool:
    return cjk_split(ch) != ch


class Search(Store):
    def search(self, query: str, limit: int = 200) -> list[SearchHit]:
        """Conversations whose title or any message contains ``query`` (case-insensitive for ASCII),
        newest first, each once, with the newest matching message's snippet.

        Three characters and more use the FTS5 trigram index; one or two Chinese characters the
        per-character index; other short queries scan with LIKE. Matches are read newest first in pages
        until ``limit`` conversations are found, so a conversation with hundreds of matches never hides
        an older one (a fixed cut of 800 matches did).
        """
        query = _searchable(query)
        if not query:
            return []
        like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        hits: dict[int, SearchHit] = {}
        for cid, title in self._db.read(
            "SELECT id, title FROM conversations WHERE title LIKE ? ESCAPE '\\' "
            "ORDER BY pinned DESC, updated_at DESC LIMIT ?",
            (like, limit),
        ):
            hits[int(cid)] = SearchHit(int(cid), None, str(title))
        first: dict[int, int] = {}  # conversation -> its newest matching message
        for cid, mid in self._matches(query, like, page=max(limit * 4, 1000)):
            if len(hits) + len(first) >= limit:
                break
            if cid not in hits and cid not in first:
                first[cid] = mid
        # Snippets only for the messages shown, in one query (not for every match walked past).
        snippets = self._snippets(query, list(first.values()))
        for cid, mid in first.items():
            hits[cid] = SearchHit(cid, mid, snippets.get(mid, ""))
        return list(hits.values())

    def _matches(self, query: str, like: str, page: int) -> Iterator[tuple[int, int]]:
        """(conversation, message) of every matching message, newest first, a page at a time."""
        if len(query) >= 3:
            index, phrase = "messages_fts", '"' + query.replace('"', '""') + '"'
        elif all(_is_cjk(ch) for ch in query):
            # One or two Chinese characters: the phrase of single-character tokens in messages_chars.
            index, phrase = "messages_chars", '"' + " ".join(query) + '"'
        else:
            index, phrase = "", ""  # one or two other characters ("C#", "Go"): rare enough for a scan
        before = 1 << 62
        while True:
            if index:
                # Newest hits first straight from the index (FTS5 walks rowids in order), then only those
                # rows are joined: ordering all matches of a common phrase first cost 100 ms.
                rows = self._db.read(
                    f"SELECT m.conversation_id, m.id FROM (SELECT rowid FROM {index} "
                    f"WHERE {index} MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?) f "
                    "JOIN messages m ON m.id = f.rowid ORDER BY m.id DESC",
                    (phrase, before, page),
                ).rows
            else:
                rows = self._db.read(
                    "SELECT conversation_id, id FROM messages "
                    "WHERE content LIKE ? ESCAPE '\\' AND id < ? ORDER BY id DESC LIMIT ?",
                    (like, before, page),
                ).rows
            yield from rows
            if len(rows) < page:
                return
            before = min(int(r[1]) for r in rows)

    def _snippets(self, query: str, message_ids: list[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        for start in range(0, len(message_ids), 500):
            chunk = message_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for mid, snippet in self._db.read(
                f"SELECT id, substr(content, max(1, instr(content, ?) - 20), 80) FROM messages WHERE id IN ({marks})",
                (query, *chunk),
            ):
                out[int(mid)] = " ".join(str(snippet).split())
        return out
