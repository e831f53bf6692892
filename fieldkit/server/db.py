"""Engine and transactions of the server database (SQLite by default, PostgreSQL for deployment)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, insert, inspect, select, text, update

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
