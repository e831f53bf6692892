"""企业走访记录表 (FK-01): one service / visit record, printed for the enterprise to sign and for the
file (seed 004 §7.2.3: records real, accurate, detailed, easy to look up, archived on paper).

It shows the visit, the demands raised and policies explained in it, selected photos, the
representative's on-screen signature in the signature box, the record status, the amendment it
makes, and for a submitted record the short content hash that matches the paper to the stored record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table
from sqlmodel import Session

from fieldkit.models import Enterprise, ServiceRecord, Staff, VisitPlan
from fieldkit.services import lookup, store
from fieldkit.services.attachments import AttachmentService, attachments_of
from fieldkit.services.filecrypt import FileCryptError
from fieldkit.services.labels import label
from fieldkit.services.records import amendments, record_content_hash, short_hash
from fieldkit.services.reference import load as load_reference
from fieldkit.services.timeutil import fmt_date, fmt_datetime

from .columns import demand_category
from .common import in_chinese, issuing_unit, now_local
from .images import photo_flowable, signature_flowable
from .layout import (
    DocInfo,
    at_least,
    build_pdf,
    field_grid,
    frame_size,
    grid_style,
    para,
    styles,
    title_block,
)

FORM_NO = "FK-01"
TITLE = "企业走访记录表"
#: photos placed on the form when the caller does not choose
DEFAULT_PHOTOS = 4
#: Attachment.owner_table of a service record's photos and signature
RECORD_TABLE = "servicerecord"


@dataclass
class VisitRecordData:
    """Everything the form shows, gathered from the store (plain values; no session needed to render)."""

    record_id: str
    unit: str
    enterprise: str
    credit_code: str
    visit_at: str
    place: str
    kind: str
    stage: str
    theme: str
    staff_name: str
    staff_participants: str
    enterprise_participants: str
    service_items: str
    content: str
    problems: str
    follow_up: str
    status: str
    status_code: str
    content_hash: str = ""
    #: the stored content no longer hashes to the stored 校验码 (altered after it was submitted)
    hash_mismatch: bool = False
    submitted_at: str = ""
    amends_note: str = ""
    amended_note: str = ""
    demands: list[str] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)
    #: (image, caption); image None: the photo's file is not on this computer (not downloaded yet)
    photos: list[tuple[Path | bytes | None, str]] = field(default_factory=list)
    signature: Path | bytes | None = None
    #: the record was signed on screen but the signature's file is not on this computer
    signature_missing: bool = False
    signed_on: str = ""


def _amends_note(session: Session, rec: ServiceRecord) -> str:
    if not rec.amends_id:
        return ""
    orig = lookup.fetch(session, ServiceRecord, rec.amends_id)
    if orig is None:
        return f"更正记录，更正记录编号 {rec.amends_id[:8].upper()}"
    h = short_hash(orig.content_hash)
    return (
        f"更正记录，更正 {fmt_datetime(orig.visit_at)} 的走访记录（记录编号 {orig.id[:8].upper()}"
        + (f"，校验码 {h}" if h else "")
        + "）；原记录保留备查。"
    )


@in_chinese
def gather(
    session: Session,
    record_id: str,
    attachments: AttachmentService | None = None,
    photo_ids: Sequence[str] | None = None,
    unit: str | None = None,
) -> VisitRecordData:
    """Read one record and what belongs to it. ``photo_ids``: attachment ids to place, in order
    (default: the record's first photos)."""
    rec = store.get(session, ServiceRecord, record_id)
    ent = lookup.fetch(session, Enterprise, rec.enterprise_id)
    staff = lookup.fetch(session, Staff, rec.staff_id)
    plan = lookup.fetch(session, VisitPlan, rec.plan_id)
    items = load_reference().all_service_items()
    data = VisitRecordData(
        record_id=rec.id,
        unit=issuing_unit(session, staff) if unit is None else unit,
        enterprise=ent.name if ent else "",
        credit_code=ent.credit_code if ent else "",
        visit_at=fmt_datetime(rec.visit_at),
        place=rec.place,
        kind=label("plan_kind", rec.kind),
        stage=label("stage", rec.stage),
        theme=plan.theme if plan else "",
        staff_name=staff.name if staff else "",
        staff_participants=rec.staff_participants or (staff.name if staff else ""),
        enterprise_participants=rec.enterprise_participants,
        service_items="；".join(items[c].zh if c in items else c for c in rec.service_items),
        content=rec.content,
        problems=rec.problems,
        follow_up=rec.follow_up,
        status=label("record_status", rec.status),
        status_code=rec.status,
    )
    if rec.status in ("submitted", "reviewed", "returned"):
        # recomputed at print: a record altered in the database never prints with the old hash
        if rec.content_hash and record_content_hash(rec) != rec.content_hash:
            data.hash_mismatch = True
        else:
            data.content_hash = short_hash(rec.content_hash)
        data.submitted_at = fmt_datetime(rec.submitted_at)
    data.amends_note = _amends_note(session, rec)
    later = amendments(session, rec.id)
    if later:
        data.amended_note = (
            f"本记录已有更正记录 {len(later)} 份（最近一份编号 {later[-1].id[:8].upper()}），以更正记录为准。"
        )
    for d in lookup.record_demands(session, rec.id):
        data.demands.append(
            f"【{label('demand_kind', d.kind)}·{demand_category(d.category)}】{d.description}"
            f"（{label('demand_state', d.state)}）"
        )
    for push, pol in lookup.record_policy_pushes(session, rec.id):
        text = f"《{pol.title}》" + (f"（{pol.doc_no}）" if pol.doc_no else "")
        data.policies.append(text + (f"：{push.note}" if push.note else ""))
    if attachments is not None:
        photos = attachments_of(session, RECORD_TABLE, rec.id, kind="photo")
        if photo_ids is not None:
            by_id = {a.id: a for a in photos}
            chosen = [by_id[i] for i in photo_ids if i in by_id]
        else:
            chosen = photos[:DEFAULT_PHOTOS]
        for a in chosen:
            data.photos.append((_plain(attachments, a.sha256), a.caption or a.filename))
        if rec.signature_sha256:
            sig = lookup.signature_attachment(session, rec.signature_sha256, rec.id)
            data.signed_on = fmt_date(sig.created_at) if sig else fmt_date(rec.visit_at)
            data.signature = _plain(attachments, rec.signature_sha256)
            data.signature_missing = data.signature is None
    return data


def _plain(attachments: AttachmentService, sha: str) -> bytes | None:
    """A file's plaintext, decrypted in memory only (never a temporary file); None when it is not
    on this computer or cannot be read."""
    if not attachments.exists(sha):
        return None
    try:
        return attachments.read(sha)
    except (OSError, FileCryptError):
        return None


def _lines(items: Sequence[str], empty: str = "无") -> str:
    if not items:
        return empty
    return "\n".join(f"{i}. {t}" for i, t in enumerate(items, start=1))


#: printed in place of a photo / signature whose file has not been downloaded to this computer
PHOTO_NOT_HERE = "（照片未下载到这台电脑：联网后打开这条记录即可下载）"
SIGNATURE_NOT_HERE = "（电子签名图片未下载到这台电脑）"


def _photo_grid(photos: Sequence[tuple[Path | bytes | None, str]], width: float) -> list[Flowable]:
    st = styles()
    per_row = 2 if len(photos) <= 2 else 3
    cell_w = width / per_row
    box_w, box_h = cell_w - 6 * mm, (cell_w - 6 * mm) * 0.72
    cells: list[Any] = []
    for src, caption in photos:
        img = photo_flowable(src, box_w, box_h) if src is not None else None
        missing = "（照片无法读取）" if src is not None else PHOTO_NOT_HERE
        inner: list[Flowable] = [img if img is not None else para(missing, st.small)]
        if caption:
            inner.append(para(caption, st.caption))
        cells.append(inner)
    rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
    rows[-1] += [""] * (per_row - len(rows[-1]))
    table = Table(rows, colWidths=[cell_w] * per_row)
    table.setStyle(grid_style([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [KeepTogether([para("现场照片", styles().section), table])]


def _signature_table(data: VisitRecordData, width: float) -> Table:
    st = styles()
    box_w, box_h = width / 2 - 10 * mm, 16 * mm
    sig: Flowable
    if data.signature is not None:
        img = signature_flowable(data.signature, box_w, box_h)
        sig = img if img is not None else Spacer(1, box_h)
    elif data.signature_missing:
        sig = para(SIGNATURE_NOT_HERE, st.small)
    else:
        sig = Spacer(1, box_h)
    left = [
        para("服务人员（签字）：", st.label),
        Spacer(1, box_h),
        para(f"姓名：{data.staff_name}", st.small),
        para("日期：　　　　年　　月　　日", st.label),
    ]
    right = [
        para("企业代表（签字或盖章）：", st.label),
        sig,
        para(
            "签字方式："
            + (
                "电子签名（现场手写）" if data.signature is not None or data.signature_missing else "纸质签字"
            ),
            st.small,
        ),
        para(f"日期：{data.signed_on or '　　　　年　　月　　日'}", st.label),
    ]
    table = Table([[left, right]], colWidths=[width / 2, width / 2])
    table.setStyle(
        grid_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


@in_chinese
def render_visit_record(data: VisitRecordData, generated_at: datetime | None = None) -> bytes:
    """The form as PDF bytes (A4 portrait)."""
    info = DocInfo(
        TITLE,
        FORM_NO,
        unit=data.unit,
        generated_at=generated_at or now_local(),
        content_hash=data.content_hash,
        subject=f"{TITLE}：{data.enterprise} {data.visit_at}",
        watermark="草稿" if data.status_code == "draft" else ("校验不符" if data.hash_mismatch else ""),
    )
    st = styles()
    width, _ = frame_size(info)
    value_w = width - 29 * mm - 8
    story: list[Flowable] = title_block(
        info,
        [
            ("填报单位", data.unit or "　"),
            ("记录编号", data.record_id[:8].upper()),
            ("记录状态", data.status),
        ],
    )
    notes = [n for n in (data.amends_note, data.amended_note) if n]
    if data.status_code == "draft":
        notes.append("本记录为草稿，尚未提交，不作为正式记录。")
    if data.hash_mismatch:
        notes.append(
            "警告：记录内容与提交时的内容校验码不一致（提交后被改动），本打印件不能作为有效记录，请联系管理员核查。"
        )
    for note in notes:
        story.append(para(f"※ {note}", st.meta))
    if notes:
        story.append(Spacer(1, 2 * mm))
    story += field_grid([[("企业名称", data.enterprise)]], width)
    story += field_grid(
        [
            [("统一社会信用代码", data.credit_code), ("所处阶段", data.stage)],
            [("走访时间", data.visit_at), ("服务方式", data.kind)],
        ],
        width,
    )
    story += field_grid(
        [[("走访地点", data.place)]] + ([[("走访主题", data.theme)]] if data.theme else []), width
    )
    story += field_grid(
        [[("我方参加人员", data.staff_participants), ("企业参加人员", data.enterprise_participants)]], width
    )
    story += field_grid(
        [
            [("服务事项", data.service_items or "—")],
            [("服务内容", at_least(para(data.content, st.value), value_w, 32 * mm))],
            [("发现问题", at_least(para(data.problems or "无", st.value), value_w, 14 * mm))],
            [("后续跟进", at_least(para(data.follow_up or "无", st.value), value_w, 12 * mm))],
            [("提出诉求", _lines(data.demands))],
            [("宣讲政策", _lines(data.policies))],
        ],
        width,
    )
    if data.photos:
        story += _photo_grid(data.photos, width)
    story.append(Spacer(1, 4 * mm))
    tail: list[Flowable] = [_signature_table(data, width), Spacer(1, 2 * mm)]
    foot = "本表一式两份，企业与服务人员各执一份。"
    if data.content_hash:
        foot += f"内容校验码 {data.content_hash}（提交于 {data.submitted_at}），可与系统中的电子记录核对。"
    tail.append(para(foot, st.small))
    story.append(KeepTogether(tail))
    return build_pdf(info, story)


@in_chinese
def visit_record_pdf(
    session: Session,
    record_id: str,
    attachments: AttachmentService | None = None,
    *,
    photo_ids: Sequence[str] | None = None,
    unit: str | None = None,
    generated_at: datetime | None = None,
) -> bytes:
    """企业走访记录表 of one record as PDF. ``attachments`` locates the photo and signature files."""
    return render_visit_record(gather(session, record_id, attachments, photo_ids, unit), generated_at)
