"""Column types shared by the tables."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import types
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.operators import OperatorType

#: width of the stored text, e.g. ``2026-11-21T02:00:00.000000+00:00``
UTC_TEXT_WIDTH = 32


def utc_text(value: datetime) -> str:
    """The one stored form of an instant: fixed-width ISO-8601 in UTC with microseconds and ``+00:00``.

    Every value has the same width and offset, so comparing the texts (an index range scan, ``ORDER
    BY``, ``max()``) compares the instants. A naive ``value`` is taken to be UTC already."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def parse_utc_text(value: str) -> datetime:
    """An aware UTC datetime from stored text. Also reads the older forms a store may still hold
    (``2026-11-21 02:00:00.000000`` naive UTC, ``2026-11-21 02:00:00+00:00``, any other offset)."""
    dt = datetime.fromisoformat(value)
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


class UTCDateTime(types.TypeDecorator[datetime]):
    """An instant, stored as the fixed-width UTC text of :func:`utc_text` and read back as an aware
    UTC datetime.

    Aware values in any time zone are converted to UTC; **naive values bound from Python are taken
    to be UTC** (FieldKit builds instants with :func:`fieldkit.models.utcnow` or from an aware local
    time, so a naive value can only be UTC). Values are bound as text, so no datetime ever goes
    through the ``sqlite3`` module's (deprecated) default adapters, and raw SQL must compare a
    column with :func:`utc_text` of a bound instant, never with a Python datetime."""

    impl = types.String(UTC_TEXT_WIDTH)
    cache_ok = True

    def coerce_compared_value(self, op: OperatorType | None, value: Any) -> types.TypeEngine[Any]:
        if isinstance(value, timedelta):
            return types.Interval()
        return self  # ``col >= some_datetime`` binds the datetime through this type

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        return utc_text(value)

    def process_result_value(self, value: str | datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, datetime):  # a driver that returns datetimes itself
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return parse_utc_text(value)
