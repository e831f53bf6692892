"""政策定制报告 (FK-06): the policies matched to one enterprise from its profile (企业画像), with
policy field (政策领域), policy (政策产品), what can be applied for (可申报的政策业务) and the
grounds (推荐依据), plus QR codes so the full texts can be opened from the paper (seed 003 §7.3.3): the report's
short reference at the top, and one small code a policy (its link) beside its details, each
sized to scan from a 100 dpi photocopy."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Image, Spacer, Table
from sqlmodel import Session

from fieldkit.models import Enterprise
from fieldkit.services import permissions, store
from fieldkit.services.labels import label
from fieldkit.services.policies import PolicyMatch, match_policies
from fieldkit.services.reference import load as load_reference
from fieldkit.services.timeutil import local_today

from .columns import SEQ, TEXT, Column, pdf_cols, pdf_rows
from .common import in_chinese, issuing_unit, now_local
from .layout import (
    DocInfo,
    LedgerTable,
    build_pdf,
    field_grid,
    frame_size,
    grid_style,
    para,
    styles,
    title_block,
)

FORM_NO = "FK-06"
TITLE = "政策定制报告"
#: a policy's QR text is at most this many bytes (UTF-8): version 5 at error correction M, 37
#: modules, so that at QR_MODULE_MM a module the code is 33 mm wide with its quiet zone
QR_MAX_BYTES = 84
QR_MAX_VERSION = 5
#: printed size of one module: 0.8 mm is 3 pixels of a 100 dpi photocopy or phone photo of one
QR_MODULE_MM = 0.8
QR_BOX_PX = 4
QR_BORDER = 2


@dataclass
class PolicyEntry:
    title: str
    doc_no: str
    issuer: str
    level: str
    category: str
    window: str
    accepting: str
    materials: str
    summary: str
    url: str
    reasons: list[str]
    closing_soon: bool = False


@dataclass
class PolicyReportData:
    enterprise_id: str
    unit: str
    enterprise: str
    credit_code: str
    industry: str
    scale: str
    stage: str
    tags: str
    report_date: date
    policies: list[PolicyEntry] = field(default_factory=list)


def _window(m: PolicyMatch) -> str:
    p = m.policy
    if p.window_start and p.window_end:
        return f"{p.window_start.isoformat()} 至 {p.window_end.isoformat()}"
    if p.window_end:
        return f"截至 {p.window_end.isoformat()}"
    if p.window_start:
        return f"{p.window_start.isoformat()} 起"
    return "常年受理"


@in_chinese
def gather(
    session: Session,
    enterprise_id: str,
    today: date | None = None,
    limit: int | None = 20,
    unit: str | None = None,
    *,
    actor: store.Actor,
) -> PolicyReportData:
    today = today or local_today()
    ent = store.get(session, Enterprise, enterprise_id)
    permissions.check_enterprise(session, actor, ent.id)
    ref = load_reference()
    data = PolicyReportData(
        enterprise_id=ent.id,
        unit=issuing_unit(session, zone_id=ent.zone_id) if unit is None else unit,
        enterprise=ent.name,
        credit_code=ent.credit_code,
        industry=ref.label("industries", ent.industry),
        scale=label("scale", ent.scale),
        stage=label("stage", ent.stage),
        tags="、".join(ent.tags or []) or "—",
        report_date=today,
    )
    for m in match_policies(session, ent, today, limit=limit):
        p = m.policy
        data.policies.append(
            PolicyEntry(
                title=p.title,
                doc_no=p.doc_no,
                issuer=p.issuer,
                level=label("policy_level", p.level),
                category=label("policy_category", p.category),
                window=_window(m),
                accepting=p.accepting_department or p.competent_department,
                materials=p.materials,
                summary=p.summary,
                url=p.url,
                reasons=list(m.reasons),
                closing_soon=bool(p.window_end and 0 <= (p.window_end - today).days <= 30),
            )
        )
    return data


def report_reference(data: PolicyReportData) -> str:
    """The report's short reference (ASCII, ~40 bytes): form, enterprise credit code, date and the
    number of policies. It names the full list (the report's 二、推荐政策一览, generated again for
    that enterprise and day) without holding it, so its QR code has few, large modules."""
    return f"{FORM_NO}:{data.credit_code or data.enterprise_id[:8]}:{data.report_date:%Y%m%d}:{len(data.policies)}"


def qr_payload(data: PolicyReportData) -> str:
    """The text in the report's own QR code: its :func:`report_reference`. The policies' own codes
    (:func:`policy_qr_payload`) stand beside each policy in 三、政策详情 (the list is split, one
    small code a policy, instead of a dense code holding 8 of 18)."""
    return report_reference(data)


def _two_lines(reference: str) -> tuple[str, str]:
    head, _, tail = reference.rpartition(":")
    head, _, middle = head.rpartition(":")
    return f"{head}:", f"{middle}:{tail}"


def _cut_utf8(text: str, max_bytes: int) -> str:
    raw = text.encode()
    if len(raw) <= max_bytes:
        return text
    return raw[:max_bytes].decode("utf-8", errors="ignore")


def policy_qr_payload(p: PolicyEntry) -> str:
    """One policy's QR text: its link (opens the original) or, without one, its document number
    and title, within :data:`QR_MAX_BYTES` so the code stays at most version :data:`QR_MAX_VERSION`."""
    if p.url and len(p.url.encode()) <= QR_MAX_BYTES:
        return p.url
    return _cut_utf8(" ".join(x for x in (p.doc_no, p.title) if x), QR_MAX_BYTES)


def _qr(payload: str) -> qrcode.QRCode:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=QR_BOX_PX, border=QR_BORDER)
    qr.add_data(payload.encode("utf-8"))
    qr.make(fit=True)
    return qr


def qr_modules(payload: str) -> int:
    """Modules across the code of ``payload``, quiet zone included."""
    return len(_qr(payload).get_matrix())


def qr_png(payload: str) -> bytes:
    """The QR code (error correction M) as a black-and-white PNG, ``QR_BOX_PX`` pixels per module."""
    img = _qr(payload).make_image(fill_color="black", back_color="white")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def qr_flowable(payload: str) -> Image:
    """The code printed at :data:`QR_MODULE_MM` a module: large enough for a 100 dpi photocopy."""
    size = qr_modules(payload) * QR_MODULE_MM * mm
    return Image(io.BytesIO(qr_png(payload)), width=size, height=size)


SUMMARY_COLUMNS: list[Column[PolicyEntry]] = [
    Column("序号", lambda _r: None, 9, SEQ),
    Column("政策名称及文号", lambda p: p.title + (f"（{p.doc_no}）" if p.doc_no else ""), 58, TEXT),
    Column("政策领域", lambda p: f"{p.category}·{p.level}", 20, TEXT, align="CENTER"),
    Column("可申报业务（申报窗口）", lambda p: p.window + ("（即将截止）" if p.closing_soon else ""), 34),
    Column("推荐依据", lambda p: "；".join(p.reasons), 55),
]


@in_chinese
def render_policy_report(data: PolicyReportData, generated_at: datetime | None = None) -> bytes:
    info = DocInfo(
        TITLE,
        FORM_NO,
        unit=data.unit,
        generated_at=generated_at or now_local(),
        subject=f"{TITLE}：{data.enterprise}",
    )
    st = styles()
    width, _ = frame_size(info)
    qr_size = 40 * mm  # the column beside the grid (the code itself is smaller)
    story: list[Flowable] = title_block(
        info, [("编制单位", data.unit or "　"), ("报告日期", data.report_date.isoformat())]
    )
    grid = field_grid(
        [
            [("企业名称", data.enterprise)],
            [("统一社会信用代码", data.credit_code)],
            [("所属行业", data.industry)],
            [("企业规模", data.scale)],
            [("所处阶段", data.stage)],
            [("画像标签", data.tags)],
        ],
        width - qr_size - 8 * mm,
    )
    reference = qr_payload(data)
    qr_cell = [
        qr_flowable(reference),
        para("报告编号", st.caption),
        # two lines, cut after the credit code: the reference is one word too wide for the cell
        *(para(part, st.caption) for part in _two_lines(reference)),
        para("各项政策原文的二维码见“三、政策详情”", st.caption),
    ]
    top = Table([[grid, qr_cell]], colWidths=[width - qr_size - 8 * mm, qr_size + 8 * mm])
    top.setStyle(
        grid_style(
            [
                ("GRID", (0, 0), (-1, -1), 0, "white"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
            ]
        )
    )
    story.append(top)
    cats: dict[str, int] = {}
    for p in data.policies:
        cats[p.category] = cats.get(p.category, 0) + 1
    soon = sum(1 for p in data.policies if p.closing_soon)
    overview = (
        f"根据企业画像，共匹配惠企政策 {len(data.policies)} 项"
        + (f"（{'，'.join(f'{k} {v} 项' for k, v in cats.items())}）" if cats else "")
        + (f"，其中 {soon} 项申报窗口将在 30 天内截止，请尽快准备申报。" if soon else "。")
    )
    story += [
        para("一、匹配概况", st.section),
        para(overview, st.body),
        para("二、推荐政策一览", st.section),
        LedgerTable(
            pdf_cols(SUMMARY_COLUMNS),
            pdf_rows(SUMMARY_COLUMNS, data.policies),
            empty_text="（暂无匹配的政策）",
            cell_size=8.5,
        ),
    ]
    if data.policies:
        story.append(para("三、政策详情与申报指引", st.section))
    for i, p in enumerate(data.policies, start=1):
        code = qr_flowable(policy_qr_payload(p))
        story.append(CondPageBreak(40 * mm))
        head = field_grid(
            [
                [("文号", p.doc_no or "—")],
                [("发布单位", p.issuer or "—")],
                [("政策领域", f"{p.category}（{p.level}）")],
                [("受理部门", p.accepting or "—")],
            ],
            width - code.drawWidth - 6 * mm,
            label_width=20 * mm,
        )
        row = Table(
            [
                [
                    [para(f"{i}．{p.title}", st.label), Spacer(1, 1.5 * mm), *head],
                    [code, para("扫码看原文", st.caption)],
                ]
            ],
            colWidths=[width - code.drawWidth - 6 * mm, code.drawWidth + 6 * mm],
        )
        row.setStyle(
            grid_style(
                [
                    ("GRID", (0, 0), (-1, -1), 0, "white"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ]
            )
        )
        story.append(row)
        story += field_grid(
            [
                [("申报窗口", p.window)],
                [("政策要点", p.summary or "—")],
                [("申报材料", p.materials or "—")],
                [("推荐依据", "；".join(p.reasons) or "—")],
                [("政策原文", p.url or "—")],
            ],
            width,
            label_width=20 * mm,
        )
        story.append(Spacer(1, 3 * mm))
    story.append(Spacer(1, 4 * mm))
    story.append(
        para(
            "说明：本报告依据企业画像标签、行业、规模和所处阶段自动匹配生成，仅供参考；"
            "具体申报条件以政策原文和主管部门通知为准。",
            st.small,
        )
    )
    return build_pdf(info, story)


@in_chinese
def policy_report_pdf(
    session: Session,
    enterprise_id: str,
    *,
    today: date | None = None,
    limit: int | None = 20,
    unit: str | None = None,
    generated_at: datetime | None = None,
    actor: store.Actor,
) -> bytes:
    """政策定制报告 of one enterprise as PDF (A4 portrait) with the QR code of the policy references."""
    return render_policy_report(gather(session, enterprise_id, today, limit, unit, actor=actor), generated_at)
