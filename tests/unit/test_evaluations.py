"""Evaluations (服务评价, five levels, once per stage) and assessments (考核)."""

from __future__ import annotations

from datetime import date

import pytest

from fieldkit.models import Assessment, Evaluation, Satisfaction
from fieldkit.services import store
from fieldkit.services.errors import ValidationErrors
from fieldkit.services.evaluations import (
    LEVELS,
    WEIGHTS,
    AssessmentService,
    EvaluationService,
    assessments_for,
    average_satisfaction,
    evaluations_for,
    level_distribution,
    level_score,
    pending_invitations,
)
from fieldkit.services.proxy import ProxyServiceService
from tests.unit.fixtures import ACTOR, DB, add_enterprise, add_staff, journal_counts

evs = EvaluationService(ACTOR)
ass = AssessmentService(ACTOR)


@pytest.fixture
def ctx(db: DB):
    with db.tx() as s:
        zw, ln = add_staff(s, "张伟", "zw"), add_staff(s, "李娜", "ln")
        boss = add_staff(s, "赵敏", "zm", role="supervisor")
        e1, e2 = add_enterprise(s, "甲公司"), add_enterprise(s, "乙公司")
    return db, zw, ln, boss, e1, e2


def evaluate(db: DB, staff, ent, stage: str, level: str, on: date, **kw) -> Evaluation:
    with db.tx() as s:
        return evs.record(
            s, enterprise_id=ent.id, staff_id=staff.id, stage=stage, level=level, evaluated_on=on, **kw
        )


def test_five_levels_with_scores() -> None:
    assert LEVELS == ("very_satisfied", "satisfied", "basically_satisfied", "unsatisfied", "very_unsatisfied")
    assert [level_score(lv) for lv in LEVELS] == [5, 4, 3, 2, 1]
    assert level_score("ok") is None and level_score(None) is None
    assert Satisfaction.BASIC.score == 3


def test_record_an_evaluation(ctx) -> None:
    db, zw, _, _, e1, _ = ctx
    ev = evaluate(
        db,
        zw,
        e1,
        "startup",
        "very_satisfied",
        date(2026, 3, 1),
        dimensions={"ability": 5, "attitude": 4},
        comment="办事高效",
    )
    with db.session() as s:
        got = s.get(Evaluation, ev.id)
    assert (got.level, got.stage, got.dimensions, got.comment) == (
        "very_satisfied",
        "startup",
        {"ability": 5, "attitude": 4},
        "办事高效",
    )


def test_once_per_stage_per_enterprise(ctx) -> None:
    db, zw, ln, _, e1, e2 = ctx
    evaluate(db, zw, e1, "startup", "satisfied", date(2026, 3, 1))
    with pytest.raises(ValidationErrors) as info:
        evaluate(db, ln, e1, "startup", "very_satisfied", date(2026, 3, 2))  # even by someone else
    assert [e.field for e in info.value.errors] == ["stage"]
    evaluate(db, zw, e1, "construction", "satisfied", date(2026, 3, 3))  # another stage: fine
    evaluate(db, zw, e2, "startup", "satisfied", date(2026, 3, 3))  # another enterprise: fine
    assert db.count(Evaluation) == 3


def test_tombstoned_evaluation_can_be_redone(ctx) -> None:
    db, zw, _, _, e1, _ = ctx
    ev = evaluate(db, zw, e1, "startup", "satisfied", date(2026, 3, 1))
    with db.tx() as s:
        store.delete(s, s.get(Evaluation, ev.id), ACTOR)
    again = evaluate(db, zw, e1, "startup", "very_satisfied", date(2026, 3, 2))
    assert again.id != ev.id
    with db.session() as s:
        assert s.get(Evaluation, ev.id).deleted
        got = s.get(Evaluation, again.id)
        assert (got.deleted, got.level, got.stage) == (False, "very_satisfied", "startup")


def test_levels_and_dimensions_are_validated_together(ctx) -> None:
    db, zw, _, _, e1, _ = ctx
    before = journal_counts(db)
    with pytest.raises(ValidationErrors) as info:
        evaluate(
            db,
            zw,
            e1,
            "startup",
            "good",
            date(2026, 3, 1),
            dimensions={"ability": 6, "attitude": 0, "efficiency": 3},
        )
    assert [e.field for e in info.value.errors] == ["level", "ability", "attitude"]
    assert db.count(Evaluation) == 0 and journal_counts(db) == before


def test_average_and_distribution(ctx) -> None:
    db, zw, ln, _, e1, e2 = ctx
    evaluate(db, zw, e1, "startup", "very_satisfied", date(2026, 1, 1))  # 5
    evaluate(db, zw, e1, "construction", "basically_satisfied", date(2026, 3, 31))  # 3
    evaluate(db, zw, e2, "startup", "unsatisfied", date(2026, 4, 1))  # 2, next quarter
    evaluate(db, ln, e2, "operation", "satisfied", date(2026, 2, 1))  # 4, other staff
    q1 = (date(2026, 1, 1), date(2026, 3, 31))
    with db.session() as s:
        assert average_satisfaction(s, zw.id, *q1) == 4.0  # (5 + 3) / 2
        assert average_satisfaction(s, None, *q1) == 4.0  # (5 + 3 + 4) / 3
        assert average_satisfaction(s, ln.id, date(2026, 4, 1), date(2026, 6, 30)) is None
        assert average_satisfaction(s, zw.id, date(2026, 1, 1), date(2026, 4, 1)) == 3.33  # 10 / 3
        assert level_distribution(s, zw.id, *q1) == {"very_satisfied": 1, "basically_satisfied": 1}
        assert [e.evaluated_on for e in evaluations_for(s, staff_id=zw.id)] == [
            date(2026, 4, 1),
            date(2026, 3, 31),
            date(2026, 1, 1),
        ]
        assert len(evaluations_for(s, enterprise_id=e2.id, start=date(2026, 2, 2))) == 1


def test_pending_invitations_after_a_completed_proxy(ctx) -> None:
    db, zw, ln, _, e1, e2 = ctx
    ps = ProxyServiceService(ACTOR)
    with db.tx() as s:
        done1 = ps.create(s, enterprise_id=e1.id, staff_id=zw.id, item="营业执照", stage="startup")
        ps.start(s, done1)
        ps.complete(s, done1)
        done2 = ps.create(s, enterprise_id=e2.id, staff_id=ln.id, item="施工许可", stage="construction")
        ps.start(s, done2)
        ps.complete(s, done2)
        ps.start(s, ps.create(s, enterprise_id=e1.id, staff_id=zw.id, item="环评", stage="construction"))
        ps.terminate(s, ps.create(s, enterprise_id=e2.id, staff_id=zw.id, item="变更", stage="change"), "a")
    with db.session() as s:
        assert pending_invitations(s) == sorted([(e1.id, "startup"), (e2.id, "construction")])
        assert pending_invitations(s, zw.id) == [(e1.id, "startup")]
    evaluate(db, zw, e1, "startup", "satisfied", date(2026, 3, 1), proxy_id=done1.id)
    with db.session() as s:
        assert pending_invitations(s) == [(e2.id, "construction")]


def test_an_evaluation_from_a_proxy_invitation_links_to_the_service(ctx) -> None:
    """Issue 12 §16 (seed 001 §4): the invitation names its completed service; the evaluation
    made from it links to it, and the completed service shows it beside its plan."""
    from fieldkit.forms.service_plan import gather
    from fieldkit.services.evaluations import evaluations_board, record_evaluation
    from fieldkit.services.proxy import proxy_board

    db, zw, _, _, e1, e2 = ctx
    ps = ProxyServiceService(ACTOR)
    with db.tx() as s:
        done = ps.create(s, enterprise_id=e1.id, staff_id=zw.id, item="营业执照", stage="startup")
        ps.start(s, done)
        ps.complete(s, done, on=date(2026, 3, 1))
        other = ps.create(s, enterprise_id=e2.id, staff_id=zw.id, item="施工许可", stage="construction")
    with db.session() as s:
        (inv,) = evaluations_board(s, zw.id, None).invitations
    assert (inv.enterprise_id, inv.stage, inv.proxy_id, inv.item) == (e1.id, "startup", done.id, "营业执照")
    for bad, field in ((other.id, "proxy_id"), (done.id, "stage")):  # not completed / another stage
        with pytest.raises(ValidationErrors) as info, db.tx() as s:
            record_evaluation(
                s,
                ACTOR,
                enterprise_id=other.enterprise_id if bad == other.id else e1.id,
                staff_id=zw.id,
                stage="change" if field == "stage" else "construction",
                level="satisfied",
                proxy_id=bad,
            )
        assert field in [e.field for e in info.value.errors]
    with db.tx() as s:
        eid = record_evaluation(
            s,
            ACTOR,
            enterprise_id=e1.id,
            staff_id=zw.id,
            stage=inv.stage,
            level="very_satisfied",
            comment="办事快",
            evaluated_on=date(2026, 3, 5),
            proxy_id=inv.proxy_id,
        )
    with db.session() as s:
        assert s.get(Evaluation, eid).proxy_id == done.id
        board = proxy_board(s, None, None)
        assert board.evaluations == {done.id: "非常满意（2026-03-05）：办事快"}
        assert gather(s, done.id, actor=ACTOR).evaluation == "非常满意（2026-03-05）：办事快"
        assert evaluations_board(s, zw.id, None).invitations == []


# --- assessments -------------------------------------------------------------------------------


def test_total_weighting() -> None:
    assert WEIGHTS == {"effect_score": 0.4, "attitude_score": 0.3, "satisfaction_score": 0.3}
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)
    assert AssessmentService.total(90, 80, 70) == 81.0  # 36 + 24 + 21
    assert AssessmentService.total(100, 100, 100) == 100.0
    assert AssessmentService.total(85.5, 77, 92) == 84.9  # 34.2 + 23.1 + 27.6
    assert AssessmentService.total(0, 0, 0) == 0.0


def test_record_assessment(ctx) -> None:
    db, zw, _, boss, _, _ = ctx
    with db.tx() as s:
        a = ass.record(
            s,
            staff_id=zw.id,
            assessor_id=boss.id,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 3, 31),
            effect_score=90,
            attitude_score=80,
            satisfaction_score=70,
            source="enterprise",
            comment="覆盖率达标",
        )
    with db.session() as s:
        got = s.get(Assessment, a.id)
        assert (got.total_score, got.source, got.assessor_id) == (81.0, "enterprise", boss.id)
        assert [x.id for x in assessments_for(s, zw.id)] == [a.id]


def test_assessment_validation(ctx) -> None:
    db, zw, _, boss, _, _ = ctx
    with pytest.raises(ValidationErrors) as info, db.tx() as s:
        ass.record(
            s,
            staff_id=zw.id,
            assessor_id=boss.id,
            period_start=date(2026, 3, 31),
            period_end=date(2026, 1, 1),
            effect_score=101,
            attitude_score=-1,
            satisfaction_score=50,
            source="rumour",
        )
    assert [e.field for e in info.value.errors] == ["effect_score", "attitude_score", "period_end", "source"]
    assert db.count(Assessment) == 0


def test_assessments_newest_first(ctx) -> None:
    db, zw, ln, boss, _, _ = ctx
    with db.tx() as s:
        for start, end in ((date(2026, 1, 1), date(2026, 3, 31)), (date(2026, 4, 1), date(2026, 6, 30))):
            ass.record(
                s,
                staff_id=zw.id,
                assessor_id=boss.id,
                period_start=start,
                period_end=end,
                effect_score=80,
                attitude_score=80,
                satisfaction_score=80,
            )
        ass.record(
            s,
            staff_id=ln.id,
            assessor_id=boss.id,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 3, 31),
            effect_score=60,
            attitude_score=60,
            satisfaction_score=60,
            source="peer",
        )
    with db.session() as s:
        assert [a.period_end for a in assessments_for(s, zw.id)] == [date(2026, 6, 30), date(2026, 3, 31)]
        assert len(assessments_for(s)) == 3
