"""Create, reschedule and cancel visit plans (走访计划)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QWidget

from fieldkit.models import VisitPlan
from fieldkit.services.context import ServiceContext
from fieldkit.services.labels import choices
from fieldkit.services.planning import cancel_plan, create_plan, reschedule_plan
from fieldkit.services.text_checks import limit
from fieldkit.ui.dialogs.form_dialog import FormDialog, chosen_enterprise, enterprise_combo, line_edit
from fieldkit.ui.widgets.builders import combo_box
from fieldkit.ui.widgets.workflow_support import select_data
from fieldkit.ui.workers import TaskRunner, in_transaction


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def date_edit(d: date, name: str | None = None) -> QDateEdit:
    w = QDateEdit(to_qdate(d))
    if name is not None:
        w.setObjectName(name)
    w.setCalendarPopup(True)
    w.setDisplayFormat("yyyy-MM-dd")
    return w


class PlanDialog(FormDialog):
    """新建走访计划: enterprise, (staff, for a supervisor), date, theme, kind, note."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        enterprises: list[tuple[str, str]],
        planned_date: date,
        enterprise_id: str | None = None,
        staff: list[tuple[str, str]] | None = None,
        staff_id: str | None = None,
        parent: QWidget | None = None,
        *,
        theme: str = "",
        follow_up_of: str | None = None,
    ) -> None:
        super().__init__(runner, self.tr("新建走访计划"), parent)
        self.ctx = ctx
        #: 回访: the service record this plan follows up (seed 004 附录A)
        self.follow_up_of = follow_up_of
        if follow_up_of is not None:
            self.setWindowTitle(self.tr("安排回访"))
            self.set_intro(
                self.tr("定点服务已办结：安排一次回访，了解问题是否解决。回访计划与这次服务记录相关联。")
            )
        self.enterprise = enterprise_combo("plan_enterprise", enterprises, enterprise_id)
        self.add_field(self.tr("企业"), self.enterprise, "enterprise_id")
        self.staff: QComboBox | None = None
        if staff:
            self.staff = combo_box("plan_staff", staff)
            if staff_id:
                select_data(self.staff, staff_id)
            self.add_field(self.tr("服务人员"), self.staff, "staff_id")
        self.date = date_edit(planned_date, "plan_date")
        self.add_field(self.tr("计划日期"), self.date, "planned_date")
        self.theme = line_edit(
            "plan_theme", self.tr("例如：了解企业生产经营情况和诉求"), limit(VisitPlan, "theme")
        )
        self.theme.setText(theme)
        self.add_field(self.tr("走访主题"), self.theme, "theme")
        self.kind = combo_box("plan_kind", choices("plan_kind"))
        self.add_field(self.tr("服务类型"), self.kind, "kind")
        self.note = line_edit("plan_note")
        self.add_field(self.tr("备注"), self.note, "note")

    def make_job(self) -> Callable[[], Any] | None:
        eid = chosen_enterprise(self.enterprise)
        staff_id = (self.staff.currentData() if self.staff else None) or self.ctx.staff.id
        return partial(
            in_transaction,
            self.ctx,
            create_plan,
            self.ctx.actor,
            staff_id=staff_id,
            enterprise_id=eid,
            planned_date=from_qdate(self.date.date()),
            theme=self.theme.text(),
            kind=self.kind.currentData(),
            note=self.note.text().strip(),
            follow_up_of=self.follow_up_of,
        )


class ReschedulePlanDialog(FormDialog):
    """改期: a new date and why."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        plan_id: str,
        current: date,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, self.tr("计划改期"), parent)
        self.ctx = ctx
        self.plan_id = plan_id
        self.set_intro(title)
        self.date = date_edit(current, "reschedule_date")
        self.add_field(self.tr("新的日期"), self.date, "planned_date")
        self.note = line_edit("reschedule_note", self.tr("改期原因（可选）"))
        self.add_field(self.tr("改期原因"), self.note, "note")

    def make_job(self) -> Callable[[], Any] | None:
        return partial(
            in_transaction,
            self.ctx,
            reschedule_plan,
            self.ctx.actor,
            self.plan_id,
            from_qdate(self.date.date()),
            note=self.note.text().strip() or None,
        )


class CancelPlanDialog(FormDialog):
    """取消计划 with an optional reason."""

    def __init__(
        self, ctx: ServiceContext, runner: TaskRunner, plan_id: str, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(runner, self.tr("取消走访计划"), parent)
        self.ctx = ctx
        self.plan_id = plan_id
        self.set_intro(self.tr("确定取消此计划吗？\n{title}").format(title=title))
        self.note = line_edit("cancel_note")
        self.add_field(self.tr("取消原因"), self.note, "status")
        self.ok_button.setText(self.tr("取消计划"))
        self.buttons.button(self.buttons.StandardButton.Cancel).setText(self.tr("返回"))

    def make_job(self) -> Callable[[], Any] | None:
        return partial(
            in_transaction, self.ctx, cancel_plan, self.ctx.actor, self.plan_id, note=self.note.text().strip()
        )
