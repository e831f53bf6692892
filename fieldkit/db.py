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

from fieldkit.store_crypt import cipher_connect

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


class StoreKey:
    """The raw key an encrypted store's connections open with, held for its engine (None: the file
    is plaintext). Mutable, so that a store encrypted in place (:mod:`fieldkit.store_crypt`) keeps
    its :class:`Engine`: dispose the pool, set ``key``, and the next connection uses it."""

    __slots__ = ("key",)

    def __init__(self, key: bytes | None = None) -> None:
        self.key = key

    def __repr__(self) -> str:  # never the key itself in a log or a traceback
        return f"StoreKey({'set' if self.key else 'none'})"


def cipher_engine(path: Path, key: StoreKey) -> Engine:
    """A SQLCipher file (SQLAlchemy's SQLite dialect on the sqlcipher3 driver, its errors mapped as
    sqlite3's are) with the same pragmas as :func:`sqlite_engine`. The key is given to each new
    connection from ``key`` (a raw 32-byte key, never a passphrase)."""
    import sqlcipher3.dbapi2 as sqlcipher

    engine = create_engine(
        f"sqlite:///{path}",
        module=sqlcipher,
        creator=lambda: cipher_connect(path, key.key),
    )
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "connect", _cipher_cache)
    return engine


#: pages kept decrypted per connection (KiB, as SQLite's negative cache_size): a page read again
#: from the OS is decrypted and authenticated again, so the cache is 16 MB instead of 2 MB
CIPHER_CACHE_KIB = 16_000


def _cipher_cache(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.execute(f"PRAGMA cache_size = -{CIPHER_CACHE_KIB}")


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


def upgrade(engine: Engine, revision: str = "head") -> bool:
    """Bring the schema up to ``revision`` (idempotent; a store already there is not touched, and
    Alembic is not even imported). Returns whether anything was migrated."""
    target = HEAD if revision == "head" else revision
    if current_revision(engine) == target:
        return False
    from alembic import command

    _migrate(engine, lambda cfg: command.upgrade(cfg, revision))
    return True


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


#: a sampled figure of this many rows per value or more may be the sample's ceiling, not the truth
_SAMPLE_CEILING = 500
#: the tables whose growth makes the statistics stale
_GROWING = ("enterprise", "servicerecord")


def _analyzed_rows(conn: Any, table: str) -> int | None:
    """The table's row count when the statistics were taken: the largest figure recorded (sampled
    figures of other indexes are estimates; the corrected few-valued ones are exact)."""
    try:
        rows = conn.exec_driver_sql("SELECT stat FROM sqlite_stat1 WHERE tbl = ?", (table,)).all()
    except Exception:  # noqa: BLE001 - no sqlite_stat1 yet: never analysed
        return None
    return max((int(str(r[0]).split()[0]) for r in rows), default=None)


def statistics_stale(engine: Engine) -> bool:
    """No statistics yet, or a growing table changed by more than a quarter since they were taken."""
    with engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            return False
        for table in _GROWING:
            now = int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one())
            then = _analyzed_rows(conn, table)
            if then is None:
                if now:
                    return True
                continue
            if abs(now - then) > max(100, then // 4):
                return True
    return False


def _correct_few_valued(conn: Any) -> None:
    """Replace the sampled estimate of few-valued single-column indexes by the true one.

    ``analysis_limit`` samples about 1,000 rows per index, so an index with a handful of values
    (``deleted``, ``zone_id``, ``status``) is recorded as ~1,001 rows per value, and on a big store
    the planner prefers it to the right index (``deleted`` plus a sort for the enterprise list,
    ``status`` instead of the visit date for a quarter's visits). The true figure needs one count
    per such index."""
    stats = conn.exec_driver_sql("SELECT idx, tbl, stat FROM sqlite_stat1 WHERE idx IS NOT NULL").all()
    for name, table, stat in stats:
        figures = str(stat).split()
        if len(figures) != 2 or int(figures[1]) < _SAMPLE_CEILING:
            continue
        info = conn.exec_driver_sql(f'PRAGMA index_info("{name}")').all()
        if len(info) != 1 or info[0][2] is None:
            continue
        column = info[0][2]
        total, distinct = conn.exec_driver_sql(
            f'SELECT count(*), count(DISTINCT "{column}") FROM "{table}"'
        ).one()
        if not total:
            continue
        per_value = -(-int(total) // max(1, int(distinct)))
        conn.exec_driver_sql(
            "UPDATE sqlite_stat1 SET stat = ? WHERE tbl = ? AND idx = ?",
            (f"{total} {per_value}", table, name),
        )


def analyze(engine: Engine, full: bool = False) -> None:
    """Refresh the query planner's statistics.

    Sampled (``analysis_limit=1000``, ~10 ms on a 300 MB store) with the few-valued indexes
    corrected afterwards, or ``full`` (every row: seconds at 10,000 enterprises; the demo build).
    Without statistics SQLite picks low-selectivity indexes (``deleted``, ``status``) over the
    enterprise or staff index and a 5 ms query takes 400 ms."""
    with engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            return
        conn.exec_driver_sql(f"PRAGMA analysis_limit={0 if full else 1000}")
        tables = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search%' "
            "AND name NOT LIKE 'sqlite%'"
        ).all()
        for (table,) in tables:  # the full-text index's own tables are not planned by statistics
            conn.exec_driver_sql(f'ANALYZE "{table}"')
        if not full:
            _correct_few_valued(conn)
        conn.exec_driver_sql("ANALYZE sqlite_schema")  # the planner reloads the corrected figures
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


def open_store(
    path: Path, key: bytes | StoreKey | None = None, factory: EngineFactory = sqlite_engine
) -> Engine:
    """Open (creating, upgrading) the store at ``path``: plaintext SQLite when ``key`` is None, else
    SQLCipher with that raw key (a :class:`StoreKey` to keep the holder, e.g. for encrypting the
    store in place later)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if key is not None:
        holder = key if isinstance(key, StoreKey) else StoreKey(key)
        engine = cipher_engine(path, holder)
    else:
        engine = factory(path)
    migrated = upgrade(engine)
    # statistics are kept in the file: a store that has not grown (nor been migrated) is not re-analysed
    if migrated or statistics_stale(engine):
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
