"""Display names by id, for the screens' loaders (worker threads): the name of an enterprise or a
staff member, the title of a policy. A row that is gone gives ``default``."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from fieldkit.models import Enterprise, Policy, Staff


def enterprise_name(session: Session, enterprise_id: str | None, default: str = "") -> str:
    e = session.get(Enterprise, enterprise_id) if enterprise_id else None
    return e.name if e else default


def staff_name(session: Session, staff_id: str | None, default: str = "") -> str:
    st = session.get(Staff, staff_id) if staff_id else None
    return st.name if st else default


def staff_names(session: Session, ids: Iterable[str | None]) -> dict[str, str]:
    """{id: name} of the staff members among ``ids`` (None and unknown ids are left out)."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return dict(session.exec(select(Staff.id, Staff.name).where(col(Staff.id).in_(wanted))).all())


def policy_title(session: Session, policy_id: str | None, default: str = "") -> str:
    p = session.get(Policy, policy_id) if policy_id else None
    return p.title if p else default


def remembered_enterprise_name(
    session: Session, names: dict[str, str], enterprise_id: str, default: str = ""
) -> str:
    """The name of an enterprise from ``names`` (usually the user's scope); one outside it is read
    from the store and remembered in ``names`` (``default`` when it is gone)."""
    if enterprise_id not in names:
        names[enterprise_id] = enterprise_name(session, enterprise_id, default)
    return names[enterprise_id]
