"""The full-text index kept in step with the rows, whatever process writes them.

Registered when :mod:`fieldkit.services.store` (the write path every service and sync's apply
import) is imported, not only when the search service is: a process that never searches
(``fieldkit sync``, ``fieldkit import``) still indexes what it writes, in the transaction that writes it. Before this the
listener lived in :mod:`fieldkit.services.fulltext`, and a command-line sync left every pulled
row in the queue (found by a scan, never by the index) until a window opened the store.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from fieldkit.models import search_index

#: queued rows drained per commit (the rest are scanned by searches until a later commit)
DRAIN_PER_COMMIT = 5_000


@event.listens_for(Session, "before_commit")
def _keep_index_in_step(session: Session) -> None:
    """Index what this transaction changed, in the transaction itself."""
    try:
        if session.get_bind().dialect.name != "sqlite":
            return
    except Exception:  # noqa: BLE001 - a session without a bind has nothing of ours to index
        return
    session.flush()  # pending ORM changes must reach the triggers first
    try:
        search_index.drain(session.connection(), DRAIN_PER_COMMIT)
    except OperationalError as exc:  # a store before migration 0006 has no index yet
        if "search_queue" not in str(exc):
            raise


def queued(engine: Engine) -> int:
    """Rows waiting in the index's queue (0 on a store without an index)."""
    with engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            return 0
        try:
            return int(conn.exec_driver_sql("SELECT count(*) FROM search_queue").scalar_one())
        except OperationalError:
            return 0


def drain_all(
    engine: Engine, progress: Callable[[int, int], None] | None = None, chunk: int = DRAIN_PER_COMMIT
) -> int:
    """Index everything still queued, ``chunk`` rows per transaction (none held for long; a
    writer in another process waits at most one chunk); ``progress`` is told (done, total).
    Returns the rows indexed."""
    total = queued(engine)
    done = 0
    if not total:
        return 0
    if progress is not None:
        progress(0, total)
    while True:
        with engine.begin() as conn:
            n = search_index.drain(conn, chunk)
        if not n:
            break
        done += n
        if progress is not None:
            progress(done, max(total, done))
    return done
