"""enterprise contact channel and 一企一档 domains; the major-complaint flag

``enterprise.contact_channel`` is the contact channel agreed with the enterprise (线上/线下, seed
000 §6.1; "" until agreed). ``enterprise.profile`` holds the 一企一档 domains of seed 003 §5.2.1.2
(生产经营 figures, 知识产权, 信用信息, 上市融资) as one JSON object, "{}" until filled.
``demand.major`` marks a major complaint (重大投诉, seed 001 §7.2.5); a repeated complaint is
derived from the records, not stored.

Revision ID: 0008
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enterprise", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_channel", sa.String(length=16), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("profile", sa.JSON(), nullable=False, server_default="{}"))
    with op.batch_alter_table("demand", schema=None) as batch_op:
        batch_op.add_column(sa.Column("major", sa.Boolean(), nullable=False, server_default=sa.false()))
    _search_triggers_again("demand")


def _search_triggers_again(table: str) -> None:
    """A batch migration rebuilds the table (copy, drop, rename), which drops its triggers: the
    full-text index's triggers on ``demand`` (migration 0006) are created again, or a changed
    demand would never reach the search index."""
    from fieldkit.models import search_index

    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    for sql in search_index.create_statements():
        if sql.startswith(f"CREATE TRIGGER search_queue_{table}_"):
            conn.exec_driver_sql(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))


def downgrade() -> None:
    with op.batch_alter_table("demand", schema=None) as batch_op:
        batch_op.drop_column("major")
    _search_triggers_again("demand")
    with op.batch_alter_table("enterprise", schema=None) as batch_op:
        batch_op.drop_column("profile")
        batch_op.drop_column("contact_channel")
