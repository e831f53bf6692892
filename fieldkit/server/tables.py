"""The server's tables, in their own MetaData (not SQLModel.metadata: that one is the client's).

Synced rows are kept in one generic store, :data:`server_row`, validated through the
``fieldkit.models`` classes on every write: the client's models stay the one definition of a row,
and the columns the server needs for scope and ordering (enterprise, staff, zone, change sequence)
sit beside the JSON. The schema is made by the server's own Alembic migrations
(``fieldkit/server/migrations``, run by :func:`fieldkit.server.db.create_schema`); a change here
needs a new revision there (tests/server/test_migrations.py compares the two).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    false,
)

metadata = MetaData()

#: named counters: ``change_seq`` (the last change sequence handed out) and ``purged_seq`` (the
#: tombstone horizon: tombstones at or below it may be gone). A writer updates the change_seq row
#: first thing in its transaction and holds its lock until commit, so sequences are handed out
#: in commit order and a puller never skips a change that commits later with a smaller number.
counter = Table(
    "server_counter",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False, default=0),
)

server_row = Table(
    "server_row",
    metadata,
    Column("table_name", String(40), primary_key=True),
    Column("id", String(32), primary_key=True),
    Column("version", BigInteger, nullable=False, doc="the change sequence of its last write"),
    Column("enterprise_id", String(32), index=True),
    Column("staff_id", String(32), index=True),
    Column("zone_id", String(32), index=True),
    Column(
        "natural_key",
        String(64),
        doc="credit code of an enterprise, login of a staff member, sha256 of an attachment",
    ),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("data", JSON, nullable=False),
    Column("field_versions", JSON, nullable=False, doc="field -> change sequence of its last write"),
    Index("ix_server_row_version", "version"),
    Index("ix_server_row_natural", "table_name", "natural_key"),
)

account = Table(
    "server_account",
    metadata,
    Column("staff_id", String(32), primary_key=True),
    Column("login", String(50), nullable=False, unique=True),
    Column("password_hash", String(300), nullable=False),
    Column("role", String(16), nullable=False),
    Column("zone_id", String(32)),
    Column("active", Boolean, nullable=False, default=True),
    Column(
        "must_change_password",
        Boolean,
        nullable=False,
        default=False,
        server_default=false(),
        doc="opened with a one-time initial password: the first sign-in sets the user's own",
    ),
)

device = Table(
    "server_device",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("staff_id", String(32), doc="who signed in on it last"),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

token = Table(
    "server_token",
    metadata,
    Column(
        "token_hash",
        String(64),
        primary_key=True,
        doc="sha256 of the token; the token itself is never stored",
    ),
    Column("device_id", String(64), nullable=False, index=True),
    Column("staff_id", String(32), nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
)

#: who was assigned which enterprise, from which change sequence to which (history kept); the
#: scope of an assistant is their rows with ``ended_seq`` NULL
assignment_log = Table(
    "server_assignment",
    metadata,
    Column("assignment_id", String(32), primary_key=True),
    Column("staff_id", String(32), nullable=False, index=True),
    Column("enterprise_id", String(32), nullable=False, index=True),
    Column("started_seq", BigInteger, nullable=False, index=True),
    Column("ended_seq", BigInteger, index=True),
)

#: one row per mutation id, written in the same transaction as its effect: a replay returns the
#: stored result, the same id with another body is refused; rejected mutations are kept here too
ledger = Table(
    "server_mutation",
    metadata,
    Column("mutation_id", String(64), primary_key=True),
    Column("body_hash", String(64), nullable=False),
    Column("body", JSON, nullable=False),
    Column("result", JSON, nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("staff_id", String(32), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

#: server audit: who changed what, from which device, when it was received
audit = Table(
    "server_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("change_seq", BigInteger, nullable=False, index=True),
    Column("table_name", String(40), nullable=False),
    Column("row_id", String(32), nullable=False, index=True),
    Column("op", String(10), nullable=False),
    Column("staff_id", String(32)),
    Column("device_id", String(64)),
    Column("mutation_id", String(64)),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("old_values", JSON),
    Column("new_values", JSON),
)

#: a sensitive field both sides changed: the lost value, until the owner decides
conflict = Table(
    "server_conflict",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("table_name", String(40), nullable=False),
    Column("row_id", String(32), nullable=False, index=True),
    Column("field", String(64), nullable=False),
    Column("kept_value", JSON),
    Column("lost_value", JSON),
    Column("mutation_id", String(64), nullable=False),
    Column("change_seq", BigInteger, nullable=False),
    Column("decided", Boolean, nullable=False, default=False),
    Column("note", Text, default=""),
)

#: failed logins per key (``login:<login>`` and ``address:<client address>``): kept in the database
#: so that every worker process sees the same counts and locks
login_throttle = Table(
    "server_login_throttle",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("failures", Integer, nullable=False, default=0),
    Column("window_start", DateTime(timezone=True), nullable=False),
    Column("locked_until", DateTime(timezone=True)),
)

#: attachment bytes, content-addressed: one row per sha256 (what is held of it), the bytes in
#: :data:`blob_chunk`. Kept in the database, not on disk, so several server processes or machines on
#: one PostgreSQL need no shared file system (docs/sync-protocol.md, "Attachments").
blob = Table(
    "server_blob",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False, default=0, doc="the whole file's size, as declared"),
    Column("received", BigInteger, nullable=False, default=0, doc="bytes held: the next chunk's offset"),
    Column("complete", Boolean, nullable=False, default=False, doc="all held and the hash verified"),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("completed_at", DateTime(timezone=True)),
    Column("completed_by", String(32), doc="staff id whose chunk completed it"),
    Column("completed_device", String(64)),
)

#: the chunks of a blob as they were received; the primary key refuses a second chunk at one offset
blob_chunk = Table(
    "server_blob_chunk",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("start", BigInteger, primary_key=True, doc="the offset of its first byte"),
    Column("length", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

#: scope changes other than assignments: an enterprise or a staff member moved to another zone, at
#: the change sequence of that write. Pull turns them into removals (the old zone's devices) and
#: into the rows the new zone's devices could not have pulled yet (at or below their cursor).
scope_move = Table(
    "server_scope_move",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("seq", BigInteger, nullable=False, index=True),
    Column("kind", String(16), nullable=False, doc="enterprise | staff"),
    Column("row_id", String(32), nullable=False),
    Column("from_zone", String(32)),
    Column("to_zone", String(32)),
)

#: the security audit: sign-ins (success and failure, device, client address) and every admin
#: action (``fieldkit admin …`` commands and pushes by an admin account). Never a password or a
#: token; ``detail`` holds the command's arguments or a push's counts (fieldkit/server/events.py)
security_event = Table(
    "server_security_event",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("kind", String(32), nullable=False, index=True),
    Column("outcome", String(32), nullable=False),
    Column("login", String(150)),
    Column("staff_id", String(32)),
    Column("device_id", String(64)),
    Column("address", String(64)),
    Column("detail", JSON),
)
