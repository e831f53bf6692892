"""Enterprises (一企一档): validation, duplicates, pinyin keys, search and list filters."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fieldkit.models import Enterprise, Zone
from fieldkit.services import store
from fieldkit.services.assignments import AssignmentService
from fieldkit.services.enterprises import EnterpriseFilter, EnterpriseService, count, search
from fieldkit.services.errors import ValidationErrors
from fieldkit.services.records import RecordService
from fieldkit.services.timeutil import local_today, quarter_bounds
from tests.unit.fixtures import (
    ACTOR,
    DB,
    HUAWEI_CODE,
    add_enterprise,
    add_staff,
    add_zone,
    journal_counts,
    local,
    make_code,
)

svc = EnterpriseService(ACTOR)


def names(found: list[Enterprise]) -> list[str]:
    return sorted(e.name for e in found)


def find(db: DB, f: EnterpriseFilter | str) -> list[str]:
    with db.session() as s:
        return names(search(s, f))


# --- create / update ---------------------------------------------------------------------------


def test_create_normalises_and_derives_pinyin(db: DB) -> None:
    with db.tx() as s:
        e = svc.create(
            s,
            name="  华为技术有限公司 ",
            credit_code="９１４４０３００１９２２０３８２１６",
            contact_person=" 张三 ",
            contact_phone="+86 138 0013 8000",
            industry=" c ",
            tags=["高新技术企业", " 专精特新 ", "高新技术企业", ""],
            scale="large",
        )
    with db.session() as s:
        e = s.get(Enterprise, e.id)
        assert e.name == "华为技术有限公司"
        assert e.credit_code == HUAWEI_CODE
        assert e.contact_person == "张三" and e.contact_phone == "13800138000"
        assert e.industry == "C" and e.scale == "large"
        assert e.tags == ["专精特新", "高新技术企业"]
        assert (e.name_pinyin, e.name_initials) == ("huaweijishuyouxiangongsi", "hwjsyxgs")
        assert e.stage == "operation" and e.status == "operating"  # defaults
        # a store without zones gets the default zone (journalled: it is a synced row like any other)
        assert s.get(Zone, e.zone_id).name == "默认功能区"
    assert journal_counts(db) == (2, 2)


def test_full_width_letters_in_name_become_half_width_but_cjk_brackets_stay(db: DB) -> None:
    with db.tx() as s:
        e = svc.create(s, name="ＡＢＣ精密（德阳）有限公司", credit_code=make_code(1))
    assert e.name == "ABC精密（德阳）有限公司"


def test_several_errors_are_collected_at_once(db: DB) -> None:
    with pytest.raises(ValidationErrors) as info, db.tx() as s:
        svc.create(
            s,
            name=" ",
            credit_code="91440300192203821X",
            contact_phone="12345",
            scale="huge",
            stage="bankrupt",
            status="closed",
            industry="Z",
        )
    fields = [e.field for e in info.value.errors]
    assert fields == ["name", "credit_code", "contact_phone", "scale", "stage", "status", "industry"]
    text = info.value.text()
    assert "请填写企业名称" in text and "校验位错误" in text and "12345" in text and "huge" in text
    assert len(text.splitlines()) == 7
    assert db.count(Enterprise) == 0
    assert journal_counts(db) == (0, 0)


def test_credit_code_is_required(db: DB) -> None:
    with pytest.raises(ValidationErrors) as info, db.tx() as s:
        svc.create(s, name="甲公司")
    assert [e.field for e in info.value.errors] == ["credit_code"]


def test_duplicate_credit_code_is_refused_even_typed_differently(db: DB) -> None:
    with db.tx() as s:
        svc.create(s, name="华为技术有限公司", credit_code=HUAWEI_CODE)
    with pytest.raises(ValidationErrors) as info, db.tx() as s:
        svc.create(s, name="华为（重复）", credit_code=" 9144 0300 1922 0382 16")
    (err,) = info.value.errors
    assert err.field == "credit_code" and err.params == {"code": HUAWEI_CODE}
    assert HUAWEI_CODE in err.text() and "已存在" in err.text()
    assert db.count(Enterprise) == 1


def test_tombstoned_enterprise_does_not_block_its_code(db: DB) -> None:
    with db.tx() as s:
        old = svc.create(s, name="旧华为", credit_code=HUAWEI_CODE)
        store.delete(s, old, ACTOR)
        svc.create(s, name="华为技术有限公司", credit_code=HUAWEI_CODE)
    assert db.count(Enterprise, Enterprise.deleted.is_(False)) == 1


def test_update_to_another_enterprises_code_is_refused(db: DB) -> None:
    with db.tx() as s:
        a = svc.create(s, name="甲", credit_code=make_code(11))
        b = svc.create(s, name="乙", credit_code=make_code(12))
    with pytest.raises(ValidationErrors), db.tx() as s:
        svc.update(s, s.get(Enterprise, b.id), credit_code=a.credit_code)
    with db.tx() as s:  # re-saving its own code is fine (and a no-op)
        assert svc.update(s, s.get(Enterprise, a.id), credit_code=a.credit_code.lower()) == {}
    with db.session() as s:
        assert s.get(Enterprise, b.id).credit_code == make_code(12)


def test_update_name_recomputes_pinyin_and_journals_it(db: DB) -> None:
    with db.tx() as s:
        e = svc.create(s, name="甲公司", credit_code=make_code(2))
    with db.tx() as s:
        changed = svc.update(s, s.get(Enterprise, e.id), name="华为技术有限公司")
    assert changed["name"] == "华为技术有限公司"
    assert changed["name_initials"] == "hwjsyxgs"
    assert find(db, "hwjs") == ["华为技术有限公司"]
    assert find(db, "jgs") == []


def test_update_validates_only_given_fields(db: DB) -> None:
    with db.tx() as s:
        e = svc.create(s, name="甲公司", credit_code=make_code(3))
    with db.tx() as s:
        assert svc.update(s, s.get(Enterprise, e.id), notes=" 重点 ") == {"notes": "重点"}
    with pytest.raises(ValidationErrors) as info, db.tx() as s:
        svc.update(s, s.get(Enterprise, e.id), contact_phone="110", notes="x")
    assert [x.field for x in info.value.errors] == ["contact_phone"]
    with db.session() as s:
        assert s.get(Enterprise, e.id).notes == "重点"


# --- search ------------------------------------------------------------------------------------


@pytest.fixture
def world(db: DB) -> DB:
    with db.tx() as s:
        add_enterprise(
            s, "华为技术有限公司", code=HUAWEI_CODE, contact_person="张三", contact_phone="0755-28780808"
        )
        add_enterprise(
            s,
            "东方电气集团东方电机有限公司",
            code="915106002051509298",
            contact_person="李娜",
            contact_phone="13800138000",
        )
        add_enterprise(s, "四川宏华石油设备有限公司", code=make_code(21), contact_person="王华")
        add_enterprise(s, "德阳100%纯净水有限公司", code=make_code(22))
        add_enterprise(s, "德阳A_B科技有限公司", code=make_code(23))
        add_enterprise(s, "德阳AXB科技有限公司", code=make_code(24))
        add_enterprise(s, "北京字母校验位有限公司", code="91110000802100433B")
        gone = add_enterprise(s, "华为已注销分公司", code=make_code(25))
        store.delete(s, gone, ACTOR)
    return db


def test_search_by_name_substring(world: DB) -> None:
    assert find(world, "东方电机") == ["东方电气集团东方电机有限公司"]
    assert find(world, "华") == ["华为技术有限公司", "四川宏华石油设备有限公司"]


def test_search_by_credit_code_prefix(world: DB) -> None:
    assert find(world, "91440300") == ["华为技术有限公司"]
    assert find(world, "9151060020") == ["东方电气集团东方电机有限公司"]
    assert find(world, "92203821") == []  # prefix, not substring


def test_search_credit_code_case_and_full_width(world: DB) -> None:
    assert find(world, "９１４４０３") == ["华为技术有限公司"]
    assert find(world, "91110000802100433b") == ["北京字母校验位有限公司"]


def test_search_by_contact_person_and_phone(world: DB) -> None:
    assert find(world, "李娜") == ["东方电气集团东方电机有限公司"]
    assert find(world, "王华") == ["四川宏华石油设备有限公司"]
    assert find(world, "0755-2878") == ["华为技术有限公司"]
    assert find(world, "13800138") == ["东方电气集团东方电机有限公司"]


@pytest.mark.parametrize("typed", ["hwjs", "huawei", "HWJS", "HuaWei", "hwjsyxgs", "jishu"])
def test_search_by_pinyin(world: DB, typed: str) -> None:
    assert find(world, typed) == ["华为技术有限公司"]


def test_pinyin_initials_of_several(world: DB) -> None:
    assert find(world, "dfdq") == ["东方电气集团东方电机有限公司"]
    assert find(world, "schh") == ["四川宏华石油设备有限公司"]


def test_tombstones_are_not_found(world: DB) -> None:
    assert find(world, "已注销") == []
    with world.session() as s:
        assert count(s) == 7


def test_like_wildcards_in_input_are_literal(world: DB) -> None:
    assert find(world, "%") == ["德阳100%纯净水有限公司"]
    assert find(world, "100%纯") == ["德阳100%纯净水有限公司"]
    assert find(world, "A_B") == ["德阳A_B科技有限公司"]  # not AXB
    assert find(world, "_") == ["德阳A_B科技有限公司"]
    assert find(world, "％") == ["德阳100%纯净水有限公司"]  # full-width percent typed with an IME
    assert find(world, "\\") == []


def test_blank_text_lists_everything_live(world: DB) -> None:
    assert len(find(world, "   ")) == 7


def test_limit_and_order(world: DB) -> None:
    with world.session() as s:
        got = search(s, EnterpriseFilter(text="有限公司", order_by="credit_code", limit=2))
    assert [e.credit_code for e in got] == sorted(e.credit_code for e in got)
    assert len(got) == 2
    with world.session() as s:
        desc = search(s, EnterpriseFilter(order_by="name", descending=True))
    assert [e.name for e in desc] == sorted((e.name for e in desc), reverse=True)


# --- filters -----------------------------------------------------------------------------------


def test_filters_stage_status_industry_scale_zone(db: DB) -> None:
    with db.tx() as s:
        z1, z2 = add_zone(s, "旌阳高新区"), add_zone(s, "罗江经开区")
        add_enterprise(s, "甲", zone=z1, stage="construction", industry="C", scale="large")
        add_enterprise(s, "乙", zone=z1, stage="operation", industry="I", scale="small", status="hibernating")
        add_enterprise(s, "丙", zone=z2, stage="construction", industry="C", scale="micro")
    assert find(db, EnterpriseFilter(stage="construction")) == ["丙", "甲"]
    assert find(db, EnterpriseFilter(status="hibernating")) == ["乙"]
    assert find(db, EnterpriseFilter(industry="C")) == ["丙", "甲"]
    assert find(db, EnterpriseFilter(scale="micro")) == ["丙"]
    assert find(db, EnterpriseFilter(zone_id=z1.id)) == ["乙", "甲"]
    assert find(db, EnterpriseFilter(stage="construction", zone_id=z1.id, scale="large")) == ["甲"]
    assert find(db, EnterpriseFilter(stage="construction", scale="small")) == []


def test_filter_by_chinese_tag(db: DB) -> None:
    with db.tx() as s:
        add_enterprise(s, "甲", tags=["高新技术企业", "ISO9001认证"])
        add_enterprise(s, "乙", tags=["专精特新"])
        add_enterprise(s, "丙", tags=["高新"])  # a tag that is a prefix of another
        add_enterprise(s, "丁", tags=[])
    assert find(db, EnterpriseFilter(tag="高新技术企业")) == ["甲"]
    assert find(db, EnterpriseFilter(tag="ISO9001认证")) == ["甲"]
    assert find(db, EnterpriseFilter(tag="专精特新")) == ["乙"]
    assert find(db, EnterpriseFilter(tag="高新")) == ["丙"]
    assert find(db, EnterpriseFilter(tag="技术")) == []


def test_filter_by_tag_with_wildcards_and_quotes(db: DB) -> None:
    with db.tx() as s:
        add_enterprise(s, "甲", tags=["100%出口"])
        add_enterprise(s, "乙", tags=["1000出口"])
        add_enterprise(s, "丙", tags=['带"引号"标签'])
    assert find(db, EnterpriseFilter(tag="100%出口")) == ["甲"]
    assert find(db, EnterpriseFilter(tag='带"引号"标签')) == ["丙"]


def test_filter_by_staff_assignment(db: DB) -> None:
    today = local_today()
    asg = AssignmentService(ACTOR)
    with db.tx() as s:
        zw, ln = add_staff(s, "张伟", "zw"), add_staff(s, "李娜", "ln")
        a, b, c, d = (add_enterprise(s, n) for n in ("甲", "乙", "丙", "丁"))
        asg.assign(s, zw.id, a.id, today - timedelta(days=100))
        asg.assign(s, zw.id, b.id, today - timedelta(days=100))
        asg.reassign(s, b.id, zw.id, ln.id, on=today - timedelta(days=10))  # b moved to 李娜
        asg.assign(s, zw.id, c.id, today + timedelta(days=5))  # not yet
        asg.assign(s, ln.id, d.id, today)
    assert find(db, EnterpriseFilter(staff_id=zw.id)) == ["甲"]
    assert find(db, EnterpriseFilter(staff_id=ln.id)) == ["丁", "乙"]


def test_filter_not_visited_this_quarter(db: DB) -> None:
    today = local_today()
    q_start, _ = quarter_bounds(today)
    rs = RecordService(ACTOR)
    with db.tx() as s:
        st = add_staff(s, "张伟", "zw")
        ents = {
            n: add_enterprise(s, n)
            for n in ("已走访", "上季度走访", "草稿", "定点服务", "从未走访", "当天零点")
        }

        def visit(name: str, when, kind: str = "onsite", submit: bool = True) -> None:
            r = rs.create_draft(
                s,
                enterprise_id=ents[name].id,
                staff_id=st.id,
                visit_at=when,
                kind=kind,
                place="企业",
                content="走访",
            )
            if submit:
                rs.submit(s, r)

        start_local = local(q_start.year, q_start.month, q_start.day, 0, 0)
        visit("已走访", start_local + timedelta(hours=9))
        visit("上季度走访", start_local - timedelta(minutes=1))
        visit("草稿", start_local + timedelta(hours=9), submit=False)
        visit("定点服务", start_local + timedelta(hours=9), kind="ondemand")
        visit("当天零点", start_local)
    assert find(db, EnterpriseFilter(not_visited_since=q_start)) == sorted(
        ["上季度走访", "定点服务", "从未走访", "草稿"]
    )
    assert find(db, EnterpriseFilter(not_visited_since=q_start, text="草稿")) == ["草稿"]
    later = q_start + timedelta(days=1)
    assert "当天零点" in find(db, EnterpriseFilter(not_visited_since=later))
