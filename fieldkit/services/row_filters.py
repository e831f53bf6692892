"""The on-screen filters of the demand board and the proxy list as values, so that a ledger
printed from a view lists what the view shows (issue 12 §4): the view filters its rows with
:meth:`DemandFilter.matches` and hands the same filter to the ledger, whose header names it."""

from __future__ import annotations

from dataclasses import dataclass

from .demands import DemandRow
from .labels import label
from .proxy import ProxyRow


@dataclass(frozen=True)
class DemandFilter:
    """What the demand board shows: a kind (None: all), archived ones or not, a search text, only
    the overdue (open and past the deadline) or only those closed late."""

    kind: str | None = None
    show_archived: bool = True
    text: str = ""
    overdue_only: bool = False
    closed_late_only: bool = False

    def matches(self, r: DemandRow) -> bool:
        text = self.text.strip().lower()
        return (
            (self.kind is None or r.kind == self.kind)
            and (self.show_archived or r.state != "archived")
            and (not text or text in r.enterprise.lower() or text in r.description.lower())
            and (not self.overdue_only or r.overdue)
            and (not self.closed_late_only or r.closed_late)
        )

    def describe(self) -> str:
        """The filter in the printed ledger's words (Chinese: forms are printed in Chinese);
        "" when nothing is left out."""
        parts = []
        if self.kind:
            parts.append(f"类型：{label('demand_kind', self.kind)}")
        if self.overdue_only:
            parts.append("只看逾期")
        if self.closed_late_only:
            parts.append("只看逾期办结")
        if self.text.strip():
            parts.append(f"包含“{self.text.strip()}”")
        if not self.show_archived:
            parts.append("不含已归档")
        return "；".join(parts)


@dataclass(frozen=True)
class ProxyFilter:
    """What the proxy list shows: one status (None: all)."""

    status: str | None = None

    def matches(self, r: ProxyRow) -> bool:
        return self.status is None or r.status == self.status

    def describe(self) -> str:
        return f"状态：{label('proxy_status', self.status)}" if self.status else ""
