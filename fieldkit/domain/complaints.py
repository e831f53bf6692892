"""Complaints (投诉) that need more than the usual handling (seed 001 §7.2.5): a major complaint is
marked so by the person who takes it (``Demand.major``); a repeated one follows from the records —
the same enterprise complaining in the same category again within :data:`REPEAT_WINDOW_DAYS`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from .i18n import QT_TRANSLATE_NOOP

#: two complaints of one enterprise in one category this close together make both "repeated"
REPEAT_WINDOW_DAYS = 365

MAJOR_LABEL = QT_TRANSLATE_NOOP("Complaint", "重大")
REPEATED_LABEL = QT_TRANSLATE_NOOP("Complaint", "重复")


@dataclass(frozen=True)
class ComplaintKey:
    """What decides whether complaints repeat one another."""

    id: str
    enterprise_id: str
    category: str
    collected_at: datetime | None


def repeated_ids(complaints: Iterable[ComplaintKey], window_days: int = REPEAT_WINDOW_DAYS) -> set[str]:
    """The ids of the complaints another complaint of the same enterprise and category repeats (or
    is repeated by) within ``window_days``; complaints without a collection time never repeat."""
    groups: dict[tuple[str, str], list[ComplaintKey]] = defaultdict(list)
    for c in complaints:
        if c.collected_at is not None:
            groups[(c.enterprise_id, c.category)].append(c)
    window = timedelta(days=window_days)
    out: set[str] = set()
    for items in groups.values():
        items.sort(key=lambda c: c.collected_at or datetime.min)
        for a, b in zip(items, items[1:], strict=False):
            if (
                a.collected_at is not None
                and b.collected_at is not None
                and b.collected_at - a.collected_at <= window
            ):
                out.update((a.id, b.id))
    return out


def category_allowed(extra_kinds: Iterable[str] | None, kind: str) -> bool:
    """May a category whose reference entry lists ``extra_kinds`` (None: every kind) take ``kind``?"""
    return extra_kinds is None or kind in extra_kinds
