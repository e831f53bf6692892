"""What the user reviews after a sync, in user words, and the decisions written through the one
write path (fieldkit.services.sync_review)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from fieldkit.models import Enterprise, OutboxEntry, SyncConflict
from fieldkit.services import outbox, store, sync_review
from fieldkit.services.errors import FieldKitError
from fieldkit.services.timeutil import fmt_datetime
from tests.unit.fixtures import ACTOR, DB, make_code


def entries(db: DB, row_id: str) -> list[OutboxEntry]:
    with db.session() as s:
        return list(
            s.exec(select(OutboxEntry).where(OutboxEntry.row_id == row_id).order_by(OutboxEntry.seq)).all()
        )


def acknowledge_all(db: DB) -> None:
    with db.tx() as s:
        outbox.acknowledge(s, [e.mutation_id for e in s.exec(select(OutboxEntry)).all()])


def test_values_read_as_the_user_reads_them(staff_and_enterprise):
    db, staff, ent = staff_and_enterprise
    with db.session() as s:
        names = sync_review._Names(s)
        fv = sync_review.format_value
        assert fv("enterprise", "stage", "operation") == "生产经营"
        assert fv("demand", "state", "in_progress") == "承办"
        assert fv("demand", "deadline", "2026-11-21") == "2026-11-21"
        instant = datetime(2026, 11, 21, 1, 30, tzinfo=UTC)
        assert fv("demand", "closed_at", instant.isoformat()) == fmt_datetime(instant)
        assert fv("demand", "solved_on_spot", True) == "是"
        assert fv("enterprise", "notes", "") == "（空）"
        assert fv("enterprise", "tags", ["专精特新", "高新"]) == "专精特新、高新"
        assert fv("demand", "staff_id", staff.id, names) == "张伟"
        assert fv("demand", "enterprise_id", ent.id, names) == "华为技术有限公司"
        assert sync_review.field_label("enterprise", "credit_code") == "统一社会信用代码"
        assert sync_review.field_label("enterprise", "name_pinyin") == "其他内容"  # never the column name
        assert sync_review.row_label(s, "enterprise", ent.id) == "企业档案 · 华为技术有限公司"


def conflict(db: DB, ent: Enterprise, field: str, mine: object, theirs: object) -> str:
    with db.tx() as s:
        c = outbox.add_conflict(
            s,
            table_name="enterprise",
            row_id=ent.id,
            field=field,
            local_value=mine,
            server_value=theirs,
            server_version=7,
        )
        return c.id


def test_each_decision_is_an_edit_that_syncs(staff_and_enterprise):
    db, _staff, ent = staff_and_enterprise
    with db.tx() as s:
        store.update(s, s.get(Enterprise, ent.id), ACTOR, address="本机地址", contact_person="本机联系人")
    acknowledge_all(db)
    mine = conflict(db, ent, "address", "本机地址", "服务器地址")
    theirs = conflict(db, ent, "contact_person", "本机联系人", "服务器联系人")
    merged = conflict(db, ent, "notes", "", "服务器备注")
    with db.session() as s:
        items = {i.field: i for i in sync_review.conflict_items(s)}
    assert items["address"].field_label == "地址" and items["address"].server_text == "服务器地址"
    assert items["notes"].local_text == "（空）" and items["notes"].editable

    with db.tx() as s:
        sync_review.resolve_conflict(s, ACTOR, mine, "local")
        sync_review.resolve_conflict(s, ACTOR, theirs, "server")
        sync_review.resolve_conflict(s, ACTOR, merged, "merged", "合并的备注")
    with db.session() as s:
        e = s.get(Enterprise, ent.id)
        assert (e.address, e.contact_person, e.notes) == ("本机地址", "服务器联系人", "合并的备注")
        assert e.server_version == 7  # the edits are made on the server's version
        assert not sync_review.conflict_items(s)
        decided = {c.field: c.decision for c in s.exec(select(SyncConflict)).all()}
    assert decided == {"address": "local", "contact_person": "server", "notes": "merged"}
    (entry,) = entries(db, ent.id)  # one user action, one pending entry with the three fields
    assert entry.state == "pending" and entry.base_version == 7
    assert entry.changes == {"address": "本机地址", "contact_person": "服务器联系人", "notes": "合并的备注"}
    with db.tx() as s, pytest.raises(FieldKitError):
        sync_review.resolve_conflict(s, ACTOR, mine, "whatever")


def test_retrying_a_rejected_change(staff_and_enterprise):
    db, _staff, ent = staff_and_enterprise
    acknowledge_all(db)
    with db.tx() as s:
        e = s.get(Enterprise, ent.id)
        store.update(s, e, ACTOR, address="新地址", credit_code="91510700MA0000000A")
        sent = outbox.pending(s)
        outbox.mark_sent(s, sent)
        outbox.reject(s, sent[0].mutation_id, "统一社会信用代码无效")
    (rejected,) = entries(db, ent.id)
    with db.session() as s:
        (item,) = sync_review.rejected_items(s)
    assert item.reason == "统一社会信用代码无效" and item.action == "修改"
    assert item.fields == "地址、统一社会信用代码" and item.row_label == "企业档案 · 华为技术有限公司"

    # the user fixes the code: that edit carries it; 重试 sends the rest under a new mutation id
    good = make_code(42)
    with db.tx() as s:
        store.update(s, s.get(Enterprise, ent.id), ACTOR, credit_code=good)
    with db.tx() as s:
        sync_review.retry_rejected(s, rejected.seq)
    old, fix = entries(db, ent.id)
    assert old.seq == rejected.seq and old.state == "pending" and old.mutation_id != rejected.mutation_id
    assert old.changes == {"address": "新地址"} and old.sent_at is None
    assert fix.changes == {"credit_code": good}

    # a rejection whose every field a later edit carries has nothing left to send
    with db.tx() as s:
        outbox.mark_sent(s, outbox.pending(s))
        outbox.reject(s, fix.mutation_id, "再次拒绝")
        store.update(s, s.get(Enterprise, ent.id), ACTOR, credit_code=make_code(43))
    with db.tx() as s:
        sync_review.retry_rejected(s, fix.seq)
    assert fix.seq not in {e.seq for e in entries(db, ent.id)}
    with db.tx() as s:
        sync_review.discard_rejected(s, old.seq)  # a pending entry is not discarded
    assert old.seq in {e.seq for e in entries(db, ent.id)}


def test_a_date_field_decision_writes_a_date(staff_and_enterprise):
    db, staff, ent = staff_and_enterprise
    from fieldkit.models import Demand

    with db.tx() as s:
        d = store.insert(
            s,
            Demand(enterprise_id=ent.id, staff_id=staff.id, description="缺电", deadline=date(2026, 11, 30)),
            ACTOR,
        )
        did = d.id
        c = outbox.add_conflict(
            s,
            table_name="demand",
            row_id=did,
            field="deadline",
            local_value="2026-11-30",
            server_value="2026-12-15",
            server_version=3,
        )
    with db.tx() as s:
        sync_review.resolve_conflict(s, ACTOR, c.id, "server")
    with db.session() as s:
        assert s.get(Demand, did).deadline == date(2026, 12, 15)


def test_a_rejected_change_keeps_the_reason_code_and_params_and_shows_them_rendered(staff_and_enterprise):
    """The reason is made at display time from the code and the raw parameters the server sent (a
    state by its label); an entry kept before the server sent them, or with a code this program
    does not know, shows the server's text; 重试 clears all of it."""
    db, _staff, ent = staff_and_enterprise
    acknowledge_all(db)
    with db.tx() as s:
        for n in range(4):
            store.update(s, s.get(Enterprise, ent.id), ACTOR, address=f"地址{n}")
            sent = outbox.pending(s)
            outbox.mark_sent(s, sent)
        sent = list(s.exec(select(OutboxEntry).order_by(OutboxEntry.seq)).all())
        assert len(sent) == 4
        raw = {"old": "completed", "new": "in_progress"}
        outbox.reject(
            s, sent[0].mutation_id, "帮办代办状态不能从“completed”变为“in_progress”", "proxy_transition", raw
        )
        outbox.reject(s, sent[1].mutation_id, "统一社会信用代码无效")  # kept before 0012: text only
        outbox.reject(s, sent[2].mutation_id, "服务器的新原因", "reason_of_a_newer_server", {"x": 1})
        outbox.reject(
            s,
            sent[3].mutation_id,
            "该诉求已由他人交办（当前状态：已交办）：请放弃本机的这次交办",
            "demand_done",
        )
    with db.session() as s:
        stored = s.exec(select(OutboxEntry).order_by(OutboxEntry.seq)).first()
        assert stored is not None and (stored.error_code, stored.error_params) == ("proxy_transition", raw)
        reasons = [item.reason for item in sync_review.rejected_items(s)]
    assert reasons == [
        "帮办代办状态不能从“已办结”变为“办理中”",  # labels, not the codes the old text held
        "统一社会信用代码无效",
        "服务器的新原因",
        "该诉求已由他人交办（当前状态：已交办）：请放弃本机的这次交办",  # no params (an older server)
    ]
    with db.tx() as s:
        outbox.retry(s, stored.seq or 0)
    with db.session() as s:
        again = s.get(OutboxEntry, stored.seq)
        assert again is not None and (again.state, again.error, again.error_code, again.error_params) == (
            "pending",
            "",
            "",
            None,
        )
