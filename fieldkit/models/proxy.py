"""Proxy services (帮办代办) and their milestones."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index, text
from sqlmodel import Field

from .base import SyncedBase
from .board_tally import PROXY_OPEN_SQL


class ProxyService(SyncedBase, table=True):
    __table_args__ = (
        # the zone's open proxy services, the most recently accepted first: the board's first 50
        # without sorting every open one (partial: live, accepted or in progress; migration 0011)
        Index("ix_proxyservice_open", "accepted_on", sqlite_where=text(PROXY_OPEN_SQL)),
        # the zone summary's completed services of a period, per assistant, from the index alone (0013)
        Index("ix_proxyservice_completed", "completed_on", "status", "deleted", "staff_id"),
    )

    enterprise_id: str = Field(foreign_key="enterprise.id", index=True)
    staff_id: str = Field(foreign_key="staff.id", index=True)
    item: str = Field(max_length=200, description="e.g. 营业执照, 施工许可证")
    stage: str = Field(default="startup", max_length=20)
    mode: str = Field(default="guidance", max_length=16)
    service_plan: str = Field(default="", description="服务方案")
    status: str = Field(default="accepted", max_length=16, index=True)
    accepted_on: date
    due_date: date | None = None
    completed_on: date | None = None
    termination_reason: str | None = Field(default=None, max_length=1)
    termination_note: str = ""


class ProxyMilestone(SyncedBase, table=True):
    proxy_id: str = Field(foreign_key="proxyservice.id", index=True)
    enterprise_id: str = Field(foreign_key="enterprise.id", index=True, description="the proxy's (scope)")
    seq: int = 0
    title: str = Field(max_length=200)
    due_date: date | None = None
    done_on: date | None = None
    note: str = ""
    responsible_person: str = Field(default="", max_length=50, description="who sees this step through")
