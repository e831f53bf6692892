"""Roles and scope, decided in the services (docs/security.md, "Roles and scope").

Every write of user data goes through :mod:`fieldkit.services.store`, which asks
:func:`check_write` first; the acts that belong to a role (包联调整, 考核, 审阅/退回) are refused
up front by :func:`require_role` with a message naming the act. Reads by id from outside (the
command line's selectors) ask :func:`check_enterprise` / :func:`check_staff`.

- an assistant (助理/专员) acts only on enterprises currently assigned to them and on their
  children (records, demands, plans, proxies, evaluations, pushes, applications, attachments);
  they may create an enterprise in their own zone and take it on themselves while nobody holds it;
- a supervisor (主管) acts within their zone (policies are zone-independent);
- an admin acts everywhere.

The same rules as the server's push check (fieldkit/server/push.py), so what the laptop lets
through the server accepts. Rows written as the server sent them (the SYSTEM/SERVER actors, no
staff id) are not subject to this.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from fieldkit.models import (
    Assessment,
    Assignment,
    Attachment,
    Enterprise,
    Policy,
    ServiceRecord,
    Staff,
    SyncedBase,
    Zone,
)

from .errors import FieldKitError
from .i18n import QT_TRANSLATE_NOOP as N
from .timeutil import local_today

if TYPE_CHECKING:
    from .store import Actor

ASSISTANT, SUPERVISOR, ADMIN = "assistant", "supervisor", "admin"
ROLES = (ASSISTANT, SUPERVISOR, ADMIN)


class PermissionDenied(FieldKitError):
    """What the signed-in person's role or scope does not allow; shown like a validation error."""

    context = "Permissions"


#: the acts reserved to a role, with the message an assistant gets
ACTS: dict[str, tuple[tuple[str, ...], str]] = {
    "reassign": ((SUPERVISOR, ADMIN), N("Permissions", "只有主管可以调整企业的包联人员")),
    "assess": ((SUPERVISOR, ADMIN), N("Permissions", "只有主管可以录入对服务人员的考核评分")),
    "review": ((SUPERVISOR, ADMIN), N("Permissions", "只有主管可以审阅或退回服务记录")),
    "policy": ((SUPERVISOR, ADMIN), N("Permissions", "只有主管可以录入或修改政策")),
    "manage": ((ADMIN,), N("Permissions", "只有管理员可以修改功能区和人员")),
    "staff": ((SUPERVISOR, ADMIN), N("Permissions", "只有主管或管理员可以新建或修改服务人员")),
}
#: a supervisor manages the assistants (助理/专员) of their own zone, not supervisors or admins
STAFF_ROLE = N("Permissions", "主管只能新建或修改本功能区的服务人员（助理、专员），不能设置主管或管理员")

NOT_YOURS = N("Permissions", "企业“{name}”当前不由您包联，不能查看或修改它的数据")
OTHER_ZONE = N("Permissions", "企业“{name}”不在您的功能区，不能查看或修改它的数据")
OTHER_STAFF = N("Permissions", "您只能查看自己的数据，不能查看“{name}”的")
OTHER_ZONE_STAFF = N("Permissions", "“{name}”不在您的功能区")
FOREIGN_ZONE = N("Permissions", "不能在其他功能区新建企业")
TAKE_ON = N("Permissions", "助理只能把尚无人包联的企业包联给自己")
UNKNOWN = N("Permissions", "无法确认您的账号（已停用或不存在），操作未执行")


@dataclass(frozen=True)
class Who:
    """The actor as a decision needs it."""

    staff_id: str
    role: str
    zone_id: str | None


def who(session: Session, actor: Actor) -> Who | None:
    """The actor's role and zone (None for SYSTEM/SERVER, which are not checked). An actor built
    without them (``Actor(staff_id)``) is looked up in the store; an unknown or inactive account
    is refused."""
    if actor.staff_id is None:
        return None
    if actor.role is not None:
        return Who(actor.staff_id, actor.role, actor.zone_id)
    staff = session.get(Staff, actor.staff_id)
    if staff is None or staff.deleted or not staff.active:
        raise PermissionDenied(UNKNOWN)
    return Who(staff.id, staff.role, staff.zone_id)


def require_role(session: Session, actor: Actor, act: str) -> None:
    """Refuse ``act`` (a key of :data:`ACTS`) unless the actor's role may take it."""
    w = who(session, actor)
    if w is None:
        return
    roles, message = ACTS[act]
    if w.role not in roles:
        raise PermissionDenied(message)


def is_assigned(session: Session, staff_id: str, enterprise_id: str) -> bool:
    from .assignments import current_condition

    q = select(Assignment.id).where(
        Assignment.staff_id == staff_id,
        Assignment.enterprise_id == enterprise_id,
        *current_condition(local_today()),
    )
    return session.exec(q.limit(1)).first() is not None


def _has_assignee(session: Session, enterprise_id: str) -> bool:
    from .assignments import current_condition

    q = select(Assignment.id).where(
        Assignment.enterprise_id == enterprise_id, *current_condition(local_today())
    )
    return session.exec(q.limit(1)).first() is not None


def _enterprise(session: Session, enterprise_id: str) -> Enterprise | None:
    return session.get(Enterprise, enterprise_id)


def _check_enterprise(session: Session, w: Who, enterprise_id: str | None) -> None:
    if w.role == ADMIN:
        return
    ent = _enterprise(session, enterprise_id) if enterprise_id else None
    name = ent.name if ent is not None else (enterprise_id or "")
    if w.role == SUPERVISOR:
        if ent is None or ent.zone_id != w.zone_id:
            raise PermissionDenied(OTHER_ZONE, name=name)
        return
    if enterprise_id is None or not is_assigned(session, w.staff_id, enterprise_id):
        raise PermissionDenied(NOT_YOURS, name=name)


def check_enterprise(session: Session, actor: Actor, enterprise_id: str) -> None:
    """May the actor see and act on this enterprise (and its records, demands, …)?"""
    w = who(session, actor)
    if w is not None:
        _check_enterprise(session, w, enterprise_id)


def check_staff(session: Session, actor: Actor, staff_id: str) -> None:
    """May the actor see this person's work (ledger, assessments)? Assistants: only their own;
    supervisors: their zone's staff."""
    w = who(session, actor)
    if w is None or w.role == ADMIN or staff_id == w.staff_id:
        return
    other = session.get(Staff, staff_id)
    name = other.name if other is not None else staff_id
    if w.role != SUPERVISOR:
        raise PermissionDenied(OTHER_STAFF, name=name)
    if other is None or other.zone_id != w.zone_id:
        raise PermissionDenied(OTHER_ZONE_STAFF, name=name)


def check_zone(session: Session, actor: Actor, zone_id: str | None) -> None:
    """Zone-wide views (考核汇总, 台账 of a zone): a supervisor's own zone, an admin's any."""
    w = who(session, actor)
    if w is None or w.role == ADMIN:
        return
    if w.role != SUPERVISOR:
        raise PermissionDenied(N("Permissions", "只有主管可以查看整个功能区的汇总"))
    if zone_id != w.zone_id:
        zone = session.get(Zone, zone_id) if zone_id else None
        raise PermissionDenied(OTHER_ZONE_STAFF, name=zone.name if zone is not None else (zone_id or ""))


def _enterprise_of(session: Session, obj: SyncedBase) -> str | None:
    if isinstance(obj, Enterprise):
        return obj.id
    if isinstance(obj, Attachment) and not obj.enterprise_id:
        from .attachments import owner_enterprise_id

        return owner_enterprise_id(session, obj.owner_table, obj.owner_id)
    value = getattr(obj, "enterprise_id", None)
    return value if isinstance(value, str) else None


def check_write(session: Session, actor: Actor, obj: SyncedBase, changes: dict[str, Any] | None) -> None:
    """May the actor write ``obj``? ``changes`` None: ``obj`` is a new row; else the fields an
    update is about to set (the row still holds its old values)."""
    w = who(session, actor)
    if w is None or w.role == ADMIN:
        return
    if isinstance(obj, Staff) and w.role == SUPERVISOR:
        states = [(obj.role, obj.zone_id)]  # a new row as it will be; an update's row as it is
        if changes is not None:
            states.append((changes.get("role", obj.role), changes.get("zone_id", obj.zone_id)))
        if any(st != (ASSISTANT, w.zone_id) for st in states):
            raise PermissionDenied(STAFF_ROLE)
        return
    if isinstance(obj, Staff):
        raise PermissionDenied(ACTS["staff"][1])
    if isinstance(obj, (Zone, Staff)):
        raise PermissionDenied(ACTS["manage"][1])
    if isinstance(obj, Policy):
        if w.role != SUPERVISOR:
            raise PermissionDenied(ACTS["policy"][1])
        return
    if isinstance(obj, Assessment):
        if w.role != SUPERVISOR:
            raise PermissionDenied(ACTS["assess"][1])
        check_staff(session, actor, obj.staff_id)
        return
    new = changes is None
    if (
        isinstance(obj, ServiceRecord)
        and w.role == ASSISTANT
        and (obj.status if new else (changes or {}).get("status")) in ("reviewed", "returned")
    ):
        raise PermissionDenied(ACTS["review"][1])  # 审阅 and 退回修改 are a supervisor's acts
    if isinstance(obj, Enterprise) and (new or "zone_id" in (changes or {})):
        zone = obj.zone_id if new else (changes or {})["zone_id"]
        if w.role == ASSISTANT and not new:
            raise PermissionDenied(ACTS["reassign"][1])  # moving an enterprise is a supervisor's call
        if zone != w.zone_id:
            raise PermissionDenied(FOREIGN_ZONE)
        if new:
            return
    if isinstance(obj, Assignment) and w.role == ASSISTANT:
        if new:
            # an assistant takes on an enterprise nobody holds (one they just created), for themself
            ent = _enterprise(session, obj.enterprise_id)
            if (
                obj.staff_id != w.staff_id
                or ent is None
                or ent.zone_id != w.zone_id
                or _has_assignee(session, obj.enterprise_id)
            ):
                raise PermissionDenied(TAKE_ON)
            return
        raise PermissionDenied(ACTS["reassign"][1])
    targets = {_enterprise_of(session, obj)}
    moved = (changes or {}).get("enterprise_id")
    if isinstance(moved, str):
        targets.add(moved)
    for enterprise_id in targets:
        _check_enterprise(session, w, enterprise_id)
    if isinstance(obj, Assignment) and w.role == SUPERVISOR and isinstance(obj.staff_id, str):
        check_staff(session, actor, obj.staff_id)


def scope_of(session: Session, actor: Actor) -> tuple[str | None, str | None]:
    """What lists and searches show the actor, as (staff_id, zone_id) filters: an assistant their
    assigned enterprises, a supervisor their zone, an admin (or SYSTEM) everything."""
    w = who(session, actor)
    if w is None or w.role == ADMIN:
        return None, None
    if w.role == SUPERVISOR:
        return None, w.zone_id
    return w.staff_id, None


def in_scope(session: Session, actor: Actor, enterprise_column: Any) -> Any:
    """A condition keeping the rows whose ``enterprise_column`` the actor may act on (None: all),
    for batch work such as the automatic 催办 that must skip, not fail on, what is out of scope."""
    from .assignments import assigned_ids_query

    w = who(session, actor)
    if w is None or w.role == ADMIN:
        return None
    if w.role == SUPERVISOR:
        return col(enterprise_column).in_(select(Enterprise.id).where(Enterprise.zone_id == w.zone_id))
    return col(enterprise_column).in_(assigned_ids_query(w.staff_id))


__all__ = [
    "ADMIN",
    "ASSISTANT",
    "SUPERVISOR",
    "PermissionDenied",
    "check_enterprise",
    "check_staff",
    "check_write",
    "check_zone",
    "require_role",
    "scope_of",
    "in_scope",
]
