"""首次对接 (issue 12 §15, seed 000 §6.1): after an assignment the new assistant's Today prompts
the first contact until a contact or visit of theirs is recorded."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from fieldkit.services.assignments import AssignmentService
from fieldkit.services.overview import today_overview
from fieldkit.services.records import RecordService
from fieldkit.services.store import Actor
from fieldkit.services.timeutil import local_today
from tests.unit.fixtures import ACTOR, DB, add_enterprise, add_staff, local


def test_first_contact_is_prompted_until_a_record_of_the_new_assistant(db: DB) -> None:
    today = local_today()
    with db.tx() as s:
        old = add_staff(s, "李娜", "ln")
        new = add_staff(s, "王强", "wq")
        ent = add_enterprise(s, "四川宏达建材有限公司")
        AssignmentService(ACTOR).assign(s, old.id, ent.id, date(2025, 1, 1))
        rec = RecordService(Actor(old.id, "laptop")).create_draft(
            s, enterprise_id=ent.id, staff_id=old.id, visit_at=local(2025, 3, 2), place="厂区", content="走访"
        )
        RecordService(Actor(old.id, "laptop")).submit(s, rec)
    with db.session() as s:
        assert today_overview(s, old.id, today, include_policies=False).first_contacts_count == 0
    with db.tx() as s:  # 包联调整: the enterprise passes to 王强 today
        AssignmentService(ACTOR).reassign(s, ent.id, old.id, new.id, today)
    with db.session() as s:
        ov = today_overview(s, new.id, today, include_policies=False)
        assert ov.first_contacts_count == 1
        assert [(f.enterprise_id, f.since) for f in ov.first_contacts] == [(ent.id, today)]
    svc = RecordService(Actor(new.id, "laptop"))
    with db.tx() as s:  # a draft is not yet a contact
        rec = svc.create_draft(
            s,
            enterprise_id=ent.id,
            staff_id=new.id,
            visit_at=datetime.now().astimezone(),
            kind="phone",
            place="电话",
            content="电话联系，约定通过微信群线上对接",
        )
    with db.session() as s:
        assert today_overview(s, new.id, today, include_policies=False).first_contacts_count == 1
    with db.tx() as s:
        svc.submit(s, rec)
    with db.session() as s:
        assert today_overview(s, new.id, today, include_policies=False).first_contacts == []
        assert (
            today_overview(s, new.id, today + timedelta(days=1), include_policies=False).first_contacts_count
            == 0
        )


def test_an_old_assignment_is_no_longer_a_first_contact(db: DB) -> None:
    """What was assigned long ago and never visited is 本季度未走访, not a new assignment."""
    today = local_today()
    with db.tx() as s:
        staff = add_staff(s, "王强", "wq")
        ent = add_enterprise(s, "四川宏达建材有限公司")
        AssignmentService(ACTOR).assign(s, staff.id, ent.id, today - timedelta(days=200))
    with db.session() as s:
        assert today_overview(s, staff.id, today, include_policies=False).first_contacts_count == 0
