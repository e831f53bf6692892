"""The store's modules (SQLAlchemy, SQLModel, the models, SQLCipher, the services the sign-in and
the first view need) imported on the task runner while the GUI thread shows the splash and the
sign-in dialog (issue 11 §3).

Only one thread imports that module graph at a time: whatever needs the ORM waits for
:meth:`StoreModules.wait` first — on the GUI thread the event loop keeps turning meanwhile (the
dialog paints and takes keys), on a worker thread it blocks. A sign-in's argon2id needs none of it
(:mod:`fieldkit.keystore`): a password submitted while the imports go on is derived on the runner's
other thread at once (``Vault.unlock(ready=...)`` waits after it).
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

# Qt is imported where it is used: the start begins the first view's read (FirstViewRead) before
# PySide6 is imported (≈ 0.09 s), so that its argon2id overlaps that import too


class StoreModules:
    """``names`` imported once on a runner thread (the composition root's list:
    :data:`fieldkit.app.SIGN_IN_MODULES`); :meth:`wait` from any thread."""

    def __init__(self, names: Iterable[str], after: Callable[[], Any] | None = None) -> None:
        self.names = tuple(names)
        #: run on the runner thread once the modules are imported (e.g. install the migration listener)
        self.after = after
        self.after_result: Any = None
        self._done = threading.Event()
        self._error: BaseException | None = None
        self._loops: list[Any] = []  # QEventLoops waiting on the GUI thread
        self.started = False

    def start(self, runner: Any) -> None:
        """Begin importing on ``runner`` (a :class:`~fieldkit.ui.workers.TaskRunner`)."""
        self.started = True
        runner.run(self._load, lambda _r: self._delivered(), lambda _e: self._delivered())

    def _load(self) -> None:
        try:
            for name in self.names:
                importlib.import_module(name)
            if self.after is not None:
                self.after_result = self.after()
        except BaseException as exc:
            self._error = exc
            raise
        finally:
            self._done.set()  # worker threads waiting go on at once, the GUI thread when delivered

    def _delivered(self) -> None:
        for loop in self._loops:
            loop.quit()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def finish(self) -> bool:
        """:meth:`wait`, then whether the modules were imported (False: an import failed; it was
        raised where they were needed)."""
        try:
            self.wait()
        except Exception:
            return False
        return True

    def wait(self) -> None:
        """Return once the modules are imported (at once when they are, or nothing was started);
        an import that failed raises here."""
        if not self.started:
            return
        if not self._done.is_set():
            from PySide6.QtCore import QCoreApplication, QEventLoop, QThread

            app = QCoreApplication.instance()
            if app is not None and app.thread() is QThread.currentThread():
                loop = QEventLoop()
                self._loops.append(loop)
                try:
                    while not self._done.is_set():
                        loop.exec()
                finally:
                    self._loops.remove(loop)
            else:
                self._done.wait()
        if self._error is not None:
            raise self._error


#: imported beside the first view's key derivation (:class:`FirstViewRead`)
FIRST_VIEW_MODULES = ("fieldkit.store_crypt", "sqlcipher3.dbapi2", "fieldkit.services.today_sql")


def _import_quietly(names: Iterable[str]) -> None:
    """Import ``names`` (a failure is the read's to raise, where it imports them itself)."""
    for name in names:
        try:
            importlib.import_module(name)
        except BaseException:  # noqa: BLE001 - raised again by the read
            return


class FirstViewRead:
    """The start's first view (:func:`fieldkit.services.first_view.read_first_view`: argon2id, the
    offline password, Today's board, without the ORM) read on a thread of its own, begun before the
    QApplication exists, so that the key derivation (which releases the GIL) overlaps building the
    application, the splash and importing the window. :meth:`result` on the GUI thread."""

    def __init__(self, folder: Any, login: str, password: str) -> None:
        from concurrent.futures import Future

        self.future: Future[Any] = Future()
        self._args = (folder, login, password)
        #: when the read began and ended (seconds since the epoch; for the start-up probe)
        self.began = time.time()
        self.ended = 0.0
        self._thread = threading.Thread(target=self._read, name="fieldkit-first-view", daemon=True)
        self._thread.start()
        # what the read needs after the key (the board's SQL, SQLCipher) imported beside argon2id,
        # which releases the GIL: off the read's critical path
        threading.Thread(
            target=_import_quietly, args=(FIRST_VIEW_MODULES,), name="fieldkit-first-imports", daemon=True
        ).start()

    def _read(self) -> None:
        try:
            from fieldkit.services.first_view import read_first_view

            first = read_first_view(*self._args)
        except BaseException as exc:  # delivered to result(): the ordinary start follows
            self.ended = time.time()
            self.future.set_exception(exc)
        else:
            self.ended = time.time()
            self.future.set_result(first)

    def result(self, meanwhile: Callable[[], object] | None = None) -> Any:
        """The first view (or its exception), waited for with the event loop turning; ``meanwhile``
        runs first (GUI-thread work that overlaps the read, e.g. importing the window's modules)."""
        try:
            if meanwhile is not None:
                meanwhile()
        finally:
            if not self.future.done():
                from PySide6.QtCore import QEventLoop, QObject, Qt, Signal

                class _Wake(QObject):
                    done = Signal()

                loop = QEventLoop()
                wake = _Wake()
                wake.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
                self.future.add_done_callback(lambda _f: wake.done.emit())
                while not self.future.done():
                    loop.exec()
        return self.future.result()
