"""Print preview of a form or ledger: page previews, 打印…, 保存为PDF…, 导出Excel….

Any view can open it with two callables that build the document; they run on a worker thread
(``TaskRunner``), so a 300-page ledger never freezes the window. A view opens the preview of a
form with :func:`fieldkit.ui.widgets.workflow_support.open_form_preview`, which runs the form
function in a read session of the view's store::

    open_form_preview(self, ctx, work_ledger_pdf, work_ledger_xlsx, self.tr("工作台账"),
                      "工作台账_王小明_2026Q1", staff_id, start, end)

Pages are shown with QtPdf (PySide6-Addons); without it they are rendered with pypdfium2.
Printing is a runner job too, with a progress dialog and 取消: the worker renders each page to an
image at up to :data:`PRINT_DPI` and paints it onto the ``QPrinter`` chosen in the Qt print dialog,
in the page's own orientation. Qt supports painting on a ``QPrinter`` outside the GUI thread
("Thread-Support in Qt Modules": QPainter may paint onto QImage, QPrinter and QPicture in a thread;
only macOS's automatic progress dialog is then not shown, which is why this dialog shows its own).
Painting on the GUI thread instead would block it for ~120 ms per page at 200 dpi (the print
engine compresses each page image as it is drawn). The printer is not touched by the GUI thread
while a job runs. A document is always rendered in Chinese (:func:`source_language`), whatever
the interface language.

Vector printing (sending the PDF itself) would need each platform's spooler (CUPS ``lp``,
``ShellExecute "print"``) and would bypass the options chosen in the Qt print dialog; a forms
page at 200 dpi prints legibly, so raster it is.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QObject,
    QRect,
    QSize,
    QStandardPaths,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldkit.fileio import atomic_write
from fieldkit.services.i18n import source_language
from fieldkit.ui.widgets.screen_fit import fit_to_screen
from fieldkit.ui.workers import TaskRunner

try:  # PySide6-Addons
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    HAVE_QTPDF = True
except ImportError:  # pragma: no cover - depends on the installed wheels
    HAVE_QTPDF = False

#: the resolution pages are rendered at for the printer (300 dpi took ~4x longer per page and
#: 2.25x the memory for no difference a reader of a form can see)
PRINT_DPI = 200

_BAD_FILE_CHARS = re.compile(r'[\\/:*?"<>|\r\n\t]+')


def safe_file_name(name: str) -> str:
    """A file name for every system (no path separators or characters Windows refuses)."""
    return _BAD_FILE_CHARS.sub("_", name).strip(" ._") or "document"


class _Pages:
    """The pages of one PDF, for the preview and the printer: QtPdf, else pypdfium2."""

    def __init__(self, data: bytes, parent: QObject | None = None) -> None:
        """``parent`` None: for a worker thread, which then owns (and closes) these objects."""
        self.data = data
        self.doc: Any = None
        self._pdfium: Any = None
        if HAVE_QTPDF:  # QtPdf serialises its PDFium calls, so a worker may render while the preview does
            self._buffer = QBuffer(parent)
            self._buffer.setData(QByteArray(data))
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.doc = QPdfDocument(parent)  # type: ignore[arg-type]  # None: the worker thread owns it
            self.doc.load(self._buffer)
        else:  # pragma: no cover - exercised only without PySide6-Addons
            import pypdfium2  # type: ignore[import-untyped]

            self._pdfium = pypdfium2.PdfDocument(data)

    def count(self) -> int:
        return int(self.doc.pageCount()) if self.doc is not None else len(self._pdfium)

    def size_pt(self, i: int) -> tuple[float, float]:
        if self.doc is not None:
            s = self.doc.pagePointSize(i)
            return s.width(), s.height()
        w, h = self._pdfium[i].get_size()  # pragma: no cover
        return float(w), float(h)  # pragma: no cover

    def render(self, i: int, dpi: float) -> QImage:
        w, h = self.size_pt(i)
        size = QSize(max(1, round(w * dpi / 72)), max(1, round(h * dpi / 72)))
        if self.doc is not None:
            image: QImage = self.doc.render(i, size)
            return image
        pil = self._pdfium[i].render(scale=dpi / 72).to_pil().convert("RGB")  # pragma: no cover
        data = pil.tobytes("raw", "RGB")  # pragma: no cover
        return QImage(
            data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888
        ).copy()  # pragma: no cover

    def close(self) -> None:
        if self.doc is not None:
            self.doc.close()
        elif self._pdfium is not None:  # pragma: no cover
            self._pdfium.close()


def page_orientation(size_pt: tuple[float, float]) -> QPageLayout:
    """An A4 layout without margins in the orientation of a page of ``size_pt``."""
    w, h = size_pt
    orient = QPageLayout.Orientation.Landscape if w > h else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orient, QMarginsF(0, 0, 0, 0))


@dataclass(frozen=True)
class PrintOutcome:
    printed: int
    total: int
    cancelled: bool = False
    not_started: bool = False  # the printer refused to start (QPainter.begin failed)


def paint_pages(
    data: bytes,
    printer: QPrinter,
    first: int,
    last: int,
    dpi: float,
    cancel: threading.Event,
    progress: Callable[[int, int], None] | None = None,
) -> PrintOutcome:
    """Paint pages ``first``..``last`` (1-based) of the PDF ``data`` onto ``printer``, one page
    image at a time (memory stays at one page). Meant for a worker thread: it opens its own copy
    of the document there, and nothing else may use ``printer`` meanwhile. ``cancel`` is checked
    before each page; ``progress(pages printed, pages to print)`` after each."""
    pages: _Pages | None = _Pages(data)
    assert pages is not None
    total = last - first + 1
    printed = 0
    try:
        printer.setPageLayout(page_orientation(pages.size_pt(first - 1)))
        painter = QPainter()
        if not painter.begin(printer):
            return PrintOutcome(0, total, not_started=True)
        try:
            for i in range(first - 1, last):
                if cancel.is_set():
                    printer.abort()
                    break
                if i > first - 1:
                    printer.setPageLayout(page_orientation(pages.size_pt(i)))  # applies from the next page
                    printer.newPage()
                image = pages.render(i, dpi)
                area = painter.viewport()  # the printable page in device pixels
                size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
                del image
                printed += 1
                if progress is not None:
                    progress(printed, total)
        finally:
            painter.end()
        return PrintOutcome(printed, total, cancelled=printed < total and cancel.is_set())
    finally:
        pages.close()
        pages = None  # the QPdfDocument and its buffer die here, on the thread that made them


class _PrintBridge(QObject):
    """Lives on the GUI thread; the print job emits its progress through it (queued)."""

    page_done = Signal(int, int)


class PrintPreviewDialog(QDialog):
    """Preview a generated PDF and print it, save it, or export the same ledger to Excel."""

    pdf_generated = Signal()
    generation_failed = Signal(str)
    saved = Signal(str)
    exported = Signal(str)
    printed = Signal(int)
    #: pages printed so far, pages to print
    print_progress = Signal(int, int)
    #: printing was cancelled after this many pages
    print_cancelled = Signal(int)

    def __init__(
        self,
        parent: QWidget | None,
        make_pdf: Callable[[], bytes],
        title: str,
        suggested_name: str,
        make_xlsx: Callable[[], bytes] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("打印预览 — {0}").format(title))
        fit_to_screen(self, 900, 1000)  # a 768-px laptop screen keeps the buttons in sight
        self.make_pdf = make_pdf
        self.make_xlsx = make_xlsx
        self.title = title
        self.suggested_name = safe_file_name(suggested_name)
        self.pdf: bytes | None = None
        self.pages: _Pages | None = None
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.runner = TaskRunner(self)
        self._alive = True
        self._print_cancel: threading.Event | None = None
        self.progress: QProgressDialog | None = None

        self.status = QLabel(self.tr("正在生成“{0}”，请稍候…").format(title))
        self.status.setWordWrap(True)
        self.print_button = QPushButton(self.tr("打印…"))
        self.save_button = QPushButton(self.tr("保存为PDF…"))
        self.excel_button = QPushButton(self.tr("导出Excel…"))
        self.close_button = QPushButton(self.tr("关闭"))
        self.excel_button.setVisible(make_xlsx is not None)
        for b in (self.print_button, self.save_button, self.excel_button):
            b.setEnabled(False)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_pdf)
        self.excel_button.clicked.connect(self.export_excel)
        self.close_button.clicked.connect(self.reject)

        self.preview: QWidget
        if HAVE_QTPDF:
            self.view = QPdfView(self)
            self.view.setPageMode(QPdfView.PageMode.MultiPage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.preview = self.view
        else:  # pragma: no cover
            self.fallback_scroll = QScrollArea(self)
            self.fallback_scroll.setWidgetResizable(True)
            self.preview = self.fallback_scroll

        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for b in (self.print_button, self.save_button, self.excel_button, self.close_button):
            buttons.addWidget(b)
        root = QVBoxLayout(self)
        root.addWidget(self.preview, 1)
        root.addLayout(buttons)

        make = self.make_pdf

        def generate() -> bytes:  # on the worker thread; a form is a Chinese document in any language
            with source_language():
                return make()

        self.runner.run(generate, self._pdf_done, self._pdf_failed)

    # -- generation ---------------------------------------------------------------------------------
    def _pdf_done(self, data: bytes) -> None:
        if not self._alive:
            return
        if not isinstance(data, bytes | bytearray) or not bytes(data).startswith(b"%PDF"):
            self._pdf_failed(ValueError(self.tr("生成的文件不是 PDF")))
            return
        self.pdf = bytes(data)
        self.pages = _Pages(self.pdf, self)
        if HAVE_QTPDF:
            self.view.setDocument(self.pages.doc)
        else:  # pragma: no cover
            self._fill_fallback_preview()
        n = self.pages.count()
        self.status.setText(self.tr("共 {0} 页").format(n))
        for b in (self.print_button, self.save_button, self.excel_button):
            b.setEnabled(True)
        self.pdf_generated.emit()

    def _pdf_failed(self, exc: BaseException) -> None:
        if not self._alive:
            return
        text = exc.text() if hasattr(exc, "text") else str(exc)
        self.status.setText(self.tr("生成失败：{0}").format(text))
        self.generation_failed.emit(text)

    def _fill_fallback_preview(self) -> None:  # pragma: no cover - only without QtPdf
        assert self.pages is not None
        box = QWidget()
        lay = QVBoxLayout(box)
        for i in range(self.pages.count()):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(self.pages.render(i, 96)))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            lay.addWidget(label)
        self.fallback_scroll.setWidget(box)

    def page_count(self) -> int:
        return self.pages.count() if self.pages else 0

    # -- actions ------------------------------------------------------------------------------------
    def _default_path(self, suffix: str) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(
            Path.home()
        )
        return str(Path(folder) / f"{self.suggested_name}{suffix}")

    def _ask_path(self, caption: str, suffix: str, filter_text: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, caption, self._default_path(suffix), filter_text)
        if not path:
            return None
        p = Path(path)
        return p if p.suffix.lower() == suffix else p.with_name(p.name + suffix)

    @Slot()
    def save_pdf(self) -> None:
        if self.pdf is None:
            return
        path = self._ask_path(self.tr("保存为PDF"), ".pdf", self.tr("PDF 文件 (*.pdf)"))
        if path is None:
            return
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("正在保存…"))
        data = self.pdf

        def work() -> str:  # on the worker thread: write and fsync, no widgets
            atomic_write(path, data)
            return str(path)

        self.runner.run(work, self._save_done, lambda exc: self._save_failed(path, exc))

    def _save_done(self, path: str) -> None:
        if not self._alive:
            return
        self.save_button.setEnabled(True)
        self.status.setText(self.tr("已保存：{0}").format(path))
        self.saved.emit(path)

    def _save_failed(self, path: Path, exc: BaseException) -> None:
        if not self._alive:
            return
        self.save_button.setEnabled(True)
        reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
        self.status.setText(self.tr("无法保存“{0}”：{1}").format(str(path), reason))

    @Slot()
    def export_excel(self) -> None:
        if self.make_xlsx is None:
            return
        path = self._ask_path(self.tr("导出Excel"), ".xlsx", self.tr("Excel 工作簿 (*.xlsx)"))
        if path is None:
            return
        self.excel_button.setEnabled(False)
        self.status.setText(self.tr("正在导出 Excel…"))
        make = self.make_xlsx

        def work() -> str:  # on the worker thread: build and write, no widgets
            with source_language():
                data = make()
            atomic_write(path, data)
            return str(path)

        self.runner.run(work, self._excel_done, self._excel_failed)

    def _excel_done(self, path: str) -> None:
        if not self._alive:
            return
        self.excel_button.setEnabled(True)
        self.status.setText(self.tr("已导出：{0}").format(path))
        self.exported.emit(path)

    def _excel_failed(self, exc: BaseException) -> None:
        if not self._alive:
            return
        self.excel_button.setEnabled(True)
        text = exc.text() if hasattr(exc, "text") else str(exc)
        self.status.setText(self.tr("导出失败：{0}").format(text))

    @Slot()
    def print_document(self) -> None:
        if self.pages is None or self.is_printing():
            return
        n = self.pages.count()
        self.printer.setDocName(self.title)
        self.printer.setFromTo(1, n)
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle(self.tr("打印"))
        dialog.setMinMax(1, n)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_pages(self.printer)

    def is_printing(self) -> bool:
        return self._print_cancel is not None

    def print_pages(self, printer: QPrinter) -> bool:
        """Start printing the chosen pages onto ``printer`` on a worker thread, with a progress
        dialog; :attr:`printed` (or :attr:`print_cancelled`) follows. False if nothing started."""
        if self.pdf is None or self.pages is None or self.is_printing():
            return False
        n = self.pages.count()
        first, last = printer.fromPage(), printer.toPage()
        if first <= 0:
            first, last = 1, n
        last = min(last or n, n)
        if first > last:
            return False
        cancel = threading.Event()
        self._print_cancel = cancel
        bridge = _PrintBridge()  # made here, on the GUI thread: its signal is delivered here
        bridge.page_done.connect(self._print_progress)
        total = last - first + 1
        self.progress = QProgressDialog(
            self.tr("正在打印“{0}”…").format(self.title), self.tr("取消"), 0, total, self
        )
        self.progress.setWindowTitle(self.tr("打印"))
        # not modal: a modal QProgressDialog runs the event loop inside setValue(), re-entering
        # the progress slot; the print button is off meanwhile and closing the preview cancels
        self.progress.setWindowModality(Qt.WindowModality.NonModal)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setMinimumDuration(300)
        self.progress.setValue(0)
        self.progress.canceled.connect(self.cancel_printing)
        self.print_button.setEnabled(False)
        self.status.setText(self.tr("正在打印：第 {0}/{1} 页").format(0, total))
        data, dpi = self.pdf, min(printer.resolution(), PRINT_DPI)

        def report(done: int, total: int) -> None:  # holds the bridge until the runner releases the job
            bridge.page_done.emit(done, total)

        def work() -> PrintOutcome:  # on the worker thread: render and paint, no widgets
            return paint_pages(data, printer, first, last, dpi, cancel, report)

        self.runner.run(work, self._print_done, self._print_failed)
        return True

    @Slot()
    def cancel_printing(self) -> None:
        if self._print_cancel is not None:
            self._print_cancel.set()
            self.status.setText(self.tr("正在取消打印…"))

    def _print_progress(self, done: int, total: int) -> None:
        if not self._alive or self._print_cancel is None:
            return
        if self.progress is not None:
            self.progress.setValue(done)
        if not self._print_cancel.is_set():
            self.status.setText(self.tr("正在打印：第 {0}/{1} 页").format(done, total))
        self.print_progress.emit(done, total)

    def _end_printing(self) -> None:
        self._print_cancel = None
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel_printing)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.print_button.setEnabled(True)

    def _print_done(self, outcome: PrintOutcome) -> None:
        if not self._alive:
            return
        self._end_printing()
        if outcome.not_started:
            self.status.setText(self.tr("无法开始打印，请检查打印机"))
        elif outcome.cancelled:
            self.status.setText(self.tr("已取消打印（已发送 {0} 页）").format(outcome.printed))
            self.print_cancelled.emit(outcome.printed)
        else:
            self.status.setText(self.tr("已发送到打印机：{0} 页").format(outcome.printed))
            self.printed.emit(outcome.printed)

    def _print_failed(self, exc: BaseException) -> None:
        if not self._alive:
            return
        self._end_printing()
        text = exc.text() if hasattr(exc, "text") else str(exc)
        self.status.setText(self.tr("打印失败：{0}").format(text))

    # -- closing ------------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        self._alive = False
        if self._print_cancel is not None:
            self._print_cancel.set()  # the job stops before its next page
        if self.pages is not None:
            if HAVE_QTPDF:
                # an empty document rather than None: QPdfView's link model connects to the
                # document it is given, and warns (QObject::connect ... nullptr) when it is None
                self.view.setDocument(QPdfDocument(self))
            self.pages.close()
        super().done(result)
