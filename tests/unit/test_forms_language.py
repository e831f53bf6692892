"""Forms are official Chinese documents: with the interface in English (a translator installed and
the language set to ``en``) every document, PDF and Excel, is still generated in Chinese — and
only on the thread that renders it, so the window keeps speaking English meanwhile."""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator

import pypdf
import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session

from fieldkit.config import attachments_dir
from fieldkit.forms.common import chinese_labels
from fieldkit.forms.profile import profile_pdf
from fieldkit.forms.registry import FORMS, Selection
from fieldkit.forms.specimen import PERIOD, TODAY, Specimen, specimen_store
from fieldkit.forms.work_ledger import work_ledger_pdf, work_ledger_xlsx
from fieldkit.services import i18n, store
from fieldkit.services.attachments import AttachmentService
from fieldkit.services.labels import label
from fieldkit.services.reference import load as load_reference
from fieldkit.services.store import SYSTEM

#: what the fake English translator makes of any text: easy to spot in a document
MARK = "EN["


def english_translator(_context: str, text: str) -> str:
    return f"{MARK}{text}]"


@pytest.fixture()
def english() -> Iterator[None]:
    before = i18n._translator, i18n.current_language()
    i18n.set_translator(english_translator)
    i18n.set_language("en")
    yield
    i18n.set_translator(before[0])
    i18n.set_language(before[1])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, Specimen]]:
    engine, sp = specimen_store(tmp_path_factory.mktemp("forms-language"), ledger_records=5)
    yield engine, sp
    engine.dispose()


def pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s", "", "".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))


def xlsx_text(data: bytes) -> str:
    wb = load_workbook(io.BytesIO(data))
    return "".join(
        str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None
    )


def test_the_fake_translator_would_show(english: None) -> None:
    """The check below can fail: outside a form, labels and reference names are English."""
    assert label("stage", "operation") == "EN[生产经营]"
    assert load_reference().label("industries", "C") == "Manufacturing"


def test_work_ledger_reads_chinese_in_an_english_interface(english: None, session: Session, world) -> None:  # type: ignore[no-untyped-def]
    sp = world[1]
    text = pdf_text(work_ledger_pdf(session, sp.staff_id, *PERIOD, today=TODAY))
    for expected in ("工作台账", "王小明（产业助理）", "生产经营", "现场服务", "已提交", "服务记录（条）"):
        assert expected in text, expected
    assert MARK not in text and "Industrial" not in text and "Submitted" not in text
    book = xlsx_text(work_ledger_xlsx(session, sp.staff_id, *PERIOD, today=TODAY))
    assert "生产经营" in book and "产业助理" in book and MARK not in book
    assert (
        label("specialist_type", "industrial_assistant") == "EN[产业助理]"
    )  # the interface is still English
    assert i18n.current_language() == "en"


def test_reference_names_are_chinese_too(english: None, session: Session, world) -> None:  # type: ignore[no-untyped-def]
    text = pdf_text(profile_pdf(session, world[1].enterprise_ids[0], today=TODAY, actor=SYSTEM))
    assert "制造业" in text and "中型" in text
    assert "Manufacturing" not in text and MARK not in text


@pytest.mark.parametrize("name", list(FORMS))
def test_every_document_is_chinese_in_an_english_interface(
    english: None,
    session: Session,
    world,  # type: ignore[no-untyped-def]
    name: str,
) -> None:
    sp: Specimen = world[1]
    sel = Selection(
        record_id=sp.record_id,
        staff_id=sp.staff_id,
        start=PERIOD[0],
        end=PERIOD[1],
        enterprise_id=sp.enterprise_ids[0],
        proxy_id=sp.proxy_id,
        zone_id=sp.zone_id,
        today=TODAY,
        attachments=AttachmentService(store.SYSTEM, attachments_dir(sp.folder)),
    )
    spec = FORMS[name]
    text = pdf_text(spec.render(session, sel))
    assert spec.title in text and MARK not in text
    if spec.xlsx is not None:
        book = xlsx_text(spec.render(session, sel, "xlsx"))
        assert spec.title in book and MARK not in book


def test_chinese_labels_is_per_thread_and_restored(english: None) -> None:
    inside, release = threading.Event(), threading.Event()
    seen: dict[str, str] = {}

    def worker() -> None:
        with chinese_labels():
            seen["worker"] = label("stage", "operation")
            inside.set()
            release.wait(10)
            with chinese_labels():  # nested: still Chinese, and still after the inner block ends
                pass
            seen["worker, later"] = label("stage", "operation") + i18n.current_language()
        seen["worker, after"] = label("stage", "operation")

    t = threading.Thread(target=worker)
    t.start()
    assert inside.wait(10)
    seen["main, meanwhile"] = label("stage", "operation") + i18n.current_language()
    release.set()
    t.join(10)
    assert seen == {
        "worker": "生产经营",
        "main, meanwhile": "EN[生产经营]en",
        "worker, later": "生产经营zh_CN",
        "worker, after": "EN[生产经营]",
    }
    with pytest.raises(RuntimeError), chinese_labels():
        raise RuntimeError
    assert label("stage", "operation") == "EN[生产经营]"  # an error inside does not leave it on
