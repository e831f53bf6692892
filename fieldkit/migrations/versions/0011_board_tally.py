"""the supervisor board's counts per day (``board_tally``) and the partial indexes of its lists

Creates the table and the triggers of :mod:`fieldkit.models.board_tally` and computes its rows
from the store's visit plans, demands and proxy services, so that the zone's Today board sums at
most the calendar's days instead of counting thousands of rows; adds the partial indexes through
which the board's first 50 overdue plans, open demands and open proxy services are read in order
without sorting every one (``ix_visitplan_overdue``, ``ix_demand_open_deadline``,
``ix_proxyservice_open``).

Plain ``CREATE`` statements (no table rebuild, so every trigger stays). One transaction: a no-op
UPDATE opens it before the DDL (Python's sqlite3 driver would run DDL outside any transaction
otherwise), so a failure leaves the store at 0010 with no half-built table.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

INDEXES = ("ix_visitplan_overdue", "ix_demand_open_deadline", "ix_proxyservice_open")


def _index_sql() -> list[str]:
    from fieldkit.models import board_tally

    return [
        f"CREATE INDEX IF NOT EXISTS ix_visitplan_overdue ON visitplan (planned_date) WHERE {board_tally.PLAN_PLANNED_SQL}",
        f"CREATE INDEX IF NOT EXISTS ix_demand_open_deadline ON demand (deadline) WHERE {board_tally.DEMAND_OPEN_SQL}",
        f"CREATE INDEX IF NOT EXISTS ix_proxyservice_open ON proxyservice (accepted_on) WHERE {board_tally.PROXY_OPEN_SQL}",
    ]


def upgrade() -> None:
    from fieldkit.models import board_tally

    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num WHERE 0")
    for statement in [*_index_sql(), *board_tally.create_statements()]:
        conn.exec_driver_sql(statement)
    board_tally.rebuild(conn)


def downgrade() -> None:
    from fieldkit.models import board_tally

    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num WHERE 0")
    for statement in board_tally.drop_statements():
        conn.exec_driver_sql(statement)
    for name in INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
