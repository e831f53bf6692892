"""The outbox as a queue a sync can send (SYNC.md): pending entries in device order, acknowledged
(deleted), rejected with the server's reason (kept for the user, never retried by itself and never
blocking the entries behind it), or in conflict; counts for the window; and each row's sync state,
derived from the outbox and the conflicts table instead of a column nobody updates.

A demo store never pushes: :func:`pending` refuses it (a demo's rows are invented and must never
reach a real server).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import bindparam, func, literal
from sqlalchemy import delete as sql_delete
from sqlalchemy import update as sql_update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from fieldkit.domain.reasons import render
from fieldkit.models import SYNCED_TABLES, OutboxEntry, SyncConflict, SyncMeta, SyncState, new_id, utcnow

from .errors import FieldKitError
from .i18n import QT_TRANSLATE_NOOP as N


class DemoStoreError(FieldKitError):
    """A demo store was asked for changes to push."""


DEMO_REFUSED = N("Sync", "这是演示数据，不能同步到服务器；请连接服务器新建工作数据")


def is_demo_store(session: Session) -> bool:
    row = session.get(SyncMeta, "demo")
    return row is not None and row.value == "1"


def pending(session: Session, limit: int = 500) -> list[OutboxEntry]:
    """The next entries to push, oldest first (rejected and conflicting entries are skipped, so
    they never block the queue). Refuses a demo store."""
    if is_demo_store(session):
        raise DemoStoreError(DEMO_REFUSED)
    return list(
        session.exec(
            select(OutboxEntry)
            .where(OutboxEntry.state == "pending")
            .order_by(col(OutboxEntry.seq))
            .limit(limit)
        ).all()
    )


def mark_sent(session: Session, entries: Iterable[OutboxEntry]) -> None:
    """The entries are handed to a push: from now on an edit of their rows makes a new entry
    (a retry must send exactly the body the server may already have applied). One UPDATE; the
    objects take the new values as stored (nothing left for the session to flush)."""
    entries = list(entries)
    seqs = [e.seq for e in entries if e.seq is not None]
    if not seqs:
        return
    now = utcnow()
    session.flush()  # any change the caller made to them goes first
    table = OutboxEntry.__table__  # type: ignore[attr-defined]
    for i in range(0, len(seqs), 500):
        session.execute(
            sql_update(table)
            .where(table.c.seq.in_(seqs[i : i + 500]))
            .values(
                sent_at=func.coalesce(table.c.sent_at, literal(now, table.c.sent_at.type)),
                attempts=table.c.attempts + 1,
            )
        )
    for e in entries:
        set_committed_value(e, "sent_at", e.sent_at or now)
        set_committed_value(e, "attempts", e.attempts + 1)


def _by_mutation(session: Session, mutation_ids: Sequence[str]) -> list[OutboxEntry]:
    if not mutation_ids:
        return []
    return list(
        session.exec(select(OutboxEntry).where(col(OutboxEntry.mutation_id).in_(list(mutation_ids)))).all()
    )


def acknowledge(
    session: Session, mutation_ids: Sequence[str], server_versions: dict[str, int] | None = None
) -> int:
    """The server applied (or had already applied) these mutations: drop their entries; a row's
    ``server_version`` is set when the server said which version it now is. Unknown ids are
    ignored (an acknowledgement may arrive twice). Returns how many entries were removed.

    A few statements per 500 entries, whatever their number: the entries' rows, one UPDATE per
    table (executemany), one DELETE."""
    ids = list(dict.fromkeys(mutation_ids))
    versions = server_versions or {}
    found: list[tuple[str, str, str]] = []
    for i in range(0, len(ids), 500):
        found += session.exec(
            select(OutboxEntry.mutation_id, OutboxEntry.table_name, OutboxEntry.row_id).where(
                col(OutboxEntry.mutation_id).in_(ids[i : i + 500])
            )
        ).all()
    wanted: dict[str, dict[str, int]] = {}  # table -> row id -> the highest version acknowledged
    for mutation_id, table_name, row_id in found:
        version = versions.get(mutation_id)
        if version is not None and table_name in SYNCED_TABLES:
            rows = wanted.setdefault(table_name, {})
            rows[row_id] = max(version, rows.get(row_id, 0))
    for table_name, by_row in wanted.items():
        model = SYNCED_TABLES[table_name]
        table = model.__table__  # type: ignore[attr-defined]
        session.execute(
            sql_update(table)
            .where(table.c.id == bindparam("rid"), table.c.server_version < bindparam("v"))
            .values(server_version=bindparam("v")),
            [{"rid": rid, "v": v} for rid, v in by_row.items()],
        )
        for obj in list(session.identity_map.values()):  # rows this session holds: read again
            if isinstance(obj, model) and obj.id in by_row:
                session.expire(obj, ["server_version"])
    done = [m for m, _t, _r in found]
    for i in range(0, len(done), 500):  # the ORM's DELETE: entries this session holds go with them
        session.execute(sql_delete(OutboxEntry).where(col(OutboxEntry.mutation_id).in_(done[i : i + 500])))
    return len(found)


def reject(
    session: Session, mutation_id: str, reason: str, code: str = "", params: dict[str, Any] | None = None
) -> None:
    """The server refused the mutation for good: keep it with the reason for the user to fix or
    discard; it is not sent again by itself. ``reason`` is the server's text; ``code`` and
    ``params`` (raw) let :func:`reason_text` show it in the interface language."""
    for e in _by_mutation(session, [mutation_id]):
        e.state = "rejected"
        _set_reason(e, reason, code, params)
        session.add(e)


def mark_conflict(
    session: Session, mutation_id: str, reason: str = "", code: str = "", params: dict[str, Any] | None = None
) -> None:
    """The server kept another value of a field this mutation changed (see :func:`add_conflict`)."""
    for e in _by_mutation(session, [mutation_id]):
        e.state = "conflict"
        _set_reason(e, reason, code, params)
        session.add(e)


def _set_reason(e: OutboxEntry, text: str, code: str = "", params: dict[str, Any] | None = None) -> None:
    e.error = text
    e.error_code = code[:40]
    e.error_params = dict(params) if params else None


def clear_reason(e: OutboxEntry) -> None:
    """The entry goes out again: it has no reason any more."""
    _set_reason(e, "")


def reason_text(e: OutboxEntry) -> str:
    """Why the server refused ``e``, in the interface language: rendered from its code and
    parameters; the server's own text for an entry kept before they were (or an unknown code)."""
    if not e.error_code:
        return e.error
    return render(e.error_code, e.error_params or {}, fallback=e.error)


def retry(session: Session, seq: int) -> None:
    """Send a rejected or conflicting entry again (after the user fixed what the reason said).

    It goes under a new mutation id: the server's ledger answers a replay of the old id with the
    stored refusal, so the same id would be refused for ever."""
    e = session.get(OutboxEntry, seq)
    if e is not None and e.state != "pending":
        e.state, e.sent_at = "pending", None
        clear_reason(e)
        e.mutation_id = new_id()
        session.add(e)


def discard(session: Session, seq: int) -> None:
    """Give up a rejected or conflicting entry: its row goes back to what the server holds, as far
    as this device knows (the entry's old values, which a pull keeps up to date); a refused create
    becomes a local tombstone (the server never had it). Fields a later entry of the row still
    changes keep their local value. Nothing is sent."""
    e = session.get(OutboxEntry, seq)
    if e is None or e.state == "pending":
        return
    model = SYNCED_TABLES.get(e.table_name)
    row = session.get(model, e.row_id) if model is not None else None
    if model is not None and row is not None:
        others = session.exec(
            select(OutboxEntry).where(
                OutboxEntry.table_name == e.table_name, OutboxEntry.row_id == e.row_id, OutboxEntry.seq != seq
            )
        ).all()
        held = {k for o in others for k in o.changes}
        if e.op == "create" and row.server_version == 0:
            if not held:
                row.deleted = True
        else:
            restore = {k: v for k, v in e.old_values.items() if k in model.model_fields and k not in held}
            if restore:
                values = {name: getattr(row, name) for name in model.model_fields}
                back = model.model_validate({**values, **restore})
                for k in restore:
                    setattr(row, k, getattr(back, k))
        session.add(row)
    session.delete(e)


def add_conflict(
    session: Session,
    *,
    table_name: str,
    row_id: str,
    field: str,
    local_value: object,
    server_value: object,
    server_version: int,
) -> SyncConflict:
    """Record that ``field`` of the row differs here and on the server; an undecided conflict on the
    same field is updated instead of repeated."""
    c = session.exec(
        select(SyncConflict).where(
            SyncConflict.table_name == table_name,
            SyncConflict.row_id == row_id,
            SyncConflict.field == field,
            col(SyncConflict.decided).is_(False),
        )
    ).first()
    if c is None:
        c = SyncConflict(table_name=table_name, row_id=row_id, field=field)
    c.local_value, c.server_value, c.server_version = local_value, server_value, server_version
    session.add(c)
    return c


def open_conflicts(session: Session, table_name: str | None = None) -> list[SyncConflict]:
    q = select(SyncConflict).where(col(SyncConflict.decided).is_(False))
    if table_name:
        q = q.where(SyncConflict.table_name == table_name)
    return list(session.exec(q.order_by(col(SyncConflict.created_at))).all())


def decide_conflict(session: Session, conflict_id: str, decision: str, value: object = None) -> SyncConflict:
    """Record the user's decision (``local`` / ``server`` / ``merged``); applying the chosen value
    to the row is the caller's write through :mod:`fieldkit.services.store`, so it syncs."""
    c = session.get(SyncConflict, conflict_id)
    if c is None:
        raise FieldKitError(N("Sync", "找不到该冲突记录"))
    c.decided, c.decision, c.decided_at = True, decision, utcnow()
    c.decided_value = {"local": c.local_value, "server": c.server_value}.get(decision, value)
    session.add(c)
    return c


@dataclass(frozen=True)
class OutboxCounts:
    waiting: int
    rejected: int
    conflicts: int  # undecided field conflicts


def counts(session: Session) -> OutboxCounts:
    rows = dict(session.exec(select(OutboxEntry.state, func.count()).group_by(OutboxEntry.state)).all())
    conflicts = session.exec(
        select(func.count()).select_from(SyncConflict).where(col(SyncConflict.decided).is_(False))
    ).one()
    return OutboxCounts(
        waiting=int(rows.get("pending", 0)),
        rejected=int(rows.get("rejected", 0)),
        conflicts=int(conflicts) + int(rows.get("conflict", 0)),
    )


def waiting_count(session: Session) -> int:
    """How many entries wait to be pushed (:attr:`OutboxCounts.waiting` in one query)."""
    n = session.exec(
        select(func.count()).select_from(OutboxEntry).where(OutboxEntry.state == "pending")
    ).one()
    return int(n)


def pending_rows(session: Session, table_name: str) -> set[str]:
    """Ids of the rows of ``table_name`` with any outbox entry (a pulled row must not overwrite them)."""
    return set(session.exec(select(OutboxEntry.row_id).where(OutboxEntry.table_name == table_name)).all())


def unsynced(session: Session, table_name: str) -> dict[str, SyncState]:
    """The sync state of every row of ``table_name`` that is not synced (all others are): one pass
    over the outbox and the open conflicts, which stay small, however large the table."""
    out: dict[str, SyncState] = {}
    rank = {s: n for n, s in enumerate(SyncState)}
    state_of = {"pending": SyncState.WAITING, "rejected": SyncState.REJECTED, "conflict": SyncState.CONFLICT}
    for row_id, state in session.exec(
        select(OutboxEntry.row_id, OutboxEntry.state).where(OutboxEntry.table_name == table_name)
    ).all():
        s = state_of.get(state, SyncState.WAITING)
        if rank[s] > rank[out.get(row_id, SyncState.SYNCED)]:
            out[row_id] = s
    for row_id in session.exec(
        select(SyncConflict.row_id).where(
            SyncConflict.table_name == table_name, col(SyncConflict.decided).is_(False)
        )
    ).all():
        out[row_id] = SyncState.CONFLICT
    return out


R = TypeVar("R")


def with_sync_states(session: Session, table_name: str, rows: list[R]) -> list[R]:
    """Set ``row.sync`` of display rows (objects with ``id`` and ``sync``) from the facts."""
    states = unsynced(session, table_name)
    for r in rows:
        r.sync = states.get(r.id, SyncState.SYNCED)  # type: ignore[attr-defined]
    return rows


def sync_states(session: Session, table_name: str, row_ids: Iterable[str]) -> dict[str, SyncState]:
    """The sync state of each of ``row_ids`` (see :func:`unsynced`)."""
    states = unsynced(session, table_name)
    return {i: states.get(i, SyncState.SYNCED) for i in dict.fromkeys(row_ids)}
