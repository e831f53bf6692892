"""Wire schemas of the sync protocol, shared by the client engine and the server.

Plain pydantic models: no SQL, no Qt, nothing else from fieldkit, so a second client can be
written from this file and ``docs/sync-protocol.md`` alone. Every request to ``/api/v1/*``
carries :data:`PROTOCOL_HEADER` and :data:`SCHEMA_HEADER`; an incompatible client gets HTTP 426
with a message saying what to do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

#: bumped when a message changes incompatibly; the server answers 426 to any other version
PROTOCOL_VERSION = 1
PROTOCOL_HEADER = "X-FieldKit-Protocol"
#: the client's local schema version (fieldkit.models.SCHEMA_VERSION)
SCHEMA_HEADER = "X-FieldKit-Schema"
#: optional: what a client understands beyond protocol 1, comma-separated (older clients send none)
FEATURES_HEADER = "X-FieldKit-Features"
#: the client reads ``MutationResult.params`` (an older client's parser refuses unknown fields, so
#: the server sends ``params`` in push results only to a client that names this feature)
REASON_PARAMS = "reason-params"
API_PREFIX = "/api/v1"

Op = Literal["create", "update", "delete"]
Status = Literal["applied", "duplicate", "conflict", "rejected"]


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginRequest(_Message):
    login: str = Field(min_length=1, max_length=50)
    password: str = Field(min_length=1, max_length=200)
    device_id: str = Field(min_length=1, max_length=64, description="the device's id (SyncMeta)")


class LoginResponse(_Message):
    token: str = Field(description="bearer token, valid for this device only")
    expires_at: datetime
    device_id: str
    staff_id: str
    role: str = Field(description="assistant / supervisor / admin")
    zone_id: str | None = None


#: the shortest password an account may have (the desktop's offline rule is the same)
MIN_PASSWORD_LENGTH = 8


class AccountOpenRequest(_Message):
    """``POST /accounts``: a supervisor (their zone's assistants) or an admin opens the sign-in
    account of a staff row already on the server. Without ``password`` the server makes a one-time
    initial password and returns it once; either way the first sign-in must set the user's own."""

    staff_id: str = Field(min_length=1, max_length=32)
    password: str | None = Field(
        default=None, max_length=200, description="initial password typed by the opener"
    )


class AccountOpenResponse(_Message):
    staff_id: str
    login: str
    initial_password: str | None = Field(
        default=None, description="the generated one-time password (None when the opener typed it)"
    )
    must_change_password: bool = True


class PasswordSetRequest(_Message):
    """``POST /password``: sign in with the current (initial) password and set a new one; answers
    as ``/login`` does. The way in for an account that must change its password (``/login``
    answers 403 ``password_change_required``)."""

    login: str = Field(min_length=1, max_length=50)
    password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)
    device_id: str = Field(min_length=1, max_length=64)


class Mutation(_Message):
    """One outbox entry on the wire (fieldkit.models.OutboxEntry)."""

    mutation_id: str = Field(min_length=1, max_length=64)
    device_id: str = Field(min_length=1, max_length=64)
    device_seq: int = Field(ge=0, description="the device's outbox sequence: never repeats, never goes back")
    tx_id: str = Field(default="", max_length=64, description="entries sharing it apply all or nothing")
    table: str = Field(min_length=1, max_length=40)
    row_id: str = Field(min_length=1, max_length=32)
    op: Op
    base_version: int = Field(default=0, ge=0, description="server_version the edit was made on (0: new)")
    changes: dict[str, Any] = Field(
        default_factory=dict, description="new values of the changed fields, as JSON"
    )
    schema_version: int = Field(ge=0)
    actor_id: str | None = Field(default=None, max_length=32, description="who edited, as the device knew it")


class PushRequest(_Message):
    mutations: list[Mutation] = Field(default_factory=list, max_length=1000)
    cursor: int = Field(default=0, ge=0, description="the device's pull cursor when it pushes")


class FieldConflict(_Message):
    """A sensitive field both sides changed: the value received later won; the other is kept here."""

    field: str
    kept_value: Any = Field(default=None, description="the value now stored (this mutation's)")
    lost_value: Any = Field(default=None, description="the value it replaced, for the owner to decide")


class MutationResult(_Message):
    mutation_id: str
    status: Status
    #: for a replay: what the first delivery resulted in (applied / conflict / rejected)
    first_status: Status | None = None
    code: str = Field(default="", description="stable machine code of the reason, e.g. 'scope'")
    params: dict[str, Any] = Field(
        default_factory=dict,
        description="the reason's raw parameters (state codes, field names, ISO dates, ids): the "
        "client renders code + params in its user's language (fieldkit.domain.reasons); sent only "
        f"to a client whose {FEATURES_HEADER} names '{REASON_PARAMS}'",
    )
    reason: str = Field(default="", description="why, in Chinese (for older clients, the audit and logs)")
    server_version: int | None = Field(default=None, description="the row's version after this mutation")
    existing_id: str | None = Field(default=None, description="'exists — use id X': merge into that row")
    conflicts: list[FieldConflict] = Field(default_factory=list)


class PushResponse(_Message):
    results: list[MutationResult]


class PulledRow(_Message):
    table: str
    values: dict[str, Any] = Field(description="every field as JSON, incl. id and deleted (tombstone)")
    server_version: int


class Removal(_Message):
    """A row that left the user's scope: drop it and (for an enterprise) everything it owns."""

    table: str
    id: str


class PullPage(_Message):
    rows: list[PulledRow] = Field(default_factory=list)
    removals: list[Removal] = Field(default_factory=list)
    cursor: int = Field(description="the next cursor: store it in the same transaction as the page")
    has_more: bool = False
    full_resync: bool = Field(default=False, description="the cursor is too old: drop it and pull from 0")


class ErrorResponse(_Message):
    detail: str = Field(description="why, in Chinese (fieldkit.domain.reasons: code + params)")
    code: str = ""
    params: dict[str, Any] = Field(
        default_factory=dict, description="the reason's raw parameters, to render it in the user's language"
    )


class ScopeChecksum(_Message):
    """What the device should hold at ``cursor``: the number of live rows of its scope and
    :func:`scope_checksum` over them. A device that pulled to ``cursor`` and differs has drifted:
    it pulls again from 0."""

    cursor: int
    count: int
    checksum: str


def scope_checksum(rows: Iterable[tuple[str, str, int]]) -> str:
    """Order-independent checksum of (table, id, server_version) of live rows: the sum, modulo
    2**64, of the first 8 bytes of sha256("table:id:version"), as 16 hex digits."""
    total = 0
    for table, row_id, version in rows:
        digest = hashlib.sha256(f"{table}:{row_id}:{version}".encode()).digest()
        total = (total + int.from_bytes(digest[:8], "big")) % (1 << 64)
    return f"{total:016x}"


# --- attachments -------------------------------------------------------------------------------
#
# Bytes are named by their sha256 (lower-case hex). A device pushes the Attachment row first, then
# uploads the bytes in chunks; the server counts an upload only once the whole body hashes to its
# name. Every attachment endpoint is scope-checked through the live Attachment rows that name the
# hash: a hash no row in the caller's scope names is answered 404, exactly like one never uploaded.
#
#   GET  {API_PREFIX}/attachments/{sha256}/upload           -> UploadStatus (how much is received)
#   PUT  {API_PREFIX}/attachments/{sha256}?offset=N&size=T  body: raw bytes of one chunk
#        -> UploadStatus; 409 + UploadStatus when N is not what the server holds (ask, then go on);
#        422 code "hash_mismatch" when the completed body does not hash to its name (the partial
#        upload is dropped: start again from 0)
#   GET  {API_PREFIX}/attachments/{sha256}                  -> the bytes; honours "Range: bytes=N-"

#: the chunk a client sends per request (the server accepts any chunk up to MAX_CHUNK)
ATTACHMENT_CHUNK = 256 * 1024
MAX_CHUNK = 4 * 1024 * 1024


def attachment_path(sha256: str) -> str:
    return f"{API_PREFIX}/attachments/{sha256}"


def upload_path(sha256: str) -> str:
    return f"{API_PREFIX}/attachments/{sha256}/upload"


class UploadStatus(_Message):
    sha256: str
    size: int = Field(default=0, ge=0, description="the whole file's size as declared by the uploader")
    received: int = Field(default=0, ge=0, description="bytes held so far: the next chunk starts here")
    complete: bool = Field(default=False, description="the whole file is held and its hash verified")
