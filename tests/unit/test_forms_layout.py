"""The page machinery of the forms: embedded subset font, numbered footer, ledger table that
repeats its header on every page, wraps long cells and never loses or repeats a row."""

from __future__ import annotations

import io
import math
import re

import pypdf
import pytest
from reportlab.platypus import Paragraph

from fieldkit.forms.fonts import CANNOT_START, register_fonts
from fieldkit.forms.layout import (
    Col,
    DocInfo,
    LedgerTable,
    build_pdf,
    frame_size,
    markup,
    styles,
    title_block,
)


def page_texts(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


FURNITURE = re.compile(r"^(FK-T　测试台账|测试功能区|生成时间：.*|第 \d+ 页 共 \d+ 页|FieldKit)$")
HEADER = re.compile(r"序号\s*企业名称\s*诉求内容\s*办理时限")


def body_text(pdf: bytes) -> str:
    """The text of all pages without running header, footer and repeated table header, no spaces."""
    lines = [ln.strip() for t in page_texts(pdf) for ln in t.splitlines()]
    return HEADER.sub("", "".join(re.sub(r"\s", "", ln) for ln in lines if not FURNITURE.match(ln)))


def fonts_of(pdf: bytes) -> list[pypdf.generic.DictionaryObject]:
    """Every font dictionary referenced by the pages."""
    out = {}
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            out[font["/BaseFont"]] = font
    return list(out.values())


COLS = [Col("序号", 10, "CENTER"), Col("企业名称", 40), Col("诉求内容", 80), Col("办理时限", 20, "CENTER")]


def rows(n: int, text: str = "一般诉求") -> list[tuple[str, ...]]:
    return [(str(i), f"测试企业{i:04d}有限公司", f"{text}{i}", "2026-11-21") for i in range(1, n + 1)]


def ledger(n: int, landscape: bool = True, **kw: object) -> bytes:
    info = DocInfo(
        "测试台账", "FK-T", unit="测试功能区", period="2026-01-01 至 2026-12-31", landscape=landscape
    )
    return build_pdf(info, [LedgerTable(COLS, rows(n, **kw))])  # type: ignore[arg-type]


def test_font_is_embedded_as_a_truetype_subset() -> None:
    pdf = ledger(5)
    fonts = fonts_of(pdf)
    assert fonts, "no fonts"
    for font in fonts:
        assert re.fullmatch(r"/[A-Z]{6}\+WenQuanYiZenHei.*", font["/BaseFont"]), font["/BaseFont"]
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, "TrueType outlines must be embedded"
        assert font["/Subtype"] == "/TrueType"
    assert b"/Helvetica" not in pdf  # no unembedded standard font is referenced


def test_every_page_numbered_first_page_of_total() -> None:
    pdf = ledger(120)
    texts = page_texts(pdf)
    assert len(texts) > 2
    for i, t in enumerate(texts, start=1):
        assert f"第 {i} 页 共 {len(texts)} 页" in t
        assert "生成时间：" in t


def test_header_row_repeated_on_every_page_and_no_row_lost_or_repeated() -> None:
    n = 150
    texts = page_texts(ledger(n))
    seen: list[int] = []
    for t in texts:
        assert re.search(r"序号\s*企业名称\s*诉求内容\s*办理时限", t), "header row missing on a page"
        seen += [int(m) for m in re.findall(r"测试企业(\d{4})有限公司", t)]
    assert seen == list(range(1, n + 1))


def test_page_count_follows_from_row_height() -> None:
    """Single-line rows: the pages hold exactly as many rows as fit under the repeated header."""
    n = 200
    table = LedgerTable(COLS, rows(n))
    info = DocInfo("测试台账", "FK-T", landscape=True)
    fw, fh = frame_size(info)
    table.wrap(fw, fh)
    head_h, row_h = table.s.head_h, table.s.heights[0]
    assert all(h == row_h for h in table.s.heights)
    title_h = sum(f.wrap(fw, fh)[1] + f.getSpaceAfter() + f.getSpaceBefore() for f in title_block(info))
    first = math.floor((fh - title_h - head_h) / row_h + 1e-6)
    per_page = math.floor((fh - head_h) / row_h + 1e-6)
    expected = 1 + math.ceil((n - first) / per_page)
    pdf = build_pdf(info, [*title_block(info), table])
    assert len(page_texts(pdf)) == expected


def test_long_cell_text_wraps_and_is_not_lost() -> None:
    long = "".join(f"第{i:03d}段内容，不应被截断。" for i in range(1, 61))  # 600+ characters
    info = DocInfo("测试台账", "FK-T", landscape=True)
    pdf = build_pdf(info, [LedgerTable(COLS, [("1", "企业", long, "2026-11-21")])])
    flat = re.sub(r"\s", "", "".join(page_texts(pdf)))
    assert long in flat


def test_row_taller_than_a_page_continues_on_the_next_page() -> None:
    huge = "".join(f"第{i:04d}句很长的诉求描述。" for i in range(1, 400))
    info = DocInfo("测试台账", "FK-T")
    # the other cells of the tall row are drawn after its first part: keep them empty so the
    # extracted text of the long cell runs on unbroken from one page to the next
    data = [("1", "甲企业", "短", "2026-01-01"), ("", "", huge, ""), ("3", "丙企业", "短", "")]
    pdf = build_pdf(info, [LedgerTable(COLS, data)])
    texts = page_texts(pdf)
    assert len(texts) >= 3
    flat = body_text(pdf)
    assert huge in flat
    assert flat.index("甲企业") < flat.index("第0001句") < flat.index("第0399句") < flat.index("丙企业")
    for t in texts:
        assert "序号" in t and "诉求内容" in t


def test_empty_ledger_says_so() -> None:
    info = DocInfo("测试台账", "FK-T")
    text = page_texts(build_pdf(info, [LedgerTable(COLS, [])]))[0]
    assert "（本期无记录）" in text and "企业名称" in text


@pytest.mark.parametrize("width", range(90, 330, 7))
def test_no_line_starts_with_closing_punctuation(width: int) -> None:
    register_fonts()
    text = "企业反映用电增容、用工紧张，希望协调；已记录：跟进中。" * 12 + "（完）"
    for source in (markup(text), "<b>注</b>" + markup(text)):  # one fragment and several fragments
        p = Paragraph(source, styles().cell)
        p.wrap(width, 1e6)
        lines = [
            "".join(line[1]) if isinstance(line, tuple) else "".join(f.text for f in line.words)
            for line in p.blPara.lines
        ]
        assert "".join(lines).endswith("（完）")
        assert not [ln for ln in lines[1:] if ln[:1] and ln[0] in CANNOT_START]


@pytest.mark.parametrize("width", [40.0, 63.5, 90.0, 150.0, 260.0])
def test_ledger_line_breaker_keeps_every_character_and_the_punctuation_rules(width: float) -> None:
    from fieldkit.forms.linebreak import CANNOT_END, break_lines, unit_width

    text = (
        "企业反映（用电增容）问题，希望协调；详见《德阳市支持企业技术改造专项资金管理办法》。"
        "链接 https://jxj.deyang.gov.cn/zcwj/2026-12.html 和“引号内容。”\n第二段：2026-11-21 到期。"
    )
    lines = break_lines(text, width, 8.5)
    assert "".join(lines).replace(" ", "") == text.replace("\n", "").replace(" ", "")
    assert not [ln for ln in lines if ln and ln[0] in CANNOT_START and ln is not lines[0]]
    assert not [ln for ln in lines if len(ln) > 1 and ln[-1] in CANNOT_END]
    hang = 2 * unit_width("，") * 8.5
    assert all(unit_width(ln) * 8.5 <= width + hang or len(ln) == 1 for ln in lines)
    if width >= 150:
        assert any("2026-11-21" in ln for ln in lines)  # a date is not cut in two
