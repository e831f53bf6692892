"""Small helpers shared by the workflow views: service calls for the runner (:class:`ServiceCall`),
the user's scope, combo boxes filled from (code, label) pairs, a non-modal message banner, list
tables whose rows are replaced keeping the selection, and the print preview of a form
(:func:`open_form_preview`; named widget factories are in :mod:`fieldkit.ui.widgets.builders`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from fieldkit.services import names as display_names
from fieldkit.services.context import ServiceContext
from fieldkit.services.enterprises import scope_enterprises as services_scope_enterprises
from fieldkit.services.errors import FieldKitError
from fieldkit.ui.workers import StoreSource, in_session


class ServiceCall:
    """A service call for the task runner: ``fn(session, *args, **kwargs)`` with plain values, in a
    session of ``source``'s store (the view's ServiceContext). What a dialog's ``make_job`` or a
    view's ``load_job`` may return instead of a worker function: the base class hands it to
    ``runner.write`` (a dialog's save: one transaction) or ``runner.read`` (a view's load)."""

    def __init__(self, source: StoreSource, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
        self.source = source
        self.fn = fn
        self.args = args
        self.kwargs = kwargs

    def __repr__(self) -> str:
        return f"ServiceCall({getattr(self.fn, '__qualname__', self.fn)!r}, {len(self.args)} args)"


def scope_of(ctx: ServiceContext) -> tuple[str | None, str | None]:
    """(staff id, zone id) of the user's scope as plain values for a service call: an assistant's
    own enterprises (zone None), a supervisor's zone (staff None)."""
    return ctx.scope_staff_id, ctx.staff.zone_id if ctx.is_supervisor else None


def scope_enterprises(ctx: ServiceContext, session: Any) -> list[tuple[str, str]]:
    """(id, name) of the enterprises the user may work with (:func:`fieldkit.services.enterprises.scope_enterprises`)."""
    return services_scope_enterprises(session, *scope_of(ctx))


def enterprise_name(session: Any, names: dict[str, str], enterprise_id: str, default: str = "") -> str:
    """The name of an enterprise from ``names`` (usually the user's scope); one outside it is read
    from the store and remembered in ``names`` (``default`` when it is gone)."""
    if enterprise_id not in names:
        names[enterprise_id] = display_names.enterprise_name(session, enterprise_id, default)
    return names[enterprise_id]


def error_text(exc: BaseException) -> str:
    """What a failed operation says: a database or disk error (a save while another program
    writes, a full disk) in the user's words, never the driver's ("database is locked")."""
    from fieldkit.services.db_errors import store_error

    if isinstance(exc, FieldKitError):
        return exc.text()
    err = store_error(exc)
    if err is not None:
        return err.text()
    return QCoreApplication.translate("Workflow", "操作失败：{error}").format(error=exc)


def fill_combo(combo: QComboBox, choices: Iterable[tuple[str | None, str]], keep: bool = True) -> None:
    """Replace the items with (data, text) pairs, keeping the current selection when possible."""
    current = combo.currentData() if keep else None
    combo.blockSignals(True)
    combo.clear()
    for code, text in choices:
        combo.addItem(text, code)
    combo.blockSignals(False)
    if current is not None:
        select_data(combo, current)


def select_data(combo: QComboBox, data: Any) -> bool:
    i = combo.findData(data)
    if i >= 0:
        combo.setCurrentIndex(i)
        return True
    return False


class _PairListModel(QAbstractListModel):
    """(id, name) pairs for a combo box: setting 10,000 rows is one reset, not 10,000 inserts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str]] = []

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        eid, name = row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return name
        if role == Qt.ItemDataRole.UserRole:
            return eid
        if role == SEARCH_ROLE:
            # the name and its pinyin keys (an EnterpriseChoice carries them): 中江 / zhongjiang / zj
            return "\x1f".join((name, getattr(row, "pinyin", ""), getattr(row, "initials", "")))
        return None


SEARCH_ROLE = int(Qt.ItemDataRole.UserRole) + 1
"""What the enterprise picker's completer matches: the name, its full pinyin and its initials."""


class _NameCompleter(QCompleter):
    """Matches on :data:`SEARCH_ROLE` but puts the enterprise's name (never its pinyin) in the field."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class EnterpriseCombo(QComboBox):
    """Enterprise picker: editable, completes on any part of the name or its pinyin (thousands of
    rows stay fast); it starts empty, so that Enter never picks an enterprise for the user."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setMinimumContentsLength(16)
        self._model = _PairListModel(self)
        self.setModel(self._model)
        # any part of the name, its full pinyin or its initials (``zjsz``, as the enterprise list)
        comp = _NameCompleter(self._model, self)
        comp.setCompletionRole(SEARCH_ROLE)
        comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        comp.setFilterMode(Qt.MatchFlag.MatchContains)
        comp.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(comp)
        edit = self.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(
                QCoreApplication.translate("EnterpriseCombo", "请选择企业：输入名称或拼音首字母查找…")
            )

    def set_enterprises(self, rows: list[tuple[str, str]], selected: str | None = None) -> None:
        """Fill the picker; ``selected`` (or what was chosen before) stays chosen. Nothing else is
        chosen for the user: a wrong enterprise must never be one Enter away."""
        current = selected or self.currentData()
        self._model.set_rows(rows)
        if not (current and select_data(self, current)):
            self.setCurrentIndex(-1)
            self.setEditText("")

    def enterprise_id(self) -> str | None:
        """The chosen enterprise; the typed text must name one of the items."""
        i = self.findText(self.currentText().strip(), Qt.MatchFlag.MatchExactly)
        if i < 0:
            return None
        data = self.itemData(i)
        return str(data) if data is not None else None


class MessageBanner(QLabel):
    """A non-modal line for results and errors (modal boxes would interrupt the field worker)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)

    def info(self, text: str, msecs: int = 6000) -> None:
        self.setStyleSheet("background:#e8f5e9;color:#1b5e20;padding:4px 8px;border-radius:3px;")
        self._show(text, msecs)

    def error(self, text: str | BaseException, msecs: int = 0) -> None:
        if isinstance(text, BaseException):
            text = error_text(text)
        self.setStyleSheet("background:#fde0e0;color:#b71c1c;padding:4px 8px;border-radius:3px;")
        self._show(text, msecs)

    def _show(self, text: str, msecs: int) -> None:
        self.setText(text)
        self.show()
        if msecs:
            self._timer.start(msecs)
        else:
            self._timer.stop()


def setup_table(view: QTableView, stretch: int | None = None) -> None:
    """Common look of the list tables: whole-row selection, no grid clutter, last column stretches."""
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(28)
    view.setWordWrap(False)
    hh = view.horizontalHeader()
    hh.setHighlightSections(False)
    hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    if stretch is None:
        hh.setStretchLastSection(True)
    else:
        hh.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def fit_columns(view: QTableView, max_width: int = 260) -> None:
    """Size columns to their contents once rows arrived (cheap: Qt samples at most 1000 rows)."""
    view.resizeColumnsToContents()
    hh = view.horizontalHeader()
    for c in range(hh.count()):
        hh.resizeSection(c, min(hh.sectionSize(c) + 14, max_width))


def selected_row(view: QTableView) -> Any:
    """The row object of the current selection (models derive from RowTableModel)."""
    from fieldkit.ui.itemmodels.row_table_model import RowRole

    sel: QItemSelectionModel | None = view.selectionModel()
    if sel is None:
        return None
    rows = sel.selectedRows()
    if not rows:
        return None
    return rows[0].data(RowRole)


def select_row(view: QTableView, pred: Callable[[Any], bool]) -> bool:
    model = view.model()
    i = model.find(pred) if hasattr(model, "find") else -1
    if i >= 0:
        view.selectRow(i)
        return True
    return False


def replace_rows(
    view: QTableView,
    rows: Sequence[Any],
    key: Callable[[Any], Any],
    max_width: int = 260,
    first: bool = False,
) -> bool:
    """Show ``rows`` in ``view`` (its model derives from RowTableModel), size the columns and select
    again the row that was selected (the one with the same ``key``); failing that, the first row
    when ``first``. Returns whether a row was selected."""
    keep = selected_row(view)
    view.model().set_rows(rows)  # type: ignore[attr-defined]
    fit_columns(view, max_width)
    if keep is not None and select_row(view, lambda r: key(r) == key(keep)):
        return True
    if first and rows:
        view.selectRow(0)
        return True
    return False


# -- printing: the print preview dialog and forms are written elsewhere; use them when present ------


def file_stem(title: str, *parts: object) -> str:
    """A suggested file name (without extension) from a translated title and what it covers,
    joined by "_": "诉求台账_20261001_20261231", "Demand ledger_20261001_20261231". Characters that
    file systems refuse are replaced."""
    text = "_".join(str(x).strip() for x in (title, *parts) if str(x).strip())
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", text)


def open_print_preview(
    parent: QWidget,
    make_pdf: Callable[[], bytes],
    title: str,
    suggested_name: str,
    make_xlsx: Callable[[], bytes] | None = None,
) -> Any:
    from fieldkit.ui.dialogs.print_dialog import PrintPreviewDialog  # QtPdf loads when a preview opens

    dlg = PrintPreviewDialog(parent, make_pdf, title, suggested_name, make_xlsx=make_xlsx)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg


def open_form_preview(
    parent: QWidget,
    source: StoreSource,
    pdf: Callable[..., bytes],
    xlsx: Callable[..., bytes] | None,
    title: str,
    suggested_name: str,
    *args: Any,
) -> Any:
    """Open the print preview of a form: ``pdf(session, *args)`` makes the PDF and, when given,
    ``xlsx(session, *args)`` the Excel export (functions of ``fieldkit.forms``, imported plainly by
    the caller); each runs off the GUI thread in a read session of ``source``'s store. ``args``
    must be plain values. Returns the dialog."""

    def make_pdf() -> bytes:
        return cast(bytes, in_session(source, pdf, *args))

    def make_xlsx() -> bytes:
        assert xlsx is not None
        return cast(bytes, in_session(source, xlsx, *args))

    return open_print_preview(parent, make_pdf, title, suggested_name, make_xlsx=make_xlsx if xlsx else None)
