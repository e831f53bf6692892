"""Policy applications (政策申报): 申报 applied → 受理 accepted → 初审 preliminary → 结果 approved or
rejected → 兑现 redeemed; rejection is possible at every step before the result."""

from __future__ import annotations

APP_FLOW: dict[str, tuple[str, ...]] = {
    "applied": ("accepted", "rejected"),
    "accepted": ("preliminary", "rejected"),
    "preliminary": ("approved", "rejected"),
    "approved": ("redeemed",),
    "rejected": (),
    "redeemed": (),
}
#: the date column each state records when it is reached
APP_DATE_FIELD = {
    "accepted": "accepted_on",
    "preliminary": "preliminary_on",
    "approved": "result_on",
    "rejected": "result_on",
    "redeemed": "redeemed_on",
}
FINAL_STATES = tuple(s for s, targets in APP_FLOW.items() if not targets)


def can_advance(state: str, target: str) -> bool:
    """Whether an application in ``state`` may move to ``target``."""
    return target in APP_FLOW.get(state, ())


def is_legal_path(states: list[str]) -> bool:
    """True when ``states`` (in order, starting at 申报) is a path of the lifecycle."""
    if not states or states[0] != "applied":
        return False
    return all(can_advance(a, b) for a, b in zip(states, states[1:], strict=False))
