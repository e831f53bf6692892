"""Evaluations (服务评价): record an enterprise's evaluation (five levels plus the dimensions of
seed 001 §7.1.2, once per stage per enterprise), the list, and the pending invitations (a stage
completed with a proxy service but not yet evaluated)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QWidget,
)

from fieldkit.services.context import ServiceContext
from fieldkit.services.evaluations import average_satisfaction, evaluations_for, pending_invitations
from fieldkit.services.labels import label
from fieldkit.services.reference import load as load_reference
from fieldkit.services.staff import list_staff
from fieldkit.services.timeutil import local_today, quarter_bounds
from fieldkit.ui.dialogs.evaluation_dialog import EvaluationDialog
from fieldkit.ui.itemmodels.evaluation_table_model import (
    EvaluationRow,
    EvaluationTableModel,
    InvitationRow,
    InvitationTableModel,
)
from fieldkit.ui.views.base import LoadingView
from fieldkit.ui.widgets.builders import column_panel, make_table, push_button
from fieldkit.ui.widgets.workflow_support import (
    enterprise_name,
    fit_columns,
    scope_enterprises,
    selected_row,
)
from fieldkit.ui.workers import TaskRunner


@dataclass
class EvaluationsData:
    evaluations: list[EvaluationRow]
    invitations: list[InvitationRow]
    enterprises: list[tuple[str, str]] = field(default_factory=list)
    average: float | None = None


def load_evaluations(ctx: ServiceContext) -> EvaluationsData:
    ref = load_reference()
    dims = {d.code: d.label(ctx.language) for d in ref.evaluation_dimensions}
    q0, q1 = quarter_bounds(local_today())
    with ctx.make_session() as s:
        ents = scope_enterprises(ctx, s)
        names = dict(ents)
        staff = dict(list_staff(s, role=None))
        rows = [EvaluationRow(ev.id, ev.evaluated_on, ev.enterprise_id, enterprise_name(s, names, ev.enterprise_id),
                              label("stage", ev.stage), ev.level, label("satisfaction", ev.level),
                              "，".join(f"{dims.get(k, k)} {v}" for k, v in ev.dimensions.items()),
                              staff.get(ev.staff_id, ""), ev.comment)
                for ev in evaluations_for(s, staff_id=ctx.scope_staff_id)]
        inv = [InvitationRow(eid, enterprise_name(s, names, eid), st, label("stage", st))
               for eid, st in pending_invitations(s, ctx.scope_staff_id)]
        avg = average_satisfaction(s, ctx.scope_staff_id, q0, q1)
    return EvaluationsData(rows, inv, ents, avg)


class EvaluationsView(LoadingView):
    """服务评价."""

    data: EvaluationsData | None

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        root, bar = self.toolbar_layout()
        self.new_button = push_button(self.tr("记录评价"), "new_evaluation", "Ctrl+Shift+N")
        bar.addWidget(self.new_button)
        bar.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("evaluation_summary")
        bar.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        root.addWidget(split, 1)

        top, tl = column_panel()
        tl.addWidget(QLabel(self.tr("待邀请评价（阶段服务已办结，尚未评价）")))
        self.inv_model = InvitationTableModel(self)
        self.inv_table = make_table(self.inv_model, "invitation_table")
        tl.addWidget(self.inv_table, 1)
        self.evaluate_button = push_button(self.tr("为选中企业记录评价"), "evaluate_invitation")
        tl.addWidget(self.evaluate_button, 0, Qt.AlignmentFlag.AlignLeft)
        split.addWidget(top)

        bottom, bl = column_panel()
        bl.addWidget(QLabel(self.tr("评价记录（每家企业每个阶段评价一次）")))
        self.model = EvaluationTableModel(self)
        self.table = make_table(self.model, "evaluation_table")
        bl.addWidget(self.table, 1)
        split.addWidget(bottom)
        split.setSizes([240, 460])

        self.new_button.clicked.connect(lambda: self.new_evaluation())
        self.evaluate_button.clicked.connect(self._evaluate_invitation)
        self.inv_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.inv_table.doubleClicked.connect(self._evaluate_invitation)
        self.table.doubleClicked.connect(lambda idx: self.open_enterprise.emit(self.model.row(idx.row()).enterprise_id))
        self._update_buttons()

    def title(self) -> str:
        return self.tr("服务评价")

    def load_job(self) -> Callable[[], EvaluationsData]:
        ctx = self.ctx
        return lambda: load_evaluations(ctx)

    def apply(self, data: EvaluationsData) -> None:
        self.inv_model.set_rows(data.invitations)
        fit_columns(self.inv_table)
        self.model.set_rows(data.evaluations)
        fit_columns(self.table, 320)
        avg = "—" if data.average is None else f"{data.average:.2f}"
        self.summary.setText(self.tr("共 {n} 条评价；本季度平均满意度 {avg}（5 = 非常满意）").format(
            n=len(data.evaluations), avg=avg))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.evaluate_button.setEnabled(selected_row(self.inv_table) is not None)

    def _evaluate_invitation(self, *_a: Any) -> None:
        inv: InvitationRow | None = selected_row(self.inv_table)
        if inv:
            self.new_evaluation(inv.enterprise_id, inv.stage)

    @Slot()
    def new_evaluation(self, enterprise_id: str | None = None, stage: str | None = None) -> None:
        if self.data is None:
            return
        dlg = EvaluationDialog(self.ctx, self.runner, self.data.enterprises, enterprise_id, stage, self)
        self.open_dialog(dlg, self.tr("评价已保存"))
