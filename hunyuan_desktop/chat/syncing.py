"""Sync from the window (QtCore only): Sync now, and, when the user turned it on, a sync shortly after start and
after each answer. One sync at a time, on the app's loop; the archive's part of it runs off the GUI thread
(sync/engine.py), so the window never waits on it. Credentials come from the keyring (or this run's memory:
sync/credentials.py), never from a file.

Each sync ends in a :class:`SyncOutcome`, success or not, announced by ``finished``: the window reloads what
changed and says what happened (ui/kit/texts.py words each kind)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from hunyuan_desktop.api.network import Network
from hunyuan_desktop.chat.settings_store import SettingsStore
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.store.archive import Archive, StoreError

if TYPE_CHECKING:
    from hunyuan_desktop.sync.credentials import Credentials
    from hunyuan_desktop.sync.engine import Report

log = logging.getLogger(__name__)

AFTER_TURN_MS = 20_000  # an answer, then a pause: the sync carries what was said meanwhile too
AFTER_START_MS = 3_000


@dataclass(frozen=True)
class SyncOutcome:
    """``kind``: "" for a sync done; else why not: no_remote, bad_url, insecure, no_credentials, archive, local,
    one of RemoteError's kinds or one of SyncError's. ``detail``: the engine's own words (English, the
    server's words inside); ``said``: the server's words alone; ``status``: HTTP's."""

    kind: str
    report: Report | None = None
    detail: str = ""
    said: str = ""
    status: int | None = None
    automatic: bool = False
    at: float = 0.0
    kept: bool = True  # typed credentials went to the keyring (False: kept for this run only)
    in_settings: bool = False  # asked for in Settings → Sync, which shows the outcome itself
    tested: str = ""  # a test (nothing synced): "ready" (set up, the passphrase opens it) or "empty"

    @property
    def ok(self) -> bool:
        return not self.kind


class Syncer(QObject):
    running = Signal(bool)
    finished = Signal(object)  # SyncOutcome

    def __init__(
        self,
        archive: Archive,
        keys: KeyStore,
        settings: SettingsStore,
        parent: QObject | None = None,
        *,
        after_turn_ms: int = AFTER_TURN_MS,
        network: Callable[[], Awaitable[Network]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.network = network  # the proxy (its password from the keyring) and CA file the providers use
        self.archive = archive
        self.keys = keys
        self.settings = settings
        self.last: SyncOutcome | None = None
        self._task: asyncio.Task[SyncOutcome] | None = None
        self.after_turn_ms = after_turn_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self.start(automatic=True))

    @property
    def configured(self) -> bool:
        return bool(self.settings.current.sync_remote)

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, *, automatic: bool = False) -> None:
        """A sync with the remote in Settings, unless one runs already."""
        if not self.busy:
            self._task = asyncio.ensure_future(self.run(automatic=automatic))

    async def sync_now(self, remote: str, typed: Credentials, allow_http: bool) -> SyncOutcome:
        """Settings → Sync's Sync now: after the sync under way, if any; owned here, so closing the dialog
        does not cut it off."""
        if self._task is not None and not self._task.done():
            await asyncio.wait({self._task})
        self._task = asyncio.ensure_future(self.run(remote=remote, typed=typed, allow_http=allow_http))
        return await asyncio.shield(self._task)

    def at_start(self) -> None:
        self._schedule(AFTER_START_MS)

    def after_turn(self) -> None:
        self._schedule(self.after_turn_ms)

    def _schedule(self, delay_ms: int) -> None:
        if self.settings.current.sync_auto and self.configured:
            self._timer.start(delay_ms)  # restarted by each answer: one sync after a burst of them

    async def run(
        self,
        *,
        automatic: bool = False,
        remote: str | None = None,
        typed: Credentials | None = None,
        allow_http: bool = False,
    ) -> SyncOutcome:
        """One sync. ``remote``, ``typed`` and ``allow_http``: what Settings → Sync shows (tried before it is
        saved); credentials that worked are kept in the keyring."""
        outcome = await self._run(automatic, remote, typed, allow_http)
        self.last = outcome
        self.finished.emit(outcome)
        return outcome

    async def test(self, remote: str, typed: Credentials, allow_http: bool) -> SyncOutcome:
        """Settings → Sync's Test: the server answers to the credentials and the passphrase opens the remote
        (or it is empty), nothing changed anywhere; credentials that worked are kept in the keyring."""
        return await self._run(False, remote, typed, allow_http, test=True)

    async def _run(
        self, automatic: bool, remote: str | None, typed: Credentials | None, allow_http: bool, *, test: bool = False
    ) -> SyncOutcome:
        """A sync (or, ``test``, only the check that one would work) and what came of it, whatever happened."""
        # The sync package (cryptography, the engine) is loaded by the first sync, not at start-up.
        from hunyuan_desktop.sync.credentials import remember, stored  # noqa: PLC0415 - see above
        from hunyuan_desktop.sync.engine import SyncError, check, sync_with  # noqa: PLC0415 - see above
        from hunyuan_desktop.sync.remote import RemoteError, parse_remote  # noqa: PLC0415 - see above

        def ended(kind: str, detail: str = "", **more: Any) -> SyncOutcome:
            in_settings = typed is not None
            return SyncOutcome(
                kind, detail=detail, automatic=automatic, at=time.time(), in_settings=in_settings, **more
            )

        settings = self.settings.current
        text = settings.sync_remote if remote is None else remote
        if not text.strip():
            return ended("no_remote")
        try:
            url = parse_remote(text)
        except RemoteError as exc:
            return ended("bad_url", str(exc))
        if url.insecure and not allow_http and settings.sync_http_confirmed.strip() != text.strip():
            return ended("insecure", url.text)
        credentials = typed if typed is not None else await asyncio.to_thread(stored, self.keys, url)
        if not credentials.complete:
            return ended("no_credentials", url.text)
        report: Report | None = None
        ready = False
        self.running.emit(True)
        try:
            if test:
                ready = await check(url, credentials, await self._network())
            else:
                report = await sync_with(self.archive, url, credentials, await self._network())
        except RemoteError as exc:
            return ended(exc.kind, str(exc), said=exc.said, status=exc.status)
        except SyncError as exc:
            return ended(exc.kind, str(exc))
        except StoreError as exc:
            return ended("archive", str(exc))
        except (OSError, ValueError) as exc:  # the CA file unreadable, a certificate store refused: said
            return ended("local", f"{type(exc).__name__}: {exc}")
        except Exception as exc:  # a bug: said, logged, never a sync button left waiting
            log.exception("sync failed unexpectedly")
            return ended("local", type(exc).__name__)
        finally:
            self.running.emit(False)
        kept = True if typed is None else await asyncio.to_thread(remember, self.keys, url, typed)
        if report is None:
            return ended("", kept=kept, tested="ready" if ready else "empty")
        log.info("synced with %s: %d received, %d sent", url.host, report.received, report.sent)
        return ended("", report=report, kept=kept)

    async def _network(self) -> Network:
        if self.network is not None:
            return await self.network()
        return Network(ca_file=self.settings.current.ca_file)

    async def stored_credentials(self, remote: str) -> Credentials | None:
        """What the keyring keeps for ``remote`` (Settings → Sync fills its fields with it); None for a
        URL that is not a remote."""
        from hunyuan_desktop.sync.credentials import stored  # noqa: PLC0415 - loaded by the first use
        from hunyuan_desktop.sync.remote import RemoteError, parse_remote  # noqa: PLC0415 - loaded by the first use

        try:
            url = parse_remote(remote)
        except RemoteError:
            return None
        return await asyncio.to_thread(stored, self.keys, url)

    async def close(self, limit_s: float = 5.0) -> None:
        """Stop the timer and let a sync under way finish (the archive closes after this); one that takes
        longer is cancelled: a sync cut off changes nothing half-way (engine.py)."""
        self._timer.stop()
        task = self._task
        if task is None or task.done():
            return
        await asyncio.wait({task}, timeout=limit_s)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
