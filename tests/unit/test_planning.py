"""Visit plans (走访计划): derived overdue, reschedule / cancel rules, quarterly coverage (seed 002)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from fieldkit.models import VisitPlan
from fieldkit.services.assignments import AssignmentService
from fieldkit.services.errors import ValidationError, ValidationErrors
from fieldkit.services.planning import (
    PlanService,
    effective_status,
    onsite_visited_ids,
    overdue_plans,
    plan_counts_by_status,
    plans_between,
    quarterly_coverage,
)
from fieldkit.services.records import RecordService
from fieldkit.services.store import Actor
from fieldkit.services.timeutil import day_end, day_start, quarter_bounds, to_local
from tests.unit.fixtures import ACTOR, DB, add_enterprise, add_staff, add_zone, local, local_timezone

plans = PlanService(ACTOR)
TZS = ["UTC", "Asia/Shanghai", "America/Los_Angeles"]


@pytest.fixture
def ctx(staff_and_enterprise):
    return staff_and_enterprise


def new_plan(db: DB, staff, ent, planned: date | str, **kw) -> VisitPlan:
    kw.setdefault("theme", "季度走访")
    with db.tx() as s:
        return plans.create(s, staff_id=staff.id, enterprise_id=ent.id, planned_date=planned, **kw)


def load(db: DB, pid: str) -> VisitPlan:
    with db.session() as s:
        return s.get(VisitPlan, pid)


# --- time helpers the coverage rule stands on ---------------------------------------------------


@pytest.mark.parametrize(
    "d,bounds",
    [
        (date(2026, 1, 1), (date(2026, 1, 1), date(2026, 3, 31))),
        (date(2026, 3, 31), (date(2026, 1, 1), date(2026, 3, 31))),
        (date(2026, 4, 1), (date(2026, 4, 1), date(2026, 6, 30))),
        (date(2026, 8, 15), (date(2026, 7, 1), date(2026, 9, 30))),
        (date(2026, 12, 31), (date(2026, 10, 1), date(2026, 12, 31))),
        (date(2028, 2, 29), (date(2028, 1, 1), date(2028, 3, 31))),
    ],
)
def test_quarter_bounds(d: date, bounds) -> None:
    assert quarter_bounds(d) == bounds


@pytest.mark.parametrize(
    "tz,utc_start",
    [
        ("UTC", datetime(2026, 4, 1, 0, 0, tzinfo=UTC)),
        ("Asia/Shanghai", datetime(2026, 3, 31, 16, 0, tzinfo=UTC)),
        ("America/Los_Angeles", datetime(2026, 4, 1, 7, 0, tzinfo=UTC)),  # PDT in April
        ("Europe/Berlin", datetime(2026, 3, 31, 22, 0, tzinfo=UTC)),  # CEST, whatever today's offset is
    ],
)
def test_day_start_is_local_midnight(tz: str, utc_start: datetime) -> None:
    with local_timezone(tz):
        assert day_start(date(2026, 4, 1)) == utc_start
        assert day_end(date(2026, 3, 31)) == utc_start
        assert to_local(utc_start).hour == 0 and to_local(utc_start).date() == date(2026, 4, 1)


def test_day_start_across_a_dst_change() -> None:
    with local_timezone("Europe/Berlin"):
        assert day_start(date(2026, 1, 15)) == datetime(2026, 1, 14, 23, 0, tzinfo=UTC)  # CET
        assert day_start(date(2026, 7, 15)) == datetime(2026, 7, 14, 22, 0, tzinfo=UTC)  # CEST
        assert day_end(date(2026, 3, 29)) - day_start(date(2026, 3, 29)) == timedelta(hours=23)


# --- plans -------------------------------------------------------------------------------------


def test_create_parses_dates_and_validates_everything_at_once(ctx) -> None:
    db, staff, ent = ctx
    p = new_plan(db, staff, ent, "2026年5月8日", theme=" 了解用工需求 ", kind="survey")
    p = load(db, p.id)
    assert (p.planned_date, p.theme, p.kind, p.status) == (
        date(2026, 5, 8),
        "了解用工需求",
        "survey",
        "planned",
    )
    with pytest.raises(ValidationErrors) as info, db.tx() as s:
        plans.create(
            s, staff_id=staff.id, enterprise_id=ent.id, planned_date="2026-02-30", theme=" ", kind="phone"
        )
    assert [e.field for e in info.value.errors] == ["planned_date", "kind", "theme"]
    assert db.count(VisitPlan) == 1


def test_effective_status_derives_overdue() -> None:
    p = VisitPlan(staff_id="s", enterprise_id="e", planned_date=date(2026, 5, 8), status="planned")
    assert effective_status(p, date(2026, 5, 7)) == "planned"
    assert effective_status(p, date(2026, 5, 8)) == "planned"  # due today is not overdue yet
    assert effective_status(p, date(2026, 5, 9)) == "overdue"
    for st in ("done", "cancelled"):
        p.status = st
        assert effective_status(p, date(2026, 6, 1)) == st


def test_reschedule_rules(ctx) -> None:
    db, staff, ent = ctx
    p = new_plan(db, staff, ent, date(2026, 5, 8), note="原备注")
    with db.tx() as s:
        plans.reschedule(s, s.get(VisitPlan, p.id), "2026-05-15")
    p2 = load(db, p.id)
    assert (p2.planned_date, p2.note) == (date(2026, 5, 15), "原备注")
    with db.tx() as s:
        plans.reschedule(s, s.get(VisitPlan, p.id), date(2026, 5, 20), note="企业负责人出差")
    assert load(db, p.id).note == "企业负责人出差"
    with pytest.raises(ValidationError), db.tx() as s:
        plans.reschedule(s, s.get(VisitPlan, p.id), "2026/02/30")
    for final in ("done", "cancelled"):
        q = new_plan(db, staff, ent, date(2026, 5, 8))
        with db.tx() as s:
            if final == "done":
                plans.mark_done(s, s.get(VisitPlan, q.id))
            else:
                plans.cancel(s, s.get(VisitPlan, q.id))
        with pytest.raises(ValidationError) as info, db.tx() as s:
            plans.reschedule(s, s.get(VisitPlan, q.id), date(2026, 6, 1))
        assert info.value.field == "planned_date"
        assert load(db, q.id).planned_date == date(2026, 5, 8)


def test_overdue_plan_can_be_rescheduled_and_is_no_longer_overdue(ctx) -> None:
    db, staff, ent = ctx
    p = new_plan(db, staff, ent, date(2026, 5, 8))
    with db.tx() as s:
        plans.reschedule(s, s.get(VisitPlan, p.id), date(2026, 5, 30))
    assert effective_status(load(db, p.id), date(2026, 5, 20)) == "planned"


def test_cancel_rules(ctx) -> None:
    db, staff, ent = ctx
    p = new_plan(db, staff, ent, date(2026, 5, 8), note="原备注")
    with db.tx() as s:
        plans.cancel(s, s.get(VisitPlan, p.id))
    assert (load(db, p.id).status, load(db, p.id).note) == ("cancelled", "原备注")
    q = new_plan(db, staff, ent, date(2026, 5, 8))
    with db.tx() as s:
        plans.cancel(s, s.get(VisitPlan, q.id), note="企业停产")
    assert load(db, q.id).note == "企业停产"
    r = new_plan(db, staff, ent, date(2026, 5, 8))
    with db.tx() as s:
        plans.mark_done(s, s.get(VisitPlan, r.id))
    with pytest.raises(ValidationError), db.tx() as s:
        plans.cancel(s, s.get(VisitPlan, r.id))
    assert load(db, r.id).status == "done"


def test_lists_overdue_between_and_counts(ctx) -> None:
    db, staff, ent = ctx
    with db.tx() as s:
        other = add_staff(s, "李娜", "ln")
    a = new_plan(db, staff, ent, date(2026, 5, 1))
    b = new_plan(db, staff, ent, date(2026, 5, 5))
    c = new_plan(db, staff, ent, date(2026, 5, 6))
    d = new_plan(db, staff, ent, date(2026, 5, 20))
    e = new_plan(db, other, ent, date(2026, 5, 2))
    with db.tx() as s:
        plans.mark_done(s, s.get(VisitPlan, b.id))
        plans.cancel(s, s.get(VisitPlan, c.id))
    today = date(2026, 5, 10)
    with db.session() as s:
        assert [p.id for p in overdue_plans(s, staff.id, today)] == [a.id]
        assert [p.id for p in overdue_plans(s, None, today)] == [a.id, e.id]
        assert [p.id for p in plans_between(s, staff.id, date(2026, 5, 1), date(2026, 5, 20))] == [
            a.id,
            b.id,
            c.id,
            d.id,
        ]
        assert [
            p.id
            for p in plans_between(s, staff.id, date(2026, 5, 2), date(2026, 5, 19), include_cancelled=False)
        ] == [b.id]
        assert plan_counts_by_status(s, staff.id, date(2026, 5, 1), date(2026, 5, 31)) == {
            "planned": 2,
            "done": 1,
            "cancelled": 1,
        }


# --- quarterly coverage ------------------------------------------------------------------------


@pytest.fixture(params=TZS)
def tz(request):
    with local_timezone(request.param):
        yield request.param


def build_coverage_world(db: DB):
    """Quarter Q2 2026 (04-01 … 06-30), today 2026-05-20.

    张伟 (zone 1) is assigned 甲, 乙, 丙 (hibernating), 丁 (until 04-30, then 李娜), 戊 (from 06-01: not yet).
    李娜 (zone 2) is assigned 丁 (from 05-01) and 己.
    """
    asg = AssignmentService(ACTOR)
    rs = RecordService(ACTOR)
    with db.tx() as s:
        z1, z2 = add_zone(s, "旌阳高新区"), add_zone(s, "罗江经开区")
        zw, ln = add_staff(s, "张伟", "zw", z1), add_staff(s, "李娜", "ln", z2)
        e = {n: add_enterprise(s, n) for n in ("甲", "乙", "丁", "戊", "己")}
        e["丙"] = add_enterprise(s, "丙", status="hibernating")
        for n in ("甲", "乙", "丙", "丁"):
            asg.assign(s, zw.id, e[n].id, date(2026, 1, 1))
        asg.assign(s, zw.id, e["戊"].id, date(2026, 6, 1))
        asg.reassign(s, e["丁"].id, zw.id, ln.id, on=date(2026, 5, 1))
        asg.assign(s, ln.id, e["己"].id, date(2026, 1, 1))

        def visit(name: str, when: datetime, kind: str = "onsite", by=zw, submit: bool = True) -> None:
            r = rs.create_draft(
                s,
                enterprise_id=e[name].id,
                staff_id=by.id,
                visit_at=when,
                kind=kind,
                place="企业",
                content="走访",
            )
            if submit:
                rs.submit(s, r)

        visit("甲", local(2026, 4, 1, 0, 10))  # first minutes of the quarter: counts
        visit("乙", local(2026, 3, 31, 23, 50))  # last minutes of the previous quarter: does not
        visit("乙", local(2026, 4, 15), kind="ondemand")  # not on-site: does not
        visit("乙", local(2026, 4, 20), submit=False)  # draft: does not
        visit("丙", local(2026, 4, 20))  # hibernating: left out of the rule anyway
        visit("丁", local(2026, 4, 10))  # by 张伟 before the reassignment: counts for 李娜
        visit("己", local(2026, 5, 1), kind="survey", by=ln)  # survey: does not
    return zw, ln, z1, z2, e


def test_quarterly_coverage_hand_computed(db: DB, tz: str) -> None:
    zw, ln, z1, z2, e = build_coverage_world(db)
    with db.session() as s:
        rows = quarterly_coverage(s, today=date(2026, 5, 20))
    by_name = {r.staff_name: r for r in rows}
    assert set(by_name) == {"张伟", "李娜"}
    # 张伟: assigned 甲, 乙 (丙 hibernating, 丁 ended 04-30, 戊 starts 06-01) → visited 甲 → 1/2
    r = by_name["张伟"]
    assert (r.assigned, r.visited, r.missing, r.percent) == (2, 1, [(e["乙"].id, "乙")], 50.0)
    # 李娜: assigned 丁, 己 → 丁 visited (by 张伟, in the quarter), 己 only surveyed → 1/2
    r = by_name["李娜"]
    assert (r.assigned, r.visited, r.missing, r.percent) == (2, 1, [(e["己"].id, "己")], 50.0)


def test_quarterly_coverage_filters(db: DB) -> None:
    zw, ln, z1, z2, e = build_coverage_world(db)
    with db.session() as s:
        assert [r.staff_name for r in quarterly_coverage(s, date(2026, 5, 20), staff_id=ln.id)] == ["李娜"]
        assert [r.staff_name for r in quarterly_coverage(s, date(2026, 5, 20), zone_id=z1.id)] == ["张伟"]
        # on 06-02 戊 is assigned too and still unvisited → 张伟 1/3
        (r,) = quarterly_coverage(s, date(2026, 6, 2), staff_id=zw.id)
        assert (r.assigned, r.visited) == (3, 1)
        assert [m[1] for m in r.missing] == ["乙", "戊"]
        # next quarter nobody has been visited yet
        (r,) = quarterly_coverage(s, date(2026, 7, 1), staff_id=zw.id)
        assert (r.assigned, r.visited) == (3, 0)


def test_quarterly_coverage_on_the_last_evening_of_the_quarter(db: DB, tz: str) -> None:
    zw, ln, z1, z2, e = build_coverage_world(db)
    rs = RecordService(Actor(zw.id))
    with db.tx() as s:
        r = rs.create_draft(
            s,
            enterprise_id=e["乙"].id,
            staff_id=zw.id,
            visit_at=local(2026, 6, 30, 23, 30),
            place="企业",
            content="走访",
        )
        rs.submit(s, r)
    with db.session() as s:
        visited = onsite_visited_ids(s, date(2026, 4, 1), date(2026, 6, 30))
        assert e["乙"].id in visited
        assert e["乙"].id not in onsite_visited_ids(s, date(2026, 7, 1), date(2026, 9, 30))


def test_staff_without_assignments_is_not_listed_and_empty_percent_is_full(db: DB) -> None:
    with db.tx() as s:
        add_staff(s, "王强", "wq")
    with db.session() as s:
        assert quarterly_coverage(s, date(2026, 5, 20)) == []
    from fieldkit.services.planning import StaffCoverage

    assert StaffCoverage("x", "x", 0, 0).percent == 100.0


# --- 回访 (issue 12 §14, seed 004 附录A) --------------------------------------------------------


def test_suggested_follow_up_day_is_two_weeks_later_on_a_working_day() -> None:
    from fieldkit.domain.follow_ups import suggested_follow_up

    assert suggested_follow_up(date(2026, 11, 18), date(2026, 11, 18)) == date(2026, 12, 2)  # a Wednesday
    assert suggested_follow_up(date(2026, 11, 21), date(2026, 11, 21)) == date(2026, 12, 7)  # Sat → Mon
    assert suggested_follow_up(date(2026, 1, 5), date(2026, 11, 18)) == date(2026, 11, 19)  # never past


def test_a_closed_on_demand_service_offers_a_follow_up_plan_that_links_back(ctx) -> None:
    from fieldkit.services.planning import create_plan, follow_up_offer, follow_up_plans, plan_row

    db, staff, ent = ctx
    rs = RecordService(Actor(staff.id))
    with db.tx() as s:
        onsite = rs.create_draft(
            s,
            enterprise_id=ent.id,
            staff_id=staff.id,
            visit_at=local(2026, 11, 18, 10),
            place="企业",
            content="走访",
        )
        rs.submit(s, onsite)
        rec = rs.create_draft(
            s,
            enterprise_id=ent.id,
            staff_id=staff.id,
            visit_at=local(2026, 11, 18, 10),
            kind="ondemand",
            place="园区企业服务中心",
            content="协助办理环评批复变更\n第二行",
        )
        draft_offer = follow_up_offer(s, rec.id, today=date(2026, 11, 18))
        rs.submit(s, rec)
    assert draft_offer is None  # a draft has not closed the service
    with db.session() as s:
        assert follow_up_offer(s, onsite.id) is None  # only 定点服务 offers it
        offer = follow_up_offer(s, rec.id, today=date(2026, 11, 18))
    assert offer is not None
    assert (offer.enterprise_id, offer.enterprise, offer.suggested) == (ent.id, ent.name, date(2026, 12, 2))
    assert offer.theme == "回访：2026-11-18 定点服务：协助办理环评批复变更"
    with pytest.raises(ValidationError) as info, db.tx() as s:  # an on-site visit is no service to follow up
        create_plan(
            s,
            Actor(staff.id),
            staff_id=staff.id,
            enterprise_id=ent.id,
            planned_date=offer.suggested,
            theme="回访",
            follow_up_of=onsite.id,
        )
    assert info.value.field == "follow_up_of"
    with db.tx() as s:
        pid = create_plan(
            s,
            Actor(staff.id),
            staff_id=staff.id,
            enterprise_id=ent.id,
            planned_date=offer.suggested,
            theme=offer.theme,
            follow_up_of=rec.id,
        )
    with db.session() as s:
        plan = s.get(VisitPlan, pid)
        assert plan.follow_up_of == rec.id and plan_row(plan, ent.name, staff.name).follow_up_of == rec.id
        assert [p.id for p in follow_up_plans(s, rec.id)] == [pid]
        assert follow_up_offer(s, rec.id) is None  # planned once: not offered again
