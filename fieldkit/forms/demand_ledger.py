"""诉求台账 (FK-04): demands collected in a period with state, department, deadline, overdue flag
and satisfaction (seed 001 §7.2.1, seed 004 §7.2.4)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session

from fieldkit.models import Staff
from fieldkit.services import lookup
from fieldkit.services.demands import DemandRow
from fieldkit.services.ledger import demand_ledger
from fieldkit.services.row_filters import DemandFilter

from .columns import DEMAND_COLUMNS, Section
from .common import LedgerDoc, in_chinese, issuing_unit, now_local, period
from .layout import DocInfo, para, styles

FORM_NO = "FK-04"
TITLE = "诉求台账"


def demand_summary(rows: Sequence[DemandRow]) -> str:
    closed = sum(1 for r in rows if r.closed_on)
    overdue = sum(1 for r in rows if r.overdue)
    late = sum(1 for r in rows if r.closed_late)
    return (
        f"合计：诉求 {len(rows)} 件，已办结 {closed} 件，未办结 {len(rows) - closed} 件，"
        f"逾期未办结 {overdue} 件，逾期办结 {late} 件。"
    )


@in_chinese
def demand_ledger_doc(
    rows: Sequence[DemandRow],
    start: date,
    end: date,
    *,
    unit: str = "",
    staff_name: str = "",
    generated_at: datetime | None = None,
    shown: str = "",
) -> LedgerDoc:
    """The ledger from ready rows (``fieldkit.services.ledger.demand_ledger``); ``shown`` names
    the on-screen filter they were chosen by (a 筛选条件 line in the header)."""
    info = DocInfo(
        TITLE,
        FORM_NO,
        unit=unit,
        period=period(start, end),
        landscape=True,
        generated_at=generated_at or now_local(),
    )
    fields = [("填报单位", unit or "　"), ("服务人员", staff_name or "全部人员"), ("期间", info.period)]
    if shown:
        fields.append(("筛选条件", shown))
    return LedgerDoc(
        info,
        fields,
        [Section("", "诉求台账", DEMAND_COLUMNS, list(rows))],
        tail=[para(demand_summary(rows), styles().body)],
        cell_size=8,
    )


@in_chinese
def demand_ledger_document(
    session: Session,
    start: date,
    end: date,
    staff_id: str | None = None,
    *,
    today: date | None = None,
    unit: str | None = None,
    generated_at: datetime | None = None,
    shown: DemandFilter | None = None,
) -> LedgerDoc:
    """The demands collected from ``start`` to ``end``; ``shown``: only those the board's filter
    shows (the ledger printed from the board lists what the board lists)."""
    staff = lookup.fetch(session, Staff, staff_id) if staff_id else None
    rows = demand_ledger(session, start, end, staff_id=staff_id, today=today)
    if shown is not None:
        rows = [r for r in rows if shown.matches(r)]
    return demand_ledger_doc(
        rows,
        start,
        end,
        unit=issuing_unit(session, staff) if unit is None else unit,
        staff_name=staff.name if staff else "",
        generated_at=generated_at,
        shown=shown.describe() if shown is not None else "",
    )


@in_chinese
def demand_ledger_pdf(
    session: Session,
    start: date,
    end: date,
    staff_id: str | None = None,
    *,
    today: date | None = None,
    unit: str | None = None,
    shown: DemandFilter | None = None,
) -> bytes:
    """诉求台账 as PDF (A4 landscape); ``shown``: the board's filter."""
    return demand_ledger_document(session, start, end, staff_id, today=today, unit=unit, shown=shown).pdf()


@in_chinese
def demand_ledger_xlsx(
    session: Session,
    start: date,
    end: date,
    staff_id: str | None = None,
    *,
    today: date | None = None,
    unit: str | None = None,
    shown: DemandFilter | None = None,
) -> bytes:
    """诉求台账 as .xlsx; ``shown``: the board's filter."""
    return demand_ledger_document(session, start, end, staff_id, today=today, unit=unit, shown=shown).xlsx()
