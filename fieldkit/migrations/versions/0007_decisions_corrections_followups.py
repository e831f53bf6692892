"""what demand events decided, policy 补正, 回访 plans, milestone owners (issue 12 §12–§14, §16)

Adds to ``demandevent`` the department, person, deadline and satisfaction its step decided; to
``policyapplication`` the one-time list of corrections (一次性告知) and the days it was told and
resolved; to ``visitplan`` the service record a 回访 plan follows up; to ``proxymilestone`` its
responsible person. Existing events get their decisions back from the demand where the demand
still shows them: the latest 交办 / 再次交办 the demand's department, person and deadline, the
latest 反馈 its satisfaction (what was overwritten earlier is gone and stays blank).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("demandevent", schema=None) as batch_op:
        batch_op.add_column(sa.Column("department", sa.String(length=100), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("responsible_person", sa.String(length=50), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("deadline", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("satisfaction", sa.String(length=24), nullable=True))
    with op.batch_alter_table("policyapplication", schema=None) as batch_op:
        batch_op.add_column(sa.Column("corrections", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("correction_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("corrected_on", sa.Date(), nullable=True))
    with op.batch_alter_table("visitplan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("follow_up_of", sa.String(length=32), nullable=True))
        batch_op.create_index("ix_visitplan_follow_up_of", ["follow_up_of"], unique=False)
    with op.batch_alter_table("proxymilestone", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("responsible_person", sa.String(length=50), nullable=False, server_default="")
        )
    conn = op.get_bind()
    # the latest step of each kind takes back what the demand row still shows of it
    conn.exec_driver_sql(
        """
        UPDATE demandevent SET
            department = (SELECT d.department FROM demand d WHERE d.id = demandevent.demand_id),
            responsible_person = (SELECT d.responsible_person FROM demand d WHERE d.id = demandevent.demand_id),
            deadline = (SELECT d.deadline FROM demand d WHERE d.id = demandevent.demand_id)
        WHERE to_state = 'assigned' AND at = (
            SELECT MAX(e.at) FROM demandevent e
            WHERE e.demand_id = demandevent.demand_id AND e.to_state = 'assigned' AND e.deleted = 0
        )
        """
    )
    conn.exec_driver_sql(
        """
        UPDATE demandevent SET
            satisfaction = (SELECT d.satisfaction FROM demand d WHERE d.id = demandevent.demand_id)
        WHERE to_state = 'feedback' AND at = (
            SELECT MAX(e.at) FROM demandevent e
            WHERE e.demand_id = demandevent.demand_id AND e.to_state = 'feedback' AND e.deleted = 0
        )
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("proxymilestone", schema=None) as batch_op:
        batch_op.drop_column("responsible_person")
    with op.batch_alter_table("visitplan", schema=None) as batch_op:
        batch_op.drop_index("ix_visitplan_follow_up_of")
        batch_op.drop_column("follow_up_of")
    with op.batch_alter_table("policyapplication", schema=None) as batch_op:
        batch_op.drop_column("corrected_on")
        batch_op.drop_column("correction_on")
        batch_op.drop_column("corrections")
    with op.batch_alter_table("demandevent", schema=None) as batch_op:
        batch_op.drop_column("satisfaction")
        batch_op.drop_column("deadline")
        batch_op.drop_column("responsible_person")
        batch_op.drop_column("department")
