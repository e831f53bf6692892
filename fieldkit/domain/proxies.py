"""Proxy services (帮办代办): accepted → in_progress → completed, or terminated for one of the five
reasons of seed 001 §6 (a–e)."""

from __future__ import annotations

MODES = ("guidance", "full")
#: termination reasons a–e; "e" (其他) needs a note saying what happened
REASONS = ("a", "b", "c", "d", "e")
REASON_NEEDING_NOTE = "e"
STATES = ("accepted", "in_progress", "completed", "terminated")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "accepted": ("in_progress", "terminated"),
    "in_progress": ("completed", "terminated"),
    "completed": (),
    "terminated": (),
}


def can_move(status: str, target: str) -> bool:
    """Whether a proxy service in ``status`` may move to ``target``."""
    return target in TRANSITIONS.get(status, ())


def is_legal_path(states: list[str]) -> bool:
    """True when ``states`` (in order, starting with the first) is a path of the lifecycle."""
    if not states or states[0] != "accepted":
        return False
    return all(can_move(a, b) for a, b in zip(states, states[1:], strict=False))


#: what separates a milestone's title, deadline and responsible person on one line
MILESTONE_SEPARATORS = ("｜", "|", "\t")


def split_milestone(line: str) -> tuple[str, str, str]:
    """A milestone typed on one line — "节点｜期限｜负责人" (期限 and 负责人 optional) — as (title,
    deadline text, person), each stripped."""
    text = line
    for sep in MILESTONE_SEPARATORS[1:]:
        text = text.replace(sep, MILESTONE_SEPARATORS[0])
    parts = [p.strip() for p in text.split(MILESTONE_SEPARATORS[0])]
    parts += ["", ""]
    return parts[0], parts[1], "｜".join(p for p in parts[2:] if p)
