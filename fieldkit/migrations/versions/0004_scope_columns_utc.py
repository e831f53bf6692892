"""scope columns on child rows; zone required; one datetime form

* ``demandevent.enterprise_id`` and ``proxymilestone.enterprise_id`` (NOT NULL) and
  ``attachment.enterprise_id`` (NULL only for an attachment of no enterprise), filled from the parent
  rows, so a server can decide who may see a row without joins.
* ``enterprise.zone_id`` and ``staff.zone_id`` become NOT NULL. Empty ones are filled: a staff member
  from the zone of the enterprises assigned to them, else the store's only zone; an enterprise from
  its assigned staff member's zone, else the only zone. Where that decides nothing (no zone at all,
  or several and no assignment) the zone "默认功能区" is used, created if needed — journalled like a
  local edit, so the server hears of it.
* Every datetime column becomes fixed-width ISO-8601 UTC text (``2026-11-21T02:00:00.000000+00:00``,
  see ``fieldkit.models.types.UTCDateTime``). Stores hold two older forms: naive UTC written by the
  ORM (``2026-11-21 02:00:00.000000``) and ``2026-11-21 02:00:00+00:00`` written by the demo through
  sqlite3's default adapter (any other offset is converted too); each value is rewritten as the same
  instant in the one form, so text order is time order.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

DEFAULT_ZONE = "默认功能区"
WIDTH = 32

#: every datetime column at this revision (frozen: later models may differ)
DATETIME_COLUMNS: dict[str, tuple[str, ...]] = {
    "assessment": ("created_at", "updated_at"),
    "assignment": ("created_at", "updated_at"),
    "attachment": ("created_at", "updated_at"),
    "auditlog": ("at",),
    "demand": ("created_at", "updated_at", "collected_at", "closed_at"),
    "demandevent": ("created_at", "updated_at", "at"),
    "enterprise": ("created_at", "updated_at"),
    "evaluation": ("created_at", "updated_at"),
    "localcredential": ("updated_at",),
    "outboxentry": ("created_at",),
    "policy": ("created_at", "updated_at"),
    "policyapplication": ("created_at", "updated_at"),
    "policypush": ("created_at", "updated_at", "pushed_at"),
    "proxymilestone": ("created_at", "updated_at"),
    "proxyservice": ("created_at", "updated_at"),
    "servicerecord": ("created_at", "updated_at", "visit_at", "submitted_at", "reviewed_at"),
    "staff": ("created_at", "updated_at"),
    "visitplan": ("created_at", "updated_at"),
    "zone": ("created_at", "updated_at"),
}
NULLABLE = {("demand", "collected_at"), ("demand", "closed_at"), ("servicerecord", "submitted_at"),
            ("servicerecord", "reviewed_at")}

#: tables an attachment may belong to that name their enterprise
OWNERS_WITH_ENTERPRISE = ("servicerecord", "demand", "proxyservice", "visitplan", "policyapplication",
                          "policypush", "evaluation", "assignment")


def canonical(value: Any) -> str | None:
    """The one stored form of an instant (naive = UTC), from any older stored text."""
    if value is None:
        return None
    dt = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat(timespec="microseconds")


def naive_utc(value: Any) -> str | None:
    """The form SQLAlchemy's SQLite DATETIME wrote before this revision (for the downgrade)."""
    if value is None:
        return None
    dt = datetime.fromisoformat(str(value))
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt.strftime("%Y-%m-%d %H:%M:%S.%f")


#: primary keys that are not ``id``
PRIMARY_KEYS = {"outboxentry": "seq", "localcredential": "login"}


def _converted(conn: sa.Connection, table: str, columns: tuple[str, ...], convert: Any) -> list[dict[str, Any]]:
    """The rows of ``table`` whose datetimes ``convert`` changes, keyed by primary key."""
    pk = PRIMARY_KEYS.get(table, "id")
    rows = conn.execute(sa.text(f"SELECT {pk}, {', '.join(columns)} FROM {table}")).fetchall()
    updates = []
    for row in rows:
        new = {c: convert(v) for c, v in zip(columns, row[1:], strict=True)}
        if any(new[c] != v for c, v in zip(columns, row[1:], strict=True)):
            updates.append({"pk": row[0], **new})
    return updates


def _write(conn: sa.Connection, table: str, columns: tuple[str, ...], updates: list[dict[str, Any]]) -> None:
    if updates:
        sets = ", ".join(f"{c} = :{c}" for c in columns)
        pk = PRIMARY_KEYS.get(table, "id")
        conn.execute(sa.text(f"UPDATE {table} SET {sets} WHERE {pk} = :pk"), updates)


def _default_zone(conn: sa.Connection) -> str:
    """The id of the zone "默认功能区", created (and journalled) when missing."""
    found = conn.execute(sa.text("SELECT id FROM zone WHERE name = :n AND deleted = 0 ORDER BY created_at"),
                         {"n": DEFAULT_ZONE}).first()
    if found:
        return str(found[0])
    zid, now = uuid.uuid4().hex, canonical(datetime.now(UTC))
    values = {"id": zid, "server_version": 0, "sync_state": "waiting", "deleted": 0, "created_at": now,
              "updated_at": now, "name": DEFAULT_ZONE, "code": ""}
    conn.execute(sa.text("INSERT INTO zone (id, server_version, sync_state, deleted, created_at, updated_at, "
                         "name, code) VALUES (:id, :server_version, :sync_state, :deleted, :created_at, "
                         ":updated_at, :name, :code)"), values)
    new_values = {k: (bool(v) if k == "deleted" else v) for k, v in values.items()
                  if k not in ("server_version", "sync_state", "updated_at")}
    conn.execute(sa.text("INSERT INTO auditlog (id, table_name, row_id, action, actor_id, device_id, at, "
                         "old_values, new_values) VALUES (:id, 'zone', :row, 'create', NULL, 'migration', :at, "
                         "NULL, :new)"),
                 {"id": uuid.uuid4().hex, "row": zid, "at": now, "new": json.dumps(new_values, ensure_ascii=False)})
    conn.execute(sa.text("INSERT INTO outboxentry (mutation_id, table_name, row_id, op, changes, base_version, "
                         "created_at, state, error, attempts) VALUES (:m, 'zone', :row, 'upsert', :changes, 0, "
                         ":at, 'pending', '', 0)"),
                 {"m": uuid.uuid4().hex, "row": zid, "at": now,
                  "changes": json.dumps(new_values, ensure_ascii=False)})  # a create carries every value, its id too
    return zid


def _fill_zones(conn: sa.Connection) -> None:
    zones = [str(r[0]) for r in conn.execute(sa.text("SELECT id FROM zone WHERE deleted = 0 ORDER BY created_at"))]
    only = zones[0] if len(zones) == 1 else None
    # staff: the zone most of their enterprises are in
    for (sid,) in conn.execute(sa.text("SELECT id FROM staff WHERE zone_id IS NULL")).fetchall():
        counts = Counter(str(r[0]) for r in conn.execute(sa.text(
            "SELECT e.zone_id FROM assignment a JOIN enterprise e ON e.id = a.enterprise_id "
            "WHERE a.staff_id = :s AND a.deleted = 0 AND e.zone_id IS NOT NULL"), {"s": sid}))
        zone = counts.most_common(1)[0][0] if counts else only or _default_zone(conn)
        conn.execute(sa.text("UPDATE staff SET zone_id = :z WHERE id = :s"), {"z": zone, "s": sid})
    # enterprises: the zone of the staff member assigned to them (the current assignment first)
    for (eid,) in conn.execute(sa.text("SELECT id FROM enterprise WHERE zone_id IS NULL")).fetchall():
        row = conn.execute(sa.text(
            "SELECT s.zone_id FROM assignment a JOIN staff s ON s.id = a.staff_id "
            "WHERE a.enterprise_id = :e AND a.deleted = 0 "
            "ORDER BY a.end_date IS NOT NULL, a.start_date DESC LIMIT 1"), {"e": eid}).first()
        zone = str(row[0]) if row and row[0] else only or _default_zone(conn)
        conn.execute(sa.text("UPDATE enterprise SET zone_id = :z WHERE id = :e"), {"z": zone, "e": eid})


def _fill_scope(conn: sa.Connection) -> None:
    conn.execute(sa.text("UPDATE demandevent SET enterprise_id = "
                         "(SELECT enterprise_id FROM demand WHERE demand.id = demandevent.demand_id)"))
    conn.execute(sa.text("UPDATE proxymilestone SET enterprise_id = "
                         "(SELECT enterprise_id FROM proxyservice WHERE proxyservice.id = proxymilestone.proxy_id)"))
    conn.execute(sa.text("UPDATE attachment SET enterprise_id = owner_id WHERE owner_table = 'enterprise' "
                         "AND owner_id IN (SELECT id FROM enterprise)"))
    for owner in OWNERS_WITH_ENTERPRISE:
        conn.execute(sa.text(f"UPDATE attachment SET enterprise_id = (SELECT enterprise_id FROM {owner} "
                             f"WHERE {owner}.id = attachment.owner_id) WHERE owner_table = '{owner}'"))


def upgrade() -> None:
    conn = op.get_bind()
    for table in ("demandevent", "proxymilestone", "attachment"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("enterprise_id", sa.String(), nullable=True))
    _fill_scope(conn)
    _fill_zones(conn)
    for table, columns in DATETIME_COLUMNS.items():
        _write(conn, table, columns, _converted(conn, table, columns, canonical))

    for table, columns in DATETIME_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for c in columns:
                batch_op.alter_column(c, existing_type=sa.DateTime(timezone=True), type_=sa.String(WIDTH),
                                      existing_nullable=(table, c) in NULLABLE)
            if table in ("demandevent", "proxymilestone", "attachment"):
                batch_op.alter_column("enterprise_id", existing_type=sa.String(),
                                      nullable=table == "attachment")
                batch_op.create_foreign_key(f"fk_{table}_enterprise_id", "enterprise", ["enterprise_id"], ["id"])
                batch_op.create_index(batch_op.f(f"ix_{table}_enterprise_id"), ["enterprise_id"], unique=False)
            if table in ("enterprise", "staff"):
                batch_op.alter_column("zone_id", existing_type=sa.String(), nullable=False)


def downgrade() -> None:
    conn = op.get_bind()
    for table, columns in DATETIME_COLUMNS.items():
        # read first: the table rebuild CASTs to DATETIME (numeric affinity), which keeps only the year
        updates = _converted(conn, table, columns, naive_utc)
        with op.batch_alter_table(table, schema=None) as batch_op:
            for c in columns:
                batch_op.alter_column(c, existing_type=sa.String(WIDTH), type_=sa.DateTime(timezone=True),
                                      existing_nullable=(table, c) in NULLABLE)
            if table in ("demandevent", "proxymilestone", "attachment"):
                batch_op.drop_index(batch_op.f(f"ix_{table}_enterprise_id"))
                batch_op.drop_constraint(f"fk_{table}_enterprise_id", type_="foreignkey")
                batch_op.drop_column("enterprise_id")
            if table in ("enterprise", "staff"):
                batch_op.alter_column("zone_id", existing_type=sa.String(), nullable=True)
        _write(conn, table, columns, updates)
