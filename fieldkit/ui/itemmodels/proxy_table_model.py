"""Proxy services (帮办代办) and their milestones."""

from __future__ import annotations

from PySide6.QtGui import QColor

from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.labels import label
from fieldkit.services.proxy import MilestoneRow, ProxyRow
from fieldkit.ui.style import SYNC_COLOURS

from .row_table_model import GREEN, GREY, RED, RowTableModel

__all__ = ["MilestoneRow", "MilestoneTableModel", "ProxyRow", "ProxyTableModel"]


class ProxyTableModel(RowTableModel):
    columns = (
        (N("ProxyTableModel", "企业"), lambda r: r.enterprise),
        (N("ProxyTableModel", "代办事项"), lambda r: r.item),
        (N("ProxyTableModel", "阶段"), lambda r: r.stage_label),
        (N("ProxyTableModel", "方式"), lambda r: r.mode_label),
        (N("ProxyTableModel", "状态"), lambda r: r.status_label),
        (N("ProxyTableModel", "受理日期"), lambda r: r.accepted_on.isoformat()),
        (N("ProxyTableModel", "办理时限"), lambda r: r.due_date.isoformat() if r.due_date else ""),
        (N("ProxyTableModel", "同步"), lambda r: label("sync_state", r.sync)),
    )

    def foreground(self, row: ProxyRow, column: int) -> QColor | None:
        if column == 7:
            return SYNC_COLOURS.get(row.sync)
        if column == 4:
            return {"completed": GREEN, "terminated": GREY}.get(row.status)
        if column == 6 and row.overdue:
            return RED
        return None


class MilestoneTableModel(RowTableModel):
    columns = (
        (N("MilestoneTableModel", "序号"), lambda r: r.seq + 1),
        (N("MilestoneTableModel", "节点"), lambda r: r.title),
        (N("MilestoneTableModel", "时限"), lambda r: r.due_date.isoformat() if r.due_date else ""),
        (N("MilestoneTableModel", "负责人"), lambda r: r.responsible_person),
        (N("MilestoneTableModel", "完成日期"), lambda r: r.done_on.isoformat() if r.done_on else ""),
        (N("MilestoneTableModel", "说明"), lambda r: r.note),
    )

    def foreground(self, row: MilestoneRow, column: int) -> QColor | None:
        return GREEN if row.done_on and column == 4 else None
