"""新建 / 修改服务人员: name, sign-in name, specialist type (the seven types), phone, department and
whether they are in post (issue 12 §15). Saved by :func:`fieldkit.services.staff.save_staff`, which
decides what the signed-in supervisor or admin may do."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtWidgets import QCheckBox, QWidget

from fieldkit.models import Staff
from fieldkit.services.context import ServiceContext
from fieldkit.services.reference import load as load_reference
from fieldkit.services.staff import StaffRow, save_staff
from fieldkit.services.text_checks import limit
from fieldkit.ui.dialogs.form_dialog import FormDialog, line_edit
from fieldkit.ui.widgets.builders import combo_box
from fieldkit.ui.widgets.workflow_support import select_data
from fieldkit.ui.workers import TaskRunner, in_transaction


class StaffDialog(FormDialog):
    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        row: StaffRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, self.tr("修改服务人员") if row else self.tr("新建服务人员"), parent)
        self.ctx = ctx
        self.row = row
        self.name = line_edit("staff_name", max_length=limit(Staff, "name"))
        self.add_field(self.tr("姓名"), self.name, "name")
        self.login = line_edit("staff_login", self.tr("小写字母和数字，如 lina"), limit(Staff, "login"))
        self.add_field(self.tr("登录账号"), self.login, "login")
        self.specialist = combo_box(
            "staff_specialist", [(t.code, t.label(ctx.language)) for t in load_reference().specialist_types]
        )
        self.add_field(self.tr("人员类型"), self.specialist, "specialist_type")
        self.phone = line_edit("staff_phone", self.tr("手机号或带区号的固话"), 20)
        self.add_field(self.tr("联系电话"), self.phone, "phone")
        self.department = line_edit("staff_department", max_length=limit(Staff, "department"))
        self.add_field(self.tr("所在部门"), self.department, "department")
        self.active = QCheckBox(self.tr("在岗（停用后不能再登录，包联和记录保留）"))
        self.active.setObjectName("staff_active")
        self.active.setChecked(True)
        self.add_field("", self.active, "active")
        if row is not None:
            self.name.setText(row.name)
            self.login.setText(row.login)
            select_data(self.specialist, row.specialist_type)
            self.phone.setText(row.phone)
            self.department.setText(row.department)
            self.active.setChecked(row.active)
        else:
            self.set_intro(self.tr("新建的人员同步到服务器后，由管理员开通登录账号。"))
        self.ok_button.setText(self.tr("保存"))

    def make_job(self) -> Callable[[], Any] | None:
        return partial(
            in_transaction,
            self.ctx,
            save_staff,
            self.ctx.actor,
            self.row.id if self.row else None,
            name=self.name.text(),
            login=self.login.text(),
            specialist_type=self.specialist.currentData(),
            phone=self.phone.text(),
            department=self.department.text(),
            active=self.active.isChecked(),
        )
