"""Complaints (投诉): their categories (the conduct of staff too, not only business ones), the
major-complaint flag and the repeated complaints derived from the records (seed 001 §7.2.5;
rules in :mod:`fieldkit.domain.complaints`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from fieldkit.domain.complaints import MAJOR_LABEL, REPEATED_LABEL, ComplaintKey, repeated_ids
from fieldkit.models import Demand

from . import store
from .errors import ValidationError
from .i18n import QT_TRANSLATE_NOOP as N
from .i18n import translate
from .reference import load as load_reference

if TYPE_CHECKING:
    from .demands import DemandRow


def check_category(kind: str, category: str, major: bool = False) -> None:
    """Refuse a category not offered for ``kind`` and a major flag on anything but a complaint."""
    if category not in {c.code for c in load_reference().demand_categories_for(kind)}:
        raise ValidationError(N("Validation", "“{value}”不是有效的选项"), "category", value=category)
    if major and kind != "complaint":
        raise ValidationError(N("Validation", "只有投诉可以标记为重大投诉"), "major")


def flag_text(major: bool, repeated: bool) -> str:
    """ "（重大、重复）" for a complaint's flags, "" without any (in the interface language)."""
    flags = [translate("Complaint", t) for t, on in ((MAJOR_LABEL, major), (REPEATED_LABEL, repeated)) if on]
    if not flags:
        return ""
    return translate(
        "Complaint",
        N("Complaint", "（{flags}）"),
        flags=translate("Complaint", N("Complaint", "、")).join(flags),
    )


def mark_repeated(session: Session, rows: Sequence[DemandRow]) -> None:
    """Set ``repeated`` on the complaint rows another complaint repeats: judged against every
    complaint of their enterprises, not only the rows shown."""
    ids = {r.id for r in rows if r.kind == "complaint"}
    if not ids:
        return
    enterprises = list({r.enterprise_id for r in rows if r.kind == "complaint"})
    keys: list[ComplaintKey] = []
    for i in range(0, len(enterprises), 900):
        chunk = enterprises[i : i + 900]
        found = session.exec(
            select(Demand.id, Demand.enterprise_id, Demand.category, Demand.collected_at).where(
                col(Demand.deleted).is_(False),
                Demand.kind == "complaint",
                col(Demand.enterprise_id).in_(chunk),
            )
        ).all()
        keys.extend(ComplaintKey(*row) for row in found)
    repeated = repeated_ids(keys)
    for r in rows:
        r.repeated = r.id in ids and r.id in repeated


def set_major(session: Session, actor: store.Actor, demand_id: str, major: bool) -> str:
    """Mark (or unmark) the complaint ``demand_id`` as major (重大投诉); returns its id."""
    d = store.get(session, Demand, demand_id)
    check_category(d.kind, d.category, major)
    if d.major != major:
        store.update(session, d, actor, major=major)
    return demand_id
