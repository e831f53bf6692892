"""Proxy services (帮办代办): accept one through the dialog, complete a milestone, and terminate
another with one of the five reasons."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from sqlmodel import select

from fieldkit.models import ProxyMilestone, ProxyService
from fieldkit.ui.dialogs.proxy_dialogs import CompleteMilestoneDialog, NewProxyDialog, TerminateProxyDialog
from fieldkit.ui.views.proxy_view import ProxyView
from tests.ui.workflow_fixtures import *  # noqa: F403
from tests.ui.workflow_fixtures import click_ok, show_view, type_text


def make_view(qtbot, ctx, runner) -> ProxyView:  # type: ignore[no-untyped-def]
    return show_view(qtbot, ProxyView(ctx, runner), 1200, 760)


def proxy(world, pid) -> ProxyService:  # type: ignore[no-untyped-def]
    with world.session() as s:
        return s.get(ProxyService, pid)


def test_accept_complete_milestone_and_terminate_with_reason(qtbot, world, ctx, runner) -> None:
    view = make_view(qtbot, ctx, runner)
    assert view.model.rowCount() == 0
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, NewProxyDialog)
    dlg.enterprise.lineEdit().clear()
    type_text(dlg.enterprise, "四川宏达建材有限公司")
    type_text(dlg.item, "建筑工程施工许可证")
    dlg.stage.setCurrentIndex(dlg.stage.findData("construction"))
    dlg.mode.setCurrentIndex(dlg.mode.findData("full"))
    type_text(dlg.plan, "代办施工许可，负责材料预审和窗口对接")
    dlg.milestones.setPlainText("材料预审\n窗口受理\n领取许可证")
    click_ok(qtbot, dlg, view.loaded)
    with world.session() as s:
        p = s.exec(select(ProxyService).where(ProxyService.item == "建筑工程施工许可证")).one()
        ms = s.exec(
            select(ProxyMilestone).where(ProxyMilestone.proxy_id == p.id).order_by(ProxyMilestone.seq)
        ).all()
    assert p.mode == "full" and p.stage == "construction" and p.status == "accepted"
    assert [m.title for m in ms] == ["材料预审", "窗口受理", "领取许可证"]
    assert view.select_proxy(p.id)
    assert view.info["status"].text() == "已受理"
    assert view.plan.toPlainText() == "代办施工许可，负责材料预审和窗口对接"
    assert view.ms_model.rowCount() == 3
    assert not view.complete_button.isEnabled()  # completing needs every milestone done

    view.ms_table.selectRow(0)
    qtbot.mouseClick(view.complete_ms_button, Qt.MouseButton.LeftButton)
    mdlg = view.dialog
    assert isinstance(mdlg, CompleteMilestoneDialog)
    type_text(mdlg.note, "材料齐全")
    click_ok(qtbot, mdlg, view.loaded)
    with world.session() as s:
        assert s.get(ProxyMilestone, ms[0].id).done_on is not None
    assert proxy(world, p.id).status == "in_progress"  # the first finished milestone starts the service
    assert view.info["status"].text() == "办理中" and view.ms_model.display(0, 3) != ""

    # terminate: the reason is required; "other" also needs the circumstances
    qtbot.mouseClick(view.terminate_button, Qt.MouseButton.LeftButton)
    tdlg = view.dialog
    assert isinstance(tdlg, TerminateProxyDialog)
    qtbot.mouseClick(tdlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "termination_reason" in tdlg.errors.messages(), timeout=10000)
    tdlg.choose("e")
    qtbot.mouseClick(tdlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "termination_note" in tdlg.errors.messages(), timeout=10000)
    assert proxy(world, p.id).status == "in_progress"
    rb = tdlg.findChild(type(tdlg.reasons.button(0)), "reason_a")
    qtbot.mouseClick(rb, Qt.MouseButton.LeftButton, pos=QPoint(8, rb.height() // 2))
    assert rb.isChecked()
    type_text(tdlg.note, "企业决定暂缓项目")
    click_ok(qtbot, tdlg, view.loaded)
    done = proxy(world, p.id)
    assert done.status == "terminated" and done.termination_reason == "a"
    assert done.termination_note == "企业决定暂缓项目"
    assert view.info["status"].text() == "已终止"
    assert "服务对象主动要求终止" in view.info["termination"].text()
    assert not view.terminate_button.isEnabled() and not view.complete_ms_button.isEnabled()


def test_start_and_complete(qtbot, world, ctx, runner) -> None:
    with world.session() as s:
        p = ctx.proxies.create(
            s, enterprise_id=world.enterprises["e3"], staff_id=ctx.staff.id, item="营业执照", stage="startup"
        )
        s.commit()
    view = make_view(qtbot, ctx, runner)
    assert view.select_proxy(p.id)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    assert proxy(world, p.id).status == "in_progress"
    with qtbot.waitSignal(view.loaded, timeout=10000):
        qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)
    assert proxy(world, p.id).status == "completed"
    assert view.model.display(0, 4) == "已办结"
