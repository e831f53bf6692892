"""Dates and times: instants stored in UTC, periods (days, quarters) in local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta


def local_tz():  # type: ignore[no-untyped-def]
    return datetime.now().astimezone().tzinfo


def day_start(d: date) -> datetime:
    """Local midnight of ``d`` as an aware datetime (comparable with stored UTC instants).

    The offset is that of ``d`` itself (a naive ``astimezone``), not today's: they differ across
    a daylight-saving change.
    """
    return datetime.combine(d, time.min).astimezone().astimezone(UTC)


def day_end(d: date) -> datetime:
    """Start of the next local day (exclusive end)."""
    return day_start(d + timedelta(days=1))


def to_local(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone()  # the local offset at that instant, not today's


def fmt_date(d: date | datetime | None) -> str:
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = to_local(d)
    return d.strftime("%Y-%m-%d")  # type: ignore[union-attr]


def fmt_datetime(dt: datetime | None) -> str:
    loc = to_local(dt)
    return loc.strftime("%Y-%m-%d %H:%M") if loc else ""


def quarter_bounds(d: date) -> tuple[date, date]:
    """First and last day of the calendar quarter containing ``d``."""
    q0 = (d.month - 1) // 3 * 3 + 1
    start = date(d.year, q0, 1)
    end = date(d.year + (q0 == 10), (q0 + 3 - 1) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def local_today() -> date:
    return datetime.now().astimezone().date()


def sql_local_modifier(*instants: datetime) -> str:
    """The SQLite date-function modifier that turns a stored UTC instant into local time, for
    instants within ``instants``' span: a fixed ``'+480 minutes'`` when the local offset is the same
    at every one of them (China's all year), else ``'localtime'``. The same result either way (the
    offset is the process's time zone's, as :func:`to_local`); the fixed one is arithmetic, about a
    quarter of the cost of ``'localtime'``, which asks the C library for every row. Callers pass
    points no further apart than a month, so a daylight-saving change between them shows."""
    offsets = {i.astimezone().utcoffset() for i in instants}
    if len(offsets) != 1:
        return "localtime"
    offset = offsets.pop()
    if offset is None:
        return "localtime"
    return f"{int(offset.total_seconds() // 60):+d} minutes"
