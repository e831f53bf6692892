"""Engine and transactions of the server database (SQLite by default, PostgreSQL for deployment)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, insert, inspect, select, text, update
from sqlalchemy.exc import DisconnectionError

from . import jsoncodec
from .settings import Settings
from .tables import counter, metadata

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: the server's Alembic version table: never the desktop store's ``alembic_version``
VERSION_TABLE = "server_alembic_version"
#: the revision equal to the tables ``metadata.create_all`` made before migrations existed
BASELINE = "s0001"
#: the tables of that revision; a database made before some of them existed (the attachment
#: bytes came last) gets the missing ones when it is stamped
BASELINE_TABLES = (
    "server_counter",
    "server_row",
    "server_account",
    "server_device",
    "server_token",
    "server_assignment",
    "server_mutation",
    "server_audit",
    "server_conflict",
    "server_blob",
    "server_blob_chunk",
)
#: PostgreSQL advisory lock held while migrating: workers starting together migrate one at a time
_MIGRATION_LOCK = 726_351_001

CHANGE_SEQ = "change_seq"
PURGED_SEQ = "purged_seq"
#: PostgreSQL: the change sequence is this SEQUENCE (migration s0005), not the counter row
PG_SEQUENCE = "server_change_seq"
#: PostgreSQL advisory locks (bigint keys; the migration lock above is another): every writer holds
#: ``_WRITERS`` (shared by pushes, exclusive for every other writer) and its own ticket,
#: ``_TICKET_BASE + t``, from before it takes any change sequence until it ends
_WRITERS = 726_351_002
_TICKET_BASE = 1 << 62
#: pg_locks shows a bigint advisory key as classid (high 32 bits) and objid (low 32 bits)
_TICKET_CLASSID = _TICKET_BASE >> 32
#: two-int advisory locks of push (table:id, mutation id, natural key), namespace ``key1``
_ROW_LOCKS = 726_351

# built once: every push runs these (statement construction costs more than running them)
_LOCK = update(counter).where(counter.c.name == CHANGE_SEQ).values(value=counter.c.value)
_PG_TICKET = text(
    "SELECT pg_advisory_xact_lock_shared(:writers), "
    f"pg_advisory_xact_lock({_TICKET_BASE} + nextval('{PG_SEQUENCE}'))"
)
_PG_TICKET_EXCLUSIVE = text(
    f"SELECT pg_advisory_xact_lock(:writers), pg_advisory_xact_lock({_TICKET_BASE} + nextval('{PG_SEQUENCE}'))"
)
_PG_NEXT = f"SELECT nextval('{PG_SEQUENCE}')"
_PG_DRAW = text(f"SELECT nextval('{PG_SEQUENCE}') AS v FROM generate_series(1, :n) ORDER BY v")
_SQLITE_DRAW = text(
    f"UPDATE server_counter SET value = value + :n WHERE name = '{CHANGE_SEQ}' RETURNING value"
)
_SQLITE_NEXT = f"UPDATE server_counter SET value = value + 1 WHERE name = '{CHANGE_SEQ}' RETURNING value"
_PG_LAST = text(f"SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM {PG_SEQUENCE}")
_PG_OLDEST_TICKET = text(
    "SELECT min((classid::bigint << 32) | objid::bigint) FROM pg_locks "
    "WHERE locktype = 'advisory' AND objsubid = 1 AND classid >= :classid "
    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)
#: the rest of the pull horizon, read after ``_PG_LAST`` (see :func:`pull_horizons`): the oldest
#: ticket still held and the tombstone horizon
_PG_OLDEST_AND_PURGED = text(
    "SELECT (SELECT min((classid::bigint << 32) | objid::bigint) FROM pg_locks "
    "WHERE locktype = 'advisory' AND objsubid = 1 AND classid >= :classid "
    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())), "
    f"(SELECT value FROM server_counter WHERE name = '{PURGED_SEQ}')"
)
_SQLITE_HORIZONS = text(
    f"SELECT (SELECT value FROM server_counter WHERE name = '{CHANGE_SEQ}'), "
    f"(SELECT value FROM server_counter WHERE name = '{PURGED_SEQ}')"
)
_PG_ROW_LOCKS = text(
    "SELECT count(pg_advisory_xact_lock(:ns, h)) FROM "
    "(SELECT DISTINCT hashtext(k) AS h FROM unnest(CAST(:keys AS text[])) AS k ORDER BY h) AS s"
)
#: ``conn.info`` flag: this transaction holds its ticket (reset when a transaction begins)
_TICKET = "fieldkit_ticket"


def make_engine(settings: Settings) -> Engine:
    url = settings.resolved_database_url()
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": 30, "check_same_thread": False},
            json_serializer=jsoncodec.dumps,
            json_deserializer=jsoncodec.loads,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()
    else:
        engine = create_engine(url, json_serializer=jsoncodec.dumps, json_deserializer=jsoncodec.loads)
        _ping_when_idle(engine, settings.db_ping_idle_seconds)

        @event.listens_for(engine, "begin")
        def _new_transaction(conn: Connection) -> None:
            conn.info.pop(_TICKET, None)

    return engine


_IDLE_SINCE = "fieldkit_idle_since"


def _ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    """``pool_pre_ping`` for connections that sat in the pool longer than ``idle_seconds``: a
    connection dropped by the database (a restart, an idle timeout on the way) is found by a ping
    at checkout and replaced (the pool retries with a new one); one checked in moments ago is
    handed out as it is. Should it still turn out dropped, the request fails and SQLAlchemy
    invalidates the whole pool, so the next checkout connects anew."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_conn: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop(_IDLE_SINCE, None)
        if since is None or (idle_seconds > 0 and time.monotonic() - since <= idle_seconds):
            return  # new (just connected), or in use moments ago
        try:
            alive = engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:  # noqa: BLE001 - any failure: this connection is not used
            raise DisconnectionError("pooled connection dropped") from exc
        if not alive:
            raise DisconnectionError("pooled connection dropped")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_revision()


def create_schema(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` with the server's migrations and create the counter rows.

    Idempotent. A database made by ``metadata.create_all`` before migrations existed (the tables,
    no version table) is stamped at the baseline first, then upgraded. On PostgreSQL the whole
    step holds an advisory lock, so workers starting at once migrate one after the other."""
    target = head_revision() if revision == "head" else revision
    cfg = alembic_config()
    with engine.connect() as conn:
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
            current = current_revision(conn)
            if current != target:
                cfg.attributes["connection"] = conn
                if current is None and inspect(conn).has_table("server_row"):
                    # made by create_all before migrations: complete the baseline, then stamp it
                    # (valid while the baseline tables are defined in tables.py as in s0001)
                    metadata.create_all(conn, tables=[metadata.tables[t] for t in BASELINE_TABLES])
                    command.stamp(cfg, BASELINE)
                command.upgrade(cfg, revision)
            have = set(conn.scalars(select(counter.c.name)))
            for name in (CHANGE_SEQ, PURGED_SEQ):
                if name not in have:
                    conn.execute(insert(counter).values(name=name, value=0))


@contextmanager
def write_transaction(engine: Engine | Connection, *, shared: bool = False) -> Iterator[Connection]:
    """One writing transaction, ordered against pulls (docs/sync-protocol.md, "Ordering").

    SQLite: it first takes the change-sequence counter row, i.e. the database's write lock, until
    commit: writers serialise (SQLite has one writer anyway) and sequences are handed out in commit
    order. PostgreSQL: it takes a *ticket* (see :func:`_take_ticket`) and no lock another writer
    waits on, unless it is not ``shared``: a push (``shared``) runs beside other pushes, which lock
    only the rows they write (:func:`lock_keys`); every other writer (admin commands, imports)
    excludes all writers, as the counter row did. ``engine`` may be a connection with no
    transaction open (the request's own: ``/push`` looked its token up on it)."""
    with _begin(engine) as conn:
        if conn.dialect.name == "postgresql":
            _take_ticket(conn, shared=shared)
        else:
            conn.execute(_LOCK)
        yield conn


@contextmanager
def _begin(engine: Engine | Connection) -> Iterator[Connection]:
    if isinstance(engine, Engine):
        with engine.begin() as conn:
            yield conn
    else:
        with engine.begin():
            yield engine


def _take_ticket(conn: Connection, *, shared: bool) -> None:
    """PostgreSQL: the writers' lock (shared or exclusive) and this transaction's ticket, a number
    drawn from the change sequence *before* any of its own: an advisory lock held until the
    transaction ends (commit, rollback or a dead connection), which every puller sees at once in
    ``pg_locks``. Every sequence the transaction takes is larger than its ticket."""
    conn.execute(_PG_TICKET if shared else _PG_TICKET_EXCLUSIVE, {"writers": _WRITERS})
    conn.info[_TICKET] = True


def next_seq(conn: Connection) -> int:
    """The next change sequence. On PostgreSQL a transaction that holds no ticket yet (an admin
    command's ``engine.begin()``) takes one first, excluding other writers."""
    if conn.dialect.name == "postgresql":
        if not conn.info.get(_TICKET):
            _take_ticket(conn, shared=False)
        return int(conn.exec_driver_sql(_PG_NEXT).scalar_one())
    return int(conn.exec_driver_sql(_SQLITE_NEXT).scalar_one())


class SeqBlock:
    """Change sequences drawn together for one push request: one statement for the block instead
    of one per row written. Taken in order from the front; a group rolled back to its savepoint
    gives its own back (:meth:`rollback_to`), so the rows written next use them. On SQLite the
    unused end of the block is handed back to the counter at :meth:`close` (versions stay dense
    there); on PostgreSQL an unused number is a gap, as a rolled-back ``nextval`` is anyway."""

    def __init__(self, conn: Connection, n: int) -> None:
        self.conn = conn
        self._free: deque[int] = deque(_draw(conn, n) if n > 0 else ())
        self._used: list[int] = []
        #: SQLite: a number past the block came from the counter inside a savepoint; rolled back
        #: with it, the counter hands it out again, so it is not kept
        self._top = self._free[-1] if self._free else 0

    def __call__(self) -> int:
        seq = self._free.popleft() if self._free else next_seq(self.conn)
        self._used.append(seq)
        return seq

    def mark(self) -> int:
        return len(self._used)

    def rollback_to(self, mark: int) -> None:
        back, self._used = self._used[mark:], self._used[:mark]
        if self.conn.dialect.name != "postgresql":
            back = [s for s in back if s <= self._top]
        self._free.extendleft(reversed(back))

    def close(self) -> None:
        if self._free and self.conn.dialect.name != "postgresql":
            self.conn.execute(
                update(counter)
                .where(counter.c.name == CHANGE_SEQ, counter.c.value == self._free[-1])
                .values(value=self._free[0] - 1)
            )
        self._free.clear()


def _draw(conn: Connection, n: int) -> list[int]:
    if conn.dialect.name == "postgresql":
        if not conn.info.get(_TICKET):
            _take_ticket(conn, shared=False)
        return [int(v) for v in conn.execute(_PG_DRAW, {"n": n}).scalars()]
    top = int(conn.execute(_SQLITE_DRAW, {"n": n}).scalar_one())
    return list(range(top - n + 1, top + 1))


def last_seq(conn: Connection) -> int:
    """The last change sequence handed out (committed or not; 0 when none)."""
    if conn.dialect.name == "postgresql":
        return int(conn.execute(_PG_LAST).scalar_one())
    return read_counter(conn, CHANGE_SEQ)


def set_last_seq(conn: Connection, value: int) -> None:
    """Set the last change sequence handed out (a bulk load written straight into the row store)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"SELECT setval('{PG_SEQUENCE}', :v, true)"), {"v": value})
    else:
        conn.execute(update(counter).where(counter.c.name == CHANGE_SEQ).values(value=value))


def pull_horizon(conn: Connection) -> tuple[int, int]:
    """``(last, safe)``: the last change sequence handed out, and the largest sequence at or below
    which every writing transaction has ended (every change ≤ ``safe`` is committed or gone).

    SQLite: both the counter (writers hold it until they commit). PostgreSQL: ``safe`` is one less
    than the oldest ticket still held (or ``last`` when there is none). Call it in its own
    transaction *before* the pull's snapshot: a writer whose ticket is gone has committed (its
    rows are in any snapshot taken after) or rolled back; one still running holds a ticket smaller
    than any sequence it took, which ``last`` (read first) covers."""
    if conn.dialect.name != "postgresql":
        last = read_counter(conn, CHANGE_SEQ)
        return last, last
    last = int(conn.execute(_PG_LAST).scalar_one())
    oldest = conn.execute(_PG_OLDEST_TICKET, {"classid": _TICKET_CLASSID}).scalar()
    if oldest is None:
        return last, last
    return last, max(0, min(last, int(oldest) - _TICKET_BASE - 1))


def pull_horizons(conn: Connection) -> tuple[int, int, int]:
    """``(last, safe, purged)``: :func:`pull_horizon` and the tombstone horizon
    (``PURGED_SEQ``) in two statements on PostgreSQL (``last`` first, as there), one on SQLite."""
    if conn.dialect.name != "postgresql":
        last, purged = conn.execute(_SQLITE_HORIZONS).one()
        return int(last), int(last), int(purged)
    last = int(conn.execute(_PG_LAST).scalar_one())
    oldest, purged = conn.execute(_PG_OLDEST_AND_PURGED, {"classid": _TICKET_CLASSID}).one()
    safe = last if oldest is None else max(0, min(last, int(oldest) - _TICKET_BASE - 1))
    return last, safe, int(purged)


def lock_keys(conn: Connection, keys: list[str]) -> None:
    """PostgreSQL: advisory locks on these keys until the transaction ends, taken in one statement
    in one global order (no deadlock between two pushes). What a push writes or decides on (a row,
    a mutation id, a credit code) is locked before it is read, so two pushes touching the same
    row apply one after the other, each seeing the other's commit. SQLite: nothing (one writer)."""
    if keys and conn.dialect.name == "postgresql":
        conn.execute(_PG_ROW_LOCKS, {"ns": _ROW_LOCKS, "keys": sorted(set(keys))})


def read_counter(conn: Connection, name: str) -> int:
    return int(conn.execute(select(counter.c.value).where(counter.c.name == name)).scalar_one())
