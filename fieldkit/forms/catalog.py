"""Names and titles of the documents, without importing reportlab (for ``fieldkit print --help``)."""

from __future__ import annotations

from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N

#: translation context of the titles (the documents themselves always print the Chinese title)
CTX = "Forms"

#: CLI name → (form number, title); the registry renders exactly these, in this order
FORM_TITLES: dict[str, tuple[str, str]] = {
    "visit-record": ("FK-01", N(CTX, "企业走访记录表")),
    "visit-plan": ("FK-02", N(CTX, "走访计划表")),
    "work-ledger": ("FK-03", N(CTX, "工作台账")),
    "demand-ledger": ("FK-04", N(CTX, "诉求台账")),
    "proxy-ledger": ("FK-05", N(CTX, "帮办代办台账")),
    "service-plan": ("FK-05A", N(CTX, "帮办代办服务方案")),
    "policy-report": ("FK-06", N(CTX, "政策定制报告")),
    "profile": ("FK-07", N(CTX, "企业档案（一企一档）")),
    "survey": ("FK-08", N(CTX, "服务满意度调查表")),
    "zone-summary": ("FK-09", N(CTX, "考核汇总表")),
}


def display_title(name: str) -> str:
    """The title of form ``name`` in the interface language, for messages and help (the document
    itself always prints the Chinese title)."""
    from fieldkit.services.i18n import translate

    return translate(CTX, FORM_TITLES[name][1])
