"""A probe of the event loop's lag, for tests and benchmarks alike."""

from __future__ import annotations

import asyncio
import time


class LagProbe:
    """The longest the event loop was kept from running anything while the probe ran.

    A task asks to wake every ``every`` seconds; how late it wakes is how long the loop was
    busy elsewhere (a statement run on the loop's thread, a checkpoint, our own code), or
    how long the operating system left the whole process waiting for a core.
    ``worst_running`` tells those apart: the part of the lateness in which the loop's own
    thread was running (its CPU time), so work on a shared machine's other processes
    does not count. It cannot see a loop blocked without using the CPU (waiting for a
    disk or a lock on the loop's thread): tests show by tracing that SQLite never runs
    there. Use ``async with LagProbe() as probe:`` or ``start()`` and ``stop()``.
    """

    def __init__(self, every: float = 0.005) -> None:
        self.every = every
        self.worst = 0.0
        self.worst_running = 0.0
        self.wakes = 0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            asked, running = time.perf_counter(), time.thread_time()
            await asyncio.sleep(self.every)
            late = time.perf_counter() - asked - self.every
            self.worst = max(self.worst, late)
            self.worst_running = max(self.worst_running, min(late, time.thread_time() - running))
            self.wakes += 1

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    def stop(self) -> float:
        """Stop probing; the worst lag seen (seconds)."""
        if self._task is not None:
            self._task.cancel()
        return self.worst

    async def __aenter__(self) -> LagProbe:
        self.start()
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *_: object) -> None:
        self.stop()
