"""The changes the server refused, with its reason: 重试 once the user fixed what the reason says
(sent again as a new mutation with the row's current values), or 放弃 (the local row keeps its
value until a pull brings the server's). Fits a 1366×768 screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.services.context import ServiceContext
from fieldkit.services.errors import FieldKitError
from fieldkit.services.sync_review import RejectedItem, discard_rejected, rejected_items, retry_rejected
from fieldkit.ui.callbacks import weak
from fieldkit.ui.workers import TaskRunner


class RejectedDialog(QDialog):
    #: an entry was sent again or given up
    changed = Signal()
    loaded = Signal()

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.items: list[RejectedItem] = []
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("rejectedTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 260)
        self.table.setColumnWidth(1, 60)
        self.table.setColumnWidth(2, 160)
        self.table.itemSelectionChanged.connect(self._selection)
        self.status = QLabel()
        self.status.setObjectName("fieldError")
        self.status.setWordWrap(True)
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("retryRejected")
        self.retry_button.clicked.connect(self.retry_selected)
        self.discard_button = QPushButton()
        self.discard_button.setObjectName("discardRejected")
        self.discard_button.clicked.connect(self.discard_selected)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.status)
        lay.addLayout(buttons)
        screen = QGuiApplication.primaryScreen()
        avail = screen.availableGeometry() if screen is not None else None
        w, h = 900, 520
        if avail is not None and avail.width() > 0:
            w, h = min(w, avail.width() - 40), min(h, avail.height() - 80)
        self.resize(w, h)
        self.retranslate()
        self._selection()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("被服务器退回的修改"))
        self.intro.setText(
            self.tr(
                "服务器没有接受下列修改，原因如下。请先按原因修改相应记录，再点“重试”重新上传；"
                "或点“放弃”撤销这项上传（本机记录暂时保留，下次同步时恢复为服务器上的内容）。"
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("记录"), self.tr("操作"), self.tr("修改的内容"), self.tr("服务器的原因")]
        )
        self.retry_button.setText(self.tr("重试"))
        self.discard_button.setText(self.tr("放弃"))
        self.close_button.setText(self.tr("关闭"))

    def reload(self) -> None:
        self.runner.read(
            self.ctx,
            rejected_items,
            on_done=weak(self, RejectedDialog._show),
            on_error=weak(self, RejectedDialog._failed),
        )

    def _show(self, items: list[RejectedItem]) -> None:
        self.items = items
        self.table.setRowCount(len(items))
        for r, it in enumerate(items):
            for c, text in enumerate((it.row_label, it.action, it.fields, it.reason)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(r, c, cell)
        self.table.resizeRowsToContents()
        if items:
            self.table.selectRow(0)
        self._selection()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(_text(exc))
        self.retry_button.setEnabled(bool(self.table.selectedItems()))
        self.discard_button.setEnabled(bool(self.table.selectedItems()))
        self.loaded.emit()

    def _selection(self) -> None:
        has = self.selected() is not None
        self.retry_button.setEnabled(has)
        self.discard_button.setEnabled(has)

    def selected(self) -> RejectedItem | None:
        rows = {i.row() for i in self.table.selectedItems()}
        if len(rows) != 1:
            return None
        r = rows.pop()
        return self.items[r] if 0 <= r < len(self.items) else None

    def retry_selected(self) -> None:
        it = self.selected()
        if it is not None:
            self._write(retry_rejected, it.seq)

    def discard_selected(self, confirm: bool = True) -> None:
        it = self.selected()
        if it is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("放弃这项修改"),
                self.tr("放弃后这项修改不会再上传到服务器。确定放弃吗？"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._write(discard_rejected, it.seq)

    def _write(self, fn: Any, seq: int) -> None:
        self.retry_button.setEnabled(False)
        self.discard_button.setEnabled(False)
        self.status.clear()
        self.runner.write(
            self.ctx,
            fn,
            seq,
            on_done=weak(self, RejectedDialog._written),
            on_error=weak(self, RejectedDialog._failed),
        )

    def _written(self, _result: Any) -> None:
        self.changed.emit()
        self.reload()


def _text(exc: BaseException) -> str:
    return exc.text() if isinstance(exc, FieldKitError) else str(exc)
