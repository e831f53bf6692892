"""Attachments, audit log, outbox and local sync metadata."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import JSON, Field

from .base import SyncedBase, TableBase, new_id, utcnow
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


class AuditLog(TableBase, table=True):
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


class OutboxEntry(TableBase, table=True):
    """A local mutation waiting to be pushed, written in the same transaction as the edit.

    ``seq`` is this device's mutation sequence: AUTOINCREMENT, so it never goes back or repeats,
    not after entries are acknowledged and deleted, not after a restart. One pending entry per row:
    later edits merge into it until it is handed to a push (``sent_at``), keeping its first base
    version and the first old value of each field."""

    __table_args__ = (
        Index("ix_outboxentry_table_row", "table_name", "row_id"),
        {"sqlite_autoincrement": True},
    )

    seq: int | None = Field(default=None, primary_key=True)
    mutation_id: str = Field(default_factory=new_id, max_length=32, unique=True)
    device_id: str = Field(default="", max_length=64)
    tx_id: str = Field(
        default="", max_length=32, index=True, description="shared by the entries of one user action"
    )
    actor_id: str | None = Field(default=None, max_length=32)
    table_name: str = Field(max_length=40)
    row_id: str = Field(max_length=32, index=True)
    op: str = Field(max_length=10, description="create / update / delete (a tombstone)")
    changes: dict[str, Any] = Field(
        default_factory=dict, sa_type=JSON, description="new values of the changed fields"
    )
    old_values: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, description="their values before")
    base_version: int = 0
    schema_version: int = 0
    audit_id: str | None = Field(
        default=None, max_length=32, description="the audit row this entry's edits went to"
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(
        default=None, sa_type=UTCDateTime, description="handed to a push: later edits make a new entry"
    )
    state: str = Field(default="pending", max_length=16, index=True)  # pending / rejected / conflict
    error: str = Field(default="", description="the server's reason as it sent it (Chinese text)")
    #: the reason's code and raw parameters (fieldkit.domain.reasons), shown in the interface
    #: language; empty for an entry refused before the server sent them (its ``error`` is shown)
    error_code: str = Field(default="", max_length=40, sa_column_kwargs={"server_default": ""})
    error_params: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    attempts: int = 0


class SyncConflict(TableBase, table=True):
    """A field edited here and on the server: both values, until the user decides (local only)."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    table_name: str = Field(max_length=40)
    row_id: str = Field(max_length=32, index=True)
    field: str = Field(max_length=64)
    local_value: Any = Field(default=None, sa_type=JSON, nullable=True)
    server_value: Any = Field(default=None, sa_type=JSON, nullable=True)
    server_version: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    decided: bool = Field(default=False, index=True)
    decision: str = Field(default="", max_length=16, description="local / server / merged")
    decided_value: Any = Field(default=None, sa_type=JSON, nullable=True)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SyncMeta(TableBase, table=True):
    """Key/value for the device id and origin, pull cursor, last sync time, server address (local only)."""

    key: str = Field(primary_key=True, max_length=64)
    value: str = ""


class LocalCredential(TableBase, table=True):
    """Offline login: a slow password hash per staff login on this device."""

    login: str = Field(primary_key=True, max_length=50)
    staff_id: str = Field(max_length=32)
    password_hash: str = Field(max_length=300)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
