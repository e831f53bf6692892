"""登记投诉 (issue 12 §19): a complaint offers the conduct-of-staff categories and the major flag;
a demand does not; the list shows the flag."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlmodel import select

from fieldkit.models import Demand
from fieldkit.ui.dialogs.demand_dialogs import NewDemandDialog
from fieldkit.ui.views.demands_view import DemandsView
from tests.ui.workflow_fixtures import *  # noqa: F403
from tests.ui.workflow_fixtures import click_ok, show_view, type_text


def test_complaint_dialog_offers_conduct_categories_and_major_flag(qtbot, world, ctx, runner) -> None:
    view = show_view(qtbot, DemandsView(ctx, runner), 1150, 690)
    qtbot.mouseClick(view.new_complaint_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, NewDemandDialog)
    assert dlg.category.findData("staff_attitude") >= 0 and dlg.major.isVisible()
    dlg.kind.setCurrentIndex(dlg.kind.findData("demand"))
    assert dlg.category.findData("staff_attitude") < 0 and not dlg.major.isVisible()
    dlg.kind.setCurrentIndex(dlg.kind.findData("complaint"))
    dlg.enterprise.lineEdit().clear()
    type_text(dlg.enterprise, "四川宏达建材有限公司")
    dlg.category.setCurrentIndex(dlg.category.findData("staff_integrity"))
    qtbot.mouseClick(dlg.major, Qt.MouseButton.LeftButton)
    type_text(dlg.description, "办事人员暗示需请客才能加快办理")
    click_ok(qtbot, dlg, view.loaded)
    with world.session() as s:
        d = s.exec(select(Demand).where(Demand.description == "办事人员暗示需请客才能加快办理")).one()
        assert (d.kind, d.category, d.major) == ("complaint", "staff_integrity", True)
    view.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.list_model.find(lambda r: r.id == d.id) >= 0, timeout=10000)
    assert view.list_model.display(view.list_model.find(lambda r: r.id == d.id), 1) == "投诉（重大）"


def test_supervisor_marks_a_complaint_major(qtbot, world, ctx, sup_ctx, runner) -> None:
    from fieldkit.ui.views.supervisor_view import SupervisorView

    with world.session() as s:
        c = ctx.demands.raise_demand(
            s,
            enterprise_id=world.enterprises["e1"],
            staff_id=ctx.staff.id,
            description="多次反映无人回应",
            kind="complaint",
            category="staff_inaction",
        )
        s.commit()
        cid = c.id
    view = show_view(qtbot, SupervisorView(sup_ctx, runner), 1150, 690)
    i = view.complaint_model.find(lambda r: r.id == cid)
    assert view.complaint_model.display(i, 1) == "投诉"
    view.complaint_table.selectRow(i)
    assert view.major_button.isEnabled() and not view.major_button.isChecked()
    with qtbot.waitSignal(view.loaded, timeout=10000):
        qtbot.mouseClick(view.major_button, Qt.MouseButton.LeftButton)
    with world.session() as s:
        assert s.get(Demand, cid).major
    i = view.complaint_model.find(lambda r: r.id == cid)
    assert view.complaint_model.display(i, 1) == "投诉（重大）"
