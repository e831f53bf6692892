"""Service / visit records (走访记录): draft → submitted → reviewed.

A submitted record is never edited in place (seed 004 §7.2.3): a correction is a new amendment
that references it, and both stay visible. The content hash printed on paper copies lets a
printed form be matched to the stored record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from fieldkit.domain.records import CONTENT_FIELDS as CONTENT_FIELDS
from fieldkit.domain.records import EDITABLE_FIELDS as EDITABLE_FIELDS
from fieldkit.domain.records import can_move, content_hash, is_editable
from fieldkit.domain.records import short_hash as short_hash
from fieldkit.domain.service_items import catalogue, check_item_codes
from fieldkit.models import Attachment, Demand, PolicyPush, ServiceRecord, VisitPlan, utcnow

from . import permissions, store
from .attachments import AttachmentService, attachments_of
from .demands import list_demands
from .errors import ImmutableError, ValidationError, ValidationErrors
from .i18n import QT_TRANSLATE_NOOP as N
from .names import enterprise_name, policy_title, staff_name
from .policies import pushes_for
from .reference import DATA
from .timeutil import local_today


def _items(codes: Any) -> list[str]:
    """``codes`` checked against the service-item catalogue (unknown codes refused)."""
    return check_item_codes(codes, catalogue(DATA))


def record_content_hash(rec: ServiceRecord | dict[str, Any]) -> str:
    """sha256 of the canonical JSON of the content fields (:func:`fieldkit.domain.records.content_hash`)."""
    return content_hash(rec if isinstance(rec, dict) else {f: getattr(rec, f) for f in CONTENT_FIELDS})


class RecordService:
    def __init__(self, actor: store.Actor) -> None:
        self.actor = actor

    def create_draft(
        self,
        session: Session,
        *,
        enterprise_id: str,
        staff_id: str,
        visit_at: datetime,
        plan_id: str | None = None,
        **fields: Any,
    ) -> ServiceRecord:
        if visit_at.tzinfo is None:
            visit_at = visit_at.astimezone()
        unknown = set(fields) - set(EDITABLE_FIELDS)
        if unknown:
            raise AttributeError(", ".join(sorted(unknown)))
        if "service_items" in fields:
            fields["service_items"] = _items(fields["service_items"])
        if plan_id and "kind" not in fields:
            plan = session.get(VisitPlan, plan_id)
            if plan:
                fields["kind"] = plan.kind
        rec = ServiceRecord(
            enterprise_id=enterprise_id,
            staff_id=staff_id,
            visit_at=visit_at,
            plan_id=plan_id,
            status="draft",
            **fields,
        )
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
        if "service_items" in changes:
            changes["service_items"] = _items(changes["service_items"])
        return store.update(session, rec, self.actor, **changes)

    def validate_for_submit(self, rec: ServiceRecord) -> None:
        errors = []
        if not (rec.content or "").strip():
            errors.append(
                ValidationError(
                    N("Validation", "请填写{label}"), "content", label=N("Validation", "服务内容")
                )
            )
        if not (rec.place or "").strip():
            errors.append(
                ValidationError(N("Validation", "请填写{label}"), "place", label=N("Validation", "走访地点"))
            )
        if rec.visit_at and rec.visit_at > utcnow():
            errors.append(ValidationError(N("Validation", "走访时间不能晚于现在"), "visit_at"))
        try:
            _items(rec.service_items)
        except ValidationError as e:  # a draft that came in by sync or an older version
            errors.append(e)
        if errors:
            raise ValidationErrors(errors)

    def submit(self, session: Session, rec: ServiceRecord) -> ServiceRecord:
        """Lock the record: hash its content; the plan it came from is marked done."""
        if not can_move(rec.status, "submitted"):
            raise ImmutableError(N("Lifecycle", "记录已提交，不能重复提交"))
        self.validate_for_submit(rec)
        store.update(
            session,
            rec,
            self.actor,
            status="submitted",
            submitted_at=utcnow(),
            content_hash=record_content_hash(rec),
        )
        if rec.plan_id:
            plan = session.get(VisitPlan, rec.plan_id)
            if plan and plan.status in ("planned", "overdue"):
                store.update(session, plan, self.actor, status="done")
        return rec

    def amend(self, session: Session, original: ServiceRecord, **changes: Any) -> ServiceRecord:
        """A new draft correcting a submitted record; the original stays unchanged. Corrections
        chain to the original: correcting a correction starts from its content, and the new draft
        refers to the original record (so the original lists every correction, the latest last)."""
        if original.status == "draft":
            raise ImmutableError(N("Lifecycle", "草稿可直接修改，无需更正"))
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise AttributeError(", ".join(sorted(unknown)))
        base = {f: getattr(original, f) for f in EDITABLE_FIELDS if f not in ("plan_id", "signature_sha256")}
        if "service_items" in changes:
            changes["service_items"] = _items(changes["service_items"])
        base.update(changes)  # the enterprise signs the amendment anew: a signature only if given here
        if isinstance(base.get("visit_at"), datetime) and base["visit_at"].tzinfo is None:
            base["visit_at"] = base["visit_at"].astimezone()
        rec = ServiceRecord(
            enterprise_id=original.enterprise_id,
            staff_id=self.actor.staff_id or original.staff_id,
            amends_id=original.amends_id or original.id,
            status="draft",
            plan_id=base.pop("plan_id", original.plan_id),
            **base,
        )
        return store.insert(session, rec, self.actor)

    def review(self, session: Session, rec: ServiceRecord, reviewer_id: str, note: str = "") -> ServiceRecord:
        permissions.require_role(session, self.actor, "review")
        if not can_move(rec.status, "reviewed"):
            raise ImmutableError(N("Lifecycle", "只能审阅已提交的记录"))
        store.update(
            session,
            rec,
            self.actor,
            status="reviewed",
            reviewed_by=reviewer_id,
            reviewed_at=utcnow(),
            review_note=note,
        )
        return rec

    def return_for_correction(
        self, session: Session, rec: ServiceRecord, reviewer_id: str, reason: str
    ) -> ServiceRecord:
        """退回修改: the supervisor sends a submitted record back with a reason; the assistant
        corrects it by an amendment (:meth:`amend`). The reason is required."""
        permissions.require_role(session, self.actor, "review")
        if not can_move(rec.status, "returned"):
            raise ImmutableError(N("Lifecycle", "只能退回已提交、尚未审阅的记录"))
        if not reason.strip():
            raise ValidationError(N("Validation", "请填写{label}"), "note", label=N("Validation", "退回原因"))
        store.update(
            session,
            rec,
            self.actor,
            status="returned",
            reviewed_by=reviewer_id,
            reviewed_at=utcnow(),
            review_note=reason.strip(),
        )
        return rec

    def discard_draft(self, session: Session, rec: ServiceRecord) -> None:
        if rec.status != "draft":
            raise ImmutableError(N("Lifecycle", "记录已提交，不能删除"))
        store.delete(session, rec, self.actor)


def amendments(session: Session, record_id: str) -> list[ServiceRecord]:
    return list(
        session.exec(
            select(ServiceRecord)
            .where(ServiceRecord.amends_id == record_id, col(ServiceRecord.deleted).is_(False))
            .order_by(col(ServiceRecord.created_at))
        ).all()
    )


def records_for_enterprise(session: Session, enterprise_id: str) -> list[ServiceRecord]:
    return list(
        session.exec(
            select(ServiceRecord)
            .where(ServiceRecord.enterprise_id == enterprise_id, col(ServiceRecord.deleted).is_(False))
            .order_by(col(ServiceRecord.visit_at).desc())
        ).all()
    )


def drafts(session: Session, staff_id: str) -> list[ServiceRecord]:
    return list(
        session.exec(
            select(ServiceRecord)
            .where(
                ServiceRecord.staff_id == staff_id,
                ServiceRecord.status == "draft",
                col(ServiceRecord.deleted).is_(False),
            )
            .order_by(col(ServiceRecord.updated_at).desc())
        ).all()
    )


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
    plan_date: date | None = None
    pushes: list[tuple[PolicyPush, str]] = field(default_factory=list)  # (push, policy title)
    photos: list[Attachment] = field(default_factory=list)
    original: ServiceRecord | None = None
    amendments: list[ServiceRecord] = field(default_factory=list)


def record_bundle(
    session: Session, actor: store.Actor, record_id: str, photo_kind: str = "photo"
) -> RecordBundle:
    """The record ``record_id`` (NotFoundError when it is gone; PermissionDenied when its
    enterprise is outside the actor's scope) and its demands, policy pushes, photo attachments,
    original and amendments."""
    rec = store.get(session, ServiceRecord, record_id)
    permissions.check_enterprise(session, actor, rec.enterprise_id)
    plan = session.get(VisitPlan, rec.plan_id) if rec.plan_id else None
    b = RecordBundle(
        rec,
        enterprise_name(session, rec.enterprise_id),
        staff_name(session, rec.staff_id),
        plan.theme if plan else "",
        plan_date=plan.planned_date if plan else None,
    )
    b.demands = [d for d in list_demands(session, enterprise_id=rec.enterprise_id) if d.record_id == rec.id]
    b.pushes = [
        (p, policy_title(session, p.policy_id))
        for p in pushes_for(session, rec.enterprise_id)
        if p.record_id == rec.id
    ]
    b.photos = attachments_of(session, "servicerecord", rec.id, kind=photo_kind)
    b.original, b.amendments = record_versions(session, rec)
    return b


# -- use cases of the record editor (one call per unit of work; the caller's transaction) -------------

#: owner table of a record's attachments (photos, the enterprise's signature)
RECORD_OWNER = "servicerecord"


def open_plan_for(
    session: Session, staff_id: str, enterprise_id: str, today: date | None = None
) -> VisitPlan | None:
    """The plan of ``staff_id`` that a visit to ``enterprise_id`` today carries out: one still
    planned for today, else the most recent one still planned whose date has passed (逾期);
    None when there is none (a plan for a later day is left for that day)."""
    today = today or local_today()
    plans = session.exec(
        select(VisitPlan)
        .where(
            VisitPlan.staff_id == staff_id,
            VisitPlan.enterprise_id == enterprise_id,
            VisitPlan.status == "planned",
            VisitPlan.planned_date <= today,
            col(VisitPlan.deleted).is_(False),
        )
        .order_by(col(VisitPlan.planned_date).desc())
    ).all()
    return plans[0] if plans else None


def start_record(
    session: Session, actor: store.Actor, *, enterprise_id: str | None = None, plan_id: str | None = None
) -> str:
    """The record to edit for a visit: the actor's draft of this plan when there is one (a plan is
    recorded once: starting it again reopens its draft), else a new draft prefilled from the
    enterprise (address, contact, stage), the plan (kind) and the actor (participant). Started for
    an enterprise without a plan, it takes the actor's plan for that enterprise due today or
    overdue (:func:`open_plan_for`), so that the visit closes it. Returns its id."""
    from fieldkit.models import Enterprise

    plan = store.get(session, VisitPlan, plan_id) if plan_id else None
    if plan is None and enterprise_id and actor.staff_id:
        plan = open_plan_for(session, actor.staff_id, enterprise_id)  # the visit carries out its plan
    if plan is not None:
        enterprise_id = plan.enterprise_id
        if actor.staff_id:
            for d in drafts(session, actor.staff_id):
                if d.plan_id == plan.id:
                    return d.id
    if not enterprise_id:
        raise ValueError("start_record needs an enterprise or a plan")
    if not actor.staff_id:
        raise ValueError("start_record needs a staff member as actor")
    ent = store.get(session, Enterprise, enterprise_id)
    now = datetime.now().astimezone().replace(second=0, microsecond=0)
    rec = RecordService(actor).create_draft(
        session,
        enterprise_id=ent.id,
        staff_id=actor.staff_id,
        visit_at=now,
        plan_id=plan.id if plan else None,
        place=ent.address,
        staff_participants=staff_name(session, actor.staff_id),
        enterprise_participants=ent.contact_person,
        stage=ent.stage,
    )
    return rec.id


def save_draft(
    session: Session,
    actor: store.Actor,
    attachments_folder: Path | AttachmentService,
    record_id: str,
    changes: dict[str, Any],
    signature: bytes | None | bool = False,
) -> dict[str, Any]:
    """Autosave of a draft: apply the changed fields. ``signature`` is the new signature as PNG
    bytes (it replaces the previous signature attachment, which becomes a tombstone), None (the
    signature was cleared: its attachment is removed) or False (unchanged). Returns the changed
    fields as :meth:`RecordService.update_draft` does."""

    files = (
        attachments_folder
        if isinstance(attachments_folder, AttachmentService)
        else AttachmentService(actor, attachments_folder)
    )
    rec = store.get(session, ServiceRecord, record_id)
    changes = dict(changes)
    if signature is not False:
        if rec.status != "draft":  # refuse before writing anything
            raise ImmutableError(N("Lifecycle", "记录已提交，不能直接修改；如需更正请新建更正记录"))
        old = attachments_of(session, RECORD_OWNER, record_id, kind="signature")
        if signature:
            assert isinstance(signature, bytes)
            att = files.add(
                session,
                data=signature,
                owner_table=RECORD_OWNER,
                owner_id=record_id,
                kind="signature",
                filename="signature.png",
                mime="image/png",
            )
            changes["signature_sha256"] = att.sha256
            old = [a for a in old if a.id != att.id]
        else:
            changes["signature_sha256"] = None
        for a in old:
            files.remove(session, a)
    return RecordService(actor).update_draft(session, rec, **changes)


def submit_record(session: Session, actor: store.Actor, record_id: str) -> str:
    """Submit (lock) the draft ``record_id``; returns its content hash."""
    rec = store.get(session, ServiceRecord, record_id)
    RecordService(actor).submit(session, rec)
    return rec.content_hash or ""


def submit_warnings(session: Session, record_id: str) -> list[str]:
    """What to confirm before submitting the draft ``record_id`` (marked Chinese texts, context
    ``Validation``; translate them with :func:`fieldkit.services.i18n.translate`). Raises
    :class:`ValidationErrors` when it cannot be submitted at all (as :meth:`RecordService.submit`
    would), so a form can mark the fields before asking anything."""
    rec = store.get(session, ServiceRecord, record_id)
    if rec.status != "draft":
        raise ImmutableError(N("Lifecycle", "记录已提交，不能重复提交"))
    RecordService(store.SYSTEM).validate_for_submit(rec)
    out = []
    if not rec.signature_sha256:
        out.append(N("Validation", "企业代表尚未签名"))
    if not (rec.problems or "").strip():
        out.append(N("Validation", "“发现问题”为空（企业没有反映问题时可直接提交）"))
    if not rec.service_items:
        out.append(N("Validation", "没有勾选服务事项"))
    return out


def is_blank_draft(session: Session, rec: ServiceRecord) -> bool:
    """A draft nobody has written anything into yet: only what :func:`start_record` prefilled
    (place, participants, stage), no text, items, signature, photos, demands or policy pushes."""
    if rec.status != "draft" or rec.amends_id:
        return False
    if any((getattr(rec, f) or "").strip() for f in ("content", "problems", "follow_up")):
        return False
    if rec.service_items or rec.signature_sha256:
        return False
    if attachments_of(session, RECORD_OWNER, rec.id):
        return False
    if any(d.record_id == rec.id for d in list_demands(session, enterprise_id=rec.enterprise_id)):
        return False
    return not any(p.record_id == rec.id for p in pushes_for(session, rec.enterprise_id))


def delete_draft(session: Session, actor: store.Actor, record_id: str) -> None:
    """Delete the draft ``record_id`` (a submitted record refuses: it is corrected, never deleted)."""
    RecordService(actor).discard_draft(session, store.get(session, ServiceRecord, record_id))


def discard_if_blank(session: Session, actor: store.Actor, record_id: str) -> bool:
    """Delete the draft ``record_id`` when it is blank (:func:`is_blank_draft`): closing a record
    started by mistake leaves no junk among the drafts. True when it was deleted."""
    rec = session.get(ServiceRecord, record_id)
    if rec is None or rec.deleted or not is_blank_draft(session, rec):
        return False
    RecordService(actor).discard_draft(session, rec)
    return True


def amend_record(session: Session, actor: store.Actor, record_id: str) -> str:
    """Start a correction (更正) of the submitted record ``record_id``; returns the new draft's id."""
    return RecordService(actor).amend(session, store.get(session, ServiceRecord, record_id)).id


def add_photos(
    session: Session,
    actor: store.Actor,
    attachments_folder: Path | AttachmentService,
    record_id: str,
    paths: list[str],
) -> list[Attachment]:
    """Attach the image files ``paths`` to the record as photos (in that order)."""

    files = (
        attachments_folder
        if isinstance(attachments_folder, AttachmentService)
        else AttachmentService(actor, attachments_folder)
    )
    rec = store.get(session, ServiceRecord, record_id)
    if rec.status != "draft":
        raise ImmutableError(N("Lifecycle", "记录已提交，不能直接修改；如需更正请新建更正记录"))
    return [
        files.add(
            session,
            data=Path(p).read_bytes(),
            owner_table=RECORD_OWNER,
            owner_id=rec.id,
            kind="photo",
            filename=Path(p).name,
        )
        for p in paths
    ]


def remove_photo(session: Session, actor: store.Actor, attachment_id: str) -> None:
    """Remove one photo of a record (a tombstone; the file stays for the other rows naming it)."""
    att = store.get(session, Attachment, attachment_id)
    store.delete(session, att, actor)


def returned_records(session: Session, staff_id: str) -> list[tuple[ServiceRecord, str]]:
    """The records of ``staff_id`` a supervisor sent back (退回修改) that no correction started
    after the return answers yet, newest first, with each one's enterprise name."""
    rows = session.exec(
        select(ServiceRecord)
        .where(
            ServiceRecord.staff_id == staff_id,
            ServiceRecord.status == "returned",
            col(ServiceRecord.deleted).is_(False),
        )
        .order_by(col(ServiceRecord.visit_at).desc())
    ).all()
    out = []
    for r in rows:
        root = r.amends_id or r.id
        answered = any(a.id != r.id and a.created_at > r.created_at for a in amendments(session, root))
        if not answered:
            out.append((r, enterprise_name(session, r.enterprise_id)))
    return out


def drafts_with_names(session: Session, staff_id: str) -> list[tuple[ServiceRecord, str]]:
    """The drafts of ``staff_id`` (newest first) with the name of each one's enterprise."""
    rows = drafts(session, staff_id)
    names: dict[str, str] = {}
    for r in rows:
        if r.enterprise_id not in names:
            names[r.enterprise_id] = enterprise_name(session, r.enterprise_id)
    return [(r, names[r.enterprise_id]) for r in rows]


@dataclass
class RecordRow:
    """A visit record, display-ready (labels in the user's language): the record lists, the
    supervisor's review queue, the work ledger and its form and Excel export."""

    id: str
    enterprise_id: str
    enterprise: str
    staff: str
    visit_at: str
    kind_label: str
    stage_label: str
    status: str  # the code
    status_label: str
    content: str  # the whole text (lists show :attr:`summary`)
    amends: bool
    updated: str = ""
    review_note: str = ""
    service_items: str = ""  # the items' labels, joined by "；"
    problems: str = ""
    follow_up: str = ""
    staff_id: str = ""
    #: synced / waiting / rejected / conflict, from the outbox and the conflicts (services.outbox)
    sync: str = "synced"
    kind: str = ""  # the code (onsite / ondemand / survey): what the ledger's visits are counted by
    #: an amendment's original (the chain's root), and whether that original was returned (退回修改):
    #: filled by the work ledger, which counts its visits by them (domain.records.visit_of)
    amends_id: str | None = None
    corrects_returned: bool = False

    @property
    def summary(self) -> str:
        """The content on one line, cut to 60 characters (for a list cell)."""
        text = " ".join(self.content.split())
        return text[:60] + ("…" if len(text) > 60 else "")


def record_row(rec: ServiceRecord, enterprise: str, staff: str, sync: str = "synced") -> RecordRow:
    """The display row of ``rec``."""
    from .labels import label
    from .reference import load as load_reference
    from .timeutil import fmt_datetime

    items = load_reference().all_service_items()
    return RecordRow(
        id=rec.id,
        enterprise_id=rec.enterprise_id,
        enterprise=enterprise,
        staff=staff,
        visit_at=fmt_datetime(rec.visit_at),
        kind_label=label("plan_kind", rec.kind),
        stage_label=label("stage", rec.stage),
        status=rec.status,
        status_label=label("record_status", rec.status),
        content=rec.content or "",
        amends=rec.amends_id is not None,
        updated=fmt_datetime(rec.updated_at),
        review_note=rec.review_note,
        service_items="；".join(items[c].zh if c in items else c for c in rec.service_items),
        problems=rec.problems,
        follow_up=rec.follow_up,
        staff_id=rec.staff_id,
        sync=sync,
        kind=rec.kind,
        amends_id=rec.amends_id,
    )
