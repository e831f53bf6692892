"""Engine and session factory, SQLite pragmas, and schema migrations (Alembic).

Every store is opened through :func:`open_store`, which upgrades an older file to the current
schema in place. Alembic (with mako behind it) is imported only when a store is behind
:data:`HEAD`: a current store is recognised by reading ``alembic_version`` directly. The engine is built by an ``EngineFactory`` so that an encrypted database
(SQLCipher) can be swapped in without touching the services.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

SessionFactory = Callable[[], Session]

#: the newest migration's revision (tests/unit/test_migrations.py checks it against Alembic's head)
HEAD = "0006"


class EngineFactory(Protocol):
    def __call__(self, path: Path) -> Engine: ...


def _set_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def sqlite_engine(path: Path) -> Engine:
    """Plain SQLite file with WAL and foreign keys on."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": 30},
    )
    event.listen(engine, "connect", _set_pragmas)
    return engine


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _migrate(engine: Engine, step: Callable[[Config], None]) -> None:
    """Run an Alembic step with SQLite's foreign keys off: a batch migration rebuilds a table by
    copy-drop-rename, which a parent table with live references would refuse. Keys are checked
    again afterwards, so a migration cannot leave dangling references behind."""
    cfg = alembic_config()
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                step(cfg)
                if sqlite:
                    bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if bad:
                        raise RuntimeError(f"migration left dangling references: {bad[:5]}")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` (idempotent; a store already there is not touched, and
    Alembic is not even imported)."""
    target = HEAD if revision == "head" else revision
    if current_revision(engine) == target:
        return
    from alembic import command

    _migrate(engine, lambda cfg: command.upgrade(cfg, revision))


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    _migrate(engine, lambda cfg: command.downgrade(cfg, revision))


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision, read from Alembic's one-row table (None: a new store)."""
    with engine.connect() as conn:
        if not engine.dialect.has_table(conn, "alembic_version"):
            return None
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    return str(rows[0][0]) if len(rows) == 1 else None


def analyze(engine: Engine) -> None:
    """Refresh the query planner's statistics (sampled: ~10 ms on a 300 MB store).

    Without them SQLite picks low-selectivity indexes (``deleted``, ``status``) over the
    enterprise or staff index and a 5 ms query takes 400 ms."""
    with engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            return
        conn.exec_driver_sql("PRAGMA analysis_limit=1000")
        conn.exec_driver_sql("ANALYZE")
        conn.commit()


def catch_up_search_index(engine: Engine) -> int:
    """Index rows another process wrote without draining the full-text queue (usually none)."""
    from fieldkit.models import search_index

    with engine.begin() as conn:
        if conn.dialect.name != "sqlite":
            return 0
        done = 0
        while n := search_index.drain(conn, 5000):
            done += n
        return done


def open_store(path: Path, factory: EngineFactory = sqlite_engine) -> Engine:
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = factory(path)
    upgrade(engine)
    analyze(engine)
    catch_up_search_index(engine)
    return engine


def session_factory(engine: Engine) -> SessionFactory:
    def make() -> Session:
        return Session(engine, expire_on_commit=False)

    return make


@contextmanager
def transaction(make: SessionFactory):  # type: ignore[no-untyped-def]
    """One unit of work: commit on success, roll back on any error."""
    session = make()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
