"""A small read-only table of display strings for the tabs of the enterprise page.

The view builds the cells (already labelled in the user's language) and the headers; each row may
carry a payload (usually a row id) and a colour. Replaced whole with :meth:`set_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from .row_table_model import RowList

Index = QModelIndex | QPersistentModelIndex
PayloadRole = Qt.ItemDataRole.UserRole + 1


class TextRow:
    __slots__ = ("cells", "payload", "color", "tooltip")

    def __init__(
        self, cells: Sequence[Any], payload: Any = None, color: str | None = None, tooltip: str | None = None
    ) -> None:
        self.cells = ["" if c is None else str(c) for c in cells]
        self.payload = payload
        self.color = color
        self.tooltip = tooltip


class TextTableModel(RowList, QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        self._rows: list[TextRow] = []

    def set_headers(self, headers: Sequence[str]) -> None:
        if len(headers) != len(self._headers):
            self.beginResetModel()
            self._headers = list(headers)
            self.endResetModel()
        else:
            self._headers = list(headers)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(headers) - 1))

    def rows(self) -> list[TextRow]:
        return self._rows

    def cell(self, row: int, column: int) -> str:
        return self._rows[row].cells[column]

    def column_texts(self, column: int) -> list[str]:
        return [r.cells[column] for r in self._rows]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[index.column()] if index.column() < len(row.cells) else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.tooltip:
                return row.tooltip
            text = row.cells[index.column()] if index.column() < len(row.cells) else ""
            return text if len(text) > 24 else None
        if role == Qt.ItemDataRole.ForegroundRole and row.color:
            return QBrush(QColor(row.color))
        if role == PayloadRole:
            return row.payload
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None
