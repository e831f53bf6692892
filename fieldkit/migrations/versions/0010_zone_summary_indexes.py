"""indexes for the supervisor's zone summary and complaints list (issue 11 §2)

The zone summary (per assistant: the period's visits, coverage, demands collected and closed) and
the complaints list are aggregated in SQL from indexes instead of being built from the rows:

- ``ix_servicerecord_visit_cover`` gains ``staff_id`` and ``amends_id``, so that the period's
  visits per assistant are counted from the index alone (it already served the board's
  "not visited" figure, which reads the same leading columns);
- ``ix_demand_collected`` and ``ix_demand_closed``: the demands collected / closed in a period;
- ``ix_demand_kind_deadline``: the complaints, a page at a time in deadline order;
- ``ix_enterprise_name_scope`` and ``ix_enterprise_zone_live``: the zone's enterprises in name order
  (the board's first names not visited, 包联调整's first page) and their number, from the index.

The board's triggers are recreated from :mod:`fieldkit.models.board_index` as it is now: the
"last on-site visit" subquery of the store's earlier triggers could be planned over the
deleted/status indexes in a store without statistics, so that every inserted record scanned the
zone (3,000 records of a first sync: 18.3 s instead of 3.3 s); the new text goes through the
enterprise index. Same effect on the table, so the downgrade keeps them.

Plain ``CREATE INDEX`` (no table rebuild, so every trigger stays). One transaction: a no-op UPDATE
opens it before the DDL (Python's sqlite3 driver would run DDL outside any transaction otherwise),
so a failure leaves the store at 0009 with its old index.

Revision ID: 0010
Revises: 0009
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

VISIT_COVER_OLD = "CREATE INDEX ix_servicerecord_visit_cover ON servicerecord (visit_at, kind, status, deleted, enterprise_id)"
VISIT_COVER = (
    "CREATE INDEX ix_servicerecord_visit_cover ON servicerecord "
    "(visit_at, kind, status, deleted, enterprise_id, staff_id, amends_id)"
)
NEW_INDEXES = {
    "ix_demand_collected": "CREATE INDEX ix_demand_collected ON demand (collected_at, deleted, staff_id)",
    "ix_demand_closed": "CREATE INDEX ix_demand_closed ON demand (closed_at, deleted, state, deadline, staff_id)",
    "ix_demand_kind_deadline": (
        "CREATE INDEX ix_demand_kind_deadline ON demand (kind, deleted, deadline, enterprise_id)"
    ),
    "ix_enterprise_name_scope": (
        "CREATE INDEX ix_enterprise_name_scope ON enterprise (name, deleted, status, zone_id, id)"
    ),
    "ix_enterprise_zone_live": "CREATE INDEX ix_enterprise_zone_live ON enterprise (zone_id, deleted)",
}


def _begin() -> None:
    op.get_bind().exec_driver_sql("UPDATE alembic_version SET version_num = version_num WHERE 0")


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        _begin()
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_servicerecord_visit_cover")
    conn.exec_driver_sql(VISIT_COVER)
    for sql in NEW_INDEXES.values():
        conn.exec_driver_sql(sql)
    if conn.dialect.name == "sqlite":
        from fieldkit.models import board_index

        for statement in board_index.drop_trigger_statements() + board_index.create_trigger_statements():
            conn.exec_driver_sql(statement)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        _begin()
    for name in NEW_INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_servicerecord_visit_cover")
    conn.exec_driver_sql(VISIT_COVER_OLD)
