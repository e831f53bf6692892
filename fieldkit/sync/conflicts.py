"""Deciding a conflict the server reported, so that the decision syncs.

The server applied the mutation received later and kept the value it replaced; this device holds
both (:class:`fieldkit.models.SyncConflict`: ``local_value`` — this device's, ``server_value`` —
the one it replaced). The owner keeps theirs, takes the other, or types a merged value;
:func:`resolve` records the decision and writes the chosen value through the one write path
(:mod:`fieldkit.services.store`), so it becomes an outbox entry and reaches the server with the
next sync. Choosing the value the row already holds writes nothing.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from fieldkit.models import SYNCED_TABLES, SyncConflict
from fieldkit.services import outbox, store
from fieldkit.services.errors import FieldKitError
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N

DECISIONS = ("local", "server", "merged")


def resolve(
    session: Session, conflict_id: str, decision: str, actor: store.Actor, value: object = None
) -> dict[str, Any]:
    """Decide one conflict (caller commits). Returns the fields written to the row (empty when the
    row already held the chosen value)."""
    if decision not in DECISIONS:
        raise FieldKitError(N("Sync", "未知的处理方式：{decision}"), decision=decision)
    c = session.get(SyncConflict, conflict_id)
    if c is None or c.decided:
        raise FieldKitError(N("Sync", "找不到该冲突记录"))
    model = SYNCED_TABLES.get(c.table_name)
    row = session.get(model, c.row_id) if model is not None else None
    if model is None or row is None or c.field not in model.model_fields:
        raise FieldKitError(N("Sync", "找不到该冲突记录"))
    decided = outbox.decide_conflict(session, conflict_id, decision, value)
    current = {name: getattr(row, name) for name in model.model_fields}
    chosen = model.model_validate({**current, c.field: decided.decided_value})
    return store.update(session, row, actor, **{c.field: getattr(chosen, c.field)})
