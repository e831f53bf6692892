"""the supervisor board's per-enterprise coverage facts (``board_coverage``) and their triggers

Creates the table, its covering index and the triggers of :mod:`fieldkit.models.board_index`, then
computes every enterprise's row from the store's enterprises, assignments and records; adds the
index of the records awaiting review (``ix_servicerecord_review``).

One transaction: Python's sqlite3 driver would run the DDL in autocommit before the first
data-changing statement opens a transaction, so a no-op UPDATE opens it first; a failure anywhere
leaves the store at the previous revision with no half-built table.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

#: the records awaiting review (status, then visit time), counted and paged from the index alone
REVIEW_INDEX = (
    "CREATE INDEX IF NOT EXISTS ix_servicerecord_review ON servicerecord (status, visit_at, deleted, staff_id)"
)

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from fieldkit.models import board_index

    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num WHERE 0")
    for statement in board_index.create_statements():
        conn.exec_driver_sql(statement)
    board_index.rebuild(conn)
    conn.exec_driver_sql(REVIEW_INDEX)


def downgrade() -> None:
    from fieldkit.models import board_index

    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num WHERE 0")
    for statement in board_index.drop_statements():
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_servicerecord_review")
