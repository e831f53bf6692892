"""Policies (惠企政策): the library list, matches with their reasons (推荐依据), pushes and
applications (申报 → 受理 → 初审 → 结果 → 兑现)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.ledger import PushRow
from fieldkit.services.policies import ApplicationRow, MatchRow, PolicyRow

from .row_table_model import GREEN, GREY, RED, RowTableModel

ORANGE = QColor("#b26a00")

__all__ = [
    "ApplicationRow",
    "ApplicationTableModel",
    "MatchRow",
    "MatchedEnterpriseTableModel",
    "MatchedPolicyTableModel",
    "PolicyRow",
    "PolicyTableModel",
    "PushRow",
    "PushTableModel",
]


class PolicyTableModel(RowTableModel):
    columns = (
        (N("PolicyTableModel", "政策名称"), lambda r: r.title),
        (N("PolicyTableModel", "类别"), lambda r: r.category_label),
        (N("PolicyTableModel", "级别"), lambda r: r.level_label),
        (N("PolicyTableModel", "发布单位"), lambda r: r.issuer),
        (N("PolicyTableModel", "申报期"), lambda r: r.window_text),
    )

    def foreground(self, row: PolicyRow, column: int) -> QColor | None:
        if column == 4:
            return GREEN if row.window_open else GREY
        return None


class MatchedEnterpriseTableModel(RowTableModel):
    """Enterprises of the user that match one policy."""

    columns = (
        (N("MatchedEnterpriseTableModel", "企业"), lambda r: r.enterprise),
        (N("MatchedEnterpriseTableModel", "推荐依据"), lambda r: r.reasons if r.eligible else r.blockers),
        (N("MatchedEnterpriseTableModel", "已推送"), lambda r: "✓" if r.pushed else ""),
    )

    def foreground(self, row: MatchRow, column: int) -> QColor | None:
        return None if row.eligible else GREY


class MatchedPolicyTableModel(RowTableModel):
    """Policies matched to one enterprise."""

    columns = (
        (N("MatchedPolicyTableModel", "政策名称"), lambda r: r.policy),
        (N("MatchedPolicyTableModel", "推荐依据"), lambda r: r.reasons),
        (N("MatchedPolicyTableModel", "已推送"), lambda r: "✓" if r.pushed else ""),
    )


class PushTableModel(RowTableModel):
    columns = (
        (N("PushTableModel", "政策"), lambda r: r.policy),
        (N("PushTableModel", "企业"), lambda r: r.enterprise),
        (N("PushTableModel", "推送时间"), lambda r: r.pushed_at),
        (N("PushTableModel", "说明"), lambda r: r.note),
    )


class ApplicationTableModel(RowTableModel):
    columns = (
        (N("ApplicationTableModel", "企业"), lambda r: r.enterprise),
        (N("ApplicationTableModel", "政策"), lambda r: r.policy),
        (N("ApplicationTableModel", "进度"), lambda r: r.state_label),
        (N("ApplicationTableModel", "申报日期"), lambda r: r.applied_on.isoformat()),
        (N("ApplicationTableModel", "最近更新"), lambda r: r.last_on.isoformat() if r.last_on else ""),
        (
            N("ApplicationTableModel", "兑现金额（万元）"),
            lambda r: "" if r.amount is None else f"{r.amount:g}",
        ),
        (N("ApplicationTableModel", "补正"), lambda r: r.correction_text),
    )

    def foreground(self, row: ApplicationRow, column: int) -> QColor | None:
        if column == 2:
            return {"redeemed": GREEN, "approved": GREEN, "rejected": RED, "correction": ORANGE}.get(
                row.state
            )
        return None
