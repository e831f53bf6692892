"""Supervisor mode (主管): per-assistant ledger review for a period with the zone summary figures,
charts of coverage and demand closure, assessment scoring (考核), reassignment of enterprises
(包联调整, history kept), complaints handled with the demand actions, and review (审阅) of
submitted visit records.

A period's load reads the zone's figures and lists (the records awaiting review in one query); the
ledger of the selected assistant is read in its own job when the selection changes, and kept per
(assistant, period) until the next load.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from operator import attrgetter
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.forms.work_ledger import work_ledger_pdf, work_ledger_xlsx
from fieldkit.forms.zone_summary import zone_summary_pdf, zone_summary_xlsx
from fieldkit.services.complaints import set_major
from fieldkit.services.context import ServiceContext
from fieldkit.services.demands import DemandRow
from fieldkit.services.ledger import StaffLedger, StaffSummary, staff_ledger
from fieldkit.services.supervision import (
    CHART_MONTHS,
    UNASSIGNED,
    AssignmentHistoryRow,
    AssignmentRow,
    SupervisorPeriod,
    assessment_page,
    assignment_history_rows,
    assignment_page,
    complaint_page,
    month_starts,
    review_page,
    summary_page,
    supervisor_period,
)
from fieldkit.services.timeutil import local_today, quarter_bounds
from fieldkit.ui.dialogs.plan_dialog import date_edit, from_qdate, to_qdate
from fieldkit.ui.dialogs.supervisor_dialogs import AssessmentDialog, ReassignDialog, ReviewRecordDialog
from fieldkit.ui.itemmodels.demand_table_model import DemandTableModel
from fieldkit.ui.itemmodels.record_table_model import RecordRow, RecordTableModel
from fieldkit.ui.itemmodels.supervisor_table_model import (
    AssessmentTableModel,
    AssignmentHistoryTableModel,
    AssignmentTableModel,
    LedgerDemandTableModel,
    LedgerProxyTableModel,
    LedgerPushTableModel,
    LedgerRecordTableModel,
    StaffSummaryTableModel,
)
from fieldkit.ui.views.base import LoadingView
from fieldkit.ui.views.staff_panel import StaffPanel
from fieldkit.ui.widgets.builders import (
    button_row,
    column_panel,
    combo_box,
    make_table,
    push_button,
    search_box,
)
from fieldkit.ui.widgets.demand_detail import DemandDetailWidget
from fieldkit.ui.widgets.paged_table import PagedTable
from fieldkit.ui.widgets.workflow_support import (
    file_stem,
    fill_combo,
    fit_columns,
    open_form_preview,
    selected_row,
)
from fieldkit.ui.workers import TaskRunner, in_session

PERIODS = ("quarter", "month", "last_quarter", "custom")
__all__ = ["CHART_MONTHS", "PERIODS", "SupervisorView", "month_starts", "period_bounds"]


def period_bounds(kind: str, today: date) -> tuple[date, date]:
    if kind == "month":
        start = today.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return start, end
    if kind == "last_quarter":
        q0, _ = quarter_bounds(today)
        return quarter_bounds(q0 - timedelta(days=1))
    return quarter_bounds(today)


# a loaded ledger: (staff id, period start, period end)
LedgerKey = tuple[str, date, date]


def clear_chart(chart: QChart) -> QChart:
    """``chart`` without its series and axes, to be drawn again."""
    chart.removeAllSeries()
    for ax in chart.axes():
        chart.removeAxis(ax)
    return chart


class SupervisorView(LoadingView):
    """主管 (shown when ctx.is_supervisor)."""

    history_loaded = Signal()
    # a page of the 包联调整 list is shown (True: the first of a load or a filter; False: one more)
    assignments_loaded = Signal(bool)
    # the ledger of the selected assistant is shown (after its own job)
    ledger_loaded = Signal()

    data: SupervisorPeriod | None

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        # ledgers read since the last load, by (staff, period); cleared by every load so that they
        # agree with the figures beside them (a record reviewed, a demand closed)
        self._ledgers: dict[LedgerKey, StaffLedger] = {}
        # ledgers being read (not asked for twice); a job's result from before the last load is dropped
        self._ledger_pending: set[LedgerKey] = set()
        self._ledger_gen = 0
        self._build()

    def title(self) -> str:
        return self.tr("主管考核")  # the navigation label: it never changes once opened

    # -- layout -------------------------------------------------------------------------------------
    def _build(self) -> None:
        root, bar = self.toolbar_layout()
        bar.addWidget(QLabel(self.tr("考核期")))
        self.period = combo_box(
            "period_kind",
            [
                ("quarter", self.tr("本季度")),
                ("month", self.tr("本月")),
                ("last_quarter", self.tr("上季度")),
                ("custom", self.tr("自定义")),
            ],
        )
        bar.addWidget(self.period)
        start, end = period_bounds("quarter", local_today())
        self.start = date_edit(start)
        self.start.setObjectName("period_start")
        self.end = date_edit(end)
        self.end.setObjectName("period_end")
        bar.addWidget(self.start)
        bar.addWidget(QLabel("~"))
        bar.addWidget(self.end)
        self.apply_button = push_button(self.tr("查询"), "apply_period")
        bar.addWidget(self.apply_button)
        bar.addStretch(1)
        self.print_button = push_button(self.tr("打印工作台账"), "print_ledger")
        bar.addWidget(self.print_button)
        self.print_summary_button = push_button(self.tr("打印汇总表"), "print_summary")
        bar.addWidget(self.print_summary_button)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("supervisor_tabs")
        root.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_summary(), self.tr("台账汇总"))
        self.tabs.addTab(self._build_charts(), self.tr("图表"))
        self.tabs.addTab(self._build_assessments(), self.tr("考核"))
        self.tabs.addTab(self._build_assignments(), self.tr("包联调整"))
        self.tabs.addTab(self._build_complaints(), self.tr("投诉处理"))
        self.tabs.addTab(self._build_review(), self.tr("记录审阅"))
        self.staff_panel = StaffPanel(self.ctx, self.runner)  # 人员管理 (issue 12 §15)
        self.tabs.addTab(self.staff_panel, self.tr("人员管理"))

        self.period.currentIndexChanged.connect(self._period_changed)
        self.apply_button.clicked.connect(self.refresh)
        self.start.dateChanged.connect(lambda _d: self._custom())
        self.end.dateChanged.connect(lambda _d: self._custom())
        self.print_button.clicked.connect(self.print_ledger)
        self.print_summary_button.clicked.connect(self.print_summary)

    def _build_summary(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        split = QSplitter(Qt.Orientation.Vertical)
        self.summary_model = StaffSummaryTableModel(self)
        self.summary_table = make_table(self.summary_model, "summary_table")
        # fourteen columns at 1366 px: the figures share the width left by name and type, so the
        # last column (满意度) is never cut behind a horizontal scroll bar
        hh = self.summary_table.horizontalHeader()
        hh.setStretchLastSection(False)
        for c in range(self.summary_model.columnCount()):
            hh.setSectionResizeMode(
                c, QHeaderView.ResizeMode.ResizeToContents if c < 2 else QHeaderView.ResizeMode.Stretch
            )
        self.summary_split = split
        upper = QWidget()
        ul = QVBoxLayout(upper)
        ul.setContentsMargins(0, 0, 0, 0)
        ul.addWidget(self.summary_table, 1)
        self.summary_count = QLabel()
        self.summary_count.setObjectName("summary_count")
        ul.addWidget(self.summary_count)
        split.addWidget(upper)
        # a page of assistants at a time (the zone's 合计 row, counted apart, closes the table): the
        # first with the period, the next on scroll
        self.summary_pages = PagedTable(
            self.summary_table,
            attrgetter("staff_id"),
            self._fetch_summary,
            self.summary_count,
            lambda n, total: self.tr("已显示 {0} / 共 {1} 人").format(n, total),
            self.banner.error,
            160,
        )
        self.summary_pages.page_shown.connect(self._summary_shown)
        lower, ll = column_panel()
        self.ledger_label = QLabel(self.tr("选择一位服务人员查看其台账"))
        self.ledger_label.setObjectName("ledger_label")
        ll.addWidget(self.ledger_label)
        self.ledger_tabs = QTabWidget()
        self.ledger_records = LedgerRecordTableModel(self)
        self.ledger_demands = LedgerDemandTableModel(self)
        self.ledger_proxies = LedgerProxyTableModel(self)
        self.ledger_pushes = LedgerPushTableModel(self)
        self.ledger_tabs.addTab(make_table(self.ledger_records, "ledger_records"), self.tr("走访记录"))
        self.ledger_tabs.addTab(make_table(self.ledger_demands, "ledger_demands"), self.tr("诉求"))
        self.ledger_tabs.addTab(make_table(self.ledger_proxies, "ledger_proxies"), self.tr("帮办代办"))
        self.ledger_tabs.addTab(make_table(self.ledger_pushes, "ledger_pushes"), self.tr("政策推送"))
        ll.addWidget(self.ledger_tabs, 1)
        split.addWidget(lower)
        split.setSizes([260, 380])
        lay.addWidget(split)
        self.summary_table.selectionModel().selectionChanged.connect(self._show_ledger)
        return w

    def _chart(self, title: str) -> tuple[QChart, QChartView]:
        chart = QChart()
        chart.setTitle(title)
        font = QApplication.font()
        chart.setFont(font)
        tf = QApplication.font()
        tf.setBold(True)
        chart.setTitleFont(tf)
        chart.legend().setFont(font)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        view = QChartView(chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(260)
        return chart, view

    def _build_charts(self) -> QWidget:
        w = QWidget()
        lay = QHBoxLayout(w)
        self.coverage_chart, self.coverage_chart_view = self._chart(self.tr("各服务人员走访覆盖率（%）"))
        self.coverage_chart_view.setObjectName("coverage_chart")
        self.closure_chart, self.closure_chart_view = self._chart(self.tr("诉求办结情况（按月）"))
        self.closure_chart_view.setObjectName("closure_chart")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.coverage_chart_view)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.closure_chart_view, 1)
        return w

    def _build_assessments(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        row = QHBoxLayout()
        self.assess_button = push_button(self.tr("考核打分"), "assess")
        row.addWidget(self.assess_button)
        row.addWidget(QLabel(self.tr("总分 = 服务质效 × 40% + 服务态度 × 30% + 企业满意度 × 30%")))
        row.addStretch(1)
        lay.addLayout(row)
        self.assessment_model = AssessmentTableModel(self)
        self.assessment_table = make_table(self.assessment_model, "assessment_table")
        lay.addWidget(self.assessment_table, 1)
        self.assessment_count = QLabel()
        self.assessment_count.setObjectName("assessment_count")
        lay.addWidget(self.assessment_count)
        # a page at a time, like the records awaiting review: the first with the period, the next on scroll
        self.assessment_pages = PagedTable(
            self.assessment_table,
            attrgetter("id"),
            self._fetch_assessments,
            self.assessment_count,
            lambda n, total: self.tr("已显示 {0} / 共 {1} 条").format(n, total),
            self.banner.error,
        )
        self.assess_button.clicked.connect(self.assess)
        return w

    def _build_assignments(self) -> QWidget:
        w = QWidget()
        lay = QHBoxLayout(w)
        left = QVBoxLayout()
        filters = QHBoxLayout()
        self.assignment_search = search_box(
            "assignment_search", self.tr("搜索企业名称、拼音首字母或信用代码")
        )
        filters.addWidget(self.assignment_search, 1)
        self.assignment_staff = combo_box(
            "assignment_staff", [(None, self.tr("全部服务人员")), (UNASSIGNED, self.tr("未包联"))]
        )
        filters.addWidget(self.assignment_staff)
        self.assignment_count = QLabel()
        self.assignment_count.setObjectName("assignment_count")
        filters.addWidget(self.assignment_count)
        left.addLayout(filters)
        self.assignment_model = AssignmentTableModel(self)
        self.assignment_table = make_table(self.assignment_model, "assignment_table")
        left.addWidget(self.assignment_table, 1)
        self.reassign_button = push_button(self.tr("调整包联"), "reassign")
        left.addWidget(self.reassign_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("包联历史")))
        self.history_model = AssignmentHistoryTableModel(self)
        self.history_table = make_table(self.history_model, "assignment_history")
        right.addWidget(self.history_table, 1)
        lay.addLayout(right, 2)
        # the list is read a page at a time: the first with the period, the next when scrolled to
        # the end; a search or a staff filter reads its first page again (in SQL, over the zone)
        self.assignment_pages = PagedTable(
            self.assignment_table,
            attrgetter("enterprise_id"),
            self._fetch_assignments,
            self.assignment_count,
            lambda n, total: self.tr("已显示 {0} / 共 {1} 家").format(n, total),
            self.banner.error,
        )
        self.assignment_pages.page_shown.connect(self.assignments_loaded)
        self.assignment_pages.page_shown.connect(self._assignments_shown)
        self._assignment_timer = QTimer(self)
        self._assignment_timer.setSingleShot(True)
        self._assignment_timer.setInterval(300)
        self._assignment_timer.timeout.connect(self.assignment_pages.reload)
        self.assignment_search.textChanged.connect(lambda _t: self._assignment_timer.start())
        self.assignment_staff.currentIndexChanged.connect(lambda _i: self._reload_assignments())
        self.assignment_table.selectionModel().selectionChanged.connect(self._assignment_selected)
        self.assignment_table.doubleClicked.connect(
            lambda idx: self.open_enterprise.emit(self.assignment_model.row(idx.row()).enterprise_id)
        )
        self.reassign_button.clicked.connect(self.reassign)
        return w

    def _build_complaints(self) -> QWidget:
        split = QSplitter()
        self.complaint_model = DemandTableModel(self)
        self.complaint_table = make_table(self.complaint_model, "complaint_table")
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.complaint_table, 1)
        self.complaint_count = QLabel()
        self.complaint_count.setObjectName("complaint_count")
        # a page at a time, like the records awaiting review: the first with the period, the next on scroll
        self.complaint_pages = PagedTable(
            self.complaint_table,
            attrgetter("id"),
            self._fetch_complaints,
            self.complaint_count,
            lambda n, total: self.tr("已显示 {0} / 共 {1} 条").format(n, total),
            self.banner.error,
            200,
        )
        ll.addWidget(self.complaint_count)
        # seed 001 §7.2.5: a major complaint is studied as its own subject, with corrective measures
        self.major_button = push_button(self.tr("标记为重大投诉"), "mark_major")
        self.major_button.setCheckable(True)
        self.major_button.setEnabled(False)
        self.major_button.clicked.connect(self._toggle_major)
        ll.addLayout(button_row(self.major_button))
        split.addWidget(left)
        self.complaint_detail = DemandDetailWidget(self.ctx, self.runner)
        self.complaint_detail.setMinimumWidth(340)
        split.addWidget(self.complaint_detail)
        split.setSizes([700, 420])
        self.complaint_table.selectionModel().selectionChanged.connect(self._complaint_selected)
        self.complaint_detail.demand_changed.connect(lambda _id: self.refresh())
        self.complaint_detail.demand_changed.connect(lambda _id: self.data_changed.emit())
        return split

    def _build_review(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(QLabel(self.tr("本期已提交、待审阅的走访记录")))
        self.review_model = RecordTableModel(self)
        self.review_table = make_table(self.review_model, "review_table")
        lay.addWidget(self.review_table, 1)
        self.review_count = QLabel()
        self.review_count.setObjectName("review_count")
        # a page at a time, like the 包联调整 list: the first with the period, the next on scroll
        self.review_pages = PagedTable(
            self.review_table,
            attrgetter("id"),
            self._fetch_review,
            self.review_count,
            lambda n, total: self.tr("已显示 {0} / 共 {1} 条").format(n, total),
            self.banner.error,
        )
        self.review_pages.page_shown.connect(lambda _first: self._update_buttons())
        lay.addWidget(self.review_count)
        self.review_button = push_button(self.tr("审阅"), "review_record")
        self.view_record_button = push_button(self.tr("查看记录"), "view_record")
        lay.addLayout(button_row(self.review_button, self.view_record_button))
        self.review_button.clicked.connect(self.review)
        self.view_record_button.clicked.connect(self._view_record)
        self.review_table.doubleClicked.connect(self._view_record)
        self.review_table.selectionModel().selectionChanged.connect(self._update_buttons)
        return w

    # -- period -------------------------------------------------------------------------------------
    def _period_changed(self) -> None:
        kind = self.period.currentData()
        if kind != "custom":
            a, b = period_bounds(kind, local_today())
            for w, d in ((self.start, a), (self.end, b)):
                w.blockSignals(True)
                w.setDate(to_qdate(d))
                w.blockSignals(False)
            self.refresh()

    def _custom(self) -> None:
        if self.period.currentData() != "custom":
            self.period.blockSignals(True)
            self.period.setCurrentIndex(self.period.findData("custom"))
            self.period.blockSignals(False)

    def period_range(self) -> tuple[date, date]:
        return from_qdate(self.start.date()), from_qdate(self.end.date())

    # -- loading ------------------------------------------------------------------------------------
    def load_job(self) -> Callable[[], SupervisorPeriod] | None:
        start, end = self.period_range()
        if end < start:
            self.banner.error(self.tr("结束日期不能早于开始日期"))
            return None
        text, staff = self.assignment_filter()
        return partial(
            in_session,
            self.ctx,
            supervisor_period,
            self.ctx.staff.zone_id,
            start,
            end,
            self.ctx.language,
            assignment_text=text,
            assignment_staff=staff,
        )

    def apply(self, data: SupervisorPeriod) -> None:
        self.staff_panel.refresh()
        self._ledgers.clear()
        self._ledger_pending.clear()
        self._ledger_gen += 1
        # the first page of assistants; the zone total closes the table (_summary_shown)
        self.summary_pages.show_first(data.summary)
        self._show_ledger()
        self._draw_closure_chart(data)
        self.assessment_pages.show_first(data.assessments)
        self.assignment_staff.blockSignals(True)
        fill_combo(
            self.assignment_staff,
            [(None, self.tr("全部服务人员")), (UNASSIGNED, self.tr("未包联")), *data.staff],
        )
        self.assignment_staff.blockSignals(False)
        self.assignment_pages.show_first(data.assignments)
        self.complaint_pages.show_first(data.complaints)
        self.review_pages.show_first(data.to_review)
        self._update_buttons()

    def _summary_shown(self, first: bool) -> None:
        """A page of the summary is shown: the zone total after its rows, the first person selected
        when nobody is, the coverage chart of the rows shown."""
        if self.data is not None:
            self.summary_model.set_totals(self.data.totals)
        if first:
            if selected_row(self.summary_table) is None and self.summary_pages.rows:
                self.summary_table.selectRow(0)
            # room for the zone's rows (up to a dozen), not only the page's: the next pages follow
            self._fit_summary_height(self.summary_pages.total + 1)
        self._draw_coverage_chart(self.summary_pages.rows)

    def _fetch_summary(
        self, offset: int, done: Callable[[Any], None], failed: Callable[[BaseException], None]
    ) -> None:
        # the period of the rows shown (the date fields may have been edited since, not yet applied)
        start, end = (self.data.start, self.data.end) if self.data is not None else self.period_range()
        self.runner.read(
            self.ctx, summary_page, self.ctx.staff.zone_id, start, end, offset, on_done=done, on_error=failed
        )

    def _fetch_assessments(
        self, offset: int, done: Callable[[Any], None], failed: Callable[[BaseException], None]
    ) -> None:
        self.runner.read(
            self.ctx, assessment_page, self.ctx.staff.zone_id, offset, on_done=done, on_error=failed
        )

    def _fit_summary_height(self, rows: int) -> None:
        """Give the summary table the height of its rows, 合计 included (up to a dozen; a bigger
        zone scrolls), and the selected person's ledger the rest."""
        total = sum(self.summary_split.sizes())
        if total <= 0:
            return
        t = self.summary_table
        want = t.horizontalHeader().height() + min(rows, 12) * t.verticalHeader().defaultSectionSize() + 6
        want += self.summary_count.sizeHint().height() + 6  # the count line under the table
        upper = min(want, total - 220)
        if upper > 0:
            self.summary_split.setSizes([upper, total - upper])

    def _ledger_key(self) -> LedgerKey | None:
        """(staff, period) of the selected assistant's ledger; None for no one or the total row."""
        row: StaffSummary | None = selected_row(self.summary_table)
        if self.data is None or row is None or not row.staff_id:
            return None
        return row.staff_id, self.data.start, self.data.end

    def _show_ledger(self) -> None:
        """Show the selected assistant's ledger: at once when it was read since the last load, else
        once its job is done."""
        key = self._ledger_key()
        led = self._ledgers.get(key) if key else None
        if led is None:
            row: StaffSummary | None = selected_row(self.summary_table)
            if key is not None and row is not None:
                self.ledger_label.setText(self.tr("{name}：正在加载台账…").format(name=row.staff_name))
                if key not in self._ledger_pending:
                    self._load_ledger(key)
            else:
                self.ledger_label.setText(self.tr("选择一位服务人员查看其台账"))
            for m in (self.ledger_records, self.ledger_demands, self.ledger_proxies, self.ledger_pushes):
                m.set_rows([])
        else:
            t = led.totals
            self.ledger_label.setText(
                self.tr(
                    "{name}（{type}）{start} 至 {end}：走访记录 {records} 条（计走访次数 {visits}，其中现场 {onsite}），"
                    "诉求 {demands} 件（办结 {closed}，逾期 {overdue}），帮办代办 {proxies} 项，政策推送 {pushes} 次"
                ).format(
                    name=led.staff_name,
                    type=led.specialist_type,
                    start=led.start.isoformat(),
                    end=led.end.isoformat(),
                    records=t["records"],
                    # the summary's 走访次数 of the same row (surveys and the corrections of a counted
                    # record are records, not visits; a returned record's corrections are one visit)
                    visits=t["visits"],
                    onsite=t["onsite_visits"],
                    demands=t["demands"],
                    closed=t["demands_closed"],
                    overdue=t["demands_overdue"],
                    proxies=t["proxies"],
                    pushes=t["pushes"],
                )
            )
            self.ledger_records.set_rows(led.records)
            self.ledger_demands.set_rows(led.demands)
            self.ledger_proxies.set_rows(led.proxies)
            self.ledger_pushes.set_rows(led.pushes)
        for i in range(self.ledger_tabs.count()):
            table = self.ledger_tabs.widget(i)
            if isinstance(table, QTableView):
                fit_columns(table, 240)
        self._update_buttons()

    def _load_ledger(self, key: LedgerKey) -> None:
        gen = self._ledger_gen
        self._ledger_pending.add(key)

        def done(led: StaffLedger) -> None:
            if gen != self._ledger_gen:  # the data was loaded again meanwhile: read before that, dropped
                return
            self._ledger_pending.discard(key)
            self._ledgers[key] = led
            if self._ledger_key() == key:  # still the selected assistant; else kept for when it is again
                self._show_ledger()
                self.ledger_loaded.emit()

        def failed(exc: BaseException) -> None:
            if gen == self._ledger_gen:
                self._ledger_pending.discard(key)
            self.banner.error(exc)

        self.runner.read(self.ctx, staff_ledger, *key, local_today(), on_done=done, on_error=failed)

    def _draw_coverage_chart(self, summary: list[StaffSummary]) -> None:
        # coverage per assistant shown in the summary: horizontal bars, one row per person, first name on top
        chart = clear_chart(self.coverage_chart)
        cov = QBarSet(self.tr("覆盖率"))
        cov.setColor(QColor("#1976d2"))
        names = []
        for r in reversed(summary):
            cov.append(r.coverage_pct)
            names.append(r.staff_name)
        series = QHorizontalBarSeries()
        series.append(cov)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value%")
        series.setBarWidth(0.7)
        chart.addSeries(series)
        ay = QBarCategoryAxis()
        ay.append(names)
        ay.setTruncateLabels(False)
        ax = QValueAxis()
        ax.setRange(0, 100)
        ax.setLabelFormat("%d%%")
        chart.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(ax)
        series.attachAxis(ay)
        chart.legend().setVisible(False)
        self.coverage_chart_view.setMinimumHeight(max(300, 26 * len(names) + 110))

    def _draw_closure_chart(self, data: SupervisorPeriod) -> None:
        # demand closure per month: on time vs late, stacked
        chart = clear_chart(self.closure_chart)
        on_time = QBarSet(self.tr("按时办结"))
        on_time.setColor(QColor("#43a047"))
        late = QBarSet(self.tr("逾期办结"))
        late.setColor(QColor("#e53935"))
        for a, b in zip(data.closed_on_time, data.closed_late, strict=True):
            on_time.append(a)
            late.append(b)
        st = QStackedBarSeries()
        st.append(on_time)
        st.append(late)
        chart.addSeries(st)
        month_axis = QBarCategoryAxis()
        month_axis.append(data.months)
        count_axis = QValueAxis()
        top = max([a + b for a, b in zip(data.closed_on_time, data.closed_late, strict=True)] + [1])
        count_axis.setRange(0, max(4, top))
        count_axis.setLabelFormat("%d")
        count_axis.setTickCount(min(max(4, top), 10) + 1 if top <= 10 else 6)
        chart.addAxis(month_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(count_axis, Qt.AlignmentFlag.AlignLeft)
        st.attachAxis(month_axis)
        st.attachAxis(count_axis)
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)

    # -- the 包联调整 list, a page at a time ----------------------------------------------------------
    def assignment_filter(self) -> tuple[str, str | None]:
        """(search text, staff filter) of the 包联调整 list."""
        return self.assignment_search.text().strip(), self.assignment_staff.currentData()

    def _fetch_assignments(
        self, offset: int, done: Callable[[Any], None], failed: Callable[[BaseException], None]
    ) -> None:
        text, staff = self.assignment_filter()
        self.runner.read(
            self.ctx,
            assignment_page,
            self.ctx.staff.zone_id,
            text=text,
            staff_id=staff,
            offset=offset,
            on_done=done,
            on_error=failed,
        )

    @Slot()
    def _reload_assignments(self) -> None:
        """The filter changed: its first page, in place of the rows shown."""
        self._assignment_timer.stop()
        self.assignment_pages.reload()

    @Slot(bool)
    def _assignments_shown(self, first: bool) -> None:
        if first:  # the rows were replaced: the selection may have changed
            self._assignment_selected()

    def _fetch_review(
        self, offset: int, done: Callable[[Any], None], failed: Callable[[BaseException], None]
    ) -> None:
        # the period of the rows shown (the date fields may have been edited since, not yet applied)
        start, end = (self.data.start, self.data.end) if self.data is not None else self.period_range()
        self.runner.read(
            self.ctx, review_page, self.ctx.staff.zone_id, start, end, offset, on_done=done, on_error=failed
        )

    def _assignment_selected(self) -> None:
        row: AssignmentRow | None = selected_row(self.assignment_table)
        self._update_buttons()
        if row is None:
            self.history_model.set_rows([])
            return
        eid = row.enterprise_id

        def done(rows: list[AssignmentHistoryRow]) -> None:
            cur = selected_row(self.assignment_table)
            if cur is not None and cur.enterprise_id == eid:
                self.history_model.set_rows(rows)
                fit_columns(self.history_table)
                self.history_loaded.emit()

        self.runner.read(self.ctx, assignment_history_rows, eid, on_done=done, on_error=self.banner.error)

    def _fetch_complaints(
        self, offset: int, done: Callable[[Any], None], failed: Callable[[BaseException], None]
    ) -> None:
        self.runner.read(
            self.ctx,
            complaint_page,
            self.ctx.staff.zone_id,
            self.ctx.language,
            None,
            offset,
            on_done=done,
            on_error=failed,
        )

    def _complaint_selected(self) -> None:
        row: DemandRow | None = selected_row(self.complaint_table)
        self.complaint_detail.show_demand(row.id if row else None)
        self.major_button.setEnabled(row is not None)
        self.major_button.setChecked(bool(row and row.major))

    def _major_saved(self, _demand_id: object) -> None:
        self.data_changed.emit()
        self.refresh()

    @Slot()
    def _toggle_major(self) -> None:
        row: DemandRow | None = selected_row(self.complaint_table)
        if row is None:
            return
        self.runner.write(
            self.ctx,
            set_major,
            self.ctx.actor,
            row.id,
            self.major_button.isChecked(),
            on_done=self._major_saved,
            on_error=lambda exc: self.banner.error(exc),
            owner=self,
        )

    def _update_buttons(self) -> None:
        a: AssignmentRow | None = selected_row(self.assignment_table)
        self.reassign_button.setEnabled(a is not None and bool(a.staff_id))
        has_review = selected_row(self.review_table) is not None
        self.review_button.setEnabled(has_review)
        self.view_record_button.setEnabled(has_review)

    # -- actions ------------------------------------------------------------------------------------
    @Slot()
    def assess(self) -> None:
        if self.data is None:
            return
        row: StaffSummary | None = selected_row(self.summary_table)
        start, end = self.period_range()
        dlg = AssessmentDialog(
            self.ctx, self.runner, self.data.staff, row.staff_id if row else None, start, end, self
        )
        self.open_dialog(dlg, self.tr("考核已保存"))

    @Slot()
    def reassign(self) -> None:
        row: AssignmentRow | None = selected_row(self.assignment_table)
        if row is None or not row.staff_id or self.data is None:
            return
        dlg = ReassignDialog(
            self.ctx,
            self.runner,
            row.enterprise_id,
            row.enterprise,
            row.staff_id,
            row.staff,
            self.data.staff,
            self,
        )
        self.open_dialog(dlg, self.tr("包联已调整"))

    @Slot()
    def review(self) -> None:
        row: RecordRow | None = selected_row(self.review_table)
        if row is None:
            return
        dlg = ReviewRecordDialog(self.ctx, self.runner, row, self)
        self.open_dialog(dlg, None, then=lambda _r: self._reviewed(dlg.result_kind))

    def _reviewed(self, kind: str) -> None:
        self.banner.info(
            self.tr("已退回修改，产业助理会看到退回原因") if kind == "returned" else self.tr("已审阅")
        )
        self.refresh()

    def _view_record(self, *_a: Any) -> None:
        row: RecordRow | None = selected_row(self.review_table)
        if row is not None:
            self.open_record.emit(row.id)

    # -- printing -----------------------------------------------------------------------------------
    @Slot()
    def print_ledger(self) -> None:
        row: StaffSummary | None = selected_row(self.summary_table)
        if row is None or not row.staff_id:
            self.banner.error(self.tr("请先在台账汇总中选择一位服务人员"))
            return
        start, end = self.period_range()
        title = self.tr("工作台账")
        self.dialog = open_form_preview(
            self,
            self.ctx,
            work_ledger_pdf,
            work_ledger_xlsx,
            title,
            file_stem(title, row.staff_name, f"{start:%Y%m%d}", f"{end:%Y%m%d}"),
            row.staff_id,
            start,
            end,
        )

    @Slot()
    def print_summary(self) -> None:
        start, end = self.period_range()
        title = self.tr("服务人员工作汇总表")
        self.dialog = open_form_preview(
            self,
            self.ctx,
            zone_summary_pdf,
            zone_summary_xlsx,
            title,
            file_stem(title, f"{start:%Y%m%d}", f"{end:%Y%m%d}"),
            start,
            end,
            self.ctx.staff.zone_id,
        )
