"""Supervisor mode (主管): the period's figures and lists in one call, demand closure per month
computed in SQL, and the supervisor's units of work (考核 assessment, 包联调整 reassignment, 审阅
record review). Every function takes the caller's session and opens nothing itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, func, literal_column
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from fieldkit.models import Assessment, Assignment, Demand, Enterprise, ServiceRecord, Staff

from . import store
from .assignments import AssignmentService, current_condition
from .assignments import history as assignment_history
from .complaints import mark_repeated
from .demands import DONE_STATES, DemandRow, make_demand_row
from .enterprises import search_condition
from .evaluations import AssessmentService
from .labels import label
from .ledger import (
    RecordRow,
    StaffSummary,
    submitted_count,
    submitted_records,
    zone_assistant_ids,
    zone_summary_first,
    zone_summary_page,
)
from .paging import PAGE_SIZE, Page
from .records import RecordService
from .sql_hints import indexed_by
from .staff import list_staff
from .timeutil import day_start, local_today, sql_local_modifier

#: how many months the demand-closure chart shows, up to the period's end
CHART_MONTHS = 6


def month_starts(end: date, n: int) -> list[date]:
    """The first days of the ``n`` months up to the month of ``end``, oldest first."""
    out = []
    d = end.replace(day=1)
    for _ in range(n):
        out.append(d)
        d = (d - timedelta(days=1)).replace(day=1)
    return list(reversed(out))


def closure_by_month(
    session: Session, months: list[date], zone_id: str | None = None
) -> tuple[list[int], list[int]]:
    """(closed on time, closed late) per month of ``months`` (first days): the closed and archived
    demands of the zone's active assistants, by the local month they were closed in; late means
    closed on a local day after the deadline. One aggregate query.

    SQLite's ``'localtime'`` converts the stored UTC instant with the process's time zone (the same
    as :func:`~fieldkit.services.timeutil.to_local`), so months and days are local days as
    everywhere else."""
    if not months:
        return [], []
    keys = [m.strftime("%Y-%m") for m in months]
    spans = [
        (day_start(m), day_start((m.replace(day=1) + timedelta(days=32)).replace(day=1))) for m in months
    ]
    bounds = [t for span in spans for t in span]
    # the local month from the UTC bounds of the months (text comparisons on the index's column), and
    # "late" on the local day with a fixed offset when the months have one (not 'localtime' per row:
    # 190 → 50 ms for the 15,000 demands of six months at 30,000 enterprises)
    modifier = sql_local_modifier(*bounds)
    closed = col(Demand.closed_at)
    month = case(*((and_(closed >= a, closed < b), i) for i, (a, b) in enumerate(spans)), else_=None)
    late = and_(
        col(Demand.deadline).is_not(None),
        func.date(closed, modifier) > col(Demand.deadline),
    )
    q = (
        sa_select(month.label("month"), func.sum(case((late, 1), else_=0)), func.count())
        .where(
            col(Demand.deleted).is_(False),
            col(Demand.state).in_(DONE_STATES),
            # the months' range on the closed_at index (ix_demand_closed, read alone); the staff as
            # ``IN (…)`` (a join let the planner walk each assistant's demands through the staff index:
            # 200 ms at 30,000 enterprises with full statistics)
            closed >= min(bounds),
            closed < max(bounds),
            month.is_not(None),
            col(Demand.staff_id).in_(zone_assistant_ids(zone_id)),
        )
        .group_by(literal_column("month"))
    )
    on_time, overdue = [0] * len(keys), [0] * len(keys)
    for i, n_late, n in session.execute(indexed_by(q, Demand, "ix_demand_closed")).all():
        overdue[i] = int(n_late or 0)
        on_time[i] = int(n) - overdue[i]
    return on_time, overdue


@dataclass
class AssessmentRow:
    """An assessment (考核), display-ready."""

    id: str
    staff: str
    assessor: str
    period: str
    effect: float
    attitude: float
    satisfaction: float
    total: float
    source_label: str
    comment: str


@dataclass
class AssignmentRow:
    """An enterprise of the zone with its current assistant (包联)."""

    enterprise_id: str
    enterprise: str
    staff_id: str | None
    staff: str


#: how many rows the 包联调整 and 记录审阅 lists read at a time (the first page, then one more per scroll)
ASSIGNMENT_PAGE = PAGE_SIZE
#: the staff filter's value for enterprises no active assistant of the zone currently looks after
UNASSIGNED = "-"


#: a page of the 包联调整 list: the zone's enterprises with their current assistant, in name order
AssignmentPage = Page[AssignmentRow]


@dataclass
class AssignmentHistoryRow:
    """One past or current assignment of an enterprise."""

    staff: str
    start: date
    end: date | None
    note: str


@dataclass
class SupervisorPeriod:
    """Everything the supervisor screen shows for a period, read in one session."""

    start: date
    end: date
    #: the first page of the summary's assistants (more by :func:`summary_page`)
    summary: Page[StaffSummary]
    #: the zone's figures (every assistant's, counted in SQL)
    totals: StaffSummary
    staff: list[tuple[str, str]]
    months: list[str]
    closed_on_time: list[int]
    closed_late: list[int]
    #: the first page of the assessments, the latest period first (more by :func:`assessment_page`)
    assessments: Page[AssessmentRow]
    #: the first page of the 包联调整 list (more by :func:`assignment_page`)
    assignments: AssignmentPage
    #: the first page of the zone's complaints (more by :func:`complaint_page`)
    complaints: Page[DemandRow]
    #: the first page of the records awaiting review (more by :func:`review_page`)
    to_review: Page[RecordRow]


def supervisor_period(
    session: Session,
    zone_id: str | None,
    start: date,
    end: date,
    language: str = "zh_CN",
    today: date | None = None,
    *,
    assignment_text: str = "",
    assignment_staff: str | None = None,
) -> SupervisorPeriod:
    """The zone's figures and lists from ``start`` to ``end``: the summary per assistant, demand
    closure of the last :data:`CHART_MONTHS` months, assessments, the first page of the current
    assignments (with the 包联调整 list's search and staff filter), complaints and the records
    awaiting review."""
    today = today or local_today()
    months = month_starts(min(end, today), CHART_MONTHS)
    on_time, late = closure_by_month(session, months, zone_id)
    assignments = assignment_page(
        session, zone_id, text=assignment_text, staff_id=assignment_staff, today=today
    )
    summary, totals = zone_summary_first(session, start, end, zone_id=zone_id, today=today)
    return SupervisorPeriod(
        start,
        end,
        summary,
        totals,
        list_staff(session, zone_id),
        [m.strftime("%Y-%m") for m in months],
        on_time,
        late,
        assessment_page(session, zone_id),
        assignments,
        complaint_page(session, zone_id, language, today),
        review_page(session, zone_id, start, end),
    )


def summary_page(
    session: Session,
    zone_id: str | None,
    start: date,
    end: date,
    offset: int = 0,
    limit: int | None = None,
    today: date | None = None,
) -> Page[StaffSummary]:
    """A page of the zone summary's rows (:func:`~fieldkit.services.ledger.zone_summary_page`)."""
    return zone_summary_page(session, start, end, zone_id=zone_id, today=today, offset=offset, limit=limit)


def _zone_staff_ids(zone_id: str | None) -> Any:
    """The ids of the zone's active staff, any role (the people the assessments tab lists)."""
    q = select(Staff.id).where(col(Staff.deleted).is_(False), col(Staff.active).is_(True))
    return q.where(Staff.zone_id == zone_id) if zone_id else q


def assessment_page(
    session: Session, zone_id: str | None, offset: int = 0, limit: int | None = None
) -> Page[AssessmentRow]:
    """A page of the live assessments of the zone's active staff, the latest period first (ties by
    id), with their number counted in SQL; ``limit`` None: :data:`ASSIGNMENT_PAGE`. Read as columns,
    the names of the page's people only (every assessment of the store as ORM objects: 0.5 s at 30,000
    enterprises)."""
    limit = max(0, ASSIGNMENT_PAGE if limit is None else limit)
    offset = max(0, offset)
    a = Assessment
    conds = [col(a.deleted).is_(False), col(a.staff_id).in_(_zone_staff_ids(zone_id))]
    total = int(session.execute(sa_select(func.count()).select_from(a).where(*conds)).scalar_one())
    q = (
        sa_select(
            col(a.id),
            col(a.staff_id),
            col(a.assessor_id),
            col(a.period_start),
            col(a.period_end),
            col(a.effect_score),
            col(a.attitude_score),
            col(a.satisfaction_score),
            col(a.total_score),
            col(a.source),
            col(a.comment),
        )
        .where(*conds)
        .order_by(col(a.period_end).desc(), col(a.id))
        .offset(offset)
        .limit(limit)
    )
    found = session.execute(q).all() if limit else []
    people = {r[1] for r in found} | {r[2] for r in found if r[2]}
    names = (
        dict(
            session.execute(
                sa_select(col(Staff.id), col(Staff.name)).where(
                    col(Staff.id).in_(sorted(people)), col(Staff.id).in_(_zone_staff_ids(zone_id))
                )
            ).all()
        )
        if people
        else {}
    )
    sources: dict[str, str] = {}
    out = []
    for aid, sid, assessor, p_start, p_end, effect, attitude, satisfaction, score, source, comment in found:
        if source not in sources:
            sources[source] = label("assessment_source", source)
        out.append(
            AssessmentRow(
                aid,
                names.get(sid, ""),
                names.get(assessor, ""),
                f"{p_start.isoformat()} ~ {p_end.isoformat()}",
                effect,
                attitude,
                satisfaction,
                score,
                sources[source],
                comment,
            )
        )
    return Page(out, total, offset)


def review_page(
    session: Session, zone_id: str | None, start: date, end: date, offset: int = 0, limit: int | None = None
) -> Page[RecordRow]:
    """A page of the records awaiting review (:func:`~fieldkit.services.ledger.submitted_records`,
    newest first) with their number, counted in SQL; ``limit`` None: :data:`ASSIGNMENT_PAGE`."""
    limit = ASSIGNMENT_PAGE if limit is None else limit
    offset = max(0, offset)
    rows = submitted_records(session, start, end, zone_id=zone_id, offset=offset, limit=max(0, limit))
    return Page(rows, submitted_count(session, start, end, zone_id=zone_id), offset)


def complaint_page(
    session: Session,
    zone_id: str | None,
    language: str = "zh_CN",
    today: date | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> Page[DemandRow]:
    """A page of the complaints (投诉) of the zone's live enterprises, the earliest deadline first
    and those without a deadline last, with their number counted in SQL; ``limit`` None:
    :data:`ASSIGNMENT_PAGE`. The dated ones are read in the order of ``ix_demand_kind_deadline``
    and the undated after them, so a page reads only its own rows; the repeated flag is judged
    against every complaint of the page's enterprises (:func:`~fieldkit.services.complaints.mark_repeated`)."""
    today = today or local_today()
    limit = max(0, ASSIGNMENT_PAGE if limit is None else limit)
    offset = max(0, offset)
    conds: list[Any] = [
        Demand.kind == "complaint",
        col(Demand.deleted).is_(False),
        col(Enterprise.deleted).is_(False),
    ]
    if zone_id:
        conds.append(Enterprise.zone_id == zone_id)
    dated = [*conds, col(Demand.deadline).is_not(None)]
    undated = [*conds, col(Demand.deadline).is_(None)]

    def count(where: list[Any]) -> int:
        q = (
            sa_select(func.count())
            .select_from(Demand)
            .join(Enterprise, col(Enterprise.id) == col(Demand.enterprise_id))
        )
        return int(session.execute(q.where(*where)).scalar_one())

    def read(where: list[Any], order: list[Any], skip: int, n: int) -> list[Demand]:
        q = select(Demand).join(Enterprise, col(Enterprise.id) == col(Demand.enterprise_id)).where(*where)
        return list(session.exec(q.order_by(*order).offset(skip).limit(n)).all())

    n_dated = count(dated)
    total = n_dated + count(undated)
    found: list[Demand] = []
    if offset < n_dated and limit:
        order = [col(Demand.deadline), col(Demand.enterprise_id), col(Demand.id)]
        found = read(dated, order, offset, limit)
    if len(found) < limit and offset + len(found) < total:
        skip = max(0, offset - n_dated)
        found += read(undated, [col(Demand.enterprise_id), col(Demand.id)], skip, limit - len(found))
    names = _zone_names(session, {d.enterprise_id for d in found}, zone_id)
    staff = _active_names(session, {d.staff_id for d in found}, zone_id)
    rows = [
        make_demand_row(d, names.get(d.enterprise_id, ""), staff.get(d.staff_id, ""), today, language)
        for d in found
    ]
    mark_repeated(session, rows)
    return Page(rows, total, offset)


def _active_names(session: Session, ids: set[str], zone_id: str | None) -> dict[str, str]:
    """Names of the active staff among ``ids`` (of ``zone_id`` when given): a page's people only, not
    the zone's every member (750 assistants at 30,000 enterprises)."""
    if not ids:
        return {}
    q = sa_select(col(Staff.id), col(Staff.name)).where(
        col(Staff.id).in_(sorted(ids)), col(Staff.id).in_(_zone_staff_ids(zone_id))
    )
    return {i: n for i, n in session.execute(q).all()}


def _zone_names(session: Session, ids: set[str], zone_id: str | None) -> dict[str, str]:
    """Names of the live enterprises among ``ids`` (of ``zone_id`` when given)."""
    out: dict[str, str] = {}
    wanted = sorted(ids)
    for i in range(0, len(wanted), 500):
        q = select(Enterprise.id, Enterprise.name).where(
            col(Enterprise.id).in_(wanted[i : i + 500]), col(Enterprise.deleted).is_(False)
        )
        if zone_id:
            q = q.where(Enterprise.zone_id == zone_id)
        out.update(dict(session.exec(q).all()))
    return out


def assignment_page(
    session: Session,
    zone_id: str | None,
    *,
    text: str = "",
    staff_id: str | None = None,
    offset: int = 0,
    limit: int | None = None,
    today: date | None = None,
) -> AssignmentPage:
    """``limit`` enterprises of the zone from ``offset`` in name order, each with its current
    assistant (the first by name among the zone's active assistants currently assigned), and how
    many match in all — search ``text`` (name, pinyin, credit code, contact: the enterprise list's
    search) and ``staff_id`` (an assistant's enterprises, or :data:`UNASSIGNED`) applied in SQL to
    the whole zone. Reads only the page's rows (the name index, walked to the page); ``limit``
    None: :data:`ASSIGNMENT_PAGE`."""
    today = today or local_today()
    limit = ASSIGNMENT_PAGE if limit is None else limit
    owner = (
        select(Assignment.staff_id)
        .join(Staff, col(Staff.id) == col(Assignment.staff_id))
        .where(
            Assignment.enterprise_id == Enterprise.id,
            *current_condition(today),
            col(Staff.deleted).is_(False),
            col(Staff.active).is_(True),
            Staff.role == "assistant",
            *([Staff.zone_id == zone_id] if zone_id else []),
        )
        .order_by(col(Staff.name), col(Staff.id))
        .limit(1)
        .correlate(Enterprise)
        .scalar_subquery()
    )
    conds: list[Any] = [col(Enterprise.deleted).is_(False)]
    if zone_id:
        conds.append(Enterprise.zone_id == zone_id)
    if text.strip():
        conds.append(search_condition(text))
    if staff_id == UNASSIGNED:
        conds.append(owner.is_(None))
    elif staff_id:
        conds.append(
            col(Enterprise.id).in_(
                select(Assignment.enterprise_id).where(
                    Assignment.staff_id == staff_id, *current_condition(today)
                )
            )
        )
    total = int(session.exec(select(func.count()).select_from(Enterprise).where(*conds)).one())
    page = (
        sa_select(col(Enterprise.id), col(Enterprise.name), owner)
        .where(*conds)
        .order_by(col(Enterprise.name), col(Enterprise.id))
        .offset(max(0, offset))
        .limit(max(0, limit))
    )
    if not text.strip() and not staff_id:
        # the whole zone's page: walk the name index to the page's end (the planner took the zone
        # index, one value for the whole store, and sorted every enterprise: 87 ms at 30,000)
        page = indexed_by(page, Enterprise, "ix_enterprise_name_scope")
    rows = session.execute(page).all()
    names = _active_names(session, {sid for _eid, _name, sid in rows if sid}, None)
    return AssignmentPage(
        [AssignmentRow(eid, name, sid, names.get(sid or "", "")) for eid, name, sid in rows],
        total,
        max(0, offset),
    )


def assignment_history_rows(session: Session, enterprise_id: str) -> list[AssignmentHistoryRow]:
    """Who was assigned ``enterprise_id`` and when, oldest first."""
    names = dict(list_staff(session, None, role=None))
    return [
        AssignmentHistoryRow(names.get(a.staff_id, ""), a.start_date, a.end_date, a.note)
        for a in assignment_history(session, enterprise_id)
    ]


# -- the supervisor's units of work ---------------------------------------------------------------


def record_assessment(
    session: Session,
    actor: store.Actor,
    *,
    staff_id: str,
    assessor_id: str,
    period_start: date,
    period_end: date,
    effect_score: float,
    attitude_score: float,
    satisfaction_score: float,
    source: str = "daily_check",
    comment: str = "",
) -> str:
    """考核打分 (:meth:`AssessmentService.record`); returns the assessment's id."""
    return (
        AssessmentService(actor)
        .record(
            session,
            staff_id=staff_id,
            assessor_id=assessor_id,
            period_start=period_start,
            period_end=period_end,
            effect_score=effect_score,
            attitude_score=attitude_score,
            satisfaction_score=satisfaction_score,
            source=source,
            comment=comment,
        )
        .id
    )


def reassign_enterprise(
    session: Session,
    actor: store.Actor,
    enterprise_id: str,
    from_staff_id: str,
    to_staff_id: str,
    *,
    on: date | None = None,
    note: str = "",
) -> str:
    """包联调整 (:meth:`AssignmentService.reassign`); returns the new assignment's id."""
    return (
        AssignmentService(actor)
        .reassign(session, enterprise_id, from_staff_id, to_staff_id, on=on, note=note)
        .id
    )


def return_record(
    session: Session, actor: store.Actor, record_id: str, *, reviewer_id: str, reason: str
) -> str:
    """退回修改 a submitted record with ``reason`` (:meth:`RecordService.return_for_correction`);
    returns ``record_id``."""
    RecordService(actor).return_for_correction(
        session, store.get(session, ServiceRecord, record_id), reviewer_id=reviewer_id, reason=reason
    )
    return record_id


def review_record(
    session: Session, actor: store.Actor, record_id: str, *, reviewer_id: str, note: str = ""
) -> str:
    """审阅 a submitted record (:meth:`RecordService.review`); returns ``record_id``."""
    RecordService(actor).review(
        session, store.get(session, ServiceRecord, record_id), reviewer_id=reviewer_id, note=note
    )
    return record_id
