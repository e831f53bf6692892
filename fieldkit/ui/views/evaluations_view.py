"""Evaluations (服务评价): record an enterprise's evaluation (five levels plus the dimensions of
seed 001 §7.1.2, once per stage per enterprise), the list, and the pending invitations (a stage
completed with a proxy service but not yet evaluated)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldkit.models import Enterprise
from fieldkit.services.context import ServiceContext
from fieldkit.services.evaluations import average_satisfaction, evaluations_for, pending_invitations
from fieldkit.services.labels import label
from fieldkit.services.reference import load as load_reference
from fieldkit.services.timeutil import local_today, quarter_bounds
from fieldkit.ui.dialogs.evaluation_dialog import EvaluationDialog
from fieldkit.ui.itemmodels.evaluation_table_model import (
    EvaluationRow,
    EvaluationTableModel,
    InvitationRow,
    InvitationTableModel,
)
from fieldkit.ui.widgets.workflow_support import (
    MessageBanner,
    fit_columns,
    scope_enterprises,
    selected_row,
    setup_table,
    staff_members,
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
        staff = dict(staff_members(s, role=None))

        def name(eid: str) -> str:
            if eid not in names:
                e = s.get(Enterprise, eid)
                names[eid] = e.name if e else ""
            return names[eid]

        rows = [EvaluationRow(ev.id, ev.evaluated_on, ev.enterprise_id, name(ev.enterprise_id),
                              label("stage", ev.stage), ev.level, label("satisfaction", ev.level),
                              "，".join(f"{dims.get(k, k)} {v}" for k, v in ev.dimensions.items()),
                              staff.get(ev.staff_id, ""), ev.comment)
                for ev in evaluations_for(s, staff_id=ctx.scope_staff_id)]
        inv = [InvitationRow(eid, name(eid), st, label("stage", st))
               for eid, st in pending_invitations(s, ctx.scope_staff_id)]
        avg = average_satisfaction(s, ctx.scope_staff_id, q0, q1)
    return EvaluationsData(rows, inv, ents, avg)


class EvaluationsView(QWidget):
    """服务评价."""

    open_enterprise = Signal(str)
    open_record = Signal(str)
    #: something was written (the window's sync indicator re-reads the outbox)
    data_changed = Signal()
    loaded = Signal()

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.data: EvaluationsData | None = None
        self.dialog: Any = None
        self._loading = False
        self._reload = False
        root = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_button = QPushButton(self.tr("记录评价"))
        self.new_button.setObjectName("new_evaluation")
        self.new_button.setShortcut(QKeySequence("Ctrl+Shift+N"))
        bar.addWidget(self.new_button)
        bar.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("evaluation_summary")
        bar.addWidget(self.summary)
        root.addLayout(bar)
        self.banner = MessageBanner()
        root.addWidget(self.banner)
        split = QSplitter(Qt.Orientation.Vertical)
        root.addWidget(split, 1)

        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(QLabel(self.tr("待邀请评价（阶段服务已办结，尚未评价）")))
        self.inv_model = InvitationTableModel(self)
        self.inv_table = QTableView()
        self.inv_table.setObjectName("invitation_table")
        self.inv_table.setModel(self.inv_model)
        setup_table(self.inv_table)
        tl.addWidget(self.inv_table, 1)
        self.evaluate_button = QPushButton(self.tr("为选中企业记录评价"))
        self.evaluate_button.setObjectName("evaluate_invitation")
        tl.addWidget(self.evaluate_button, 0, Qt.AlignmentFlag.AlignLeft)
        split.addWidget(top)

        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(QLabel(self.tr("评价记录（每家企业每个阶段评价一次）")))
        self.model = EvaluationTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("evaluation_table")
        self.table.setModel(self.model)
        setup_table(self.table)
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

    @Slot()
    def refresh(self) -> None:
        if self._loading:
            self._reload = True
            return
        self._loading = True
        ctx = self.ctx
        self.runner.run(lambda: load_evaluations(ctx), self._loaded, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.banner.error(exc)

    def _loaded(self, data: EvaluationsData) -> None:
        self._loading = False
        if self._reload:
            self._reload = False
            self.refresh()
            return
        self.data = data
        self.inv_model.set_rows(data.invitations)
        fit_columns(self.inv_table)
        self.model.set_rows(data.evaluations)
        fit_columns(self.table, 320)
        avg = "—" if data.average is None else f"{data.average:.2f}"
        self.summary.setText(self.tr("共 {n} 条评价；本季度平均满意度 {avg}（5 = 非常满意）").format(
            n=len(data.evaluations), avg=avg))
        self._update_buttons()
        self.loaded.emit()

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
        self.dialog = dlg

        def saved(_r: Any) -> None:
            self.data_changed.emit()
            self.banner.info(self.tr("评价已保存"))
            self.refresh()

        dlg.saved.connect(saved)
        dlg.finished.connect(lambda _r: setattr(self, "dialog", None))
        dlg.open()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if self.data is None and not self._loading:
            self.refresh()
