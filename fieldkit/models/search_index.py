"""The full-text index of records, demands and policies: its tables and their upkeep (SQLite).

- ``search_doc`` maps an indexed row (kind, row id, its enterprise) to a document id;
- ``search_fts_<kind>`` (FTS5, ``ascii`` tokenizer, one per kind) holds the row's character-pair
  tokens (see :mod:`fieldkit.models.fulltext`) under that id as rowid;
- ``search_queue`` lists the rows whose document is stale. Plain SQL triggers on the three source
  tables fill it on every insert, update of a searched column, tombstone or delete, whoever writes
  (the store's write path, sync's apply and purge, the demo's bulk inserts, another process), so
  the index can never silently fall behind. :func:`drain` re-indexes what the queue names; the
  services drain before every commit, so the index changes in the same transaction as the rows.
  A search treats a row still queued as unindexed and scans it instead.

Tombstoned rows have no document. Functions take an open SQLAlchemy connection and never commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy.engine import Connection

from fieldkit.models.fulltext import FIELDS, KINDS, document, fields_of, fts_table, table_of

_CHUNK = 500

#: the order a rebuild indexes rows in, so that a newer rowid means a newer row
_ORDER = {"record": "visit_at", "demand": "collected_at", "policy": "window_end"}
_HAS_ENTERPRISE = {"record": True, "demand": True, "policy": False}


def not_index_table(name: str | None, type_: str, _parent: object = None) -> bool:
    """Alembic's ``include_name``: these tables (and the board's, :mod:`fieldkit.models.board_index`)
    are made by SQL, not by the ORM's metadata."""
    return not (type_ == "table" and name is not None and name.startswith(("search_", "board_")))


def create_statements() -> list[str]:
    out = [
        "CREATE TABLE search_doc (id INTEGER PRIMARY KEY, kind VARCHAR(16) NOT NULL, "
        "row_id VARCHAR(36) NOT NULL, enterprise_id VARCHAR(36))",
        "CREATE UNIQUE INDEX ix_search_doc_row ON search_doc (kind, row_id)",
        "CREATE TABLE search_queue (kind VARCHAR(16) NOT NULL, row_id VARCHAR(36) NOT NULL, "
        "PRIMARY KEY (kind, row_id)) WITHOUT ROWID",
    ]
    for kind in KINDS:
        table = table_of(kind)
        out.append(f"CREATE VIRTUAL TABLE {fts_table(kind)} USING fts5(title, body, tokenize='ascii')")
        watched = ", ".join(
            (*fields_of(kind), "deleted") + (("enterprise_id",) if _HAS_ENTERPRISE[kind] else ())
        )
        queue = f"INSERT OR IGNORE INTO search_queue (kind, row_id) VALUES ('{kind}', %s.id)"
        out.append(
            f"CREATE TRIGGER search_queue_{table}_insert AFTER INSERT ON {table} BEGIN {queue % 'NEW'}; END"
        )
        out.append(
            f"CREATE TRIGGER search_queue_{table}_update AFTER UPDATE OF {watched} ON {table} "
            f"BEGIN {queue % 'NEW'}; END"
        )
        out.append(
            f"CREATE TRIGGER search_queue_{table}_delete AFTER DELETE ON {table} BEGIN {queue % 'OLD'}; END"
        )
    return out


def drop_statements() -> list[str]:
    out = []
    for kind in KINDS:
        table = table_of(kind)
        for op in ("insert", "update", "delete"):
            out.append(f"DROP TRIGGER IF EXISTS search_queue_{table}_{op}")
        out.append(f"DROP TABLE IF EXISTS {fts_table(kind)}")
    out += ["DROP TABLE IF EXISTS search_queue", "DROP TABLE IF EXISTS search_doc"]
    return out


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _select_rows(kind: str) -> str:
    cols = ", ".join(("id", "enterprise_id" if _HAS_ENTERPRISE[kind] else "NULL", *fields_of(kind)))
    return f"SELECT {cols} FROM {table_of(kind)} WHERE deleted = 0"


def _next_doc_id(conn: Connection) -> int:
    return int(conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM search_doc").scalar_one()) + 1


def _add(conn: Connection, kind: str, rows: Iterable[Sequence[Any]]) -> int:
    """Index source rows (id, enterprise id, the kind's fields …) that have no document yet."""
    names = fields_of(kind)
    docs: list[tuple[Any, ...]] = []
    texts: list[tuple[Any, ...]] = []
    doc_id = _next_doc_id(conn)
    for row in rows:
        title, body = document(kind, dict(zip(names, row[2:], strict=True)))
        docs.append((doc_id, kind, row[0], row[1]))
        texts.append((doc_id, title, body))
        doc_id += 1
    if docs:
        conn.exec_driver_sql(
            "INSERT INTO search_doc (id, kind, row_id, enterprise_id) VALUES (?, ?, ?, ?)", docs
        )
        conn.exec_driver_sql(f"INSERT INTO {fts_table(kind)} (rowid, title, body) VALUES (?, ?, ?)", texts)
    return len(docs)


def reindex(conn: Connection, kind: str, row_ids: Sequence[str]) -> None:
    """Make the documents of these rows of ``kind`` match the rows (removed when gone or tombstoned)."""
    for chunk in _chunks(list(dict.fromkeys(row_ids))):
        params = (kind, *chunk)
        where = f"kind = ? AND row_id IN ({_marks(len(chunk))})"
        old = [r[0] for r in conn.exec_driver_sql(f"SELECT id FROM search_doc WHERE {where}", params)]
        if old:
            conn.exec_driver_sql(
                f"DELETE FROM {fts_table(kind)} WHERE rowid IN ({_marks(len(old))})", tuple(old)
            )
            conn.exec_driver_sql(f"DELETE FROM search_doc WHERE {where}", params)
        rows = conn.exec_driver_sql(
            f"{_select_rows(kind)} AND id IN ({_marks(len(chunk))})", tuple(chunk)
        ).fetchall()
        _add(conn, kind, rows)


def drain(conn: Connection, limit: int | None = None) -> int:
    """Re-index the rows the queue names (at most ``limit``) and take them off it."""
    q = "SELECT kind, row_id FROM search_queue"
    queued = conn.exec_driver_sql(q + (f" LIMIT {int(limit)}" if limit else "")).fetchall()
    by_kind: dict[str, list[str]] = {}
    for kind, row_id in queued:
        by_kind.setdefault(str(kind), []).append(str(row_id))
    for kind, ids in by_kind.items():
        if kind in FIELDS:
            reindex(conn, kind, ids)
        for chunk in _chunks(ids):
            conn.exec_driver_sql(
                f"DELETE FROM search_queue WHERE kind = ? AND row_id IN ({_marks(len(chunk))})",
                (kind, *chunk),
            )
    return len(queued)


def rebuild(conn: Connection, progress: Callable[[int, int], None] | None = None) -> int:
    """Index every live row from scratch (the migration's build; streams, bounded memory).
    ``progress`` is told (rows indexed, rows to index) after each batch."""
    for kind in KINDS:
        conn.exec_driver_sql(f"DELETE FROM {fts_table(kind)}")
    conn.exec_driver_sql("DELETE FROM search_doc")
    conn.exec_driver_sql("DELETE FROM search_queue")
    total = 0
    todo = 0
    if progress is not None:
        for kind in KINDS:
            todo += int(
                conn.exec_driver_sql(f"SELECT count(*) FROM {table_of(kind)} WHERE deleted = 0").scalar_one()
            )
        progress(0, todo)
    for kind in KINDS:
        result = conn.exec_driver_sql(f"{_select_rows(kind)} ORDER BY {_ORDER[kind]}, id")
        rows = result.fetchmany(_CHUNK)
        while rows:
            batch = list(rows)
            rows = result.fetchmany(_CHUNK)
            total += _add(conn, kind, batch)
            if progress is not None:
                progress(total, max(todo, total))
    return total


def queued_ids(conn: Connection, kind: str) -> list[str]:
    """Rows of ``kind`` whose document is stale (a search scans them instead)."""
    rows = conn.exec_driver_sql("SELECT row_id FROM search_queue WHERE kind = ?", (kind,))
    return [str(r[0]) for r in rows]
