"""PostgreSQL: the change sequence becomes a SEQUENCE (writers no longer hold the counter row)

Revision ID: s0005
Revises: s0004
Create Date: 2026-12-01

On PostgreSQL the change sequence is ``server_change_seq``, started after the counter row's value;
pulls read their safe horizon from the writers' tickets (docs/sync-protocol.md, "Ordering").
SQLite keeps the counter row (one writer at a time anyway): nothing to do there.
"""
from alembic import op
import sqlalchemy as sa


revision = 's0005'
down_revision = 's0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    op.execute('CREATE SEQUENCE IF NOT EXISTS server_change_seq AS bigint MINVALUE 0 START WITH 1')
    value = bind.execute(
        sa.text("SELECT value FROM server_counter WHERE name = 'change_seq'")
    ).scalar()
    if value:
        bind.execute(sa.text("SELECT setval('server_change_seq', :v, true)"), {'v': int(value)})


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    last = bind.execute(
        sa.text('SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM server_change_seq')
    ).scalar()
    bind.execute(
        sa.text("UPDATE server_counter SET value = :v WHERE name = 'change_seq'"), {'v': int(last or 0)}
    )
    op.execute('DROP SEQUENCE server_change_seq')
