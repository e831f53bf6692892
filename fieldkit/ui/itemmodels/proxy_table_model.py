"""Proxy services (帮办代办) and their milestones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtGui import QColor

from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N

from .row_table_model import GREEN, GREY, RED, RowTableModel


@dataclass
class ProxyRow:
    id: str
    enterprise_id: str
    enterprise: str
    staff: str
    item: str
    stage_label: str
    mode_label: str
    status: str
    status_label: str
    accepted_on: date
    due_date: date | None
    completed_on: date | None
    service_plan: str
    termination: str
    termination_note: str
    overdue: bool = False


class ProxyTableModel(RowTableModel):
    columns = (
        (N("ProxyTableModel", "企业"), lambda r: r.enterprise),
        (N("ProxyTableModel", "代办事项"), lambda r: r.item),
        (N("ProxyTableModel", "阶段"), lambda r: r.stage_label),
        (N("ProxyTableModel", "方式"), lambda r: r.mode_label),
        (N("ProxyTableModel", "状态"), lambda r: r.status_label),
        (N("ProxyTableModel", "受理日期"), lambda r: r.accepted_on.isoformat()),
        (N("ProxyTableModel", "办理时限"), lambda r: r.due_date.isoformat() if r.due_date else ""),
    )

    def foreground(self, row: ProxyRow, column: int) -> QColor | None:
        if column == 4:
            return {"completed": GREEN, "terminated": GREY}.get(row.status)
        if column == 6 and row.overdue:
            return RED
        return None


@dataclass
class MilestoneRow:
    id: str
    seq: int
    title: str
    due_date: date | None
    done_on: date | None
    note: str


class MilestoneTableModel(RowTableModel):
    columns = (
        (N("MilestoneTableModel", "序号"), lambda r: r.seq + 1),
        (N("MilestoneTableModel", "节点"), lambda r: r.title),
        (N("MilestoneTableModel", "时限"), lambda r: r.due_date.isoformat() if r.due_date else ""),
        (N("MilestoneTableModel", "完成日期"), lambda r: r.done_on.isoformat() if r.done_on else ""),
        (N("MilestoneTableModel", "说明"), lambda r: r.note),
    )

    def foreground(self, row: MilestoneRow, column: int) -> QColor | None:
        return GREEN if row.done_on and column == 3 else None
