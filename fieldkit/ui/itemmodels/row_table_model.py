"""Base of the small read-only table models: a list of plain row objects and a column spec.

Subclasses declare ``columns`` as (header source text, getter) pairs; headers are Chinese source
strings translated with the subclass name as context. Rows are replaced whole with
:meth:`set_rows` (begin/endResetModel) or extended by :meth:`append_rows` (a paged list's next page), only
ever on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex

RED = QColor("#c62828")
GREY = QColor("#8a8a8a")
GREEN = QColor("#2e7d32")
AMBER_BG = QColor("#fff3c4")
RED_BG = QColor("#fde0e0")

#: the role that returns the row object itself
RowRole = Qt.ItemDataRole.UserRole + 1


class RowList:
    """The rows of a list or table model (mixed in before the Qt model class): replaced whole with
    :meth:`set_rows` (a model reset), read by index, searched."""

    _rows: list[Any]

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()  # type: ignore[attr-defined]
        self._rows = list(rows)
        self.endResetModel()  # type: ignore[attr-defined]

    def append_rows(self, rows: Sequence[Any]) -> None:
        """Add ``rows`` after the last (the next page of a paged list)."""
        if not rows:
            return
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n + len(rows) - 1)  # type: ignore[attr-defined]
        self._rows.extend(rows)
        self.endInsertRows()  # type: ignore[attr-defined]

    def row(self, i: int) -> Any:
        return self._rows[i] if 0 <= i < len(self._rows) else None

    def find(self, pred: Callable[[Any], bool]) -> int:
        for i, r in enumerate(self._rows):
            if pred(r):
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)


class RowTableModel(RowList, QAbstractTableModel):
    #: (header source text, getter) per column
    columns: Sequence[tuple[str, Callable[[Any], Any]]] = ()
    #: column -> source text of its header's tooltip (what the column counts), translated like the headers
    header_tips: dict[int, str] = {}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    # -- data ---------------------------------------------------------------------------------------
    def rows(self) -> list[Any]:
        return list(self._rows)

    # -- hooks for subclasses -----------------------------------------------------------------------
    def foreground(self, row: Any, column: int) -> QColor | None:
        return None

    def background(self, row: Any, column: int) -> QColor | None:
        return None

    def tooltip(self, row: Any, column: int) -> str | None:
        return None

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        return None

    # -- QAbstractTableModel ------------------------------------------------------------------------
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        c = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            v = self.columns[c][1](row)
            return "" if v is None else str(v)
        if role == RowRole:
            return row
        if role == Qt.ItemDataRole.ForegroundRole:
            color = self.foreground(row, c)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.BackgroundRole:
            color = self.background(row, c)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tooltip(row, c)
            if tip is None:
                v = self.columns[c][1](row)
                tip = str(v) if v is not None and len(str(v)) > 20 else None
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole:
            a = self.alignment(c)
            return int(a | Qt.AlignmentFlag.AlignVCenter) if a is not None else None
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return QCoreApplication.translate(type(self).__name__, self.columns[section][0])
        if role == Qt.ItemDataRole.ToolTipRole and section in self.header_tips:
            return QCoreApplication.translate(type(self).__name__, self.header_tips[section])
        return None

    def header_texts(self) -> list[str]:
        return [self.headerData(i, Qt.Orientation.Horizontal) for i in range(self.columnCount())]

    def display(self, row: int, column: int) -> str:
        return self.data(self.index(row, column)) or ""
