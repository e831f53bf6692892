"""A visit record beside its amendments (更正): one row per field, one column per version, the
cells that differ from the original highlighted."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush

from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N

from .row_table_model import AMBER_BG, Index

#: (field, label source text) in display order
COMPARE_FIELDS = (
    ("visit_at", N("RecordCompareTableModel", "走访时间")),
    ("place", N("RecordCompareTableModel", "走访地点")),
    ("kind", N("RecordCompareTableModel", "服务类型")),
    ("staff_participants", N("RecordCompareTableModel", "我方人员")),
    ("enterprise_participants", N("RecordCompareTableModel", "企业方人员")),
    ("stage", N("RecordCompareTableModel", "生命周期阶段")),
    ("service_items", N("RecordCompareTableModel", "服务事项")),
    ("content", N("RecordCompareTableModel", "服务内容")),
    ("problems", N("RecordCompareTableModel", "发现问题")),
    ("follow_up", N("RecordCompareTableModel", "后续跟进")),
    ("signature", N("RecordCompareTableModel", "企业签名")),
    ("status", N("RecordCompareTableModel", "状态")),
)


class RecordCompareTableModel(QAbstractTableModel):
    """``versions``: [(header, {field: display text})]; the first is the original."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._versions: list[tuple[str, dict[str, str]]] = []

    def set_versions(self, versions: list[tuple[str, dict[str, str]]]) -> None:
        self.beginResetModel()
        self._versions = list(versions)
        self.endResetModel()

    def is_changed(self, row: int, column: int) -> bool:
        if column == 0 or not self._versions or row >= len(COMPARE_FIELDS):
            return False
        f = COMPARE_FIELDS[row][0]
        if f == "status":
            return False
        return self._versions[column][1].get(f, "") != self._versions[0][1].get(f, "")

    def changed_fields(self, column: int) -> list[str]:
        return [COMPARE_FIELDS[r][0] for r in range(len(COMPARE_FIELDS)) if self.is_changed(r, column)]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or not self._versions else len(COMPARE_FIELDS)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._versions)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = COMPARE_FIELDS[index.row()][0]
        value = self._versions[index.column()][1].get(f, "")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return value
        if role == Qt.ItemDataRole.BackgroundRole and self.is_changed(index.row(), index.column()):
            return QBrush(AMBER_BG)
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._versions[section][0] if 0 <= section < len(self._versions) else None
        if 0 <= section < len(COMPARE_FIELDS):
            return QCoreApplication.translate("RecordCompareTableModel", COMPARE_FIELDS[section][1])
        return None
