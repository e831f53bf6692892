"""One week of visit plans: a column per day, a cell per plan (周视图)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N

from .plan_table_model import PlanRow
from .row_table_model import Index, RowRole

WEEKDAYS = (
    N("PlanWeekTableModel", "周一"),
    N("PlanWeekTableModel", "周二"),
    N("PlanWeekTableModel", "周三"),
    N("PlanWeekTableModel", "周四"),
    N("PlanWeekTableModel", "周五"),
    N("PlanWeekTableModel", "周六"),
    N("PlanWeekTableModel", "周日"),
)
BACKGROUNDS = {
    "planned": QColor("#e3f2fd"),
    "overdue": QColor("#fde0e0"),
    "done": QColor("#e8f5e9"),
    "cancelled": QColor("#eeeeee"),
}


def week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


class PlanWeekTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.start = week_start(date.today())
        self._days: list[list[PlanRow]] = [[] for _ in range(7)]
        self.today = date.today()

    def set_week(self, start: date, plans: list[PlanRow], today: date | None = None) -> None:
        self.beginResetModel()
        self.start = week_start(start)
        self.today = today or date.today()
        self._days = [[] for _ in range(7)]
        for p in plans:
            i = (p.planned_date - self.start).days
            if 0 <= i < 7:
                self._days[i].append(p)
        self.endResetModel()

    def day(self, column: int) -> date:
        return self.start + timedelta(days=column)

    def plan_at(self, row: int, column: int) -> PlanRow | None:
        if 0 <= column < 7 and 0 <= row < len(self._days[column]):
            return self._days[column][row]
        return None

    def plans_on(self, column: int) -> list[PlanRow]:
        return list(self._days[column])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else max([len(d) for d in self._days] + [1])

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 7

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self.plan_at(index.row(), index.column())
        if p is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{p.enterprise}\n{p.theme}\n{p.kind_label} · {p.status_label}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{p.planned_date.isoformat()} {p.enterprise}\n{p.theme}\n{p.kind_label} · {p.status_label}"
            )
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(BACKGROUNDS.get(p.status, QColor("white")))
        if role == Qt.ItemDataRole.ForegroundRole and p.status == "overdue":
            return QBrush(QColor("#b71c1c"))
        if role == RowRole:
            return p
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < 7:
            return None
        d = self.day(section)
        if role == Qt.ItemDataRole.DisplayRole:
            name = QCoreApplication.translate("PlanWeekTableModel", WEEKDAYS[section])
            return f"{name} {d.month:02d}-{d.day:02d}"
        if role == Qt.ItemDataRole.FontRole and d == self.today:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.ForegroundRole and d == self.today:
            return QBrush(QColor("#1565c0"))
        return None
