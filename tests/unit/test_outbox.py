"""The outbox as something a sync can send, the device identity, and rows written as the server
sent them (issue 7: merged autosaves, transaction ids, device sequence, apply_remote, purge,
sync state from facts)."""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import pytest
from sqlmodel import select
from sqlmodel import text as sql_text

from fieldkit.db import open_store, session_factory
from fieldkit.models import (
    LOCAL_TABLES,
    SYNCED_TABLES,
    AuditLog,
    Enterprise,
    OutboxEntry,
    ServiceRecord,
    SyncMeta,
    Zone,
    utcnow,
)
from fieldkit.services import device, outbox, replica, store
from fieldkit.services.assignments import AssignmentService
from fieldkit.services.records import RecordService
from tests.unit.fixtures import ACTOR, DB, add_enterprise, add_staff, journal_counts, open_db, pushed


def entries(db: DB, row_id: str | None = None) -> list[OutboxEntry]:
    with db.session() as s:
        q = select(OutboxEntry).order_by(OutboxEntry.seq)
        if row_id:
            q = q.where(OutboxEntry.row_id == row_id)
        return list(s.exec(q).all())


def new_draft(db: DB) -> tuple[RecordService, str]:
    with db.tx() as s:
        staff = add_staff(s, "张伟", "zw")
        ent = add_enterprise(s, "华为技术有限公司")
        AssignmentService(ACTOR).assign(s, staff.id, ent.id, date(2025, 1, 1))  # his enterprise
    pushed(db)
    svc = RecordService(store.Actor(staff.id, "laptop"))
    with db.tx() as s:
        rec = svc.create_draft(
            s, enterprise_id=ent.id, staff_id=staff.id, visit_at=utcnow() - timedelta(hours=1)
        )
    return svc, rec.id


def test_an_autosave_burst_is_one_pending_entry_with_merged_changes(db: DB) -> None:
    svc, rid = new_draft(db)
    audits_before = journal_counts(db)[0]
    typed = ["宣", "宣讲", "宣讲政策", "宣讲技改政策"]
    for text in typed:  # the editor saves every 1.5 s while the user types: one transaction each
        with db.tx() as s:
            svc.update_draft(s, s.get(ServiceRecord, rid), content=text)
    with db.tx() as s:
        svc.update_draft(s, s.get(ServiceRecord, rid), place="会议室")
    (entry,) = entries(db, rid)
    assert entry.op == "create" and entry.changes["content"] == "宣讲技改政策"
    assert entry.changes["place"] == "会议室" and entry.base_version == 0
    assert journal_counts(db)[0] == audits_before  # folded into the create's audit row too
    pushed(db)
    for text in ("甲", "甲乙"):
        with db.tx() as s:
            svc.update_draft(s, s.get(ServiceRecord, rid), problems=text)
    (entry,) = entries(db, rid)
    assert (entry.op, entry.changes, entry.old_values) == ("update", {"problems": "甲乙"}, {"problems": ""})


def test_an_entry_handed_to_a_push_takes_no_more_edits(db: DB) -> None:
    svc, rid = new_draft(db)
    with db.tx() as s:
        sent = outbox.pending(s)
        outbox.mark_sent(s, sent)
    body = dict(sent[0].changes)
    with db.tx() as s:
        svc.update_draft(s, s.get(ServiceRecord, rid), content="新内容")
    first, second = entries(db, rid)
    assert first.changes == body and first.attempts == 1  # a retry sends exactly what went out
    assert second.op == "update" and second.changes == {"content": "新内容"}
    assert first.sent_at is not None and sent[0].sent_at == first.sent_at  # the object follows
    with db.tx() as s:  # handed to a push again (a retry): the first hand-over time stays
        again = [e for e in outbox.pending(s) if e.seq == first.seq]
        outbox.mark_sent(s, again)
    with db.session() as s:  # stored in the store's one form of an instant, as created_at is
        raw = s.exec(
            sql_text(f"SELECT sent_at, created_at, attempts FROM outboxentry WHERE seq = {first.seq}")
        ).one()
    assert raw[0].endswith("+00:00") and "T" in raw[0] and raw[1].endswith("+00:00") and raw[2] == 2
    assert entries(db, rid)[0].sent_at == first.sent_at


def test_another_person_on_the_same_laptop_gets_an_entry_of_their_own(db: DB) -> None:
    svc, rid = new_draft(db)
    with db.tx() as s:
        other = add_staff(s, "李娜", "ln", role="supervisor")  # the zone's supervisor
    with db.tx() as s:
        RecordService(store.Actor(other.id, "laptop")).update_draft(
            s, s.get(ServiceRecord, rid), content="李娜写的"
        )
    assert [e.actor_id for e in entries(db, rid)] == [svc.actor.staff_id, other.id]


def test_entries_of_one_action_share_a_transaction_id(db: DB) -> None:
    with db.tx() as s:
        z = store.insert(s, Zone(name="高新区"), store.SYSTEM)
        staff = add_staff(s, "张伟", "zw", z)
    with db.tx() as s:
        ent = add_enterprise(s, "华为技术有限公司", zone=z)
    by_row = {e.row_id: e.tx_id for e in entries(db)}
    assert by_row[z.id] == by_row[staff.id] != by_row[ent.id]
    assert all(len(t) == 32 for t in by_row.values())


def test_device_sequence_never_goes_back_nor_repeats(tmp_path) -> None:
    db = open_db(tmp_path)
    with db.tx() as s:
        for i in range(3):
            store.insert(s, Zone(name=f"z{i}"), store.SYSTEM)
    seqs = [e.seq for e in entries(db)]
    pushed(db)  # acknowledged entries are deleted
    assert entries(db) == []
    db.engine.dispose()
    db = open_db(tmp_path)  # a restart
    with db.tx() as s:
        store.insert(s, Zone(name="z3"), store.SYSTEM)
    (later,) = entries(db)
    assert seqs == sorted(seqs) and later.seq is not None and later.seq > max(s for s in seqs if s)
    db.engine.dispose()


def test_rejected_entries_are_kept_and_never_block_the_queue(db: DB) -> None:
    with db.tx() as s:
        a = store.insert(s, Zone(name="a"), store.SYSTEM)
        b = store.insert(s, Zone(name="b"), store.SYSTEM)
    first, second = entries(db)
    with db.tx() as s:
        outbox.mark_sent(s, outbox.pending(s))
        outbox.reject(s, first.mutation_id, "信用代码已被其他企业使用")
        outbox.acknowledge(s, [second.mutation_id], {second.mutation_id: 1})
        outbox.acknowledge(s, [second.mutation_id])  # an acknowledgement arriving twice is harmless
    with db.tx() as s:
        store.update(s, s.get(Zone, b.id), store.SYSTEM, name="b2")
    with db.session() as s:
        assert [e.row_id for e in outbox.pending(s)] == [b.id]  # the rejected one is skipped
        states = outbox.sync_states(s, "zone", [a.id, b.id])
        assert states == {a.id: "rejected", b.id: "waiting"}
        c = outbox.counts(s)
        assert (c.waiting, c.rejected, c.conflicts) == (1, 1, 0)
        (rejected,) = [e for e in entries(db) if e.state == "rejected"]
        assert rejected.error == "信用代码已被其他企业使用"
    with db.tx() as s:
        outbox.retry(s, rejected.seq)
    with db.session() as s:
        assert {e.row_id for e in outbox.pending(s)} == {a.id, b.id}


def test_sync_state_follows_from_the_outbox_and_the_conflicts(db: DB) -> None:
    with db.tx() as s:
        z = store.insert(s, Zone(name="z"), store.SYSTEM)
    pushed(db)
    with db.tx() as s:
        assert outbox.sync_states(s, "zone", [z.id]) == {z.id: "synced"}
        c = outbox.add_conflict(
            s,
            table_name="zone",
            row_id=z.id,
            field="name",
            local_value="本地",
            server_value="服务器",
            server_version=4,
        )
    with db.session() as s:
        assert outbox.sync_states(s, "zone", [z.id]) == {z.id: "conflict"}
        assert outbox.counts(s).conflicts == 1
    with db.tx() as s:
        outbox.decide_conflict(s, c.id, "server")
    with db.session() as s:
        assert outbox.sync_states(s, "zone", [z.id]) == {z.id: "synced"}
        assert outbox.open_conflicts(s) == []


def test_a_demo_store_never_hands_out_changes(db: DB) -> None:
    with db.tx() as s:
        s.add(SyncMeta(key="demo", value="1"))
        store.insert(s, Zone(name="z"), store.SYSTEM)
    with db.session() as s, pytest.raises(outbox.DemoStoreError) as info:
        outbox.pending(s)
    assert "演示数据" in info.value.text()


def test_local_tables_never_travel() -> None:
    assert not LOCAL_TABLES & set(SYNCED_TABLES)
    assert {"auditlog", "outboxentry", "syncconflict", "syncmeta", "localcredential"} == LOCAL_TABLES


# --- the device -------------------------------------------------------------------------------------


def test_one_device_id_per_store_kept_in_the_database(tmp_path) -> None:
    db = open_db(tmp_path)
    with db.tx() as s:
        first = device.device_id(s)
    db.engine.dispose()
    db = open_db(tmp_path)
    with db.tx() as s:
        assert device.device_id(s) == first
        assert s.get(SyncMeta, "device_id").value == first
    db.engine.dispose()


def test_a_copied_data_folder_is_detected(tmp_path) -> None:
    src = tmp_path / "laptop1"
    src.mkdir()
    db = open_db(src)
    with db.tx() as s:
        check = device.check_origin(s, db.path)
        store.insert(s, Zone(name="z"), store.SYSTEM)
    assert not check.elsewhere
    db.engine.dispose()
    dst = tmp_path / "laptop2"
    shutil.copytree(src, dst)
    copy = open_db(dst)
    with copy.tx() as s:
        seen = device.check_origin(s, copy.path)
        assert seen.elsewhere and seen.recorded.path == str(db.path.resolve())
        new = device.adopt_as_copy(s, copy.path)
    assert new != check.device_id
    with copy.tx() as s:
        again = device.check_origin(s, copy.path)
        assert not again.elsewhere and again.device_id == new
    assert {e.device_id for e in entries(copy)} == {new}
    copy.engine.dispose()
    moved = tmp_path / "moved"
    shutil.move(str(src), moved)
    m = open_db(moved)
    with m.tx() as s:
        assert device.check_origin(s, m.path).elsewhere
        assert device.confirm_moved(s, m.path) == check.device_id  # the same laptop, a new folder
    m.engine.dispose()


# --- rows from the server ---------------------------------------------------------------------------


def server_enterprise(eid: str, zone_id: str, name: str, version: int, **extra: object) -> replica.RemoteRow:
    values = {
        "id": eid,
        "name": name,
        "credit_code": "914403001922038216",
        "zone_id": zone_id,
        "deleted": False,
        "created_at": "2026-11-01T00:00:00+00:00",
        "updated_at": "2026-11-02T00:00:00+00:00",
        **extra,
    }
    return replica.RemoteRow("enterprise", values, version)


def test_apply_remote_writes_without_an_outbox_entry(db: DB) -> None:
    with db.tx() as s:
        z = store.insert(s, Zone(name="z"), store.SYSTEM)
    pushed(db)
    with db.tx() as s:
        r = replica.apply_remote(s, [server_enterprise("e" * 32, z.id, "华为技术有限公司", 3)])
    assert (r.applied, r.unchanged, r.pending) == (1, 0, [])
    assert entries(db) == []
    with db.session() as s:
        e = s.get(Enterprise, "e" * 32)
        assert e.server_version == 3 and e.name_initials == "hwjsyxgs"  # derived keys recomputed
        (a,) = s.exec(select(AuditLog).where(AuditLog.row_id == e.id)).all()
        assert (a.action, a.actor_id, a.device_id) == ("create", None, "server")
        assert outbox.sync_states(s, "enterprise", [e.id]) == {e.id: "synced"}
    with db.tx() as s:  # the same page again (the cursor was not saved): harmless
        again = replica.apply_remote(s, [server_enterprise("e" * 32, z.id, "华为技术有限公司", 3)])
        newer = replica.apply_remote(s, [server_enterprise("e" * 32, z.id, "华为技术有限公司（深圳）", 4)])
    assert (again.applied, again.unchanged, newer.applied) == (0, 1, 1)
    with db.session() as s:
        e = s.get(Enterprise, "e" * 32)
        assert (e.name, e.server_version, e.name_initials) == ("华为技术有限公司（深圳）", 4, "hwjsyxgssz")


def test_apply_remote_never_overwrites_a_row_with_pending_edits(db: DB) -> None:
    with db.tx() as s:
        z = store.insert(s, Zone(name="z"), store.SYSTEM)
        ent = add_enterprise(s, "华为技术有限公司", zone=z, contact_person="张三")
    pushed(db)
    with db.tx() as s:
        store.update(s, s.get(Enterprise, ent.id), store.SYSTEM, contact_person="李四")
    incoming = server_enterprise(ent.id, z.id, "华为技术有限公司", 9, contact_person="王五")
    with db.tx() as s:
        r = replica.apply_remote(s, [incoming])
    assert r.applied == 0 and r.pending == [incoming]  # reported for the rebase
    with db.session() as s:
        e = s.get(Enterprise, ent.id)
        assert e.contact_person == "李四" and e.server_version == 0


def test_a_page_may_bring_a_child_before_its_parent(db: DB) -> None:
    zid = "z" * 32
    with db.tx() as s:
        r = replica.apply_remote(
            s,
            [
                server_enterprise("e" * 32, zid, "华为技术有限公司", 2),
                replica.RemoteRow(
                    "zone",
                    {
                        "id": zid,
                        "name": "高新区",
                        "deleted": False,
                        "created_at": "2026-11-01T00:00:00+00:00",
                        "updated_at": "2026-11-01T00:00:00+00:00",
                    },
                    1,
                ),
            ],
        )
    assert r.applied == 2
    with db.session() as s:
        assert s.get(Enterprise, "e" * 32).zone_id == zid


def test_apply_remote_refuses_local_tables(db: DB) -> None:
    with db.tx() as s, pytest.raises(ValueError):
        replica.apply_remote(s, [replica.RemoteRow("localcredential", {"id": "x"}, 1)])


def test_a_dangling_child_is_refused_at_commit(tmp_path) -> None:
    engine = open_store(tmp_path / "s.sqlite3")
    make = session_factory(engine)
    s = make()
    replica.apply_remote(s, [server_enterprise("e" * 32, "missing-zone", "华为技术有限公司", 2)])
    with pytest.raises(Exception, match="FOREIGN KEY"):
        s.commit()
    s.close()
    engine.dispose()


# --- purge: enterprises that left the user's scope -----------------------------------------------------


def scoped_world(db: DB, tmp_path) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """Two enterprises with a record, a demand with its events and a photo each; all pushed."""
    from fieldkit.config import attachments_dir
    from fieldkit.services.attachments import AttachmentService
    from fieldkit.services.demands import DemandService

    with db.tx() as s:
        staff = add_staff(s, "张伟", "zw")
        gone = add_enterprise(s, "华为技术有限公司")
        stays = add_enterprise(s, "德阳东方电机有限公司")
        for ent in (gone, stays):  # both his, until the server says otherwise
            AssignmentService(ACTOR).assign(s, staff.id, ent.id, date(2025, 1, 1))
    actor = store.Actor(staff.id, "laptop")
    files = AttachmentService(actor, attachments_dir(tmp_path))
    for ent in (gone, stays):
        with db.tx() as s:
            rec = RecordService(actor).create_draft(
                s,
                enterprise_id=ent.id,
                staff_id=staff.id,
                visit_at=utcnow() - timedelta(hours=2),
                content="走访",
            )
            d = DemandService(actor).raise_demand(
                s, enterprise_id=ent.id, staff_id=staff.id, description="用地指标", record_id=rec.id
            )
            DemandService(actor).transition(
                s,
                d,
                "assign",
                department="经信局",
                responsible_person="李科长",
                deadline=(utcnow() + timedelta(days=9)).date(),
            )
            files.add(
                s,
                data=ent.id.encode(),
                owner_table="servicerecord",
                owner_id=rec.id,
                kind="photo",
                filename="现场.jpg",
            )
    pushed(db)
    return gone.id, stays.id, staff.id


def test_a_purge_removes_an_enterprise_and_everything_of_it(db: DB, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from fieldkit.models import Attachment, Demand, DemandEvent

    gone, stays, _ = scoped_world(db, tmp_path)
    with db.tx() as s:
        r = replica.purge_enterprises(s, [gone])
    assert r.kept == [] and r.removed["enterprise"] == 1 and r.removed["demandevent"] == 2
    assert r.removed["servicerecord"] == 1 and r.removed["attachment"] == 1 and len(r.orphaned_files) == 1
    with db.session() as s:
        for model in (Enterprise, ServiceRecord, Demand, DemandEvent, Attachment):
            ents = {
                row.enterprise_id if model is not Enterprise else row.id
                for row in s.exec(select(model)).all()
            }
            assert ents == {stays}, model
        assert s.exec(select(AuditLog).where(AuditLog.row_id == gone)).all() == []  # no trace left to read


def test_a_purge_never_drops_a_pending_mutation(db: DB, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from fieldkit.models import Demand

    gone, _, staff_id = scoped_world(db, tmp_path)
    with db.tx() as s:  # typed offline before the reassignment reached this laptop
        d = s.exec(select(Demand).where(Demand.enterprise_id == gone)).one()
        store.update(s, d, store.Actor(staff_id, "laptop"), urgency="urgent")
    with db.tx() as s:
        r = replica.purge_enterprises(s, [gone])
    assert r.kept == [gone] and r.removed == {}
    with db.session() as s:
        assert s.get(Enterprise, gone) is not None
        assert [e.row_id for e in outbox.pending(s)] == [d.id]
    pushed(db)  # once pushed, the next purge takes it
    with db.tx() as s:
        assert replica.purge_enterprises(s, [gone]).removed["enterprise"] == 1


def test_the_boards_rows_carry_their_sync_state(db: DB, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from fieldkit.models import Demand, ProxyService, VisitPlan
    from fieldkit.services.demands import demand_board
    from fieldkit.services.planning import PlanService, plans_board
    from fieldkit.services.proxy import ProxyServiceService, proxy_board
    from fieldkit.services.timeutil import local_today

    gone, stays, staff_id = scoped_world(db, tmp_path)
    actor = store.Actor(staff_id, "laptop")
    with db.tx() as s:
        PlanService(actor).create(
            s, staff_id=staff_id, enterprise_id=stays, planned_date=local_today(), theme="回访"
        )
        ProxyServiceService(actor).create(
            s,
            enterprise_id=gone,
            staff_id=staff_id,
            item="施工许可证",
            stage="construction",
            accepted_on=local_today(),
        )
        d = s.exec(select(Demand).where(Demand.enterprise_id == stays)).one()
        outbox.add_conflict(
            s,
            table_name="demand",
            row_id=d.id,
            field="deadline",
            local_value="2026-12-09",
            server_value="2026-12-19",
            server_version=2,
        )
    with db.session() as s:
        demands = {
            r.enterprise_id: r.sync
            for r in demand_board(s, staff_id=staff_id, zone_id=None, kind=None, show_archived=True).rows
        }
        assert demands == {gone: "synced", stays: "conflict"}
        today = local_today()
        plans = plans_board(s, today, today, staff_id=staff_id, zone_id=None, user=(staff_id, "张伟")).plans
        assert [p.sync for p in plans] == ["waiting"]
        assert [p.sync for p in proxy_board(s, staff_id, None).rows] == ["waiting"]
        assert {p.id for p in plans} == set(s.exec(select(VisitPlan.id)).all())
        assert len(s.exec(select(ProxyService)).all()) == 1
