"""the policy card's enterprise classes in ``board_tally``, and the indexes of the supervisor's first load

- ``board_tally``'s ``ent:<status>`` rows (live enterprises by status and industry|scale|stage) and
  the ``board_tally_enterprise_*`` triggers that keep them (:mod:`fieldkit.models.board_tally`): the
  policy card counts a closing policy's eligible enterprises from them instead of from every row;
- ``ix_enterprise_policy (status, deleted, industry, scale, stage, name, id)``: a narrow policy's
  eligible enterprises read by their class, not by walking the whole name index;
- ``ix_evaluation_period (evaluated_on, deleted, staff_id, level)`` and ``ix_proxyservice_completed
  (completed_on, status, deleted, staff_id)``: the zone summary's satisfaction and completed proxy
  services of a period from an index range instead of a scan of every evaluation / completed one;
- ``ix_assignment_current (deleted, staff_id, start_date, end_date, enterprise_id)``: the summary's
  current assignments per assistant read from the index alone, in staff order (no sort).

Plain ``CREATE`` statements (no table rebuild, so every trigger stays). One transaction: a no-op
UPDATE opens it before the DDL (Python's sqlite3 driver would run DDL outside any transaction
otherwise), so a failure leaves the store at 0012.

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_enterprise_policy": "enterprise (status, deleted, industry, scale, stage, name, id)",
    "ix_evaluation_period": "evaluation (evaluated_on, deleted, staff_id, level)",
    "ix_proxyservice_completed": "proxyservice (completed_on, status, deleted, staff_id)",
    "ix_assignment_current": "assignment (deleted, staff_id, start_date, end_date, enterprise_id)",
}


def upgrade() -> None:
    from fieldkit.models import board_tally

    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num WHERE 0")
    for name, target in INDEXES.items():
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
    names = set(board_tally.enterprise_trigger_names())
    for statement in board_tally.create_trigger_statements():
        if any(f" {name} " in statement for name in names):
            conn.exec_driver_sql(statement)
    board_tally.rebuild_enterprises(conn)


def downgrade() -> None:
    from fieldkit.models import board_tally

    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num WHERE 0")
    for name in board_tally.enterprise_trigger_names():
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    conn.exec_driver_sql(f"DELETE FROM {board_tally.TABLE} WHERE kind >= 'ent:' AND kind < 'ent;'")
    for name in INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
