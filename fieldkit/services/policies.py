"""Preferential policies (惠企政策): library, matching with reasons (推荐依据, seed 003 §7.3),
pushes and applications (申报 → 受理 → 初审 → 结果 → 兑现)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import String, cast, false, or_
from sqlmodel import Session, col, select

from fieldkit.domain.applications import APP_DATE_FIELD as APP_DATE_FIELD
from fieldkit.domain.applications import APP_FLOW as APP_FLOW
from fieldkit.domain.applications import can_advance, correction_items, correction_refusal, date_field
from fieldkit.models import Enterprise, Policy, PolicyApplication, PolicyPush, utcnow

from . import permissions, store
from .errors import TransitionError, ValidationError
from .i18n import QT_TRANSLATE_NOOP as N
from .i18n import translate
from .labels import label
from .reference import load as load_reference
from .timeutil import local_today
from .validation import require


@dataclass
class PolicyMatch:
    policy: Policy
    score: float
    reasons: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.blockers


def window_open(p: Policy, today: date) -> bool:
    return (p.window_start is None or p.window_start <= today) and (
        p.window_end is None or p.window_end >= today
    )


def match_policy(p: Policy, e: Enterprise, today: date | None = None) -> PolicyMatch:
    """Score one policy for one enterprise and say why (推荐依据) or why not."""
    today = today or local_today()
    ref = load_reference()
    m = PolicyMatch(p, 0.0)
    if p.industries:
        if e.industry in p.industries:
            m.score += 3
            m.reasons.append(
                translate(
                    "Policy", N("Policy", "行业符合：{value}"), value=ref.label("industries", e.industry)
                )
            )
        else:
            m.blockers.append(translate("Policy", N("Policy", "行业不在适用范围")))
    if p.scales:
        if e.scale in p.scales:
            m.score += 2
            m.reasons.append(
                translate("Policy", N("Policy", "规模符合：{value}"), value=label("scale", e.scale))
            )
        else:
            m.blockers.append(translate("Policy", N("Policy", "企业规模不符合")))
    if p.stages:
        if e.stage in p.stages:
            m.score += 2
            m.reasons.append(
                translate("Policy", N("Policy", "生命周期阶段符合：{value}"), value=label("stage", e.stage))
            )
        else:
            m.blockers.append(translate("Policy", N("Policy", "生命周期阶段不符合")))
    common = sorted(set(p.tags) & set(e.tags or []))
    if common:
        interest = set(ref.tags_by_kind().get("interest", []))
        m.score += sum(2.0 if t in interest else 1.5 for t in common)
        m.reasons.append(translate("Policy", N("Policy", "画像标签匹配：{value}"), value="、".join(common)))
    if e.status != "operating" and p.category != "other":
        m.blockers.append(translate("Policy", N("Policy", "企业非存续经营状态")))
    if p.window_end and p.window_end < today:
        m.blockers.append(
            translate("Policy", N("Policy", "申报窗口已关闭（{date}）"), date=p.window_end.isoformat())
        )
    elif p.window_start and p.window_start > today:
        m.reasons.append(
            translate("Policy", N("Policy", "申报窗口将于 {date} 开放"), date=p.window_start.isoformat())
        )
    elif p.window_end:
        left = (p.window_end - today).days
        m.score += 1.0 if left <= 14 else 0.5
        m.reasons.append(
            translate(
                "Policy",
                N("Policy", "申报截止 {date}（剩 {days} 天）"),
                date=p.window_end.isoformat(),
                days=left,
            )
        )
    if not p.industries and not p.scales and not p.stages and not common:
        m.reasons.append(translate("Policy", N("Policy", "普惠政策，不限行业和规模")))
        m.score += 0.5
    return m


def eligibility_conditions(p: Policy, today: date | None = None) -> list[Any]:
    """The blockers of :func:`match_policy` as SQL conditions on ``enterprise``: an enterprise
    passes them all exactly when ``match_policy(p, e, today).eligible`` (tested against it)."""
    today = today or local_today()
    conds: list[Any] = [col(Enterprise.deleted).is_(False)]
    if p.industries:
        conds.append(col(Enterprise.industry).in_(p.industries))
    if p.scales:
        conds.append(col(Enterprise.scale).in_(p.scales))
    if p.stages:
        conds.append(col(Enterprise.stage).in_(p.stages))
    if p.category != "other":
        conds.append(col(Enterprise.status) == "operating")
    if p.window_end and p.window_end < today:
        conds.append(false())
    return conds


def class_eligible(p: Policy, industry: str, scale: str, stage: str, status: str, today: date) -> bool:
    """:func:`eligibility_conditions` for a live enterprise of that industry, scale, stage and status:
    the same blockers, on the four columns they read (the policy card sums ``board_tally``'s counts
    of the classes it admits; tested against :func:`match_policy`)."""
    if p.industries and industry not in p.industries:
        return False
    if p.scales and scale not in p.scales:
        return False
    if p.stages and stage not in p.stages:
        return False
    if p.category != "other" and status != "operating":
        return False
    return not (p.window_end and p.window_end < today)


def match_policies(
    session: Session,
    enterprise: Enterprise,
    today: date | None = None,
    include_ineligible: bool = False,
    limit: int | None = None,
) -> list[PolicyMatch]:
    """Policies ranked for the enterprise, best first, each with its reasons."""
    policies = session.exec(select(Policy).where(col(Policy.deleted).is_(False))).all()
    out = [match_policy(p, enterprise, today) for p in policies]
    if not include_ineligible:
        out = [m for m in out if m.eligible]
    out.sort(key=lambda m: (not m.eligible, -m.score, m.policy.window_end or date.max, m.policy.title))
    return out[:limit] if limit else out


def _escape_like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_policies(
    session: Session,
    text: str = "",
    *,
    category: str | None = None,
    level: str | None = None,
    open_on: date | None = None,
) -> list[Policy]:
    q = select(Policy).where(col(Policy.deleted).is_(False))
    if text.strip():
        t = text.strip()
        like = f"%{_escape_like(t)}%"
        # tags are JSON text, where Chinese is stored \u-escaped: look for that spelling too
        tags_like = f"%{_escape_like(json.dumps(t)[1:-1])}%"
        tags = cast(col(Policy.tags), String)
        q = q.where(
            or_(
                col(Policy.title).like(like, escape="\\"),
                col(Policy.summary).like(like, escape="\\"),
                col(Policy.issuer).like(like, escape="\\"),
                col(Policy.doc_no).like(like, escape="\\"),
                tags.like(like, escape="\\"),
                tags.like(tags_like, escape="\\"),
            )
        )
    if category:
        q = q.where(Policy.category == category)
    if level:
        q = q.where(Policy.level == level)
    if open_on:
        q = q.where(
            or_(col(Policy.window_start).is_(None), col(Policy.window_start) <= open_on),
            or_(col(Policy.window_end).is_(None), col(Policy.window_end) >= open_on),
        )
    return list(session.exec(q.order_by(col(Policy.window_end).is_(None), col(Policy.window_end))).all())


def windows_closing(session: Session, today: date | None = None, days: int = 14) -> list[Policy]:
    from datetime import timedelta

    today = today or local_today()
    return list(
        session.exec(
            select(Policy)
            .where(
                col(Policy.deleted).is_(False),
                col(Policy.window_end).is_not(None),
                col(Policy.window_end) >= today,
                col(Policy.window_end) <= today + timedelta(days=days),
                or_(col(Policy.window_start).is_(None), col(Policy.window_start) <= today),
            )
            .order_by(col(Policy.window_end))
        ).all()
    )


def matching_enterprises(
    enterprises: list[Enterprise], policy: Policy, today: date | None = None
) -> list[Enterprise]:
    return [e for e in enterprises if match_policy(policy, e, today).eligible]


class PolicyService:
    def __init__(self, actor: store.Actor) -> None:
        self.actor = actor

    def create(self, session: Session, **data: Any) -> Policy:
        data["title"] = require(data.get("title"), "title", N("Validation", "政策名称"))
        if data.get("window_start") and data.get("window_end") and data["window_start"] > data["window_end"]:
            raise ValidationError(N("Validation", "申报开始日期不能晚于截止日期"), "window_end")
        return store.insert(session, Policy(**data), self.actor)

    def update(self, session: Session, p: Policy, **changes: Any) -> dict[str, Any]:
        return store.update(session, p, self.actor, **changes)

    def push(
        self,
        session: Session,
        *,
        policy_id: str,
        enterprise_id: str,
        staff_id: str,
        record_id: str | None = None,
        note: str = "",
        at: datetime | None = None,
    ) -> PolicyPush:
        return store.insert(
            session,
            PolicyPush(
                policy_id=policy_id,
                enterprise_id=enterprise_id,
                staff_id=staff_id,
                record_id=record_id,
                note=note,
                pushed_at=at or utcnow(),
            ),
            self.actor,
        )

    def apply(
        self,
        session: Session,
        *,
        policy_id: str,
        enterprise_id: str,
        staff_id: str | None,
        applied_on: date | None = None,
        note: str = "",
    ) -> PolicyApplication:
        return store.insert(
            session,
            PolicyApplication(
                policy_id=policy_id,
                enterprise_id=enterprise_id,
                staff_id=staff_id,
                applied_on=applied_on or local_today(),
                note=note,
            ),
            self.actor,
        )

    def advance(
        self,
        session: Session,
        app: PolicyApplication,
        to_state: str,
        on: date | None = None,
        amount: float | None = None,
        note: str | None = None,
        corrections: list[str] | str | None = None,
    ) -> None:
        """One step of the application. 补正 (``to_state`` "correction") needs ``corrections``, the
        one-time list of everything to correct (seed 003 §7.4.2.3), and is refused once told;
        补正完成 (correction → accepted) records ``corrected_on`` and keeps the list."""
        if not can_advance(app.state, to_state):
            raise TransitionError(
                N("Lifecycle", "申报当前为“{state}”，不能改为“{target}”"),
                state=label("application_state", app.state),
                target=label("application_state", to_state),
            )
        changes: dict[str, Any] = {"state": to_state, date_field(app.state, to_state): on or local_today()}
        if to_state == "correction":
            items = correction_items(corrections or [])
            refusal = correction_refusal(items, app.correction_on)
            if refusal is not None:
                text, params = refusal
                raise ValidationError(text, "corrections", **params)
            changes["corrections"] = items
        if to_state == "accepted" and app.accepted_on is not None:
            changes.pop("accepted_on", None)  # 补正完成: the first 受理 day stays
        if to_state == "redeemed":
            if amount is None or amount < 0:
                raise ValidationError(N("Validation", "请填写兑现金额"), "amount")
            changes["amount"] = amount
        if note is not None:
            changes["note"] = note
        store.update(session, app, self.actor, **changes)


def pushes_for(session: Session, enterprise_id: str) -> list[PolicyPush]:
    return list(
        session.exec(
            select(PolicyPush)
            .where(PolicyPush.enterprise_id == enterprise_id, col(PolicyPush.deleted).is_(False))
            .order_by(col(PolicyPush.pushed_at).desc())
        ).all()
    )


def applications_for(session: Session, enterprise_id: str) -> list[PolicyApplication]:
    return list(
        session.exec(
            select(PolicyApplication)
            .where(
                PolicyApplication.enterprise_id == enterprise_id, col(PolicyApplication.deleted).is_(False)
            )
            .order_by(col(PolicyApplication.applied_on).desc())
        ).all()
    )


def policy_activity(session: Session, policy_id: str) -> tuple[set[str], list[PolicyApplication]]:
    """Enterprises a policy was pushed to, and its applications (two queries, not two per enterprise)."""
    pushed = set(
        session.exec(
            select(PolicyPush.enterprise_id).where(
                PolicyPush.policy_id == policy_id, col(PolicyPush.deleted).is_(False)
            )
        ).all()
    )
    apps = list(
        session.exec(
            select(PolicyApplication)
            .where(PolicyApplication.policy_id == policy_id, col(PolicyApplication.deleted).is_(False))
            .order_by(col(PolicyApplication.applied_on).desc())
        ).all()
    )
    return pushed, apps


def policy_titles(session: Session, ids: set[str] | list[str]) -> dict[str, str]:
    """id → title of these policies (deleted ones too: what was pushed stays named)."""
    id_list = list(set(ids))
    out: dict[str, str] = {}
    for i in range(0, len(id_list), 900):
        out.update(
            dict(
                session.exec(
                    select(Policy.id, Policy.title).where(col(Policy.id).in_(id_list[i : i + 900]))
                ).all()
            )
        )
    return out


# -- use cases of the policy screens (one call per unit of work; the caller's transaction) -----------


@dataclass
class PolicyRow:
    """A policy of the library list, display-ready."""

    id: str
    title: str
    doc_no: str
    issuer: str
    level_label: str
    category_label: str
    window_start: date | None
    window_end: date | None
    window_open: bool
    summary: str

    @property
    def window_text(self) -> str:
        a = self.window_start.isoformat() if self.window_start else ""
        b = self.window_end.isoformat() if self.window_end else ""
        return f"{a} ~ {b}" if a or b else ""


@dataclass
class MatchRow:
    """One (policy, enterprise) match with its reasons (推荐依据)."""

    policy_id: str
    policy: str
    enterprise_id: str
    enterprise: str
    score: float
    reasons: str
    blockers: str
    eligible: bool
    pushed: bool = False


@dataclass
class ApplicationRow:
    """A policy application (申报) with the states it may move to."""

    id: str
    policy_id: str
    policy: str
    enterprise_id: str
    enterprise: str
    state: str
    state_label: str
    applied_on: date
    last_on: date | None
    amount: float | None
    note: str
    next_states: tuple[str, ...] = ()
    #: the one-time 补正 notice (seed 003 §7.4.2.3): what to correct, told on, corrected on
    corrections: tuple[str, ...] = ()
    correction_on: date | None = None
    corrected_on: date | None = None

    @property
    def correction_text(self) -> str:
        """The 补正 in a line, in the user's language ("" when none was asked)."""
        return correction_summary(list(self.corrections), self.correction_on, self.corrected_on)


def correction_summary(items: list[str], told_on: date | None, corrected_on: date | None) -> str:
    """The 补正 of an application in a line: what was told when, and whether it came in."""
    if told_on is None:
        return ""
    listed = translate("Policy", N("Policy", "；")).join(f"{i}. {t}" for i, t in enumerate(items, 1))
    if corrected_on is not None:
        return translate(
            "Policy",
            N("Policy", "{told} 一次性告知补正：{items}（{done} 补正完成）"),
            told=told_on.isoformat(),
            items=listed,
            done=corrected_on.isoformat(),
        )
    return translate(
        "Policy",
        N("Policy", "{told} 一次性告知补正：{items}（待补正）"),
        told=told_on.isoformat(),
        items=listed,
    )


def policy_rows(
    session: Session,
    text: str = "",
    category: str | None = None,
    level: str | None = None,
    open_only: bool = False,
    today: date | None = None,
) -> list[PolicyRow]:
    """The library list: :func:`search_policies`, only those open for applications with ``open_only``."""
    today = today or local_today()
    return [
        PolicyRow(
            p.id,
            p.title,
            p.doc_no,
            p.issuer,
            label("policy_level", p.level),
            label("policy_category", p.category),
            p.window_start,
            p.window_end,
            window_open(p, today),
            p.summary,
        )
        for p in search_policies(
            session, text, category=category, level=level, open_on=today if open_only else None
        )
    ]


@dataclass
class PolicyPane:
    """One policy for the library's detail: which of the user's enterprises match and why, the
    applications for them, and the enterprises a push may be for. ``matches`` is bounded
    (:data:`PANE_LIMIT`): the best eligible first, then ineligible ones with their blockers;
    ``eligible_count`` / ``ineligible_count`` say how many there are in all."""

    policy: Policy
    matches: list[MatchRow]
    applications: list[ApplicationRow]
    enterprises: list[tuple[str, str]]
    eligible_count: int = 0
    ineligible_count: int = 0


#: at most this many enterprises are matched with reasons in a policy's detail
PANE_LIMIT = 300


class _Light(NamedTuple):
    """What :func:`match_policy` reads of an enterprise, without an ORM object."""

    id: str
    name: str
    industry: str
    scale: str
    stage: str
    status: str
    tags: list[str]


def _light_rows(session: Session, q: Any) -> list[_Light]:
    cols = [col(getattr(Enterprise, n)) for n in _Light._fields]
    rows = session.execute(q.with_only_columns(*cols)).all()
    return [_Light(r[0], r[1], r[2], r[3], r[4], r[5], list(r[6] or [])) for r in rows]


def _tag_weight(p: Policy, e: _Light, interest: set[str]) -> float:
    return sum(2.0 if t in interest else 1.5 for t in set(p.tags) & set(e.tags))


def policy_pane(
    session: Session, policy_id: str, staff_id: str | None, zone_id: str | None, today: date | None = None
) -> PolicyPane:
    """The policy ``policy_id`` (NotFoundError when it is gone) matched against the user's scope
    (``staff_id``'s assigned enterprises, or ``zone_id``'s); eligible matches first, best first.

    Eligibility is decided in SQL; the reasons (translated text) are built only for the rows shown."""
    from .enterprises import EnterpriseFilter, build_query, scope_enterprises

    today = today or local_today()
    p = store.get(session, Policy, policy_id)
    scope = build_query(EnterpriseFilter(staff_id=staff_id, zone_id=zone_id))
    eligible = _light_rows(session, scope.where(*eligibility_conditions(p, today)))
    interest = set(load_reference().tags_by_kind().get("interest", []))
    # among eligible enterprises only the shared tags change the score: rank by them, then by name
    eligible.sort(key=lambda e: (-_tag_weight(p, e, interest), e.name))
    shown = eligible[:PANE_LIMIT]
    everyone = scope_enterprises(session, staff_id, zone_id)
    ineligible_count = len(everyone) - len(eligible)
    if len(shown) < PANE_LIMIT and ineligible_count:
        eligible_ids = {e.id for e in eligible}
        room = PANE_LIMIT - len(shown)
        others = [eid for eid, _name in everyone if eid not in eligible_ids][:room]
        shown += _light_rows(session, scope.where(col(Enterprise.id).in_(others)))
    pushed, applications = policy_activity(session, p.id)
    matches = []
    for e in shown:
        m = match_policy(p, e, today)  # type: ignore[arg-type]  # reads only _Light's fields
        matches.append(
            MatchRow(
                p.id,
                p.title,
                e.id,
                e.name,
                m.score,
                "；".join(m.reasons),
                "；".join(m.blockers),
                m.eligible,
                e.id in pushed,
            )
        )
    names = dict(everyone)
    apps = []
    for a in applications:
        if a.enterprise_id not in names:
            continue  # another assistant's enterprise
        last = max(
            (
                d
                for d in (
                    a.redeemed_on,
                    a.result_on,
                    a.preliminary_on,
                    a.corrected_on,
                    a.correction_on,
                    a.accepted_on,
                )
                if d
            ),
            default=None,
        )
        apps.append(
            ApplicationRow(
                a.id,
                p.id,
                p.title,
                a.enterprise_id,
                names[a.enterprise_id],
                a.state,
                label("application_state", a.state),
                a.applied_on,
                last,
                a.amount,
                a.note,
                APP_FLOW.get(a.state, ()),
                tuple(a.corrections or ()),
                a.correction_on,
                a.corrected_on,
            )
        )
    matches.sort(key=lambda r: (not r.eligible, -r.score, r.enterprise))
    return PolicyPane(p, matches, apps, everyone, len(eligible), ineligible_count)


def enterprise_matches(session: Session, actor: store.Actor, enterprise_id: str) -> list[MatchRow]:
    """The policies matched to one enterprise, best first, with reasons and whether already pushed
    (PermissionDenied when the enterprise is outside the actor's scope)."""
    e = store.get(session, Enterprise, enterprise_id)
    permissions.check_enterprise(session, actor, e.id)
    pushed = {p.policy_id for p in pushes_for(session, enterprise_id)}
    return [
        MatchRow(
            m.policy.id,
            m.policy.title,
            e.id,
            e.name,
            m.score,
            "；".join(m.reasons),
            "；".join(m.blockers),
            m.eligible,
            m.policy.id in pushed,
        )
        for m in match_policies(session, e)
    ]


def push_policy(
    session: Session,
    actor: store.Actor,
    *,
    policy_id: str,
    enterprise_id: str,
    staff_id: str,
    record_id: str | None = None,
    note: str = "",
) -> str:
    """宣讲推送 (:meth:`PolicyService.push`); returns the push's id."""
    return (
        PolicyService(actor)
        .push(
            session,
            policy_id=policy_id,
            enterprise_id=enterprise_id,
            staff_id=staff_id,
            record_id=record_id,
            note=note,
        )
        .id
    )


def apply_for_policy(
    session: Session,
    actor: store.Actor,
    *,
    policy_id: str,
    enterprise_id: str,
    staff_id: str | None,
    applied_on: date | None = None,
    note: str = "",
) -> str:
    """申报 (:meth:`PolicyService.apply`); returns the application's id."""
    return (
        PolicyService(actor)
        .apply(
            session,
            policy_id=policy_id,
            enterprise_id=enterprise_id,
            staff_id=staff_id,
            applied_on=applied_on,
            note=note,
        )
        .id
    )


def advance_application(
    session: Session,
    actor: store.Actor,
    application_id: str,
    to_state: str,
    *,
    on: date | None = None,
    amount: float | None = None,
    note: str | None = None,
    corrections: list[str] | str | None = None,
) -> str:
    """Move the application ``application_id`` one step (:meth:`PolicyService.advance`); returns its id."""
    app = store.get(session, PolicyApplication, application_id)
    PolicyService(actor).advance(
        session, app, to_state, on=on, amount=amount, note=note, corrections=corrections
    )
    return application_id
