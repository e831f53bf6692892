"""一企一档 (FK-07): the profile sheet of one enterprise — registration fields, profile tags
(企业画像) by kind (seed 003 §5.2.2), who serves it (包联), recent visits, open demands, proxy
services, policies pushed and applied for, and evaluations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer
from sqlmodel import Session

from fieldkit.models import Enterprise
from fieldkit.services import lookup, permissions, store
from fieldkit.services.assignments import history as assignment_history
from fieldkit.services.behaviour_tags import behaviour_tags, is_derived
from fieldkit.services.demands import OPEN_STATES, is_overdue, list_demands
from fieldkit.services.enterprise_profile import profile_lines
from fieldkit.services.evaluations import evaluations_for
from fieldkit.services.labels import label
from fieldkit.services.policies import applications_for, correction_summary, policy_titles, pushes_for
from fieldkit.services.proxy import list_proxies
from fieldkit.services.records import records_for_enterprise
from fieldkit.services.reference import load as load_reference
from fieldkit.services.staff import staff_by_id
from fieldkit.services.timeutil import fmt_date, fmt_datetime, local_today, to_local

from .columns import DATE, DATETIME, FLAG, FLOAT, SEQ, Column, demand_category, pdf_cols, pdf_rows
from .common import in_chinese, issuing_unit, now_local
from .layout import DocInfo, LedgerTable, build_pdf, field_grid, frame_size, para, styles, title_block

FORM_NO = "FK-07"
TITLE = "企业档案（一企一档）"
RECENT_VISITS = 10

Row = tuple[Any, ...]


def _seq() -> Column[Row]:
    return Column("序号", lambda _r: None, 9, SEQ)


ASSIGNMENT_COLUMNS: list[Column[Row]] = [
    _seq(),
    Column("服务人员", lambda r: r[0], 22),
    Column("人员类型", lambda r: r[1], 30),
    Column("联系电话", lambda r: r[2], 28),
    Column("包联起始", lambda r: r[3], 22, DATE),
    Column("包联结束", lambda r: r[4], 22, DATE),
    Column("备注", lambda r: r[5], 40),
]
VISIT_COLUMNS: list[Column[Row]] = [
    _seq(),
    Column("走访时间", lambda r: r[0], 26, DATETIME),
    Column("方式", lambda r: r[1], 16, align="CENTER"),
    Column("服务人员", lambda r: r[2], 16),
    Column("服务内容", lambda r: r[3], 92),
    Column("状态", lambda r: r[4], 18, align="CENTER"),
]
DEMAND_COLUMNS: list[Column[Row]] = [
    _seq(),
    Column("收集日期", lambda r: r[0], 20, DATE),
    Column("类别", lambda r: r[1], 18, align="CENTER"),
    Column("诉求内容", lambda r: r[2], 58),
    Column("状态", lambda r: r[3], 14, align="CENTER"),
    Column("责任部门", lambda r: r[4], 26),
    Column("办理时限", lambda r: r[5], 20, DATE),
    Column("逾期", lambda r: r[6], 10, FLAG),
]
PROXY_COLUMNS: list[Column[Row]] = [
    _seq(),
    Column("代办事项", lambda r: r[0], 44),
    Column("阶段", lambda r: r[1], 18, align="CENTER"),
    Column("方式", lambda r: r[2], 18, align="CENTER"),
    Column("状态", lambda r: r[3], 16, align="CENTER"),
    Column("受理日期", lambda r: r[4], 20, DATE),
    Column("办理时限", lambda r: r[5], 20, DATE),
    Column("节点进度", lambda r: r[6], 16, align="CENTER"),
]
PUSH_COLUMNS: list[Column[Row]] = [
    _seq(),
    Column("推送时间", lambda r: r[0], 26, DATETIME),
    Column("政策名称", lambda r: r[1], 78),
    Column("服务人员", lambda r: r[2], 18),
    Column("说明", lambda r: r[3], 44),
]
APPLICATION_COLUMNS: list[Column[Row]] = [
    _seq(),
    Column("政策名称", lambda r: r[0], 60),
    Column("状态", lambda r: r[1], 18, align="CENTER"),
    Column("申报日期", lambda r: r[2], 22, DATE),
    Column("兑现金额（万元）", lambda r: r[3], 22, FLOAT),
    Column("补正（一次性告知）", lambda r: r[5], 42),
    Column("备注", lambda r: r[4], 22),
]
EVALUATION_COLUMNS: list[Column[Row]] = [
    _seq(),
    Column("评价阶段", lambda r: r[0], 24, align="CENTER"),
    Column("评价等级", lambda r: r[1], 24, align="CENTER"),
    Column("评价日期", lambda r: r[2], 24, DATE),
    Column("服务人员", lambda r: r[3], 22),
    Column("意见", lambda r: r[4], 80),
]


@dataclass
class ProfileData:
    enterprise_id: str
    unit: str
    fields: dict[str, str]
    tags: list[tuple[str, str]]  # (kind label, tags joined)
    created_on: str
    #: the 一企一档 domains (seed 003 §5.2.1.2): (title, [(item, value)]), blanks to fill in by hand
    domains: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    assignments: list[Row] = field(default_factory=list)
    visits: list[Row] = field(default_factory=list)
    visits_total: int = 0
    demands: list[Row] = field(default_factory=list)
    proxies: list[Row] = field(default_factory=list)
    pushes: list[Row] = field(default_factory=list)
    applications: list[Row] = field(default_factory=list)
    evaluations: list[Row] = field(default_factory=list)


def _local_minute(dt: datetime | None) -> datetime | None:
    loc = to_local(dt)
    return loc.replace(tzinfo=None, second=0, microsecond=0) if loc else None


@in_chinese
def gather(
    session: Session,
    enterprise_id: str,
    today: date | None = None,
    unit: str | None = None,
    *,
    actor: store.Actor,
) -> ProfileData:
    today = today or local_today()
    ent = store.get(session, Enterprise, enterprise_id)
    permissions.check_enterprise(session, actor, ent.id)
    ref = load_reference()
    staff = staff_by_id(session)

    def name(sid: str | None) -> str:
        return staff[sid].name if sid and sid in staff else ""

    fields = {
        "企业名称": ent.name,
        "统一社会信用代码": ent.credit_code,
        "法定代表人": ent.legal_representative or "—",
        "联系人": ent.contact_person or "—",
        "联系电话": ent.contact_phone or "—",
        "注册地址": ent.address or "—",
        "所属行业": ref.label("industries", ent.industry) or "—",
        "企业规模": label("scale", ent.scale),
        "所处阶段": label("stage", ent.stage),
        "经营状态": label("enterprise_status", ent.status),
        "对接方式": label("contact_channel", ent.contact_channel) if ent.contact_channel else "尚未约定",
        "备注": ent.notes or "—",
    }
    by_kind = ref.tags_by_kind()
    derived = behaviour_tags(session, ent.id, today)  # 行为标签 follow from the records
    own = [t for t in ent.tags or [] if not is_derived(t)] + derived
    tags = []
    for kind in ref.tag_kinds:
        hits = [t for t in own if t in by_kind.get(kind.code, [])]
        tags.append((kind.zh, "、".join(hits) or "—"))
    known = {t for ts in by_kind.values() for t in ts}
    tags.append(("其他标签", "、".join(t for t in own if t not in known) or "—"))
    data = ProfileData(
        ent.id,
        issuing_unit(session, zone_id=ent.zone_id) if unit is None else unit,
        fields,
        tags,
        fmt_date(ent.created_at),
        domains=profile_lines(ent.profile, translated=False),
    )
    for a in assignment_history(session, enterprise_id):
        s = staff.get(a.staff_id)
        current = a.start_date <= today and (a.end_date is None or a.end_date >= today)
        data.assignments.append(
            (
                name(a.staff_id),
                label("specialist_type", s.specialist_type) if s else "",
                s.phone if s else "",
                a.start_date,
                a.end_date,
                ("当前包联" if current else "") + (f" {a.note}" if a.note else ""),
            )
        )
    records = [
        r for r in records_for_enterprise(session, enterprise_id) if r.status in ("submitted", "reviewed")
    ]
    data.visits_total = len(records)
    for r in records[:RECENT_VISITS]:
        data.visits.append(
            (
                _local_minute(r.visit_at),
                label("plan_kind", r.kind),
                name(r.staff_id),
                r.content,
                label("record_status", r.status) + ("（更正）" if r.amends_id else ""),
            )
        )
    for d in list_demands(session, enterprise_id=enterprise_id, states=OPEN_STATES):
        loc = to_local(d.collected_at)
        data.demands.append(
            (
                loc.date() if loc else None,
                demand_category(d.category),
                d.description,
                label("demand_state", d.state),
                d.department,
                d.deadline,
                is_overdue(d, today),
            )
        )
    proxies = list_proxies(session, enterprise_id=enterprise_id)
    counts = lookup.milestone_progress(session, [p.id for p in proxies])
    for p in proxies:
        done, total = counts.get(p.id, (0, 0))
        data.proxies.append(
            (
                p.item,
                label("stage", p.stage),
                label("proxy_mode", p.mode),
                label("proxy_status", p.status),
                p.accepted_on,
                p.due_date,
                f"{done}/{total}" if total else "—",
            )
        )
    pushes = pushes_for(session, enterprise_id)
    apps = applications_for(session, enterprise_id)
    ids = {p.policy_id for p in pushes} | {a.policy_id for a in apps}
    titles = policy_titles(session, ids)
    data.pushes = [
        (_local_minute(p.pushed_at), titles.get(p.policy_id, ""), name(p.staff_id), p.note) for p in pushes
    ]
    data.applications = [
        (
            titles.get(a.policy_id, ""),
            label("application_state", a.state),
            a.applied_on,
            a.amount,
            a.note,
            correction_summary(list(a.corrections or ()), a.correction_on, a.corrected_on),
        )
        for a in apps
    ]
    evals = evaluations_for(session, enterprise_id=enterprise_id)
    data.evaluations = [
        (label("stage", e.stage), label("satisfaction", e.level), e.evaluated_on, name(e.staff_id), e.comment)
        for e in evals
    ]
    return data


@in_chinese
def render_profile(data: ProfileData, generated_at: datetime | None = None) -> bytes:
    info = DocInfo(
        TITLE,
        FORM_NO,
        unit=data.unit,
        generated_at=generated_at or now_local(),
        subject=f"{TITLE}：{data.fields['企业名称']}",
    )
    st = styles()
    width, _ = frame_size(info)
    f = data.fields
    story: list[Flowable] = title_block(
        info,
        [
            ("填报单位", data.unit or "　"),
            ("建档日期", data.created_on),
            ("打印日期", fmt_datetime(info.generated_at)[:10]),
        ],
    )
    story.append(para("一、基本信息", st.section))
    story += field_grid([[("企业名称", f["企业名称"])]], width)
    story += field_grid(
        [
            [("统一社会信用代码", f["统一社会信用代码"]), ("法定代表人", f["法定代表人"])],
            [("联系人", f["联系人"]), ("联系电话", f["联系电话"])],
            [("所属行业", f["所属行业"]), ("企业规模", f["企业规模"])],
            [("所处阶段", f["所处阶段"]), ("经营状态", f["经营状态"])],
        ],
        width,
    )
    story += field_grid(
        [[("对接方式", f["对接方式"])], [("注册地址", f["注册地址"])], [("备注", f["备注"])]], width
    )
    story.append(para("二、生产经营、知识产权、信用与上市融资", st.section))
    for title, items in data.domains:
        pairs = [(name, value or "　") for name, value in items]
        story.append(para(title, st.body))
        story += field_grid([pairs[i : i + 2] for i in range(0, len(pairs), 2)], width)
    story.append(para("三、企业画像", st.section))
    story += field_grid([[(k, v)] for k, v in data.tags], width)
    sections: list[tuple[str, list[Column[Row]], list[Row], str]] = [
        ("四、包联服务", ASSIGNMENT_COLUMNS, data.assignments, "（尚未安排包联人员）"),
        (
            f"五、近期走访（最近 {len(data.visits)} 次，共 {data.visits_total} 次）",
            VISIT_COLUMNS,
            data.visits,
            "（暂无走访记录）",
        ),
        (f"六、未办结诉求（{len(data.demands)} 件）", DEMAND_COLUMNS, data.demands, "（无未办结诉求）"),
        (f"七、帮办代办（{len(data.proxies)} 件）", PROXY_COLUMNS, data.proxies, "（无帮办代办）"),
        (f"八、政策推送（{len(data.pushes)} 次）", PUSH_COLUMNS, data.pushes, "（暂无政策推送）"),
        (
            f"九、政策申报（{len(data.applications)} 项）",
            APPLICATION_COLUMNS,
            data.applications,
            "（暂无政策申报）",
        ),
        (
            f"十、服务评价（{len(data.evaluations)} 次）",
            EVALUATION_COLUMNS,
            data.evaluations,
            "（暂无服务评价）",
        ),
    ]
    for title, cols, rows, empty in sections:
        story += [
            CondPageBreak(28 * mm),
            para(title, st.section),
            LedgerTable(pdf_cols(cols), pdf_rows(cols, rows), empty_text=empty, cell_size=8.5),
        ]
    story.append(Spacer(1, 6 * mm))
    story.append(para("本档案由 FieldKit 根据本机数据生成；信息以最近一次同步为准。", st.small))
    return build_pdf(info, story)


@in_chinese
def profile_pdf(
    session: Session,
    enterprise_id: str,
    *,
    today: date | None = None,
    unit: str | None = None,
    generated_at: datetime | None = None,
    actor: store.Actor,
) -> bytes:
    """一企一档 profile sheet of one enterprise as PDF (A4 portrait)."""
    return render_profile(gather(session, enterprise_id, today, unit, actor=actor), generated_at)
