"""One sync between this archive and a remote folder shared by the user's machines: merge, never overwrite.

On the remote, nothing readable: ``hunyuan-desktop-sync.json`` (the format, the key's salt, and a check that
only the right passphrase opens), ``index.bin`` (sealed: every conversation's uid and revision, and the
uids of deleted conversations) and one sealed record per conversation and revision, ``c/<uid>.<rev>.bin``.
Each sealed piece is AES-GCM under a key derived once from the passphrase (vault.py), bound to its name.

A sync: check the passphrase (a wrong one changes nothing anywhere); read the index with its ETag; delete
here what was deleted elsewhere; merge each record whose revision differs from the one both sides last
agreed on (store/replica.py: the union of messages, the newer settings); send each conversation changed
here; write the index only if nobody wrote it since it was read (``If-Match``); when somebody did, read it
again and merge again. Only what changed moves: unchanged conversations are known from one query here and
the index there. A record is never overwritten (its name holds its revision): a sync cut off half-way leaves
the remote as it was, and the next one picks up. No Qt.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
from dataclasses import dataclass, field

from hunyuan_desktop import vault
from hunyuan_desktop.api.network import Network
from hunyuan_desktop.store.archive import Archive
from hunyuan_desktop.store.export import NotAnExportError
from hunyuan_desktop.sync.credentials import Credentials
from hunyuan_desktop.sync.remote import Remote, RemoteError, RemoteUrl, StaleError, client_for, open_remote

HEADER = "hunyuan-desktop-sync.json"
INDEX = "index.bin"
FORMAT = "hunyuan-desktop/sync@1"
_CHECK = b"hunyuan-desktop sync key check"
NEWER = "the remote was written by a newer version of the app; update this one to sync with it"
ATTEMPTS = 5  # index writes lost to another machine before giving up
PARALLEL = 8  # records moving at once


class SyncError(Exception):
    """A sync that could not be done; its text says why and what to do. Nothing was half-changed. ``kind``
    names it for a translated message: passphrase, newer, foreign, damaged, busy."""

    def __init__(self, text: str, kind: str = "damaged") -> None:
        super().__init__(text)
        self.kind = kind


@dataclass
class Report:
    created: bool = False  # the remote was empty: this machine set it up
    received: int = 0  # conversations new or changed elsewhere, merged here
    sent: int = 0  # conversations new or changed here, written to the remote
    deleted_here: int = 0  # deleted on another machine, so here too
    deleted_there: int = 0  # deleted here, now known to the remote
    retries: int = 0  # times another machine wrote the index first
    changed: set[int] = field(default_factory=set)  # conversations here that received something (their ids)
    deleted: set[int] = field(default_factory=set)  # conversations here deleted (their former ids)


def record_name(uid: str, rev: str) -> str:
    return f"c/{uid}.{rev}.bin"


async def sync_with(
    archive: Archive, url: RemoteUrl, credentials: Credentials, network: Network | None = None
) -> Report:
    """One sync with the remote at ``url`` (remote.py's client: the certificates and proxy of ``network``)."""
    async with client_for(url, network) as client:
        remote = open_remote(url, credentials.user, credentials.secret, client)
        return await sync(archive, remote, credentials.passphrase)


async def sync(archive: Archive, remote: Remote, passphrase: str) -> Report:
    report = Report()
    sealer = await _unlock(remote, passphrase, report)
    await asyncio.to_thread(archive.sync_identities)
    for attempt in range(ATTEMPTS):
        this = Report(created=report.created, retries=attempt)  # counts of the attempt that succeeds
        try:
            await _once(archive, remote, sealer, this)
            return this
        except StaleError:
            continue
    raise SyncError("other machines kept writing to the remote at the same time; sync again in a moment", "busy")


async def _unlock(remote: Remote, passphrase: str, report: Report) -> vault.Sealer:
    """The key, from the passphrase and the remote's salt; a wrong passphrase is refused here, before
    anything changes. An empty remote is set up (only if still empty: two first syncs at once agree)."""
    found = await remote.get(HEADER)
    if found is None:
        salt = os.urandom(16)
        sealer = vault.Sealer(await asyncio.to_thread(vault.derive_key, passphrase, salt))  # scrypt: ~0.1 s
        header = {"format": FORMAT, "salt": _b64(salt), "check": _b64(sealer.seal(_CHECK, HEADER))}
        try:
            await remote.put(HEADER, json.dumps(header, indent=1).encode(), match="")
            report.created = True
            return sealer
        except StaleError:
            found = await remote.get(HEADER)
            if found is None:
                raise SyncError("the remote changed while it was being set up; sync again", "busy") from None
    return await asyncio.to_thread(_opened, found[0], passphrase)  # scrypt: off the window's thread


async def check(url: RemoteUrl, credentials: Credentials, network: Network | None = None) -> bool:
    """Whether the remote answers to these credentials and opens with this passphrase, changing nothing:
    True when it is set up, False when it is empty (the first sync sets it up with this passphrase).
    Raises RemoteError or SyncError saying what is wrong."""
    async with client_for(url, network) as client:
        remote = open_remote(url, credentials.user, credentials.secret, client)
        found = await remote.get(HEADER)
        if found is None:
            return False
        await asyncio.to_thread(_opened, found[0], credentials.passphrase)  # scrypt: off the window's thread
        return True


def _opened(data: bytes, passphrase: str) -> vault.Sealer:
    """The key of a remote whose header is ``data``; SyncError for another app's, a newer version's, or a
    wrong passphrase."""
    try:
        header = json.loads(data)
        fmt, salt, check = header["format"], base64.b64decode(header["salt"]), base64.b64decode(header["check"])
    except (ValueError, KeyError, TypeError) as exc:
        text = f"{HEADER} on the remote is not this app's (or it is damaged); nothing was changed"
        raise SyncError(text, "foreign") from exc
    if fmt != FORMAT:
        newer = isinstance(fmt, str) and fmt.startswith("hunyuan-desktop/sync@")
        if newer:
            raise SyncError(NEWER, "newer")
        raise SyncError(f"{HEADER} on the remote is not this app's; nothing was changed", "foreign")
    sealer = vault.Sealer(vault.derive_key(passphrase, salt))
    try:
        sealer.open(check, HEADER)
    except vault.VaultError:
        raise SyncError(
            "the passphrase is not the one this remote was set up with; nothing was changed here or there",
            "passphrase",
        ) from None
    return sealer


async def _once(archive: Archive, remote: Remote, sealer: vault.Sealer, report: Report) -> None:
    found = await remote.get(INDEX)
    there, gone_there = _open_index(sealer, found[0]) if found else ({}, {})
    etag = found[1] if found else ""
    key = remote.url.text
    agreed = (await asyncio.to_thread(archive.sync_state, key)).agreed

    for uid in gone_there:  # deleted on another machine: here too
        cid = await asyncio.to_thread(archive.delete_synced, uid)
        if cid is not None:
            report.deleted_here += 1
            report.deleted.add(cid)
    gone_here = await asyncio.to_thread(archive.conversation_tombstones)
    fresh_gone = {uid: at for uid, at in gone_here.items() if uid not in gone_there}
    report.deleted_there += len(fresh_gone)
    gone = {**gone_there, **fresh_gone}
    old_names = {uid: record_name(uid, there[uid]) for uid in gone if uid in there}
    for uid in gone:
        there.pop(uid, None)

    wanted = [(uid, rev) for uid, rev in there.items() if agreed.get(uid, ("", ""))[0] != rev]
    for _uid, data in await _gather(remote, sealer, wanted):
        try:
            merged = await asyncio.to_thread(archive.merge_record, data)  # off the window's thread
        except NotAnExportError as exc:
            raise SyncError(f"a conversation on the remote could not be merged: {exc}") from exc
        report.received += 1
        if merged is not None:
            report.changed.add(merged)

    state: dict[str, tuple[str, str]] = {}
    uploads: list[tuple[str, str, bytes]] = []
    for uid, (cid, fingerprint) in (await asyncio.to_thread(archive.sync_fingerprints)).items():
        known = agreed.get(uid)
        if known is not None and known[1] == fingerprint and there.get(uid) == known[0]:
            state[uid] = known  # unchanged on both sides since the last sync
            continue
        rev = await asyncio.to_thread(archive.sync_rev, cid)
        if there.get(uid) != rev:
            rev, data = await asyncio.to_thread(archive.sync_record, cid)
            uploads.append((uid, rev, data))
            if uid in there:
                old_names[uid] = record_name(uid, there[uid])
            there[uid] = rev
        state[uid] = (rev, fingerprint)
    await _put_all(remote, sealer, uploads)
    report.sent += len(uploads)

    if uploads or fresh_gone or found is None:
        body = {"format": FORMAT, "conversations": there, "deleted": gone}
        # Only if nobody wrote it since it was read (If-Match), or created only if still absent; a server
        # that gives no ETag cannot be asked that: written as is, and a lost write heals at the next sync.
        match = (etag or None) if found is not None else ""
        await remote.put(INDEX, sealer.seal(json.dumps(body).encode(), INDEX), match=match)
    await asyncio.to_thread(archive.save_sync_state, key, state)
    # Tombstones read back from the remote's index are known there: no longer needed here. Those just sent
    # stay until a later sync reads them there (a server with weak ETags could let another write hide them).
    await asyncio.to_thread(archive.forget_tombstones, list(gone_there))
    for name in old_names.values():  # replaced or deleted records: nobody reads them any more
        with contextlib.suppress(RemoteError):  # left behind, harmless: the next sync never reads it
            await remote.delete(name)


def _open_index(sealer: vault.Sealer, sealed: bytes) -> tuple[dict[str, str], dict[str, float]]:
    """(conversation uid → revision, deleted conversation uid → when)."""
    try:
        index = json.loads(sealer.open(sealed, INDEX))
    except (vault.VaultError, ValueError) as exc:
        raise SyncError(f"the remote's {INDEX} cannot be read ({exc}); nothing was changed", "damaged") from exc
    if not isinstance(index, dict) or index.get("format") != FORMAT:
        raise SyncError(NEWER, "newer")
    conversations, deleted = index.get("conversations"), index.get("deleted")
    if not isinstance(conversations, dict) or not isinstance(deleted, dict):
        raise SyncError(f"the remote's {INDEX} is damaged; nothing was changed")
    return (
        {str(k): str(v) for k, v in conversations.items()},
        {str(k): float(v) for k, v in deleted.items() if isinstance(v, int | float)},
    )


async def _gather(remote: Remote, sealer: vault.Sealer, wanted: list[tuple[str, str]]) -> list[tuple[str, bytes]]:
    """The records named, opened; StaleError when one is gone (replaced since the index was read)."""
    limit = asyncio.Semaphore(PARALLEL)

    async def one(uid: str, rev: str) -> tuple[str, bytes]:
        name = record_name(uid, rev)
        async with limit:
            found = await remote.get(name)
        if found is None:
            raise StaleError(f"{name} was replaced meanwhile")
        try:
            return uid, sealer.open(found[0], name)
        except vault.VaultError as exc:
            raise SyncError(str(exc)) from exc

    return list(await asyncio.gather(*(one(uid, rev) for uid, rev in wanted)))


async def _put_all(remote: Remote, sealer: vault.Sealer, uploads: list[tuple[str, str, bytes]]) -> None:
    limit = asyncio.Semaphore(PARALLEL)

    async def one(uid: str, rev: str, data: bytes) -> None:
        name = record_name(uid, rev)
        async with limit:
            await remote.put(name, sealer.seal(data, name))

    await asyncio.gather(*(one(*u) for u in uploads))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
