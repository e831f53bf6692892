"""Visit plans (走访计划) as a list."""

from __future__ import annotations

from PySide6.QtGui import QColor

from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.labels import label
from fieldkit.services.planning import PlanRow
from fieldkit.ui.style import SYNC_COLOURS

from .row_table_model import GREEN, GREY, RED, RowTableModel

__all__ = ["STATUS_COLORS", "PlanRow", "PlanTableModel"]


STATUS_COLORS = {"overdue": RED, "cancelled": GREY, "done": GREEN}


class PlanTableModel(RowTableModel):
    columns = (
        (N("PlanTableModel", "计划日期"), lambda r: r.planned_date.isoformat()),
        (N("PlanTableModel", "企业"), lambda r: r.enterprise),
        (N("PlanTableModel", "走访主题"), lambda r: r.theme),
        (N("PlanTableModel", "类型"), lambda r: r.kind_label),
        (N("PlanTableModel", "状态"), lambda r: r.status_label),
        (N("PlanTableModel", "服务人员"), lambda r: r.staff),
        (N("PlanTableModel", "备注"), lambda r: r.note),
        (N("PlanTableModel", "同步"), lambda r: label("sync_state", r.sync)),
    )

    def foreground(self, row: PlanRow, column: int) -> QColor | None:
        if column == 7:
            return SYNC_COLOURS.get(row.sync)
        if column in (0, 4):
            return STATUS_COLORS.get(row.status)
        if row.status == "cancelled":
            return GREY
        return None
