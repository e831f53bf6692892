"""The field day as a user walks it (issue 12): a plan on Today is recorded from its item, a record
started for an enterprise takes the day's (or an overdue) plan, submitting closes the plan; the
supervisor's Today says whose each plan is; overdue plans come first and the tray names them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlmodel import select

from fieldkit.models import ServiceRecord, VisitPlan
from fieldkit.services.records import start_record
from fieldkit.services.store import Actor
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.views.record_editor import RecordEditorView
from fieldkit.ui.views.today_view import PlanRole, TodayView
from fieldkit.ui.widgets.confirm import ConfirmBox
from tests.ui.workflow_fixtures import type_text


def make_window(qtbot, ctx, runner) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(ctx, runner)
    qtbot.addWidget(win)
    win.resize(1366, 740)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: not runner.busy and win.views["today"].overview is not None, timeout=20_000)
    return win


def plan_of(world, enterprise_key: str) -> VisitPlan:  # type: ignore[no-untyped-def]
    with world.session() as s:
        return s.exec(
            select(VisitPlan).where(
                VisitPlan.enterprise_id == world.enterprises[enterprise_key], VisitPlan.status != "cancelled"
            )
        ).one()


def test_a_plan_on_today_is_recorded_from_its_item_and_submitting_closes_it(
    qtbot, ctx, runner, fixture_world
) -> None:
    win = make_window(qtbot, ctx, runner)
    today: TodayView = win.views["today"]  # type: ignore[assignment]
    card = today.cards["plans_today"]
    button = today.record_buttons["plans_today"]
    assert button.isVisible() and not button.isEnabled()  # nothing selected yet
    plan = plan_of(fixture_world, "huawei")
    row = next(i for i in range(card.list.count()) if card.list.item(i).data(PlanRole) == plan.id)
    card.list.setCurrentRow(row)
    assert button.isEnabled() and button.text() == "记录这次走访"

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    editor = win.current_view()
    assert isinstance(editor, RecordEditorView)
    qtbot.waitUntil(lambda: editor.record_id is not None and editor.stack.currentIndex() == 1, timeout=20_000)
    assert editor.plan_label.text().startswith("季度走访：了解生产经营情况")
    with fixture_world.session() as s:
        rec = s.get(ServiceRecord, editor.record_id)
        assert rec.plan_id == plan.id

    type_text(editor.content, "座谈")
    qtbot.mouseClick(editor.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(editor.dialog, ConfirmBox), timeout=20_000)
    with qtbot.waitSignal(editor.record_submitted, timeout=20_000):
        editor.dialog.yes_button.click()
    assert plan_of(fixture_world, "huawei").status == "done"

    # back on Today the plan is done: it can no longer be recorded again from its item
    win.show_view("today")
    qtbot.waitUntil(lambda: not runner.busy, timeout=20_000)
    qtbot.waitUntil(lambda: "已完成" in " ".join(card.texts()), timeout=20_000)
    assert all(card.list.item(i).data(PlanRole) != plan.id for i in range(card.list.count()))


def test_a_record_started_for_an_enterprise_takes_its_plan(qtbot, ctx, runner, fixture_world) -> None:
    """新建走访记录 for an enterprise with a plan for today (or an overdue one) records that plan, so
    the plan does not turn 逾期; the user may unlink it."""
    editor = RecordEditorView(ctx, runner)
    qtbot.addWidget(editor)
    editor.resize(1200, 700)
    editor.show()
    overdue = plan_of(fixture_world, "xincai")  # 10 days late
    with qtbot.waitSignal(editor.record_loaded, timeout=20_000) as sig:
        editor.new_record(enterprise_id=fixture_world.enterprises["xincai"])
    rid = sig.args[0]
    assert "项目建设进度" in editor.plan_label.text() and "（无计划" not in editor.plan_label.text()
    assert editor.unlink_plan_button.isVisible()
    with fixture_world.session() as s:
        assert s.get(ServiceRecord, rid).plan_id == overdue.id

    with qtbot.waitSignal(editor.record_loaded, timeout=20_000):
        qtbot.mouseClick(editor.unlink_plan_button, Qt.MouseButton.LeftButton)
    assert editor.plan_label.text() == "（无计划，直接记录）" and editor.unlink_plan_button.isHidden()
    with fixture_world.session() as s:
        assert s.get(ServiceRecord, rid).plan_id is None


def test_start_record_leaves_a_later_plan_and_other_peoples_plans_alone(fixture_world) -> None:
    a2 = fixture_world.assistant2
    with fixture_world.session() as s:
        # 李娜's plan for today at 蓥华 is hers: a visit by the supervisor does not close it
        # (张伟 may not record at 蓥华 at all: it is not assigned to him)
        sup = fixture_world.supervisor
        rid = start_record(s, Actor(sup.id, "d"), enterprise_id=fixture_world.enterprises["yinghua"])
        assert s.get(ServiceRecord, rid).plan_id is None
        rid2 = start_record(s, Actor(a2.id, "d"), enterprise_id=fixture_world.enterprises["yinghua"])
        assert s.get(ServiceRecord, rid2).plan_id is not None
        s.rollback()


def test_the_supervisors_today_says_whose_each_plan_is(qtbot, supervisor_ctx, runner) -> None:
    view = TodayView(supervisor_ctx, runner)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.refresh()
    texts = view.cards["plans_today"].texts()
    assert any(t.startswith("【张伟】华为技术有限公司") for t in texts), texts
    assert any(t.startswith("【李娜】") for t in texts), texts
    # not the supervisor's own plans: none of them can be recorded from here
    card = view.cards["plans_today"]
    assert all(not card.list.item(i).data(PlanRole) for i in range(card.list.count()))


def test_overdue_plans_come_first_this_week_and_the_tray_names_them(qtbot, ctx, runner) -> None:
    view = TodayView(ctx, runner)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.reminders_due, timeout=20_000) as sig:
        view.refresh()
    week = view.cards["plans_week"].texts()
    assert "（已逾期）" in week[0] and "项目建设进度" in week[0], week
    assert sig.args[1].startswith("1 项走访计划已逾期"), sig.args[1]
    assert "1 项诉求已超过办理时限" in sig.args[1]


def test_the_enterprise_picker_chooses_nothing_for_the_user(qtbot, ctx, runner) -> None:
    """A wrong pick must never be one Enter away: the picker starts empty and 开始走访记录 asks."""
    editor = RecordEditorView(ctx, runner)
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.loaded, timeout=20_000):
        editor.show()
    combo = editor.start_enterprise
    assert combo.count() > 0 and combo.currentIndex() == -1 and combo.currentText() == ""
    assert combo.lineEdit().placeholderText() == "请选择企业：输入名称或拼音首字母查找…"
    qtbot.mouseClick(editor.start_button, Qt.MouseButton.LeftButton)
    assert editor.start_banner.text() == "请从列表中选择企业" and editor.record_id is None


def test_navigation_labels_stay_the_same_once_a_view_is_opened(qtbot, supervisor_ctx, runner) -> None:
    win = make_window(qtbot, supervisor_ctx, runner)
    keys = win.nav_keys()
    before = [win.nav.item(i).text() for i in range(win.nav.count())]
    for key in keys:
        win.show_view(key)
    qtbot.waitUntil(lambda: not runner.busy, timeout=30_000)
    after = [win.nav.item(i).text() for i in range(win.nav.count())]
    assert after == before and "诉求办理" in after and "主管考核" in after
