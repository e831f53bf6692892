"""Evaluations (服务评价): record one through the dialog; a second for the same stage and
enterprise is refused with a clear message; pending invitations come from completed stages."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QRadioButton
from sqlmodel import select

from fieldkit.models import Evaluation
from fieldkit.ui.dialogs.evaluation_dialog import EvaluationDialog
from fieldkit.ui.views.evaluations_view import EvaluationsView
from tests.ui.workflow_fixtures import *  # noqa: F403
from tests.ui.workflow_fixtures import click_ok, show_view, type_text


def make_view(qtbot, ctx, runner) -> EvaluationsView:  # type: ignore[no-untyped-def]
    return show_view(qtbot, EvaluationsView(ctx, runner), 1100, 720)


def test_record_from_invitation_and_duplicate_refused(qtbot, world, ctx, runner) -> None:
    with world.session() as s:
        p = ctx.proxies.create(
            s, enterprise_id=world.enterprises["e3"], staff_id=ctx.staff.id, item="营业执照", stage="startup"
        )
        ctx.proxies.start(s, p)
        ctx.proxies.complete(s, p)
        s.commit()
    view = make_view(qtbot, ctx, runner)
    assert view.inv_model.rowCount() == 1
    assert (
        view.inv_model.display(0, 0) == "德阳绿源食品有限公司" and view.inv_model.display(0, 1) == "企业开办"
    )
    view.inv_table.selectRow(0)
    qtbot.mouseClick(view.evaluate_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, EvaluationDialog)
    assert dlg.enterprise.currentText() == "德阳绿源食品有限公司" and dlg.stage.currentData() == "startup"
    # no level chosen: refused beside the level
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "level" in dlg.errors.messages(), timeout=10000)
    rb = dlg.findChild(QRadioButton, "level_satisfied")
    qtbot.mouseClick(rb, Qt.MouseButton.LeftButton, pos=QPoint(8, rb.height() // 2))
    dlg.dimensions["efficiency"].setValue(3)
    type_text(dlg.comment, "办照很快")
    click_ok(qtbot, dlg, view.loaded)
    with world.session() as s:
        ev = s.exec(select(Evaluation)).one()
    assert ev.level == "satisfied" and ev.stage == "startup" and ev.enterprise_id == world.enterprises["e3"]
    assert ev.dimensions["efficiency"] == 3 and ev.dimensions["ability"] == 5 and ev.comment == "办照很快"
    assert view.inv_model.rowCount() == 0
    assert view.model.rowCount() == 1 and view.model.display(0, 3) == "满意"
    assert "服务效率 3" in view.model.display(0, 4)
    assert "4.00" in view.summary.text()

    # the same stage again: refused with the message beside the stage, nothing typed is lost
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    dlg.enterprise.lineEdit().clear()
    type_text(dlg.enterprise, "德阳绿源食品有限公司")
    dlg.stage.setCurrentIndex(dlg.stage.findData("startup"))
    dlg.choose_level("very_satisfied")
    type_text(dlg.comment, "再评一次")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "stage" in dlg.errors.messages(), timeout=10000)
    assert dlg.errors.messages()["stage"] == "该企业在此阶段已评价过一次"
    assert dlg.isVisible() and dlg.comment.text() == "再评一次"
    with world.session() as s:
        assert len(s.exec(select(Evaluation)).all()) == 1
    # another stage is fine
    dlg.stage.setCurrentIndex(dlg.stage.findData("operation"))
    click_ok(qtbot, dlg, view.loaded)
    with world.session() as s:
        assert len(s.exec(select(Evaluation)).all()) == 2
    assert view.model.rowCount() == 2
