"""The cases that break naive engines, each against the real server process and real stores."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from fieldkit.models import (
    Assignment,
    Demand,
    DemandEvent,
    Enterprise,
    OutboxEntry,
    ServiceRecord,
    SyncConflict,
)
from fieldkit.services import outbox, store
from fieldkit.services.demands import AUTO_REMIND_SOON, DemandService, demand_history
from fieldkit.services.enterprises import EnterpriseService
from fieldkit.services.records import RecordService
from fieldkit.sync import conflicts

from .conftest import Laptop, World, credit_code


def _demand(lap: Laptop, enterprise_id: str, text: str = "缺电") -> str:
    with lap.session() as s:
        d = DemandService(lap.actor).raise_demand(
            s, enterprise_id=enterprise_id, staff_id=lap.actor.staff_id or "", description=text
        )
        s.commit()
        return d.id


def _edit(lap: Laptop, model: type, row_id: str, **changes: object) -> None:
    with lap.session() as s:
        row = s.get(model, row_id)
        assert row is not None
        store.update(s, row, lap.actor, **changes)
        s.commit()


def _get(lap: Laptop, model: type, row_id: str) -> object:
    with lap.session() as s:
        return s.get(model, row_id)


def test_pulled_data_is_rebased_under_a_pending_edit(world: World) -> None:
    """A row edited here while the sync runs keeps the local field; the server's other fields
    arrive; the local edit then goes up on top."""
    world.zone.user("zhang")
    world.zone.user("wang", role="supervisor")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    zhang, boss = world.laptop("zhang"), world.laptop("wang")
    zhang.sync()
    did = _demand(zhang, eid)
    zhang.sync()
    boss.sync()
    _edit(boss, Demand, did, urgency="urgent")
    boss.sync()

    def typing(point: str) -> None:  # the user keeps working while the sync pulls
        if point == "before_pull":
            _edit(zhang, Demand, did, description="缺电，已联系供电所")

    zhang.sync(faults=typing)
    d = _get(zhang, Demand, did)
    assert isinstance(d, Demand)
    assert d.description == "缺电，已联系供电所"  # the pending local edit was not overwritten
    assert d.urgency == "urgent"  # the server's field came in under it
    assert [e.row_id for e in zhang.outbox()] == [did]
    r = zhang.sync()
    assert r.pushed == 1 and not zhang.outbox()
    server = world.zone.row("demand", did)
    assert server is not None
    assert (server["description"], server["urgency"]) == ("缺电，已联系供电所", "urgent")
    # a page applied twice is harmless: pulling everything again changes nothing
    with zhang.session() as s:
        from fieldkit.sync import account

        account.set_cursor(s, 0)
        s.commit()
    again = zhang.sync()
    assert again.pulled == 0 and not zhang.outbox()


def test_rejected_mutation_is_kept_with_the_reason_and_does_not_block(world: World) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    zhang = world.laptop("zhang")
    zhang.sync()
    with zhang.session() as s:
        rec = RecordService(zhang.actor).create_draft(
            s,
            enterprise_id=eid,
            staff_id=zhang.actor.staff_id or "",
            visit_at=datetime.now(UTC) - timedelta(hours=1),
            content="走访",
            place="厂区",
        )
        s.commit()
    zhang.sync()
    # an assistant may not review (审核) a record: the server refuses; a demand behind it goes up.
    # The laptop's own services refuse it too (fieldkit/services/permissions.py), so the edit is
    # written as if by an older client that did not: the same staff and device, an admin's role
    # locally only — the server decides by the token (an assistant's)
    with zhang.session() as s:
        row = s.get(ServiceRecord, rec.id)
        assert row is not None
        as_old_client = dataclasses.replace(zhang.actor, role="admin")
        store.update(s, row, as_old_client, status="reviewed")
        s.commit()
    did = _demand(zhang, eid)
    r = zhang.sync()
    assert r.rejected == 1 and r.needs_attention
    assert world.zone.row("demand", did) is not None
    (kept,) = zhang.outbox()
    assert kept.state == "rejected" and kept.row_id == rec.id and kept.error == "您的角色不能修改此类记录"
    attempts = kept.attempts
    r2 = zhang.sync()  # never retried by itself
    assert r2.pushed == 0 and r2.rejected == 0
    (still,) = zhang.outbox()
    assert still.attempts == attempts
    with zhang.session() as s:
        assert outbox.sync_states(s, "servicerecord", [rec.id]) == {rec.id: "rejected"}
        outbox.discard(s, kept.seq or 0)
        s.commit()
    back = _get(zhang, ServiceRecord, rec.id)
    assert isinstance(back, ServiceRecord) and back.status == "draft"  # the server's value again
    assert not zhang.outbox()


def test_same_credit_code_created_on_two_laptops_merges_into_one_enterprise(world: World) -> None:
    world.zone.user("zhang")
    world.zone.enterprise("已有企业", assign_to="zhang")
    a, b = world.laptop("zhang"), world.laptop("zhang")
    a.sync()
    b.sync()
    code = credit_code()
    made = {}
    for lap in (a, b):
        with lap.session() as s:
            ent = EnterpriseService(lap.actor).create(s, name="新企业", credit_code=code)
            store.insert(
                s,
                Assignment(staff_id=lap.actor.staff_id or "", enterprise_id=ent.id, start_date=date.today()),
                lap.actor,
            )
            s.commit()
            made[lap] = ent.id
        made[(lap, "demand")] = _demand(lap, made[lap], f"诉求-{len(made)}")
    assert a.sync().pushed == 4  # enterprise, assignment, demand, its first event
    rb = b.sync()
    assert rb.merged == 1 and not b.outbox(), [(e.table_name, e.state, e.error) for e in b.outbox()]
    live = [r for r in world.zone.rows("enterprise") if r["credit_code"] == code and not r["deleted"]]
    assert [r["id"] for r in live] == [made[a]]
    with b.session() as s:
        assert s.get(Enterprise, made[b]) is None
        ent = s.get(Enterprise, made[a])
        assert ent is not None and ent.server_version > 0
        bd = s.get(Demand, made[(b, "demand")])
        assert bd is not None and bd.enterprise_id == made[a]
    server_demand = world.zone.row("demand", made[(b, "demand")])
    assert server_demand is not None and server_demand["enterprise_id"] == made[a]
    assignments = [
        r for r in world.zone.rows("assignment") if r["enterprise_id"] == made[a] and not r["deleted"]
    ]
    assert len(assignments) == 1


def test_two_devices_transition_one_demand_and_the_second_is_refused(world: World) -> None:
    """Both 交办 the same collected demand offline: the server takes the first it receives; the
    second no longer starts from the demand's state there and is refused as a whole (demand change
    and event), with the reason in words, kept until its user discards it. One history everywhere."""
    world.zone.user("zhang")
    world.zone.user("wang", role="supervisor")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    zhang, boss = world.laptop("zhang"), world.laptop("wang")
    zhang.sync()
    did = _demand(zhang, eid)
    zhang.sync()
    boss.sync()
    mine, theirs = date.today() + timedelta(days=10), date.today() + timedelta(days=12)
    for lap, dept, deadline in ((zhang, "经发局", mine), (boss, "建设局", theirs)):
        with lap.session() as s:
            d = s.get(Demand, did)
            assert d is not None
            DemandService(lap.actor).transition(
                s, d, "assign", department=dept, responsible_person="王五", deadline=deadline
            )
            s.commit()
    assert zhang.sync().applied == 2  # the demand and its event
    rb = boss.sync()
    assert rb.rejected == 2 and rb.needs_attention and rb.conflicts == 0
    refused = {e.table_name: e for e in boss.outbox()}
    assert set(refused) == {"demand", "demandevent"}
    assert all(e.state == "rejected" for e in refused.values())
    assert refused["demandevent"].error == "该诉求已由他人交办（当前状态：已交办）：请放弃本机的这次交办"
    server = world.zone.row("demand", did)
    assert server is not None and (server["deadline"], server["department"]) == (mine.isoformat(), "经发局")
    with boss.session() as s:
        for e in refused.values():
            outbox.discard(s, e.seq)
        s.commit()
    assert boss.sync().pushed == 0
    with boss.session() as s:
        d = s.get(Demand, did)
        assert d is not None and (d.state, d.department, d.deadline) == ("assigned", "经发局", mine)
    for lap in (zhang, boss):
        with lap.session() as s:
            assert [(e.from_state, e.to_state) for e in demand_history(s, did)] == [
                (None, "collected"),
                ("collected", "assigned"),
            ]


def test_two_devices_edit_one_deadline_and_the_conflict_is_decided(world: World) -> None:
    world.zone.user("zhang")
    world.zone.user("wang", role="supervisor")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    zhang, boss = world.laptop("zhang"), world.laptop("wang")
    zhang.sync()
    did = _demand(zhang, eid)
    zhang.sync()
    boss.sync()
    mine, theirs = date.today() + timedelta(days=10), date.today() + timedelta(days=12)
    for lap, dept, deadline in ((zhang, "经发局", mine), (boss, "建设局", theirs)):
        _edit(lap, Demand, did, department=dept, deadline=deadline)
    assert zhang.sync().applied == 1
    rb = boss.sync()
    assert rb.conflicts == 1 and rb.needs_attention
    assert not boss.outbox()  # the server applied it: nothing left to send
    with boss.session() as s:
        # the deadline is a sensitive field: both kept; the department is not: the later one won
        (c,) = outbox.open_conflicts(s, "demand")
        assert (c.field, c.local_value, c.server_value) == ("deadline", theirs.isoformat(), mine.isoformat())
    server = world.zone.row("demand", did)
    assert server is not None and (server["deadline"], server["department"]) == (theirs.isoformat(), "建设局")
    # the supervisor takes the assistant's value: the decision syncs
    with boss.session() as s:
        written = conflicts.resolve(s, c.id, "server", boss.actor)
        s.commit()
    assert written == {"deadline": mine.isoformat()}
    assert boss.sync().pushed == 1
    server = world.zone.row("demand", did)
    assert server is not None and server["deadline"] == mine.isoformat()
    with boss.session() as s:
        assert not outbox.open_conflicts(s)
        assert s.get(SyncConflict, c.id).decided  # type: ignore[union-attr]
    zhang.sync()


def test_reminders_made_offline_on_several_devices_merge_into_one_history(world: World) -> None:
    world.zone.user("zhang")
    world.zone.user("wang", role="supervisor")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    a, b, boss = world.laptop("zhang"), world.laptop("zhang"), world.laptop("wang")
    a.sync()
    did = _demand(a, eid)
    with a.session() as s:
        d = s.get(Demand, did)
        assert d is not None
        DemandService(a.actor).transition(
            s,
            d,
            "assign",
            department="经发局",
            responsible_person="王五",
            deadline=date.today() + timedelta(days=1),
        )
        s.commit()
    a.sync()
    b.sync()
    boss.sync()
    # offline: the automatic reminder on two devices (one event id), then a manual one on a third
    for lap in (b, boss):
        with lap.session() as s:
            assert len(DemandService(lap.actor).auto_remind(s)) == 1
            s.commit()
    with a.session() as s:
        d = s.get(Demand, did)
        assert d is not None
        DemandService(a.actor).transition(s, d, "remind", note="请尽快")
        s.commit()
    assert b.sync().rejected == 0  # first to arrive: its reminder is the demand's 催办
    assert boss.sync().rejected == 0  # the same automatic reminder (same id): merged, not refused
    ra = a.sync()  # the manual one no longer follows the demand's state: refused, for its user
    assert ra.rejected == 2 and {e.error for e in a.outbox()} >= {
        "该诉求已由他人催办（当前状态：已催办）：请放弃本机的这次催办"
    }
    with a.session() as s:
        for e in a.outbox():
            outbox.discard(s, e.seq)
        s.commit()
    for lap in (a, b, boss):
        assert lap.sync().rejected == 0
    histories = []
    for lap in (a, b, boss):
        assert not lap.outbox()
        with lap.session() as s:
            histories.append([(e.id, e.to_state, e.note) for e in demand_history(s, did)])
    assert histories[0] == histories[1] == histories[2]
    assert [state for _id, state, _n in histories[0]] == ["collected", "assigned", "reminded"]
    server_events = [r for r in world.zone.rows("demandevent") if r["demand_id"] == did and not r["deleted"]]
    assert sorted(r["id"] for r in server_events) == sorted(h[0] for h in histories[0])
    assert histories[0][-1][2] not in ("请尽快", "")  # the automatic one, made on two devices: one event


def test_an_automatic_reminder_made_after_another_device_reminded_is_dropped(world: World) -> None:
    """Nobody asked for an automatic 催办: when the demand was reminded elsewhere first, the refused
    reminder is discarded by itself instead of waiting for a person."""
    world.zone.user("zhang")
    world.zone.user("wang", role="supervisor")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    a, boss = world.laptop("zhang"), world.laptop("wang")
    a.sync()
    did = _demand(a, eid)
    other = _demand(a, eid, "另一项诉求")
    for d_id in (did, other):
        with a.session() as s:
            d = s.get(Demand, d_id)
            assert d is not None
            DemandService(a.actor).transition(
                s, d, "assign", department="经发局", responsible_person="王五", deadline=date.today()
            )
            s.commit()
    a.sync()
    boss.sync()
    with boss.session() as s:
        d = s.get(Demand, did)
        assert d is not None
        DemandService(boss.actor).transition(s, d, "remind", note="督办")
        s.commit()
    with a.session() as s:
        assert len(DemandService(a.actor).auto_remind(s)) == 2  # both demands, one transaction
        s.commit()
    assert boss.sync().rejected == 0
    r = a.sync()
    assert r.rejected == 0 and not r.needs_attention and not a.outbox()
    for d_id, notes in ((did, ["", "", "督办"]), (other, ["", "", AUTO_REMIND_SOON])):
        with a.session() as s:
            assert [e.note for e in demand_history(s, d_id)] == notes  # the other demand's stands
    boss.sync()
    with boss.session() as s:
        assert [e.note for e in demand_history(s, other)] == ["", "", AUTO_REMIND_SOON]


def test_reassignment_while_the_old_assistant_has_pending_edits(world: World) -> None:
    world.zone.user("zhang")
    world.zone.user("li")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    zhang, li = world.laptop("zhang"), world.laptop("li")
    zhang.sync()
    li.sync()
    did = _demand(zhang, eid, "offline edit")  # made before zhang could know
    world.zone.reassign(eid, "li")
    r = zhang.sync()
    assert r.pushed == 2 and r.rejected == 0  # accepted: the device had not been told yet
    assert r.removed > 0 and not zhang.outbox()
    assert _get(zhang, Enterprise, eid) is None and _get(zhang, Demand, did) is None
    li.sync()
    d = _get(li, Demand, did)
    assert isinstance(d, Demand) and d.description == "offline edit"


def test_draft_edited_offline_while_submitted_elsewhere(world: World) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    a, b = world.laptop("zhang"), world.laptop("zhang")
    a.sync()
    with a.session() as s:
        rec = RecordService(a.actor).create_draft(
            s,
            enterprise_id=eid,
            staff_id=a.actor.staff_id or "",
            visit_at=datetime.now(UTC) - timedelta(hours=2),
            content="初稿",
            place="厂区",
        )
        s.commit()
    a.sync()
    b.sync()
    with b.session() as s:
        r = s.get(ServiceRecord, rec.id)
        assert r is not None
        RecordService(b.actor).submit(s, r)
        s.commit()
    with a.session() as s:
        r = s.get(ServiceRecord, rec.id)
        assert r is not None
        RecordService(a.actor).update_draft(s, r, content="离线修改")
        s.commit()
    b.sync()
    ra = a.sync()
    assert ra.rejected == 1
    (kept,) = a.outbox()
    assert kept.state == "rejected" and kept.changes["content"] == "离线修改" and kept.error
    server = world.zone.row("servicerecord", rec.id)
    assert server is not None and server["status"] == "submitted" and server["content"] == "初稿"
    local = _get(a, ServiceRecord, rec.id)
    assert isinstance(local, ServiceRecord)
    # the submitted record as the server holds it; the refused edit is kept for an amendment
    assert (local.status, local.content, local.content_hash) == ("submitted", "初稿", server["content_hash"])


def test_child_pulled_before_its_parent(world: World) -> None:
    """The parent was edited after its child was written, so the stream brings the child first;
    with one-row pages they are pages apart."""
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    a = world.laptop("zhang")
    a.sync()
    did = _demand(a, eid)
    a.sync()
    _edit(a, Demand, did, urgency="urgent")
    _edit(a, Enterprise, eid, contact_person="赵六")
    a.sync()
    fresh = world.laptop("zhang")
    r = fresh.sync(pull_page=1)
    assert r.pulled >= 4
    d = _get(fresh, Demand, did)
    assert isinstance(d, Demand) and d.urgency == "urgent"
    with fresh.session() as s:
        ev = s.exec(select(DemandEvent).where(DemandEvent.demand_id == did)).one()
        assert ev.enterprise_id == eid
        e = s.get(Enterprise, eid)
        assert e is not None and e.contact_person == "赵六"
        assert s.exec(select(OutboxEntry)).first() is None


def test_attachment_removed_on_one_device_while_its_record_is_edited_on_another(world: World) -> None:
    from fieldkit.config import attachments_dir
    from fieldkit.models import Attachment
    from fieldkit.services.attachments import AttachmentService

    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    a, b = world.laptop("zhang"), world.laptop("zhang")
    a.sync()
    with a.session() as s:
        rec = RecordService(a.actor).create_draft(
            s,
            enterprise_id=eid,
            staff_id=a.actor.staff_id or "",
            visit_at=datetime.now(UTC) - timedelta(hours=1),
            content="走访",
            place="厂区",
        )
        att = AttachmentService(a.actor, attachments_dir(a.folder)).add(
            s, data=b"photo-bytes" * 100, owner_table="servicerecord", owner_id=rec.id, filename="现场.jpg"
        )
        s.commit()
    assert a.sync().uploaded == 1
    b.sync()
    b_file = b.sync_engine().fetch_attachment(att.sha256)
    assert b_file.exists()
    with a.session() as s:  # A removes the photo …
        row = s.get(Attachment, att.id)
        assert row is not None
        store.delete(s, row, a.actor)
        s.commit()
    with b.session() as s:  # … while B goes on writing the record
        r = s.get(ServiceRecord, rec.id)
        assert r is not None
        RecordService(b.actor).update_draft(s, r, content="走访，补充了现场情况")
        s.commit()
    for lap in (a, b, a, b):
        assert lap.sync().rejected == 0
    for lap in (a, b):
        with lap.session() as s:
            got = s.get(Attachment, att.id)
            assert got is not None and got.deleted
            r = s.get(ServiceRecord, rec.id)
            assert r is not None and r.content == "走访，补充了现场情况"
    server_att = world.zone.row("attachment", att.id)
    assert server_att is not None and server_att["deleted"]
    assert not b_file.exists()  # no live row names the file any more on B


def test_drift_is_found_by_the_checksum_and_repaired(world: World) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    a = world.laptop("zhang")
    a.sync()
    did = _demand(a, eid)
    a.sync()
    a.sync()  # compared at this cursor
    with a.engine.begin() as conn:  # a row lost behind the engine's back (a damaged or restored file)
        conn.exec_driver_sql("DELETE FROM demandevent")
    world.zone.enterprise("乙公司")  # the server moves on, so the device compares again
    r = a.sync()
    assert r.full_resync
    with a.session() as s:
        assert len(s.exec(select(DemandEvent).where(DemandEvent.demand_id == did)).all()) == 1
    assert not a.sync().full_resync
