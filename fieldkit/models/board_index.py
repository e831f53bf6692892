"""The supervisor board's per-enterprise coverage facts, kept by SQL triggers (SQLite).

``board_coverage`` holds one row per enterprise with what the board's two zone-wide figures need
(operating enterprises with a current assignment; how many of them have no on-site visit this
quarter), so that they are counted from one narrow covering index instead of building the zone's
assignment and visit lists on every load:

- ``operating``: the enterprise is live and operating;
- ``assigned_from`` / ``assigned_until``: the first and last day of the union of its live
  assignments (``assigned_until`` NULL: open-ended; ``assigned_from`` NULL: none) —
  ``assigned_gaps`` = 1 when that union is not one unbroken span, and then the board checks the
  enterprise's assignments themselves (a rare case: a reassignment ends one day before the next
  starts, which is unbroken);
- ``last_onsite_at``: the latest visit time of its live submitted or reviewed on-site records (a
  visit dated after today makes the board check that enterprise's records themselves).

Plain SQL triggers on ``enterprise``, ``assignment`` and ``servicerecord`` keep the rows right on
every insert, update of a watched column, tombstone or delete, whoever writes (the store's write
path, sync's apply, rebase and purge, another process): there is no call to forget. An inserted
visit later than the enterprise's last costs one keyed update; other changes (an ``INSERT OR
REPLACE`` too) recompute the enterprise's row through the ``enterprise_id`` indexes. :func:`rebuild` computes every row from scratch (the migration; the demo
generator, which loads with its indexes dropped, turns the triggers off and rebuilds after).

Functions take an open SQLAlchemy connection and never commit.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Date, String, column, table
from sqlalchemy.engine import Connection

from .types import UTCDateTime

TABLE = "board_coverage"
PREFIX = "board_"

#: the table for queries (SQLAlchemy Core; the ORM's metadata does not know it)
coverage = table(
    TABLE,
    column("enterprise_id", String),
    column("operating", Boolean),
    column("assigned_from", Date),
    column("assigned_until", Date),
    column("assigned_gaps", Boolean),
    column("last_onsite_at", UTCDateTime),
)

#: a live assignment that covers at least one day (an end before the start covers none)
_LIVE_ASSIGNMENT = "deleted = 0 AND (end_date IS NULL OR end_date >= start_date)"
#: a service record that counts as an on-site visit
_ONSITE = "deleted = 0 AND kind = 'onsite' AND status IN ('submitted', 'reviewed')"
#: the same for one enterprise's records: the unary ``+`` keeps the planner on the enterprise index, off
#: ix_servicerecord_deleted or _review, which a store without statistics (a fresh one, during its initial
#: sync) picks and then scans every record of the zone for each row inserted (quadratic)
_ONSITE_OF_ONE = "+deleted = 0 AND +kind = 'onsite' AND +status IN ('submitted', 'reviewed')"


def _assignment_facts(eid: str) -> str:
    """(from, until, gaps) of enterprise ``eid`` (an SQL expression) as three scalar subqueries."""
    live = f"FROM assignment WHERE enterprise_id = {eid} AND {_LIVE_ASSIGNMENT}"
    first = f"(SELECT min(start_date) {live})"
    until = (
        f"(CASE WHEN EXISTS (SELECT 1 {live} AND end_date IS NULL) THEN NULL "
        f"ELSE (SELECT max(end_date) {live}) END)"
    )
    # the union is unbroken when every assignment but the first-starting ones begins at most one day
    # after an earlier-starting one ends
    gaps = (
        f"EXISTS (SELECT 1 FROM assignment a WHERE a.enterprise_id = {eid} AND a.deleted = 0 "
        "AND (a.end_date IS NULL OR a.end_date >= a.start_date) "
        f"AND a.start_date > {first} AND NOT EXISTS (SELECT 1 FROM assignment b "
        f"WHERE b.enterprise_id = {eid} AND b.deleted = 0 "
        "AND (b.end_date IS NULL OR b.end_date >= b.start_date) AND b.start_date < a.start_date "
        "AND (b.end_date IS NULL OR b.end_date >= date(a.start_date, '-1 day'))))"
    )
    return f"{first}, {until}, {gaps}"


def _last_onsite(eid: str) -> str:
    return f"(SELECT max(visit_at) FROM servicerecord WHERE enterprise_id = {eid} AND {_ONSITE_OF_ONE})"


def _operating(eid: str) -> str:
    return f"coalesce((SELECT deleted = 0 AND status = 'operating' FROM enterprise WHERE id = {eid}), 0)"


def _refresh(eid: str) -> str:
    """One statement writing enterprise ``eid``'s row from scratch (its assignments, records and
    own status), or removing it when the enterprise is gone."""
    return (
        f"INSERT OR REPLACE INTO {TABLE} (enterprise_id, operating, assigned_from, assigned_until, "
        f"assigned_gaps, last_onsite_at) SELECT {eid}, {_operating(eid)}, {_assignment_facts(eid)}, "
        f"{_last_onsite(eid)} WHERE EXISTS (SELECT 1 FROM enterprise WHERE id = {eid})"
    )


def _triggers() -> list[tuple[str, str]]:
    """(name, CREATE TRIGGER statement) of every trigger."""
    onsite_new = "NEW.deleted = 0 AND NEW.kind = 'onsite' AND NEW.status IN ('submitted', 'reviewed')"
    return [
        (
            "board_enterprise_insert",
            f"AFTER INSERT ON enterprise BEGIN {_refresh('NEW.id')}; END",
        ),
        (
            "board_enterprise_update",
            f"AFTER UPDATE OF id, deleted, status ON enterprise BEGIN {_refresh('NEW.id')}; END",
        ),
        (
            "board_enterprise_delete",
            f"AFTER DELETE ON enterprise BEGIN DELETE FROM {TABLE} WHERE enterprise_id = OLD.id; END",
        ),
        (
            "board_assignment_insert",
            f"AFTER INSERT ON assignment BEGIN {_refresh('NEW.enterprise_id')}; END",
        ),
        (
            "board_assignment_update",
            "AFTER UPDATE OF deleted, start_date, end_date, enterprise_id ON assignment "
            f"BEGIN {_refresh('OLD.enterprise_id')}; {_refresh('NEW.enterprise_id')}; END",
        ),
        (
            "board_assignment_delete",
            f"AFTER DELETE ON assignment BEGIN {_refresh('OLD.enterprise_id')}; END",
        ),
        (  # the common write: a visit later than the enterprise's last, a keyed max()
            "board_record_insert",
            f"AFTER INSERT ON servicerecord WHEN {onsite_new} BEGIN UPDATE {TABLE} SET last_onsite_at = "
            f"CASE WHEN last_onsite_at > NEW.visit_at THEN {_last_onsite('NEW.enterprise_id')} "
            "ELSE NEW.visit_at END WHERE enterprise_id = NEW.enterprise_id; END",
        ),
        (  # any other insert changes nothing, unless it replaced (INSERT OR REPLACE) a visit
            "board_record_insert_other",
            f"AFTER INSERT ON servicerecord WHEN NOT ({onsite_new}) BEGIN UPDATE {TABLE} SET last_onsite_at = "
            f"{_last_onsite('NEW.enterprise_id')} WHERE enterprise_id = NEW.enterprise_id "
            "AND last_onsite_at IS NOT NULL; END",
        ),
        (
            "board_record_update",
            "AFTER UPDATE OF deleted, kind, status, visit_at, enterprise_id ON servicerecord "
            f"BEGIN UPDATE {TABLE} SET last_onsite_at = {_last_onsite('OLD.enterprise_id')} "
            "WHERE enterprise_id = OLD.enterprise_id; "
            f"UPDATE {TABLE} SET last_onsite_at = {_last_onsite('NEW.enterprise_id')} "
            "WHERE enterprise_id = NEW.enterprise_id; END",
        ),
        (
            "board_record_delete",
            f"AFTER DELETE ON servicerecord BEGIN UPDATE {TABLE} SET last_onsite_at = "
            f"{_last_onsite('OLD.enterprise_id')} WHERE enterprise_id = OLD.enterprise_id; END",
        ),
    ]


def table_statements() -> list[str]:
    return [
        f"CREATE TABLE {TABLE} (enterprise_id VARCHAR(36) NOT NULL PRIMARY KEY, "
        "operating BOOLEAN NOT NULL DEFAULT 0, assigned_from DATE, assigned_until DATE, "
        "assigned_gaps BOOLEAN NOT NULL DEFAULT 0, last_onsite_at VARCHAR(32)) WITHOUT ROWID",
        # the board's count reads only this index: the operating rows with their four facts
        f"CREATE INDEX ix_board_coverage_count ON {TABLE} "
        "(operating, assigned_gaps, assigned_from, assigned_until, last_onsite_at)",
    ]


def trigger_statements() -> list[str]:
    return [sql for _name, sql in _triggers()]


def create_statements() -> list[str]:
    return [*table_statements(), *(f"CREATE TRIGGER {name} {sql}" for name, sql in _triggers())]


def drop_trigger_statements() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name, _sql in _triggers()]


def create_trigger_statements() -> list[str]:
    return [f"CREATE TRIGGER IF NOT EXISTS {name} {sql}" for name, sql in _triggers()]


def drop_statements() -> list[str]:
    return [*drop_trigger_statements(), f"DROP TABLE IF EXISTS {TABLE}"]


def rebuild(conn: Connection) -> int:
    """Every enterprise's row from scratch (set-based: one pass per source table); returns the
    number of rows."""
    conn.exec_driver_sql(f"DELETE FROM {TABLE}")
    conn.exec_driver_sql(
        f"INSERT INTO {TABLE} (enterprise_id, operating) "
        "SELECT id, deleted = 0 AND status = 'operating' FROM enterprise"
    )
    conn.exec_driver_sql(
        f"UPDATE {TABLE} SET last_onsite_at = v.last FROM (SELECT enterprise_id AS eid, max(visit_at) AS last "
        f"FROM servicerecord WHERE {_ONSITE} GROUP BY enterprise_id) AS v WHERE enterprise_id = v.eid"
    )
    eid = f"{TABLE}.enterprise_id"
    conn.exec_driver_sql(
        f"UPDATE {TABLE} SET (assigned_from, assigned_until, assigned_gaps) = (SELECT {_assignment_facts(eid)}) "
        f"WHERE enterprise_id IN (SELECT enterprise_id FROM assignment WHERE {_LIVE_ASSIGNMENT})"
    )
    return int(conn.exec_driver_sql(f"SELECT count(*) FROM {TABLE}").scalar_one())
