"""The one write path: every local change records an audit entry and an outbox entry in the
same transaction as the change itself (SYNC.md: local edit and outbox entry in one transaction).

Deletes are tombstones (``deleted=True``), never SQL DELETEs, so the removal can be synced.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlmodel import Session

from fieldkit.models import AuditLog, OutboxEntry, SyncedBase, table_name, utcnow

from .errors import NotFoundError
from .i18n import QT_TRANSLATE_NOOP

T = TypeVar("T", bound=SyncedBase)

#: bookkeeping columns that are not user data and never travel in a mutation's changes
BOOKKEEPING = frozenset({"server_version", "sync_state", "updated_at"})


@dataclass(frozen=True)
class Actor:
    """Who makes a change, and on which device (for the audit log)."""

    staff_id: str | None
    device_id: str = "local"


SYSTEM = Actor(staff_id=None, device_id="system")


def to_json(value: Any) -> Any:
    """A column value as JSON (dates ISO 8601)."""
    if isinstance(value, datetime | date):
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
    return {
        name: to_json(getattr(obj, name))
        for name in type(obj).model_fields
        if name not in BOOKKEEPING
    }


def _journal(session: Session, obj: SyncedBase, actor: Actor, action: str,
             old: dict[str, Any] | None, new: dict[str, Any] | None, changes: dict[str, Any]) -> None:
    table = table_name(type(obj))
    session.add(AuditLog(table_name=table, row_id=obj.id, action=action, actor_id=actor.staff_id,
                         device_id=actor.device_id, old_values=old, new_values=new))
    session.add(OutboxEntry(table_name=table, row_id=obj.id, op="delete" if action == "delete" else "upsert",
                            changes=changes, base_version=obj.server_version))


def insert(session: Session, obj: T, actor: Actor) -> T:
    """Add a new row with its audit and outbox entries (caller commits)."""
    obj.sync_state = "waiting"
    obj.updated_at = utcnow()
    session.add(obj)
    # rows without ORM relationships: flushing now keeps foreign-key order = call order
    # (everything else pending was already flushed by the previous call)
    session.flush()
    values = row_values(obj)
    _journal(session, obj, actor, "create", None, values, values)
    return obj


def update(session: Session, obj: T, actor: Actor, **changes: Any) -> dict[str, Any]:
    """Apply ``changes`` to ``obj``; journal only the fields whose value really changed.

    Returns the dict of changed fields (empty when nothing changed, and then nothing is written).
    """
    unknown = [name for name in changes if name not in type(obj).model_fields]
    if unknown:  # refuse before anything is applied
        raise AttributeError(", ".join(unknown))
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
    obj.sync_state = "waiting"
    obj.updated_at = utcnow()
    session.add(obj)
    _journal(session, obj, actor, "update", old, new, new)
    return new


def delete(session: Session, obj: SyncedBase, actor: Actor) -> None:
    """Tombstone a row."""
    if obj.deleted:
        return
    obj.deleted = True
    obj.sync_state = "waiting"
    obj.updated_at = utcnow()
    session.add(obj)
    _journal(session, obj, actor, "delete", {"deleted": False}, {"deleted": True}, {"deleted": True})


def get(session: Session, model: type[T], row_id: str) -> T:
    """A live (not tombstoned) row, or a translatable NotFoundError."""
    obj = session.get(model, row_id)
    if obj is None or obj.deleted:
        raise NotFoundError(QT_TRANSLATE_NOOP("Errors", "找不到记录（{table}：{id}）"),
                            table=model.__tablename__, id=row_id)
    return obj
