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
    assignment_history_rows,
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
        assert [r.id for r in period.to_review] == [rid]
        assert [(r.enterprise, r.staff) for r in period.assignments] == [("华为技术有限公司", "张伟")]
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
