"""包联 assignments: who looks after which enterprise, with history kept on reassignment."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from fieldkit.models import Assignment, Staff

from . import permissions, store
from .errors import ValidationError
from .i18n import QT_TRANSLATE_NOOP as N
from .timeutil import local_today


def current_condition(on: date) -> Any:
    return (
        col(Assignment.deleted).is_(False),
        Assignment.start_date <= on,
        or_(col(Assignment.end_date).is_(None), col(Assignment.end_date) >= on),
    )


def assigned_ids_query(staff_id: str, on: date | None = None) -> Any:
    """Subquery of the enterprise ids currently assigned to ``staff_id``."""
    return select(Assignment.enterprise_id).where(
        Assignment.staff_id == staff_id, *current_condition(on or local_today())
    )


def assigned_enterprise_ids(session: Session, staff_id: str, on: date | None = None) -> list[str]:
    return list(session.exec(assigned_ids_query(staff_id, on)).all())


def current_staff(session: Session, enterprise_id: str, on: date | None = None) -> list[Staff]:
    q = (
        select(Staff)
        .join(Assignment, col(Assignment.staff_id) == col(Staff.id))
        .where(Assignment.enterprise_id == enterprise_id, *current_condition(on or local_today()))
    )
    return list(session.exec(q).all())


def history(session: Session, enterprise_id: str) -> list[Assignment]:
    return list(
        session.exec(
            select(Assignment)
            .where(Assignment.enterprise_id == enterprise_id, col(Assignment.deleted).is_(False))
            .order_by(col(Assignment.start_date))
        ).all()
    )


class AssignmentService:
    def __init__(self, actor: store.Actor) -> None:
        self.actor = actor

    def assign(
        self, session: Session, staff_id: str, enterprise_id: str, start: date | None = None, note: str = ""
    ) -> Assignment:
        start = start or local_today()
        existing = session.exec(
            select(Assignment).where(
                Assignment.staff_id == staff_id,
                Assignment.enterprise_id == enterprise_id,
                *current_condition(start),
            )
        ).first()
        if existing:
            return existing
        return store.insert(
            session,
            Assignment(staff_id=staff_id, enterprise_id=enterprise_id, start_date=start, note=note),
            self.actor,
        )

    def reassign(
        self,
        session: Session,
        enterprise_id: str,
        from_staff_id: str,
        to_staff_id: str,
        on: date | None = None,
        note: str = "",
    ) -> Assignment:
        """End ``from``'s assignment the day before ``on`` and start ``to``'s; history stays.
        A supervisor's act (within their zone)."""
        permissions.require_role(session, self.actor, "reassign")
        permissions.check_enterprise(session, self.actor, enterprise_id)
        on = on or local_today()
        if from_staff_id == to_staff_id:
            raise ValidationError(N("Validation", "请选择另一位服务人员"), "to_staff_id")
        cur = session.exec(
            select(Assignment).where(
                Assignment.staff_id == from_staff_id,
                Assignment.enterprise_id == enterprise_id,
                *current_condition(on),
            )
        ).first()
        if cur is None:
            raise ValidationError(N("Validation", "该企业当前未由所选人员包联"), "from_staff_id")
        end = max(cur.start_date, on - timedelta(days=1))
        store.update(session, cur, self.actor, end_date=end, note=(cur.note + " " + note).strip())
        return self.assign(session, to_staff_id, enterprise_id, on, note)
