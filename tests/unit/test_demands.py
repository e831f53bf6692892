"""Demand (诉求) lifecycle: every action from every state, required fields, reminders, history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from fieldkit.models import Demand, DemandEvent, DemandState
from fieldkit.services.assignments import AssignmentService
from fieldkit.services.demands import (
    ACTIONS,
    DUE_SOON_DAYS,
    LEGAL_EDGES,
    DemandService,
    allowed_actions,
    closed_late,
    days_left,
    demand_detail,
    due_soon_or_overdue,
    is_legal_path,
    is_overdue,
    list_demands,
    remind_due,
)
from fieldkit.services.errors import TransitionError, ValidationErrors
from fieldkit.services.i18n import translate
from fieldkit.services.labels import label
from fieldkit.services.store import SYSTEM, Actor
from fieldkit.services.timeutil import local_today
from tests.unit.fixtures import ACTOR, DB, add_staff, journal_counts, local, pushed

TODAY = local_today()
SOON = TODAY + timedelta(days=10)
STATES = [s.value for s in DemandState]

#: fields that satisfy each action's requirements
GOOD_FIELDS: dict[str, dict] = {
    "assign": {"department": "区经信局", "responsible_person": "王科长", "deadline": SOON},
    "reassign": {
        "department": "区住建局",
        "responsible_person": "刘工",
        "deadline": SOON + timedelta(days=5),
    },
    "feedback": {"satisfaction": "satisfied"},
    "solve_on_spot": {"note": "现场答复政策口径"},
}

#: the shortest way to bring a new demand to each state
PATHS: dict[str, list[tuple[str, dict]]] = {
    "collected": [],
    "assigned": [("assign", GOOD_FIELDS["assign"])],
    "in_progress": [("assign", GOOD_FIELDS["assign"]), ("accept", {})],
    "reminded": [("assign", GOOD_FIELDS["assign"]), ("remind", {})],
    "feedback": [
        ("assign", GOOD_FIELDS["assign"]),
        ("accept", {}),
        ("feedback", {"satisfaction": "satisfied"}),
    ],
    "collective_review": [
        ("assign", GOOD_FIELDS["assign"]),
        ("accept", {}),
        ("feedback", {"satisfaction": "unsatisfied"}),
        ("review", {}),
    ],
    "closed": [
        ("assign", GOOD_FIELDS["assign"]),
        ("accept", {}),
        ("feedback", {"satisfaction": "satisfied"}),
        ("close", {}),
    ],
    "archived": [
        ("assign", GOOD_FIELDS["assign"]),
        ("accept", {}),
        ("feedback", {"satisfaction": "satisfied"}),
        ("close", {}),
        ("archive", {}),
    ],
}


@pytest.fixture
def ctx(staff_and_enterprise):
    return staff_and_enterprise


def service(staff) -> DemandService:
    return DemandService(Actor(staff.id, "laptop"))


def new_demand(db: DB, staff, ent, state: str = "collected", **kw) -> str:
    svc = service(staff)
    with db.tx() as s:
        d = svc.raise_demand(s, enterprise_id=ent.id, staff_id=staff.id, description="厂区道路照明不足", **kw)
        for action, fields in PATHS[state]:
            fields = dict(fields)
            note = fields.pop("note", "")
            svc.transition(s, d, action, note=note, **fields)
        assert d.state == state
        return d.id


def events(db: DB, demand_id: str) -> list[DemandEvent]:
    with db.session() as s:
        return service_history(s, demand_id)


def service_history(s, demand_id: str) -> list[DemandEvent]:
    return DemandService(Actor(None)).history(s, demand_id)


def load(db: DB, demand_id: str) -> Demand:
    with db.session() as s:
        return s.get(Demand, demand_id)


# --- the table itself --------------------------------------------------------------------------


def test_actions_cover_the_seed_lifecycle() -> None:
    edges = {(s, a.target) for a in ACTIONS.values() for s in a.sources}
    for edge in [
        ("collected", "assigned"),
        ("assigned", "in_progress"),
        ("in_progress", "reminded"),
        ("reminded", "in_progress"),
        ("in_progress", "feedback"),
        ("reminded", "feedback"),
        ("feedback", "closed"),
        ("closed", "archived"),
        ("feedback", "assigned"),
        ("feedback", "collective_review"),
        ("collective_review", "closed"),
        ("collected", "closed"),
    ]:
        assert edge in edges, edge
    assert LEGAL_EDGES == edges | {(None, "collected")}
    assert not any(src == "archived" for src, _ in LEGAL_EDGES)  # archived is final


# --- every action from every state -------------------------------------------------------------

CASES = [(state, action) for state in STATES for action in ACTIONS]


@pytest.mark.parametrize("state,action", CASES, ids=[f"{s}-{a}" for s, a in CASES])
def test_every_action_from_every_state(ctx, state: str, action: str) -> None:
    db, staff, ent = ctx
    did = new_demand(db, staff, ent, state)
    before_events = len(events(db, did))
    pushed(db)  # the demand's own entries went to the server: a transition journals anew
    before_journal = journal_counts(db)
    fields = dict(GOOD_FIELDS.get(action, {}))
    note = fields.pop("note", "备注")
    if action == "close" and state == "collective_review":
        pass  # closing after collective review is allowed even when the feedback was unsatisfied
    legal = state in ACTIONS[action].sources
    if legal:
        with db.tx() as s:
            d = s.get(Demand, did)
            ev = service(staff).transition(s, d, action, note=note, **fields)
        d = load(db, did)
        assert d.state == ACTIONS[action].target
        evs = events(db, did)
        assert len(evs) == before_events + 1
        last = evs[-1]
        assert (last.id, last.from_state, last.to_state) == (ev.id, state, ACTIONS[action].target)
        assert last.actor_id == staff.id and last.note == note
        assert is_legal_path([e.to_state for e in evs])
        audit, outbox = journal_counts(db)
        assert audit == before_journal[0] + 2 and outbox == before_journal[1] + 2  # demand + event
    else:
        with pytest.raises(TransitionError) as info, db.tx() as s:
            service(staff).transition(s, s.get(Demand, did), action, note=note, **fields)
        # said in words, never the codes (issue 12 §9)
        assert info.value.params == {
            "state": label("demand_state", state),
            "action": translate("Demand", ACTIONS[action].label),
        }
        assert state not in info.value.text() and action not in info.value.text()
        assert load(db, did).state == state
        assert len(events(db, did)) == before_events
        assert journal_counts(db) == before_journal


def test_unknown_action_is_refused(ctx) -> None:
    db, staff, ent = ctx
    did = new_demand(db, staff, ent)
    with pytest.raises(TransitionError) as info, db.tx() as s:
        service(staff).transition(s, s.get(Demand, did), "escalate")
    assert info.value.params == {"action": "escalate"}


def test_allowed_actions_per_state(ctx) -> None:
    db, staff, ent = ctx
    expected = {
        "collected": ["assign", "solve_on_spot"],
        "assigned": ["accept", "remind"],
        "in_progress": ["remind", "feedback"],
        "reminded": ["accept", "feedback"],
        "feedback": ["reassign", "review", "close"],
        "collective_review": ["reassign", "close"],
        "closed": ["archive"],
        "archived": [],
    }
    for state, actions in expected.items():
        assert allowed_actions(load(db, new_demand(db, staff, ent, state))) == actions, state


# --- creation and required fields --------------------------------------------------------------


def test_raise_demand_records_the_creation_event(ctx) -> None:
    db, staff, ent = ctx
    at = local(2026, 3, 2, 9, 30)
    did = new_demand(db, staff, ent, collected_at=at)
    d = load(db, did)
    assert d.state == "collected" and d.collected_at == at and d.kind == "demand"
    (ev,) = events(db, did)
    assert (ev.from_state, ev.to_state, ev.at) == (None, "collected", at)


def test_raise_demand_needs_a_description(ctx) -> None:
    db, staff, ent = ctx
    with pytest.raises(Exception) as info, db.tx() as s:
        service(staff).raise_demand(s, enterprise_id=ent.id, staff_id=staff.id, description="  ")
    assert getattr(info.value, "field", None) == "description"
    assert db.count(Demand) == 0 and db.count(DemandEvent) == 0


def test_assign_requires_department_person_and_deadline(ctx) -> None:
    db, staff, ent = ctx
    did = new_demand(db, staff, ent)
    before = journal_counts(db)
    with pytest.raises(ValidationErrors) as info, db.tx() as s:
        service(staff).transition(s, s.get(Demand, did), "assign", department=" ")
    assert [e.field for e in info.value.errors] == ["department", "responsible_person", "deadline"]
    assert "请填写责任部门" in info.value.text()
    assert load(db, did).state == "collected" and journal_counts(db) == before


def test_assign_refuses_a_past_or_invalid_deadline(ctx) -> None:
    db, staff, ent = ctx
    did = new_demand(db, staff, ent)
    for bad in (TODAY - timedelta(days=1), "2026-02-30"):
        with pytest.raises(ValidationErrors) as info, db.tx() as s:
            service(staff).transition(
                s,
                s.get(Demand, did),
                "assign",
                department="经信局",
                today=TODAY,
                responsible_person="王",
                deadline=bad,
            )
        assert [e.field for e in info.value.errors] == ["deadline"]
    with db.tx() as s:  # a deadline of today is fine, and text dates are parsed
        service(staff).transition(
            s,
            s.get(Demand, did),
            "assign",
            department=" 经信局 ",
            today=TODAY,
            responsible_person="王",
            deadline=TODAY.strftime("%Y年%m月%d日"),
        )
    d = load(db, did)
    assert (d.state, d.department, d.deadline) == ("assigned", "经信局", TODAY)


def test_feedback_requires_a_valid_satisfaction(ctx) -> None:
    db, staff, ent = ctx
    did = new_demand(db, staff, ent, "in_progress")
    for bad in ({}, {"satisfaction": "ok"}):
        with pytest.raises(ValidationErrors) as info, db.tx() as s:
            service(staff).transition(s, s.get(Demand, did), "feedback", **bad)
        assert [e.field for e in info.value.errors] == ["satisfaction"]
    assert load(db, did).state == "in_progress"


def test_reassign_keeps_department_unless_changed(ctx) -> None:
    db, staff, ent = ctx
    did = new_demand(db, staff, ent, "collective_review")
    with db.tx() as s:
        service(staff).transition(s, s.get(Demand, did), "reassign", responsible_person="新责任人")
    d = load(db, did)
    assert (d.state, d.department, d.responsible_person, d.deadline) == (
        "assigned",
        "区经信局",
        "新责任人",
        SOON,
    )


def test_events_keep_what_each_step_decided(ctx) -> None:
    """Issue 12 §12: each 交办 keeps its department, person and deadline, each 反馈 its
    satisfaction; a 再次交办 adds its own and overwrites nothing in the history."""
    db, staff, ent = ctx
    did = new_demand(db, staff, ent, "in_progress")
    svc = service(staff)
    with db.tx() as s:
        d = s.get(Demand, did)
        svc.transition(s, d, "feedback", satisfaction="very_unsatisfied")
        svc.transition(
            s, d, "reassign", department="区住建局", responsible_person="刘工", deadline=SOON + timedelta(1)
        )
        svc.transition(s, d, "accept")
        svc.transition(s, d, "feedback", satisfaction="satisfied")
    decided = [
        (e.to_state, e.department, e.responsible_person, e.deadline, e.satisfaction) for e in events(db, did)
    ]
    assert decided == [
        ("collected", "", "", None, None),
        ("assigned", "区经信局", "王科长", SOON, None),
        ("in_progress", "", "", None, None),
        ("feedback", "", "", None, "very_unsatisfied"),
        ("assigned", "区住建局", "刘工", SOON + timedelta(1), None),
        ("in_progress", "", "", None, None),
        ("feedback", "", "", None, "satisfied"),
    ]
    from fieldkit.services.demands import demand_pane

    pane = demand_pane(db.session(), Actor(staff.id), did)
    assert pane.history[1].decision == f"责任部门：区经信局；责任人：王科长；办理时限：{SOON.isoformat()}"
    assert pane.history[3].decision == "企业满意度：非常不满意"
    assert pane.history[2].decision == ""


def test_reassign_refuses_a_past_deadline_like_the_first_assign(ctx) -> None:
    db, staff, ent = ctx
    did = new_demand(db, staff, ent, "collective_review")
    n = len(events(db, did))
    for fields in ({"deadline": TODAY - timedelta(days=1)}, {}):
        if not fields:  # keeping a deadline that has passed since the first 交办 is refused too
            with db.tx() as s:
                s.get(Demand, did).deadline = TODAY - timedelta(days=3)
        with pytest.raises(ValidationErrors) as info, db.tx() as s:
            service(staff).transition(s, s.get(Demand, did), "reassign", today=TODAY, **fields)
        assert [e.field for e in info.value.errors] == ["deadline"]
        assert "不能早于今天" in info.value.errors[0].text()
    assert load(db, did).state == "collective_review" and len(events(db, did)) == n


# --- unsatisfied feedback ----------------------------------------------------------------------


@pytest.mark.parametrize("level", ["unsatisfied", "very_unsatisfied"])
def test_unsatisfied_feedback_cannot_close(ctx, level: str) -> None:
    db, staff, ent = ctx
    did = new_demand(db, staff, ent, "in_progress")
    with db.tx() as s:
        service(staff).transition(s, s.get(Demand, did), "feedback", satisfaction=level)
    n = len(events(db, did))
    with pytest.raises(TransitionError) as info, db.tx() as s:
        service(staff).transition(s, s.get(Demand, did), "close")
    assert "不满意" in info.value.text()
    d = load(db, did)
    assert d.state == "feedback" and d.closed_at is None and len(events(db, did)) == n
    assert allowed_actions(d) == ["reassign", "review"]


def test_unsatisfied_feedback_loops_back_to_assigned_then_closes(ctx) -> None:
    db, staff, ent = ctx
    did = new_demand(db, staff, ent, "in_progress")
    svc = service(staff)
    with db.tx() as s:
        d = s.get(Demand, did)
        svc.transition(s, d, "feedback", satisfaction="unsatisfied", note="企业认为未解决")
        svc.transition(
            s, d, "reassign", department="区住建局", responsible_person="刘工", deadline=SOON, note="再次交办"
        )
        svc.transition(s, d, "accept")
        svc.transition(s, d, "feedback", satisfaction="very_satisfied")
        svc.transition(s, d, "close")
    d = load(db, did)
    assert (d.state, d.satisfaction, d.department) == ("closed", "very_satisfied", "区住建局")
    states = [e.to_state for e in events(db, did)]
    assert states == [
        "collected",
        "assigned",
        "in_progress",
        "feedback",
        "assigned",
        "in_progress",
        "feedback",
        "closed",
    ]
    assert is_legal_path(states)


def test_unsatisfied_feedback_to_collective_review_then_close(ctx) -> None:
    db, staff, ent = ctx
    did = new_demand(db, staff, ent, "collective_review")
    with db.tx() as s:
        service(staff).transition(s, s.get(Demand, did), "close", note="研判后按政策答复，销号")
    d = load(db, did)
    assert d.state == "closed" and d.closed_at is not None and d.satisfaction == "unsatisfied"


# --- solved on the spot ------------------------------------------------------------------------


def test_solve_on_the_spot(ctx) -> None:
    db, staff, ent = ctx
    did = new_demand(db, staff, ent)
    with db.tx() as s:
        service(staff).transition(
            s, s.get(Demand, did), "solve_on_spot", note="当场讲解申报流程", satisfaction="very_satisfied"
        )
    d = load(db, did)
    assert d.state == "closed" and d.solved_on_spot and d.closed_at is not None
    assert d.satisfaction == "very_satisfied" and not is_overdue(d)
    assert [(e.from_state, e.to_state) for e in events(db, did)] == [
        (None, "collected"),
        ("collected", "closed"),
    ]


def test_solve_on_the_spot_needs_a_note(ctx) -> None:
    db, staff, ent = ctx
    did = new_demand(db, staff, ent)
    with pytest.raises(ValidationErrors) as info, db.tx() as s:
        service(staff).transition(s, s.get(Demand, did), "solve_on_spot", note="  ")
    assert [e.field for e in info.value.errors] == ["note"]
    d = load(db, did)
    assert d.state == "collected" and not d.solved_on_spot and d.closed_at is None


# --- deadlines and overdue ---------------------------------------------------------------------


def overdue_demand(db: DB, staff, ent, state: str = "feedback") -> str:
    """A demand assigned 20 days ago with a deadline 5 days ago, brought to ``state``."""
    svc = service(staff)
    past = TODAY - timedelta(days=20)
    with db.tx() as s:
        d = svc.raise_demand(s, enterprise_id=ent.id, staff_id=staff.id, description="用电增容")
        svc.transition(
            s,
            d,
            "assign",
            today=past,
            department="供电公司",
            responsible_person="赵",
            deadline=TODAY - timedelta(days=5),
        )
        if state in ("in_progress", "feedback"):
            svc.transition(s, d, "accept")
        if state == "feedback":
            svc.transition(s, d, "feedback", satisfaction="basically_satisfied")
        return d.id


def test_overdue_closure_requires_an_explanation(ctx) -> None:
    db, staff, ent = ctx
    did = overdue_demand(db, staff, ent)
    with pytest.raises(ValidationErrors) as info, db.tx() as s:
        service(staff).transition(s, s.get(Demand, did), "close", overdue_explanation="  ")
    (err,) = info.value.errors
    assert err.field == "overdue_explanation"
    assert err.params == {"deadline": (TODAY - timedelta(days=5)).isoformat()}
    assert load(db, did).state == "feedback"
    with db.tx() as s:
        service(staff).transition(s, s.get(Demand, did), "close", overdue_explanation=" 等待设备到货 ")
    d = load(db, did)
    assert d.state == "closed" and d.overdue_explanation == "等待设备到货"
    assert closed_late(d) and not is_overdue(d)  # closed late: 逾期办结, no longer 逾期
    assert days_left(d) is None


def test_closing_on_the_deadline_day_needs_no_explanation(ctx) -> None:
    db, staff, ent = ctx
    did = new_demand(db, staff, ent, "feedback")
    with db.tx() as s:
        d = s.get(Demand, did)
        service(staff).transition(s, d, "close", today=d.deadline)
    assert load(db, did).overdue_explanation == ""


def test_is_overdue_and_days_left(ctx) -> None:
    db, staff, ent = ctx
    d = load(db, new_demand(db, staff, ent, "in_progress"))
    assert days_left(d, TODAY) == 10 and not is_overdue(d, TODAY)
    assert not is_overdue(d, SOON) and days_left(d, SOON) == 0
    assert is_overdue(d, SOON + timedelta(days=1)) and days_left(d, SOON + timedelta(days=1)) == -1
    assert not is_overdue(load(db, new_demand(db, staff, ent)))  # no deadline
    closed = load(db, new_demand(db, staff, ent, "closed"))  # closed today, before its deadline
    assert not is_overdue(closed, SOON + timedelta(days=30)) and not closed_late(closed)


# --- automatic reminders -----------------------------------------------------------------------


def assigned_with_deadline(db: DB, staff, ent, deadline: date, accept: bool = False) -> str:
    svc = service(staff)
    with db.tx() as s:
        d = svc.raise_demand(s, enterprise_id=ent.id, staff_id=staff.id, description=f"到期 {deadline}")
        svc.transition(
            s,
            d,
            "assign",
            today=min(deadline, TODAY),
            department="经信局",
            responsible_person="王",
            deadline=deadline,
        )
        if accept:
            svc.transition(s, d, "accept")
        return d.id


def test_auto_remind_due_soon_and_past_only(ctx) -> None:
    db, staff, ent = ctx
    past = assigned_with_deadline(db, staff, ent, TODAY - timedelta(days=1), accept=True)
    today_due = assigned_with_deadline(db, staff, ent, TODAY)
    edge = assigned_with_deadline(db, staff, ent, TODAY + timedelta(days=DUE_SOON_DAYS))
    far = assigned_with_deadline(db, staff, ent, TODAY + timedelta(days=DUE_SOON_DAYS + 1))
    closed = new_demand(db, staff, ent, "closed")
    feedback = new_demand(db, staff, ent, "feedback")
    collected = new_demand(db, staff, ent)
    with db.tx() as s:
        done = service(staff).auto_remind(s, today=TODAY)
    assert {d.id for d in done} == {past, today_due, edge}
    for did in (past, today_due, edge):
        d = load(db, did)
        last = events(db, did)[-1]
        assert d.state == "reminded" and last.to_state == "reminded"
    assert events(db, past)[-1].note == "系统自动催办：已超过办理时限"
    assert events(db, edge)[-1].note == "系统自动催办：办理时限临近"
    assert events(db, today_due)[-1].note == "系统自动催办：办理时限临近"
    for did, state in (
        (far, "assigned"),
        (closed, "closed"),
        (feedback, "feedback"),
        (collected, "collected"),
    ):
        assert load(db, did).state == state


def test_auto_remind_is_idempotent(ctx) -> None:
    db, staff, ent = ctx
    did = assigned_with_deadline(db, staff, ent, TODAY + timedelta(days=1))
    with db.tx() as s:
        assert len(service(staff).auto_remind(s, today=TODAY)) == 1
    n = len(events(db, did))
    with db.tx() as s:
        assert service(staff).auto_remind(s, today=TODAY) == []
    assert len(events(db, did)) == n


def test_auto_remind_does_not_nag_after_the_handler_accepts_again(ctx) -> None:
    db, staff, ent = ctx
    did = assigned_with_deadline(db, staff, ent, TODAY + timedelta(days=1))
    svc = service(staff)
    with db.tx() as s:
        svc.auto_remind(s, today=TODAY)
        svc.transition(s, s.get(Demand, did), "accept", note="已加快办理")
    with db.tx() as s:  # the next sync on the same day: already reminded for this deadline
        assert svc.auto_remind(s, today=TODAY) == []
    assert load(db, did).state == "in_progress"
    with db.tx() as s:  # once the deadline has passed, one more (different) reminder is due
        (d,) = svc.auto_remind(s, today=TODAY + timedelta(days=2))
    assert d.id == did and events(db, did)[-1].note == "系统自动催办：已超过办理时限"
    with db.tx() as s:
        svc.transition(s, s.get(Demand, did), "accept")
    with db.tx() as s:
        assert svc.auto_remind(s, today=TODAY + timedelta(days=3)) == []


def test_auto_remind_for_one_staff_member(ctx) -> None:
    db, staff, ent = ctx
    with db.tx() as s:
        other = add_staff(s, "李娜", "ln")
        AssignmentService(ACTOR).assign(s, other.id, ent.id, TODAY - timedelta(days=1))  # both hold it
    mine = assigned_with_deadline(db, staff, ent, TODAY)
    theirs = assigned_with_deadline(db, other, ent, TODAY)
    with db.tx() as s:
        done = service(staff).auto_remind(s, today=TODAY, staff_id=staff.id)
    assert [d.id for d in done] == [mine]
    assert load(db, theirs).state == "assigned"


def test_remind_due_commits_in_its_own_transaction(ctx) -> None:
    db, staff, ent = ctx
    with db.tx() as s:
        other = add_staff(s, "李娜", "ln")
        AssignmentService(ACTOR).assign(s, other.id, ent.id, TODAY - timedelta(days=1))  # both hold it
    mine = assigned_with_deadline(db, staff, ent, TODAY + timedelta(days=1))
    theirs = assigned_with_deadline(db, other, ent, TODAY + timedelta(days=1))
    before = journal_counts(db)
    assert remind_due(db.make, service(staff), staff.id, today=TODAY) == 1
    assert load(db, mine).state == "reminded" and load(db, theirs).state == "assigned"
    last = events(db, mine)[-1]
    assert (last.from_state, last.to_state, last.actor_id) == ("assigned", "reminded", staff.id)
    assert last.note == "系统自动催办：办理时限临近"
    assert journal_counts(db) != before  # audited and queued for the sync like any change
    assert remind_due(db.make, service(staff), staff.id, today=TODAY) == 0  # once per deadline
    assert remind_due(db.make, service(staff), None, today=TODAY) == 1  # everyone's: 李娜's too
    assert load(db, theirs).state == "reminded"


def test_demand_detail_names_history_and_actions(ctx) -> None:
    db, staff, ent = ctx
    did = new_demand(db, staff, ent, "in_progress")
    with db.session() as s:
        det = demand_detail(s, SYSTEM, did)
        assert det.demand.id == did and det.demand.state == "in_progress"
        assert (det.enterprise_name, det.staff_name) == ("华为技术有限公司", "张伟")
        assert [ev.to_state for ev, _actor in det.history] == ["collected", "assigned", "in_progress"]
        assert {actor for _ev, actor in det.history} == {"张伟"}
        assert det.actions == allowed_actions(det.demand) == ["remind", "feedback"]


# --- paths and history -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        ["collected"],
        ["collected", "closed", "archived"],
        [
            "collected",
            "assigned",
            "in_progress",
            "reminded",
            "in_progress",
            "feedback",
            "assigned",
            "in_progress",
            "feedback",
            "closed",
            "archived",
        ],
        ["collected", "assigned", "reminded", "feedback", "collective_review", "closed"],
        [
            "collected",
            "assigned",
            "in_progress",
            "feedback",
            "collective_review",
            "assigned",
            "reminded",
            "feedback",
            "closed",
        ],
    ],
)
def test_legal_paths(path: list[str]) -> None:
    assert is_legal_path(path)


@pytest.mark.parametrize(
    "path",
    [
        ["assigned"],  # must start at creation
        ["collected", "collected"],
        ["collected", "in_progress"],
        ["collected", "assigned", "closed"],
        ["collected", "assigned", "in_progress", "closed"],
        ["collected", "archived"],
        ["collected", "closed", "collected"],
        ["collected", "closed", "archived", "closed"],
        ["collected", "assigned", "in_progress", "feedback", "collective_review", "feedback"],
        ["collected", "reminded"],
        ["collected", "assigned", "bogus"],
    ],
)
def test_illegal_paths(path: list[str]) -> None:
    assert not is_legal_path(path)


def test_history_is_ordered_and_chained(ctx) -> None:
    db, staff, ent = ctx
    did = new_demand(db, staff, ent, "archived")
    evs = events(db, did)
    assert [e.to_state for e in evs] == [
        "collected",
        "assigned",
        "in_progress",
        "feedback",
        "closed",
        "archived",
    ]
    assert [e.from_state for e in evs] == [None, "collected", "assigned", "in_progress", "feedback", "closed"]
    assert all(a.at <= b.at for a, b in zip(evs, evs[1:], strict=False))


def test_history_order_survives_a_collection_time_ahead_of_the_clock(ctx) -> None:
    """The collection time comes from the visit form; if it is a few minutes ahead of the laptop's
    clock, the events that follow must still come after it in the history."""
    db, staff, ent = ctx
    svc = service(staff)
    from fieldkit.models import utcnow

    with db.tx() as s:
        d = svc.raise_demand(
            s,
            enterprise_id=ent.id,
            staff_id=staff.id,
            description="咨询",
            collected_at=utcnow() + timedelta(minutes=10),
        )
        svc.transition(s, d, "solve_on_spot", note="当场答复")
    states = [e.to_state for e in events(db, d.id)]
    assert states == ["collected", "closed"]
    assert is_legal_path(states)


def test_history_of_every_demand_is_a_legal_path(ctx) -> None:
    db, staff, ent = ctx
    for state in STATES:
        new_demand(db, staff, ent, state)
    with db.session() as s:
        ids = s.exec(select(Demand.id)).all()
        for did in ids:
            assert is_legal_path([e.to_state for e in service_history(s, did)])


# --- lists -------------------------------------------------------------------------------------


def test_list_and_due_soon(ctx) -> None:
    db, staff, ent = ctx
    soon = assigned_with_deadline(db, staff, ent, TODAY + timedelta(days=2))
    later = assigned_with_deadline(db, staff, ent, TODAY + timedelta(days=20))
    open_no_deadline = new_demand(db, staff, ent)
    closed = new_demand(db, staff, ent, "closed")
    with db.session() as s:
        assert [d.id for d in due_soon_or_overdue(s, staff.id, TODAY, days=3)] == [soon]
        listed = [d.id for d in list_demands(s, staff_id=staff.id, states=("collected", "assigned"))]
        assert listed == [soon, later, open_no_deadline]  # by deadline, no deadline last
        assert [d.id for d in list_demands(s, states=("closed",))] == [closed]
