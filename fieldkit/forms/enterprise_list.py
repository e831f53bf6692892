"""企业名录 (the enterprise list as shown, exported to Excel): the rows the user's search and
filters left, with the list's columns, labels in Chinese like every document."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fieldkit.services.enterprise_file import EnterpriseRow
from fieldkit.services.labels import label
from fieldkit.services.reference import load as load_reference

from .columns import DATE, SEQ, Column, Section
from .common import in_chinese, now_local
from .excel import ledger_xlsx
from .layout import DocInfo

TITLE = "企业名录"
FORM_NO = "FK-10"


def _columns() -> list[Column[tuple[int, EnterpriseRow]]]:
    ref = load_reference()
    return [
        Column("序号", lambda t: t[0], 6, SEQ),
        Column("企业名称", lambda t: t[1].name, 60),
        Column("统一社会信用代码", lambda t: t[1].credit_code, 36),
        Column("生命周期阶段", lambda t: label("stage", t[1].stage), 20),
        Column("经营状态", lambda t: label("enterprise_status", t[1].status), 16),
        Column("行业", lambda t: ref.label("industries", t[1].industry, "zh_CN"), 40),
        Column("规模", lambda t: label("scale", t[1].scale), 12),
        Column("联系人", lambda t: t[1].contact_person, 16),
        Column("联系电话", lambda t: t[1].contact_phone, 26),
        Column("标签", lambda t: "、".join(t[1].tags), 50),
        Column("最近走访", lambda t: t[1].last_visit, 12, DATE),
    ]


@in_chinese
def enterprise_list_xlsx(
    rows: Sequence[EnterpriseRow],
    *,
    conditions: str = "",
    unit: str = "",
    generated_at: datetime | None = None,
) -> bytes:
    """The enterprises ``rows`` (in this order) as an .xlsx workbook; ``conditions`` says which
    search and filters chose them (on the 说明 sheet)."""
    info = DocInfo(TITLE, FORM_NO, unit=unit, generated_at=generated_at or now_local())
    section = Section(TITLE, TITLE, _columns(), list(enumerate(rows, start=1)))
    fields = [("填报单位", unit), ("筛选条件", conditions or "全部"), ("企业数", str(len(rows)))]
    return ledger_xlsx(info, fields, [section])
