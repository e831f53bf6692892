"""Attachment bytes in the database, named by their sha256: chunked append, verify, ranged read.

The bytes live in :data:`~.tables.blob_chunk` (one row per received chunk) and what is held of a
file in :data:`~.tables.blob`, so every server process on one database sees the same uploads
without a shared disk. An append checks the offset and writes the chunk in one transaction that
first locks the file's ``server_blob`` row (PostgreSQL: row lock; SQLite: the write lock), so two
uploads of one file at once, or a retried chunk, serialise: one is appended, the other is told
the offset now held. A file counts (``complete``) only once its whole body hashes to its name.

Scope: a caller reaches a file only through a live Attachment row of their scope that names it
(:func:`attachment_ids`); every other caller gets :class:`NotFound`, the same answer as for a
hash nobody uploaded.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, Engine, delete, false, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from fieldkit.sync.protocol import UploadStatus

from .crud import Actor, visible
from .db import last_seq
from .tables import audit, blob, blob_chunk, server_row

SHA256 = re.compile(r"[0-9a-f]{64}")


class BlobError(Exception):
    """Why an attachment call cannot be done: a stable code and the message's parameters."""

    def __init__(self, code: str, status: UploadStatus | None = None, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.status = status
        self.params = params


class NotFound(BlobError):
    """No live Attachment row of the caller's scope names the hash (or it is not a sha256)."""

    def __init__(self) -> None:
        super().__init__("not_uploaded")


class NotUploaded(BlobError):
    """In scope, but the bytes are not all held and verified yet (same answer as NotFound)."""

    def __init__(self) -> None:
        super().__init__("not_uploaded")


class WrongOffset(BlobError):
    """The chunk does not start where the held bytes end: ask, then go on from ``status``."""

    def __init__(self, status: UploadStatus) -> None:
        super().__init__("offset", status)


class HashMismatch(BlobError):
    """The completed body does not hash to its name; the partial upload has been dropped."""

    def __init__(self) -> None:
        super().__init__("hash_mismatch")


@dataclass(frozen=True)
class Held:
    """A complete file, ready to be read."""

    sha256: str
    size: int


# ------------------------------------------------------------------------------------------ scope


def _live_rows(conn: Connection, sha256: str, allowed: ColumnElement[bool]) -> list[str]:
    """The live Attachment rows naming ``sha256`` (through ``server_row.natural_key``, indexed) that
    ``allowed`` admits."""
    r = server_row.c
    q = select(r.id).where(
        r.table_name == "attachment", r.natural_key == sha256, r.deleted == false(), allowed
    )
    return [str(x) for x in conn.scalars(q.order_by(r.id))]


def attachment_ids(conn: Connection, actor: Actor, sha256: str) -> list[str]:
    """The live Attachment rows of the caller's scope that name ``sha256``."""
    return _live_rows(conn, sha256, visible(actor))


def pushed_by_device(conn: Connection, actor: Actor, sha256: str) -> list[str]:
    """The live Attachment rows naming ``sha256`` that this device (and staff member) pushed: their
    bytes exist only on that laptop, so it may upload them even once the enterprise has moved to
    another assistant (as a mutation made before the device could know of a reassignment is
    accepted). Never a way to read: downloads stay scoped by :func:`attachment_ids`."""
    a = audit.c
    pushed = select(a.row_id).where(
        a.table_name == "attachment", a.device_id == actor.device_id, a.staff_id == actor.staff_id
    )
    return _live_rows(conn, sha256, server_row.c.id.in_(pushed))


def _check_scope(conn: Connection, actor: Actor, sha256: str, *, uploading: bool = False) -> list[str]:
    if not SHA256.fullmatch(sha256):
        raise NotFound
    ids = attachment_ids(conn, actor, sha256)
    if not ids and uploading:
        ids = pushed_by_device(conn, actor, sha256)
    if not ids:
        raise NotFound
    return ids


# ----------------------------------------------------------------------------------------- status


def _status(conn: Connection, sha256: str, *, lock: bool = False) -> UploadStatus:
    q = select(blob.c.size, blob.c.received, blob.c.complete).where(blob.c.sha256 == sha256)
    row = conn.execute(q.with_for_update() if lock else q).first()
    if row is None:
        return UploadStatus(sha256=sha256)
    return UploadStatus(
        sha256=sha256, size=int(row.size), received=int(row.received), complete=bool(row.complete)
    )


def status(engine: Engine, actor: Actor, sha256: str) -> UploadStatus:
    """How much of the file the server holds (raises :class:`NotFound` out of scope)."""
    with engine.connect() as conn:
        _check_scope(conn, actor, sha256, uploading=True)
        return _status(conn, sha256)


# ----------------------------------------------------------------------------------------- upload


def _lock(conn: Connection, sha256: str, now: datetime) -> None:
    """Make sure the file's row exists and lock it for this transaction. The insert is the first
    statement, so on SQLite the transaction holds the write lock before it reads anything."""
    values = dict(sha256=sha256, size=0, received=0, complete=False, started_at=now)
    if conn.dialect.name == "postgresql":
        conn.execute(postgresql.insert(blob).values(**values).on_conflict_do_nothing())
    else:
        conn.execute(sqlite.insert(blob).values(**values).on_conflict_do_nothing())


def _digest(conn: Connection, sha256: str) -> str:
    h = hashlib.sha256()
    starts = conn.scalars(
        select(blob_chunk.c.start).where(blob_chunk.c.sha256 == sha256).order_by(blob_chunk.c.start)
    ).all()
    for start in starts:  # one chunk in memory at a time
        data = conn.scalar(
            select(blob_chunk.c.data).where(blob_chunk.c.sha256 == sha256, blob_chunk.c.start == start)
        )
        h.update(bytes(data or b""))
    return h.hexdigest()


def _drop(conn: Connection, sha256: str) -> None:
    conn.execute(delete(blob_chunk).where(blob_chunk.c.sha256 == sha256))
    conn.execute(update(blob).where(blob.c.sha256 == sha256).values(size=0, received=0, complete=False))


def _audit_upload(
    conn: Connection, actor: Actor, sha256: str, size: int, row_ids: list[str], now: datetime
) -> None:
    """One audit entry per Attachment row of the uploader's scope whose bytes are now complete.
    An upload changes no synced row, so it takes no change sequence: ``change_seq`` is the one
    current when it completed."""
    seq = last_seq(conn)
    for row_id in row_ids:
        conn.execute(
            insert(audit).values(
                change_seq=seq,
                table_name="attachment",
                row_id=row_id,
                op="upload",
                staff_id=actor.staff_id,
                device_id=actor.device_id,
                mutation_id=None,
                received_at=now,
                old_values=None,
                new_values={"sha256": sha256, "size": size},
            )
        )


def append(
    engine: Engine,
    actor: Actor,
    sha256: str,
    *,
    offset: int,
    size: int,
    data: bytes,
    now: datetime,
    max_bytes: int,
) -> UploadStatus:
    """Append one chunk at ``offset`` of a file of ``size`` bytes; verify the hash when the file is
    complete. A complete file answers complete at once, whatever is sent."""
    if not SHA256.fullmatch(sha256):
        raise NotFound
    mismatch = False
    with engine.begin() as conn:
        _lock(conn, sha256, now)
        row_ids = _check_scope(conn, actor, sha256, uploading=True)
        held = _status(conn, sha256, lock=True)
        if held.complete:
            return held
        if size > max_bytes:
            raise BlobError("too_large", size=size, limit=max_bytes)
        if held.received and size != held.size:
            raise BlobError("size_mismatch", size=size, held=held.size)
        if offset != held.received:
            raise WrongOffset(held)
        if offset + len(data) > size:
            raise BlobError("chunk_past_end", size=size)
        received = offset + len(data)
        if data:
            conn.execute(insert(blob_chunk).values(sha256=sha256, start=offset, length=len(data), data=data))
        conn.execute(update(blob).where(blob.c.sha256 == sha256).values(size=size, received=received))
        if received < size:
            return UploadStatus(sha256=sha256, size=size, received=received)
        if _digest(conn, sha256) != sha256:
            _drop(conn, sha256)  # committed with this transaction: nothing of it counts
            mismatch = True
        else:
            conn.execute(
                update(blob)
                .where(blob.c.sha256 == sha256)
                .values(
                    complete=True,
                    completed_at=now,
                    completed_by=actor.staff_id,
                    completed_device=actor.device_id,
                )
            )
            _audit_upload(conn, actor, sha256, size, row_ids, now)
    if mismatch:
        raise HashMismatch
    return UploadStatus(sha256=sha256, size=size, received=size, complete=True)


# --------------------------------------------------------------------------------------- download


def held(engine: Engine, actor: Actor, sha256: str) -> Held:
    """The complete file the caller may read (raises :class:`NotFound` / :class:`NotUploaded`)."""
    with engine.connect() as conn:
        _check_scope(conn, actor, sha256)
        st = _status(conn, sha256)
    if not st.complete:
        raise NotUploaded
    return Held(sha256, st.size)


def read(engine: Engine, sha256: str, start: int, end: int) -> Iterator[bytes]:
    """The bytes ``[start, end)`` of a complete file, a chunk at a time, each read on its own short
    connection (a complete file's chunks never change)."""
    pos = start
    c = blob_chunk.c
    while pos < end:
        with engine.connect() as conn:
            row = conn.execute(
                select(c.start, c.length, c.data)
                .where(c.sha256 == sha256, c.start <= pos)
                .order_by(c.start.desc())
                .limit(1)
            ).first()
        if row is None or int(row.start) + int(row.length) <= pos:
            raise RuntimeError(f"attachment {sha256} has no byte {pos}")  # a damaged database
        piece = bytes(row.data)[pos - int(row.start) : end - int(row.start)]
        yield piece
        pos += len(piece)
