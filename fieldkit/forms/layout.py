"""Page templates and building blocks shared by every document.

- :class:`DocInfo` carries what every page shows: form number, title, issuing unit, period,
  generation timestamp and (for a submitted visit record) the short content hash.
- :func:`build_pdf` lays out a story on A4 portrait or landscape with a running header, and a
  footer "第 N 页 共 M 页" drawn in a second pass once the page count is known.
- :class:`LedgerTable` is the ledger grid: header row repeated on every page, cells wrapped (never
  cut), rows measured once and drawn page by page, so a 10,000-row ledger builds in linear time and
  memory (a reportlab ``LongTable`` re-measures the remaining rows at every page break).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from fieldkit.services.timeutil import fmt_datetime

from .fonts import register_fonts
from .linebreak import break_lines, unit_width

GRID = colors.HexColor("#404040")
HEAD_BG = colors.HexColor("#E6E6E6")
LABEL_BG = colors.HexColor("#F2F2F2")
TOTAL_BG = colors.HexColor("#F2F2F2")
MUTED = colors.HexColor("#555555")

#: the period separator used in every document ("2026-01-01 至 2026-03-31")
PERIOD_SEP = " 至 "


@dataclass
class DocInfo:
    """What a document says about itself on every page."""

    title: str
    form_no: str
    unit: str = ""
    period: str = ""
    landscape: bool = False
    generated_at: datetime = field(default_factory=lambda: datetime.now().astimezone())
    content_hash: str = ""
    subject: str = ""
    watermark: str = ""  # e.g. 草稿, drawn faintly across every page

    @property
    def generated_text(self) -> str:
        return fmt_datetime(self.generated_at)


# ---------------------------------------------------------------------------------------- styles


class Styles:
    """Paragraph styles in the CJK font; ``wordWrap='CJK'`` keeps ，。、 off the start of a line."""

    def __init__(self, cell_size: float = 8.5) -> None:
        font = register_fonts()

        def st(name: str, size: float, leading: float | None = None, **kw: Any) -> ParagraphStyle:
            return ParagraphStyle(
                name, fontName=font, fontSize=size, leading=leading or size * 1.35, wordWrap="CJK", **kw
            )

        self.font = font
        self.title = st("title", 18, 24, alignment=TA_CENTER, spaceAfter=2 * mm)
        self.subtitle = st("subtitle", 10.5, alignment=TA_CENTER, textColor=MUTED)
        self.meta = st("meta", 9.5)
        self.meta_right = st("meta_right", 9.5, alignment=TA_RIGHT)
        self.section = st("section", 11.5, 16, spaceBefore=4 * mm, spaceAfter=2 * mm)
        self.body = st("body", 10, 15)
        self.small = st("small", 8, 10.5, textColor=MUTED)
        self.caption = st("caption", 8, 10.5, textColor=MUTED, alignment=TA_CENTER)
        self.label = st("label", 9, 13)
        self.value = st("value", 9.5, 13.5)
        self.value_center = st("value_center", 9.5, 13.5, alignment=TA_CENTER)
        self.cell_size = cell_size
        self.cell = st("cell", cell_size, cell_size * 1.3)
        self.cell_center = st("cell_center", cell_size, cell_size * 1.3, alignment=TA_CENTER)
        self.cell_right = st("cell_right", cell_size, cell_size * 1.3, alignment=TA_RIGHT)
        self.head = st("head", cell_size, cell_size * 1.3, alignment=TA_CENTER)


_styles: dict[float, Styles] = {}


def styles(cell_size: float = 8.5) -> Styles:
    if cell_size not in _styles:
        _styles[cell_size] = Styles(cell_size)
    return _styles[cell_size]


def markup(text: object) -> str:
    """Plain text as Paragraph markup: escaped, line breaks kept."""
    s = "" if text is None else str(text)
    # reportlab collapses the ideographic space (U+3000) that forms use for blanks; keep its width
    s = s.replace("\u3000", "\u00a0\u00a0")
    return escape(s).replace("\r\n", "\n").replace("\n", "<br/>")


def para(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text), style)


def period_text(start: object, end: object) -> str:
    return f"{start}{PERIOD_SEP}{end}"


# ----------------------------------------------------------------------------------- page frame


def page_size(info: DocInfo) -> tuple[float, float]:
    w, h = landscape(A4) if info.landscape else A4
    return float(w), float(h)


def margins(info: DocInfo) -> tuple[float, float, float, float]:
    """left, right, top, bottom."""
    return (12 * mm, 12 * mm, 16 * mm, 15 * mm) if info.landscape else (18 * mm, 18 * mm, 18 * mm, 16 * mm)


def frame_size(info: DocInfo) -> tuple[float, float]:
    w, h = page_size(info)
    left, right, top, bottom = margins(info)
    return w - left - right, h - top - bottom


def _running_header(canv: Canvas, info: DocInfo) -> None:
    w, h = page_size(info)
    left, right, top, _bottom = margins(info)
    font = register_fonts()
    y = h - top + 5 * mm
    canv.saveState()
    canv.setFont(font, 8)
    canv.setFillColor(MUTED)
    canv.drawString(left, y, f"{info.form_no}　{info.title}")
    if info.unit:
        canv.drawRightString(w - right, y, info.unit)
    canv.setStrokeColor(colors.HexColor("#999999"))
    canv.setLineWidth(0.4)
    canv.line(left, y - 1.6 * mm, w - right, y - 1.6 * mm)
    if info.watermark:
        canv.setFillColor(colors.Color(0.6, 0.6, 0.6, alpha=0.25))
        canv.setFont(font, 90)
        canv.translate(w / 2, h / 2)
        canv.rotate(35)
        canv.drawCentredString(0, -30, info.watermark)
    canv.restoreState()


def _footer(canv: Canvas, info: DocInfo, page: int, total: int) -> None:
    w, _h = page_size(info)
    left, right, _top, bottom = margins(info)
    font = register_fonts()
    y = bottom - 8 * mm
    canv.saveState()
    canv.setFont(font, 8)
    canv.setFillColor(MUTED)
    canv.drawString(left, y, f"生成时间：{info.generated_text}")
    canv.setFillColor(colors.black)
    canv.setFont(font, 9)
    canv.drawCentredString(w / 2, y, f"第 {page} 页 共 {total} 页")
    canv.setFont(font, 8)
    canv.setFillColor(MUTED)
    right_text = f"内容校验码：{info.content_hash}" if info.content_hash else "FieldKit"
    canv.drawRightString(w - right, y, right_text)
    canv.restoreState()


def _numbered_canvas(info: DocInfo) -> type[Canvas]:
    """A canvas that keeps each finished page until ``save`` so it can print the page total."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for n, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _footer(self, info, n, total)
                super().showPage()
            self._pages = []
            super().save()

    return NumberedCanvas


def build_pdf(info: DocInfo, story: list[Flowable]) -> bytes:
    """Lay out ``story`` on A4 with the running header and numbered footer; return the PDF bytes."""
    register_fonts()
    buf = io.BytesIO()
    size = page_size(info)
    left, right, top, bottom = margins(info)
    doc = BaseDocTemplate(
        buf,
        pagesize=size,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=info.title,
        author="FieldKit",
        subject=info.subject or info.title,
        creator="FieldKit",
        # start in the CJK font so no unembedded Helvetica is ever referenced
        initialFontName=register_fonts(),
        initialFontSize=10,
    )
    fw, fh = frame_size(info)
    frame = Frame(
        left, bottom, fw, fh, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body"
    )
    doc.addPageTemplates(
        [PageTemplate(id="page", frames=[frame], onPage=lambda canv, _doc: _running_header(canv, info))]
    )
    doc.build(story, canvasmaker=_numbered_canvas(info))
    return buf.getvalue()


# ------------------------------------------------------------------------------- title block


def title_block(
    info: DocInfo, fields: Sequence[tuple[str, str]] = (), width: float | None = None
) -> list[Flowable]:
    """Title, then one line of "label：value" pairs (填报单位, 期间, 服务人员 …)."""
    st = styles()
    out: list[Flowable] = [para(info.title, st.title)]
    pairs = [(k, v) for k, v in fields if v is not None]
    if pairs:
        total = width or frame_size(info)[0]
        need = [stringWidth(f"{k}：{v}", st.font, st.meta.fontSize) + 14 for k, v in pairs]
        lines: list[list[int]] = [[]]
        for i, n in enumerate(need):  # pack the pairs into as few lines as fit
            if lines[-1] and sum(need[j] for j in lines[-1]) + n > total:
                lines.append([])
            lines[-1].append(i)
        for line in lines:
            cells = [Paragraph(f"{markup(pairs[i][0])}：{markup(pairs[i][1])}", st.meta) for i in line]
            used = [min(need[i], total) for i in line]
            spare = max(0.0, total - sum(used))
            widths = (
                [u + spare / len(used) for u in used]
                if len(lines) == 1
                else [u + spare if k == len(used) - 1 else u for k, u in enumerate(used)]
            )
            table = Table([cells], colWidths=widths, hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), st.font),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                        ("TOPPADDING", (0, 0), (-1, -1), 1),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ]
                )
            )
            out.append(table)
    out.append(Spacer(1, 2.5 * mm))
    return out


# ------------------------------------------------------------------------------ form grids


def grid_style(extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    """Thin black grid, top-aligned cells, comfortable padding."""
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
            ("GRID", (0, 0), (-1, -1), 0.6, GRID),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            *extra,
        ]
    )


def field_grid(
    rows: Sequence[Sequence[tuple[str, object]]], width: float, label_width: float = 29 * mm
) -> list[Flowable]:
    """A form grid of "label | value" pairs; a row holds one pair (full width) or two.

    Values may be text (wrapped in a Paragraph) or flowables / lists of flowables. Consecutive
    rows with the same number of pairs form one table; the tables stack into one grid. There are
    no spans, so a long value row splits across pages (``splitInRow``) and is never cut.
    """
    st = styles()
    out: list[Flowable] = []
    group: list[Sequence[tuple[str, object]]] = []

    def flush() -> None:
        if not group:
            return
        per_row = len(group[0])
        value_w = (width - per_row * label_width) / per_row
        data = []
        for row in group:
            cells: list[Any] = []
            for lab, value in row:
                cells.append(para(lab, st.label))
                cells.append(value if isinstance(value, Flowable | list) else para(value, st.value))
            data.append(cells)
        extra = [("BACKGROUND", (c, 0), (c, -1), LABEL_BG) for c in range(0, 2 * per_row, 2)]
        table = Table(data, colWidths=[label_width, value_w] * per_row, splitInRow=1)
        table.setStyle(grid_style(extra))
        out.append(table)
        group.clear()

    for row in rows:
        if group and len(group[0]) != len(row):
            flush()
        group.append(row)
    flush()
    return out


def at_least(flowable: Flowable, width: float, height: float) -> list[Flowable]:
    """``flowable`` followed by blank space so the cell is at least ``height`` tall (room to write)."""
    _, h = flowable.wrap(width, 1e6)
    return [flowable, Spacer(1, max(0.0, height - h))] if h < height else [flowable]


def signature_boxes(
    width: float, boxes: Sequence[tuple[str, Flowable | None, str]], height: float = 24 * mm
) -> Table:
    """Signature and date boxes side by side: (who, signature image or None, date text)."""
    st = styles()
    cells: list[Any] = []
    for who, image, date_text in boxes:
        inner: list[Flowable] = [para(f"{who}（签字）：", st.label)]
        if image is not None:
            inner.append(image)
        else:
            inner.append(Spacer(1, 11 * mm))
        inner.append(para(f"日期：{date_text or '　　　　年　　月　　日'}", st.label))
        cells.append(inner)
    table = Table([cells], colWidths=[width / len(boxes)] * len(boxes), rowHeights=[height])
    table.setStyle(grid_style([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


# ------------------------------------------------------------------------------ ledger table


@dataclass(frozen=True)
class Col:
    """A ledger column: header text, relative width, alignment (LEFT / CENTER / RIGHT)."""

    header: str
    width: float
    align: str = "LEFT"


_PAD_X = 3.0
_PAD_Y = 2.6

Lines = list[list[str]]  # a row as the wrapped lines of each of its cells
Partial = tuple[Lines, float]  # part of a row split across pages, and its height


class _Shared:
    """State shared by a ledger table and the pieces it splits into: columns, rows, row heights.

    Only the heights are kept for all rows; the lines of a row are computed again when its page
    is drawn, so memory stays at the size of the data however long the ledger.
    """

    def __init__(
        self,
        cols: Sequence[Col],
        rows: Sequence[Sequence[str]],
        shaded: frozenset[int],
        empty_text: str,
        cell_size: float,
        fill: float = 1.0,
    ) -> None:
        self.fill = fill
        self.cols = list(cols)
        self.rows = rows
        self.shaded = shaded
        self.empty_text = empty_text
        self.st = styles(cell_size)
        self.size = cell_size
        self.leading = float(self.st.cell.leading)
        self.widths: list[float] = []
        self.heights: list[float] = []
        self.head_lines: Lines = []
        self.head_h = 0.0
        self.total_width = 0.0
        self.font = self.st.font

    def layout(self, avail_width: float) -> None:
        avail_width *= self.fill
        if self.widths and abs(self.total_width - avail_width) < 0.5:
            return
        rel = sum(c.width for c in self.cols)
        self.widths = [c.width * avail_width / rel for c in self.cols]
        self.total_width = avail_width
        self.head_lines = [
            break_lines(c.header, w - 2 * _PAD_X, self.size)
            for c, w in zip(self.cols, self.widths, strict=True)
        ]
        self.head_h = self.height_of(self.head_lines)
        self.heights = [self.height_of(self.lines(i)) for i in range(max(1, len(self.rows)))]

    def lines(self, i: int) -> Lines:
        if not self.rows:
            return [[self.empty_text]]
        return [
            break_lines(str(t), w - 2 * _PAD_X, self.size)
            for t, w in zip(self.rows[i], self.widths, strict=False)
        ]

    def height_of(self, cells: Lines) -> float:
        return max((len(c) for c in cells), default=1) * self.leading + 2 * _PAD_Y


class LedgerTable(Flowable):  # type: ignore[misc]
    """The ledger grid; the header row repeats on every page and no cell text is ever cut.

    ``rows`` are sequences of display strings (one per column), wrapped by
    :func:`~fieldkit.forms.linebreak.break_lines`. Rows in ``shaded`` (e.g. a totals row) get a grey
    background. A piece drawn on one page is ``lead`` (the end of a row begun on the previous
    page) + ``rows[start:stop]`` + ``trail`` (the beginning of a row too tall for any page).
    """

    def __init__(
        self,
        cols: Sequence[Col],
        rows: Sequence[Sequence[str]],
        *,
        shaded: Sequence[int] = (),
        empty_text: str = "（本期无记录）",
        cell_size: float = 8.5,
        fill: float = 1.0,
        _shared: _Shared | None = None,
        _start: int = 0,
        _stop: int | None = None,
        _lead: Partial | None = None,
        _trail: Partial | None = None,
    ) -> None:
        super().__init__()
        self.s = _shared or _Shared(cols, rows, frozenset(shaded), empty_text, cell_size, fill)
        self.start = _start
        self.stop = _stop
        self.lead = _lead
        self.trail = _trail

    # -- geometry
    def _stop(self) -> int:
        return len(self.s.heights) if self.stop is None else self.stop

    def _body_height(self) -> float:
        h = sum(self.s.heights[self.start : self._stop()])
        return h + (self.lead[1] if self.lead else 0.0) + (self.trail[1] if self.trail else 0.0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.s.layout(availWidth)
        self.width = self.s.total_width
        self.height = self.s.head_h + self._body_height()
        return self.width, self.height

    def _piece(
        self, start: int, stop: int, lead: Partial | None = None, trail: Partial | None = None
    ) -> LedgerTable:
        return LedgerTable(
            self.s.cols, self.s.rows, _shared=self.s, _start=start, _stop=stop, _lead=lead, _trail=trail
        )

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        s = self.s
        s.layout(availWidth)
        room = availHeight - s.head_h
        frame = getattr(self, "_frame", None)
        full = (getattr(frame, "_aH", availHeight) or availHeight) - s.head_h  # a whole empty page
        at_top = bool(frame is not None and getattr(frame, "_atTop", 0))
        stop = self._stop()
        used = 0.0
        if self.lead:
            if self.lead[1] > room:
                if not (at_top or self.lead[1] > full):
                    return []
                parts = self._split_lines(self.lead[0], room)
                if parts is None:
                    return []
                return [
                    self._piece(self.start, self.start, lead=parts[0]),
                    self._piece(self.start, stop, lead=parts[1]),
                ]
            used = self.lead[1]
        i = self.start
        while i < stop and used + s.heights[i] <= room + 0.01:
            used += s.heights[i]
            i += 1
        if i == stop:
            return [self]
        if s.heights[i] > full or (at_top and i == self.start and not self.lead):
            # a row taller than a whole page: begin it here, continue it on the next page
            parts = self._split_lines(s.lines(i), room - used)
            if parts is not None:
                return [
                    self._piece(self.start, i, self.lead, trail=parts[0]),
                    self._piece(i + 1, stop, lead=parts[1]),
                ]
        if i == self.start and not self.lead:
            return []
        return [self._piece(self.start, i, self.lead), self._piece(i, stop)]

    def _split_lines(self, cells: Lines, room: float) -> tuple[Partial, Partial] | None:
        """The lines of one row that fit in ``room``, and the rest; None when not even one fits."""
        n = int((room - 2 * _PAD_Y) // self.s.leading)
        if n < 1:
            return None
        first = [c[:n] for c in cells]
        rest = [c[n:] or [""] for c in cells]
        return (first, self.s.height_of(first)), (rest, self.s.height_of(rest))

    # -- drawing
    def draw(self) -> None:
        canv = self.canv
        s = self.s
        x_edges = [0.0]
        for w in s.widths:
            x_edges.append(x_edges[-1] + w)
        top = self.height
        canv.saveState()
        canv.setLineWidth(0.5)
        canv.setStrokeColor(GRID)
        canv.setFillColor(HEAD_BG)
        canv.rect(0, top - s.head_h, s.total_width, s.head_h, stroke=0, fill=1)
        shade = (
            [
                (top - s.head_h - self._offset(i), s.heights[i])
                for i in range(self.start, self._stop())
                if i in s.shaded
            ]
            if s.shaded
            else []
        )
        canv.setFillColor(TOTAL_BG)
        for y0, h in shade:
            canv.rect(0, y0 - h, s.total_width, h, stroke=0, fill=1)
        canv.setFillColor(colors.black)
        # all the text of the page in one text object: far fewer operators than one per string
        text = canv.beginText()
        text.setFont(s.font, s.size, s.leading)
        y = top
        self._put_row(text, s.head_lines, y, s.head_h, x_edges, center=True)
        y -= s.head_h
        rules = [y]
        if self.lead:
            self._put_row(text, self.lead[0], y, self.lead[1], x_edges)
            y -= self.lead[1]
            rules.append(y)
        if not s.rows and self.start < self._stop():
            self._put_row(text, [[s.empty_text]], y, s.heights[0], [0.0, s.total_width], center=True)
            y -= s.heights[0]
            rules.append(y)
        elif s.rows:
            for i in range(self.start, self._stop()):
                self._put_row(text, s.lines(i), y, s.heights[i], x_edges)
                y -= s.heights[i]
                rules.append(y)
        if self.trail:
            self._put_row(text, self.trail[0], y, self.trail[1], x_edges)
            y -= self.trail[1]
            rules.append(y)
        canv.drawText(text)
        path = canv.beginPath()  # the grid as one path: one stroke per page
        for ry in (top, *rules):
            path.moveTo(0, ry)
            path.lineTo(s.total_width, ry)
        for x in x_edges:
            path.moveTo(x, top)
            path.lineTo(x, y)
        canv.drawPath(path, stroke=1, fill=0)
        canv.restoreState()

    def _offset(self, i: int) -> float:
        """Distance from the bottom of the header to the top of row ``i`` on this piece."""
        return (self.lead[1] if self.lead else 0.0) + sum(self.s.heights[self.start : i])

    def _put_row(
        self, text: Any, cells: Lines, y: float, h: float, x_edges: list[float], center: bool = False
    ) -> None:
        s = self.s
        lead = s.leading
        for c, (lines, x, w) in enumerate(zip(cells, x_edges, [*s.widths, s.total_width], strict=False)):
            if not lines or lines == [""]:
                continue
            width = x_edges[c + 1] - x if c + 1 < len(x_edges) else w
            base = y - (h - len(lines) * lead) / 2 - lead / 2 - s.size * 0.35
            align = "CENTER" if center else (s.cols[c].align if c < len(s.cols) else "LEFT")
            for line in lines:
                if line:
                    if align == "CENTER":
                        lx = x + (width - unit_width(line) * s.size) / 2
                    elif align == "RIGHT":
                        lx = x + width - _PAD_X - unit_width(line) * s.size
                    else:
                        lx = x + _PAD_X
                    text.setTextOrigin(lx, base)
                    text.textOut(line)
                base -= lead
