"""Evaluations (服务评价) and pending invitations (one per completed stage per enterprise)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from fieldkit.services.evaluations import EvaluationRow, InvitationRow
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N

from .row_table_model import GREEN, RED, RowTableModel

__all__ = ["EvaluationRow", "EvaluationTableModel", "InvitationRow", "InvitationTableModel"]


class EvaluationTableModel(RowTableModel):
    columns = (
        (N("EvaluationTableModel", "评价日期"), lambda r: r.evaluated_on.isoformat()),
        (N("EvaluationTableModel", "企业"), lambda r: r.enterprise),
        (N("EvaluationTableModel", "阶段"), lambda r: r.stage_label),
        (N("EvaluationTableModel", "满意度"), lambda r: r.level_label),
        (N("EvaluationTableModel", "分项评分"), lambda r: r.dimensions),
        (N("EvaluationTableModel", "服务人员"), lambda r: r.staff),
        (N("EvaluationTableModel", "意见"), lambda r: r.comment),
    )

    def foreground(self, row: EvaluationRow, column: int) -> QColor | None:
        if column == 3:
            if row.level in ("unsatisfied", "very_unsatisfied"):
                return RED
            if row.level == "very_satisfied":
                return GREEN
        return None


class InvitationTableModel(RowTableModel):
    columns = (
        (N("InvitationTableModel", "企业"), lambda r: r.enterprise),
        (N("InvitationTableModel", "已完成阶段"), lambda r: r.stage_label),
        (N("InvitationTableModel", "帮办代办事项"), lambda r: r.item),
    )
