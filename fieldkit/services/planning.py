"""Visit plans (走访计划) and the quarterly coverage rule (seed 002 表1: every assigned enterprise
gets at least one on-site visit per quarter)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from fieldkit.domain.follow_ups import FOLLOW_UP_THEME, suggested_follow_up
from fieldkit.domain.follow_ups import offers_follow_up as offers_follow_up
from fieldkit.models import Assignment, Enterprise, ServiceRecord, Staff, VisitPlan

from . import store
from .assignments import current_condition
from .errors import ValidationError, ValidationErrors
from .i18n import QT_TRANSLATE_NOOP as N
from .outbox import with_sync_states
from .timeutil import day_end, day_start, local_today, quarter_bounds
from .validation import parse_date

KINDS = ("onsite", "ondemand", "survey")


def effective_status(plan: VisitPlan, today: date | None = None) -> str:
    """``overdue`` is derived: a plan still planned whose date has passed."""
    if plan.status == "planned" and plan.planned_date < (today or local_today()):
        return "overdue"
    return plan.status


class PlanService:
    def __init__(self, actor: store.Actor) -> None:
        self.actor = actor

    def create(
        self,
        session: Session,
        *,
        staff_id: str,
        enterprise_id: str,
        planned_date: date | str,
        theme: str = "",
        kind: str = "onsite",
        note: str = "",
        follow_up_of: str | None = None,
    ) -> VisitPlan:
        errors = []
        d: date | None = None
        try:
            d = parse_date(planned_date, "planned_date", label=N("Validation", "走访日期"))
        except ValidationError as e:
            errors.append(e)
        if kind not in KINDS:
            errors.append(ValidationError(N("Validation", "“{value}”不是有效的选项"), "kind", value=kind))
        if not theme.strip():
            errors.append(
                ValidationError(N("Validation", "请填写{label}"), "theme", label=N("Validation", "走访主题"))
            )
        if errors or d is None:  # d is None only when parse_date raised
            raise ValidationErrors(errors)
        plan = VisitPlan(
            staff_id=staff_id,
            enterprise_id=enterprise_id,
            planned_date=d,
            theme=theme.strip(),
            kind=kind,
            note=note,
            status="planned",
            follow_up_of=follow_up_of,
        )
        return store.insert(session, plan, self.actor)

    def reschedule(
        self, session: Session, plan: VisitPlan, new_date: date | str, note: str | None = None
    ) -> None:
        if plan.status in ("done", "cancelled"):
            raise ValidationError(N("Validation", "已完成或已取消的计划不能改期"), "planned_date")
        d = parse_date(new_date, "planned_date")
        changes: dict[str, object] = {"planned_date": d}
        if note is not None:
            changes["note"] = note
        store.update(session, plan, self.actor, **changes)

    def update(self, session: Session, plan: VisitPlan, **changes: object) -> None:
        store.update(session, plan, self.actor, **changes)

    def cancel(self, session: Session, plan: VisitPlan, note: str = "") -> None:
        if plan.status == "done":
            raise ValidationError(N("Validation", "已完成的计划不能取消"), "status")
        store.update(session, plan, self.actor, status="cancelled", note=(note or plan.note))

    def mark_done(self, session: Session, plan: VisitPlan) -> None:
        store.update(session, plan, self.actor, status="done")


def plans_between(
    session: Session, staff_id: str | None, start: date, end: date, include_cancelled: bool = True
) -> list[VisitPlan]:
    q = select(VisitPlan).where(
        col(VisitPlan.deleted).is_(False), VisitPlan.planned_date >= start, VisitPlan.planned_date <= end
    )
    if staff_id:
        q = q.where(VisitPlan.staff_id == staff_id)
    if not include_cancelled:
        q = q.where(VisitPlan.status != "cancelled")
    return list(session.exec(q.order_by(col(VisitPlan.planned_date))).all())


def overdue_plans(session: Session, staff_id: str | None, today: date | None = None) -> list[VisitPlan]:
    today = today or local_today()
    q = select(VisitPlan).where(
        col(VisitPlan.deleted).is_(False), VisitPlan.status == "planned", VisitPlan.planned_date < today
    )
    if staff_id:
        q = q.where(VisitPlan.staff_id == staff_id)
    return list(session.exec(q.order_by(col(VisitPlan.planned_date))).all())


@dataclass
class StaffCoverage:
    staff_id: str
    staff_name: str
    assigned: int
    visited: int
    missing: list[tuple[str, str]] = field(default_factory=list)  # (enterprise id, name)

    @property
    def percent(self) -> float:
        return 100.0 * self.visited / self.assigned if self.assigned else 100.0


def onsite_visited_ids(session: Session, start: date, end: date, staff_id: str | None = None) -> set[str]:
    """Enterprises with a submitted/reviewed on-site record in [start, end] (local days)."""
    q = select(ServiceRecord.enterprise_id).where(
        col(ServiceRecord.deleted).is_(False),
        ServiceRecord.kind == "onsite",
        col(ServiceRecord.status).in_(("submitted", "reviewed")),
        ServiceRecord.visit_at >= day_start(start),
        ServiceRecord.visit_at < day_end(end),
    )
    if staff_id:
        q = q.where(ServiceRecord.staff_id == staff_id)
    return set(session.exec(q.distinct()).all())


def quarterly_coverage(
    session: Session, today: date | None = None, staff_id: str | None = None, zone_id: str | None = None
) -> list[StaffCoverage]:
    """Per staff member: assigned enterprises (as of today) visited on-site this quarter, and who is missing.

    A visit by anyone counts for the enterprise (the rule is about the enterprise being served).
    Hibernating and deregistered enterprises are left out of the rule.
    """
    today = today or local_today()
    start, end = quarter_bounds(today)
    visited = onsite_visited_ids(session, start, min(end, today))
    q = (
        select(Assignment.staff_id, Staff.name, Enterprise.id, Enterprise.name)
        .join(Staff, col(Staff.id) == col(Assignment.staff_id))
        .join(Enterprise, col(Enterprise.id) == col(Assignment.enterprise_id))
        .where(
            *current_condition(today), col(Enterprise.deleted).is_(False), Enterprise.status == "operating"
        )
    )
    if staff_id:
        q = q.where(Assignment.staff_id == staff_id)
    if zone_id:
        q = q.where(Staff.zone_id == zone_id)
    out: dict[str, StaffCoverage] = {}
    for sid, sname, eid, ename in session.exec(q.order_by(col(Staff.name), col(Enterprise.name))).all():
        cov = out.setdefault(sid, StaffCoverage(sid, sname, 0, 0))
        cov.assigned += 1
        if eid in visited:
            cov.visited += 1
        else:
            cov.missing.append((eid, ename))
    return list(out.values())


def plan_counts_by_status(session: Session, staff_id: str, start: date, end: date) -> dict[str, int]:
    rows = session.exec(
        select(VisitPlan.status, func.count())
        .where(
            VisitPlan.staff_id == staff_id,
            col(VisitPlan.deleted).is_(False),
            VisitPlan.planned_date >= start,
            VisitPlan.planned_date <= end,
        )
        .group_by(VisitPlan.status)
    ).all()
    return dict(rows)


# -- use cases of the plan screens (one call per unit of work; the caller's transaction) -------------


@dataclass
class PlanRow:
    """A visit plan, display-ready: the list, the calendars and the 走访计划表 form. ``status`` is
    the effective one (a past planned visit is overdue)."""

    id: str
    enterprise_id: str
    enterprise: str
    staff_id: str
    staff: str
    theme: str
    kind: str
    kind_label: str
    planned_date: date
    status: str  # effective status: planned / overdue / done / cancelled
    status_label: str
    note: str = ""
    sync: str = "synced"  # synced / waiting / rejected / conflict (services.outbox)
    #: 回访: the service record this plan follows up (None for an ordinary plan)
    follow_up_of: str | None = None

    @property
    def open(self) -> bool:
        return self.status in ("planned", "overdue")


def plan_row(p: VisitPlan, enterprise: str, staff: str, today: date | None = None) -> PlanRow:
    from .labels import label

    st = effective_status(p, today or local_today())
    return PlanRow(
        p.id,
        p.enterprise_id,
        enterprise,
        p.staff_id,
        staff,
        p.theme,
        p.kind,
        label("plan_kind", p.kind),
        p.planned_date,
        st,
        label("plan_status", st),
        p.note,
        follow_up_of=p.follow_up_of,
    )


@dataclass
class PlansBoard:
    """The plans screen for a period: the plans, the enterprises and (for a supervisor) the staff a
    plan may be made for, and the quarter's coverage."""

    start: date
    end: date
    today: date
    plans: list[PlanRow]
    enterprises: list[tuple[str, str]]
    staff: list[tuple[str, str]]
    coverage: list[StaffCoverage] = field(default_factory=list)
    #: plans still open whose day passed before ``start`` (逾期): the list shows them first
    overdue_before: list[PlanRow] = field(default_factory=list)


def plans_board(
    session: Session,
    start: date,
    end: date,
    *,
    staff_id: str | None,
    zone_id: str | None,
    user: tuple[str, str],
    include_cancelled: bool = False,
    today: date | None = None,
) -> PlansBoard:
    """The plans from ``start`` to ``end`` of ``staff_id`` (None: a supervisor, the staff of
    ``zone_id``), the user's enterprises and the coverage of the current quarter. ``user`` is the
    (id, name) of who looks (named even when not among the zone's assistants)."""
    from .enterprises import scope_enterprises
    from .names import remembered_enterprise_name
    from .staff import list_staff

    today = today or local_today()
    plans = plans_between(session, staff_id, start, end, include_cancelled=include_cancelled)
    ents = scope_enterprises(session, staff_id, zone_id)
    names = dict(ents)
    staff_rows = list_staff(session, zone_id)
    staff_names = dict(staff_rows)
    staff_names[user[0]] = user[1]
    rows = [
        plan_row(
            p,
            remembered_enterprise_name(session, names, p.enterprise_id, default=p.enterprise_id),
            staff_names.get(p.staff_id, ""),
            today,
        )
        for p in plans
    ]
    coverage = quarterly_coverage(session, today, staff_id=staff_id, zone_id=zone_id)
    late = [
        plan_row(
            p,
            remembered_enterprise_name(session, names, p.enterprise_id, default=p.enterprise_id),
            staff_names.get(p.staff_id, ""),
            today,
        )
        for p in overdue_plans(session, staff_id, today)
        if p.planned_date < start and (staff_id is not None or p.staff_id in staff_names)
    ]
    return PlansBoard(
        start,
        end,
        today,
        with_sync_states(session, "visitplan", rows),
        ents,
        staff_rows if staff_id is None else [],
        coverage,
        with_sync_states(session, "visitplan", late),
    )


def create_plan(
    session: Session,
    actor: store.Actor,
    *,
    staff_id: str,
    enterprise_id: str,
    planned_date: date,
    theme: str,
    kind: str = "onsite",
    note: str = "",
    follow_up_of: str | None = None,
) -> str:
    """新建走访计划 (:meth:`PlanService.create`); returns the plan's id. ``follow_up_of``: the
    service record a 回访 plan follows up (it must be one that offers it)."""
    if follow_up_of is not None:
        rec = store.get(session, ServiceRecord, follow_up_of)
        if not offers_follow_up(rec.kind, rec.status) or rec.enterprise_id != enterprise_id:
            raise ValidationError(
                N("Validation", "只有已提交的定点服务记录可以安排本企业的回访"), "follow_up_of"
            )
    return (
        PlanService(actor)
        .create(
            session,
            staff_id=staff_id,
            enterprise_id=enterprise_id,
            planned_date=planned_date,
            theme=theme,
            kind=kind,
            note=note,
            follow_up_of=follow_up_of,
        )
        .id
    )


@dataclass
class FollowUpOffer:
    """The 回访 offered when an on-demand service closes: for which enterprise, on which day,
    about what (seed 004 附录A)."""

    record_id: str
    enterprise_id: str
    enterprise: str
    suggested: date
    theme: str


def follow_up_offer(session: Session, record_id: str, today: date | None = None) -> FollowUpOffer | None:
    """The 回访 to offer for the record ``record_id`` (None: it is no closed on-demand service,
    or it — or the record it corrects — already has a follow-up plan)."""
    from .i18n import translate
    from .names import enterprise_name
    from .timeutil import to_local

    rec = store.get(session, ServiceRecord, record_id)
    if not offers_follow_up(rec.kind, rec.status):
        return None
    if follow_up_plans(session, record_id):
        return None
    day = (to_local(rec.visit_at) or rec.visit_at).date()
    about = rec.content.strip().splitlines()[0][:40] if rec.content.strip() else ""
    return FollowUpOffer(
        rec.id,
        rec.enterprise_id,
        enterprise_name(session, rec.enterprise_id),
        suggested_follow_up(day, today or local_today()),
        translate(
            "FollowUp",
            FOLLOW_UP_THEME,
            day=day.isoformat(),
            about=translate("FollowUp", N("FollowUp", "：{what}"), what=about) if about else "",
        ),
    )


def follow_up_plans(session: Session, record_id: str) -> list[VisitPlan]:
    """The live 回访 plans of the record ``record_id`` and of the records in its correction chain
    (a correction follows up the same service)."""
    ids = {record_id}
    rec = session.get(ServiceRecord, record_id)
    while rec is not None and rec.amends_id and rec.amends_id not in ids:
        ids.add(rec.amends_id)
        rec = session.get(ServiceRecord, rec.amends_id)
    ids |= set(
        session.exec(
            select(ServiceRecord.id).where(
                col(ServiceRecord.amends_id).in_(ids), col(ServiceRecord.deleted).is_(False)
            )
        ).all()
    )
    return list(
        session.exec(
            select(VisitPlan)
            .where(col(VisitPlan.follow_up_of).in_(ids), col(VisitPlan.deleted).is_(False))
            .order_by(col(VisitPlan.planned_date))
        ).all()
    )


def reschedule_plan(
    session: Session, actor: store.Actor, plan_id: str, new_date: date, *, note: str | None = None
) -> str:
    """改期; returns ``plan_id``."""
    PlanService(actor).reschedule(session, store.get(session, VisitPlan, plan_id), new_date, note=note)
    return plan_id


def cancel_plan(session: Session, actor: store.Actor, plan_id: str, *, note: str = "") -> str:
    """取消计划; returns ``plan_id``."""
    PlanService(actor).cancel(session, store.get(session, VisitPlan, plan_id), note=note)
    return plan_id
