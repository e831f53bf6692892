"""A small fixed world for specimen documents: the pictures in ``docs/forms/``, the form tests and
the benchmark. Everything is written through the services (audit and outbox included), so the
documents are generated exactly as they would be from a user's store.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy.engine import Engine

from fieldkit.config import attachments_dir
from fieldkit.db import session_factory, transaction
from fieldkit.models import Staff, Zone
from fieldkit.services import store
from fieldkit.services.assignments import AssignmentService
from fieldkit.services.attachments import AttachmentService
from fieldkit.services.demands import DemandService
from fieldkit.services.enterprises import EnterpriseService
from fieldkit.services.evaluations import AssessmentService, EvaluationService
from fieldkit.services.planning import PlanService
from fieldkit.services.policies import PolicyService
from fieldkit.services.proxy import ProxyServiceService
from fieldkit.services.records import RecordService
from fieldkit.services.validation import uscc_check_char

from .visit_record import RECORD_TABLE

#: the "today" of the specimen world, so overdue flags and days left never change
TODAY = date(2026, 11, 20)
PERIOD = (date(2026, 1, 1), date(2026, 12, 31))

#: a 600-character visit content made of numbered clauses, so a test can find every piece
LONG_CONTENT = "".join(
    f"第{i:02d}项：走访了解企业生产经营、用工、融资和项目建设情况，企业反映设备更新需要资金支持，已记录并跟进。"
    for i in range(1, 15)
)[:600]

#: the 一企一档 domains of the first specimen enterprise (seed 003 §5.2.1.2)
SPECIMEN_PROFILE: dict[str, dict[str, Any]] = {
    "operations": {"year": 2025, "output_value": 38600, "revenue": 41250.5, "tax": 1860, "employees": 326},
    "ip": {"invention_patents": 12, "utility_patents": 47, "trademarks": 5},
    "credit": {"tax_credit": "A"},
    "listing": {"listing_status": "preparing", "financing": "2025年B轮融资8000万元（德阳产业投资基金领投）"},
}

ENTERPRISES = [
    ("德阳旌城精密机械制造有限公司", "C", "medium", "operation", ["专精特新", "高新技术企业", "技术改造"]),
    (
        "四川天府绿能新材料科技有限公司",
        "C",
        "small",
        "construction",
        ["科技型中小企业", "绿色低碳", "融资需求"],
    ),
    ("德阳东汽配套装备有限公司", "C", "large", "upgrading", ["规上企业", "数字化车间", "高端制造"]),
    ("旌阳区智慧物流服务有限公司", "G", "small", "startup", ["初创期"]),
    ("德阳市蓝天食品加工有限公司", "C", "micro", "operation", ["民营企业", "税收优惠"]),
]


def credit_code(n: int) -> str:
    first17 = f"91510600{n:09d}"
    return first17 + uscc_check_char(first17)


def sample_photo(text_seed: int = 0, size: tuple[int, int] = (1600, 1200)) -> bytes:
    """A synthetic 'site photo' (JPEG) with some structure, so it compresses like a real one."""
    img = Image.new("RGB", size, (90 + text_seed * 20 % 120, 120, 150))
    d = ImageDraw.Draw(img)
    for i in range(0, size[0], 80):
        d.rectangle((i, size[1] // 2 - (i % 300), i + 60, size[1]), fill=(160, 160 - i % 90, 110 + i % 120))
    d.ellipse((size[0] - 420, 80, size[0] - 120, 380), fill=(250, 220, 120))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def sample_signature() -> bytes:
    """A hand-drawn looking signature: dark strokes on a transparent background (PNG)."""
    img = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    pts = [(40 + x * 8, 110 + int(35 * ((x % 7) - 3) / 3) - (x % 3) * 6) for x in range(62)]
    d.line(pts, fill=(20, 30, 90, 255), width=7, joint="curve")
    d.line([(120, 60), (170, 160), (230, 50), (280, 150)], fill=(20, 30, 90, 255), width=6)
    d.line([(330, 70), (520, 80)], fill=(20, 30, 90, 255), width=5)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@dataclass
class Specimen:
    """Ids of the specimen world."""

    folder: Path
    zone_id: str = ""
    supervisor_id: str = ""
    staff_id: str = ""
    staff_login: str = "wangxm"
    other_staff_id: str = ""
    enterprise_ids: list[str] = field(default_factory=list)
    record_id: str = ""  # submitted, long content, photos, signature, demands and pushes
    amendment_id: str = ""  # a correction of record_id (draft)
    proxy_id: str = ""
    terminated_proxy_id: str = ""
    policy_ids: list[str] = field(default_factory=list)
    photo_ids: list[str] = field(default_factory=list)
    ledger_records: int = 0


def _at(d: date, hour: int = 9, minute: int = 30) -> datetime:
    """A local wall-clock time as an aware datetime."""
    return datetime(d.year, d.month, d.day, hour, minute).astimezone()


def build_specimen(engine: Engine, folder: Path, *, ledger_records: int = 60) -> Specimen:
    """Write the specimen world into the store at ``engine`` (attachments under ``folder``).

    ``ledger_records``: how many extra submitted visit records the main staff member gets in
    the period, so the work ledger runs over several pages.
    """
    make = session_factory(engine)
    sp = Specimen(folder=folder, ledger_records=ledger_records)
    with transaction(make) as s:
        zone = store.insert(s, Zone(name="德阳经济技术开发区产业功能区", code="DY-ETDZ"), store.SYSTEM)
        sup = store.insert(
            s,
            Staff(
                name="李主任",
                login="lizr",
                role="supervisor",
                zone_id=zone.id,
                specialist_type="support_official",
                phone="13800000001",
            ),
            store.SYSTEM,
        )
        st = store.insert(
            s,
            Staff(
                name="王小明",
                login="wangxm",
                role="assistant",
                zone_id=zone.id,
                specialist_type="industrial_assistant",
                phone="13800000002",
                department="企业服务中心",
            ),
            store.SYSTEM,
        )
        other = store.insert(
            s,
            Staff(
                name="赵敏",
                login="zhaomin",
                role="assistant",
                zone_id=zone.id,
                specialist_type="steward",
                phone="13800000003",
            ),
            store.SYSTEM,
        )
        sp.zone_id, sp.supervisor_id, sp.staff_id, sp.other_staff_id = zone.id, sup.id, st.id, other.id
    # the zone's supervisor builds the specimen world (it assigns enterprises to several people)
    actor = store.Actor(sp.supervisor_id, "specimen", "supervisor", sp.zone_id)
    ents, assigns = EnterpriseService(actor), AssignmentService(actor)
    plans, records = PlanService(actor), RecordService(actor)
    demands, proxies = DemandService(actor), ProxyServiceService(actor)
    policies, evals = PolicyService(actor), EvaluationService(actor)
    atts = AttachmentService(actor, attachments_dir(folder))
    with transaction(make) as s:
        for n, (name, ind, scale, stage, tags) in enumerate(ENTERPRISES, start=1):
            e = ents.create(
                s,
                name=name,
                credit_code=credit_code(n),
                legal_representative=f"法人{n}",
                contact_person=["张伟", "刘芳", "陈刚", "杨洋", "周丽"][n - 1],
                contact_phone=f"1390000000{n}",
                address=f"德阳市旌阳区泰山南路{n * 18}号",
                industry=ind,
                scale=scale,
                stage=stage,
                tags=tags,
                zone_id=sp.zone_id,
                notes="重点服务企业" if n == 1 else "",
                contact_channel="online" if n == 1 else "",
                profile=SPECIMEN_PROFILE if n == 1 else {},
            )
            sp.enterprise_ids.append(e.id)
            assigns.assign(s, sp.staff_id if n <= 4 else sp.other_staff_id, e.id, date(2026, 1, 1))
        pol_data: list[dict[str, Any]] = [
            dict(
                title="德阳市支持企业技术改造专项资金管理办法",
                doc_no="德经信发〔2026〕12号",
                issuer="德阳市经济和信息化局",
                level="city",
                category="funding",
                industries=["C"],
                tags=["技术改造", "高端制造"],
                window_start=date(2026, 3, 1),
                window_end=date(2026, 12, 15),
                competent_department="市经信局",
                accepting_department="区经信局",
                materials="申请表；项目备案证明；设备发票",
                url="https://jxj.deyang.gov.cn/zcwj/2026-12.html",
                summary="对设备投资 500 万元以上的技术改造项目按投资额 8% 给予补助。",
            ),
            dict(
                title="四川省专精特新中小企业认定管理办法",
                doc_no="川经信规〔2025〕3号",
                issuer="四川省经济和信息化厅",
                level="provincial",
                category="recognition",
                scales=["small", "medium", "micro"],
                tags=["专精特新"],
                window_start=date(2026, 4, 1),
                window_end=date(2026, 12, 31),
                url="https://jxt.sc.gov.cn/scjxt/zjtx/2025.html",
                summary="认定省级专精特新中小企业。",
            ),
            dict(
                title="高新技术企业税收优惠政策指引",
                doc_no="国科发火〔2016〕32号",
                issuer="科技部 财政部 税务总局",
                level="national",
                category="other",
                tags=["高新技术企业", "税收优惠"],
                url="https://www.most.gov.cn/gxjsqy.html",
                summary="高新技术企业减按 15% 税率征收企业所得税。",
            ),
            dict(
                title="旌阳区中小企业融资担保贴息办法",
                doc_no="旌府办发〔2026〕5号",
                issuer="旌阳区人民政府办公室",
                level="district",
                category="funding",
                scales=["small", "micro"],
                tags=["融资需求"],
                window_end=date(2026, 12, 20),
                url="https://www.jingyang.gov.cn/rzdb.html",
            ),
        ]
        for pd in pol_data:
            sp.policy_ids.append(policies.create(s, **pd).id)
        # the main record: long content, photos, signature, demands and policies raised in it
        e0 = sp.enterprise_ids[0]
        plan = plans.create(
            s,
            staff_id=sp.staff_id,
            enterprise_id=e0,
            planned_date=date(2026, 11, 10),
            theme="设备更新与技改资金需求调研",
            kind="onsite",
        )
        rec = records.create_draft(
            s,
            enterprise_id=e0,
            staff_id=sp.staff_id,
            visit_at=_at(date(2026, 11, 10), 9, 30),
            plan_id=plan.id,
            place="企业二号厂房会议室",
            staff_participants="王小明、赵敏",
            enterprise_participants="张伟（总经理）、周强（财务总监）",
            stage="operation",
            service_items=["operation.onsite_visit", "operation.policy", "operation.financing"],
            content=LONG_CONTENT,
            problems="二期厂房用电增容申请已提交两个月仍未批复，影响新生产线投产；技改资金申报材料准备不足。",
            follow_up="11月20日前协调供电公司答复增容申请；协助企业准备技改专项资金申报材料。",
        )
        sig = atts.add(
            s,
            data=sample_signature(),
            owner_table=RECORD_TABLE,
            owner_id=rec.id,
            kind="signature",
            filename="signature.png",
            mime="image/png",
        )
        records.update_draft(s, rec, signature_sha256=sig.sha256)
        for i, caption in enumerate(("企业二号厂房外景", "新生产线设备", "座谈交流")):
            a = atts.add(
                s,
                data=sample_photo(i),
                owner_table=RECORD_TABLE,
                owner_id=rec.id,
                kind="photo",
                filename=f"photo{i + 1}.jpg",
                caption=caption,
            )
            sp.photo_ids.append(a.id)
        records.submit(s, rec)
        sp.record_id = rec.id
        d1 = demands.raise_demand(
            s,
            enterprise_id=e0,
            staff_id=sp.staff_id,
            record_id=rec.id,
            category="utilities",
            urgency="high",
            description="二期厂房用电增容申请尽快批复",
            collected_at=_at(date(2026, 11, 10), 10, 0),
        )
        demands.transition(
            s,
            d1,
            "assign",
            department="国网德阳供电公司",
            responsible_person="刘工",
            deadline=date(2026, 11, 25),
            today=date(2026, 11, 10),
        )
        demands.raise_demand(
            s,
            enterprise_id=e0,
            staff_id=sp.staff_id,
            record_id=rec.id,
            category="financing",
            description="咨询技改项目贷款贴息政策",
            collected_at=_at(date(2026, 11, 10), 10, 20),
        )
        policies.push(
            s,
            policy_id=sp.policy_ids[0],
            enterprise_id=e0,
            staff_id=sp.staff_id,
            record_id=rec.id,
            note="讲解申报条件和截止时间",
            at=_at(date(2026, 11, 10), 11, 0),
        )
        policies.push(
            s,
            policy_id=sp.policy_ids[1],
            enterprise_id=e0,
            staff_id=sp.staff_id,
            record_id=rec.id,
            at=_at(date(2026, 11, 10), 11, 10),
        )
        amend = records.amend(
            s, rec, follow_up="11月18日前协调供电公司答复增容申请；协助准备技改资金申报材料。"
        )
        sp.amendment_id = amend.id
        # more demands in various states, one overdue and one closed late with an explanation
        d2 = demands.raise_demand(
            s,
            enterprise_id=sp.enterprise_ids[1],
            staff_id=sp.staff_id,
            category="approval",
            description="新建厂房施工许可证办理进度咨询，希望协调住建部门加快审批",
            collected_at=_at(date(2026, 9, 3)),
        )
        demands.transition(
            s,
            d2,
            "assign",
            department="区住建局",
            responsible_person="孙科长",
            deadline=date(2026, 10, 15),
            today=date(2026, 9, 3),
        )
        demands.transition(s, d2, "accept", today=date(2026, 9, 5))
        d3 = demands.raise_demand(
            s,
            enterprise_id=sp.enterprise_ids[2],
            staff_id=sp.staff_id,
            category="talent",
            description="招聘数控技工30名",
            collected_at=_at(date(2026, 6, 12)),
        )
        demands.transition(
            s,
            d3,
            "assign",
            department="区人社局",
            responsible_person="钱主任",
            deadline=date(2026, 7, 12),
            today=date(2026, 6, 12),
        )
        demands.transition(s, d3, "accept", today=date(2026, 6, 13))
        demands.transition(s, d3, "feedback", satisfaction="satisfied", today=date(2026, 7, 20))
        demands.transition(s, d3, "close", overdue_explanation="招聘会延期举办", today=TODAY)
        d4 = demands.raise_demand(
            s,
            enterprise_id=sp.enterprise_ids[3],
            staff_id=sp.staff_id,
            kind="suggestion",
            category="logistics",
            description="建议增设园区公交站点",
            collected_at=_at(date(2026, 5, 8)),
        )
        demands.transition(
            s,
            d4,
            "solve_on_spot",
            note="已协调公交公司增设临时站点",
            satisfaction="very_satisfied",
            today=date(2026, 5, 8),
        )
        # proxy services: one in progress with milestones, one terminated
        px = proxies.create(
            s,
            enterprise_id=sp.enterprise_ids[1],
            staff_id=sp.staff_id,
            item="建筑工程施工许可证",
            stage="construction",
            mode="full",
            accepted_on=date(2026, 8, 20),
            due_date=date(2026, 12, 10),
            service_plan=(
                "1. 梳理审批流程和材料清单，制定定制化审批流程图和责任清单；\n"
                "2. 协助企业完成施工图审查、质量安全监督登记；\n"
                "3. 全程代办施工许可证申领，每周向企业通报进度。"
            ),
            milestones=["审批流程图和材料清单", "施工图审查合格", "质量安全监督登记", "领取施工许可证"],
        )
        from fieldkit.services.proxy import milestones_of

        ms = milestones_of(s, px.id)
        proxies.complete_milestone(s, ms[0], on=date(2026, 8, 28), note="已交企业确认")
        proxies.complete_milestone(s, ms[1], on=date(2026, 10, 9))
        sp.proxy_id = px.id
        pt = proxies.create(
            s,
            enterprise_id=sp.enterprise_ids[3],
            staff_id=sp.staff_id,
            item="食品经营许可证",
            stage="startup",
            mode="guidance",
            accepted_on=date(2026, 4, 2),
        )
        proxies.terminate(s, pt, "a", note="企业决定暂缓开设门店")
        sp.terminated_proxy_id = pt.id
        proxies.create(
            s,
            enterprise_id=sp.enterprise_ids[2],
            staff_id=sp.staff_id,
            item="工业项目备案变更",
            stage="change",
            mode="guidance",
            accepted_on=date(2026, 7, 1),
            due_date=date(2026, 7, 30),
        )
        evals.record(
            s,
            enterprise_id=sp.enterprise_ids[2],
            staff_id=sp.staff_id,
            stage="upgrading",
            level="satisfied",
            dimensions={"ability": 4, "attitude": 5},
            evaluated_on=date(2026, 8, 1),
        )
        app = policies.apply(
            s,
            policy_id=sp.policy_ids[0],
            enterprise_id=e0,
            staff_id=sp.staff_id,
            applied_on=date(2026, 11, 12),
        )
        policies.advance(  # 补正: the one-time notice of every correction (seed 003 §7.4.2.3)
            s,
            app,
            "correction",
            on=date(2026, 11, 14),
            corrections=["研发费用加计扣除备案表未盖章", "缺少2025年度审计报告"],
        )
        AssessmentService(actor).record(  # the supervisor's 考核 (seed 000 §7.1)
            s,
            staff_id=sp.staff_id,
            assessor_id=sp.supervisor_id,
            period_start=date(2026, 7, 1),
            period_end=date(2026, 9, 30),
            effect_score=88,
            attitude_score=92,
            satisfaction_score=85,
            comment="走访覆盖全面，诉求跟进及时",
        )
        plans.create(
            s,
            staff_id=sp.staff_id,
            enterprise_id=sp.enterprise_ids[1],
            planned_date=date(2026, 11, 25),
            theme="施工许可办理进度跟踪",
            kind="onsite",
        )
        plans.create(
            s,
            staff_id=sp.staff_id,
            enterprise_id=sp.enterprise_ids[3],
            planned_date=date(2026, 11, 5),
            theme="物流园区用地需求调查",
            kind="survey",
        )
    # many ordinary records so the work ledger runs over several pages
    with transaction(make) as s:
        base = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
        for i in range(ledger_records):
            r = records.create_draft(
                s,
                enterprise_id=sp.enterprise_ids[i % 4],
                staff_id=sp.staff_id,
                visit_at=base + timedelta(days=i * 4, hours=i % 5),
                place="企业办公室",
                stage="operation",
                kind="onsite" if i % 3 else "ondemand",
                service_items=["operation.onsite_visit", "operation.policy"],
                content=f"第{i + 1}次走访：了解企业生产经营情况，宣讲惠企政策，收集企业诉求。"
                + ("跟进上次走访问题的办理进度。" * (i % 4)),
                problems="暂无" if i % 2 else "用工紧张",
                follow_up="持续跟进",
            )
            records.submit(s, r)
    return sp


def specimen_store(
    folder: Path, *, ledger_records: int = 60, key: bytes | None = None
) -> tuple[Engine, Specimen]:
    """A fresh store in ``folder`` with the specimen world (encrypted with ``key`` if given)."""
    from fieldkit.config import db_path
    from fieldkit.db import open_store

    engine = open_store(db_path(folder), key)
    return engine, build_specimen(engine, folder, ledger_records=ledger_records)


def write_specimens(out: Path, dpi: int = 60) -> list[Path]:
    """Every document of the specimen world as PDF and as PNG pages (``pdftoppm``) in ``out``:
    the pictures of docs/forms/. Returns the PNG files."""
    import shutil
    import subprocess
    import tempfile

    from fieldkit.db import session_factory as factory
    from fieldkit.services.attachments import AttachmentService as Attachments

    from .registry import FORMS, Selection

    out.mkdir(parents=True, exist_ok=True)
    pngs: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        from fieldkit.keystore import new_data_key

        # a throwaway key: nothing readable is left in the temporary folder while the pictures render
        engine, sp = specimen_store(Path(tmp), key=new_data_key())
        sel = Selection(
            record_id=sp.record_id,
            staff_id=sp.staff_id,
            start=PERIOD[0],
            end=PERIOD[1],
            enterprise_id=sp.enterprise_ids[0],
            proxy_id=sp.proxy_id,
            zone_id=sp.zone_id,
            today=TODAY,
            attachments=Attachments(store.SYSTEM, attachments_dir(Path(tmp))),
        )
        with factory(engine)() as s:
            for name, spec in FORMS.items():
                stem = f"{spec.form_no.removeprefix('FK-').lower()}-{name}"
                pdf = Path(tmp) / f"{stem}.pdf"
                pdf.write_bytes(spec.render(s, sel))
                last = "2" if name in ("visit-record", "work-ledger") else "1"
                subprocess.run(
                    ["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", last, str(pdf), str(out / stem)],
                    check=True,
                )
        engine.dispose()
        for f in sorted(out.glob("*.png")):
            if f.stem.endswith("-1") and not (out / f"{f.stem[:-2]}-2.png").exists():
                target = f.with_name(f"{f.stem[:-2]}.png")  # a one-page document: no page suffix
                shutil.move(f, target)
                pngs.append(target)
            else:
                pngs.append(f)
    return sorted(pngs)


if __name__ == "__main__":  # python -m fieldkit.forms.specimen docs/forms
    import sys

    for p in write_specimens(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/forms")):
        print(p)  # noqa: T201
