"""Roles and scope in the services (docs/security.md, "Roles and scope"): for each service, each
action a role may not take is refused with a translated PermissionDenied and writes nothing; the
allowed ones still work.

One real SQLite store is built once per session (two zones, assistants, supervisors, an admin,
enterprises with records, demands, plans and proxies) and copied for every test.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from fieldkit.models import (
    Assessment,
    Assignment,
    AuditLog,
    Demand,
    Enterprise,
    ServiceRecord,
    Staff,
    VisitPlan,
)
from fieldkit.services import store
from fieldkit.services.assignments import AssignmentService
from fieldkit.services.attachments import AttachmentService
from fieldkit.services.demands import DemandService
from fieldkit.services.enterprises import EnterpriseService
from fieldkit.services.errors import FieldKitError
from fieldkit.services.evaluations import AssessmentService, EvaluationService
from fieldkit.services.permissions import PermissionDenied
from fieldkit.services.planning import PlanService
from fieldkit.services.policies import PolicyService
from fieldkit.services.proxy import ProxyServiceService
from fieldkit.services.records import RecordService

from .fixtures import ACTOR, DB, add_enterprise, add_staff, add_zone, local, make_code, open_db

NAME = "roles.sqlite3"


def _build(db: DB) -> dict[str, str]:
    ids: dict[str, str] = {}
    asg, rs, ds = AssignmentService(ACTOR), RecordService(ACTOR), DemandService(ACTOR)
    start = date(2025, 1, 1)
    with db.tx() as s:
        z1, z2 = add_zone(s, "旌阳高新区"), add_zone(s, "罗江经开区")
        ids.update(Z1=z1.id, Z2=z2.id)
        for key, name, login, zone, role in [
            ("A1", "张伟", "zhangwei", z1, "assistant"),
            ("A2", "李娜", "lina", z1, "assistant"),
            ("B1", "王强", "wangqiang", z2, "assistant"),
            ("SUP1", "赵敏", "zhaomin", z1, "supervisor"),
            ("SUP2", "孙丽", "sunli", z2, "supervisor"),
            ("ADM", "周杰", "zhoujie", z1, "admin"),
        ]:
            ids[key] = add_staff(s, name, login, zone, role=role).id
        for key, name, zone, holder in [
            ("E1", "德阳东方电机有限公司", z1, "A1"),
            ("E2", "宏华石油设备有限公司", z1, "A2"),
            ("E3", "罗江新材料有限公司", z2, "B1"),
            ("E4", "旌阳食品有限公司", z1, None),
        ]:
            e = add_enterprise(s, name, zone=zone)
            ids[key] = e.id
            if holder:
                asg.assign(s, ids[holder], e.id, start)
        for e, staff in (("E1", "A1"), ("E2", "A2"), ("E3", "B1")):
            rec = rs.create_draft(
                s, enterprise_id=ids[e], staff_id=ids[staff], visit_at=local(2026, 3, 2), kind="onsite"
            )
            store.update(s, rec, ACTOR, status="submitted", content="走访了解生产经营情况")
            ids[f"R{e}"] = rec.id
            ids[f"D{e}"] = ds.raise_demand(
                s, enterprise_id=ids[e], staff_id=ids[staff], description="融资需求：流动资金贷款"
            ).id
            ids[f"P{e}"] = (
                PlanService(ACTOR)
                .create(
                    s,
                    staff_id=ids[staff],
                    enterprise_id=ids[e],
                    planned_date=date(2026, 12, 1),
                    theme="季度走访",
                )
                .id
            )
        ids["POL"] = PolicyService(ACTOR).create(s, title="技术改造专项资金").id
    return ids


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("roles-template")
    db = open_db(folder, NAME)
    ids = _build(db)
    db.engine.dispose()
    return folder / NAME, ids


@pytest.fixture
def world(template: tuple[Path, dict[str, str]], tmp_path: Path) -> tuple[DB, dict[str, str]]:
    src, ids = template
    shutil.copy(src, tmp_path / NAME)
    db = open_db(tmp_path, NAME)
    yield db, ids
    db.engine.dispose()


def actor(s: Session, staff_id: str) -> store.Actor:
    staff = s.get(Staff, staff_id)
    assert staff is not None
    return store.Actor.of(staff, "dev-test")


Op = Callable[[Session, store.Actor, dict[str, str], str], Any]


def _edit_enterprise(s: Session, a: store.Actor, ids: dict[str, str], e: str) -> Any:
    return EnterpriseService(a).update(s, store.get(s, Enterprise, ids[e]), contact_person="陈经理")


def _new_record(s: Session, a: store.Actor, ids: dict[str, str], e: str) -> Any:
    return RecordService(a).create_draft(
        s, enterprise_id=ids[e], staff_id=a.staff_id or "", visit_at=local(2026, 4, 1), kind="phone"
    )


def _raise_demand(s: Session, a: store.Actor, ids: dict[str, str], e: str) -> Any:
    return DemandService(a).raise_demand(
        s, enterprise_id=ids[e], staff_id=a.staff_id or "", description="用工需求：招聘焊工20名"
    )


def _act_on_demand(s: Session, a: store.Actor, ids: dict[str, str], e: str) -> Any:
    return DemandService(a).transition(
        s, store.get(s, Demand, ids[f"D{e}"]), "solve_on_spot", note="当场联系银行对接"
    )


def _plan(s: Session, a: store.Actor, ids: dict[str, str], e: str) -> Any:
    return PlanService(a).create(
        s, staff_id=a.staff_id or "", enterprise_id=ids[e], planned_date=date(2026, 12, 15), theme="回访"
    )


def _cancel_plan(s: Session, a: store.Actor, ids: dict[str, str], e: str) -> Any:
    return PlanService(a).cancel(s, store.get(s, VisitPlan, ids[f"P{e}"]), note="企业停产")


def _proxy(s: Session, a: store.Actor, ids: dict[str, str], e: str) -> Any:
    return ProxyServiceService(a).create(
        s, enterprise_id=ids[e], staff_id=a.staff_id or "", item="环评审批", stage="construction"
    )


def _evaluate(s: Session, a: store.Actor, ids: dict[str, str], e: str) -> Any:
    return EvaluationService(a).record(
        s, enterprise_id=ids[e], staff_id=a.staff_id or "", stage="operation", level="satisfied"
    )


def _push_policy(s: Session, a: store.Actor, ids: dict[str, str], e: str) -> Any:
    return PolicyService(a).push(s, policy_id=ids["POL"], enterprise_id=ids[e], staff_id=a.staff_id or "")


def _attach(s: Session, a: store.Actor, ids: dict[str, str], e: str, folder: Path) -> Any:
    svc = AttachmentService(a, folder / "attachments")
    return svc.add(
        s,
        owner_table="servicerecord",
        owner_id=ids[f"R{e}"],
        kind="photo",
        data=b"\x89PNG\r\n\x1a\n",
        filename="现场.png",
        mime="image/png",
    )


def _review(s: Session, a: store.Actor, ids: dict[str, str], e: str) -> Any:
    return RecordService(a).review(s, store.get(s, ServiceRecord, ids[f"R{e}"]), a.staff_id or "")


def _return(s: Session, a: store.Actor, ids: dict[str, str], e: str) -> Any:
    rec = store.get(s, ServiceRecord, ids[f"R{e}"])
    return RecordService(a).return_for_correction(s, rec, a.staff_id or "", "缺少现场照片")


def _reassign(s: Session, a: store.Actor, ids: dict[str, str], e: str) -> Any:
    holder = {"E1": "A1", "E2": "A2", "E3": "B1"}[e]
    to = {"E1": "A2", "E2": "A1", "E3": "A1"}[e]
    return AssignmentService(a).reassign(s, ids[e], ids[holder], ids[to], on=date(2026, 5, 1))


def _take_on(s: Session, a: store.Actor, ids: dict[str, str], e: str) -> Any:
    return AssignmentService(a).assign(s, a.staff_id or "", ids[e])


def _assess(s: Session, a: store.Actor, ids: dict[str, str], who: str) -> Any:
    return AssessmentService(a).record(
        s,
        staff_id=ids[who],
        assessor_id=a.staff_id or "",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        effect_score=100,
        attitude_score=100,
        satisfaction_score=100,
    )


def _new_policy(s: Session, a: store.Actor, ids: dict[str, str], _e: str) -> Any:
    return PolicyService(a).create(s, title="稳岗补贴")


def _new_enterprise(s: Session, a: store.Actor, ids: dict[str, str], zone: str) -> Any:
    return EnterpriseService(a).create(
        s, name="新设机械有限公司", credit_code=make_code(900001), zone_id=ids[zone]
    )


def _edit_staff(s: Session, a: store.Actor, ids: dict[str, str], who: str) -> Any:
    return store.update(s, store.get(s, Staff, ids[who]), a, phone="13800000000")


#: operations on an enterprise's data (the target is an enterprise key)
ENTERPRISE_OPS: dict[str, Op] = {
    "edit_enterprise": _edit_enterprise,
    "new_record": _new_record,
    "raise_demand": _raise_demand,
    "act_on_demand": _act_on_demand,
    "plan": _plan,
    "cancel_plan": _cancel_plan,
    "proxy": _proxy,
    "evaluate": _evaluate,
    "push_policy": _push_policy,
}

# (who, target enterprise, allowed): an assistant on their own / a colleague's / another zone's
# enterprise, a supervisor inside and outside their zone, the admin anywhere
SCOPE = [
    ("A1", "E1", True),
    ("A1", "E2", False),
    ("A1", "E3", False),
    ("A1", "E4", False),
    ("SUP1", "E2", True),
    ("SUP1", "E3", False),
    ("SUP2", "E1", False),
    ("SUP2", "E3", True),
    ("ADM", "E3", True),
]

#: the acts reserved to a role: (operation, who, target, allowed)
ROLE_ACTS: list[tuple[str, str, str, bool]] = [
    ("review", "A1", "E1", False),  # even on their own enterprise's record
    ("return", "A1", "E1", False),
    ("review", "SUP1", "E2", True),
    ("return", "SUP1", "E1", True),
    ("review", "SUP2", "E1", False),
    ("review", "ADM", "E3", True),
    ("reassign", "A1", "E1", False),  # their own enterprise to a colleague
    ("reassign", "A2", "E1", False),  # a colleague's enterprise to themself
    ("reassign", "SUP1", "E1", True),
    ("reassign", "SUP1", "E3", False),
    ("reassign", "ADM", "E3", True),
    ("take_on", "A1", "E4", True),  # nobody holds E4 (as the server allows)
    ("take_on", "A1", "E2", False),
    ("take_on", "SUP1", "E4", True),
    ("assess", "A1", "A1", False),  # "record one's own assessment of 100"
    ("assess", "A1", "A2", False),
    ("assess", "SUP1", "A1", True),
    ("assess", "SUP1", "B1", False),
    ("assess", "ADM", "B1", True),
    ("new_policy", "A1", "", False),
    ("new_policy", "SUP1", "", True),
    ("new_enterprise", "A1", "Z1", True),  # an assistant registers a new enterprise in their zone
    ("new_enterprise", "A1", "Z2", False),
    ("new_enterprise", "SUP1", "Z2", False),
    ("new_enterprise", "SUP2", "Z2", True),
    ("edit_staff", "A1", "A1", False),
    ("edit_staff", "SUP1", "A1", True),  # issue 12 §15: a supervisor manages their zone's assistants
    ("edit_staff", "SUP1", "B1", False),  # not another zone's
    ("edit_staff", "SUP1", "SUP2", False),  # nor a supervisor
    ("edit_staff", "ADM", "B1", True),
]

ROLE_OPS: dict[str, Op] = {
    "review": _review,
    "return": _return,
    "reassign": _reassign,
    "take_on": _take_on,
    "assess": _assess,
    "new_policy": _new_policy,
    "new_enterprise": _new_enterprise,
    "edit_staff": _edit_staff,
}


def _try(
    db: DB, ids: dict[str, str], who: str, run: Callable[[Session, store.Actor], Any], allowed: bool
) -> None:
    audits_before = db.count(AuditLog)
    if allowed:
        with db.tx() as s:
            run(s, actor(s, ids[who]))
        assert db.count(AuditLog) > audits_before
        return
    with pytest.raises(PermissionDenied) as info:
        with db.tx() as s:
            run(s, actor(s, ids[who]))
    text = info.value.text()
    assert text and "_" not in text  # a sentence in Chinese, no internal code
    assert isinstance(info.value, FieldKitError)  # the UI's ordinary error path shows it
    assert db.count(AuditLog) == audits_before  # nothing written


@pytest.mark.parametrize(("who", "target", "allowed"), SCOPE, ids=[f"{w}-{t}" for w, t, _ in SCOPE])
@pytest.mark.parametrize("op", list(ENTERPRISE_OPS))
def test_scope_of_enterprise_data(
    world: tuple[DB, dict[str, str]], op: str, who: str, target: str, allowed: bool
) -> None:
    db, ids = world
    if target == "E4" and op in ("act_on_demand", "cancel_plan"):
        pytest.skip("E4 has no demand or plan")
    _try(db, ids, who, lambda s, a: ENTERPRISE_OPS[op](s, a, ids, target), allowed)


@pytest.mark.parametrize(
    ("who", "target", "allowed"), [("A1", "E1", True), ("A1", "E2", False), ("SUP1", "E3", False)]
)
def test_attachments_follow_their_enterprise(
    world: tuple[DB, dict[str, str]], tmp_path: Path, who: str, target: str, allowed: bool
) -> None:
    db, ids = world
    _try(db, ids, who, lambda s, a: _attach(s, a, ids, target, tmp_path), allowed)


@pytest.mark.parametrize(
    ("op", "who", "target", "allowed"), ROLE_ACTS, ids=[f"{o}-{w}-{t}" for o, w, t, _ in ROLE_ACTS]
)
def test_acts_reserved_to_a_role(
    world: tuple[DB, dict[str, str]], op: str, who: str, target: str, allowed: bool
) -> None:
    db, ids = world
    _try(db, ids, who, lambda s, a: ROLE_OPS[op](s, a, ids, target), allowed)


def test_an_assistant_takes_on_the_enterprise_they_just_created(world: tuple[DB, dict[str, str]]) -> None:
    db, ids = world
    with db.tx() as s:
        a = actor(s, ids["A1"])
        ent = EnterpriseService(a).create(
            s, name="新设机械有限公司", credit_code=make_code(900002), zone_id=ids["Z1"]
        )
        AssignmentService(a).assign(s, ids["A1"], ent.id)
        RecordService(a).create_draft(s, enterprise_id=ent.id, staff_id=ids["A1"], visit_at=local(2026, 4, 2))
    with db.session() as s:
        assert (
            s.exec(select(Assignment).where(Assignment.enterprise_id == ent.id)).one().staff_id == ids["A1"]
        )
    with pytest.raises(PermissionDenied):  # but not for a colleague
        with db.tx() as s:
            a = actor(s, ids["A1"])
            ent = EnterpriseService(a).create(
                s, name="新设电子有限公司", credit_code=make_code(900003), zone_id=ids["Z1"]
            )
            AssignmentService(a).assign(s, ids["A2"], ent.id)


def test_an_assistant_loses_an_enterprise_when_it_is_reassigned(world: tuple[DB, dict[str, str]]) -> None:
    db, ids = world
    with db.tx() as s:
        sup = actor(s, ids["SUP1"])
        AssignmentService(sup).reassign(s, ids["E2"], ids["A2"], ids["A1"], on=date(2026, 1, 1))
    with db.tx() as s:  # E2 is now A1's: allowed
        _raise_demand(s, actor(s, ids["A1"]), ids, "E2")
    with pytest.raises(PermissionDenied):  # and no longer A2's
        with db.tx() as s:
            _raise_demand(s, actor(s, ids["A2"]), ids, "E2")


def test_the_message_is_translated(world: tuple[DB, dict[str, str]]) -> None:
    from fieldkit.services import i18n
    from fieldkit.services.i18n import set_translator

    db, ids = world
    english = {"只有主管可以录入对服务人员的考核评分": "Only a supervisor can record staff assessments"}
    saved = i18n._translator
    set_translator(lambda ctx, text: english.get(text, text) if ctx == "Permissions" else text)
    try:
        with pytest.raises(PermissionDenied) as info:
            with db.tx() as s:
                _assess(s, actor(s, ids["A1"]), ids, "A1")
        assert info.value.text() == "Only a supervisor can record staff assessments"
    finally:
        set_translator(saved)


def test_an_actor_without_role_is_looked_up_and_an_unknown_one_refused(
    world: tuple[DB, dict[str, str]],
) -> None:
    db, ids = world
    with pytest.raises(PermissionDenied):  # Actor(staff_id) of an assistant: the store's role decides
        with db.tx() as s:
            _assess(s, store.Actor(ids["A1"]), ids, "A2")
    with pytest.raises(PermissionDenied, match="无法确认您的账号"):
        with db.tx() as s:
            _raise_demand(s, store.Actor("0" * 32), ids, "E1")
    with db.tx() as s:  # rows written as the server sent them are not subject to roles
        store.update(s, store.get(s, Staff, ids["A1"]), store.SERVER, phone="13900000000")
    with db.session() as s:
        assert s.exec(select(Assessment)).all() == []
        assert s.get(Staff, ids["A1"]).phone == "13900000000"  # type: ignore[union-attr]
