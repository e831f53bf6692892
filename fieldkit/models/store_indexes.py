"""The secondary indexes a local store should have, and their repair.

Some queries name their index (``INDEXED BY``, :mod:`fieldkit.services.sql_hints`), which SQLite
fails with "no such index" when the index is missing — a store left without some of its indexes (an
older demo build's ``DROP INDEX`` committed on its own and was then killed; a hand-edited file) would
turn a slow screen into a failing one. So a store opened for writing gets back any index of the schema
it lacks (:func:`restore_missing`), and the demo generator drops and rebuilds exactly this set.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from sqlmodel import SQLModel

log = logging.getLogger(__name__)

_CREATE = re.compile(r"CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?(\w+) ON (\w+)")


def _have(conn: Any) -> dict[str, str]:
    return dict(
        conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).all()
    )


def missing(conn: Any, have: dict[str, str] | None = None) -> dict[str, str]:
    """The schema's indexes (the models', the full-text index's, the board tables') on tables the
    store has but which it lacks, by name → their ``CREATE INDEX``. Only those are compiled, so the
    check costs one read of ``sqlite_master`` on a sound store."""
    from sqlalchemy.schema import CreateIndex

    from fieldkit.models import board_index, board_tally, search_index

    have = _have(conn) if have is None else have
    tables = {
        str(r[0]) for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").all()
    }
    out: dict[str, str] = {}
    for table in SQLModel.metadata.sorted_tables:
        if table.name in tables:
            for index in table.indexes:
                if str(index.name) not in have:
                    out[str(index.name)] = str(CreateIndex(index).compile(dialect=conn.dialect))
    for sql in [
        *search_index.create_statements(),
        *board_index.table_statements(),
        *board_tally.table_statements(),
    ]:
        m = _CREATE.match(sql)
        if m and m.group(2) in tables and m.group(1) not in have:
            out[m.group(1)] = sql
    return out


def definitions(conn: Any) -> list[tuple[str, str]]:
    """Every secondary index the store should have, by name: the ones it has (their own SQL) and
    the :func:`missing` ones."""
    have = _have(conn)
    return sorted({**missing(conn, have), **have}.items())


def restore_missing(conn: Any) -> list[str]:
    """Create the indexes the store lacks (a sound store: nothing to do); their names. Each
    ``CREATE INDEX`` is whole by itself, so an interrupted repair goes on at the next open."""
    lost = missing(conn)
    for _name, sql in sorted(lost.items()):
        conn.exec_driver_sql(sql)
    if lost:
        log.warning("restored %d missing index(es): %s", len(lost), ", ".join(sorted(lost)))
    return sorted(lost)
