"""The Today board read with plain DB-API SQL (``sqlite3`` or ``sqlcipher3``), without SQLAlchemy,
SQLModel or the models (issue 11 §3): the start's first view can be read and shown while the ORM
(about a second of CPU to import on a loaded machine) is still to be imported.

The statements are the ones :func:`fieldkit.services.overview.today_overview` has SQLAlchemy compile
(its index hints and unary ``+`` included, so SQLite picks the same plans and returns ties in the
same order), with the values bound as the models' types store them: dates as ISO text, instants
as :func:`utc_text`, booleans as 0 / 1. tests/unit/test_today_sql.py checks on generated stores,
for a supervisor and for assistants, that both return equal :class:`TodayOverview` objects.
Policies are not read here (the view fills that card on its own afterwards, as on every load)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from fieldkit.domain.demands import DONE_STATES, DUE_SOON_DAYS, OPEN_STATES

from .timeutil import day_end, day_start, local_today, quarter_bounds
from .today_board import (
    NEW_FOR_DAYS,
    SECTION_LIMIT,
    DemandItem,
    FirstContact,
    PlanItem,
    ProxyItem,
    SyncStatus,
    TodayOverview,
    coverage_figures,
    week_bounds,
)

#: a proxy service in one of these states is open (``board_tally.PROXY_OPEN_STATES``; a test checks)
PROXY_OPEN_STATES = ("accepted", "in_progress")

Row = tuple[Any, ...]


def utc_text(value: datetime) -> str:
    """An instant as the models store it (``fieldkit.models.types.utc_text``; a test checks)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _marks(n: int) -> str:
    return "(" + ", ".join("?" * n) + ")"


_DEMAND_OPEN_SQL = (
    f"+demand.deleted = 0 AND +demand.state IN {_in(OPEN_STATES)} AND demand.deadline IS NOT NULL"
)
_PROXY_OPEN_SQL = f"+proxyservice.deleted = 0 AND +proxyservice.status IN {_in(PROXY_OPEN_STATES)}"
_PLAN_PLANNED_SQL = "+visitplan.deleted = 0 AND +visitplan.status = 'planned'"

_PLAN_COLS = "visitplan.id, visitplan.staff_id, visitplan.enterprise_id, visitplan.theme, visitplan.planned_date, visitplan.kind, visitplan.status"
_DEMAND_COLS = (
    "demand.id, demand.enterprise_id, demand.kind, demand.description, demand.state, demand.deadline"
)
_PROXY_COLS = "proxyservice.id, proxyservice.enterprise_id, proxyservice.item, proxyservice.status, proxyservice.mode, proxyservice.due_date"
_ASSIGNED = (
    "SELECT assignment.enterprise_id FROM assignment WHERE assignment.staff_id = ? AND assignment.deleted IS 0 "
    "AND assignment.start_date <= ? AND (assignment.end_date IS NULL OR assignment.end_date >= ?)"
)


def _date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value)[:10])


def _all(conn: Any, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Row]:
    return [tuple(r) for r in conn.execute(sql, tuple(params)).fetchall()]


def _one(conn: Any, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Row:
    return tuple(conn.execute(sql, tuple(params)).fetchone())


def _names(conn: Any, table: str, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    ordered = list(ids)
    return {
        str(i): str(n)
        for i, n in _all(
            conn,
            f"SELECT {table}.id, {table}.name FROM {table} WHERE {table}.id IN {_marks(len(ordered))}",
            ordered,
        )
    }


def today_overview_sql(
    conn: Any, staff_id: str | None, today: date | None = None, limit: int = SECTION_LIMIT
) -> TodayOverview:
    """What :func:`~fieldkit.services.overview.today_overview` returns with ``include_policies=False``,
    read from the DB-API connection ``conn`` of a store at the current schema."""
    today = today or local_today()
    ov = TodayOverview(today=today)
    mon, sun = week_bounds(today)
    day, first, last = today.isoformat(), mon.isoformat(), sun.isoformat()
    horizon = (today + timedelta(days=3)).isoformat()
    remind = (today + timedelta(days=DUE_SOON_DAYS)).isoformat()
    mine, mine_p = ("visitplan.staff_id = ? AND ", [staff_id]) if staff_id else ("", [])
    live = f"visitplan.deleted IS 0 AND {mine}"
    in_week = (
        f"{live}visitplan.planned_date >= ? AND visitplan.planned_date <= ? AND visitplan.status != ?",
        [*mine_p, first, last, "cancelled"],
    )
    on_today = (f"{live}visitplan.planned_date = ? AND visitplan.status != ?", [*mine_p, day, "cancelled"])

    def plans(where: tuple[str, list[Any]], desc: bool = False) -> list[Row]:
        order = "visitplan.planned_date DESC" if desc else "visitplan.planned_date"
        return _all(
            conn,
            f"SELECT {_PLAN_COLS} FROM visitplan WHERE {where[0]} ORDER BY {order} LIMIT ? OFFSET ?",
            [*where[1], limit, 0],
        )

    week = plans(in_week)
    plans_today = plans(on_today)
    if staff_id:
        late = (f"{live}visitplan.status = ? AND (+ visitplan.planned_date) < ?", [*mine_p, "planned", day])
        older = plans(late, desc=True)

        def count(table: str, where: tuple[str, list[Any]]) -> int:
            return int(_one(conn, f"SELECT count(*) AS count_1 FROM {table} WHERE {where[0]}", where[1])[0])

        ov.plans_week_count = count("visitplan", in_week)
        ov.plans_today_count = count("visitplan", on_today)
        ov.plans_today_due = count(
            "visitplan", (on_today[0] + " AND visitplan.status = ?", [*on_today[1], "planned"])
        )
        ov.overdue_count = count("visitplan", late)
        d_scope = (
            f"demand.deleted IS 0 AND demand.state IN {_marks(len(OPEN_STATES))} AND demand.deadline IS NOT NULL AND demand.staff_id = ?",
            [*OPEN_STATES, staff_id],
        )
        overdue_n, soon_n, remind_n = _one(
            conn,
            "SELECT count(*) FILTER (WHERE (+ demand.deadline) < ?) AS anon_1, "
            "count(*) FILTER (WHERE (+ demand.deadline) >= ? AND (+ demand.deadline) <= ?) AS anon_2, "
            "count(*) FILTER (WHERE (+ demand.deadline) >= ? AND (+ demand.deadline) <= ?) AS anon_3 "
            f"FROM demand WHERE {d_scope[0]} AND (+ demand.deadline) <= ?",
            [day, day, horizon, day, remind, *d_scope[1], horizon],
        )
        ov.demands_overdue_count, ov.demands_soon_count = int(overdue_n), int(soon_n)
        ov.demands_reminder_count = int(remind_n)
        p_scope = (
            f"proxyservice.deleted IS 0 AND proxyservice.status IN {_marks(len(PROXY_OPEN_STATES))} AND proxyservice.staff_id = ?",
            [*PROXY_OPEN_STATES, staff_id],
        )
        ov.proxies_count = count("proxyservice", p_scope)
    else:
        older = plans((f"{_PLAN_PLANNED_SQL} AND visitplan.planned_date < ?", [day]), desc=True)
        d_scope = (_DEMAND_OPEN_SQL, [])
        p_scope = (_PROXY_OPEN_SQL, [])
        _zone_counts(conn, ov, day, first, last, horizon, remind)
    demands = _all(
        conn,
        f"SELECT {_DEMAND_COLS} FROM demand WHERE {d_scope[0]} AND demand.deadline <= ? ORDER BY demand.deadline LIMIT ? OFFSET ?",
        [*d_scope[1], horizon, limit, 0],
    )
    proxies = _all(
        conn,
        f"SELECT {_PROXY_COLS} FROM proxyservice WHERE {p_scope[0]} ORDER BY proxyservice.accepted_on DESC LIMIT ? OFFSET ?",
        [*p_scope[1], limit, 0],
    )
    all_plans = week + plans_today + older
    names = _names(
        conn, "enterprise", {p[2] for p in all_plans} | {d[1] for d in demands} | {p[1] for p in proxies}
    )
    staff_names = _names(conn, "staff", {p[1] for p in all_plans}) if not staff_id else {}

    def plan_item(p: Row) -> PlanItem:
        pid, sid, eid, theme, planned, kind, status = p
        planned_on = _date(planned)
        assert planned_on is not None
        effective = "overdue" if status == "planned" and planned_on < today else status
        return PlanItem(
            pid, eid, names.get(eid, ""), theme, kind, planned_on, effective, sid, staff_names.get(sid, "")
        )

    ov.plans_today = [plan_item(p) for p in plans_today]
    ov.plans_week = [plan_item(p) for p in week]
    ov.overdue_plans = sorted((plan_item(p) for p in older), key=lambda p: p.planned_date)
    ov.demands = []
    for did, eid, kind, description, state, deadline in demands:
        dl = _date(deadline)
        left = None if dl is None or state in DONE_STATES else (dl - today).days
        ov.demands.append(DemandItem(did, eid, names.get(eid, ""), kind, description, state, dl, left))
    ov.proxies = [
        ProxyItem(pid, eid, names.get(eid, ""), item, status, mode, _date(due))
        for pid, eid, item, status, mode, due in proxies
    ]
    if staff_id:
        ov.assigned_count, ov.not_visited_count, ov.not_visited = _own_not_visited(
            conn, staff_id, today, limit
        )
        ov.first_contacts_count, ov.first_contacts = _first_contacts(conn, staff_id, today, limit)
    else:
        ov.assigned_count, ov.not_visited_count, ov.not_visited = _zone_not_visited(conn, today, limit)
    ov.sync = sync_status_sql(conn)
    return ov


def _zone_counts(
    conn: Any, ov: TodayOverview, day: str, first: str, last: str, soon: str, remind: str
) -> None:
    plan = "board_tally.kind > ? AND board_tally.kind < ? AND board_tally.day >= ? AND board_tally.day <= ?"
    plan_p = ["plan:", "plan;", first, last]
    opened = "board_tally.kind = ? AND board_tally.day <= ?"
    opened_p = ["demand_open", soon]
    parts: list[tuple[str, list[Any], str, list[Any]]] = [
        (
            "coalesce(sum(board_tally.n) FILTER (WHERE board_tally.kind != ?), ?)",
            ["plan:cancelled", 0],
            plan,
            plan_p,
        ),
        (
            "coalesce(sum(board_tally.n) FILTER (WHERE board_tally.kind != ? AND board_tally.day = ?), ?)",
            ["plan:cancelled", day, 0],
            plan,
            plan_p,
        ),
        (
            "coalesce(sum(board_tally.n) FILTER (WHERE board_tally.kind = ? AND board_tally.day = ?), ?)",
            ["plan:planned", day, 0],
            plan,
            plan_p,
        ),
        (
            "coalesce(sum(board_tally.n), ?)",
            [0],
            "board_tally.kind = ? AND board_tally.day < ?",
            ["plan:planned", day],
        ),
        ("coalesce(sum(board_tally.n) FILTER (WHERE board_tally.day < ?), ?)", [day, 0], opened, opened_p),
        ("coalesce(sum(board_tally.n) FILTER (WHERE board_tally.day >= ?), ?)", [day, 0], opened, opened_p),
        (
            "coalesce(sum(board_tally.n) FILTER (WHERE board_tally.day >= ? AND board_tally.day <= ?), ?)",
            [day, remind, 0],
            opened,
            opened_p,
        ),
        (
            "coalesce(sum(board_tally.n), ?)",
            [0],
            "board_tally.kind = ? AND board_tally.day = ?",
            ["proxy_open", ""],
        ),
    ]
    sql = ", ".join(f"(SELECT {c} FROM board_tally WHERE {w})" for c, _cp, w, _wp in parts)
    params = [v for _c, cp, _w, wp in parts for v in (*cp, *wp)]
    week, on_day, due, late, overdue, soon_n, remind_n, proxies = (
        int(v) for v in _one(conn, f"SELECT {sql}", params)
    )
    ov.plans_week_count, ov.plans_today_count, ov.plans_today_due = week, on_day, due
    ov.overdue_count = late
    ov.demands_overdue_count, ov.demands_soon_count = overdue, soon_n
    ov.demands_reminder_count = remind_n
    ov.proxies_count = proxies


def _own_not_visited(
    conn: Any, staff_id: str, today: date, limit: int
) -> tuple[int, int, list[tuple[str, str]]]:
    start, end = quarter_bounds(today)
    day = today.isoformat()
    scope = [staff_id, day, day]
    ents = _all(
        conn,
        f"SELECT enterprise.id, enterprise.name FROM enterprise WHERE enterprise.id IN ({_ASSIGNED}) "
        "AND enterprise.deleted IS NOT 1 AND enterprise.status = ?",
        [*scope, "operating"],
    )
    visited = {
        r[0]
        for r in _all(
            conn,
            f"SELECT DISTINCT servicerecord.enterprise_id FROM servicerecord WHERE servicerecord.enterprise_id IN ({_ASSIGNED}) "
            "AND servicerecord.deleted IS NOT 1 AND servicerecord.kind = ? AND lower(servicerecord.status) IN (?, ?) "
            "AND servicerecord.visit_at >= ? AND servicerecord.visit_at < ?",
            [
                *scope,
                "onsite",
                "submitted",
                "reviewed",
                utc_text(day_start(start)),
                utc_text(day_end(min(end, today))),
            ],
        )
    }
    missing = sorted(((eid, name) for eid, name in ents if eid not in visited), key=lambda t: t[1])
    return len(ents), len(missing), missing[:limit]


_IN_SCOPE = (
    "board_coverage.operating IS 1 AND (board_coverage.assigned_gaps IS 0 AND board_coverage.assigned_from <= ? "
    "AND (board_coverage.assigned_until IS NULL OR board_coverage.assigned_until >= ?) OR board_coverage.assigned_gaps IS 1 "
    "AND (EXISTS (SELECT assignment.id FROM assignment WHERE assignment.enterprise_id = board_coverage.enterprise_id "
    "AND assignment.deleted IS 0 AND assignment.start_date <= ? AND (assignment.end_date IS NULL OR assignment.end_date >= ?))))"
)
_VISITED_HERE = (
    "EXISTS (SELECT servicerecord.id FROM servicerecord WHERE servicerecord.enterprise_id = board_coverage.enterprise_id "
    "AND servicerecord.deleted IS 0 AND servicerecord.kind = ? AND servicerecord.status IN (?, ?) "
    "AND servicerecord.visit_at >= ? AND servicerecord.visit_at < ?)"
)
_NOT_VISITED = (
    f"(board_coverage.last_onsite_at IS NULL OR board_coverage.last_onsite_at < ? OR board_coverage.last_onsite_at >= ? "
    f"AND NOT ({_VISITED_HERE}))"
)
_ROWS = "board_coverage.operating IS 1 AND board_coverage.assigned_gaps IS 0 AND board_coverage.assigned_from IS NOT NULL"


def _zone_not_visited(conn: Any, today: date, limit: int) -> tuple[int, int, list[tuple[str, str]]]:
    """``overview._zone_not_visited`` (its comments say why each figure is read as it is)."""
    start, end = quarter_bounds(today)
    lo_t, hi_t = utc_text(day_start(start)), utc_text(day_end(min(end, today)))
    day = today.isoformat()
    in_scope_p = [day, day, day, day]
    visited_p = ["onsite", "submitted", "reviewed", lo_t, hi_t]
    not_visited_p = [lo_t, hi_t, *visited_p]
    parts: list[tuple[str, str, list[Any]]] = []

    def summed(name: str, kind: str, cond: str, params: list[Any]) -> None:
        parts.append(
            (
                name,
                f"SELECT coalesce(sum(board_tally.n), ?) FROM board_tally WHERE board_tally.kind = ? AND {cond}",
                [0, kind, *params],
            )
        )

    def rows(name: str, cond: str, params: list[Any]) -> None:
        parts.append((name, f"SELECT count(*) FROM board_coverage WHERE {_ROWS} AND {cond}", params))

    summed("started", "cov_from", "board_tally.day <= ?", [day])
    summed("ended", "cov_until", "board_tally.day < ?", [day])
    lo_d, hi_d = lo_t[:10], hi_t[:10]
    if lo_d == hi_d:
        rows(
            "in_range",
            "board_coverage.last_onsite_at >= ? AND board_coverage.last_onsite_at < ?",
            [lo_t, hi_t],
        )
    else:
        summed("in_range", "cov_last", "board_tally.day > ? AND board_tally.day < ?", [lo_d, hi_d])
        rows(
            "first_date",
            "board_coverage.last_onsite_at >= ? AND board_coverage.last_onsite_at < ?",
            [lo_t, lo_d + "~"],
        )
        rows(
            "last_date",
            "board_coverage.last_onsite_at >= ? AND board_coverage.last_onsite_at < ?",
            [hi_d, hi_t],
        )
    between = "+board_coverage.last_onsite_at >= ? AND +board_coverage.last_onsite_at < ?"
    rows("not_started", f"board_coverage.assigned_from > ? AND {between}", [day, lo_t, hi_t])
    rows("ended_visited", f"board_coverage.assigned_until < ? AND {between}", [day, lo_t, hi_t])
    rows(
        "future",
        f"board_coverage.last_onsite_at >= ? AND {_IN_SCOPE} AND ({_VISITED_HERE})",
        [hi_t, *in_scope_p, *visited_p],
    )
    gaps = "board_coverage.operating IS 1 AND board_coverage.assigned_gaps IS 1"
    parts.append(
        ("gaps_total", f"SELECT count(*) FROM board_coverage WHERE {gaps} AND {_IN_SCOPE}", in_scope_p)
    )
    parts.append(
        (
            "gaps_missing",
            f"SELECT count(*) FROM board_coverage WHERE {gaps} AND {_IN_SCOPE} AND {_NOT_VISITED}",
            [*in_scope_p, *not_visited_p],
        )
    )
    got = _one(
        conn, "SELECT " + ", ".join(f"({sql})" for _n, sql, _p in parts), [v for *_s, p in parts for v in p]
    )
    n = {name: int(v) for (name, _s, _p), v in zip(parts, got, strict=True)}
    total, count = coverage_figures(n)
    first = _all(
        conn,
        "SELECT enterprise.id, enterprise.name FROM enterprise WHERE (+ enterprise.deleted) IS 0 AND (+ enterprise.status) = ? "
        "AND (EXISTS (SELECT board_coverage.enterprise_id FROM board_coverage WHERE board_coverage.enterprise_id = enterprise.id "
        f"AND {_IN_SCOPE} AND {_NOT_VISITED})) ORDER BY enterprise.name LIMIT ? OFFSET ?",
        ["operating", *in_scope_p, *not_visited_p, limit, 0],
    )
    return total, count, [(i, nm) for i, nm in first]


def _first_contacts(conn: Any, staff_id: str, today: date, limit: int) -> tuple[int, list[FirstContact]]:
    """``first_contact.first_contacts_due``: new assignments with no record of theirs since."""
    day = today.isoformat()
    assigned = _all(
        conn,
        "SELECT assignment.enterprise_id, enterprise.name, assignment.start_date, enterprise.contact_channel "
        "FROM assignment JOIN enterprise ON enterprise.id = assignment.enterprise_id WHERE assignment.staff_id = ? "
        "AND assignment.deleted IS 0 AND assignment.start_date <= ? AND (assignment.end_date IS NULL OR assignment.end_date >= ?) "
        "AND assignment.start_date >= ? AND enterprise.deleted IS NOT 1 AND enterprise.status != ?",
        [staff_id, day, day, (today - timedelta(days=NEW_FOR_DAYS)).isoformat(), "deregistered"],
    )
    if not assigned:
        return 0, []
    latest: dict[str, datetime] = {}
    ids = [r[0] for r in assigned]
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        for eid, at in _all(
            conn,
            "SELECT servicerecord.enterprise_id, max(servicerecord.visit_at) FROM servicerecord WHERE servicerecord.staff_id = ? "
            f"AND servicerecord.enterprise_id IN {_marks(len(chunk))} AND servicerecord.deleted IS NOT 1 "
            "AND servicerecord.status IN (?, ?, ?) GROUP BY servicerecord.enterprise_id",
            [staff_id, *chunk, "submitted", "reviewed", "returned"],
        ):
            if at:
                dt = datetime.fromisoformat(str(at))
                latest[eid] = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    due = []
    for eid, name, since, channel in assigned:
        since_d = _date(since)
        assert since_d is not None
        if eid not in latest or latest[eid] < day_start(since_d):
            due.append(FirstContact(eid, name, since_d, channel or ""))
    due.sort(key=lambda f: (f.since, f.enterprise_name))
    return len(due), due[:limit]


def sync_status_sql(conn: Any) -> SyncStatus:
    """``overview.sync_status``: what waits in the outbox, open conflicts, the last sync, a demo store."""
    states = {
        str(s): int(n)
        for s, n in _all(
            conn, "SELECT outboxentry.state, count(*) FROM outboxentry GROUP BY outboxentry.state"
        )
    }
    conflicts = int(_one(conn, "SELECT count(*) FROM syncconflict WHERE syncconflict.decided IS 0")[0])

    def meta(key: str) -> str | None:
        row = conn.execute('SELECT syncmeta.value FROM syncmeta WHERE syncmeta."key" = ?', (key,)).fetchone()
        return None if row is None else row[0]

    last = meta("last_sync")
    return SyncStatus(
        pending=states.get("pending", 0),
        errors=states.get("rejected", 0),
        conflicts=conflicts + states.get("conflict", 0),
        last_sync=last or None,
        demo=meta("demo") == "1",
    )
