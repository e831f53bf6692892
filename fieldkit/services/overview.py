"""Read-only summaries for the desktop: the Today board (工作台), the sync state shown in the
status bar, and what the sign-in dialog needs to know about a store.

Everything returned is plain data with codes (not labels), so a worker thread can build it and
the GUI thread can label it in the user's language.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, literal_column, or_, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from fieldkit.models import (
    Assignment,
    Demand,
    Enterprise,
    ProxyService,
    ServiceRecord,
    Staff,
    SyncMeta,
    VisitPlan,
    board_index,
    board_tally,
)
from fieldkit.models.types import utc_text

from .assignments import assigned_ids_query, current_condition
from .auth import has_credentials
from .demands import DUE_SOON_DAYS, OPEN_STATES, days_left
from .first_contact import first_contacts_due
from .outbox import counts, is_demo_store
from .planning import effective_status
from .policies import class_eligible, eligibility_conditions, windows_closing
from .sql_hints import indexed_by, no_index
from .store_facts import StoreInfo as StoreInfo
from .timeutil import day_end, day_start, local_today, quarter_bounds

# the board's plain data lives where the start's first view reads it without the ORM
from .today_board import POLICY_WINDOW_DAYS as POLICY_WINDOW_DAYS
from .today_board import SECTION_LIMIT as SECTION_LIMIT
from .today_board import DemandItem as DemandItem
from .today_board import FirstContact as FirstContact
from .today_board import PlanItem as PlanItem
from .today_board import PolicyItem as PolicyItem
from .today_board import ProxyItem as ProxyItem
from .today_board import SyncStatus as SyncStatus
from .today_board import TodayOverview as TodayOverview
from .today_board import coverage_figures
from .today_board import week_bounds as week_bounds

_no_index = no_index


def _names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    return dict(session.exec(select(Enterprise.id, Enterprise.name).where(col(Enterprise.id).in_(ids))).all())


def sync_status(session: Session) -> SyncStatus:
    c = counts(session)
    last = session.get(SyncMeta, "last_sync")
    return SyncStatus(
        pending=c.waiting,
        errors=c.rejected,
        conflicts=c.conflicts,
        last_sync=(last.value or None) if last else None,
        demo=is_demo_store(session),
    )


def _operating_in_scope(staff_id: str | None) -> list[Any]:
    """The board's enterprises: live, operating, and (an assistant) assigned to ``staff_id``."""
    conds: list[Any] = [col(Enterprise.deleted).is_(False), col(Enterprise.status) == "operating"]
    if staff_id:
        conds.append(col(Enterprise.id).in_(assigned_ids_query(staff_id)))
    return conds


#: the policy card's first names are read by class (``ix_enterprise_policy``, every eligible one,
#: then sorted) when that reads fewer index entries than walking the name index to the 50th
#: eligible one, which reads about ``SECTION_LIMIT × operating ÷ eligible`` rows
_WALK_COST = 3  # a walked entry reads the enterprise's row; a class's entry is the index's own


def _zone_classes(session: Session) -> list[tuple[str, str, str, int]]:
    """(industry, scale, stage, how many) of the live operating enterprises, from ``board_tally``'s
    ``ent:operating`` rows (kept by triggers: :mod:`fieldkit.models.board_tally`)."""
    t = board_tally.tally.c
    out = []
    for day, n in session.execute(
        sa_select(t.day, t.n).where(t.kind == board_tally.ENTERPRISE_KIND + "operating", t.n > 0)
    ).all():
        industry, scale, stage = str(day).rsplit(board_tally.CLASS_SEP, 2)
        out.append((industry, scale, stage, int(n)))
    return out


def _first_eligible(
    session: Session, fits: list[Any], eligible: list[tuple[str, str, str, int]], operating: int
) -> list[tuple[str, str]]:
    """The zone's first :data:`SECTION_LIMIT` enterprises of ``fits`` (a policy's eligibility; its
    classes ``eligible``) in name order, by the cheaper of two plans, both pinned whatever the
    statistics: walk the name index and stop at the 50th, or read the eligible ones by class from
    ``ix_enterprise_policy`` (each class's range, the classes spelt out: a policy that restricts only
    the stage would otherwise read every operating enterprise's entry) and sort them."""
    count = sum(n for *_c, n in eligible)
    if not count:
        return []
    q = select(Enterprise.id, Enterprise.name).where(*fits)
    if count < _WALK_COST * SECTION_LIMIT * operating / count:
        q = indexed_by(
            q.where(
                col(Enterprise.industry).in_(sorted({c[0] for c in eligible})),
                col(Enterprise.scale).in_(sorted({c[1] for c in eligible})),
                col(Enterprise.stage).in_(sorted({c[2] for c in eligible})),
            ),
            Enterprise,
            "ix_enterprise_policy",
        )
    else:
        q = indexed_by(q, Enterprise, "ix_enterprise_name_scope")
    q = q.order_by(col(Enterprise.name), col(Enterprise.id)).limit(SECTION_LIMIT)
    return [(i, n) for i, n in session.exec(q).all()]


def closing_policies(
    session: Session, staff_id: str | None, today: date, days: int = POLICY_WINDOW_DAYS
) -> list[PolicyItem]:
    """Policy windows closing within ``days`` and the user's enterprises each one fits.

    Eligibility is the cheap predicate of :func:`fieldkit.services.policies.eligibility_conditions`
    evaluated by SQLite (a count, and the first names in name order), not a Python match with its
    reason texts per enterprise: the reasons are built only for what a user opens. The whole zone's
    counts (a supervisor) are sums of ``board_tally``'s counts of the enterprise classes each policy
    admits (:func:`~fieldkit.services.policies.class_eligible`: the same blockers on the same
    columns), whatever the zone's size; an assistant's are counted from their own enterprises."""
    policies = windows_closing(session, today, days)
    if not policies:
        return []
    scope = _operating_in_scope(staff_id)
    classes = _zone_classes(session) if staff_id is None else []
    operating = sum(n for *_c, n in classes)
    out = []
    for p in policies:
        assert p.window_end is not None
        fits = [*scope, *eligibility_conditions(p, today)]
        if staff_id is None:
            eligible = [c for c in classes if class_eligible(p, c[0], c[1], c[2], "operating", today)]
            count = sum(n for *_c, n in eligible)
            names = _first_eligible(session, fits, eligible, operating)
        else:
            count = int(session.exec(select(func.count()).select_from(Enterprise).where(*fits)).one())
            names = list(
                session.exec(
                    select(Enterprise.id, Enterprise.name)
                    .where(*fits)
                    .order_by(col(Enterprise.name), col(Enterprise.id))
                    .limit(SECTION_LIMIT)
                ).all()
            )
        out.append(
            PolicyItem(
                p.id,
                p.title,
                p.category,
                p.window_end,
                (p.window_end - today).days,
                [(i, n) for i, n in names],
                int(count),
            )
        )
    return out


def not_visited_this_quarter(
    session: Session, staff_id: str | None, today: date
) -> tuple[int, int, list[tuple[str, str]]]:
    """(operating enterprises in scope, how many have no on-site visit this quarter, the first
    :data:`SECTION_LIMIT` of those by name).

    The quarterly rule of :func:`fieldkit.services.planning.quarterly_coverage` (a submitted on-site
    visit by anyone counts; hibernating and deregistered enterprises are left out), computed for one
    scope: for an assistant only the assigned enterprises' records are read, through the
    enterprise index, instead of every record of the quarter.
    """
    if staff_id is None:
        return _zone_not_visited(session, today)
    start, end = quarter_bounds(today)
    scope = assigned_ids_query(staff_id, today)
    # "deleted IS NOT 1" and lower(status): without ANALYZE statistics SQLite would otherwise walk the
    # "deleted" or "status" index over every record instead of looking the scope up by enterprise id
    # (400 ms → 5 ms on the 200,000-record demo store)
    ents = session.exec(
        select(Enterprise.id, Enterprise.name).where(
            col(Enterprise.id).in_(scope),
            col(Enterprise.deleted).is_not(True),
            Enterprise.status == "operating",
        )
    ).all()
    visited = set(
        session.exec(
            select(ServiceRecord.enterprise_id)
            .where(
                col(ServiceRecord.enterprise_id).in_(scope),
                col(ServiceRecord.deleted).is_not(True),
                ServiceRecord.kind == "onsite",
                func.lower(ServiceRecord.status).in_(("submitted", "reviewed")),
                ServiceRecord.visit_at >= day_start(start),
                ServiceRecord.visit_at < day_end(min(end, today)),
            )
            .distinct()
        ).all()
    )
    missing = sorted(((eid, name) for eid, name in ents if eid not in visited), key=lambda t: t[1])
    return len(ents), len(missing), missing[:SECTION_LIMIT]


def _zone_coverage_counts(
    session: Session,
    today: date,
    lo: datetime,
    hi: datetime,
    in_scope: Any,
    not_visited: Any,
    visited_here: Any,
) -> tuple[int, int]:
    """(operating enterprises with a current assignment, how many of them have no on-site visit from
    ``lo`` to ``hi``) from ``board_tally``'s sums over the days (:mod:`fieldkit.models.board_tally`)
    instead of one entry per enterprise.

    For the unbroken rows (``assigned_gaps`` 0, nearly all): in scope = #(first day ≤ today) −
    #(last day < today); visited = #(latest visit in [lo, hi)) less those of them whose assignment
    starts after today or ended before it; the sum over whole UTC dates, the two edge dates counted
    from ``ix_board_coverage_last``. A latest visit at or after ``hi`` (dated after today) and the
    broken spans are checked row by row, as before: both are rare, found by index range."""
    c = board_index.coverage.c
    t = board_tally.tally.c
    day = today.isoformat()
    lo_t, hi_t = utc_text(lo), utc_text(hi)
    parts: dict[str, Any] = {}  # every figure a scalar subquery of one statement (each with its own plan)

    def summed(name: str, kind: str, *conds: Any) -> None:
        parts[name] = (
            sa_select(func.coalesce(func.sum(t.n), 0)).where(t.kind == kind, *conds).scalar_subquery()
        )

    def counted(name: str, *conds: Any) -> None:
        parts[name] = (
            sa_select(func.count()).select_from(board_index.coverage).where(*conds).scalar_subquery()
        )

    def rows(name: str, *conds: Any) -> None:  # the unbroken rows the tally's sums cover
        counted(name, c.operating.is_(True), c.assigned_gaps.is_(False), c.assigned_from.is_not(None), *conds)

    summed("started", "cov_from", t.day <= day)
    summed("ended", "cov_until", t.day < day)
    lo_d, hi_d = lo_t[:10], hi_t[:10]
    last: Any = literal_column("board_coverage.last_onsite_at")  # compared as the stored text
    if lo_d == hi_d:
        rows("in_range", last >= lo_t, last < hi_t)
    else:
        summed("in_range", "cov_last", t.day > lo_d, t.day < hi_d)
        rows("first_date", last >= lo_t, last < lo_d + "~")  # '~' sorts after every time of that date
        rows("last_date", last >= hi_d, last < hi_t)
    # ``+``: these two read the (few) rows by their assignment's days, not the quarter's visited ones
    plain: Any = literal_column("+board_coverage.last_onsite_at")
    between = and_(plain >= lo_t, plain < hi_t)
    rows("not_started", c.assigned_from > today, between)
    rows("ended_visited", c.assigned_until < today, between)  # never both
    # a latest visit after today: visited if the enterprise has one in the range as well
    rows("future", last >= hi_t, in_scope, visited_here)
    gaps = (c.operating.is_(True), c.assigned_gaps.is_(True))
    counted("gaps_total", *gaps, in_scope)
    counted("gaps_missing", *gaps, in_scope, not_visited)
    got = session.execute(sa_select(*(q.label(k) for k, q in parts.items()))).one()._asdict()
    return coverage_figures({k: int(v) for k, v in got.items()})


def _zone_not_visited(session: Session, today: date) -> tuple[int, int, list[tuple[str, str]]]:
    """The whole zone's figure from the board's per-enterprise facts (``board_coverage``, kept by
    triggers: :mod:`fieldkit.models.board_index`) summed by day (``board_tally``, see
    :func:`_zone_coverage_counts`) instead of one entry per enterprise, and the first
    :data:`SECTION_LIMIT` names without an on-site visit this quarter by walking the name index.

    The facts answer for nearly every enterprise; the two that they cannot (assignments whose days
    are not one unbroken span; a latest visit dated after today) are checked against the
    enterprise's own assignments or records, through their enterprise index."""
    start, end = quarter_bounds(today)
    lo, hi = day_start(start), day_end(min(end, today))
    c = board_index.coverage.c
    assigned_here = (
        select(Assignment.id)
        .where(Assignment.enterprise_id == c.enterprise_id, *current_condition(today))
        .exists()
    )
    visited_here = (
        select(ServiceRecord.id)
        .where(
            ServiceRecord.enterprise_id == c.enterprise_id,
            col(ServiceRecord.deleted).is_(False),
            ServiceRecord.kind == "onsite",
            col(ServiceRecord.status).in_(("submitted", "reviewed")),
            ServiceRecord.visit_at >= lo,
            ServiceRecord.visit_at < hi,
        )
        .exists()
    )
    in_scope = and_(
        c.operating.is_(True),
        or_(
            and_(
                c.assigned_gaps.is_(False),
                c.assigned_from <= today,
                or_(c.assigned_until.is_(None), c.assigned_until >= today),
            ),
            and_(c.assigned_gaps.is_(True), assigned_here),
        ),
    )
    not_visited = or_(
        c.last_onsite_at.is_(None),
        c.last_onsite_at < lo,
        and_(c.last_onsite_at >= hi, ~visited_here),
    )
    total, count = _zone_coverage_counts(session, today, lo, hi, in_scope, not_visited, visited_here)
    # the first names: walk the name index and stop at the 50th, each enterprise's facts read by its key
    missing_here = (
        sa_select(c.enterprise_id).where(c.enterprise_id == Enterprise.id, in_scope, not_visited).exists()
    )
    # ``+deleted``, ``+status``: the planner would take the status index (nearly every row) and sort the
    # whole zone by name; walking ix_enterprise_name_scope reads no enterprise row
    first = session.exec(
        select(Enterprise.id, Enterprise.name)
        .where(
            _no_index(Enterprise.deleted).is_(False),
            _no_index(Enterprise.status) == "operating",
            missing_here,
        )
        .order_by(col(Enterprise.name))
        .limit(SECTION_LIMIT)
    ).all()
    return int(total), int(count), [(i, n) for i, n in first]


def _count(session: Session, model: Any, *conds: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model).where(*conds)).one())


def _own_counts(
    session: Session,
    ov: TodayOverview,
    in_week: list[Any],
    on_today: list[Any],
    late: list[Any],
    d_scope: list[Any],
    p_scope: list[Any],
    today: date,
    horizon: date,
) -> None:
    """An assistant's counts, from their own rows (through the staff indexes)."""
    ov.plans_week_count = _count(session, VisitPlan, *in_week)
    ov.plans_today_count = _count(session, VisitPlan, *on_today)
    ov.plans_today_due = _count(session, VisitPlan, *on_today, VisitPlan.status == "planned")
    ov.overdue_count = _count(session, VisitPlan, *late)
    # the three figures in one pass over the open demands (``+deadline``: the deadline index would walk
    # every closed demand whose deadline has passed as well)
    deadline = _no_index(Demand.deadline)
    overdue_n, soon_n, remind_n = session.exec(
        select(
            func.count().filter(deadline < today),
            func.count().filter(deadline >= today, deadline <= horizon),
            func.count().filter(deadline >= today, deadline <= today + timedelta(days=DUE_SOON_DAYS)),
        )
        .select_from(Demand)
        .where(*d_scope, deadline <= horizon)
    ).one()
    ov.demands_overdue_count, ov.demands_soon_count = int(overdue_n), int(soon_n)
    ov.demands_reminder_count = int(remind_n)
    ov.proxies_count = _count(session, ProxyService, *p_scope)


def _zone_counts(
    session: Session, ov: TodayOverview, today: date, mon: date, sun: date, horizon: date
) -> None:
    """The whole zone's counts from ``board_tally`` (:mod:`fieldkit.models.board_tally`): each a sum
    over at most the days of its range, read by the table's key."""
    t = board_tally.tally.c
    day, first, last = today.isoformat(), mon.isoformat(), sun.isoformat()
    soon, remind = horizon.isoformat(), (today + timedelta(days=DUE_SOON_DAYS)).isoformat()
    plan = and_(t.kind > "plan:", t.kind < "plan;")  # every status's rows: 'plan:<status>'
    live = t.kind != "plan:cancelled"

    def total(*conds: Any) -> Any:
        return func.coalesce(func.sum(t.n).filter(*conds) if conds else func.sum(t.n), 0)

    def figure(column: Any, *where: Any) -> Any:
        return sa_select(column).where(*where).scalar_subquery()

    week = (plan, t.day >= first, t.day <= last)
    opened = (t.kind == "demand_open", t.day <= soon)
    parts = {
        "week": figure(total(live), *week),
        "on_day": figure(total(live, t.day == day), *week),
        "due": figure(total(t.kind == "plan:planned", t.day == day), *week),
        "late": figure(total(), t.kind == "plan:planned", t.day < day),
        "overdue": figure(total(t.day < day), *opened),
        "soon": figure(total(t.day >= day), *opened),
        "remind": figure(total(t.day >= day, t.day <= remind), *opened),
        "proxies": figure(total(), t.kind == "proxy_open", t.day == ""),
    }
    # one statement: each figure a scalar subquery planned on its own range of the key
    n = session.execute(sa_select(*(q.label(k) for k, q in parts.items()))).one()._asdict()
    ov.plans_week_count, ov.plans_today_count, ov.plans_today_due = (
        int(n["week"]),
        int(n["on_day"]),
        int(n["due"]),
    )
    ov.overdue_count = int(n["late"])
    ov.demands_overdue_count, ov.demands_soon_count = int(n["overdue"]), int(n["soon"])
    ov.demands_reminder_count = int(n["remind"])
    ov.proxies_count = int(n["proxies"])


def today_overview(
    session: Session, staff_id: str | None, today: date | None = None, include_policies: bool = True
) -> TodayOverview:
    """Everything the Today board shows for ``staff_id`` (None: the whole zone, for supervisors).

    Each list is bounded: the first :data:`SECTION_LIMIT` rows and the total counted in SQL, so the
    board costs the same for a zone of 1,000 enterprises as for one of 30,000."""
    today = today or local_today()
    ov = TodayOverview(today=today)
    mon, sun = week_bounds(today)
    mine: list[Any] = []
    if staff_id:
        mine = [VisitPlan.staff_id == staff_id]
    live = [col(VisitPlan.deleted).is_(False), *mine]
    in_week = [
        *live,
        VisitPlan.planned_date >= mon,
        VisitPlan.planned_date <= sun,
        VisitPlan.status != "cancelled",
    ]
    on_today = [*live, VisitPlan.planned_date == today, VisitPlan.status != "cancelled"]
    late = [*live, VisitPlan.status == "planned", _no_index(VisitPlan.planned_date) < today]

    def first_plans(*conds: Any, desc: bool = False) -> list[VisitPlan]:
        order = col(VisitPlan.planned_date).desc() if desc else col(VisitPlan.planned_date)
        return list(session.exec(select(VisitPlan).where(*conds).order_by(order).limit(SECTION_LIMIT)).all())

    horizon = today + timedelta(days=3)
    d_scope: list[Any] = [
        col(Demand.deleted).is_(False),
        col(Demand.state).in_(OPEN_STATES),
        col(Demand.deadline).is_not(None),
    ]
    p_scope: list[Any] = [
        col(ProxyService.deleted).is_(False),
        col(ProxyService.status).in_(board_tally.PROXY_OPEN_STATES),
    ]
    week = first_plans(*in_week)
    plans_today = first_plans(*on_today)
    if staff_id:
        d_scope.append(Demand.staff_id == staff_id)
        p_scope.append(ProxyService.staff_id == staff_id)
        older = first_plans(*late, desc=True)  # the most recent overdue plans
        _own_counts(session, ov, in_week, on_today, late, d_scope, p_scope, today, horizon)
    else:
        # the whole zone: the lists walk the partial indexes of migration 0011 in the shown order and
        # stop at the 50th (their conditions as the indexes' SQL text, so that SQLite can use them);
        # the counts are sums over the calendar's days of ``board_tally``, whatever the zone's size
        older = first_plans(text(board_tally.PLAN_PLANNED_SQL), VisitPlan.planned_date < today, desc=True)
        d_scope = [text(board_tally.DEMAND_OPEN_SQL)]
        p_scope = [text(board_tally.PROXY_OPEN_SQL)]
        _zone_counts(session, ov, today, mon, sun, horizon)
    demands = list(
        session.exec(
            select(Demand)
            .where(*d_scope, col(Demand.deadline) <= horizon)
            .order_by(col(Demand.deadline))
            .limit(SECTION_LIMIT)
        ).all()
    )
    proxies = list(
        session.exec(
            select(ProxyService)
            .where(*p_scope)
            .order_by(col(ProxyService.accepted_on).desc())
            .limit(SECTION_LIMIT)
        ).all()
    )
    names = _names(
        session,
        {p.enterprise_id for p in week + plans_today + older}
        | {d.enterprise_id for d in demands}
        | {p.enterprise_id for p in proxies},
    )

    staff_names: dict[str, str] = {}
    if not staff_id:
        ids = {p.staff_id for p in week + plans_today + older}
        if ids:
            staff_names = dict(session.exec(select(Staff.id, Staff.name).where(col(Staff.id).in_(ids))).all())

    def plan_item(p: VisitPlan) -> PlanItem:
        return PlanItem(
            p.id,
            p.enterprise_id,
            names.get(p.enterprise_id, ""),
            p.theme,
            p.kind,
            p.planned_date,
            effective_status(p, today),
            p.staff_id,
            staff_names.get(p.staff_id, ""),
        )

    ov.plans_today = [plan_item(p) for p in plans_today]
    ov.plans_week = [plan_item(p) for p in week]
    ov.overdue_plans = sorted((plan_item(p) for p in older), key=lambda p: p.planned_date)
    ov.demands = [
        DemandItem(
            d.id,
            d.enterprise_id,
            names.get(d.enterprise_id, ""),
            d.kind,
            d.description,
            d.state,
            d.deadline,
            days_left(d, today),
        )
        for d in demands
    ]
    ov.proxies = [
        ProxyItem(p.id, p.enterprise_id, names.get(p.enterprise_id, ""), p.item, p.status, p.mode, p.due_date)
        for p in proxies
    ]
    ov.assigned_count, ov.not_visited_count, ov.not_visited = not_visited_this_quarter(
        session, staff_id, today
    )
    if staff_id:
        ov.first_contacts_count, ov.first_contacts = first_contacts_due(
            session, staff_id, today, SECTION_LIMIT
        )
    if include_policies:
        ov.policies = closing_policies(session, staff_id, today)
    ov.sync = sync_status(session)
    return ov


def store_info(session: Session) -> StoreInfo:
    demo = session.get(SyncMeta, "demo")
    demo_login = session.get(SyncMeta, "demo_login")
    return StoreInfo(
        has_credentials=has_credentials(session),
        is_demo=bool(demo and demo.value == "1"),
        demo_login=demo_login.value if demo_login and demo_login.value else None,
        staff_count=session.exec(select(func.count()).select_from(Staff)).one(),
    )


def staff_by_login(session: Session, login: str) -> Staff | None:
    return session.exec(
        select(Staff).where(Staff.login == login.strip(), col(Staff.deleted).is_(False))
    ).first()


def proxy_waiting_count(session: Session, staff_id: str | None) -> int:
    q = (
        select(func.count())
        .select_from(ProxyService)
        .where(
            col(ProxyService.deleted).is_(False), col(ProxyService.status).in_(board_tally.PROXY_OPEN_STATES)
        )
    )
    if staff_id:
        q = q.where(ProxyService.staff_id == staff_id)
    return session.exec(q).one()
