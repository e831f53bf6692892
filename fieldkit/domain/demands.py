"""Demand (诉求) lifecycle (seed 001 §7.2.1, seed 004 §7.2.2 d, §7.2.4 c).

收集 collected → 交办 assigned → 承办 in_progress → 催办 reminded → 反馈 feedback → 办结 closed → 归档 archived.
An unsatisfied feedback goes back to 交办 or to 集中研判 (collective review); a simple demand can be
solved on the spot (collected → closed).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal, Protocol, TypeVar

from .i18n import QT_TRANSLATE_NOOP as N

UNSATISFIED = ("unsatisfied", "very_unsatisfied")
SATISFACTION_LEVELS = (
    "very_satisfied",
    "satisfied",
    "basically_satisfied",
    "unsatisfied",
    "very_unsatisfied",
)
OPEN_STATES = ("collected", "assigned", "in_progress", "reminded", "feedback", "collective_review")
DONE_STATES = ("closed", "archived")
#: a deadline this close (days) counts as "due soon" and triggers the automatic 催办
DUE_SOON_DAYS = 2
AUTO_REMIND_SOON = N("Demand", "系统自动催办：办理时限临近")
AUTO_REMIND_PAST = N("Demand", "系统自动催办：已超过办理时限")

ReminderKind = Literal["soon", "past"]
#: the note of each kind of automatic reminder
AUTO_REMIND_NOTES: dict[str, str] = {"soon": AUTO_REMIND_SOON, "past": AUTO_REMIND_PAST}


@dataclass(frozen=True)
class Action:
    code: str
    sources: tuple[str, ...]
    target: str
    label: str  # Chinese source text, context "Demand"


ACTIONS: dict[str, Action] = {
    a.code: a
    for a in (
        Action("assign", ("collected",), "assigned", N("Demand", "交办")),
        Action("solve_on_spot", ("collected",), "closed", N("Demand", "当场解决")),
        Action("accept", ("assigned", "reminded"), "in_progress", N("Demand", "承办")),
        Action("remind", ("assigned", "in_progress"), "reminded", N("Demand", "催办")),
        Action("feedback", ("in_progress", "reminded"), "feedback", N("Demand", "反馈")),
        Action("reassign", ("feedback", "collective_review"), "assigned", N("Demand", "再次交办")),
        Action("review", ("feedback",), "collective_review", N("Demand", "集中研判")),
        Action("close", ("feedback", "collective_review"), "closed", N("Demand", "办结销号")),
        Action("archive", ("closed",), "archived", N("Demand", "归档")),
    )
}

#: every legal edge of the lifecycle, derived from ACTIONS (plus the creation edge None → collected)
LEGAL_EDGES: frozenset[tuple[str | None, str]] = frozenset(
    {(None, "collected")} | {(s, a.target) for a in ACTIONS.values() for s in a.sources}
)


#: what a step decides, kept in its own event (issue 12 §12): 交办 / 再次交办 the department, the
#: person and the deadline, 反馈 (and 当场解决) the enterprise's satisfaction
DECISION_FIELDS = ("department", "responsible_person", "deadline", "satisfaction")


#: what a demand's state says in a sentence ("当前状态：已交办"), context "Demand"
STATE_LABELS: dict[str, str] = {
    "collected": N("Demand", "已收集"),
    "assigned": N("Demand", "已交办"),
    "in_progress": N("Demand", "承办中"),
    "reminded": N("Demand", "已催办"),
    "feedback": N("Demand", "已反馈"),
    "collective_review": N("Demand", "集中研判中"),
    "closed": N("Demand", "已办结"),
    "archived": N("Demand", "已归档"),
}


def state_label(state: str | None) -> str:
    """The Chinese source label of a state (the code itself only for an unknown one)."""
    return STATE_LABELS.get(state or "", state or "")


def action_between(src: str | None, dst: str) -> Action | None:
    """The action that moves a demand from ``src`` to ``dst`` (None: no such edge, or creation)."""
    for a in ACTIONS.values():
        if src in a.sources and a.target == dst:
            return a
    return None


@dataclass(frozen=True)
class Refusal:
    """Why a transition cannot follow the demand's current state: a server reason code and the
    raw parameters of its text (state and action codes; :mod:`.reasons` shows their labels)."""

    code: str
    params: dict[str, str | None]


def transition_refusal(current: str | None, src: str | None, dst: str) -> Refusal | None:
    """The one rule of a demand's history (docs/sync-protocol.md, "Demand histories"): a new event
    ``src → dst`` is accepted only when ``src`` is the demand's current state and ``(src, dst)`` is
    an edge of the lifecycle. None when it is accepted."""
    action = action_between(src, dst)
    if (src, dst) not in LEGAL_EDGES:
        return Refusal("demand_transition", {"old": src, "new": dst})
    if src == current:
        return None
    # the step is named by its action (the creation step, which has none, by the state it makes)
    step = {"action": action.code if action is not None else "", "to": dst}
    if dst == current:  # somebody else made the same step first
        return Refusal("demand_done", {**step, "state": current})
    return Refusal("demand_moved", {**step, "old": src, "state": current})


class HistoryEvent(Protocol):
    """What ordering a history needs of an event (a DemandEvent row)."""

    @property
    def server_version(self) -> int: ...

    @property
    def at(self) -> datetime: ...

    @property
    def created_at(self) -> datetime: ...


E = TypeVar("E", bound=HistoryEvent)


def history_key(
    server_version: int, at: datetime, created_at: datetime
) -> tuple[int, int, datetime, datetime]:
    """The sort key of an event in its demand's history: the synced events (``server_version`` >
    0) in the order the server accepted them (its change sequence), then the events still on this
    device in the order they were made here. The devices' clocks never order synced events."""
    if server_version > 0:
        return (0, server_version, at, created_at)
    return (1, 0, at, created_at)


def in_history_order(events: Iterable[E]) -> list[E]:
    """``events`` of one demand in history order (:func:`history_key`)."""
    return sorted(events, key=lambda e: history_key(e.server_version, e.at, e.created_at))


def is_legal_path(states: list[str]) -> bool:
    """True when ``states`` (in event order, starting at creation) is a path of the lifecycle."""
    prev: str | None = None
    for s in states:
        if (prev, s) not in LEGAL_EDGES:
            return False
        prev = s
    return True


def close_refused(state: str, satisfaction: str | None) -> bool:
    """Closing straight after an unsatisfied feedback is refused: reassign or review it first."""
    return state == "feedback" and satisfaction in UNSATISFIED


def allowed_actions(state: str, satisfaction: str | None = None) -> list[str]:
    """Codes of the actions offered in ``state`` (closing after an unsatisfied feedback is not)."""
    return [
        a.code
        for a in ACTIONS.values()
        if state in a.sources and not (a.code == "close" and close_refused(state, satisfaction))
    ]


def reminder_kind(state: str, deadline: date | None, today: date) -> ReminderKind | None:
    """Which automatic 催办 a demand is due for today: "past" once its deadline has passed,
    "soon" within DUE_SOON_DAYS of it, None when none (no deadline, far off, or not remindable)."""
    if deadline is None or state not in ACTIONS["remind"].sources:
        return None
    if deadline < today:
        return "past"
    return "soon" if deadline <= today + timedelta(days=DUE_SOON_DAYS) else None


#: fixed namespace of the reminder ids; changing it would duplicate reminders after a sync
REMINDER_NAMESPACE = uuid.UUID("6f1c2a7e-3d4b-5e8f-9a0b-1c2d3e4f5a6b")


def reminder_event_id(demand_id: str, deadline: date, kind: str) -> str:
    """The id (32 hex chars) of the automatic reminder of ``kind`` for this demand and deadline.

    Derived from what it reminds about, so two devices that remind the same demand offline write
    the same event, and their merged history stays a legal path.
    """
    if kind not in AUTO_REMIND_NOTES:
        raise ValueError(f"unknown reminder kind {kind!r}")
    return uuid.uuid5(REMINDER_NAMESPACE, f"demand-reminder:{demand_id}:{deadline.isoformat()}:{kind}").hex
