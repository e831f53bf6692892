"""The print preview dialog: generates off the GUI thread, shows the pages, saves the PDF, exports
Excel, prints onto a QPrinter, and reports a failed generation."""

from __future__ import annotations

import io
import threading
import time
from datetime import date
from pathlib import Path

import pypdf
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton

from fieldkit.domain import i18n  # the translator lives there (fieldkit.services.i18n re-exports it)
from fieldkit.forms.demand_ledger import demand_ledger_doc
from fieldkit.forms.survey import render_survey
from fieldkit.services.labels import label
from fieldkit.services.ledger import DemandRow
from fieldkit.ui.dialogs import print_dialog
from fieldkit.ui.dialogs.print_dialog import PrintPreviewDialog, safe_file_name

PERIOD = (date(2026, 1, 1), date(2026, 12, 31))


def ledger_rows(n: int) -> list[DemandRow]:
    return [
        DemandRow(
            enterprise_id="",
            staff_id="",
            staff="",
            kind="demand",
            category_label="",
            urgency="normal",
            urgency_label="",
            state="",
            satisfaction=None,
            record_id=None,
            id=str(i),
            collected_at="2026-03-01",
            enterprise=f"德阳测试企业{i}",
            kind_label="诉求",
            category="other",
            description="用电增容" * 6,
            state_label="承办",
            department="区经信局",
            responsible_person="张三",
            deadline=date(2026, 4, 1),
            days_left=None,
            overdue=False,
            satisfaction_label="",
            closed_on="",
            overdue_explanation="",
        )
        for i in range(n)
    ]


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


def test_save_as_pdf_writes_a_real_pdf(
    qtbot,
    threads: list[str],
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dlg = make_dialog(qtbot, threads)
    qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=30000)
    asked: list[str] = []

    def fake_save(_parent, _caption, suggested, _filter):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return str(tmp_path / "台账"), "PDF"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    writers: list[str] = []
    real_write = print_dialog.atomic_write

    def spy_write(path: Path, data: bytes) -> None:
        writers.append(threading.current_thread().name)
        real_write(path, data)

    monkeypatch.setattr(print_dialog, "atomic_write", spy_write)
    with qtbot.waitSignal(dlg.saved) as sig:
        dlg.save_button.click()
        assert not dlg.save_button.isEnabled()  # the click returned before the file was written
    assert writers and writers[0] != threading.main_thread().name  # write + fsync off the GUI thread
    assert dlg.save_button.isEnabled()
    saved = Path(sig.args[0])
    assert saved == tmp_path / "台账.pdf"  # the extension is added
    assert asked[0].endswith("诉求台账_2026.pdf")  # a safe suggested name
    reader = pypdf.PdfReader(io.BytesIO(saved.read_bytes()))
    assert len(reader.pages) == dlg.page_count()
    assert "诉求台账" in (reader.pages[0].extract_text() or "")


def test_export_excel_runs_in_the_background(
    qtbot,
    threads: list[str],
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dlg = make_dialog(qtbot, threads, n=30)
    qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=30000)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(tmp_path / "ledger.xlsx"), ""))
    )
    with qtbot.waitSignal(dlg.exported, timeout=30000) as sig:
        dlg.excel_button.click()
    wb = load_workbook(sig.args[0])
    ws = wb["诉求台账"]
    assert ws.freeze_panes == "A2" and ws.max_row == 31


def test_cancelled_file_dialog_writes_nothing(
    qtbot,
    threads: list[str],
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dlg = make_dialog(qtbot, threads, n=5)
    qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=30000)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a: ("", "")))
    with qtbot.assertNotEmitted(dlg.saved):
        dlg.save_button.click()
    assert list(tmp_path.iterdir()) == []


def test_print_renders_every_page_onto_the_printer(
    qtbot,
    threads: list[str],
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
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


def test_a_failed_save_is_reported(
    qtbot,
    threads: list[str],
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dlg = make_dialog(qtbot, threads, n=5)
    qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=30000)
    target = tmp_path / "没有这个文件夹" / "台账.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(target), "")))
    with qtbot.assertNotEmitted(dlg.saved, wait=200):
        dlg.save_button.click()
        qtbot.waitUntil(lambda: "无法保存" in dlg.status.text(), timeout=10000)
    assert str(target) in dlg.status.text() and dlg.save_button.isEnabled()
    assert not target.parent.exists()


def printing_setup(
    qtbot,
    threads: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
    n: int,
) -> tuple[PrintPreviewDialog, Path]:
    dlg = make_dialog(qtbot, threads, n=n)
    qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=60000)
    out = tmp_path / "printed.pdf"
    dlg.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    dlg.printer.setOutputFileName(str(out))
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
    return dlg, out


def hold_second_page(monkeypatch: pytest.MonkeyPatch, until: threading.Event) -> None:
    """The printing worker renders its second page only once ``until`` is set (the real page,
    rendered then): the test decides what happens in between, whatever the machine's speed. The
    preview's own rendering on the GUI thread is left alone."""
    real_render = print_dialog._Pages.render

    def render(self, i: int, dpi: float):  # type: ignore[no-untyped-def]
        if i == 1 and threading.current_thread() is not threading.main_thread():
            assert until.wait(120), "the GUI thread never released the printing worker"
        return real_render(self, i, dpi)

    monkeypatch.setattr(print_dialog._Pages, "render", render)


def test_printing_a_long_ledger_keeps_the_window_responsive(
    qtbot,
    threads: list[str],
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pages are rendered and painted on a worker: a timer of the GUI thread keeps firing meanwhile."""
    dlg, out = printing_setup(qtbot, threads, tmp_path, monkeypatch, n=240)
    pages = dlg.page_count()
    assert pages >= 12
    ticks: list[tuple[float, bool]] = []
    progress: list[tuple[int, int]] = []
    timer = QTimer()
    timer.setInterval(10)
    ticked_while_printing = threading.Event()

    def tick() -> None:
        ticks.append((time.monotonic(), dlg.is_printing()))
        if sum(1 for _t, printing in ticks if printing) >= 2:
            ticked_while_printing.set()

    # the worker waits at its second page until the GUI thread has run this timer twice during the
    # job: a GUI thread blocked by the printing would never release it (and the test fails)
    hold_second_page(monkeypatch, ticked_while_printing)
    timer.timeout.connect(tick)
    dlg.print_progress.connect(lambda done, total: progress.append((done, total)))
    timer.start()
    with qtbot.waitSignal(dlg.printed, timeout=120000) as sig:
        dlg.print_button.click()
        assert dlg.is_printing() and not dlg.print_button.isEnabled()  # the click returned at once
        assert dlg.progress is not None and dlg.progress.maximum() == pages
    timer.stop()
    during = [t for t, printing in ticks if printing]
    # the GUI loop kept running timers while the pages were painted (and delivered every page's progress,
    # which arrives by queued signal): counted, not timed, so a loaded machine cannot make it flaky
    assert len(during) >= 2, len(during)
    assert progress == [(i, pages) for i in range(1, pages + 1)]
    assert sig.args[0] == pages
    assert len(pypdf.PdfReader(str(out)).pages) == pages
    assert dlg.print_button.isEnabled() and dlg.progress is None and not dlg.is_printing()
    assert dlg.status.text() == f"已发送到打印机：{pages} 页"


def test_printing_can_be_cancelled(
    qtbot,
    threads: list[str],
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dlg, _out = printing_setup(qtbot, threads, tmp_path, monkeypatch, n=240)
    clicked = threading.Event()
    hold_second_page(monkeypatch, clicked)  # the job is still running when 取消 is clicked
    with qtbot.waitSignal(dlg.print_progress, timeout=60000):
        dlg.print_button.click()
    assert dlg.progress is not None
    cancel = dlg.progress.findChild(QPushButton)
    cancel.clicked.connect(clicked.set)
    with qtbot.assertNotEmitted(dlg.printed), qtbot.waitSignal(dlg.print_cancelled, timeout=60000) as sig:
        cancel.click()
    assert 1 <= sig.args[0] < dlg.page_count()
    assert dlg.status.text() == f"已取消打印（已发送 {sig.args[0]} 页）"
    assert dlg.print_button.isEnabled() and not dlg.is_printing() and dlg.progress is None


def test_closing_the_preview_while_printing_stops_the_job(
    qtbot,
    threads: list[str],
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dlg, _out = printing_setup(qtbot, threads, tmp_path, monkeypatch, n=240)
    outcomes: list[print_dialog.PrintOutcome] = []
    real_paint = print_dialog.paint_pages

    closed = threading.Event()

    def spy_paint(*args, **kwargs):  # type: ignore[no-untyped-def]
        outcomes.append(real_paint(*args, **kwargs))
        return outcomes[-1]

    monkeypatch.setattr(print_dialog, "paint_pages", spy_paint)
    hold_second_page(monkeypatch, closed)  # the job is still running when the preview closes
    dlg.rejected.connect(closed.set)
    with qtbot.waitSignal(dlg.print_progress, timeout=60000):
        dlg.print_button.click()
    with qtbot.assertNotEmitted(dlg.printed):
        dlg.reject()
        qtbot.waitUntil(lambda: bool(outcomes) and not dlg.runner.busy, timeout=60000)
    assert outcomes[0].cancelled and 1 <= outcomes[0].printed < outcomes[0].total


def test_documents_are_generated_in_chinese_under_an_english_interface(qtbot, threads: list[str]) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def make_pdf() -> bytes:
        seen.append(label("stage", "operation"))
        return render_survey()

    before = i18n._translator, i18n.current_language()  # the session's LanguageManager installed one
    i18n.set_translator(lambda _ctx, text: f"EN[{text}]")
    i18n.set_language("en")
    try:
        dlg = PrintPreviewDialog(None, make_pdf, "调查表", "调查表")
        qtbot.addWidget(dlg)
        with qtbot.waitSignal(dlg.pdf_generated, timeout=30000):
            pass
        assert seen == ["生产经营"]
        assert label("stage", "operation") == "EN[生产经营]"  # the GUI thread stays in English
    finally:
        i18n.set_translator(before[0])
        i18n.set_language(before[1])


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


def test_the_preview_fits_a_small_screen_with_every_button_in_sight(qtbot, threads: list[str]) -> None:  # type: ignore[no-untyped-def]
    """The offscreen screen is 800 px high, less than the 1000 px the preview would like (a 768-px
    laptop is the same case): the window and its buttons stay on the screen."""
    dlg = make_dialog(qtbot, threads, n=5)
    qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=30000)
    area = dlg.screen().availableGeometry()
    assert area.height() < 1000  # the case this test is about
    assert dlg.height() <= area.height() and dlg.width() <= area.width()
    assert area.contains(dlg.geometry())
    for b in (dlg.print_button, dlg.save_button, dlg.excel_button, dlg.close_button):
        top_left = b.mapToGlobal(b.rect().topLeft())
        bottom_right = b.mapToGlobal(b.rect().bottomRight())
        assert b.isVisible() and area.contains(top_left) and area.contains(bottom_right), b.text()
