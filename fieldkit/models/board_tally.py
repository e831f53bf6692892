"""The supervisor board's counts per day, kept by SQL triggers (SQLite).

The Today board of a supervisor counts the whole zone's plans (this week, today, overdue), open
demands by deadline (overdue, due within three days) and open proxy services. Counted from the
rows those figures grow with the zone (30,000 enterprises: ~12,000 planned visits, ~2,500 open
demands and proxies, each read through an index on every load); ``board_tally`` holds one row per
(kind, day) with how many rows of that kind fall on that day, so each figure is a sum over at
most the calendar's days in its range, whatever the zone's size:

- ``plan:<status>`` by ``planned_date``: live visit plans of that status;
- ``demand_open`` by ``deadline``: live demands in an open state (:data:`DEMAND_OPEN_STATES`)
  with a deadline;
- ``proxy_open`` (day ``''``): live proxy services accepted or in progress;
- ``ent:<status>`` by the enterprise's class ``<industry>|<scale>|<stage>`` (:data:`CLASS_SEP`;
  the ``day`` column holds the class for this kind): live enterprises of that status and class
  (migration 0013). A policy's eligibility is a predicate on exactly these columns
  (``policies.eligibility_conditions``), so the policy card counts a closing policy's eligible
  enterprises by summing the ≤ few hundred classes it admits (``overview.closing_policies``);
- ``cov_from`` / ``cov_until`` / ``cov_last`` by the first day, the last day and the UTC date of
  the latest on-site visit of the rows of ``board_coverage`` (:mod:`.board_index`) that are
  operating, assigned and unbroken (``assigned_gaps`` 0): the zone's "assigned" and "not visited
  this quarter" figures are differences of their sums (see ``overview._zone_not_visited``), with
  the few rows the sums cannot answer (a quarter edge inside a UTC date, a visit dated after
  today, an assignment starting after today or ended before it, broken spans) read through
  ``board_coverage``'s indexes.

Triggers on ``visitplan``, ``demand``, ``proxyservice`` and ``enterprise`` add and take away one on every
insert, update of a watched column and delete, whoever writes (the store's write path, sync's
apply, rebase and purge, another program): there is no call to forget. An ``INSERT OR REPLACE``
over a stored row (SQLite deletes the old row without firing delete triggers) is taken into
account by a BEFORE INSERT trigger that takes the stored row away first; a plain INSERT that
collides fails as a whole, its trigger's work with it. :func:`rebuild` computes every row from
scratch (the migration; the demo generator, which loads with the triggers dropped).

Functions take an open SQLAlchemy connection and never commit.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, column, table
from sqlalchemy.engine import Connection

TABLE = "board_tally"

#: a demand in one of these states is open (``fieldkit.domain.demands.OPEN_STATES``; a test checks
#: they are the same, the triggers and partial indexes are SQL text written with them)
DEMAND_OPEN_STATES = ("collected", "assigned", "in_progress", "reminded", "feedback", "collective_review")
#: a proxy service in one of these states is open (the Today board's list)
PROXY_OPEN_STATES = ("accepted", "in_progress")


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


#: SQL text of the conditions of the board's partial indexes (migration 0011), which a query must
#: repeat as written for SQLite to use the index; the unary ``+`` keeps the planner off the
#: deleted / status / state indexes (which would read every open row and sort them)
DEMAND_OPEN_SQL = (
    f"+demand.deleted = 0 AND +demand.state IN {_in(DEMAND_OPEN_STATES)} AND demand.deadline IS NOT NULL"
)
PROXY_OPEN_SQL = f"+proxyservice.deleted = 0 AND +proxyservice.status IN {_in(PROXY_OPEN_STATES)}"
PLAN_PLANNED_SQL = "+visitplan.deleted = 0 AND +visitplan.status = 'planned'"

#: between an enterprise class's industry, scale and stage in the ``ent:<status>`` rows' ``day``
CLASS_SEP = "|"
#: the ``kind`` of the live enterprises of a status, by class
ENTERPRISE_KIND = "ent:"

#: the table for queries (SQLAlchemy Core; the ORM's metadata does not know it)
#: (``day``: ISO text, ``''`` for a kind without days)
tally = table(TABLE, column("kind", String), column("day", String), column("n", Integer))

#: (source table, kind expression, day expression, condition, watched columns) with ``R`` for the row
_SOURCES: tuple[tuple[str, str, str, str, str], ...] = (
    ("visitplan", "'plan:' || R.status", "R.planned_date", "R.deleted = 0", "deleted, status, planned_date"),
    (
        "demand",
        "'demand_open'",
        "R.deadline",
        f"R.deleted = 0 AND R.state IN {_in(DEMAND_OPEN_STATES)} AND R.deadline IS NOT NULL",
        "deleted, state, deadline",
    ),
    (
        "proxyservice",
        "'proxy_open'",
        "''",
        f"R.deleted = 0 AND R.status IN {_in(PROXY_OPEN_STATES)}",
        "deleted, status",
    ),
    (
        "enterprise",
        f"'{ENTERPRISE_KIND}' || coalesce(R.status, '')",
        f"coalesce(R.industry, '') || '{CLASS_SEP}' || coalesce(R.scale, '') || '{CLASS_SEP}' "
        "|| coalesce(R.stage, '')",
        "R.deleted = 0",
        "deleted, status, industry, scale, stage",
    ),
    *(
        (
            "board_coverage",
            f"'cov_{name}'",
            day,
            f"R.operating = 1 AND R.assigned_gaps = 0 AND R.assigned_from IS NOT NULL AND {day} IS NOT NULL",
            "operating, assigned_gaps, assigned_from, assigned_until, last_onsite_at",
        )
        for name, day in (
            ("from", "R.assigned_from"),
            ("until", "R.assigned_until"),
            ("last", "substr(R.last_onsite_at, 1, 10)"),
        )
    ),
)

#: ``board_coverage``'s key column (the other tables': ``id``)
_KEY = {"board_coverage": "enterprise_id"}


def _sub(expr: str, row: str) -> str:
    return expr.replace("R.", f"{row}.")


def _add(kind: str, day: str, cond: str, row: str) -> str:
    # WHERE before ON CONFLICT: SQLite's parser needs it after a SELECT
    return (
        f"INSERT INTO {TABLE} (kind, day, n) SELECT {_sub(kind, row)}, {_sub(day, row)}, 1 "
        f"WHERE {_sub(cond, row)} ON CONFLICT (kind, day) DO UPDATE SET n = n + 1"
    )


def _take(kind: str, day: str, cond: str, row: str) -> str:
    return (
        f"UPDATE {TABLE} SET n = n - 1 WHERE {_sub(cond, row)} "
        f"AND kind = {_sub(kind, row)} AND day = {_sub(day, row)}"
    )


def _triggers() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    by_table: dict[str, list[tuple[str, str, str]]] = {}
    watched_of: dict[str, str] = {}
    for src, kind, day, cond, watched in _SOURCES:
        by_table.setdefault(src, []).append((kind, day, cond))
        watched_of[src] = watched
    for src, kinds in by_table.items():
        key = _KEY.get(src, "id")
        stored = "; ".join(
            f"UPDATE {TABLE} SET n = n - 1 WHERE (kind, day) IN (SELECT {_sub(kind, 'o')}, {_sub(day, 'o')} "
            f"FROM {src} o WHERE o.{key} = NEW.{key} AND {_sub(cond, 'o')})"
            for kind, day, cond in kinds
        )
        add_new = "; ".join(_add(kind, day, cond, "NEW") for kind, day, cond in kinds)
        take_old = "; ".join(_take(kind, day, cond, "OLD") for kind, day, cond in kinds)
        out += [
            (  # INSERT OR REPLACE over a stored row (board_coverage's own refresh): its count goes first
                f"board_tally_{src}_replace",
                f"BEFORE INSERT ON {src} WHEN EXISTS (SELECT 1 FROM {src} WHERE {key} = NEW.{key}) "
                f"BEGIN {stored}; END",
            ),
            (f"board_tally_{src}_insert", f"AFTER INSERT ON {src} BEGIN {add_new}; END"),
            (
                f"board_tally_{src}_update",
                f"AFTER UPDATE OF {watched_of[src]} ON {src} BEGIN {take_old}; {add_new}; END",
            ),
            (f"board_tally_{src}_delete", f"AFTER DELETE ON {src} BEGIN {take_old}; END"),
        ]
    return out


def table_statements() -> list[str]:
    return [
        f"CREATE TABLE IF NOT EXISTS {TABLE} (kind VARCHAR(32) NOT NULL, day VARCHAR(10) NOT NULL, "
        "n INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (kind, day)) WITHOUT ROWID",
        # the coverage rows the sums cannot answer, found by range: a latest visit at a quarter's edge
        # or after today; an assignment ended before today
        "CREATE INDEX IF NOT EXISTS ix_board_coverage_last ON board_coverage "
        "(operating, assigned_gaps, last_onsite_at, assigned_from, assigned_until)",
        "CREATE INDEX IF NOT EXISTS ix_board_coverage_until ON board_coverage "
        "(operating, assigned_gaps, assigned_until, assigned_from, last_onsite_at)",
    ]


def drop_trigger_statements() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name, _sql in _triggers()]


def create_trigger_statements() -> list[str]:
    return [f"CREATE TRIGGER IF NOT EXISTS {name} {sql}" for name, sql in _triggers()]


def create_statements() -> list[str]:
    return [*table_statements(), *create_trigger_statements()]


def drop_statements() -> list[str]:
    return [
        *drop_trigger_statements(),
        f"DROP TABLE IF EXISTS {TABLE}",
        "DROP INDEX IF EXISTS ix_board_coverage_last",
        "DROP INDEX IF EXISTS ix_board_coverage_until",
    ]


def _insert_counts(conn: Connection, src: str, kind: str, day: str, cond: str) -> None:
    conn.exec_driver_sql(
        f"INSERT INTO {TABLE} (kind, day, n) SELECT {_sub(kind, src)} AS k, {_sub(day, src)} AS d, count(*) "
        f"FROM {src} WHERE {_sub(cond, src)} GROUP BY k, d"
    )


def rebuild(conn: Connection) -> int:
    """Every row from scratch (one GROUP BY per source table); returns the number of rows."""
    conn.exec_driver_sql(f"DELETE FROM {TABLE}")
    for src, kind, day, cond, _watched in _SOURCES:
        _insert_counts(conn, src, kind, day, cond)
    return int(conn.exec_driver_sql(f"SELECT count(*) FROM {TABLE}").scalar_one())


def rebuild_enterprises(conn: Connection) -> None:
    """The ``ent:<status>`` rows from scratch (migration 0013, on a table whose other rows stand)."""
    conn.exec_driver_sql(f"DELETE FROM {TABLE} WHERE kind >= '{ENTERPRISE_KIND}' AND kind < 'ent;'")
    for src, kind, day, cond, _watched in _SOURCES:
        if src == "enterprise":
            _insert_counts(conn, src, kind, day, cond)


def enterprise_trigger_names() -> list[str]:
    """The triggers that keep the ``ent:`` rows (migration 0013)."""
    return [name for name, _sql in _triggers() if name.startswith("board_tally_enterprise_")]


def rows(conn: Connection) -> list[tuple[str, str, int]]:
    """The table's non-zero rows, in key order (a check compares them with :func:`rebuild`'s)."""
    return [
        (str(k), str(d), int(n))
        for k, d, n in conn.exec_driver_sql(
            f"SELECT kind, day, n FROM {TABLE} WHERE n != 0 ORDER BY kind, day"
        )
    ]
