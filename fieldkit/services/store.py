"""The one write path: every local change records an audit entry and an outbox entry in the
same transaction as the change itself (SYNC.md: local edit and outbox entry in one transaction).

Deletes are tombstones (``deleted=True``), never SQL DELETEs, so the removal can be synced.

The outbox keeps one pending entry per row: an edit to a row whose entry has not been handed to a
push yet (and was made by the same person) merges into that entry and into its audit row, so a
burst of autosaves is one mutation with the first base version and the first old values. Every
entry carries this store's device id, its device sequence (``seq``, AUTOINCREMENT), the actor,
the id of the transaction (one user action) that wrote it, and the schema version.

Rows that came from the server are written by :mod:`fieldkit.services.replica`, not here.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import event
from sqlmodel import Session, col, select

from fieldkit.models import (
    SCHEMA_VERSION,
    AuditLog,
    OutboxEntry,
    Staff,
    SyncedBase,
    new_id,
    table_name,
    utcnow,
)
from fieldkit.models.types import utc_text

# every session commit on a store indexes what it wrote, in whatever process writes: the store's
# write path (this module) is imported by every service and by sync's apply, unlike the package itself,
# which a read without the ORM (services.today_sql) imports too
from . import search_upkeep as search_upkeep
from .device import device_id
from .errors import NotFoundError
from .i18n import QT_TRANSLATE_NOOP
from .permissions import check_write
from .text_checks import check_row

T = TypeVar("T", bound=SyncedBase)

#: bookkeeping columns that are not user data and never travel in a mutation's changes
BOOKKEEPING = frozenset({"server_version", "updated_at"})

_TX_KEY = "fieldkit.tx_id"
#: edits this close together (an autosave burst) fold into one audit row; the outbox entry merges
#: whatever the gap, as long as it has not been handed to a push
AUDIT_MERGE_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class Actor:
    """Who makes a change, on which device (for the audit log), and what a permission decision
    needs: the role (assistant, supervisor, admin) and zone. An actor built without a role is
    looked up in the store when a decision is made (:mod:`fieldkit.services.permissions`)."""

    staff_id: str | None
    device_id: str = "local"
    role: str | None = None
    zone_id: str | None = None

    @classmethod
    def of(cls, staff: Staff, device_id: str = "local") -> Actor:
        """The actor of a signed-in staff member."""
        return cls(staff.id, device_id, staff.role, staff.zone_id)


SYSTEM = Actor(staff_id=None, device_id="system")
#: the audit's name for rows written as the server sent them
SERVER = Actor(staff_id=None, device_id="server")


def transaction_id(session: Session) -> str:
    """The id shared by every outbox entry the current transaction writes (one user action)."""
    tx = session.info.get(_TX_KEY)
    if tx is None:
        tx = session.info[_TX_KEY] = new_id()
    return str(tx)


def new_group(session: Session) -> None:
    """Start a new sync group within the current transaction: the entries written from now on
    take effect on the server independently of the ones before (e.g. one automatic reminder per
    demand, so a reminder refused for one demand does not take the others with it)."""
    session.info[_TX_KEY] = new_id()


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _end_transaction(session: Session) -> None:
    session.info.pop(_TX_KEY, None)


def to_json(value: Any) -> Any:
    """A column value as JSON: days ISO 8601, instants in the store's one form (UTC, microseconds),
    so an outbox entry, an audit row and a pulled row write a time alike."""
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, uuid.UUID):
        return value.hex
    return value


def row_values(obj: SyncedBase) -> dict[str, Any]:
    """All user-data columns of a row as JSON values."""
    return {name: to_json(getattr(obj, name)) for name in type(obj).model_fields if name not in BOOKKEEPING}


def _open_entry(session: Session, table: str, row_id: str, actor: Actor) -> OutboxEntry | None:
    """The row's pending entry that later edits may still merge into: not yet handed to a push,
    written by the same person."""
    q = select(OutboxEntry).where(
        OutboxEntry.table_name == table,
        OutboxEntry.row_id == row_id,
        OutboxEntry.state == "pending",
        col(OutboxEntry.sent_at).is_(None),
    )
    q = q.where(
        col(OutboxEntry.actor_id).is_(None)
        if actor.staff_id is None
        else OutboxEntry.actor_id == actor.staff_id
    )
    return session.exec(q.order_by(col(OutboxEntry.seq).desc())).first()


def _merge_audit(
    session: Session, entry: OutboxEntry, old: dict[str, Any] | None, new: dict[str, Any]
) -> bool:
    """Fold an edit into the audit row of ``entry`` when that row is still the row's latest."""
    if not entry.audit_id:
        return False
    audit = session.get(AuditLog, entry.audit_id)
    if audit is None:
        return False
    latest = session.exec(
        select(AuditLog.id)
        .where(AuditLog.table_name == audit.table_name, AuditLog.row_id == audit.row_id)
        .order_by(col(AuditLog.at).desc())
        .limit(1)
    ).first()
    if latest != audit.id:
        return False
    at = audit.at if audit.at.tzinfo else audit.at.replace(tzinfo=UTC)
    if utcnow() - at > AUDIT_MERGE_WINDOW:
        return False
    if audit.old_values is not None and old is not None:
        audit.old_values = {**old, **audit.old_values}
    audit.new_values = {**(audit.new_values or {}), **new}
    if new.get("deleted") is True:
        audit.action = "delete"
    audit.at = utcnow()
    session.add(audit)
    return True


def _journal(
    session: Session,
    obj: SyncedBase,
    actor: Actor,
    action: str,
    old: dict[str, Any] | None,
    new: dict[str, Any],
    separate: bool = False,
) -> None:
    table = table_name(type(obj))
    entry = None if action == "create" else _open_entry(session, table, obj.id, actor)
    if separate and entry is not None and entry.op != "create" and entry.tx_id != transaction_id(session):
        entry = None  # a step of a lifecycle travels with its own transaction (its event's)
    if entry is not None:
        entry.changes = {**entry.changes, **new}
        if entry.op != "create" and old is not None:
            entry.old_values = {**old, **entry.old_values}  # the first old value of each field wins
        if action == "delete" and entry.op != "create":
            entry.op = "delete"
        entry.updated_at = utcnow()
        session.add(entry)
        if _merge_audit(session, entry, old, new):
            return
        audit = AuditLog(
            table_name=table,
            row_id=obj.id,
            action=action,
            actor_id=actor.staff_id,
            device_id=actor.device_id,
            old_values=old,
            new_values=new,
        )
        session.add(audit)
        entry.audit_id = audit.id
        return
    audit = AuditLog(
        table_name=table,
        row_id=obj.id,
        action=action,
        actor_id=actor.staff_id,
        device_id=actor.device_id,
        old_values=old,
        new_values=new,
    )
    session.add(audit)
    session.add(
        OutboxEntry(
            device_id=device_id(session),
            tx_id=transaction_id(session),
            actor_id=actor.staff_id,
            table_name=table,
            row_id=obj.id,
            op=action,
            changes=new,
            old_values=old or {},
            base_version=obj.server_version,
            schema_version=SCHEMA_VERSION,
            audit_id=audit.id,
        )
    )


def insert(session: Session, obj: T, actor: Actor) -> T:
    """Add a new row with its audit and outbox entries (caller commits); refused with
    PermissionDenied when the actor's role or scope does not allow it; its texts are checked
    (:func:`fieldkit.services.text_checks.check_row`): nothing is added when one is refused."""
    check_write(session, actor, obj, None)
    check_row(type(obj), {name: getattr(obj, name) for name in type(obj).model_fields})
    obj.updated_at = utcnow()
    session.add(obj)
    # rows without ORM relationships: flushing now keeps foreign-key order = call order
    # (everything else pending was already flushed by the previous call)
    session.flush()
    values = row_values(obj)
    _journal(session, obj, actor, "create", None, values)
    return obj


def update(session: Session, obj: T, actor: Actor, **changes: Any) -> dict[str, Any]:
    """Apply ``changes`` to ``obj``; journal only the fields whose value really changed.

    Returns the dict of changed fields (empty when nothing changed, and then nothing is written).
    """
    return _update(session, obj, actor, changes, separate_entry=False)


def update_step(session: Session, obj: T, actor: Actor, **changes: Any) -> dict[str, Any]:
    """:func:`update` for a step of a lifecycle: it does not merge into a pending update of
    another transaction, so the step reaches the server in one group with its event and the
    server can refuse both together (a demand's transition, docs/sync-protocol.md)."""
    return _update(session, obj, actor, changes, separate_entry=True)


def _update(
    session: Session, obj: T, actor: Actor, changes: dict[str, Any], *, separate_entry: bool
) -> dict[str, Any]:
    unknown = [name for name in changes if name not in type(obj).model_fields]
    if unknown:  # refuse before anything is applied
        raise AttributeError(", ".join(unknown))
    check_write(session, actor, obj, changes)
    check_row(type(obj), changes)
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for name, value in changes.items():
        before = getattr(obj, name)
        if before == value:
            continue
        old[name] = to_json(before)
        new[name] = to_json(value)
        setattr(obj, name, value)
    if not new:
        return {}
    obj.updated_at = utcnow()
    session.add(obj)
    _journal(session, obj, actor, "update", old, new, separate_entry)
    return new


def delete(session: Session, obj: SyncedBase, actor: Actor) -> None:
    """Tombstone a row."""
    if obj.deleted:
        return
    check_write(session, actor, obj, {"deleted": True})
    obj.deleted = True
    obj.updated_at = utcnow()
    session.add(obj)
    _journal(session, obj, actor, "delete", {"deleted": False}, {"deleted": True})


def get(session: Session, model: type[T], row_id: str) -> T:
    """A live (not tombstoned) row, or a translatable NotFoundError."""
    obj = session.get(model, row_id)
    if obj is None or obj.deleted:
        raise NotFoundError(
            QT_TRANSLATE_NOOP("Errors", "找不到记录（{table}：{id}）"), table=model.__tablename__, id=row_id
        )
    return obj


def journal_update(
    session: Session, obj: SyncedBase, actor: Actor, old: dict[str, Any], new: dict[str, Any]
) -> None:
    """Journal an edit of ``obj`` whose local value already holds ``new`` (JSON values): a decision
    that keeps the local value of a conflicting field must still reach the server."""
    obj.updated_at = utcnow()
    session.add(obj)
    _journal(session, obj, actor, "update", old, new)
