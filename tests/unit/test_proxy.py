"""Proxy services (帮办代办): lifecycle, milestones, the five termination reasons (seed 001 §6)."""

from __future__ import annotations

from datetime import date

import pytest

from fieldkit.models import ProxyMilestone, ProxyService, TerminationReason
from fieldkit.services.assignments import AssignmentService
from fieldkit.services.errors import TransitionError, ValidationError, ValidationErrors
from fieldkit.services.labels import label
from fieldkit.services.proxy import (
    REASONS,
    TRANSITIONS,
    ProxyServiceService,
    list_proxies,
    milestones_of,
)
from fieldkit.services.store import Actor
from fieldkit.services.timeutil import local_today
from tests.unit.fixtures import ACTOR, DB, add_enterprise, add_staff, journal_counts, pushed

STATUSES = ["accepted", "in_progress", "completed", "terminated"]


@pytest.fixture
def ctx(db: DB):
    with db.tx() as s:
        staff = add_staff(s, "张伟", "zw")
        ent = add_enterprise(s, "华为技术有限公司")
        AssignmentService(ACTOR).assign(s, staff.id, ent.id, date(2025, 1, 1))  # his enterprise
    return db, staff, ent, ProxyServiceService(Actor(staff.id))


def create(db: DB, staff, ent, svc, milestones=None, **kw) -> ProxyService:
    kw.setdefault("item", "建筑工程施工许可证")
    kw.setdefault("stage", "construction")
    with db.tx() as s:
        return svc.create(
            s,
            enterprise_id=ent.id,
            staff_id=staff.id,
            accepted_on=date(2026, 3, 1),
            milestones=milestones,
            **kw,
        )


def in_status(db: DB, staff, ent, svc, status: str) -> str:
    p = create(db, staff, ent, svc)
    with db.tx() as s:
        p = s.get(ProxyService, p.id)
        if status in ("in_progress", "completed"):
            svc.start(s, p)
        if status == "completed":
            svc.complete(s, p, on=date(2026, 3, 20))
        if status == "terminated":
            svc.terminate(s, p, "a")
    return p.id


def load(db: DB, pid: str) -> ProxyService:
    with db.session() as s:
        return s.get(ProxyService, pid)


def test_reasons_are_the_five_of_the_seed() -> None:
    assert REASONS == tuple(r.value for r in TerminationReason) == ("a", "b", "c", "d", "e")
    assert label("termination_reason", "a") == "服务对象主动要求终止"
    assert label("termination_reason", "e") == "其他需要终止的情形"


def test_create_with_milestones(ctx) -> None:
    db, staff, ent, svc = ctx
    p = create(
        db,
        staff,
        ent,
        svc,
        milestones=["收集材料", "网上申报", "领取证照"],
        mode="full",
        service_plan="全程代办施工许可",
    )
    p = load(db, p.id)
    assert (p.status, p.mode, p.accepted_on, p.item) == (
        "accepted",
        "full",
        date(2026, 3, 1),
        "建筑工程施工许可证",
    )
    with db.session() as s:
        ms = milestones_of(s, p.id)
    assert [(m.seq, m.title, m.done_on) for m in ms] == [
        (0, "收集材料", None),
        (1, "网上申报", None),
        (2, "领取证照", None),
    ]
    assert (
        journal_counts(db)[0] == 1 + 3 + 1 + 3
    )  # default zone, staff, enterprise, assignment, proxy, 3 milestones
    assert {m.enterprise_id for m in ms} == {ent.id}


def test_create_validates(ctx) -> None:
    db, staff, ent, svc = ctx
    with pytest.raises(ValidationErrors) as info, db.tx() as s:
        svc.create(s, enterprise_id=ent.id, staff_id=staff.id, item="  ", stage="startup", mode="remote")
    assert [e.field for e in info.value.errors] == ["item", "mode"]
    assert db.count(ProxyService) == 0


def test_default_acceptance_day_is_today(ctx) -> None:
    db, staff, ent, svc = ctx
    with db.tx() as s:
        p = svc.create(s, enterprise_id=ent.id, staff_id=staff.id, item="营业执照", stage="startup")
    assert load(db, p.id).accepted_on == local_today()


MOVES = ["start", "complete", "terminate"]
CASES = [(st, mv) for st in STATUSES for mv in MOVES]
TARGET = {"start": "in_progress", "complete": "completed", "terminate": "terminated"}


@pytest.mark.parametrize("status,move", CASES, ids=[f"{a}-{b}" for a, b in CASES])
def test_every_move_from_every_status(ctx, status: str, move: str) -> None:
    db, staff, ent, svc = ctx
    pid = in_status(db, staff, ent, svc, status)
    pushed(db)  # the service's own entries went to the server: a move journals anew
    before = journal_counts(db)
    legal = TARGET[move] in TRANSITIONS[status]
    with db.tx() as s:
        p = s.get(ProxyService, pid)
        call = {
            "start": lambda: svc.start(s, p),
            "complete": lambda: svc.complete(s, p),
            "terminate": lambda: svc.terminate(s, p, "b"),
        }[move]
        if legal:
            call()
        else:
            with pytest.raises(TransitionError) as info:
                call()
            assert info.value.params == {"state": status, "target": TARGET[move]}
    p = load(db, pid)
    if legal:
        assert p.status == TARGET[move]
        assert journal_counts(db) == (before[0] + 1, before[1] + 1)
    else:
        assert p.status == status and journal_counts(db) == before


def test_complete_refuses_with_open_milestones(ctx) -> None:
    db, staff, ent, svc = ctx
    p = create(db, staff, ent, svc, milestones=["收集材料", "网上申报"])
    with db.session() as s:
        first, second = milestones_of(s, p.id)
    with db.tx() as s:  # completing a milestone starts the service
        svc.complete_milestone(s, s.get(ProxyMilestone, first.id), on=date(2026, 3, 5), note="材料齐全")
    assert load(db, p.id).status == "in_progress"
    with pytest.raises(TransitionError) as info, db.tx() as s:
        svc.complete(s, s.get(ProxyService, p.id))
    assert info.value.params == {"n": 1}
    assert load(db, p.id).status == "in_progress"
    with db.tx() as s:
        svc.complete_milestone(s, s.get(ProxyMilestone, second.id), on=date(2026, 3, 9))
        svc.complete(s, s.get(ProxyService, p.id), on=date(2026, 3, 10))
    p = load(db, p.id)
    assert (p.status, p.completed_on) == ("completed", date(2026, 3, 10))
    with db.session() as s:
        assert [(m.done_on, m.note) for m in milestones_of(s, p.id)] == [
            (date(2026, 3, 5), "材料齐全"),
            (date(2026, 3, 9), ""),
        ]


def test_added_milestone_goes_last(ctx) -> None:
    db, staff, ent, svc = ctx
    p = create(db, staff, ent, svc, milestones=["甲", "乙"])
    with db.tx() as s:
        m = svc.add_milestone(s, s.get(ProxyService, p.id), "丙", due_date=date(2026, 4, 1))
    assert m.seq == 2
    with db.session() as s:
        assert [x.title for x in milestones_of(s, p.id)] == ["甲", "乙", "丙"]


@pytest.mark.parametrize("reason", ["a", "b", "c", "d"])
def test_terminate_with_a_reason(ctx, reason: str) -> None:
    db, staff, ent, svc = ctx
    pid = in_status(db, staff, ent, svc, "in_progress")
    with db.tx() as s:
        svc.terminate(s, s.get(ProxyService, pid), reason, note="  ")
    p = load(db, pid)
    assert (p.status, p.termination_reason, p.termination_note) == ("terminated", reason, "")
    assert p.completed_on == local_today()


@pytest.mark.parametrize("reason", ["", "f", "A", None, "ab"])
def test_terminate_refuses_an_unknown_reason(ctx, reason) -> None:
    db, staff, ent, svc = ctx
    pid = in_status(db, staff, ent, svc, "accepted")
    with pytest.raises(ValidationError) as info, db.tx() as s:
        svc.terminate(s, s.get(ProxyService, pid), reason)
    assert info.value.field == "termination_reason"
    assert load(db, pid).status == "accepted"


def test_reason_e_needs_a_note(ctx) -> None:
    db, staff, ent, svc = ctx
    pid = in_status(db, staff, ent, svc, "accepted")
    with pytest.raises(ValidationError) as info, db.tx() as s:
        svc.terminate(s, s.get(ProxyService, pid), "e", note=" ")
    assert info.value.field == "termination_note"
    assert load(db, pid).status == "accepted"
    with db.tx() as s:
        svc.terminate(s, s.get(ProxyService, pid), "e", note=" 企业搬迁出区 ")
    p = load(db, pid)
    assert (p.status, p.termination_reason, p.termination_note) == ("terminated", "e", "企业搬迁出区")


def test_list_proxies(ctx) -> None:
    db, staff, ent, svc = ctx
    a = in_status(db, staff, ent, svc, "accepted")
    b = in_status(db, staff, ent, svc, "completed")
    with db.session() as s:
        assert {p.id for p in list_proxies(s, staff_id=staff.id)} == {a, b}
        assert [p.id for p in list_proxies(s, statuses=("completed",))] == [b]
        assert [p.id for p in list_proxies(s, enterprise_id="x" * 32)] == []


def test_milestones_take_a_deadline_and_a_responsible_person(ctx) -> None:
    """Issue 12 §16: "节点｜期限｜负责人"; without them a milestone takes the service's 办理时限
    and its handler."""
    db, staff, ent, svc = ctx
    p = create(
        db,
        staff,
        ent,
        svc,
        milestones=["材料预审｜2026-03-05｜王五", "窗口受理 | 2026-03-10", "领取证照", "  "],
        due_date=date(2026, 3, 31),
    )
    with db.session() as s:
        got = [(m.seq, m.title, m.due_date, m.responsible_person) for m in milestones_of(s, p.id)]
    assert got == [
        (0, "材料预审", date(2026, 3, 5), "王五"),
        (1, "窗口受理", date(2026, 3, 10), "张伟"),
        (2, "领取证照", date(2026, 3, 31), "张伟"),
    ]
    before = journal_counts(db)
    for lines, text in (
        (["材料预审｜2026-02-30"], "第 1 个办理节点的期限“2026-02-30”不是有效日期"),
        (["甲", "乙｜2026-04-02"], "第 2 个办理节点的期限 2026-04-02 晚于办理时限 2026-03-31"),
    ):
        with pytest.raises(ValidationErrors) as info:
            create(db, staff, ent, svc, milestones=lines, due_date=date(2026, 3, 31))
        assert text in info.value.text() and info.value.errors[0].field == "milestones"
    assert journal_counts(db) == before  # nothing written
