"""Proxy services (帮办代办), policy applications (政策申报) and records (走访记录) as plain tables."""

from __future__ import annotations

import pytest

from fieldkit.domain import applications, proxies, records


def test_proxy_transitions() -> None:
    assert proxies.TRANSITIONS == {
        "accepted": ("in_progress", "terminated"),
        "in_progress": ("completed", "terminated"),
        "completed": (),
        "terminated": (),
    }
    assert set(proxies.TRANSITIONS) == set(proxies.STATES)
    assert proxies.REASONS == ("a", "b", "c", "d", "e") and proxies.REASON_NEEDING_NOTE == "e"
    assert proxies.can_move("accepted", "terminated") and not proxies.can_move("completed", "terminated")
    assert not proxies.can_move("accepted", "completed")  # the work starts before it is done
    assert not proxies.can_move("unknown", "in_progress")


@pytest.mark.parametrize(
    ("path", "legal"),
    [
        (["accepted", "in_progress", "completed"], True),
        (["accepted", "terminated"], True),
        (["accepted", "in_progress", "terminated"], True),
        (["accepted", "completed"], False),
        (["in_progress", "completed"], False),
        (["accepted", "in_progress", "completed", "terminated"], False),
        ([], False),
    ],
)
def test_proxy_paths(path: list[str], legal: bool) -> None:
    assert proxies.is_legal_path(path) == legal


def test_application_flow() -> None:
    flow = applications.APP_FLOW
    assert flow["applied"] == ("accepted", "correction", "rejected")
    assert flow["accepted"] == ("preliminary", "correction", "rejected")
    # 补正 (seed 003 §7.4.2.3): told once, then back to 受理 or 未通过
    assert flow["correction"] == ("accepted", "rejected")
    assert flow["preliminary"] == ("approved", "rejected")
    assert flow["approved"] == ("redeemed",)
    assert applications.FINAL_STATES == ("rejected", "redeemed")
    # every reachable state records the day it was reached
    assert set(applications.APP_DATE_FIELD) == {t for ts in flow.values() for t in ts}
    assert applications.can_advance("approved", "redeemed")
    assert not applications.can_advance("approved", "rejected")  # a result is final
    assert not applications.can_advance("applied", "redeemed")


@pytest.mark.parametrize(
    ("path", "legal"),
    [
        (["applied", "accepted", "preliminary", "approved", "redeemed"], True),
        (["applied", "rejected"], True),
        (["applied", "accepted", "preliminary", "rejected"], True),
        (["applied", "preliminary"], False),
        (["accepted", "preliminary"], False),
        (["applied", "accepted", "preliminary", "approved", "redeemed", "rejected"], False),
    ],
)
def test_application_paths(path: list[str], legal: bool) -> None:
    assert applications.is_legal_path(path) == legal


def test_record_lifecycle() -> None:
    assert records.STATUSES == ("draft", "submitted", "reviewed", "returned")
    assert records.can_move("draft", "submitted") and records.can_move("submitted", "reviewed")
    # 退回修改: only a submitted record, and a returned one is corrected by an amendment, not moved
    assert records.can_move("submitted", "returned") and not records.can_move("reviewed", "returned")
    assert records.TRANSITIONS["returned"] == ()
    assert not records.can_move("draft", "reviewed")  # reviewed only once submitted
    assert not records.can_move("submitted", "submitted") and not records.can_move("reviewed", "draft")
    assert [s for s in records.STATUSES if records.is_editable(s)] == ["draft"]


def test_record_fields() -> None:
    assert len(records.CONTENT_FIELDS) == 15 and "signature_sha256" in records.CONTENT_FIELDS
    # an amendment may change the content but not whose record it is or what it corrects
    assert set(records.CONTENT_FIELDS) - set(records.EDITABLE_FIELDS) == {
        "enterprise_id",
        "staff_id",
        "amends_id",
    }
