"""Ledger columns, shared by the PDF and the Excel export so both always have the same columns.

A :class:`Column` reads a typed value from a ledger row (the display-ready dataclasses of
``fieldkit.services.ledger``): text, a real ``date`` / ``datetime``, a number or a flag. The PDF
shows it as text (dates as 2026-11-21); Excel stores it as a date or number with a format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from fieldkit.services.demands import DemandRow
from fieldkit.services.ledger import AssessmentLine, PushRow, RecordRow, StaffSummary
from fieldkit.services.proxy import ProxyRow
from fieldkit.services.reference import load as load_reference

from .layout import Col

R = TypeVar("R")
Value = str | int | float | date | datetime | bool | None

#: the value kinds a column may hold
TEXT, DATE, DATETIME, INT, FLOAT, PERCENT, FLAG, SEQ = (
    "text",
    "date",
    "datetime",
    "int",
    "float",
    "pct",
    "flag",
    "seq",
)

XLSX_FORMATS = {DATE: "yyyy-mm-dd", DATETIME: "yyyy-mm-dd hh:mm", INT: "0", FLOAT: "0.00", PERCENT: "0.0"}


@dataclass(frozen=True)
class Column(Generic[R]):
    """One ledger column: header, how to read the value, PDF width (relative) and Excel width."""

    header: str
    get: Callable[[R], Value]
    width: float
    kind: str = TEXT
    align: str = ""
    xlsx_width: float | None = None

    @property
    def pdf_align(self) -> str:
        if self.align:
            return self.align
        if self.kind in (INT, FLOAT, PERCENT):
            return "RIGHT"
        if self.kind in (DATE, DATETIME, FLAG, SEQ):
            return "CENTER"
        return "LEFT"

    @property
    def excel_width(self) -> float:
        """Excel character widths: about 1 per mm of PDF width, at least the header's length."""
        if self.xlsx_width:
            return self.xlsx_width
        header_chars = sum(2 if ord(ch) > 0x2E80 else 1 for ch in self.header) + 2
        base = {DATE: 12, DATETIME: 17, SEQ: 6}.get(self.kind, self.width * 0.9)
        return float(max(header_chars, min(base, 60)))


def display(value: Value, kind: str = TEXT) -> str:
    """The PDF text of a value."""
    if value is None or value == "":
        return ""
    if kind == FLAG or isinstance(value, bool):
        return "是" if value else ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if kind == FLOAT and isinstance(value, int | float):
        return f"{value:.2f}"
    if kind == PERCENT and isinstance(value, int | float):
        return f"{value:.1f}"
    return str(value)


def pdf_cols(columns: Sequence[Column[Any]]) -> list[Col]:
    return [Col(c.header, c.width, c.pdf_align) for c in columns]


def pdf_rows(columns: Sequence[Column[R]], rows: Sequence[R]) -> list[tuple[str, ...]]:
    """Display strings of every row; a ``seq`` column numbers the rows from 1."""
    out = []
    for i, row in enumerate(rows, start=1):
        out.append(tuple(str(i) if c.kind == SEQ else display(c.get(row), c.kind) for c in columns))
    return out


def typed_row(columns: Sequence[Column[R]], row: R, index: int) -> list[Value]:
    """Typed values of a row for Excel; flags become 是 / empty like the PDF."""
    out: list[Value] = []
    for c in columns:
        if c.kind == SEQ:
            out.append(index)
        elif c.kind == FLAG:
            out.append("是" if c.get(row) else "")
        else:
            out.append(c.get(row))
    return out


# ------------------------------------------------------------------------- string → typed


def parse_day(text: str) -> date | None:
    """'2026-11-21' (as the ledger rows carry it) → date."""
    return date.fromisoformat(text[:10]) if text else None


def parse_minute(text: str) -> datetime | None:
    """'2026-11-21 09:30' (local time, as shown) → naive local datetime, what Excel stores."""
    return datetime.strptime(text[:16], "%Y-%m-%d %H:%M") if text else None


def _seq() -> Column[Any]:
    return Column("序号", lambda _r: None, 9, SEQ, xlsx_width=6)


def demand_category(code: str) -> str:
    return load_reference().label("demand_categories", code)


# ------------------------------------------------------------------------------ column sets


RECORD_COLUMNS: list[Column[RecordRow]] = [
    _seq(),
    Column("走访时间", lambda r: parse_minute(r.visit_at), 26, DATETIME),
    Column("企业名称", lambda r: r.enterprise, 36, xlsx_width=30),
    Column("服务方式", lambda r: r.kind_label, 14, align="CENTER"),
    Column("所处阶段", lambda r: r.stage_label, 14, align="CENTER"),
    Column("服务事项", lambda r: r.service_items, 32),
    Column("服务内容", lambda r: r.content, 62, xlsx_width=60),
    Column("发现问题", lambda r: r.problems, 32, xlsx_width=40),
    Column("后续跟进", lambda r: r.follow_up, 32, xlsx_width=40),
    Column("状态", lambda r: r.status_label + ("（更正）" if r.amends else ""), 15, align="CENTER"),
]

DEMAND_COLUMNS: list[Column[DemandRow]] = [
    _seq(),
    Column("收集日期", lambda r: parse_day(r.collected_on), 19, DATE),
    Column("企业名称", lambda r: r.enterprise, 34, xlsx_width=30),
    Column("类型", lambda r: r.kind_text, 13, align="CENTER"),
    Column("类别", lambda r: demand_category(r.category), 15, align="CENTER"),
    Column("诉求内容", lambda r: r.description, 52, xlsx_width=60),
    Column("状态", lambda r: r.state_label, 14, align="CENTER"),
    Column("责任部门", lambda r: r.department, 22, xlsx_width=20),
    Column("责任人", lambda r: r.responsible_person, 14),
    Column("办理时限", lambda r: r.deadline, 19, DATE),
    Column("剩余天数", lambda r: r.days_left, 13, INT),
    Column(
        "逾期", lambda r: "是" if r.overdue else ("逾期办结" if r.closed_late else ""), 12, align="CENTER"
    ),
    Column("满意度", lambda r: r.satisfaction_label, 18, align="CENTER"),
    Column("办结日期", lambda r: parse_day(r.closed_on), 19, DATE),
    Column("逾期说明", lambda r: r.overdue_explanation, 26, xlsx_width=30),
]

PROXY_COLUMNS: list[Column[ProxyRow]] = [
    _seq(),
    Column("企业名称", lambda r: r.enterprise, 40, xlsx_width=30),
    Column("代办事项", lambda r: r.item, 40, xlsx_width=30),
    Column("服务人员", lambda r: r.staff, 16, xlsx_width=10),
    Column("所处阶段", lambda r: r.stage_label, 16, align="CENTER"),
    Column("服务方式", lambda r: r.mode_label, 16, align="CENTER"),
    Column("状态", lambda r: r.status_label, 14, align="CENTER"),
    Column("受理日期", lambda r: r.accepted_on, 20, DATE),
    Column("办理时限", lambda r: r.due_date, 20, DATE),
    Column("办结日期", lambda r: r.completed_on, 20, DATE),
    Column("终止原因", lambda r: r.termination, 60, xlsx_width=40),
]

PUSH_COLUMNS: list[Column[PushRow]] = [
    _seq(),
    Column("推送时间", lambda r: parse_minute(r.pushed_at), 26, DATETIME),
    Column("企业名称", lambda r: r.enterprise, 50, xlsx_width=30),
    Column("政策名称", lambda r: r.policy, 90, xlsx_width=50),
    Column("说明", lambda r: r.note, 80, xlsx_width=40),
]

#: the supervisor's 考核 in the 工作台账 (seed 000 §7.1)
ASSESSMENT_COLUMNS: list[Column[AssessmentLine]] = [
    _seq(),
    Column("考核期", lambda r: r.period, 46, xlsx_width=24),
    Column("服务质效", lambda r: r.effect, 18, FLOAT),
    Column("服务态度", lambda r: r.attitude, 18, FLOAT),
    Column("企业满意度", lambda r: r.satisfaction, 20, FLOAT),
    Column("总分", lambda r: r.total, 16, FLOAT),
    Column("来源", lambda r: r.source_label, 22),
    Column("考核人", lambda r: r.assessor, 20),
    Column("评语", lambda r: r.comment, 90, xlsx_width=40),
]

SUMMARY_COLUMNS: list[Column[StaffSummary]] = [
    _seq(),
    Column("姓名", lambda r: r.staff_name, 20),
    Column("人员类型", lambda r: r.specialist_type, 26, xlsx_width=16),
    Column("走访次数", lambda r: r.visits, 14, INT),
    Column("包联企业数", lambda r: r.assigned, 14, INT),
    Column("已走访企业", lambda r: r.covered, 14, INT),
    Column("走访覆盖率（%）", lambda r: r.coverage_pct, 16, PERCENT),
    Column("新增诉求", lambda r: r.demands_opened, 14, INT),
    Column("按时办结", lambda r: r.closed_on_time, 14, INT),
    Column("逾期办结", lambda r: r.closed_late, 14, INT),
    Column("逾期未办结", lambda r: r.overdue_open, 14, INT),
    Column("按时办结率（%）", lambda r: r.on_time_pct, 16, PERCENT),
    Column("办结代办", lambda r: r.proxies_completed, 14, INT),
    Column("政策推送", lambda r: r.pushes, 14, INT),
    Column("满意度均分", lambda r: r.satisfaction_avg, 14, FLOAT),
    Column("考核得分", lambda r: r.assessment_avg, 14, FLOAT),
]

#: labels of StaffLedger.totals, in display order
TOTAL_LABELS: dict[str, str] = {
    "records": "服务记录（条）",
    "visits": "计走访次数（次）",  # the zone summary's 走访次数 (surveys and amendments not counted)
    "onsite_visits": "其中现场走访（次）",
    "demands": "收集诉求（件）",
    "demands_closed": "其中已办结（件）",
    "demands_overdue": "其中逾期（件）",
    "proxies": "帮办代办（件）",
    "pushes": "政策推送（次）",
}


@dataclass
class Section(Generic[R]):
    """A titled table of a ledger: the same in the PDF (one table) and the workbook (one sheet)."""

    title: str
    sheet: str
    columns: list[Column[R]]
    rows: Sequence[R]
    totals: list[Value] | None = field(default=None)
    counted: bool = True  # show "（N 条）" after the title
    fill: float = 1.0  # fraction of the page width the PDF table takes
