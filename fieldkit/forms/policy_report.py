"""政策定制报告 (FK-06): the policies matched to one enterprise from its profile (企业画像), with
policy field (政策领域), policy (政策产品), what can be applied for (可申报的政策业务) and the
grounds (推荐依据), plus a QR code carrying the references — titles, document numbers, links —
so the full texts can be opened from the paper (seed 003 §7.3.3)."""

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
#: the QR code stays readable from paper at ~40 mm up to about this many bytes
QR_MAX_BYTES = 1200
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


def qr_payload(data: PolicyReportData, max_bytes: int = QR_MAX_BYTES) -> str:
    """The text in the QR code: the enterprise and, per policy, title｜document number｜link.

    Entries that do not fit in ``max_bytes`` (UTF-8) are left out and counted on the last line.
    """
    head = [f"{TITLE}｜{data.enterprise}｜{data.credit_code}｜{data.report_date.isoformat()}"]
    lines = [
        f"{i}. {p.title}" + (f"｜{p.doc_no}" if p.doc_no else "") + (f"｜{p.url}" if p.url else "")
        for i, p in enumerate(data.policies, start=1)
    ]
    out = list(head)
    for n, line in enumerate(lines):
        rest = len(lines) - n - 1  # room must stay for the "…另有" line when more follow
        candidate = [*out, line] + ([f"…另有 {rest} 项见报告正文"] if rest else [])
        if len("\n".join(candidate).encode()) > max_bytes:
            return "\n".join([*out, f"…另有 {len(lines) - n} 项见报告正文"])
        out.append(line)
    return "\n".join(out)


def qr_png(payload: str) -> bytes:
    """The QR code (error correction M) as a black-and-white PNG, ``QR_BOX_PX`` pixels per module."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=QR_BOX_PX, border=QR_BORDER)
    qr.add_data(payload.encode("utf-8"))
    qr.make(fit=True)
    img = qr.make_image(fill_color="black", back_color="white")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def qr_flowable(payload: str, size: float) -> Image:
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
    qr_size = 40 * mm
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
    qr_cell = [qr_flowable(qr_payload(data), qr_size), para("扫码查看政策完整信息", st.caption)]
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
        story.append(CondPageBreak(40 * mm))
        story.append(para(f"{i}．{p.title}", st.label))
        story.append(Spacer(1, 1.5 * mm))
        story += field_grid(
            [
                [("文号", p.doc_no or "—"), ("发布单位", p.issuer or "—")],
                [("政策领域", f"{p.category}（{p.level}）"), ("受理部门", p.accepting or "—")],
            ],
            width,
            label_width=20 * mm,
        )
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
