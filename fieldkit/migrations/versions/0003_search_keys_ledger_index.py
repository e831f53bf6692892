"""punctuation-free pinyin keys; ledger index on service records

The pinyin keys written by 0002 kept brackets and other punctuation (``dydfdq（dy）yxgs``), so a
user typing ``dydfdqdy`` did not find 德阳东方电气（德阳）有限公司; recompute them. Add an index on
servicerecord (staff_id, visit_at) so a staff member's ledger for a period is a range scan.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from fieldkit.domain.pinyin import name_keys

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name FROM enterprise")).fetchall()
    updates = []
    for row_id, name in rows:
        full, initials = name_keys(name)
        updates.append({"p": full, "i": initials, "id": row_id})
    if updates:
        conn.execute(sa.text("UPDATE enterprise SET name_pinyin=:p, name_initials=:i WHERE id=:id"), updates)
    with op.batch_alter_table("servicerecord", schema=None) as batch_op:
        batch_op.create_index("ix_servicerecord_staff_visit", ["staff_id", "visit_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("servicerecord", schema=None) as batch_op:
        batch_op.drop_index("ix_servicerecord_staff_visit")
