"""Enterprises (一企一档): validation, create / update, search and filters."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import String, cast, func, or_
from sqlmodel import Session, col, select

from fieldkit.domain.enterprise_fields import SCALES as SCALES
from fieldkit.domain.enterprise_fields import STAGES as STAGES
from fieldkit.domain.enterprise_fields import STATUSES as STATUSES
from fieldkit.domain.enterprise_fields import clean_enterprise_fields as clean_enterprise_fields
from fieldkit.domain.enterprise_fields import to_halfwidth_keep_cjk as to_halfwidth_keep_cjk
from fieldkit.models import Assignment, Enterprise, ServiceRecord
from fieldkit.models.limits import text_limits

from . import store
from .behaviour_tags import behaviour_condition, is_derived
from .errors import ValidationError, ValidationErrors
from .i18n import QT_TRANSLATE_NOOP
from .pinyin import name_keys
from .timeutil import day_start
from .validation import to_halfwidth
from .zones import choose_zone


def key_names(name: str) -> tuple[str, str]:
    """The pinyin search keys of an enterprise name, as long as the columns hold."""
    limits = text_limits(Enterprise)
    return name_keys(name, (limits["name_pinyin"], limits["name_initials"]))


class EnterpriseService:
    def __init__(self, actor: store.Actor) -> None:
        self.actor = actor

    def _check_duplicate(self, session: Session, code: str, exclude_id: str | None = None) -> None:
        q = select(Enterprise.id).where(Enterprise.credit_code == code, col(Enterprise.deleted).is_(False))
        if exclude_id:
            q = q.where(Enterprise.id != exclude_id)
        if session.exec(q).first():
            raise ValidationErrors(
                [
                    ValidationError(
                        QT_TRANSLATE_NOOP("Validation", "统一社会信用代码 {code} 已存在"),
                        "credit_code",
                        code=code,
                    )
                ]
            )

    def create(self, session: Session, **data: Any) -> Enterprise:
        data.setdefault("credit_code", "")
        data.setdefault("name", "")
        clean = clean_enterprise_fields(data, text_limits(Enterprise))
        self._check_duplicate(session, clean["credit_code"])
        full, initials = key_names(clean["name"])
        clean["zone_id"] = clean.get("zone_id") or choose_zone(session, self.actor)
        ent = Enterprise(**clean, name_pinyin=full, name_initials=initials)
        return store.insert(session, ent, self.actor)

    def update(self, session: Session, ent: Enterprise, **changes: Any) -> dict[str, Any]:
        clean = clean_enterprise_fields(changes, text_limits(Enterprise))
        if "credit_code" in clean:
            self._check_duplicate(session, clean["credit_code"], exclude_id=ent.id)
        if "name" in clean:
            clean["name_pinyin"], clean["name_initials"] = key_names(clean["name"])
        return store.update(session, ent, self.actor, **clean)


@dataclass
class EnterpriseFilter:
    """Search text plus the list filters of the enterprise view."""

    text: str = ""
    stage: str | None = None
    status: str | None = None
    industry: str | None = None
    scale: str | None = None
    tag: str | None = None
    staff_id: str | None = None  # only enterprises currently assigned to this staff member
    zone_id: str | None = None
    not_visited_since: date | None = None  # no on-site record since this date (quarter start)
    limit: int | None = None
    order_by: str = "name"
    descending: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _escape_like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def tag_condition(column: Any, tag: str) -> Any:
    """The JSON list in ``column`` holds ``tag`` as one whole element.

    The list is stored as JSON text, where a Chinese tag appears escaped (``"\\u9ad8..."``) with
    the default serializer, or as is with ``ensure_ascii=False``: match either spelling.
    """
    text = cast(column, String)
    spellings = {json.dumps(tag), json.dumps(tag, ensure_ascii=False)}
    return or_(*(text.like(f"%{_escape_like(sp)}%", escape="\\") for sp in sorted(spellings)))


def search_condition(text: str) -> Any:
    """Name substring, credit-code prefix, contact person/phone, pinyin initials or full pinyin."""
    t = to_halfwidth(text.strip())
    like = f"%{_escape_like(t)}%"
    conds = [
        col(Enterprise.name).like(like, escape="\\"),
        col(Enterprise.contact_person).like(like, escape="\\"),
    ]
    if re.fullmatch(r"[0-9A-Za-z]+", t):
        up = t.upper()
        conds.append(col(Enterprise.credit_code).like(f"{up}%"))
        low = t.lower()
        conds.append(col(Enterprise.name_initials).like(f"%{low}%"))
        conds.append(col(Enterprise.name_pinyin).like(f"%{low}%"))
    if re.fullmatch(r"[\d\-]{3,}", t):
        conds.append(col(Enterprise.contact_phone).like(f"%{t}%"))
    return or_(*conds)


def current_assignment_subquery(staff_id: str, on: date | None = None) -> Any:
    on = on or date.today()
    return select(Assignment.enterprise_id).where(
        Assignment.staff_id == staff_id,
        col(Assignment.deleted).is_(False),
        Assignment.start_date <= on,
        or_(col(Assignment.end_date).is_(None), col(Assignment.end_date) >= on),
    )


def build_query(f: EnterpriseFilter) -> Any:
    q = select(Enterprise).where(col(Enterprise.deleted).is_(False))
    if f.text.strip():
        q = q.where(search_condition(f.text))
    for attr in ("stage", "status", "industry", "scale", "zone_id"):
        v = getattr(f, attr)
        if v:
            q = q.where(getattr(Enterprise, attr) == v)
    if f.tag and is_derived(f.tag):  # 行为标签: from the records, not stored
        q = q.where(behaviour_condition(f.tag))
    elif f.tag:
        q = q.where(tag_condition(col(Enterprise.tags), f.tag))
    if f.staff_id:
        q = q.where(col(Enterprise.id).in_(current_assignment_subquery(f.staff_id)))
    if f.not_visited_since:
        visited = select(ServiceRecord.enterprise_id).where(
            col(ServiceRecord.deleted).is_(False),
            ServiceRecord.kind == "onsite",
            col(ServiceRecord.status).in_(("submitted", "reviewed")),
            ServiceRecord.visit_at >= day_start(f.not_visited_since),
        )
        q = q.where(col(Enterprise.id).not_in(visited))
    order = getattr(Enterprise, f.order_by, Enterprise.name)
    q = q.order_by(col(order).desc() if f.descending else col(order))
    if f.limit:
        q = q.limit(f.limit)
    return q


def search(session: Session, f: EnterpriseFilter | str) -> list[Enterprise]:
    if isinstance(f, str):
        f = EnterpriseFilter(text=f)
    return list(session.exec(build_query(f)).all())


def count(session: Session) -> int:
    return session.exec(
        select(func.count()).select_from(Enterprise).where(col(Enterprise.deleted).is_(False))
    ).one()


def update_enterprise(
    session: Session, actor: store.Actor, enterprise_id: str, changes: dict[str, Any]
) -> dict[str, Any]:
    """Save edits of an enterprise's profile (一企一档 概况, contacts, tags); returns what changed.
    Refuses with :class:`ValidationErrors` (one message per field) and writes nothing then."""
    ent = store.get(session, Enterprise, enterprise_id)
    return EnterpriseService(actor).update(session, ent, **changes)


class EnterpriseChoice(tuple[str, str]):
    """An (id, name) pair of the user's scope that also carries the name's pinyin keys (full
    pinyin and initials), so that a picker matches ``zjsz`` as the enterprise list does. It is a
    plain pair everywhere else (``dict(choices)``, ``for eid, name in choices``)."""

    pinyin: str
    initials: str

    def __new__(cls, eid: str, name: str, pinyin: str = "", initials: str = "") -> EnterpriseChoice:
        self = super().__new__(cls, (eid, name))
        self.pinyin = pinyin
        self.initials = initials
        return self

    def __getnewargs__(self) -> tuple[str, str, str, str]:
        return (self[0], self[1], self.pinyin, self.initials)


def scope_enterprises(
    session: Session, staff_id: str | None, zone_id: str | None = None
) -> list[tuple[str, str]]:
    """(id, name) of the enterprises a user may work with, in name order: those assigned to
    ``staff_id`` (an assistant), or with ``staff_id`` None every enterprise of ``zone_id`` (a
    supervisor; None: all). The pairs are :class:`EnterpriseChoice` (with the pinyin keys)."""
    q = build_query(EnterpriseFilter(staff_id=staff_id, zone_id=zone_id))
    # four columns, not ORM objects: a supervisor's scope is the whole zone (tens of thousands)
    cols = (
        col(Enterprise.id),
        col(Enterprise.name),
        col(Enterprise.name_pinyin),
        col(Enterprise.name_initials),
    )
    return [
        EnterpriseChoice(i, n, p or "", k or "")
        for i, n, p, k in session.execute(q.with_only_columns(*cols)).all()
    ]
