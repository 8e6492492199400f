"""Start coroutines from Qt slots and keep them alive until they finish (asyncio holds only weak refs)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class TaskSet:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task failed", exc_info=task.exception())

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    async def wait(self, limit_s: float | None = None) -> None:
        """Wait for the tasks to finish; give up after ``limit_s`` (a DNS look-up cannot be interrupted)."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=limit_s)

    def __len__(self) -> int:
        return len(self._tasks)
