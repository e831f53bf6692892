"""Admission of long pull pages: at most a few built at once in one server process, the pulls
already under way first.

When many devices begin their first pull at the same moment (a zone's laptops opened at half
past eight), every one of their pages is an expensive read of a whole scope. Built all at once
they share the process's CPU (and Python's one interpreter lock) and all finish late, together;
a device under way then queues its next page behind every newcomer's first. Admitted a few at a
time, each page is built at full speed, and a page that continues a pull (cursor > 0) goes before
a first page (cursor 0): each device finishes its whole pull sooner, the last no later than
before (the same work is done). The waiting holds no database connection.

This is a scheduling aid of one process: correctness never depends on it (another worker
process has its own gate; a page built without one is the same page).
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class PageGate:
    """At most ``slots`` holders at once; waiters are admitted by (first page or not, arrival)."""

    def __init__(self, slots: int) -> None:
        if slots < 1:
            raise ValueError("slots must be at least 1")
        self._cv = threading.Condition()
        self._free = slots
        self._waiting: list[tuple[int, int]] = []  # heap of (priority, arrival)
        self._arrivals = itertools.count()

    @property
    def waiting(self) -> int:
        with self._cv:
            return len(self._waiting)

    def wait_for_waiting(self, n: int, timeout: float) -> bool:
        """Wait until ``n`` callers are queued (for tests and diagnostics); False on timeout."""
        with self._cv:
            return self._cv.wait_for(lambda: len(self._waiting) >= n, timeout)

    @contextmanager
    def admit(self, *, first: bool) -> Iterator[None]:
        """Hold a slot for the block; ``first``: a pull's first page (admitted after the rest)."""
        ticket = (1 if first else 0, next(self._arrivals))
        with self._cv:
            heapq.heappush(self._waiting, ticket)
            self._cv.notify_all()
            try:
                while not (self._free > 0 and self._waiting[0] == ticket):
                    self._cv.wait()
            except BaseException:
                self._waiting.remove(ticket)
                heapq.heapify(self._waiting)
                self._cv.notify_all()
                raise
            heapq.heappop(self._waiting)
            self._free -= 1
            if self._free > 0:
                self._cv.notify_all()  # the next in line may take the other free slot
        try:
            yield
        finally:
            with self._cv:
                self._free += 1
                self._cv.notify_all()
