"""Demands (诉求): the list, the short list inside a visit record, the board's cards and the
event history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtGui import QBrush, QColor

from fieldkit.models import Demand, DemandEvent
from fieldkit.services.demands import days_left, is_overdue
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.i18n import translate
from fieldkit.services.labels import label
from fieldkit.services.reference import load as load_reference
from fieldkit.services.timeutil import fmt_datetime

from .row_table_model import GREY, RED, Index, RowList, RowRole, RowTableModel


@dataclass
class DemandRow:
    id: str
    enterprise_id: str
    enterprise: str
    staff_id: str
    staff: str
    kind: str
    kind_label: str
    category_label: str
    description: str
    urgency: str
    urgency_label: str
    state: str
    state_label: str
    department: str
    responsible_person: str
    deadline: date | None
    days_left: int | None
    overdue: bool
    satisfaction: str | None
    satisfaction_label: str
    collected_at: str
    record_id: str | None
    overdue_explanation: str = ""

    @property
    def days_text(self) -> str:
        if self.days_left is None:
            if self.overdue:
                return translate("DemandTableModel", N("DemandTableModel", "逾期办结"))
            return ""
        if self.days_left < 0:
            return translate("DemandTableModel", N("DemandTableModel", "已逾期 {n} 天"), n=-self.days_left)
        if self.days_left == 0:
            return translate("DemandTableModel", N("DemandTableModel", "今天到期"))
        return translate("DemandTableModel", N("DemandTableModel", "剩 {n} 天"), n=self.days_left)


def make_demand_row(d: Demand, enterprise: str, staff: str, today: date, lang: str = "zh_CN") -> DemandRow:
    """Plain display row (built in the worker)."""
    return DemandRow(
        id=d.id, enterprise_id=d.enterprise_id, enterprise=enterprise, staff_id=d.staff_id, staff=staff,
        kind=d.kind, kind_label=label("demand_kind", d.kind),
        category_label=load_reference().label("demand_categories", d.category, lang),
        description=d.description, urgency=d.urgency, urgency_label=label("urgency", d.urgency),
        state=d.state, state_label=label("demand_state", d.state), department=d.department,
        responsible_person=d.responsible_person, deadline=d.deadline, days_left=days_left(d, today),
        overdue=is_overdue(d, today), satisfaction=d.satisfaction,
        satisfaction_label=label("satisfaction", d.satisfaction), collected_at=fmt_datetime(d.collected_at),
        record_id=d.record_id, overdue_explanation=d.overdue_explanation)


class DemandTableModel(RowTableModel):
    columns = (
        (N("DemandTableModel", "企业"), lambda r: r.enterprise),
        (N("DemandTableModel", "类型"), lambda r: r.kind_label),
        (N("DemandTableModel", "类别"), lambda r: r.category_label),
        (N("DemandTableModel", "内容"), lambda r: r.description),
        (N("DemandTableModel", "状态"), lambda r: r.state_label),
        (N("DemandTableModel", "责任部门"), lambda r: r.department),
        (N("DemandTableModel", "责任人"), lambda r: r.responsible_person),
        (N("DemandTableModel", "办理时限"), lambda r: r.deadline.isoformat() if r.deadline else ""),
        (N("DemandTableModel", "剩余天数"), lambda r: r.days_text),
        (N("DemandTableModel", "服务人员"), lambda r: r.staff),
    )

    def foreground(self, row: DemandRow, column: int) -> QColor | None:
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


@dataclass
class EventRow:
    at: str
    from_label: str
    to_label: str
    actor: str
    note: str
    to_state: str


def make_event_row(ev: DemandEvent, actor: str) -> EventRow:
    return EventRow(fmt_datetime(ev.at), label("demand_state", ev.from_state) if ev.from_state else "",
                    label("demand_state", ev.to_state), actor, ev.note, ev.to_state)


class DemandEventTableModel(RowTableModel):
    columns = (
        (N("DemandEventTableModel", "时间"), lambda r: r.at),
        (N("DemandEventTableModel", "从"), lambda r: r.from_label),
        (N("DemandEventTableModel", "到"), lambda r: r.to_label),
        (N("DemandEventTableModel", "经办人"), lambda r: r.actor),
        (N("DemandEventTableModel", "说明"), lambda r: translate("Demand", r.note) if r.note else ""),
    )


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
