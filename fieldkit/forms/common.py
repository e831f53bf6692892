"""Helpers shared by the documents: issuing unit, ledger PDF assembly, numbered section titles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer
from sqlmodel import Session, col, select

from fieldkit.models import Staff, Zone

from .columns import SEQ, Section, display, pdf_cols, pdf_rows
from .excel import ledger_xlsx
from .layout import DocInfo, LedgerTable, build_pdf, para, period_text, styles, title_block

CHINESE_ORDINALS = "一二三四五六七八九十"


def now_local() -> datetime:
    return datetime.now().astimezone()


def issuing_unit(session: Session, staff: Staff | None = None, zone_id: str | None = None) -> str:
    """The unit printed on a form: the zone (产业功能区) of the staff member, or the given zone."""
    zid = zone_id or (staff.zone_id if staff else None)
    if zid:
        zone = session.get(Zone, zid)
        return zone.name if zone and not zone.deleted else ""
    zones = session.exec(select(Zone.name).where(col(Zone.deleted).is_(False)).limit(2)).all()
    return zones[0] if len(zones) == 1 else ""  # a single-zone store: that zone


def period(start: date, end: date) -> str:
    return period_text(start.isoformat(), end.isoformat())


def section_title(n: int, text: str) -> str:
    return f"{CHINESE_ORDINALS[n - 1] if n <= len(CHINESE_ORDINALS) else n}、{text}"


def ledger_story(info: DocInfo, fields: Sequence[tuple[str, str]], sections: Sequence[Section[Any]],
                 numbered: bool = True, cell_size: float = 8.5,
                 tail: Sequence[Flowable] = ()) -> list[Flowable]:
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
            rows.append(tuple(str(v or "") if c.kind == SEQ else display(v, c.kind)
                              for c, v in zip(sec.columns, sec.totals, strict=True)))
        part.append(LedgerTable(pdf_cols(sec.columns), rows, shaded=shaded, cell_size=cell_size, fill=sec.fill))
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

    def pdf(self) -> bytes:
        tail = [Spacer(1, 4), *self.tail, Spacer(1, 8), sign_line()]
        return build_pdf(self.info, ledger_story(self.info, self.fields, self.sections, cell_size=self.cell_size,
                                                 tail=tail))

    def xlsx(self) -> bytes:
        return ledger_xlsx(self.info, self.fields, self.sections)
