"""走访计划表 (FK-02): a staff member's visit plans (走访计划, theme 走访主题) for a period."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session

from fieldkit.models import Staff
from fieldkit.services import lookup
from fieldkit.services.labels import label
from fieldkit.services.planning import PlanRow, plan_row, plans_between
from fieldkit.services.timeutil import local_today

from .columns import DATE, SEQ, Column, Section
from .common import LedgerDoc, in_chinese, issuing_unit, now_local, period
from .layout import DocInfo, para, styles

FORM_NO = "FK-02"
TITLE = "走访计划表"


PLAN_COLUMNS: list[Column[PlanRow]] = [
    Column("序号", lambda _r: None, 9, SEQ, xlsx_width=6),
    Column("计划日期", lambda r: r.planned_date, 21, DATE),
    Column("企业名称", lambda r: r.enterprise, 54, xlsx_width=30),
    Column("走访主题", lambda r: r.theme, 48, xlsx_width=40),
    Column("服务方式", lambda r: r.kind_label, 17, align="CENTER"),
    Column("状态", lambda r: r.status_label, 15, align="CENTER"),
    Column("备注", lambda r: r.note, 28, xlsx_width=30),
]


@in_chinese
def plan_rows(
    session: Session, staff_id: str, start: date, end: date, today: date | None = None
) -> list[PlanRow]:
    today = today or local_today()
    plans = plans_between(session, staff_id, start, end)
    names = lookup.enterprise_names(session, {p.enterprise_id for p in plans})
    return [plan_row(p, names.get(p.enterprise_id, ""), "", today) for p in plans]


@in_chinese
def plan_summary(rows: Sequence[PlanRow]) -> str:
    counts = Counter(r.status for r in rows)
    parts = "，".join(
        f"{label('plan_status', c)} {counts[c]} 项" for c in ("planned", "done", "overdue", "cancelled")
    )
    return f"合计：计划 {len(rows)} 项（{parts}）。"


@in_chinese
def visit_plan_doc(
    rows: Sequence[PlanRow],
    start: date,
    end: date,
    *,
    staff_name: str,
    specialist_type: str = "",
    unit: str = "",
    generated_at: datetime | None = None,
) -> LedgerDoc:
    info = DocInfo(
        TITLE, FORM_NO, unit=unit, period=period(start, end), generated_at=generated_at or now_local()
    )
    fields = [
        ("填报单位", unit or "　"),
        ("服务人员", f"{staff_name}（{specialist_type}）" if specialist_type else staff_name),
        ("计划期间", info.period),
    ]
    return LedgerDoc(
        info,
        fields,
        [Section("", "走访计划", PLAN_COLUMNS, list(rows))],
        tail=[para(plan_summary(rows), styles().body)],
    )


@in_chinese
def visit_plan_document(
    session: Session,
    staff_id: str,
    start: date,
    end: date,
    *,
    today: date | None = None,
    unit: str | None = None,
    generated_at: datetime | None = None,
) -> LedgerDoc:
    staff = lookup.fetch(session, Staff, staff_id)
    rows = plan_rows(session, staff_id, start, end, today)
    return visit_plan_doc(
        rows,
        start,
        end,
        staff_name=staff.name if staff else "",
        specialist_type=label("specialist_type", staff.specialist_type) if staff else "",
        unit=issuing_unit(session, staff) if unit is None else unit,
        generated_at=generated_at,
    )


@in_chinese
def visit_plan_pdf(
    session: Session,
    staff_id: str,
    start: date,
    end: date,
    *,
    today: date | None = None,
    unit: str | None = None,
) -> bytes:
    """走访计划表 as PDF (A4 portrait)."""
    return visit_plan_document(session, staff_id, start, end, today=today, unit=unit).pdf()


@in_chinese
def visit_plan_xlsx(
    session: Session,
    staff_id: str,
    start: date,
    end: date,
    *,
    today: date | None = None,
    unit: str | None = None,
) -> bytes:
    """走访计划表 as .xlsx."""
    return visit_plan_document(session, staff_id, start, end, today=today, unit=unit).xlsx()
