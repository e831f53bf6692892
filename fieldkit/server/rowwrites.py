"""The row-store writes of one push request, held back and written together (one executemany per
kind of statement) instead of one statement per mutation.

A push decides each mutation on what the request has read and written so far; the rows it wrote
are not in the database until :meth:`RowWrites.flush`. So everything that reads the row store in
the request asks here first (:meth:`RowWrites.get`, :meth:`RowWrites.pending`): the rows a group
wrote are seen by every later mutation of the request (the demand-event history, a credit code or
login taken earlier in the same request, a row created and then edited). Writes are kept per
transaction group: a group that fails forgets its own (:meth:`RowWrites.end_group`), like its
savepoint forgets its statements; the writes of the groups that succeeded stay.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, bindparam, insert, update

from .tables import server_row

if TYPE_CHECKING:  # crud imports this module
    from .crud import StoredRow

Key = tuple[str, str]

_INSERT = insert(server_row)
_UPDATE = update(server_row).where(
    and_(server_row.c.table_name == bindparam("b_table"), server_row.c.id == bindparam("b_id"))
)


class _Write:
    __slots__ = ("insert", "cols", "row")

    def __init__(self, insert: bool, cols: dict[str, Any], row: StoredRow) -> None:
        self.insert = insert  # not in the database yet: an INSERT (else an UPDATE of the stored row)
        self.cols = cols  # every column but the key
        self.row = row  # the row as it will be stored


class RowWrites:
    """Pending INSERTs and UPDATEs of ``server_row``, by (table, id): the last write of a row wins
    (its columns are the whole row), a row inserted and then updated is one INSERT."""

    def __init__(self) -> None:
        self._done: dict[Key, _Write] = {}  # of the groups that succeeded
        self._group: dict[Key, _Write] = {}  # of the group being applied

    def _find(self, key: Key) -> _Write | None:
        w = self._group.get(key)
        return w if w is not None else self._done.get(key)

    def has(self, key: Key) -> bool:
        return key in self._group or key in self._done

    def get(self, key: Key) -> StoredRow | None:
        """The row as this request wrote it (None when it wrote none: ask the database)."""
        w = self._find(key)
        return None if w is None else w.row

    def put(self, row: StoredRow, cols: dict[str, Any], *, exists: bool) -> None:
        """A write of ``row`` (``exists``: it was in the database before this request)."""
        key = (row.table, row.id)
        before = self._find(key)
        is_insert = before.insert if before is not None else not exists
        self._group[key] = _Write(is_insert, cols, row)

    def pending(self, table: str) -> Iterator[StoredRow]:
        """Every row of ``table`` this request wrote (the latest write of each)."""
        for key, w in self._done.items():
            if key[0] == table and key not in self._group:
                yield w.row
        for key, w in self._group.items():
            if key[0] == table:
                yield w.row

    def end_group(self, ok: bool) -> None:
        """The group succeeded (its writes stay) or was rolled back (they are forgotten)."""
        if ok:
            self._done.update(self._group)
        self._group = {}

    def flush(self, conn: Connection) -> None:
        """Write everything pending (a group's or the request's): one INSERT and one UPDATE
        statement with many parameter sets."""
        self._done.update(self._group)
        self._group = {}
        inserts = [{"table_name": k[0], "id": k[1], **w.cols} for k, w in self._done.items() if w.insert]
        updates = [{"b_table": k[0], "b_id": k[1], **w.cols} for k, w in self._done.items() if not w.insert]
        self._done = {}
        if inserts:
            conn.execute(_INSERT, inserts)
        if updates:
            conn.execute(_UPDATE, updates)
