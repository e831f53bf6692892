"""The use cases the desktop screens call (one service call per unit of work, in the caller's
transaction): the record editor's start / save / submit / amend / photos, the enterprise profile
save, the automatic 催办 and the user's scope. Real SQLite files in ``tmp_path``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from fieldkit.models import Attachment, Demand, DemandEvent, Enterprise, OutboxEntry, ServiceRecord
from fieldkit.services import records
from fieldkit.services.assignments import AssignmentService
from fieldkit.services.demands import DemandService, remind_due_demands
from fieldkit.services.enterprises import scope_enterprises, update_enterprise
from fieldkit.services.errors import ImmutableError, ValidationErrors
from fieldkit.services.permissions import PermissionDenied
from fieldkit.services.planning import PlanService
from fieldkit.services.store import Actor
from fieldkit.services.timeutil import local_today
from tests.unit.fixtures import DB, add_enterprise, add_staff, add_zone

PNG_A = b"\x89PNG\r\n\x1a\nsignature-A"
PNG_B = b"\x89PNG\r\n\x1a\nsignature-B"


@pytest.fixture
def world(db: DB, tmp_path: Path):
    """(db, actor of 张伟, his enterprise, another enterprise, the attachments folder)."""
    with db.tx() as s:
        zone = add_zone(s, "旌阳高新区")
        staff = add_staff(s, "张伟", "zw", zone)
        ent = add_enterprise(
            s,
            "华为技术有限公司",
            zone=zone,
            address="天山南路 1 号",
            contact_person="李经理",
            stage="upgrading",
        )
        other = add_enterprise(s, "德阳东方电机有限公司", zone=zone)
        AssignmentService(Actor(None, "test")).assign(s, staff.id, ent.id, local_today() - timedelta(days=30))
    return db, Actor(staff.id, "laptop"), ent, other, tmp_path / "attachments"


def get(db: DB, model, row_id: str):  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.get(model, row_id)


def test_start_record_prefills_from_enterprise_and_actor(world) -> None:
    db, actor, ent, _other, _folder = world
    with db.tx() as s:
        rid = records.start_record(s, actor, enterprise_id=ent.id)
    rec = get(db, ServiceRecord, rid)
    assert (rec.status, rec.staff_id, rec.enterprise_id) == ("draft", actor.staff_id, ent.id)
    assert (rec.place, rec.enterprise_participants, rec.staff_participants, rec.stage) == (
        "天山南路 1 号",
        "李经理",
        "张伟",
        "upgrading",
    )
    assert rec.plan_id is None


def test_start_record_from_a_plan_reopens_its_draft(world) -> None:
    db, actor, ent, _other, _folder = world
    with db.tx() as s:
        plan = PlanService(actor).create(
            s,
            staff_id=actor.staff_id,
            enterprise_id=ent.id,
            planned_date=local_today(),
            theme="调查用工",
            kind="survey",
        )
    with db.tx() as s:
        first = records.start_record(s, actor, plan_id=plan.id)
    with db.tx() as s:
        again = records.start_record(s, actor, plan_id=plan.id)
    assert again == first  # a plan is recorded once: starting it again reopens the draft
    assert get(db, ServiceRecord, first).kind == "survey"
    assert db.count(ServiceRecord, ServiceRecord.plan_id == plan.id) == 1
    # another staff member starting the same plan gets a draft of their own
    with db.tx() as s:
        colleague = add_staff(s, "李娜", "ln")
    with pytest.raises(PermissionDenied), db.tx() as s:  # not theirs: refused
        records.start_record(s, Actor(colleague.id, "pc"), plan_id=plan.id)
    with db.tx() as s:  # once the enterprise is assigned to them too
        AssignmentService(Actor(None, "test")).assign(s, colleague.id, plan.enterprise_id)
    with db.tx() as s:
        theirs = records.start_record(s, Actor(colleague.id, "pc"), plan_id=plan.id)
    assert theirs != first


def test_start_record_needs_an_enterprise_or_plan(world) -> None:
    db, actor, *_ = world
    with pytest.raises(ValueError), db.tx() as s:
        records.start_record(s, actor)


def test_save_draft_replaces_the_signature_and_tombstones_the_old_one(world) -> None:
    db, actor, ent, _other, folder = world
    with db.tx() as s:
        rid = records.start_record(s, actor, enterprise_id=ent.id)
    with db.tx() as s:
        changed = records.save_draft(s, actor, folder, rid, {"content": "宣讲政策"}, PNG_A)
    assert set(changed) == {"content", "signature_sha256"}
    first = get(db, ServiceRecord, rid).signature_sha256
    assert first and (folder / first[:2] / first).read_bytes() == PNG_A
    with db.tx() as s:
        records.save_draft(s, actor, folder, rid, {}, PNG_B)
    with db.session() as s:
        sigs = s.exec(
            select(Attachment).where(Attachment.owner_id == rid, Attachment.kind == "signature")
        ).all()
        live = [a for a in sigs if not a.deleted]
        dead = [a for a in sigs if a.deleted]
    assert len(live) == 1 and live[0].sha256 == get(db, ServiceRecord, rid).signature_sha256 != first
    assert [a.sha256 for a in dead] == [first]  # the old signature is a tombstone, not gone
    # cleared: no live signature, the record says none
    with db.tx() as s:
        records.save_draft(s, actor, folder, rid, {}, None)
    assert get(db, ServiceRecord, rid).signature_sha256 is None
    assert db.count(Attachment, Attachment.owner_id == rid, Attachment.deleted.is_(False)) == 0  # type: ignore[union-attr]


def test_save_draft_without_signature_change_leaves_attachments_alone(world) -> None:
    db, actor, ent, _other, folder = world
    with db.tx() as s:
        rid = records.start_record(s, actor, enterprise_id=ent.id)
        records.save_draft(s, actor, folder, rid, {}, PNG_A)
    before = db.count(Attachment)
    with db.tx() as s:
        changed = records.save_draft(s, actor, folder, rid, {"problems": "缺用工"})
    assert set(changed) == {"problems"}
    assert db.count(Attachment) == before


def test_submit_then_amend_and_a_submitted_record_refuses_saves(world) -> None:
    db, actor, ent, _other, folder = world
    with db.tx() as s:
        rid = records.start_record(s, actor, enterprise_id=ent.id)
        records.save_draft(s, actor, folder, rid, {"content": "宣讲政策"})
    with db.tx() as s:
        h = records.submit_record(s, actor, rid)
    assert h and get(db, ServiceRecord, rid).content_hash == h
    with pytest.raises(ImmutableError), db.tx() as s:
        records.save_draft(s, actor, folder, rid, {}, PNG_A)
    assert db.count(Attachment) == 0  # refused before anything was written
    with db.tx() as s:
        new_id = records.amend_record(s, actor, rid)
    amendment = get(db, ServiceRecord, new_id)
    assert (amendment.amends_id, amendment.status, amendment.content) == (rid, "draft", "宣讲政策")


def test_submit_refuses_an_incomplete_draft(world) -> None:
    db, actor, ent, _other, folder = world
    with db.tx() as s:
        rid = records.start_record(s, actor, enterprise_id=ent.id)
    with pytest.raises(ValidationErrors), db.tx() as s:
        records.submit_record(s, actor, rid)
    assert get(db, ServiceRecord, rid).status == "draft"


def test_add_and_remove_photos(world, tmp_path: Path) -> None:
    db, actor, ent, _other, folder = world
    paths = []
    for i in range(2):
        p = tmp_path / f"site{i}.jpg"
        p.write_bytes(b"jpeg-%d" % i)
        paths.append(str(p))
    with db.tx() as s:
        rid = records.start_record(s, actor, enterprise_id=ent.id)
        atts = records.add_photos(s, actor, folder, rid, paths)
        ids = [a.id for a in atts]
    assert [get(db, Attachment, i).filename for i in ids] == ["site0.jpg", "site1.jpg"]
    with db.tx() as s:
        records.remove_photo(s, actor, ids[0])
    assert get(db, Attachment, ids[0]).deleted and not get(db, Attachment, ids[1]).deleted


def test_drafts_with_names(world) -> None:
    db, actor, ent, other, _folder = world
    with db.tx() as s:
        AssignmentService(Actor(None, "test")).assign(s, actor.staff_id or "", other.id)
    with db.tx() as s:
        a = records.start_record(s, actor, enterprise_id=ent.id)
        b = records.start_record(s, actor, enterprise_id=other.id)
    with db.session() as s:
        got = {r.id: name for r, name in records.drafts_with_names(s, actor.staff_id or "")}
    assert got == {a: "华为技术有限公司", b: "德阳东方电机有限公司"}


def test_update_enterprise_saves_or_refuses_whole(world) -> None:
    db, actor, ent, _other, _folder = world
    with db.tx() as s:
        changed = update_enterprise(s, actor, ent.id, {"contact_person": "王主任", "notes": "新厂区"})
    assert set(changed) == {"contact_person", "notes"}
    assert get(db, Enterprise, ent.id).contact_person == "王主任"
    with pytest.raises(ValidationErrors), db.tx() as s:
        update_enterprise(s, actor, ent.id, {"contact_phone": "12", "notes": "不会保存"})
    assert get(db, Enterprise, ent.id).notes == "新厂区"


def test_scope_enterprises_assistant_and_supervisor(world) -> None:
    db, actor, ent, other, _folder = world
    zone_id = get(db, Enterprise, ent.id).zone_id
    with db.session() as s:
        assert scope_enterprises(s, actor.staff_id) == [(ent.id, "华为技术有限公司")]
        assert {e for e, _ in scope_enterprises(s, None, zone_id)} == {ent.id, other.id}


def test_remind_due_demands_in_the_callers_transaction(world) -> None:
    db, actor, ent, _other, _folder = world
    ds = DemandService(actor)
    today = local_today()
    with db.tx() as s:
        d = ds.raise_demand(s, enterprise_id=ent.id, staff_id=actor.staff_id, description="技改资金")
        ds.transition(
            s,
            d,
            "assign",
            today=today,
            department="经信局",
            responsible_person="王",
            deadline=today + timedelta(days=1),
        )
        did = d.id
    outbox_before = db.count(OutboxEntry)
    with db.tx() as s:
        assert remind_due_demands(s, actor, actor.staff_id, today=today) == 1
    assert get(db, Demand, did).state == "reminded"
    assert db.count(DemandEvent, DemandEvent.demand_id == did, DemandEvent.to_state == "reminded") == 1
    assert db.count(OutboxEntry) > outbox_before  # journalled like any change
    with db.tx() as s:
        assert remind_due_demands(s, actor, actor.staff_id, today=today) == 0  # once per deadline
    # nothing is committed when the caller's transaction rolls back
    with db.tx() as s:
        d2 = ds.raise_demand(s, enterprise_id=ent.id, staff_id=actor.staff_id, description="用工")
        ds.transition(
            s, d2, "assign", today=today, department="人社局", responsible_person="李", deadline=today
        )
        d2_id = d2.id
    with pytest.raises(RuntimeError), db.tx() as s:
        assert remind_due_demands(s, actor, None, today=today) == 1
        raise RuntimeError("the user action failed")
    assert get(db, Demand, d2_id).state == "assigned"
