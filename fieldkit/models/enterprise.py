"""Enterprise (一企一档) with its profile tags (企业画像)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Index
from sqlmodel import JSON, Field

from .base import SyncedBase


class Enterprise(SyncedBase, table=True):
    __table_args__ = (
        # the zone's enterprises in name order without reading their rows (migration 0010): the
        # board's first names not visited this quarter, the first page of 包联调整
        Index("ix_enterprise_name_scope", "name", "deleted", "status", "zone_id", "id"),
        # the zone's live enterprises counted from the index alone (包联调整's total)
        Index("ix_enterprise_zone_live", "zone_id", "deleted"),
        # a policy's eligible enterprises by class (the policy card's first names when few qualify; 0013)
        Index("ix_enterprise_policy", "status", "deleted", "industry", "scale", "stage", "name", "id"),
    )

    name: str = Field(max_length=200, index=True)
    credit_code: str = Field(max_length=18, index=True, description="统一社会信用代码 (GB 32100)")
    legal_representative: str = Field(default="", max_length=50)
    contact_person: str = Field(default="", max_length=50)
    contact_phone: str = Field(default="", max_length=20)
    address: str = Field(default="", max_length=300)
    industry: str = Field(default="", max_length=8, description="GB/T 4754 section letter, e.g. C")
    scale: str = Field(default="small", max_length=8)
    stage: str = Field(default="operation", max_length=20, index=True)
    status: str = Field(default="operating", max_length=16, index=True)
    tags: list[str] = Field(default_factory=list, sa_type=JSON)
    zone_id: str = Field(foreign_key="zone.id", index=True)
    notes: str = ""
    #: the contact channel agreed with the enterprise (seed 000 §6.1): online / offline, "" until agreed
    contact_channel: str = Field(default="", max_length=16)
    #: the 一企一档 domains of seed 003 §5.2.1.2 (fieldkit.domain.enterprise_profile): 生产经营,
    #: 知识产权, 信用信息, 上市融资; {} until filled
    profile: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    # search helpers, derived from name on every write (migration 0002)
    name_pinyin: str = Field(default="", max_length=800)
    name_initials: str = Field(default="", max_length=200, index=True)
