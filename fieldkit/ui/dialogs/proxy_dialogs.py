"""Proxy service (帮办代办) dialogs: accept a new one, complete a milestone, terminate with one of
the five reasons of seed 001 §6 (a–e)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from PySide6.QtWidgets import QWidget

from fieldkit.models import ProxyService
from fieldkit.services.context import ServiceContext
from fieldkit.services.labels import choices, label
from fieldkit.services.proxy import REASONS, accept_proxy, complete_milestone, terminate_proxy
from fieldkit.services.reference import load as load_reference
from fieldkit.services.text_checks import limit
from fieldkit.services.timeutil import local_today
from fieldkit.ui.dialogs.demand_dialogs import text_box
from fieldkit.ui.dialogs.form_dialog import FormDialog, chosen_enterprise, enterprise_combo, line_edit
from fieldkit.ui.dialogs.plan_dialog import date_edit, from_qdate
from fieldkit.ui.widgets.builders import combo_box
from fieldkit.ui.workers import TaskRunner, in_transaction


class NewProxyDialog(FormDialog):
    """受理 a proxy service with its service plan (服务方案) and milestones."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        enterprises: list[tuple[str, str]],
        enterprise_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, self.tr("受理帮办代办"), parent)
        self.ctx = ctx
        self.enterprise = enterprise_combo("proxy_enterprise", enterprises, enterprise_id)
        self.add_field(self.tr("企业"), self.enterprise, "enterprise_id")
        self.item = line_edit("proxy_item", self.tr("例如：建筑工程施工许可证"), limit(ProxyService, "item"))
        self.add_field(self.tr("代办事项"), self.item, "item")
        self.stage = combo_box(
            "proxy_stage", [(s.code, s.label(ctx.language)) for s in load_reference().stages]
        )
        self.add_field(self.tr("阶段"), self.stage, "stage")
        self.mode = combo_box("proxy_mode", choices("proxy_mode"))
        self.add_field(self.tr("服务方式"), self.mode, "mode")
        self.due = date_edit(local_today() + timedelta(days=30), "proxy_due")
        self.add_field(self.tr("办理时限"), self.due, "due_date")
        self.plan = text_box(90, "proxy_plan", self.tr("服务方案：办理流程、所需材料、责任分工"))
        self.add_field(self.tr("服务方案"), self.plan, "service_plan")
        self.milestones = text_box(
            90,
            "proxy_milestones",
            self.tr(
                "每行一个节点：节点｜期限｜负责人（期限、负责人可不填：期限按办理时限，负责人为本人），例如：\n材料预审｜2026-12-01｜王小明\n窗口受理｜2026-12-05\n领取证照"
            ),
        )
        self.add_field(self.tr("办理节点"), self.milestones, "milestones")

    def make_job(self) -> Callable[[], Any] | None:
        eid = chosen_enterprise(self.enterprise)
        ms = [line.strip() for line in self.milestones.toPlainText().splitlines() if line.strip()]
        return partial(
            in_transaction,
            self.ctx,
            accept_proxy,
            self.ctx.actor,
            enterprise_id=eid,
            staff_id=self.ctx.staff.id,
            item=self.item.text(),
            stage=self.stage.currentData(),
            mode=self.mode.currentData(),
            service_plan=self.plan.toPlainText().strip(),
            due_date=from_qdate(self.due.date()),
            milestones=ms,
        )


class CompleteMilestoneDialog(FormDialog):
    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        milestone_id: str,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, self.tr("完成节点"), parent)
        self.ctx = ctx
        self.milestone_id = milestone_id
        self.set_intro(title)
        self.date = date_edit(local_today(), "milestone_date")
        self.add_field(self.tr("完成日期"), self.date, "done_on")
        self.note = line_edit("milestone_note")
        self.add_field(self.tr("说明"), self.note, "note")

    def make_job(self) -> Callable[[], Any] | None:
        return partial(
            in_transaction,
            self.ctx,
            complete_milestone,
            self.ctx.actor,
            self.milestone_id,
            on=from_qdate(self.date.date()),
            note=self.note.text().strip(),
        )


class TerminateProxyDialog(FormDialog):
    """终止: one of the five reasons a–e; "other" needs the circumstances described."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        proxy_id: str,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, self.tr("终止帮办代办"), parent)
        self.ctx = ctx
        self.proxy_id = proxy_id
        self.set_intro(title)
        box, self.reasons = self.radio_choices(
            REASONS, lambda c: f"{c}) {label('termination_reason', c)}", "reason", vertical=True
        )
        self.add_field(self.tr("终止原因"), box, "termination_reason")
        self.note = text_box(70, "terminate_note", self.tr("具体情形（选择“其他”时必填）"))
        self.add_field(self.tr("情况说明"), self.note, "termination_note")
        self.ok_button.setText(self.tr("终止"))

    def choose(self, code: str) -> None:
        self.reasons.button(REASONS.index(code)).setChecked(True)

    def make_job(self) -> Callable[[], Any] | None:
        i = self.reasons.checkedId()
        reason = REASONS[i] if i >= 0 else ""
        return partial(
            in_transaction,
            self.ctx,
            terminate_proxy,
            self.ctx.actor,
            self.proxy_id,
            reason,
            note=self.note.toPlainText(),
        )
