"""The client's rebase rule (docs/sync-protocol.md, "Rebase — the rule") and discarding a refused
entry, on a real store: pulled values never overwrite a field waiting to be pushed; refused fields
take the server's value; discard restores what the server holds."""

from __future__ import annotations

from sqlmodel import select

from fieldkit.models import Enterprise, OutboxEntry
from fieldkit.services import outbox, replica, store
from tests.unit.fixtures import DB, add_enterprise, pushed


def _server_row(ent: Enterprise, version: int, **changes: object) -> replica.RemoteRow:
    values = {**store.row_values(ent), **changes, "id": ent.id}
    return replica.RemoteRow("enterprise", values, version)


def _setup(db: DB) -> Enterprise:
    with db.tx() as s:
        ent = add_enterprise(s, "甲公司")
    pushed(db)
    with db.tx() as s:
        e = s.get(Enterprise, ent.id)
        assert e is not None
        e.server_version = 5
        s.add(e)
    return ent


def test_a_waiting_field_keeps_the_local_value_and_the_others_take_the_servers(db: DB) -> None:
    ent = _setup(db)
    with db.tx() as s:
        e = s.get(Enterprise, ent.id)
        assert e is not None
        store.update(s, e, store.SYSTEM, contact_person="本机联系人")
        base = s.exec(select(OutboxEntry)).one().base_version
    with db.tx() as s:
        e = s.get(Enterprise, ent.id)
        assert e is not None
        row = _server_row(e, 9, contact_person="服务器联系人", name="甲公司（更名）")
        applied = replica.apply_remote(s, [row])
        assert [r.values["id"] for r in applied.pending] == [ent.id]
        result = replica.rebase_pending(s, applied.pending)
        assert result.rebased == 1 and result.overlapping == [("enterprise", ent.id, "contact_person")]
    with db.session() as s:
        e = s.get(Enterprise, ent.id)
        assert e is not None
        assert (e.contact_person, e.name, e.server_version) == ("本机联系人", "甲公司（更名）", 9)
        assert e.name_pinyin  # derived columns follow the pulled name
        (entry,) = s.exec(select(OutboxEntry)).all()
        assert entry.changes == {"contact_person": "本机联系人"} and entry.base_version == base
        assert entry.old_values["contact_person"] == "服务器联系人"  # what the server holds now
    with db.tx() as s:  # the same page again changes nothing
        e = s.get(Enterprise, ent.id)
        assert e is not None
        again = replica.rebase_pending(s, [_server_row(e, 9, contact_person="服务器联系人")])
        assert again.unchanged == 1


def test_a_refused_field_takes_the_servers_value_and_discard_restores_it(db: DB) -> None:
    ent = _setup(db)
    with db.tx() as s:
        e = s.get(Enterprise, ent.id)
        assert e is not None
        store.update(s, e, store.SYSTEM, contact_phone="13800000000", address="本机地址")
        (entry,) = s.exec(select(OutboxEntry)).all()
        outbox.mark_sent(s, [entry])
        outbox.reject(s, entry.mutation_id, "不允许")
    with db.tx() as s:
        e = s.get(Enterprise, ent.id)
        assert e is not None
        replica.rebase_pending(s, [_server_row(e, 7, contact_phone="13900000000", address="")])
    with db.session() as s:
        e = s.get(Enterprise, ent.id)
        assert e is not None and e.contact_phone == "13900000000"  # refused: the server's value
        assert e.address == ""
        (entry,) = s.exec(select(OutboxEntry)).all()
        assert entry.state == "rejected" and entry.changes["contact_phone"] == "13800000000"
    with db.tx() as s:  # a refused edit the server never pulled over: discard puts the old value back
        e = s.get(Enterprise, ent.id)
        assert e is not None
        e.address = "本机地址"  # as it stood before the pull, for the discard to undo
        s.add(e)
    with db.tx() as s:
        (entry,) = s.exec(select(OutboxEntry)).all()
        outbox.discard(s, entry.seq or 0)
    with db.session() as s:
        e = s.get(Enterprise, ent.id)
        assert e is not None and (e.contact_phone, e.address) == ("13900000000", "")
        assert s.exec(select(OutboxEntry)).first() is None


def test_retry_sends_a_refused_entry_under_a_new_mutation_id(db: DB) -> None:
    ent = _setup(db)
    with db.tx() as s:
        e = s.get(Enterprise, ent.id)
        assert e is not None
        store.update(s, e, store.SYSTEM, contact_person="李四")
        (entry,) = s.exec(select(OutboxEntry)).all()
        outbox.reject(s, entry.mutation_id, "不允许")
        first = entry.mutation_id
    with db.tx() as s:
        outbox.retry(s, entry.seq or 0)
    with db.session() as s:
        (again,) = outbox.pending(s)
        assert again.mutation_id != first and again.state == "pending"
