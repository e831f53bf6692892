"""Service / visit records (走访记录): draft → submitted → reviewed (or returned: 退回修改, with the
supervisor's reason; the assistant corrects it by an amendment), and their content hash.

A submitted record is never edited in place (seed 004 §7.2.3): a correction is a new amendment
that references it. The content hash printed on paper copies matches a form to the stored record,
so it must never change for the same content (stored hashes stay valid).
"""

from __future__ import annotations

import enum
import hashlib
import json
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

STATUSES = ("draft", "submitted", "reviewed", "returned")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("submitted",),
    "submitted": ("reviewed", "returned"),
    "reviewed": (),
    "returned": (),  # corrected by an amendment (更正), which is reviewed in its turn
}

#: the fields that make up a record's content (what the hash covers and an amendment may change)
CONTENT_FIELDS = (
    "enterprise_id",
    "staff_id",
    "plan_id",
    "kind",
    "visit_at",
    "place",
    "staff_participants",
    "enterprise_participants",
    "stage",
    "service_items",
    "content",
    "problems",
    "follow_up",
    "signature_sha256",
    "amends_id",
)
EDITABLE_FIELDS = tuple(f for f in CONTENT_FIELDS if f not in ("enterprise_id", "staff_id", "amends_id"))


#: the statuses of the records a ledger lists and counts: submitted or reviewed (a draft is not done
#: yet; a returned one is replaced by its amendment)
COUNTED_STATUSES = ("submitted", "reviewed")
#: the record kinds that are visits (走访): on-site 现场服务 and on-demand 定点服务; a survey 调查 is
#: a record of the ledger but not a visit
VISIT_KINDS = ("onsite", "ondemand")


def is_visit(kind: str, amends: bool) -> bool:
    """Whether a counted record (of :data:`COUNTED_STATUSES`, not deleted, dated in the period) is
    one visit of the 走访次数 — the supervisor's summary and the assistant's ledger count by this
    rule: a visit kind (:data:`VISIT_KINDS`), and not an amendment (更正), which corrects a visit
    and is not another one. The summary's SQL (``services.ledger._period_visits``) is this rule."""
    return kind in VISIT_KINDS and not amends


def can_move(status: str, target: str) -> bool:
    return target in TRANSITIONS.get(status, ())


def is_editable(status: str) -> bool:
    """Only a draft is edited in place; a submitted record is corrected by an amendment."""
    return status == "draft"


def _plain(value: Any) -> Any:
    """A value as JSON (dates ISO 8601), exactly as the store journals it."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, uuid.UUID):
        return value.hex
    return value


def content_hash(values: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of the content fields (missing ones count as None)."""
    canon = {f: _plain(values.get(f)) for f in CONTENT_FIELDS}
    visit_at = values.get("visit_at")
    if isinstance(visit_at, datetime):
        # the instant in UTC: the same record hashes alike on a laptop in UTC+8 and on the server
        canon["visit_at"] = visit_at.astimezone(UTC).isoformat(timespec="minutes")
    return hashlib.sha256(json.dumps(canon, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def short_hash(h: str | None) -> str:
    """The 12 characters printed on paper copies (校验码)."""
    return (h or "")[:12].upper()
