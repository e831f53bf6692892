"""The supervisor board's counts per day (``board_tally``, kept by triggers) stay right whoever
writes: after random writes to visit plans, demands and proxy services through the store's write
path, sync's apply and raw SQL (``INSERT OR REPLACE``, hard deletes), every figure and list of the
zone's Today board equals a straightforward computation over all rows in Python, and the table
equals its rebuild."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from fieldkit.domain.demands import OPEN_STATES
from fieldkit.models import Demand, ProxyService, VisitPlan, board_tally
from fieldkit.services import overview, store
from fieldkit.services.demands import DUE_SOON_DAYS
from fieldkit.services.replica import RemoteRow, apply_remote
from tests.unit.fixtures import ACTOR, DB, add_enterprise, add_staff

DAYS = (date(2026, 11, 2), date(2026, 11, 18), date(2026, 11, 22), date(2026, 12, 31))
PLAN_STATUSES = ("planned", "done", "cancelled", "planned")
DEMAND_STATES = (*OPEN_STATES, "closed", "archived")
PROXY_STATUSES = ("accepted", "in_progress", "completed", "terminated")
LIMIT = 4


def _day(rng: random.Random) -> date:
    return date(2026, 10, 20) + timedelta(days=rng.randrange(60))


def _expected(s: Session, today: date) -> dict[str, Any]:
    """Every zone-wide figure of the board and the order keys of its lists, from all rows."""
    mon, sun = overview.week_bounds(today)
    plans = [p for p in s.exec(select(VisitPlan)).all() if not p.deleted]
    week = [p for p in plans if mon <= p.planned_date <= sun and p.status != "cancelled"]
    on_day = [p for p in week if p.planned_date == today]
    late = [p for p in plans if p.status == "planned" and p.planned_date < today]
    demands = [
        d
        for d in s.exec(select(Demand)).all()
        if not d.deleted and d.state in OPEN_STATES and d.deadline is not None
    ]
    horizon = today + timedelta(days=3)
    shown = [d for d in demands if d.deadline is not None and d.deadline <= horizon]
    proxies = [
        p
        for p in s.exec(select(ProxyService)).all()
        if not p.deleted and p.status in ("accepted", "in_progress")
    ]
    return {
        "week": len(week),
        "today": len(on_day),
        "today_due": sum(p.status == "planned" for p in on_day),
        "overdue": len(late),
        "demands_overdue": sum(d.deadline is not None and d.deadline < today for d in demands),
        "demands_soon": sum(d.deadline is not None and today <= d.deadline <= horizon for d in demands),
        "demands_remind": sum(
            d.deadline is not None and today <= d.deadline <= today + timedelta(days=DUE_SOON_DAYS)
            for d in demands
        ),
        "proxies": len(proxies),
        "week_dates": sorted(p.planned_date for p in week)[:LIMIT],
        "today_ids": {p.id for p in on_day},
        "late_dates": sorted((p.planned_date for p in late), reverse=True)[:LIMIT],
        "late_ids": {p.id for p in late},
        "demand_dates": sorted(d.deadline for d in shown if d.deadline)[:LIMIT],
        "demand_ids": {d.id for d in shown},
        "proxy_dates": sorted((p.accepted_on for p in proxies), reverse=True)[:LIMIT],
        "proxy_ids": {p.id for p in proxies},
    }


def _board(s: Session, today: date) -> dict[str, Any]:
    ov = overview.today_overview(s, None, today, include_policies=False)
    assert {p.id for p in ov.plans_week} <= {p.id for p in s.exec(select(VisitPlan)).all()}
    return {
        "week": ov.plans_week_count,
        "today": ov.plans_today_count,
        "today_due": ov.plans_today_due,
        "overdue": ov.overdue_count,
        "demands_overdue": ov.demands_overdue_count,
        "demands_soon": ov.demands_soon_count,
        "demands_remind": ov.demands_reminder_count,
        "proxies": ov.proxies_count,
        "week_dates": [p.planned_date for p in ov.plans_week],
        "today_ids": {p.id for p in ov.plans_today},
        "late_dates": sorted((p.planned_date for p in ov.overdue_plans), reverse=True),
        "late_ids": {p.id for p in ov.overdue_plans},
        "demand_dates": [d.deadline for d in ov.demands],
        "demand_ids": {d.id for d in ov.demands},
        "proxy_dates": [p.due_date for p in ov.proxies],  # replaced below: ProxyItem has no accepted_on
        "proxy_ids": {p.id for p in ov.proxies},
    }


def _check(db: DB) -> None:
    with db.session() as s:
        for today in DAYS:
            got, want = _board(s, today), _expected(s, today)
            accepted = {p.id: p.accepted_on for p in s.exec(select(ProxyService)).all()}
            got["proxy_dates"] = sorted((accepted[i] for i in got["proxy_ids"]), reverse=True)
            for key in ("today_ids", "late_ids", "demand_ids", "proxy_ids"):  # the lists: their first rows
                shown, every = got.pop(key), want.pop(key)
                assert shown <= every and len(shown) == min(LIMIT, len(every)), (today, key)
            assert got == want, today
        conn = s.connection()
        kept = board_tally.rows(conn)
        board_tally.rebuild(conn)
        assert kept == board_tally.rows(conn)
        s.rollback()


def _remote(obj: Any, version: int) -> RemoteRow:
    return RemoteRow(store.table_name(type(obj)), {**store.row_values(obj), "id": obj.id}, version)


def _new(rng: random.Random, kind: int, eid: str, sid: str) -> Any:
    if kind == 0:
        return VisitPlan(
            staff_id=sid, enterprise_id=eid, planned_date=_day(rng), status=rng.choice(PLAN_STATUSES)
        )
    if kind == 1:
        return Demand(
            enterprise_id=eid,
            staff_id=sid,
            state=rng.choice(DEMAND_STATES),
            deadline=None if rng.random() < 0.15 else _day(rng),
        )
    return ProxyService(
        enterprise_id=eid,
        staff_id=sid,
        item="营业执照",
        status=rng.choice(PROXY_STATUSES),
        accepted_on=_day(rng),
    )


def _edit(rng: random.Random, row: Any) -> dict[str, Any]:
    if isinstance(row, VisitPlan):
        return rng.choice(({"status": rng.choice(PLAN_STATUSES)}, {"planned_date": _day(rng)}))
    if isinstance(row, Demand):
        return rng.choice(({"state": rng.choice(DEMAND_STATES)}, {"deadline": rng.choice((None, _day(rng)))}))
    return rng.choice(({"status": rng.choice(PROXY_STATUSES)}, {"accepted_on": _day(rng)}))


MODELS = (VisitPlan, Demand, ProxyService)


def test_the_tables_open_states_are_the_domains() -> None:
    assert board_tally.DEMAND_OPEN_STATES == OPEN_STATES


@pytest.mark.parametrize("seed", [1, 2])
def test_zone_board_counts_follow_random_writes_by_every_writer(
    db: DB, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(overview, "SECTION_LIMIT", LIMIT)
    rng = random.Random(seed)
    with db.tx() as s:
        staff = [add_staff(s, f"人员{i}", f"user{i}").id for i in range(2)]
        ents = [add_enterprise(s, f"企业{i:02d}").id for i in range(6)]
        for i, d in enumerate(DAYS):  # rows on the board's days, which later writes may change
            for k in range(3):
                store.insert(s, VisitPlan(staff_id=staff[0], enterprise_id=ents[i], planned_date=d), ACTOR)
                store.insert(
                    s,
                    Demand(
                        enterprise_id=ents[k],
                        staff_id=staff[1],
                        state="assigned",
                        deadline=d + timedelta(days=k),
                    ),
                    ACTOR,
                )
    version = 100
    for step in range(240):
        version += 1
        model = rng.randrange(3)
        with db.tx() as s:
            op = rng.randrange(10)
            rows = s.exec(select(MODELS[model])).all()
            if op <= 3 or not rows:  # a new row by the write path
                store.insert(s, _new(rng, model, rng.choice(ents), rng.choice(staff)), ACTOR)
            elif op <= 5:  # an edit: status / state, day, reassignment to another assistant
                row = rng.choice(rows)
                changes = _edit(rng, row) if rng.random() < 0.8 else {"staff_id": rng.choice(staff)}
                store.update(s, row, ACTOR, **changes)
            elif op == 6:  # a tombstone
                store.delete(s, rng.choice(rows), ACTOR)
            elif op == 7:  # sync's apply: a new row or a newer version of a stored one
                if rng.random() < 0.5:
                    old = rng.choice(rows)
                    row = type(old).model_validate(store.row_values(old) | {"id": old.id} | _edit(rng, old))
                else:
                    row = _new(rng, model, rng.choice(ents), rng.choice(staff))
                apply_remote(s, [_remote(row, version)])
            elif op == 8:  # another program: INSERT OR REPLACE over a stored row, then a raw edit
                table = store.table_name(MODELS[model])
                rid = rng.choice(rows).id
                conn = s.connection()
                conn.exec_driver_sql(
                    f"INSERT OR REPLACE INTO {table} SELECT * FROM {table} WHERE id = ?", (rid,)
                )
                column = {"visitplan": "planned_date", "demand": "deadline", "proxyservice": "accepted_on"}[
                    table
                ]
                conn.exec_driver_sql(
                    f"UPDATE {table} SET {column} = ? WHERE id = ?", (_day(rng).isoformat(), rid)
                )
            else:  # a hard delete (a purge)
                table = store.table_name(MODELS[model])
                rid = rng.choice(rows).id
                if table == "demand":
                    s.connection().exec_driver_sql("DELETE FROM demandevent WHERE demand_id = ?", (rid,))
                s.connection().exec_driver_sql(f"DELETE FROM {table} WHERE id = ?", (rid,))
        if step % 30 == 29:
            _check(db)
    _check(db)
    with db.session() as s:  # the writes reached the cases the board distinguishes
        want = [_expected(s, d) for d in DAYS]
        assert want[-1]["overdue"] > LIMIT and all(w["proxies"] > LIMIT for w in want)
        assert any(w["demands_overdue"] for w in want) and any(w["demands_soon"] for w in want), want
        assert any(w["today"] for w in want), want


def test_zone_board_lists_read_the_partial_indexes(db: DB) -> None:
    """The zone's overdue plans, open demands and open proxies are read in the shown order from
    their partial indexes (no sort of every open row), and its counts by ``board_tally``'s key."""
    from sqlalchemy import event

    seen: list[str] = []
    engine = db.engine

    def grab(conn: Any, cursor: Any, statement: str, params: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).fetchall()
            seen.append(" | ".join(str(r[3]) for r in plan))

    with db.session() as s:
        s.connection()
        event.listen(engine, "before_cursor_execute", grab)
        try:
            overview.today_overview(s, None, date(2026, 11, 18), include_policies=False)
        finally:
            event.remove(engine, "before_cursor_execute", grab)
    plans = "\n".join(seen)
    for index in ("ix_visitplan_overdue", "ix_demand_open_deadline", "ix_proxyservice_open"):
        line = next(p for p in seen if index in p)
        assert "TEMP B-TREE" not in line, line
    assert "board_tally USING PRIMARY KEY" in plans
    assert not any(("SCAN visitplan" in p or "SCAN demand" in p) and "USING" not in p for p in seen), plans
