"""Columns every synced row carries (SYNC.md): client UUID, server version, tombstone.

A row's sync state (synced / waiting / rejected / conflict) is not a column: it follows from the
outbox and the conflicts table (:func:`fieldkit.services.outbox.sync_states`)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import cast

from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig

from .types import UTCDateTime


def new_id() -> str:
    """Client-generated UUID (hex form, 32 chars)."""
    return uuid.uuid4().hex


def utcnow() -> datetime:
    """Aware UTC timestamp; stored as UTC, shown in local time."""
    return datetime.now(UTC)


def table_name(model: type[SQLModel]) -> str:
    """The table name of a table model. SQLAlchemy types ``__tablename__`` as ``str | Callable``
    (a ``declared_attr`` before mapping); on a mapped class it is always the string."""
    return cast(str, model.__tablename__)


class TableBase(SQLModel):
    """Base of every table model: pydantic builds a model's validator and serializer when first
    used (``defer_build``; SQLModel constructs table rows without them, and only a sync's pulled
    rows and an outbox undo validate) instead of for each of the ~20 tables at import, ≈ 25 % of
    importing the models (issue 11 §3: start)."""

    model_config = SQLModelConfig(defer_build=True)


class SyncedBase(TableBase):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    server_version: int = Field(default=0, description="version the server last acknowledged")
    deleted: bool = Field(default=False, index=True, description="tombstone")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
