"""The Today board's lists are bounded (the first SECTION_LIMIT rows) and its totals counted in SQL:
the counts equal the full lists' lengths, the lists are their first rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from fieldkit.db import open_store
from fieldkit.services import overview
from fieldkit.services.demands import DUE_SOON_DAYS, days_left, due_soon_or_overdue
from fieldkit.services.demo import generate
from fieldkit.services.planning import effective_status, overdue_plans, plans_between
from fieldkit.services.proxy import list_proxies
from fieldkit.services.timeutil import local_today

LIMIT = 3


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    eng = open_store(Path(tmp_path_factory.mktemp("board")) / "fieldkit.sqlite3")
    generate(eng, enterprises=80, seed=5)
    return eng


def test_lists_bounded_counts_complete(engine, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(overview, "SECTION_LIMIT", LIMIT)
    today = local_today()
    mon, sun = overview.week_bounds(today)
    with Session(engine) as s:
        ov = overview.today_overview(s, None, today, include_policies=False)
        week = plans_between(s, None, mon, sun, include_cancelled=False)
        demands = due_soon_or_overdue(s, None, today, days=3)
        proxies = list_proxies(s, statuses=("accepted", "in_progress"))
        late = overdue_plans(s, None, today)
        total, missing, _first = overview.not_visited_this_quarter(s, None, today)
        # the full lists, unbounded: the demo zone has more than LIMIT of each
        assert len(week) > LIMIT and len(demands) > LIMIT and len(proxies) > LIMIT and len(late) > LIMIT
        assert missing > LIMIT
    assert ov.plans_week_count == len(week)
    assert len(ov.plans_week) == LIMIT and {p.id for p in ov.plans_week} <= {p.id for p in week}
    assert [p.planned_date for p in ov.plans_week] == [p.planned_date for p in week][:LIMIT]
    assert ov.plans_today_count == sum(1 for p in week if p.planned_date == today)
    assert ov.plans_today_due == sum(1 for p in week if p.planned_date == today and p.status == "planned")
    assert ov.overdue_count == len(late) and len(ov.overdue_plans) == LIMIT
    assert all(p.status == "overdue" for p in ov.overdue_plans)
    assert all(effective_status(p, today) == "overdue" for p in late)
    lefts = [days_left(d, today) for d in demands]
    assert ov.demands_overdue == sum(1 for n in lefts if n is not None and n < 0)
    assert ov.demands_due_soon == sum(1 for n in lefts if n is not None and n >= 0)
    assert ov.reminders() == (
        ov.plans_today_due,
        len(late),
        ov.demands_overdue,
        sum(1 for n in lefts if n is not None and 0 <= n <= DUE_SOON_DAYS),
    )
    assert (
        len(ov.demands) == LIMIT
        and [d.deadline for d in ov.demands] == sorted(d.deadline for d in demands if d.deadline)[:LIMIT]
    )
    assert ov.proxies_count == len(proxies) and len(ov.proxies) == LIMIT
    assert ov.not_visited_count == missing and ov.assigned_count == total and len(ov.not_visited) == LIMIT
    names = [n for _i, n in ov.not_visited]
    assert names == sorted(names)
