"""Evaluations (服务评价): record an enterprise's evaluation (five levels plus the dimensions of
seed 001 §7.1.2, once per stage per enterprise), the list, and the pending invitations (a stage
completed with a proxy service but not yet evaluated)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QWidget,
)

from fieldkit.services.context import ServiceContext
from fieldkit.services.evaluations import EvaluationsBoard, InvitationRow, evaluations_board
from fieldkit.ui.dialogs.evaluation_dialog import EvaluationDialog
from fieldkit.ui.itemmodels.evaluation_table_model import EvaluationTableModel, InvitationTableModel
from fieldkit.ui.views.base import LoadingView
from fieldkit.ui.widgets.builders import column_panel, make_table, push_button
from fieldkit.ui.widgets.workflow_support import fit_columns, selected_row
from fieldkit.ui.workers import TaskRunner, in_session


class EvaluationsView(LoadingView):
    """服务评价."""

    data: EvaluationsBoard | None

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
        self.table.doubleClicked.connect(
            lambda idx: self.open_enterprise.emit(self.model.row(idx.row()).enterprise_id)
        )
        self._update_buttons()

    def title(self) -> str:
        return self.tr("服务评价")

    def load_job(self) -> Callable[[], EvaluationsBoard]:
        ctx = self.ctx
        return partial(
            in_session,
            ctx,
            evaluations_board,
            ctx.scope_staff_id,
            ctx.staff.zone_id if ctx.is_supervisor else None,
            ctx.language,
        )

    def apply(self, data: EvaluationsBoard) -> None:
        self.inv_model.set_rows(data.invitations)
        fit_columns(self.inv_table)
        self.model.set_rows(data.evaluations)
        fit_columns(self.table, 320)
        avg = "—" if data.average is None else f"{data.average:.2f}"
        self.summary.setText(
            self.tr("共 {n} 条评价；本季度平均满意度 {avg}（5 = 非常满意）").format(
                n=len(data.evaluations), avg=avg
            )
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.evaluate_button.setEnabled(selected_row(self.inv_table) is not None)

    def _evaluate_invitation(self, *_a: Any) -> None:
        inv: InvitationRow | None = selected_row(self.inv_table)
        if inv:
            self.new_evaluation(inv.enterprise_id, inv.stage, inv.proxy_id, inv.item)

    @Slot()
    def new_evaluation(
        self,
        enterprise_id: str | None = None,
        stage: str | None = None,
        proxy_id: str | None = None,
        proxy_item: str = "",
    ) -> None:
        if self.data is None:
            return
        dlg = EvaluationDialog(
            self.ctx,
            self.runner,
            self.data.enterprises,
            enterprise_id,
            stage,
            self,
            proxy_id=proxy_id,
            proxy_item=proxy_item,
        )
        self.open_dialog(dlg, self.tr("评价已保存"))
