"""Ledger (台账) queries: everything a staff member did in a period, and the zone summary that
supervisors use to review and assess (visits, coverage %, demands on time / overdue, satisfaction).

Rows are plain dataclasses with display-ready values, shared by the window, the PDF forms and
the Excel export, so the three always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, case, distinct, func, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from fieldkit.domain.records import COUNTED_STATUSES, VISIT_KINDS, count_visits, visit_of
from fieldkit.models import (
    Assessment,
    Assignment,
    Demand,
    Enterprise,
    Evaluation,
    Policy,
    PolicyPush,
    ProxyService,
    ServiceRecord,
    Staff,
    board_index,
    board_tally,
)

from .assignments import current_condition
from .complaints import mark_repeated
from .demands import DONE_STATES, DemandRow, make_demand_row
from .evaluations import level_score
from .i18n import QT_TRANSLATE_NOOP as N
from .i18n import translate
from .labels import label
from .names import staff_names as names_of_staff
from .paging import Page
from .proxy import ProxyRow, proxy_row
from .records import RecordRow as RecordRow
from .records import record_row
from .sql_hints import indexed_by, no_index
from .timeutil import day_end, day_start, fmt_datetime, local_today

#: the records the ledgers and the summary count (submitted or reviewed)
SUBMITTED = COUNTED_STATUSES


@dataclass
class PushRow:
    """A policy push (宣讲推送), display-ready: the ledgers, the forms and the record editor."""

    id: str
    policy_id: str
    policy: str
    enterprise: str
    staff: str
    pushed_at: str
    note: str


@dataclass
class AssessmentLine:
    """A supervisor's 考核 (seed 000 §7.1) in a ledger: the period assessed, the three scores, the
    total, where it came from, who assessed and what they wrote."""

    period: str
    effect: float
    attitude: float
    satisfaction: float
    total: float
    source_label: str
    assessor: str
    comment: str


def assessments_between(
    session: Session, start: date, end: date, staff_id: str | None = None
) -> list[Assessment]:
    """The live assessments whose period overlaps ``start``–``end`` (of ``staff_id``, or everyone's),
    oldest period first."""
    q = select(Assessment).where(
        col(Assessment.deleted).is_(False),
        col(Assessment.period_start) <= end,
        col(Assessment.period_end) >= start,
    )
    if staff_id:
        q = q.where(Assessment.staff_id == staff_id)
    return list(session.exec(q.order_by(col(Assessment.period_start), col(Assessment.created_at))).all())


@dataclass
class StaffLedger:
    staff_id: str
    staff_name: str
    specialist_type: str
    start: date
    end: date
    records: list[RecordRow] = field(default_factory=list)
    demands: list[DemandRow] = field(default_factory=list)
    proxies: list[ProxyRow] = field(default_factory=list)
    pushes: list[PushRow] = field(default_factory=list)
    #: the supervisor's 考核 of this staff member for a period overlapping the ledger's
    assessments: list[AssessmentLine] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        visits = [(r.kind, visit_of(r.kind, r.id, r.amends_id, r.corrects_returned)) for r in self.records]
        return {
            "records": len(self.records),
            # the summary's 走访次数 (one rule, domain.records.visit_of): on-site and on-demand
            # originals, and the corrections of a returned original as one visit; a correction of a
            # counted original is not another visit, a survey is a record but no visit
            "visits": count_visits(v for _kind, v in visits),
            "onsite_visits": count_visits(v for kind, v in visits if kind == "onsite"),
            "demands": len(self.demands),
            "demands_closed": sum(1 for d in self.demands if d.closed_on),
            # open and past the deadline (the one meaning of 逾期); finished late is its own figure
            "demands_overdue": sum(1 for d in self.demands if d.overdue),
            "demands_closed_late": sum(1 for d in self.demands if d.closed_late),
            "proxies": len(self.proxies),
            "pushes": len(self.pushes),
        }


def _names(session: Session, model: type[Enterprise] | type[Policy], ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    attr = model.name if model is Enterprise else model.title  # type: ignore[union-attr]
    out: dict[str, str] = {}
    id_list = list(ids)
    for i in range(0, len(id_list), 900):
        chunk = id_list[i : i + 900]
        out.update(dict(session.exec(select(model.id, attr).where(col(model.id).in_(chunk))).all()))
    return out


def returned_originals(session: Session, ids: set[str]) -> set[str]:
    """Those of ``ids`` that are live records returned for correction (退回修改): the originals whose
    corrections are visits of their own (:func:`~fieldkit.domain.records.visit_of`)."""
    out: set[str] = set()
    id_list = sorted(ids)
    for i in range(0, len(id_list), 900):
        chunk = id_list[i : i + 900]
        out.update(
            session.exec(
                select(ServiceRecord.id).where(
                    col(ServiceRecord.id).in_(chunk),
                    col(ServiceRecord.status) == "returned",
                    col(ServiceRecord.deleted).is_(False),
                )
            ).all()
        )
    return out


def demand_row(d: Demand, names: dict[str, str], today: date) -> DemandRow:
    return make_demand_row(d, names.get(d.enterprise_id, ""), "", today)


def staff_ledger(
    session: Session, staff_id: str, start: date, end: date, today: date | None = None
) -> StaffLedger:
    """Everything ``staff_id`` did from ``start`` to ``end`` (local days, inclusive)."""
    today = today or local_today()
    staff = session.get(Staff, staff_id)
    led = StaffLedger(
        staff_id,
        staff.name if staff else "",
        label("specialist_type", staff.specialist_type if staff else None),
        start,
        end,
    )
    lo, hi = day_start(start), day_end(end)
    recs = session.exec(
        select(ServiceRecord)
        .where(
            ServiceRecord.staff_id == staff_id,
            col(ServiceRecord.deleted).is_(False),
            col(ServiceRecord.status).in_(SUBMITTED),
            ServiceRecord.visit_at >= lo,
            ServiceRecord.visit_at < hi,
        )
        .order_by(col(ServiceRecord.visit_at))
    ).all()
    dems = session.exec(
        select(Demand)
        .where(
            Demand.staff_id == staff_id,
            col(Demand.deleted).is_(False),
            col(Demand.collected_at) >= lo,
            col(Demand.collected_at) < hi,
        )
        .order_by(col(Demand.collected_at))
    ).all()
    proxies = session.exec(
        select(ProxyService)
        .where(
            ProxyService.staff_id == staff_id,
            col(ProxyService.deleted).is_(False),
            ProxyService.accepted_on >= start,
            ProxyService.accepted_on <= end,
        )
        .order_by(col(ProxyService.accepted_on))
    ).all()
    pushes = session.exec(
        select(PolicyPush)
        .where(
            PolicyPush.staff_id == staff_id,
            col(PolicyPush.deleted).is_(False),
            PolicyPush.pushed_at >= lo,
            PolicyPush.pushed_at < hi,
        )
        .order_by(col(PolicyPush.pushed_at))
    ).all()
    ent_ids = (
        {r.enterprise_id for r in recs}
        | {d.enterprise_id for d in dems}
        | {p.enterprise_id for p in proxies}
        | {p.enterprise_id for p in pushes}
    )
    names = _names(session, Enterprise, ent_ids)
    titles = _names(session, Policy, {p.policy_id for p in pushes})
    led.records = [record_row(r, names.get(r.enterprise_id, ""), led.staff_name) for r in recs]
    returned = returned_originals(session, {r.amends_id for r in recs if r.amends_id})
    for row in led.records:
        row.corrects_returned = row.amends_id in returned
    led.demands = [demand_row(d, names, today) for d in dems]
    found = assessments_between(session, start, end, staff_id)
    assessors = names_of_staff(session, (a.assessor_id for a in found))
    led.assessments = [
        AssessmentLine(
            f"{a.period_start.isoformat()} ~ {a.period_end.isoformat()}",
            a.effect_score,
            a.attitude_score,
            a.satisfaction_score,
            a.total_score,
            label("assessment_source", a.source),
            assessors.get(a.assessor_id, ""),
            a.comment,
        )
        for a in found
    ]
    led.proxies = [proxy_row(p, names.get(p.enterprise_id, ""), led.staff_name, today) for p in proxies]
    for push in pushes:
        led.pushes.append(
            PushRow(
                id=push.id,
                policy_id=push.policy_id,
                policy=titles.get(push.policy_id, ""),
                enterprise=names.get(push.enterprise_id, ""),
                staff=led.staff_name,
                pushed_at=fmt_datetime(push.pushed_at),
                note=push.note,
            )
        )
    return led


def zone_assistant_ids(zone_id: str | None) -> Any:
    """The ids of the zone's active assistants (the staff of :func:`zone_summary`), as a subquery for
    ``staff_id IN (…)``: SQLite builds it once into a keyed list, so the period's rows are read from
    their own index and checked against it instead of being joined staff first (one walk of the
    staff index per assistant: 1 s at 30,000 enterprises with full statistics)."""
    q = select(Staff.id).where(
        col(Staff.deleted).is_(False), col(Staff.role) == "assistant", col(Staff.active).is_(True)
    )
    if zone_id:
        q = q.where(col(Staff.zone_id) == zone_id)
    return q


def _submitted_conditions(start: date, end: date, zone_id: str | None) -> list[Any]:
    lo, hi = day_start(start), day_end(end)
    return [
        col(ServiceRecord.status) == "submitted",
        col(ServiceRecord.visit_at) >= lo,
        col(ServiceRecord.visit_at) < hi,
        col(ServiceRecord.deleted).is_(False),
        col(ServiceRecord.staff_id).in_(zone_assistant_ids(zone_id)),
    ]


#: the records awaiting review by date (status, visit_at, deleted, staff_id): counted and paged from it
_REVIEW_INDEX = "ix_servicerecord_review"
#: a period's visits (visit_at, kind, status, deleted, enterprise_id, staff_id, amends_id)
_VISIT_INDEX = "ix_servicerecord_visit_cover"


def submitted_count(session: Session, start: date, end: date, zone_id: str | None = None) -> int:
    """How many records :func:`submitted_records` lists (counted in SQL, from the review index alone)."""
    q = sa_select(func.count()).select_from(ServiceRecord).where(*_submitted_conditions(start, end, zone_id))
    return int(session.execute(indexed_by(q, ServiceRecord, _REVIEW_INDEX)).scalar_one())


def submitted_records(
    session: Session,
    start: date,
    end: date,
    zone_id: str | None = None,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> list[RecordRow]:
    """The records submitted and not yet reviewed dated from ``start`` to ``end`` (local days,
    inclusive), of the active assistants (of ``zone_id`` when given: the staff of :func:`zone_summary`),
    newest first; one query, the names joined in; ``limit`` rows from ``offset`` when given (read
    down the review index, which stops at the page's end)."""
    # SQLAlchemy's select: SQLModel's is typed for at most four columns. The staff condition is
    # ``staff_id IN (…)`` and the names LEFT JOINs, so that the records come first (a plain join lets
    # the planner start from the staff and walk each one's records)
    q = (
        sa_select(
            col(ServiceRecord.id),
            col(ServiceRecord.enterprise_id),
            col(Enterprise.name),
            col(ServiceRecord.staff_id),
            col(Staff.name),
            col(ServiceRecord.visit_at),
            col(ServiceRecord.kind),
            col(ServiceRecord.stage),
            col(ServiceRecord.content),
            col(ServiceRecord.amends_id),
            col(ServiceRecord.problems),
            col(ServiceRecord.follow_up),
            col(ServiceRecord.service_items),
        )
        .outerjoin(Staff, col(Staff.id) == col(ServiceRecord.staff_id))
        .outerjoin(Enterprise, col(Enterprise.id) == col(ServiceRecord.enterprise_id))
        .where(*_submitted_conditions(start, end, zone_id))
    )
    q = q.order_by(col(ServiceRecord.visit_at).desc(), col(Staff.name), col(ServiceRecord.id))
    if limit is not None:
        q = q.offset(offset).limit(limit)
    return [
        RecordRow(
            id=r[0],
            enterprise_id=r[1],
            enterprise=r[2] or "",
            staff_id=r[3],
            staff=r[4] or "",
            visit_at=fmt_datetime(r[5]),
            kind_label=label("plan_kind", r[6]),
            stage_label=label("stage", r[7]),
            status="submitted",
            status_label=label("record_status", "submitted"),
            content=r[8] or "",
            amends=r[9] is not None,
            problems=r[10] or "",
            follow_up=r[11] or "",
            service_items=item_labels(r[12] or []),
            kind=r[6],
        )
        for r in session.execute(indexed_by(q, ServiceRecord, _REVIEW_INDEX)).all()
    ]


def item_labels(codes: list[str]) -> str:
    """The service items' labels joined by "；" (an unknown code as itself)."""
    from .reference import load as load_reference

    items = load_reference().all_service_items()
    return "；".join(items[c].label(None) if c in items else c for c in codes)


@dataclass
class StaffSummary:
    staff_id: str
    staff_name: str
    specialist_type: str
    visits: int = 0
    assigned: int = 0
    covered: int = 0
    demands_opened: int = 0
    closed_on_time: int = 0
    closed_late: int = 0
    overdue_open: int = 0
    proxies_completed: int = 0
    pushes: int = 0
    satisfaction_avg: float | None = None
    evaluations: int = 0  # how many evaluations the average is over (weights the zone total)
    satisfaction_total: int = 0  # sum of their scores (1–5)
    #: the supervisor's 考核: mean total score of the assessments overlapping the period, and how
    #: many (weights the zone total)
    assessment_avg: float | None = None
    assessments: int = 0
    assessment_total: float = 0.0

    @property
    def coverage_pct(self) -> float:
        return round(100.0 * self.covered / self.assigned, 1) if self.assigned else 0.0

    @property
    def on_time_pct(self) -> float:
        closed = self.closed_on_time + self.closed_late
        return round(100.0 * self.closed_on_time / closed, 1) if closed else 0.0


def _closed_late_sql() -> Any:
    """:func:`~fieldkit.services.demands.closed_late` of a done demand in SQL: closed on a local day
    after its deadline (SQLite's ``'localtime'`` is the process's time zone, as ``to_local``)."""
    return and_(
        col(Demand.deadline).is_not(None),
        func.date(col(Demand.closed_at), "localtime") > col(Demand.deadline),
    )


def _coverage_query(lo: Any, hi: Any, ref_day: date, staff_ids: list[str] | None = None) -> Any:
    """(staff id, enterprises assigned on ``ref_day``, how many of them had an on-site visit by anyone
    from ``lo`` to ``hi``) per assistant, in one aggregate: the period's visited enterprises are
    read from the visit index alone (``ix_servicerecord_visit_cover``) and joined to the current
    assignments; "live and operating" is the board's per-enterprise fact (``board_coverage``, kept
    by triggers), a narrow keyed row instead of the enterprise's. ``staff_ids``: only theirs (a page
    of the summary: their ranges of the assignment index)."""
    visited = indexed_by(
        sa_select(col(ServiceRecord.enterprise_id)).where(
            col(ServiceRecord.visit_at) >= lo,
            col(ServiceRecord.visit_at) < hi,
            no_index(ServiceRecord.kind) == "onsite",
            no_index(ServiceRecord.status).in_(SUBMITTED),
            no_index(ServiceRecord.deleted).is_(False),
        ),
        ServiceRecord,
        _VISIT_INDEX,
    )
    cov = board_index.coverage.c
    # visited in the period: the enterprise's latest on-site visit (board_coverage.last_onsite_at, the
    # same rule, kept by triggers) is in it; before it or none, not; only a latest visit after the
    # period's end asks the period's visits — IN (subquery): SQLite builds that set once into a keyed
    # temporary table when a row first needs it (for the current period, rarely: 30,000 enterprises,
    # 40,000 visits of the quarter not read), a past period's every enterprise
    covered = case(
        (and_(cov.last_onsite_at >= lo, cov.last_onsite_at < hi), col(Assignment.enterprise_id)),
        (
            and_(cov.last_onsite_at >= hi, col(Assignment.enterprise_id).in_(visited)),
            col(Assignment.enterprise_id),
        ),
    )
    staff = [col(Assignment.staff_id).in_(staff_ids)] if staff_ids is not None else []
    # the assignments first, from their covering index in staff order, each enterprise's facts by key
    # (the planner took board_coverage first and read each assignment's row by enterprise: 2× the time)
    return indexed_by(
        sa_select(
            col(Assignment.staff_id),
            func.count(distinct(col(Assignment.enterprise_id))),
            func.count(distinct(covered)),
        )
        .join(board_index.coverage, cov.enterprise_id == col(Assignment.enterprise_id))
        .where(*current_condition(ref_day), cov.operating.is_(True), *staff)
        .group_by(col(Assignment.staff_id)),
        Assignment,
        "ix_assignment_current",
    )


#: how many assistants the supervisor screen's summary reads at a time (the first page, then one more
#: per scroll): the zone's figures are counted separately (:func:`zone_summary_totals`)
SUMMARY_PAGE = 50


def _zone_staff(zone_id: str | None) -> Any:
    """(id, name, specialist type) of the zone's active assistants — the summary's rows — by name."""
    sq = select(Staff.id, Staff.name, Staff.specialist_type).where(
        col(Staff.deleted).is_(False), Staff.role == "assistant", col(Staff.active).is_(True)
    )
    if zone_id:
        sq = sq.where(Staff.zone_id == zone_id)
    return sq.order_by(col(Staff.name), col(Staff.id))


def zone_summary(
    session: Session, start: date, end: date, zone_id: str | None = None, today: date | None = None
) -> list[StaffSummary]:
    """One row per field staff member of the zone for the period.

    - visits: submitted on-site and on-demand records dated in the period, the corrections of a
      returned record as one visit together (a correction of a submitted or reviewed record is not
      counted again; a survey is no visit): :func:`~fieldkit.domain.records.visit_of`, the
      assistant's ledger's ``totals["visits"]``;
    - assigned / covered: enterprises assigned at the period's end (or today, if earlier), and how many
      of them had an on-site visit in the period (by anyone) — coverage % = covered / assigned;
    - demands opened in the period; of the demands closed in the period, on time (closed on or before
      the deadline, or no deadline) or late; overdue_open: still open with the deadline passed;
    - satisfaction: mean evaluation score (1–5) in the period (with the number of evaluations, so
      that :func:`zone_totals` can weight it).

    Every assistant of the zone (the printed summary); the screen reads them a page at a time
    (:func:`zone_summary_page`) with the zone's totals counted apart (:func:`zone_summary_totals`)."""
    return _summary_rows(session, start, end, session.exec(_zone_staff(zone_id)).all(), today, paged=False)


def zone_summary_page(
    session: Session,
    start: date,
    end: date,
    zone_id: str | None = None,
    today: date | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> Page[StaffSummary]:
    """``limit`` rows of :func:`zone_summary` from ``offset`` (the assistants in name order; ``limit``
    None: :data:`SUMMARY_PAGE`) and how many assistants there are, counted in SQL. Each figure is
    read for the page's assistants only, through their staff indexes (a range of each one's rows),
    so a page costs the same whatever the zone's size."""
    limit = SUMMARY_PAGE if limit is None else max(0, limit)
    offset = max(0, offset)
    staff = session.exec(_zone_staff(zone_id).offset(offset).limit(limit)).all() if limit else []
    counted = _zone_staff(zone_id).order_by(None).with_only_columns(func.count())
    total = int(session.execute(counted).scalar_one())
    return Page(_summary_rows(session, start, end, staff, today, paged=True), total, offset)


def zone_summary_first(
    session: Session,
    start: date,
    end: date,
    zone_id: str | None = None,
    today: date | None = None,
    limit: int | None = None,
) -> tuple[Page[StaffSummary], StaffSummary]:
    """The first page of :func:`zone_summary_page` and the zone's 合计 (equal to
    :func:`zone_summary_totals`), for the screen's first load: one pass per figure over the period's
    covering indexes, grouped by assistant, for the whole zone (its total summed from the rows), of
    which the page's rows are shown. Measured against the page's per-assistant statements plus the
    totals counted apart, this is the cheaper way at every size tried (30,000 enterprises, 759
    assistants: ≈ 105 ms CPU against ≈ 107 ms for page + totals, and 175 against 416 ms for the whole
    first load; 1,000: 6.5 against 20 ms); the next pages are read by :func:`zone_summary_page`."""
    limit = SUMMARY_PAGE if limit is None else max(0, limit)
    rows = _summary_rows(session, start, end, session.exec(_zone_staff(zone_id)).all(), today, paged=False)
    return Page(rows[:limit], len(rows), 0), zone_totals(rows)


def _period_visits(lo: Any, hi: Any) -> tuple[Any, ...]:
    """The conditions of the records a period's visits are counted from (submitted, of the visit kinds,
    not deleted; :func:`_visits_count` counts them), ``+column`` on all but the date so that only the
    ``visit_at`` range of ``ix_servicerecord_visit_cover`` is read."""
    return (
        no_index(ServiceRecord.deleted).is_(False),
        no_index(ServiceRecord.status).in_(SUBMITTED),
        no_index(ServiceRecord.kind).in_(VISIT_KINDS),
        col(ServiceRecord.visit_at) >= lo,
        col(ServiceRecord.visit_at) < hi,
    )


def _visits_count() -> Any:
    """The visits of the :func:`_period_visits` rows (of one assistant, grouped by ``staff_id``):
    :func:`~fieldkit.domain.records.visit_of` in SQL, the rule the ledger's ``totals["visits"]``
    counts by — each original, and the corrections of one returned original (their ``amends_id``, the
    chain's root) once together; a correction of a counted original is none. The returned originals
    are read once into a list (``IN (subquery)``, from the status index: few rows, the record's own to
    see it is live), the period's rows from the columns of the visit index alone."""
    returned = ServiceRecord.__table__.alias("returned_original")  # type: ignore[attr-defined]
    originals = indexed_by(
        sa_select(returned.c.id).where(returned.c.status == "returned", returned.c.deleted.is_(False)),
        returned,
        "ix_servicerecord_status",
    )
    amends = col(ServiceRecord.amends_id)
    return func.count().filter(amends.is_(None)) + func.count(distinct(amends)).filter(amends.in_(originals))


def _summary_rows(
    session: Session, start: date, end: date, staff: Any, today: date | None, *, paged: bool
) -> list[StaffSummary]:
    """The summary rows of ``staff`` ((id, name, type) rows, in their order). ``paged``: the queries
    are limited to these assistants and read through the staff indexes (a page of the screen);
    otherwise each is one pass over the period's index range (every assistant: the printed form)."""
    today = today or local_today()
    ref_day = min(end, today)
    lo, hi = day_start(start), day_end(end)
    # columns, not ORM rows (one per assistant: 750 at 30,000 enterprises); labels looked up once per type
    types: dict[str | None, str] = {}
    rows: dict[str, StaffSummary] = {}
    for sid, name, kind in staff:
        if kind not in types:
            types[kind] = label("specialist_type", kind)
        rows[sid] = StaffSummary(sid, name, types[kind])
    if not rows:
        return []
    ids = list(rows) if paged else None

    def of(statement: Any, entity: Any, period_index: str | None, staff_index: str) -> Any:
        """``statement`` limited to the page's staff on their index, or on the period's index."""
        if ids is not None:
            return indexed_by(statement.where(col(entity.staff_id).in_(ids)), entity, staff_index)
        return indexed_by(statement, entity, period_index) if period_index else statement

    visits = (
        sa_select(col(ServiceRecord.staff_id), _visits_count())
        .where(*_period_visits(lo, hi))
        .group_by(col(ServiceRecord.staff_id))
    )
    # only the visit_at range of ix_servicerecord_visit_cover, read alone: the amends_id or status
    # index would read nearly every record's row, and with full statistics the planner skip-scans
    # the (staff_id, visit_at) index, reading the row of every visit of the period (1 s at 30,000);
    # a page: each of its assistants' range of the (staff_id, visit_at) index
    for sid, n in session.execute(
        of(visits, ServiceRecord, _VISIT_INDEX, "ix_servicerecord_staff_visit")
    ).all():
        if sid in rows:
            rows[sid].visits = int(n)
    for sid, n_assigned, n_covered in session.execute(_coverage_query(lo, hi, ref_day, ids)).all():
        if sid in rows:
            rows[sid].assigned = int(n_assigned)
            rows[sid].covered = int(n_covered)
    opened = (
        sa_select(col(Demand.staff_id), func.count())
        .where(col(Demand.deleted).is_(False), col(Demand.collected_at) >= lo, col(Demand.collected_at) < hi)
        .group_by(col(Demand.staff_id))
    )
    for sid, n in session.execute(of(opened, Demand, "ix_demand_collected", "ix_demand_staff_id")).all():
        if sid in rows:
            rows[sid].demands_opened = int(n)
    closed = (
        sa_select(col(Demand.staff_id), func.count().filter(_closed_late_sql()), func.count())
        .where(
            col(Demand.deleted).is_(False),
            col(Demand.state).in_(DONE_STATES),
            col(Demand.closed_at) >= lo,
            col(Demand.closed_at) < hi,
        )
        .group_by(col(Demand.staff_id))
    )
    for sid, n_late, n in session.execute(of(closed, Demand, "ix_demand_closed", "ix_demand_staff_id")).all():
        if sid in rows:
            rows[sid].closed_late = int(n_late)
            rows[sid].closed_on_time = int(n) - int(n_late)
    # the open demands past their deadline from the board's partial index (its condition as its SQL
    # text: live, open, with a deadline), not every open demand's row through the state index (not
    # the plain deadline index, which holds every closed one too)
    overdue = (
        sa_select(col(Demand.staff_id), func.count())
        .where(text(board_tally.DEMAND_OPEN_SQL), col(Demand.deadline) < ref_day)
        .group_by(col(Demand.staff_id))
    )
    for sid, n in session.execute(of(overdue, Demand, "ix_demand_open_deadline", "ix_demand_staff_id")).all():
        if sid in rows:
            rows[sid].overdue_open = int(n)
    proxies = (
        sa_select(col(ProxyService.staff_id), func.count())
        .where(
            no_index(ProxyService.deleted).is_(False),
            no_index(ProxyService.status) == "completed",
            col(ProxyService.completed_on) >= start,
            col(ProxyService.completed_on) <= end,
        )
        .group_by(col(ProxyService.staff_id))
    )
    for sid, n in session.execute(
        of(proxies, ProxyService, "ix_proxyservice_completed", "ix_proxyservice_staff_id")
    ).all():
        if sid in rows:
            rows[sid].proxies_completed = int(n)
    pushes = (
        sa_select(col(PolicyPush.staff_id), func.count())
        .where(
            col(PolicyPush.deleted).is_(False),
            col(PolicyPush.pushed_at) >= lo,
            col(PolicyPush.pushed_at) < hi,
        )
        .group_by(col(PolicyPush.staff_id))
    )
    for sid, n in session.execute(
        of(pushes, PolicyPush, "ix_policypush_period", "ix_policypush_staff_id")
    ).all():
        if sid in rows:
            rows[sid].pushes = int(n)
    evaluations = (
        sa_select(col(Evaluation.staff_id), col(Evaluation.level), func.count())
        .where(
            no_index(Evaluation.deleted).is_(False),
            col(Evaluation.evaluated_on) >= start,
            col(Evaluation.evaluated_on) <= end,
        )
        .group_by(col(Evaluation.staff_id), col(Evaluation.level))
    )
    for sid, level, n in session.execute(
        of(evaluations, Evaluation, "ix_evaluation_period", "ix_evaluation_staff_id")
    ).all():
        score = level_score(level)
        if sid in rows and score is not None:
            rows[sid].evaluations += int(n)
            rows[sid].satisfaction_total += score * int(n)
    assessed = (
        sa_select(col(Assessment.staff_id), col(Assessment.total_score))
        .where(
            col(Assessment.deleted).is_(False),
            col(Assessment.period_start) <= end,
            col(Assessment.period_end) >= start,
        )
        # assessments_between's rows and order (the float sum adds them as before), two columns of each
        .order_by(col(Assessment.period_start), col(Assessment.created_at))
    )
    for sid, score in session.execute(of(assessed, Assessment, None, "ix_assessment_staff_id")).all():
        if sid in rows:
            rows[sid].assessments += 1
            rows[sid].assessment_total += score
    for row in rows.values():
        if row.evaluations:
            row.satisfaction_avg = round(row.satisfaction_total / row.evaluations, 2)
        if row.assessments:
            row.assessment_avg = round(row.assessment_total / row.assessments, 1)
    return list(rows.values())


def zone_summary_totals(
    session: Session, start: date, end: date, zone_id: str | None = None, today: date | None = None
) -> StaffSummary:
    """:func:`zone_totals` of every row of :func:`zone_summary` (the 合计 row), counted in SQL without
    building the rows: each figure is one aggregate over the zone's active assistants."""
    today = today or local_today()
    ref_day = min(end, today)
    lo, hi = day_start(start), day_end(end)
    zone_staff = zone_assistant_ids(zone_id)
    t = StaffSummary("", translate("Labels", N("Labels", "合计")), "")

    def one(statement: Any, entity: Any, index: str | None) -> Any:
        q = statement.where(col(entity.staff_id).in_(zone_staff))
        return session.execute(indexed_by(q, entity, index) if index else q).one()

    # summed over the assistants' counts: a returned original's corrections by two of them (each
    # counts the visit) are two visits, as in their rows
    visits = indexed_by(
        sa_select(_visits_count().label("n"))
        .where(*_period_visits(lo, hi), col(ServiceRecord.staff_id).in_(zone_staff))
        .group_by(col(ServiceRecord.staff_id)),
        ServiceRecord,
        _VISIT_INDEX,
    ).subquery()
    t.visits = int(session.execute(sa_select(func.coalesce(func.sum(visits.c.n), 0))).scalar_one())
    coverage = _coverage_query(lo, hi, ref_day).where(col(Assignment.staff_id).in_(zone_staff)).subquery()
    n_assigned, n_covered = session.execute(
        sa_select(func.coalesce(func.sum(coverage.c[1]), 0), func.coalesce(func.sum(coverage.c[2]), 0))
    ).one()
    t.assigned, t.covered = int(n_assigned), int(n_covered)
    (t.demands_opened,) = one(
        sa_select(func.count()).where(
            col(Demand.deleted).is_(False), col(Demand.collected_at) >= lo, col(Demand.collected_at) < hi
        ),
        Demand,
        "ix_demand_collected",
    )
    n_late, n_closed = one(
        sa_select(func.count().filter(_closed_late_sql()), func.count()).where(
            col(Demand.deleted).is_(False),
            col(Demand.state).in_(DONE_STATES),
            col(Demand.closed_at) >= lo,
            col(Demand.closed_at) < hi,
        ),
        Demand,
        "ix_demand_closed",
    )
    t.closed_late, t.closed_on_time = int(n_late), int(n_closed) - int(n_late)
    (t.overdue_open,) = one(
        sa_select(func.count()).where(text(board_tally.DEMAND_OPEN_SQL), col(Demand.deadline) < ref_day),
        Demand,
        "ix_demand_open_deadline",
    )
    (t.proxies_completed,) = one(
        sa_select(func.count()).where(
            no_index(ProxyService.deleted).is_(False),
            no_index(ProxyService.status) == "completed",
            col(ProxyService.completed_on) >= start,
            col(ProxyService.completed_on) <= end,
        ),
        ProxyService,
        "ix_proxyservice_completed",
    )
    (t.pushes,) = one(
        sa_select(func.count()).where(
            col(PolicyPush.deleted).is_(False),
            col(PolicyPush.pushed_at) >= lo,
            col(PolicyPush.pushed_at) < hi,
        ),
        PolicyPush,
        "ix_policypush_period",
    )
    for level, n in session.execute(
        indexed_by(
            sa_select(col(Evaluation.level), func.count())
            .where(
                no_index(Evaluation.deleted).is_(False),
                col(Evaluation.evaluated_on) >= start,
                col(Evaluation.evaluated_on) <= end,
                col(Evaluation.staff_id).in_(zone_staff),
            )
            .group_by(col(Evaluation.level)),
            Evaluation,
            "ix_evaluation_period",
        )
    ).all():
        score = level_score(level)
        if score is not None:
            t.evaluations += int(n)
            t.satisfaction_total += score * int(n)
    n_assessed, assessed_total = one(
        sa_select(func.count(), func.coalesce(func.sum(col(Assessment.total_score)), 0.0)).where(
            col(Assessment.deleted).is_(False),
            col(Assessment.period_start) <= end,
            col(Assessment.period_end) >= start,
        ),
        Assessment,
        None,
    )
    t.assessments, t.assessment_total = int(n_assessed), float(assessed_total)
    if t.evaluations:  # the mean of all the zone's evaluations, not the mean of the staff means
        t.satisfaction_avg = round(t.satisfaction_total / t.evaluations, 2)
    if t.assessments:  # the mean of every assessment of the zone
        t.assessment_avg = round(t.assessment_total / t.assessments, 1)
    return t


def zone_totals(rows: list[StaffSummary]) -> StaffSummary:
    t = StaffSummary("", translate("Labels", N("Labels", "合计")), "")
    for r in rows:
        for f in (
            "visits",
            "assigned",
            "covered",
            "demands_opened",
            "closed_on_time",
            "closed_late",
            "overdue_open",
            "proxies_completed",
            "pushes",
        ):
            setattr(t, f, getattr(t, f) + getattr(r, f))
    t.evaluations = sum(r.evaluations for r in rows)
    t.satisfaction_total = sum(r.satisfaction_total for r in rows)
    if t.evaluations:  # the mean of all the zone's evaluations, not the mean of the staff means
        t.satisfaction_avg = round(t.satisfaction_total / t.evaluations, 2)
    else:  # rows built without counts
        sats = [r.satisfaction_avg for r in rows if r.satisfaction_avg is not None]
        t.satisfaction_avg = round(sum(sats) / len(sats), 2) if sats else None
    t.assessments = sum(r.assessments for r in rows)
    t.assessment_total = sum(r.assessment_total for r in rows)
    if t.assessments:  # the mean of every assessment of the zone
        t.assessment_avg = round(t.assessment_total / t.assessments, 1)
    return t


def demand_ledger(
    session: Session, start: date, end: date, staff_id: str | None = None, today: date | None = None
) -> list[DemandRow]:
    """诉求台账: demands collected in the period, with status, department, deadline, overdue, satisfaction."""
    today = today or local_today()
    q = select(Demand).where(
        col(Demand.deleted).is_(False),
        col(Demand.collected_at) >= day_start(start),
        col(Demand.collected_at) < day_end(end),
    )
    if staff_id:
        q = q.where(Demand.staff_id == staff_id)
    dems = session.exec(q.order_by(col(Demand.collected_at))).all()
    names = _names(session, Enterprise, {d.enterprise_id for d in dems})
    rows = [demand_row(d, names, today) for d in dems]
    mark_repeated(session, rows)
    return rows


def proxy_ledger(session: Session, start: date, end: date, staff_id: str | None = None) -> list[ProxyRow]:
    """帮办代办台账: proxy services accepted in the period."""
    q = select(ProxyService).where(
        col(ProxyService.deleted).is_(False),
        ProxyService.accepted_on >= start,
        ProxyService.accepted_on <= end,
    )
    if staff_id:
        q = q.where(ProxyService.staff_id == staff_id)
    ps = session.exec(q.order_by(col(ProxyService.accepted_on))).all()
    names = _names(session, Enterprise, {p.enterprise_id for p in ps})
    staff_names = (
        dict(
            session.exec(
                select(Staff.id, Staff.name).where(col(Staff.id).in_({p.staff_id for p in ps}))
            ).all()
        )
        if ps
        else {}
    )
    today = local_today()
    return [proxy_row(p, names.get(p.enterprise_id, ""), staff_names.get(p.staff_id, ""), today) for p in ps]
