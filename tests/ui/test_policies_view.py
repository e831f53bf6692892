"""Policies (惠企政策): search and filters, the reasons why the user's enterprises match, push and
apply, and application tracking."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlmodel import select

from fieldkit.models import PolicyApplication, PolicyPush
from fieldkit.ui.dialogs.policy_dialogs import AdvanceApplicationDialog, EnterprisePushDialog
from fieldkit.ui.views.policies_view import PoliciesView
from tests.ui.workflow_fixtures import *  # noqa: F403
from tests.ui.workflow_fixtures import click_ok, show_view, type_text


def make_view(qtbot, ctx, runner) -> PoliciesView:  # type: ignore[no-untyped-def]
    return show_view(qtbot, PoliciesView(ctx, runner), 1200, 760)


def titles(view: PoliciesView) -> list[str]:
    return [view.model.row(i).title for i in range(view.model.rowCount())]


def test_search_filters_match_reasons_and_push(qtbot, world, ctx, runner) -> None:
    view = make_view(qtbot, ctx, runner)
    assert sorted(titles(view)) == sorted(["高新技术企业认定奖励", "小微企业房租补贴", "技术改造项目贴息"])
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.open_only.click()
    assert "技术改造项目贴息" not in titles(view)  # its window closed yesterday
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.category.setCurrentIndex(view.category.findData("funding"))
    assert titles(view) == ["小微企业房租补贴"]
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.category.setCurrentIndex(0)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        type_text(view.search, "高新")
    assert titles(view) == ["高新技术企业认定奖励"]

    with qtbot.waitSignal(view.detail_loaded, timeout=10000):
        view.table.selectRow(0)
    assert "德阳市科技局" in view.text.toPlainText() and "制造业" in view.text.toPlainText()
    view.tabs.setCurrentIndex(1)
    m = view.match_model
    i = m.find(lambda r: r.enterprise == "德阳东方电机有限公司")
    assert m.row(i).eligible
    reasons = m.display(i, 1)
    assert "行业符合：制造业" in reasons and "画像标签匹配：高新技术企业" in reasons and "申报截止" in reasons
    assert m.display(i, 2) == ""
    assert "1 家符合条件" in view.match_label.text() or "3 家符合条件" in view.match_label.text()

    view.match_table.selectRow(i)
    qtbot.mouseClick(view.push_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, EnterprisePushDialog)
    assert dlg.enterprise.currentText() == "德阳东方电机有限公司"
    type_text(dlg.note, "电话讲解")
    click_ok(qtbot, dlg, view.detail_loaded)
    with world.session() as s:
        push = s.exec(select(PolicyPush)).one()
    assert push.policy_id == world.policies["hitech"] and push.enterprise_id == world.enterprises["e1"]
    assert push.staff_id == ctx.staff.id and push.note == "电话讲解"
    i = m.find(lambda r: r.enterprise == "德阳东方电机有限公司")
    assert m.display(i, 2) == "✓"


def test_apply_and_track_application(qtbot, world, ctx, runner) -> None:
    view = make_view(qtbot, ctx, runner)
    with qtbot.waitSignal(view.detail_loaded, timeout=10000):
        assert view.select_policy(world.policies["rent"])
    view.tabs.setCurrentIndex(1)
    i = view.match_model.find(lambda r: r.enterprise == "德阳绿源食品有限公司")
    assert "规模符合：小型" in view.match_model.display(i, 1)
    j = view.match_model.find(lambda r: r.enterprise == "德阳东方电机有限公司")
    assert not view.match_model.row(j).eligible and "企业规模不符合" in view.match_model.display(j, 1)
    view.match_table.selectRow(i)
    qtbot.mouseClick(view.apply_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    click_ok(qtbot, dlg, view.detail_loaded)
    with world.session() as s:
        app = s.exec(select(PolicyApplication)).one()
    assert app.state == "applied" and app.enterprise_id == world.enterprises["e3"]

    view.tabs.setCurrentIndex(2)
    view.app_table.selectRow(0)
    assert view.app_model.display(0, 2) == "已申报"
    assert view.advance_buttons["accepted"].isEnabled() and not view.advance_buttons["redeemed"].isEnabled()
    for st in ("accepted", "correction", "corrected", "preliminary", "approved", "redeemed"):
        view.app_table.selectRow(0)
        qtbot.mouseClick(view.advance_buttons[st], Qt.MouseButton.LeftButton)
        adlg = view.dialog
        assert isinstance(adlg, AdvanceApplicationDialog)
        if st == "redeemed":
            adlg.amount.setValue(12.5)
        if st == "correction":  # 补正: the one-time notice must list what to correct
            assert adlg.windowTitle() == "一次性告知补正"
            qtbot.mouseClick(adlg.ok_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: "corrections" in adlg.errors.messages(), timeout=10000)  # noqa: B023
            assert "一次性告知" in adlg.errors.messages()["corrections"] and adlg.isVisible()
            adlg.corrections.setPlainText("租赁合同未备案\n缺少近三个月社保缴纳证明")
        if st == "corrected":
            assert "租赁合同未备案" in adlg.intro.text()
        click_ok(qtbot, adlg, view.detail_loaded)
        view.app_table.selectRow(0)
        if st == "correction":
            assert view.app_model.display(0, 2) == "待补正"
            assert (
                "一次性告知补正：1. 租赁合同未备案；2. 缺少近三个月社保缴纳证明（待补正）"
                in view.app_model.display(0, 6)
            )
            assert view.advance_buttons["corrected"].isEnabled()
            assert (
                view.correction_label.isVisible()
                and "缺少近三个月社保缴纳证明" in view.correction_label.text()
            )
            assert not view.advance_buttons["accepted"].isEnabled()
            assert not view.advance_buttons["preliminary"].isEnabled()
        if st == "corrected":  # back to review; a second notice is not offered
            assert view.app_model.display(0, 2) == "已受理" and "补正完成" in view.app_model.display(0, 6)
            assert view.advance_buttons["preliminary"].isEnabled()
            assert not view.advance_buttons["correction"].isEnabled()
    with world.session() as s:
        app = s.get(PolicyApplication, app.id)
    assert app.state == "redeemed" and app.amount == 12.5 and app.redeemed_on
    assert view.app_model.display(0, 2) == "已兑现" and view.app_model.display(0, 5) == "12.5"
