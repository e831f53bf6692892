"""Every form is reachable from the window (issue 12 §4): 一企一档, 政策定制报告 and 服务满意度调查表 from
the enterprise page, 服务方案 from the proxy view, the assistant's own 工作台账 from the record editor;
ledgers are printed for a period the user chooses; the enterprise list exports what it shows to
Excel and says what to do when it is empty."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pypdf
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from fieldkit.services.periods import named_periods
from fieldkit.services.timeutil import local_today
from fieldkit.ui.dialogs.period_dialog import PeriodDialog
from fieldkit.ui.dialogs.print_dialog import PrintPreviewDialog
from fieldkit.ui.views.demands_view import DemandsView
from fieldkit.ui.views.enterprise_page import EnterprisePage
from fieldkit.ui.views.enterprises_view import EnterprisesView
from fieldkit.ui.views.proxy_view import ProxyView
from fieldkit.ui.views.record_editor import RecordEditorView
from tests.ui.workflow_fixtures import show_view, type_text


def pdf_text(qtbot, dlg: PrintPreviewDialog) -> str:  # type: ignore[no-untyped-def]
    assert isinstance(dlg, PrintPreviewDialog)
    qtbot.waitUntil(lambda: dlg.pdf is not None or "失败" in dlg.status.text(), timeout=60_000)
    assert dlg.pdf is not None, dlg.status.text()
    reader = pypdf.PdfReader(io.BytesIO(dlg.pdf))
    return "".join(p.extract_text() or "" for p in reader.pages)


@pytest.mark.parametrize(
    ("key", "expected"),
    [("profile", "一企一档"), ("policy_report", "政策定制报告"), ("survey", "满意度调查表")],
)
def test_the_enterprise_page_prints_its_forms(qtbot, ctx, runner, fixture_world, key, expected) -> None:
    page = EnterprisePage(ctx, runner)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    with qtbot.waitSignal(page.page_loaded, timeout=20_000):
        page.load(fixture_world.enterprises["huawei"])
    assert page.print_button.isVisible() and page.print_button.menu() is page.print_menu
    assert [a.text() for a in page.print_menu.actions()] == [
        "企业档案（一企一档）",
        "政策定制报告",
        "服务满意度调查表",
    ]
    page.print_actions[key].trigger()
    text = pdf_text(qtbot, page.dialog)
    assert expected in text.replace("\n", "") and "华为技术有限公司" in text.replace("\n", "")
    page.dialog.reject()


def test_the_proxy_view_prints_a_service_plan(qtbot, ctx, runner, fixture_world) -> None:
    view = show_view(qtbot, ProxyView(ctx, runner), 1200, 700)
    view.table.selectRow(0)
    row = view.current()
    assert row is not None and view.print_plan_button.isEnabled()
    qtbot.mouseClick(view.print_plan_button, Qt.MouseButton.LeftButton)
    text = pdf_text(qtbot, view.dialog).replace("\n", "")
    assert "服务方案" in text and row.item in text
    view.dialog.reject()


def test_an_assistant_prints_their_own_work_ledger_for_a_chosen_period(qtbot, ctx, runner) -> None:
    view = show_view(qtbot, RecordEditorView(ctx, runner), 1200, 700)
    qtbot.mouseClick(view.print_ledger_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, PeriodDialog) and dlg.preset.currentData() == "quarter"  # the usual default
    dlg.select("last_quarter")
    last_q = next(p for p in named_periods(local_today()) if p.code == "last_quarter")
    assert dlg.period() == (last_q.start, last_q.end)
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    preview = view.dialog
    text = pdf_text(qtbot, preview).replace("\n", "")
    assert "工作台账" in text and "张伟" in text
    assert last_q.start.isoformat() in text and last_q.end.isoformat() in text
    assert f"{last_q.start:%Y%m%d}" in preview.suggested_name
    preview.reject()


def test_a_ledger_period_with_the_start_after_the_end_is_refused_in_words(qtbot, ctx, runner) -> None:
    view = show_view(qtbot, DemandsView(ctx, runner), 1300, 700)
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, PeriodDialog)
    dlg.start.setDate(date(2026, 10, 31))
    dlg.end.setDate(date(2026, 10, 1))
    assert dlg.preset.currentData() == "custom"  # typing dates is a period of its own
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and view.dialog is dlg
    assert dlg.error.isVisible() and "晚于结束日期" in dlg.error.text()
    dlg.start.setDate(date(2026, 10, 1))
    assert not dlg.error.isVisible()  # the message goes once the user changes the dates
    dlg.end.setDate(date(2026, 10, 31))
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    preview = view.dialog
    text = pdf_text(qtbot, preview).replace("\n", "")
    assert "诉求台账" in text and "2026-10-01" in text and "2026-10-31" in text
    preview.reject()


def test_the_enterprise_list_exports_what_it_shows(qtbot, ctx, runner, tmp_path: Path, monkeypatch) -> None:
    view = EnterprisesView(ctx, runner)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    view.show()
    with qtbot.waitSignal(view.results_shown, timeout=20_000):
        view.refresh()
    with qtbot.waitSignal(view.results_shown, timeout=20_000):
        type_text(view.search, "dy")
    shown = [r.name for r in view.model.rows()]
    assert 0 < len(shown) < 6
    target = tmp_path / "名录"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(target), "")))
    with qtbot.waitSignal(view.exported, timeout=20_000) as sig:
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert sig.args[0] == str(target) + ".xlsx"
    wb = load_workbook(sig.args[0])
    ws = wb["企业名录"]
    assert [c.value for c in ws[1]][:3] == ["序号", "企业名称", "统一社会信用代码"]
    assert [ws.cell(row=i + 2, column=2).value for i in range(len(shown))] == shown
    assert ws.max_row == len(shown) + 1
    about = {r[0].value: r[1].value for r in wb["说明"].iter_rows() if r[0].value}
    assert about.get("筛选条件") == "搜索“dy”"
    assert "已导出" in view.export_status.text()

    # a search that finds nothing says what to do instead of showing a blank table
    with qtbot.waitSignal(view.results_shown, timeout=20_000):
        type_text(view.search, "zzzz")
    assert view.model.rowCount() == 0
    assert view.empty_label.isVisible() and view.table.isHidden()
    assert "清除筛选" in view.empty_label.text()
    assert not view.export_button.isEnabled()


def test_the_demand_ledger_lists_what_the_board_shows(qtbot, ctx, runner) -> None:
    """Issue 12 §4: a ledger printed from the board follows its filters and names them."""
    view = show_view(qtbot, DemandsView(ctx, runner), 1300, 700)
    all_rows = view.visible_rows()
    view.overdue_only.setChecked(True)
    overdue = view.visible_rows()
    others = [r for r in all_rows if not r.overdue]
    assert overdue and others and all(r.overdue for r in overdue)
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, PeriodDialog)
    dlg.start.setDate(date(2020, 1, 1))  # every demand of the store
    dlg.end.setDate(local_today())
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    text = pdf_text(qtbot, view.dialog).replace("\n", "").replace(" ", "")
    assert "筛选条件：只看逾期" in text
    for r in overdue:
        assert r.description.replace(" ", "") in text
    for r in others:
        assert r.description.replace(" ", "") not in text
    assert f"合计：诉求{len(overdue)}件" in text
    view.dialog.reject()


def test_the_proxy_ledger_follows_the_status_filter(qtbot, ctx, runner) -> None:
    view = show_view(qtbot, ProxyView(ctx, runner), 1200, 700)
    statuses = {view.table.model().row(i).status for i in range(view.table.model().rowCount())}
    assert len(statuses) >= 2
    status = sorted(statuses)[0]
    view.status_filter.setCurrentIndex(view.status_filter.findData(status))
    qtbot.waitUntil(lambda: not runner.busy, timeout=20_000)
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    dlg = view.dialog
    assert isinstance(dlg, PeriodDialog)
    dlg.start.setDate(date(2020, 1, 1))
    dlg.end.setDate(local_today())
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    text = pdf_text(qtbot, view.dialog).replace("\n", "")
    assert f"筛选条件：状态：{view.status_filter.currentText()}" in text
    view.dialog.reject()
