"""UTCDateTime: every instant stored as one fixed-width UTC text, read back as the same aware instant."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import col, select

from fieldkit.models import ServiceRecord, Zone
from fieldkit.models.types import parse_utc_text, utc_text
from fieldkit.services import store
from fieldkit.services.demo import generate
from tests.unit.fixtures import ACTOR, DB, add_enterprise, add_staff, local, local_timezone


def stored(db: DB, table: str, column: str, row_id: str) -> str:
    con = sqlite3.connect(db.path)
    try:
        return con.execute(f"SELECT {column} FROM {table} WHERE id = ?", (row_id,)).fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("tz", ["Asia/Shanghai", "America/Los_Angeles", "UTC"])
def test_aware_local_in_same_instant_out(db: DB, tz: str) -> None:
    with local_timezone(tz):
        at = local(2026, 11, 21, 10, 0)  # 10:00 wall-clock in ``tz``
        with db.tx() as s:
            st = add_staff(s, "张伟", "zw")
            e = add_enterprise(s, "华为技术有限公司")
            r = store.insert(s, ServiceRecord(enterprise_id=e.id, staff_id=st.id, visit_at=at), ACTOR)
        with db.session() as s:
            back = s.get(ServiceRecord, r.id).visit_at
    assert back == at and back.tzinfo == UTC
    assert stored(db, "servicerecord", "visit_at", r.id) == utc_text(at)
    assert stored(db, "servicerecord", "visit_at", r.id) == at.astimezone(UTC).strftime(
        "%Y-%m-%dT%H:%M:%S.000000+00:00"
    )


def test_naive_values_are_taken_as_utc(db: DB) -> None:
    with db.tx() as s:
        z = store.insert(s, Zone(name="z", created_at=datetime(2026, 11, 21, 2, 0)), ACTOR)
    assert stored(db, "zone", "created_at", z.id) == "2026-11-21T02:00:00.000000+00:00"
    with db.session() as s:
        assert s.get(Zone, z.id).created_at == datetime(2026, 11, 21, 2, 0, tzinfo=UTC)


def test_text_order_is_time_order_and_comparisons_bind_the_same_form(db: DB) -> None:
    plus8 = timezone(timedelta(hours=8))
    instants = [
        datetime(2026, 11, 21, 10, 0, tzinfo=plus8),  # 02:00 UTC
        datetime(2026, 11, 21, 2, 0, 0, 1, tzinfo=UTC),  # a microsecond later
        datetime(2026, 11, 20, 20, 0, tzinfo=timezone(timedelta(hours=-7))),  # 03:00 UTC
        datetime(2026, 11, 21, 1, 59, 59, 999999, tzinfo=UTC),  # just before
        datetime(999, 1, 1, tzinfo=UTC),
    ]
    with db.tx() as s:
        ids = [store.insert(s, Zone(name=str(i), created_at=t), ACTOR).id for i, t in enumerate(instants)]
    texts = [stored(db, "zone", "created_at", i) for i in ids]
    assert len({len(t) for t in texts}) == 1  # fixed width
    assert sorted(texts) == [utc_text(t) for t in sorted(instants)]
    with db.session() as s:
        ordered = s.exec(select(Zone.name).order_by(col(Zone.created_at))).all()
        assert ordered == [str(instants.index(t)) for t in sorted(instants)]
        since = s.exec(
            select(Zone.name).where(col(Zone.created_at) >= datetime(2026, 11, 21, 10, 0, tzinfo=plus8))
        ).all()
        assert sorted(since) == ["0", "1", "2"]


def test_old_forms_are_read_as_the_same_instant() -> None:
    want = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
    for old in (
        "2026-11-21 02:00:00.000000",
        "2026-11-21 02:00:00",
        "2026-11-21 02:00:00+00:00",
        "2026-11-21 10:00:00+08:00",
        "2026-11-21T02:00:00.000000+00:00",
    ):
        assert parse_utc_text(old) == want and parse_utc_text(old).tzinfo == UTC


def test_no_date_or_datetime_reaches_the_sqlite_driver(db: DB) -> None:
    """Every value is bound as text by the column types: nothing goes through sqlite3's default
    date/datetime adapters (deprecated since Python 3.12)."""
    seen: list[Any] = []

    def check(_conn: Any, _cursor: Any, _sql: str, params: Any, _context: Any, executemany: bool) -> None:
        for row in params if executemany else [params]:
            values = row.values() if isinstance(row, dict) else row or ()
            seen.extend(v for v in values if isinstance(v, date | datetime))

    event.listen(db.engine, "before_cursor_execute", check)
    try:
        generate(db.engine, enterprises=2, seed=3, records=6)
        with db.tx() as s:
            st = add_staff(s, "张伟", "zw")
            e = add_enterprise(s, "华为技术有限公司")
            store.insert(
                s, ServiceRecord(enterprise_id=e.id, staff_id=st.id, visit_at=local(2026, 3, 1)), ACTOR
            )
    finally:
        event.remove(db.engine, "before_cursor_execute", check)
    assert seen == []
