"""The enterprise page: every tab loads; the profile editor validates, keeps typed text, and saves."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlmodel import select

from fieldkit.models import AuditLog, Enterprise, OutboxEntry, PolicyPush
from fieldkit.services import outbox
from fieldkit.ui.views.enterprise_page import EnterprisePage


def loaded_page(qtbot, ctx, runner, enterprise_id) -> EnterprisePage:
    page = EnterprisePage(ctx, runner)
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    with qtbot.waitSignal(page.page_loaded, timeout=20_000):
        page.load(enterprise_id)
    return page


def test_every_tab_loads(qtbot, ctx, runner, fixture_world):
    page = loaded_page(qtbot, ctx, runner, fixture_world.enterprises["huawei"])
    assert page.name_label.text() == "华为技术有限公司"
    assert "包联：张伟" in page.meta_label.text()
    tabs = page.tab_texts()
    assert tabs[0] == "概况与画像"
    assert [t.split(" (")[0] for t in tabs[1:]] == [
        "联系人",
        "走访记录",
        "诉求",
        "帮办代办",
        "政策",
        "评价",
        "历史",
    ]
    assert tabs[2] == "走访记录 (1)" and tabs[3] == "诉求 (1)"
    contacts = page.table_model("contacts")
    assert "法人1" in contacts.column_texts(1) and "赵主任" in contacts.column_texts(1)
    assert "张伟" in contacts.column_texts(1)
    records = page.table_model("records")
    assert records.cell(0, 5) == "上季度走访"
    demands = page.table_model("demands")
    assert demands.cell(0, 3) == "用电增容审批进度慢" and demands.cell(0, 7) == "逾期2天"
    matches = page.table_model("matches")
    titles = matches.column_texts(0)
    assert "软件企业研发费用补助" in titles and "大型企业稳岗奖励" in titles
    reasons = matches.rows()[titles.index("软件企业研发费用补助")].cells[5]
    assert "行业符合" in reasons
    history = page.table_model("history")
    assert history.rowCount() >= 3  # the enterprise, its record, its demand, its plan ...
    assert "企业档案" in history.column_texts(4)
    # every tab can be shown
    for i in range(page.tabs.count()):
        page.tabs.setCurrentIndex(i)
        assert page.tabs.currentWidget().isVisible()


def test_bad_credit_code_shows_the_message_and_keeps_the_text(qtbot, ctx, runner, fixture_world):
    eid = fixture_world.enterprises["huawei"]
    page = loaded_page(qtbot, ctx, runner, eid)
    page.tabs.setCurrentIndex(0)
    edit = page.profile.edits["credit_code"]
    good = edit.text()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    edit.selectAll()
    qtbot.keyClicks(edit, bad)
    phone = page.profile.edits["contact_phone"]
    phone.clear()
    qtbot.keyClicks(phone, "12345")
    qtbot.mouseClick(page.profile.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.profile.error_text("credit_code") != "", timeout=20_000)
    assert page.profile.error_text("credit_code").startswith("统一社会信用代码校验位错误：第18位应为")
    assert "格式不正确" in page.profile.error_text("contact_phone")
    assert edit.text() == bad and phone.text() == "12345"  # what was typed stays
    assert edit.property("hasError") is True
    with fixture_world.session() as s:
        assert s.get(Enterprise, eid).credit_code == good


def test_good_edit_saves_with_audit_and_outbox(qtbot, ctx, runner, fixture_world):
    eid = fixture_world.enterprises["huawei"]
    with fixture_world.session() as s:  # as after a sync: the edit starts an outbox entry of its own
        sent = outbox.pending(s, limit=100_000)
        outbox.mark_sent(s, sent)
        outbox.acknowledge(s, [e.mutation_id for e in sent])
        s.commit()
    page = loaded_page(qtbot, ctx, runner, eid)
    outbox_before = 0
    phone = page.profile.edits["contact_phone"]
    phone.clear()
    qtbot.keyClicks(phone, "13912345678")
    page.profile.tag_boxes["专精特新"].setChecked(True)
    with qtbot.waitSignal(page.enterprise_saved, timeout=20_000):
        qtbot.mouseClick(page.profile.save_button, Qt.MouseButton.LeftButton)
    assert page.profile.status.text() == "已保存 2 项修改"
    with fixture_world.session() as s:
        e = s.get(Enterprise, eid)
        assert e.contact_phone == "13912345678"
        assert "专精特新" in e.tags and "高新技术企业" in e.tags
        entries = s.exec(select(OutboxEntry).where(OutboxEntry.row_id == eid).order_by(OutboxEntry.seq)).all()
        assert len(entries) == outbox_before + 1
        assert set(entries[-1].changes) == {"contact_phone", "tags"}
        audit = s.exec(select(AuditLog).where(AuditLog.row_id == eid, AuditLog.action == "update")).all()
        assert audit and audit[-1].actor_id == ctx.staff.id and audit[-1].device_id == "test-device"
    # the page reloads and its history shows the change
    qtbot.waitUntil(
        lambda: any("13912345678" in t for t in page.table_model("history").column_texts(5)), timeout=20_000
    )


def test_saving_nothing_changed_writes_nothing(qtbot, ctx, runner, fixture_world):
    page = loaded_page(qtbot, ctx, runner, fixture_world.enterprises["dongfang"])
    qtbot.mouseClick(page.profile.save_button, Qt.MouseButton.LeftButton)
    assert page.profile.status.text() == "没有需要保存的修改"


def test_recording_a_policy_push(qtbot, ctx, runner, fixture_world):
    eid = fixture_world.enterprises["huawei"]
    page = loaded_page(qtbot, ctx, runner, eid)
    page.tabs.setCurrentIndex(5)
    view, model = page.tables["matches"]
    view.selectRow(model.column_texts(0).index("软件企业研发费用补助"))
    with qtbot.waitSignal(page.page_loaded, timeout=20_000):
        qtbot.mouseClick(page.push_button, Qt.MouseButton.LeftButton)
    assert page.table_model("pushes").column_texts(0) == ["软件企业研发费用补助"]
    with fixture_world.session() as s:
        pushes = s.exec(select(PolicyPush).where(PolicyPush.enterprise_id == eid)).all()
        assert len(pushes) == 1 and pushes[0].staff_id == ctx.staff.id


def test_new_record_and_open_record_signals(qtbot, ctx, runner, fixture_world):
    eid = fixture_world.enterprises["huawei"]
    page = loaded_page(qtbot, ctx, runner, eid)
    with qtbot.waitSignal(page.new_record_requested) as sig:
        qtbot.mouseClick(page.new_record_button, Qt.MouseButton.LeftButton)
    assert sig.args == [eid]
    view, model = page.tables["records"]
    with qtbot.waitSignal(page.open_record) as sig:
        view.doubleClicked.emit(model.index(0, 0))
    assert sig.args[0] == model.rows()[0].payload
