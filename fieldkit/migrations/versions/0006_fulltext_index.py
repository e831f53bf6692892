"""full-text index of records, demands and policies (FTS5 over character pairs); covering visit index

Creates ``search_doc``, ``search_queue``, one FTS5 table per kind and the triggers that queue a
row whenever it changes (see :mod:`fieldkit.models.search_index`), then indexes every live row of
an existing store. A covering index of service records by visit time (kind, status, tombstone,
enterprise) lets the supervisor's board count a quarter's visits without reading the rows.

All of it is one transaction: Python's sqlite3 driver would run the DDL in autocommit before the
first data-changing statement opens a transaction, so a no-op UPDATE opens it first; a failure
anywhere leaves the store at 0005 with no half-built index.

Revision ID: 0006
Revises: 0005
"""

from alembic import context, op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from fieldkit.models import search_index

    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num WHERE 0")
    for statement in search_index.create_statements():
        conn.exec_driver_sql(statement)
    # fieldkit.db's progress report (rows indexed / to index), when it set one
    search_index.rebuild(conn, progress=context.config.attributes.get("progress"))
    conn.exec_driver_sql(
        "CREATE INDEX ix_servicerecord_visit_cover ON servicerecord (visit_at, kind, status, deleted, enterprise_id)"
    )


def downgrade() -> None:
    from fieldkit.models import search_index

    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num WHERE 0")
    for statement in search_index.drop_statements():
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_servicerecord_visit_cover")
