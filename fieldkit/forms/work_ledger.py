"""工作台账 (FK-03): everything a staff member did in a period — service records, demands, proxy
services, policy pushes — and the totals (seed 000 台账制度, seed 004 §7.2.3). A4 landscape."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from fieldkit.models import Staff
from fieldkit.services import lookup
from fieldkit.services.ledger import StaffLedger, staff_ledger

from .columns import (
    ASSESSMENT_COLUMNS,
    DEMAND_COLUMNS,
    INT,
    PROXY_COLUMNS,
    PUSH_COLUMNS,
    RECORD_COLUMNS,
    TOTAL_LABELS,
    Column,
    Section,
)
from .common import LedgerDoc, in_chinese, issuing_unit, now_local, period
from .layout import DocInfo

FORM_NO = "FK-03"
TITLE = "工作台账"

TOTAL_COLUMNS: list[Column[tuple[str, int]]] = [
    Column("项目", lambda r: r[0], 60, xlsx_width=24),
    Column("数量", lambda r: r[1], 30, INT),
]


@in_chinese
def total_rows(ledger: StaffLedger) -> list[tuple[str, int]]:
    totals = ledger.totals
    return [(lab, totals[key]) for key, lab in TOTAL_LABELS.items() if key in totals]


@in_chinese
def work_ledger_sections(ledger: StaffLedger) -> list[Section[Any]]:
    return [
        Section("服务记录", "服务记录", RECORD_COLUMNS, ledger.records),
        Section("诉求", "诉求", DEMAND_COLUMNS, ledger.demands),
        Section("帮办代办", "帮办代办", PROXY_COLUMNS, ledger.proxies),
        Section("政策推送", "政策推送", PUSH_COLUMNS, ledger.pushes),
        Section("考核", "考核", ASSESSMENT_COLUMNS, ledger.assessments),
    ]


@in_chinese
def work_ledger_doc(
    ledger: StaffLedger, *, unit: str = "", generated_at: datetime | None = None
) -> LedgerDoc:
    """The ledger from a ready :class:`StaffLedger` (``fieldkit.services.ledger.staff_ledger``)."""
    info = DocInfo(
        TITLE,
        FORM_NO,
        unit=unit,
        period=period(ledger.start, ledger.end),
        landscape=True,
        generated_at=generated_at or now_local(),
    )
    who = f"{ledger.staff_name}（{ledger.specialist_type}）" if ledger.specialist_type else ledger.staff_name
    fields = [("填报单位", unit or "　"), ("服务人员", who), ("期间", info.period)]
    sections = work_ledger_sections(ledger)
    totals = Section("合计", "合计", TOTAL_COLUMNS, total_rows(ledger), counted=False, fill=0.4)
    return LedgerDoc(info, fields, [*sections, totals], cell_size=8)


@in_chinese
def work_ledger_document(
    session: Session,
    staff_id: str,
    start: date,
    end: date,
    *,
    today: date | None = None,
    unit: str | None = None,
    generated_at: datetime | None = None,
) -> LedgerDoc:
    ledger = staff_ledger(session, staff_id, start, end, today=today)
    staff = lookup.fetch(session, Staff, staff_id)
    return work_ledger_doc(
        ledger, unit=issuing_unit(session, staff) if unit is None else unit, generated_at=generated_at
    )


@in_chinese
def work_ledger_pdf(
    session: Session,
    staff_id: str,
    start: date,
    end: date,
    *,
    today: date | None = None,
    unit: str | None = None,
) -> bytes:
    """工作台账 as PDF (A4 landscape, one table per section, totals at the end)."""
    return work_ledger_document(session, staff_id, start, end, today=today, unit=unit).pdf()


@in_chinese
def work_ledger_xlsx(
    session: Session,
    staff_id: str,
    start: date,
    end: date,
    *,
    today: date | None = None,
    unit: str | None = None,
) -> bytes:
    """工作台账 as .xlsx: one sheet per section and a 合计 sheet."""
    return work_ledger_document(session, staff_id, start, end, today=today, unit=unit).xlsx()
