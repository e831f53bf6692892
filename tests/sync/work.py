"""A user's work on a laptop, through the app's own services (each call one transaction, as a
button press is): demands and their transitions, service records (draft, edit, submit, amend,
discard), photos. Every helper returns what a test needs to track the effect."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import select

from fieldkit.models import Attachment, Demand, OutboxEntry, ServiceRecord
from fieldkit.services import outbox
from fieldkit.services.attachments import AttachmentService
from fieldkit.services.demands import DemandService, allowed_actions, demand_history
from fieldkit.services.errors import FieldKitError
from fieldkit.services.records import RECORD_OWNER, RecordService

from .laptops import Laptop

#: the fields each action needs (交办 needs a department, a person and a deadline, …)
ACTION_FIELDS: dict[str, dict[str, object]] = {
    "assign": {"department": "经信局", "responsible_person": "王科长", "deadline": date(2030, 1, 1)},
    "reassign": {"department": "住建局", "responsible_person": "李科长", "deadline": date(2030, 6, 1)},
    "feedback": {"satisfaction": "satisfied"},
    "solve_on_spot": {},
}
NOTES = {"solve_on_spot": "当场协调解决", "remind": "请尽快办理"}


def raise_demand(lap: Laptop, enterprise_id: str, text: str = "用电增容") -> str:
    with lap.tx() as s:
        d = DemandService(lap.actor).raise_demand(
            s, enterprise_id=enterprise_id, staff_id=lap.staff_id, description=text
        )
        return d.id


def actions(lap: Laptop, demand_id: str) -> list[str]:
    with lap.tx() as s:
        d = s.get(Demand, demand_id)
        return [] if d is None or d.deleted else allowed_actions(d)


def act(lap: Laptop, demand_id: str, action: str) -> bool:
    """Do ``action`` on the demand as this laptop knows it; False when it is not possible here."""
    with lap.tx() as s:
        d = s.get(Demand, demand_id)
        if d is None or d.deleted or action not in allowed_actions(d):
            return False
        try:
            DemandService(lap.actor).transition(
                s, d, action, note=NOTES.get(action, ""), **ACTION_FIELDS.get(action, {})
            )
        except FieldKitError:
            s.rollback()
            return False
        return True


def history(lap: Laptop, demand_id: str) -> list[str]:
    with lap.tx() as s:
        return [e.to_state for e in demand_history(s, demand_id)]


def synced_history(lap: Laptop, demand_id: str) -> list[str]:
    """The states of the demand's events the server has accepted, in the order it accepted them."""
    with lap.tx() as s:
        return [e.to_state for e in demand_history(s, demand_id) if e.server_version > 0]


def refusals(lap: Laptop) -> list[str]:
    """The reasons of the edits the server refused, as the laptop keeps them."""
    with lap.tx() as s:
        return [e.error for e in s.exec(select(OutboxEntry).where(OutboxEntry.state == "rejected")).all()]


def discard_rejected(lap: Laptop) -> int:
    """Give up every edit the server refused (what the user does in the sync review)."""
    with lap.tx() as s:
        refused = [e.seq for e in s.exec(select(OutboxEntry).where(OutboxEntry.state != "pending")).all()]
        for seq in refused:
            outbox.discard(s, seq)
        return len(refused)


def new_record(lap: Laptop, enterprise_id: str, content: str = "走访了解生产经营情况") -> str:
    with lap.tx() as s:
        rec = RecordService(lap.actor).create_draft(
            s,
            enterprise_id=enterprise_id,
            staff_id=lap.staff_id,
            visit_at=datetime.now().astimezone() - timedelta(hours=1),
            place="企业会议室",
            content=content,
        )
        return rec.id


def edit_record(lap: Laptop, record_id: str, content: str) -> bool:
    with lap.tx() as s:
        rec = s.get(ServiceRecord, record_id)
        if rec is None or rec.deleted or rec.status != "draft":
            return False
        RecordService(lap.actor).update_draft(s, rec, content=content)
        return True


def submit(lap: Laptop, record_id: str) -> str | None:
    """Submit the draft; its content hash, or None when it is not a draft here."""
    with lap.tx() as s:
        rec = s.get(ServiceRecord, record_id)
        if rec is None or rec.deleted or rec.status != "draft":
            return None
        RecordService(lap.actor).submit(s, rec)
        return rec.content_hash


def amend(lap: Laptop, record_id: str, content: str) -> str | None:
    with lap.tx() as s:
        rec = s.get(ServiceRecord, record_id)
        if rec is None or rec.deleted or rec.status == "draft":
            return None
        return RecordService(lap.actor).amend(s, rec, content=content).id


def discard(lap: Laptop, record_id: str) -> bool:
    with lap.tx() as s:
        rec = s.get(ServiceRecord, record_id)
        if rec is None or rec.deleted or rec.status != "draft":
            return False
        RecordService(lap.actor).discard_draft(s, rec)
        return True


def add_photo(lap: Laptop, record_id: str, data: bytes) -> str | None:
    """A photo on the record (any status: the photo row is its own row); its sha256."""
    with lap.tx() as s:
        rec = s.get(ServiceRecord, record_id)
        if rec is None or rec.deleted:
            return None
        att = AttachmentService(lap.actor, lap.files).add(
            s, data=data, owner_table=RECORD_OWNER, owner_id=record_id, kind="photo", filename="现场.jpg"
        )
        return att.sha256


def remove_photo(lap: Laptop, attachment_id: str) -> bool:
    with lap.tx() as s:
        att = s.get(Attachment, attachment_id)
        if att is None or att.deleted:
            return False
        AttachmentService(lap.actor, lap.files).remove(s, att)
        return True
