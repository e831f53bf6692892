"""Complaints (投诉, issue 12 §19): categories about the conduct of staff, the major flag, and
repeated complaints derived from the records — shown in the lists and the 诉求台账."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fieldkit.domain.complaints import ComplaintKey, repeated_ids
from fieldkit.forms.columns import DEMAND_COLUMNS
from fieldkit.models import Demand, utcnow
from fieldkit.services.complaints import set_major
from fieldkit.services.demands import DemandService, demand_board, demand_pane
from fieldkit.services.errors import ValidationError
from fieldkit.services.ledger import demand_ledger
from fieldkit.services.reference import load as load_reference
from fieldkit.services.store import Actor
from fieldkit.services.timeutil import local_today


def _raise(db, staff, ent, **kw) -> str:  # type: ignore[no-untyped-def]
    with db.tx() as s:
        return (
            DemandService(Actor(staff.id, "laptop"))
            .raise_demand(s, enterprise_id=ent.id, staff_id=staff.id, description="工作人员态度差", **kw)
            .id
        )


def test_complaints_have_conduct_categories_that_demands_do_not() -> None:
    ref = load_reference()
    complaint = {c.code for c in ref.demand_categories_for("complaint")}
    demand = {c.code for c in ref.demand_categories_for("demand")}
    assert {"staff_attitude", "staff_inaction", "staff_integrity"} <= complaint - demand
    assert {"approval", "other"} <= complaint & demand  # business categories stay for both


def test_category_and_major_flag_are_checked(staff_and_enterprise) -> None:
    db, staff, ent = staff_and_enterprise
    with pytest.raises(ValidationError) as err:
        _raise(db, staff, ent, kind="demand", category="staff_attitude")
    assert err.value.field == "category"
    with pytest.raises(ValidationError) as err:
        _raise(db, staff, ent, kind="suggestion", category="other", major=True)
    assert err.value.field == "major" and "投诉" in err.value.text()
    did = _raise(db, staff, ent, kind="complaint", category="staff_attitude", major=True)
    with db.session() as s:
        d = s.get(Demand, did)
        assert (d.kind, d.category, d.major) == ("complaint", "staff_attitude", True)


def test_major_and_repeated_complaints_are_flagged_in_lists_and_ledger(staff_and_enterprise) -> None:
    db, staff, ent = staff_and_enterprise
    first = _raise(db, staff, ent, kind="complaint", category="staff_inaction")
    second = _raise(db, staff, ent, kind="complaint", category="staff_inaction")
    other = _raise(db, staff, ent, kind="complaint", category="staff_attitude")
    with db.tx() as s:
        set_major(s, Actor(staff.id, "laptop"), other, True)
    with db.session() as s:
        rows = {
            r.id: r
            for r in demand_board(s, staff_id=staff.id, zone_id=None, kind=None, show_archived=False).rows
        }
        assert rows[first].repeated and rows[second].repeated and not rows[other].repeated
        assert rows[first].kind_text == "投诉（重复）" and rows[other].kind_text == "投诉（重大）"
        assert demand_pane(s, Actor(staff.id, "laptop"), second).row.repeated
        today = local_today()
        ledger = {r.id: r for r in demand_ledger(s, today - timedelta(days=1), today)}
    kind_column = next(c for c in DEMAND_COLUMNS if c.header == "类型")
    assert kind_column.get(ledger[second]) == "投诉（重复）"
    assert kind_column.get(ledger[other]) == "投诉（重大）"


def test_repeat_window() -> None:
    now = utcnow()
    keys = [
        ComplaintKey("a", "e1", "staff_attitude", now - timedelta(days=400)),
        ComplaintKey("b", "e1", "staff_attitude", now),
        ComplaintKey("c", "e1", "staff_attitude", now - timedelta(days=30)),
        ComplaintKey("d", "e2", "staff_attitude", now),  # another enterprise
        ComplaintKey("e", "e1", "commitment", now),  # another category
    ]
    assert repeated_ids(keys) == {"b", "c"}
