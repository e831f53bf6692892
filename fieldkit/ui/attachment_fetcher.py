"""Photos and signatures downloaded on demand when a record is opened, never on the GUI thread.

A laptop pulls the rows of attachments with the records; their files come from the server only
when someone opens the record. :class:`AttachmentFetcher` takes the files a view found missing,
downloads them one by one on a :class:`FetchThread` through the sync engine
(:meth:`fieldkit.sync.engine.SyncEngine.fetch_attachment`, resumable, verified by hash), and
reports by queued signals: a progress line per file ("正在下载照片 2/3：现场.jpg …"), each file as it
arrives (with what the view decoded from it on the worker thread), and at the end either nothing
or the reason the rest is not here (offline: "照片尚未下载，联网后可查看"). The view keeps working
meanwhile; a file still missing is simply shown as not downloaded.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal
from sqlalchemy.engine import Engine

from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.sync.engine import SyncEngine
from fieldkit.sync.errors import AuthRequired, NotConnected, Offline, SyncError

log = logging.getLogger(__name__)
CTX = "AttachmentFetcher"

#: what a kind of file is called in the progress line and the messages
KIND_NAMES = {"photo": N(CTX, "照片"), "signature": N(CTX, "签名")}


def _t(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


@dataclass(frozen=True)
class Wanted:
    """One file a view needs: its hash (the file name), what the user calls it, its kind
    (``photo`` / ``signature``) and a key the view uses to find where it goes."""

    sha256: str
    filename: str
    kind: str = "photo"
    key: str = ""


def kind_name(kind: str) -> str:
    return _t(KIND_NAMES.get(kind, KIND_NAMES["photo"]))


def progress_line(w: Wanted, n: int, total: int) -> str:
    if not w.filename:  # a signature has no file name of its own
        return _t(N(CTX, "正在下载{kind} {n}/{total} …")).format(kind=kind_name(w.kind), n=n, total=total)
    return _t(N(CTX, "正在下载{kind} {n}/{total}：{name} …")).format(
        kind=kind_name(w.kind), n=n, total=total, name=w.filename
    )


def missing_text(exc: BaseException | None, kinds: set[str]) -> str:
    """Why the files are not here, in the user's words."""
    what = kind_name("photo" if "photo" in kinds or not kinds else "signature")
    if isinstance(exc, Offline):
        return _t(N(CTX, "{kind}尚未下载，联网后可查看")).format(kind=what)
    if isinstance(exc, NotConnected):
        return _t(N(CTX, "{kind}不在这台电脑上：本机尚未连接服务器，无法下载")).format(kind=what)
    if isinstance(exc, AuthRequired):
        return _t(N(CTX, "{kind}尚未下载：请重新登录服务器后再查看")).format(kind=what)
    if isinstance(exc, SyncError):
        return _t(N(CTX, "{kind}暂时无法下载：{reason}")).format(kind=what, reason=exc.text())
    return _t(N(CTX, "{kind}暂时无法下载，稍后再试")).format(kind=what)


Decoder = Callable[[Wanted, Path], Any]
EngineFactory = Callable[[Engine, Path], SyncEngine]


def default_engine(engine: Engine, folder: Path) -> SyncEngine:
    return SyncEngine.for_store(engine, folder)


class FetchThread(QThread):
    """Downloads the wanted files in order; stops at the first failure (the rest would fail the
    same way: offline, signed out) and reports it."""

    #: (this thread, the progress line)
    progress = Signal(object, str)
    #: a file is here: (this thread, Wanted, what the decoder made of it)
    fetched = Signal(object, object, object)
    #: (this thread, the files still missing, the reason or None when all arrived)
    ended = Signal(object, object, object)

    def __init__(
        self,
        engine: Engine,
        folder: Path,
        wanted: list[Wanted],
        decode: Decoder | None,
        engine_factory: EngineFactory,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.folder = folder
        self.wanted = wanted
        self.decode = decode
        self.engine_factory = engine_factory
        self.cancel_event = threading.Event()

    def run(self) -> None:
        left = list(self.wanted)
        sync: SyncEngine | None = None
        try:
            sync = self.engine_factory(self.engine, self.folder)
            total = len(self.wanted)
            for n, w in enumerate(self.wanted, start=1):
                if self.cancel_event.is_set():
                    break
                self.progress.emit(self, progress_line(w, n, total))
                path = sync.fetch_attachment(w.sha256)
                made = self.decode(w, path) if self.decode is not None else path
                left.remove(w)
                self.fetched.emit(self, w, made)
        except BaseException as exc:  # reported to the GUI thread, never raised into Qt
            log.info("attachments not downloaded: %s", exc)
            self.ended.emit(self, left, exc)
            return
        finally:
            close = getattr(getattr(sync, "client", None), "close", None)
            if callable(close):
                close()
        self.ended.emit(self, left, None)


#: running threads, kept here (not parented to a view) so closing a view never destroys one that
#: is still downloading; :func:`stop_all` waits for them when the window closes
_RUNNING: set[FetchThread] = set()


def stop_all(wait_ms: int = 10_000) -> None:
    for t in list(_RUNNING):
        t.cancel_event.set()
    for t in list(_RUNNING):
        t.wait(wait_ms)


class AttachmentFetcher(QObject):
    """One download run at a time per view; a new request (another record opened) cancels the old."""

    progress = Signal(str)
    fetched = Signal(object, object)
    #: (still missing: list[Wanted], message for the user or "" when all arrived)
    finished = Signal(object, str)

    def __init__(
        self,
        engine: Engine,
        folder: Path,
        *,
        engine_factory: EngineFactory | None = None,
        key: bytes | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.folder = folder
        if engine_factory is None:  # downloads written encrypted with the store's key

            def engine_factory(engine: Engine, folder: Path) -> SyncEngine:
                return SyncEngine.for_store(engine, folder, key=key)

        self.engine_factory = engine_factory
        self.worker: FetchThread | None = None

    @property
    def running(self) -> bool:
        return self.worker is not None

    def fetch(self, wanted: list[Wanted], decode: Decoder | None = None) -> bool:
        """Start downloading ``wanted`` (False when there is nothing to download)."""
        self.cancel()
        if not wanted:
            return False
        t = FetchThread(self.engine, self.folder, list(wanted), decode, self.engine_factory)
        t.progress.connect(self._progress)
        t.fetched.connect(self._fetched)
        t.ended.connect(self._ended)
        _RUNNING.add(t)
        self.worker = t
        t.start()
        return True

    def _progress(self, t: FetchThread, text: str) -> None:
        if t is self.worker:
            self.progress.emit(text)

    def _fetched(self, t: FetchThread, w: Wanted, made: Any) -> None:
        if t is self.worker:
            self.fetched.emit(w, made)

    def _ended(self, t: FetchThread, left: list[Wanted], exc: BaseException | None) -> None:
        t.wait()  # its run() has ended: this is brief
        _RUNNING.discard(t)
        if t is not self.worker:
            return  # a cancelled run of a record no longer shown
        self.worker = None
        text = "" if not left else missing_text(exc, {w.kind for w in left})
        self.finished.emit(left, text)

    def cancel(self) -> None:
        t, self.worker = self.worker, None
        if t is not None:
            t.cancel_event.set()

    def stop(self, wait_ms: int = 10_000) -> None:
        t = self.worker
        self.cancel()
        if t is not None:
            t.wait(wait_ms)
