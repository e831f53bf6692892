"""Policy applications (政策申报): 申报 applied → 受理 accepted → 初审 preliminary → 结果 approved or
rejected → 兑现 redeemed; rejection is possible at every step before the result.

补正 (seed 003 §7.4.2.3): materials incomplete or not in the legal form, before the 初审 result, the
application goes to ``correction`` with the one-time list of EVERY correction required
(一次性告知); 补正完成 brings it back to ``accepted`` for review, and materials that cannot be
corrected end it (``rejected``). The notice is told once: a second 补正 is refused, so the
enterprise is never asked for more piece by piece.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .i18n import QT_TRANSLATE_NOOP as N

APP_FLOW: dict[str, tuple[str, ...]] = {
    "applied": ("accepted", "correction", "rejected"),
    "accepted": ("preliminary", "correction", "rejected"),
    "correction": ("accepted", "rejected"),
    "preliminary": ("approved", "rejected"),
    "approved": ("redeemed",),
    "rejected": (),
    "redeemed": (),
}
#: the date column each state records when it is reached (补正完成, correction → accepted, records
#: ``corrected_on`` and keeps the first 受理 day: :func:`date_field`)
APP_DATE_FIELD = {
    "accepted": "accepted_on",
    "correction": "correction_on",
    "preliminary": "preliminary_on",
    "approved": "result_on",
    "rejected": "result_on",
    "redeemed": "redeemed_on",
}
FINAL_STATES = tuple(s for s, targets in APP_FLOW.items() if not targets)

CORRECTION_EMPTY = N("Validation", "请列出需要补正的全部内容（一次性告知），每行一项")
CORRECTION_TWICE = N(
    "Validation", "补正内容已于 {on} 一次性告知，不能再次要求补正；材料仍不符合的，请登记为未通过"
)


def can_advance(state: str, target: str) -> bool:
    """Whether an application in ``state`` may move to ``target``."""
    return target in APP_FLOW.get(state, ())


def date_field(state: str, target: str) -> str:
    """The date column the step ``state → target`` records."""
    if state == "correction" and target == "accepted":
        return "corrected_on"
    return APP_DATE_FIELD[target]


def correction_items(items: Iterable[str] | str) -> list[str]:
    """The corrections required, one per line (text) or per item; blank ones dropped, order kept,
    repeats once."""
    lines = items.splitlines() if isinstance(items, str) else list(items)
    out: list[str] = []
    for line in lines:
        t = line.strip().lstrip("-•·").strip()
        if t and t not in out:
            out.append(t)
    return out


def correction_refusal(items: list[str], told_on: date | None) -> tuple[str, dict[str, str]] | None:
    """Why a 补正 notice with ``items`` cannot be given (message, parameters), None when it can:
    it must list every correction at once, and only once per application (``told_on``: the day
    an earlier notice was given)."""
    if told_on is not None:
        return CORRECTION_TWICE, {"on": told_on.isoformat()}
    if not items:
        return CORRECTION_EMPTY, {}
    return None


def is_legal_path(states: list[str]) -> bool:
    """True when ``states`` (in order, starting at 申报) is a path of the lifecycle."""
    if not states or states[0] != "applied":
        return False
    return all(can_advance(a, b) for a, b in zip(states, states[1:], strict=False))
