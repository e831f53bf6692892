"""Enterprise evaluations (服务评价, five levels, once per completed stage per enterprise, seed 002 §6.4.1)
and supervisors' assessments of staff (考核, seed 000 §7.1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from fieldkit.models import Assessment, Evaluation, ProxyService, Satisfaction

from . import permissions, store
from .errors import ValidationError, ValidationErrors
from .i18n import QT_TRANSLATE_NOOP as N
from .i18n import translate
from .timeutil import local_today

LEVELS = tuple(s.value for s in Satisfaction)
#: weights of the assessment dimensions (service effect, attitude, satisfaction), seed 000 §7.1.3
WEIGHTS = {"effect_score": 0.4, "attitude_score": 0.3, "satisfaction_score": 0.3}
SOURCES = ("daily_check", "peer", "self", "enterprise", "third_party")


def level_score(level: str | None) -> int | None:
    return Satisfaction(level).score if level in LEVELS else None


class EvaluationService:
    def __init__(self, actor: store.Actor) -> None:
        self.actor = actor

    def record(
        self,
        session: Session,
        *,
        enterprise_id: str,
        staff_id: str,
        stage: str,
        level: str,
        dimensions: dict[str, int] | None = None,
        comment: str = "",
        evaluated_on: date | None = None,
        proxy_id: str | None = None,
    ) -> Evaluation:
        errors = []
        if level not in LEVELS:
            errors.append(ValidationError(N("Validation", "请选择满意度等级"), "level"))
        for k, v in (dimensions or {}).items():
            if not isinstance(v, int) or not 1 <= v <= 5:
                errors.append(ValidationError(N("Validation", "评价分值应为1至5"), k))
        dup = session.exec(
            select(Evaluation.id).where(
                Evaluation.enterprise_id == enterprise_id,
                Evaluation.stage == stage,
                col(Evaluation.deleted).is_(False),
            )
        ).first()
        if dup:
            errors.append(ValidationError(N("Validation", "该企业在此阶段已评价过一次"), "stage"))
        if proxy_id is not None:  # made from a proxy service's invitation: it evaluates that service
            p = session.get(ProxyService, proxy_id)
            if p is None or p.deleted or p.enterprise_id != enterprise_id or p.status != "completed":
                errors.append(
                    ValidationError(N("Validation", "只能评价本企业已办结的帮办代办服务"), "proxy_id")
                )
            elif p.stage != stage:
                errors.append(
                    ValidationError(N("Validation", "评价的服务阶段应与所评价的帮办代办服务一致"), "stage")
                )
        if errors:
            raise ValidationErrors(errors)
        ev = Evaluation(
            enterprise_id=enterprise_id,
            staff_id=staff_id,
            stage=stage,
            level=level,
            dimensions=dimensions or {},
            comment=comment,
            evaluated_on=evaluated_on or local_today(),
            proxy_id=proxy_id,
        )
        return store.insert(session, ev, self.actor)


def evaluations_for(
    session: Session,
    *,
    enterprise_id: str | None = None,
    staff_id: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[Evaluation]:
    q = select(Evaluation).where(col(Evaluation.deleted).is_(False))
    if enterprise_id:
        q = q.where(Evaluation.enterprise_id == enterprise_id)
    if staff_id:
        q = q.where(Evaluation.staff_id == staff_id)
    if start:
        q = q.where(Evaluation.evaluated_on >= start)
    if end:
        q = q.where(Evaluation.evaluated_on <= end)
    return list(session.exec(q.order_by(col(Evaluation.evaluated_on).desc())).all())


def pending_invitations(session: Session, staff_id: str | None = None) -> list[tuple[str, str]]:
    """(enterprise id, stage) pairs with a completed proxy service in that stage but no evaluation yet."""
    q = select(ProxyService.enterprise_id, ProxyService.stage).where(
        col(ProxyService.deleted).is_(False), ProxyService.status == "completed"
    )
    if staff_id:
        q = q.where(ProxyService.staff_id == staff_id)
    done = set(
        session.exec(
            select(Evaluation.enterprise_id, Evaluation.stage).where(col(Evaluation.deleted).is_(False))
        ).all()
    )
    return sorted({(e, s) for e, s in session.exec(q.distinct()).all() if (e, s) not in done})


def invitation_services(session: Session, staff_id: str | None = None) -> dict[tuple[str, str], ProxyService]:
    """The proxy service each pending invitation (:func:`pending_invitations`) comes from: for an
    enterprise and stage, its latest completed one (the evaluation made from the invitation
    evaluates it, seed 001 §4)."""
    pending = set(pending_invitations(session, staff_id))
    if not pending:
        return {}
    q = select(ProxyService).where(
        col(ProxyService.deleted).is_(False),
        ProxyService.status == "completed",
        col(ProxyService.enterprise_id).in_({e for e, _s in pending}),
    )
    if staff_id:
        q = q.where(ProxyService.staff_id == staff_id)
    out: dict[tuple[str, str], ProxyService] = {}
    for p in session.exec(q.order_by(col(ProxyService.completed_on), col(ProxyService.created_at))).all():
        if (p.enterprise_id, p.stage) in pending:
            out[(p.enterprise_id, p.stage)] = p  # the later one wins
    return out


def service_evaluations(session: Session, proxy_ids: list[str]) -> dict[str, Evaluation]:
    """The evaluation made of each of the proxy services ``proxy_ids`` (those evaluated only)."""
    if not proxy_ids:
        return {}
    rows = session.exec(
        select(Evaluation).where(col(Evaluation.proxy_id).in_(proxy_ids), col(Evaluation.deleted).is_(False))
    ).all()
    return {e.proxy_id: e for e in rows if e.proxy_id}


def evaluation_summary(ev: Evaluation) -> str:
    """An evaluation in a line, in the user's language: "满意（2026-11-20）：意见"."""
    from .labels import label

    text = translate(
        "Evaluation",
        N("Evaluation", "{level}（{day}）"),
        level=label("satisfaction", ev.level),
        day=ev.evaluated_on.isoformat(),
    )
    return f"{text}：{ev.comment}" if ev.comment else text


def average_satisfaction(session: Session, staff_id: str | None, start: date, end: date) -> float | None:
    """Mean score (5 = 非常满意 … 1 = 非常不满意) of the evaluations in the period."""
    rows = [
        level_score(lv)
        for lv in session.exec(
            select(Evaluation.level).where(
                col(Evaluation.deleted).is_(False),
                Evaluation.evaluated_on >= start,
                Evaluation.evaluated_on <= end,
                *((Evaluation.staff_id == staff_id,) if staff_id else ()),
            )
        ).all()
    ]
    scores = [s for s in rows if s is not None]
    return round(sum(scores) / len(scores), 2) if scores else None


def level_distribution(session: Session, staff_id: str | None, start: date, end: date) -> dict[str, int]:
    q = select(Evaluation.level, func.count()).where(
        col(Evaluation.deleted).is_(False), Evaluation.evaluated_on >= start, Evaluation.evaluated_on <= end
    )
    if staff_id:
        q = q.where(Evaluation.staff_id == staff_id)
    return dict(session.exec(q.group_by(Evaluation.level)).all())


class AssessmentService:
    def __init__(self, actor: store.Actor) -> None:
        self.actor = actor

    @staticmethod
    def total(effect: float, attitude: float, satisfaction: float) -> float:
        return round(
            effect * WEIGHTS["effect_score"]
            + attitude * WEIGHTS["attitude_score"]
            + satisfaction * WEIGHTS["satisfaction_score"],
            1,
        )

    def record(
        self,
        session: Session,
        *,
        staff_id: str,
        assessor_id: str,
        period_start: date,
        period_end: date,
        effect_score: float,
        attitude_score: float,
        satisfaction_score: float,
        source: str = "daily_check",
        comment: str = "",
    ) -> Assessment:
        permissions.require_role(session, self.actor, "assess")
        permissions.check_staff(session, self.actor, staff_id)
        errors = []
        for name, v in (
            ("effect_score", effect_score),
            ("attitude_score", attitude_score),
            ("satisfaction_score", satisfaction_score),
        ):
            if not 0 <= v <= 100:
                errors.append(ValidationError(N("Validation", "分数应在0至100之间"), name))
        if period_end < period_start:
            errors.append(ValidationError(N("Validation", "考核期结束日期不能早于开始日期"), "period_end"))
        if source not in SOURCES:
            errors.append(ValidationError(N("Validation", "“{value}”不是有效的选项"), "source", value=source))
        if errors:
            raise ValidationErrors(errors)
        a = Assessment(
            staff_id=staff_id,
            assessor_id=assessor_id,
            period_start=period_start,
            period_end=period_end,
            effect_score=effect_score,
            attitude_score=attitude_score,
            satisfaction_score=satisfaction_score,
            total_score=self.total(effect_score, attitude_score, satisfaction_score),
            source=source,
            comment=comment,
        )
        return store.insert(session, a, self.actor)


def assessments_for(session: Session, staff_id: str | None = None) -> list[Assessment]:
    q = select(Assessment).where(col(Assessment.deleted).is_(False))
    if staff_id:
        q = q.where(Assessment.staff_id == staff_id)
    return list(session.exec(q.order_by(col(Assessment.period_end).desc())).all())


# -- use cases of the evaluation screen (one call per unit of work; the caller's transaction) --------


@dataclass
class EvaluationRow:
    """An evaluation (服务评价), display-ready."""

    id: str
    evaluated_on: date
    enterprise_id: str
    enterprise: str
    stage_label: str
    level: str
    level_label: str
    dimensions: str
    staff: str
    comment: str


@dataclass
class InvitationRow:
    """A stage completed with a proxy service and not yet evaluated (待邀请评价)."""

    enterprise_id: str
    enterprise: str
    stage: str
    stage_label: str
    #: the completed proxy service the invitation comes from (its evaluation links to it)
    proxy_id: str | None = None
    item: str = ""


@dataclass
class EvaluationsBoard:
    """The evaluation screen: evaluations, pending invitations, the enterprises one may be
    recorded for, and the current quarter's mean satisfaction."""

    evaluations: list[EvaluationRow]
    invitations: list[InvitationRow]
    enterprises: list[tuple[str, str]] = field(default_factory=list)
    average: float | None = None


def evaluations_board(
    session: Session,
    staff_id: str | None,
    zone_id: str | None,
    language: str = "zh_CN",
    today: date | None = None,
) -> EvaluationsBoard:
    """The evaluations and invitations of ``staff_id`` (None: everyone's); the enterprises are the
    user's scope (``staff_id``'s or ``zone_id``'s); the average is over the quarter of ``today``."""
    from .enterprises import scope_enterprises
    from .labels import label
    from .names import remembered_enterprise_name
    from .reference import load as load_reference
    from .staff import list_staff
    from .timeutil import quarter_bounds

    dims = {d.code: d.label(language) for d in load_reference().evaluation_dimensions}
    sep = ", " if language.startswith("en") else "，"
    q0, q1 = quarter_bounds(today or local_today())
    ents = scope_enterprises(session, staff_id, zone_id)
    names = dict(ents)
    staff = dict(list_staff(session, role=None))
    rows = [
        EvaluationRow(
            ev.id,
            ev.evaluated_on,
            ev.enterprise_id,
            remembered_enterprise_name(session, names, ev.enterprise_id),
            label("stage", ev.stage),
            ev.level,
            label("satisfaction", ev.level),
            sep.join(f"{dims.get(k, k)} {v}" for k, v in ev.dimensions.items()),
            staff.get(ev.staff_id, ""),
            ev.comment,
        )
        for ev in evaluations_for(session, staff_id=staff_id)
    ]
    services = invitation_services(session, staff_id)
    inv = []
    for eid, st in pending_invitations(session, staff_id):
        p = services.get((eid, st))
        inv.append(
            InvitationRow(
                eid,
                remembered_enterprise_name(session, names, eid),
                st,
                label("stage", st),
                p.id if p else None,
                p.item if p else "",
            )
        )
    return EvaluationsBoard(rows, inv, ents, average_satisfaction(session, staff_id, q0, q1))


def record_evaluation(
    session: Session,
    actor: store.Actor,
    *,
    enterprise_id: str,
    staff_id: str,
    stage: str,
    level: str,
    dimensions: dict[str, int] | None = None,
    comment: str = "",
    evaluated_on: date | None = None,
    proxy_id: str | None = None,
) -> str:
    """记录服务评价 (:meth:`EvaluationService.record`); returns the evaluation's id. ``proxy_id``:
    the completed proxy service whose invitation it answers."""
    return (
        EvaluationService(actor)
        .record(
            session,
            enterprise_id=enterprise_id,
            staff_id=staff_id,
            stage=stage,
            level=level,
            dimensions=dimensions,
            comment=comment,
            evaluated_on=evaluated_on,
            proxy_id=proxy_id,
        )
        .id
    )
