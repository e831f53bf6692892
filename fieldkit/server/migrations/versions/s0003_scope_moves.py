"""scope moves: enterprises and staff moved between zones

Revision ID: s0003
Revises: s0002
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = 's0003'
down_revision = 's0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('server_scope_move',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('row_id', sa.String(length=32), nullable=False),
    sa.Column('from_zone', sa.String(length=32), nullable=True),
    sa.Column('to_zone', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('server_scope_move', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_server_scope_move_seq'), ['seq'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('server_scope_move', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_server_scope_move_seq'))
    op.drop_table('server_scope_move')
