"""Supervisor mode: zone summary per assistant, the ledger of one assistant, assessments (考核)
and assignments (包联) with their history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.ledger import StaffSummary
from fieldkit.services.supervision import AssessmentRow, AssignmentHistoryRow, AssignmentRow

from .row_table_model import GREEN, RED, RowTableModel

__all__ = [
    "AssessmentRow",
    "AssessmentTableModel",
    "AssignmentHistoryRow",
    "AssignmentHistoryTableModel",
    "AssignmentRow",
    "AssignmentTableModel",
    "LedgerDemandTableModel",
    "LedgerProxyTableModel",
    "LedgerPushTableModel",
    "LedgerRecordTableModel",
    "StaffSummaryTableModel",
]


def _pct(v: float) -> str:
    return f"{v:.1f}%"


class StaffSummaryTableModel(RowTableModel):
    """Rows are StaffSummary; the last row may be the zone total (staff_id == ""), which stays last
    when a page of rows is added (:meth:`append_rows`)."""

    def _has_totals(self) -> bool:
        return bool(self._rows) and not self._rows[-1].staff_id

    def set_totals(self, totals: StaffSummary) -> None:
        """Show ``totals`` as the last row (in place of the one shown)."""
        if self._has_totals():
            n = len(self._rows) - 1
            self._rows[n] = totals
            self.dataChanged.emit(self.index(n, 0), self.index(n, self.columnCount() - 1))
            return
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self._rows.append(totals)
        self.endInsertRows()

    def append_rows(self, rows: Sequence[Any]) -> None:
        """Add ``rows`` after the last person's (before the zone total when it is shown)."""
        if not rows or not self._has_totals():
            super().append_rows(rows)
            return
        n = len(self._rows) - 1
        self.beginInsertRows(QModelIndex(), n, n + len(rows) - 1)
        self._rows[n:n] = list(rows)
        self.endInsertRows()

    columns = (
        (N("StaffSummaryTableModel", "服务人员"), lambda r: r.staff_name),
        (N("StaffSummaryTableModel", "类型"), lambda r: r.specialist_type),
        (N("StaffSummaryTableModel", "走访次数"), lambda r: r.visits),
        (N("StaffSummaryTableModel", "包联企业"), lambda r: r.assigned),
        (N("StaffSummaryTableModel", "已覆盖"), lambda r: r.covered),
        (N("StaffSummaryTableModel", "覆盖率"), lambda r: _pct(r.coverage_pct)),
        (N("StaffSummaryTableModel", "新增诉求"), lambda r: r.demands_opened),
        (N("StaffSummaryTableModel", "按时办结"), lambda r: r.closed_on_time),
        (N("StaffSummaryTableModel", "逾期办结"), lambda r: r.closed_late),
        (N("StaffSummaryTableModel", "逾期未办"), lambda r: r.overdue_open),
        (N("StaffSummaryTableModel", "按时率"), lambda r: _pct(r.on_time_pct)),
        (N("StaffSummaryTableModel", "帮办办结"), lambda r: r.proxies_completed),
        (N("StaffSummaryTableModel", "政策推送"), lambda r: r.pushes),
        (
            N("StaffSummaryTableModel", "满意度"),
            lambda r: "—" if r.satisfaction_avg is None else f"{r.satisfaction_avg:.2f}",
        ),
    )

    #: what a column counts, as its header's tooltip (走访次数: the rule of domain.records.visit_of, the
    #: figure the selected assistant's ledger line repeats)
    header_tips = {
        2: N(
            "StaffSummaryTableModel",
            "本期已提交的现场服务和定点服务记录；退回修改的记录由其更正记录计一次，"
            "调查记录和其他更正记录不计入",
        ),
    }

    def foreground(self, row: StaffSummary, column: int) -> QColor | None:
        if column == 5 and row.assigned:
            return GREEN if row.coverage_pct >= 100 else (RED if row.coverage_pct < 60 else None)
        if column in (8, 9) and (row.closed_late if column == 8 else row.overdue_open):
            return RED
        return None

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        return Qt.AlignmentFlag.AlignRight if column >= 2 else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.FontRole and index.isValid() and not self.row(index.row()).staff_id:
            f = QFont()
            f.setBold(True)
            return f
        return super().data(index, role)


class LedgerRecordTableModel(RowTableModel):
    columns = (
        (N("LedgerRecordTableModel", "走访时间"), lambda r: r.visit_at),
        (N("LedgerRecordTableModel", "企业"), lambda r: r.enterprise),
        (N("LedgerRecordTableModel", "类型"), lambda r: r.kind_label),
        (N("LedgerRecordTableModel", "阶段"), lambda r: r.stage_label),
        (N("LedgerRecordTableModel", "状态"), lambda r: r.status_label),
        (N("LedgerRecordTableModel", "更正"), lambda r: "✓" if r.amends else ""),
        (N("LedgerRecordTableModel", "服务内容"), lambda r: " ".join(r.content.split())),
    )


class LedgerDemandTableModel(RowTableModel):
    columns = (
        (N("LedgerDemandTableModel", "收集日期"), lambda r: r.collected_on),
        (N("LedgerDemandTableModel", "企业"), lambda r: r.enterprise),
        (N("LedgerDemandTableModel", "类型"), lambda r: r.kind_label),
        (N("LedgerDemandTableModel", "状态"), lambda r: r.state_label),
        (N("LedgerDemandTableModel", "责任部门"), lambda r: r.department),
        (N("LedgerDemandTableModel", "办理时限"), lambda r: r.deadline.isoformat() if r.deadline else ""),
        (N("LedgerDemandTableModel", "逾期"), lambda r: "✓" if r.overdue else ""),
        (N("LedgerDemandTableModel", "满意度"), lambda r: r.satisfaction_label),
        (N("LedgerDemandTableModel", "内容"), lambda r: r.description),
    )

    def foreground(self, row, column: int) -> QColor | None:  # type: ignore[no-untyped-def]
        return RED if row.overdue and column in (5, 6) else None


class LedgerProxyTableModel(RowTableModel):
    columns = (
        (N("LedgerProxyTableModel", "受理日期"), lambda r: r.accepted_on.isoformat()),
        (N("LedgerProxyTableModel", "企业"), lambda r: r.enterprise),
        (N("LedgerProxyTableModel", "事项"), lambda r: r.item),
        (N("LedgerProxyTableModel", "方式"), lambda r: r.mode_label),
        (N("LedgerProxyTableModel", "状态"), lambda r: r.status_label),
        (N("LedgerProxyTableModel", "终止原因"), lambda r: r.termination),
    )


class LedgerPushTableModel(RowTableModel):
    columns = (
        (N("LedgerPushTableModel", "推送时间"), lambda r: r.pushed_at),
        (N("LedgerPushTableModel", "企业"), lambda r: r.enterprise),
        (N("LedgerPushTableModel", "政策"), lambda r: r.policy),
        (N("LedgerPushTableModel", "说明"), lambda r: r.note),
    )


class AssessmentTableModel(RowTableModel):
    columns = (
        (N("AssessmentTableModel", "服务人员"), lambda r: r.staff),
        (N("AssessmentTableModel", "考核期"), lambda r: r.period),
        (N("AssessmentTableModel", "服务质效"), lambda r: f"{r.effect:g}"),
        (N("AssessmentTableModel", "服务态度"), lambda r: f"{r.attitude:g}"),
        (N("AssessmentTableModel", "企业满意度"), lambda r: f"{r.satisfaction:g}"),
        (N("AssessmentTableModel", "总分"), lambda r: f"{r.total:g}"),
        (N("AssessmentTableModel", "来源"), lambda r: r.source_label),
        (N("AssessmentTableModel", "考核人"), lambda r: r.assessor),
        (N("AssessmentTableModel", "评语"), lambda r: r.comment),
    )


class AssignmentTableModel(RowTableModel):
    columns = (
        (N("AssignmentTableModel", "企业"), lambda r: r.enterprise),
        (N("AssignmentTableModel", "当前包联人员"), lambda r: r.staff or "—"),
    )


class AssignmentHistoryTableModel(RowTableModel):
    columns = (
        (N("AssignmentHistoryTableModel", "服务人员"), lambda r: r.staff),
        (N("AssignmentHistoryTableModel", "开始日期"), lambda r: r.start.isoformat()),
        (N("AssignmentHistoryTableModel", "结束日期"), lambda r: r.end.isoformat() if r.end else ""),
        (N("AssignmentHistoryTableModel", "说明"), lambda r: r.note),
    )
