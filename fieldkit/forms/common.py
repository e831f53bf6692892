"""Helpers shared by the documents: Chinese rendering, issuing unit, ledger PDF assembly, numbered
section titles."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ParamSpec, TypeVar

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer
from sqlmodel import Session

from fieldkit.models import Staff
from fieldkit.services import lookup
from fieldkit.services.i18n import source_language

from .columns import SEQ, Section, display, pdf_cols, pdf_rows
from .excel import ledger_xlsx
from .layout import DocInfo, LedgerTable, build_pdf, para, period_text, styles, title_block

CHINESE_ORDINALS = "一二三四五六七八九十"

P = ParamSpec("P")
R = TypeVar("R")

#: ``with chinese_labels(): ...``: on this thread, labels, reference names and service texts are the
#: Chinese source, whatever the interface language. Forms are official Chinese documents; this is
#: per thread, so a worker rendering a form never changes what the English window shows.
chinese_labels = source_language


def in_chinese(fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` (a form's gather / render / export function) with :data:`chinese_labels`."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with source_language():
            return fn(*args, **kwargs)

    return wrapper


def now_local() -> datetime:
    return datetime.now().astimezone()


def issuing_unit(session: Session, staff: Staff | None = None, zone_id: str | None = None) -> str:
    """The unit printed on a form: the given zone, else the staff member's zone (产业功能区), else
    the only zone of a single-zone store."""
    return lookup.issuing_unit(session, zone_id or (staff.zone_id if staff else None))


def period(start: date, end: date) -> str:
    return period_text(start.isoformat(), end.isoformat())


def section_title(n: int, text: str) -> str:
    return f"{CHINESE_ORDINALS[n - 1] if n <= len(CHINESE_ORDINALS) else n}、{text}"


def ledger_story(
    info: DocInfo,
    fields: Sequence[tuple[str, str]],
    sections: Sequence[Section[Any]],
    numbered: bool = True,
    cell_size: float = 8.5,
    tail: Sequence[Flowable] = (),
) -> list[Flowable]:
    """Title block, then per section a heading (when several) and its ledger table; ``tail`` is
    kept on the same page as the end of the last table (a lone signature line looks lost)."""
    st = styles()
    story: list[Flowable] = title_block(info, fields)
    last: list[Flowable] = []
    for n, sec in enumerate(sections, start=1):
        part: list[Flowable] = []
        if len(sections) > 1 or sec.title:
            part.append(CondPageBreak(30 * mm))  # keep a heading with the first rows of its table
            heading = section_title(n, sec.title) if numbered and len(sections) > 1 else sec.title
            part.append(para(f"{heading}（{len(sec.rows)} 条）" if sec.counted else heading, st.section))
        rows = pdf_rows(sec.columns, sec.rows)
        shaded: list[int] = []
        if sec.totals is not None:
            shaded.append(len(rows))
            rows.append(
                tuple(
                    str(v or "") if c.kind == SEQ else display(v, c.kind)
                    for c, v in zip(sec.columns, sec.totals, strict=True)
                )
            )
        part.append(
            LedgerTable(pdf_cols(sec.columns), rows, shaded=shaded, cell_size=cell_size, fill=sec.fill)
        )
        part.append(Spacer(1, 2))
        if n < len(sections):
            story += part
        else:
            last = part
    if len(sections) > 1 and len(sections[-1].rows) <= 40:
        story.append(KeepTogether([*last[1:], *tail]))  # CondPageBreak is pointless inside
    else:
        story += [*last, *tail]
    return story


def sign_line(labels: Sequence[str] = ("制表人", "审核人", "日期")) -> Flowable:
    """A line of blanks to sign a printed ledger: 制表人：＿＿＿　审核人：＿＿＿ …"""
    blank = "＿" * 8
    return para("　　　".join(f"{lab}：{blank}" for lab in labels), styles().body)


@dataclass
class LedgerDoc:
    """A ledger ready to render: the PDF and the workbook come from the same sections."""

    info: DocInfo
    fields: list[tuple[str, str]]
    sections: list[Section[Any]]
    tail: list[Flowable] = field(default_factory=list)
    cell_size: float = 8.5

    @in_chinese
    def pdf(self) -> bytes:
        tail = [Spacer(1, 4), *self.tail, Spacer(1, 8), sign_line()]
        return build_pdf(
            self.info,
            ledger_story(self.info, self.fields, self.sections, cell_size=self.cell_size, tail=tail),
        )

    @in_chinese
    def xlsx(self) -> bytes:
        return ledger_xlsx(self.info, self.fields, self.sections)
