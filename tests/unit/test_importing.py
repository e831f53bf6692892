"""Enterprise import: encodings, messy office files, every kind of bad row with its real line,
all-or-nothing commit, xlsx, and the command line."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from fieldkit.cli import main
from fieldkit.config import db_path
from fieldkit.db import open_store, session_factory, transaction
from fieldkit.models import Assignment, Enterprise, OutboxEntry, Staff, Zone
from fieldkit.services.enterprises import EnterpriseService
from fieldkit.services.importing import (
    TEMPLATE_HEADERS,
    ImportCommitError,
    ImportFileError,
    commit_import,
    read_enterprises,
    run_cli_import,
)
from fieldkit.services.outbox import sync_states
from fieldkit.services.store import SYSTEM, Actor
from fieldkit.services.validation import uscc_check_char

FW = str.maketrans(
    "0123456789ABCDEFGHJKLMNPQRTUWXY", "０１２３４５６７８９ＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹ"
)


def code(n: int, region: str = "510600") -> str:
    first17 = f"91{region}MA6{n:05d}X"[:17]
    return first17 + uscc_check_char(first17)


def wrong_check(c: str) -> str:
    return c[:-1] + ("0" if c[-1] != "0" else "1")


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8", newline: str = "\r\n") -> Path:
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


@pytest.fixture()
def engine(tmp_path: Path) -> Engine:
    return open_store(tmp_path / "data" / "fieldkit.sqlite3")


def _count(engine: Engine, model: type = Enterprise) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()


def _add_staff(engine: Engine, login: str = "zhangwei", role: str = "assistant") -> Staff:
    with Session(engine, expire_on_commit=False) as s:
        zone = s.exec(select(Zone).where(Zone.code == "DY")).first() or Zone(
            name="德阳经济技术开发区", code="DY"
        )
        s.add(zone)
        s.flush()
        staff = Staff(name="张伟", login=login, zone_id=zone.id, role=role)
        s.add(staff)
        s.commit()
        return staff


GOOD = [
    "企业名称,统一社会信用代码,法定代表人,联系人,联系电话,地址,所属行业,企业规模,生命周期阶段,企业状态,企业标签,备注",
    f"德阳华鼎机械制造有限公司,{code(1)},张建,刘芳,13812345678,德阳经济技术开发区泰山南路88号,C,小型,生产经营,存续,专精特新、高新技术企业,",
    f"四川宏达电气股份有限公司,{code(2)},李明,王丽,0838-2345678,德阳市旌阳区长江东路1号,制造业,中型,项目建设,存续,规上企业，出口企业,重点企业",
]


# --- encodings and messy input --------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "label"),
    [
        ("utf-8", "UTF-8"),
        ("utf-8-sig", "UTF-8 (BOM)"),
        ("gb18030", "GB18030"),
        ("gbk", "GB18030"),
        ("utf-16", "UTF-16"),
    ],
)
def test_encodings(tmp_path: Path, encoding: str, label: str) -> None:
    lines = [line.replace(",", "\t") for line in GOOD] if encoding == "utf-16" else GOOD
    report = read_enterprises(write_csv(tmp_path / "e.csv", lines, encoding))
    assert report.encoding == label
    assert not report.bad
    assert [r.line for r in report.ok] == [2, 3]
    first, second = (r.data for r in report.ok)
    assert first["name"] == "德阳华鼎机械制造有限公司"
    assert first["credit_code"] == code(1)
    assert first["tags"] == ["专精特新", "高新技术企业"]
    assert (first["industry"], first["scale"], first["stage"], first["status"]) == (
        "C",
        "small",
        "operation",
        "operating",
    )
    assert (second["industry"], second["scale"], second["stage"]) == ("C", "medium", "construction")
    assert second["contact_phone"] == "0838-2345678"
    assert second["tags"] == ["出口企业", "规上企业"]
    assert second["notes"] == "重点企业"


def test_fullwidth_and_spaces_normalised(tmp_path: Path) -> None:
    lines = [
        "企业名称,统一社会信用代码,联系电话,所属行业,企业规模\u200b",
        f"　ＡＢＣ智能装备（德阳）有限公司　, {code(3).translate(FW)} ,＋８６　１３９１２３４５６７８,Ｃ, 小 ",
        f"德阳新源科技有限公司\u200b,{code(4).lower()},139 1234 5678,c,微型企业",
    ]
    report = read_enterprises(write_csv(tmp_path / "fw.csv", lines, "gb18030"))
    assert not report.bad, [b.reasons for b in report.bad]
    a, b = (r.data for r in report.ok)
    assert a["name"] == "ABC智能装备（德阳）有限公司"  # Chinese brackets kept
    assert a["credit_code"] == code(3)
    assert a["contact_phone"] == "13912345678"
    assert (a["industry"], a["scale"]) == ("C", "small")
    assert b["credit_code"] == code(4) and b["name"] == "德阳新源科技有限公司"  # zero-width space gone
    assert (b["contact_phone"], b["industry"], b["scale"]) == ("13912345678", "C", "micro")


def test_title_row_blank_lines_and_synonyms(tmp_path: Path) -> None:
    lines = [
        "德阳经开区企业名单（2026年11月）,,,,,,,,,,",
        "",
        "序号,单位名称,信用代码,法人代表,电话,注册地址,行业门类,规模,阶段,状态,标签",
        f"1,德阳瑞丰物流有限公司,{code(5)},赵强,13512345678,泰山南路1号,G 交通运输、仓储和邮政业,大,建设,休眠,出口企业;科技创新",
        ",,,,,,,,,,",
        "",
        f"2,德阳博远软件有限公司,{code(6)},钱进,13612345678,长江东路2号,信息传输、软件和信息技术服务业,micro,变更,注销,",
        "3,,,,,,,,,,",
    ]
    report = read_enterprises(write_csv(tmp_path / "t.csv", lines, "utf-8-sig"))
    assert report.header_line == 3
    assert report.ignored_columns == ["序号"]
    assert report.blank_lines == 3  # two empty lines, one row with only a pre-filled 序号
    assert not report.bad, [(b.line, b.reasons) for b in report.bad]
    assert [r.line for r in report.ok] == [4, 7]
    a, b = (r.data for r in report.ok)
    assert (a["legal_representative"], a["address"], a["industry"], a["scale"], a["stage"], a["status"]) == (
        "赵强",
        "泰山南路1号",
        "G",
        "large",
        "construction",
        "hibernating",
    )
    assert a["tags"] == ["出口企业", "科技创新"]
    assert (b["industry"], b["scale"], b["stage"], b["status"]) == ("I", "micro", "change", "deregistered")


def test_header_with_marks_and_notes(tmp_path: Path) -> None:
    lines = [
        "*企业名称,*统一社会信用代码（18位）,手机号 ,企业地址",
        f"德阳华鼎机械有限公司,{code(7)},13812345678,某路1号",
    ]
    report = read_enterprises(write_csv(tmp_path / "m.csv", lines))
    assert report.ok and report.ok[0].data["contact_phone"] == "13812345678"
    assert set(report.columns) == {"name", "credit_code", "contact_phone", "address"}


# --- bad rows and their line numbers ---------------------------------------------------------


def test_every_kind_of_bad_row_with_its_line(tmp_path: Path, engine: Engine) -> None:
    with transaction(session_factory(engine)) as s:
        EnterpriseService(SYSTEM).create(s, name="已有企业有限公司", credit_code=code(90))
    lines = [
        "企业花名册",  # 1 title
        "企业名称,统一社会信用代码,联系电话,企业规模",  # 2 header
        f"好企业一有限公司,{code(10)},13812345678,小型",  # 3 ok
        f"校验位错误有限公司,{wrong_check(code(11))},,",  # 4 bad check char
        "长度错误有限公司,9151060012345,,",  # 5 wrong length
        f",{code(12)},13812345678,",  # 6 missing name
        "",  # 7 blank
        f"电话错误有限公司,{code(13)},12345,",  # 8 bad phone
        f"好企业一的副本有限公司,{code(10)},,",  # 9 duplicate in file
        f"已存在有限公司,{code(90)},,",  # 10 duplicate in store
        f"规模错误有限公司,{code(14)},,特大型",  # 11 bad scale
        f'"多行地址，名称里有逗号,有限公司",{code(15)},,',  # 12 ok (quoted comma)
        f"多个问题,{wrong_check(code(16))},999,巨型",  # 13 several reasons
        f"好企业二有限公司,{code(17)},,",  # 14 ok
    ]
    with Session(engine) as s:
        report = read_enterprises(write_csv(tmp_path / "bad.csv", lines, "gb18030"), session=s)
    assert [r.line for r in report.ok] == [3, 12, 14]
    bad = {b.line: b.reasons for b in report.bad}
    assert sorted(bad) == [4, 5, 6, 8, 9, 10, 11, 13]
    assert "校验位错误" in bad[4][0] and "应为“" in bad[4][0]
    assert "应为18位，当前为13位" in bad[5][0]
    assert bad[6] == ["请填写企业名称"]
    assert "电话号码“12345”格式不正确" in bad[8][0]
    assert "与第 3 行重复" in bad[9][0]
    assert "已在系统中（已有企业有限公司）" in bad[10][0]
    assert "企业规模“特大型”无效" in bad[11][0]
    assert len(bad[13]) == 3  # every reason, in column order: code, phone, scale
    assert "校验位" in bad[13][0] and "电话" in bad[13][1] and "企业规模" in bad[13][2]
    assert report.blank_lines == 1
    assert report.total_rows == 11


def test_line_numbers_after_a_multiline_cell(tmp_path: Path) -> None:
    lines = [
        "企业名称,统一社会信用代码,地址",
        f'好企业有限公司,{code(20)},"德阳市\n旌阳区\n泰山南路1号"',  # lines 2-4
        f"坏企业有限公司,{wrong_check(code(21))},",  # line 5
    ]
    report = read_enterprises(write_csv(tmp_path / "ml.csv", lines))
    assert report.ok[0].line == 2 and report.ok[0].data["address"] == "德阳市\n旌阳区\n泰山南路1号"
    assert [b.line for b in report.bad] == [5]


def test_bad_industry_stage_status(tmp_path: Path) -> None:
    lines = [
        "企业名称,统一社会信用代码,所属行业,生命周期阶段,企业状态",
        f"甲有限公司,{code(30)},Z,孵化,破产",
        f"乙有限公司,{code(31)},农、林、牧、渔业,开办,在业",
    ]
    report = read_enterprises(write_csv(tmp_path / "x.csv", lines))
    (bad,) = report.bad
    assert bad.line == 2 and len(bad.reasons) == 3
    assert report.ok[0].data["industry"] == "A" and report.ok[0].data["stage"] == "startup"


def test_scientific_notation_from_excel(tmp_path: Path) -> None:
    lines = ["企业名称,统一社会信用代码,联系电话", "某某有限公司,9.15106E+17,1.38123E+10"]
    (bad,) = read_enterprises(write_csv(tmp_path / "sci.csv", lines)).bad
    assert len(bad.reasons) == 2 and all("科学计数法" in r for r in bad.reasons)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("nohead.csv", "a,b,c\n1,2,3\n"),
        ("nocode.csv", "企业名称,联系人\n某公司,张三\n"),
        ("e.doc", "x"),
        ("old.xls", "x"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: str) -> None:
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError):
        read_enterprises(p)


def test_missing_file_and_undecodable(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError):
        read_enterprises(tmp_path / "none.csv")
    p = tmp_path / "bin.csv"
    p.write_bytes(b"\x81\x30\xff\xff\x00\x80" * 20)
    with pytest.raises(ImportFileError):
        read_enterprises(p)


# --- writing ---------------------------------------------------------------------------------


def test_nothing_written_without_commit(tmp_path: Path, engine: Engine) -> None:
    path = write_csv(tmp_path / "g.csv", GOOD)
    out = io.StringIO()
    assert (
        run_cli_import(engine, path, kind="enterprises", commit=False, assume_yes=True, login=None, out=out)
        == 0
    )
    assert _count(engine) == 0 and _count(engine, OutboxEntry) == 0
    assert "--commit" in out.getvalue()


def test_commit_writes_through_the_service(tmp_path: Path, engine: Engine) -> None:
    staff = _add_staff(engine)
    report = read_enterprises(write_csv(tmp_path / "g.csv", GOOD))
    n = commit_import(session_factory(engine), report, Actor(staff.id, "dev1"), assign_to_staff_id=staff.id)
    assert n == 2 == _count(engine)
    with Session(engine) as s:
        ents = s.exec(select(Enterprise).order_by(Enterprise.name)).all()
        assert all(e.zone_id == staff.zone_id and e.name_initials for e in ents)
        assert set(sync_states(s, "enterprise", [e.id for e in ents]).values()) == {"waiting"}
        assignments = s.exec(select(Assignment)).all()
        assert {a.enterprise_id for a in assignments} == {e.id for e in ents}
        assert all(a.staff_id == staff.id and a.end_date is None for a in assignments)
    assert _count(engine, OutboxEntry) == 4  # two enterprises, two assignments


def test_commit_is_all_or_nothing(tmp_path: Path, engine: Engine) -> None:
    lines = [
        "企业名称,统一社会信用代码",
        f"第一家有限公司,{code(40)}",
        f"第二家有限公司,{code(41)}",
        f"第三家有限公司,{code(42)}",
    ]
    make = session_factory(engine)
    with make() as s:
        report = read_enterprises(write_csv(tmp_path / "a.csv", lines), session=s)
    assert len(report.ok) == 3
    # meanwhile someone else adds the second enterprise: it collides at write time
    with transaction(make) as s:
        EnterpriseService(SYSTEM).create(s, name="别人先录入的", credit_code=code(41))
    before = _count(engine, OutboxEntry)
    with pytest.raises(ImportCommitError) as err:
        commit_import(make, report, SYSTEM)
    assert "第 3 行" in err.value.text()
    assert _count(engine) == 1  # only the one added meanwhile: the first row was rolled back
    assert _count(engine, OutboxEntry) == before


def test_commit_unknown_assignee_writes_nothing(tmp_path: Path, engine: Engine) -> None:
    report = read_enterprises(write_csv(tmp_path / "g.csv", GOOD))
    with pytest.raises(Exception):  # noqa: B017 - NotFoundError, translated
        commit_import(session_factory(engine), report, SYSTEM, assign_to_staff_id="nobody")
    assert _count(engine) == 0


# --- xlsx ------------------------------------------------------------------------------------


def test_xlsx_import(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "德阳经开区重点企业名单"
    ws.merge_cells("A1:F1")
    ws.append(["序号", "企业名称", "统一社会信用代码", "手机", "所属行业", "企业标签"])  # row 2
    ws.append(
        [1, "德阳华鼎机械制造有限公司", code(50), 13812345678, "C 制造业", "专精特新，高新技术企业"]
    )  # row 3
    ws.append([])  # row 4
    ws.append([2, "  德阳宏达电气有限公司 ", code(51).translate(FW), "0838-2345678", "C", None])  # row 5
    ws.append([3, "数字格式代码有限公司", 915106001234567890, None, None, None])  # row 6: precision lost
    ws.append([4, "缺代码有限公司", None, None, None, None])  # row 7
    ws.cell(row=10, column=2, value="隔行的企业有限公司")  # rows 8-9 empty, row 10
    ws.cell(row=10, column=3, value=code(52))
    path = tmp_path / "list.xlsx"
    wb.save(path)
    report = read_enterprises(path)
    assert (report.encoding, report.sheet, report.header_line) == ("xlsx", "Sheet", 2)
    assert [r.line for r in report.ok] == [3, 5, 10]
    first = report.ok[0].data
    assert first["contact_phone"] == "13812345678" and first["industry"] == "C"
    assert first["tags"] == ["专精特新", "高新技术企业"]
    assert report.ok[1].data["name"] == "德阳宏达电气有限公司" and report.ok[1].data["credit_code"] == code(
        51
    )
    assert [b.line for b in report.bad] == [6, 7]
    assert report.blank_lines == 3


def test_shipped_templates_are_recognised() -> None:
    from fieldkit.config import RESOURCES

    for ext in ("csv", "xlsx"):
        report = read_enterprises(RESOURCES / "templates" / f"enterprise_import_template.{ext}")
        assert len(report.columns) == len(TEMPLATE_HEADERS) and report.total_rows == 0


# --- command line ----------------------------------------------------------------------------

MIXED = GOOD + [f"坏企业有限公司,{wrong_check(code(60))},,,,,,,,,,"]


def _sign_in_as_supervisor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI signs in: the store gets its zone's supervisor with a local password (once)."""
    from .fixtures import CLI_PASSWORD, allow_cli_sign_in

    monkeypatch.setenv("FIELDKIT_PASSWORD", CLI_PASSWORD)
    folder = tmp_path / "data"
    engine = open_store(db_path(folder))
    with Session(engine) as s:
        known = s.exec(select(Staff).where(Staff.login == "zhaomin")).first() is not None
    if not known:
        _add_staff(engine, "zhaomin", role="supervisor")
    engine.dispose()
    if not known:
        allow_cli_sign_in(folder, "zhaomin")


def _cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str | None, *extra: str) -> int:
    _sign_in_as_supervisor(tmp_path, monkeypatch)
    if answer is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(answer))
    path = tmp_path / "m.csv"
    if not path.exists():
        write_csv(path, MIXED, "gb18030")
    return main(["--data-dir", str(tmp_path / "data"), "import", "enterprises", str(path), *extra])


def _cli_count(tmp_path: Path) -> int:
    return _count(open_store(db_path(tmp_path / "data")))


def test_cli_preview_reports_bad_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(tmp_path, monkeypatch, None) == 1
    out = capsys.readouterr().out
    assert "第 4 行：统一社会信用代码校验位错误" in out and "可导入 2 行" in out
    assert _cli_count(tmp_path) == 0


@pytest.mark.parametrize(
    ("answer", "code_", "written"), [("y\n", 0, 2), ("是\n", 0, 2), ("n\n", 1, 0), ("", 1, 0), ("\n", 1, 0)]
)
def test_cli_commit_asks(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    answer: str,
    code_: int,
    written: int,
) -> None:
    assert _cli(tmp_path, monkeypatch, answer, "--commit") == code_
    out = capsys.readouterr().out
    assert "是否导入其余 2 行" in out
    assert _cli_count(tmp_path) == written


def test_cli_yes_skips_the_question(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert _cli(tmp_path, monkeypatch, None, "--commit", "--yes") == 0
    assert "已导入 2 家企业" in capsys.readouterr().out
    assert _cli_count(tmp_path) == 2
    # the same file again: every row is now a duplicate against the store
    assert _cli(tmp_path, monkeypatch, None, "--commit", "--yes") == 1
    assert "已在系统中" in capsys.readouterr().out
    assert _cli_count(tmp_path) == 2


def test_cli_no_stdin_means_no(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert _cli(tmp_path, monkeypatch, None, "--commit") == 1
    assert _cli_count(tmp_path) == 0


def test_cli_login_assigns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = open_store(db_path(tmp_path / "data"))
    staff = _add_staff(engine, "lina")
    write_csv(tmp_path / "m.csv", GOOD)
    assert _cli(tmp_path, monkeypatch, None, "--commit", "--assign-to", "lina") == 0
    with Session(engine) as s:
        assert len(s.exec(select(Assignment).where(Assignment.staff_id == staff.id)).all()) == 2
    assert _cli(tmp_path, monkeypatch, None, "--commit", "--assign-to", "nobody") == 1
    assert "nobody" in capsys.readouterr().out


def test_cli_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _sign_in_as_supervisor(tmp_path, monkeypatch)
    assert (
        main(["--data-dir", str(tmp_path / "data"), "import", "enterprises", str(tmp_path / "missing.csv")])
        == 2
    )
    (tmp_path / "x.xlsx").write_bytes(b"not a zip")
    assert (
        main(
            [
                "--data-dir",
                str(tmp_path / "data"),
                "import",
                "enterprises",
                str(tmp_path / "x.xlsx"),
                "--commit",
                "--yes",
            ]
        )
        == 2
    )
    assert "找不到文件" in capsys.readouterr().out
