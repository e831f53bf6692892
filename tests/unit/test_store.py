"""The write path: every change journals one audit entry and one outbox entry in its transaction."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from fieldkit.models import SCHEMA_VERSION, AuditLog, OutboxEntry, ServiceRecord, VisitPlan, Zone
from fieldkit.services import outbox as outbox_service
from fieldkit.services import store
from fieldkit.services.device import device_id
from fieldkit.services.errors import NotFoundError
from fieldkit.services.outbox import sync_states
from tests.unit.fixtures import ACTOR, DB, add_enterprise, add_staff, journal_counts, local, pushed


def audits(db: DB, row_id: str) -> list[AuditLog]:
    with db.session() as s:
        return list(s.exec(select(AuditLog).where(AuditLog.row_id == row_id).order_by(AuditLog.at)).all())


def outbox(db: DB, row_id: str) -> list[OutboxEntry]:
    with db.session() as s:
        return list(
            s.exec(select(OutboxEntry).where(OutboxEntry.row_id == row_id).order_by(OutboxEntry.seq)).all()
        )


def test_fresh_store_has_empty_journals(db: DB) -> None:
    assert journal_counts(db) == (0, 0)


def test_insert_writes_one_audit_and_one_outbox_entry(db: DB) -> None:
    actor = store.Actor(staff_id="a" * 32, device_id="laptop-7", role="admin")  # journal mechanics, not roles
    with db.tx() as s:
        z = store.insert(s, Zone(name="旌阳高新区", code="JY"), actor)
    assert journal_counts(db) == (1, 1)
    (a,) = audits(db, z.id)
    assert (a.table_name, a.action, a.actor_id, a.device_id) == ("zone", "create", "a" * 32, "laptop-7")
    assert a.old_values is None
    assert a.new_values["name"] == "旌阳高新区" and a.new_values["code"] == "JY"
    (o,) = outbox(db, z.id)
    assert (o.table_name, o.op, o.base_version, o.state) == ("zone", "create", 0, "pending")
    assert o.changes == a.new_values and o.old_values == {}
    assert len(o.mutation_id) == 32 and o.actor_id == "a" * 32 and o.schema_version == SCHEMA_VERSION
    with db.session() as s:
        assert o.device_id == device_id(s) and len(o.device_id) == 32  # the store's own id, kept in it
    assert o.tx_id and o.audit_id == a.id


def test_insert_marks_row_waiting_and_keeps_client_uuid(db: DB) -> None:
    with db.tx() as s:
        z = Zone(name="z")
        given_id = z.id
        store.insert(s, z, ACTOR)
    with db.session() as s:
        row = s.get(Zone, given_id)
        assert row is not None and not row.deleted
        assert sync_states(s, "zone", [given_id]) == {given_id: "waiting"}
        assert len(row.id) == 32 and int(row.id, 16) >= 0


def test_bookkeeping_columns_never_travel(db: DB) -> None:
    with db.tx() as s:
        z = store.insert(s, Zone(name="z"), ACTOR)
    (o,) = outbox(db, z.id)
    assert not {"server_version", "updated_at"} & set(o.changes)
    assert {"id", "name", "code", "deleted", "created_at"} <= set(o.changes)


def test_update_journals_only_changed_fields(db: DB) -> None:
    with db.tx() as s:
        e = add_enterprise(s, "华为技术有限公司", contact_person="张三", address="深圳")
    pushed(db)
    with db.tx() as s:
        e = s.get(type(e), e.id)
        changed = store.update(s, e, ACTOR, contact_person="李四", address="深圳", notes="重点企业")
    assert changed == {"contact_person": "李四", "notes": "重点企业"}
    a = audits(db, e.id)[-1]
    assert a.action == "update"
    assert a.old_values == {"contact_person": "张三", "notes": ""}
    assert a.new_values == {"contact_person": "李四", "notes": "重点企业"}
    (o,) = outbox(db, e.id)
    assert o.op == "update" and o.changes == {"contact_person": "李四", "notes": "重点企业"}
    assert o.old_values == {"contact_person": "张三", "notes": ""}
    assert journal_counts(db) == (3, 1)  # audit: the store's default zone, the enterprise, the update


def test_update_carries_the_base_version(db: DB) -> None:
    with db.tx() as s:
        z = store.insert(s, Zone(name="z"), ACTOR)
    with db.tx() as s:  # the sync engine acknowledged version 7
        (entry,) = outbox_service.pending(s)
        outbox_service.mark_sent(s, [entry])
        outbox_service.acknowledge(s, [entry.mutation_id], {entry.mutation_id: 7})
    with db.session() as s:
        assert s.get(Zone, z.id).server_version == 7
        assert sync_states(s, "zone", [z.id]) == {z.id: "synced"}
    with db.tx() as s:
        z = s.get(Zone, z.id)
        store.update(s, z, ACTOR, name="z2")
    assert outbox(db, z.id)[-1].base_version == 7
    with db.session() as s:
        assert sync_states(s, "zone", [z.id]) == {z.id: "waiting"}


def test_noop_update_writes_nothing(db: DB) -> None:
    with db.tx() as s:
        z = store.insert(s, Zone(name="z", code="C"), ACTOR)
    pushed(db)
    before = z.updated_at
    with db.tx() as s:
        z = s.get(Zone, z.id)
        assert store.update(s, z, ACTOR, name="z", code="C") == {}
        assert store.update(s, z, ACTOR) == {}
    assert journal_counts(db) == (1, 0)
    with db.session() as s:
        row = s.get(Zone, z.id)
        assert sync_states(s, "zone", [z.id]) == {z.id: "synced"} and row.updated_at == before


def test_update_unknown_field_changes_nothing(db: DB) -> None:
    with db.tx() as s:
        z = store.insert(s, Zone(name="z"), ACTOR)
    with db.session() as s:
        z = s.get(Zone, z.id)
        with pytest.raises(AttributeError):
            store.update(s, z, ACTOR, name="changed", colour="red")
        assert z.name == "z"  # nothing applied before the bad field was noticed
    assert journal_counts(db) == (1, 1)


def test_update_date_fields_journal_iso_strings(db: DB) -> None:
    with db.tx() as s:
        e = add_enterprise(s, "甲公司")
        st = add_staff(s, "张伟", "zw")
        p = store.insert(
            s,
            VisitPlan(staff_id=st.id, enterprise_id=e.id, planned_date=date(2026, 3, 1), theme="走访"),
            ACTOR,
        )
    pushed(db)
    with db.tx() as s:
        p = s.get(VisitPlan, p.id)
        store.update(s, p, ACTOR, planned_date=date(2026, 3, 9))
    a = audits(db, p.id)[-1]
    assert a.old_values == {"planned_date": "2026-03-01"}
    assert a.new_values == {"planned_date": "2026-03-09"}


def test_delete_is_a_tombstone_with_journal(db: DB) -> None:
    with db.tx() as s:
        z = store.insert(s, Zone(name="z"), ACTOR)
    with db.tx() as s:
        (entry,) = outbox_service.pending(s)
        outbox_service.mark_sent(s, [entry])
        outbox_service.acknowledge(s, [entry.mutation_id], {entry.mutation_id: 3})
    with db.tx() as s:
        store.delete(s, s.get(Zone, z.id), ACTOR)
    with db.session() as s:
        row = s.get(Zone, z.id)  # the row is still there: a tombstone, not an SQL DELETE
        assert row is not None and row.deleted is True
        assert sync_states(s, "zone", [z.id]) == {z.id: "waiting"}
        with pytest.raises(NotFoundError) as info:
            store.get(s, Zone, z.id)
        assert info.value.params == {"table": "zone", "id": z.id}
    a = audits(db, z.id)[-1]
    assert (a.action, a.old_values, a.new_values) == ("delete", {"deleted": False}, {"deleted": True})
    (o,) = outbox(db, z.id)
    assert (o.op, o.changes, o.base_version) == ("delete", {"deleted": True}, 3)
    assert journal_counts(db) == (2, 1)


def test_deleting_twice_journals_once(db: DB) -> None:
    with db.tx() as s:
        z = store.insert(s, Zone(name="z"), ACTOR)
    pushed(db)
    with db.tx() as s:
        z = s.get(Zone, z.id)
        store.delete(s, z, ACTOR)
        store.delete(s, z, ACTOR)
    assert journal_counts(db) == (2, 1)


@pytest.mark.parametrize("op", ["insert", "update", "delete"])
def test_rollback_keeps_none_of_the_three(db: DB, op: str) -> None:
    with db.tx() as s:
        z = store.insert(s, Zone(name="before"), ACTOR)
    counts = journal_counts(db)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), db.tx() as s:
        if op == "insert":
            new = store.insert(s, Zone(name="new"), ACTOR)
            new_id = new.id
        elif op == "update":
            store.update(s, s.get(Zone, z.id), ACTOR, name="after")
        else:
            store.delete(s, s.get(Zone, z.id), ACTOR)
        s.flush()
        assert journal_counts(db) == counts  # other connections see nothing yet
        raise Boom
    assert journal_counts(db) == counts
    with db.session() as s:
        row = s.get(Zone, z.id)
        assert row.name == "before" and not row.deleted
        if op == "insert":
            assert s.get(Zone, new_id) is None
        assert db.count(Zone) == 1


def test_get_returns_live_rows_and_refuses_unknown(db: DB) -> None:
    with db.tx() as s:
        z = store.insert(s, Zone(name="z"), ACTOR)
    with db.session() as s:
        assert store.get(s, Zone, z.id).name == "z"
        with pytest.raises(NotFoundError) as info:
            store.get(s, Zone, "0" * 32)
        assert "zone" in info.value.text()


def test_row_values_serialise_to_json(db: DB) -> None:
    with db.tx() as s:
        e = add_enterprise(s, "甲公司", tags=["专精特新", "高新技术企业"])
        st = add_staff(s, "张伟", "zw")
        rec = store.insert(
            s,
            ServiceRecord(
                enterprise_id=e.id,
                staff_id=st.id,
                visit_at=datetime(2026, 3, 1, 2, 30, tzinfo=UTC),
                service_items=["operation.policy"],
            ),
            ACTOR,
        )
        values = store.row_values(rec)
    text = json.dumps(values, ensure_ascii=False)  # must not raise
    back = json.loads(text)
    assert back["visit_at"] == "2026-03-01T02:30:00.000000+00:00"
    assert back["service_items"] == ["operation.policy"]
    assert datetime.fromisoformat(back["created_at"]).tzinfo is not None
    assert "server_version" not in back and "updated_at" not in back


def test_to_json_handles_nested_values() -> None:
    from fieldkit.models import Stage

    value = {"d": date(2026, 1, 2), "l": [datetime(2026, 1, 2, 3, 4, tzinfo=UTC), Stage.OPERATION], "n": None}
    assert store.to_json(value) == {
        "d": "2026-01-02",
        "l": ["2026-01-02T03:04:00.000000+00:00", "operation"],
        "n": None,
    }


def test_journal_times_are_aware(db: DB) -> None:
    with db.tx() as s:
        z = store.insert(s, Zone(name="z"), ACTOR)
    (a,) = audits(db, z.id)
    (o,) = outbox(db, z.id)
    assert a.at.tzinfo is not None and o.created_at.tzinfo is not None
    assert abs((a.at - local(2000, 1, 1)).days) > 0  # comparable with local aware datetimes


def test_outbox_sequence_follows_write_order(db: DB) -> None:
    with db.tx() as s:
        a = store.insert(s, Zone(name="a"), ACTOR)
        b = store.insert(s, Zone(name="b"), ACTOR)
        store.update(s, a, ACTOR, name="a2")
    with db.session() as s:
        rows = s.exec(select(OutboxEntry.row_id, OutboxEntry.op).order_by(OutboxEntry.seq)).all()
    assert rows == [(a.id, "create"), (b.id, "create")]  # a's rename merged into its waiting create
    (entry,) = outbox(db, a.id)
    assert entry.changes["name"] == "a2"
