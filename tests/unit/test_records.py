"""Service / visit records (走访记录): draft → submitted → reviewed, amendments, content hash."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from fieldkit.models import ServiceRecord, VisitPlan, utcnow
from fieldkit.services.assignments import AssignmentService
from fieldkit.services.errors import ImmutableError, ValidationError, ValidationErrors
from fieldkit.services.planning import PlanService
from fieldkit.services.records import (
    CONTENT_FIELDS,
    RecordService,
    amendments,
    drafts,
    record_bundle,
    record_content_hash,
    record_versions,
    records_for_enterprise,
    short_hash,
)
from fieldkit.services.store import SYSTEM, Actor
from fieldkit.services.timeutil import local_today
from tests.unit.fixtures import (
    ACTOR,
    DB,
    add_enterprise,
    add_staff,
    journal_counts,
    local,
    local_timezone,
    pushed,
)

VISIT = local(2026, 3, 2, 14, 30)


@pytest.fixture
def ctx(db: DB):
    with db.tx() as s:
        staff = add_staff(s, "张伟", "zw")
        boss = add_staff(s, "赵敏", "zm", role="supervisor")
        ent = add_enterprise(s, "华为技术有限公司")
        AssignmentService(ACTOR).assign(s, staff.id, ent.id, date(2025, 1, 1))  # his enterprise
    return db, staff, boss, ent


def svc(staff) -> RecordService:
    return RecordService(Actor(staff.id, "laptop"))


def draft(db: DB, staff, ent, **fields) -> ServiceRecord:
    fields.setdefault("visit_at", VISIT)
    fields.setdefault("place", "企业会议室")
    fields.setdefault("content", "宣讲技改补贴政策")
    with db.tx() as s:
        return svc(staff).create_draft(s, enterprise_id=ent.id, staff_id=staff.id, **fields)


def submitted(db: DB, staff, ent, **fields) -> ServiceRecord:
    rec = draft(db, staff, ent, **fields)
    with db.tx() as s:
        return svc(staff).submit(s, s.get(ServiceRecord, rec.id))


def load(db: DB, rid: str) -> ServiceRecord:
    with db.session() as s:
        return s.get(ServiceRecord, rid)


# --- drafts ------------------------------------------------------------------------------------


def test_create_draft(ctx) -> None:
    db, staff, _, ent = ctx
    rec = draft(db, staff, ent, service_items=["operation.policy"], problems="用工紧张")
    r = load(db, rec.id)
    assert r.status == "draft" and r.content_hash is None and r.submitted_at is None
    assert r.visit_at == VISIT and r.visit_at.tzinfo is not None
    assert r.service_items == ["operation.policy"] and r.problems == "用工紧张"


def test_naive_visit_time_is_taken_as_local(ctx) -> None:
    db, staff, _, ent = ctx
    rec = draft(db, staff, ent, visit_at=datetime(2026, 3, 2, 14, 30))
    assert load(db, rec.id).visit_at == VISIT
    with db.tx() as s:
        svc(staff).update_draft(s, s.get(ServiceRecord, rec.id), visit_at=datetime(2026, 3, 3, 9, 0))
    assert load(db, rec.id).visit_at == local(2026, 3, 3, 9, 0)


def test_create_draft_refuses_unknown_or_locked_fields(ctx) -> None:
    db, staff, _, ent = ctx
    for bad in ({"colour": "red"}, {"status": "submitted"}, {"content_hash": "x"}):
        with pytest.raises(AttributeError), db.tx() as s:
            svc(staff).create_draft(s, enterprise_id=ent.id, staff_id=staff.id, visit_at=VISIT, **bad)
    assert db.count(ServiceRecord) == 0


def test_draft_can_be_edited_and_only_changes_are_journalled(ctx) -> None:
    db, staff, _, ent = ctx
    rec = draft(db, staff, ent)
    pushed(db)
    before = journal_counts(db)
    with db.tx() as s:
        changed = svc(staff).update_draft(
            s, s.get(ServiceRecord, rec.id), content="宣讲技改补贴政策", follow_up="下周送申报材料"
        )
    assert changed == {"follow_up": "下周送申报材料"}
    assert journal_counts(db) == (before[0] + 1, before[1] + 1)
    with db.tx() as s:  # the next autosave merges into the same waiting entry and audit row
        svc(staff).update_draft(s, s.get(ServiceRecord, rec.id), follow_up="下周二送申报材料", place="车间")
    assert journal_counts(db) == (before[0] + 1, before[1] + 1)
    with pytest.raises(AttributeError), db.tx() as s:
        svc(staff).update_draft(s, s.get(ServiceRecord, rec.id), status="reviewed")
    assert load(db, rec.id).status == "draft"


def test_plan_kind_is_inherited(ctx) -> None:
    db, staff, _, ent = ctx
    with db.tx() as s:
        plan = PlanService(Actor(staff.id)).create(
            s,
            staff_id=staff.id,
            enterprise_id=ent.id,
            planned_date=local_today(),
            theme="调查用工",
            kind="survey",
        )
    rec = draft(db, staff, ent, plan_id=plan.id)
    assert load(db, rec.id).kind == "survey"


def test_discard_draft_is_a_tombstone(ctx) -> None:
    db, staff, _, ent = ctx
    rec = draft(db, staff, ent)
    with db.tx() as s:
        svc(staff).discard_draft(s, s.get(ServiceRecord, rec.id))
    assert load(db, rec.id).deleted
    with db.session() as s:
        assert records_for_enterprise(s, ent.id) == [] and drafts(s, staff.id) == []


# --- submit ------------------------------------------------------------------------------------


def test_submit_locks_the_record(ctx) -> None:
    db, staff, _, ent = ctx
    rec = submitted(db, staff, ent)
    r = load(db, rec.id)
    assert r.status == "submitted" and r.submitted_at is not None
    assert r.content_hash == record_content_hash(r)
    with pytest.raises(ImmutableError) as info, db.tx() as s:
        svc(staff).update_draft(s, s.get(ServiceRecord, rec.id), content="事后修改")
    assert "不能直接修改" in info.value.text()
    with pytest.raises(ImmutableError), db.tx() as s:
        svc(staff).submit(s, s.get(ServiceRecord, rec.id))
    with pytest.raises(ImmutableError), db.tx() as s:
        svc(staff).discard_draft(s, s.get(ServiceRecord, rec.id))
    r2 = load(db, rec.id)
    assert (r2.content, r2.content_hash, r2.deleted) == ("宣讲技改补贴政策", r.content_hash, False)


def test_submit_validation_messages(ctx) -> None:
    db, staff, _, ent = ctx
    rec = draft(db, staff, ent, place=" ", content="")
    with pytest.raises(ValidationErrors) as info, db.tx() as s:
        svc(staff).submit(s, s.get(ServiceRecord, rec.id))
    assert [e.field for e in info.value.errors] == ["content", "place"]
    assert info.value.text().splitlines() == ["请填写服务内容", "请填写走访地点"]
    assert load(db, rec.id).status == "draft"


def test_visit_in_the_future_cannot_be_submitted(ctx) -> None:
    db, staff, _, ent = ctx
    rec = draft(db, staff, ent, visit_at=utcnow() + timedelta(hours=2))
    with pytest.raises(ValidationErrors) as info, db.tx() as s:
        svc(staff).submit(s, s.get(ServiceRecord, rec.id))
    assert [e.field for e in info.value.errors] == ["visit_at"]


def test_submit_marks_the_plan_done(ctx) -> None:
    db, staff, _, ent = ctx
    ps = PlanService(Actor(staff.id))
    with db.tx() as s:
        overdue = ps.create(
            s,
            staff_id=staff.id,
            enterprise_id=ent.id,
            theme="季度走访",
            planned_date=local_today() - timedelta(days=3),
        )
        cancelled = ps.create(
            s, staff_id=staff.id, enterprise_id=ent.id, theme="走访", planned_date=local_today()
        )
        ps.cancel(s, cancelled)
    submitted(db, staff, ent, plan_id=overdue.id)
    submitted(db, staff, ent, plan_id=cancelled.id)
    with db.session() as s:
        assert s.get(VisitPlan, overdue.id).status == "done"
        assert s.get(VisitPlan, cancelled.id).status == "cancelled"
    assert load(db, draft(db, staff, ent).id).plan_id is None


# --- content hash ------------------------------------------------------------------------------


def test_content_hash_is_stable_across_reloads(ctx) -> None:
    db, staff, _, ent = ctx
    rec = submitted(db, staff, ent, service_items=["operation.policy", "operation.hr"])
    r = load(db, rec.id)
    assert len(r.content_hash) == 64
    assert record_content_hash(r) == r.content_hash  # read back from SQLite: same hash
    as_dict = {f: getattr(r, f) for f in CONTENT_FIELDS}
    assert record_content_hash(as_dict) == r.content_hash
    assert short_hash(r.content_hash) == r.content_hash[:12].upper()
    assert short_hash(None) == ""


@pytest.mark.parametrize(
    "field,value",
    [
        ("content", "宣讲技改补贴政策。"),
        ("place", "车间"),
        ("service_items", ["operation.hr"]),
        ("visit_at", VISIT + timedelta(minutes=1)),
        ("problems", "x"),
        ("kind", "ondemand"),
        ("signature_sha256", "a" * 64),
    ],
)
def test_content_hash_changes_with_content(ctx, field: str, value) -> None:
    db, staff, _, ent = ctx
    r = load(db, draft(db, staff, ent).id)
    h = record_content_hash(r)
    setattr(r, field, value)
    assert record_content_hash(r) != h


def test_content_hash_ignores_bookkeeping(ctx) -> None:
    db, staff, _, ent = ctx
    r = load(db, submitted(db, staff, ent).id)
    h = record_content_hash(r)
    r.server_version, r.review_note, r.status = 9, "好", "reviewed"
    assert record_content_hash(r) == h


def test_content_hash_does_not_depend_on_the_machines_time_zone(ctx) -> None:
    """The hash printed on the paper form must match on the laptop (UTC+8) and on the server (UTC)."""
    db, staff, _, ent = ctx
    r = load(db, submitted(db, staff, ent).id)
    instant = datetime(2026, 3, 2, 6, 30, tzinfo=UTC)
    r.visit_at = instant
    with local_timezone("Asia/Shanghai"):
        in_china = record_content_hash(r)
    with local_timezone("UTC"):
        on_server = record_content_hash(r)
    with local_timezone("America/New_York"):
        elsewhere = record_content_hash(r)
    assert in_china == on_server == elsewhere


# --- amendments --------------------------------------------------------------------------------


def test_amendment_references_the_original_which_stays_unchanged(ctx) -> None:
    db, staff, _, ent = ctx
    orig = load(db, submitted(db, staff, ent, signature_sha256="b" * 64, problems="用电紧张").id)
    with db.tx() as s:
        am = svc(staff).amend(s, s.get(ServiceRecord, orig.id), content="宣讲技改补贴政策及申报时限")
    am = load(db, am.id)
    assert am.amends_id == orig.id and am.status == "draft"
    assert am.content == "宣讲技改补贴政策及申报时限"
    assert (am.place, am.problems, am.visit_at, am.enterprise_id) == (
        orig.place,
        "用电紧张",
        orig.visit_at,
        orig.enterprise_id,
    )
    assert am.signature_sha256 is None  # the enterprise signs the amendment anew
    again = load(db, orig.id)
    assert (again.status, again.content, again.content_hash, again.updated_at) == (
        "submitted",
        orig.content,
        orig.content_hash,
        orig.updated_at,
    )
    with db.tx() as s:
        svc(staff).submit(s, s.get(ServiceRecord, am.id))
    am = load(db, am.id)
    assert am.content_hash != orig.content_hash
    with db.session() as s:
        assert [a.id for a in amendments(s, orig.id)] == [am.id]
        assert {r.id for r in records_for_enterprise(s, ent.id)} == {orig.id, am.id}  # both stay visible


def test_amendment_keeps_a_new_signature(ctx) -> None:
    db, staff, _, ent = ctx
    orig = submitted(db, staff, ent, signature_sha256="b" * 64)
    with db.tx() as s:
        am = svc(staff).amend(s, s.get(ServiceRecord, orig.id), signature_sha256="c" * 64)
    assert load(db, am.id).signature_sha256 == "c" * 64


def test_amendment_with_naive_time_is_local(ctx) -> None:
    db, staff, _, ent = ctx
    orig = submitted(db, staff, ent)
    with db.tx() as s:
        am = svc(staff).amend(s, s.get(ServiceRecord, orig.id), visit_at=datetime(2026, 3, 2, 15, 0))
    assert load(db, am.id).visit_at == local(2026, 3, 2, 15, 0)


def test_amendment_refuses_unknown_fields(ctx) -> None:
    db, staff, _, ent = ctx
    orig = submitted(db, staff, ent)
    for bad in ({"status": "reviewed"}, {"colour": "red"}):
        with pytest.raises(AttributeError), db.tx() as s:
            svc(staff).amend(s, s.get(ServiceRecord, orig.id), **bad)
    assert db.count(ServiceRecord) == 1


def test_a_draft_is_not_amended(ctx) -> None:
    db, staff, _, ent = ctx
    rec = draft(db, staff, ent)
    with pytest.raises(ImmutableError), db.tx() as s:
        svc(staff).amend(s, s.get(ServiceRecord, rec.id), content="x")
    assert db.count(ServiceRecord) == 1


def test_reviewed_record_can_be_amended(ctx) -> None:
    db, staff, boss, ent = ctx
    rec = submitted(db, staff, ent)
    with db.tx() as s:
        svc(boss).review(s, s.get(ServiceRecord, rec.id), boss.id)
        am = svc(staff).amend(s, s.get(ServiceRecord, rec.id), content="更正")
    assert load(db, am.id).amends_id == rec.id and load(db, rec.id).status == "reviewed"


# --- review ------------------------------------------------------------------------------------


def test_review_only_after_submit(ctx) -> None:
    db, staff, boss, ent = ctx
    rec = draft(db, staff, ent)
    with pytest.raises(ImmutableError), db.tx() as s:
        svc(boss).review(s, s.get(ServiceRecord, rec.id), boss.id)
    assert load(db, rec.id).status == "draft"
    with db.tx() as s:
        svc(staff).submit(s, s.get(ServiceRecord, rec.id))
    h = load(db, rec.id).content_hash
    with db.tx() as s:
        svc(boss).review(s, s.get(ServiceRecord, rec.id), boss.id, note="记录详实")
    r = load(db, rec.id)
    assert (r.status, r.reviewed_by, r.review_note, r.content_hash) == ("reviewed", boss.id, "记录详实", h)
    assert r.reviewed_at is not None
    with pytest.raises(ImmutableError), db.tx() as s:  # not twice
        svc(boss).review(s, s.get(ServiceRecord, rec.id), boss.id)


def test_drafts_lists_own_drafts_only(ctx) -> None:
    db, staff, boss, ent = ctx
    mine = draft(db, staff, ent)
    submitted(db, staff, ent)
    draft(db, boss, ent)
    with db.session() as s:
        assert [r.id for r in drafts(s, staff.id)] == [mine.id]


def test_record_bundle_has_what_the_editor_shows(ctx, tmp_path) -> None:
    from fieldkit.services.attachments import AttachmentService
    from fieldkit.services.demands import DemandService
    from fieldkit.services.errors import NotFoundError
    from fieldkit.services.policies import PolicyService

    db, staff, _, ent = ctx
    actor = Actor(staff.id, "laptop")
    with db.tx() as s:
        plan = PlanService(actor).create(
            s, staff_id=staff.id, enterprise_id=ent.id, planned_date=local_today(), theme="季度走访"
        )
    rec = draft(db, staff, ent, plan_id=plan.id)
    other = draft(db, staff, ent)
    files = AttachmentService(actor, tmp_path / "attachments")
    with db.tx() as s:
        demands = DemandService(actor)
        raised = demands.raise_demand(
            s, enterprise_id=ent.id, staff_id=staff.id, description="用电增容", record_id=rec.id
        )
        demands.raise_demand(
            s, enterprise_id=ent.id, staff_id=staff.id, description="别的走访", record_id=other.id
        )
        pol = PolicyService(ACTOR).create(s, title="技改补贴")  # policies come from the server
        push = PolicyService(actor).push(
            s, policy_id=pol.id, enterprise_id=ent.id, staff_id=staff.id, record_id=rec.id, note="已宣讲"
        )
        photo = files.add(
            s, data=b"jpeg bytes", owner_table="servicerecord", owner_id=rec.id, filename="a.jpg"
        )
        files.add(
            s,
            data=b"png bytes",
            owner_table="servicerecord",
            owner_id=rec.id,
            kind="signature",
            filename="signature.png",
        )
    with db.session() as s:
        b = record_bundle(s, SYSTEM, rec.id)
        assert b.record.id == rec.id
        assert (b.enterprise_name, b.staff_name, b.plan_theme) == ("华为技术有限公司", "张伟", "季度走访")
        assert [d.id for d in b.demands] == [raised.id]  # not the other visit's
        assert [(p.id, title) for p, title in b.pushes] == [(push.id, "技改补贴")]
        assert [a.id for a in b.photos] == [photo.id]  # photos only, not the signature
        assert (b.original.id, b.amendments) == (rec.id, [])
        with pytest.raises(NotFoundError):
            record_bundle(s, SYSTEM, "no-such-record")


def test_record_versions_of_an_original_and_of_its_amendment(ctx) -> None:
    db, staff, _, ent = ctx
    rec = submitted(db, staff, ent)
    with db.tx() as s:
        first = svc(staff).amend(s, s.get(ServiceRecord, rec.id), content="更正一")
    with db.tx() as s:
        second = svc(staff).amend(s, s.get(ServiceRecord, rec.id), content="更正二")
    with db.session() as s:
        for rid in (rec.id, first.id, second.id):
            original, amends = record_versions(s, s.get(ServiceRecord, rid))
            assert original.id == rec.id and [a.id for a in amends] == [first.id, second.id]
        plain = draft(db, staff, ent)
        assert record_versions(s, s.get(ServiceRecord, plain.id))[1] == []
        assert record_bundle(s, SYSTEM, first.id).original.id == rec.id


def test_unknown_service_item_codes_are_refused(ctx) -> None:
    """Issue 12 §20: a record cannot name an item the catalogue does not hold."""
    db, staff, _boss, ent = ctx
    with pytest.raises(ValidationError) as err:
        draft(db, staff, ent, service_items=["operation.policy", "bogus_item_code"])
    assert err.value.field == "service_items" and "bogus_item_code" in err.value.text()
    rec = draft(db, staff, ent, service_items=["operation.policy"])
    with db.tx() as s, pytest.raises(ValidationError):
        svc(staff).update_draft(s, s.get(ServiceRecord, rec.id), service_items=["bogus_item_code"])
    with db.tx() as s:
        row = s.get(ServiceRecord, rec.id)
        assert row.service_items == ["operation.policy"]  # the good value is kept
        row.service_items = ["bogus_item_code"]  # as a sync or an old version could leave it
        s.add(row)
    with db.tx() as s, pytest.raises(ValidationErrors) as errs:
        svc(staff).submit(s, s.get(ServiceRecord, rec.id))
    assert "service_items" in {e.field for e in errs.value.errors}
