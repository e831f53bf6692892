"""回访 (seed 004 附录A, table A.1: start → implement → close, "服务信息进行归档，必要时回访"): an
on-demand service (定点服务) closed by its submitted record is offered a follow-up visit, planned
on a suggested working day a fixed interval later; the plan names the record it follows up."""

from __future__ import annotations

from datetime import date, timedelta

from .i18n import QT_TRANSLATE_NOOP as N

#: the kinds of service whose closing offers a 回访
FOLLOW_UP_KINDS = ("ondemand",)
#: how long after the service the follow-up visit is suggested (days)
FOLLOW_UP_DAYS = 14
#: the theme a follow-up plan is given (context FollowUp): the service's day and what it was about
FOLLOW_UP_THEME = N("FollowUp", "回访：{day} 定点服务{about}")


def offers_follow_up(kind: str, status: str) -> bool:
    """Whether a record of ``kind`` in ``status`` closes a service that a 回访 follows up: an
    on-demand service once submitted (or reviewed; a returned one is being corrected)."""
    return kind in FOLLOW_UP_KINDS and status in ("submitted", "reviewed")


def suggested_follow_up(service_day: date, today: date) -> date:
    """The day suggested for the 回访: FOLLOW_UP_DAYS after the service (never before
    tomorrow), moved off a weekend to the Monday after."""
    d = max(service_day + timedelta(days=FOLLOW_UP_DAYS), today + timedelta(days=1))
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d
