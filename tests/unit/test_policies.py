"""Policies (惠企政策): matching with reasons (推荐依据), windows, pushes, applications."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fieldkit.models import Enterprise, Policy, PolicyApplication, PolicyPush
from fieldkit.services import store
from fieldkit.services.assignments import AssignmentService
from fieldkit.services.errors import TransitionError, ValidationError
from fieldkit.services.policies import (
    APP_FLOW,
    PolicyService,
    applications_for,
    match_policies,
    match_policy,
    matching_enterprises,
    pushes_for,
    search_policies,
    windows_closing,
)
from fieldkit.services.store import Actor
from tests.unit.fixtures import ACTOR, DB, add_enterprise, add_staff, local

TODAY = date(2026, 5, 10)
svc = PolicyService(ACTOR)


def ent(**kw) -> Enterprise:
    kw.setdefault("industry", "C")
    kw.setdefault("scale", "small")
    kw.setdefault("stage", "operation")
    kw.setdefault("tags", ["高新技术企业", "科技创新"])
    return Enterprise(name="华为技术有限公司", credit_code="914403001922038216", **kw)


def pol(title: str = "政策", **kw) -> Policy:
    return Policy(title=title, **kw)


# --- one policy, one enterprise ----------------------------------------------------------------


def test_each_criterion_gives_a_reason() -> None:
    m = match_policy(
        pol(
            industries=["C", "I"],
            scales=["small", "micro"],
            stages=["operation"],
            tags=["高新技术企业"],
            window_end=date(2026, 5, 20),
        ),
        ent(),
        TODAY,
    )
    assert m.eligible and m.blockers == []
    assert m.reasons == [
        "行业符合：制造业",
        "规模符合：小型",
        "生命周期阶段符合：生产经营",
        "画像标签匹配：高新技术企业",
        "申报截止 2026-05-20（剩 10 天）",
    ]
    assert m.score == 3 + 2 + 2 + 1.5 + 1.0


@pytest.mark.parametrize(
    "kw,blocker",
    [
        ({"industries": ["I"]}, "行业不在适用范围"),
        ({"scales": ["large", "medium"]}, "企业规模不符合"),
        ({"stages": ["construction"]}, "生命周期阶段不符合"),
        ({"window_end": TODAY - timedelta(days=1)}, "申报窗口已关闭（2026-05-09）"),
    ],
)
def test_each_criterion_can_block(kw: dict, blocker: str) -> None:
    m = match_policy(pol(**kw), ent(), TODAY)
    assert not m.eligible and m.blockers == [blocker]


def test_window_closing_today_is_still_open() -> None:
    m = match_policy(pol(window_end=TODAY), ent(), TODAY)
    assert m.eligible and "申报截止 2026-05-10（剩 0 天）" in m.reasons


def test_window_not_yet_open_is_eligible_with_a_reason() -> None:
    m = match_policy(
        pol(stages=["operation"], window_start=date(2026, 6, 1), window_end=date(2026, 6, 30)), ent(), TODAY
    )
    assert m.eligible and m.reasons[-1] == "申报窗口将于 2026-06-01 开放"
    assert m.score == 2


def test_interest_tags_weigh_more_than_other_tags() -> None:
    interest = match_policy(pol(tags=["科技创新"]), ent(), TODAY)  # 科技创新: an interest tag
    attribute = match_policy(pol(tags=["高新技术企业"]), ent(), TODAY)
    assert interest.score == 2.0 and attribute.score == 1.5
    assert match_policy(pol(tags=["出口企业"]), ent(), TODAY).reasons == ["普惠政策，不限行业和规模"]


def test_universal_policy() -> None:
    m = match_policy(pol(), ent(tags=[]), TODAY)
    assert m.eligible and m.reasons == ["普惠政策，不限行业和规模"] and m.score == 0.5


def test_enterprise_not_operating_is_blocked_except_for_other_policies() -> None:
    hib = ent(status="hibernating")
    assert match_policy(pol(category="funding"), hib, TODAY).blockers == ["企业非存续经营状态"]
    assert match_policy(pol(category="other"), hib, TODAY).eligible  # e.g. relief for hibernating firms


def test_empty_enterprise_profile_does_not_crash() -> None:
    bare = Enterprise(name="新企业", credit_code="x", industry="", tags=[])
    m = match_policy(pol(industries=["C"], tags=["科技创新"]), bare, TODAY)
    assert m.blockers == ["行业不在适用范围"]


# --- ranking -----------------------------------------------------------------------------------


@pytest.fixture
def library(db: DB) -> DB:
    with db.tx() as s:
        for p in [
            pol(
                "高新技术企业认定奖励",
                industries=["C", "I"],
                tags=["高新技术企业"],
                category="recognition",
                window_start=date(2026, 5, 1),
                window_end=date(2026, 5, 20),
            ),  # 3 + 1.5 + 1.0 = 5.5
            pol(
                "科技创新券",
                tags=["科技创新", "高新技术企业"],
                scales=["small", "micro"],
                category="funding",
                window_end=date(2026, 12, 31),
            ),  # 2 + 3.5 + 0.5 = 6.0
            pol("规上工业企业奖励", scales=["large"], category="funding"),  # blocked: scale
            pol("技改补贴（已截止）", industries=["C"], window_end=date(2026, 5, 9)),  # blocked: window (3)
            pol("普惠减税", category="other"),  # 0.5
            pol("项目建设补助", stages=["construction"], category="project"),  # blocked: stage
            pol(
                "即将开放的人才政策",
                stages=["operation"],
                window_start=date(2026, 6, 1),
                window_end=date(2026, 6, 30),
            ),  # 2.0
        ]:
            svc.create(s, **p.model_dump(exclude={"id", "created_at", "updated_at"}))
        gone = svc.create(s, title="已废止政策", industries=["C"])
        store.delete(s, gone, ACTOR)
    return db


def test_match_policies_ranks_eligible_ones_with_reasons(library: DB) -> None:
    with library.session() as s:
        ms = match_policies(s, ent(), TODAY)
    assert [(m.policy.title, m.score) for m in ms] == [
        ("科技创新券", 6.0),
        ("高新技术企业认定奖励", 5.5),
        ("即将开放的人才政策", 2.0),
        ("普惠减税", 0.5),
    ]
    assert ms[0].reasons == [
        "规模符合：小型",
        "画像标签匹配：科技创新、高新技术企业",
        "申报截止 2026-12-31（剩 235 天）",
    ]
    assert all(m.eligible and m.reasons for m in ms)


def test_match_policies_can_show_ineligible_last(library: DB) -> None:
    with library.session() as s:
        ms = match_policies(s, ent(), TODAY, include_ineligible=True)
        top2 = match_policies(s, ent(), TODAY, limit=2)
    assert [m.policy.title for m in ms] == [
        "科技创新券",
        "高新技术企业认定奖励",
        "即将开放的人才政策",
        "普惠减税",
        "技改补贴（已截止）",
        "规上工业企业奖励",
        "项目建设补助",
    ]
    assert [m.eligible for m in ms] == [True] * 4 + [False] * 3
    assert [m.policy.title for m in top2] == ["科技创新券", "高新技术企业认定奖励"]


def test_matching_enterprises(library: DB) -> None:
    with library.session() as s:
        (p,) = search_policies(s, "规上")
    big, small = ent(scale="large"), ent(scale="small")
    assert matching_enterprises([big, small], p, TODAY) == [big]


# --- windows and search ------------------------------------------------------------------------


def test_windows_closing_within_14_days(db: DB) -> None:
    with db.tx() as s:
        for title, start, end in [
            ("今天截止", None, TODAY),
            ("14天后截止", date(2026, 1, 1), TODAY + timedelta(days=14)),
            ("15天后截止", None, TODAY + timedelta(days=15)),
            ("昨天截止", None, TODAY - timedelta(days=1)),
            ("尚未开始", TODAY + timedelta(days=1), TODAY + timedelta(days=5)),
            ("长期有效", None, None),
            ("3天后截止", None, TODAY + timedelta(days=3)),
        ]:
            svc.create(s, title=title, window_start=start, window_end=end)
    with db.session() as s:
        assert [p.title for p in windows_closing(s, TODAY)] == ["今天截止", "3天后截止", "14天后截止"]
        assert [p.title for p in windows_closing(s, TODAY, days=3)] == ["今天截止", "3天后截止"]


def test_search_policies(db: DB) -> None:
    with db.tx() as s:
        svc.create(
            s,
            title="德阳市技改补贴",
            issuer="德阳市经信局",
            category="funding",
            level="city",
            window_start=date(2026, 1, 1),
            window_end=date(2026, 3, 31),
            tags=["技术改造"],
        )
        svc.create(
            s,
            title="高新技术企业认定",
            issuer="科技部",
            category="recognition",
            level="national",
            doc_no="国科发火〔2016〕32号",
            tags=["高新技术企业"],
        )
        svc.create(s, title="100%补贴（示范）", summary="通知")
    with db.session() as s:
        assert [p.title for p in search_policies(s, "技改")] == ["德阳市技改补贴"]
        assert [p.title for p in search_policies(s, "经信局")] == ["德阳市技改补贴"]
        assert [p.title for p in search_policies(s, "〔2016〕")] == ["高新技术企业认定"]
        assert [p.title for p in search_policies(s, category="recognition")] == ["高新技术企业认定"]
        assert [p.title for p in search_policies(s, level="city")] == ["德阳市技改补贴"]
        assert sorted(p.title for p in search_policies(s, open_on=date(2026, 5, 1))) == [
            "100%补贴（示范）",
            "高新技术企业认定",
        ]
        assert [p.title for p in search_policies(s, open_on=date(2026, 3, 31))][0] == "德阳市技改补贴"
        assert [p.title for p in search_policies(s, "%")] == ["100%补贴（示范）"]
        assert [p.title for p in search_policies(s, "技术改造")] == ["德阳市技改补贴"]  # a Chinese tag


def test_create_validates_title_and_window(db: DB) -> None:
    with pytest.raises(ValidationError) as info, db.tx() as s:
        svc.create(s, title="  ")
    assert info.value.field == "title"
    with pytest.raises(ValidationError) as info, db.tx() as s:
        svc.create(s, title="x", window_start=date(2026, 6, 1), window_end=date(2026, 5, 1))
    assert info.value.field == "window_end"
    assert db.count(Policy) == 0


# --- pushes and applications -------------------------------------------------------------------


@pytest.fixture
def ctx(db: DB):
    with db.tx() as s:
        staff = add_staff(s, "张伟", "zw")
        e = add_enterprise(s, "华为技术有限公司")
        AssignmentService(ACTOR).assign(s, staff.id, e.id, date(2025, 1, 1))  # his enterprise
        p = svc.create(s, title="科技创新券")
    return db, staff, e, p


def test_push_records_who_what_when(ctx) -> None:
    db, staff, e, p = ctx
    ps = PolicyService(Actor(staff.id))
    with db.tx() as s:
        ps.push(
            s,
            policy_id=p.id,
            enterprise_id=e.id,
            staff_id=staff.id,
            note="现场讲解",
            at=local(2026, 5, 1, 10),
        )
        ps.push(s, policy_id=p.id, enterprise_id=e.id, staff_id=staff.id, at=local(2026, 5, 8, 10))
    with db.session() as s:
        got = pushes_for(s, e.id)
    assert [(x.pushed_at, x.note) for x in got] == [
        (local(2026, 5, 8, 10), ""),
        (local(2026, 5, 1, 10), "现场讲解"),
    ]
    assert db.count(PolicyPush) == 2


FLOW_STATES = ["applied", "accepted", "preliminary", "approved", "rejected", "redeemed"]
PATH_TO = {
    "applied": [],
    "accepted": ["accepted"],
    "preliminary": ["accepted", "preliminary"],
    "approved": ["accepted", "preliminary", "approved"],
    "rejected": ["rejected"],
    "redeemed": ["accepted", "preliminary", "approved", "redeemed"],
}
DATE_FIELD = {
    "accepted": "accepted_on",
    "preliminary": "preliminary_on",
    "approved": "result_on",
    "rejected": "result_on",
    "redeemed": "redeemed_on",
}


def app_in(db: DB, staff, e, p, state: str) -> str:
    with db.tx() as s:
        a = svc.apply(s, policy_id=p.id, enterprise_id=e.id, staff_id=staff.id, applied_on=date(2026, 5, 1))
        for step in PATH_TO[state]:
            svc.advance(s, a, step, on=date(2026, 5, 2), amount=12.5 if step == "redeemed" else None)
        return a.id


CASES = [(a, b) for a in FLOW_STATES for b in FLOW_STATES if b != "applied"]


@pytest.mark.parametrize("state,target", CASES, ids=[f"{a}-{b}" for a, b in CASES])
def test_application_flow(ctx, state: str, target: str) -> None:
    db, staff, e, p = ctx
    aid = app_in(db, staff, e, p, state)
    legal = target in APP_FLOW[state]
    with db.tx() as s:
        a = s.get(PolicyApplication, aid)
        if legal:
            svc.advance(
                s, a, target, on=date(2026, 6, 1), amount=30.0 if target == "redeemed" else None, note="备注"
            )
        else:
            with pytest.raises(TransitionError):
                svc.advance(s, a, target, on=date(2026, 6, 1), amount=30.0)
    with db.session() as s:
        a = s.get(PolicyApplication, aid)
    if legal:
        assert a.state == target and getattr(a, DATE_FIELD[target]) == date(2026, 6, 1) and a.note == "备注"
        if target == "redeemed":
            assert a.amount == 30.0
    else:
        assert a.state == state


def test_application_flow_table() -> None:
    assert APP_FLOW["applied"] == ("accepted", "correction", "rejected")
    assert APP_FLOW["correction"] == ("accepted", "rejected")
    assert APP_FLOW["approved"] == ("redeemed",)
    assert APP_FLOW["redeemed"] == () and APP_FLOW["rejected"] == ()


def test_correction_is_told_once_with_every_item_then_goes_back_to_review(ctx) -> None:
    """Issue 12 §13 (seed 003 §7.4.2.3): 补正 lists everything at once; 补正完成 brings the
    application back to 受理 for the 初审, keeping the list and the first 受理 day; no second
    notice."""
    from fieldkit.services.policies import correction_summary, policy_pane

    db, staff, e, p = ctx
    aid = app_in(db, staff, e, p, "accepted")
    for empty in (None, "", "  \n - \n"):
        with pytest.raises(ValidationError) as info, db.tx() as s:
            svc.advance(s, s.get(PolicyApplication, aid), "correction", corrections=empty)
        assert info.value.field == "corrections" and "一次性告知" in info.value.text()
    with db.tx() as s:
        svc.advance(
            s,
            s.get(PolicyApplication, aid),
            "correction",
            on=date(2026, 5, 6),
            corrections="营业执照副本未加盖公章\n- 2025年度审计报告缺页\n营业执照副本未加盖公章",
        )
    with db.session() as s:
        a = s.get(PolicyApplication, aid)
        assert (a.state, a.correction_on, a.accepted_on) == ("correction", date(2026, 5, 6), date(2026, 5, 2))
        assert a.corrections == ["营业执照副本未加盖公章", "2025年度审计报告缺页"]
    with db.tx() as s:
        svc.advance(s, s.get(PolicyApplication, aid), "accepted", on=date(2026, 5, 9))  # 补正完成
    with db.session() as s:
        a = s.get(PolicyApplication, aid)
        assert (a.state, a.corrected_on, a.accepted_on) == ("accepted", date(2026, 5, 9), date(2026, 5, 2))
        row = next(r for r in policy_pane(s, p.id, staff.id, None).applications if r.id == aid)
    assert row.correction_text == correction_summary(a.corrections, a.correction_on, a.corrected_on)
    assert row.correction_text == (
        "2026-05-06 一次性告知补正：1. 营业执照副本未加盖公章；2. 2025年度审计报告缺页（2026-05-09 补正完成）"
    )
    assert row.state_label == "已受理" and row.last_on == date(2026, 5, 9)
    with pytest.raises(ValidationError) as info, db.tx() as s:  # told once: no second notice
        svc.advance(s, s.get(PolicyApplication, aid), "correction", corrections="法人身份证复印件")
    assert "2026-05-06" in info.value.text() and "不能再次要求补正" in info.value.text()
    with db.tx() as s:  # what still does not comply ends the application
        a = s.get(PolicyApplication, aid)
        svc.advance(s, a, "preliminary", on=date(2026, 5, 12))
    with db.session() as s:
        assert s.get(PolicyApplication, aid).state == "preliminary"


@pytest.mark.parametrize("amount", [None, -1.0])
def test_redeem_needs_an_amount(ctx, amount) -> None:
    db, staff, e, p = ctx
    aid = app_in(db, staff, e, p, "approved")
    with pytest.raises(ValidationError) as info, db.tx() as s:
        svc.advance(s, s.get(PolicyApplication, aid), "redeemed", amount=amount)
    assert info.value.field == "amount"
    with db.session() as s:
        a = s.get(PolicyApplication, aid)
        assert (a.state, a.redeemed_on, a.amount) == ("approved", None, None)


def test_applications_for(ctx) -> None:
    db, staff, e, p = ctx
    a1 = app_in(db, staff, e, p, "applied")
    with db.tx() as s:
        a2 = svc.apply(s, policy_id=p.id, enterprise_id=e.id, staff_id=None, applied_on=date(2026, 5, 9))
    with db.session() as s:
        assert [a.id for a in applications_for(s, e.id)] == [a2.id, a1]


def test_the_sql_eligibility_predicate_agrees_with_match_policy(db: DB) -> None:
    """The supervisor's board counts eligible enterprises in SQL: the same ones match_policy accepts."""
    import itertools

    from sqlmodel import col, select

    from fieldkit.services.policies import eligibility_conditions, match_policy

    today = date(2026, 11, 21)
    with db.tx() as s:
        for i, (industry, scale, stage, status) in enumerate(
            itertools.product(
                ("C", "I"), ("large", "small"), ("operation", "startup"), ("operating", "hibernating")
            )
        ):
            add_enterprise(
                s, f"测试企业{i}有限公司", industry=industry, scale=scale, stage=stage, status=status
            )
        policies = [
            Policy(title="a", industries=["C"], category="funding", window_end=today + timedelta(days=3)),
            Policy(title="b", scales=["small"], stages=["startup"], category="funding"),
            Policy(title="c", category="other", window_end=today + timedelta(days=1)),
            Policy(title="d", industries=["I"], scales=["large"], category="other"),
            Policy(title="e", category="funding", window_end=today - timedelta(days=1)),
        ]
        for p in policies:
            store.insert(s, p, ACTOR)
    with db.session() as s:
        ents = s.exec(select(Enterprise)).all()
        for p in s.exec(select(Policy)).all():
            by_sql = set(s.exec(select(Enterprise.id).where(*eligibility_conditions(p, today))).all())
            by_python = {e.id for e in ents if match_policy(p, e, today).eligible}
            assert by_sql == by_python, p.title
        assert s.exec(select(Enterprise.id).where(col(Enterprise.deleted).is_(False))).all()
