"""``fieldkit print FORM [selectors] -o FILE`` for every document, its Chinese errors, and the same
command with ``--lang en``: English help and messages, Chinese documents."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from openpyxl import load_workbook

from fieldkit.cli import main
from fieldkit.forms.catalog import FORM_TITLES
from fieldkit.forms.cli import period_of
from fieldkit.forms.specimen import Specimen, credit_code, specimen_store

from .fixtures import CLI_PASSWORD, allow_cli_sign_in


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Specimen]]:
    folder = tmp_path_factory.mktemp("cli-world")
    engine, sp = specimen_store(folder, ledger_records=5)
    engine.dispose()
    allow_cli_sign_in(folder, "lizr")  # the zone's supervisor prints every form of the zone
    yield folder, sp


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDKIT_PASSWORD", CLI_PASSWORD)


def run(folder: Path, *args: str) -> int:
    return main(["--data-dir", str(folder), "print", *args])


PERIOD = ("--from", "2026-01-01", "--to", "2026-12-31", "--today", "2026-11-20")


def selectors(name: str, sp: Specimen) -> list[str]:
    return {
        "visit-record": ["--record", sp.record_id[:8].upper()],  # as printed on the form
        "visit-plan": ["--staff", "wangxm", *PERIOD],
        "work-ledger": ["--staff", "wangxm", *PERIOD],
        "demand-ledger": [*PERIOD],
        "proxy-ledger": ["--staff", "wangxm", *PERIOD],
        "service-plan": ["--proxy", sp.proxy_id],
        "policy-report": ["--enterprise", credit_code(1), "--today", "2026-11-20"],
        "profile": ["--enterprise", "德阳旌城精密机械制造有限公司"],
        "survey": ["--enterprise", sp.enterprise_ids[1]],
        "zone-summary": ["--zone", "DY-ETDZ", *PERIOD],
    }[name]


@pytest.mark.parametrize("name", list(FORM_TITLES))
def test_every_form_prints_to_pdf(
    world: tuple[Path, Specimen], tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, sp = world
    out = tmp_path / "子目录" / f"{name}.pdf"
    assert run(folder, name, *selectors(name, sp), "-o", str(out)) == 0
    data = out.read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    first = reader.pages[0].extract_text() or ""
    assert FORM_TITLES[name][1] in first and FORM_TITLES[name][0] in first
    assert f"已生成{FORM_TITLES[name][1]}" in capsys.readouterr().out
    assert not list(out.parent.glob(".*.part"))


@pytest.mark.parametrize(
    "name", ["visit-plan", "work-ledger", "demand-ledger", "proxy-ledger", "zone-summary"]
)
def test_ledgers_export_to_excel(world: tuple[Path, Specimen], tmp_path: Path, name: str) -> None:
    folder, sp = world
    out = tmp_path / f"{name}.xlsx"
    assert run(folder, name, *selectors(name, sp), "-o", str(out)) == 0
    wb = load_workbook(out)
    assert wb.worksheets[0].freeze_panes == "A2"
    about = {r[0]: r[1] for r in wb["说明"].iter_rows(values_only=True)}
    assert about["表名"] == FORM_TITLES[name][1]


def test_record_selected_by_full_id_and_photos(world: tuple[Path, Specimen], tmp_path: Path) -> None:
    folder, sp = world
    out = tmp_path / "vr.pdf"
    assert (
        run(folder, "visit-record", "--record", sp.record_id, "--photo", sp.photo_ids[2], "-o", str(out)) == 0
    )
    text = "".join(p.extract_text() or "" for p in pypdf.PdfReader(out).pages)
    assert "座谈交流" in text and "新生产线设备" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["work-ledger", "--staff", "nobody"], "找不到登录名为“nobody”的人员"),
        (["work-ledger", "--staff", "wangxm", "--from", "2026-02-30"], "开始日期“2026-02-30”无效"),
        (["work-ledger", "--staff", "wangxm", "--to", "明天"], "结束日期“明天”无效"),
        (["work-ledger", "--staff", "wangxm", "--from", "2026-05-01", "--to", "2026-04-01"], "晚于结束日期"),
        (["work-ledger"], "工作台账需要指定：--staff 登录名"),
        (["visit-record"], "需要指定：--record 记录编号"),
        (["visit-record", "--record", "ffffffff"], "找不到走访记录“ffffffff”"),
        (["visit-record", "--record", "abc"], "太短"),
        (["profile", "--enterprise", "不存在的公司"], "找不到企业“不存在的公司”"),
        (["zone-summary", "--zone", "火星"], "找不到功能区“火星”"),
        (["bogus"], "未知的表单“bogus”"),
    ],
)
def test_bad_selectors_fail_with_a_chinese_message(
    world: tuple[Path, Specimen],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    folder, _sp = world
    out = tmp_path / "x.pdf"
    assert run(folder, *args, "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and message in err, err
    assert not out.exists()


def test_excel_only_for_ledgers_and_known_extensions(
    world: tuple[Path, Specimen], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, sp = world
    assert run(folder, "survey", "-o", str(tmp_path / "s.xlsx")) == 2
    assert "不能导出 Excel" in capsys.readouterr().err
    assert run(folder, "survey", "-o", str(tmp_path / "s.docx")) == 2
    assert ".pdf 或 .xlsx" in capsys.readouterr().err


def test_default_period_is_the_current_quarter() -> None:
    from datetime import date

    assert period_of(None, None, date(2026, 11, 20)) == (date(2026, 10, 1), date(2026, 12, 31))
    assert period_of("2026-03-01", None, date(2026, 11, 20)) == (date(2026, 3, 1), date(2026, 11, 20))
    assert period_of(None, "2026-06-30", date(2026, 11, 20)) == (date(2026, 1, 1), date(2026, 6, 30))


# ------------------------------------------------------------------------- --lang en

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def run_english(*args: str) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter, as a user runs it: the real .qm is loaded before the parser is built."""
    return subprocess.run(
        [sys.executable, "-m", "fieldkit", "--lang", "en", *args], capture_output=True, text=True, timeout=180
    )


def test_english_help_has_no_chinese() -> None:
    r = run_english("print", "--help")
    assert r.returncode == 0, r.stderr
    for expected in (
        "work-ledger (Work ledger)",
        "login of the staff member",
        "The documents are always in Chinese",
        "output file: .pdf, or .xlsx (ledgers)",
    ):
        assert expected in " ".join(r.stdout.split()), expected
    assert not CJK.search(r.stdout), CJK.findall(r.stdout)


def test_english_messages_but_a_chinese_document(world: tuple[Path, Specimen], tmp_path: Path) -> None:
    folder, _sp = world
    out = tmp_path / "ledger.pdf"
    bad_date = run_english(
        "--data-dir",
        str(folder),
        "print",
        "work-ledger",
        "--staff",
        "wangxm",
        "--from",
        "2026-02-30",
        "-o",
        str(out),
    )
    assert bad_date.returncode == 2
    assert (
        bad_date.stderr.strip() == "Error: The start date “2026-02-30” is invalid; write it like 2026-11-21"
    )
    nobody = run_english(
        "--data-dir", str(folder), "print", "work-ledger", "--staff", "nobody", "-o", str(out)
    )
    assert nobody.returncode == 2 and nobody.stderr.strip() == "Error: No staff member has the login “nobody”"
    missing = run_english("--data-dir", str(folder), "print", "visit-record", "-o", str(out))
    assert missing.stderr.strip() == "Error: Enterprise visit record: please give --record RECORD_NUMBER"
    assert not out.exists()
    ok = run_english(
        "--data-dir", str(folder), "print", "work-ledger", "--staff", "wangxm", *PERIOD, "-o", str(out)
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(f"Work ledger written to {out} (") and not CJK.search(ok.stdout)
    text = re.sub(r"\s", "", "".join(p.extract_text() or "" for p in pypdf.PdfReader(out).pages))
    for expected in ("工作台账", "填报单位", "王小明（产业助理）", "生产经营", "现场服务", "已提交", "第1页"):
        assert expected in text, expected
    for english in ("Workledger", "Industrialassistant", "Operation", "On-site", "Submitted"):
        assert english not in text, english
