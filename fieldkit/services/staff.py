"""Staff members: the lists that pickers and supervisor screens need, and creating or editing a
staff member with their specialist type (issue 12 §15)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select

from fieldkit.domain.validation import require, validate_phone
from fieldkit.models import Assignment, Enterprise, Staff

from . import permissions, store
from .errors import ValidationError, ValidationErrors
from .i18n import QT_TRANSLATE_NOOP as N
from .permissions import ROLES
from .reference import load as load_reference


def list_staff(
    session: Session, zone_id: str | None = None, role: str | None = "assistant"
) -> list[tuple[str, str]]:
    """(id, name) of the active staff, optionally of one zone and one role, by name."""
    # the two columns, not the ORM rows: a zone of 30,000 enterprises has 750 assistants, and the
    # supervisor screen asks for them several times (120 ms a time as objects)
    q = select(Staff.id, Staff.name).where(col(Staff.deleted).is_(False), col(Staff.active).is_(True))
    if role:
        q = q.where(Staff.role == role)
    if zone_id:
        q = q.where(Staff.zone_id == zone_id)
    return [(i, n) for i, n in session.exec(q.order_by(col(Staff.name))).all()]


def staff_by_id(session: Session) -> dict[str, Staff]:
    """Every staff member by id, former ones too (printed histories name whoever did the work)."""
    return {st.id: st for st in session.exec(select(Staff)).all()}


# ---- creating and editing staff members (supervisors: their zone's assistants; admins: anyone) ----------


#: the fields a staff screen or command edits
STAFF_FIELDS = ("name", "login", "role", "specialist_type", "phone", "department", "active")
_LOGIN = re.compile(r"[a-z0-9][a-z0-9._-]{1,49}")


@dataclass(frozen=True)
class StaffRow:
    """One staff member as the staff screen lists them."""

    id: str
    name: str
    login: str
    role: str
    role_label: str
    specialist_type: str
    specialist_label: str
    phone: str
    department: str
    active: bool
    enterprises: int  # currently assigned


def _clean(session: Session, data: dict[str, Any], staff_id: str | None) -> dict[str, Any]:
    """Validate the fields being set; every error at once."""
    errors: list[ValidationError] = []
    out: dict[str, Any] = {}

    def attempt(key: str, fn: Any) -> None:
        try:
            out[key] = fn()
        except ValidationError as e:
            errors.append(e)

    if "name" in data:
        attempt("name", lambda: require(data["name"], "name", N("Validation", "姓名")))
    if "login" in data:

        def login() -> str:
            value = require(data["login"], "login", N("Validation", "登录账号")).lower()
            if not _LOGIN.fullmatch(value):
                raise ValidationError(
                    N("Validation", "登录账号只能用小写字母、数字和 . _ -，2 至 50 位，以字母或数字开头"),
                    "login",
                )
            other = session.exec(select(Staff.id).where(Staff.login == value)).first()
            if other is not None and other != staff_id:
                raise ValidationError(N("Validation", "登录账号“{value}”已被使用"), "login", value=value)
            return value

        attempt("login", login)
    if "role" in data:
        if data["role"] not in ROLES:
            errors.append(
                ValidationError(N("Validation", "“{value}”不是有效的选项"), "role", value=data["role"])
            )
        else:
            out["role"] = data["role"]
    if "specialist_type" in data:
        if data["specialist_type"] not in {t.code for t in load_reference().specialist_types}:
            errors.append(
                ValidationError(
                    N("Validation", "“{value}”不是有效的选项"),
                    "specialist_type",
                    value=data["specialist_type"],
                )
            )
        else:
            out["specialist_type"] = data["specialist_type"]
    if "phone" in data:
        attempt("phone", lambda: validate_phone(data["phone"] or "", "phone"))
    if "department" in data:
        out["department"] = (data["department"] or "").strip()
    if "active" in data:
        out["active"] = bool(data["active"])
    if errors:
        raise ValidationErrors(errors)
    return out


def save_staff(session: Session, actor: store.Actor, staff_id: str | None = None, **data: Any) -> str:
    """Create (``staff_id`` None) or edit a staff member and choose their specialist type; returns
    the id. A supervisor manages the assistants of their own zone; an admin anyone (a new member
    goes into the actor's zone unless ``zone_id`` is given). Sign-in accounts are made on the
    server once the row is synced: 开通账号 (``POST /accounts``, :func:`fieldkit.sync.account.open_account`)
    or ``fieldkit admin user-add``, both taking over the synced row of the same login)."""
    permissions.require_role(session, actor, "staff")
    unknown = set(data) - {*STAFF_FIELDS, "zone_id"}
    if unknown:
        raise AttributeError(", ".join(sorted(unknown)))
    zone_id = data.pop("zone_id", None)
    if staff_id is None:
        for key in ("name", "login"):
            data.setdefault(key, "")
        clean = _clean(session, data, None)
        w = permissions.who(session, actor)
        zone = zone_id or (w.zone_id if w is not None else None)
        if not zone:
            raise ValidationError(N("Validation", "请选择功能区"), "zone_id")
        st = Staff(zone_id=zone, **clean)
        store.insert(session, st, actor)
        return st.id
    st = store.get(session, Staff, staff_id)
    clean = _clean(session, data, staff_id)
    if zone_id:
        clean["zone_id"] = zone_id
    store.update(session, st, actor, **clean)
    return st.id


def staff_rows(session: Session, actor: store.Actor, include_inactive: bool = True) -> list[StaffRow]:
    """The staff the actor manages or sees: a supervisor their zone's, an admin everyone; by name."""
    from .assignments import current_condition
    from .labels import label
    from .timeutil import local_today

    w = permissions.who(session, actor)
    q = select(Staff).where(col(Staff.deleted).is_(False))
    if w is not None and w.role != permissions.ADMIN:
        q = q.where(Staff.zone_id == w.zone_id)
    if not include_inactive:
        q = q.where(col(Staff.active).is_(True))
    # 包联企业 as the ledger's zone summary and Today count them: the operating enterprises assigned now
    counts = dict(
        session.exec(
            select(Assignment.staff_id, func.count(func.distinct(Assignment.enterprise_id)))
            .join(Enterprise, col(Enterprise.id) == col(Assignment.enterprise_id))
            .where(
                *current_condition(local_today()),
                Enterprise.status == "operating",
                col(Enterprise.deleted).is_(False),
            )
            .group_by(col(Assignment.staff_id))
        ).all()
    )
    return [
        StaffRow(
            st.id,
            st.name,
            st.login,
            st.role,
            label("role", st.role),
            st.specialist_type,
            load_reference().label("specialist_types", st.specialist_type),
            st.phone,
            st.department,
            st.active,
            int(counts.get(st.id, 0)),
        )
        for st in session.exec(q.order_by(col(Staff.name))).all()
    ]
