"""Runner callbacks that hold their widget weakly.

``TaskRunner`` itself releases every job and callback on the GUI thread and drops the result of a
job whose widget was destroyed meanwhile. ``weak(self, fn)`` adds one thing on top: a pending
callback does not keep a closed view alive until its job ends — ``fn(view, *args)`` runs only
while the view still exists. Jobs (the functions that run on the pool) should capture plain values.
:class:`JobGuard` keeps a dialog's jobs from outliving it (the sign-in dialog's).
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from shiboken6 import isValid

T = TypeVar("T")


def weak(obj: T, fn: Callable[..., Any]) -> Callable[..., None]:
    """A callback calling ``fn(obj, *args)`` while ``obj`` lives; ``fn`` must not capture ``obj``."""
    ref = weakref.ref(obj)

    def call(*args: Any) -> None:
        target = ref()
        if target is not None and isValid(target):
            fn(target, *args)

    return call


class JobsClosed(Exception):
    """A job of a closed window: it had not started (and never touches its store), or a long job
    stopped at its next step (:meth:`JobGuard.check`)."""


class JobGuard:
    """The runner jobs of one dialog, so that none outlives it (``TaskRunner`` itself is unchanged).

    Plain Python, no Qt object: the jobs hold the guard, never the dialog. Jobs go through
    :meth:`job` and their callbacks through :meth:`deliver`. After :meth:`close` a job not yet
    started never runs (it raises :class:`JobsClosed` before touching anything), no result is
    delivered (a late ``store_info`` does not start the demo in a closed dialog), a long job's
    :meth:`check` raises so that it stops at its next step, and :meth:`wait` returns once the jobs
    still running have ended: from then on none of them uses the dialog's store.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._running = 0
        #: called (on the job's thread) when the last running job ends: :func:`wait_turning`'s wake-up
        self._idle: list[Callable[[], object]] = []
        #: set when the guard closes (a test releases a job it holds once the dialog is closing)
        self.closing = threading.Event()

    @property
    def closed(self) -> bool:
        return self.closing.is_set()

    @property
    def running(self) -> int:
        with self._cond:
            return self._running

    def job(self, fn: Callable[[], T]) -> Callable[[], T]:
        """``fn`` counted while it runs on the pool; once closed it never starts."""

        def run() -> T:
            with self._cond:
                if self.closing.is_set():
                    raise JobsClosed()
                self._running += 1
            try:
                return fn()
            finally:
                with self._cond:
                    self._running -= 1
                    self._cond.notify_all()
                    idle = list(self._idle) if self._running == 0 else []
                for wake in idle:
                    try:
                        wake()
                    except RuntimeError:  # its waiter is gone (its Qt object deleted): nothing to wake
                        pass

        return run

    def deliver(self, callback: Callable[..., Any]) -> Callable[..., None]:
        """``callback`` called only while the guard is open (on the GUI thread, by the runner)."""

        def call(*args: Any) -> None:
            if not self.closing.is_set():
                callback(*args)

        return call

    def check(self) -> None:
        """For a long job's progress report (on the worker): raises once the guard is closed."""
        if self.closing.is_set():
            raise JobsClosed()

    def close(self, *_args: Any) -> None:
        """Nothing more starts or is delivered (also a ``destroyed`` slot: no wait there)."""
        with self._cond:
            self.closing.set()

    def wait(self, seconds: float) -> bool:
        """Wait until no job is running (at most ``seconds``); True: none is. Blocks the calling
        thread: on the GUI thread use :func:`wait_turning`."""
        with self._cond:
            return self._cond.wait_for(lambda: self._running == 0, seconds)

    def on_idle(self, wake: Callable[[], object]) -> Callable[[], None]:
        """``wake()`` called on a job's thread whenever the last running job ends; returns the
        function that removes it."""
        with self._cond:
            self._idle.append(wake)

        def remove() -> None:
            with self._cond:
                if wake in self._idle:
                    self._idle.remove(wake)

        return remove


def wait_turning(guard: JobGuard, seconds: float) -> bool:
    """On the GUI thread: wait until none of ``guard``'s jobs runs (at most ``seconds``) with the
    event loop turning, so that the windows still paint and timers fire meanwhile (a closed
    sign-in dialog's connect can take 20 s); True: none runs."""
    if guard.running == 0:
        return True
    from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal

    class _Wake(QObject):
        idle = Signal()

    end = time.monotonic() + seconds
    loop, wake, deadline = QEventLoop(), _Wake(), QTimer()
    wake.idle.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    remove = guard.on_idle(wake.idle.emit)
    try:
        while guard.running:
            left = end - time.monotonic()
            if left <= 0:
                break
            deadline.start(max(1, int(left * 1000)))
            if loop.exec() != 0:
                # no event loop can turn (the application is quitting: exec() returns at once
                # without processing anything): the rest of the wait blocks, bounded as before
                return guard.wait(max(0.0, end - time.monotonic()))
    finally:
        remove()
        deadline.stop()
    return guard.running == 0
