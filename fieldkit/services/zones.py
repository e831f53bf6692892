"""Which zone (产业功能区) a new enterprise belongs to: every enterprise and staff member has one."""

from __future__ import annotations

from sqlmodel import Session, col, select

from fieldkit.models import Staff, Zone

from . import store
from .errors import FieldKitError
from .i18n import QT_TRANSLATE_NOOP

CTX = "Zones"

#: the zone a store that has none gets (also the fallback of migration 0004)
DEFAULT_ZONE_NAME = "默认功能区"


class ZoneChoiceError(FieldKitError):
    """No zone can be chosen without asking (an unknown name, or several zones and none named)."""

    context = CTX


def zones(session: Session) -> list[Zone]:
    return list(session.exec(select(Zone).where(col(Zone.deleted).is_(False)).order_by(col(Zone.name))).all())


def _names(found: list[Zone]) -> str:
    return "、".join(z.name for z in found)


def zone_by_name(session: Session, name: str) -> Zone:
    """The zone called ``name`` (its code works too); an unknown name is an error listing the zones."""
    found = zones(session)
    wanted = name.strip()
    for z in found:
        if wanted in (z.name, z.code) and wanted:
            return z
    if not found:
        raise ZoneChoiceError(
            QT_TRANSLATE_NOOP(CTX, "找不到名为“{name}”的功能区：数据库中还没有功能区"), "zone", name=wanted
        )
    raise ZoneChoiceError(
        QT_TRANSLATE_NOOP(CTX, "找不到名为“{name}”的功能区。现有功能区：{zones}"),
        "zone",
        name=wanted,
        zones=_names(found),
    )


def choose_zone(
    session: Session,
    actor: store.Actor,
    *,
    name: str | None = None,
    staff_id: str | None = None,
    several: str | None = None,
) -> str:
    """The zone id a new enterprise (or staff member) gets: the zone called ``name`` when given; else the zone of
    ``staff_id`` (the assignee, else the acting staff member); else the store's only zone. A store
    with no zone at all gets the zone 默认功能区 (journalled like any insert). Several zones and none
    of these rules deciding is a :class:`ZoneChoiceError` with message ``several`` (``{zones}`` is
    the list of zone names)."""
    if name:
        return zone_by_name(session, name).id
    for sid in (staff_id, actor.staff_id):
        staff = session.get(Staff, sid) if sid else None
        if staff is not None and staff.zone_id:
            return staff.zone_id
    found = zones(session)
    if len(found) == 1:
        return found[0].id
    if not found:
        return store.insert(session, Zone(name=DEFAULT_ZONE_NAME), actor).id
    raise ZoneChoiceError(
        several or QT_TRANSLATE_NOOP(CTX, "数据库中有多个功能区（{zones}），请选择企业所属的功能区"),
        "zone_id",
        zones=_names(found),
    )
