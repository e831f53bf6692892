"""Visit plans (走访计划): create / reschedule / cancel through the dialogs, calendar marks,
overdue marking and the quarterly coverage view, driven as a user would."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDate, Qt
from sqlmodel import select

from fieldkit.models import VisitPlan
from fieldkit.services.timeutil import local_today
from fieldkit.ui.dialogs.plan_dialog import CancelPlanDialog, PlanDialog, ReschedulePlanDialog
from fieldkit.ui.views.plans_view import PlansView
from tests.ui.workflow_fixtures import *  # noqa: F403
from tests.ui.workflow_fixtures import click_ok, show_view, type_text


def make_view(qtbot, ctx, runner, anchor=None) -> PlansView:  # type: ignore[no-untyped-def]
    view = PlansView(ctx, runner)
    if anchor is not None:
        view.anchor = anchor
    return show_view(qtbot, view, 1100, 700)


def plan(world, pid) -> VisitPlan:  # type: ignore[no-untyped-def]
    with world.session() as s:
        return s.get(VisitPlan, pid)


def select_plan(view: PlansView, pid: str) -> None:
    i = view.list_model.find(lambda r: r.id == pid)
    assert i >= 0, "plan not listed"
    view.list_view.selectRow(i)


def test_create_plan_by_typing_and_clicking(qtbot, world, ctx, runner) -> None:
    today = local_today()
    view = make_view(qtbot, ctx, runner)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, PlanDialog) and dlg.isVisible()
    dlg.enterprise.lineEdit().clear()
    type_text(dlg.enterprise.lineEdit(), "德阳绿源食品有限公司")
    dlg.date.setDate(QDate(today.year, today.month, today.day))
    dlg.kind.setCurrentIndex(dlg.kind.findData("survey"))
    # no theme: refused with the message beside the field, what was typed is kept
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "theme" in dlg.errors.messages())
    assert "走访主题" in dlg.errors.messages()["theme"]
    assert dlg.isVisible() and dlg.enterprise.currentText() == "德阳绿源食品有限公司"
    type_text(dlg.theme, "用工需求调查")
    with qtbot.waitSignal(view.data_changed, timeout=10000):  # tells the window's sync indicator
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()

    with world.session() as s:
        rows = s.exec(select(VisitPlan).where(VisitPlan.theme == "用工需求调查")).all()
    assert len(rows) == 1
    assert rows[0].enterprise_id == world.enterprises["e3"]
    assert rows[0].kind == "survey" and rows[0].planned_date == today and rows[0].staff_id == ctx.staff.id
    qtbot.waitUntil(lambda: view.list_model.find(lambda r: r.theme == "用工需求调查") >= 0)
    i = view.list_model.find(lambda r: r.theme == "用工需求调查")
    assert view.list_model.display(i, 3) == "调查"
    assert view.list_model.display(i, 4) == "计划中"


def test_reschedule_and_cancel(qtbot, world, ctx, runner) -> None:
    today = local_today()
    view = make_view(qtbot, ctx, runner, anchor=today)
    pid = world.plans["today"]
    select_plan(view, pid)
    assert view.reschedule_button.isEnabled()
    qtbot.mouseClick(view.reschedule_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, ReschedulePlanDialog)
    new = today + timedelta(days=2)
    dlg.date.setDate(QDate(new.year, new.month, new.day))
    type_text(dlg.note, "企业负责人出差")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: plan(world, pid).planned_date == new)
    assert plan(world, pid).note == "企业负责人出差"

    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.anchor = new
        view.refresh()
    select_plan(view, pid)
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, CancelPlanDialog)
    type_text(dlg.note, "企业停产检修")
    click_ok(qtbot, dlg, view.loaded)
    assert plan(world, pid).status == "cancelled"
    i = view.list_model.find(lambda r: r.id == pid)
    assert view.list_model.display(i, 4) == "已取消"
    view.list_view.selectRow(i)
    assert not view.reschedule_button.isEnabled() and not view.cancel_button.isEnabled()


def test_calendar_marks_dates_and_overdue_is_red(qtbot, world, ctx, runner) -> None:
    overdue_day = local_today() - timedelta(days=3)
    view = make_view(qtbot, ctx, runner, anchor=overdue_day)
    marks = view.marked_dates()
    assert overdue_day in marks
    assert marks[overdue_day] == "#f8bbbb"  # overdue colour
    i = view.list_model.find(lambda r: r.id == world.plans["overdue"])
    assert view.list_model.display(i, 4) == "已逾期"
    fg = view.list_model.data(view.list_model.index(i, 4), Qt.ItemDataRole.ForegroundRole)
    assert fg.color().name() == "#c62828"
    # the day list of the month view shows the plans of the selected date
    view.tabs.setCurrentIndex(2)
    view.calendar.setSelectedDate(QDate(overdue_day.year, overdue_day.month, overdue_day.day))
    qtbot.waitUntil(lambda: view.day_model.rowCount() == 1)
    assert view.day_model.row(0).theme == "项目建设进度"
    # and the week view has it in its weekday column
    view.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.week_model.start <= overdue_day)
    col = (overdue_day - view.week_model.start).days
    assert "四川宏达建材有限公司" in view.week_model.data(view.week_model.index(0, col))


def test_new_plan_shows_on_calendar(qtbot, world, ctx, runner) -> None:
    day = local_today() + timedelta(days=1)
    view = make_view(qtbot, ctx, runner, anchor=day)
    assert day not in view.marked_dates() or day == local_today() + timedelta(days=5)
    view.tabs.setCurrentIndex(2)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    dlg.date.setDate(QDate(day.year, day.month, day.day))
    type_text(dlg.theme, "回访")
    assert dlg.enterprise.currentText() == ""  # no enterprise is chosen for the user (issue 12 §7)
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "enterprise_id" in dlg.errors.messages(), timeout=10000)
    type_text(dlg.enterprise, "德阳东方电机有限公司")
    click_ok(qtbot, dlg, view.loaded)
    assert view.marked_dates()[day] == "#bbdefb"


def test_quarterly_coverage_lists_missing_and_plans_a_visit(qtbot, world, ctx, runner) -> None:
    # e1 was visited on site this quarter (a submitted record)
    with world.session() as s:
        rec = ctx.records.create_draft(
            s,
            enterprise_id=world.enterprises["e1"],
            staff_id=ctx.staff.id,
            visit_at=datetime.now().astimezone() - timedelta(minutes=5),
            place="车间",
            content="了解生产情况",
        )
        ctx.records.submit(s, rec)
        s.commit()
    view = make_view(qtbot, ctx, runner)
    view.tabs.setCurrentIndex(3)
    assert view.coverage_model.rowCount() == 1
    cov = view.coverage_model.row(0)
    assert (cov.assigned, cov.visited) == (3, 1)
    assert view.coverage_model.display(0, 3) == "33%"
    missing = [view.missing_model.display(r, 0) for r in range(view.missing_model.rowCount())]
    assert sorted(missing) == sorted(["四川宏达建材有限公司", "德阳绿源食品有限公司"])
    assert "第" in view.quarter_label.text()

    i = view.missing_model.find(lambda r: r[1] == "德阳绿源食品有限公司")
    view.missing_view.selectRow(i)
    qtbot.mouseClick(view.plan_missing_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, PlanDialog)
    assert dlg.enterprise.currentText() == "德阳绿源食品有限公司"
    type_text(dlg.theme, "季度现场走访")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.isVisible())
    with world.session() as s:
        p = s.exec(select(VisitPlan).where(VisitPlan.theme == "季度现场走访")).one()
    assert p.enterprise_id == world.enterprises["e3"] and p.kind == "onsite"


def test_start_record_from_plan_emits_request(qtbot, world, ctx, runner) -> None:
    view = make_view(qtbot, ctx, runner, anchor=local_today())
    select_plan(view, world.plans["today"])
    with qtbot.waitSignal(view.record_from_plan) as sig:
        qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    assert sig.args == [world.plans["today"]]
