"""The demand (诉求) lifecycle as plain tables: edges, legal paths, allowed actions, reminder ids."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from fieldkit.domain.demands import (
    ACTIONS,
    AUTO_REMIND_PAST,
    AUTO_REMIND_SOON,
    DONE_STATES,
    DUE_SOON_DAYS,
    LEGAL_EDGES,
    OPEN_STATES,
    SATISFACTION_LEVELS,
    UNSATISFIED,
    allowed_actions,
    close_refused,
    is_legal_path,
    reminder_event_id,
    reminder_kind,
)

STATES = OPEN_STATES + DONE_STATES
DAY = date(2026, 11, 21)


def test_the_edges_are_those_of_the_actions_plus_creation() -> None:
    assert LEGAL_EDGES == {
        (None, "collected"),
        ("collected", "assigned"),
        ("collected", "closed"),
        ("assigned", "in_progress"),
        ("reminded", "in_progress"),
        ("assigned", "reminded"),
        ("in_progress", "reminded"),
        ("in_progress", "feedback"),
        ("reminded", "feedback"),
        ("feedback", "assigned"),
        ("collective_review", "assigned"),
        ("feedback", "collective_review"),
        ("feedback", "closed"),
        ("collective_review", "closed"),
        ("closed", "archived"),
    }
    assert not any(src == "archived" for src, _ in LEGAL_EDGES)  # archived is final
    assert {a.target for a in ACTIONS.values()} <= set(STATES)


def test_action_labels_are_the_chinese_source_texts() -> None:
    assert {c: a.label for c, a in ACTIONS.items()} == {
        "assign": "交办",
        "solve_on_spot": "当场解决",
        "accept": "承办",
        "remind": "催办",
        "feedback": "反馈",
        "reassign": "再次交办",
        "review": "集中研判",
        "close": "办结销号",
        "archive": "归档",
    }
    assert AUTO_REMIND_SOON == "系统自动催办：办理时限临近"
    assert AUTO_REMIND_PAST == "系统自动催办：已超过办理时限"


@pytest.mark.parametrize(
    "path",
    [
        ["collected"],
        ["collected", "assigned", "in_progress", "feedback", "closed", "archived"],
        ["collected", "assigned", "reminded", "in_progress", "reminded", "feedback", "closed"],
        # unsatisfied: back to 交办, or 集中研判 and then 交办 or 办结
        ["collected", "assigned", "in_progress", "feedback", "assigned", "in_progress", "feedback", "closed"],
        [
            "collected",
            "assigned",
            "in_progress",
            "feedback",
            "collective_review",
            "assigned",
            "reminded",
            "feedback",
            "collective_review",
            "closed",
            "archived",
        ],
        # solved on the spot
        ["collected", "closed", "archived"],
    ],
)
def test_legal_paths(path: list[str]) -> None:
    assert is_legal_path(path)


@pytest.mark.parametrize(
    "path",
    [
        ["assigned"],  # must start with 收集
        ["collected", "collected"],
        ["collected", "in_progress"],  # 承办 before 交办
        ["collected", "assigned", "reminded", "reminded"],  # two 催办 in a row: what unmerged reminders gave
        ["collected", "assigned", "closed"],
        ["collected", "closed", "archived", "assigned"],  # nothing after 归档
        ["collected", "assigned", "in_progress", "feedback", "collective_review", "feedback"],
    ],
)
def test_illegal_paths(path: list[str]) -> None:
    assert not is_legal_path(path)


def test_allowed_actions_per_state() -> None:
    expected = {
        "collected": ["assign", "solve_on_spot"],
        "assigned": ["accept", "remind"],
        "in_progress": ["remind", "feedback"],
        "reminded": ["accept", "feedback"],
        "feedback": ["reassign", "review", "close"],
        "collective_review": ["reassign", "close"],
        "closed": ["archive"],
        "archived": [],
    }
    assert {s: allowed_actions(s, "satisfied") for s in STATES} == expected
    for state, actions in expected.items():  # each allowed action leaves by a legal edge
        assert all((state, ACTIONS[a].target) in LEGAL_EDGES for a in actions)


@pytest.mark.parametrize("satisfaction", SATISFACTION_LEVELS + (None,))
def test_an_unsatisfied_feedback_cannot_be_closed(satisfaction: str | None) -> None:
    unsatisfied = satisfaction in UNSATISFIED
    assert close_refused("feedback", satisfaction) == unsatisfied
    assert ("close" in allowed_actions("feedback", satisfaction)) == (not unsatisfied)
    # after 集中研判 the demand may be closed whatever the enterprise said
    assert "close" in allowed_actions("collective_review", satisfaction)
    assert not close_refused("collective_review", satisfaction)


def test_reminder_kind_by_deadline_and_state() -> None:
    assert reminder_kind("assigned", DAY - timedelta(days=1), DAY) == "past"
    assert reminder_kind("in_progress", DAY, DAY) == "soon"
    assert reminder_kind("assigned", DAY + timedelta(days=DUE_SOON_DAYS), DAY) == "soon"
    assert reminder_kind("assigned", DAY + timedelta(days=DUE_SOON_DAYS + 1), DAY) is None
    assert reminder_kind("assigned", None, DAY) is None
    for state in ("collected", "reminded", "feedback", "collective_review", "closed", "archived"):
        assert reminder_kind(state, DAY - timedelta(days=3), DAY) is None, state


def test_reminder_event_id_is_derived_from_what_it_reminds_about() -> None:
    demand = "3f2a9c1e5b7d4e8fa0b1c2d3e4f50617"
    rid = reminder_event_id(demand, DAY, "soon")
    assert rid == reminder_event_id(demand, DAY, "soon")  # any device, any time: the same id
    assert len(rid) == 32 and int(rid, 16) >= 0 and uuid.UUID(hex=rid).version == 5
    others = {
        reminder_event_id(demand, DAY, "past"),
        reminder_event_id(demand, DAY + timedelta(days=1), "soon"),
        reminder_event_id("0" * 32, DAY, "soon"),
    }
    assert rid not in others and len(others) == 3
    # fixed: a changed derivation would duplicate reminders already stored on other devices
    assert (
        rid
        == uuid.uuid5(
            uuid.UUID("6f1c2a7e-3d4b-5e8f-9a0b-1c2d3e4f5a6b"), f"demand-reminder:{demand}:2026-11-21:soon"
        ).hex
    )


def test_reminder_event_id_refuses_an_unknown_kind() -> None:
    with pytest.raises(ValueError):
        reminder_event_id("3f2a9c1e5b7d4e8fa0b1c2d3e4f50617", DAY, "later")
