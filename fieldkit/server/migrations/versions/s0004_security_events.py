"""security audit: sign-ins and admin actions

Revision ID: s0004
Revises: s0003
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = 's0004'
down_revision = 's0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('server_security_event',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('login', sa.String(length=150), nullable=True),
    sa.Column('staff_id', sa.String(length=32), nullable=True),
    sa.Column('device_id', sa.String(length=64), nullable=True),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('server_security_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_server_security_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_server_security_event_kind'), ['kind'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('server_security_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_server_security_event_kind'))
        batch_op.drop_index(batch_op.f('ix_server_security_event_at'))
    op.drop_table('server_security_event')
