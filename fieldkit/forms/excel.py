"""Excel (.xlsx) export of the ledgers, with the same columns as the PDF.

Written in openpyxl's write-only mode (rows streamed, constant memory) so a 10,000-row ledger
stays small and fast. Every sheet: bold header in row 1, frozen (``A2``), widths from the
columns, dates as real dates (``yyyy-mm-dd``), numbers as numbers. A last sheet "说明" names the
form, unit, period, staff and generation time, since row 1 must stay the header.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .columns import XLSX_FORMATS, Column, Section, Value, typed_row
from .layout import DocInfo

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E6E6E6")
TOTAL_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
#: sheet names may not contain these and are at most 31 characters
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def sheet_title(name: str) -> str:
    return name.translate(_BAD_SHEET_CHARS)[:31] or "Sheet"


def _write_sheet(
    wb: Workbook,
    title: str,
    columns: Sequence[Column[Any]],
    rows: Sequence[Any],
    totals: list[Value] | None = None,
) -> None:
    ws = wb.create_sheet(sheet_title(title))
    ws.freeze_panes = "A2"
    for i, c in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = c.excel_width
    header = []
    for c in columns:
        cell = WriteOnlyCell(ws, value=c.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        header.append(cell)
    ws.append(header)
    formats = [XLSX_FORMATS.get(c.kind) for c in columns]
    long_text = [c.excel_width >= 30 for c in columns]
    for n, row in enumerate(rows, start=1):
        values = typed_row(columns, row, n)
        out: list[Any] = []
        for v, fmt, wrap in zip(values, formats, long_text, strict=True):
            if fmt is None and not wrap:
                out.append(v)
                continue
            cell = WriteOnlyCell(ws, value=v)
            if fmt and v is not None and v != "":
                cell.number_format = fmt
            if wrap:
                cell.alignment = WRAP
            out.append(cell)
        ws.append(out)
    if totals is not None:
        tot = []
        for v in totals:
            cell = WriteOnlyCell(ws, value=v)
            cell.font = TOTAL_FONT
            tot.append(cell)
        ws.append(tot)


def _write_about(wb: Workbook, info: DocInfo, fields: Sequence[tuple[str, str]]) -> None:
    ws = wb.create_sheet("说明")
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 50
    rows = [("表名", info.title), ("表号", info.form_no), *fields, ("生成时间", info.generated_text)]
    for k, v in rows:
        key = WriteOnlyCell(ws, value=k)
        key.font = HEADER_FONT
        ws.append([key, v])


def ledger_xlsx(info: DocInfo, fields: Sequence[tuple[str, str]], sections: Sequence[Section[Any]]) -> bytes:
    """One sheet per section (header frozen), then the "说明" sheet; returns the .xlsx bytes."""
    wb = Workbook(write_only=True)
    wb.properties.title = info.title
    wb.properties.creator = "FieldKit"
    for s in sections:
        _write_sheet(wb, s.sheet, s.columns, s.rows, s.totals)
    _write_about(wb, info, [(k, v) for k, v in fields if v])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
