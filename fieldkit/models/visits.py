"""Visit plans (走访计划) and service / visit records (服务工作记录)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, text
from sqlmodel import JSON, Field

from .base import SyncedBase
from .board_tally import PLAN_PLANNED_SQL
from .types import UTCDateTime


class VisitPlan(SyncedBase, table=True):
    __table_args__ = (
        # the zone's overdue plans, the most recent first: a walk down from today that stops at the
        # board's 50th (partial: only the live planned ones; migration 0011)
        Index("ix_visitplan_overdue", "planned_date", sqlite_where=text(PLAN_PLANNED_SQL)),
    )

    staff_id: str = Field(foreign_key="staff.id", index=True)
    enterprise_id: str = Field(foreign_key="enterprise.id", index=True)
    theme: str = Field(default="", max_length=200, description="走访主题")
    planned_date: date = Field(index=True)
    kind: str = Field(default="onsite", max_length=16)
    status: str = Field(default="planned", max_length=16, index=True)
    note: str = ""
    #: 回访 (seed 004 附录A): the service record this plan follows up; no foreign key, as records
    #: refer to plans (plan_id) and a sync may bring the plan before its record
    follow_up_of: str | None = Field(default=None, max_length=32, index=True)


class ServiceRecord(SyncedBase, table=True):
    """A visit or service. Immutable once submitted: corrections are amendments (amends_id)."""

    __table_args__ = (
        Index("ix_servicerecord_staff_visit", "staff_id", "visit_at"),
        # a period's visits without reading the rows: the zone's "not visited" figure, the zone
        # summary's visits and coverage per assistant (staff_id, amends_id: migration 0010)
        Index(
            "ix_servicerecord_visit_cover",
            "visit_at",
            "kind",
            "status",
            "deleted",
            "enterprise_id",
            "staff_id",
            "amends_id",
        ),
        # the records awaiting review, newest first, counted and paged without reading the rows
        Index("ix_servicerecord_review", "status", "visit_at", "deleted", "staff_id"),
    )

    enterprise_id: str = Field(foreign_key="enterprise.id", index=True)
    staff_id: str = Field(foreign_key="staff.id", index=True)
    plan_id: str | None = Field(default=None, foreign_key="visitplan.id")
    kind: str = Field(default="onsite", max_length=16)
    visit_at: datetime = Field(index=True, sa_type=UTCDateTime, description="an instant; shown in local time")
    place: str = ""
    staff_participants: str = ""
    enterprise_participants: str = ""
    stage: str = Field(default="operation", max_length=20)
    service_items: list[str] = Field(default_factory=list, sa_type=JSON)
    content: str = ""
    problems: str = ""
    follow_up: str = ""
    signature_sha256: str | None = Field(default=None, max_length=64)
    status: str = Field(default="draft", max_length=16, index=True)
    amends_id: str | None = Field(default=None, foreign_key="servicerecord.id", index=True)
    content_hash: str | None = Field(default=None, max_length=64)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reviewed_by: str | None = Field(default=None, foreign_key="staff.id")
    reviewed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    review_note: str = ""
