"""Service / visit records (走访记录): draft → submitted → reviewed.

A submitted record is never edited in place (seed 004 §7.2.3): a correction is a new amendment
that references it, and both stay visible. The content hash printed on paper copies lets a
printed form be matched to the stored record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from fieldkit.domain.records import CONTENT_FIELDS as CONTENT_FIELDS
from fieldkit.domain.records import EDITABLE_FIELDS as EDITABLE_FIELDS
from fieldkit.domain.records import can_move, content_hash, is_editable
from fieldkit.domain.records import short_hash as short_hash
from fieldkit.models import Attachment, Demand, PolicyPush, ServiceRecord, VisitPlan, utcnow

from . import store
from .attachments import attachments_of
from .demands import list_demands
from .errors import ImmutableError, ValidationError, ValidationErrors
from .i18n import QT_TRANSLATE_NOOP as N
from .names import enterprise_name, policy_title, staff_name
from .policies import pushes_for


def record_content_hash(rec: ServiceRecord | dict[str, Any]) -> str:
    """sha256 of the canonical JSON of the content fields (:func:`fieldkit.domain.records.content_hash`)."""
    return content_hash(rec if isinstance(rec, dict) else {f: getattr(rec, f) for f in CONTENT_FIELDS})


class RecordService:
    def __init__(self, actor: store.Actor) -> None:
        self.actor = actor

    def create_draft(self, session: Session, *, enterprise_id: str, staff_id: str, visit_at: datetime,
                     plan_id: str | None = None, **fields: Any) -> ServiceRecord:
        if visit_at.tzinfo is None:
            visit_at = visit_at.astimezone()
        unknown = set(fields) - set(EDITABLE_FIELDS)
        if unknown:
            raise AttributeError(", ".join(sorted(unknown)))
        if plan_id and "kind" not in fields:
            plan = session.get(VisitPlan, plan_id)
            if plan:
                fields["kind"] = plan.kind
        rec = ServiceRecord(enterprise_id=enterprise_id, staff_id=staff_id, visit_at=visit_at,
                            plan_id=plan_id, status="draft", **fields)
        return store.insert(session, rec, self.actor)

    def update_draft(self, session: Session, rec: ServiceRecord, **changes: Any) -> dict[str, Any]:
        """Autosave / edit a draft; a submitted record refuses (use :meth:`amend`)."""
        if not is_editable(rec.status):
            raise ImmutableError(N("Lifecycle", "记录已提交，不能直接修改；如需更正请新建更正记录"))
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise AttributeError(", ".join(sorted(unknown)))
        if isinstance(changes.get("visit_at"), datetime) and changes["visit_at"].tzinfo is None:
            changes["visit_at"] = changes["visit_at"].astimezone()
        return store.update(session, rec, self.actor, **changes)

    def validate_for_submit(self, rec: ServiceRecord) -> None:
        errors = []
        if not (rec.content or "").strip():
            errors.append(ValidationError(N("Validation", "请填写{label}"), "content",
                                          label=N("Validation", "服务内容")))
        if not (rec.place or "").strip():
            errors.append(ValidationError(N("Validation", "请填写{label}"), "place",
                                          label=N("Validation", "走访地点")))
        if rec.visit_at and rec.visit_at > utcnow():
            errors.append(ValidationError(N("Validation", "走访时间不能晚于现在"), "visit_at"))
        if errors:
            raise ValidationErrors(errors)

    def submit(self, session: Session, rec: ServiceRecord) -> ServiceRecord:
        """Lock the record: hash its content; the plan it came from is marked done."""
        if not can_move(rec.status, "submitted"):
            raise ImmutableError(N("Lifecycle", "记录已提交，不能重复提交"))
        self.validate_for_submit(rec)
        store.update(session, rec, self.actor, status="submitted", submitted_at=utcnow(),
                     content_hash=record_content_hash(rec))
        if rec.plan_id:
            plan = session.get(VisitPlan, rec.plan_id)
            if plan and plan.status in ("planned", "overdue"):
                store.update(session, plan, self.actor, status="done")
        return rec

    def amend(self, session: Session, original: ServiceRecord, **changes: Any) -> ServiceRecord:
        """A new draft correcting a submitted record; the original stays unchanged."""
        if original.status == "draft":
            raise ImmutableError(N("Lifecycle", "草稿可直接修改，无需更正"))
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise AttributeError(", ".join(sorted(unknown)))
        base = {f: getattr(original, f) for f in EDITABLE_FIELDS if f not in ("plan_id", "signature_sha256")}
        base.update(changes)  # the enterprise signs the amendment anew: a signature only if given here
        if isinstance(base.get("visit_at"), datetime) and base["visit_at"].tzinfo is None:
            base["visit_at"] = base["visit_at"].astimezone()
        rec = ServiceRecord(enterprise_id=original.enterprise_id, staff_id=self.actor.staff_id or original.staff_id,
                            amends_id=original.id, status="draft", plan_id=base.pop("plan_id", original.plan_id),
                            **base)
        return store.insert(session, rec, self.actor)

    def review(self, session: Session, rec: ServiceRecord, reviewer_id: str, note: str = "") -> ServiceRecord:
        if not can_move(rec.status, "reviewed"):
            raise ImmutableError(N("Lifecycle", "只能审阅已提交的记录"))
        store.update(session, rec, self.actor, status="reviewed", reviewed_by=reviewer_id,
                     reviewed_at=utcnow(), review_note=note)
        return rec

    def discard_draft(self, session: Session, rec: ServiceRecord) -> None:
        if rec.status != "draft":
            raise ImmutableError(N("Lifecycle", "记录已提交，不能删除"))
        store.delete(session, rec, self.actor)


def amendments(session: Session, record_id: str) -> list[ServiceRecord]:
    return list(session.exec(select(ServiceRecord).where(ServiceRecord.amends_id == record_id,
                                                         col(ServiceRecord.deleted).is_(False))
                             .order_by(col(ServiceRecord.created_at))).all())


def records_for_enterprise(session: Session, enterprise_id: str) -> list[ServiceRecord]:
    return list(session.exec(select(ServiceRecord).where(ServiceRecord.enterprise_id == enterprise_id,
                                                         col(ServiceRecord.deleted).is_(False))
                             .order_by(col(ServiceRecord.visit_at).desc())).all())


def drafts(session: Session, staff_id: str) -> list[ServiceRecord]:
    return list(session.exec(select(ServiceRecord).where(ServiceRecord.staff_id == staff_id,
                                                         ServiceRecord.status == "draft",
                                                         col(ServiceRecord.deleted).is_(False))
                             .order_by(col(ServiceRecord.updated_at).desc())).all())


def record_versions(session: Session, rec: ServiceRecord) -> tuple[ServiceRecord | None, list[ServiceRecord]]:
    """(the original, its amendments in order) for a record or one of its amendments; the
    original is None when it is gone."""
    original = session.get(ServiceRecord, rec.amends_id) if rec.amends_id else rec
    if original is None:
        return None, []
    return original, amendments(session, original.id)


@dataclass
class RecordBundle:
    """A record with what the editor shows beside it (read in one session on a worker thread)."""

    record: ServiceRecord
    enterprise_name: str
    staff_name: str
    plan_theme: str
    demands: list[Demand] = field(default_factory=list)  # raised during this visit
    pushes: list[tuple[PolicyPush, str]] = field(default_factory=list)  # (push, policy title)
    photos: list[Attachment] = field(default_factory=list)
    original: ServiceRecord | None = None
    amendments: list[ServiceRecord] = field(default_factory=list)


def record_bundle(session: Session, record_id: str, photo_kind: str = "photo") -> RecordBundle:
    """The record ``record_id`` (NotFoundError when it is gone) and its demands, policy pushes,
    photo attachments, original and amendments."""
    rec = store.get(session, ServiceRecord, record_id)
    plan = session.get(VisitPlan, rec.plan_id) if rec.plan_id else None
    b = RecordBundle(rec, enterprise_name(session, rec.enterprise_id), staff_name(session, rec.staff_id),
                     plan.theme if plan else "")
    b.demands = [d for d in list_demands(session, enterprise_id=rec.enterprise_id) if d.record_id == rec.id]
    b.pushes = [(p, policy_title(session, p.policy_id)) for p in pushes_for(session, rec.enterprise_id)
                if p.record_id == rec.id]
    b.photos = attachments_of(session, "servicerecord", rec.id, kind=photo_kind)
    b.original, b.amendments = record_versions(session, rec)
    return b
