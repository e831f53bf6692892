"""帮办代办台账 (FK-05): proxy services (帮办代办) accepted in a period (seed 001 §6)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session

from fieldkit.models import Staff
from fieldkit.services import lookup
from fieldkit.services.labels import label
from fieldkit.services.ledger import proxy_ledger
from fieldkit.services.proxy import ProxyRow
from fieldkit.services.row_filters import ProxyFilter

from .columns import PROXY_COLUMNS, Section
from .common import LedgerDoc, in_chinese, issuing_unit, now_local, period
from .layout import DocInfo, para, styles

FORM_NO = "FK-05"
TITLE = "帮办代办台账"


@in_chinese
def proxy_summary(rows: Sequence[ProxyRow]) -> str:
    counts = {
        code: sum(1 for r in rows if r.status == code)
        for code in ("accepted", "in_progress", "completed", "terminated")
    }
    parts = "，".join(f"{label('proxy_status', c)} {n} 件" for c, n in counts.items())
    return f"合计：帮办代办 {len(rows)} 件（{parts}）。"


@in_chinese
def proxy_ledger_doc(
    rows: Sequence[ProxyRow],
    start: date,
    end: date,
    *,
    unit: str = "",
    staff_name: str = "",
    generated_at: datetime | None = None,
    shown: str = "",
) -> LedgerDoc:
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
        [Section("", "帮办代办台账", PROXY_COLUMNS, list(rows))],
        tail=[para(proxy_summary(rows), styles().body)],
    )


@in_chinese
def proxy_ledger_document(
    session: Session,
    start: date,
    end: date,
    staff_id: str | None = None,
    *,
    unit: str | None = None,
    generated_at: datetime | None = None,
    shown: ProxyFilter | None = None,
) -> LedgerDoc:
    """The proxy services accepted from ``start`` to ``end``; ``shown``: only those the list's
    status filter shows."""
    staff = lookup.fetch(session, Staff, staff_id) if staff_id else None
    rows = proxy_ledger(session, start, end, staff_id=staff_id)
    if shown is not None:
        rows = [r for r in rows if shown.matches(r)]
    return proxy_ledger_doc(
        rows,
        start,
        end,
        unit=issuing_unit(session, staff) if unit is None else unit,
        staff_name=staff.name if staff else "",
        generated_at=generated_at,
        shown=shown.describe() if shown is not None else "",
    )


@in_chinese
def proxy_ledger_pdf(
    session: Session,
    start: date,
    end: date,
    staff_id: str | None = None,
    *,
    unit: str | None = None,
    shown: ProxyFilter | None = None,
) -> bytes:
    """帮办代办台账 as PDF (A4 landscape); ``shown``: the list's filter."""
    return proxy_ledger_document(session, start, end, staff_id, unit=unit, shown=shown).pdf()


@in_chinese
def proxy_ledger_xlsx(
    session: Session,
    start: date,
    end: date,
    staff_id: str | None = None,
    *,
    unit: str | None = None,
    shown: ProxyFilter | None = None,
) -> bytes:
    """帮办代办台账 as .xlsx; ``shown``: the list's filter."""
    return proxy_ledger_document(session, start, end, staff_id, unit=unit, shown=shown).xlsx()
