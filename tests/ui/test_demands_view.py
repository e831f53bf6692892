"""Demands (诉求): a demand walked through its whole lifecycle by clicking the action buttons;
at each step only the legal actions are offered, and the stored history matches."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QRadioButton
from sqlmodel import select

from fieldkit.models import Demand
from fieldkit.services.demands import demand_history, is_legal_path
from fieldkit.services.timeutil import local_today
from fieldkit.ui.dialogs.demand_dialogs import DemandActionDialog, NewDemandDialog
from fieldkit.ui.views.demands_view import DemandsView
from tests.ui.workflow_fixtures import *  # noqa: F403
from tests.ui.workflow_fixtures import click_ok, show_view, type_text


def make_view(qtbot, ctx, runner) -> DemandsView:  # type: ignore[no-untyped-def]
    return show_view(qtbot, DemandsView(ctx, runner), 1400, 800)


def demand(world, did) -> Demand:  # type: ignore[no-untyped-def]
    with world.session() as s:
        return s.get(Demand, did)


def history(world, did) -> list[str]:  # type: ignore[no-untyped-def]
    with world.session() as s:
        return [e.to_state for e in demand_history(s, did)]


def test_whole_lifecycle_by_clicking(qtbot, world, ctx, runner) -> None:
    view = make_view(qtbot, ctx, runner)
    # 收集: a new demand through the dialog
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, NewDemandDialog)
    dlg.enterprise.lineEdit().clear()
    type_text(dlg.enterprise, "四川宏达建材有限公司")
    dlg.category.setCurrentIndex(dlg.category.findData("approval"))
    type_text(dlg.description, "施工许可证办理缓慢，希望协调住建局")
    click_ok(qtbot, dlg, view.loaded)
    with world.session() as s:
        did = (
            s.exec(select(Demand).where(Demand.description == "施工许可证办理缓慢，希望协调住建局")).one().id
        )
    assert demand(world, did).enterprise_id == world.enterprises["e2"]
    assert view.board_column_of(did) == "collected"
    assert view.columns["collected"].row(0).description.startswith("施工许可证")
    detail = view.detail

    def step(action: str, offered: set[str], fill=None, state: str | None = None):  # type: ignore[no-untyped-def]
        qtbot.waitUntil(
            lambda: (
                detail.detail is not None
                and detail.detail.row.id == did
                and set(detail.offered_actions()) == offered
            ),
            timeout=10000,
        )
        assert detail.action_buttons[action].isVisible()
        qtbot.mouseClick(detail.action_buttons[action], Qt.MouseButton.LeftButton)
        dlg = detail.dialog
        assert isinstance(dlg, DemandActionDialog) and dlg.action == action
        if fill:
            fill(dlg)
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=10000)
        if state:
            qtbot.waitUntil(lambda: view.board_column_of(did) == state, timeout=10000)
            assert demand(world, did).state == state

    view.select_demand(did)
    deadline = local_today() + timedelta(days=5)

    def assign(dlg):  # type: ignore[no-untyped-def]
        type_text(dlg.department, "区住建局")
        type_text(dlg.person, "赵科长")
        dlg.deadline.setDate(QDate(deadline.year, deadline.month, deadline.day))

    step("assign", {"assign", "solve_on_spot"}, assign, "assigned")
    d = demand(world, did)
    assert (d.department, d.responsible_person, d.deadline) == ("区住建局", "赵科长", deadline)
    i = view.list_model.find(lambda r: r.id == did)
    assert view.list_model.display(i, 5) == "区住建局" and view.list_model.display(i, 8) == "剩 5 天"

    step("accept", {"accept", "remind"}, None, "in_progress")
    step("remind", {"remind", "feedback"}, lambda d: type_text(d.note, "请加快办理"), "reminded")

    def unsatisfied(dlg):  # type: ignore[no-untyped-def]
        qtbot.mouseClick(dlg.findChild(QRadioButton, "sat_unsatisfied"), Qt.MouseButton.LeftButton)

    step("feedback", {"accept", "feedback"}, unsatisfied, "feedback")
    assert demand(world, did).satisfaction == "unsatisfied"
    # an unsatisfied enterprise: closing is not offered; 再次交办 refuses a deadline already passed,
    # like the first 交办
    yesterday = local_today() - timedelta(days=1)
    later = local_today() + timedelta(days=2)

    def reassign(dlg):  # type: ignore[no-untyped-def]
        assert dlg.department.text() == "区住建局"  # prefilled from the first assignment
        dlg.person.clear()
        type_text(dlg.person, "钱副局长")
        dlg.deadline.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "deadline" in dlg.errors.messages(), timeout=10000)
        assert "不能早于今天" in dlg.errors.messages()["deadline"] and dlg.isVisible()
        dlg.deadline.setDate(QDate(later.year, later.month, later.day))

    step("reassign", {"reassign", "review"}, reassign, "assigned")
    assert demand(world, did).responsible_person == "钱副局长"
    assert demand(world, did).deadline == later
    with world.session() as s:  # the days pass: the new deadline goes by too
        d = s.get(Demand, did)
        d.deadline = yesterday
        s.add(d)
        s.commit()
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.refresh()
    qtbot.waitUntil(lambda: detail.fields["deadline"].text().startswith(yesterday.isoformat()))
    assert "已逾期" in detail.fields["deadline"].text()
    i = view.list_model.find(lambda r: r.id == did)
    fg = view.list_model.data(view.list_model.index(i, 8), Qt.ItemDataRole.ForegroundRole)
    assert fg.color().name() == "#c62828" and view.list_model.display(i, 8) == "已逾期 1 天"

    step("accept", {"accept", "remind"}, None, "in_progress")
    step("feedback", {"remind", "feedback"}, lambda d: d.choose_satisfaction("satisfied"), "feedback")

    # 办结 after the deadline: the dialog asks for the explanation and refuses without it
    qtbot.waitUntil(lambda: set(detail.offered_actions()) == {"reassign", "review", "close"}, timeout=10000)
    qtbot.mouseClick(detail.action_buttons["close"], Qt.MouseButton.LeftButton)
    dlg = detail.dialog
    assert dlg.overdue and dlg.explanation is not None and dlg.explanation.isVisible()
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "overdue_explanation" in dlg.errors.messages(), timeout=10000)
    assert "逾期原因" in dlg.errors.messages()["overdue_explanation"]
    assert dlg.isVisible() and demand(world, did).state == "feedback"
    type_text(dlg.explanation, "需补充规划许可材料，企业提交延迟")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.board_column_of(did) == "closed", timeout=10000)
    d = demand(world, did)
    assert d.state == "closed" and d.overdue_explanation == "需补充规划许可材料，企业提交延迟" and d.closed_at

    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.show_archived.setChecked(True)  # archived demands are hidden unless asked for
    step("archive", {"archive"}, None, "archived")
    qtbot.waitUntil(
        lambda: detail.detail is not None and detail.detail.row.state == "archived", timeout=10000
    )
    assert detail.offered_actions() == [] and detail.no_actions.isVisible()

    expected = [
        "collected",
        "assigned",
        "in_progress",
        "reminded",
        "feedback",
        "assigned",
        "in_progress",
        "feedback",
        "closed",
        "archived",
    ]
    assert history(world, did) == expected and is_legal_path(expected)
    shown = [detail.history_model.row(i).to_state for i in range(detail.history_model.rowCount())]
    assert shown == expected
    assert detail.history_model.display(2, 3) == "张明"
    # each step shows what it decided: the first 交办 and the first 不满意 are still there
    decided = [detail.history_model.display(i, 4) for i in range(detail.history_model.rowCount())]
    assert decided[1] == f"责任部门：区住建局；责任人：赵科长；办理时限：{deadline.isoformat()}"
    assert decided[4] == "企业满意度：不满意"
    assert decided[5] == f"责任部门：区住建局；责任人：钱副局长；办理时限：{later.isoformat()}"
    assert decided[7] == "企业满意度：满意" and decided[0] == decided[2] == ""
    detail.history_view.selectRow(1)  # the narrow pane shows the selected step's decision in full
    assert (
        f"交办：责任部门：区住建局；责任人：赵科长；办理时限：{deadline.isoformat()}"
        in detail.step_label.text()
    )


def test_solve_on_spot_and_complaint_filter(qtbot, world, ctx, runner) -> None:
    with world.session() as s:
        d = ctx.demands.raise_demand(
            s,
            enterprise_id=world.enterprises["e1"],
            staff_id=ctx.staff.id,
            description="咨询社保补贴政策",
            category="policy",
        )
        c = ctx.demands.raise_demand(
            s,
            enterprise_id=world.enterprises["e3"],
            staff_id=ctx.staff.id,
            description="投诉窗口服务态度差",
            kind="complaint",
        )
        s.commit()
        did, cid = d.id, c.id
    view = make_view(qtbot, ctx, runner)
    view.tabs.setCurrentIndex(1)
    view.list_view.selectRow(view.list_model.find(lambda r: r.id == did))
    detail = view.detail
    qtbot.waitUntil(lambda: set(detail.offered_actions()) == {"assign", "solve_on_spot"}, timeout=10000)
    qtbot.mouseClick(detail.action_buttons["solve_on_spot"], Qt.MouseButton.LeftButton)
    dlg = detail.dialog
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)  # the note is required
    qtbot.waitUntil(lambda: "note" in dlg.errors.messages(), timeout=10000)
    type_text(dlg.note, "现场讲解了申领流程")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: demand(world, did).state == "closed", timeout=10000)
    assert demand(world, did).solved_on_spot

    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.kind_filter.setCurrentIndex(view.kind_filter.findData("complaint"))
    assert [r.id for r in view.list_model.rows()] == [cid]
    assert view.list_model.display(0, 1) == "投诉"


def test_board_fits_a_1366_screen_and_archived_follows_its_box(qtbot, world, ctx, runner) -> None:
    """At 1366×768 the view gets ~1150 px beside the navigation: every open column (收集 … 办结)
    and the detail are on screen without scrolling; 归档 appears only with 显示已归档."""
    view = show_view(qtbot, DemandsView(ctx, runner), 1150, 690)
    scroll = view.tabs.widget(0)
    shown = [st for st, f in view.column_frames.items() if f.isVisible()]
    assert "archived" not in shown and len(shown) == 7
    assert not scroll.horizontalScrollBar().isVisible()
    right = max(f.geometry().right() for st, f in view.column_frames.items() if f.isVisible())
    assert right <= scroll.viewport().width()
    assert view.detail.isVisible() and view.detail.geometry().right() <= view.width()
    # titles are never cut: the state and count on one line, the overdue count on the next
    for st, title in view.column_titles.items():
        if view.column_frames[st].isVisible():
            first = title.text().split("\n")[0]
            assert title.fontMetrics().horizontalAdvance(first) <= title.contentsRect().width(), first
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.show_archived.setChecked(True)
    assert view.column_frames["archived"].isVisible()
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.show_archived.setChecked(False)
    assert not view.column_frames["archived"].isVisible()
