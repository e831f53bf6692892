"""Raise a demand (诉求 / 投诉 / 意见建议) and perform one lifecycle action on it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from PySide6.QtWidgets import QButtonGroup, QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from fieldkit.models import Demand
from fieldkit.services.context import ServiceContext
from fieldkit.services.demands import ACTIONS, SATISFACTION_LEVELS, DemandRow, act_on_demand, raise_new_demand
from fieldkit.services.errors import ValidationError
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.i18n import translate
from fieldkit.services.labels import choices, label
from fieldkit.services.reference import load as load_reference
from fieldkit.services.text_checks import limit
from fieldkit.services.timeutil import local_today
from fieldkit.ui.dialogs.form_dialog import FormDialog, chosen_enterprise, enterprise_combo
from fieldkit.ui.dialogs.plan_dialog import date_edit, from_qdate
from fieldkit.ui.widgets.builders import combo_box
from fieldkit.ui.widgets.workflow_support import select_data
from fieldkit.ui.workers import TaskRunner, in_transaction


def text_box(height: int = 80, name: str | None = None, placeholder: str | None = None) -> QPlainTextEdit:
    w = QPlainTextEdit()
    if name is not None:
        w.setObjectName(name)
    if placeholder is not None:
        w.setPlaceholderText(placeholder)
    w.setTabChangesFocus(True)
    w.setFixedHeight(height)
    return w


def action_label(code: str) -> str:
    return translate("Demand", ACTIONS[code].label)


class NewDemandDialog(FormDialog):
    """收集: a new demand, complaint or suggestion; inside a visit record it carries the record id."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        enterprises: list[tuple[str, str]],
        enterprise_id: str | None = None,
        record_id: str | None = None,
        kind: str = "demand",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, self.tr("新增诉求"), parent)
        self.ctx = ctx
        self.record_id = record_id
        self.enterprise = enterprise_combo("demand_enterprise", enterprises, enterprise_id)
        if record_id:
            self.enterprise.setEnabled(False)
        self.add_field(self.tr("企业"), self.enterprise, "enterprise_id")
        self.kind = combo_box("demand_kind", choices("demand_kind"))
        select_data(self.kind, kind)
        self.add_field(self.tr("类型"), self.kind, "kind")
        self.category = combo_box("demand_category", [])
        self.add_field(self.tr("类别"), self.category, "category")
        self.major = QCheckBox(self.tr("重大投诉（需组织专题研究、制定整改措施）"))
        self.major.setObjectName("demand_major")
        self.add_field("", self.major, "major")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.urgency = combo_box("demand_urgency", choices("urgency"))
        select_data(self.urgency, "normal")
        self.add_field(self.tr("紧急程度"), self.urgency, "urgency")
        self.description = text_box(100, "demand_description", self.tr("企业反映的问题、诉求或建议"))
        self.add_field(self.tr("内容"), self.description, "description")

    def _kind_changed(self) -> None:
        """The categories offered for the chosen kind (a complaint may concern a staff member's
        conduct); only a complaint can be major."""
        kind = self.kind.currentData()
        keep = self.category.currentData() or "other"
        self.category.clear()
        for c in load_reference().demand_categories_for(kind):
            self.category.addItem(c.label(self.ctx.language), c.code)
        if not select_data(self.category, keep):
            select_data(self.category, "other")
        self.major.setVisible(kind == "complaint")
        if kind != "complaint":
            self.major.setChecked(False)

    def make_job(self) -> Callable[[], Any] | None:
        eid = chosen_enterprise(self.enterprise)
        return partial(
            in_transaction,
            self.ctx,
            raise_new_demand,
            self.ctx.actor,
            enterprise_id=eid,
            staff_id=self.ctx.staff.id,
            description=self.description.toPlainText(),
            kind=self.kind.currentData(),
            category=self.category.currentData(),
            urgency=self.urgency.currentData(),
            record_id=self.record_id,
            major=self.major.isChecked(),
        )


class DemandActionDialog(FormDialog):
    """One lifecycle action: asks for exactly what that action needs."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        demand: DemandRow,
        action: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, action_label(action), parent)
        self.ctx = ctx
        self.demand = demand
        self.action = action
        self.setObjectName(f"demand_action_{action}")
        today = local_today()
        intro = self.tr("{enterprise}：{description}").format(
            enterprise=demand.enterprise, description=demand.description
        )
        self.set_intro(intro)
        self.department: QLineEdit | None = None
        self.person: QLineEdit | None = None
        self.deadline: Any = None
        self.satisfaction: QButtonGroup | None = None
        self.explanation: QPlainTextEdit | None = None
        self.overdue = False
        if action in ("assign", "reassign"):
            self.department = QLineEdit(demand.department)
            self.department.setObjectName("action_department")
            self.department.setMaxLength(limit(Demand, "department") or 32767)
            self.add_field(self.tr("责任部门"), self.department, "department")
            self.person = QLineEdit(demand.responsible_person)
            self.person.setObjectName("action_person")
            self.person.setMaxLength(limit(Demand, "responsible_person") or 32767)
            self.add_field(self.tr("责任人"), self.person, "responsible_person")
            default = (
                demand.deadline if demand.deadline and demand.deadline >= today else today + timedelta(days=7)
            )
            self.deadline = date_edit(default, "action_deadline")
            self.add_field(self.tr("办理时限"), self.deadline, "deadline")
        if action in ("feedback", "solve_on_spot"):
            box, self.satisfaction = self.radio_choices(
                SATISFACTION_LEVELS, lambda c: label("satisfaction", c), "sat"
            )
            self.add_field(self.tr("企业满意度"), box, "satisfaction")
        if action == "close" and demand.deadline and today > demand.deadline:
            self.overdue = True
            warn = QLabel(
                self.tr("该诉求已超过办理时限（{deadline}），请说明逾期原因。").format(
                    deadline=demand.deadline.isoformat()
                )
            )
            warn.setStyleSheet("color:#b71c1c;")
            warn.setWordWrap(True)
            self.form.addRow(warn)
            self.explanation = text_box(name="action_explanation")
            self.add_field(self.tr("逾期说明"), self.explanation, "overdue_explanation")
        self.note = text_box(60, "action_note")
        note_label = self.tr("解决情况") if action == "solve_on_spot" else self.tr("说明")
        self.add_field(note_label, self.note, "note")
        self.ok_button.setText(action_label(action))

    def choose_satisfaction(self, code: str) -> None:
        if self.satisfaction is not None:
            self.satisfaction.button(SATISFACTION_LEVELS.index(code)).setChecked(True)

    def make_job(self) -> Callable[[], Any] | None:
        fields: dict[str, Any] = {}
        if self.department is not None and self.person is not None:
            fields.update(
                department=self.department.text().strip(),
                responsible_person=self.person.text().strip(),
                deadline=from_qdate(self.deadline.date()),
            )
        if self.satisfaction is not None:
            i = self.satisfaction.checkedId()
            if i >= 0:
                fields["satisfaction"] = SATISFACTION_LEVELS[i]
            elif self.action == "feedback":
                raise ValidationError(N("Validation", "请选择企业满意度"), "satisfaction")
        if self.explanation is not None:
            fields["overdue_explanation"] = self.explanation.toPlainText().strip()
        return partial(
            in_transaction,
            self.ctx,
            act_on_demand,
            self.ctx.actor,
            self.demand.id,
            self.action,
            note=self.note.toPlainText(),
            **fields,
        )
