"""Enterprises (一企一档): a list that stays instant at 10,000 rows.

Search-as-you-type (name, pinyin initials or full pinyin, credit code, contact, phone) waits for a
short pause (debounce), runs the query on the task runner and drops any result that is older than
the latest request. Filters: stage, status, tag, industry, scale, not visited this quarter.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldkit.fileio import atomic_write
from fieldkit.services.context import ServiceContext
from fieldkit.services.enterprise_file import (
    EnterpriseRow,
    filter_rows,
    quarter_start,
    scope_rows,
)
from fieldkit.services.enterprises import EnterpriseFilter
from fieldkit.services.labels import choices
from fieldkit.services.reference import load as load_reference
from fieldkit.ui.callbacks import weak
from fieldkit.ui.itemmodels.enterprise_table_model import COL, EnterpriseTableModel, IdRole, sort_rows
from fieldkit.ui.workers import DEBOUNCE, TaskRunner, in_session

#: pause after the last keystroke before searching (ms); IME commits arrive as one change anyway
DEBOUNCE_MS = 30
COLUMN_WIDTHS = {
    "name": 260,
    "credit_code": 170,
    "stage": 90,
    "status": 80,
    "industry": 150,
    "scale": 60,
    "contact_person": 80,
    "contact_phone": 120,
    "last_visit": 95,
}


class EnterprisesView(QWidget):
    open_enterprise = Signal(str)
    #: emitted after the model shows a new result: (row count, ms from the text/filter change)
    results_shown = Signal(int, float)
    #: the list was exported to this .xlsx file
    exported = Signal(str)

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self._request = 0
        self._changed_at = time.perf_counter()
        self._all_rows: list[EnterpriseRow] | None = None
        self._all_sort: tuple[int, bool] | None = None
        self._generation = 0  # bumped by refresh(): results loaded before it never refill the cache
        self.last_latency_ms = 0.0
        self.loaded = False

        self.search = QLineEdit()
        self.search.setObjectName("enterpriseSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(380)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")

        self.stage = QComboBox()
        self.status = QComboBox()
        self.industry = QComboBox()
        self.scale = QComboBox()
        self.tag = QComboBox()
        for combo in (self.stage, self.status, self.industry, self.scale, self.tag):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._filters_changed)
        self.industry.setMaximumWidth(220)
        self.not_visited = QCheckBox()
        self.not_visited.toggled.connect(self._filters_changed)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear_filters)
        self.export_button = QPushButton()
        self.export_button.setObjectName("export_enterprises")
        self.export_button.clicked.connect(self.export_excel)
        #: what the last export did (or why it failed); the list's own count stays beside the search
        self.export_status = QLabel()
        self.export_status.setObjectName("muted")
        self.export_status.hide()
        #: says what to do when the list is empty (instead of a blank table)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        self.model = EnterpriseTableModel(self, ctx.language)
        self.model.set_quarter_start(quarter_start())
        self.table = QTableView()
        self.table.setObjectName("enterpriseTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(COL["name"], Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        hh = self.table.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        hh.setStretchLastSection(True)
        for key, width in COLUMN_WIDTHS.items():
            hh.resizeSection(COL[key], width)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)

        self._debounce = QTimer(self)
        self._debounce.setObjectName(DEBOUNCE)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_query)
        self.search.textChanged.connect(self._text_changed)
        self.search.returnPressed.connect(self._open_first)
        down = QShortcut(
            QKeySequence(Qt.Key.Key_Down), self.search, context=Qt.ShortcutContext.WidgetShortcut
        )
        down.activated.connect(self._focus_table)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        filters = QHBoxLayout()
        self.filter_labels: list[QLabel] = []
        for combo in (self.stage, self.status, self.industry, self.scale, self.tag):
            lab = QLabel()
            lab.setBuddy(combo)
            self.filter_labels.append(lab)
            filters.addWidget(lab)
            filters.addWidget(combo)
        filters.addWidget(self.not_visited)
        filters.addStretch(1)
        filters.addWidget(self.clear_button)
        filters.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 14, 16, 10)
        self.title_label = QLabel()
        self.title_label.setObjectName("pageTitle")
        lay.addWidget(self.title_label)
        lay.addLayout(top)
        lay.addLayout(filters)
        lay.addWidget(self.export_status)
        lay.addWidget(self.empty_label)
        lay.addWidget(self.table, 1)
        self.setTabOrder(self.search, self.stage)
        self.setTabOrder(self.stage, self.status)
        self.setTabOrder(self.status, self.industry)
        self.setTabOrder(self.industry, self.scale)
        self.setTabOrder(self.scale, self.tag)
        self.setTabOrder(self.tag, self.not_visited)
        self.setTabOrder(self.not_visited, self.clear_button)
        self.setTabOrder(self.clear_button, self.table)
        self.retranslate()

    # -- contract ---------------------------------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("企业档案")

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("企业档案（一企一档）"))
        self.search.setPlaceholderText(
            self.tr("搜索：企业名称、拼音首字母（如 zjsz）、信用代码、联系人或电话")
        )
        self.search.setToolTip(self.tr("输入即搜索；回车打开第一家企业（Ctrl+F）"))
        labels = (self.tr("阶段"), self.tr("状态"), self.tr("行业"), self.tr("规模"), self.tr("标签"))
        for lab, text in zip(self.filter_labels, labels, strict=True):
            lab.setText(text)
        self.not_visited.setText(self.tr("本季度未走访"))
        self.clear_button.setText(self.tr("清除筛选"))
        self.export_button.setText(self.tr("导出Excel…"))
        self.export_button.setToolTip(self.tr("把列表中当前显示的企业（按搜索和筛选条件）导出为 Excel"))
        lang = self.ctx.language
        all_text = self.tr("全部")
        self._fill(self.stage, [(None, all_text), *choices("stage")])
        self._fill(self.status, [(None, all_text), *choices("enterprise_status")])
        self._fill(
            self.industry,
            [(None, all_text)] + [(e.code, f"{e.code} {e.label(lang)}") for e in load_reference().industries],
        )
        self._fill(self.scale, [(None, all_text), *choices("scale")])
        self._fill_tags(all_text)
        self.model.retranslate(lang)
        self._show_count()

    def _fill_tags(self, all_text: str) -> None:
        """The tag filter grouped by kind (属性 / 业务 / 行为 / 兴趣标签): each kind a header that
        cannot be chosen, its tags indented under it."""
        combo = self.tag
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(all_text, None)
        model = combo.model()
        assert isinstance(model, QStandardItemModel)  # a QComboBox's own model
        lang = self.ctx.language
        for kind in load_reference().tag_kinds:
            combo.addItem(kind.label(lang), None)
            header = model.item(combo.count() - 1)
            header.setEnabled(False)
            header.setSelectable(False)
            font = combo.font()
            font.setBold(True)
            header.setFont(font)
            for tag in kind.extra.get("tags", []):
                combo.addItem("\u3000" + load_reference().tag_label(tag), tag)
        combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
        combo.blockSignals(False)

    def _fill(self, combo: QComboBox, items: list[tuple[Any, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for code, text in items:
            combo.addItem(text, code)
        i = combo.findData(current)
        combo.setCurrentIndex(max(0, i))
        combo.blockSignals(False)

    def refresh(self) -> None:
        """Reload the last-visit dates and the rows (F5, or after records were written)."""
        self._all_rows = None
        self._all_sort = None
        self._generation += 1
        self._changed_at = time.perf_counter()
        self.run_query()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- querying ---------------------------------------------------------------------------------------------
    def current_filter(self) -> EnterpriseFilter:
        sup = self.ctx.is_supervisor
        return EnterpriseFilter(
            text=self.search.text(),
            stage=self.stage.currentData(),
            status=self.status.currentData(),
            industry=self.industry.currentData(),
            scale=self.scale.currentData(),
            tag=self.tag.currentData(),
            staff_id=self.ctx.scope_staff_id,
            zone_id=self.ctx.staff.zone_id if sup else None,
            not_visited_since=quarter_start() if self.not_visited.isChecked() else None,
        )

    def _text_changed(self, _text: str) -> None:
        self._changed_at = time.perf_counter()
        self._debounce.start()

    def _filters_changed(self, *_a: object) -> None:
        self._changed_at = time.perf_counter()
        self._debounce.start()

    def clear_filters(self) -> None:
        for combo in (self.stage, self.status, self.industry, self.scale, self.tag):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.not_visited.blockSignals(True)
        self.not_visited.setChecked(False)
        self.not_visited.blockSignals(False)
        self._filters_changed()

    def run_query(self) -> None:
        """Search on the runner: the first time (and after refresh) the user's whole scope is read
        from the database; every keystroke after that filters those rows in memory."""
        self._debounce.stop()
        self._request += 1
        req = self._request
        f = self.current_filter()
        cache, cache_sort = self._all_rows, self._all_sort
        column, order = self.model.sort_state()
        descending = order == Qt.SortOrder.DescendingOrder
        ctx = self.ctx

        def job() -> tuple[list[EnterpriseRow], tuple[int, bool], list[EnterpriseRow]]:
            rows = cache
            if rows is None:
                rows = in_session(ctx, scope_rows, f.staff_id, f.zone_id)
            if cache_sort != (column, descending):  # keep the scope sorted: filtering keeps the order
                rows = sort_rows(rows, column, descending)
            return rows, (column, descending), filter_rows(rows, f)

        gen = self._generation
        self.runner.run(
            job,
            weak(self, lambda v, result: v._on_rows(req, result, column, order, gen)),
            weak(self, EnterprisesView._on_error),
        )

    def _on_rows(
        self,
        req: int,
        result: tuple[list[EnterpriseRow], tuple[int, bool], list[EnterpriseRow]],
        column: int | None = None,
        order: Qt.SortOrder | None = None,
        generation: int | None = None,
    ) -> None:
        all_rows, all_sort, rows = result
        if generation in (None, self._generation) and (self._all_rows is None or self._all_sort != all_sort):
            self._all_rows, self._all_sort = all_rows, all_sort
        if req != self._request:
            return  # a newer query is on its way; this result is stale
        selected = self.selected_id()
        presorted = (column, order) == self.model.sort_state()
        self.model.set_rows(rows, presorted=presorted)
        if selected:
            i = self.model.row_of(selected)
            if i >= 0:
                self.table.selectRow(i)
        self.loaded = True
        self.last_latency_ms = (time.perf_counter() - self._changed_at) * 1000
        self._show_count()
        self.results_shown.emit(len(rows), self.last_latency_ms)

    def _on_error(self, exc: BaseException) -> None:
        self.count_label.setText(self.tr("查询失败：{error}").format(error=exc))

    def _show_count(self) -> None:
        if not self.loaded:
            return
        n = self.model.rowCount()
        self.count_label.setText(self.tr("共 {n} 家企业").format(n=n))
        if n == 0:
            if self._all_rows:  # the scope has enterprises: the search or a filter left none
                text = self.tr("没有符合条件的企业。换一个关键词，或点“清除筛选”查看全部企业。")
            elif self.ctx.is_supervisor:
                text = self.tr("功能区还没有企业档案。可以用“fieldkit import”从 Excel 导入企业名录。")
            else:
                text = self.tr("您还没有包联企业，请联系主管为您分配。")
            self.empty_label.setText(text)
        self.empty_label.setVisible(n == 0)
        self.table.setVisible(n > 0)
        self.export_button.setEnabled(n > 0)

    def filter_summary(self) -> str:
        """The search and filters in force, in words (Chinese, for the exported workbook)."""
        parts = []
        if self.search.text().strip():
            parts.append(f"搜索“{self.search.text().strip()}”")
        for lab, combo in zip(
            ("阶段", "状态", "行业", "规模", "标签"),
            (self.stage, self.status, self.industry, self.scale, self.tag),
            strict=True,
        ):
            if combo.currentData() is not None:
                parts.append(f"{lab}：{combo.currentText()}")
        if self.not_visited.isChecked():
            parts.append("本季度未走访")
        return "；".join(parts)

    def export_excel(self) -> None:
        """Export the enterprises the list shows (search and filters applied) to an .xlsx file."""
        rows = list(self.model.rows())
        if not rows:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder or Path.home()) / (self.tr("企业名录") + ".xlsx"))
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出Excel"), suggested, self.tr("Excel 工作簿 (*.xlsx)")
        )
        if not path:
            return
        target = Path(path) if path.lower().endswith(".xlsx") else Path(path + ".xlsx")
        conditions = self.filter_summary()
        self.export_button.setEnabled(False)
        self._export_text(self.tr("正在导出 {n} 家企业…").format(n=len(rows)))

        def job() -> str:  # on the worker thread: build and write, no widgets
            from fieldkit.forms.enterprise_list import enterprise_list_xlsx

            atomic_write(target, enterprise_list_xlsx(rows, conditions=conditions))
            return str(target)

        self.runner.run(
            job,
            weak(self, lambda v, p: v._exported(p, len(rows))),
            weak(self, EnterprisesView._export_failed),
        )

    def _export_text(self, text: str) -> None:
        self.export_status.setText(text)
        self.export_status.show()

    def _exported(self, path: str, n: int) -> None:
        self.export_button.setEnabled(True)
        self._export_text(self.tr("已导出 {n} 家企业：{path}").format(n=n, path=path))
        self.exported.emit(path)

    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
        self._export_text(self.tr("导出失败：{error}").format(error=reason))

    # -- navigation -------------------------------------------------------------------------------------------
    def selected_id(self) -> str | None:
        sel = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return sel[0].data(IdRole) if sel else None

    def _activated(self, index: QModelIndex) -> None:
        eid = index.data(IdRole)
        if eid:
            self.open_enterprise.emit(eid)

    def _open_first(self) -> None:
        if self.model.rowCount():
            self.open_enterprise.emit(self.model.row_at(0).id)  # type: ignore[union-attr]

    def _focus_table(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)
