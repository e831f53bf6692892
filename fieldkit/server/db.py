"""Engine and transactions of the server database (SQLite by default, PostgreSQL for deployment)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, insert, select, update

from .settings import Settings
from .tables import counter, metadata

CHANGE_SEQ = "change_seq"
PURGED_SEQ = "purged_seq"

# built once: every push runs these (statement construction costs more than running them)
_LOCK = update(counter).where(counter.c.name == CHANGE_SEQ).values(value=counter.c.value)
_BUMP = (
    update(counter)
    .where(counter.c.name == CHANGE_SEQ)
    .values(value=counter.c.value + 1)
    .returning(counter.c.value)
)


def make_engine(settings: Settings) -> Engine:
    url = settings.resolved_database_url()
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def create_schema(engine: Engine) -> None:
    """Create the tables and the counter rows (idempotent; server migrations come later)."""
    metadata.create_all(engine)
    with engine.begin() as conn:
        have = set(conn.scalars(select(counter.c.name)))
        for name in (CHANGE_SEQ, PURGED_SEQ):
            if name not in have:
                conn.execute(insert(counter).values(name=name, value=0))


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One writing transaction that first takes the lock on the change-sequence counter row.

    Every writer serialises on that row (PostgreSQL: row lock; SQLite: the database write lock),
    so change sequences are handed out in commit order, and every read the writer makes after it
    sees everything committed before (base versions, uniqueness, scope)."""
    with engine.begin() as conn:
        conn.execute(_LOCK)
        yield conn


def next_seq(conn: Connection) -> int:
    """The next change sequence (call only inside :func:`write_transaction`)."""
    return int(conn.execute(_BUMP).scalar_one())


def read_counter(conn: Connection, name: str) -> int:
    return int(conn.execute(select(counter.c.value).where(counter.c.name == name)).scalar_one())
