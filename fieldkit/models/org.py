"""Zones, staff and assignments (包联)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index
from sqlmodel import Field

from .base import SyncedBase


class Zone(SyncedBase, table=True):
    """产业功能区."""

    name: str = Field(max_length=100)
    code: str = Field(default="", max_length=32)


class Staff(SyncedBase, table=True):
    """A user: assistant / specialist, supervisor or admin."""

    name: str = Field(max_length=50)
    login: str = Field(max_length=50, index=True, unique=True)
    role: str = Field(default="assistant", max_length=16)
    specialist_type: str = Field(default="industrial_assistant", max_length=32)
    zone_id: str = Field(foreign_key="zone.id", index=True)
    phone: str = Field(default="", max_length=20)
    department: str = Field(default="", max_length=100)
    active: bool = True


class Assignment(SyncedBase, table=True):
    """包联: staff ↔ enterprise over a period. Reassignment ends one row and starts another."""

    __table_args__ = (
        # the zone summary's current assignments per assistant, in staff order, from the index alone
        # (migration 0013)
        Index("ix_assignment_current", "deleted", "staff_id", "start_date", "end_date", "enterprise_id"),
    )

    staff_id: str = Field(foreign_key="staff.id", index=True)
    enterprise_id: str = Field(foreign_key="enterprise.id", index=True)
    start_date: date
    end_date: date | None = Field(default=None, description="None while current")
    note: str = ""
