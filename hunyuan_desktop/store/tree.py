"""The message tree: a conversation's branches, the one shown (its tip), versions, deleting a message or
a branch, importing a whole tree. Parents always have smaller ids than their children (written first).
Mixed into :class:`~hunyuan_desktop.store.archive.Archive`. No Qt."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping

from hunyuan_desktop.domain import Conversation, Message, Thread
from hunyuan_desktop.store.codec import MESSAGE_COLUMNS, attachments_json, message_from_row, sources_json
from hunyuan_desktop.store.db import Store


class Tree(Store):
    def messages(self, conversation_id: int) -> list[Message]:
        rows = self._db.read(
            f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY id",
            (conversation_id,),
        )
        return [message_from_row(r) for r in rows]

    def thread(self, conversation_id: int) -> Thread:
        """The current branch, root to tip, with the versions of each message on it. Parents always have
        smaller ids than their children (written first), so one pass in id order builds the tree."""
        every = self.messages(conversation_id)
        if not every:
            return Thread([])
        by_id = {m.id: m for m in every}
        children: dict[int | None, list[int]] = {}
        for m in every:
            children.setdefault(m.parent_id if m.parent_id in by_id else None, []).append(m.id)
        tip = self._tip(conversation_id)
        path: list[Message] = []
        seen: set[int] = set()  # a parent cycle (a damaged or hostile file) ends the walk, not the app
        node = by_id.get(tip) if tip is not None else None
        while node is not None and node.id not in seen:
            seen.add(node.id)
            path.append(node)
            node = by_id.get(node.parent_id) if node.parent_id is not None else None
        path.reverse()
        versions: dict[int, tuple[int, ...]] = {}
        for m in path:
            siblings = children.get(m.parent_id if m.parent_id in by_id else None, [])
            if len(siblings) > 1:
                versions[m.id] = tuple(siblings)
        return Thread(path, versions)

    def path_to(self, message_id: int) -> list[Message]:
        """The messages from the root down to ``message_id`` (inclusive): what a request for the message
        after it sends."""
        rows = self._db.read(
            # UNION, not UNION ALL: a parent cycle in a damaged file ends the walk instead of running forever.
            f"""WITH RECURSIVE up(id) AS (
                SELECT ? UNION SELECT m.parent_id FROM messages m JOIN up ON m.id = up.id
                WHERE m.parent_id IS NOT NULL)
            SELECT {MESSAGE_COLUMNS} FROM messages WHERE id IN (SELECT id FROM up) ORDER BY id""",
            (message_id,),
        )
        return [message_from_row(r) for r in rows]

    def select_version(self, message_id: int) -> None:
        """Make the branch through ``message_id`` the current one: it continues down to the newest
        message below it (newest child at each step)."""
        with self._db.transaction():
            self._select(message_id)

    def _select(self, message_id: int) -> None:
        row = self._db.read("SELECT conversation_id FROM messages WHERE id = ?", (message_id,)).fetchone()
        if row is None:
            return
        leaf = message_id
        seen = {leaf}
        while True:
            child = self._db.read("SELECT max(id) FROM messages WHERE parent_id = ?", (leaf,)).fetchone()
            if child is None or child[0] is None or int(child[0]) in seen:
                break
            leaf = int(child[0])
            seen.add(leaf)
        self._db.execute("UPDATE conversations SET tip_id = ? WHERE id = ?", (leaf, row[0]))

    def message(self, message_id: int) -> Message | None:
        row = self._db.read(f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = ?", (message_id,)).fetchone()
        return message_from_row(row) if row else None

    def delete_message(self, message_id: int) -> None:
        """Delete one message; what answered it (or followed it) is linked to its parent instead, so the
        rest of the conversation stays whole. Its search entries go with it (triggers)."""
        with self._db.transaction():
            found = self._place(message_id)
            if found is None:
                return
            cid, parent = found
            self._db.execute("UPDATE messages SET parent_id = ? WHERE parent_id = ?", (parent, message_id))
            self._db.execute("DELETE FROM messages WHERE id = ?", (message_id,))
            self._repair_tip(cid, parent)
            self._drop_unused_blobs()

    def delete_branch(self, message_id: int) -> None:
        """Delete a message with everything below it (a version of it, and what followed it). The current
        branch moves to another version if there is one, else ends at its parent."""
        with self._db.transaction():
            found = self._place(message_id)
            if found is None:
                return
            cid, parent = found
            self._db.execute(
                """WITH RECURSIVE below(id) AS (
                    SELECT ? UNION SELECT m.id FROM messages m JOIN below ON m.parent_id = below.id)
                DELETE FROM messages WHERE id IN (SELECT id FROM below)""",
                (message_id,),
            )
            self._repair_tip(cid, parent)
            self._drop_unused_blobs()

    def _place(self, message_id: int) -> tuple[int, int | None] | None:
        """(conversation, parent) of a message, or None when it is gone."""
        row = self._db.read("SELECT conversation_id, parent_id FROM messages WHERE id = ?", (message_id,))
        found = row.fetchone()
        return None if found is None else (int(found[0]), None if found[1] is None else int(found[1]))

    def _repair_tip(self, conversation_id: int, parent: int | None) -> None:
        """After a deletion: keep the current branch if its tip survived; else continue from ``parent``
        (into its newest remaining version), or from the newest root when the parent is gone too."""
        tip = self._db.read(
            "SELECT 1 FROM conversations c JOIN messages m ON m.id = c.tip_id WHERE c.id = ?", (conversation_id,)
        ).fetchone()
        if tip is not None:
            return
        if parent is None:
            root = self._db.read(
                "SELECT max(id) FROM messages WHERE conversation_id = ? AND parent_id IS NULL", (conversation_id,)
            ).fetchone()
            parent = root[0] if root else None
        if parent is None:
            self._db.execute("UPDATE conversations SET tip_id = NULL WHERE id = ?", (conversation_id,))
        else:
            self._select(int(parent))

    def tip(self, conversation_id: int) -> Message | None:
        """The current branch's last message."""
        tip = self._tip(conversation_id)
        return None if tip is None else self.message(tip)

    def message_count(self, conversation_id: int) -> int:
        row = self._db.read("SELECT count(*) FROM messages WHERE conversation_id = ?", (conversation_id,))
        return int(row.fetchone()[0])

    def _tip(self, conversation_id: int) -> int | None:
        """The current branch's last message (the newest message if the recorded tip is gone)."""
        row = self._db.read(
            "SELECT m.id FROM conversations c JOIN messages m ON m.id = c.tip_id WHERE c.id = ?", (conversation_id,)
        ).fetchone()
        if row is not None:
            return int(row[0])
        row = self._db.read("SELECT max(id) FROM messages WHERE conversation_id = ?", (conversation_id,)).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def _last_user(self, conversation_id: int) -> int | None:
        """The last question on the current branch."""
        tip = self._tip(conversation_id)
        if tip is None:
            return None
        row = self._db.read(
            """WITH RECURSIVE up(id) AS (
                SELECT ? UNION SELECT m.parent_id FROM messages m JOIN up ON m.id = up.id
                WHERE m.parent_id IS NOT NULL)
            SELECT max(id) FROM messages WHERE id IN (SELECT id FROM up) AND role = 'user'""",
            (tip,),
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def imported_as(self, source: str, original_id: str) -> int | None:
        """The conversation an import from ``source`` (its id there: ``original_id``) became, if it is kept:
        imported here, or on another machine and synced here (the same uid, :func:`origin_uid`)."""
        row = self._db.read(
            "SELECT conversation_id FROM origins WHERE source = ? AND original_id = ?", (source, original_id)
        ).fetchone()
        if row is None:
            row = self._db.read("SELECT id FROM conversations WHERE uid = ?", (origin_uid(source, original_id),))
            row = row.fetchone()
        return int(row[0]) if row else None

    def import_conversation(
        self,
        conv: Conversation,
        messages: list[Message],
        tip: int | None,
        blobs: dict[str, tuple[str, bytes]] | None = None,
        origin: tuple[str, str] | None = None,
        uids: Mapping[int | None, str] | None = None,
    ) -> Conversation:
        """A conversation read from an export (:func:`export.from_json`, another app's), as a new
        conversation: every branch, every field, the same current branch; ids are new. All of it is
        written, or nothing. ``blobs``: the attachments' bytes the export carried; ``origin``: (source,
        its id there), remembered so that the same conversation is not imported twice; ``uids``: the sync
        identities (the conversation's under ``None``, each message's under its id in ``messages``)."""
        if origin is not None and not uids:
            uids = self._origin_uids(origin, messages)
        uids = uids or {}
        with self._db.transaction():
            if blobs:
                self.put_blobs(blobs)
            now = time.time()
            cur = self._db.execute(
                "INSERT INTO conversations (title, model, params, system_prompt, pinned, created_at, updated_at, "
                "title_manual, title_cost, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    conv.title,
                    conv.model,
                    json.dumps(conv.params.stored()),
                    conv.system_prompt,
                    int(conv.pinned),
                    conv.created_at or now,
                    conv.updated_at or now,
                    int(conv.title_manual),
                    str(conv.title_cost) if conv.title_cost is not None else None,
                    uids.get(None),
                ),
            )
            cid = int(cur.lastrowid or 0)
            new_ids: dict[int, int] = {}
            for m in messages:  # oldest first: a parent is always written before its children
                parent = new_ids.get(m.parent_id) if m.parent_id is not None else None
                new_ids[m.id] = self._copy_message(cid, m, parent, uids.get(m.id), now)
            last = new_ids[messages[-1].id] if messages else None
            self._db.execute(
                "UPDATE conversations SET tip_id = ? WHERE id = ?", (new_ids.get(tip, last) if tip else last, cid)
            )
            if origin is not None:
                self._db.execute(
                    "INSERT OR REPLACE INTO origins (source, original_id, conversation_id) VALUES (?, ?, ?)",
                    (*origin, cid),
                )
        found = self.conversation(cid)
        assert found is not None
        return found

    def _origin_uids(self, origin: tuple[str, str], messages: list[Message]) -> dict[int | None, str]:
        """Sync identities that two machines importing the same export agree on (so that syncing them
        merges the two imports instead of doubling them); none when that uid was deleted here before."""
        base = origin_uid(*origin)
        if self._db.read("SELECT 1 FROM tombstones WHERE uid = ?", (base,)).fetchone():
            return {}
        named: dict[int | None, str] = {None: base}
        for m in messages:
            named[m.id] = hashlib.sha256(f"{base}:{m.id}".encode()).hexdigest()[:32]
        return named

    def _copy_message(self, cid: int, m: Message, parent: int | None, uid: str | None, now: float) -> int:
        """One message of an imported or synced conversation, every field kept; its new id."""
        u = m.usage
        row = self._db.execute(
            f"INSERT INTO messages ({MESSAGE_COLUMNS.replace('id, ', '', 1)}, uid) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                cid, m.role.value, m.content, m.reasoning, m.status.value, m.error, m.model,
                u.prompt_tokens if u else None, u.completion_tokens if u else None,
                u.total_tokens if u else None, u.reasoning_tokens if u else None,
                str(m.cost) if m.cost is not None else None, m.finish_reason.value, parent,
                m.created_at or now, m.updated_at or now, m.error_kind.value if m.error_kind else "",
                m.error_source.value if m.error_source else "", int(m.continues),
                sources_json(m.sources, m.sources_dropped), attachments_json(m.attachments), uid,
            ),
        )  # fmt: skip
        return int(row.lastrowid or 0)


def origin_uid(source: str, original_id: str) -> str:
    """The sync uid of a conversation imported from another app: the same on every machine."""
    return hashlib.sha256(f"{source}\0{original_id}".encode()).hexdigest()[:32]
