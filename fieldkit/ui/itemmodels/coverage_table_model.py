"""Quarterly coverage (季度走访覆盖): per staff member, and the enterprises still missing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.planning import StaffCoverage

from .row_table_model import GREEN, RED, RowTableModel


class CoverageTableModel(RowTableModel):
    columns = (
        (N("CoverageTableModel", "服务人员"), lambda r: r.staff_name),
        (N("CoverageTableModel", "包联企业"), lambda r: r.assigned),
        (N("CoverageTableModel", "本季已走访"), lambda r: r.visited),
        (N("CoverageTableModel", "覆盖率"), lambda r: f"{r.percent:.0f}%"),
        (N("CoverageTableModel", "未走访"), lambda r: len(r.missing)),
    )

    def foreground(self, row: StaffCoverage, column: int) -> QColor | None:
        if column in (3, 4):
            return GREEN if not row.missing else RED
        return None

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        return Qt.AlignmentFlag.AlignRight if column else None


class MissingEnterpriseTableModel(RowTableModel):
    """Rows are (enterprise id, name, staff id, staff name)."""

    columns = (
        (N("MissingEnterpriseTableModel", "未走访企业"), lambda r: r[1]),
        (N("MissingEnterpriseTableModel", "服务人员"), lambda r: r[3]),
    )
