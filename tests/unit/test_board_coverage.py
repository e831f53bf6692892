"""The supervisor board's per-enterprise facts (``board_coverage``, kept by triggers) stay right
whoever writes: after random writes through the store's write path, sync's apply and raw SQL
(``INSERT OR REPLACE``, hard deletes), the board's two zone-wide figures and its first names equal
a from-scratch computation of the rule over the rows, and the table equals its rebuild."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Connection
from sqlmodel import Session, select

from fieldkit.models import Assignment, Enterprise, ServiceRecord, Staff, board_index, board_tally
from fieldkit.models.types import utc_text
from fieldkit.services import overview, store
from fieldkit.services.replica import RemoteRow, apply_remote
from fieldkit.services.timeutil import day_end, day_start, quarter_bounds
from tests.unit.fixtures import ACTOR, DB, add_enterprise, add_staff, local_timezone

#: the days the board is asked about: inside, at the edges of and after the quarter the writes use
DAYS = (date(2026, 10, 1), date(2026, 10, 20), date(2026, 11, 21), date(2026, 12, 31), date(2027, 1, 3))
KINDS = ("onsite", "phone", "online")
STATUSES = ("draft", "submitted", "reviewed", "returned")


def _day(rng: random.Random) -> date:
    return date(2026, 9, 15) + timedelta(days=rng.randrange(120))


def _instant(rng: random.Random) -> datetime:
    return datetime.combine(_day(rng), datetime.min.time()).astimezone() + timedelta(
        minutes=rng.randrange(24 * 60)
    )


def _expected(s: Session, today: date) -> tuple[int, int, list[str]]:
    """The rule from the rows, in Python: operating live enterprises with a current assignment,
    and those of them without a live submitted or reviewed on-site visit from the quarter's first
    day to today."""
    start, end = quarter_bounds(today)
    lo, hi = day_start(start), day_end(min(end, today))
    current = {
        a.enterprise_id
        for a in s.exec(select(Assignment)).all()
        if not a.deleted and a.start_date <= today and (a.end_date is None or a.end_date >= today)
    }
    visited = {
        r.enterprise_id
        for r in s.exec(select(ServiceRecord)).all()
        if not r.deleted
        and r.kind == "onsite"
        and r.status in ("submitted", "reviewed")
        and lo <= r.visit_at < hi
    }
    scope = [
        e
        for e in s.exec(select(Enterprise)).all()
        if not e.deleted and e.status == "operating" and e.id in current
    ]
    missing = sorted(e.name for e in scope if e.id not in visited)
    return len(scope), len(missing), missing[: overview.SECTION_LIMIT]


def _rows(conn: Connection) -> list[Any]:
    return list(conn.exec_driver_sql(f"SELECT * FROM {board_index.TABLE} ORDER BY enterprise_id").fetchall())


def _check(db: DB) -> None:
    with db.session() as s:
        for today in DAYS:
            total, count, first = overview.not_visited_this_quarter(s, None, today)
            assert (total, count, [name for _id, name in first]) == _expected(s, today), today
        kept, counts = _rows(s.connection()), board_tally.rows(s.connection())
        board_index.rebuild(s.connection())
        assert kept == _rows(s.connection())
        assert counts == board_tally.rows(s.connection())  # the coverage sums follow the rebuild's writes
        board_tally.rebuild(s.connection())
        assert counts == board_tally.rows(s.connection())  # ... and equal their own from-scratch sums
        s.rollback()


def _remote(obj: Any, version: int) -> RemoteRow:
    return RemoteRow(store.table_name(type(obj)), {**store.row_values(obj), "id": obj.id}, version)


@pytest.mark.parametrize(("seed", "zone"), [(1, "UTC"), (2, "UTC"), (1, "CST-8"), (2, "CST-8")])
def test_facts_follow_random_writes_by_every_writer(
    db: DB, seed: int, zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``CST-8``: China's UTC+8, where a quarter's first local day starts on the UTC date before
    (the board's sums over UTC dates count that edge date's rows one by one)."""
    with local_timezone(zone):
        _random_writes(db, seed, monkeypatch)


def _random_writes(db: DB, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(overview, "SECTION_LIMIT", 4)
    rng = random.Random(seed)
    with db.tx() as s:
        staff = [add_staff(s, f"人员{i}", f"user{i}").id for i in range(2)]
        ents = [add_enterprise(s, f"企业{i:02d}").id for i in range(10)]
    version = 100
    for step in range(160):
        version += 1
        with db.tx() as s:
            op = rng.randrange(12)
            eid = rng.choice(ents)
            if op == 0:  # a new enterprise
                ents.append(add_enterprise(s, f"新企业{step:03d}").id)
            elif op == 1:  # status or tombstone
                e = s.get(Enterprise, eid)
                assert e is not None
                if rng.random() < 0.3:
                    store.delete(s, e, ACTOR)
                else:
                    store.update(s, e, ACTOR, status=rng.choice(("operating", "hibernating", "operating")))
            elif op in (2, 3):  # an assignment, sometimes ended, sometimes ending before it starts
                first = _day(rng) - timedelta(days=rng.randrange(400))
                last = None if rng.random() < 0.4 else first + timedelta(days=rng.randrange(-3, 150))
                a = Assignment(staff_id=rng.choice(staff), enterprise_id=eid, start_date=first, end_date=last)
                store.insert(s, a, ACTOR)
            elif op == 4:  # an assignment changed: ended, moved, tombstoned
                rows = s.exec(select(Assignment)).all()
                if rows:
                    a = rng.choice(rows)
                    if rng.random() < 0.3:
                        store.delete(s, a, ACTOR)
                    else:
                        store.update(
                            s, a, ACTOR, end_date=_day(rng), start_date=_day(rng) - timedelta(days=30)
                        )
            elif op in (5, 6, 7):  # a record by the write path
                r = ServiceRecord(
                    enterprise_id=eid,
                    staff_id=rng.choice(staff),
                    kind=rng.choice(KINDS),
                    status=rng.choice(STATUSES),
                    visit_at=_instant(rng),
                )
                store.insert(s, r, ACTOR)
            elif op == 8:  # a record edited: status, time, kind, enterprise, tombstone
                rows = s.exec(select(ServiceRecord)).all()
                if rows:
                    r = rng.choice(rows)
                    field = rng.choice(("status", "visit_at", "kind", "enterprise_id", "deleted"))
                    value: Any = {
                        "status": rng.choice(STATUSES),
                        "visit_at": _instant(rng),
                        "kind": rng.choice(KINDS),
                        "enterprise_id": rng.choice(ents),
                        "deleted": True,
                    }[field]
                    store.update(s, r, ACTOR, **{field: value})
            elif op == 9:  # sync's apply: a new row or a newer version of a stored one
                rows = s.exec(select(ServiceRecord)).all()
                if rows and rng.random() < 0.5:
                    old = rng.choice(rows)
                    r = ServiceRecord.model_validate(store.row_values(old) | {"id": old.id})
                    r.status, r.visit_at = rng.choice(STATUSES), _instant(rng)
                else:
                    r = ServiceRecord(
                        enterprise_id=eid,
                        staff_id=rng.choice(staff),
                        status="submitted",
                        visit_at=_instant(rng),
                    )
                a = Assignment(staff_id=rng.choice(staff), enterprise_id=eid, start_date=_day(rng))
                apply_remote(s, [_remote(r, version), _remote(a, version)])
            elif op == 10:  # another program: INSERT OR REPLACE over an existing record
                rows = s.exec(select(ServiceRecord.id)).all()
                if rows:
                    s.connection().exec_driver_sql(
                        "INSERT OR REPLACE INTO servicerecord SELECT * FROM servicerecord WHERE id = ?",
                        (rng.choice(rows),),
                    )
                    s.connection().exec_driver_sql(
                        "UPDATE servicerecord SET visit_at = ? WHERE id = ?",
                        (utc_text(_instant(rng)), rows[0]),
                    )
            else:  # hard deletes (a purge)
                rows = s.exec(select(ServiceRecord.id).where(ServiceRecord.enterprise_id == eid)).all()
                for rid in rows[:2]:
                    s.connection().exec_driver_sql(
                        "UPDATE servicerecord SET amends_id = NULL WHERE amends_id = ?", (rid,)
                    )
                    s.connection().exec_driver_sql("DELETE FROM servicerecord WHERE id = ?", (rid,))
        if step % 20 == 19:
            _check(db)
    _check(db)
    with db.session() as s:  # the writes reached every case the facts distinguish
        conn = s.connection()
        gaps, future = conn.exec_driver_sql(
            f"SELECT sum(assigned_gaps), sum(last_onsite_at >= ?) FROM {board_index.TABLE}",
            (utc_text(day_end(DAYS[2])),),
        ).one()
        assert gaps and future
        assert s.exec(select(Staff)).all()


def test_one_enterprises_last_visit_is_read_from_the_enterprise_index_in_a_fresh_store(tmp_path: Any) -> None:
    """A fresh store has no statistics (a laptop's initial sync writes into one): the trigger's
    per-enterprise subquery must search by enterprise, not scan the zone's records by deleted /
    status for every record inserted (that made an initial sync quadratic)."""
    from fieldkit.db import open_store

    engine = open_store(tmp_path / "fresh.sqlite3")
    sql = board_index._last_onsite("'e1'")  # noqa: SLF001 - the trigger's subquery itself
    with engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN SELECT {sql}"))
    engine.dispose()
    assert "ix_servicerecord_enterprise_id (enterprise_id=?)" in plan, plan
