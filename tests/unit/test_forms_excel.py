"""The Excel export of every ledger, read back with openpyxl and compared with the ledger rows:
same columns as the PDF, header frozen, dates as dates, numbers as numbers."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.engine import Engine
from sqlmodel import Session

from fieldkit.forms.columns import (
    ASSESSMENT_COLUMNS,
    DEMAND_COLUMNS,
    PROXY_COLUMNS,
    PUSH_COLUMNS,
    RECORD_COLUMNS,
    SUMMARY_COLUMNS,
    Column,
)
from fieldkit.forms.demand_ledger import demand_ledger_doc, demand_ledger_xlsx
from fieldkit.forms.proxy_ledger import proxy_ledger_xlsx
from fieldkit.forms.specimen import PERIOD, TODAY, Specimen, specimen_store
from fieldkit.forms.visit_plan import PLAN_COLUMNS, plan_rows, visit_plan_xlsx
from fieldkit.forms.work_ledger import TOTAL_COLUMNS, total_rows, work_ledger_xlsx
from fieldkit.forms.zone_summary import zone_summary_xlsx
from fieldkit.services.ledger import (
    DemandRow,
    demand_ledger,
    proxy_ledger,
    staff_ledger,
    zone_summary,
    zone_totals,
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, Specimen]]:
    engine, sp = specimen_store(tmp_path_factory.mktemp("xlsx-world"), ledger_records=12)
    yield engine, sp
    engine.dispose()


def book(data: bytes):  # type: ignore[no-untyped-def]
    assert data[:2] == b"PK"
    return load_workbook(io.BytesIO(data))


def expected_cell(col: Column[Any], row: Any, index: int) -> Any:
    if col.kind == "seq":
        return index
    v = col.get(row)
    if col.kind == "flag":
        return "是" if v else None
    if isinstance(v, date) and not isinstance(v, datetime):
        return datetime(v.year, v.month, v.day)  # Excel has no date-only type
    return None if v == "" else v


def assert_sheet(
    ws: Worksheet, columns: Sequence[Column[Any]], rows: Sequence[Any], extra_rows: int = 0
) -> None:
    assert ws.freeze_panes == "A2"
    values = list(ws.iter_rows(values_only=True))
    assert list(values[0]) == [c.header for c in columns]
    assert len(values) == 1 + len(rows) + extra_rows
    for i, (got, row) in enumerate(zip(values[1:], rows, strict=False), start=1):
        assert list(got) == [expected_cell(c, row, i) for c in columns], f"row {i}"
    for i, c in enumerate(columns, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        assert ws.column_dimensions[letter].width >= 6
        if c.kind in ("date", "datetime"):
            for r in range(2, 2 + len(rows)):
                cell = ws.cell(row=r, column=i)
                if cell.value is not None:
                    assert isinstance(cell.value, datetime)
                    assert cell.number_format in ("yyyy-mm-dd", "yyyy-mm-dd hh:mm")
    assert ws.cell(row=1, column=1).font.bold


def test_work_ledger_one_sheet_per_section_and_totals(session: Session, sp: Specimen) -> None:
    wb = book(work_ledger_xlsx(session, sp.staff_id, *PERIOD, today=TODAY))
    assert wb.sheetnames == ["服务记录", "诉求", "帮办代办", "政策推送", "考核", "合计", "说明"]
    led = staff_ledger(session, sp.staff_id, *PERIOD, today=TODAY)
    assert_sheet(wb["服务记录"], RECORD_COLUMNS, led.records)
    assert_sheet(wb["诉求"], DEMAND_COLUMNS, led.demands)
    assert_sheet(wb["帮办代办"], PROXY_COLUMNS, led.proxies)
    assert_sheet(wb["政策推送"], PUSH_COLUMNS, led.pushes)
    assert_sheet(wb["考核"], ASSESSMENT_COLUMNS, led.assessments)
    # the supervisor's scores (issue 12 §16)
    assert [r[1:6] for r in wb["考核"].iter_rows(min_row=2, values_only=True)] == [
        ("2026-07-01 ~ 2026-09-30", 88, 92, 85, led.assessments[0].total)
    ]
    assert_sheet(wb["合计"], TOTAL_COLUMNS, total_rows(led))
    # values are the ledger's, typed
    ws = wb["服务记录"]
    assert [r[2].value for r in ws.iter_rows(min_row=2)] == [r.enterprise for r in led.records]
    assert [r[1].value for r in ws.iter_rows(min_row=2)] == [
        datetime.strptime(r.visit_at, "%Y-%m-%d %H:%M") for r in led.records
    ]
    assert wb["合计"]["B2"].value == len(led.records) and isinstance(wb["合计"]["B2"].value, int)
    about = {r[0]: r[1] for r in wb["说明"].iter_rows(values_only=True)}
    assert about["表名"] == "工作台账" and about["期间"] == "2026-01-01 至 2026-12-31"
    assert about["服务人员"] == "王小明（产业助理）"


def test_demand_ledger_numbers_flags_and_deadlines(session: Session, sp: Specimen) -> None:
    wb = book(demand_ledger_xlsx(session, *PERIOD, today=TODAY))
    rows = demand_ledger(session, *PERIOD, today=TODAY)
    ws = wb["诉求台账"]
    assert_sheet(ws, DEMAND_COLUMNS, rows)
    headers = [c.header for c in DEMAND_COLUMNS]
    days = headers.index("剩余天数") + 1
    assert -36 in [ws.cell(row=r, column=days).value for r in range(2, 2 + len(rows))]
    assert all(
        isinstance(ws.cell(row=r, column=days).value, int | type(None)) for r in range(2, 2 + len(rows))
    )


def test_proxy_ledger_and_visit_plan(session: Session, sp: Specimen) -> None:
    wb = book(proxy_ledger_xlsx(session, *PERIOD))
    assert_sheet(wb["帮办代办台账"], PROXY_COLUMNS, proxy_ledger(session, *PERIOD))
    wb = book(visit_plan_xlsx(session, sp.staff_id, *PERIOD, today=TODAY))
    assert_sheet(wb["走访计划"], PLAN_COLUMNS, plan_rows(session, sp.staff_id, *PERIOD, TODAY))


def test_zone_summary_has_a_bold_totals_row(session: Session, sp: Specimen) -> None:
    wb = book(zone_summary_xlsx(session, *PERIOD, sp.zone_id, today=TODAY))
    rows = zone_summary(session, *PERIOD, zone_id=sp.zone_id, today=TODAY)
    ws = wb["考核汇总"]
    assert_sheet(ws, SUMMARY_COLUMNS, rows, extra_rows=1)
    last = [c.value for c in ws[ws.max_row]]
    total = zone_totals(rows)
    assert last[1] == "合计" and last[3] == total.visits and ws.cell(row=ws.max_row, column=2).font.bold
    assert isinstance(ws.cell(row=2, column=7).value, int | float)  # coverage % is a number
    # the supervisor's 考核 score (issue 12 §16): 王小明's Q3 assessment overlaps the period
    col = [c.header for c in SUMMARY_COLUMNS].index("考核得分") + 1
    mine = next(r for r in rows if r.staff_id == sp.staff_id)
    assert mine.assessments == 1 and mine.assessment_avg == total.assessment_avg
    assert ws.cell(row=2 + rows.index(mine), column=col).value == mine.assessment_avg
    assert ws.cell(row=ws.max_row, column=col).value == total.assessment_avg


def test_many_rows_stream_in_write_only_mode() -> None:
    """(The 10,000-row export is timed in bench/bench_forms.py.)"""
    rows = [
        DemandRow(
            enterprise_id="",
            staff_id="",
            staff="",
            kind="demand",
            category_label="",
            urgency="normal",
            urgency_label="",
            state="",
            satisfaction=None,
            record_id=None,
            id=str(i),
            collected_at="2026-03-01",
            enterprise=f"企业{i}",
            kind_label="诉求",
            category="other",
            description="诉求内容" * 5,
            state_label="承办",
            department="区经信局",
            responsible_person="张三",
            deadline=date(2026, 4, 1),
            days_left=-3,
            overdue=True,
            satisfaction_label="",
            closed_on="",
            overdue_explanation="",
        )
        for i in range(2_000)
    ]
    wb = book(demand_ledger_doc(rows, *PERIOD).xlsx())
    ws = wb["诉求台账"]
    assert ws.max_row == 2_001 and ws.freeze_panes == "A2"
    assert (
        ws["J2001"].value == datetime(2026, 4, 1) and ws["L2001"].value == "是" and ws["A2001"].value == 2000
    )
