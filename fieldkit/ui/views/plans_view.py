"""Visit plans (走访计划): list, week and month calendars, create / reschedule / cancel, overdue
marking, and the quarterly coverage of assigned enterprises (seed 002: at least one on-site
visit per enterprise per quarter) with a "plan a visit" action for the missing ones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.forms.visit_plan import visit_plan_pdf, visit_plan_xlsx
from fieldkit.services.context import ServiceContext
from fieldkit.services.labels import label
from fieldkit.services.planning import PlansBoard, StaffCoverage, plans_board
from fieldkit.services.timeutil import local_today, quarter_bounds
from fieldkit.ui.dialogs.plan_dialog import CancelPlanDialog, PlanDialog, ReschedulePlanDialog, to_qdate
from fieldkit.ui.itemmodels.coverage_table_model import CoverageTableModel, MissingEnterpriseTableModel
from fieldkit.ui.itemmodels.plan_table_model import PlanRow, PlanTableModel
from fieldkit.ui.itemmodels.plan_week_table_model import PlanWeekTableModel, week_start
from fieldkit.ui.itemmodels.row_table_model import RowRole
from fieldkit.ui.views.base import LoadingView
from fieldkit.ui.widgets.builders import column_panel, make_table, push_button
from fieldkit.ui.widgets.workflow_support import (
    file_stem,
    fit_columns,
    open_form_preview,
    select_row,
    selected_row,
)
from fieldkit.ui.workers import TaskRunner, in_session

MARK_COLORS = {"overdue": "#f8bbbb", "planned": "#bbdefb", "done": "#c8e6c9", "cancelled": "#e0e0e0"}
MARK_PRIORITY = ("overdue", "planned", "done", "cancelled")


def month_bounds(d: date) -> tuple[date, date]:
    start = d.replace(day=1)
    nxt = (start + timedelta(days=32)).replace(day=1)
    return start, nxt - timedelta(days=1)


def load_range(anchor: date) -> tuple[date, date]:
    """The days a load covers: the month and the week around ``anchor``."""
    m0, m1 = month_bounds(anchor)
    w0 = week_start(anchor)
    return min(m0, w0), max(m1, w0 + timedelta(days=6))


class PlansView(LoadingView):
    """走访计划."""

    #: start a visit record from a plan (plan id) → the editor's new_record(plan_id=...)
    record_from_plan = Signal(str)

    data: PlansBoard | None

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.anchor = local_today()
        self._build()

    def title(self) -> str:
        return self.tr("走访计划")

    # -- layout -------------------------------------------------------------------------------------
    def _build(self) -> None:
        ctx = self.ctx
        root, bar = self.toolbar_layout()
        self.new_button = push_button(
            self.tr("新建计划"), "new_plan", "Ctrl+Shift+N", self.tr("新建走访计划 (Ctrl+Shift+N)")
        )
        self.reschedule_button = push_button(self.tr("改期"), "reschedule_plan")
        self.cancel_button = push_button(self.tr("取消计划"), "cancel_plan")
        self.start_button = push_button(
            self.tr("开始走访记录"), "start_record", tooltip=self.tr("按此计划填写走访记录")
        )
        self.print_button = push_button(self.tr("打印计划表"), "print_plans")
        for b in (
            self.new_button,
            self.reschedule_button,
            self.cancel_button,
            self.start_button,
            self.print_button,
        ):
            bar.addWidget(b)
        bar.addStretch(1)
        self.prev_button = QPushButton("‹")
        self.prev_button.setObjectName("prev_period")
        self.prev_button.setToolTip(self.tr("上一周期"))
        self.prev_button.setFixedWidth(36)
        self.period_label = QLabel()
        self.period_label.setObjectName("period_label")
        self.period_label.setMinimumWidth(200)
        self.period_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_button = QPushButton("›")
        self.next_button.setObjectName("next_period")
        self.next_button.setToolTip(self.tr("下一周期"))
        self.next_button.setFixedWidth(36)
        self.today_button = push_button(self.tr("今天"), "goto_today")
        self.show_cancelled = QCheckBox(self.tr("显示已取消"))
        self.show_cancelled.setChecked(True)
        for w in (
            self.prev_button,
            self.period_label,
            self.next_button,
            self.today_button,
            self.show_cancelled,
        ):
            bar.addWidget(w)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("plan_tabs")
        root.addWidget(self.tabs, 1)

        # list
        self.list_model = PlanTableModel(self)
        self.list_view = make_table(self.list_model, "plan_list")
        self.tabs.addTab(self.list_view, self.tr("列表"))

        # week
        self.week_model = PlanWeekTableModel(self)
        self.week_view = QTableView()
        self.week_view.setObjectName("plan_week")
        self.week_view.setModel(self.week_model)
        self.week_view.setWordWrap(True)
        self.week_view.verticalHeader().setVisible(False)
        self.week_view.verticalHeader().setDefaultSectionSize(72)
        self.week_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.week_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.week_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.tabs.addTab(self.week_view, self.tr("周视图"))

        # month
        month = QWidget()
        ml = QHBoxLayout(month)
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("plan_calendar")
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setMinimumWidth(420)
        if not ctx.language.startswith("en"):
            self.calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        ml.addWidget(self.calendar, 3)
        right = QVBoxLayout()
        self.day_label = QLabel()
        self.day_label.setObjectName("day_label")
        f = self.day_label.font()
        f.setBold(True)
        self.day_label.setFont(f)
        right.addWidget(self.day_label)
        self.day_model = PlanTableModel(self)
        self.day_view = make_table(self.day_model, "plan_day")
        for c in (0, 5, 6):
            self.day_view.setColumnHidden(c, True)
        right.addWidget(self.day_view, 1)
        legend = QLabel(
            self.tr("图例：")
            + "".join(
                f'<span style="background:{MARK_COLORS[k]}">&nbsp;{label("plan_status", k)}&nbsp;</span> '
                for k in MARK_PRIORITY
            )
        )
        right.addWidget(legend)
        ml.addLayout(right, 2)
        self.tabs.addTab(month, self.tr("月视图"))

        # coverage
        cov = QWidget()
        cl = QVBoxLayout(cov)
        self.quarter_label = QLabel()
        self.quarter_label.setObjectName("quarter_label")
        cl.addWidget(self.quarter_label)
        split = QSplitter()
        self.coverage_model = CoverageTableModel(self)
        self.coverage_view = make_table(self.coverage_model, "coverage_table")
        split.addWidget(self.coverage_view)
        mw, mwl = column_panel()
        self.missing_model = MissingEnterpriseTableModel(self)
        self.missing_view = make_table(self.missing_model, "missing_table", stretch=0)
        mwl.addWidget(self.missing_view, 1)
        self.plan_missing_button = push_button(self.tr("为选中企业安排走访"), "plan_missing")
        mwl.addWidget(self.plan_missing_button)
        split.addWidget(mw)
        split.setSizes([420, 380])
        cl.addWidget(split, 1)
        self.tabs.addTab(cov, self.tr("季度覆盖"))

        # signals
        self.new_button.clicked.connect(self.new_plan)
        self.reschedule_button.clicked.connect(self.reschedule_plan)
        self.cancel_button.clicked.connect(self.cancel_plan)
        self.start_button.clicked.connect(self.start_record)
        self.print_button.clicked.connect(self.print_plans)
        self.prev_button.clicked.connect(lambda: self._move(-1))
        self.next_button.clicked.connect(lambda: self._move(1))
        self.today_button.clicked.connect(self._goto_today)
        self.show_cancelled.toggled.connect(self.refresh)
        self.tabs.currentChanged.connect(self._update_period_label)
        self.tabs.currentChanged.connect(self._update_buttons)
        self.calendar.selectionChanged.connect(self._calendar_selected)
        self.calendar.currentPageChanged.connect(self._calendar_page)
        for v in (self.list_view, self.day_view):
            v.selectionModel().selectionChanged.connect(self._update_buttons)
            v.doubleClicked.connect(self._open_enterprise_at)
        self.week_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.week_view.doubleClicked.connect(self._open_enterprise_at)
        self.coverage_view.selectionModel().selectionChanged.connect(self._coverage_selected)
        self.missing_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.missing_view.doubleClicked.connect(self._open_enterprise_at)
        self.plan_missing_button.clicked.connect(self.plan_missing)
        self._update_period_label()
        self._update_buttons()

    # -- loading ------------------------------------------------------------------------------------
    def load_job(self) -> Callable[[], PlansBoard]:
        ctx = self.ctx
        return partial(
            in_session,
            ctx,
            plans_board,
            *load_range(self.anchor),
            staff_id=ctx.scope_staff_id,
            zone_id=ctx.staff.zone_id if ctx.is_supervisor else None,
            user=(ctx.staff.id, ctx.staff.name),
            include_cancelled=self.show_cancelled.isChecked(),
        )

    def apply(self, data: PlansBoard) -> None:
        keep = self.current_plan()
        m0, m1 = month_bounds(self.anchor)
        month = [p for p in data.plans if m0 <= p.planned_date <= m1]
        # overdue first: those of earlier months (still to visit), then the month's own overdue ones
        late = [p for p in data.overdue_before if p.planned_date < m0] if m0 <= data.today else []
        late += [p for p in month if p.status == "overdue"]
        self.list_model.set_rows(late + [p for p in month if p.status != "overdue"])
        fit_columns(self.list_view)
        self.week_model.set_week(self.anchor, data.plans, data.today)
        self._mark_calendar()
        self._show_day(self.anchor)
        self.coverage_model.set_rows(data.coverage)
        fit_columns(self.coverage_view)
        q0, q1 = quarter_bounds(data.today)
        total = sum(c.assigned for c in data.coverage)
        visited = sum(c.visited for c in data.coverage)
        self.quarter_label.setText(
            self.tr(
                "{year}年第{q}季度（{start} 至 {end}）：包联企业 {total} 家，已现场走访 {visited} 家，"
                "每家企业每季度至少现场走访一次"
            ).format(
                year=q0.year,
                q=(q0.month - 1) // 3 + 1,
                start=q0.isoformat(),
                end=q1.isoformat(),
                total=total,
                visited=visited,
            )
        )
        if data.coverage and not self.coverage_view.selectionModel().hasSelection():
            self.coverage_view.selectRow(0)
        else:
            self._coverage_selected()
        if keep is not None:
            keep_id = keep.id
            for view in (self.list_view, self.day_view):
                select_row(view, lambda r: bool(r.id == keep_id))
        self._update_period_label()
        self._update_buttons()

    def _mark_calendar(self) -> None:
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clear every mark
        if self.data is None:
            return
        by_day: dict[date, list[PlanRow]] = {}
        for p in self.data.plans:
            by_day.setdefault(p.planned_date, []).append(p)
        for d, plans in by_day.items():
            statuses = {p.status for p in plans}
            top = next(s for s in MARK_PRIORITY if s in statuses or s == MARK_PRIORITY[-1])
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(MARK_COLORS[top]))
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setToolTip("\n".join(f"{p.enterprise}：{p.theme}" for p in plans))
            self.calendar.setDateTextFormat(to_qdate(d), fmt)

    def marked_dates(self) -> dict[date, str]:
        """Dates carrying a mark on the month calendar, with the mark colour (for tests)."""
        out = {}
        for qd, fmt in self.calendar.dateTextFormat().items():
            if fmt.background().style() != Qt.BrushStyle.NoBrush:
                out[date(qd.year(), qd.month(), qd.day())] = fmt.background().color().name()
        return out

    # -- navigation ---------------------------------------------------------------------------------
    def _move(self, step: int) -> None:
        if self.tabs.currentIndex() == 1:
            self.anchor += timedelta(days=7 * step)
        else:
            m = self.anchor.month - 1 + step
            y = self.anchor.year + m // 12
            first = date(y, m % 12 + 1, 1)
            self.anchor = min(first.replace(day=min(self.anchor.day, 28)), month_bounds(first)[1])
        self._sync_calendar()
        self.refresh()

    def _goto_today(self) -> None:
        self.anchor = local_today()
        self._sync_calendar()
        self.refresh()

    def _sync_calendar(self) -> None:
        self.calendar.blockSignals(True)
        self.calendar.setSelectedDate(to_qdate(self.anchor))
        self.calendar.blockSignals(False)
        self._update_period_label()

    def _calendar_selected(self) -> None:
        q = self.calendar.selectedDate()
        d = date(q.year(), q.month(), q.day())
        reload = month_bounds(d)[0] != month_bounds(self.anchor)[0] or week_start(d) != week_start(
            self.anchor
        )
        self.anchor = d
        self._show_day(d)
        self._update_period_label()
        if reload:
            self.refresh()

    def _calendar_page(self, year: int, month: int) -> None:
        if (year, month) != (self.anchor.year, self.anchor.month):
            self.anchor = date(year, month, 1)
            self.refresh()

    def _show_day(self, d: date) -> None:
        self.day_label.setText(self.tr("{date} 的计划").format(date=d.isoformat()))
        plans = [p for p in (self.data.plans if self.data else []) if p.planned_date == d]
        self.day_model.set_rows(plans)
        fit_columns(self.day_view, 200)

    def _update_period_label(self) -> None:
        if self.tabs.currentIndex() == 1:
            w0 = week_start(self.anchor)
            text = self.tr("{start} 至 {end}").format(
                start=w0.isoformat(), end=(w0 + timedelta(days=6)).isoformat()
            )
        else:
            text = self.tr("{year}年{month}月").format(year=self.anchor.year, month=self.anchor.month)
        self.period_label.setText(text)

    # -- selection ----------------------------------------------------------------------------------
    def current_plan(self) -> PlanRow | None:
        tab = self.tabs.currentIndex()
        row: PlanRow | None = None
        if tab == 0:
            row = selected_row(self.list_view)
            return row
        if tab == 1:
            idx = self.week_view.currentIndex()
            sel = self.week_view.selectionModel().selectedIndexes()
            if sel:
                idx = sel[0]
            row = idx.data(RowRole) if idx.isValid() else None
            return row
        if tab == 2:
            row = selected_row(self.day_view)
        return row

    def _update_buttons(self) -> None:
        p = self.current_plan()
        is_open = p is not None and p.open
        self.reschedule_button.setEnabled(is_open)
        self.cancel_button.setEnabled(is_open)
        self.start_button.setEnabled(is_open)
        self.plan_missing_button.setEnabled(selected_row(self.missing_view) is not None)

    def _coverage_selected(self) -> None:
        cov: StaffCoverage | None = selected_row(self.coverage_view)
        rows = [(eid, name, cov.staff_id, cov.staff_name) for eid, name in cov.missing] if cov else []
        self.missing_model.set_rows(rows)
        self._update_buttons()

    def _open_enterprise_at(self, index: Any) -> None:
        row = index.data(RowRole)
        if isinstance(row, PlanRow):
            self.open_enterprise.emit(row.enterprise_id)
        elif isinstance(row, tuple):
            self.open_enterprise.emit(row[0])

    # -- actions ------------------------------------------------------------------------------------
    @Slot()
    def new_plan(self, enterprise_id: str | None = None, staff_id: str | None = None) -> None:
        if self.data is None:
            self.banner.info(self.tr("正在加载，请稍候"))
            return
        d = self.anchor if self.anchor >= self.data.today else self.data.today
        dlg = PlanDialog(
            self.ctx,
            self.runner,
            self.data.enterprises,
            d,
            enterprise_id or None,
            staff=self.data.staff or None,
            staff_id=staff_id,
            parent=self,
        )
        self.open_dialog(dlg, self.tr("已新建走访计划"))

    @Slot()
    def plan_missing(self) -> None:
        row = selected_row(self.missing_view)
        if row:
            self.new_plan(row[0], row[2])

    @Slot()
    def reschedule_plan(self) -> None:
        p = self.current_plan()
        if p is None or not p.open:
            return
        dlg = ReschedulePlanDialog(
            self.ctx,
            self.runner,
            p.id,
            max(p.planned_date, local_today()),
            f"{p.enterprise}：{p.theme}",
            self,
        )
        self.open_dialog(dlg, self.tr("计划已改期"))

    @Slot()
    def cancel_plan(self) -> None:
        p = self.current_plan()
        if p is None or not p.open:
            return
        dlg = CancelPlanDialog(
            self.ctx, self.runner, p.id, f"{p.planned_date.isoformat()} {p.enterprise}：{p.theme}", self
        )
        self.open_dialog(dlg, self.tr("计划已取消"))

    @Slot()
    def start_record(self) -> None:
        p = self.current_plan()
        if p is not None and p.open:
            self.record_from_plan.emit(p.id)

    # -- printing -----------------------------------------------------------------------------------
    @Slot()
    def print_plans(self) -> None:
        ctx = self.ctx
        m0, m1 = month_bounds(self.anchor)
        title = self.tr("走访计划表")
        self.dialog = open_form_preview(
            self,
            ctx,
            visit_plan_pdf,
            visit_plan_xlsx,
            title,
            file_stem(title, f"{m0:%Y%m}"),
            ctx.scope_staff_id or ctx.staff.id,
            m0,
            m1,
        )
