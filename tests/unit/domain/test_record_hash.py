"""The record content hash (内容校验码) must never change for the same content: hashes stored
in the database and printed on paper stay valid."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime, timedelta, timezone

from fieldkit.domain.records import CONTENT_FIELDS, content_hash, short_hash

BEIJING = timezone(timedelta(hours=8))

#: a fixed record and the hash today's code gives it (computed before the rule moved to domain)
EXAMPLE = {
    "enterprise_id": "3f2a9c1e5b7d4e8fa0b1c2d3e4f50617",
    "staff_id": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
    "plan_id": None,
    "kind": "onsite",
    "visit_at": datetime(2026, 11, 21, 9, 30, tzinfo=BEIJING),
    "place": "企业会议室",
    "staff_participants": "张伟、李娜",
    "enterprise_participants": "王总（总经理）",
    "stage": "operation",
    "service_items": ["policy", "financing"],
    "content": "宣讲惠企政策，了解融资需求",
    "problems": "流动资金紧张",
    "follow_up": "对接银行",
    "signature_sha256": "ab" * 32,
    "amends_id": None,
}
EXAMPLE_HASH = "92dd4bbcc606838599ef89e4dc3e7c7b7e093f44ed6e343fed48faaf655eb270"


def test_the_hash_of_a_fixed_record_is_stable() -> None:
    assert content_hash(EXAMPLE) == EXAMPLE_HASH
    assert short_hash(EXAMPLE_HASH) == "92DD4BBCC606"


def test_the_hash_covers_the_instant_not_the_time_zone() -> None:
    same_instant = dict(EXAMPLE, visit_at=datetime(2026, 11, 21, 1, 30, tzinfo=UTC))
    assert content_hash(same_instant) == EXAMPLE_HASH
    seconds_ignored = dict(EXAMPLE, visit_at=datetime(2026, 11, 21, 9, 30, 59, tzinfo=BEIJING))
    assert content_hash(seconds_ignored) == EXAMPLE_HASH  # minutes are what a form shows
    a_minute_later = dict(EXAMPLE, visit_at=datetime(2026, 11, 21, 9, 31, tzinfo=BEIJING))
    assert content_hash(a_minute_later) != EXAMPLE_HASH


def test_every_content_field_counts_and_nothing_else() -> None:
    for f in CONTENT_FIELDS:
        changed = dict(EXAMPLE, **{f: "changed" if EXAMPLE[f] != "changed" else "other"})
        assert content_hash(changed) != EXAMPLE_HASH, f
    assert content_hash(dict(EXAMPLE, status="submitted", review_note="好")) == EXAMPLE_HASH
    assert (
        content_hash({k: v for k, v in EXAMPLE.items() if k != "plan_id"}) == EXAMPLE_HASH
    )  # missing = None


def test_the_hash_of_values_as_stored() -> None:
    """Values as JSON columns hold them (ids as UUID, enums, string dates) hash like the originals."""

    class Kind(enum.Enum):
        ONSITE = "onsite"

    typed = dict(EXAMPLE, enterprise_id=uuid.UUID(hex=EXAMPLE["enterprise_id"]), kind=Kind.ONSITE)
    assert content_hash(typed) == EXAMPLE_HASH
    # a visit time already in text form is hashed as that text (what an old export holds)
    as_text = dict(EXAMPLE, visit_at="2026-11-21T01:30:00+00:00")
    assert content_hash(as_text) == "b9285f90cdcbcd0085a7d73d171b042bbafbe72fefb8d1064c4ac06ac4ed699f"
    assert content_hash({}) == "14720b44d3877a5cfedb28e0f01678ed9941aa7481f3ab7aae469d9d0da0eb0a"


def test_short_hash() -> None:
    assert short_hash(None) == "" and short_hash("") == ""
    assert short_hash("abcdef0123456789") == "ABCDEF012345"
