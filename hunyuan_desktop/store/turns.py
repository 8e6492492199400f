"""One turn's writes: the question and an empty ``streaming`` answer committed together before the request
leaves, the partial answer rewritten as it streams, the final one written with everything it carries.
Long writes run on a worker thread (the ``a…`` methods). Mixed into
:class:`~hunyuan_desktop.store.archive.Archive`. No Qt."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from hunyuan_desktop.domain import Attachment, Message, MessageStatus, Role, clean_text
from hunyuan_desktop.store.codec import attachments_json, sources_json
from hunyuan_desktop.store.db import Store
from hunyuan_desktop.store.migrations import SLICE, split_slice


@dataclass(frozen=True, slots=True)
class Encoded:
    """A finished answer's text as the worker writes it: UTF-8 (lone surrogates as U+FFFD, as every
    write stores them), and split for the per-character index (``cjk_split``)."""

    content: bytes | bytearray  # SQLite binds either as it is (no copy into one bytes object first)
    split: bytes | bytearray


async def encode_ahead(text: str) -> Encoded:
    """``text`` encoded and split on the calling thread (the GUI's, running the event loop), a slice per
    turn of the loop, for the worker that writes the answer (m009: the triggers take the split through
    the SQL function ``split_ahead``).

    Why here and not on the worker: splitting a 10 MB answer is 0.7 s of Python and encoding it 11 ms,
    and Python on the worker holds the GIL that the GUI thread gives up at every row it reads; a list
    refresh then waited 100-135 ms behind the worker (benchmarks/bench_readwait.py). Here, in slices of
    under a millisecond, nothing waits long, and the worker's write is SQLite's C code alone."""
    if len(text) <= SLICE:
        piece = clean_text(text)
        return Encoded(piece.encode(), split_slice(piece).encode())
    # Grown a slice at a time: joining 20 MB of pieces at the end was one 6-17 ms step of the loop.
    content, split = bytearray(), bytearray()
    for i in range(0, len(text), SLICE):
        piece = clean_text(text[i : i + SLICE])  # a slice never cuts a character: str holds code points
        content += piece.encode()
        split += split_slice(piece).encode()
        await asyncio.sleep(0)
    return Encoded(content, split)


class Turns(Store):
    def _insert_message(
        self,
        conversation_id: int,
        role: Role,
        content: str,
        *,
        status: MessageStatus,
        model: str,
        parent_id: int | None,
        now: float,
        continues: bool = False,
        attachments: tuple[Attachment, ...] = (),
    ) -> Message:
        cur = self._db.execute(
            "INSERT INTO messages (conversation_id, parent_id, role, content, status, model, created_at, "
            "updated_at, continues, attachments) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                conversation_id, parent_id, role.value, content, status.value, model, now, now, int(continues),
                attachments_json(attachments),
            ),
        )  # fmt: skip
        self._db.execute(
            "UPDATE conversations SET updated_at = ?, tip_id = ? WHERE id = ?",
            (now, cur.lastrowid, conversation_id),
        )
        return Message(
            id=int(cur.lastrowid or 0),
            conversation_id=conversation_id,
            role=role,
            content=content,
            status=status,
            model=model,
            parent_id=parent_id,
            created_at=now,
            updated_at=now,
            continues=continues,
            attachments=attachments,
        )

    def put_blobs(self, blobs: dict[str, tuple[str, bytes]]) -> None:
        """Attachments' bytes by digest (``mime, data``); one already kept is not written again. Inside the
        caller's transaction."""
        now = time.time()
        for digest, (mime, data) in blobs.items():
            self._db.execute(
                "INSERT OR IGNORE INTO blobs (digest, mime, data, created_at) VALUES (?, ?, ?, ?)",
                (digest, mime, bytes(data), now),
            )

    def blobs_for(self, messages: list[Message]) -> dict[str, bytes]:
        """The bytes of every attachment of ``messages`` that the archive keeps, by digest."""
        found: dict[str, bytes] = {}
        for a in (a for m in messages for a in m.attachments if a.digest not in found):
            data = self.blob(a.digest)
            if data is not None:
                found[a.digest] = data
        return found

    def blob(self, digest: str) -> bytes | None:
        """An attachment's bytes (None when they are not kept: a damaged archive)."""
        row = self._db.read("SELECT data FROM blobs WHERE digest = ?", (digest,)).fetchone()
        return bytes(row[0]) if row and isinstance(row[0], bytes | memoryview) else None

    def append_message(
        self,
        conversation_id: int,
        role: Role,
        content: str,
        *,
        status: MessageStatus = MessageStatus.DONE,
        model: str = "",
        parent_id: int | None = None,
    ) -> Message:
        with self._db.transaction():
            return self._insert_message(
                conversation_id,
                role,
                content,
                status=status,
                model=model,
                parent_id=parent_id if parent_id is not None else self._tip(conversation_id),
                now=time.time(),
            )

    def append_many(self, conversation_id: int, messages: list[tuple[Role, str]]) -> None:
        """Append finished messages to the current branch in one transaction (imports, benchmarks)."""
        now = time.time()
        with self._db.transaction():
            parent = self._tip(conversation_id)
            first = int(self._db.read("SELECT coalesce(max(id), 0) + 1 FROM messages").fetchone()[0])
            rows: list[tuple[object, ...]] = []
            for n, (role, content) in enumerate(messages):
                rows.append((first + n, conversation_id, parent, role.value, content, now, now))
                parent = first + n
            self._db.executemany(
                "INSERT INTO messages (id, conversation_id, parent_id, role, content, status, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, 'done', ?, ?)",
                rows,
            )
            self._db.execute(
                "UPDATE conversations SET updated_at = ?, tip_id = ? WHERE id = ?", (now, parent, conversation_id)
            )

    def begin_turn(
        self,
        conversation_id: int,
        user_text: str | None,
        model: str,
        *,
        parent_id: int | None = None,
        root: bool = False,
        continues: bool = False,
        attachments: tuple[Attachment, ...] = (),
        blobs: dict[str, tuple[str, bytes]] | None = None,
    ) -> tuple[Message | None, Message]:
        """Commit the user's message (unless answering again) and an empty ``streaming`` answer,
        atomically; the answer becomes the tip of the current branch.

        With ``user_text``: the question goes below ``parent_id`` (an edit: beside the question it
        replaces; ``root``: an edit of the first question), or below the current tip. Without: the answer
        goes below ``parent_id`` (regenerate: the question; continue: the answer it carries on) or below
        the current branch's last question. ``attachments`` go with the question, ``blobs`` are their
        bytes (written in the same transaction: a question never lists an attachment that is not kept)."""
        now = time.time()
        with self._db.transaction():
            user = None
            if user_text is not None:
                if blobs:
                    self.put_blobs(blobs)
                user = self._insert_message(
                    conversation_id,
                    Role.USER,
                    user_text,
                    status=MessageStatus.DONE,
                    model="",
                    parent_id=parent_id if parent_id is not None or root else self._tip(conversation_id),
                    now=now,
                    attachments=attachments,
                )
                parent: int | None = user.id
            else:
                parent = parent_id if parent_id is not None else self._last_user(conversation_id)
            answer = self._insert_message(
                conversation_id,
                Role.ASSISTANT,
                "",
                status=MessageStatus.STREAMING,
                model=model,
                parent_id=parent,
                now=now,
                continues=continues,
            )
        return user, answer

    def update_streaming(self, message_id: int, content: str, reasoning: str) -> None:
        self._db.write(
            "UPDATE messages SET content = ?, reasoning = ?, updated_at = ? WHERE id = ?",
            (content, reasoning, time.time(), message_id),
        )

    async def aupdate_streaming(self, message_id: int, content: str, reasoning: str) -> None:
        """:meth:`update_streaming` on a worker thread."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self.update_streaming, message_id, content, reasoning)

    def finish_message(self, final: Message, encoded: Encoded | None = None) -> None:
        """Write the end of a turn: everything a finished (done, stopped, failed) answer carries.
        ``encoded``: its text encoded and split ahead (:func:`encode_ahead`)."""
        with self._db.lock:
            if encoded is not None:
                self._db.ahead[final.id] = encoded.split
            try:
                self._write_final(final, encoded)
            finally:
                self._db.ahead.pop(final.id, None)

    def _write_final(self, final: Message, encoded: Encoded | None) -> None:
        u = final.usage
        self._db.write(
            "UPDATE messages SET status = ?, content = CAST(? AS TEXT), reasoning = ?, prompt_tokens = ?, "
            "completion_tokens = ?, total_tokens = ?, reasoning_tokens = ?, cost = ?, finish_reason = ?, "
            "error = ?, error_kind = ?, error_source = ?, sources = ?, updated_at = ? WHERE id = ?",
            (
                final.status.value,
                encoded.content if encoded is not None else final.content,
                final.reasoning,
                u.prompt_tokens if u else None,
                u.completion_tokens if u else None,
                u.total_tokens if u else None,
                u.reasoning_tokens if u else None,
                str(final.cost) if final.cost is not None else None,
                final.finish_reason.value,
                final.error,
                final.error_kind.value if final.error_kind else "",
                final.error_source.value if final.error_source else "",
                sources_json(final.sources, final.sources_dropped),
                time.time(),
                final.id,
            ),
        )

    async def afinish_message(self, final: Message) -> None:
        """:meth:`finish_message` on a worker thread: the GUI keeps painting while the answer is indexed.
        Its text is encoded and split for the per-character index first, here, a slice per turn of the
        loop: the worker then runs next to no Python while it writes (see :func:`encode_ahead`). A
        checkpoint follows."""
        loop = asyncio.get_running_loop()
        encoded = await encode_ahead(final.content)
        await loop.run_in_executor(None, self.finish_message, final, encoded)
        await loop.run_in_executor(None, self.checkpoint)
