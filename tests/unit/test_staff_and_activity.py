"""Staff lists for pickers, and a policy's pushes and applications."""

from __future__ import annotations

from datetime import date

from fieldkit.services.policies import PolicyService, policy_activity
from fieldkit.services.staff import list_staff
from tests.unit.fixtures import ACTOR, add_enterprise, add_staff, add_zone, open_db


def test_list_staff_by_zone_and_role(tmp_path) -> None:
    db = open_db(tmp_path)
    with db.tx() as s:
        z1, z2 = add_zone(s, "一区"), add_zone(s, "二区")
        add_staff(s, "王五", "wangwu", z1)
        add_staff(s, "李四", "lisi", z1)
        add_staff(s, "赵六", "zhaoliu", z2)
        add_staff(s, "主管", "boss", z1, role="supervisor")
        gone = add_staff(s, "离职", "gone", z1)
        gone.active = False
        s.add(gone)
        z1_id = z1.id
    with db.session() as s:
        names = [n for _id, n in list_staff(s, z1_id)]
        assert sorted(names) == sorted(["王五", "李四"])  # active assistants of zone 1 only
        assert [n for _id, n in list_staff(s, z1_id, role="supervisor")] == ["主管"]
        assert len(list_staff(s, None, role=None)) == 4  # every active member


def test_policy_activity_collects_pushes_and_applications(tmp_path) -> None:
    db = open_db(tmp_path)
    svc = PolicyService(ACTOR)
    with db.tx() as s:
        z = add_zone(s, "一区")
        st = add_staff(s, "王五", "wangwu", z)
        a = add_enterprise(s, "德阳甲机械有限公司", zone=z)
        b = add_enterprise(s, "德阳乙电子有限公司", zone=z)
        p = svc.create(s, title="技改补贴")
        other = svc.create(s, title="人才补贴")
        svc.push(s, policy_id=p.id, enterprise_id=a.id, staff_id=st.id)
        svc.push(s, policy_id=p.id, enterprise_id=a.id, staff_id=st.id)
        svc.push(s, policy_id=other.id, enterprise_id=b.id, staff_id=st.id)
        svc.apply(s, policy_id=p.id, enterprise_id=b.id, staff_id=st.id, applied_on=date(2026, 3, 1))
        svc.apply(s, policy_id=p.id, enterprise_id=a.id, staff_id=st.id, applied_on=date(2026, 5, 1))
        ids = p.id, a.id, b.id
    with db.session() as s:
        pushed, apps = policy_activity(s, ids[0])
        assert pushed == {ids[1]}
        assert [x.enterprise_id for x in apps] == [ids[1], ids[2]]  # newest application first
