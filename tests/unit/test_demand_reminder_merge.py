"""Automatic 催办 on two devices merges (issue 7, item 8): the reminder event's id is derived from
the demand, its deadline and the kind of reminder, so two stores that remind the same demand
offline write the same event, and the merged history is still a legal path."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import select

from fieldkit.domain.demands import is_legal_path, reminder_event_id
from fieldkit.models import Assignment, Demand, DemandEvent, Enterprise, Staff, Zone
from fieldkit.services.assignments import AssignmentService
from fieldkit.services.demands import DemandService, demand_history
from fieldkit.services.store import Actor
from fieldkit.services.timeutil import local_today
from tests.unit.fixtures import ACTOR, DB, add_enterprise, add_staff, journal_counts, open_db

TODAY = local_today()
DEADLINE = TODAY + timedelta(days=1)
#: the rows a device holds of one demand, parents first
SYNCED = (Zone, Staff, Enterprise, Assignment, Demand, DemandEvent)


def assigned_demand(db: DB) -> tuple[str, str]:
    """(staff id, demand id) of a demand assigned with a deadline tomorrow."""
    with db.tx() as s:
        staff = add_staff(s, "张伟", "zw")
        ent = add_enterprise(s, "华为技术有限公司")
        AssignmentService(ACTOR).assign(s, staff.id, ent.id, TODAY - timedelta(days=30))  # his enterprise
        svc = DemandService(Actor(staff.id, "laptop-a"))
        d = svc.raise_demand(s, enterprise_id=ent.id, staff_id=staff.id, description="厂区道路照明不足")
        svc.transition(s, d, "assign", department="区经信局", responsible_person="王科长", deadline=DEADLINE)
        return staff.id, d.id


def copy_rows(src: DB, dst: DB, models: tuple[Any, ...] = SYNCED, where: Any = None) -> None:
    """Put ``src``'s rows into ``dst`` with the same ids, as a pull from the server would."""
    with src.session() as a, dst.tx() as b:
        for model in models:
            q = select(model) if where is None else select(model).where(where)
            for row in a.exec(q).all():
                b.add(model(**row.model_dump()))
            b.flush()


def two_devices(tmp_path: Path) -> tuple[DB, DB, str, str]:
    a = open_db(tmp_path, "assistant.sqlite3")
    b = open_db(tmp_path, "supervisor.sqlite3")
    staff_id, demand_id = assigned_demand(a)
    copy_rows(a, b)
    return a, b, staff_id, demand_id


def history(db: DB, demand_id: str) -> list[DemandEvent]:
    with db.session() as s:
        return demand_history(s, demand_id)


def test_two_stores_that_remind_the_same_demand_write_the_same_event(tmp_path: Path) -> None:
    a, b, staff_id, demand_id = two_devices(tmp_path)
    assert [e.id for e in history(a, demand_id)] == [e.id for e in history(b, demand_id)]  # the same demand
    for db, device in ((a, "laptop-a"), (b, "laptop-b")):  # both offline, each runs the automatic 催办
        with db.tx() as s:
            assert [d.id for d in DemandService(Actor(staff_id, device)).auto_remind(s, today=TODAY)] == [
                demand_id
            ]
    ev_a, ev_b = history(a, demand_id)[-1], history(b, demand_id)[-1]
    assert ev_a.to_state == ev_b.to_state == "reminded"
    assert ev_a.id == ev_b.id == reminder_event_id(demand_id, DEADLINE, "soon")
    # the sync merges the two histories by id: one reminder, a legal path
    merged = {e.id: e for db in (a, b) for e in history(db, demand_id)}
    states = [e.to_state for e in sorted(merged.values(), key=lambda e: e.at)]
    assert states == ["collected", "assigned", "reminded"]
    assert is_legal_path(states)
    # what unmerged reminders with random ids would have given
    assert not is_legal_path(["collected", "assigned", "reminded", "reminded"])


def test_a_reminder_pulled_from_another_device_is_not_written_again(tmp_path: Path) -> None:
    a, b, staff_id, demand_id = two_devices(tmp_path)
    with a.tx() as s:
        DemandService(Actor(staff_id, "laptop-a")).auto_remind(s, today=TODAY)
    rid = reminder_event_id(demand_id, DEADLINE, "soon")
    copy_rows(
        a, b, (DemandEvent,), DemandEvent.id == rid
    )  # the event arrived, the demand's new state not yet
    with b.session() as s:
        assert s.get(Demand, demand_id).state == "assigned"
    before = journal_counts(b)
    with b.tx() as s:
        assert DemandService(Actor(staff_id, "laptop-b")).auto_remind(s, today=TODAY) == []
    assert journal_counts(b) == before
    assert [e.to_state for e in history(b, demand_id)] == ["collected", "assigned", "reminded"]


def test_running_the_automatic_reminder_twice_adds_nothing(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    staff_id, demand_id = assigned_demand(db)
    svc = DemandService(Actor(staff_id, "laptop-a"))
    with db.tx() as s:
        assert len(svc.auto_remind(s, today=TODAY)) == 1
    events, counts = [e.id for e in history(db, demand_id)], journal_counts(db)
    with db.tx() as s:
        assert svc.auto_remind(s, today=TODAY) == []
    assert [e.id for e in history(db, demand_id)] == events and journal_counts(db) == counts
    assert events[-1] == reminder_event_id(demand_id, DEADLINE, "soon")


def test_the_reminder_after_the_deadline_has_an_id_of_its_own(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    staff_id, demand_id = assigned_demand(db)
    svc = DemandService(Actor(staff_id, "laptop-a"))
    with db.tx() as s:
        svc.auto_remind(s, today=TODAY)
        svc.transition(s, s.get(Demand, demand_id), "accept")
    with db.tx() as s:
        assert [d.id for d in svc.auto_remind(s, today=DEADLINE + timedelta(days=1))] == [demand_id]
    evs = history(db, demand_id)
    assert [e.to_state for e in evs] == ["collected", "assigned", "reminded", "in_progress", "reminded"]
    assert evs[-1].id == reminder_event_id(demand_id, DEADLINE, "past") != evs[2].id
    assert is_legal_path([e.to_state for e in evs])


def test_a_reassignment_is_reminded_again_only_for_a_new_deadline(tmp_path: Path) -> None:
    """The id names the deadline, not the round of 交办: the same deadline is reminded once."""
    db = open_db(tmp_path)
    staff_id, demand_id = assigned_demand(db)
    svc = DemandService(Actor(staff_id, "laptop-a"))

    def back_to_assigned(deadline: Any) -> None:
        with db.tx() as s:
            d = s.get(Demand, demand_id)
            svc.transition(s, d, "accept")
            svc.transition(s, d, "feedback", satisfaction="unsatisfied")
            svc.transition(
                s, d, "reassign", department="区住建局", responsible_person="刘工", deadline=deadline
            )

    with db.tx() as s:
        assert len(svc.auto_remind(s, today=TODAY)) == 1
    back_to_assigned(DEADLINE)
    with db.tx() as s:
        assert svc.auto_remind(s, today=TODAY) == []
    back_to_assigned(DEADLINE + timedelta(days=1))
    with db.tx() as s:
        assert [d.id for d in svc.auto_remind(s, today=TODAY)] == [demand_id]
    evs = history(db, demand_id)
    assert evs[-1].id == reminder_event_id(demand_id, DEADLINE + timedelta(days=1), "soon")
    assert len([e for e in evs if e.to_state == "reminded"]) == 2
    assert is_legal_path([e.to_state for e in evs])
