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
from collections.abc import Iterable, Mapping
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


def visit_of(kind: str, record_id: str, amends_id: str | None, corrects_returned: bool) -> str | None:
    """The visit of the 走访次数 that a counted record (of :data:`COUNTED_STATUSES`, not deleted, dated
    in the period) is, named by an id, or None when it is no visit — the supervisor's summary and
    the assistant's ledger count by this rule (:func:`count_visits`): a record of a visit kind
    (:data:`VISIT_KINDS`; a survey is a record but no visit) is

    - an original (no ``amends_id``): a visit of its own (its id);
    - a correction (更正) of an original that was returned (退回修改, ``corrects_returned``): the visit
      of that original, which is no longer counted itself (its ``amends_id``, the chain's root — every
      correction of a chain points at it — so that all the counted corrections of one returned
      original are one visit together);
    - a correction of a submitted or reviewed original: no visit (the original already is one).

    The summary's SQL (``services.ledger._visits_count``) is this rule."""
    if kind not in VISIT_KINDS:
        return None
    if amends_id is None:
        return record_id
    return amends_id if corrects_returned else None


def count_visits(visits: Iterable[str | None]) -> int:
    """How many visits the :func:`visit_of` of a period's counted records make: one per id named."""
    return len({v for v in visits if v is not None})


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
