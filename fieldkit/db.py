"""Engine and session factory, SQLite pragmas, and schema migrations (Alembic).

Every store is opened through :func:`open_store`, which upgrades an older file to the current
schema in place. Alembic (with mako behind it) is imported only when a store is behind
:data:`HEAD`: a current store is recognised by reading ``alembic_version`` directly. The engine is built by an ``EngineFactory`` so that an encrypted database
(SQLCipher) can be swapped in without touching the services.

Opening never writes to a store that is only read: the WAL switch is made only when the file is
not in WAL mode yet, statistics are refreshed only on a store opened for writing (and stale), and
``read_only=True`` (``fieldkit search``, ``fieldkit print``; any store in a folder that cannot be
written) opens the file with SQLite's ``mode=ro``. What cannot be used (random bytes, a truncated
file, another application's database, a newer schema, a read-only or full disk, a busy store)
raises :class:`fieldkit.store_health.StoreError`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from fieldkit.domain.i18n import QT_TRANSLATE_NOOP, translate
from fieldkit.schema_head import SCHEMA_HEAD
from fieldkit.store_crypt import cipher_connect
from fieldkit.store_health import Problem, StoreError, check_folder, classify

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

SessionFactory = Callable[[], Session]

#: the newest migration's revision (tests/unit/test_migrations.py checks it against Alembic's head);
#: kept where the start's first view reads it without SQLAlchemy
HEAD = SCHEMA_HEAD


#: how long a statement waits for another program's write transaction before the store is "busy"
BUSY_TIMEOUT_MS = 5000


class EngineFactory(Protocol):
    def __call__(self, path: Path, *, read_only: bool = False) -> Engine: ...


def _set_pragmas(dbapi_conn: Any, _record: Any, *, read_only: bool = False) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if not read_only and str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
        cur.execute("PRAGMA journal_mode=WAL")  # once per store: the mode is kept in the file
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _writable(path: Path) -> bool:
    """Whether the store's folder (and the file, if there is one) can be written."""
    folder_ok = os.access(path.parent, os.W_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def _read_only_uri(path: Path) -> str:
    """SQLite URI opening ``path`` read-only. In a folder nobody can write (a read-only medium)
    the WAL index cannot be created, so the file is opened ``immutable``: no locks, no -shm."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    return uri if os.access(path.parent, os.W_OK) else uri + "&immutable=1"


def _connect_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """A ``mode=ro`` connection. When the WAL index cannot be made (a full disk: ``disk I/O
    error``) and the write-ahead log holds nothing, no other program has the store open, so it is
    read as an immutable file instead: reading works on a full disk too."""
    conn = sqlite3.connect(_read_only_uri(path), uri=True, check_same_thread=False, timeout=timeout)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        wal = path.with_name(path.name + "-wal")
        if "disk i/o" not in str(exc).lower() or (wal.exists() and wal.stat().st_size > 0):
            conn.close()
            raise
    conn.close()
    immutable = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
    return sqlite3.connect(immutable, uri=True, check_same_thread=False, timeout=timeout)


def sqlite_engine(path: Path, *, read_only: bool = False) -> Engine:
    """Plain SQLite file with WAL and foreign keys on (``read_only``: opened with ``mode=ro``)."""
    timeout = BUSY_TIMEOUT_MS / 1000
    if read_only:
        engine = create_engine(f"sqlite:///{path}", creator=partial(_connect_read_only, path, timeout))
    else:
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"check_same_thread": False, "timeout": timeout},
        )
    event.listen(engine, "connect", partial(_set_pragmas, read_only=read_only))
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


def cipher_engine(path: Path, key: StoreKey, *, read_only: bool = False) -> Engine:
    """A SQLCipher file (SQLAlchemy's SQLite dialect on the sqlcipher3 driver, its errors mapped as
    sqlite3's are) with the same pragmas as :func:`sqlite_engine`. The key is given to each new
    connection from ``key`` (a raw 32-byte key, never a passphrase). ``read_only``: opened with
    ``mode=ro`` (``immutable`` in a folder that cannot be written), as :func:`sqlite_engine`."""
    import sqlcipher3.dbapi2 as sqlcipher

    uri = _read_only_uri(path) if read_only else None
    engine = create_engine(
        f"sqlite:///{path}",
        module=sqlcipher,
        creator=lambda: cipher_connect(path, key.key, timeout=BUSY_TIMEOUT_MS / 1000, uri=uri),
    )
    event.listen(engine, "connect", partial(_set_pragmas, read_only=read_only))
    event.listen(engine, "connect", _cipher_cache)
    return engine


#: pages kept decrypted per connection (KiB, as SQLite's negative cache_size): a page read again
#: from the OS is decrypted and authenticated again, so the cache is 64 MB instead of 2 MB. Memory
#: is taken only as pages are read; at 30,000 enterprises (a 2.2 GB store) the board's working set
#: did not fit 16 MB and every load decrypted it again: 355 → 152 ms CPU (docs/benchmarks.md)
CIPHER_CACHE_KIB = 64_000


def _cipher_cache(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.execute(f"PRAGMA cache_size = -{CIPHER_CACHE_KIB}")


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


#: told how far a running migration is: (fraction done 0…1, what is being done, in the interface
#: language); called on the migrating thread, last with 1.0 when it ends (done or failed)
MigrationListener = Callable[[float, str], None]
#: the process's listener (the window's progress dialog, the CLI's stderr lines); None: silent
_listener: MigrationListener | None = None


def set_migration_listener(listener: MigrationListener | None) -> MigrationListener | None:
    """Install the listener told about every migration :func:`open_store` runs; returns the one it
    replaces (so a caller can put it back)."""
    global _listener
    previous, _listener = _listener, listener
    return previous


class _MigrationReport:
    """Turns Alembic's steps (and a long step's own rows done / total) into the listener's calls."""

    def __init__(self, listener: MigrationListener, steps: int) -> None:
        self.listener = listener
        self.steps = max(1, steps)
        self.done = 0

    def step_done(self, **_kw: Any) -> None:  # Alembic's on_version_apply
        self.done += 1
        if self.done >= self.steps:
            return  # end() says so
        self.listener(
            min(self.done / self.steps, 0.999),
            translate(
                "Migration",
                QT_TRANSLATE_NOOP("Migration", "正在升级本机数据（第 {k} 步，共 {n} 步）…"),
                k=min(self.done + 1, self.steps),
                n=self.steps,
            ),
        )

    def within(self, done: int, total: int) -> None:
        """A long step's progress: ``done`` of ``total`` rows of the full-text index built."""
        part = done / total if total else 1.0
        self.listener(
            min((self.done + part) / self.steps, 0.999),
            translate(
                "Migration",
                QT_TRANSLATE_NOOP("Migration", "正在建立全文检索索引：已完成 {done} / {total} 条"),
                done=f"{done:,}",
                total=f"{total:,}",
            ),
        )

    def start(self) -> None:
        self.done -= 1
        self.step_done()

    def end(self) -> None:
        self.listener(1.0, translate("Migration", QT_TRANSLATE_NOOP("Migration", "本机数据升级完成")))


def _migrate(engine: Engine, step: Callable[[Config], None], report: _MigrationReport | None = None) -> None:
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
                if report is not None:  # read by env.py (each step) and a long migration (its rows)
                    cfg.attributes["on_version_apply"] = report.step_done
                    cfg.attributes["progress"] = report.within
                    report.start()
                step(cfg)
                if sqlite:
                    bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if bad:
                        raise RuntimeError(f"migration left dangling references: {bad[:5]}")
        finally:
            if report is not None:
                report.end()
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def upgrade(engine: Engine, revision: str = "head", listener: MigrationListener | None = None) -> bool:
    """Bring the schema up to ``revision`` (idempotent; a store already there is not touched, and
    Alembic is not even imported). Returns whether anything was migrated. ``listener`` (else the
    one :func:`set_migration_listener` installed) is told how far it is."""
    target = HEAD if revision == "head" else revision
    current = current_revision(engine)
    if current == target:
        return False
    from alembic import command

    listener = listener or _listener
    report = None
    if listener is not None:
        report = _MigrationReport(listener, pending_steps(current, target))
    _migrate(engine, lambda cfg: command.upgrade(cfg, revision), report)
    return True


def pending_steps(current: str | None, target: str = HEAD) -> int:
    """How many migrations take a store at ``current`` (None: a new store) to ``target``."""
    try:
        return max(0, int(target) - int(current or 0))
    except ValueError:
        return 1


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


#: the schema revisions this program knows (0001 … HEAD); any other was written by a newer one
KNOWN_REVISIONS = frozenset(f"{i:04d}" for i in range(1, int(HEAD) + 1))
_MAGIC = b"SQLite format 3\x00"


def _check_length(path: Path) -> None:
    """A plain SQLite file shorter than the page count in its header was truncated. (An encrypted
    file has no readable header; SQLite itself then refuses what is not a database.)"""
    with open(path, "rb") as fh:
        head = fh.read(100)
    if 0 < len(head) < 100:
        raise StoreError(Problem.CORRUPT, path)
    if not head.startswith(_MAGIC):
        return
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    if pages and page_size and path.stat().st_size < pages * page_size:
        raise StoreError(Problem.CORRUPT, path)


def store_revision(engine: Engine, path: Path) -> str | None:
    """The store's schema revision after checking that it is a FieldKit store this program can
    use: None for an empty file; another application's tables are refused (never adopted), and a
    revision this program does not know means a newer FieldKit wrote the file."""
    with engine.connect() as conn:
        tables = {
            str(r[0])
            for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        if "alembic_version" not in tables:
            if tables:
                raise StoreError(Problem.FOREIGN, path)
            return None
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    if len(rows) != 1:
        raise StoreError(Problem.CORRUPT, path)
    revision = str(rows[0][0])
    if revision not in KNOWN_REVISIONS:
        raise StoreError(Problem.NEWER, path, revision=revision)
    return revision


def open_store(
    path: Path,
    key: bytes | StoreKey | None = None,
    factory: EngineFactory = sqlite_engine,
    *,
    read_only: bool = False,
) -> Engine:
    """The store at ``path``, checked (and upgraded to :data:`HEAD` unless only read): plaintext
    SQLite when ``key`` is None, else SQLCipher with that raw key (a :class:`StoreKey` to keep the
    holder, e.g. for encrypting the store in place later).

    ``read_only`` (a command that only reads) opens an existing current store without writing a
    byte; a store in a folder that cannot be written is opened so too. Raises :class:`StoreError`
    for a store that cannot be used, and writes nothing to it then."""
    if key is not None:
        factory = partial(cipher_engine, key=key if isinstance(key, StoreKey) else StoreKey(key))
    try:
        return _open(path, factory, read_only)
    except StoreError:
        raise
    except Exception as exc:
        problem = classify(exc, path)
        if problem is None and isinstance(exc, OSError):  # permissions, an unreadable medium
            problem = StoreError(Problem.UNREADABLE, path, reason=exc.strerror or str(exc))
        if problem is None:
            raise
        raise problem from exc


def _open(path: Path, factory: EngineFactory, read_only: bool) -> Engine:
    check_folder(path.parent)
    path.parent.mkdir(parents=True, exist_ok=True)
    exists = path.exists() and path.stat().st_size > 0
    writable = _writable(path)
    if exists:
        _check_length(path)
    elif not writable:
        raise StoreError(Problem.READ_ONLY, path.parent)
    if exists:  # checked read-only first: not even the WAL switch touches a file that is not ours
        engine = factory(path, read_only=True)
        try:
            revision = store_revision(engine, path)
            if revision == HEAD and (read_only or not writable):
                return engine
        except BaseException:
            engine.dispose()
            raise
        engine.dispose()
        if not writable:  # an older (or empty) store would have to be upgraded in place
            raise StoreError(Problem.READ_ONLY, path.parent)
    engine = factory(path)
    try:
        migrated = upgrade(engine)
        _upkeep(engine, migrated)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _upkeep(engine: Engine, migrated: bool) -> None:
    """Statistics and the full-text queue, on a store opened for writing. Both only speed up or
    complete what is there: while another program holds a write transaction they wait for the next
    open (or commit) instead of making the user wait or fail."""
    from sqlalchemy.exc import OperationalError

    from fieldkit.models import store_indexes
    from fieldkit.store_health import problem_of

    try:
        with engine.connect() as conn:  # an index a query names must exist (INDEXED BY fails without it)
            if conn.dialect.name == "sqlite" and store_indexes.restore_missing(conn):
                conn.commit()
                migrated = True  # the new indexes want statistics
        # statistics are kept in the file: a store that has not grown (nor been migrated) is not re-analysed
        if migrated or statistics_stale(engine):
            analyze(engine)
        catch_up_search_index(engine)
    except OperationalError as exc:
        if problem_of(exc) is not Problem.BUSY:
            raise


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
