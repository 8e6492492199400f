"""The one asyncio loop of the process, driven by Qt through qasync (composition layer only)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any, TypeVar

import qasync
from PySide6.QtCore import QCoreApplication

T = TypeVar("T")


GIL_SLICE_S = 0.001


def make_loop(app: QCoreApplication) -> asyncio.AbstractEventLoop:
    # The GUI thread shares the interpreter with the executor's threads (an answer is indexed on one):
    # when it wants the GIL back it waits up to the switch interval, 5 ms by default. At 1 ms, indexing
    # a 100,000-character answer no longer shows as a stall (measured: heartbeat gap 11.7-13.2 ms -> 9.8).
    sys.setswitchinterval(GIL_SLICE_S)
    loop: asyncio.AbstractEventLoop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    return loop


def run(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, T]) -> T:
    """``loop.run_until_complete`` with Python's async-generator hooks installed.

    WORKAROUND: qasync does not install them (qt-stack-facts.md), so an ``async for`` left early (a
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
