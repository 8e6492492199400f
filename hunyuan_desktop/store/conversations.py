"""Conversations: create, list (with a preview line), rename, pin, change settings, delete, and what one cost.
Mixed into :class:`~hunyuan_desktop.store.archive.Archive`. No Qt."""

from __future__ import annotations

import json
import time
from decimal import Decimal

from hunyuan_desktop.domain import Conversation, Params, plausible_yuan
from hunyuan_desktop.store.codec import CONVERSATION_COLUMNS, conversation_from_row
from hunyuan_desktop.store.db import Store


class Conversations(Store):
    def create_conversation(
        self, title: str, model: str, params: Params | None = None, system_prompt: str = ""
    ) -> Conversation:
        now = time.time()
        params = params or Params()
        cur = self._db.write(
            "INSERT INTO conversations (title, model, params, system_prompt, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (title, model, json.dumps(params.stored()), system_prompt, now, now),
        )
        return Conversation(
            id=int(cur.lastrowid or 0),
            title=title,
            model=model,
            params=params,
            system_prompt=system_prompt,
            created_at=now,
            updated_at=now,
        )

    def conversation(self, conversation_id: int) -> Conversation | None:
        row = self._db.read(
            f"SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE id = ?", (conversation_id,)
        ).fetchone()
        return conversation_from_row(row) if row else None

    def conversations(self, limit: int = 10_000) -> list[Conversation]:
        """Pinned first, then newest activity first."""
        rows = self._db.read(
            f"SELECT {CONVERSATION_COLUMNS} FROM conversations ORDER BY pinned DESC, updated_at DESC, id DESC LIMIT ?",
            (limit,),
        )
        return [conversation_from_row(r) for r in rows]

    def message_counts(self) -> dict[int, int]:
        """How many messages each conversation holds (every version), in one query."""
        rows = self._db.read("SELECT conversation_id, count(*) FROM messages GROUP BY conversation_id")
        return {int(cid): int(n) for cid, n in rows}

    def previews(self, conversation_ids: list[int], chars: int = 120) -> dict[int, str]:
        """The start of each conversation's newest message (one query per 500 conversations)."""
        out: dict[int, str] = {}
        for start in range(0, len(conversation_ids), 500):
            chunk = conversation_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for cid, text in self._db.read(
                f"SELECT m.conversation_id, substr(m.content, 1, ?) FROM messages m WHERE m.id IN "
                f"(SELECT max(id) FROM messages WHERE conversation_id IN ({marks}) GROUP BY conversation_id)",
                (chars, *chunk),
            ):
                out[int(cid)] = str(text)
        return out

    def rename(self, conversation_id: int, title: str, *, manual: bool = True) -> None:
        """A rename by the user (``manual``) is final: an automatic title never replaces it."""
        self._db.write(
            "UPDATE conversations SET title = ?, title_manual = max(title_manual, ?) WHERE id = ?",
            (title, int(manual), conversation_id),
        )

    def set_auto_title(self, conversation_id: int, title: str | None, cost: Decimal | None) -> bool:
        """The automatic title, unless the user renamed the conversation meanwhile (False then); its
        request's cost counts either way (it was spent)."""
        with self._db.transaction():
            if cost is not None:
                row = self._db.read("SELECT title_cost FROM conversations WHERE id = ?", (conversation_id,))
                found = row.fetchone()
                spent = (plausible_yuan(found[0]) if found else None) or Decimal(0)
                self._db.execute(
                    "UPDATE conversations SET title_cost = ? WHERE id = ?", (str(spent + cost), conversation_id)
                )
            if title is None:
                return False
            cur = self._db.execute(
                "UPDATE conversations SET title = ? WHERE id = ? AND title_manual = 0", (title, conversation_id)
            )
            return cur.rowcount > 0

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        self._db.write("UPDATE conversations SET pinned = ? WHERE id = ?", (int(pinned), conversation_id))

    def update_settings(self, conversation_id: int, *, model: str, params: Params, system_prompt: str) -> None:
        self._db.write(
            "UPDATE conversations SET model = ?, params = ?, system_prompt = ? WHERE id = ?",
            (model, json.dumps(params.stored()), system_prompt, conversation_id),
        )

    def twin(self, title: str, created_at: float, messages: int) -> Conversation | None:
        """A conversation with this title, creation time and number of messages (an export of it being
        imported again), or None."""
        row = self._db.read(
            "SELECT id FROM conversations c WHERE title = ? AND abs(created_at - ?) < 0.001 "
            "AND (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) = ? LIMIT 1",
            (title, created_at, messages),
        ).fetchone()
        return self.conversation(int(row[0])) if row else None

    def empty_conversations(self) -> list[int]:
        """Conversations without a message whose title the user did not choose."""
        rows = self._db.read(
            "SELECT id FROM conversations c WHERE title_manual = 0 "
            "AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id)"
        )
        return [int(row[0]) for row in rows]

    def delete_conversation(self, conversation_id: int) -> None:
        with self._db.transaction():
            self._db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
            self._drop_unused_blobs()

    def conversation_cost(self, conversation_id: int) -> Decimal:
        """Everything spent on the conversation: every answer on every branch, and its automatic title."""
        conv = self.conversation(conversation_id)
        total = (conv.title_cost if conv is not None else None) or Decimal(0)
        for (cost,) in self._db.read(
            "SELECT cost FROM messages WHERE conversation_id = ? AND cost IS NOT NULL", (conversation_id,)
        ):
            total += Decimal(str(cost))
        return total
