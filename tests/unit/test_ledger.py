"""Ledgers (台账) and the zone summary against figures computed by hand on a small fixed dataset.

The dataset is :func:`tests.unit.fixtures.build_ledger_world` (period Q1 2026, run on 2026-04-10).
Every test runs in three time zones: the figures must not move, since periods are local days.
"""

from __future__ import annotations

from datetime import date

import pytest

from fieldkit.models import ServiceRecord
from fieldkit.services import store
from fieldkit.services.labels import label
from fieldkit.services.ledger import (
    StaffSummary,
    demand_ledger,
    proxy_ledger,
    staff_ledger,
    submitted_records,
    zone_summary,
    zone_totals,
)
from fieldkit.services.records import RecordService
from tests.unit.fixtures import (
    ACTOR,
    DB,
    LEDGER_TODAY,
    Q1,
    LedgerWorld,
    build_ledger_world,
    local,
    local_timezone,
    open_db,
)

TZS = ["UTC", "Asia/Shanghai", "America/Los_Angeles"]


@pytest.fixture(params=TZS)
def world(request, tmp_path):
    with local_timezone(request.param):
        db = open_db(tmp_path)
        yield db, build_ledger_world(db)


def summary(db: DB, w: LedgerWorld, zone: str | None = None) -> dict[str, StaffSummary]:
    with db.session() as s:
        rows = zone_summary(s, *Q1, zone_id=w[zone] if zone else None, today=LEDGER_TODAY)
    return {r.staff_name: r for r in rows}


# --- staff ledger ------------------------------------------------------------------------------


def test_staff_ledger_of_zhang_wei(world) -> None:
    db, w = world
    with db.session() as s:
        led = staff_ledger(s, w["S1"], *Q1, today=LEDGER_TODAY)
    assert (led.staff_name, led.specialist_type, led.start, led.end) == ("张伟", "产业助理", *Q1)
    # records: R1 01-15, R8 01-20, R4 02-10 (定点), R2 03-31 23:30; not R6 (12-31), R3 (04-01), R5 (draft)
    assert [r.id for r in led.records] == [w["R1"], w["R8"], w["R4"], w["R2"]]
    assert [r.visit_at for r in led.records] == [
        "2026-01-15 10:00",
        "2026-01-20 14:00",
        "2026-02-10 09:00",
        "2026-03-31 23:30",
    ]
    assert [r.kind_label for r in led.records] == ["现场服务", "现场服务", "定点服务", "现场服务"]
    assert [r.enterprise for r in led.records] == [
        "华为技术有限公司",
        "旌阳食品有限公司",
        "东方电气集团东方电机有限公司",
        "华为技术有限公司",
    ]
    assert {r.status_label for r in led.records} == {"已提交"} and {r.status for r in led.records} == {
        "submitted"
    }
    # demands collected in Q1: D1, D2, D3, D4 (D10 is a tombstone)
    assert [d.id for d in led.demands] == [w["D1"], w["D2"], w["D3"], w["D4"]]
    # proxies accepted in Q1: P1 01-05, P2 03-01;  pushes: PU1 01-15, PU2 03-31 23:59 (not PU3 04-01 00:01)
    assert [p.id for p in led.proxies] == [w["P1"], w["P2"]]
    assert [(p.pushed_at, p.policy, p.enterprise) for p in led.pushes] == [
        ("2026-01-15 10:30", "技改补贴", "华为技术有限公司"),
        ("2026-03-31 23:59", "科技创新券", "东方电气集团东方电机有限公司"),
    ]
    assert led.totals == {
        "records": 4,
        "visits": 4,  # R1, R8, R4 (定点), R2: the zone summary's 走访次数
        "onsite_visits": 3,  # R1, R8, R2
        "demands": 4,
        "demands_closed": 2,  # D1, D2
        "demands_overdue": 1,  # D3 open past 03-20
        "demands_closed_late": 1,  # D2 closed late (02-20 > 02-15)
        "proxies": 2,
        "pushes": 2,
    }


def test_staff_ledger_lists_an_amendment_but_does_not_count_it_as_a_visit(world) -> None:
    db, w = world
    with db.session() as s:
        led = staff_ledger(s, w["S2"], *Q1, today=LEDGER_TODAY)
    # R7 (01-01 00:05), its amendment R10 (same visit) and R9 (调查, 03-10)
    assert {r.id for r in led.records} == {w["R7"], w["R10"], w["R9"]}
    assert led.records[-1].id == w["R9"]
    assert {r.id for r in led.records if r.amends} == {w["R10"]}
    assert [d.id for d in led.demands] == [w["D6"], w["D7"]]  # D5 was collected in December
    assert [p.id for p in led.proxies] == [w["P4"]]  # P3 was accepted in November
    assert led.proxies[0].termination == "服务对象主动要求终止" and led.proxies[0].status_label == "已终止"
    assert led.totals == {
        "records": 3,
        "visits": 1,  # R7 only: R10 corrects it, R9 is a survey
        "onsite_visits": 1,
        "demands": 2,
        "demands_closed": 2,  # D6 on the spot, D7 on 04-02
        "demands_overdue": 0,
        "demands_closed_late": 1,  # D7 closed 04-02 after its 03-31 deadline
        "proxies": 1,
        "pushes": 1,
    }


def test_staff_ledger_of_wang_qiang(world) -> None:
    db, w = world
    with db.session() as s:
        led = staff_ledger(s, w["S3"], *Q1, today=LEDGER_TODAY)
    assert [r.id for r in led.records] == [w["R11"]]
    assert led.totals == {
        "records": 1,
        "visits": 1,
        "onsite_visits": 1,
        "demands": 2,
        "demands_closed": 1,
        "demands_overdue": 1,  # D9 open past 03-31 on 04-10
        "demands_closed_late": 1,  # D8 closed 01-21 > 01-20
        "proxies": 1,
        "pushes": 0,
    }
    assert [(d.id, d.state_label, d.overdue, d.closed_late) for d in led.demands] == [
        (w["D8"], "归档", False, True),  # finished late: 逾期办结, not 逾期
        (w["D9"], "交办", True, False),
    ]


def test_one_day_period(world) -> None:
    db, w = world
    with db.session() as s:
        led = staff_ledger(s, w["S1"], date(2026, 3, 31), date(2026, 3, 31), today=LEDGER_TODAY)
    assert [r.id for r in led.records] == [w["R2"]]
    assert len(led.pushes) == 1 and led.totals["demands"] == 0


def test_a_returned_visit_counts_once_through_its_corrections(tmp_path) -> None:
    """退回修改 then corrected: the visit is counted once, by its corrections (the returned record is
    no longer counted, its corrections of one chain together are one visit) in the summary's row (the
    printed summary, the screen's page and first load, the 合计) and in the ledger; a correction of
    a reviewed record is not another visit. The services' own lifecycle on a real store."""
    from fieldkit.services.assignments import AssignmentService
    from fieldkit.services.ledger import zone_summary_first, zone_summary_page, zone_summary_totals
    from tests.unit.fixtures import add_enterprise, add_staff, add_zone

    db = open_db(tmp_path)
    start, end, today = date(2026, 10, 1), date(2026, 12, 31), date(2026, 11, 21)
    with db.tx() as s:
        zone = add_zone(s, "旌阳高新区")
        staff = add_staff(s, "张伟", "zhangwei", zone)
        sup = add_staff(s, "赵敏", "zhaomin", zone, role="supervisor")
        ent = add_enterprise(s, "华为技术有限公司", zone=zone).id
        AssignmentService(ACTOR).assign(s, staff.id, ent, date(2026, 1, 1))
    mine = RecordService(store.Actor(staff_id=staff.id, device_id="d-assistant"))
    review = RecordService(store.Actor(staff_id=sup.id, device_id="d-supervisor"))

    def counts() -> tuple[int, ...]:
        """(printed row, page row, first load's row, 合计, first load's 合计, ledger visits, on-site)."""
        with db.session() as s:
            printed = zone_summary(s, start, end, zone_id=zone.id, today=today)
            page = zone_summary_page(s, start, end, zone_id=zone.id, today=today)
            first, first_total = zone_summary_first(s, start, end, zone_id=zone.id, today=today)
            total = zone_summary_totals(s, start, end, zone_id=zone.id, today=today)
            t = staff_ledger(s, staff.id, start, end, today=today).totals
        return (
            printed[0].visits,
            page.rows[0].visits,
            first.rows[0].visits,
            total.visits,
            first_total.visits,
            t["visits"],
            t["onsite_visits"],
        )

    def record(day: int) -> str:
        """A visit of November ``day``, submitted."""
        with db.tx() as s:
            r = mine.create_draft(
                s,
                enterprise_id=ent,
                staff_id=staff.id,
                visit_at=local(2026, 11, day),
                kind="onsite",
                place="企业现场",
                content="走访",
            )
            return mine.submit(s, r).id

    def amend_and_submit(record_id: str, content: str) -> str:
        with db.tx() as s:
            am = mine.amend(s, store.get(s, ServiceRecord, record_id), content=content)
            return mine.submit(s, am).id

    visit = record(10)
    assert counts() == (1,) * 7
    with db.tx() as s:
        review.return_for_correction(s, store.get(s, ServiceRecord, visit), sup.id, "缺少现场照片")
    assert counts() == (0,) * 7  # returned and not corrected yet: not counted
    first_fix = amend_and_submit(visit, "走访（更正：补充照片）")
    assert counts() == (1,) * 7  # the correction is the returned visit, counted once
    second_fix = amend_and_submit(first_fix, "走访（再次更正）")
    with db.session() as s:
        assert store.get(s, ServiceRecord, second_fix).amends_id == visit  # the chain's root
    assert counts() == (1,) * 7  # two corrections of one returned visit: still one visit
    with db.tx() as s:
        review.review(s, store.get(s, ServiceRecord, second_fix), sup.id)
    assert counts() == (1,) * 7
    # a reviewed visit corrected: the original is the visit, its correction is not another one
    other = record(12)
    with db.tx() as s:
        review.review(s, store.get(s, ServiceRecord, other), sup.id)
    amend_and_submit(other, "走访（更正）")
    assert counts() == (2,) * 7
    with db.session() as s:
        led = staff_ledger(s, staff.id, start, end, today=today)
    assert len(led.records) == 4  # the returned record is no longer listed; its two corrections are
    assert {r.id for r in led.records if r.corrects_returned} == {first_fix, second_fix}


# --- records awaiting review --------------------------------------------------------------------


def test_submitted_records_awaiting_review(world) -> None:
    db, w = world
    rs = RecordService(ACTOR)
    with db.tx() as s:
        rs.review(s, s.get(ServiceRecord, w["R4"]), w["SUP"])  # reviewed: no longer waiting
        store.delete(s, s.get(ServiceRecord, w["R8"]), ACTOR)  # a tombstone
        r = rs.create_draft(
            s,
            enterprise_id=w["E1"],
            staff_id=w["S4"],
            visit_at=local(2026, 2, 5),
            place="企业现场",
            content="记录 R12",
        )
        rs.submit(s, r)  # by 刘洋, inactive: not among the staff of the zone summary
    with db.session() as s:
        zone = submitted_records(s, *Q1, zone_id=w["Z1"])
        everyone = submitted_records(s, *Q1)
        march = submitted_records(s, date(2026, 3, 1), date(2026, 3, 31))
        other_zone = submitted_records(s, *Q1, zone_id=w["Z2"])
    # newest first: R2 03-31 23:30, R9 03-10, R1 01-15, then R7 and its amendment R10 (both 01-01 00:05);
    # not R3 (04-01) or R6 (12-31), not R5 (draft), R4 (reviewed), R8 (deleted), R12 (inactive staff)
    ids = [r.id for r in zone]
    assert ids[:3] == [w["R2"], w["R9"], w["R1"]] and set(ids[3:]) == {w["R7"], w["R10"]}
    assert [r.visit_at for r in zone] == [
        "2026-03-31 23:30",
        "2026-03-10 09:00",
        "2026-01-15 10:00",
        "2026-01-01 00:05",
        "2026-01-01 00:05",
    ]
    by = {r.id: r for r in zone}
    r2, r9, r10 = by[w["R2"]], by[w["R9"]], by[w["R10"]]
    assert (r2.enterprise_id, r2.enterprise, r2.staff_id, r2.staff) == (
        w["E1"],
        "华为技术有限公司",
        w["S1"],
        "张伟",
    )
    assert (r2.kind_label, r2.stage_label, r2.content, r2.amends) == (
        "现场服务",
        label("stage", "operation"),
        "记录 R2",
        False,
    )
    assert (r9.enterprise, r9.staff, r9.kind_label) == ("四川宏华石油设备有限公司", "李娜", "调查")
    assert (r10.content, r10.amends) == ("更正：补充参会人员", True)
    # every zone: 王强's R11 (02-02) too
    assert [r.id for r in everyone][:4] == [w["R2"], w["R9"], w["R11"], w["R1"]] and len(everyone) == 6
    assert by.keys() <= {r.id for r in everyone} and everyone[2].staff == "王强"
    assert other_zone == [everyone[2]]
    assert [r.id for r in march] == [w["R2"], w["R9"]]


# --- zone summary ------------------------------------------------------------------------------


def test_zone_summary_rows(world) -> None:
    db, w = world
    rows = summary(db, w)
    # only active assistants: 刘洋 is inactive, 赵敏 a supervisor
    assert list(rows) == ["张伟", "李娜", "王强"]
    zw, ln, wq = rows["张伟"], rows["李娜"], rows["王强"]
    assert zw.specialist_type == "产业助理" and ln.specialist_type == "助企干部"

    # visits: submitted 现场/定点 records in Q1, amendments not again
    assert (zw.visits, ln.visits, wq.visits) == (4, 1, 1)  # R1 R2 R4 R8 | R7 | R11
    # assigned on 03-31, operating only: 张伟 E1 E2 (E4 休眠, E7 注销, E5 went to 李娜 on 02-15)
    assert (zw.assigned, ln.assigned, wq.assigned) == (2, 2, 1)
    # covered: on-site visit in Q1 by anyone: E1 yes, E2 no | E3 (R7), E5 (R8 by 张伟) | E6
    assert (zw.covered, ln.covered, wq.covered) == (1, 2, 1)
    assert (zw.coverage_pct, ln.coverage_pct, wq.coverage_pct) == (50.0, 100.0, 100.0)
    # demands opened in Q1: D1-D4 | D6 D7 | D8 D9
    assert (zw.demands_opened, ln.demands_opened, wq.demands_opened) == (4, 2, 2)
    # closed in Q1: D1 on time, D2 late | D5 (01-08 ≤ 01-10), D6 (no deadline) | D8 late; D7 closed 04-02
    assert (zw.closed_on_time, zw.closed_late) == (1, 1)
    assert (ln.closed_on_time, ln.closed_late) == (2, 0)
    assert (wq.closed_on_time, wq.closed_late) == (0, 1)
    assert (zw.on_time_pct, ln.on_time_pct, wq.on_time_pct) == (50.0, 100.0, 0.0)
    # still open with the deadline before 03-31: D3 (03-20); D9's deadline is 03-31 itself
    assert (zw.overdue_open, ln.overdue_open, wq.overdue_open) == (1, 0, 0)
    # proxies completed in Q1: P1 (02-28) | P3 (01-15) | P5 completed 04-05
    assert (zw.proxies_completed, ln.proxies_completed, wq.proxies_completed) == (1, 1, 0)
    assert (zw.pushes, ln.pushes, wq.pushes) == (2, 1, 0)
    # satisfaction in Q1: 张伟 (5 + 3) / 2; 李娜 2; 王强 none (04-01 evaluation is out)
    assert (zw.satisfaction_avg, ln.satisfaction_avg, wq.satisfaction_avg) == (4.0, 2.0, None)


def test_zone_summary_for_one_zone_and_totals(world) -> None:
    db, w = world
    rows = summary(db, w, "Z1")
    assert list(rows) == ["张伟", "李娜"]
    t = zone_totals(list(rows.values()))
    assert t.staff_name == "合计"
    assert (t.visits, t.assigned, t.covered, t.coverage_pct) == (5, 4, 3, 75.0)
    assert (t.demands_opened, t.closed_on_time, t.closed_late, t.overdue_open) == (6, 3, 1, 1)
    assert (t.proxies_completed, t.pushes) == (2, 3)
    assert t.on_time_pct == 75.0
    # the zone's satisfaction is the mean of its evaluations, (5 + 3 + 2) / 3, not the mean of the
    # staff means ((4.0 + 2.0) / 2 = 3.0)
    assert t.satisfaction_avg == 3.33
    assert list(summary(db, w, "Z2")) == ["王强"]


def test_zone_summary_when_today_is_inside_the_period(world) -> None:
    """Run on 02-20: assignments as of that day, overdue counted against that day."""
    db, w = world
    with db.session() as s:
        rows = {r.staff_name: r for r in zone_summary(s, *Q1, today=date(2026, 2, 20))}
    # on 02-20 张伟 has E1 E2 (E5 moved on 02-15); 李娜 E3 E5
    assert (rows["张伟"].assigned, rows["李娜"].assigned) == (2, 2)
    # D3/D4 not collected yet matters not: overdue_open looks at open demands with deadline < 02-20 → none of
    # D3 (03-20), D4 (04-30), D9 (03-31)
    assert (rows["张伟"].overdue_open, rows["王强"].overdue_open) == (0, 0)


def test_empty_totals() -> None:
    t = zone_totals([])
    assert (t.visits, t.coverage_pct, t.on_time_pct, t.satisfaction_avg) == (0, 0.0, 0.0, None)


# --- demand and proxy ledgers ------------------------------------------------------------------


def test_demand_ledger(world) -> None:
    db, w = world
    with db.session() as s:
        rows = demand_ledger(s, *Q1, today=LEDGER_TODAY)
        mine = demand_ledger(s, *Q1, staff_id=w["S1"], today=LEDGER_TODAY)
    assert [r.id for r in rows] == [w[k] for k in ("D8", "D1", "D2", "D9", "D6", "D3", "D4", "D7")]
    by = {r.id: r for r in rows}
    expect = {  # state, overdue (open, past the deadline), closed late, days_left, closed_on
        "D8": ("归档", False, True, None, "2026-01-21"),
        "D1": ("办结", False, False, None, "2026-01-25"),
        "D2": ("办结", False, True, None, "2026-02-20"),
        "D9": ("交办", True, False, -10, ""),
        "D6": ("办结", False, False, None, "2026-02-10"),
        "D3": ("承办", True, False, -21, ""),
        "D4": ("承办", False, False, 20, ""),
        "D7": ("办结", False, True, None, "2026-04-02"),
    }
    for key, (state, overdue, late, left, closed_on) in expect.items():
        r = by[w[key]]
        got = (r.state_label, r.overdue, r.closed_late, r.days_left, r.closed_on)
        assert got == (state, overdue, late, left, closed_on), key
    assert by[w["D1"]].collected_on == "2026-01-10"
    assert by[w["D2"]].overdue_explanation == "等待上级批复" and by[w["D1"]].overdue_explanation == ""
    assert by[w["D1"]].satisfaction_label == "满意" and by[w["D6"]].satisfaction_label == ""
    assert by[w["D1"]].enterprise == "华为技术有限公司" and by[w["D1"]].department == "经信局"
    assert [r.id for r in mine] == [w[k] for k in ("D1", "D2", "D3", "D4")]


def test_proxy_ledger(world) -> None:
    db, w = world
    with db.session() as s:
        rows = proxy_ledger(s, *Q1)
        theirs = proxy_ledger(s, *Q1, staff_id=w["S3"])
    assert [r.id for r in rows] == [w[k] for k in ("P1", "P4", "P2", "P5")]
    assert [r.status_label for r in rows] == ["已办结", "已终止", "办理中", "已办结"]
    assert [r.termination for r in rows] == ["", "服务对象主动要求终止", "", ""]
    assert rows[0].completed_on == date(2026, 2, 28) and rows[0].stage_label == "项目建设"
    assert [r.id for r in theirs] == [w["P5"]]
    assert theirs[0].staff == "王强"  # the all-staff ledger names who handles each item
    assert all(r.staff for r in rows)


def test_submitted_records_pages_are_the_whole_list(world) -> None:  # type: ignore[no-untyped-def]
    """A page of the records awaiting review is a slice of the whole list, the total its length."""
    from fieldkit.services.ledger import submitted_count

    db, w = world
    with db.session() as s:
        everyone = submitted_records(s, *Q1)
        assert len(everyone) >= 2
        pages = [submitted_records(s, *Q1, offset=o, limit=1) for o in range(len(everyone) + 1)]
        assert [r.id for p in pages for r in p] == [r.id for r in everyone]
        assert submitted_count(s, *Q1) == len(everyone)
        assert submitted_count(s, *Q1, zone_id=w["Z1"]) == len(submitted_records(s, *Q1, zone_id=w["Z1"]))


def test_the_supervisors_scores_reach_the_ledger_and_the_summary(tmp_path) -> None:
    """Issue 12 §16: 考核 whose period overlaps the ledger's appear in the 工作台账 and, averaged,
    in the 考核汇总表 (the zone's 合计 the mean of all of them)."""
    from fieldkit.models import Assessment

    db = open_db(tmp_path)
    w = build_ledger_world(db)

    def assess(staff: str, start: date, end: date, total: float, comment: str = "") -> None:
        with db.tx() as s:
            store.insert(
                s,
                Assessment(
                    staff_id=w[staff],
                    assessor_id=w["SUP"],
                    period_start=start,
                    period_end=end,
                    effect_score=total,
                    attitude_score=total,
                    satisfaction_score=total,
                    total_score=total,
                    comment=comment,
                ),
                ACTOR,
            )

    assess("S1", date(2025, 12, 1), date(2026, 1, 31), 80.0, "走访扎实")  # overlaps Q1
    assess("S1", date(2026, 3, 1), date(2026, 3, 31), 90.0)
    assess("S2", date(2026, 2, 1), date(2026, 2, 28), 70.0)
    assess("S1", date(2026, 4, 1), date(2026, 6, 30), 10.0)  # Q2: not in a Q1 ledger
    with db.session() as s:
        led = staff_ledger(s, w["S1"], *Q1, today=LEDGER_TODAY)
    assert [(a.period, a.total, a.assessor, a.comment) for a in led.assessments] == [
        ("2025-12-01 ~ 2026-01-31", 80.0, "赵敏", "走访扎实"),
        ("2026-03-01 ~ 2026-03-31", 90.0, "赵敏", ""),
    ]
    rows = summary(db, w, "Z1")
    assert (rows["张伟"].assessment_avg, rows["李娜"].assessment_avg) == (85.0, 70.0)
    assert zone_totals(list(rows.values())).assessment_avg == 80.0  # (80 + 90 + 70) / 3
    assert summary(db, w, "Z2")["王强"].assessment_avg is None
