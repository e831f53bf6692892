"""``fieldkit.services.lookup``: the selectors of ``fieldkit print`` and the rows the printed forms
read, against a real SQLite store (migrations, pragmas) in ``tmp_path``."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from fieldkit.models import Attachment, Demand, Policy, PolicyPush, ProxyMilestone, ProxyService, Staff
from fieldkit.services import i18n, lookup, store
from fieldkit.services.lookup import LookupFailed
from fieldkit.services.policies import policy_titles
from fieldkit.services.records import RecordService
from fieldkit.services.staff import staff_by_id

from .fixtures import ACTOR, DB, add_enterprise, add_staff, add_zone, local, make_code, open_db


@pytest.fixture()
def world(tmp_path: Path) -> tuple[DB, dict[str, str]]:
    db = open_db(tmp_path)
    ids: dict[str, str] = {}
    with db.tx() as s:
        z1, z2 = add_zone(s, "旌阳高新区", "JY"), add_zone(s, "罗江经开区", "LJ")
        gone = add_zone(s, "已撤销园区", "OLD")
        store.delete(s, gone, ACTOR)
        ids.update(Z1=z1.id, Z2=z2.id, ZGONE=gone.id)
        ids["S1"] = add_staff(s, "张伟", "zhangwei", z1).id
        ids["S2"] = add_staff(s, "李娜", "lina", z1).id
        ids["S3"] = add_staff(s, "王强", "wangqiang", z2).id
        left = add_staff(s, "刘洋", "liuyang", z1)
        store.delete(s, left, ACTOR)
        ids["SLEFT"] = left.id
        ids["CODE1"] = make_code(901)
        ids["E1"] = add_enterprise(s, "华为技术有限公司", code=ids["CODE1"], zone=z1).id
        ids["E2"] = add_enterprise(s, "同名企业", zone=z1).id
        ids["E3"] = add_enterprise(s, "同名企业", zone=z2).id
        rec = RecordService(ACTOR).create_draft(
            s,
            enterprise_id=ids["E1"],
            staff_id=ids["S1"],
            visit_at=local(2026, 3, 2, 9, 30),
            kind="onsite",
            place="企业现场",
            content="走访",
        )
        ids["R1"] = rec.id
        for n, (desc, deleted) in enumerate([("用电增容", False), ("已删除的诉求", True), ("招工难", False)]):
            d = store.insert(
                s,
                Demand(
                    enterprise_id=ids["E1"],
                    record_id=rec.id,
                    staff_id=ids["S1"],
                    description=desc,
                    collected_at=local(2026, 3, 2, 10, 0) + timedelta(minutes=n),
                ),
                ACTOR,
            )
            if deleted:
                store.delete(s, d, ACTOR)
        p1 = store.insert(s, Policy(title="研发费用加计扣除", doc_no="财税〔2023〕7号"), ACTOR)
        p2 = store.insert(s, Policy(title="稳岗返还"), ACTOR)
        ids.update(POL1=p1.id, POL2=p2.id)
        for pol, minute in ((p2, 20), (p1, 10)):
            store.insert(
                s,
                PolicyPush(
                    policy_id=pol.id,
                    enterprise_id=ids["E1"],
                    staff_id=ids["S1"],
                    record_id=rec.id,
                    pushed_at=local(2026, 3, 2, 10, minute),
                ),
                ACTOR,
            )
        store.insert(
            s,
            Attachment(
                sha256="ab" * 32,
                kind="signature",
                owner_table="servicerecord",
                owner_id=rec.id,
                enterprise_id=rec.enterprise_id,
                filename="sig.png",
            ),
            ACTOR,
        )
        px = store.insert(
            s,
            ProxyService(
                enterprise_id=ids["E1"], staff_id=ids["S1"], item="施工许可证", accepted_on=date(2026, 3, 1)
            ),
            ACTOR,
        )
        ids["PX"] = px.id
        for seq, done, deleted in (
            (1, date(2026, 3, 5), False),
            (2, None, False),
            (3, date(2026, 3, 6), True),
        ):
            m = store.insert(
                s,
                ProxyMilestone(
                    proxy_id=px.id, enterprise_id=px.enterprise_id, seq=seq, title=f"节点{seq}", done_on=done
                ),
                ACTOR,
            )
            if deleted:
                store.delete(s, m, ACTOR)
    return db, ids


# ------------------------------------------------------------------------------- selectors


def test_records_and_proxies_by_printed_number_or_full_id(world: tuple[DB, dict[str, str]]) -> None:
    db, ids = world
    with db.session() as s:
        assert lookup.resolve_record(s, ids["R1"][:8].upper()) == ids["R1"]  # as printed on the form
        assert lookup.resolve_record(s, f"  {ids['R1']} ") == ids["R1"]
        assert lookup.resolve_proxy(s, ids["PX"][:6]) == ids["PX"]
        with pytest.raises(LookupFailed) as short:
            lookup.resolve_record(s, "abc")
        assert short.value.text() == "走访记录编号“abc”太短，请至少输入 6 位"
        with pytest.raises(LookupFailed) as missing:
            lookup.resolve_proxy(s, "ffffffff")
        assert missing.value.text() == "找不到帮办代办“ffffffff”"


def test_an_ambiguous_prefix_asks_for_more(world: tuple[DB, dict[str, str]]) -> None:
    db, ids = world
    with db.tx() as s:  # two live records sharing the first 6 characters of their ids
        rs = RecordService(ACTOR)
        a = rs.create_draft(
            s,
            enterprise_id=ids["E1"],
            staff_id=ids["S1"],
            visit_at=local(2026, 3, 3),
            kind="onsite",
            place="现场",
            content="甲",
        )
        b = rs.create_draft(
            s,
            enterprise_id=ids["E1"],
            staff_id=ids["S1"],
            visit_at=local(2026, 3, 4),
            kind="onsite",
            place="现场",
            content="乙",
        )
        prefix = a.id[:6]
        b_id = prefix + b.id[6:]
    with db.tx() as s:  # give b a colliding id (ids are opaque hex strings)
        s.exec(text("UPDATE servicerecord SET id = :new WHERE id = :old").bindparams(new=b_id, old=b.id))
    with db.session() as s:
        with pytest.raises(LookupFailed, match="对应多条记录"):
            lookup.resolve_record(s, prefix)
        assert lookup.resolve_record(s, a.id) == a.id


def test_staff_by_login_ignores_staff_who_left(world: tuple[DB, dict[str, str]]) -> None:
    db, ids = world
    with db.session() as s:
        assert lookup.staff_by_login(s, " zhangwei ").id == ids["S1"]
        with pytest.raises(LookupFailed) as e:
            lookup.staff_by_login(s, "liuyang")
        assert e.value.text() == "找不到登录名为“liuyang”的人员"


def test_enterprise_by_code_name_or_id_prefix(world: tuple[DB, dict[str, str]]) -> None:
    db, ids = world
    code = ids["CODE1"]
    with db.session() as s:
        assert lookup.resolve_enterprise(s, f"{code[:6]} {code[6:]}".lower()) == ids["E1"]  # typed loosely
        assert lookup.resolve_enterprise(s, "华为技术有限公司") == ids["E1"]
        assert lookup.resolve_enterprise(s, ids["E1"][:8].upper()) == ids["E1"]
        with pytest.raises(LookupFailed, match="对应多家企业"):
            lookup.resolve_enterprise(s, "同名企业")
        with pytest.raises(LookupFailed, match="找不到企业“不存在的公司”"):
            lookup.resolve_enterprise(s, "不存在的公司")


def test_zone_by_code_or_name_not_a_deleted_one(world: tuple[DB, dict[str, str]]) -> None:
    db, ids = world
    with db.session() as s:
        assert lookup.resolve_zone(s, "LJ") == ids["Z2"]
        assert lookup.resolve_zone(s, "旌阳高新区") == ids["Z1"]
        with pytest.raises(LookupFailed, match="找不到功能区“OLD”"):
            lookup.resolve_zone(s, "OLD")


def test_messages_follow_the_interface_language(world: tuple[DB, dict[str, str]]) -> None:
    en = {
        ("Lookup", "找不到{label}“{value}”"): "No {label} “{value}” was found",
        ("Lookup", "走访记录"): "visit record",
    }
    db, _ids = world
    before = i18n._translator, i18n.current_language()
    i18n.set_translator(lambda ctx, text: en.get((ctx, text), text))
    i18n.set_language("en")
    try:
        with db.session() as s, pytest.raises(LookupFailed) as e:
            lookup.resolve_record(s, "ffffffff")
        assert e.value.text() == "No visit record “ffffffff” was found"
    finally:
        i18n.set_translator(before[0])
        i18n.set_language(before[1])


# ------------------------------------------------------------------------------- form data


def test_issuing_unit_and_zones(world: tuple[DB, dict[str, str]], tmp_path: Path) -> None:
    db, ids = world
    with db.session() as s:
        assert lookup.issuing_unit(s, ids["Z2"]) == "罗江经开区"
        assert lookup.issuing_unit(s, ids["ZGONE"]) == ""  # a deleted zone is not printed
        assert lookup.issuing_unit(s) == ""  # two live zones: no guess
        assert lookup.zone_name(s, None) == ""
        assert lookup.common_zone_id(s, [ids["S1"], ids["S2"], ids["S1"]]) == ids["Z1"]
        assert lookup.common_zone_id(s, [ids["S1"], ids["S3"]]) is None
        assert lookup.common_zone_id(s, []) is None
    single = open_db(tmp_path, "single.sqlite3")
    with single.tx() as s:
        add_zone(s, "德阳经济技术开发区产业功能区")
    with single.session() as s:
        assert lookup.issuing_unit(s) == "德阳经济技术开发区产业功能区"  # the only zone of the store


def test_fetch_keeps_deleted_rows_for_names(world: tuple[DB, dict[str, str]]) -> None:
    db, ids = world
    with db.session() as s:
        left = lookup.fetch(s, Staff, ids["SLEFT"])
        assert left is not None and left.name == "刘洋" and left.deleted
        assert lookup.fetch(s, Staff, None) is None
        assert lookup.fetch(s, Staff, "0" * 32) is None
        assert staff_by_id(s)[ids["SLEFT"]].name == "刘洋"
        assert set(staff_by_id(s)) >= {ids["S1"], ids["S2"], ids["S3"]}


def test_record_sheet_rows(world: tuple[DB, dict[str, str]]) -> None:
    db, ids = world
    with db.session() as s:
        assert [d.description for d in lookup.record_demands(s, ids["R1"])] == ["用电增容", "招工难"]
        pushes = lookup.record_policy_pushes(s, ids["R1"])
        assert [(pol.title, push.policy_id) for push, pol in pushes] == [
            ("研发费用加计扣除", ids["POL1"]),
            ("稳岗返还", ids["POL2"]),
        ]  # in push order
        sig = lookup.signature_attachment(s, "ab" * 32)
        assert sig is not None and sig.filename == "sig.png"
        assert lookup.signature_attachment(s, "cd" * 32) is None
        assert lookup.signature_attachment(s, None) is None


def test_names_titles_and_milestone_progress(world: tuple[DB, dict[str, str]]) -> None:
    db, ids = world
    with db.session() as s:
        assert lookup.enterprise_names(s, [ids["E1"], ids["E1"], ids["E2"]]) == {
            ids["E1"]: "华为技术有限公司",
            ids["E2"]: "同名企业",
        }
        assert lookup.enterprise_names(s, []) == {}
        assert policy_titles(s, {ids["POL1"], ids["POL2"]}) == {
            ids["POL1"]: "研发费用加计扣除",
            ids["POL2"]: "稳岗返还",
        }
        assert policy_titles(s, set()) == {}
        # one done of two live milestones (the deleted third does not count)
        assert lookup.milestone_progress(s, [ids["PX"]]) == {ids["PX"]: (1, 2)}
        assert lookup.milestone_progress(s, []) == {}


def test_signature_attachment_prefers_the_records_own(db) -> None:
    """Identical signature bytes stored for two records: each record's form shows its own attachment."""
    from fieldkit.models import ServiceRecord

    with db.tx() as s:
        ent = add_enterprise(s, "华为技术有限公司")
        st = store.insert(s, Staff(name="张伟", login="zw", zone_id=ent.zone_id), ACTOR)
        recs = [
            store.insert(
                s,
                ServiceRecord(
                    enterprise_id=ent.id,
                    staff_id=st.id,
                    visit_at=local(2026, 3, d),
                    signature_sha256="ef" * 32,
                ),
                ACTOR,
            )
            for d in (1, 2)
        ]
        for rec, name in zip(recs, ("first.png", "second.png"), strict=True):
            store.insert(
                s,
                Attachment(
                    sha256="ef" * 32,
                    kind="signature",
                    owner_table="servicerecord",
                    owner_id=rec.id,
                    enterprise_id=ent.id,
                    filename=name,
                ),
                ACTOR,
            )
        ids = [r.id for r in recs]
    with db.session() as s:
        assert lookup.signature_attachment(s, "ef" * 32, ids[1]).filename == "second.png"
        assert lookup.signature_attachment(s, "ef" * 32, ids[0]).filename == "first.png"
        assert lookup.signature_attachment(s, "ef" * 32, "0" * 32) is not None  # no own: any with the bytes
