"""What the user reviews after a sync, in user words: the field conflicts (both values side by
side, labelled and formatted) with the decision written back through the one write path, and the
changes the server rejected (with its reason) to retry after a fix or to discard.

Nothing here shows an internal code: fields get their labels, enum values their labels, ids the
name they stand for, instants local time, days ``2026-11-21``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import TypeAdapter
from sqlmodel import Session, col, select

from fieldkit.domain.field_labels import COLUMN_LABELS
from fieldkit.models import SYNCED_TABLES, Enterprise, OutboxEntry, Staff, SyncConflict, SyncedBase, new_id

from . import outbox, store
from .errors import FieldKitError
from .i18n import QT_TRANSLATE_NOOP as N
from .i18n import translate
from .labels import label
from .timeutil import fmt_datetime

CTX = "SyncReview"

#: what a row of each table is called
TABLE_LABELS: dict[str, str] = {
    "zone": N(CTX, "产业功能区"),
    "staff": N(CTX, "人员"),
    "enterprise": N(CTX, "企业档案"),
    "assignment": N(CTX, "企业分配"),
    "visitplan": N(CTX, "走访计划"),
    "servicerecord": N(CTX, "走访记录"),
    "demand": N(CTX, "诉求"),
    "demandevent": N(CTX, "诉求办理记录"),
    "proxyservice": N(CTX, "帮办代办"),
    "proxymilestone": N(CTX, "帮办代办节点"),
    "policy": N(CTX, "惠企政策"),
    "policypush": N(CTX, "政策推送"),
    "policyapplication": N(CTX, "政策申报"),
    "evaluation": N(CTX, "服务评价"),
    "assessment": N(CTX, "考核评分"),
    "attachment": N(CTX, "附件"),
}

#: field labels shared by every table (in the domain: the server's reasons name fields by them too)
FIELDS: dict[str, str] = COLUMN_LABELS

#: (table, field) → the label kind of its codes (fieldkit.services.labels)
CODED: dict[tuple[str, str], str] = {
    ("enterprise", "scale"): "scale",
    ("enterprise", "stage"): "stage",
    ("enterprise", "status"): "enterprise_status",
    ("enterprise", "contact_channel"): "contact_channel",
    ("visitplan", "kind"): "plan_kind",
    ("visitplan", "status"): "plan_status",
    ("servicerecord", "stage"): "stage",
    ("servicerecord", "status"): "record_status",
    ("demand", "kind"): "demand_kind",
    ("demand", "urgency"): "urgency",
    ("demand", "state"): "demand_state",
    ("demand", "satisfaction"): "satisfaction",
    ("demandevent", "from_state"): "demand_state",
    ("demandevent", "to_state"): "demand_state",
    ("proxyservice", "stage"): "stage",
    ("proxyservice", "mode"): "proxy_mode",
    ("proxyservice", "status"): "proxy_status",
    ("proxyservice", "termination_reason"): "termination_reason",
    ("policy", "level"): "policy_level",
    ("policy", "category"): "policy_category",
    ("policy", "scales"): "scale",
    ("policy", "stages"): "stage",
    ("policyapplication", "state"): "application_state",
    ("evaluation", "stage"): "stage",
    ("assessment", "source"): "assessment_source",
    ("attachment", "kind"): "attachment_kind",
    ("staff", "role"): "role",
    ("staff", "specialist_type"): "specialist_type",
}

#: fields that hold the id of a staff member / an enterprise (shown by name)
STAFF_REFS = frozenset({"staff_id", "reviewed_by", "actor_id", "assessor_id"})
ENTERPRISE_REFS = frozenset({"enterprise_id"})

EMPTY = N(CTX, "（空）")
YES = N(CTX, "是")
NO = N(CTX, "否")


def t(text: str) -> str:
    return translate(CTX, text)


def table_label(table: str) -> str:
    src = TABLE_LABELS.get(table)
    return t(src) if src else t(N(CTX, "记录"))


def field_label(table: str, field: str) -> str:
    src = FIELDS.get(field)
    return t(src) if src else t(N(CTX, "其他内容"))


class _Names:
    """Names of the staff and enterprises that ids stand for (read once per call)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.staff: dict[str, str] = {}
        self.enterprises: dict[str, str] = {}

    def staff_name(self, staff_id: str) -> str:
        if staff_id not in self.staff:
            row = self.session.get(Staff, staff_id)
            self.staff[staff_id] = row.name if row is not None else t(N(CTX, "（未知人员）"))
        return self.staff[staff_id]

    def enterprise_name(self, enterprise_id: str) -> str:
        if enterprise_id not in self.enterprises:
            row = self.session.get(Enterprise, enterprise_id)
            self.enterprises[enterprise_id] = row.name if row is not None else t(N(CTX, "（未知企业）"))
        return self.enterprises[enterprise_id]


def _instant(value: str) -> str | None:
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    if "T" not in value and " " not in value:
        return None
    return fmt_datetime(dt)


def format_value(table: str, field: str, value: Any, names: _Names | None = None) -> str:
    """A JSON value of ``table.field`` as the user reads it."""
    if value is None or value == "" or value == []:
        return t(EMPTY)
    if isinstance(value, bool):
        return t(YES) if value else t(NO)
    kind = CODED.get((table, field))
    if isinstance(value, list):
        return "、".join(format_value(table, field, v, names) for v in value)
    if isinstance(value, dict) and (table, field) == ("enterprise", "profile"):
        from .enterprise_profile import profile_lines

        filled = [f"{name}：{v}" for _title, rows in profile_lines(value) for name, v in rows if v]
        return "；".join(filled) or t(EMPTY)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if kind is not None and isinstance(value, str):
        return label(kind, value)
    if names is not None and isinstance(value, str):
        if field in STAFF_REFS:
            return names.staff_name(value)
        if field in ENTERPRISE_REFS:
            return names.enterprise_name(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        shown = _instant(value)
        if shown is not None:
            return shown
        try:
            return date.fromisoformat(value).isoformat() if len(value) == 10 else value
        except ValueError:
            return value
    return str(value)


def row_label(session: Session, table: str, row_id: str, names: _Names | None = None) -> str:
    """What the row is, for a list: "走访记录 · 华为技术有限公司 · 2026-11-21"."""
    names = names or _Names(session)
    model = SYNCED_TABLES.get(table)
    obj = session.get(model, row_id) if model is not None else None
    kind = table_label(table)
    if obj is None:
        return kind
    parts = [kind]
    ent = getattr(obj, "enterprise_id", None)
    if table == "enterprise":
        parts.append(str(getattr(obj, "name", "")))
    elif ent:
        parts.append(names.enterprise_name(ent))
    for field in ("title", "theme", "item", "name"):
        text = getattr(obj, field, None)
        if table != "enterprise" and isinstance(text, str) and text:
            parts.append(text)
            break
    else:
        text = getattr(obj, "description", None)
        if isinstance(text, str) and text:
            parts.append(text if len(text) <= 24 else text[:24] + "…")
    for field in ("visit_at", "planned_date", "accepted_on", "collected_at"):
        when = getattr(obj, field, None)
        if isinstance(when, datetime):
            parts.append(fmt_datetime(when)[:10])
            break
        if isinstance(when, date):
            parts.append(when.isoformat())
            break
    return " · ".join(p for p in parts if p)


# -- conflicts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictItem:
    """One undecided field conflict, ready to show."""

    id: str
    table: str
    row_id: str
    field: str
    row_label: str
    field_label: str
    local_text: str
    server_text: str
    #: the local value as the user edits a merged value (a text field's text)
    local_value: Any
    server_value: Any
    editable: bool  # a merged value can be typed (plain text fields)


def _editable(table: str, field: str, *values: Any) -> bool:
    if (table, field) in CODED or field in STAFF_REFS | ENTERPRISE_REFS:
        return False
    return all(v is None or (isinstance(v, str) and _instant(v) is None) for v in values)


def conflict_items(session: Session) -> list[ConflictItem]:
    """Every undecided conflict, oldest first, in user words."""
    names = _Names(session)
    out = []
    for c in outbox.open_conflicts(session):
        out.append(
            ConflictItem(
                id=c.id,
                table=c.table_name,
                row_id=c.row_id,
                field=c.field,
                row_label=row_label(session, c.table_name, c.row_id, names),
                field_label=field_label(c.table_name, c.field),
                local_text=format_value(c.table_name, c.field, c.local_value, names),
                server_text=format_value(c.table_name, c.field, c.server_value, names),
                local_value=c.local_value,
                server_value=c.server_value,
                editable=_editable(c.table_name, c.field, c.local_value, c.server_value),
            )
        )
    return out


DECISIONS = ("local", "server", "merged")


def _python_value(model: type[SyncedBase], field: str, value: Any) -> Any:
    info = model.model_fields.get(field)
    if info is None or info.annotation is None:
        return value
    return TypeAdapter(info.annotation).validate_python(value)


def resolve_conflict(
    session: Session, actor: store.Actor, conflict_id: str, decision: str, value: Any = None
) -> SyncConflict:
    """The user's decision on one conflict, written as an edit of the row through the one write
    path (an outbox entry that syncs, on the server's version): keep mine (``local``), take the
    server's (``server``) or a merged value (``merged``, ``value``). When it was the row's last open
    conflict, the row's entries marked as conflicting are dropped: the server applied them (a
    conflict result is an applied mutation whose lost value was kept for the owner), and what
    the user chose goes out as this new edit."""
    if decision not in DECISIONS:
        raise FieldKitError(N(CTX, "无法识别的处理方式"))
    c = outbox.decide_conflict(session, conflict_id, decision, value)
    model = SYNCED_TABLES.get(c.table_name)
    obj = session.get(model, c.row_id) if model is not None else None
    if model is None or obj is None:
        raise FieldKitError(N(CTX, "找不到该冲突所属的记录"))
    chosen = _python_value(model, c.field, c.decided_value)
    if obj.server_version < c.server_version:
        obj.server_version = c.server_version  # the edit is made on the version the server holds
    changed = store.update(session, obj, actor, **{c.field: chosen})
    if not changed:  # the local row already holds it: the server still has to be told
        store.journal_update(session, obj, actor, {c.field: c.server_value}, {c.field: c.decided_value})
    session.flush()
    still_open = session.exec(
        select(SyncConflict.id).where(
            SyncConflict.table_name == c.table_name,
            SyncConflict.row_id == c.row_id,
            col(SyncConflict.decided).is_(False),
        )
    ).first()
    if still_open is None:
        for e in session.exec(
            select(OutboxEntry).where(
                OutboxEntry.table_name == c.table_name,
                OutboxEntry.row_id == c.row_id,
                OutboxEntry.state == "conflict",
            )
        ).all():
            outbox.discard(session, e.seq or 0)  # the server applied it (a conflict is applied)
    return c


# -- rejected changes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RejectedItem:
    seq: int
    row_label: str
    action: str  # 新建 / 修改 / 删除
    fields: str  # the changed fields' labels
    reason: str


OPS = {"create": N(CTX, "新建"), "update": N(CTX, "修改"), "delete": N(CTX, "删除")}


def rejected_items(session: Session) -> list[RejectedItem]:
    """The changes the server refused, oldest first, with its reason."""
    names = _Names(session)
    out = []
    for e in session.exec(
        select(OutboxEntry).where(OutboxEntry.state == "rejected").order_by(col(OutboxEntry.seq))
    ).all():
        fields = [f for f in e.changes if f in FIELDS and f not in ("id", "deleted", "created_at")]
        out.append(
            RejectedItem(
                seq=e.seq or 0,
                row_label=row_label(session, e.table_name, e.row_id, names),
                action=t(OPS.get(e.op, OPS["update"])),
                fields="、".join(dict.fromkeys(field_label(e.table_name, f) for f in fields))
                or t(N(CTX, "其他内容")),
                reason=outbox.reason_text(e) or t(N(CTX, "服务器未说明原因")),
            )
        )
    return out


def retry_rejected(session: Session, seq: int) -> None:
    """Send a rejected change again, after the user fixed what the reason said, as a NEW mutation
    (the server answers a replay of the old id with its stored refusal), on the row's current
    server version. Fields a later edit of the row changes again are left to that edit (it carries
    the fix); when none is left, the entry has nothing more to say and is dropped. A refused create
    goes out with the row as it is now."""
    e = session.get(OutboxEntry, seq)
    if e is None or e.state != "rejected":
        return
    model = SYNCED_TABLES.get(e.table_name)
    obj = session.get(model, e.row_id) if model is not None else None
    if obj is not None and e.op == "create":
        e.changes = store.row_values(obj)
    elif obj is not None:
        later = session.exec(
            select(OutboxEntry).where(
                OutboxEntry.table_name == e.table_name,
                OutboxEntry.row_id == e.row_id,
                col(OutboxEntry.seq) > seq,
            )
        ).all()
        covered = {f for other in later for f in other.changes}
        left = {f: v for f, v in e.changes.items() if f not in covered}
        if not left:
            outbox.discard(session, seq)
            return
        e.changes = left
        e.old_values = {f: v for f, v in e.old_values.items() if f in left}
        e.base_version = obj.server_version
    e.mutation_id = new_id()
    e.attempts = 0
    session.add(e)
    outbox.retry(session, seq)


def discard_rejected(session: Session, seq: int) -> None:
    """Give up a rejected change (the local row keeps its value until a pull brings the server's)."""
    outbox.discard(session, seq)
