"""人员管理 (the supervisor's and admin's staff screen, issue 12 §15): the staff they manage with
their specialist type, in-post state and current assignments; 新建人员 / 修改 open
:class:`~fieldkit.ui.dialogs.staff_dialog.StaffDialog`. 开通账号 asks the connected server to open the
member's sign-in account (:func:`fieldkit.sync.account.open_account`; the server decides from the
token who may) and shows the one-time initial password once. Read and called off the GUI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QVBoxLayout, QWidget
from sqlmodel import Session

from fieldkit.services.context import ServiceContext
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.i18n import translate as translated
from fieldkit.services.staff import StaffRow, staff_rows
from fieldkit.services.store import Actor
from fieldkit.sync import account
from fieldkit.sync.protocol import AccountOpenResponse
from fieldkit.ui.dialogs.staff_dialog import StaffDialog
from fieldkit.ui.itemmodels.row_table_model import GREY, RowTableModel
from fieldkit.ui.sync_texts import error_text
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


def _load(session: Session, actor: Actor) -> tuple[list[StaffRow], bool]:
    """The staff rows and whether this store holds a server sign-in (开通账号 needs one)."""
    st = account.status(session)
    return staff_rows(session, actor), bool(st.server_url and st.signed_in)


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
        self.account_button = push_button(self.tr("开通账号…"), "open_account")
        self.account_button.setEnabled(False)
        self.connected = False
        self.confirm_box: QMessageBox | None = None
        self.result_box: QMessageBox | None = None
        self.status = QLabel()
        self.status.setObjectName("muted")
        bar = QHBoxLayout()
        bar.addWidget(self.new_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.account_button)
        bar.addWidget(self.status, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        self.new_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button.clicked.connect(lambda: self.open_dialog(selected_row(self.table)))
        self.table.doubleClicked.connect(lambda _i: self.open_dialog(selected_row(self.table)))
        self.account_button.clicked.connect(lambda: self.ask_open_account(selected_row(self.table)))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())

    def refresh(self) -> None:
        self.runner.read(self.ctx, _load, self.ctx.actor, on_done=self._show, owner=self)

    def _selection_changed(self) -> None:
        row = selected_row(self.table)
        self.edit_button.setEnabled(row is not None)
        self.account_button.setEnabled(row is not None and self.connected and row.active)
        if not self.connected:
            why = self.tr("开通账号需要连接服务器：本机尚未登录服务器（演示数据或仅在本机使用）")
        elif row is not None and not row.active:
            why = self.tr("该人员已停用，不能开通账号")
        else:
            why = self.tr("在服务器上为选中的人员开通登录账号，生成一次性初始密码")
        self.account_button.setToolTip(why)

    def _show(self, loaded: tuple[list[StaffRow], bool]) -> None:
        rows, self.connected = loaded
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()  # ten short columns: none cut to "产业助…" at 1366 px
        self._selection_changed()
        self.status.setText(
            self.tr("共 {n} 人；主管可新建和修改本功能区的助理和专员").format(n=len(rows))
            if rows
            else self.tr("还没有服务人员：点“新建人员”添加")
        )
        if not self.connected:
            self.status.setText(self.status.text() + self.tr("；本机未连接服务器，暂不能开通账号"))
        self.loaded.emit()

    # -- 开通账号 ----------------------------------------------------------------------------------------
    def ask_open_account(self, row: StaffRow | None) -> None:
        if row is None or not self.connected:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("开通账号"),
            self.tr(
                "为 {name}（{login}）在服务器上开通登录账号？\n服务器会生成一次性初始密码，只显示这一次；"
                "本人第一次登录时须设置自己的新密码。"
            ).format(name=row.name, login=row.login),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        ok = box.addButton(self.tr("开通"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(ok)
        self.confirm_box = box
        box.finished.connect(lambda _r: self._confirmed(row) if box.clickedButton() is ok else None)
        box.open()

    def _confirmed(self, row: StaffRow) -> None:
        self.confirm_box = None
        self.open_account(row)

    def open_account(self, row: StaffRow) -> None:
        """Ask the server (off the GUI thread); the answer or the reason comes back in a message."""
        self.account_button.setEnabled(False)
        self.status.setText(self.tr("正在服务器上开通 {login} 的账号…").format(login=row.login))
        engine = self.ctx.engine
        self.runner.run(
            lambda: account.open_account(engine, row.id),
            lambda got: self._opened(row, got),
            lambda exc: self._failed(row, exc),
            owner=self,
        )

    def _message(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_box = box
        box.open()

    def _opened(self, row: StaffRow, got: AccountOpenResponse) -> None:
        text = self.tr("已为 {name} 开通登录账号：{login}").format(name=row.name, login=got.login)
        if got.initial_password:
            text += "\n" + self.tr(
                "一次性初始密码：{password}\n请当面或电话告知本人（此密码只显示这一次）；"
                "本人第一次连接服务器时须设置自己的新密码。"
            ).format(password=got.initial_password)
        self._message(QMessageBox.Icon.Information, self.tr("账号已开通"), text)
        self.refresh()

    def _failed(self, row: StaffRow, exc: BaseException) -> None:
        text = self.tr("未能为 {name} 开通账号：{reason}").format(name=row.name, reason=error_text(exc))
        self._message(QMessageBox.Icon.Warning, self.tr("开通账号"), text)
        self.refresh()

    def open_dialog(self, row: StaffRow | None) -> None:
        dlg = StaffDialog(self.ctx, self.runner, row, self)
        self.dialog = dlg
        dlg.saved.connect(lambda _r: self.refresh())
        dlg.finished.connect(lambda _r: setattr(self, "dialog", None))
        dlg.open()
