"""帮办代办服务方案 (FK-05A) of one proxy service (帮办代办): the item, mode, plan text, milestones
with due and done dates, status, and the termination reason of seed 001 §6 a–e when terminated."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table
from sqlmodel import Session

from fieldkit.models import Enterprise, ProxyService, Staff
from fieldkit.services import lookup, permissions, store
from fieldkit.services.evaluations import evaluation_summary, service_evaluations
from fieldkit.services.labels import label
from fieldkit.services.proxy import MilestoneRow, milestone_rows
from fieldkit.services.timeutil import fmt_date

from .columns import DATE, SEQ, Column, pdf_cols, pdf_rows
from .common import in_chinese, issuing_unit, now_local
from .layout import (
    DocInfo,
    LedgerTable,
    at_least,
    build_pdf,
    field_grid,
    frame_size,
    grid_style,
    para,
    styles,
    title_block,
)

FORM_NO = "FK-05A"
TITLE = "帮办代办服务方案"


MILESTONE_COLUMNS: list[Column[MilestoneRow]] = [
    Column("序号", lambda _r: None, 10, SEQ),
    Column("办理节点", lambda r: r.title, 60),
    Column("计划完成", lambda r: r.due_date, 24, DATE),
    Column("负责人", lambda r: r.responsible_person, 24),
    Column("实际完成", lambda r: r.done_on, 24, DATE),
    Column("备注", lambda r: r.note, 32),
]


@dataclass
class ServicePlanData:
    proxy_id: str
    unit: str
    enterprise: str
    credit_code: str
    contact: str
    staff_name: str
    staff_phone: str
    item: str
    stage: str
    mode: str
    status: str
    status_code: str
    accepted_on: date
    due_date: date | None
    completed_on: date | None
    plan: str
    termination_reason: str = ""
    termination_note: str = ""
    milestones: list[MilestoneRow] = field(default_factory=list)
    #: the enterprise's evaluation of this (completed) service, beside its plan (seed 001 §4)
    evaluation: str = ""


@in_chinese
def gather(
    session: Session, proxy_id: str, unit: str | None = None, *, actor: store.Actor
) -> ServicePlanData:
    p = store.get(session, ProxyService, proxy_id)
    permissions.check_enterprise(session, actor, p.enterprise_id)
    ent = lookup.fetch(session, Enterprise, p.enterprise_id)
    staff = lookup.fetch(session, Staff, p.staff_id)
    data = ServicePlanData(
        proxy_id=p.id,
        unit=issuing_unit(session, staff) if unit is None else unit,
        enterprise=ent.name if ent else "",
        credit_code=ent.credit_code if ent else "",
        contact=f"{ent.contact_person} {ent.contact_phone}".strip() if ent else "",
        staff_name=staff.name if staff else "",
        staff_phone=staff.phone if staff else "",
        item=p.item,
        stage=label("stage", p.stage),
        mode=label("proxy_mode", p.mode),
        status=label("proxy_status", p.status),
        status_code=p.status,
        accepted_on=p.accepted_on,
        due_date=p.due_date,
        completed_on=p.completed_on,
        plan=p.service_plan,
    )
    if p.termination_reason:
        data.termination_reason = (
            f"（{p.termination_reason}）{label('termination_reason', p.termination_reason)}"
        )
        data.termination_note = p.termination_note
    data.milestones = milestone_rows(session, p.id)
    ev = service_evaluations(session, [p.id]).get(p.id)
    if ev is not None:
        data.evaluation = evaluation_summary(ev)
    return data


@in_chinese
def render_service_plan(data: ServicePlanData, generated_at: datetime | None = None) -> bytes:
    info = DocInfo(
        TITLE,
        FORM_NO,
        unit=data.unit,
        generated_at=generated_at or now_local(),
        subject=f"{TITLE}：{data.enterprise} {data.item}",
    )
    st = styles()
    width, _ = frame_size(info)
    story: list[Flowable] = title_block(
        info, [("填报单位", data.unit or "　"), ("编号", data.proxy_id[:8].upper()), ("状态", data.status)]
    )
    story += field_grid([[("服务对象", data.enterprise)]], width)
    story += field_grid(
        [
            [("统一社会信用代码", data.credit_code), ("企业联系人", data.contact)],
            [("代办事项", data.item), ("服务方式", data.mode)],
            [("所处阶段", data.stage), ("受理日期", fmt_date(data.accepted_on))],
            [("办理时限", fmt_date(data.due_date) or "—"), ("办结日期", fmt_date(data.completed_on) or "—")],
            [("帮办代办员", data.staff_name), ("联系电话", data.staff_phone)],
        ],
        width,
    )
    story += field_grid(
        [[("服务方案", at_least(para(data.plan or "（未填写）", st.value), width - 29 * mm - 8, 30 * mm))]],
        width,
    )
    if data.status_code == "completed":
        story += field_grid([[("服务评价", data.evaluation or "（尚未评价）")]], width)
    if data.termination_reason:
        story += field_grid(
            [[("终止原因", data.termination_reason)], [("终止说明", data.termination_note or "—")]], width
        )
    story.append(
        para(
            f"办理节点（{len(data.milestones)} 个，已完成 "
            f"{sum(1 for m in data.milestones if m.done_on)} 个）",
            st.section,
        )
    )
    story.append(
        LedgerTable(
            pdf_cols(MILESTONE_COLUMNS),
            pdf_rows(MILESTONE_COLUMNS, data.milestones),
            empty_text="（未设置办理节点）",
            cell_size=9,
        )
    )
    story.append(Spacer(1, 6 * mm))
    boxes = [
        [
            para("帮办代办员（签字）：", st.label),
            Spacer(1, 14 * mm),
            para("日期：\u3000\u3000年\u3000月\u3000日", st.label),
        ],
        [
            para("服务对象确认（签字或盖章）：", st.label),
            Spacer(1, 14 * mm),
            para("日期：\u3000\u3000年\u3000月\u3000日", st.label),
        ],
    ]
    sig = Table([boxes], colWidths=[width / 2, width / 2])
    sig.setStyle(grid_style([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(
        KeepTogether(
            [
                sig,
                Spacer(1, 2 * mm),
                para("依据：帮办代办服务终止情形见 DB4106/T 98—2023 第 6 章 a）至 e）。", st.small),
            ]
        )
    )
    return build_pdf(info, story)


@in_chinese
def service_plan_pdf(
    session: Session,
    proxy_id: str,
    *,
    unit: str | None = None,
    generated_at: datetime | None = None,
    actor: store.Actor,
) -> bytes:
    """服务方案 of one proxy service as PDF (A4 portrait)."""
    return render_service_plan(gather(session, proxy_id, unit, actor=actor), generated_at)
