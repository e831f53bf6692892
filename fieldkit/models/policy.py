"""Preferential policies (惠企政策), pushes and applications."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import JSON, Field

from .base import SyncedBase
from .types import UTCDateTime


class Policy(SyncedBase, table=True):
    title: str = Field(max_length=300, index=True)
    doc_no: str = Field(default="", max_length=100, description="文号")
    issuer: str = Field(default="", max_length=100)
    interpreting_unit: str = Field(default="", max_length=100)
    competent_department: str = Field(default="", max_length=100)
    accepting_department: str = Field(default="", max_length=100)
    level: str = Field(default="district", max_length=16)
    category: str = Field(default="other", max_length=16)
    industries: list[str] = Field(default_factory=list, sa_type=JSON, description="empty = any")
    scales: list[str] = Field(default_factory=list, sa_type=JSON, description="empty = any")
    stages: list[str] = Field(default_factory=list, sa_type=JSON, description="empty = any")
    tags: list[str] = Field(default_factory=list, sa_type=JSON)
    window_start: date | None = None
    window_end: date | None = Field(default=None, index=True)
    materials: str = ""
    summary: str = ""
    full_text: str = ""
    url: str = ""


class PolicyPush(SyncedBase, table=True):
    """Which policy was explained to which enterprise, when, by whom."""

    __table_args__ = (
        # the zone summary's pushes of a period from the index alone (migration 0014)
        Index("ix_policypush_period", "pushed_at", "deleted", "staff_id"),
    )

    policy_id: str = Field(foreign_key="policy.id", index=True)
    enterprise_id: str = Field(foreign_key="enterprise.id", index=True)
    staff_id: str = Field(foreign_key="staff.id", index=True)
    record_id: str | None = Field(default=None, foreign_key="servicerecord.id")
    pushed_at: datetime = Field(sa_type=UTCDateTime)
    note: str = ""


class PolicyApplication(SyncedBase, table=True):
    """申报 → 受理 → 初审 → 结果 → 兑现, with 补正 (seed 003 §7.4.2.3) before the result."""

    policy_id: str = Field(foreign_key="policy.id", index=True)
    enterprise_id: str = Field(foreign_key="enterprise.id", index=True)
    staff_id: str | None = Field(default=None, foreign_key="staff.id")
    state: str = Field(default="applied", max_length=16)
    applied_on: date
    accepted_on: date | None = None
    preliminary_on: date | None = None
    result_on: date | None = None
    redeemed_on: date | None = None
    amount: float | None = Field(default=None, description="兑现金额 (万元)")
    note: str = ""
    corrections: list[str] = Field(
        default_factory=list, sa_type=JSON, description="一次性告知: every correction required, told at once"
    )
    correction_on: date | None = Field(default=None, description="the day the corrections were told")
    corrected_on: date | None = Field(default=None, description="补正完成: the day the corrections came in")
