"""The sync engine: push, upload, pull, check — resumable after any interruption.

One :meth:`SyncEngine.sync`:

1. **push** the pending outbox in device-sequence order, in batches (a transaction's entries are
   never split across batches). The entries are marked sent (committed) *before* the request, so
   an edit made meanwhile becomes a new entry and a retry sends exactly the body the server may
   already hold. The results are written in one local transaction: applied / duplicate →
   acknowledged (the row takes the server's version); conflict → acknowledged (the server applied
   it) and each lost value becomes a local :class:`SyncConflict` for the owner to decide;
   rejected → kept with the server's reason (never retried by itself, never blocking the queue);
   rejected with ``existing_id`` (the same credit code created elsewhere) → the local copy is merged
   into the server's row and the entries that failed with it are sent again.
2. **upload** the bytes of attachments whose rows the server accepted, in resumable chunks.
3. **pull** pages from the cursor; each page is applied, rebased over local edits still waiting
   (:func:`fieldkit.services.replica.rebase_pending`), its removals purged, and the cursor saved,
   all in ONE local transaction (a first pull fetches pages ahead on a worker thread, and with
   ``first_batch_rows`` writes several consecutive pages in one transaction, the cursor saved
   with the last); applying a page twice is harmless.
4. **check** the scope checksum when nothing is waiting; on drift pull everything again from 0
   and drop local rows the server no longer has for this scope.

No transaction is held across a network call; every step opens its own session on the engine it
was given, so the window can run a sync on a worker thread while the user keeps working.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Engine, exists, func, literal
from sqlalchemy import select as sql_select
from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from fieldkit.domain.demands import AUTO_REMIND_NOTES
from fieldkit.models import (
    SYNCED_TABLES,
    Assignment,
    Attachment,
    AuditLog,
    Enterprise,
    OutboxEntry,
    SyncConflict,
    SyncMeta,
    new_id,
)
from fieldkit.services import outbox, replica
from fieldkit.services.attachments import AttachmentService
from fieldkit.services.store import SYSTEM

from . import account
from .errors import AuthRequired, Cancelled, DeviceRevoked, HashMismatch, NotOnServer, ServerError, SyncError
from .protocol import (
    ATTACHMENT_CHUNK,
    Mutation,
    MutationResult,
    PullPage,
    PushRequest,
    Removal,
    scope_checksum,
)

if TYPE_CHECKING:  # requests (behind the client) is imported when a sync first makes a client
    from .client import SyncClient

Phase = Literal["push", "upload", "pull", "download", "check", "index"]
FaultHook = Callable[[str], None]
ProgressHook = Callable[["Progress"], None]

#: entries per push request (the server takes up to 1000)
PUSH_BATCH = 500
#: rows per pull page asked for
PULL_PAGE = 500
#: rows held back waiting for their parent before they are committed without it
MAX_HELD = 50_000
#: pulls of a whole sync before it gives up on a server that never says "no more"
MAX_PAGES = 100_000
#: a first pull may write consecutive pages in one local transaction until it holds this many rows
#: (0: one page per transaction). Off by default: batches cut the writes of a full-size first sync
#: from 8.7 to 2.7 GB, but in batches the assignment pages' inserts grew dearer with every page of
#: the transaction (60–72 s of CPU instead of 5.4 s at 11,181 assignments; docs/benchmarks.md,
#: "sync-first"), a cause not yet found — until it is, the pages are committed one by one.
FIRST_BATCH_ROWS = 0
#: pages a first pull fetches ahead of the one it applies
PREFETCH = 8
#: page cache (KiB) of a first pull's connection (as an encrypted store's, fieldkit.db)
FIRST_PULL_CACHE_KIB = 64_000


@dataclass
class Progress:
    phase: Phase
    done: int
    total: int | None
    detail: str = ""
    eta_seconds: float | None = None


@dataclass
class SyncReport:
    pushed: int = 0  # entries the server took (applied, or already had)
    applied: int = 0
    duplicates: int = 0
    conflicts: int = 0
    rejected: int = 0
    pulled: int = 0  # rows written from pulled pages (incl. rebased ones)
    removed: int = 0  # local rows purged because they left the scope
    uploaded: int = 0
    downloaded: int = 0
    full_resync: bool = False
    merged: int = 0  # local copies merged into the server's row ("exists — use id X")

    @property
    def needs_attention(self) -> bool:
        return bool(self.rejected or self.conflicts)


@dataclass(frozen=True)
class _Probe:
    """What a sync needs to know before it starts, read in one statement: a sync with nothing to
    do reads only this, makes one request (an empty pull page) and writes the end-of-sync stamp."""

    demo: bool
    waiting: int  # outbox entries waiting to be pushed
    queued: bool  # any outbox entry (rejected ones too): the checksum cannot agree yet
    uploads: bool  # attachment rows the server holds that this device has not seen uploaded
    cursor: int
    checked_cursor: str


def _meta_value(key: str) -> Any:
    return sql_select(col(SyncMeta.value)).where(col(SyncMeta.key) == key).scalar_subquery()


_PROBE = sql_select(
    _meta_value("demo").label("demo"),
    sql_select(func.count())
    .select_from(OutboxEntry)
    .where(col(OutboxEntry.state) == "pending")
    .scalar_subquery()
    .label("waiting"),
    exists(sql_select(literal(1)).select_from(OutboxEntry)).label("queued"),
    exists(
        sql_select(literal(1))
        .select_from(Attachment)
        .where(
            col(Attachment.uploaded).is_(False),
            col(Attachment.deleted).is_(False),
            col(Attachment.server_version) > 0,
        )
    ).label("uploads"),
    _meta_value(account.CURSOR).label("cursor"),
    _meta_value(account.CHECKED_CURSOR).label("checked"),
)


class _Eta:
    """Time left from the rate so far (None until there is a rate)."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def __call__(self, done: int, total: int | None) -> float | None:
        if not total or done <= 0 or done >= total:
            return None if not total or done < total else 0.0
        elapsed = time.monotonic() - self.start
        return elapsed / done * (total - done)


class _Pages:
    """Pull pages from a cursor on. With ``ahead`` > 0 a worker thread fetches up to that many
    pages ahead of the caller (requests only: it never touches the store), so the next pages
    arrive while the caller applies the current ones; with 0 each page is fetched when taken, on
    the caller's thread. :meth:`stop` ends the worker (after the request under way, if any)."""

    def __init__(self, client: SyncClient, limit: int, *, ahead: int, cancel: threading.Event | None) -> None:
        self.client = client
        self.limit = limit
        self.ahead = max(0, ahead)
        self.cancel = cancel
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._queue: queue.Queue[tuple[PullPage | None, BaseException | None]] = queue.Queue()
        self._next: tuple[PullPage | None, BaseException | None] | None = None  # taken, not yet used

    def start(self, cursor: int) -> None:
        self.stop()
        self._next = None
        if not self.ahead:
            return
        self._stop = threading.Event()
        self._queue = queue.Queue(maxsize=self.ahead)
        self._thread = threading.Thread(
            target=self._run, args=(cursor, self._stop, self._queue), name="fieldkit-pull", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(
        self,
        cursor: int,
        stop: threading.Event,
        out: queue.Queue[tuple[PullPage | None, BaseException | None]],
    ) -> None:
        while not stop.is_set():
            try:
                page = self.client.pull(cursor, self.limit)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller, raised there
                self._put(out, stop, (None, exc))
                return
            self._put(out, stop, (page, None))
            if page.full_resync or not page.has_more or page.cursor < cursor:
                return  # the caller decides what comes next
            cursor = page.cursor

    @staticmethod
    def _put(
        out: queue.Queue[tuple[PullPage | None, BaseException | None]],
        stop: threading.Event,
        item: tuple[PullPage | None, BaseException | None],
    ) -> None:
        while not stop.is_set():
            try:
                out.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def _get(self) -> tuple[PullPage | None, BaseException | None] | None:
        """The next fetched item, waiting for it; None when the caller cancelled meanwhile."""
        while True:
            try:
                return self._queue.get(timeout=0.1)
            except queue.Empty:
                if self.cancel is not None and self.cancel.is_set():
                    return None
                if self._thread is None or not self._thread.is_alive():
                    if self._queue.empty():
                        raise ServerError(code="pull_stopped", detail="fetcher") from None

    def take(self, cursor: int, rows: int = 0) -> list[PullPage]:
        """The page at ``cursor`` and, with ``rows`` > 0 and pages fetched ahead, the pages after it
        until they hold ``rows`` rows, the last page, an error or a full resync (those two come
        on their own, with the next call). Waits for pages still on their way; no transaction
        may be open meanwhile."""
        if not self.ahead:
            return [self.client.pull(cursor, self.limit)]
        group: list[PullPage] = []
        count = 0
        while True:
            item = self._next if self._next is not None else self._get()
            self._next = None
            if item is None:  # cancelled: what came is applied, then the caller stops
                if group:
                    return group
                raise Cancelled(code="cancelled")
            page, error = item
            if error is not None or (page is not None and page.full_resync and group):
                if group:
                    self._next = item
                    return group
                assert error is not None
                raise error
            assert page is not None
            group.append(page)
            count += len(page.rows)
            if page.full_resync or not page.has_more or count >= rows:
                return group


class SyncEngine:
    def __init__(
        self,
        engine: Engine,
        client: SyncClient,
        attachments_dir: Path,
        *,
        faults: FaultHook | None = None,
        push_batch: int = PUSH_BATCH,
        pull_page: int = PULL_PAGE,
        key: bytes | None = None,
        first_batch_rows: int = FIRST_BATCH_ROWS,
        prefetch: int = PREFETCH,
    ) -> None:
        self.engine = engine
        self.client = client
        # with the store's data key the files are encrypted on disk; the protocol (bytes, sha256)
        # always carries the plaintext
        self.attachments = AttachmentService(SYSTEM, attachments_dir, key)
        self.faults = faults
        self.push_batch = max(1, push_batch)
        self.pull_page = max(1, pull_page)
        self.first_batch_rows = max(0, first_batch_rows)
        self.prefetch = max(0, prefetch)
        self._progress: ProgressHook | None = None
        self._cancel: threading.Event | None = None

    @classmethod
    def for_store(
        cls, engine: Engine, data_folder: Path, *, faults: FaultHook | None = None, key: bytes | None = None
    ) -> SyncEngine:
        """The engine for a connected store in ``data_folder``, with a client for its server and
        token (:class:`NotConnected` / :class:`AuthRequired` when there is none to use)."""
        from fieldkit.config import attachments_dir

        return cls(engine, account.client_for(engine), attachments_dir(data_folder), faults=faults, key=key)

    # -- helpers -------------------------------------------------------------------------------

    def _session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def _fault(self, point: str) -> None:
        if self.faults is not None:
            self.faults(point)

    def _check_cancel(self) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise Cancelled(code="cancelled")

    def _report(
        self, phase: Phase, done: int, total: int | None, detail: str = "", eta: float | None = None
    ) -> None:
        if self._progress is not None:
            self._progress(Progress(phase, done, total, detail, eta))

    # -- the whole sync ------------------------------------------------------------------------

    def sync(self, progress: ProgressHook | None = None, cancel: threading.Event | None = None) -> SyncReport:
        """Push, upload, pull, check. Raises a :class:`SyncError` (Offline, AuthRequired, …) when it
        cannot finish; what was committed before stays, and the next sync goes on from there."""
        self._progress, self._cancel = progress, cancel
        report = SyncReport()
        try:
            probe = self._probe()
            if probe.demo:  # invented rows: never pushed, and no server's rows pulled in
                raise outbox.DemoStoreError(outbox.DEMO_REFUSED)
            if probe.waiting:
                self._push(report)
            pushed = bool(probe.waiting)
            if probe.uploads or pushed:  # a push may have given attachment rows their version
                self._upload(report)
            start = (report.pulled, report.removed)
            cursor = self._pull(report, cursor=None if pushed else probe.cursor)
            if pushed or cursor != probe.cursor or (report.pulled, report.removed) != start:
                self._check(report)
            elif not probe.queued and probe.checked_cursor != str(cursor):
                self._check(report)  # nothing moved, but this cursor was never compared
        except (AuthRequired, DeviceRevoked) as exc:
            with self._session() as s:  # the server no longer takes this token: show "signed out"
                account.forget_token(s)
                s.commit()
            self._finish(exc.source_text())
            raise
        except SyncError as exc:
            self._finish(exc.source_text())
            raise
        self._finish("")
        return report

    def _probe(self) -> _Probe:
        with self.engine.connect() as conn:
            r = conn.execute(_PROBE).one()
        cursor = str(r.cursor or "")
        return _Probe(
            demo=r.demo == "1",
            waiting=int(r.waiting or 0),
            queued=bool(r.queued),
            uploads=bool(r.uploads),
            cursor=int(cursor) if cursor.isdigit() else 0,
            checked_cursor=str(r.checked or ""),
        )

    def _finish(self, error: str) -> None:
        with self.engine.begin() as conn:  # one upsert, no session (nothing to index or flush)
            account.stamp_synced(conn, error)

    # -- push ----------------------------------------------------------------------------------

    def _next_batch(self) -> tuple[list[OutboxEntry], int]:
        with self._session() as s:
            entries = outbox.pending(s, limit=self.push_batch + 1)
            if len(entries) > self.push_batch:
                more = entries[self.push_batch]
                entries = entries[: self.push_batch]
                tx = more.tx_id
                if tx and entries[-1].tx_id == tx:  # never split one user action across requests
                    kept = [e for e in entries if e.tx_id != tx]
                    entries = kept or entries
            if entries:
                outbox.mark_sent(s, entries)
            cursor = account.cursor(s)
            s.commit()
        return entries, cursor

    def _push(self, report: SyncReport) -> None:
        with self._session() as s:
            if outbox.is_demo_store(s):  # invented rows: never pushed, and no server's rows pulled in
                raise outbox.DemoStoreError(outbox.DEMO_REFUSED)
            total = outbox.waiting_count(s)
        if not total:
            return  # nothing to send: no batch to read, nothing to mark (an edit made now waits)
        done = 0
        seen: set[str] = set()
        eta = _Eta()
        self._report("push", 0, total)
        while True:
            self._check_cancel()
            entries, cursor = self._next_batch()
            fresh = [e for e in entries if e.mutation_id not in seen]
            if not fresh:
                return
            seen.update(e.mutation_id for e in entries)
            request = PushRequest(mutations=[_mutation(e) for e in entries], cursor=cursor)
            self._fault("before_push")
            response = self.client.push(request)
            self._fault("after_push_sent")
            self._record_results(entries, response.results, report)
            self._fault("after_push_results")
            done += len(entries)
            total = max(total, done)
            self._report("push", done, total, eta=eta(done, total))

    def _record_results(
        self, entries: list[OutboxEntry], results: list[MutationResult], report: SyncReport
    ) -> None:
        by_id = {e.mutation_id: e for e in entries}
        merges: list[tuple[OutboxEntry, str]] = []
        # the server holds these ids with another body: a copied data folder sends what the
        # original already sent, under its new device id; sent again under new ids they take
        # effect as ordinary edits (the same values change nothing), never twice
        replayed_tx = {
            by_id[r.mutation_id].tx_id or r.mutation_id
            for r in results
            if r.status == "rejected" and r.code == "body_mismatch" and r.mutation_id in by_id
        }
        with self._session() as s:
            acked: list[str] = []
            versions: dict[str, int] = {}
            for res in results:
                entry = by_id.get(res.mutation_id)
                if entry is None:
                    continue
                status = res.first_status if res.status == "duplicate" and res.first_status else res.status
                if res.status == "duplicate":
                    report.duplicates += 1
                if status in ("applied", "duplicate", "conflict"):
                    acked.append(res.mutation_id)
                    if res.server_version is not None:
                        versions[res.mutation_id] = res.server_version
                    report.pushed += 1
                    if res.status != "duplicate":
                        report.applied += 1
                    if status == "conflict":
                        report.conflicts += 1
                        for c in res.conflicts:
                            outbox.add_conflict(
                                s,
                                table_name=entry.table_name,
                                row_id=entry.row_id,
                                field=c.field,
                                local_value=c.kept_value,
                                server_value=c.lost_value,
                                server_version=res.server_version or 0,
                            )
                elif res.existing_id and entry.op == "create" and entry.table_name == "enterprise":
                    merges.append((entry, res.existing_id))
                elif (
                    res.code in ("body_mismatch", "tx_failed")
                    and (entry.tx_id or entry.mutation_id) in replayed_tx
                ):
                    _send_again(s, entry)
                else:
                    report.rejected += 1
                    outbox.reject(s, res.mutation_id, res.reason or res.code, res.code, res.params)
            outbox.acknowledge(s, acked, versions)
            report.rejected -= _drop_reminders_made_elsewhere(s, results, by_id)
            for entry, existing in merges:
                report.merged += 1
                report.rejected = max(0, report.rejected - _merge_enterprise(s, entry, existing, results))
            s.commit()

    # -- upload --------------------------------------------------------------------------------

    def _to_upload(self) -> list[Attachment]:
        """Attachments whose rows the server holds and whose bytes this device has but has not
        seen the server confirm."""
        with self._session() as s:
            waiting = outbox.pending_rows(s, "attachment")
            rows = s.exec(
                select(Attachment).where(
                    col(Attachment.uploaded).is_(False),
                    col(Attachment.deleted).is_(False),
                    col(Attachment.server_version) > 0,
                )
            ).all()
            return [a for a in rows if a.id not in waiting and self.attachments.path_for(a.sha256).exists()]

    def _upload(self, report: SyncReport) -> None:
        todo = self._to_upload()
        if not todo:
            return
        by_sha: dict[str, list[Attachment]] = {}
        for a in todo:
            by_sha.setdefault(a.sha256, []).append(a)
        for n, (sha, rows) in enumerate(by_sha.items()):
            self._check_cancel()
            name = rows[0].filename or sha[:12]
            try:
                sent = self.upload_file(sha, name)
            except NotOnServer:
                continue  # its row is not (or no longer) in this device's scope on the server
            with self._session() as s:
                s.exec(
                    sql_update(Attachment)
                    .where(col(Attachment.sha256) == sha, col(Attachment.uploaded).is_(False))
                    .values(uploaded=True)
                )
                s.commit()
            report.uploaded += int(sent)
            self._report("upload", n + 1, len(by_sha), name)

    def upload_file(self, sha: str, name: str = "") -> bool:
        """Upload the bytes named ``sha`` from where they left off; True when bytes were sent."""
        if self.attachments.plain_sha256(sha) != sha:
            raise HashMismatch(code="local_hash")
        status = self.client.upload_status(sha)
        sent = False
        restarts = 0
        eta = _Eta()
        with self.attachments.open(sha) as fh:
            size = fh.size
            while not status.complete:
                self._check_cancel()
                offset = status.received
                fh.seek(offset)
                chunk = fh.read(ATTACHMENT_CHUNK)
                self._fault("upload_chunk")
                try:
                    status = self.client.upload_chunk(sha, offset, size, chunk)
                except HashMismatch:
                    restarts += 1
                    if restarts > 2:
                        raise
                    status = self.client.upload_status(sha)
                    continue
                sent = True
                self._report("upload", status.received, size, name, eta(status.received, size))
                if status.received <= offset and not status.complete:
                    # the server holds less than what was just sent and did not move on: ask again
                    status = self.client.upload_status(sha)
                    restarts += 1
                    if restarts > 20:
                        raise ServerError(code="upload_stuck", detail=name)
        return sent

    # -- pull ----------------------------------------------------------------------------------

    def _pull(
        self, report: SyncReport, *, seen: set[tuple[str, str]] | None = None, cursor: int | None = None
    ) -> int:
        """Pull from the saved cursor (``cursor``: the caller has just read it) to the end; the
        cursor reached.

        A first pull (from 0, the first connection) fetches pages ahead on a worker thread and
        (with :attr:`first_batch_rows` > 0; off by default, see :data:`FIRST_BATCH_ROWS`) writes
        up to that many rows of consecutive pages in one local transaction,
        the cursor saved with the last of them: fewer commits, each writing the pages of the
        store's indexes once for several pages instead of once per page. No transaction is open
        while a request is under way: a batch is only the pages already fetched. Other pulls
        fetch and commit page by page."""
        self._fault("before_pull")
        if cursor is None:
            with self._session() as s:
                cursor = account.cursor(s)
        total: int | None = None
        first = cursor == 0 and seen is None
        if first:  # a first pull: the scope's size gives a bar and time left
            total = self.client.checksum().count
        eta = _Eta()
        start = report.pulled
        resyncs = 0
        #: rows held back because they name a parent a later page brings (a child pulled first)
        held: list[replica.RemoteRow] = []
        #: while rows are held, the saved cursor stays where it was before the page that held them
        floor: int | None = None
        batch_rows = self.first_batch_rows if first else 0
        pages = _Pages(self.client, self.pull_page, ahead=self.prefetch if first else 0, cancel=self._cancel)
        pulled_pages = 0
        try:
            pages.start(cursor)
            while pulled_pages < MAX_PAGES:
                self._check_cancel()
                group = pages.take(cursor, batch_rows)
                if group[0].full_resync:
                    resyncs += 1
                    if resyncs > 2:
                        raise ServerError(code="resync_loop", detail="full_resync")
                    report.full_resync = True
                    with self._session() as s:
                        account.set_cursor(s, 0)
                        s.commit()
                    cursor, held, floor = 0, [], None
                    pages.start(0)
                    continue
                orphaned: list[str] = []
                with self._session() as s:
                    if first:
                        _first_pull_cache(s)
                    for page in group:
                        pulled_pages += 1
                        if page.cursor < cursor:
                            raise ServerError(code="cursor_back", detail=f"{page.cursor} < {cursor}")
                        rows = [replica.RemoteRow(r.table, r.values, r.server_version) for r in page.rows]
                        for r in rows:
                            if r.table not in SYNCED_TABLES:
                                raise ServerError(code="unknown_table", detail=r.table)
                        last = not page.has_more or len(held) >= MAX_HELD
                        keep_at = floor if floor is not None else cursor
                        held = self._apply_page(
                            s,
                            [*held, *rows],
                            page.removals,
                            page.cursor,
                            keep_at,
                            report,
                            orphaned,
                            last=last,
                        )
                        floor = keep_at if held else None
                        if seen is not None:
                            seen.update((r.table, str(r.values["id"])) for r in rows)
                        cursor = page.cursor
                        done = report.pulled - start
                        self._report("pull", done, max(total, done) if total else None, eta=eta(done, total))
                    if s.in_transaction():  # an empty page that moves no cursor writes nothing
                        try:
                            s.commit()
                        except IntegrityError:
                            s.rollback()
                            raise ServerError(code="dangling", detail="foreign key") from None
                for sha in orphaned:
                    self.attachments.path_for(sha).unlink(missing_ok=True)
                if not group[-1].has_more:
                    return cursor
        finally:
            pages.stop()
        raise ServerError(code="pull_endless", detail="has_more")

    def _apply_page(
        self,
        s: Session,
        rows: list[replica.RemoteRow],
        removals: list[Removal],
        new_cursor: int,
        keep_at: int,
        report: SyncReport,
        orphaned: list[str],
        *,
        last: bool,
    ) -> list[replica.RemoteRow]:
        """Apply a page (with rows held from earlier pages), purge its removals and set the
        cursor, in the local transaction ``s`` (the caller commits). Rows naming a parent that is
        neither here nor in the rows are held back and returned; while any are held the cursor
        stays at ``keep_at`` (so a crash pulls them again). With no page left (``last``)
        everything is applied, and a reference to a row this device may not see is cleared
        (nullable) or its row left out. Attachment files no row names any more are added to
        ``orphaned`` (the caller deletes them once the transaction is committed)."""
        if not rows and not removals and new_cursor == keep_at:
            return []  # nothing came and the cursor stays: nothing to write
        ready, waiting = _split_ready(s, rows) if rows else ([], [])
        # the last page is applied whole; what still names a missing parent is cleared after it
        # (or, with removals, a row that names what the purge takes away)
        dangling = last and bool(waiting or removals)
        if last:
            ready, waiting = rows, []
        gone_files = {
            str(r.values.get("sha256"))
            for r in ready
            if r.table == "attachment" and r.values.get("deleted") and r.values.get("sha256")
        }
        dropped = 0
        applied = replica.apply_remote(s, ready)
        rebased = replica.rebase_pending(s, applied.pending)
        removed = 0
        if removals:
            ids = [x.id for x in removals if x.table == "enterprise"]
            purged = replica.purge_enterprises(s, ids)
            removed = sum(purged.removed.values())
            orphaned += purged.orphaned_files
        if gone_files:  # files no live row names any more (a photo removed elsewhere)
            named = set(
                s.exec(
                    select(Attachment.sha256).where(
                        col(Attachment.sha256).in_(list(gone_files)), col(Attachment.deleted).is_(False)
                    )
                ).all()
            )
            orphaned += sorted(gone_files - named)
        if dangling:  # a commit never leaves one behind: only rows applied now can dangle
            dropped = _clear_dangling(s)
        self._fault("after_page_applied")
        account.set_cursor(s, keep_at if waiting else new_cursor)
        self._fault("before_cursor_saved")
        report.pulled += applied.applied + rebased.rebased - dropped
        report.removed += removed
        return waiting

    # -- check ---------------------------------------------------------------------------------

    def local_checksum(self) -> tuple[int, str]:
        with self._session() as s:
            return _local_scope(s)

    def _check(self, report: SyncReport) -> None:
        with self._session() as s:
            if s.exec(select(OutboxEntry.seq).limit(1)).first() is not None:
                return  # local edits not on the server: the two sides cannot agree yet
            if account.get_meta(s, account.CHECKED_CURSOR) == str(account.cursor(s)):
                return  # already compared at this cursor, and nothing came since
        for _ in range(3):
            self._check_cancel()
            remote = self.client.checksum()
            with self._session() as s:
                cursor = account.cursor(s)
                count, digest = _local_scope(s)
            if remote.cursor != cursor:
                self._pull(report)  # the server moved on since the pull: catch up and compare again
                continue
            self._report("check", 1, 1)
            if (count, digest) == (remote.count, remote.checksum):
                with self._session() as s:
                    account.put_meta(s, account.CHECKED_CURSOR, str(cursor))
                    s.commit()
                return
            self._resync(report)
            return

    def _resync(self, report: SyncReport) -> None:
        """Drift: pull everything again from 0 and drop the rows the server no longer has here."""
        report.full_resync = True
        with self._session() as s:
            account.set_cursor(s, 0)
            s.commit()
        seen: set[tuple[str, str]] = set()
        self._pull(report, seen=seen)
        with self._session() as s:
            report.removed += _drop_unseen(s, seen)
            s.commit()

    # -- attachments on demand -----------------------------------------------------------------

    def fetch_attachment(self, sha256: str) -> Path:
        """The file named ``sha256``, downloaded now if this device does not have it (resumes a
        partial download)."""
        path = self.attachments.path_for(sha256)
        if path.exists():
            return path
        self._report("download", 0, None, sha256[:12])

        def step(done: int, total: int) -> None:
            self._report("download", done, total or None, sha256[:12])

        return self.client.download(sha256, path, progress=step, writer=self.attachments.writer)


def _mutation(e: OutboxEntry) -> Mutation:
    return Mutation(
        mutation_id=e.mutation_id,
        device_id=e.device_id,
        device_seq=e.seq or 0,
        tx_id=e.tx_id,
        table=e.table_name,
        row_id=e.row_id,
        op=e.op,  # type: ignore[arg-type]
        base_version=e.base_version,
        changes=e.changes,
        schema_version=e.schema_version,
        actor_id=e.actor_id,
    )


def _send_again(s: Session, entry: OutboxEntry) -> None:
    """Queue an entry again under a new mutation id, without the fields a later entry of the same
    row changes (the server took those later values already, or will after this one)."""
    own = s.get(OutboxEntry, entry.seq)
    if own is None:
        return
    later = s.exec(
        select(OutboxEntry).where(
            OutboxEntry.table_name == own.table_name,
            OutboxEntry.row_id == own.row_id,
            col(OutboxEntry.seq) > (own.seq or 0),
        )
    ).all()
    newer = {k for e in later for k in e.changes}
    own.changes = {k: v for k, v in own.changes.items() if k not in newer}
    if not own.changes and own.op == "update":
        s.delete(own)
        return
    own.mutation_id, own.sent_at = new_id(), None
    s.add(own)


def _merge_enterprise(s: Session, entry: OutboxEntry, existing: str, results: list[MutationResult]) -> int:
    """The server already has a live enterprise with this credit code (``existing``): this copy
    becomes that row. Children are re-pointed to it, the local copy's create and pending assignment
    creates are dropped (the server's row and assignments come with the next pull), and the entries
    that failed only because they were in the same action (``tx_failed``) are sent again under new
    mutation ids. Returns how many of the batch's rejections this turned back into pending work."""
    old = entry.row_id
    replica._defer_foreign_keys(s)  # noqa: SLF001 - the same deferral a pulled page uses
    for model in SYNCED_TABLES.values():
        if "enterprise_id" in model.model_fields and model is not Enterprise:
            s.exec(
                sql_update(model)
                .where(col(getattr(model, "enterprise_id")) == old)  # noqa: B009
                .values(enterprise_id=existing)
            )
    s.exec(
        sql_update(Attachment)
        .where(col(Attachment.owner_table) == "enterprise", col(Attachment.owner_id) == old)
        .values(owner_id=existing)
    )
    if s.get(Enterprise, existing) is not None:
        s.exec(sql_update(AuditLog).where(col(AuditLog.row_id) == old).values(row_id=existing))
        copy = s.get(Enterprise, old)
        if copy is not None:
            s.delete(copy)
    else:  # the local copy stands in for the server's row until the pull overwrites it
        s.exec(sql_update(Enterprise).where(col(Enterprise.id) == old).values(id=existing, server_version=0))
        s.exec(sql_update(AuditLog).where(col(AuditLog.row_id) == old).values(row_id=existing))
    s.exec(sql_update(SyncConflict).where(col(SyncConflict.row_id) == old).values(row_id=existing))
    failed_with = {r.mutation_id for r in results if r.status == "rejected" and r.code == "tx_failed"}
    back = 0
    for e in list(s.exec(select(OutboxEntry)).all()):
        if e.seq == entry.seq:
            s.delete(e)
            continue
        changes: dict[str, Any] = dict(e.changes)
        named_it = False
        if changes.get("enterprise_id") == old:
            changes["enterprise_id"] = existing
            named_it = True
        if (
            e.table_name == "attachment"
            and changes.get("owner_table") == "enterprise"
            and changes.get("owner_id") == old
        ):
            changes["owner_id"] = existing
            named_it = True
        if e.table_name == "enterprise" and e.row_id == old:
            e.row_id = existing
            named_it = True
        again = e.state == "rejected" and (
            named_it or (e.mutation_id in failed_with and e.tx_id == entry.tx_id)
        )
        if e.table_name == "assignment" and e.op == "create" and changes.get("enterprise_id") == existing:
            row = s.get(Assignment, e.row_id)
            if row is not None and row.server_version == 0:
                s.delete(row)
            s.delete(e)
            back += int(again)
            continue
        e.changes = changes
        if again:  # refused only because the copy was not on the server: send it again, re-pointed
            e.state, e.sent_at = "pending", None
            outbox.clear_reason(e)
            e.mutation_id = new_id()
            back += 1
        s.add(e)
    return back


_REFS: dict[str, list[tuple[str, str]]] = {}


def _refs(table: str) -> list[tuple[str, str]]:
    """(column, parent table) of each foreign key of a synced table to another synced table."""
    if table not in _REFS:
        model = SYNCED_TABLES[table]
        fks = model.__table__.foreign_keys  # type: ignore[attr-defined]
        _REFS[table] = sorted(
            (fk.parent.name, fk.column.table.name) for fk in fks if fk.column.table.name in SYNCED_TABLES
        )
    return _REFS[table]


def _split_ready(
    s: Session, rows: list[replica.RemoteRow]
) -> tuple[list[replica.RemoteRow], list[replica.RemoteRow]]:
    """Rows whose parents are all here (in the store, as the transaction ``s`` sees it, or among
    the rows that can be applied), and the rest, in their order."""
    known: dict[str, set[str]] = {}  # parent table -> ids known to be in the store
    checked: dict[str, set[str]] = {}
    candidates = list(rows)
    while True:
        here: dict[str, set[str]] = {}
        for r in candidates:
            here.setdefault(r.table, set()).add(str(r.values["id"]))
        ask: dict[str, set[str]] = {}
        for r in candidates:
            for column, parent in _refs(r.table):
                v = r.values.get(column)
                if v and v not in here.get(parent, ()) and v not in checked.get(parent, ()):
                    ask.setdefault(parent, set()).add(str(v))
        for parent, ids in ask.items():
            model = SYNCED_TABLES[parent]
            wanted = sorted(ids)
            for i in range(0, len(wanted), 500):
                found = s.exec(select(model.id).where(col(model.id).in_(wanted[i : i + 500]))).all()
                known.setdefault(parent, set()).update(found)
            checked.setdefault(parent, set()).update(ids)

        keep = [r for r in candidates if _parents_present(r, here, known)]
        if len(keep) == len(candidates):
            break
        candidates = keep
    ready_ids = {id(r) for r in candidates}
    return candidates, [r for r in rows if id(r) not in ready_ids]


def _parents_present(r: replica.RemoteRow, here: dict[str, set[str]], known: dict[str, set[str]]) -> bool:
    for column, parent in _refs(r.table):
        v = r.values.get(column)
        if v and v not in here.get(parent, ()) and v not in known.get(parent, ()):
            return False
    return True


def _first_pull_cache(s: Session) -> None:
    """A page cache of :data:`FIRST_PULL_CACHE_KIB` on the connection of a first pull's batch (when
    it has less): a batch of several pages touches thousands of index pages spread over the whole
    store, which SQLite's default 2 MB would read and spill again and again. It stays on that
    pooled connection (an encrypted store has that cache on every connection already)."""
    conn = s.connection()
    if conn.dialect.name != "sqlite":
        return
    size = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    if size >= 0 or -size < FIRST_PULL_CACHE_KIB:  # a positive size counts pages (a few MB at most)
        conn.exec_driver_sql(f"PRAGMA cache_size = -{FIRST_PULL_CACHE_KIB}")


def _clear_dangling(s: Session) -> int:
    """References to rows this device does not hold (the parent is outside its scope): a nullable
    column is cleared on this device, a row that cannot stand without its parent is left out.
    Returns how many rows were left out. Runs only when pages had to be held back."""
    conn = s.connection()
    if conn.dialect.name != "sqlite":
        return 0
    dropped = 0
    for _ in range(5):
        bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if not bad:
            break
        for table, rowid, _parent, fkid in bad:
            model = SYNCED_TABLES.get(str(table))
            if model is None:
                continue
            column = next(
                (
                    r[3]
                    for r in conn.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()
                    if r[0] == fkid
                ),
                None,
            )
            info = model.model_fields.get(str(column)) if column else None
            if info is not None and not info.is_required() and info.default is None:
                conn.exec_driver_sql(f'UPDATE "{table}" SET "{column}" = NULL WHERE rowid = ?', (rowid,))
            else:
                conn.exec_driver_sql(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
                dropped += 1
    return dropped


def _local_scope(s: Session) -> tuple[int, str]:
    """Count and :func:`scope_checksum` of the live rows this device holds from the server."""
    items: list[tuple[str, str, int]] = []
    for name, model in SYNCED_TABLES.items():
        for row_id, version in s.exec(
            select(model.id, model.server_version).where(
                col(model.deleted).is_(False), col(model.server_version) > 0
            )
        ).all():
            items.append((name, row_id, int(version)))
    return len(items), scope_checksum(items)


def _drop_unseen(s: Session, seen: set[tuple[str, str]]) -> int:
    """After a full pull: local rows from the server that it did not send again are no longer in
    this device's scope (or no longer exist). Enterprises are purged with all they own; other rows
    become local tombstones (no outbox entry). Rows with local edits waiting are kept."""
    waiting = {(t, r) for t, r in s.exec(select(OutboxEntry.table_name, OutboxEntry.row_id)).all()}
    gone_enterprises: list[str] = []
    removed = 0
    for name, model in SYNCED_TABLES.items():
        for row_id in s.exec(
            select(model.id).where(col(model.deleted).is_(False), col(model.server_version) > 0)
        ).all():
            key = (name, row_id)
            if key in seen or key in waiting:
                continue
            if model is Enterprise:
                gone_enterprises.append(row_id)
                continue
            row = s.get(model, row_id)
            if row is not None:
                row.deleted = True
                s.add(row)
                removed += 1
    if gone_enterprises:
        purged = replica.purge_enterprises(s, gone_enterprises)
        removed += sum(purged.removed.values())
    return removed


__all__ = ["Progress", "SyncEngine", "SyncReport"]


def _drop_reminders_made_elsewhere(
    s: Session, results: list[MutationResult], by_id: dict[str, OutboxEntry]
) -> int:
    """An automatic 催办 the server refused because the demand is already reminded (``demand_done``:
    another device reminded it first) has achieved what it was for, and nobody here asked for it:
    its group (the demand's change and the event) is discarded instead of waiting for a person.
    Returns how many refused entries were dropped."""
    groups: set[str] = set()
    for r in results:
        e = by_id.get(r.mutation_id)
        if (
            e is not None
            and r.status == "rejected"
            and r.code == "demand_done"
            and e.table_name == "demandevent"
            and e.op == "create"
            and e.changes.get("to_state") == "reminded"
            and e.changes.get("note") in AUTO_REMIND_NOTES.values()
        ):
            groups.add(e.tx_id or e.mutation_id)
    if not groups:
        return 0
    s.flush()
    refused = s.exec(
        select(OutboxEntry).where(col(OutboxEntry.tx_id).in_(groups), OutboxEntry.state == "rejected")
    ).all()
    seqs = sorted(e.seq for e in refused if e.seq is not None)
    for seq in seqs:
        outbox.discard(s, seq)
    return len(seqs)
