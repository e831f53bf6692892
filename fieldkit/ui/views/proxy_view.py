"""Proxy services (帮办代办): list; detail with the service plan (服务方案) and milestones; start,
complete a milestone, complete, or terminate with one of the five reasons (seed 001 §6 a–e)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from operator import attrgetter
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QWidget,
)

from fieldkit.forms.proxy_ledger import proxy_ledger_pdf, proxy_ledger_xlsx
from fieldkit.forms.service_plan import service_plan_pdf
from fieldkit.services.context import ServiceContext
from fieldkit.services.labels import choices
from fieldkit.services.proxy import ProxyBoard, complete_proxy, proxy_board, start_proxy
from fieldkit.services.row_filters import ProxyFilter
from fieldkit.ui.dialogs.period_dialog import choose_period
from fieldkit.ui.dialogs.proxy_dialogs import CompleteMilestoneDialog, NewProxyDialog, TerminateProxyDialog
from fieldkit.ui.itemmodels.proxy_table_model import (
    MilestoneRow,
    MilestoneTableModel,
    ProxyRow,
    ProxyTableModel,
)
from fieldkit.ui.views.base import LoadingView
from fieldkit.ui.widgets.builders import (
    button_row,
    column_panel,
    combo_box,
    heading_label,
    info_form,
    make_table,
    push_button,
)
from fieldkit.ui.widgets.workflow_support import (
    file_stem,
    fit_columns,
    open_form_preview,
    replace_rows,
    select_row,
    selected_row,
)
from fieldkit.ui.workers import TaskRunner, in_session


class ProxyView(LoadingView):
    """帮办代办."""

    data: ProxyBoard | None

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self._build()

    def title(self) -> str:
        return self.tr("帮办代办")

    def _build(self) -> None:
        root, bar = self.toolbar_layout()
        self.new_button = push_button(self.tr("受理帮办代办"), "new_proxy", "Ctrl+Shift+N")
        bar.addWidget(self.new_button)
        self.print_button = push_button(self.tr("打印帮办代办台账"), "print_proxies")
        bar.addWidget(self.print_button)
        bar.addStretch(1)
        bar.addWidget(QLabel(self.tr("状态")))
        self.status_filter = combo_box(
            "proxy_status_filter", [(None, self.tr("全部")), *choices("proxy_status")]
        )
        bar.addWidget(self.status_filter)

        split = QSplitter()
        root.addWidget(split, 1)
        self.model = ProxyTableModel(self)
        self.table = make_table(self.model, "proxy_table")
        split.addWidget(self.table)

        detail, dl = column_panel(left=6)
        self.detail_title = heading_label(self.tr("选择一项帮办代办查看详情"), "proxy_title")
        dl.addWidget(self.detail_title)
        form, self.info = info_form(
            (
                ("enterprise", self.tr("企业")),
                ("mode", self.tr("方式")),
                ("status", self.tr("状态")),
                ("dates", self.tr("受理 / 时限")),
                ("termination", self.tr("终止原因")),
                ("evaluation", self.tr("服务评价")),
            ),
            "proxy",
        )
        dl.addLayout(form)
        self.print_plan_button = push_button(
            self.tr("打印服务方案"), "print_service_plan", tooltip=self.tr("打印选中事项的帮办代办服务方案")
        )
        dl.addLayout(button_row(QLabel(self.tr("服务方案")), self.print_plan_button))
        self.plan = QPlainTextEdit()
        self.plan.setObjectName("proxy_plan_text")
        self.plan.setReadOnly(True)
        self.plan.setMaximumHeight(110)
        dl.addWidget(self.plan)
        dl.addWidget(QLabel(self.tr("办理节点")))
        self.ms_model = MilestoneTableModel(self)
        self.ms_table = make_table(self.ms_model, "milestone_table")
        dl.addWidget(self.ms_table, 1)
        self.complete_ms_button = push_button(self.tr("完成节点"), "complete_milestone")
        self.start_button = push_button(self.tr("开始办理"), "start_proxy")
        self.complete_button = push_button(self.tr("办结"), "complete_proxy")
        self.terminate_button = push_button(self.tr("终止"), "terminate_proxy")
        dl.addLayout(
            button_row(
                self.complete_ms_button,
                self.start_button,
                self.complete_button,
                self.terminate_button,
                stretch=False,
            )
        )
        split.addWidget(detail)
        split.setSizes([700, 460])

        self.new_button.clicked.connect(self.new_proxy)
        self.print_button.clicked.connect(self.print_ledger)
        self.print_plan_button.clicked.connect(self.print_service_plan)
        self.print_plan_button.setEnabled(False)  # until a proxy service is selected
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._show_detail)
        self.table.doubleClicked.connect(
            lambda idx: self.open_enterprise.emit(self.model.row(idx.row()).enterprise_id)
        )
        self.ms_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.complete_ms_button.clicked.connect(self.complete_milestone)
        self.start_button.clicked.connect(lambda: self._move("start"))
        self.complete_button.clicked.connect(lambda: self._move("complete"))
        self.terminate_button.clicked.connect(self.terminate)
        self._update_buttons()

    # -- loading ------------------------------------------------------------------------------------
    def load_job(self) -> Callable[[], ProxyBoard]:
        ctx = self.ctx
        return partial(
            in_session,
            ctx,
            proxy_board,
            ctx.scope_staff_id,
            ctx.staff.zone_id if ctx.is_supervisor else None,
            self.status_filter.currentData(),
        )

    def apply(self, data: ProxyBoard) -> None:
        replace_rows(self.table, data.rows, attrgetter("id"), first=True)
        self._show_detail()

    def current(self) -> ProxyRow | None:
        row: ProxyRow | None = selected_row(self.table)
        return row

    def select_proxy(self, proxy_id: str) -> bool:
        return select_row(self.table, lambda r: r.id == proxy_id)

    def _show_detail(self) -> None:
        p = self.current()
        if p is None:
            self.detail_title.setText(self.tr("选择一项帮办代办查看详情"))
            for lab in self.info.values():
                lab.clear()
            self.plan.clear()
            self.ms_model.set_rows([])
        else:
            self.detail_title.setText(p.item)
            self.info["enterprise"].setText(p.enterprise)
            self.info["mode"].setText(f"{p.mode_label} · {p.stage_label}")
            self.info["status"].setText(p.status_label)
            due = p.due_date.isoformat() if p.due_date else "—"
            self.info["dates"].setText(f"{p.accepted_on.isoformat()} / {due}")
            self.info["dates"].setStyleSheet("color:#c62828;" if p.overdue else "")
            term = f"{p.termination}{('：' + p.termination_note) if p.termination_note else ''}"
            self.info["termination"].setText(term or "—")
            self.plan.setPlainText(p.service_plan)
            evaluation = self.data.evaluations.get(p.id, "") if self.data else ""
            if not evaluation:
                evaluation = self.tr("尚未评价") if p.status == "completed" else "—"
            self.info["evaluation"].setText(evaluation)
            self.ms_model.set_rows(self.data.milestones.get(p.id, []) if self.data else [])
            fit_columns(self.ms_table, 200)
        self._update_buttons()

    def _update_buttons(self) -> None:
        p = self.current()
        nxt = p.next_statuses if p is not None else ()
        ms: MilestoneRow | None = selected_row(self.ms_table)
        self.complete_ms_button.setEnabled(p is not None and p.open and ms is not None and ms.done_on is None)
        self.start_button.setEnabled("in_progress" in nxt)
        self.complete_button.setEnabled("completed" in nxt)
        self.terminate_button.setEnabled("terminated" in nxt)
        self.print_plan_button.setEnabled(p is not None)

    # -- actions ------------------------------------------------------------------------------------
    @Slot()
    def new_proxy(self) -> None:
        if self.data is None:
            return
        self.open_dialog(
            NewProxyDialog(self.ctx, self.runner, self.data.enterprises, parent=self), self.tr("已受理")
        )

    @Slot()
    def complete_milestone(self) -> None:
        ms: MilestoneRow | None = selected_row(self.ms_table)
        if ms is None or ms.done_on is not None:
            return
        self.open_dialog(
            CompleteMilestoneDialog(self.ctx, self.runner, ms.id, ms.title, self), self.tr("节点已完成")
        )

    @Slot()
    def terminate(self) -> None:
        p = self.current()
        if p is None:
            return
        self.open_dialog(
            TerminateProxyDialog(self.ctx, self.runner, p.id, f"{p.enterprise}：{p.item}", self),
            self.tr("已终止"),
        )

    def _move(self, what: str) -> None:
        p = self.current()
        if p is None:
            return

        def done(_r: Any) -> None:
            self.data_changed.emit()
            self.banner.info(self.tr("已开始办理") if what == "start" else self.tr("已办结"))
            self.refresh()

        self.runner.write(
            self.ctx,
            start_proxy if what == "start" else complete_proxy,
            self.ctx.actor,
            p.id,
            on_done=done,
            on_error=self.banner.error,
        )

    @Slot()
    def print_ledger(self) -> None:
        """Choose the period, then preview the 帮办代办台账 of the user's scope for it."""
        title = self.tr("帮办代办台账")
        self.dialog = choose_period(self, title, lambda start, end: self._preview_ledger(title, start, end))

    @Slot()
    def print_service_plan(self) -> None:
        p = self.current()
        if p is None:
            self.banner.error(self.tr("请先选择一项帮办代办"))
            return
        title = self.tr("帮办代办服务方案")
        self.dialog = open_form_preview(
            self,
            self.ctx,
            partial(service_plan_pdf, actor=self.ctx.actor),
            None,
            title,
            file_stem(title, p.enterprise, p.item),
            p.id,
        )

    def _preview_ledger(self, title: str, start: date, end: date) -> None:
        shown = ProxyFilter(self.status_filter.currentData())  # the list's status filter
        self.dialog = open_form_preview(
            self,
            self.ctx,
            partial(proxy_ledger_pdf, shown=shown),
            partial(proxy_ledger_xlsx, shown=shown),
            title,
            file_stem(title, f"{start:%Y%m%d}", f"{end:%Y%m%d}"),
            start,
            end,
            self.ctx.scope_staff_id,
        )
