"""The enterprise list (一企一档) model: plain :class:`EnterpriseRow` tuples, no widget per row.

Stays instant at 10,000 rows: rows arrive whole from a worker (``set_rows`` with
begin/endResetModel), labels are looked up in small dicts rebuilt when the language changes, and
sorting is an in-memory sort of the tuples (names sort by pinyin, as Chinese users expect).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from fieldkit.services.enterprise_file import EnterpriseRow
from fieldkit.services.labels import LABELS, label
from fieldkit.services.reference import load as load_reference
from fieldkit.ui.style import SYNC_COLOURS

Index = QModelIndex | QPersistentModelIndex
IdRole = Qt.ItemDataRole.UserRole + 1

#: column keys, in order; the headers are in _headers() (literal tr calls for lupdate)
COLUMNS: tuple[str, ...] = (
    "name",
    "credit_code",
    "stage",
    "status",
    "industry",
    "scale",
    "contact_person",
    "contact_phone",
    "last_visit",
    "sync",
    "tags",
)
COL = {key: i for i, key in enumerate(COLUMNS)}
_ORDER = {
    kind: {code: i for i, code in enumerate(LABELS[kind])} for kind in ("stage", "enterprise_status", "scale")
}
GREY = QColor("#8a8f98")
AMBER = QColor("#b26a00")


def _headers() -> list[str]:
    # literal calls so that pyside6-lupdate sees every header
    return [
        QCoreApplication.translate("EnterpriseTableModel", "企业名称"),
        QCoreApplication.translate("EnterpriseTableModel", "统一社会信用代码"),
        QCoreApplication.translate("EnterpriseTableModel", "生命周期阶段"),
        QCoreApplication.translate("EnterpriseTableModel", "经营状态"),
        QCoreApplication.translate("EnterpriseTableModel", "所属行业"),
        QCoreApplication.translate("EnterpriseTableModel", "规模"),
        QCoreApplication.translate("EnterpriseTableModel", "联系人"),
        QCoreApplication.translate("EnterpriseTableModel", "联系电话"),
        QCoreApplication.translate("EnterpriseTableModel", "最近走访"),
        QCoreApplication.translate("EnterpriseTableModel", "同步"),
        QCoreApplication.translate("EnterpriseTableModel", "画像标签"),
    ]


def sort_key(column: int) -> Callable[[EnterpriseRow], Any]:
    """Sort key of a column: names by pinyin, codes in their domain order, dates with "never" first."""
    key = COLUMNS[column]
    if key == "name":
        return lambda r: (r.name_pinyin or r.name, r.name)
    if key == "stage":
        return lambda r: _ORDER["stage"].get(r.stage, 99)
    if key == "status":
        return lambda r: _ORDER["enterprise_status"].get(r.status, 99)
    if key == "scale":
        return lambda r: _ORDER["scale"].get(r.scale, 99)
    if key == "last_visit":
        return lambda r: r.last_visit or date.min
    if key == "tags":
        return lambda r: "、".join(r.tags)
    return lambda r: getattr(r, key) or ""


def sort_rows(rows: list[EnterpriseRow], column: int, descending: bool = False) -> list[EnterpriseRow]:
    """Plain-Python sort (no Qt objects): workers pre-sort results with it, off the GUI thread."""
    if not 0 <= column < len(COLUMNS):
        return list(rows)
    return sorted(rows, key=sort_key(column), reverse=descending)


class EnterpriseTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None, language: str = "zh_CN") -> None:
        super().__init__(parent)
        self._rows: list[EnterpriseRow] = []
        self._sort_column = COL["name"]
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._quarter_start: date | None = None
        self.retranslate(language)

    # -- language ---------------------------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        self.language = language
        self._headers = _headers()
        self._stage = {c: label("stage", c) for c in LABELS["stage"]}
        self._status = {c: label("enterprise_status", c) for c in LABELS["enterprise_status"]}
        self._scale = {c: label("scale", c) for c in LABELS["scale"]}
        self._sync = {c: label("sync_state", c) for c in LABELS["sync_state"]}
        self._industry = {e.code: e.label(language) for e in load_reference().industries}
        self._never = QCoreApplication.translate("EnterpriseTableModel", "从未")
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def set_quarter_start(self, d: date) -> None:
        """Rows without an on-site visit since ``d`` are marked."""
        self._quarter_start = d

    # -- rows ---------------------------------------------------------------------------------------------------
    def set_rows(self, rows: list[EnterpriseRow], presorted: bool = False) -> None:
        """Replace the rows; ``presorted`` when a worker already applied :meth:`sort_state`."""
        self.beginResetModel()
        self._rows = list(rows) if presorted else self._sorted(rows, self._sort_column, self._sort_order)
        self.endResetModel()

    def rows(self) -> list[EnterpriseRow]:
        return self._rows

    def row_at(self, i: int) -> EnterpriseRow | None:
        return self._rows[i] if 0 <= i < len(self._rows) else None

    def row_of(self, enterprise_id: str) -> int:
        for i, r in enumerate(self._rows):
            if r.id == enterprise_id:
                return i
        return -1

    # -- sorting ------------------------------------------------------------------------------------------------
    def _sorted(self, rows: list[EnterpriseRow], column: int, order: Qt.SortOrder) -> list[EnterpriseRow]:
        return sort_rows(rows, column, order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self._rows[i.row()].id if 0 <= i.row() < len(self._rows) else None for i in old]
        self._rows = self._sorted(self._rows, column, order)
        pos = {r.id: i for i, r in enumerate(self._rows)}
        new = [
            self.index(pos[eid], i.column()) if eid in pos else QModelIndex()
            for eid, i in zip(ids, old, strict=True)
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort_column, self._sort_order

    # -- QAbstractTableModel ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def display(self, r: EnterpriseRow, column: int) -> str:
        key = COLUMNS[column]
        if key == "stage":
            return self._stage.get(r.stage, r.stage)
        if key == "status":
            return self._status.get(r.status, r.status)
        if key == "scale":
            return self._scale.get(r.scale, r.scale)
        if key == "industry":
            return self._industry.get(r.industry, r.industry)
        if key == "last_visit":
            return r.last_visit.isoformat() if r.last_visit else self._never
        if key == "tags":
            return load_reference().tag_labels(r.tags)
        if key == "sync":
            return self._sync.get(r.sync, r.sync)
        return getattr(r, key) or ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        c = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(r, c)
        if role == IdRole:
            return r.id
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[c] in ("name", "tags"):
            return self.display(r, c) or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if COLUMNS[c] == "sync" and r.sync in SYNC_COLOURS:
                return QBrush(SYNC_COLOURS[r.sync])
            if r.status != "operating":
                return QBrush(GREY)
            if (
                COLUMNS[c] == "last_visit"
                and self._quarter_start
                and (r.last_visit is None or r.last_visit < self._quarter_start)
            ):
                return QBrush(AMBER)
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
            and 0 <= section < len(COLUMNS)
        ):
            return self._headers[section]
        return None
