"""The archive's side of sync between machines (sync/ moves the records): identities, what changed since the
last sync, one conversation as a record, and merging a record from another machine. No Qt, no network.

A conversation and its finished messages get a ``uid`` the first time they are synced; a message never
changes once finished (an edit or a regenerate is a new message), so two copies merge by the union of their
messages, less what either side deleted (tombstones, which the triggers of ``m012_sync`` leave). A
conversation's title, its pin and its settings: the newer change of each wins (``title_at``, ``pinned_at``,
``settings_at``, kept by triggers). Its *revision* is a digest
of what merging compares (those fields, the set of message uids, the set of deleted ones): two machines
holding the same conversation compute the same revision, whatever their local ids.

Mixed into :class:`~hunyuan_desktop.store.archive.Archive`.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from typing import Any

from hunyuan_desktop.store.export import NotAnExportError, from_json, to_json
from hunyuan_desktop.store.tree import Tree

RECORD_FORMAT = "hunyuan-desktop/sync-record@1"
_FIELDS = ("title", "pinned", "settings")  # merged each on its own, newest wins: when each last changed
_TIMES = "title_at, pinned_at, settings_at"


@dataclass
class SyncState:
    """What this archive last agreed with one remote, per conversation uid: (revision, fingerprint)."""

    agreed: dict[str, tuple[str, str]] = field(default_factory=dict)


class Replica(Tree):
    def sync_identities(self) -> None:
        """Give every conversation and every finished message without one a uid (never an answer still
        streaming: it is not final yet)."""
        with self._db.transaction():
            self._db.execute("UPDATE conversations SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL")
            self._db.execute(
                "UPDATE messages SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL AND status != 'streaming'"
            )

    def sync_fingerprints(self) -> dict[str, tuple[int, str]]:
        """Every conversation with a uid: (its id, a fingerprint that changes whenever anything merging
        compares may have changed). One query over the whole archive: unchanged conversations are known
        without reading them."""
        rows = self._db.read(
            """SELECT c.uid, c.id, c.title, c.title_manual, c.pinned, c.model, c.params, c.system_prompt,
                   c.title_at, c.pinned_at, c.settings_at, c.updated_at, c.tip_id,
                   (SELECT count(*) || ':' || total(m.id) || ':' || max(m.updated_at) || ':' || count(m.uid)
                    FROM messages m WHERE m.conversation_id = c.id),
                   (SELECT count(*) FROM tombstones t WHERE t.conversation = c.uid)
            FROM conversations c WHERE c.uid IS NOT NULL"""
        )
        out: dict[str, tuple[int, str]] = {}
        for row in rows:
            digest = hashlib.sha256(json.dumps([str(v) for v in row[2:]]).encode()).hexdigest()[:32]
            out[str(row[0])] = (int(row[1]), digest)
        return out

    def sync_rev(self, conversation_id: int) -> str:
        """The conversation's revision (the module's docstring); empty when it is gone."""
        row = self._db.read(
            f"SELECT uid, title, title_manual, pinned, model, params, system_prompt, {_TIMES} FROM conversations "
            "WHERE id = ?",
            (conversation_id,),
        ).fetchone()
        if row is None:
            return ""
        messages = sorted(
            str(r[0])
            for r in self._db.read(
                "SELECT uid FROM messages WHERE conversation_id = ? AND uid IS NOT NULL", (conversation_id,)
            )
        )
        gone = self._db.read("SELECT uid FROM tombstones WHERE conversation = ?", (row[0],))
        deleted = sorted(str(r[0]) for r in gone)
        params = json.loads(row[5] or "{}")
        meta = [row[1], int(row[2]), int(row[3]), row[4], params, row[6], *(float(v) for v in row[7:10])]
        text = json.dumps([meta, messages, deleted], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def sync_record(self, conversation_id: int) -> tuple[str, bytes]:
        """(revision, the record: the conversation as this app's JSON export with every message's uid, what
        was deleted from it, and when its settings changed), for sending to another machine."""
        conv = self.conversation(conversation_id)
        if conv is None:
            raise KeyError(conversation_id)
        messages = self.messages(conversation_id)
        uids = {
            int(r[0]): str(r[1])
            for r in self._db.read(
                "SELECT id, uid FROM messages WHERE conversation_id = ? AND uid IS NOT NULL", (conversation_id,)
            )
        }
        messages = [m for m in messages if m.id in uids]  # an answer still streaming waits for the next sync
        mimes = {a.digest: a.mime for m in messages for a in m.attachments}
        blobs = {d: (mimes[d], data) for d, data in self.blobs_for(messages).items()}
        head = self._db.read(f"SELECT uid, {_TIMES} FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
        deleted = {
            str(r[0]): (None if r[1] is None else str(r[1]))
            for r in self._db.read("SELECT uid, parent FROM tombstones WHERE conversation = ?", (head[0],))
        }
        tip = self._tip(conversation_id)
        record = {
            "format": RECORD_FORMAT,
            "uid": str(head[0]),
            "changed": dict(zip(_FIELDS, (float(v) for v in head[1:4]), strict=True)),
            "tip": uids.get(tip) if tip is not None else None,
            "uids": {str(k): v for k, v in uids.items()},
            "deleted": deleted,
            "export": json.loads(to_json(conv, messages, tip, blobs)),
        }
        return self.sync_rev(conversation_id), json.dumps(record, ensure_ascii=False).encode("utf-8")

    def conversation_tombstones(self) -> dict[str, float]:
        """Conversations deleted here after they were synced: uid → when."""
        rows = self._db.read("SELECT uid, at FROM tombstones WHERE kind = 'conversation'")
        return {str(uid): float(at) for uid, at in rows}

    def forget_tombstones(self, uids: list[str]) -> None:
        """Conversation tombstones every machine will learn from the remote: no longer needed here."""
        with self._db.transaction():
            for uid in uids:
                self._db.execute("DELETE FROM tombstones WHERE uid = ? AND kind = 'conversation'", (uid,))

    def conversation_by_uid(self, uid: str) -> int | None:
        row = self._db.read("SELECT id FROM conversations WHERE uid = ?", (uid,)).fetchone()
        return int(row[0]) if row else None

    def delete_synced(self, uid: str) -> int | None:
        """Delete a conversation another machine deleted (its tombstone arrived): its id here, None if it
        was not here."""
        cid = self.conversation_by_uid(uid)
        if cid is None:
            return None
        with self._db.transaction():
            self._db.execute("DELETE FROM conversations WHERE id = ?", (cid,))
            self._drop_unused_blobs()
        return cid

    def sync_state(self, remote: str) -> SyncState:
        rows = self._db.read("SELECT uid, rev, fingerprint FROM sync_state WHERE remote = ?", (remote,))
        return SyncState({str(u): (str(r), str(f)) for u, r, f in rows})

    def save_sync_state(self, remote: str, agreed: dict[str, tuple[str, str]]) -> None:
        """Replace what this archive agreed with ``remote``."""
        with self._db.transaction():
            self._db.execute("DELETE FROM sync_state WHERE remote = ?", (remote,))
            for uid, (rev, fingerprint) in agreed.items():
                self._db.execute(
                    "INSERT INTO sync_state (remote, uid, rev, fingerprint) VALUES (?, ?, ?, ?)",
                    (remote, uid, rev, fingerprint),
                )

    def merge_record(self, data: bytes) -> int | None:
        """Merge a record from another machine (:meth:`sync_record`'s): a conversation new here is added
        whole; one already here gains the messages it lacks and loses those deleted there; the newer title,
        pin and settings win; a conversation deleted here stays deleted (None). Its id here otherwise.
        Raises NotAnExportError for a record that is not one (damaged, or from a newer version)."""
        record = _record(data)
        uid: str = record["uid"]
        blobs: dict[str, tuple[str, bytes]] = {}
        conv, messages, tip = from_json(json.dumps(record["export"]), blobs=blobs)
        uids: dict[int | None, str] = {}
        for key, value in record["uids"].items():
            if key.isdigit() and isinstance(value, str):
                uids[int(key)] = value
        deleted: dict[str, str | None] = {
            str(k): (v if isinstance(v, str) else None) for k, v in record["deleted"].items()
        }
        messages = [m for m in messages if m.id in uids]
        cid = self.conversation_by_uid(uid)
        if cid is None:
            if uid in self.conversation_tombstones():
                return None
            cid = self.import_conversation(conv, messages, tip, blobs, uids={**uids, None: uid}).id
            with self._db.transaction():
                self._set_times(cid, record["changed"], _FIELDS)
                self._remember_deleted(uid, deleted)
            return cid
        with self._db.transaction():
            if blobs:
                self.put_blobs(blobs)
            rows = self._db.read("SELECT uid, id FROM messages WHERE conversation_id = ? AND uid IS NOT NULL", (cid,))
            here = {str(r[0]): int(r[1]) for r in rows}
            gone_here = {
                str(r[0]): (None if r[1] is None else str(r[1]))
                for r in self._db.read("SELECT uid, parent FROM tombstones WHERE conversation = ?", (uid,))
            }
            for muid in deleted:
                if muid in here:
                    self._delete_one(cid, here.pop(muid))
            self._remember_deleted(uid, deleted)
            gone = {**gone_here, **deleted}
            now = time.time()
            for m in messages:  # oldest first: a parent is always here before its children
                muid = uids[m.id]
                if muid in here or muid in gone:
                    continue
                parent = uids.get(m.parent_id) if m.parent_id is not None else None
                seen: set[str] = set()
                while parent is not None and parent not in here and parent in gone and parent not in seen:
                    seen.add(parent)
                    parent = gone[parent]  # deleted: what followed it hangs from its parent (delete_message)
                here[muid] = self._copy_message(cid, m, here.get(parent) if parent else None, muid, now)
            local = self._db.read(f"SELECT {_TIMES}, updated_at FROM conversations WHERE id = ?", (cid,)).fetchone()
            newer = [f for f, here_at in zip(_FIELDS, local[:3], strict=True) if record["changed"][f] > float(here_at)]
            values = {
                "title": (("title", conv.title), ("title_manual", int(conv.title_manual))),
                "pinned": (("pinned", int(conv.pinned)),),
                "settings": (
                    ("model", conv.model),
                    ("params", json.dumps(conv.params.stored())),
                    ("system_prompt", conv.system_prompt),
                ),
            }
            for f in newer:  # each the newer of the two, on its own (a rename here, a pin there: both kept)
                columns = values[f]
                self._db.execute(
                    f"UPDATE conversations SET {', '.join(c + ' = ?' for c, _ in columns)} WHERE id = ?",
                    (*(v for _, v in columns), cid),
                )
            self._set_times(cid, record["changed"], newer)
            shown = record["tip"]
            if conv.updated_at > float(local[3]):  # the newer activity: its branch is the one shown
                self._db.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", (conv.updated_at, cid))
                if isinstance(shown, str) and shown in here:
                    self._db.execute("UPDATE conversations SET tip_id = ? WHERE id = ?", (here[shown], cid))
            self._repair_tip(cid, None)
        return cid

    def _set_times(self, cid: int, changed: dict[str, float], fields: list[str] | tuple[str, ...]) -> None:
        """The other machine's change times for ``fields`` (after the triggers stamped them now)."""
        for f in fields:
            self._db.execute(f"UPDATE conversations SET {f}_at = ? WHERE id = ?", (changed[f], cid))

    def _delete_one(self, cid: int, message_id: int) -> None:
        """Tree.delete_message's work inside the caller's transaction (its trigger leaves the tombstone)."""
        found = self._place(message_id)
        parent = found[1] if found else None
        self._db.execute("UPDATE messages SET parent_id = ? WHERE parent_id = ?", (parent, message_id))
        self._db.execute("DELETE FROM messages WHERE id = ?", (message_id,))
        self._repair_tip(cid, parent)

    def _remember_deleted(self, uid: str, deleted: dict[str, str | None]) -> None:
        """Messages deleted on another machine that never were here: remembered, so that both machines
        agree on the revision and an older copy elsewhere does not bring them back."""
        now = time.time()
        for muid, parent in deleted.items():
            self._db.execute(
                "INSERT OR IGNORE INTO tombstones (uid, kind, conversation, parent, at) VALUES (?, 'message', ?, ?, ?)",
                (muid, uid, parent, now),
            )


def _record(data: bytes) -> dict[str, Any]:
    try:
        record = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise NotAnExportError(f"a sync record is damaged ({exc})") from exc
    if not isinstance(record, dict) or not str(record.get("format", "")).startswith("hunyuan-desktop/sync-record@"):
        raise NotAnExportError("a sync record is damaged (not a record of this app)")
    if record["format"] != RECORD_FORMAT:
        raise NotAnExportError("the remote was written by a newer version of the app; update it to sync")
    uid, uids, deleted, changed = record.get("uid"), record.get("uids"), record.get("deleted"), record.get("changed")
    if not isinstance(uid, str) or not isinstance(uids, dict) or not isinstance(deleted, dict):
        raise NotAnExportError("a sync record is damaged (no uids)")
    if not isinstance(changed, dict) or not all(
        isinstance(changed.get(f), int | float) and not isinstance(changed.get(f), bool) for f in _FIELDS
    ):
        raise NotAnExportError("a sync record is damaged (no change times)")
    return record
