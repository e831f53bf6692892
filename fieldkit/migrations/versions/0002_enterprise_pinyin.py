"""enterprise pinyin search columns

Adds name_pinyin / name_initials so that users can find 华为技术有限公司 by typing ``hwjs`` or
``huawei``, and backfills them for the rows already in an older store.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enterprise", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_pinyin", sa.String(length=800), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("name_initials", sa.String(length=200), nullable=False, server_default=""))
        batch_op.create_index("ix_enterprise_name_initials", ["name_initials"], unique=False)
    from fieldkit.domain.pinyin import name_keys

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name FROM enterprise")).fetchall()
    for row_id, name in rows:
        full, initials = name_keys(name)
        conn.execute(
            sa.text("UPDATE enterprise SET name_pinyin=:p, name_initials=:i WHERE id=:id"),
            {"p": full, "i": initials, "id": row_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("enterprise", schema=None) as batch_op:
        batch_op.drop_index("ix_enterprise_name_initials")
        batch_op.drop_column("name_initials")
        batch_op.drop_column("name_pinyin")
