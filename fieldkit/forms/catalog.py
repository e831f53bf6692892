"""Names and titles of the documents, without importing reportlab (for ``fieldkit print --help``)."""

from __future__ import annotations

#: CLI name → (form number, title); the registry renders exactly these, in this order
FORM_TITLES: dict[str, tuple[str, str]] = {
    "visit-record": ("FK-01", "企业走访记录表"),
    "visit-plan": ("FK-02", "走访计划表"),
    "work-ledger": ("FK-03", "工作台账"),
    "demand-ledger": ("FK-04", "诉求台账"),
    "proxy-ledger": ("FK-05", "帮办代办台账"),
    "service-plan": ("FK-05A", "帮办代办服务方案"),
    "policy-report": ("FK-06", "政策定制报告"),
    "profile": ("FK-07", "企业档案（一企一档）"),
    "survey": ("FK-08", "服务满意度调查表"),
    "zone-summary": ("FK-09", "考核汇总表"),
}
