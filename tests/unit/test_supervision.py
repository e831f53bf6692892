"""Supervisor use cases: demand closure per month (one aggregate query) against figures computed
by hand, in three time zones (months and deadlines are local days); the supervisor's units of work."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlmodel import select

from fieldkit.models import Assessment, Assignment, Demand, ServiceRecord
from fieldkit.services import store
from fieldkit.services.assignments import AssignmentService
from fieldkit.services.records import RecordService
from fieldkit.services.supervision import (
    UNASSIGNED,
    assessment_page,
    assignment_history_rows,
    assignment_page,
    closure_by_month,
    month_starts,
    reassign_enterprise,
    record_assessment,
    review_record,
    supervisor_period,
)
from tests.unit.fixtures import ACTOR, add_enterprise, add_staff, add_zone, local, local_timezone, open_db

TZS = ["UTC", "Asia/Shanghai", "America/Los_Angeles"]
MONTHS = [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]


@pytest.fixture(params=TZS)
def closures(request, tmp_path):  # type: ignore[no-untyped-def]
    """Zone Z1: assistant A with demands closed around month ends; an assistant of Z2, an inactive
    assistant and a supervisor of Z1 with one closed demand each."""
    with local_timezone(request.param):
        db = open_db(tmp_path)
        with db.tx() as s:
            z1, z2 = add_zone(s, "一园区"), add_zone(s, "二园区")
            a = add_staff(s, "张伟", "zw", z1)
            b = add_staff(s, "李娜", "ln", z2)
            gone = add_staff(s, "王强", "wq", z1, active=False)
            sup = add_staff(s, "赵主管", "zz", z1, role="supervisor")
            ent = add_enterprise(s, "华为技术有限公司", zone=z1)

            def demand(
                staff: str,
                closed: datetime | None,
                deadline: date | None,
                state: str = "closed",
                deleted: bool = False,
            ) -> None:
                store.insert(
                    s,
                    Demand(
                        enterprise_id=ent.id,
                        staff_id=staff,
                        description="诉求",
                        state=state,
                        collected_at=local(2026, 8, 1),
                        closed_at=closed,
                        deadline=deadline,
                        deleted=deleted,
                    ),
                    ACTOR,
                )

            # September: on time, closed late in the evening of the deadline (already October in UTC
            # for a zone west of Greenwich)
            demand(a.id, local(2026, 9, 30, 23, 30), date(2026, 9, 30))
            # October: late, half an hour after the deadline's day (still September in UTC east of it)
            demand(a.id, local(2026, 10, 1, 0, 30), date(2026, 9, 30))
            demand(a.id, local(2026, 10, 15), None)  # no deadline: on time
            # November: archived and late, closed and on time
            demand(a.id, local(2026, 11, 5), date(2026, 11, 1), state="archived")
            demand(a.id, local(2026, 11, 20), date(2026, 11, 30))
            # not counted: open, before the months, deleted
            demand(a.id, None, date(2026, 10, 1), state="in_progress")
            demand(a.id, local(2026, 8, 15), None)
            demand(a.id, local(2026, 10, 10), None, deleted=True)
            # not Z1's active assistants (B counts for the whole store)
            demand(b.id, local(2026, 10, 10), date(2026, 10, 5))
            demand(gone.id, local(2026, 10, 10), None)
            demand(sup.id, local(2026, 10, 10), None)
        with db.session() as s:
            yield (
                closure_by_month(s, MONTHS, z1.id),
                closure_by_month(s, MONTHS, None),
                closure_by_month(s, MONTHS, z2.id),
            )


def test_closure_by_month_by_hand(closures) -> None:  # type: ignore[no-untyped-def]
    zone1, everyone, zone2 = closures
    assert zone1 == ([1, 1, 1], [0, 1, 1])
    assert everyone == ([1, 1, 1], [0, 2, 1])
    assert zone2 == ([0, 0, 0], [0, 1, 0])


def test_closure_of_no_months(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        assert closure_by_month(s, []) == ([], [])


def test_month_starts() -> None:
    assert month_starts(date(2026, 2, 14), 3) == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]


def test_supervisor_units_of_work(db) -> None:  # type: ignore[no-untyped-def]
    with db.tx() as s:
        z = add_zone(s, "一园区")
        a = add_staff(s, "张伟", "zw", z)
        b = add_staff(s, "李娜", "ln", z)
        sup = add_staff(s, "赵主管", "zz", z, role="supervisor")
        ent = add_enterprise(s, "华为技术有限公司", zone=z)
        AssignmentService(ACTOR).assign(s, a.id, ent.id, date(2026, 1, 1))
        rec = RecordService(ACTOR).create_draft(
            s,
            enterprise_id=ent.id,
            staff_id=a.id,
            visit_at=local(2026, 10, 9),
            place="会议室",
            content="走访",
        )
        RecordService(ACTOR).submit(s, rec)
        ids = (z.id, a.id, b.id, sup.id, ent.id, rec.id)
    zid, aid, bid, sid, eid, rid = ids
    actor = store.Actor(sid, "test")
    with db.tx() as s:
        period = supervisor_period(s, zid, date(2026, 10, 1), date(2026, 12, 31), today=date(2026, 10, 10))
        assert [r.id for r in period.to_review.rows] == [rid] and period.to_review.total == 1
        assert [(r.enterprise, r.staff) for r in period.assignments.rows] == [("华为技术有限公司", "张伟")]
        assert review_record(s, actor, rid, reviewer_id=sid, note="好") == rid
        new_id = reassign_enterprise(s, actor, eid, aid, bid, on=date(2026, 10, 10), note="调整")
        aid_ = record_assessment(
            s,
            actor,
            staff_id=aid,
            assessor_id=sid,
            period_start=date(2026, 7, 1),
            period_end=date(2026, 9, 30),
            effect_score=90,
            attitude_score=85,
            satisfaction_score=80,
            source="daily_check",
        )
    with db.session() as s:
        r = s.get(ServiceRecord, rid)
        assert r is not None and (r.status, r.reviewed_by, r.review_note) == ("reviewed", sid, "好")
        assert s.get(Assignment, new_id).staff_id == bid  # type: ignore[union-attr]
        assert s.get(Assessment, aid_).total_score == 85.5  # type: ignore[union-attr]
        hist = assignment_history_rows(s, eid)
        assert [(h.staff, h.start, h.end) for h in hist] == [
            ("张伟", date(2026, 1, 1), date(2026, 10, 9)),
            ("李娜", date(2026, 10, 10), None),
        ]
        assert len(s.exec(select(Assignment)).all()) == 2


def test_assignment_page_is_a_page_of_the_whole_zone_query(db) -> None:  # type: ignore[no-untyped-def]
    """Pages of the 包联调整 list put together are the zone's list (name order, each with the first
    current assistant by name), the total is counted over the zone, and the search text and the
    staff filter (an assistant, or nobody) are applied before paging."""
    on = date(2026, 10, 10)
    with db.tx() as s:
        z, other = add_zone(s, "一园区"), add_zone(s, "二园区")
        a, b = add_staff(s, "张伟", "zw", z), add_staff(s, "李娜", "ln", z)
        c = add_staff(s, "王强", "wq", other)
        svc = AssignmentService(ACTOR)
        expected = []
        for i in range(23):
            e = add_enterprise(s, f"企业{i:02d}号", zone=z)
            staff = [a, b, None, a][i % 4]
            if staff is not None:
                svc.assign(s, staff.id, e.id, date(2026, 1, 1))
            if i % 5 == 0:  # a second current assistant: the first by name is shown
                svc.assign(s, b.id, e.id, date(2026, 2, 1))
                staff = b if staff is None else min(staff, b, key=lambda st: st.name)
            if i == 7:  # an assistant of another zone does not count as this zone's
                svc.assign(s, c.id, e.id, date(2026, 1, 1))
            expected.append((e.name, staff.name if staff else ""))
        add_enterprise(s, "企业外区", zone=other)
        ids = (z.id, a.id)
    zid, aid = ids
    with db.session() as s:
        pages = [assignment_page(s, zid, offset=o, limit=5, today=on) for o in range(0, 25, 5)]
        assert [p.total for p in pages] == [23] * 5 and [p.more for p in pages] == [True] * 4 + [False]
        assert [(r.enterprise, r.staff) for p in pages for r in p.rows] == expected
        found = assignment_page(s, zid, text="企业1", today=on)
        assert [r.enterprise for r in found.rows] == [n for n, _ in expected if n.startswith("企业1")]
        assert found.total == 10 and not found.more
        mine = assignment_page(s, zid, staff_id=aid, limit=3, today=on)
        assert mine.total == sum(1 for i in range(23) if i % 4 in (0, 3)) and len(mine.rows) == 3
        assert all(r.staff == "张伟" for r in mine.rows)
        nobody = assignment_page(s, zid, staff_id=UNASSIGNED, today=on)
        assert [(r.enterprise, r.staff_id) for r in nobody.rows] == [
            (n, None) for n, st in expected if not st
        ]
        assert assignment_page(s, zid, offset=40, today=on).rows == []


def test_assessment_pages_list_the_zone_staffs_live_assessments_once(db) -> None:  # type: ignore[no-untyped-def]
    """The 考核 tab's pages put together are every live assessment of the zone's active staff (not a
    tombstoned one, not another zone's nor a former member's), the latest period first, ties by id;
    the total is counted in SQL; names are the assessed and the assessor (blank for someone not of the
    zone's active staff)."""
    with db.tx() as s:
        z, other = add_zone(s, "一园区"), add_zone(s, "二园区")
        a, b = add_staff(s, "张伟", "zw", z), add_staff(s, "李娜", "ln", z)
        off = add_staff(s, "停用", "off", z, active=False)
        out = add_staff(s, "王强", "wq", other)
        sup = add_staff(s, "赵主管", "zz", z, role="supervisor")
        for i in range(17):
            who = [a, b, off, out, sup][i % 5]
            start = date(2026, 1 + i % 4 * 3, 1)
            # written as stored rows (another zone's too, as sync brings them; the service refuses those)
            x = Assessment(
                staff_id=who.id,
                assessor_id=(out if i % 7 == 0 else sup).id,
                period_start=start,
                period_end=date(2026, 3 + i % 4 * 3, 28),
                total_score=80 + i,
            )
            store.insert(s, x, ACTOR)
            if i == 5:
                store.delete(s, x, ACTOR)
        zid = z.id
        zone_people = {a.id: "张伟", b.id: "李娜", sup.id: "赵主管"}
    with db.session() as s:
        live = [x for x in s.exec(select(Assessment)).all() if not x.deleted and x.staff_id in zone_people]
        want = sorted(live, key=lambda x: (-x.period_end.toordinal(), x.id))
        assert 0 < len(want) < 16
        seen, offset = [], 0
        while True:
            page = assessment_page(s, zid, offset=offset, limit=3)
            assert page.total == len(want) and page.offset == offset and len(page.rows) <= 3
            seen += page.rows
            offset += len(page.rows)
            if not page.more:
                break
        assert [r.id for r in seen] == [x.id for x in want]
        by_id = {x.id: x for x in want}
        for r in seen:
            x = by_id[r.id]
            assert r.staff == zone_people[x.staff_id]
            assert r.assessor == zone_people.get(x.assessor_id, "")
        assert any(r.assessor == "" for r in seen) and any(r.assessor == "赵主管" for r in seen)
        assert assessment_page(s, zid, offset=0, limit=0).rows == []


def test_summary_first_page_and_total(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The screen's first page of the summary and its 合计 are the printed summary's first rows and
    total, and the next pages (:func:`zone_summary_page`) follow on from the first."""
    from fieldkit.models import Staff
    from fieldkit.services.demo import generate
    from fieldkit.services.ledger import zone_summary, zone_summary_first, zone_summary_page, zone_totals
    from fieldkit.services.timeutil import local_today, quarter_bounds

    db = open_db(tmp_path)
    generate(db.engine, enterprises=40, seed=3)
    today = local_today()
    with db.session() as s:
        sup = s.exec(select(Staff).where(Staff.role == "supervisor")).first()
        assert sup is not None
        for start, end in (quarter_bounds(today), (date(today.year - 1, 1, 1), today)):
            full = zone_summary(s, start, end, zone_id=sup.zone_id, today=today)
            want = zone_totals(full)
            assert len(full) > 2 and want.visits and want.assigned
            for limit in (1, 2, len(full), len(full) + 5):
                page, total = zone_summary_first(s, start, end, zone_id=sup.zone_id, today=today, limit=limit)
                assert [vars(r) for r in page.rows] == [vars(r) for r in full[:limit]]
                assert (page.total, page.offset) == (len(full), 0)
                got = vars(total) | {"assessment_total": pytest.approx(want.assessment_total)}
                assert got == vars(want), limit
                rest = zone_summary_page(s, start, end, zone_id=sup.zone_id, today=today, offset=limit)
                assert [vars(r) for r in page.rows + rest.rows] == [vars(r) for r in full]
    db.engine.dispose()
