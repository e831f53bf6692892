"""Print preview of a form or ledger: page previews, 打印…, 保存为PDF…, 导出Excel….

Any view can open it with two callables that build the document; they run on a worker thread
(``TaskRunner``) with their own session, so a 300-page ledger never freezes the window::

    PrintPreviewDialog(self, make_pdf=lambda: render(ctx.make_session, "work-ledger", sel),
                       title=self.tr("工作台账"), suggested_name="工作台账_王小明_2026Q1",
                       make_xlsx=lambda: render(ctx.make_session, "work-ledger", sel, "xlsx")).open()

Pages are shown with QtPdf (PySide6-Addons); without it they are rendered with pypdfium2.
Printing renders each page at the printer's resolution onto the ``QPrinter`` chosen in the Qt
print dialog, in the page's own orientation.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
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
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldkit.ui.workers import TaskRunner

try:  # PySide6-Addons
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    HAVE_QTPDF = True
except ImportError:  # pragma: no cover - depends on the installed wheels
    HAVE_QTPDF = False

_BAD_FILE_CHARS = re.compile(r'[\\/:*?"<>|\r\n\t]+')


def safe_file_name(name: str) -> str:
    """A file name for every system (no path separators or characters Windows refuses)."""
    return _BAD_FILE_CHARS.sub("_", name).strip(" ._") or "document"


def write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.part")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class _Pages:
    """The pages of one PDF, for the preview and the printer: QtPdf, else pypdfium2."""

    def __init__(self, data: bytes, parent: QWidget) -> None:
        self.data = data
        self.doc: Any = None
        self._pdfium: Any = None
        if HAVE_QTPDF:
            self._buffer = QBuffer(parent)
            self._buffer.setData(QByteArray(data))
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.doc = QPdfDocument(parent)
            self.doc.load(self._buffer)
        else:  # pragma: no cover - exercised only without PySide6-Addons
            import pypdfium2

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
            return self.doc.render(i, size)
        pil = self._pdfium[i].render(scale=dpi / 72).to_pil().convert("RGB")  # pragma: no cover
        data = pil.tobytes("raw", "RGB")  # pragma: no cover
        return QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888).copy()  # pragma: no cover

    def close(self) -> None:
        if self.doc is not None:
            self.doc.close()
        elif self._pdfium is not None:  # pragma: no cover
            self._pdfium.close()


class PrintPreviewDialog(QDialog):
    """Preview a generated PDF and print it, save it, or export the same ledger to Excel."""

    pdf_generated = Signal()
    generation_failed = Signal(str)
    saved = Signal(str)
    exported = Signal(str)
    printed = Signal(int)

    def __init__(self, parent: QWidget | None, make_pdf: Callable[[], bytes], title: str, suggested_name: str,
                 make_xlsx: Callable[[], bytes] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("打印预览 — {0}").format(title))
        self.resize(900, 1000)
        self.make_pdf = make_pdf
        self.make_xlsx = make_xlsx
        self.title = title
        self.suggested_name = safe_file_name(suggested_name)
        self.pdf: bytes | None = None
        self.pages: _Pages | None = None
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.runner = TaskRunner(self)
        self._alive = True

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
            self.scroll = QScrollArea(self)
            self.scroll.setWidgetResizable(True)
            self.preview = self.scroll

        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for b in (self.print_button, self.save_button, self.excel_button, self.close_button):
            buttons.addWidget(b)
        root = QVBoxLayout(self)
        root.addWidget(self.preview, 1)
        root.addLayout(buttons)

        self.runner.run(self.make_pdf, self._pdf_done, self._pdf_failed)

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
        self.scroll.setWidget(box)

    def page_count(self) -> int:
        return self.pages.count() if self.pages else 0

    # -- actions ------------------------------------------------------------------------------------
    def _default_path(self, suffix: str) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
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
        try:
            write_atomically(path, self.pdf)
        except OSError as e:
            self.status.setText(self.tr("无法保存“{0}”：{1}").format(str(path), e.strerror or str(e)))
            return
        self.status.setText(self.tr("已保存：{0}").format(str(path)))
        self.saved.emit(str(path))

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
            write_atomically(path, make())
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
        if self.pages is None:
            return
        n = self.pages.count()
        self.printer.setDocName(self.title)
        self.printer.setFromTo(1, n)
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle(self.tr("打印"))
        dialog.setMinMax(1, n)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.printed.emit(self.print_pages(self.printer))

    def print_pages(self, printer: QPrinter) -> int:
        """Render the chosen pages onto ``printer``; returns how many were printed."""
        assert self.pages is not None
        n = self.pages.count()
        first, last = printer.fromPage(), printer.toPage()
        if first <= 0:
            first, last = 1, n
        last = min(last or n, n)
        self._set_orientation(printer, 0 if first < 1 else first - 1)
        painter = QPainter()
        if not painter.begin(printer):
            self.status.setText(self.tr("无法开始打印，请检查打印机"))
            return 0
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        printed = 0
        try:
            dpi = min(printer.resolution(), 300)
            for i in range(first - 1, last):
                if i > first - 1:
                    self._set_orientation(printer, i)
                    printer.newPage()
                image = self.pages.render(i, dpi)
                area = painter.viewport()  # the printable page in device pixels
                size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
                printed += 1
        finally:
            painter.end()
            QApplication.restoreOverrideCursor()
        self.status.setText(self.tr("已发送到打印机：{0} 页").format(printed))
        return printed

    def _set_orientation(self, printer: QPrinter, page: int) -> None:
        assert self.pages is not None
        w, h = self.pages.size_pt(page)
        orient = QPageLayout.Orientation.Landscape if w > h else QPageLayout.Orientation.Portrait
        layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orient, QMarginsF(0, 0, 0, 0))
        printer.setPageLayout(layout)

    # -- closing ------------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        self._alive = False
        if self.pages is not None:
            if HAVE_QTPDF:
                self.view.setDocument(None)
            self.pages.close()
        super().done(result)
