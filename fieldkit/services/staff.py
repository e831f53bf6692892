"""Staff members: the lists that pickers and supervisor screens need."""

from __future__ import annotations

from sqlmodel import Session, col, select

from fieldkit.models import Staff


def list_staff(
    session: Session, zone_id: str | None = None, role: str | None = "assistant"
) -> list[tuple[str, str]]:
    """(id, name) of the active staff, optionally of one zone and one role, by name."""
    q = select(Staff).where(col(Staff.deleted).is_(False), col(Staff.active).is_(True))
    if role:
        q = q.where(Staff.role == role)
    if zone_id:
        q = q.where(Staff.zone_id == zone_id)
    return [(st.id, st.name) for st in session.exec(q.order_by(col(Staff.name))).all()]


def staff_by_id(session: Session) -> dict[str, Staff]:
    """Every staff member by id, former ones too (printed histories name whoever did the work)."""
    return {st.id: st for st in session.exec(select(Staff)).all()}
