"""an outbox that can be sent; conflicts table; sync state derived, not stored

The outbox entry gains what a push needs (device, transaction, actor, old values, schema version,
the audit row it merges into, when it was handed to a push) and its ``seq`` becomes AUTOINCREMENT
so that a sequence number is never handed out twice, not even after entries are deleted. Entries
written as ``upsert`` become ``create`` (their changes carry the row id) or ``update``.
A local ``syncconflict`` table keeps both values of a field until the user decides. The
``sync_state`` column that nothing kept up to date is dropped from every synced table: a row's
state follows from the outbox and the conflicts.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SYNCED = ("zone", "staff", "enterprise", "assignment", "visitplan", "servicerecord", "demand", "demandevent",
          "proxyservice", "proxymilestone", "policy", "policypush", "policyapplication", "evaluation",
          "assessment", "attachment")

OLD_OUTBOX_COLS = "seq, mutation_id, table_name, row_id, op, changes, base_version, created_at, state, error, attempts"


def _new_outbox(name: str) -> None:
    op.create_table(
        name,
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("mutation_id", sa.String(length=32), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("tx_id", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.String(length=32), nullable=True),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=32), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("old_values", sa.JSON(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("sent_at", sa.String(length=32), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("error", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("mutation_id"),
        sqlite_autoincrement=True,
    )


def upgrade() -> None:
    conn = op.get_bind()
    _new_outbox("_outbox_new")
    conn.execute(sa.text(
        "INSERT INTO _outbox_new (seq, mutation_id, device_id, tx_id, actor_id, table_name, row_id, op, changes, "
        "old_values, base_version, schema_version, audit_id, created_at, updated_at, sent_at, state, error, attempts) "
        "SELECT seq, mutation_id, '', mutation_id, NULL, table_name, row_id, "
        "CASE WHEN op = 'delete' THEN 'delete' WHEN json_extract(changes, '$.id') IS NOT NULL THEN 'create' "
        "ELSE 'update' END, changes, '{}', base_version, 4, NULL, created_at, created_at, NULL, "
        "CASE WHEN state = 'pending' THEN 'pending' ELSE 'rejected' END, error, attempts FROM outboxentry"))
    op.drop_index("ix_outboxentry_row_id", table_name="outboxentry")
    op.drop_index("ix_outboxentry_state", table_name="outboxentry")
    op.drop_table("outboxentry")
    op.rename_table("_outbox_new", "outboxentry")
    op.create_index("ix_outboxentry_row_id", "outboxentry", ["row_id"])
    op.create_index("ix_outboxentry_state", "outboxentry", ["state"])
    op.create_index("ix_outboxentry_tx_id", "outboxentry", ["tx_id"])
    op.create_index("ix_outboxentry_table_row", "outboxentry", ["table_name", "row_id"])

    op.create_table(
        "syncconflict",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=32), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("local_value", sa.JSON(), nullable=True),
        sa.Column("server_value", sa.JSON(), nullable=True),
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("decided", sa.Boolean(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("decided_value", sa.JSON(), nullable=True),
        sa.Column("decided_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_syncconflict_row_id", "syncconflict", ["row_id"])
    op.create_index("ix_syncconflict_decided", "syncconflict", ["decided"])

    for table in SYNCED:
        op.drop_index(f"ix_{table}_sync_state", table_name=table)
        conn.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN sync_state"))


def downgrade() -> None:
    conn = op.get_bind()
    for table in SYNCED:
        conn.execute(sa.text(f"ALTER TABLE {table} ADD COLUMN sync_state VARCHAR(16) NOT NULL DEFAULT 'synced'"))
        op.create_index(f"ix_{table}_sync_state", table, ["sync_state"])
        conn.execute(sa.text(f"UPDATE {table} SET sync_state = 'waiting' WHERE id IN "
                             f"(SELECT row_id FROM outboxentry WHERE table_name = '{table}')"))
    op.drop_index("ix_syncconflict_decided", table_name="syncconflict")
    op.drop_index("ix_syncconflict_row_id", table_name="syncconflict")
    op.drop_table("syncconflict")
    op.create_table(
        "_outbox_old",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("mutation_id", sa.String(length=32), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=32), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("error", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("mutation_id"),
    )
    conn.execute(sa.text(
        f"INSERT INTO _outbox_old ({OLD_OUTBOX_COLS}) SELECT seq, mutation_id, table_name, row_id, "
        "CASE WHEN op = 'delete' THEN 'delete' ELSE 'upsert' END, changes, base_version, created_at, "
        "CASE WHEN state = 'pending' THEN 'pending' ELSE 'error' END, error, attempts FROM outboxentry"))
    for ix in ("ix_outboxentry_row_id", "ix_outboxentry_state", "ix_outboxentry_tx_id", "ix_outboxentry_table_row"):
        op.drop_index(ix, table_name="outboxentry")
    op.drop_table("outboxentry")
    op.rename_table("_outbox_old", "outboxentry")
    op.create_index("ix_outboxentry_row_id", "outboxentry", ["row_id"])
    op.create_index("ix_outboxentry_state", "outboxentry", ["state"])
