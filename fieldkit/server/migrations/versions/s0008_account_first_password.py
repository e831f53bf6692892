"""accounts opened from a staff screen: the first sign-in must set the user's own password

Revision ID: s0008
Revises: s0005
Create Date: 2026-12-01

``server_account.must_change_password``: an account a supervisor or admin opened from the desktop
(``POST /api/accounts``) holds a one-time initial password; ``/api/login`` refuses it with code
``password_change_required`` until ``/api/password`` sets the user's own. Existing accounts: false.
"""
from alembic import op
import sqlalchemy as sa


revision = 's0008'
down_revision = 's0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a database made by ``metadata.create_all`` (before migrations) from this version has it already
    columns = {c['name'] for c in sa.inspect(op.get_bind()).get_columns('server_account')}
    if 'must_change_password' in columns:
        return
    with op.batch_alter_table('server_account', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('must_change_password', sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table('server_account', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
