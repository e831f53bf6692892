"""the server's reason of a refused outbox entry as code + raw parameters (issue 8 item 4)

``outboxentry.error`` keeps the text the server sent (Chinese); ``error_code`` and
``error_params`` keep the reason's code and raw parameters, so the rejected changes are shown in
the interface language at display time (:func:`fieldkit.domain.reasons.render`). Entries refused
before this revision have an empty code and no parameters: they still show their text.

Plain ``ADD COLUMN`` (no table rebuild, so no trigger is lost). One transaction: a no-op UPDATE
opens it before the DDL (Python's sqlite3 driver would run DDL outside any transaction otherwise),
so a failure leaves the store at 0011 without half the columns.

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num WHERE 0")
    conn.exec_driver_sql("ALTER TABLE outboxentry ADD COLUMN error_code VARCHAR(40) NOT NULL DEFAULT ''")
    conn.exec_driver_sql("ALTER TABLE outboxentry ADD COLUMN error_params JSON")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num WHERE 0")
    conn.exec_driver_sql("ALTER TABLE outboxentry DROP COLUMN error_params")
    conn.exec_driver_sql("ALTER TABLE outboxentry DROP COLUMN error_code")
