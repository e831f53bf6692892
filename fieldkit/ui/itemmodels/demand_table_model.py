"""Demands (诉求): the list, the short list inside a visit record, the board's cards and the
event history."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtGui import QBrush, QColor

from fieldkit.services.demands import DemandRow, EventRow, make_demand_row, make_event_row
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.i18n import translate
from fieldkit.services.labels import label
from fieldkit.ui.style import SYNC_COLOURS

from .row_table_model import GREY, RED, Index, RowList, RowRole, RowTableModel

__all__ = [
    "DemandCardListModel",
    "DemandEventTableModel",
    "DemandRow",
    "DemandTableModel",
    "EventRow",
    "RecordDemandTableModel",
    "make_demand_row",
    "make_event_row",
]


class DemandTableModel(RowTableModel):
    columns = (
        (N("DemandTableModel", "企业"), lambda r: r.enterprise),
        (N("DemandTableModel", "类型"), lambda r: r.kind_text),
        (N("DemandTableModel", "类别"), lambda r: r.category_label),
        (N("DemandTableModel", "内容"), lambda r: r.description),
        (N("DemandTableModel", "状态"), lambda r: r.state_label),
        (N("DemandTableModel", "责任部门"), lambda r: r.department),
        (N("DemandTableModel", "责任人"), lambda r: r.responsible_person),
        (N("DemandTableModel", "办理时限"), lambda r: r.deadline.isoformat() if r.deadline else ""),
        (N("DemandTableModel", "剩余天数"), lambda r: r.days_text),
        (N("DemandTableModel", "服务人员"), lambda r: r.staff),
        (N("DemandTableModel", "同步"), lambda r: label("sync_state", r.sync)),
    )

    def foreground(self, row: DemandRow, column: int) -> QColor | None:
        if column == 10:
            return SYNC_COLOURS.get(row.sync)
        if column in (7, 8) and row.overdue:
            return RED
        if column == 8 and row.days_left is not None and row.days_left <= 2:
            return QColor("#e65100")
        if row.state == "archived":
            return GREY
        return None


class RecordDemandTableModel(RowTableModel):
    """Demands raised during one visit record."""

    columns = (
        (N("RecordDemandTableModel", "类型"), lambda r: r.kind_label),
        (N("RecordDemandTableModel", "类别"), lambda r: r.category_label),
        (N("RecordDemandTableModel", "紧急程度"), lambda r: r.urgency_label),
        (N("RecordDemandTableModel", "状态"), lambda r: r.state_label),
        (N("RecordDemandTableModel", "内容"), lambda r: r.description),
    )


class DemandEventTableModel(RowTableModel):
    columns = (
        (N("DemandEventTableModel", "时间"), lambda r: r.at),
        (N("DemandEventTableModel", "从"), lambda r: r.from_label),
        (N("DemandEventTableModel", "到"), lambda r: r.to_label),
        (N("DemandEventTableModel", "经办人"), lambda r: r.actor),
        (N("DemandEventTableModel", "决定"), lambda r: r.decision),
        (N("DemandEventTableModel", "说明"), lambda r: translate("Demand", r.note) if r.note else ""),
    )

    def tooltip(self, row: EventRow, column: int) -> str | None:
        return row.decision or None


class DemandCardListModel(RowList, QAbstractListModel):
    """The cards of one board column (one lifecycle state)."""

    def __init__(self, state: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self._rows: list[DemandRow] = []

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return r.enterprise
        if role == RowRole:
            return r
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{r.enterprise}\n{r.kind_label} · {r.category_label}\n{r.description}"
        if role == Qt.ItemDataRole.ForegroundRole and r.overdue:
            return QBrush(RED)
        return None
