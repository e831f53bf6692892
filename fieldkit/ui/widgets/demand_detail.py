"""One demand in detail: its fields, its event history (the history is the record) and one button
per legal lifecycle action; illegal actions are not offered. Shared by the demands board and the
supervisor's complaints list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.services.context import ServiceContext
from fieldkit.services.demands import DemandPane, demand_pane
from fieldkit.services.i18n import translate
from fieldkit.ui.dialogs.demand_dialogs import DemandActionDialog, action_label
from fieldkit.ui.itemmodels.demand_table_model import DemandEventTableModel
from fieldkit.ui.widgets.builders import heading_label, info_form, make_table, push_button
from fieldkit.ui.widgets.workflow_support import MessageBanner, fit_columns
from fieldkit.ui.workers import TaskRunner


class DemandDetailWidget(QWidget):
    demand_changed = Signal(str)
    open_enterprise = Signal(str)
    loaded = Signal()

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.detail: DemandPane | None = None
        self.dialog: Any = None
        self.action_buttons: dict[str, QPushButton] = {}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 0, 0, 0)
        self.title_label = heading_label(self.tr("选择一条诉求查看详情"), "demand_title")
        lay.addWidget(self.title_label)
        self.description = QLabel()
        self.description.setObjectName("demand_description")
        self.description.setWordWrap(True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.description)
        self.form, self.fields = info_form(
            (
                ("kind", self.tr("类型")),
                ("state", self.tr("状态")),
                ("department", self.tr("责任部门")),
                ("person", self.tr("责任人")),
                ("deadline", self.tr("办理时限")),
                ("satisfaction", self.tr("企业满意度")),
                ("explanation", self.tr("逾期说明")),
            ),
            "demand",
        )
        lay.addLayout(self.form)
        self.actions_title = QLabel(self.tr("可执行的操作"))
        lay.addWidget(self.actions_title)
        self.actions_box = QWidget()
        self.actions_layout = QGridLayout(self.actions_box)
        self.actions_layout.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.actions_box)
        self.no_actions = QLabel(self.tr("该诉求已归档，没有可执行的操作"))
        self.no_actions.setStyleSheet("color:#757575;")
        self.no_actions.hide()
        lay.addWidget(self.no_actions)
        self.banner = MessageBanner()
        lay.addWidget(self.banner)
        lay.addWidget(QLabel(self.tr("办理过程")))
        self.history_model = DemandEventTableModel(self)
        self.history_view = make_table(self.history_model, "demand_history")
        lay.addWidget(self.history_view, 1)
        # what the selected step decided, in full (the pane is narrow; default: the latest decision)
        self.step_label = QLabel()
        self.step_label.setObjectName("demand_step_decision")
        self.step_label.setWordWrap(True)
        self.step_label.setStyleSheet("color:#37474f;")
        lay.addWidget(self.step_label)
        self.history_view.selectionModel().selectionChanged.connect(lambda *_a: self._show_step())
        self._set_enabled(False)

    def _set_enabled(self, on: bool) -> None:
        self.actions_title.setVisible(on)
        self.actions_box.setVisible(on)

    @Slot(str)
    def show_demand(self, demand_id: str | None) -> None:
        if not demand_id:
            self.detail = None
            self.title_label.setText(self.tr("选择一条诉求查看详情"))
            self.description.clear()
            for lab in self.fields.values():
                lab.clear()
            self.history_model.set_rows([])
            self._rebuild_actions([])
            self._set_enabled(False)
            return
        self.runner.read(
            self.ctx,
            demand_pane,
            self.ctx.actor,
            demand_id,
            self.ctx.language,
            on_done=self._loaded,
            on_error=self.banner.error,
        )

    def _loaded(self, detail: DemandPane) -> None:
        self.detail = detail
        r = detail.row
        self.title_label.setText(r.enterprise)
        self.description.setText(r.description)
        self.fields["kind"].setText(f"{r.kind_label} · {r.category_label} · {r.urgency_label}")
        self.fields["state"].setText(r.state_label)
        self.fields["department"].setText(r.department or "—")
        self.fields["person"].setText(r.responsible_person or "—")
        dl = r.deadline.isoformat() if r.deadline else "—"
        self.fields["deadline"].setText(f"{dl}  {r.days_text}".strip())
        self.fields["deadline"].setStyleSheet("color:#c62828;" if r.overdue else "")
        self.fields["satisfaction"].setText(r.satisfaction_label or "—")
        self.fields["explanation"].setText(r.overdue_explanation or "—")
        self.history_model.set_rows(detail.history)
        fit_columns(self.history_view, 200)
        self._show_step()
        self._set_enabled(True)
        self._rebuild_actions(detail.actions)
        self.loaded.emit()

    def _show_step(self) -> None:
        """The selected history step's decision and note in full under the history (without a
        selection: the latest step that decided something)."""
        rows = self.history_view.selectionModel().selectedRows()
        if rows:
            ev = self.history_model.row(rows[0].row())
        else:
            n = self.history_model.rowCount()
            decided = [self.history_model.row(i) for i in range(n) if self.history_model.row(i).decision]
            ev = decided[-1] if decided else None
        if ev is None or not (ev.decision or ev.note):
            self.step_label.clear()
            self.step_label.hide()
            return
        parts = [p for p in (ev.decision, translate("Demand", ev.note) if ev.note else "") if p]
        self.step_label.setText(
            self.tr("{at} {step}：{what}").format(at=ev.at, step=ev.to_label, what=self.tr("；").join(parts))
        )
        self.step_label.show()

    def _rebuild_actions(self, actions: list[str]) -> None:
        for b in self.action_buttons.values():
            self.actions_layout.removeWidget(b)
            b.hide()
            b.setParent(None)
            b.deleteLater()
        self.action_buttons = {}
        for i, code in enumerate(actions):
            b = push_button(action_label(code), f"action_{code}")
            b.clicked.connect(lambda _c=False, code=code: self.start_action(code))
            self.actions_layout.addWidget(b, i // 3, i % 3)
            b.show()
            self.action_buttons[code] = b
        self.no_actions.setVisible(self.detail is not None and not actions)

    def offered_actions(self) -> list[str]:
        return list(self.action_buttons)

    @Slot(str)
    def start_action(self, code: str) -> None:
        if self.detail is None or code not in self.action_buttons:
            return
        dlg = DemandActionDialog(self.ctx, self.runner, self.detail.row, code, self)
        self.dialog = dlg
        did = self.detail.row.id

        def saved(_r: Any) -> None:
            self.banner.info(self.tr("已{action}").format(action=action_label(code)))
            self.demand_changed.emit(did)
            self.show_demand(did)

        dlg.saved.connect(saved)
        dlg.finished.connect(lambda _r: setattr(self, "dialog", None))
        dlg.open()
