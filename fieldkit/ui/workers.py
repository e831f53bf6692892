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
"""

from __future__ import annotations

import traceback
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


def _owner_of(callback: Callable[..., Any] | None) -> QObject | None:
    """The QObject a callback belongs to: a bound method's object, or a QObject its closure holds."""
    if callback is None:
        return None
    target = getattr(callback, "__self__", None)
    if isinstance(target, QObject):
        return target
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


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], bridge: _Bridge) -> None:
        super().__init__()
        self.fn: Callable[[], Any] | None = fn
        self.bridge = bridge
        self.setAutoDelete(True)

    def run(self) -> None:
        fn, self.fn = self.fn, None
        try:
            assert fn is not None
            result = fn()
        except BaseException as exc:  # reported on the GUI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            del fn  # before the emit: the bridge's reference is then the last one
            self.bridge.failed.emit(exc)
        else:
            del fn
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

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Run ``fn`` off the GUI thread; deliver its result to ``on_done`` on the GUI thread.

        A result whose ``owner`` (by default the widget the callback belongs to) has been destroyed
        in the meantime is dropped: a view closed while loading must not be touched.
        """
        bridge = _Bridge()  # lives on the GUI thread: its signals are delivered there
        bridge.keep = fn
        self._bridges.add(bridge)
        owner = owner or _owner_of(on_done) or _owner_of(on_error)

        @Slot(object)
        def done(result: Any) -> None:
            self._finish(bridge)
            if on_done and _alive(owner):
                on_done(result)

        @Slot(object)
        def failed(exc: BaseException) -> None:
            self._finish(bridge)
            if on_error:
                if _alive(owner):
                    on_error(exc)
            else:
                self.task_failed.emit(exc)

        bridge.finished.connect(done)
        bridge.failed.connect(failed)
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        self.pool.start(_Job(fn, bridge))

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
        self.run(lambda: in_session(source, fn, *args, **kwargs), on_done, on_error, owner)

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
        self.run(lambda: in_transaction(source, fn, *args, **kwargs), on_done, on_error, owner)

    def _finish(self, bridge: _Bridge) -> None:
        bridge.keep = None  # release the job function here, on the GUI thread
        self._bridges.discard(bridge)
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
