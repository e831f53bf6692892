"""The print preview dialog: generates off the GUI thread, shows the pages, saves the PDF, exports
Excel, prints onto a QPrinter, and reports a failed generation."""

from __future__ import annotations

import io
import threading
from datetime import date
from pathlib import Path

import pypdf
import pytest
from openpyxl import load_workbook
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from fieldkit.forms.demand_ledger import demand_ledger_doc
from fieldkit.forms.survey import render_survey
from fieldkit.services.ledger import DemandRow
from fieldkit.ui.dialogs.print_dialog import PrintPreviewDialog, safe_file_name

PERIOD = (date(2026, 1, 1), date(2026, 12, 31))


def ledger_rows(n: int) -> list[DemandRow]:
    return [DemandRow(id=str(i), collected_on="2026-03-01", enterprise=f"德阳测试企业{i}", kind="诉求", category="other",
                      description="用电增容" * 6, state="承办", department="区经信局", responsible_person="张三",
                      deadline=date(2026, 4, 1), days_left=None, overdue=False, satisfaction="", closed_on="",
                      overdue_explanation="") for i in range(n)]


@pytest.fixture()
def threads() -> list[str]:
    return []


def make_dialog(qtbot, threads: list[str], n: int = 60, fail: bool = False) -> PrintPreviewDialog:  # type: ignore[no-untyped-def]
    doc = demand_ledger_doc(ledger_rows(n), *PERIOD, unit="测试功能区")

    def make_pdf() -> bytes:
        threads.append(threading.current_thread().name)
        if fail:
            raise RuntimeError("数据库已锁定")
        return doc.pdf()

    dlg = PrintPreviewDialog(None, make_pdf, "诉求台账", "诉求台账/2026", make_xlsx=doc.xlsx)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_generates_off_the_gui_thread_and_previews_every_page(qtbot, threads: list[str]) -> None:  # type: ignore[no-untyped-def]
    dlg = make_dialog(qtbot, threads)
    assert not dlg.save_button.isEnabled()  # nothing to save until the PDF is there
    with qtbot.waitSignal(dlg.pdf_generated, timeout=30000):
        pass
    assert threads and threads[0] != threading.main_thread().name
    assert dlg.page_count() > 1
    assert dlg.status.text() == f"共 {dlg.page_count()} 页"
    assert dlg.print_button.isEnabled() and dlg.save_button.isEnabled() and dlg.excel_button.isEnabled()


def test_save_as_pdf_writes_a_real_pdf(qtbot, threads: list[str], tmp_path: Path,  # type: ignore[no-untyped-def]
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    dlg = make_dialog(qtbot, threads)
    qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=30000)
    asked: list[str] = []

    def fake_save(_parent, _caption, suggested, _filter):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return str(tmp_path / "台账"), "PDF"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    with qtbot.waitSignal(dlg.saved) as sig:
        dlg.save_button.click()
    saved = Path(sig.args[0])
    assert saved == tmp_path / "台账.pdf"  # the extension is added
    assert asked[0].endswith("诉求台账_2026.pdf")  # a safe suggested name
    reader = pypdf.PdfReader(io.BytesIO(saved.read_bytes()))
    assert len(reader.pages) == dlg.page_count()
    assert "诉求台账" in (reader.pages[0].extract_text() or "")


def test_export_excel_runs_in_the_background(qtbot, threads: list[str], tmp_path: Path,  # type: ignore[no-untyped-def]
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    dlg = make_dialog(qtbot, threads, n=30)
    qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=30000)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a: (str(tmp_path / "ledger.xlsx"), "")))
    with qtbot.waitSignal(dlg.exported, timeout=30000) as sig:
        dlg.excel_button.click()
    wb = load_workbook(sig.args[0])
    ws = wb["诉求台账"]
    assert ws.freeze_panes == "A2" and ws.max_row == 31


def test_cancelled_file_dialog_writes_nothing(qtbot, threads: list[str], tmp_path: Path,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    dlg = make_dialog(qtbot, threads, n=5)
    qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=30000)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a: ("", "")))
    with qtbot.assertNotEmitted(dlg.saved):
        dlg.save_button.click()
    assert list(tmp_path.iterdir()) == []


def test_print_renders_every_page_onto_the_printer(qtbot, threads: list[str], tmp_path: Path,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    dlg = make_dialog(qtbot, threads, n=60)
    qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=30000)
    out = tmp_path / "printed.pdf"
    dlg.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a "printer" we can read back
    dlg.printer.setOutputFileName(str(out))
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
    with qtbot.waitSignal(dlg.printed) as sig:
        dlg.print_button.click()
    assert sig.args[0] == dlg.page_count()
    printed = pypdf.PdfReader(str(out))
    assert len(printed.pages) == dlg.page_count()
    first = printed.pages[0].mediabox
    assert float(first.width) > float(first.height)  # the ledger's landscape pages stay landscape


def test_failed_generation_is_reported(qtbot, threads: list[str]) -> None:  # type: ignore[no-untyped-def]
    dlg = make_dialog(qtbot, threads, fail=True)
    with qtbot.waitSignal(dlg.generation_failed) as sig:
        pass
    assert "数据库已锁定" in sig.args[0]
    assert "生成失败" in dlg.status.text()
    assert not dlg.save_button.isEnabled() and not dlg.print_button.isEnabled()


def test_closing_while_generating_is_safe(qtbot, threads: list[str]) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()

    def slow_pdf() -> bytes:
        gate.wait(10)
        return render_survey()

    dlg = PrintPreviewDialog(None, slow_pdf, "调查表", "调查表")
    qtbot.addWidget(dlg)
    dlg.show()
    assert not dlg.excel_button.isVisible()  # no Excel for a form
    dlg.reject()
    gate.set()
    qtbot.waitUntil(lambda: not dlg.runner.busy, timeout=10000)
    assert dlg.pdf is None


def test_safe_file_name() -> None:
    assert safe_file_name('走访记录/德阳:公司*"?') == "走访记录_德阳_公司"
    assert safe_file_name("...") == "document"
