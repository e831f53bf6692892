"""Proxy services (帮办代办): list; detail with the service plan (服务方案) and milestones; start,
complete a milestone, complete, or terminate with one of the five reasons (seed 001 §6 a–e)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QWidget,
)

from fieldkit.db import transaction
from fieldkit.models import ProxyService
from fieldkit.services import store
from fieldkit.services.context import ServiceContext
from fieldkit.services.labels import choices, label
from fieldkit.services.proxy import list_proxies, milestones_of
from fieldkit.services.staff import list_staff
from fieldkit.services.timeutil import local_today, quarter_bounds
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
    can_print,
    enterprise_name,
    file_stem,
    fit_columns,
    print_ledger_preview,
    replace_rows,
    scope_enterprises,
    select_row,
    selected_row,
)
from fieldkit.ui.workers import TaskRunner


@dataclass
class ProxyData:
    rows: list[ProxyRow]
    milestones: dict[str, list[MilestoneRow]] = field(default_factory=dict)
    enterprises: list[tuple[str, str]] = field(default_factory=list)


def load_proxies(ctx: ServiceContext, status: str | None) -> ProxyData:
    today = local_today()
    with ctx.make_session() as s:
        ents = scope_enterprises(ctx, s)
        names = dict(ents)
        staff = dict(list_staff(s, role=None))
        ps = list_proxies(s, staff_id=ctx.scope_staff_id, statuses=(status,) if status else None)
        data = ProxyData([], {}, ents)
        for p in ps:
            data.rows.append(ProxyRow(
                p.id, p.enterprise_id, enterprise_name(s, names, p.enterprise_id), staff.get(p.staff_id, ""), p.item,
                label("stage", p.stage), label("proxy_mode", p.mode), p.status, label("proxy_status", p.status),
                p.accepted_on, p.due_date, p.completed_on, p.service_plan,
                label("termination_reason", p.termination_reason) if p.termination_reason else "",
                p.termination_note,
                overdue=bool(p.due_date and p.due_date < today and p.status in ("accepted", "in_progress"))))
            data.milestones[p.id] = [MilestoneRow(m.id, m.seq, m.title, m.due_date, m.done_on, m.note)
                                     for m in milestones_of(s, p.id)]
    return data


class ProxyView(LoadingView):
    """帮办代办."""

    data: ProxyData | None

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
        self.print_button.setVisible(can_print("proxy_ledger", "proxy_ledger_pdf"))
        bar.addWidget(self.print_button)
        bar.addStretch(1)
        bar.addWidget(QLabel(self.tr("状态")))
        self.status_filter = combo_box("proxy_status_filter", [(None, self.tr("全部")), *choices("proxy_status")])
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
            (("enterprise", self.tr("企业")), ("mode", self.tr("方式")), ("status", self.tr("状态")),
             ("dates", self.tr("受理 / 时限")), ("termination", self.tr("终止原因"))), "proxy")
        dl.addLayout(form)
        dl.addWidget(QLabel(self.tr("服务方案")))
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
        dl.addLayout(button_row(self.complete_ms_button, self.start_button, self.complete_button,
                                self.terminate_button, stretch=False))
        split.addWidget(detail)
        split.setSizes([700, 460])

        self.new_button.clicked.connect(self.new_proxy)
        self.print_button.clicked.connect(self.print_ledger)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._show_detail)
        self.table.doubleClicked.connect(lambda idx: self.open_enterprise.emit(self.model.row(idx.row()).enterprise_id))
        self.ms_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.complete_ms_button.clicked.connect(self.complete_milestone)
        self.start_button.clicked.connect(lambda: self._move("start"))
        self.complete_button.clicked.connect(lambda: self._move("complete"))
        self.terminate_button.clicked.connect(self.terminate)
        self._update_buttons()

    # -- loading ------------------------------------------------------------------------------------
    def load_job(self) -> Callable[[], ProxyData]:
        ctx, status = self.ctx, self.status_filter.currentData()
        return lambda: load_proxies(ctx, status)

    def apply(self, data: ProxyData) -> None:
        replace_rows(self.table, data.rows, attrgetter("id"), first=True)
        self._show_detail()

    def current(self) -> ProxyRow | None:
        return selected_row(self.table)

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
            self.ms_model.set_rows(self.data.milestones.get(p.id, []) if self.data else [])
            fit_columns(self.ms_table, 200)
        self._update_buttons()

    def _update_buttons(self) -> None:
        p = self.current()
        open_ = p is not None and p.status in ("accepted", "in_progress")
        ms: MilestoneRow | None = selected_row(self.ms_table)
        self.complete_ms_button.setEnabled(open_ and ms is not None and ms.done_on is None)
        self.start_button.setEnabled(p is not None and p.status == "accepted")
        self.complete_button.setEnabled(p is not None and p.status == "in_progress")
        self.terminate_button.setEnabled(open_)

    # -- actions ------------------------------------------------------------------------------------
    @Slot()
    def new_proxy(self) -> None:
        if self.data is None:
            return
        self.open_dialog(NewProxyDialog(self.ctx, self.runner, self.data.enterprises, parent=self), self.tr("已受理"))

    @Slot()
    def complete_milestone(self) -> None:
        ms: MilestoneRow | None = selected_row(self.ms_table)
        if ms is None or ms.done_on is not None:
            return
        self.open_dialog(CompleteMilestoneDialog(self.ctx, self.runner, ms.id, ms.title, self), self.tr("节点已完成"))

    @Slot()
    def terminate(self) -> None:
        p = self.current()
        if p is None:
            return
        self.open_dialog(TerminateProxyDialog(self.ctx, self.runner, p.id, f"{p.enterprise}：{p.item}", self),
                   self.tr("已终止"))

    def _move(self, what: str) -> None:
        p = self.current()
        if p is None:
            return
        ctx, pid = self.ctx, p.id

        def job() -> None:
            with transaction(ctx.make_session) as s:
                ps = store.get(s, ProxyService, pid)
                if what == "start":
                    ctx.proxies.start(s, ps)
                else:
                    ctx.proxies.complete(s, ps)

        def done(_r: Any) -> None:
            self.data_changed.emit()
            self.banner.info(self.tr("已开始办理") if what == "start" else self.tr("已办结"))
            self.refresh()

        self.runner.run(job, done, self.banner.error)

    @Slot()
    def print_ledger(self) -> None:
        start, end = quarter_bounds(local_today())
        title = self.tr("帮办代办台账")
        self.dialog = print_ledger_preview(
            self, self.ctx, "proxy_ledger", "proxy_ledger_pdf", "proxy_ledger_xlsx", title,
            file_stem(title, f"{start:%Y%m%d}", f"{end:%Y%m%d}"), start, end, self.ctx.scope_staff_id)


