"""The screens' units of work as service calls: each takes the caller's session and the actor,
opens nothing, writes through the journal, and the screens' reads see what it wrote."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from fieldkit.models import Demand, Evaluation, PolicyApplication, ProxyService, VisitPlan
from fieldkit.services import store
from fieldkit.services.assignments import AssignmentService
from fieldkit.services.demands import act_on_demand, demand_board, demand_pane, raise_new_demand
from fieldkit.services.errors import TransitionError, ValidationErrors
from fieldkit.services.evaluations import evaluations_board, record_evaluation
from fieldkit.services.planning import cancel_plan, create_plan, plans_board, reschedule_plan
from fieldkit.services.policies import (
    PolicyService,
    advance_application,
    apply_for_policy,
    enterprise_matches,
    policy_pane,
    policy_rows,
    push_policy,
)
from fieldkit.services.proxy import (
    accept_proxy,
    complete_milestone,
    complete_proxy,
    proxy_board,
    start_proxy,
    terminate_proxy,
)
from fieldkit.services.store import SYSTEM
from fieldkit.services.timeutil import local_today
from tests.unit.fixtures import ACTOR, journal_counts

TODAY = local_today()


@pytest.fixture
def world(staff_and_enterprise):  # type: ignore[no-untyped-def]
    """张伟, assigned 华为; the actor is 张伟 on a test device."""
    db, staff, ent = staff_and_enterprise
    with db.tx() as s:
        AssignmentService(ACTOR).assign(s, staff.id, ent.id, TODAY - timedelta(days=30))
    return db, staff.id, ent.id, store.Actor(staff.id, "test")


def test_demand_raised_acted_on_and_shown(world) -> None:  # type: ignore[no-untyped-def]
    db, sid, eid, actor = world
    before = journal_counts(db)
    with db.tx() as s:
        did = raise_new_demand(
            s, actor, enterprise_id=eid, staff_id=sid, description="用电增容", kind="complaint"
        )
        assert (
            act_on_demand(
                s,
                actor,
                did,
                "assign",
                department="供电公司",
                responsible_person="孙经理",
                deadline=TODAY + timedelta(days=3),
            )
            == did
        )
    assert journal_counts(db) > before
    with db.session() as s:
        board = demand_board(s, staff_id=sid, zone_id=None, kind=None, show_archived=False)
        assert [(r.id, r.enterprise, r.state, r.kind) for r in board.rows] == [
            (did, "华为技术有限公司", "assigned", "complaint")
        ]
        assert board.enterprises == [(eid, "华为技术有限公司")]
        assert demand_board(s, staff_id=sid, zone_id=None, kind="suggestion", show_archived=True).rows == []
        pane = demand_pane(s, SYSTEM, did)
        assert pane.row.department == "供电公司" and pane.row.days_left == 3
        assert [h.to_state for h in pane.history] == ["collected", "assigned"]
        assert "accept" in pane.actions and "assign" not in pane.actions
    with db.tx() as s, pytest.raises(TransitionError):
        act_on_demand(s, actor, did, "assign")  # not legal from 交办
    with db.session() as s:
        d = s.get(Demand, did)
        assert d is not None and d.state == "assigned"


def test_plan_created_rescheduled_cancelled(world) -> None:  # type: ignore[no-untyped-def]
    db, sid, eid, actor = world
    with db.tx() as s:
        pid = create_plan(
            s,
            actor,
            staff_id=sid,
            enterprise_id=eid,
            planned_date=TODAY + timedelta(days=2),
            theme="了解生产经营情况",
        )
    with db.tx() as s:
        assert reschedule_plan(s, actor, pid, TODAY + timedelta(days=5), note="企业出差") == pid
    with db.session() as s:
        board = plans_board(
            s, TODAY, TODAY + timedelta(days=10), staff_id=sid, zone_id=None, user=(sid, "张伟")
        )
        assert [(p.id, p.planned_date, p.status, p.staff, p.open) for p in board.plans] == [
            (pid, TODAY + timedelta(days=5), "planned", "张伟", True)
        ]
        assert board.staff == []  # an assistant plans for themself
        assert [c.assigned for c in board.coverage] == [1]
    with db.tx() as s:
        cancel_plan(s, actor, pid, note="企业停产")
    with db.session() as s:
        p = s.get(VisitPlan, pid)
        assert p is not None and (p.status, p.note) == ("cancelled", "企业停产")
        assert (
            plans_board(
                s, TODAY, TODAY + timedelta(days=10), staff_id=sid, zone_id=None, user=(sid, "张伟")
            ).plans
            == []
        )


def test_proxy_service_milestones_finish_and_terminate(world) -> None:  # type: ignore[no-untyped-def]
    db, sid, eid, actor = world
    with db.tx() as s:
        pid = accept_proxy(
            s,
            actor,
            enterprise_id=eid,
            staff_id=sid,
            item="施工许可证",
            stage="construction",
            mode="guidance",
            due_date=TODAY + timedelta(days=30),
            milestones=["材料预审", "窗口受理"],
        )
        other = accept_proxy(
            s, actor, enterprise_id=eid, staff_id=sid, item="环评批复", stage="construction", mode="guidance"
        )
    with db.session() as s:
        board = proxy_board(s, sid, None)
        ms = board.milestones[pid]
        assert [m.title for m in ms] == ["材料预审", "窗口受理"] and board.milestones[other] == []
    with db.tx() as s:
        complete_milestone(s, actor, ms[0].id, note="已齐全")
    with db.session() as s:
        row = next(r for r in proxy_board(s, sid, None).rows if r.id == pid)
        assert row.status == "in_progress" and row.status_label == "办理中"
        assert row.next_statuses == ("completed", "terminated") and row.open
    with db.tx() as s, pytest.raises(TransitionError):
        complete_proxy(s, actor, pid)  # 窗口受理 is still open
    with db.tx() as s:
        complete_milestone(s, actor, ms[1].id)
        complete_proxy(s, actor, pid)
        start_proxy(s, actor, other)
        terminate_proxy(s, actor, other, "a")
    with db.session() as s:
        statuses = {p.id: p.status for p in s.exec(select(ProxyService)).all()}
        assert statuses == {pid: "completed", other: "terminated"}
        done = proxy_board(s, sid, None, status="terminated").rows
        assert [r.id for r in done] == [other] and done[0].next_statuses == () and not done[0].open


def test_policy_pushed_applied_and_tracked(world) -> None:  # type: ignore[no-untyped-def]
    db, sid, eid, actor = world
    with db.tx() as s:
        pol = PolicyService(ACTOR).create(
            s,
            title="技术改造补助",
            window_start=TODAY - timedelta(days=1),
            window_end=TODAY + timedelta(days=30),
        )
        pol_id = pol.id
    with db.tx() as s:
        push_policy(s, actor, policy_id=pol_id, enterprise_id=eid, staff_id=sid, note="现场宣讲")
        aid = apply_for_policy(s, actor, policy_id=pol_id, enterprise_id=eid, staff_id=sid)
        assert advance_application(s, actor, aid, "accepted", on=TODAY) == aid
    with db.session() as s:
        assert [(r.title, r.window_open) for r in policy_rows(s, open_only=True)] == [("技术改造补助", True)]
        pane = policy_pane(s, pol_id, sid, None)
        assert [(m.enterprise, m.pushed) for m in pane.matches] == [("华为技术有限公司", True)]
        assert [(a.state, a.next_states) for a in pane.applications] == [
            ("accepted", ("preliminary", "correction", "rejected"))
        ]
        assert [(m.policy, m.pushed) for m in enterprise_matches(s, SYSTEM, eid)] == [("技术改造补助", True)]
    with db.tx() as s, pytest.raises(TransitionError):
        advance_application(s, actor, aid, "redeemed")
    with db.session() as s:
        app = s.get(PolicyApplication, aid)
        assert app is not None and (app.state, app.accepted_on) == ("accepted", TODAY)


def test_evaluation_recorded_once_per_stage(world) -> None:  # type: ignore[no-untyped-def]
    db, sid, eid, actor = world
    with db.tx() as s:
        record_evaluation(
            s,
            actor,
            enterprise_id=eid,
            staff_id=sid,
            stage="operation",
            level="satisfied",
            dimensions={"attitude": 5},
            evaluated_on=TODAY,
        )
    with db.session() as s:
        board = evaluations_board(s, sid, None)
        assert [(e.enterprise, e.level, e.level_label) for e in board.evaluations] == [
            ("华为技术有限公司", "satisfied", "满意")
        ]
        assert board.average == 4.0 and board.enterprises == [(eid, "华为技术有限公司")]
    with db.tx() as s, pytest.raises(ValidationErrors):
        record_evaluation(s, actor, enterprise_id=eid, staff_id=sid, stage="operation", level="satisfied")
    assert db.count(Evaluation) == 1
