"""Policy push (宣讲推送), application (申报) and application progress dialogs."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QPlainTextEdit, QWidget

from fieldkit.services.context import ServiceContext
from fieldkit.services.errors import ValidationError
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.labels import label
from fieldkit.services.policies import (
    MatchRow,
    advance_application,
    apply_for_policy,
    enterprise_matches,
    push_policy,
)
from fieldkit.services.timeutil import local_today
from fieldkit.ui.dialogs.form_dialog import FormDialog, chosen_enterprise, enterprise_combo, line_edit
from fieldkit.ui.dialogs.plan_dialog import date_edit, from_qdate
from fieldkit.ui.itemmodels.policy_table_model import MatchedPolicyTableModel
from fieldkit.ui.widgets.builders import make_table
from fieldkit.ui.widgets.workflow_support import fit_columns, selected_row
from fieldkit.ui.workers import TaskRunner, in_transaction


class PolicyPushDialog(FormDialog):
    """Record that a policy was explained to the enterprise (inside a visit record, or from the library)."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        enterprise_id: str,
        enterprise_name: str,
        record_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, self.tr("政策宣讲推送"), parent)
        self.ctx = ctx
        self.enterprise_id = enterprise_id
        self.record_id = record_id
        self.resize(720, 460)
        self.set_intro(
            self.tr("为“{name}”匹配的政策（按推荐程度排序），选择已向企业宣讲的一项：").format(
                name=enterprise_name
            )
        )
        self.model = MatchedPolicyTableModel(self)
        self.table = make_table(self.model, "push_policies")
        self.table.setMinimumHeight(200)
        self.table.setWordWrap(True)
        self.add_field(self.tr("政策"), self.table, "policy_id")
        self.note = line_edit("push_note", self.tr("宣讲方式、企业反馈等（可选）"))
        self.add_field(self.tr("说明"), self.note, "note")
        self.ok_button.setText(self.tr("记录推送"))
        self.loading = QLabel(self.tr("正在匹配政策……"))
        self.form.insertRow(0, self.loading)
        runner.read(
            ctx,
            enterprise_matches,
            ctx.actor,
            enterprise_id,
            on_done=self._loaded,
            on_error=self._failed_load,
        )

    def _loaded(self, rows: list[MatchRow]) -> None:
        self.model.set_rows(rows)
        fit_columns(self.table, 320)
        self.loading.setText(
            self.tr("共 {n} 项政策符合条件").format(n=len(rows)) if rows else self.tr("没有符合条件的政策")
        )

    def _failed_load(self, exc: BaseException) -> None:
        self.errors.show(exc)

    def make_job(self) -> Callable[[], Any] | None:
        row: MatchRow | None = selected_row(self.table)
        if row is None:
            raise ValidationError(N("Validation", "请选择一项政策"), "policy_id")
        return partial(
            in_transaction,
            self.ctx,
            push_policy,
            self.ctx.actor,
            policy_id=row.policy_id,
            enterprise_id=self.enterprise_id,
            staff_id=self.ctx.staff.id,
            record_id=self.record_id,
            note=self.note.text().strip(),
        )


class EnterprisePushDialog(FormDialog):
    """From the library: push (or apply for) one policy for one of the user's enterprises."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        policy_id: str,
        policy_title: str,
        enterprises: list[tuple[str, str]],
        enterprise_id: str | None,
        apply: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("登记政策申报") if apply else self.tr("政策宣讲推送")
        super().__init__(runner, title, parent)
        self.ctx = ctx
        self.policy_id = policy_id
        self.apply = apply
        self.set_intro(policy_title)
        self.enterprise = enterprise_combo("push_enterprise", enterprises, enterprise_id)
        self.add_field(self.tr("企业"), self.enterprise, "enterprise_id")
        self.date = None
        if apply:
            self.date = date_edit(local_today(), "apply_date")
            self.add_field(self.tr("申报日期"), self.date, "applied_on")
        self.note = line_edit("push_note")
        self.add_field(self.tr("说明"), self.note, "note")
        self.ok_button.setText(self.tr("登记申报") if apply else self.tr("记录推送"))

    def make_job(self) -> Callable[[], Any] | None:
        eid = chosen_enterprise(self.enterprise)
        ctx, pid, note = self.ctx, self.policy_id, self.note.text().strip()
        if self.apply and self.date is not None:
            return partial(
                in_transaction,
                ctx,
                apply_for_policy,
                ctx.actor,
                policy_id=pid,
                enterprise_id=eid,
                staff_id=ctx.staff.id,
                applied_on=from_qdate(self.date.date()),
                note=note,
            )
        return partial(
            in_transaction,
            ctx,
            push_policy,
            ctx.actor,
            policy_id=pid,
            enterprise_id=eid,
            staff_id=ctx.staff.id,
            note=note,
        )


class AdvanceApplicationDialog(FormDialog):
    """Move an application one step (受理 / 初审 / 结果 / 兑现); redemption asks for the amount."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        application_id: str,
        to_state: str,
        intro: str,
        parent: QWidget | None = None,
        *,
        resolving: bool = False,
        corrections: tuple[str, ...] = (),
    ) -> None:
        super().__init__(runner, label("application_state", to_state), parent)
        title = label("application_state", to_state)
        if to_state == "correction":
            title = self.tr("一次性告知补正")
        elif resolving and to_state == "accepted":
            title = self.tr("补正完成")
        self.setWindowTitle(title)
        self.ctx = ctx
        self.application_id = application_id
        self.to_state = to_state
        if resolving and corrections:
            listed = "\n".join(f"{i}. {t}" for i, t in enumerate(corrections, 1))
            intro = self.tr(
                "{intro}\n企业已按一次性告知补正以下内容，申报回到受理、等待初审：\n{items}"
            ).format(intro=intro, items=listed)
        self.set_intro(intro)
        self.date = date_edit(local_today(), "advance_date")
        self.add_field(self.tr("日期"), self.date, "date")
        self.corrections: QPlainTextEdit | None = None
        if to_state == "correction":
            self.corrections = QPlainTextEdit()
            self.corrections.setObjectName("advance_corrections")
            self.corrections.setPlaceholderText(
                self.tr(
                    "每行一项，一次列全：材料不齐全或不符合法定形式的每一处（一次性告知，之后不能再次要求补正）"
                )
            )
            self.corrections.setMinimumHeight(110)
            self.add_field(self.tr("需补正的全部内容"), self.corrections, "corrections")
        self.amount: QDoubleSpinBox | None = None
        if to_state == "redeemed":
            self.amount = QDoubleSpinBox()
            self.amount.setObjectName("advance_amount")
            self.amount.setRange(0, 1_000_000)
            self.amount.setDecimals(2)
            self.amount.setSuffix(self.tr(" 万元"))
            self.add_field(self.tr("兑现金额"), self.amount, "amount")
        self.note = line_edit("advance_note")
        self.add_field(self.tr("说明"), self.note, "note")
        self.ok_button.setText(title)

    def make_job(self) -> Callable[[], Any] | None:
        return partial(
            in_transaction,
            self.ctx,
            advance_application,
            self.ctx.actor,
            self.application_id,
            self.to_state,
            on=from_qdate(self.date.date()),
            amount=self.amount.value() if self.amount is not None else None,
            note=self.note.text().strip() or None,
            corrections=self.corrections.toPlainText() if self.corrections is not None else None,
        )
