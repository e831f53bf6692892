"""Demands (诉求), complaints (投诉) and suggestions (意见建议) with their event history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, text
from sqlmodel import Field

from .base import SyncedBase
from .board_tally import DEMAND_OPEN_SQL
from .types import UTCDateTime


class Demand(SyncedBase, table=True):
    __table_args__ = (
        # the supervisor's zone summary: demands collected / closed in a period, per assistant, read
        # from the index alone (migration 0010)
        Index("ix_demand_collected", "collected_at", "deleted", "staff_id"),
        Index("ix_demand_closed", "closed_at", "deleted", "state", "deadline", "staff_id"),
        # the complaints list, a page at a time in deadline order, counted from the index
        Index("ix_demand_kind_deadline", "kind", "deleted", "deadline", "enterprise_id"),
        # the zone's open demands by deadline, the board's first 50 without sorting every open one
        # (partial: live, open, with a deadline; migration 0011)
        Index("ix_demand_open_deadline", "deadline", sqlite_where=text(DEMAND_OPEN_SQL)),
    )

    enterprise_id: str = Field(foreign_key="enterprise.id", index=True)
    record_id: str | None = Field(default=None, foreign_key="servicerecord.id")
    staff_id: str = Field(foreign_key="staff.id", index=True, description="who collected and follows it")
    kind: str = Field(default="demand", max_length=16)
    category: str = Field(default="other", max_length=32)
    description: str = ""
    urgency: str = Field(default="normal", max_length=16)
    state: str = Field(default="collected", max_length=24, index=True)
    department: str = Field(default="", max_length=100)
    responsible_person: str = Field(default="", max_length=50)
    deadline: date | None = Field(default=None, index=True)
    collected_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    satisfaction: str | None = Field(default=None, max_length=24)
    overdue_explanation: str = ""
    solved_on_spot: bool = False
    #: a major complaint (重大投诉, seed 001 §7.2.5): studied and followed up as its own subject
    major: bool = False


class DemandEvent(SyncedBase, table=True):
    """One lifecycle transition; the history is the record (append-only)."""

    demand_id: str = Field(foreign_key="demand.id", index=True)
    enterprise_id: str = Field(foreign_key="enterprise.id", index=True, description="the demand's (scope)")
    from_state: str | None = Field(default=None, max_length=24)
    to_state: str = Field(max_length=24)
    actor_id: str | None = Field(default=None, foreign_key="staff.id")
    at: datetime = Field(sa_type=UTCDateTime)
    note: str = ""
    # what the step decided (issue 12 §12): 交办 / 再次交办 name who handles it by when, 反馈 (and
    # 当场解决) the enterprise's satisfaction; each event keeps its own, so a 再次交办 leaves the
    # first department and the first 不满意 in the history
    department: str = Field(default="", max_length=100)
    responsible_person: str = Field(default="", max_length=50)
    deadline: date | None = None
    satisfaction: str | None = Field(default=None, max_length=24)
