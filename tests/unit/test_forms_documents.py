"""Every document generated from a fixed dataset (built through the services in a real SQLite file)
and read back with pypdf: the Chinese texts and values are there, the font is embedded, the
pages are numbered, the header repeats, long text is whole, pictures are placed."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pypdf
import pytest
import qrcode
from qrcode.constants import ERROR_CORRECT_M
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from fieldkit.config import attachments_dir
from fieldkit.db import session_factory
from fieldkit.forms import policy_report as pr
from fieldkit.forms.demand_ledger import demand_ledger_pdf
from fieldkit.forms.profile import profile_pdf
from fieldkit.forms.proxy_ledger import proxy_ledger_pdf
from fieldkit.forms.service_plan import service_plan_pdf
from fieldkit.forms.specimen import LONG_CONTENT, PERIOD, TODAY, Specimen, credit_code, specimen_store
from fieldkit.forms.survey import survey_pdf
from fieldkit.forms.visit_plan import visit_plan_pdf
from fieldkit.forms.visit_record import visit_record_pdf
from fieldkit.forms.work_ledger import work_ledger_pdf
from fieldkit.forms.zone_summary import zone_summary_document, zone_summary_pdf
from fieldkit.models import ServiceRecord
from fieldkit.services import store
from fieldkit.services.attachments import AttachmentService
from fieldkit.services.ledger import staff_ledger
from fieldkit.services.records import short_hash
from fieldkit.services.store import SYSTEM

from .fixtures import add_staff, add_zone, open_db

# ------------------------------------------------------------------------------------ helpers


def reader(pdf: bytes) -> pypdf.PdfReader:
    assert pdf.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in reader(pdf).pages]


def flat(pdf: bytes) -> str:
    """All text without whitespace (wrapped lines joined)."""
    return re.sub(r"\s", "", "".join(page_texts(pdf)))


def images(pdf: bytes) -> list[pypdf.generic.DictionaryObject]:
    out = []
    for page in reader(pdf).pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                out.append(obj)
    return out


def _filters(obj: pypdf.generic.DictionaryObject) -> list[str]:
    f = obj.get("/Filter")
    return [str(x) for x in f] if isinstance(f, list) else [str(f)]


def assert_font_embedded(pdf: bytes) -> None:
    fonts = {}
    for page in reader(pdf).pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert re.fullmatch(r"/[A-Z]{6}\+WenQuanYiZenHei.*", name), name
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


def assert_numbered(pdf: bytes) -> int:
    texts = page_texts(pdf)
    for i, t in enumerate(texts, start=1):
        assert f"第 {i} 页 共 {len(texts)} 页" in t, t[-80:]
        assert "生成时间：" in t
    return len(texts)


# ------------------------------------------------------------------------------------ dataset


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, Specimen]]:
    folder = tmp_path_factory.mktemp("forms-world")
    engine, sp = specimen_store(folder, ledger_records=60)
    yield engine, sp
    engine.dispose()


@pytest.fixture()
def attachments(sp: Specimen) -> AttachmentService:
    return AttachmentService(store.SYSTEM, attachments_dir(sp.folder))


# ------------------------------------------------------------------------------ visit record


def test_visit_record_has_every_field_the_long_content_and_the_hash(
    session: Session, sp: Specimen, attachments: AttachmentService
) -> None:
    pdf = visit_record_pdf(session, sp.record_id, attachments, actor=SYSTEM)
    rec = session.get(ServiceRecord, sp.record_id)
    assert rec is not None and rec.status == "submitted"
    text = flat(pdf)
    for expected in (
        "企业走访记录表",
        "FK-01",
        "德阳经济技术开发区产业功能区",
        "德阳旌城精密机械制造有限公司",
        credit_code(1),
        "2026-11-1009:30",
        "企业二号厂房会议室",
        "王小明、赵敏",
        "张伟（总经理）、周强（财务总监）",
        "生产经营",
        "现场服务",
        "设备更新与技改资金需求调研",
        "上门走访服务（每季度至少一次）",
        "惠企政策推送、解读与申报指导",
        "二期厂房用电增容申请已提交两个月仍未批复",
        "11月20日前协调供电公司答复增容申请",
        "二期厂房用电增容申请尽快批复",
        "咨询技改项目贷款贴息政策",
        "《德阳市支持企业技术改造专项资金管理办法》（德经信发〔2026〕12号）",
        "记录状态：已提交",
        f"记录编号：{rec.id[:8].upper()}",
        "服务人员（签字）",
        "企业代表（签字或盖章）",
        "电子签名（现场手写）",
        "企业二号厂房外景",
        "新生产线设备",
        "座谈交流",
        "本记录已有更正记录1份",
    ):
        assert expected in text, expected
    assert LONG_CONTENT in text  # 600 characters, wrapped over many lines, none lost
    h = short_hash(rec.content_hash)
    assert len(h) == 12
    pages = page_texts(pdf)
    assert all(f"内容校验码：{h}" in t for t in pages)  # on every page, to match a loose sheet
    assert_numbered(pdf)
    assert_font_embedded(pdf)


def test_visit_record_places_signature_and_photos(
    session: Session, sp: Specimen, attachments: AttachmentService
) -> None:
    imgs = images(visit_record_pdf(session, sp.record_id, attachments, actor=SYSTEM))
    signatures = [i for i in imgs if "/SMask" in i]  # the signature keeps its transparent background
    photos = [i for i in imgs if "/DCTDecode" in _filters(i)]
    assert len(signatures) == 1 and len(photos) == 3
    assert max(int(p["/Width"]) for p in photos) <= 1200  # photos downscaled before embedding


def test_visit_record_selected_photos_only(
    session: Session, sp: Specimen, attachments: AttachmentService
) -> None:
    pdf = visit_record_pdf(session, sp.record_id, attachments, photo_ids=[sp.photo_ids[1]], actor=SYSTEM)
    imgs = images(pdf)
    assert len([i for i in imgs if "/DCTDecode" in _filters(i)]) == 1
    text = flat(pdf)
    assert "新生产线设备" in text and "企业二号厂房外景" not in text


def test_visit_record_without_attachment_folder_leaves_the_signature_box_blank(
    session: Session, sp: Specimen
) -> None:
    pdf = visit_record_pdf(session, sp.record_id, actor=SYSTEM)
    assert images(pdf) == []
    assert "纸质签字" in flat(pdf)


def test_amendment_says_what_it_corrects_and_a_draft_has_no_hash(
    session: Session, sp: Specimen, attachments: AttachmentService
) -> None:
    orig = session.get(ServiceRecord, sp.record_id)
    assert orig is not None
    pdf = visit_record_pdf(session, sp.amendment_id, attachments, actor=SYSTEM)
    text = flat(pdf)
    assert (
        f"更正记录，更正2026-11-1009:30的走访记录（记录编号{orig.id[:8].upper()}，校验码{short_hash(orig.content_hash)}）"
        in text
    )
    assert "记录状态：草稿" in text and "本记录为草稿" in text
    assert "内容校验码" not in text
    assert "11月18日前协调供电公司答复增容申请" in text


# ------------------------------------------------------------------------------------ ledgers


def test_visit_plan(session: Session, sp: Specimen) -> None:
    pdf = visit_plan_pdf(session, sp.staff_id, *PERIOD, today=TODAY)
    text = flat(pdf)
    for expected in (
        "走访计划表",
        "FK-02",
        "服务人员：王小明（产业助理）",
        "计划期间：2026-01-01至2026-12-31",
        "设备更新与技改资金需求调研",
        "施工许可办理进度跟踪",
        "物流园区用地需求调查",
        "已完成",
        "计划中",
        "已逾期",
        "合计：计划3项",
        "制表人",
    ):
        assert expected in text, expected
    assert assert_numbered(pdf) == 1
    assert_font_embedded(pdf)


def test_work_ledger_runs_over_pages_with_header_and_every_row_once(session: Session, sp: Specimen) -> None:
    pdf = work_ledger_pdf(session, sp.staff_id, *PERIOD, today=TODAY)
    page = reader(pdf).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    pages = page_texts(pdf)
    n = assert_numbered(pdf)
    ledger = staff_ledger(session, sp.staff_id, *PERIOD, today=TODAY)
    assert len(ledger.records) == sp.ledger_records + 1
    assert n > 3
    # every page that shows service records shows their header row
    record_pages = [t for t in pages if re.search(r"第\d+次走访", t)]
    assert len(record_pages) >= 3
    for t in record_pages:
        assert re.search(r"序号\s*走访时间\s*企业名称\s*服务方式\s*所处阶段\s*服务事项\s*服务内容", t)
    visits = [int(m) for t in pages for m in re.findall(r"第(\d+)次走访", t)]
    assert visits == list(range(1, sp.ledger_records + 1))
    text = flat(pdf)
    for expected in (
        "工作台账",
        "一、服务记录（61条）",
        "二、诉求（5条）",
        "三、帮办代办（3条）",
        "四、政策推送（2条）",
        "五、考核（1条）",
        "2026-07-01~2026-09-30",
        "走访覆盖全面，诉求跟进及时",
        "六、合计",
        "服务记录（条）61",
        "收集诉求（件）5",
        "建筑工程施工许可证",
        "服务对象主动要求终止",
        "德阳市支持企业技术改造专项资金管理办法",
        "招聘会延期举办",
        LONG_CONTENT,
    ):
        assert expected in text, expected
    assert_font_embedded(pdf)


def test_demand_ledger(session: Session, sp: Specimen) -> None:
    pdf = demand_ledger_pdf(session, *PERIOD, today=TODAY)
    text = flat(pdf)
    for expected in (
        "诉求台账",
        "FK-04",
        "服务人员：全部人员",
        "新建厂房施工许可证办理进度咨询",
        "区住建局",
        "孙科长",
        "2026-10-15",
        "-36",
        "意见建议",
        "非常满意",
        "招聘会延期举办",
        "办结",
        "交办",
        "承办",
        "收集",
        "合计：诉求5件，已办结2件，未办结3件，逾期未办结1件，逾期办结1件。",
    ):
        assert expected in text, expected
    assert_numbered(pdf)
    assert_font_embedded(pdf)


def test_demand_ledger_of_one_staff_member_is_filtered(session: Session, sp: Specimen) -> None:
    text = flat(demand_ledger_pdf(session, *PERIOD, staff_id=sp.other_staff_id, today=TODAY))
    assert "服务人员：赵敏" in text and "（本期无记录）" in text


def test_proxy_ledger_and_service_plans(session: Session, sp: Specimen) -> None:
    text = flat(proxy_ledger_pdf(session, *PERIOD))
    for expected in (
        "帮办代办台账",
        "建筑工程施工许可证",
        "全程代办",
        "办理中",
        "食品经营许可证",
        "已终止",
        "服务对象主动要求终止",
        "工业项目备案变更",
        "2026-08-20",
        "2026-12-10",
    ):
        assert expected in text, expected
    plan = service_plan_pdf(session, sp.proxy_id, actor=SYSTEM)
    text = flat(plan)
    for expected in (
        "帮办代办服务方案",
        "FK-05A",
        "四川天府绿能新材料科技有限公司",
        "建筑工程施工许可证",
        "全程代办",
        "梳理审批流程和材料清单",
        "每周向企业通报进度",
        "办理节点（4个，已完成2个）",
        "审批流程图和材料清单",
        "2026-08-28",
        "已交企业确认",
        "施工图审查合格",
        "2026-10-09",
        "领取施工许可证",
        "帮办代办员（签字）",
        "服务对象确认（签字或盖章）",
    ):
        assert expected in text, expected
    assert "终止原因" not in text
    assert_font_embedded(plan)
    terminated = flat(service_plan_pdf(session, sp.terminated_proxy_id, actor=SYSTEM))
    assert "终止原因（a）服务对象主动要求终止" in terminated and "企业决定暂缓开设门店" in terminated


def test_zone_summary(session: Session, sp: Specimen) -> None:
    pdf = zone_summary_pdf(session, *PERIOD, sp.zone_id, today=TODAY)
    text = flat(pdf)
    for expected in (
        "考核汇总表",
        "FK-09",
        "王小明",
        "赵敏",
        "产业助理",
        "服务管家",
        "合计",
        "走访覆盖率（%）",
        "满意度均分",
        "4.00",
        "考核得分",
    ):
        assert expected in text, expected
    assert_numbered(pdf)


def test_zone_summary_without_a_zone_still_names_the_issuing_unit(
    session: Session, sp: Specimen, tmp_path: Path
) -> None:
    """Without --zone: the zone all listed staff belong to, else the only zone of the store."""
    doc = zone_summary_document(session, *PERIOD, None, today=TODAY)
    assert doc.info.unit == "德阳经济技术开发区产业功能区"
    assert ("填报单位", "德阳经济技术开发区产业功能区") in doc.fields
    assert (
        zone_summary_document(session, *PERIOD, None, today=TODAY, unit="区企业服务中心").info.unit
        == "区企业服务中心"
    )
    db = open_db(tmp_path)  # two zones; every field staff member works in the first
    with db.tx() as s:
        z1, z2 = add_zone(s, "旌阳高新区"), add_zone(s, "罗江经开区")
        add_staff(s, "张伟", "zhangwei", z1)
        add_staff(s, "李娜", "lina", z1)
        add_staff(s, "赵主任", "zhaozr", z2, role="supervisor")
    with db.session() as s:
        assert zone_summary_document(s, *PERIOD, None, today=TODAY).info.unit == "旌阳高新区"
        assert zone_summary_document(s, *PERIOD, z2.id, today=TODAY).info.unit == "罗江经开区"
    with db.tx() as s:
        add_staff(s, "王强", "wangqiang", z2)
    with db.session() as s:  # staff of both zones and two zones in the store: no guess
        assert zone_summary_document(s, *PERIOD, None, today=TODAY).info.unit == ""


# --------------------------------------------------------------------------- policy report


def qr_image(pdf: bytes, width: int):  # type: ignore[no-untyped-def]
    for page in reader(pdf).pages:
        for img in page.images:
            pil = img.image
            if pil.width == pil.height == width:
                return pil.convert("L")
    raise AssertionError("no QR code image")


def test_policy_report_lists_matches_with_reasons_and_a_qr_code_of_the_references(
    session: Session, sp: Specimen
) -> None:
    pdf = pr.policy_report_pdf(session, sp.enterprise_ids[0], today=TODAY, actor=SYSTEM)
    text = flat(pdf)
    for expected in (
        "政策定制报告",
        "FK-06",
        "德阳旌城精密机械制造有限公司",
        "专精特新、技术改造、高新技术企业",
        "一、匹配概况",
        "共匹配惠企政策3项",
        "德阳市支持企业技术改造专项资金管理办法",
        "德经信发〔2026〕12号",
        "四川省专精特新中小企业认定管理办法",
        "高新技术企业税收优惠政策指引",
        "行业符合：制造业",
        "画像标签匹配：技术改造",
        "资金类",
        "申报截止2026-12-15（剩25天）",
        "区经信局",
        "https://jxj.deyang.gov.cn/zcwj/2026-12.html",
        "各项政策原文的二维码见“三、政策详情”",
        "扫码看原文",
    ):
        assert expected in text, expected
    assert "旌阳区中小企业融资担保贴息办法" not in text  # a medium enterprise is not eligible
    data = pr.gather(session, sp.enterprise_ids[0], TODAY, actor=SYSTEM)
    payload = pr.qr_payload(data)
    assert payload == f"FK-06:{data.credit_code}:{TODAY:%Y%m%d}:3" and f"报告编号{payload}" in text
    # a picture in the PDF is exactly the QR code of that reference, module by module
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=pr.QR_BOX_PX, border=pr.QR_BORDER)
    qr.add_data(payload.encode("utf-8"))
    qr.make(fit=True)
    matrix = qr.get_matrix()
    img = qr_image(pdf, len(matrix) * pr.QR_BOX_PX)
    half = pr.QR_BOX_PX // 2
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            assert (img.getpixel((x * pr.QR_BOX_PX + half, y * pr.QR_BOX_PX + half)) < 128) == dark
    assert_font_embedded(pdf)


def test_eighteen_policies_scan_from_a_100_dpi_copy_of_the_report(
    session: Session, sp: Specimen, tmp_path: Path
) -> None:
    """Issue 12 §17: every policy of an 18-policy report is reachable from the paper — the report's
    reference and one code a policy, each decoded from the page rendered at 100 dpi."""

    data = pr.gather(session, sp.enterprise_ids[0], TODAY, actor=SYSTEM)
    base = data.policies
    data.policies = [
        dataclasses.replace(base[i % len(base)], title=f"{base[i % len(base)].title}（第{i + 1}项）", url=url)
        for i, url in enumerate(
            [
                base[i % len(base)].url if i < len(base) else f"https://zcfw.deyang.gov.cn/zc/{i:04d}.html"
                for i in range(18)
            ]
        )
    ]
    data.policies[5] = dataclasses.replace(data.policies[5], url="")  # no link: 文号 and title
    expected = [pr.report_reference(data), *(pr.policy_qr_payload(p) for p in data.policies)]
    assert len(set(expected)) == 19
    assert pr.policy_qr_payload(data.policies[5]).startswith(data.policies[5].doc_no)
    for payload in expected:  # few, large modules: at most version 5, 0.8 mm a module
        assert pr.qr_modules(payload) <= 17 + 4 * pr.QR_MAX_VERSION + 2 * pr.QR_BORDER
    pdf = pr.render_policy_report(data)
    # each page rendered at 100 dpi in grey, as a photocopy would be (PDFium, from pip: the test
    # needs no system tool)
    pdfium = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")

    found: list[str] = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            image = page.render(scale=100 / 72, grayscale=True).to_pil()
            found += [
                b.text for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode
            ]
            page.close()
    finally:
        doc.close()
    assert sorted(found) == sorted(expected)


# ------------------------------------------------------------------------------------ profile


def test_profile_sheet(session: Session, sp: Specimen) -> None:
    pdf = profile_pdf(session, sp.enterprise_ids[0], today=TODAY, actor=SYSTEM)
    text = flat(pdf)
    for expected in (
        "企业档案（一企一档）",
        "FK-07",
        "一、基本信息",
        "德阳旌城精密机械制造有限公司",
        credit_code(1),
        "法人1",
        "张伟",
        "13900000001",
        "德阳市旌阳区泰山南路18号",
        "制造业",
        "中型",
        "存续经营",
        "重点服务企业",
        "对接方式线上",
        # issue 12 §18: the domains of seed 003 §5.2.1.2
        "二、生产经营、知识产权、信用与上市融资",
        "营业收入（万元）41,250.5",
        "从业人员（人）326",
        "发明专利（件）12",
        "纳税信用等级A",
        "上市情况拟上市（辅导备案中）",
        "2025年B轮融资8000万元",
        "三、企业画像",
        "属性标签专精特新、高新技术企业",
        "行为标签近期提出诉求",  # derived: the specimen's open demands
        "兴趣标签技术改造",
        "四、包联服务",
        "王小明",
        "产业助理",
        "当前包联",
        "五、近期走访",
        "六、未办结诉求（2件）",
        "二期厂房用电增容申请尽快批复",
        "国网德阳供电公司",
        "八、政策推送（2次）",
        "九、政策申报（1项）",
        "待补正",
        "补正（一次性告知）",
        "一次性告知补正",
    ):
        assert expected in text, expected
    assert_numbered(pdf)
    assert_font_embedded(pdf)


# ------------------------------------------------------------------------------------- survey


@pytest.mark.parametrize("filled", [False, True])
def test_survey(session: Session, sp: Specimen, filled: bool) -> None:
    pdf = survey_pdf(session, sp.enterprise_ids[0], staff_id=sp.staff_id) if filled else survey_pdf()
    text = flat(pdf)
    for expected in (
        "服务满意度调查表",
        "FK-08",
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
        "业务能力",
        "服务态度",
        "服务效率",
        "服务方案合理性、完整性",
        "服务过程规范性",
        "按时办结情况",
        "投诉、意见建议处理及时性",
        "总体评价",
        "意见和建议",
        "企业负责人（签字或盖章）",
        "日期",
    ):
        assert expected in text, expected
    assert text.count("□") == 8 * 5  # one box per level per dimension (7 dimensions + overall)
    assert ("德阳旌城精密机械制造有限公司" in text) is filled
    assert_font_embedded(pdf)


# -------------------------------------------------------------------------------- generation


DOCUMENTS: dict[str, Callable[[Session, Specimen], bytes]] = {
    "visit-record": lambda s, sp: visit_record_pdf(s, sp.record_id, actor=SYSTEM),
    "visit-plan": lambda s, sp: visit_plan_pdf(s, sp.staff_id, *PERIOD, today=TODAY),
    "work-ledger": lambda s, sp: work_ledger_pdf(s, sp.staff_id, *PERIOD, today=TODAY),
    "demand-ledger": lambda s, sp: demand_ledger_pdf(s, *PERIOD, today=TODAY),
    "proxy-ledger": lambda s, sp: proxy_ledger_pdf(s, *PERIOD),
    "service-plan": lambda s, sp: service_plan_pdf(s, sp.proxy_id, actor=SYSTEM),
    "policy-report": lambda s, sp: pr.policy_report_pdf(s, sp.enterprise_ids[0], today=TODAY, actor=SYSTEM),
    "profile": lambda s, sp: profile_pdf(s, sp.enterprise_ids[0], today=TODAY, actor=SYSTEM),
    "survey": lambda s, sp: survey_pdf(s, sp.enterprise_ids[0]),
    "zone-summary": lambda s, sp: zone_summary_pdf(s, *PERIOD, sp.zone_id, today=TODAY),
}


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_document_carries_timestamp_page_numbers_and_its_metadata(
    session: Session, sp: Specimen, name: str
) -> None:
    before = datetime.now().replace(second=0, microsecond=0)
    pdf = DOCUMENTS[name](session, sp)
    assert_numbered(pdf)
    assert_font_embedded(pdf)
    stamp = re.search(r"生成时间：(\d{4}-\d\d-\d\d \d\d:\d\d)", page_texts(pdf)[0])
    assert stamp and datetime.strptime(stamp[1], "%Y-%m-%d %H:%M") >= before
    meta = reader(pdf).metadata
    assert meta is not None and meta.title and meta.creator == "FieldKit"


def test_documents_do_not_write_to_the_store(world: tuple[Engine, Specimen], tmp_path: Path) -> None:
    engine, sp = world
    with session_factory(engine)() as s:
        before = len(s.exec(select(ServiceRecord.id)).all())
        for make in DOCUMENTS.values():
            make(s, sp)
        assert not s.dirty and not s.new
        assert len(s.exec(select(ServiceRecord.id)).all()) == before
