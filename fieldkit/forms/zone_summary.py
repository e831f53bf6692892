"""考核汇总表 (FK-09): one row per field staff member of a zone for a period — visits, coverage,
demands on time / overdue, proxy services, pushes, satisfaction (seed 000 §7.1 考核) — with a 合计 row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session

from fieldkit.services import lookup
from fieldkit.services.ledger import StaffSummary, zone_summary, zone_totals

from .columns import SEQ, SUMMARY_COLUMNS, Section
from .common import LedgerDoc, in_chinese, issuing_unit, now_local, period
from .layout import DocInfo, para, styles

FORM_NO = "FK-09"
TITLE = "考核汇总表"

NOTE = (
    "说明：走访覆盖率 = 期末包联的存续企业中本期有现场走访的比例；按时办结率 = 本期办结诉求中未超时限的比例；"
    "满意度均分按企业评价计分（非常满意 5 分 … 非常不满意 1 分）；考核得分为考核期与本期重叠的主管考核总分的平均。"
)


@in_chinese
def summary_totals(rows: Sequence[StaffSummary]) -> list[object]:
    t = zone_totals(list(rows))
    return [None if c.kind == SEQ else c.get(t) for c in SUMMARY_COLUMNS]


@in_chinese
def zone_summary_doc(
    rows: Sequence[StaffSummary],
    start: date,
    end: date,
    *,
    unit: str = "",
    generated_at: datetime | None = None,
) -> LedgerDoc:
    info = DocInfo(
        TITLE,
        FORM_NO,
        unit=unit,
        period=period(start, end),
        landscape=True,
        generated_at=generated_at or now_local(),
    )
    fields = [("填报单位", unit or "　"), ("考核期间", info.period), ("人数", str(len(rows)))]
    sec = Section("", "考核汇总", SUMMARY_COLUMNS, list(rows), totals=summary_totals(rows))  # type: ignore[arg-type]
    return LedgerDoc(info, fields, [sec], tail=[para(NOTE, styles().small)])


@in_chinese
def zone_summary_document(
    session: Session,
    start: date,
    end: date,
    zone_id: str | None = None,
    *,
    today: date | None = None,
    unit: str | None = None,
    generated_at: datetime | None = None,
) -> LedgerDoc:
    """The summary of ``zone_id`` (every zone when None). The issuing unit defaults to that zone;
    without one, to the zone all the listed staff belong to, else the only zone of the store."""
    rows = zone_summary(session, start, end, zone_id=zone_id, today=today)
    if unit is None:
        unit = issuing_unit(
            session, zone_id=zone_id or lookup.common_zone_id(session, [r.staff_id for r in rows])
        )
    return zone_summary_doc(rows, start, end, unit=unit, generated_at=generated_at)


@in_chinese
def zone_summary_pdf(
    session: Session,
    start: date,
    end: date,
    zone_id: str | None = None,
    *,
    today: date | None = None,
    unit: str | None = None,
) -> bytes:
    """考核汇总表 as PDF (A4 landscape)."""
    return zone_summary_document(session, start, end, zone_id, today=today, unit=unit).pdf()


@in_chinese
def zone_summary_xlsx(
    session: Session,
    start: date,
    end: date,
    zone_id: str | None = None,
    *,
    today: date | None = None,
    unit: str | None = None,
) -> bytes:
    """考核汇总表 as .xlsx (with a 合计 row)."""
    return zone_summary_document(session, start, end, zone_id, today=today, unit=unit).xlsx()
