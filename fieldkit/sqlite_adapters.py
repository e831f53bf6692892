"""Explicit sqlite3 adapters for ``date`` and ``datetime`` (Python 3.12 deprecates the default ones).

A ``date`` or ``datetime`` bound as a raw parameter (a ``text()`` query, an expression without a
column type, a ``sqlite3`` connection of a backup or a check) is stored as SQLite has always
received it from Python: ``2026-11-21`` and ``2026-11-21 02:00:00.000000`` (ISO-8601 with a space,
the offset of an aware value kept). The tables' own columns never reach these adapters: their
types (``UTCDateTime``, SQLAlchemy's ``Date``) write text themselves.

:func:`register` is called when :mod:`fieldkit.models` is imported (for :mod:`sqlite3`) and by
the SQLCipher connection factory (for ``sqlcipher3``, which keeps its own adapter table). Outside
:mod:`fieldkit.models` so that the factory imports no model (a first view read without the ORM:
:mod:`fieldkit.services.today_sql`); ``fieldkit.models.sqlite_adapters`` is the same module's names."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import Any


def adapt_date(value: date) -> str:
    return value.isoformat()


def adapt_datetime(value: datetime) -> str:
    return value.isoformat(" ")


def register(module: Any = sqlite3) -> None:
    """Register the adapters with ``module`` (``sqlite3`` or ``sqlcipher3.dbapi2``)."""
    module.register_adapter(datetime, adapt_datetime)  # before date: datetime is a date subclass
    module.register_adapter(date, adapt_date)
