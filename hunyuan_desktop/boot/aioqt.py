"""The one asyncio loop of the process, driven by Qt through qasync (composition layer only)."""

from __future__ import annotations

import asyncio
import ctypes
import gc
import sys
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import qasync
from PySide6.QtCore import QCoreApplication, QObject, QTimer

T = TypeVar("T")


GIL_SLICE_S = 0.001
GC_INTERVAL_MS = 500
TRIM_EVERY_S = 60.0  # at most this often, after a full collection: freed heap given back to the system


def _malloc_trim() -> Callable[[], object] | None:
    """glibc's malloc_trim, or None elsewhere. A long run's RSS grew 13.1 MB in the soak while the memory
    in use grew 4.7 MB: the rest was freed heap glibc kept (README, "endurance"); trimming costs ~5 ms."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None
    return lambda: trim(0)


class GuiThreadCollector(QObject):
    """Python's cyclic garbage collected on the GUI thread only.

    WORKAROUND: the automatic collector runs in whichever thread allocates past its threshold; with an
    answer indexed on a worker thread (or the stand-in server's thread in tests), a cycle holding a Qt
    widget was freed there, and destroying a QWidget off the GUI thread crashed the process. Automatic
    collection is turned off and the same generational thresholds are checked on a GUI-thread timer
    (qutebrowser does the same for the same reason)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self._trim = _malloc_trim()
        self._trimmed_at = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setInterval(GC_INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] <= thresholds[0]:
            return
        generation = 2 if counts[2] > thresholds[2] else 1 if counts[1] > thresholds[1] else 0
        gc.collect(generation)
        if generation == 2 and self._trim is not None and time.monotonic() - self._trimmed_at > TRIM_EVERY_S:
            self._trimmed_at = time.monotonic()
            self._trim()


def make_loop(app: QCoreApplication) -> asyncio.AbstractEventLoop:
    # The GUI thread shares the interpreter with the executor's threads (an answer is indexed on one):
    # when it wants the GIL back it waits up to the switch interval, 5 ms by default. At 1 ms, indexing
    # a 100,000-character answer no longer shows as a stall (measured: heartbeat gap 11.7-13.2 ms -> 9.8).
    sys.setswitchinterval(GIL_SLICE_S)
    if app.findChild(GuiThreadCollector) is None:
        GuiThreadCollector(app)
    loop: asyncio.AbstractEventLoop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    return loop


def run(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, T]) -> T:
    """``loop.run_until_complete`` with Python's async-generator hooks installed.

    WORKAROUND: qasync does not install them (docs/ARCHITECTURE.md, "Platform facts"), so an ``async for`` left early (a
    cancelled stream) printed "async generator ignored GeneratorExit" from httpx; with the loop's own
    hooks in place, abandoned generators are finalised on the loop like under plain asyncio.
    """
    old = sys.get_asyncgen_hooks()
    firstiter = getattr(loop, "_asyncgen_firstiter_hook", None)
    finalizer = getattr(loop, "_asyncgen_finalizer_hook", None)
    if firstiter is not None and finalizer is not None:
        sys.set_asyncgen_hooks(firstiter=firstiter, finalizer=finalizer)
    try:
        return loop.run_until_complete(coro)
    finally:
        sys.set_asyncgen_hooks(*old)
