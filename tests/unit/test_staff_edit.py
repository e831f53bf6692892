"""Creating and editing staff members with their specialist type (issue 12 §15): supervisors manage
their zone's assistants, admins anyone, assistants nobody."""

from __future__ import annotations

import pytest

from fieldkit.models import Staff, Zone
from fieldkit.services import store
from fieldkit.services.errors import ValidationErrors
from fieldkit.services.permissions import PermissionDenied
from fieldkit.services.staff import save_staff, staff_rows
from tests.unit.fixtures import ACTOR, DB, add_staff


@pytest.fixture
def people(db: DB):
    with db.tx() as s:
        boss = add_staff(s, "赵敏", "zm", role="supervisor")
        helper = add_staff(s, "张伟", "zw")
        other_zone = store.insert(s, Zone(name="罗江经开区"), ACTOR)
        far = add_staff(s, "钱峰", "qf", zone=other_zone)
        admin = add_staff(s, "管理员", "admin", role="admin")
    return db, boss, helper, far, admin


def act(staff) -> store.Actor:  # type: ignore[no-untyped-def]
    return store.Actor(staff.id, "laptop")


def test_supervisor_creates_and_edits_an_assistant_of_their_zone(people) -> None:
    db, boss, helper, _far, _admin = people
    with db.tx() as s:
        sid = save_staff(
            s,
            act(boss),
            name="李娜",
            login="Lina",
            specialist_type="legal",
            phone="138 0013 8000",
            department="司法所",
        )
    with db.tx() as s:
        save_staff(s, act(boss), sid, specialist_type="finance", active=False)
    with db.session() as s:
        st = s.get(Staff, sid)
        assert (st.login, st.role, st.zone_id, st.specialist_type, st.phone, st.active) == (
            "lina",
            "assistant",
            boss.zone_id,
            "finance",
            "13800138000",
            False,
        )
        rows = {r.login: r for r in staff_rows(s, act(boss))}
        assert rows["lina"].specialist_label == "首席金融服务专员" and "qf" not in rows  # only their zone


def test_bad_input_gets_every_message(people) -> None:
    db, boss, _helper, _far, _admin = people
    with db.tx() as s, pytest.raises(ValidationErrors) as errs:
        save_staff(s, act(boss), name=" ", login="zw", specialist_type="wizard", phone="12345")
    assert {e.field for e in errs.value.errors} == {"name", "login", "specialist_type", "phone"}
    assert "已被使用" in errs.value.text()


def test_roles_limit_who_may_manage_whom(people) -> None:
    db, boss, helper, far, admin = people
    with db.tx() as s, pytest.raises(PermissionDenied):
        save_staff(s, act(helper), name="王强", login="wq")  # an assistant manages nobody
    with db.tx() as s, pytest.raises(PermissionDenied):
        save_staff(s, act(boss), name="王强", login="wq", role="supervisor")  # no supervisors
    with db.tx() as s, pytest.raises(PermissionDenied):
        save_staff(s, act(boss), far.id, specialist_type="legal")  # another zone's
    with db.tx() as s, pytest.raises(PermissionDenied):
        save_staff(s, act(boss), boss.id, specialist_type="legal")  # a supervisor's row
    with db.tx() as s:
        save_staff(s, act(admin), far.id, specialist_type="police", role="supervisor")
    with db.session() as s:
        assert (s.get(Staff, far.id).specialist_type, s.get(Staff, far.id).role) == ("police", "supervisor")
