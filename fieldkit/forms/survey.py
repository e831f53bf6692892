"""服务满意度调查表 (FK-08): the questionnaire printed for the enterprise to fill in by hand — one
row of tick boxes per evaluation dimension (seed 001 §7.1.2, ``resources/data/evaluation_dimensions.json``)
on the five levels of seed 002 §6.3, room for suggestions, signature and date."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table
from sqlmodel import Session

from fieldkit.models import Enterprise, Satisfaction, Staff
from fieldkit.services import lookup, permissions, store
from fieldkit.services.labels import label
from fieldkit.services.reference import load as load_reference

from .common import in_chinese, issuing_unit, now_local
from .layout import (
    HEAD_BG,
    LABEL_BG,
    DocInfo,
    build_pdf,
    field_grid,
    frame_size,
    grid_style,
    para,
    styles,
    title_block,
)

FORM_NO = "FK-08"
TITLE = "服务满意度调查表"
BOX = "□"
BLANK = "\u3000" * 14


@in_chinese
def levels() -> list[str]:
    """非常满意 … 非常不满意, best first."""
    return [label("satisfaction", s.value) for s in Satisfaction]


@in_chinese
def render_survey(
    *,
    unit: str = "",
    enterprise: str = "",
    staff_name: str = "",
    stage: str = "",
    generated_at: datetime | None = None,
) -> bytes:
    info = DocInfo(TITLE, FORM_NO, unit=unit, generated_at=generated_at or now_local())
    st = styles()
    width, _ = frame_size(info)
    story: list[Flowable] = title_block(info, [("调查单位", unit or "　"), ("编号", "\u3000" * 8)])
    story.append(
        para(
            "尊敬的企业负责人：为了解我们的服务质量、改进服务工作，请您对以下内容作出评价，"
            "在相应的方框内打“√”。感谢您的支持！",
            st.body,
        )
    )
    story.append(Spacer(1, 3 * mm))
    story += field_grid([[("企业名称", enterprise or BLANK)]], width)
    story += field_grid(
        [
            [("填表人", BLANK), ("联系电话", BLANK)],
            [("服务人员", staff_name or BLANK), ("服务阶段", stage or BLANK)],
        ],
        width,
    )
    story.append(Spacer(1, 4 * mm))
    lv = levels()
    dims = [d.zh for d in load_reference().evaluation_dimensions] + ["总体评价"]
    box_style = ParagraphStyle("box", parent=st.value_center, fontSize=15, leading=17)
    header: list[Any] = [para("序号", st.head), para("评价内容", st.head)] + [para(x, st.head) for x in lv]
    rows: list[list[Any]] = [header]
    for i, d in enumerate(dims, start=1):
        rows.append([para(str(i), st.value_center), para(d, st.value)] + [para(BOX, box_style) for _ in lv])
    level_w = 19 * mm
    table = Table(
        rows,
        colWidths=[11 * mm, width - 11 * mm - level_w * len(lv)] + [level_w] * len(lv),
        repeatRows=1,
        rowHeights=[None] + [9 * mm] * len(dims),
    )
    table.setStyle(
        grid_style(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("BACKGROUND", (0, len(dims)), (-1, len(dims)), LABEL_BG),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 4 * mm))
    story += field_grid([[("意见和建议", Spacer(1, 42 * mm))]], width)
    sig = Table(
        [
            [
                [para("企业负责人（签字或盖章）：", st.label), Spacer(1, 14 * mm)],
                [
                    para("日期：", st.label),
                    Spacer(1, 6 * mm),
                    para("\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日", st.label),
                ],
            ]
        ],
        colWidths=[width * 0.6, width * 0.4],
    )
    sig.setStyle(grid_style([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(Spacer(1, 4 * mm))
    notes = (
        "说明：1. 评价分为非常满意、满意、基本满意、不满意、非常不满意五个等级，分别计 5、4、3、2、1 分；"
        "2. 每项只选一个等级；3. 填写后请交服务人员或投入园区意见箱，也可拍照发送至企业服务中心。"
    )
    story.append(KeepTogether([sig, Spacer(1, 3 * mm), para(notes, st.small)]))
    return build_pdf(info, story)


@in_chinese
def survey_pdf(
    session: Session | None = None,
    enterprise_id: str | None = None,
    *,
    staff_id: str | None = None,
    stage: str | None = None,
    unit: str | None = None,
    generated_at: datetime | None = None,
    actor: store.Actor = store.SYSTEM,
) -> bytes:
    """服务满意度调查表 as PDF: blank, or with the enterprise / staff / stage filled in (an
    enterprise outside ``actor``'s scope is refused with PermissionDenied)."""
    ent = lookup.fetch(session, Enterprise, enterprise_id) if session is not None and enterprise_id else None
    if session is not None and enterprise_id:
        permissions.check_enterprise(session, actor, enterprise_id)
    staff = lookup.fetch(session, Staff, staff_id) if session is not None and staff_id else None
    if unit is None:
        unit = issuing_unit(session, staff, ent.zone_id if ent else None) if session is not None else ""
    return render_survey(
        unit=unit,
        enterprise=ent.name if ent else "",
        staff_name=staff.name if staff else "",
        stage=label("stage", stage) if stage else (label("stage", ent.stage) if ent else ""),
        generated_at=generated_at,
    )
