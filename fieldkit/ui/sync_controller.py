"""Background sync for the window: never on the GUI thread, one at a time.

:class:`SyncController` owns

* a health poll: every ``poll_ms`` it asks the connected server's ``/healthz`` on a worker thread
  (bounded time-out, no retries); going from unreachable to reachable starts a sync;
* a periodic sync every ``interval_ms`` while the server is reachable;
* :meth:`sync_now` (the window's 立即同步), which runs :meth:`fieldkit.sync.engine.SyncEngine.sync`
  in a :class:`SyncThread` (a QThread) reporting progress and the result by queued signals.

Only one sync runs at a time: a request while one runs is remembered and runs once afterwards.
A revoked device (:class:`~fieldkit.sync.errors.DeviceRevoked`) stops the syncs and emits
:attr:`SyncController.device_revoked` (the window closes, the local data is wiped). An expired
token (:class:`~fieldkit.sync.errors.AuthRequired`) pauses the
automatic syncs and emits :attr:`SyncController.auth_required` (the window asks for the password
again; the outbox is untouched); an incompatible version pauses them with the server's message
(:attr:`SyncController.incompatible`) until the program is updated.
A demo store never syncs: with ``enabled=False``, and once the controller has learnt that the store
is a demo (:meth:`SyncController.set_demo`, from the window's facts or its own health check) it stops
its timers and :meth:`~SyncController.sync_now` refuses; a sync thread started before that checks
the store first and reports :class:`~fieldkit.services.outbox.DemoStoreError` without touching the
engine (its text is the user's message, never a traceback).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from sqlalchemy.engine import Engine
from sqlmodel import Session

from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.outbox import DemoStoreError, is_demo_store
from fieldkit.sync import account
from fieldkit.sync.engine import SyncEngine, SyncReport
from fieldkit.sync.errors import AuthRequired, DeviceRevoked, Incompatible, SyncError
from fieldkit.ui.workers import TaskRunner

if TYPE_CHECKING:  # requests (behind the client) is imported when a server is first asked
    from fieldkit.sync.client import SyncClient

log = logging.getLogger(__name__)

#: how often the window asks the server whether it is reachable
HEALTH_POLL_MS = 30_000
#: how often it syncs while the server is reachable
SYNC_INTERVAL_MS = 5 * 60_000
#: the health check's time-out (seconds): a dead network must not hold the poll for long
HEALTH_TIMEOUT_S = 3.0

ClientFactory = Callable[[Engine], "SyncClient"]


def default_client(engine: Engine) -> SyncClient:
    return account.client_for(engine)


class SyncThread(QThread):
    """One run of the engine off the GUI thread; results by queued signals."""

    progress = Signal(object)  # Progress
    succeeded = Signal(object)  # SyncReport
    failed = Signal(object)  # BaseException

    def __init__(
        self,
        engine: Engine,
        attachments: Path,
        client_factory: ClientFactory,
        parent: QObject | None = None,
        key: bytes | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.attachments = attachments
        self.key = key
        self.client_factory = client_factory
        self.cancel_event = threading.Event()

    def run(self) -> None:
        try:
            with Session(self.engine) as s:
                if is_demo_store(s):  # invented rows never reach a server
                    raise DemoStoreError(
                        N("Sync", "这是演示数据，不能同步到服务器；请连接服务器新建工作数据")
                    )
            client = self.client_factory(self.engine)
            try:
                report = SyncEngine(self.engine, client, self.attachments, key=self.key).sync(
                    progress=self.progress.emit, cancel=self.cancel_event
                )
            finally:
                close = getattr(client, "close", None)
                if callable(close):
                    close()
        except BaseException as exc:  # reported to the GUI thread, never raised into Qt
            self.failed.emit(exc)
        else:
            self.succeeded.emit(report)


class SyncController(QObject):
    #: a sync started
    started = Signal()
    #: a Progress of the running sync
    progress = Signal(object)
    #: a sync finished: its SyncReport
    finished = Signal(object)
    #: a sync stopped with an error (SyncError or another exception); not for AuthRequired/Incompatible
    failed = Signal(object)
    #: the server refuses the token: ask the password again (sign_in_again)
    auth_required = Signal(object)
    #: the admin revoked this device (the sync pushed first what the server still took): the
    #: window closes and the composition root wipes the local data; syncs stop for good
    device_revoked = Signal(object)
    #: the server speaks another version: its message; automatic syncs are paused
    incompatible = Signal(object)
    #: reachability changed: True / False, None when no server is configured
    online_changed = Signal(object)
    #: a sync finished that pulled or changed rows: views reload
    data_pulled = Signal()

    def __init__(
        self,
        engine: Engine,
        attachments: Path,
        *,
        enabled: bool = True,
        client_factory: ClientFactory = default_client,
        health_poll_ms: int = HEALTH_POLL_MS,
        interval_ms: int = SYNC_INTERVAL_MS,
        parent: QObject | None = None,
        key: bytes | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.attachments = attachments
        self.key = key
        self.enabled = enabled
        self.client_factory = client_factory
        self.online: bool | None = None
        self.server_url = ""
        #: why automatic syncs are paused ("auth" / "incompatible"), "" when they run
        self.paused = ""
        self.worker: SyncThread | None = None
        self.last_report: SyncReport | None = None
        self.last_error: BaseException | None = None
        self._again = False
        self._health_busy = False
        #: the store is a demo (None until known): it never syncs
        self.demo: bool | None = None
        self.net = TaskRunner(self, max_threads=1)
        self.health_timer = QTimer(self)
        self.health_timer.setObjectName("syncHealthTimer")
        self.health_timer.timeout.connect(self.check_health)
        self.interval_timer = QTimer(self)
        self.interval_timer.setObjectName("syncIntervalTimer")
        self.interval_timer.timeout.connect(self._periodic)
        self._health_ms = health_poll_ms
        self._interval_ms = interval_ms

    # -- life -----------------------------------------------------------------------------------------------
    def start(self) -> None:
        """Begin polling the server (a demo store never does)."""
        if not self.enabled or self.demo:
            self.online_changed.emit(None)
            return
        self.health_timer.start(self._health_ms)
        self.interval_timer.start(self._interval_ms)
        self.check_health()

    def stop(self, wait_ms: int = 10_000) -> None:
        """Stop the timers, cancel a running sync and wait for it (what it committed stays)."""
        self.health_timer.stop()
        self.interval_timer.stop()
        if self.worker is not None:
            self.worker.cancel_event.set()
            self.worker.wait(wait_ms)
        self.net.wait(wait_ms)

    @property
    def running(self) -> bool:
        return self.worker is not None

    def set_demo(self, demo: bool) -> None:
        """The store is (not) a demo; a demo's timers stop and it never starts a sync."""
        self.demo = demo
        if demo:
            self.health_timer.stop()
            self.interval_timer.stop()

    # -- reachability ---------------------------------------------------------------------------------------
    def check_health(self) -> None:
        if not self.enabled or self.demo or self._health_busy:
            return
        self._health_busy = True
        engine = self.engine

        def job() -> tuple[str, bool | None, bool]:
            with Session(engine) as s:
                st = account.status(s)
                demo = is_demo_store(s)
                bundle = account.ca_bundle(s)
            if demo or not st.server_url:
                return "", None, demo
            try:
                from fieldkit.sync.client import SyncClient  # requests: when a server is first asked

                client = SyncClient(st.server_url, timeout=HEALTH_TIMEOUT_S, retries=0, ca_bundle=bundle)
            except SyncError:
                return st.server_url, False, False
            try:
                client.healthz()
                return st.server_url, True, False
            except SyncError:
                return st.server_url, False, False
            finally:
                client.close()

        self.net.run(job, self._health_done, self._health_failed)

    def _health_done(self, result: tuple[str, bool | None, bool]) -> None:
        self._health_busy = False
        url, ok, demo = result
        if demo:
            self.set_demo(True)
        was = self.online
        self.server_url = url
        self.online = ok
        self.online_changed.emit(ok)
        if ok and not was and not self.paused:
            self.sync_now()

    def _health_failed(self, exc: BaseException) -> None:
        self._health_busy = False
        log.warning("health check: %s", exc)
        self.online = False
        self.online_changed.emit(False)

    def _periodic(self) -> None:
        if self.online and not self.paused:
            self.sync_now()

    # -- syncing --------------------------------------------------------------------------------------------
    def sync_now(self) -> bool:
        """Start a sync now; False when none can start (demo store) or one is already running
        (it then runs once more when the current one ends)."""
        if not self.enabled or self.demo:
            return False
        if self.worker is not None:
            self._again = True
            return False
        self.paused = "" if self.paused == "auth" else self.paused
        t = SyncThread(self.engine, self.attachments, self.client_factory, self, key=self.key)
        t.progress.connect(self.progress)
        t.succeeded.connect(self._succeeded)
        t.failed.connect(self._failed)
        t.finished.connect(t.deleteLater)
        self.worker = t
        self.started.emit()
        t.start()
        return True

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel_event.set()

    def _end(self) -> None:
        t, self.worker = self.worker, None
        if t is not None:
            t.wait()
        if self._again and not self.paused:
            self._again = False
            QTimer.singleShot(0, self.sync_now)
        self._again = False

    def _succeeded(self, report: SyncReport) -> None:
        self.last_report = report
        self.last_error = None
        if not self.online:
            self.online = True
            self.online_changed.emit(True)
        self._end()
        if _changed_rows(report):
            self.data_pulled.emit()
        self.finished.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.last_error = exc
        self._again = self._again and not isinstance(
            exc, AuthRequired | Incompatible | DemoStoreError | DeviceRevoked
        )
        if isinstance(exc, DemoStoreError):
            self.set_demo(True)
        if isinstance(exc, AuthRequired):
            self.paused = "auth"
        elif isinstance(exc, Incompatible):
            self.paused = "incompatible"
        elif isinstance(exc, DeviceRevoked):
            self.paused = "revoked"
            self.health_timer.stop()
            self.interval_timer.stop()
        self._end()
        self.data_pulled.emit()  # a sync stopped midway may have committed pages: show them
        if isinstance(exc, AuthRequired):
            self.auth_required.emit(exc)
        elif isinstance(exc, DeviceRevoked):
            self.device_revoked.emit(exc)
        elif isinstance(exc, Incompatible):
            self.incompatible.emit(exc)
        else:  # Offline, ServerError, Cancelled, anything else: the window says why
            self.failed.emit(exc)

    def resume(self) -> None:
        """After signing in again: automatic syncs run again, and one starts now."""
        self.paused = ""
        self.sync_now()


def _changed_rows(report: Any) -> bool:
    return any(
        getattr(report, name, 0)
        for name in ("pulled", "removed", "applied", "conflicts", "rejected", "duplicates", "downloaded")
    )
