"""Writing what the server sent (SYNC.md: pull, apply, purge).

:func:`apply_remote` writes rows as the server sent them: no outbox entry (they must not be pushed
straight back), an audit entry naming the server, the server's version, the local derived columns
(pinyin keys) recomputed. A page may bring a child before its parent (foreign keys are checked at
commit). A row with local mutations still waiting is never overwritten: it is reported, and the
sync rebases the local edit on the server's row by the protocol's rule. Applying a page twice is
harmless (a version the store already has is skipped).

:func:`purge_enterprises` removes from this device the enterprises that left the user's scope and
every row that belongs to them, children first; an enterprise with a mutation still waiting keeps
everything until that mutation has been pushed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model
from sqlalchemy import delete as sql_delete
from sqlalchemy import insert as sql_insert
from sqlmodel import Session, col, select

from fieldkit.models import (
    LOCAL_TABLES,
    SYNCED_TABLES,
    Assignment,
    Attachment,
    AuditLog,
    Demand,
    DemandEvent,
    Enterprise,
    Evaluation,
    OutboxEntry,
    PolicyApplication,
    PolicyPush,
    ProxyMilestone,
    ProxyService,
    ServiceRecord,
    SyncConflict,
    SyncedBase,
    VisitPlan,
    new_id,
    table_name,
    utcnow,
)

from . import store
from .enterprises import key_names


@dataclass(frozen=True)
class RemoteRow:
    """One row of a pulled page: its table, its values as JSON (incl. ``id`` and ``deleted``)
    and the server's version of it."""

    table: str
    values: dict[str, Any]
    server_version: int


@dataclass
class ApplyResult:
    applied: int = 0
    unchanged: int = 0  # the store already had this version (a page applied twice)
    #: rows not written because local mutations wait: (table, row id, the server's row)
    pending: list[RemoteRow] = field(default_factory=list)


def _derive(model: type[SyncedBase], obj: SyncedBase) -> None:
    """Recompute the local columns derived from synced ones."""
    if model is Enterprise:
        assert isinstance(obj, Enterprise)
        obj.name_pinyin, obj.name_initials = key_names(obj.name)


def _defer_foreign_keys(session: Session) -> None:
    """Check foreign keys at commit, not per statement, for the rest of this transaction.

    The pragma lasts until the transaction ends, so the transaction must have begun: Python's
    sqlite3 driver opens it only before a data-changing statement, hence the no-op UPDATE first."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return
    raw = conn.connection.dbapi_connection
    if raw is not None and not getattr(raw, "in_transaction", True):
        conn.exec_driver_sql("UPDATE syncmeta SET value = value WHERE 0")
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")


def _prefetch(session: Session, rows: list[RemoteRow]) -> dict[tuple[str, str], SyncedBase]:
    """The stored rows a page names, read with one query per table and 500 ids (instead of one
    query, and one autoflush, per row)."""
    by_table: dict[str, list[str]] = {}
    for r in rows:
        if r.table in SYNCED_TABLES and r.table not in LOCAL_TABLES:
            by_table.setdefault(r.table, []).append(str(r.values["id"]))
    found: dict[tuple[str, str], SyncedBase] = {}
    for table, ids in by_table.items():
        model = SYNCED_TABLES[table]
        unique = list(dict.fromkeys(ids))
        for i in range(0, len(unique), 500):
            for obj in session.exec(select(model).where(col(model.id).in_(unique[i : i + 500]))).all():
                found[(table, obj.id)] = obj
    return found


class _Row(BaseModel):
    """Base of the plain validators of pulled rows (no ORM instrumentation)."""

    model_config = ConfigDict(extra="ignore")


_VALIDATORS: dict[str, type[BaseModel]] = {}


def validator(table: str) -> type[BaseModel]:
    """A plain pydantic model with the fields (types, defaults, limits) of the table's SQLModel
    class, built once per table: it validates a pulled row as ``model_validate`` on the table
    class does, without building an ORM-instrumented object attribute by attribute."""
    found = _VALIDATORS.get(table)
    if found is None:
        model = SYNCED_TABLES[table]
        fields: dict[str, Any] = {name: (f.annotation, f) for name, f in model.model_fields.items()}
        found = _VALIDATORS[table] = create_model(f"{model.__name__}Row", __base__=_Row, **fields)
    return found


_PLAIN = (str, int, float, bool, type(None))


def _json_values(values: dict[str, Any]) -> dict[str, Any]:
    """:func:`store.row_values` of validated values (the audit's form of a row)."""
    return {
        k: v if isinstance(v, _PLAIN) else store.to_json(v)
        for k, v in values.items()
        if k not in store.BOOKKEEPING
    }


def _derive_values(table: str, values: dict[str, Any]) -> None:
    """:func:`_derive` for plain values."""
    if table == "enterprise":
        values["name_pinyin"], values["name_initials"] = key_names(values["name"])


def apply_remote(session: Session, rows: Iterable[RemoteRow]) -> ApplyResult:
    """Write pulled rows (caller commits, together with the cursor that covers them).

    Rows new to the store (all of them on a first sync) take the fast path: validated by a plain
    pydantic model, inserted as plain rows with one executemany per table, their audit rows with
    one more. Rows the store holds go through the ORM (only changed fields written and audited);
    rows with local edits waiting are left to :func:`rebase_pending`. The full-text index follows
    by the store's triggers and is brought up to date when the caller commits."""
    _defer_foreign_keys(session)
    result = ApplyResult()
    rows = list(rows)
    waiting: dict[str, set[str]] = {}
    for r in rows:
        if r.table in LOCAL_TABLES or r.table not in SYNCED_TABLES:
            raise ValueError(f"not a synced table: {r.table}")
        if r.table not in waiting:
            waiting[r.table] = set(
                session.exec(select(OutboxEntry.row_id).where(OutboxEntry.table_name == r.table)).all()
            )
    stored = _prefetch(session, rows)
    audits: list[dict[str, Any]] = []
    #: rows new to the store, by table and id: their plain values (an id pulled twice in one
    #: batch is inserted once, with the newer version, and audited as an update)
    fresh: dict[str, dict[str, dict[str, Any]]] = {}
    now = utcnow()

    def audit(table: str, row_id: str, action: str, old: Any, new: dict[str, Any]) -> None:
        audits.append(
            {
                "id": new_id(),
                "table_name": table,
                "row_id": row_id,
                "action": action,
                "actor_id": None,
                "device_id": store.SERVER.device_id,
                "at": now,
                "old_values": old,
                "new_values": new,
            }
        )

    with session.no_autoflush:
        for r in rows:
            model = SYNCED_TABLES[r.table]
            row_id = str(r.values["id"])
            if row_id in waiting[r.table]:
                result.pending.append(r)
                continue
            current = stored.get((r.table, row_id))
            if current is not None and current.server_version >= r.server_version:
                result.unchanged += 1
                continue
            if current is None:
                table_fresh = fresh.setdefault(r.table, {})
                before = table_fresh.get(row_id)
                if before is not None and before["server_version"] >= r.server_version:
                    result.unchanged += 1
                    continue
                values = dict(validator(r.table).model_validate(r.values).__dict__)
                values["server_version"] = r.server_version
                _derive_values(r.table, values)
                new_values = _json_values(values)
                if before is None:
                    audit(r.table, row_id, "create", None, new_values)
                else:
                    old_values = _json_values(before)
                    changed = {k: v for k, v in new_values.items() if old_values.get(k) != v}
                    action = "delete" if changed.get("deleted") is True else "update"
                    audit(r.table, row_id, action, {k: old_values.get(k) for k in changed}, changed)
                table_fresh[row_id] = values
                result.applied += 1
                continue
            incoming = model.model_validate({k: v for k, v in r.values.items() if k in model.model_fields})
            new_values = store.row_values(incoming)
            old_values = store.row_values(current)
            changed = {k: v for k, v in new_values.items() if old_values.get(k) != v}
            for name in changed:
                setattr(current, name, getattr(incoming, name))
            current.server_version = r.server_version
            current.updated_at = incoming.updated_at
            _derive(model, current)
            session.add(current)
            action = "delete" if changed.get("deleted") is True else "update"
            audit(r.table, row_id, action, {k: old_values.get(k) for k in changed}, changed)
            result.applied += 1
    session.flush()
    for table, by_id in fresh.items():  # plain rows, one executemany per table
        session.execute(sql_insert(SYNCED_TABLES[table].__table__), list(by_id.values()))  # type: ignore[attr-defined]
    if audits:  # plain rows in one executemany: an AuditLog object each cost more than the row
        session.execute(sql_insert(AuditLog), audits)
    return result


#: tables that belong to an enterprise, in the order a purge removes them (children first)
PURGE_ORDER: tuple[type[SyncedBase], ...] = (
    DemandEvent,
    ProxyMilestone,
    Attachment,
    PolicyPush,
    PolicyApplication,
    Evaluation,
    Demand,
    ProxyService,
    ServiceRecord,
    VisitPlan,
    Assignment,
)


@dataclass
class PurgeResult:
    removed: dict[str, int] = field(default_factory=dict)
    #: enterprises kept because some of their rows have mutations still waiting to be pushed
    kept: list[str] = field(default_factory=list)
    #: attachment files no row names any more (the caller deletes them after committing)
    orphaned_files: list[str] = field(default_factory=list)


def _ids(session: Session, model: type[SyncedBase], enterprise_ids: list[str]) -> list[str]:
    column = getattr(model, "enterprise_id")  # noqa: B009 - every model of PURGE_ORDER has it
    return list(session.exec(select(model.id).where(col(column).in_(enterprise_ids))).all())


def purge_enterprises(session: Session, enterprise_ids: Iterable[str]) -> PurgeResult:
    """Remove the enterprises (and all their rows, their audit and conflicts) from this device."""
    result = PurgeResult()
    wanted = list(dict.fromkeys(enterprise_ids))
    every: tuple[type[SyncedBase], ...] = (*PURGE_ORDER, Enterprise)
    rows: dict[type[SyncedBase], list[str]] = {}
    for start in range(0, len(wanted), 400):
        chunk = wanted[start : start + 400]
        for model in every:
            ids = chunk if model is Enterprise else _ids(session, model, chunk)
            rows.setdefault(model, []).extend(ids)
    owner_of: dict[tuple[str, str], str] = {}
    for model, ids in rows.items():
        if model is Enterprise:
            continue
        column = getattr(model, "enterprise_id")  # noqa: B009
        for start in range(0, len(ids), 400):
            for row_id, ent in session.exec(
                select(model.id, column).where(col(model.id).in_(ids[start : start + 400]))
            ):
                owner_of[(table_name(model), row_id)] = ent
    kept: set[str] = set()
    for table, row_id in session.exec(select(OutboxEntry.table_name, OutboxEntry.row_id)).all():
        if table == "enterprise" and row_id in wanted:
            kept.add(row_id)
        elif (table, row_id) in owner_of:
            kept.add(owner_of[(table, row_id)])
    result.kept = [e for e in wanted if e in kept]
    gone = [e for e in wanted if e not in kept]
    if not gone:
        return result
    shas: set[str] = set()
    for model in every:
        name = table_name(model)
        ids = gone if model is Enterprise else [i for i in rows[model] if owner_of.get((name, i)) not in kept]
        for start in range(0, len(ids), 400):
            chunk = ids[start : start + 400]
            if model is Attachment:
                shas.update(
                    session.exec(select(Attachment.sha256).where(col(Attachment.id).in_(chunk))).all()
                )
            if model is ServiceRecord:  # amendments point at their originals: cut the link first
                session.exec(
                    ServiceRecord.__table__.update()  # type: ignore[attr-defined]
                    .where(col(ServiceRecord.id).in_(chunk))
                    .values(amends_id=None)
                )
            session.exec(
                sql_delete(AuditLog).where(col(AuditLog.table_name) == name, col(AuditLog.row_id).in_(chunk))
            )
            session.exec(
                sql_delete(SyncConflict).where(
                    col(SyncConflict.table_name) == name, col(SyncConflict.row_id).in_(chunk)
                )
            )
            n = session.exec(sql_delete(model).where(col(model.id).in_(chunk))).rowcount
            if n:
                result.removed[name] = result.removed.get(name, 0) + int(n)
    if shas:
        still = set(
            session.exec(select(Attachment.sha256).where(col(Attachment.sha256).in_(list(shas)))).all()
        )
        result.orphaned_files = sorted(shas - still)
    return result


@dataclass
class RebaseResult:
    rebased: int = 0
    unchanged: int = 0
    #: (table, row id, field): fields changed on the server that a local edit still waiting also
    #: changes; the local value stays and the server decides when it arrives (see the protocol)
    overlapping: list[tuple[str, str, str]] = field(default_factory=list)


def _held_fields(session: Session, table: str, row_id: str) -> tuple[set[str], list[OutboxEntry]]:
    """The fields local entries of the row still hold (those waiting to go, or in conflict), and
    every entry of the row (rejected ones too)."""
    entries = list(
        session.exec(
            select(OutboxEntry).where(OutboxEntry.table_name == table, OutboxEntry.row_id == row_id)
        ).all()
    )
    fields: set[str] = set()
    for e in entries:
        if e.state == "rejected":
            continue
        fields.update(e.changes)
        if e.op == "delete":
            fields.add("deleted")
    return fields, entries


def rebase_pending(session: Session, rows: Iterable[RemoteRow]) -> RebaseResult:
    """Rebase the local edits of rows that have outbox entries on the server's rows, field by field
    (the protocol's rule, docs/sync-protocol.md "Client: rebase"):

    * a field that an entry waiting to be pushed (or in conflict) changes keeps the local value;
      the entry is pushed as it is, and its base version stays the one the user edited, so the
      server still sees a concurrent edit of the same field and decides it by its rule;
    * every other field takes the server's value — including the fields of a *rejected* entry:
      the server refused that value, the entry keeps it (with the reason) for the user to fix;
    * each entry's ``old_values`` of a field becomes the server's value, so discarding the entry
      later restores what the server holds;
    * the row's ``server_version`` becomes the server's, so a page applied twice changes nothing.

    Caller commits, with the cursor."""
    result = RebaseResult()
    for r in rows:
        model = SYNCED_TABLES[r.table]
        row_id = str(r.values["id"])
        current = session.get(model, row_id)
        if current is None or current.server_version >= r.server_version:
            result.unchanged += 1
            continue
        held, entries = _held_fields(session, r.table, row_id)
        incoming = model.model_validate({k: v for k, v in r.values.items() if k in model.model_fields})
        new_values = store.row_values(incoming)
        old_values = store.row_values(current)
        first_old: dict[str, Any] = {}
        for e in sorted(entries, key=lambda e: e.seq or 0, reverse=True):
            if e.state != "rejected":
                first_old.update(e.old_values)  # the oldest entry's old value of a field wins
        taken: dict[str, Any] = {}
        old: dict[str, Any] = {}
        for name, value in new_values.items():
            if name in held:
                if name in first_old and first_old[name] != value:
                    result.overlapping.append((r.table, row_id, name))
                continue
            if old_values.get(name) == value:
                continue
            taken[name] = value
            old[name] = old_values.get(name)
            setattr(current, name, getattr(incoming, name))
        for e in entries:
            if e.op == "create":
                continue
            known = {k: new_values[k] for k in e.changes if k in new_values}
            if known and any(e.old_values.get(k) != v for k, v in known.items()):
                e.old_values = {**e.old_values, **known}
                session.add(e)
        current.server_version = r.server_version
        _derive(model, current)
        session.add(current)
        if taken:
            session.add(
                AuditLog(
                    table_name=r.table,
                    row_id=row_id,
                    action="update",
                    actor_id=None,
                    device_id=store.SERVER.device_id,
                    old_values=old,
                    new_values=taken,
                )
            )
        result.rebased += 1
    session.flush()
    return result
