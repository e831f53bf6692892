"""Look-ups for the printed forms and for ``fieldkit print``: resolve what a user typed (a login,
a credit code, the 8-character record number printed on a form) into an id, and read the few
rows a form shows that no other service returns. The forms read the store only through these
and the other services: no SQL outside ``fieldkit.services``.

A selector that names nothing, or several things, raises :class:`LookupFailed` with a translatable
message (context ``Lookup``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from sqlmodel import Session, col, or_, select

from fieldkit.models import (
    Attachment,
    Demand,
    Enterprise,
    Policy,
    PolicyPush,
    ProxyMilestone,
    ProxyService,
    ServiceRecord,
    Staff,
    Zone,
)
from fieldkit.models.base import SyncedBase

from .errors import FieldKitError
from .i18n import QT_TRANSLATE_NOOP as N
from .validation import normalise_credit_code

CTX = "Lookup"
#: the shortest id prefix accepted (the forms print the first 8 characters)
MIN_PREFIX = 6
#: ``IN`` lists are chunked below SQLite's old limit of 999 bound parameters
CHUNK = 900

T = TypeVar("T", bound=SyncedBase)

RECORD = N(CTX, "走访记录")
PROXY = N(CTX, "帮办代办")
ENTERPRISE = N(CTX, "企业")


class LookupFailed(FieldKitError):
    """What the user typed names nothing, or more than one thing."""

    context = CTX


# ------------------------------------------------------------------------ selectors (CLI)


def by_id_prefix(session: Session, model: type[T], text: str, what: str) -> str:
    """The id of the one live ``model`` row whose id starts with ``text`` (any case, at least
    :data:`MIN_PREFIX` characters). ``what`` is a marked label (:data:`RECORD` …) for the messages."""
    key = text.strip().lower()
    if len(key) < MIN_PREFIX:
        raise LookupFailed(
            N(CTX, "{label}编号“{value}”太短，请至少输入 {n} 位"), label=what, value=text, n=MIN_PREFIX
        )
    ids = session.exec(
        select(model.id).where(col(model.id).startswith(key), col(model.deleted).is_(False)).limit(2)
    ).all()
    if not ids:
        raise LookupFailed(N(CTX, "找不到{label}“{value}”"), label=what, value=text)
    if len(ids) > 1:
        raise LookupFailed(N(CTX, "{label}编号“{value}”对应多条记录，请输入更多位"), label=what, value=text)
    return str(ids[0])


def resolve_record(session: Session, text: str) -> str:
    """A service record by its full id or the number printed on the form (its first 8 characters)."""
    return by_id_prefix(session, ServiceRecord, text, RECORD)


def resolve_proxy(session: Session, text: str) -> str:
    """A proxy service (帮办代办) by its full id or its first characters."""
    return by_id_prefix(session, ProxyService, text, PROXY)


def staff_by_login(session: Session, login: str) -> Staff:
    """The live staff member with this login."""
    staff = session.exec(
        select(Staff).where(Staff.login == login.strip(), col(Staff.deleted).is_(False))
    ).first()
    if staff is None:
        raise LookupFailed(N(CTX, "找不到登录名为“{login}”的人员"), login=login)
    return staff


def resolve_enterprise(session: Session, text: str) -> str:
    """A live enterprise by id, unified social credit code (any case; spaces and dashes ignored),
    full name, or the first characters of its id."""
    t = text.strip()
    code = normalise_credit_code(t)
    rows = session.exec(
        select(Enterprise.id)
        .where(
            col(Enterprise.deleted).is_(False),
            or_(Enterprise.id == t.lower(), Enterprise.credit_code == code, Enterprise.name == t),
        )
        .limit(2)
    ).all()
    if len(rows) == 1:
        return str(rows[0])
    if len(rows) > 1:
        raise LookupFailed(N(CTX, "“{value}”对应多家企业，请使用统一社会信用代码"), value=text)
    if len(t) >= MIN_PREFIX and all(c in "0123456789abcdefABCDEF" for c in t):
        return by_id_prefix(session, Enterprise, t, ENTERPRISE)
    raise LookupFailed(
        N(CTX, "找不到企业“{value}”（可使用企业编号、统一社会信用代码或企业全称）"), value=text
    )


def resolve_zone(session: Session, text: str) -> str:
    """A live zone (产业功能区) by id, code or name."""
    t = text.strip()
    zid = session.exec(
        select(Zone.id).where(
            col(Zone.deleted).is_(False), or_(Zone.id == t.lower(), Zone.code == t, Zone.name == t)
        )
    ).first()
    if zid is None:
        raise LookupFailed(N(CTX, "找不到功能区“{value}”"), value=text)
    return str(zid)


# ------------------------------------------------------------------------ what forms show


def fetch(session: Session, model: type[T], row_id: str | None) -> T | None:
    """A row by id, deleted or not (a printed record still names the staff member who wrote it
    after they have left); None without an id or when there is no such row."""
    return session.get(model, row_id) if row_id else None


def zone_name(session: Session, zone_id: str | None) -> str:
    """The name of a live zone, else ""."""
    zone = session.get(Zone, zone_id) if zone_id else None
    return zone.name if zone is not None and not zone.deleted else ""


def issuing_unit(session: Session, zone_id: str | None = None) -> str:
    """The unit printed at the head of a form: the zone's name; without a zone, the only zone of a
    single-zone store ("" when there are several)."""
    if zone_id:
        return zone_name(session, zone_id)
    names = session.exec(select(Zone.name).where(col(Zone.deleted).is_(False)).limit(2)).all()
    return names[0] if len(names) == 1 else ""


def common_zone_id(session: Session, staff_ids: Iterable[str]) -> str | None:
    """The zone all these staff members belong to, or None (nobody given, or several zones)."""
    ids = list(dict.fromkeys(staff_ids))
    zones: set[str | None] = set()
    for i in range(0, len(ids), CHUNK):
        zones.update(session.exec(select(Staff.zone_id).where(col(Staff.id).in_(ids[i : i + CHUNK]))).all())
    return zones.pop() if len(zones) == 1 else None


def enterprise_names(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """id → name of these enterprises (deleted ones too: a ledger names whom it served)."""
    id_list = list(set(ids))
    out: dict[str, str] = {}
    for i in range(0, len(id_list), CHUNK):
        out.update(
            dict(
                session.exec(
                    select(Enterprise.id, Enterprise.name).where(
                        col(Enterprise.id).in_(id_list[i : i + CHUNK])
                    )
                ).all()
            )
        )
    return out


def record_demands(session: Session, record_id: str) -> list[Demand]:
    """The live demands raised in a service record, in the order they were collected."""
    return list(
        session.exec(
            select(Demand)
            .where(Demand.record_id == record_id, col(Demand.deleted).is_(False))
            .order_by(col(Demand.collected_at))
        ).all()
    )


def record_policy_pushes(session: Session, record_id: str) -> list[tuple[PolicyPush, Policy]]:
    """(push, policy) of the policies explained in a service record (live pushes), in push order."""
    rows = session.exec(
        select(PolicyPush, Policy)
        .join(Policy, col(Policy.id) == col(PolicyPush.policy_id))
        .where(PolicyPush.record_id == record_id, col(PolicyPush.deleted).is_(False))
        .order_by(col(PolicyPush.pushed_at))
    ).all()
    return [(push, pol) for push, pol in rows]


def signature_attachment(
    session: Session, sha256: str | None, record_id: str | None = None
) -> Attachment | None:
    """The live signature attachment with this content hash: the one attached to ``record_id`` when
    there is one (identical bytes may be stored once for several records), else any."""
    if not sha256:
        return None
    q = select(Attachment).where(
        Attachment.sha256 == sha256, Attachment.kind == "signature", col(Attachment.deleted).is_(False)
    )
    if record_id:
        own = session.exec(
            q.where(Attachment.owner_table == "servicerecord", Attachment.owner_id == record_id)
        ).first()
        if own is not None:
            return own
    return session.exec(q).first()


def milestone_progress(session: Session, proxy_ids: Iterable[str]) -> dict[str, tuple[int, int]]:
    """proxy id → (milestones done, milestones in all), live milestones only; absent when none."""
    ids = list(set(proxy_ids))
    counts: dict[str, tuple[int, int]] = {}
    for i in range(0, len(ids), CHUNK):
        for m in session.exec(
            select(ProxyMilestone).where(
                col(ProxyMilestone.proxy_id).in_(ids[i : i + CHUNK]), col(ProxyMilestone.deleted).is_(False)
            )
        ).all():
            done, total = counts.get(m.proxy_id, (0, 0))
            counts[m.proxy_id] = (done + (m.done_on is not None), total + 1)
    return counts
