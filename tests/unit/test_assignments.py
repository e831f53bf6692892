"""包联 assignments: assign, reassign with history, who is responsible on a given day."""

from __future__ import annotations

from datetime import date

import pytest

from fieldkit.models import Assignment
from fieldkit.services import store
from fieldkit.services.assignments import (
    AssignmentService,
    assigned_enterprise_ids,
    current_staff,
    history,
)
from fieldkit.services.errors import ValidationError
from tests.unit.fixtures import ACTOR, DB, add_enterprise, add_staff, journal_counts

asg = AssignmentService(ACTOR)


@pytest.fixture
def ctx(db: DB):
    with db.tx() as s:
        zw, ln, wq = add_staff(s, "张伟", "zw"), add_staff(s, "李娜", "ln"), add_staff(s, "王强", "wq")
        e1, e2 = add_enterprise(s, "甲公司"), add_enterprise(s, "乙公司")
    return db, (zw, ln, wq), (e1, e2)


def test_assign_and_query_by_day(ctx) -> None:
    db, (zw, ln, _), (e1, e2) = ctx
    with db.tx() as s:
        a = asg.assign(s, zw.id, e1.id, date(2026, 1, 1), note="首次包联")
        asg.assign(s, zw.id, e2.id, date(2026, 3, 1))
    assert (a.start_date, a.end_date, a.note) == (date(2026, 1, 1), None, "首次包联")
    with db.session() as s:
        assert assigned_enterprise_ids(s, zw.id, date(2025, 12, 31)) == []
        assert assigned_enterprise_ids(s, zw.id, date(2026, 1, 1)) == [e1.id]
        assert sorted(assigned_enterprise_ids(s, zw.id, date(2026, 3, 1))) == sorted([e1.id, e2.id])
        assert assigned_enterprise_ids(s, ln.id, date(2026, 3, 1)) == []
        assert [x.id for x in current_staff(s, e1.id, date(2026, 2, 1))] == [zw.id]


def test_assigning_twice_returns_the_current_row(ctx) -> None:
    db, (zw, _, _), (e1, _) = ctx
    with db.tx() as s:
        first = asg.assign(s, zw.id, e1.id, date(2026, 1, 1))
    before = journal_counts(db)
    with db.tx() as s:
        again = asg.assign(s, zw.id, e1.id, date(2026, 2, 1))
    assert again.id == first.id
    assert journal_counts(db) == before and db.count(Assignment) == 1


def test_reassign_keeps_history(ctx) -> None:
    db, (zw, ln, _), (e1, _) = ctx
    with db.tx() as s:
        asg.assign(s, zw.id, e1.id, date(2026, 1, 1))
        new = asg.reassign(s, e1.id, zw.id, ln.id, on=date(2026, 4, 1), note="岗位调整")
    assert (new.staff_id, new.start_date, new.end_date) == (ln.id, date(2026, 4, 1), None)
    with db.session() as s:
        hist = history(s, e1.id)
        assert [(h.staff_id, h.start_date, h.end_date) for h in hist] == [
            (zw.id, date(2026, 1, 1), date(2026, 3, 31)),
            (ln.id, date(2026, 4, 1), None),
        ]
        assert hist[0].note == "岗位调整"
        assert [x.id for x in current_staff(s, e1.id, date(2026, 3, 31))] == [zw.id]
        assert [x.id for x in current_staff(s, e1.id, date(2026, 4, 1))] == [ln.id]
        assert assigned_enterprise_ids(s, zw.id, date(2026, 4, 1)) == []


def test_reassign_refusals(ctx) -> None:
    db, (zw, ln, wq), (e1, _) = ctx
    with db.tx() as s:
        asg.assign(s, zw.id, e1.id, date(2026, 1, 1))
    with pytest.raises(ValidationError) as info, db.tx() as s:
        asg.reassign(s, e1.id, zw.id, zw.id, on=date(2026, 2, 1))
    assert info.value.field == "to_staff_id"
    with pytest.raises(ValidationError) as info, db.tx() as s:
        asg.reassign(s, e1.id, ln.id, wq.id, on=date(2026, 2, 1))
    assert info.value.field == "from_staff_id"
    assert db.count(Assignment) == 1


def test_tombstoned_assignment_no_longer_counts(ctx) -> None:
    db, (zw, _, _), (e1, _) = ctx
    with db.tx() as s:
        a = asg.assign(s, zw.id, e1.id, date(2026, 1, 1))
        store.delete(s, a, ACTOR)
    with db.session() as s:
        assert assigned_enterprise_ids(s, zw.id, date(2026, 2, 1)) == []
        assert history(s, e1.id) == []


def test_several_staff_share_one_enterprise(ctx) -> None:
    db, (zw, ln, _), (e1, _) = ctx
    with db.tx() as s:
        asg.assign(s, zw.id, e1.id, date(2026, 1, 1))
        asg.assign(s, ln.id, e1.id, date(2026, 1, 1))  # e.g. assistant and legal specialist
    with db.session() as s:
        assert sorted(x.name for x in current_staff(s, e1.id, date(2026, 1, 2))) == ["张伟", "李娜"]
