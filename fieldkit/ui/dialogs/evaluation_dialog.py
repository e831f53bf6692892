"""Record an enterprise's evaluation (服务评价): five levels (seed 002 §6.3) and the dimensions of
seed 001 §7.1.2, once per stage per enterprise."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtWidgets import QGridLayout, QLabel, QSpinBox, QWidget

from fieldkit.services.context import ServiceContext
from fieldkit.services.evaluations import LEVELS, record_evaluation
from fieldkit.services.labels import label
from fieldkit.services.reference import load as load_reference
from fieldkit.services.timeutil import local_today
from fieldkit.ui.dialogs.form_dialog import FormDialog, chosen_enterprise, enterprise_combo, line_edit
from fieldkit.ui.dialogs.plan_dialog import date_edit, from_qdate
from fieldkit.ui.widgets.builders import combo_box
from fieldkit.ui.widgets.workflow_support import select_data
from fieldkit.ui.workers import TaskRunner, in_transaction


class EvaluationDialog(FormDialog):
    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        enterprises: list[tuple[str, str]],
        enterprise_id: str | None = None,
        stage: str | None = None,
        parent: QWidget | None = None,
        *,
        proxy_id: str | None = None,
        proxy_item: str = "",
    ) -> None:
        super().__init__(runner, self.tr("记录服务评价"), parent)
        self.ctx = ctx
        #: the completed proxy service whose invitation this answers (the evaluation links to it)
        self.proxy_id = proxy_id
        if proxy_id is not None:
            self.set_intro(self.tr("评价已办结的帮办代办服务：{item}").format(item=proxy_item))
        ref = load_reference()
        self.enterprise = enterprise_combo("evaluation_enterprise", enterprises, enterprise_id)
        self.add_field(self.tr("企业"), self.enterprise, "enterprise_id")
        self.stage = combo_box("evaluation_stage", [(s.code, s.label(ctx.language)) for s in ref.stages])
        if stage:
            select_data(self.stage, stage)
        self.add_field(self.tr("服务阶段"), self.stage, "stage")
        box, self.level = self.radio_choices(LEVELS, lambda c: label("satisfaction", c), "level")
        self.add_field(self.tr("总体满意度"), box, "level")
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.dimensions: dict[str, QSpinBox] = {}
        for i, dim in enumerate(ref.evaluation_dimensions):
            sp = QSpinBox()
            sp.setObjectName(f"dim_{dim.code}")
            sp.setRange(1, 5)
            sp.setValue(5)
            sp.setSuffix(self.tr(" 分"))
            grid.addWidget(QLabel(dim.label(ctx.language)), i // 2, (i % 2) * 2)
            grid.addWidget(sp, i // 2, (i % 2) * 2 + 1)
            self.dimensions[dim.code] = sp
        grid_box.setToolTip(self.tr("每项 1–5 分，5 分最好"))
        self.add_field(self.tr("分项评分"), grid_box, "dimensions")
        self.date = date_edit(local_today(), "evaluation_date")
        self.add_field(self.tr("评价日期"), self.date, "evaluated_on")
        self.comment = line_edit("evaluation_comment", self.tr("企业的意见和建议"))
        self.add_field(self.tr("意见"), self.comment, "comment")
        self.ok_button.setText(self.tr("保存评价"))

    def choose_level(self, code: str) -> None:
        self.level.button(LEVELS.index(code)).setChecked(True)

    def make_job(self) -> Callable[[], Any] | None:
        eid = chosen_enterprise(self.enterprise)
        i = self.level.checkedId()
        return partial(
            in_transaction,
            self.ctx,
            record_evaluation,
            self.ctx.actor,
            enterprise_id=eid,
            staff_id=self.ctx.staff.id,
            stage=self.stage.currentData(),
            level=LEVELS[i] if i >= 0 else "",
            dimensions={k: sp.value() for k, sp in self.dimensions.items()},
            comment=self.comment.text().strip(),
            evaluated_on=from_qdate(self.date.date()),
            proxy_id=self.proxy_id,
        )
