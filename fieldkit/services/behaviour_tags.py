"""行为标签 (企业画像 behaviour tags, seed 003 §5.2.2) derived from the records instead of typed by
hand: what the enterprise did in the last :data:`WINDOW_DAYS` days.

- 近期提出诉求: a demand, complaint or suggestion collected;
- 近期政策咨询: a policy demand, or a submitted visit giving policy or tax guidance;
- 近期办理业务: a proxy service accepted or a policy application filed;
- 近期参加活动: a submitted visit that organised a meeting or matchmaking event (operation.events).

:func:`behaviour_tags` gives one enterprise's; :func:`behaviour_condition` is the enterprise-list
filter for one of them (a SQL condition on ``Enterprise.id``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import String, cast, or_
from sqlmodel import Session, col, select

from fieldkit.models import Demand, Enterprise, PolicyApplication, ProxyService, ServiceRecord

from .timeutil import day_start, local_today

WINDOW_DAYS = 90
SUBMITTED = ("submitted", "reviewed", "returned")


def _since(today: date) -> date:
    return today - timedelta(days=WINDOW_DAYS)


def _demands(today: date, policy_only: bool = False) -> Any:
    q = select(Demand.enterprise_id).where(
        col(Demand.deleted).is_(False), col(Demand.collected_at) >= day_start(_since(today))
    )
    return q.where(Demand.category == "policy") if policy_only else q


def _records_with(today: date, items: tuple[str, ...]) -> Any:
    text = cast(col(ServiceRecord.service_items), String)
    return select(ServiceRecord.enterprise_id).where(
        col(ServiceRecord.deleted).is_(False),
        col(ServiceRecord.status).in_(SUBMITTED),
        col(ServiceRecord.visit_at) >= day_start(_since(today)),
        or_(*(text.like(f'%"{code}"%') for code in items)),
    )


def _business(today: date) -> list[Any]:
    return [
        select(ProxyService.enterprise_id).where(
            col(ProxyService.deleted).is_(False), ProxyService.accepted_on >= _since(today)
        ),
        select(PolicyApplication.enterprise_id).where(
            col(PolicyApplication.deleted).is_(False), PolicyApplication.applied_on >= _since(today)
        ),
    ]


#: tag → the subqueries of enterprise ids that earn it
RULES: dict[str, Callable[[date], list[Any]]] = {
    "近期提出诉求": lambda today: [_demands(today)],
    "近期政策咨询": lambda today: [
        _demands(today, policy_only=True),
        _records_with(today, ("operation.policy", "operation.tax")),
    ],
    "近期办理业务": _business,
    "近期参加活动": lambda today: [_records_with(today, ("operation.events",))],
}


def is_derived(tag: str) -> bool:
    return tag in RULES


def behaviour_condition(tag: str, today: date | None = None) -> Any:
    """Enterprises that earn ``tag`` now."""
    subs = RULES[tag](today or local_today())
    return or_(*(col(Enterprise.id).in_(q) for q in subs))


def earners(session: Session, today: date | None = None) -> dict[str, set[str]]:
    """Tag → the ids of every enterprise that earns it now (for a list of many enterprises: one
    query per rule over the window's rows, not one per enterprise)."""
    today = today or local_today()
    out: dict[str, set[str]] = {}
    for tag, rule in RULES.items():
        ids: set[str] = set()
        for q in rule(today):
            ids.update(session.exec(q.distinct()).all())
        out[tag] = ids
    return out


def with_derived(tags: Any, enterprise_id: str, earned: dict[str, set[str]]) -> tuple[str, ...]:
    """An enterprise's stored tags without hand-typed behaviour tags, plus the ones it earns."""
    own = [t for t in tags or () if not is_derived(t)]
    return tuple(own + [t for t, ids in earned.items() if enterprise_id in ids])


def behaviour_tags(session: Session, enterprise_id: str, today: date | None = None) -> list[str]:
    """The behaviour tags ``enterprise_id`` earns now, in the reference order."""
    today = today or local_today()
    out = []
    for tag, rule in RULES.items():
        for q in rule(today):
            if session.exec(q.where(q.selected_columns[0] == enterprise_id).limit(1)).first() is not None:
                out.append(tag)
                break
    return out
