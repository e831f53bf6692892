"""Supervisor mode: the figures match zone_summary, the selected assistant's ledger is read in its
own job (kept until the next load, a late result for someone no longer selected is not shown), the
charts have their series, an assessment is saved, an enterprise is reassigned with its history
kept, a complaint is handled with the demand actions and a submitted record is reviewed."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDate, Qt
from sqlmodel import select

from fieldkit.models import Assessment, Assignment, Demand, ServiceRecord
from fieldkit.services import ledger, supervision
from fieldkit.services.ledger import staff_ledger, zone_summary, zone_totals
from fieldkit.services.timeutil import local_today, quarter_bounds
from fieldkit.ui.dialogs.supervisor_dialogs import AssessmentDialog, ReassignDialog, ReviewRecordDialog
from fieldkit.ui.views.supervisor_view import SupervisorView
from fieldkit.ui.widgets.workflow_support import selected_row
from tests.ui.workflow_fixtures import *  # noqa: F403
from tests.ui.workflow_fixtures import click_ok, show_view, type_text


def seed(world, ctx) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Two submitted on-site visits, a demand closed on time and a complaint."""
    out = {}
    with world.session() as s:
        for key in ("e1", "e2"):
            r = ctx.records.create_draft(
                s,
                enterprise_id=world.enterprises[key],
                staff_id=ctx.staff.id,
                visit_at=datetime.now().astimezone() - timedelta(hours=1),
                place="会议室",
                content="走访",
            )
            ctx.records.submit(s, r)
            out[key] = r.id
        d = ctx.demands.raise_demand(
            s, enterprise_id=world.enterprises["e1"], staff_id=ctx.staff.id, description="用电增容"
        )
        ctx.demands.transition(
            s,
            d,
            "assign",
            department="供电公司",
            responsible_person="孙经理",
            deadline=local_today() + timedelta(days=3),
        )
        ctx.demands.transition(s, d, "accept")
        ctx.demands.transition(s, d, "feedback", satisfaction="satisfied")
        ctx.demands.transition(s, d, "close")
        c = ctx.demands.raise_demand(
            s,
            enterprise_id=world.enterprises["e3"],
            staff_id=ctx.staff.id,
            description="投诉审批窗口多次退件",
            kind="complaint",
        )
        out["complaint"] = c.id
        s.commit()
    return out


def make_view(qtbot, sup_ctx, runner) -> SupervisorView:  # type: ignore[no-untyped-def]
    return show_view(qtbot, SupervisorView(sup_ctx, runner), 1300, 800)


def test_figures_match_zone_summary_and_charts(qtbot, world, ctx, sup_ctx, runner) -> None:
    seed(world, ctx)
    view = make_view(qtbot, sup_ctx, runner)
    start, end = quarter_bounds(local_today())
    assert view.period_range() == (start, end)
    with world.session() as s:
        expected = zone_summary(s, start, end, zone_id=world.zone_id)
    m = view.summary_model
    assert m.rowCount() == len(expected) + 1  # + the total row
    for i, e in enumerate(expected):
        assert m.display(i, 0) == e.staff_name
        assert m.display(i, 2) == str(e.visits)
        assert m.display(i, 3) == str(e.assigned)
        assert m.display(i, 5) == f"{e.coverage_pct:.1f}%"
        assert m.display(i, 7) == str(e.closed_on_time)
        assert m.display(i, 9) == str(e.overdue_open)
    zhang = next(e for e in expected if e.staff_name == "张明")
    assert (zhang.visits, zhang.assigned, zhang.covered, zhang.closed_on_time) == (2, 3, 2, 1)
    assert m.display(len(expected), 0) == "合计"
    # the ledger of the selected assistant (the first row, selected by the load), read in its own job
    zhang_row, li_row = m.find(lambda r: r.staff_name == "张明"), m.find(lambda r: r.staff_name == "李华")
    assert zhang_row == 0
    view.summary_table.selectRow(zhang_row)
    qtbot.waitUntil(lambda: view.ledger_records.rowCount() == 2, timeout=10000)
    with world.session() as s:
        led = staff_ledger(s, world.assistant.id, start, end)
    assert (
        "走访记录 2 条（计走访次数 2，其中现场 2）" in view.ledger_label.text()
        and "诉求 2 件（办结 1，逾期 0）" in view.ledger_label.text()
    )
    assert [view.ledger_records.row(i).id for i in range(2)] == [r.id for r in led.records]
    assert [view.ledger_demands.row(i).id for i in range(2)] == [d.id for d in led.demands]
    assert (view.ledger_proxies.rowCount(), view.ledger_pushes.rowCount()) == (0, 0)
    # another assistant: his own job; back to 张明: shown at once, read before
    with qtbot.waitSignal(view.ledger_loaded, timeout=10000):
        view.summary_table.selectRow(li_row)
    assert view.ledger_label.text().startswith("李华") and view.ledger_records.rowCount() == 0
    view.summary_table.selectRow(zhang_row)
    assert view.ledger_records.rowCount() == 2 and "走访记录 2 条" in view.ledger_label.text()
    # a load reads the ledgers again; results for someone no longer selected are not shown
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.refresh()
    assert "正在加载台账" in view.ledger_label.text()  # 张明's, read again
    view.summary_table.selectRow(li_row)
    view.summary_table.selectRow(len(expected))  # the total row: nobody
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert view.ledger_label.text() == "选择一位服务人员查看其台账" and view.ledger_records.rowCount() == 0
    view.summary_table.selectRow(zhang_row)
    assert view.ledger_records.rowCount() == 2  # the late result was kept for when he is selected again
    # the work ledger of the selected assistant prints
    if view.print_button.isVisible():
        qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
        dlg = view.dialog
        assert dlg is not None and "张明" in dlg.suggested_name
        qtbot.waitUntil(lambda: dlg.page_count() >= 1, timeout=30000)
        dlg.close()

    view.tabs.setCurrentIndex(1)
    cov = view.coverage_chart.series()
    assert len(cov) == 1
    bars = cov[0].barSets()[0]
    assert [bars.at(i) for i in range(bars.count())] == [e.coverage_pct for e in reversed(expected)]
    closure = view.closure_chart.series()
    assert len(closure) == 1 and len(closure[0].barSets()) == 2
    on_time = closure[0].barSets()[0]
    assert on_time.at(on_time.count() - 1) == 1  # closed this month, on time

    # another period: nothing this month last year
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.period.setCurrentIndex(view.period.findData("month"))
    assert view.period_range()[0] == local_today().replace(day=1)


def test_summary_visits_and_the_ledger_line_count_alike(qtbot, world, ctx, sup_ctx, runner) -> None:
    """The row's 走访次数 and the selected assistant's ledger line say the same number, among records
    of every kind: an on-site and an on-demand visit count, a survey and an amendment are listed in
    the ledger but are not visits; the column's header says what it counts."""
    with world.session() as s:
        made = {}
        for key, kind in (("e1", "onsite"), ("e2", "ondemand"), ("e3", "survey")):
            r = ctx.records.create_draft(
                s,
                enterprise_id=world.enterprises[key],
                staff_id=ctx.staff.id,
                visit_at=datetime.now().astimezone() - timedelta(hours=1),
                kind=kind,
                place="会议室",
                content="走访",
            )
            made[kind] = ctx.records.submit(s, r)
        ctx.records.submit(s, ctx.records.amend(s, made["onsite"], content="走访（更正）"))
        draft = ctx.records.create_draft(
            s,
            enterprise_id=world.enterprises["e1"],
            staff_id=ctx.staff.id,
            visit_at=datetime.now().astimezone() - timedelta(hours=1),
            kind="onsite",
        )
        s.commit()
    view = make_view(qtbot, sup_ctx, runner)
    m = view.summary_model
    row = m.find(lambda r: r.staff_name == "张明")
    assert m.display(row, 2) == "2"  # on-site + on-demand, not the survey, the amendment or the draft
    view.summary_table.selectRow(row)
    qtbot.waitUntil(lambda: view.ledger_records.rowCount() == 4, timeout=10000)
    assert draft.id not in {view.ledger_records.row(i).id for i in range(4)}
    assert "走访记录 4 条（计走访次数 2，其中现场 1）" in view.ledger_label.text()
    with world.session() as s:
        led = staff_ledger(s, world.assistant.id, *view.period_range())
    assert m.display(row, 2) == str(led.totals["visits"])
    tip = m.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "现场服务" in tip and "定点服务" in tip and "调查" in tip and "更正" in tip


def test_assessment_saved(qtbot, world, ctx, sup_ctx, runner) -> None:
    view = make_view(qtbot, sup_ctx, runner)
    view.summary_table.selectRow(view.summary_model.find(lambda r: r.staff_name == "张明"))
    view.tabs.setCurrentIndex(2)
    qtbot.mouseClick(view.assess_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, AssessmentDialog)
    assert dlg.staff.currentText() == "张明"
    dlg.effect.setValue(90)
    dlg.attitude.setValue(85)
    dlg.satisfaction.setValue(80)
    assert dlg.total.text() == "85.5"
    type_text(dlg.comment, "走访覆盖到位，诉求办理及时")
    click_ok(qtbot, dlg, view.loaded)
    with world.session() as s:
        a = s.exec(select(Assessment)).one()
    assert a.staff_id == world.assistant.id and a.assessor_id == world.supervisor.id
    assert (a.effect_score, a.attitude_score, a.satisfaction_score, a.total_score) == (90, 85, 80, 85.5)
    assert a.comment == "走访覆盖到位，诉求办理及时"
    assert view.assessment_model.rowCount() == 1 and view.assessment_model.display(0, 5) == "85.5"


def test_reassignment_saved_with_history(qtbot, world, ctx, sup_ctx, runner) -> None:
    view = make_view(qtbot, sup_ctx, runner)
    view.tabs.setCurrentIndex(3)
    i = view.assignment_model.find(lambda r: r.enterprise == "德阳绿源食品有限公司")
    assert view.assignment_model.display(i, 1) == "张明"
    with qtbot.waitSignal(view.history_loaded, timeout=10000):
        view.assignment_table.selectRow(i)
    assert view.history_model.rowCount() == 1
    qtbot.mouseClick(view.reassign_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, ReassignDialog)
    assert [dlg.to_staff.itemText(j) for j in range(dlg.to_staff.count())] == ["李华"]
    tomorrow = local_today() + timedelta(days=1)
    dlg.on.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    type_text(dlg.note, "按片区调整")
    click_ok(qtbot, dlg, view.loaded)
    with world.session() as s:
        rows = s.exec(
            select(Assignment)
            .where(Assignment.enterprise_id == world.enterprises["e3"])
            .order_by(Assignment.start_date)
        ).all()
    assert [r.staff_id for r in rows] == [world.assistant.id, world.assistant2.id]
    assert rows[0].end_date == local_today() and rows[1].start_date == tomorrow and rows[1].end_date is None
    qtbot.waitUntil(lambda: view.history_model.rowCount() == 2, timeout=10000)
    assert [view.history_model.display(j, 0) for j in range(2)] == ["张明", "李华"]


def test_complaint_handled_and_record_reviewed(qtbot, world, ctx, sup_ctx, runner) -> None:
    ids = seed(world, ctx)
    view = make_view(qtbot, sup_ctx, runner)
    view.tabs.setCurrentIndex(4)
    assert view.complaint_model.rowCount() == 1
    assert view.complaint_model.display(0, 3) == "投诉审批窗口多次退件"
    view.complaint_table.selectRow(0)
    detail = view.complaint_detail
    qtbot.waitUntil(lambda: set(detail.offered_actions()) == {"assign", "solve_on_spot"}, timeout=10000)
    qtbot.mouseClick(detail.action_buttons["assign"], Qt.MouseButton.LeftButton)
    dlg = detail.dialog
    type_text(dlg.department, "区政务服务中心")
    type_text(dlg.person, "周主任")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: view.complaint_model.rowCount() == 1 and view.complaint_model.display(0, 4) == "交办",
        timeout=10000,
    )
    with world.session() as s:
        c = s.get(Demand, ids["complaint"])
    assert c.state == "assigned" and c.department == "区政务服务中心"

    view.tabs.setCurrentIndex(5)
    assert view.review_model.rowCount() == 2
    i = view.review_model.find(lambda r: r.id == ids["e1"])
    view.review_table.selectRow(i)
    with qtbot.waitSignal(view.open_record) as sig:
        qtbot.mouseClick(view.view_record_button, Qt.MouseButton.LeftButton)
    assert sig.args == [ids["e1"]]
    qtbot.mouseClick(view.review_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, ReviewRecordDialog)
    type_text(dlg.note, "记录完整")
    click_ok(qtbot, dlg, view.loaded)
    with world.session() as s:
        r = s.get(ServiceRecord, ids["e1"])
    assert r.status == "reviewed" and r.reviewed_by == world.supervisor.id and r.review_note == "记录完整"
    assert view.review_model.rowCount() == 1
    # the selected assistant's ledger, read again by that load, shows the record reviewed
    view.tabs.setCurrentIndex(0)
    view.summary_table.selectRow(view.summary_model.find(lambda r: r.staff_name == "张明"))
    qtbot.waitUntil(lambda: view.ledger_records.rowCount() == 2, timeout=10000)
    assert {view.ledger_records.row(i).id: view.ledger_records.row(i).status_label for i in range(2)} == {
        ids["e1"]: "已审阅",
        ids["e2"]: "已提交",
    }


def test_summary_shows_every_column_and_the_total_at_1366(qtbot, world, ctx, sup_ctx, runner) -> None:
    """At a 1366×768 laptop's width (the view gets what the navigation leaves: ~1150 px) the
    summary's last column (满意度) is not cut behind a scroll bar and the 合计 row is in view."""
    seed(world, ctx)
    view = show_view(qtbot, SupervisorView(sup_ctx, runner), 1150, 690)
    t, m = view.summary_table, view.summary_model
    hh = t.horizontalHeader()
    last = m.columnCount() - 1
    assert m.headerData(last, Qt.Orientation.Horizontal) == "满意度"
    assert hh.sectionViewportPosition(last) + hh.sectionSize(last) <= t.viewport().width()
    assert not t.horizontalScrollBar().isVisible()
    total_row = m.rowCount() - 1
    assert m.display(total_row, 0) == "合计"
    assert t.rowViewportPosition(total_row) + t.rowHeight(total_row) <= t.viewport().height()
    # every figure column keeps room for its header
    fm = hh.fontMetrics()
    for c in range(2, m.columnCount()):
        assert hh.sectionSize(c) >= fm.horizontalAdvance(str(m.headerData(c, Qt.Orientation.Horizontal)))


def test_assignment_list_pages_searches_and_filters(qtbot, world, sup_ctx, runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The 包联调整 list reads a page at a time: pages follow while the table has room (no scroll
    bar yet) or when it is scrolled to the end; a search or a staff filter reads its first page
    again, filtered in SQL; the label says how many are shown of how many."""
    monkeypatch.setattr(supervision, "ASSIGNMENT_PAGE", 2)
    view = make_view(qtbot, sup_ctx, runner)
    view.tabs.setCurrentIndex(3)
    with world.session() as s:
        whole = supervision.assignment_page(s, world.zone_id, limit=1000)
        mine = supervision.assignment_page(s, world.zone_id, staff_id=world.assistant2.id, limit=1000)
    assert whole.total == 4 and mine.total == 1
    m = view.assignment_model
    qtbot.waitUntil(lambda: m.rowCount() == whole.total, timeout=10000)  # two pages: room for both
    assert [r.enterprise for r in m.rows()] == [r.enterprise for r in whole.rows]
    assert view.assignment_count.text() == "已显示 4 / 共 4 家"

    with qtbot.waitSignal(view.assignments_loaded, timeout=10000):
        type_text(view.assignment_search, "绿源")
    assert [r.enterprise for r in m.rows()] == ["德阳绿源食品有限公司"]
    assert view.assignment_count.text() == "已显示 1 / 共 1 家"

    view.assignment_table.setFixedHeight(70)  # a scroll bar for two rows: the next page waits for a scroll
    with qtbot.waitSignal(view.assignments_loaded, timeout=10000):
        view.assignment_search.clear()
    qtbot.waitUntil(lambda: view.assignment_table.verticalScrollBar().maximum() > 0, timeout=10000)
    assert m.rowCount() == 2 and view.assignment_count.text() == "已显示 2 / 共 4 家"
    with qtbot.waitSignal(view.assignments_loaded, timeout=10000):
        bar = view.assignment_table.verticalScrollBar()
        bar.setValue(bar.maximum())
    assert [r.enterprise for r in m.rows()] == [r.enterprise for r in whole.rows]

    with qtbot.waitSignal(view.assignments_loaded, timeout=10000):
        view.assignment_staff.setCurrentIndex(view.assignment_staff.findData(world.assistant2.id))
    assert [(r.enterprise, r.staff) for r in m.rows()] == [(r.enterprise, r.staff) for r in mine.rows]


def test_review_list_pages(qtbot, world, ctx, sup_ctx, runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The records awaiting review come a page at a time too: all of them once the pages are read."""
    seed(world, ctx)
    monkeypatch.setattr(supervision, "ASSIGNMENT_PAGE", 1)
    view = make_view(qtbot, sup_ctx, runner)
    view.tabs.setCurrentIndex(5)
    start, end = view.period_range()
    with world.session() as s:
        whole = supervision.review_page(s, world.zone_id, start, end, limit=1000)
    assert whole.total == 2
    qtbot.waitUntil(lambda: view.review_model.rowCount() == 2, timeout=10000)
    assert [r.id for r in view.review_model.rows()] == [r.id for r in whole.rows]
    assert view.review_count.text() == "已显示 2 / 共 2 条"


def test_complaint_list_pages(qtbot, world, ctx, sup_ctx, runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The complaints come a page at a time (first page with the screen's load, the next while the
    rows fit), counted in SQL: all of them once the pages are read, the earliest deadline first."""
    ids = seed(world, ctx)
    with world.session() as s:
        for key, days in (("e1", 9), ("e2", 2)):
            c = ctx.demands.raise_demand(
                s,
                enterprise_id=world.enterprises[key],
                staff_id=ctx.staff.id,
                description=f"投诉{days}",
                kind="complaint",
            )
            ctx.demands.transition(
                s,
                c,
                "assign",
                department="区政务服务中心",
                responsible_person="周主任",
                deadline=local_today() + timedelta(days=days),
            )
        s.commit()
    monkeypatch.setattr(supervision, "ASSIGNMENT_PAGE", 1)
    view = make_view(qtbot, sup_ctx, runner)
    view.tabs.setCurrentIndex(4)
    qtbot.waitUntil(lambda: view.complaint_model.rowCount() == 3, timeout=10000)
    assert [r.description for r in view.complaint_model.rows()] == ["投诉2", "投诉9", "投诉审批窗口多次退件"]
    assert view.complaint_model.rows()[2].id == ids["complaint"]  # no deadline: last
    assert view.complaint_count.text() == "已显示 3 / 共 3 条"


def test_summary_pages_keep_the_zone_total_last(qtbot, world, ctx, sup_ctx, runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The summary reads a page of assistants at a time (the next while the table has room, or when
    scrolled to its end); the 合计 row, counted apart, stays the last row and equals the total of
    every assistant's row; the coverage chart has a bar per row shown; assessments come in pages."""
    seed(world, ctx)
    monkeypatch.setattr(ledger, "SUMMARY_PAGE", 1)
    monkeypatch.setattr(supervision, "ASSIGNMENT_PAGE", 1)
    start, end = quarter_bounds(local_today())
    with world.session() as s:
        for staff in (world.assistant, world.assistant2):
            supervision.record_assessment(
                s,
                sup_ctx.actor,
                staff_id=staff.id,
                assessor_id=world.supervisor.id,
                period_start=start,
                period_end=end,
                effect_score=90,
                attitude_score=80,
                satisfaction_score=70,
            )
        s.commit()
        expected = zone_summary(s, start, end, zone_id=world.zone_id)
        total = zone_totals(expected)
    assert len(expected) >= 2
    view = make_view(qtbot, sup_ctx, runner)
    m = view.summary_model
    qtbot.waitUntil(lambda: m.rowCount() == len(expected) + 1, timeout=10000)  # room for every page
    assert [m.row(i).staff_id for i in range(len(expected))] == [e.staff_id for e in expected]
    last = m.row(m.rowCount() - 1)
    assert m.display(m.rowCount() - 1, 0) == "合计" and vars(last) == vars(total)
    assert view.summary_count.text() == f"已显示 {len(expected)} / 共 {len(expected)} 人"
    assert selected_row(view.summary_table).staff_id == expected[0].staff_id
    bars = view.coverage_chart.series()[0].barSets()[0]
    assert bars.count() == len(expected)
    qtbot.waitUntil(lambda: view.assessment_model.rowCount() == 2, timeout=10000)
    assert view.assessment_count.text() == "已显示 2 / 共 2 条"

    # a table with room for one row: the next page waits for a scroll, the total stays last
    view.summary_table.setFixedHeight(view.summary_table.horizontalHeader().height() + 40)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.refresh()
    qtbot.waitUntil(lambda: view.summary_table.verticalScrollBar().maximum() > 0, timeout=10000)
    shown = len(view.summary_pages.rows)
    assert shown < len(expected) and m.rowCount() == shown + 1
    assert m.display(m.rowCount() - 1, 0) == "合计"
    while view.summary_pages.more:
        with qtbot.waitSignal(view.summary_pages.page_shown, timeout=10000):
            bar = view.summary_table.verticalScrollBar()
            bar.setValue(bar.maximum())
    assert [m.row(i).staff_id for i in range(len(expected))] == [e.staff_id for e in expected]
    assert m.rowCount() == len(expected) + 1 and vars(m.row(len(expected))) == vars(total)
