"""Enterprise evaluations (服务评价) and supervisors' assessments (考核)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index
from sqlmodel import JSON, Field

from .base import SyncedBase


class Evaluation(SyncedBase, table=True):
    """One evaluation per completed stage per enterprise (seed 002 §6.4.1)."""

    __table_args__ = (
        # the zone summary's satisfaction of a period, per assistant, from the index alone (migration 0013)
        Index("ix_evaluation_period", "evaluated_on", "deleted", "staff_id", "level"),
    )

    enterprise_id: str = Field(foreign_key="enterprise.id", index=True)
    staff_id: str = Field(foreign_key="staff.id", index=True)
    stage: str = Field(max_length=20)
    level: str = Field(max_length=24, description="five levels, Satisfaction enum")
    dimensions: dict[str, int] = Field(
        default_factory=dict, sa_type=JSON, description="seed 001 §7.1.2: ability, attitude, efficiency, ..."
    )
    comment: str = ""
    evaluated_on: date
    proxy_id: str | None = Field(default=None, foreign_key="proxyservice.id")


class Assessment(SyncedBase, table=True):
    """考核 of a staff member by a supervisor for a period (seed 000 §7.1)."""

    staff_id: str = Field(foreign_key="staff.id", index=True)
    assessor_id: str = Field(foreign_key="staff.id")
    period_start: date
    period_end: date
    effect_score: float = Field(default=0, description="服务质效 0-100")
    attitude_score: float = Field(default=0, description="服务态度 0-100")
    satisfaction_score: float = Field(default=0, description="企业满意度 0-100")
    total_score: float = 0
    source: str = Field(default="daily_check", max_length=16)
    comment: str = ""
