"""人员管理 (the supervisor's and admin's staff screen, issue 12 §15): the staff they manage with
their specialist type, in-post state and current assignments; 新建人员 / 修改 open
:class:`~fieldkit.ui.dialogs.staff_dialog.StaffDialog`. Read off the GUI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fieldkit.services.context import ServiceContext
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.i18n import translate as translated
from fieldkit.services.staff import StaffRow, staff_rows
from fieldkit.ui.dialogs.staff_dialog import StaffDialog
from fieldkit.ui.itemmodels.row_table_model import GREY, RowTableModel
from fieldkit.ui.widgets.builders import make_table, push_button
from fieldkit.ui.widgets.workflow_support import selected_row
from fieldkit.ui.workers import TaskRunner


class StaffTableModel(RowTableModel):
    columns = (
        (N("StaffTableModel", "姓名"), lambda r: r.name),
        (N("StaffTableModel", "登录账号"), lambda r: r.login),
        (N("StaffTableModel", "角色"), lambda r: r.role_label),
        (N("StaffTableModel", "人员类型"), lambda r: r.specialist_label),
        (N("StaffTableModel", "联系电话"), lambda r: r.phone),
        (N("StaffTableModel", "所在部门"), lambda r: r.department),
        (N("StaffTableModel", "包联企业"), lambda r: r.enterprises),
        (
            N("StaffTableModel", "状态"),
            lambda r: translated(
                "StaffTableModel",
                N("StaffTableModel", "在岗") if r.active else N("StaffTableModel", "已停用"),
            ),
        ),
    )

    def foreground(self, row: StaffRow, column: int) -> Any:
        return None if row.active else GREY


class StaffPanel(QWidget):
    """The staff list with its buttons; :attr:`loaded` after every read."""

    loaded = Signal()

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.dialog: StaffDialog | None = None
        self.model = StaffTableModel(self)
        self.table = make_table(self.model, "staff_table")
        self.new_button = push_button(self.tr("新建人员"), "new_staff")
        self.edit_button = push_button(self.tr("修改…"), "edit_staff")
        self.edit_button.setEnabled(False)
        self.status = QLabel()
        self.status.setObjectName("muted")
        bar = QHBoxLayout()
        bar.addWidget(self.new_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.status, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        self.new_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button.clicked.connect(lambda: self.open_dialog(selected_row(self.table)))
        self.table.doubleClicked.connect(lambda _i: self.open_dialog(selected_row(self.table)))
        self.table.selectionModel().selectionChanged.connect(
            lambda *_a: self.edit_button.setEnabled(selected_row(self.table) is not None)
        )

    def refresh(self) -> None:
        self.runner.read(self.ctx, staff_rows, self.ctx.actor, on_done=self._show, owner=self)

    def _show(self, rows: list[StaffRow]) -> None:
        self.model.set_rows(rows)
        self.edit_button.setEnabled(selected_row(self.table) is not None)
        self.status.setText(
            self.tr("共 {n} 人；主管可新建和修改本功能区的助理和专员").format(n=len(rows))
            if rows
            else self.tr("还没有服务人员：点“新建人员”添加")
        )
        self.loaded.emit()

    def open_dialog(self, row: StaffRow | None) -> None:
        dlg = StaffDialog(self.ctx, self.runner, row, self)
        self.dialog = dlg
        dlg.saved.connect(lambda _r: self.refresh())
        dlg.finished.connect(lambda _r: setattr(self, "dialog", None))
        dlg.open()
