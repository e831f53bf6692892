"""The enterprise list and the enterprise page (一企一档) as plain rows for the desktop.

The list loads only the columns it shows (as tuples, not ORM objects) so that a search over
10,000 enterprises stays within a keystroke's budget; the page gathers every tab in one session.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import func
from sqlmodel import Session, col, select

from fieldkit.models import (
    Assignment,
    AuditLog,
    Demand,
    Enterprise,
    Evaluation,
    Policy,
    PolicyApplication,
    PolicyPush,
    ProxyMilestone,
    ProxyService,
    ServiceRecord,
    Staff,
    VisitPlan,
)

from . import permissions, store
from .assignments import current_condition
from .behaviour_tags import behaviour_tags, earners, with_derived
from .demands import days_left, is_overdue
from .enterprises import EnterpriseFilter, build_query
from .outbox import unsynced
from .policies import applications_for, correction_summary, match_policies, pushes_for
from .reference import load as load_reference
from .timeutil import local_today, quarter_bounds, to_local
from .validation import to_halfwidth

SUBMITTED = ("submitted", "reviewed")


class EnterpriseRow(NamedTuple):
    """One line of the enterprise list (codes, not labels)."""

    id: str
    name: str
    credit_code: str
    stage: str
    status: str
    industry: str
    scale: str
    contact_person: str
    contact_phone: str
    tags: tuple[str, ...]
    name_pinyin: str
    last_visit: date | None
    name_initials: str = ""
    #: synced / waiting / rejected / conflict (fieldkit.services.outbox), from the outbox and conflicts
    sync: str = "synced"
    #: search keys, precomputed once per load (see row_matcher): folded name and contact, and the same
    #: plus initials and full pinyin, joined by a separator no search text contains
    hay: str = ""
    hay_alnum: str = ""
    code_folded: str = ""


LIST_COLUMNS = (
    Enterprise.id,
    Enterprise.name,
    Enterprise.credit_code,
    Enterprise.stage,
    Enterprise.status,
    Enterprise.industry,
    Enterprise.scale,
    Enterprise.contact_person,
    Enterprise.contact_phone,
    Enterprise.tags,
    Enterprise.name_pinyin,
    Enterprise.name_initials,
)


def last_onsite_visits(session: Session, staff_id: str | None = None) -> dict[str, date]:
    """Enterprise id → local date of its latest submitted on-site visit (by anyone)."""
    q = select(ServiceRecord.enterprise_id, func.max(ServiceRecord.visit_at)).where(
        col(ServiceRecord.deleted).is_(False),
        ServiceRecord.kind == "onsite",
        col(ServiceRecord.status).in_(SUBMITTED),
    )
    if staff_id:
        q = q.where(
            col(ServiceRecord.enterprise_id).in_(
                select(Assignment.enterprise_id).where(
                    Assignment.staff_id == staff_id, *current_condition(local_today())
                )
            )
        )
    out: dict[str, date] = {}
    for eid, latest in session.exec(q.group_by(ServiceRecord.enterprise_id)).all():
        at: datetime | str = latest  # SQLite hands back text for an aggregate over a datetime column
        if isinstance(at, str):
            at = datetime.fromisoformat(at)
        loc = to_local(at)
        if loc is not None:
            out[eid] = loc.date()
    return out


def list_rows(
    session: Session, f: EnterpriseFilter, last_visits: dict[str, date] | None = None
) -> list[EnterpriseRow]:
    """The rows of the enterprise list for filter ``f`` (only the shown columns, as tuples)."""
    q = build_query(f).with_only_columns(*LIST_COLUMNS)
    lv = last_visits or {}
    states = unsynced(session, "enterprise")
    earned = earners(session)
    return [
        with_search_keys(
            EnterpriseRow(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
                with_derived(r[9], r[0], earned),
                r[10],
                lv.get(r[0]),
                r[11] or "",
                states.get(r[0], "synced"),
            )
        )
        for r in session.execute(q).all()
    ]


# ---- in-memory search over the loaded rows ----------------------------------------------------------------------

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_ALNUM = re.compile(r"[0-9A-Za-z]+")
_PHONE = re.compile(r"[\d\-]{3,}")


def _fold(s: str | None) -> str:
    """Case folding as SQLite's LIKE does it: ASCII letters only."""
    return (s or "").translate(_ASCII_LOWER)


_SEP = "\x01"


def with_search_keys(r: EnterpriseRow) -> EnterpriseRow:
    hay = _fold(r.name) + _SEP + _fold(r.contact_person)
    return r._replace(
        hay=hay,
        hay_alnum=hay + _SEP + _fold(r.name_initials) + _SEP + _fold(r.name_pinyin),
        code_folded=_fold(r.credit_code),
    )


def row_matcher(f: EnterpriseFilter) -> Callable[[EnterpriseRow], bool]:
    """A predicate equal to :func:`fieldkit.services.enterprises.build_query` for the rows of one scope.

    The list loads its scope once (``list_rows`` with the staff / zone filter) and then filters
    in memory on every keystroke: 10,000 rows in a few milliseconds instead of a query that
    materialises thousands of rows. The rules mirror ``search_condition`` exactly (name or contact
    substring with SQLite's ASCII-only case folding; for letters and digits also credit-code prefix
    and pinyin initials / full pinyin; for 3+ digits and dashes the phone), and the filters
    (stage, status, industry, scale, tag, no on-site visit since a date). ``staff_id`` and
    ``zone_id`` are not checked here: they define the loaded scope.
    """
    text = to_halfwidth(f.text.strip())
    t = _fold(text)
    alnum = bool(_ALNUM.fullmatch(text))
    up_f = _fold(text.upper())
    phone = bool(_PHONE.fullmatch(text))
    since = f.not_visited_since

    def match(r: EnterpriseRow) -> bool:
        if f.stage and r.stage != f.stage:
            return False
        if f.status and r.status != f.status:
            return False
        if f.industry and r.industry != f.industry:
            return False
        if f.scale and r.scale != f.scale:
            return False
        if f.tag and f.tag not in r.tags:
            return False
        if since and r.last_visit is not None and r.last_visit >= since:
            return False
        if not t:
            return True
        if not r.hay:
            r = with_search_keys(r)
        if alnum:
            # name, contact, initials or pinyin contain it, or the credit code starts with it
            if t in r.hay_alnum or r.code_folded.startswith(up_f):
                return True
        elif t in r.hay:
            return True
        return phone and text in r.contact_phone

    return match


def filter_rows(rows: list[EnterpriseRow], f: EnterpriseFilter) -> list[EnterpriseRow]:
    """The rows matching ``f``, in their given order."""
    match = row_matcher(f)
    return [r for r in rows if match(r)]


def quarter_start(today: date | None = None) -> date:
    return quarter_bounds(today or local_today())[0]


def known_tags() -> list[str]:
    """The reference profile tags (企业画像), by kind, for the tag filter and the profile editor."""
    return [t for tags in load_reference().tags_by_kind().values() for t in tags]


# ---- the enterprise page ----------------------------------------------------------------------------------------


@dataclass
class ContactItem:
    role: str  # legal_representative / contact_person / participant / staff
    name: str
    phone: str = ""
    note: str = ""  # participants: times met and last date; staff: since when


@dataclass
class RecordItem:
    id: str
    visit_at: datetime
    kind: str
    staff_name: str
    status: str
    stage: str
    content: str
    problems: str
    amends_id: str | None


@dataclass
class DemandPageItem:
    id: str
    collected_at: datetime | None
    kind: str
    category: str
    description: str
    state: str
    department: str
    deadline: date | None
    days_left: int | None
    overdue: bool
    satisfaction: str | None


@dataclass
class ProxyPageItem:
    id: str
    item: str
    stage: str
    mode: str
    status: str
    accepted_on: date
    due_date: date | None
    milestones_done: int
    milestones_total: int


@dataclass
class MatchItem:
    policy_id: str
    title: str
    category: str
    level: str
    score: float
    window_end: date | None
    reasons: list[str]


@dataclass
class PushItem:
    policy_title: str
    pushed_at: datetime
    staff_name: str
    note: str


@dataclass
class ApplicationItem:
    policy_title: str
    state: str
    applied_on: date
    amount: float | None
    note: str
    correction: str = ""  # the 补正 notice in a line (policies.correction_summary), "" when none


@dataclass
class EvaluationItem:
    stage: str
    level: str
    evaluated_on: date
    staff_name: str
    comment: str


@dataclass
class HistoryItem:
    at: datetime
    actor_name: str
    device_id: str
    action: str
    table_name: str
    changes: list[tuple[str, Any, Any]]  # (field, old, new)


@dataclass
class EnterprisePageData:
    enterprise: Enterprise
    staff: list[str] = field(default_factory=list)
    contacts: list[ContactItem] = field(default_factory=list)
    records: list[RecordItem] = field(default_factory=list)
    demands: list[DemandPageItem] = field(default_factory=list)
    proxies: list[ProxyPageItem] = field(default_factory=list)
    matches: list[MatchItem] = field(default_factory=list)
    pushes: list[PushItem] = field(default_factory=list)
    applications: list[ApplicationItem] = field(default_factory=list)
    evaluations: list[EvaluationItem] = field(default_factory=list)
    history: list[HistoryItem] = field(default_factory=list)
    visited_this_quarter: bool = False
    #: 行为标签 derived from the records (services.behaviour_tags)
    behaviour_tags: list[str] = field(default_factory=list)


_SPLIT = re.compile(r"[、，,;；\s]+")
HISTORY_LIMIT = 500


def _participants(records: list[ServiceRecord]) -> list[ContactItem]:
    seen: Counter[str] = Counter()
    last: dict[str, datetime] = {}
    for r in records:
        for name in _SPLIT.split(r.enterprise_participants or ""):
            name = name.strip()
            if not name:
                continue
            seen[name] += 1
            if name not in last or r.visit_at > last[name]:
                last[name] = r.visit_at
    return [
        ContactItem("participant", n, "", f"{c}|{(to_local(last[n]) or last[n]).date().isoformat()}")
        for n, c in seen.most_common()
    ]


def enterprise_page(
    session: Session, actor: store.Actor, enterprise_id: str, today: date | None = None
) -> EnterprisePageData:
    """Every tab of the enterprise page in one go (one session, indexed lookups by enterprise id);
    PermissionDenied when the enterprise is outside the actor's scope."""
    today = today or local_today()
    ent = store.get(session, Enterprise, enterprise_id)
    permissions.check_enterprise(session, actor, ent.id)
    staff_names = dict(session.exec(select(Staff.id, Staff.name)).all())
    page = EnterprisePageData(enterprise=ent, behaviour_tags=behaviour_tags(session, ent.id, today))

    assignments = list(
        session.exec(
            select(Assignment).where(Assignment.enterprise_id == enterprise_id, *current_condition(today))
        ).all()
    )
    page.staff = [staff_names.get(a.staff_id, "") for a in assignments]
    page.contacts = [
        ContactItem("legal_representative", ent.legal_representative),
        ContactItem("contact_person", ent.contact_person, ent.contact_phone),
    ]
    page.contacts += [
        ContactItem("staff", staff_names.get(a.staff_id, ""), note=a.start_date.isoformat())
        for a in assignments
    ]

    records = list(
        session.exec(
            select(ServiceRecord)
            .where(ServiceRecord.enterprise_id == enterprise_id, col(ServiceRecord.deleted).is_(False))
            .order_by(col(ServiceRecord.visit_at).desc())
        ).all()
    )
    page.contacts += _participants(records)
    page.records = [
        RecordItem(
            r.id,
            r.visit_at,
            r.kind,
            staff_names.get(r.staff_id, ""),
            r.status,
            r.stage,
            r.content,
            r.problems,
            r.amends_id,
        )
        for r in records
    ]
    qs = quarter_bounds(today)[0]
    page.visited_this_quarter = any(
        r.kind == "onsite" and r.status in SUBMITTED and (to_local(r.visit_at) or r.visit_at).date() >= qs
        for r in records
    )

    demands = list(
        session.exec(
            select(Demand)
            .where(Demand.enterprise_id == enterprise_id, col(Demand.deleted).is_(False))
            .order_by(col(Demand.collected_at).desc())
        ).all()
    )
    page.demands = [
        DemandPageItem(
            d.id,
            d.collected_at,
            d.kind,
            d.category,
            d.description,
            d.state,
            d.department,
            d.deadline,
            days_left(d, today),
            is_overdue(d, today),
            d.satisfaction,
        )
        for d in demands
    ]

    proxies = list(
        session.exec(
            select(ProxyService)
            .where(ProxyService.enterprise_id == enterprise_id, col(ProxyService.deleted).is_(False))
            .order_by(col(ProxyService.accepted_on).desc())
        ).all()
    )
    ms_counts: dict[str, tuple[int, int]] = {}
    if proxies:
        for pid, total, done in session.exec(
            select(ProxyMilestone.proxy_id, func.count(), func.count(col(ProxyMilestone.done_on)))
            .where(
                col(ProxyMilestone.proxy_id).in_([p.id for p in proxies]),
                col(ProxyMilestone.deleted).is_(False),
            )
            .group_by(ProxyMilestone.proxy_id)
        ).all():
            ms_counts[pid] = (done, total)
    page.proxies = [
        ProxyPageItem(
            p.id, p.item, p.stage, p.mode, p.status, p.accepted_on, p.due_date, *ms_counts.get(p.id, (0, 0))
        )
        for p in proxies
    ]

    page.matches = [
        MatchItem(
            m.policy.id,
            m.policy.title,
            m.policy.category,
            m.policy.level,
            m.score,
            m.policy.window_end,
            m.reasons,
        )
        for m in match_policies(session, ent, today)
    ]
    pushes = pushes_for(session, enterprise_id)
    apps = applications_for(session, enterprise_id)
    titles = (
        dict(
            session.exec(
                select(Policy.id, Policy.title).where(
                    col(Policy.id).in_({p.policy_id for p in pushes} | {a.policy_id for a in apps})
                )
            ).all()
        )
        if pushes or apps
        else {}
    )
    page.pushes = [
        PushItem(titles.get(p.policy_id, ""), p.pushed_at, staff_names.get(p.staff_id, ""), p.note)
        for p in pushes
    ]
    page.applications = [
        ApplicationItem(
            titles.get(a.policy_id, ""),
            a.state,
            a.applied_on,
            a.amount,
            a.note,
            correction_summary(list(a.corrections or ()), a.correction_on, a.corrected_on),
        )
        for a in apps
    ]
    evaluations = session.exec(
        select(Evaluation)
        .where(Evaluation.enterprise_id == enterprise_id, col(Evaluation.deleted).is_(False))
        .order_by(col(Evaluation.evaluated_on).desc())
    ).all()
    page.evaluations = [
        EvaluationItem(e.stage, e.level, e.evaluated_on, staff_names.get(e.staff_id, ""), e.comment)
        for e in evaluations
    ]

    # history: the enterprise row and the rows that belong to it
    row_ids = {enterprise_id} | {r.id for r in records} | {d.id for d in demands} | {p.id for p in proxies}
    for model in (VisitPlan, PolicyPush, PolicyApplication, Evaluation, Assignment):
        row_ids |= set(session.exec(select(model.id).where(model.enterprise_id == enterprise_id)).all())
    audits = session.exec(
        select(AuditLog)
        .where(col(AuditLog.row_id).in_(row_ids))
        .order_by(col(AuditLog.at).desc())
        .limit(HISTORY_LIMIT)
    ).all()
    for a in audits:
        new = a.new_values or {}
        old = a.old_values or {}
        keys = (
            [k for k in new if k not in ("id", "created_at", "deleted")]
            if a.action != "delete"
            else ["deleted"]
        )
        page.history.append(
            HistoryItem(
                a.at,
                staff_names.get(a.actor_id or "", ""),
                a.device_id,
                a.action,
                a.table_name,
                [(k, old.get(k), new.get(k)) for k in keys],
            )
        )
    return page


def scope_rows(session: Session, staff_id: str | None, zone_id: str | None = None) -> list[EnterpriseRow]:
    """Every row of the enterprise list in a user's scope (an assistant's assigned enterprises, a
    supervisor's zone) with its last on-site visit; the list filters these in memory."""
    return list_rows(
        session, EnterpriseFilter(staff_id=staff_id, zone_id=zone_id), last_onsite_visits(session, staff_id)
    )
