"""The supervisor's policy card counts a closing policy's eligible enterprises from ``board_tally``'s
``ent:<status>`` rows (live enterprises by status and industry|scale|stage, kept by triggers), and
reads the first names by one of two pinned plans: after random writes to enterprises through the
store's write path, sync's apply and raw SQL (``INSERT OR REPLACE``, hard deletes), every count and
list equals ``match_policy`` applied to every row in Python, and the table equals its rebuild.

The supervisor screen's first load reads its rows through the indexes it is written for whatever the
planner's statistics say (none, sampled, full): checked on the plans of its statements."""

from __future__ import annotations

import itertools
import random
import re
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from fieldkit.db import analyze
from fieldkit.models import Enterprise, Policy, board_tally
from fieldkit.services import overview, store
from fieldkit.services.ledger import zone_summary_page, zone_summary_totals
from fieldkit.services.policies import class_eligible, match_policy
from fieldkit.services.replica import RemoteRow, apply_remote
from fieldkit.services.supervision import supervisor_period
from tests.unit.fixtures import ACTOR, DB, add_enterprise

TODAY = date(2026, 11, 21)
INDUSTRIES = ("C", "I", "M")
SCALES = ("large", "small", "micro")
STAGES = ("operation", "startup", "construction")
STATUSES = ("operating", "operating", "hibernating", "deregistered")
LIMIT = 3


def _policies() -> list[Policy]:
    soon = TODAY + timedelta(days=5)
    return [
        Policy(title="制造", industries=["C"], category="funding", window_end=soon),
        Policy(
            title="小微初创",
            scales=["small", "micro"],
            stages=["startup"],
            category="funding",
            window_end=soon,
        ),
        Policy(title="其他", category="other", window_end=TODAY + timedelta(days=1)),
        Policy(
            title="窄",
            industries=["I"],
            scales=["large"],
            stages=["construction"],
            category="project",
            window_end=soon,
        ),
        Policy(title="全部", category="recognition", window_end=TODAY + timedelta(days=14)),
        Policy(title="未开", industries=["M"], category="funding", window_start=soon, window_end=soon),
    ]


def _expected(s: Session) -> dict[str, tuple[int, list[tuple[str, str]]]]:
    """Per closing policy: how many live operating enterprises match_policy accepts, and the first
    LIMIT by (name, id)."""
    ents = [e for e in s.exec(select(Enterprise)).all() if not e.deleted and e.status == "operating"]
    out = {}
    for p in overview.windows_closing(s, TODAY, overview.POLICY_WINDOW_DAYS):
        fits = sorted((e.name, e.id) for e in ents if match_policy(p, e, TODAY).eligible)
        out[p.id] = (len(fits), [(i, n) for n, i in fits[:LIMIT]])
    return out


def _card(s: Session) -> dict[str, tuple[int, list[tuple[str, str]]]]:
    return {p.id: (p.match_count, p.matches) for p in overview.closing_policies(s, None, TODAY)}


def _check(db: DB) -> None:
    with db.session() as s:
        want = _expected(s)
        assert _card(s) == want
        conn = s.connection()
        kept = board_tally.rows(conn)
        board_tally.rebuild(conn)
        assert kept == board_tally.rows(conn)
        s.rollback()


def _fields(rng: random.Random) -> dict[str, Any]:
    return {
        "industry": rng.choice(INDUSTRIES),
        "scale": rng.choice(SCALES),
        "stage": rng.choice(STAGES),
        "status": rng.choice(STATUSES),
    }


def test_class_eligible_is_match_policy_on_the_four_columns(db: DB) -> None:
    with db.tx() as s:
        for i, (industry, scale, stage, status) in enumerate(
            itertools.product(INDUSTRIES, SCALES, STAGES, ("operating", "hibernating"))
        ):
            add_enterprise(s, f"类别企业{i:03d}", industry=industry, scale=scale, stage=stage, status=status)
        for p in [
            *_policies(),
            Policy(title="过期", category="funding", window_end=TODAY - timedelta(days=1)),
        ]:
            store.insert(s, p, ACTOR)
    with db.session() as s:
        ents = s.exec(select(Enterprise)).all()
        for p in s.exec(select(Policy)).all():
            for e in ents:
                assert class_eligible(p, e.industry, e.scale, e.stage, e.status, TODAY) == (
                    match_policy(p, e, TODAY).eligible
                ), (p.title, e.name)


@pytest.mark.parametrize(("seed", "walk_cost"), [(1, 3), (2, 0), (3, 10**9)])
def test_policy_card_follows_random_enterprise_writes_by_every_writer(
    db: DB, seed: int, walk_cost: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """walk_cost 0: the names always by walking the name index; 10**9: always by class."""
    monkeypatch.setattr(overview, "SECTION_LIMIT", LIMIT)
    monkeypatch.setattr(overview, "_WALK_COST", walk_cost)
    rng = random.Random(seed)
    with db.tx() as s:
        for p in _policies():
            store.insert(s, p, ACTOR)
        for _i in range(12):
            add_enterprise(s, f"企业{rng.randrange(40):02d}号", **_fields(rng))
    _check(db)
    version = 100
    for step in range(160):
        version += 1
        with db.tx() as s:
            op = rng.randrange(9)
            rows = s.exec(select(Enterprise)).all()
            if op <= 2:  # a new enterprise by the write path (names repeat: the order's ties)
                add_enterprise(s, f"企业{rng.randrange(40):02d}号", **_fields(rng))
            elif op <= 4:  # an edit of one or two of the class's columns, or of another column
                row = rng.choice(rows)
                changes = dict(rng.sample(sorted(_fields(rng).items()), rng.choice((1, 2))))
                if rng.random() < 0.2:
                    changes = {"notes": f"备注{step}"}
                store.update(s, row, ACTOR, **changes)
            elif op == 5:  # a tombstone
                store.delete(s, rng.choice(rows), ACTOR)
            elif op == 6:  # sync's apply: a newer version of a stored enterprise, or a new one
                old = rng.choice(rows)
                values = store.row_values(old) | {"id": old.id} | _fields(rng)
                if rng.random() < 0.3:
                    values["deleted"] = not old.deleted
                apply_remote(s, [RemoteRow("enterprise", values, version)])
            elif op == 7:  # another program: INSERT OR REPLACE over a stored row, then a raw edit
                rid = rng.choice(rows).id
                conn = s.connection()
                conn.exec_driver_sql(
                    "INSERT OR REPLACE INTO enterprise SELECT * FROM enterprise WHERE id = ?", (rid,)
                )
                column, value = rng.choice(sorted(_fields(rng).items()))
                conn.exec_driver_sql(f"UPDATE enterprise SET {column} = ? WHERE id = ?", (value, rid))
            else:  # a hard delete (a purge) of an enterprise nothing refers to
                rid = rng.choice(rows).id
                conn = s.connection()
                for table in ("enterpriseevent", "search_queue"):
                    try:
                        conn.exec_driver_sql(f"DELETE FROM {table} WHERE enterprise_id = ?", (rid,))
                    except Exception:  # noqa: BLE001 - no such table / column in this schema
                        pass
                conn.exec_driver_sql("DELETE FROM enterprise WHERE id = ?", (rid,))
        if step % 20 == 19:
            _check(db)
    _check(db)
    with db.session() as s:  # the writes reached the cases the card distinguishes
        want = _expected(s)
        assert any(n > LIMIT for n, _names in want.values()), want
        assert any(0 < n <= LIMIT for n, _names in want.values()) or any(n == 0 for n, _ in want.values())


# -- the supervisor screen's plans under any statistics -------------------------------------------------


def _plans(db: DB, run: Any) -> list[str]:
    seen: list[str] = []

    def grab(conn: Any, cursor: Any, statement: str, params: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).fetchall()
            # a statement limited to a list of assistants (a page of the summary: ``staff_id IN (?, …)``)
            page = "PAGE " if re.search(r"staff_id IN \(\?", statement) else ""
            seen.append(
                page + statement.split("FROM", 1)[-1][:80] + " => " + " | ".join(str(r[3]) for r in plan)
            )

    with db.session() as s:
        s.connection()
        event.listen(db.engine, "before_cursor_execute", grab)
        try:
            run(s)
        finally:
            event.remove(db.engine, "before_cursor_execute", grab)
    return seen


@pytest.mark.parametrize("statistics", ["none", "sampled", "full"])
def test_the_supervisor_first_load_reads_through_its_indexes_whatever_the_statistics(
    statistics: str, tmp_path: Any
) -> None:
    from fieldkit.services.demo import generate
    from tests.unit.fixtures import open_db

    db = open_db(tmp_path)
    generate(db.engine, enterprises=40, seed=3)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM sqlite_stat1")
        conn.exec_driver_sql("ANALYZE sqlite_schema")
    if statistics != "none":
        analyze(db.engine, full=statistics == "full")
    with db.session() as s:
        from fieldkit.models import Staff

        sup = s.exec(select(Staff).where(Staff.role == "supervisor")).first()
        assert sup is not None
        zone = sup.zone_id
    today = date.today()
    start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = today
    plans = _plans(db, lambda s: supervisor_period(s, zone, start, end, today=today))
    # the next pages of the summary (the page's assistants) and the totals counted apart
    plans += _plans(
        db, lambda s: zone_summary_page(s, start, end, zone_id=zone, today=today, offset=1, limit=2)
    )
    plans += _plans(db, lambda s: zone_summary_totals(s, start, end, zone_id=zone, today=today))
    plans += _plans(db, lambda s: overview.closing_policies(s, None, today))
    # the summary's page: each of its assistants' rows through the staff indexes (a range per
    # assistant of the page, whatever the zone's size), never a scan
    paged = [p for p in plans if p.startswith("PAGE ")]
    assert len(paged) >= 8, plans
    for p in paged:
        assert "SCAN" not in p and "staff_id=?" in p, p
    text = "\n".join(p for p in plans if not p.startswith("PAGE "))
    # the period's records, demands, evaluations and services from the indexes of their period, never
    # through a staff index walked per assistant nor a scan of the table
    for bad in (
        "ix_servicerecord_staff_visit",
        "ix_servicerecord_staff_id",
        "ix_demand_staff_id",
        "ix_demand_state",
        "ix_demand_deadline ",
        "ix_evaluation_staff_id",
        "ix_proxyservice_status",
        "SCAN servicerecord",
        "SCAN demand",
        "SCAN evaluation",
        "SCAN proxyservice",
    ):
        assert bad not in text, (bad, text)
    for good in (
        "COVERING INDEX ix_servicerecord_visit_cover",
        "COVERING INDEX ix_servicerecord_review",
        "COVERING INDEX ix_demand_closed",
        "COVERING INDEX ix_evaluation_period",
        "COVERING INDEX ix_proxyservice_completed",
        "COVERING INDEX ix_assignment_current",
        "ix_enterprise_name_scope",
        "ix_demand_open_deadline",
    ):
        assert good in text, (good, text)
