"""首次对接 (seed 000 §6.1): after an assignment (包联) the assistant contacts the enterprise and
agrees how to keep in touch. Until a contact or visit of theirs is recorded for it, the
enterprise is a first contact due on their Today."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from fieldkit.models import Assignment, Enterprise, ServiceRecord
from fieldkit.models.types import parse_utc_text

from .assignments import current_condition
from .timeutil import day_start
from .today_board import FIRST_CONTACT_LIMIT as LIMIT
from .today_board import NEW_FOR_DAYS as NEW_FOR_DAYS
from .today_board import FirstContact as FirstContact


def first_contacts_due(
    session: Session, staff_id: str, today: date, limit: int = LIMIT
) -> tuple[int, list[FirstContact]]:
    """(how many, the first ``limit`` oldest first) of ``staff_id``'s current assignments begun in
    the last :data:`NEW_FOR_DAYS` days with no submitted record of theirs for the enterprise since
    the assignment's first (local) day."""
    assigned = session.exec(
        select(
            col(Assignment.enterprise_id),
            col(Enterprise.name),
            col(Assignment.start_date),
            col(Enterprise.contact_channel),
        )
        .join(Enterprise, col(Enterprise.id) == Assignment.enterprise_id)
        .where(
            Assignment.staff_id == staff_id,
            *current_condition(today),
            Assignment.start_date >= today - timedelta(days=NEW_FOR_DAYS),
            col(Enterprise.deleted).is_not(True),
            Enterprise.status != "deregistered",
        )
    ).all()
    if not assigned:
        return 0, []
    latest: dict[str, Any] = {}
    ids = [r[0] for r in assigned]
    for i in range(0, len(ids), 900):
        rows = session.exec(
            select(ServiceRecord.enterprise_id, func.max(ServiceRecord.visit_at))
            .where(
                ServiceRecord.staff_id == staff_id,
                col(ServiceRecord.enterprise_id).in_(ids[i : i + 900]),
                col(ServiceRecord.deleted).is_not(True),
                col(ServiceRecord.status).in_(("submitted", "reviewed", "returned")),
            )
            .group_by(col(ServiceRecord.enterprise_id))
        ).all()
        # SQLite hands back text for an aggregate over a datetime column
        latest.update(
            {eid: parse_utc_text(str(at)) if not hasattr(at, "tzinfo") else at for eid, at in rows if at}
        )
    due = sorted(
        (
            FirstContact(eid, name, since, channel or "")
            for eid, name, since, channel in assigned
            if eid not in latest or latest[eid] < day_start(since)
        ),
        key=lambda f: (f.since, f.enterprise_name),
    )
    return len(due), due[:limit]
