"""Attachments, audit log, outbox and local sync metadata."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import JSON, Field, SQLModel

from .base import SyncedBase, new_id, utcnow
from .types import UTCDateTime


class Attachment(SyncedBase, table=True):
    """Metadata of a file named by its sha256; the bytes live in the data folder."""

    sha256: str = Field(max_length=64, index=True)
    filename: str = Field(default="", max_length=260)
    mime: str = Field(default="application/octet-stream", max_length=100)
    size: int = 0
    kind: str = Field(default="photo", max_length=16)
    owner_table: str = Field(max_length=40)
    owner_id: str = Field(max_length=32, index=True)
    #: the owner's enterprise, so a server decides who may see it without joins (every record photo and
    #: signature has one); None only for an attachment that belongs to no enterprise
    enterprise_id: str | None = Field(default=None, foreign_key="enterprise.id", index=True)
    caption: str = ""
    uploaded: bool = False


class AuditLog(SQLModel, table=True):
    """Every change of every record: who, when, which device, old and new values."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    table_name: str = Field(max_length=40, index=True)
    row_id: str = Field(max_length=32, index=True)
    action: str = Field(max_length=10)  # create / update / delete
    actor_id: str | None = Field(default=None, max_length=32)
    device_id: str = Field(default="", max_length=64)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    old_values: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    new_values: dict[str, Any] | None = Field(default=None, sa_type=JSON)


class OutboxEntry(SQLModel, table=True):
    """A local mutation waiting to be pushed, written in the same transaction as the edit."""

    seq: int | None = Field(default=None, primary_key=True)
    mutation_id: str = Field(default_factory=new_id, max_length=32, unique=True)
    table_name: str = Field(max_length=40)
    row_id: str = Field(max_length=32, index=True)
    op: str = Field(max_length=10)  # upsert / delete
    changes: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, description="only the changed fields")
    base_version: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    state: str = Field(default="pending", max_length=16, index=True)  # pending / error
    error: str = ""
    attempts: int = 0


class SyncMeta(SQLModel, table=True):
    """Key/value for the device id, pull cursor, last sync time, server address."""

    key: str = Field(primary_key=True, max_length=64)
    value: str = ""


class LocalCredential(SQLModel, table=True):
    """Offline login: a slow password hash per staff login on this device."""

    login: str = Field(primary_key=True, max_length=50)
    staff_id: str = Field(max_length=32)
    password_hash: str = Field(max_length=300)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
