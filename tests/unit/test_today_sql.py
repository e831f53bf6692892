"""The start's first view (Today read with plain DB-API SQL, :mod:`fieldkit.services.today_sql`)
shows the same figures and rows as the ORM's :func:`~fieldkit.services.overview.today_overview`,
on generated stores, for the whole zone (a supervisor) and for assistants, on several days; and it
is read without importing SQLAlchemy, SQLModel, pydantic or the models."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from fieldkit.db import open_store
from fieldkit.domain.demands import OPEN_STATES
from fieldkit.models import Staff, board_tally
from fieldkit.models.types import utc_text
from fieldkit.services import overview, today_sql
from fieldkit.services.demo import generate
from fieldkit.services.timeutil import local_today, quarter_bounds


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    path = Path(tmp_path_factory.mktemp("today_sql")) / "fieldkit.sqlite3"
    eng = open_store(path)
    generate(eng, enterprises=120, seed=7)
    _new_assignments(path)
    return path, eng


def _copy_row(conn: sqlite3.Connection, table: str, where: str, **changes: object) -> None:
    conn.row_factory = sqlite3.Row
    row = dict(conn.execute(f"SELECT * FROM {table} WHERE {where} LIMIT 1").fetchone())
    conn.row_factory = None
    row.update(changes)
    names = ", ".join(row)
    conn.execute(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(row))})", list(row.values()))


def _new_assignments(path: Path) -> None:
    """First contacts due (the demo has none): three new assignments of the first assistant, one
    with an older record of theirs (still due), one with a record since (not due)."""
    today = local_today()
    conn = sqlite3.connect(path)
    with conn:
        sid = sorted(
            r[0] for r in conn.execute("SELECT id FROM staff WHERE role = 'assistant' AND deleted = 0")
        )[0]
        others = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM enterprise WHERE deleted = 0 AND status = 'operating' AND id NOT IN "
                "(SELECT enterprise_id FROM assignment WHERE staff_id = ?) ORDER BY id LIMIT 3",
                (sid,),
            )
        ]
        since = today - timedelta(days=10)
        for n, eid in enumerate(others):
            _copy_row(
                conn,
                "assignment",
                "1",
                id=f"new-assignment-{n}",
                staff_id=sid,
                enterprise_id=eid,
                start_date=since.isoformat(),
                end_date=None,
                deleted=0,
            )
        for n, (eid, days) in enumerate(((others[1], -30), (others[2], 3))):
            at = utc_text(datetime.combine(since + timedelta(days=days), datetime.min.time()).astimezone())
            _copy_row(
                conn,
                "servicerecord",
                "staff_id = ?".replace("?", repr(sid)),
                id=f"new-record-{n}",
                enterprise_id=eid,
                visit_at=at,
                status="submitted",
                deleted=0,
            )
    conn.close()


def _days() -> list[date]:
    today = local_today()
    q0, q1 = quarter_bounds(today)
    return [today, q0, q1, today - timedelta(days=40), today + timedelta(days=9)]


def _staff(eng: object) -> list[str | None]:
    with Session(eng) as s:  # type: ignore[arg-type]
        ids = s.exec(select(Staff.id).where(Staff.role == "assistant", col(Staff.deleted).is_(False))).all()
    return [None, *sorted(ids)[:4]]


def test_constants_match_the_models() -> None:
    assert today_sql.PROXY_OPEN_STATES == board_tally.PROXY_OPEN_STATES
    assert OPEN_STATES == board_tally.DEMAND_OPEN_STATES
    from datetime import UTC, datetime

    for t in (datetime(2026, 3, 1, 8, 5, tzinfo=UTC), datetime(2026, 3, 1, 8, 5)):
        assert today_sql.utc_text(t) == utc_text(t)


@pytest.mark.parametrize("limit", [overview.SECTION_LIMIT, 3])
def test_same_board_as_the_orm(
    store: tuple[Path, object], monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    path, eng = store
    monkeypatch.setattr(overview, "SECTION_LIMIT", limit)
    raw = sqlite3.connect(path)
    compared = 0
    try:
        for staff_id in _staff(eng):
            for day in _days():
                with Session(eng) as s:  # type: ignore[arg-type]
                    orm = overview.today_overview(s, staff_id, day, include_policies=False)
                fast = today_sql.today_overview_sql(raw, staff_id, day, limit=limit)
                assert fast == orm, (staff_id, day)
                compared += 1
    finally:
        raw.close()
    assert compared == 5 * len(_days())


def test_the_board_is_not_empty(store: tuple[Path, object]) -> None:
    """The comparison above compares something: the generated zone fills every part of the board."""
    path, eng = store
    raw = sqlite3.connect(path)
    try:
        zone = today_sql.today_overview_sql(raw, None, local_today())
        assert zone.plans_week_count and zone.plans_week and zone.demands and zone.proxies
        assert zone.not_visited_count and zone.not_visited and zone.assigned_count
        assert any(p.staff_name for p in zone.plans_week)
        mine = [today_sql.today_overview_sql(raw, sid, local_today()) for sid in _staff(eng)[1:]]
        assert any(ov.plans_week for ov in mine) and any(ov.not_visited for ov in mine)
        assert any(ov.demands for ov in mine)
        assert mine[0].first_contacts_count == 2 and len(mine[0].first_contacts) == 2
    finally:
        raw.close()


def test_read_without_the_orm(store: tuple[Path, object]) -> None:
    """Through the store's own connection factory (SQLCipher; its adapters no longer come from
    fieldkit.models, which imported the whole ORM: ≈ 0.3 s CPU)."""
    path, _eng = store
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from fieldkit.store_crypt import cipher_connect\n"
        "from fieldkit.services.today_sql import today_overview_sql\n"
        f"ov = today_overview_sql(cipher_connect(Path({str(path)!r}), None), None)\n"
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'pydantic', 'fieldkit.models', 'fieldkit.db') if m in sys.modules]\n"
        "print(ov.assigned_count, heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert int(out[0]) > 0
    assert out[1:] == ["[]"]
