"""Supervisor dialogs: assessment scoring (考核), reassignment of an enterprise (包联调整) and the
review (审阅) of a submitted visit record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QDoubleSpinBox, QLabel, QTextBrowser, QWidget

from fieldkit.services.context import ServiceContext
from fieldkit.services.evaluations import AssessmentService
from fieldkit.services.labels import choices
from fieldkit.services.records import RecordRow
from fieldkit.services.supervision import reassign_enterprise, record_assessment, return_record, review_record
from fieldkit.services.timeutil import local_today
from fieldkit.ui.dialogs.demand_dialogs import text_box
from fieldkit.ui.dialogs.form_dialog import FormDialog, line_edit
from fieldkit.ui.dialogs.plan_dialog import date_edit, from_qdate
from fieldkit.ui.widgets.builders import combo_box
from fieldkit.ui.widgets.workflow_support import select_data
from fieldkit.ui.workers import TaskRunner, in_transaction


def score_box(name: str) -> QDoubleSpinBox:
    w = QDoubleSpinBox()
    w.setObjectName(name)
    w.setRange(0, 100)
    w.setDecimals(1)
    w.setValue(80)
    return w


class AssessmentDialog(FormDialog):
    """考核打分: service effect, attitude and satisfaction (0–100), weighted total, comment."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        staff: list[tuple[str, str]],
        staff_id: str | None,
        start: date,
        end: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, self.tr("考核打分"), parent)
        self.ctx = ctx
        self.staff = combo_box("assess_staff", staff)
        if staff_id:
            select_data(self.staff, staff_id)
        self.add_field(self.tr("服务人员"), self.staff, "staff_id")
        self.start = date_edit(start, "assess_start")
        self.add_field(self.tr("考核期开始"), self.start, "period_start")
        self.end = date_edit(end, "assess_end")
        self.add_field(self.tr("考核期结束"), self.end, "period_end")
        self.source = combo_box("assess_source", choices("assessment_source"))
        self.add_field(self.tr("考核来源"), self.source, "source")
        self.effect = score_box("assess_effect")
        self.add_field(self.tr("服务质效（40%）"), self.effect, "effect_score")
        self.attitude = score_box("assess_attitude")
        self.add_field(self.tr("服务态度（30%）"), self.attitude, "attitude_score")
        self.satisfaction = score_box("assess_satisfaction")
        self.add_field(self.tr("企业满意度（30%）"), self.satisfaction, "satisfaction_score")
        self.total = QLabel()
        self.total.setObjectName("assess_total")
        self.add_field(self.tr("总分"), self.total)
        self.comment = text_box(70, "assess_comment")
        self.add_field(self.tr("评语"), self.comment, "comment")
        for w in (self.effect, self.attitude, self.satisfaction):
            w.valueChanged.connect(self._update_total)
        self._update_total()
        self.ok_button.setText(self.tr("保存考核"))

    def _update_total(self) -> None:
        t = AssessmentService.total(self.effect.value(), self.attitude.value(), self.satisfaction.value())
        self.total.setText(f"{t:g}")

    def make_job(self) -> Callable[[], Any] | None:
        # bound first: ``source`` (the assessment's) would clash with the runner's own ``source``
        save = partial(
            record_assessment,
            actor=self.ctx.actor,
            staff_id=self.staff.currentData(),
            assessor_id=self.ctx.staff.id,
            period_start=from_qdate(self.start.date()),
            period_end=from_qdate(self.end.date()),
            effect_score=self.effect.value(),
            attitude_score=self.attitude.value(),
            satisfaction_score=self.satisfaction.value(),
            source=self.source.currentData(),
            comment=self.comment.toPlainText().strip(),
        )
        return partial(in_transaction, self.ctx, save)


class ReassignDialog(FormDialog):
    """包联调整: the enterprise moves to another assistant from a date; the history is kept."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        enterprise_id: str,
        enterprise: str,
        from_staff_id: str,
        from_staff: str,
        staff: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, self.tr("调整包联"), parent)
        self.ctx = ctx
        self.enterprise_id = enterprise_id
        self.from_staff_id = from_staff_id
        self.set_intro(
            self.tr("{enterprise}：当前由 {staff} 包联").format(enterprise=enterprise, staff=from_staff)
        )
        self.to_staff = combo_box("reassign_to", [(sid, name) for sid, name in staff if sid != from_staff_id])
        self.add_field(self.tr("改由"), self.to_staff, "to_staff_id")
        self.on = date_edit(local_today(), "reassign_on")
        self.add_field(self.tr("生效日期"), self.on, "on")
        self.note = line_edit("reassign_note", self.tr("调整原因"))
        self.add_field(self.tr("说明"), self.note, "note")

    def make_job(self) -> Callable[[], Any] | None:
        return partial(
            in_transaction,
            self.ctx,
            reassign_enterprise,
            self.ctx.actor,
            self.enterprise_id,
            self.from_staff_id,
            self.to_staff.currentData() or "",
            on=from_qdate(self.on.date()),
            note=self.note.text().strip(),
        )


class ReviewRecordDialog(FormDialog):
    """审阅 a submitted visit record: its content shown read-only, then 审阅通过 (with an optional
    note) or 退回修改 (with the reason the assistant reads when correcting it)."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        record: RecordRow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, self.tr("审阅走访记录"), parent)
        self.ctx = ctx
        self.record_id = record.id
        self.returning = False
        #: what the last save did: reviewed or returned
        self.result_kind = "reviewed"
        self.setMinimumWidth(620)
        self.set_intro(
            self.tr("{time} {enterprise}（{staff}，{kind}）").format(
                time=record.visit_at, enterprise=record.enterprise, staff=record.staff, kind=record.kind_label
            )
            + (self.tr(" · 更正记录") if record.amends else "")
        )
        self.content = QTextBrowser()
        self.content.setObjectName("review_content")
        self.content.setMinimumHeight(200)
        self.content.setPlainText(
            "\n\n".join(
                f"【{title}】\n{text or self.tr('（未填写）')}"
                for title, text in (
                    (self.tr("生命周期阶段"), record.stage_label),
                    (self.tr("服务事项"), record.service_items),
                    (self.tr("服务内容"), record.content),
                    (self.tr("发现问题"), record.problems),
                    (self.tr("后续跟进"), record.follow_up),
                )
            )
        )
        self.add_field(self.tr("记录内容"), self.content)
        self.note = text_box(70, "review_note")
        self.note.setPlaceholderText(self.tr("退回修改时必须写明原因，产业助理更正时会看到"))
        self.add_field(self.tr("审阅意见"), self.note, "note")
        self.ok_button.setText(self.tr("审阅通过"))
        self.return_button = self.buttons.addButton(
            self.tr("退回修改"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.return_button.setObjectName("return_record")
        self.return_button.clicked.connect(self.return_record)

    def return_record(self) -> None:
        self.returning = True
        try:
            self.accept()
        finally:
            self.returning = False

    def make_job(self) -> Callable[[], Any] | None:
        note = self.note.toPlainText().strip()
        self.result_kind = "returned" if self.returning else "reviewed"
        if self.returning:
            return partial(
                in_transaction,
                self.ctx,
                return_record,
                self.ctx.actor,
                self.record_id,
                reviewer_id=self.ctx.staff.id,
                reason=note,
            )
        return partial(
            in_transaction,
            self.ctx,
            review_record,
            self.ctx.actor,
            self.record_id,
            reviewer_id=self.ctx.staff.id,
            note=note,
        )
