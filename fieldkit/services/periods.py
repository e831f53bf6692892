"""The periods a ledger is printed for: this month, last month, this quarter, last quarter, this
year, last year (the 台账 of a quarter is the usual one; a month's for a weekly meeting, a year's for
the annual 考核). :func:`named_periods` gives them for a day, labels marked for translation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .i18n import QT_TRANSLATE_NOOP as N
from .i18n import translate
from .timeutil import quarter_bounds

CTX = "Periods"


@dataclass(frozen=True)
class NamedPeriod:
    code: str
    label: str  # marked Chinese source text (context ``Periods``); :attr:`text` translates it
    start: date
    end: date

    @property
    def text(self) -> str:
        return translate(CTX, self.label)


def month_bounds(d: date) -> tuple[date, date]:
    start = d.replace(day=1)
    nxt = (start + timedelta(days=32)).replace(day=1)
    return start, nxt - timedelta(days=1)


def named_periods(today: date) -> list[NamedPeriod]:
    """The usual ledger periods around ``today``, the current quarter third (the default)."""
    m0, m1 = month_bounds(today)
    p0, p1 = month_bounds(m0 - timedelta(days=1))
    q0, q1 = quarter_bounds(today)
    lq0, lq1 = quarter_bounds(q0 - timedelta(days=1))
    return [
        NamedPeriod("month", N(CTX, "本月"), m0, m1),
        NamedPeriod("last_month", N(CTX, "上月"), p0, p1),
        NamedPeriod("quarter", N(CTX, "本季度"), q0, q1),
        NamedPeriod("last_quarter", N(CTX, "上季度"), lq0, lq1),
        NamedPeriod("year", N(CTX, "本年"), date(today.year, 1, 1), date(today.year, 12, 31)),
        NamedPeriod("last_year", N(CTX, "上年"), date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    ]
