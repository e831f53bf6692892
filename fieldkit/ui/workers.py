"""Background work off the GUI thread (the Anki QueryOp pattern).

Views never open a database session. They hand a service call and plain values to the runner:

* ``runner.read(ctx, fn, *args, on_done=..., on_error=...)`` runs ``fn(session, *args)`` on the
  thread pool in a read session of ``ctx``'s store;
* ``runner.write(ctx, fn, *args, ...)`` runs it in one transaction (commit on success, roll back
  on any error): one user action, one transaction, one transaction id in the outbox;
* ``runner.run(fn, on_done, on_error)`` runs a plain callable that needs no store (decoding an
  image, writing a file).

The result comes back to ``on_done`` on the GUI thread by a queued signal. Never touch widgets or
item models inside ``fn``. ``ctx`` is anything with a ``make_session()`` (the
:class:`~fieldkit.services.context.ServiceContext` the composition root built).

A job never delivers into a deleted owner nor uses a closed store:

* its owner (the widget its callbacks belong to, :func:`fieldkit.ui.callbacks.weak` ones too)
  destroyed, a job not yet started is cancelled (its function never runs) and no callback of it
  runs, whenever the job ends;
* :meth:`TaskRunner.close_store` (the composition root calls it before it closes a store, after the
  sign-in dialog or the window) cancels the jobs of that store not yet started (``read``/``write``
  and ``run(..., source=…)`` ones) and waits for the running ones; none of their callbacks runs
  afterwards.
"""

from __future__ import annotations

import threading
import traceback
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

if TYPE_CHECKING:  # SQLModel and SQLAlchemy come with the store, on the runner (not with the splash)
    from sqlmodel import Session


class StoreSource(Protocol):
    """What the runner needs to reach a store: a session factory (the ServiceContext has one)."""

    def make_session(self) -> Session: ...


def in_session(source: StoreSource, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """``fn(session, *args, **kwargs)`` in a read session (closed afterwards, nothing committed)."""
    with source.make_session() as session:
        return fn(session, *args, **kwargs)


def in_transaction(source: StoreSource, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """``fn(session, *args, **kwargs)`` in one transaction: commit on success, roll back on error;
    a database or disk error arrives as a message in the user's language (``StoreWriteError``:
    "磁盘已满…", "数据正被另一个程序使用…", the field of a violated constraint)."""
    from fieldkit.services.db_errors import translated

    with translated():
        session = source.make_session()
        try:
            result = fn(session, *args, **kwargs)
            session.commit()
            return result
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


#: the attribute :func:`fieldkit.ui.callbacks.weak` puts on its callbacks: a weak reference to the object
OWNER_REF = "__fieldkit_owner_ref__"


def _owner_of(callback: Callable[..., Any] | None) -> QObject | None:
    """The QObject a callback belongs to: a bound method's object, a :func:`weak` callback's
    object, or a QObject its closure holds."""
    if callback is None:
        return None
    target = getattr(callback, "__self__", None)
    if isinstance(target, QObject):
        return target
    ref = getattr(callback, OWNER_REF, None)
    if ref is not None:
        held = ref()
        return held if isinstance(held, QObject) else None
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:
            continue
        if isinstance(value, QObject):
            return value
    return None


def _alive(owner: QObject | None) -> bool:
    return owner is None or shiboken6.isValid(owner)


PENDING, RUNNING, ENDED, CANCELLED = "pending", "running", "ended", "cancelled"


class _State:
    """One job's state, shared by the GUI thread and the worker: ``pending`` → ``running`` →
    ``ended``, or ``pending`` → ``cancelled`` (its function never runs). ``dropped``: none of its
    callbacks may run (its owner was destroyed, its store closed)."""

    def __init__(self, source: object | None) -> None:
        self.lock = threading.Lock()
        self.state = PENDING
        self.dropped = False
        self.source = source
        self.ended = threading.Event()
        #: the owner of its callbacks (None: none), for :meth:`TaskRunner.cancel`
        self.owner: Callable[[], QObject | None] = lambda: None
        #: False once that owner is destroyed: a job not started then never starts
        self.owner_alive: Callable[[], bool] = lambda: True

    def start(self) -> bool:
        """On the worker: may the job's function run? Not when it was cancelled, nor when its
        owner was destroyed before it started (no signal of the owner is used: nothing of ours
        runs while it is being destroyed)."""
        with self.lock:
            if self.state != PENDING:
                return False
            if not self.owner_alive():
                self.state, self.dropped = CANCELLED, True
                return False
            self.state = RUNNING
            return True

    def end(self) -> None:
        with self.lock:
            if self.state == RUNNING:
                self.state = ENDED
        self.ended.set()

    def cancel(self) -> bool:
        """Drop the job's callbacks; True when its function will never run."""
        with self.lock:
            self.dropped = True
            if self.state == PENDING:
                self.state = CANCELLED
            return self.state in (CANCELLED, ENDED)


#: object name of the single-shot timers that start runner jobs when they fire (the search
#: debounces, the record editor's autosave); tests wait until none of them is active
DEBOUNCE = "debounce"


class _Bridge(QObject):
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        #: the job function, kept here so that its last reference (and whatever it captured)
        #: is released on the GUI thread, never on the worker that ran it
        self.keep: Any = None


class _Cancelled:
    """What a cancelled job "returns" (nothing is delivered)."""


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], bridge: _Bridge, state: _State) -> None:
        super().__init__()
        self.fn: Callable[[], Any] | None = fn
        self.bridge = bridge
        self.state = state
        self.setAutoDelete(True)

    def run(self) -> None:
        fn, self.fn = self.fn, None
        if not self.state.start():  # cancelled before it started: its function never runs
            del fn
            self.state.ended.set()
            self.bridge.finished.emit(_Cancelled())
            return
        try:
            assert fn is not None
            result = fn()
        except BaseException as exc:  # reported on the GUI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            del fn  # before the emit: the bridge's reference is then the last one
            self.state.end()
            self.bridge.failed.emit(exc)
        else:
            del fn
            self.state.end()
            self.bridge.finished.emit(result)


class TaskRunner(QObject):
    """Runs callables on a thread pool; emits ``busy_changed`` so the window can show progress."""

    busy_changed = Signal(bool)
    task_failed = Signal(object)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._running = 0
        self._bridges: set[_Bridge] = set()
        self._states: set[_State] = set()

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
        *,
        source: object | None = None,
    ) -> None:
        """Run ``fn`` off the GUI thread; deliver its result to ``on_done`` on the GUI thread.

        A result whose ``owner`` (by default the widget the callback belongs to) has been destroyed
        in the meantime is dropped: a view closed while loading must not be touched; a job of a
        destroyed owner that has not started yet never runs. ``source``: the store (or engine)
        ``fn`` uses, for :meth:`close_store`.
        """
        bridge = _Bridge()  # lives on the GUI thread: its signals are delivered there
        bridge.keep = fn
        self._bridges.add(bridge)
        state = _State(source)
        self._states.add(state)
        found = owner or _owner_of(on_done) or _owner_of(on_error)
        has_owner = found is not None
        # a weak() callback's owner is held weakly here too (a closed view is not kept alive)
        weakly = owner is None and any(getattr(c, OWNER_REF, None) is not None for c in (on_done, on_error))
        held: Callable[[], QObject | None] = (
            weakref.ref(found) if found is not None and weakly else (lambda f=found: f)  # type: ignore[misc]
        )
        del found  # only ``held`` keeps it (weakly for a weak() callback)

        def owner_alive() -> bool:  # also asked on the worker, before the job starts
            if not has_owner:
                return True
            target = held()
            return target is not None and shiboken6.isValid(target)

        state.owner = held
        state.owner_alive = owner_alive

        def deliverable() -> bool:
            return not state.dropped and owner_alive()

        @Slot(object)
        def done(result: Any) -> None:
            self._finish(bridge, state)
            if isinstance(result, _Cancelled):
                return
            if on_done and deliverable():
                on_done(result)

        @Slot(object)
        def failed(exc: BaseException) -> None:
            self._finish(bridge, state)
            if on_error:
                if deliverable():
                    on_error(exc)
            elif not state.dropped:
                self.task_failed.emit(exc)

        bridge.finished.connect(done)
        bridge.failed.connect(failed)
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        self.pool.start(_Job(fn, bridge, state))

    def cancel(self, owner: QObject) -> int:
        """Drop the jobs whose callbacks belong to ``owner`` (a dialog that closes): those not
        started never run; none delivers. Returns how many will never run."""
        n = 0
        for state in list(self._states):
            if state.owner() is owner and state.cancel():
                n += 1
        return n

    def close_store(self, source: object | None = None, msecs: int = 10_000) -> bool:
        """Before a store closes: its jobs not yet started never run, and the running ones are
        waited for (at most ``msecs``); none of their callbacks runs. ``source`` None: every job
        bound to a store (``read``, ``write``, ``run(..., source=…)``); every running job is waited
        for then, bound or not (a plain job may hold an engine it was handed). True when nothing
        of them still runs."""
        import time

        running: list[_State] = []
        for state in list(self._states):
            bound = state.source is not None if source is None else state.source is source
            if bound:
                if not state.cancel():
                    running.append(state)
            elif source is None and state.state == RUNNING:
                running.append(state)
        deadline = time.monotonic() + msecs / 1000
        for state in running:
            if not state.ended.wait(max(0.0, deadline - time.monotonic())):
                return False
        return True

    def read(
        self,
        source: StoreSource,
        fn: Callable[..., Any],
        /,
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
        **kwargs: Any,
    ) -> None:
        """Run the service call ``fn(session, *args, **kwargs)`` off the GUI thread in a read session
        of ``source``'s store; deliver its result as :meth:`run` does."""
        self.run(lambda: in_session(source, fn, *args, **kwargs), on_done, on_error, owner, source=source)

    def write(
        self,
        source: StoreSource,
        fn: Callable[..., Any],
        /,
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
        **kwargs: Any,
    ) -> None:
        """Run the service call ``fn(session, *args, **kwargs)`` off the GUI thread in one
        transaction of ``source``'s store (one user action); deliver its result as :meth:`run` does."""
        self.run(lambda: in_transaction(source, fn, *args, **kwargs), on_done, on_error, owner, source=source)

    def _finish(self, bridge: _Bridge, state: _State) -> None:
        bridge.keep = None  # release the job function here, on the GUI thread
        self._bridges.discard(bridge)
        self._states.discard(state)
        bridge.deleteLater()
        self._running -= 1
        if self._running == 0:
            self.busy_changed.emit(False)

    @property
    def busy(self) -> bool:
        return self._running > 0

    def wait(self, msecs: int = 30000) -> bool:
        """For shutdown: wait for running jobs (their results are then delivered by the event loop)."""
        return self.pool.waitForDone(msecs)
