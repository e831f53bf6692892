"""Input validation on real stores: every write path refuses what the model cannot hold, the
importers report it by line, database errors arrive in Chinese, the CLI escapes what it echoes
and speaks Chinese in argparse's messages too."""

from __future__ import annotations

import io
import sqlite3

import pytest
from sqlalchemy import create_engine, event, text
from sqlmodel import Session, select

from fieldkit.cli import main
from fieldkit.db import open_store, session_factory, transaction
from fieldkit.domain.import_policies import read_policies
from fieldkit.models import Demand, Enterprise, Staff
from fieldkit.services import importing
from fieldkit.services.db_errors import StoreWriteError, translated
from fieldkit.services.demands import DemandService
from fieldkit.services.enterprises import EnterpriseService
from fieldkit.services.errors import FieldKitError, ValidationErrors
from tests.unit.fixtures import ACTOR, DB, add_enterprise, add_staff, make_code


def _errors(exc: pytest.ExceptionInfo[ValidationErrors]) -> dict[str, str]:
    return {e.field or "": e.text() for e in exc.value.errors}


def test_an_over_long_name_is_refused_with_the_field_and_the_limit(db: DB) -> None:
    with pytest.raises(ValidationErrors) as e, db.tx() as s:
        add_enterprise(s, "华" * 100_000)
    assert _errors(e)["name"] == "企业名称太长：最多 200 个字，当前 100000 个字"
    assert db.count(Enterprise) == 0


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("contact_person", "张\x00三", "联系人含有不允许的控制字符 U+0000"),
        ("address", "成都\x1b[2J", "企业地址含有不允许的控制字符 U+001B"),
        ("legal_representative", "李\ud800", "法定代表人含有无法保存的字符"),
        ("contact_phone", "١٣٨٠٠١٣٨٠٠٠", "联系电话含有非 0–9 的数字"),
        ("address", "x" * 301, "企业地址太长：最多 300 个字"),
    ],
)
def test_enterprise_fields_refuse_controls_surrogates_and_foreign_digits(
    db: DB, field: str, value: str, says: str
) -> None:
    with pytest.raises(ValidationErrors) as e, db.tx() as s:
        add_enterprise(s, "华为技术有限公司", **{field: value})
    assert _errors(e)[field].startswith(says)


def test_zero_width_only_and_whitespace_only_names_are_refused(db: DB) -> None:
    for name in ("\u200b\u200b", "\u3000 \u00a0"):
        with pytest.raises(ValidationErrors) as e, db.tx() as s:
            add_enterprise(s, name)
        assert "企业名称" in _errors(e)["name"]


def test_notes_keep_their_lines_but_not_a_bell(db: DB) -> None:
    with db.tx() as s:
        ent = add_enterprise(s, "华为技术有限公司", notes="第一行\n\t第二行")
    with db.session() as s:
        assert s.get(Enterprise, ent.id).notes == "第一行\n\t第二行"  # type: ignore[union-attr]
    with pytest.raises(ValidationErrors) as e, db.tx() as s:
        EnterpriseService(ACTOR).update(s, s.get(Enterprise, ent.id), notes="叮\x07")
    assert "备注含有不允许的控制字符 U+0007" in _errors(e)["notes"]


def test_every_service_write_goes_through_the_check(staff_and_enterprise) -> None:  # type: ignore[no-untyped-def]
    """The one write path (store.insert / update) checks the texts of any table: a demand."""
    db, staff, ent = staff_and_enterprise
    with pytest.raises(FieldKitError) as e, db.tx() as s:
        DemandService(ACTOR).raise_demand(
            s, enterprise_id=ent.id, staff_id=staff.id, description="用电\x1b难"
        )
    assert "诉求内容含有不允许的控制字符" in e.value.text()
    with db.tx() as s:
        d = DemandService(ACTOR).raise_demand(
            s, enterprise_id=ent.id, staff_id=staff.id, description="用电难"
        )
    from fieldkit.services import store

    with pytest.raises(ValidationErrors) as e, db.tx() as s:
        store.update(s, s.get(Demand, d.id), ACTOR, department="经" * 101)
    assert "承办部门太长：最多 100 个字，当前 101 个字" in e.value.text()
    with pytest.raises(ValidationErrors), db.tx() as s:
        add_staff(s, "\u200b", "zero")


def test_an_import_reports_the_bad_rows_by_line(tmp_path, db: DB) -> None:  # type: ignore[no-untyped-def]
    good, long_name, ctrl, arabic = (make_code(n) for n in (901, 902, 903, 904))
    path = tmp_path / "list.csv"
    path.write_text(
        "企业名称,统一社会信用代码,联系人,联系电话\n"
        f"好企业,{good},张三,13800138000\n"
        f"{'长' * 201},{long_name},李四,\n"
        f"坏\x1b企业,{ctrl},王五,\n"
        f"数字企业,{arabic},赵六,١٣٨٠٠١٣٨٠٠٠\n"
        f"\u200b,{make_code(905)},钱七,\n",
        encoding="utf-8",
    )
    with db.session() as s:
        report = importing.read_enterprises(path, session=s)
    assert [r.line for r in report.ok] == [2]
    reasons = {b.line: "；".join(b.reasons) for b in report.bad}
    assert "企业名称太长：最多 200 个字，当前 201 个字" in reasons[3]
    assert "企业名称含有不允许的控制字符 U+001B" in reasons[4]
    assert "联系电话含有非 0–9 的数字" in reasons[5]
    assert "请填写企业名称" in reasons[6]  # the zero-width space is dropped: nothing is left
    out = io.StringIO()
    importing.print_report(report, out)
    assert "\x1b" not in out.getvalue() and "第 4 行" in out.getvalue()


def test_a_policy_import_takes_its_limits_from_the_model(tmp_path, db: DB) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "policies.csv"
    path.write_text(
        f"政策名称,文号,政策摘要\n好政策,川发〔2026〕1号,第一段\n{'政' * 301},,\n控制\x00字符,,\n合法,{'号' * 101},\n",
        encoding="utf-8",
    )
    report = read_policies(path, vocabulary=importing.vocabulary())
    assert [r.line for r in report.ok] == [2]
    reasons = {b.line: "；".join(b.reasons) for b in report.bad}
    assert "政策名称太长：最多 300 个字，当前 301 个字" in reasons[3]
    assert "政策名称含有不允许的控制字符 U+0000" in reasons[4]
    assert "文号太长：最多 100 个字，当前 101 个字" in reasons[5]


def test_a_unique_login_conflict_names_the_field_and_value(db: DB) -> None:
    with db.tx() as s:
        add_staff(s, "张伟", "zw")
    with pytest.raises(StoreWriteError) as e, translated(), db.tx() as s:
        zone_id = s.exec(select(Staff.zone_id)).one()
        s.add(Staff(name="张伟2", login="zw", zone_id=zone_id))
        s.flush()
    assert e.value.text() == "登录名“zw”已被使用，请换一个"
    assert "autoflush" not in e.value.text()


def test_a_locked_store_says_it_is_in_use(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "fieldkit.sqlite3"
    open_store(path).dispose()
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.05})
    try:
        with pytest.raises(StoreWriteError) as e, translated(), transaction(session_factory(engine)) as s:
            s.exec(text("INSERT INTO syncmeta(key, value) VALUES ('k', 'v')"))  # type: ignore[call-overload]
        assert e.value.text().startswith("数据正被另一个程序使用")
    finally:
        holder.rollback()
        holder.close()
        engine.dispose()


def test_a_full_database_says_the_disk_is_full(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """SQLite's own SQLITE_FULL, reached by capping the file's pages (max_page_count)."""
    path = tmp_path / "fieldkit.sqlite3"
    open_store(path).dispose()
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _cap(conn, _record) -> None:  # type: ignore[no-untyped-def]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")

    try:
        with pytest.raises(StoreWriteError) as e, translated(), transaction(session_factory(engine)) as s:
            for i in range(200):
                s.exec(
                    text("INSERT INTO syncmeta(key, value) VALUES (:k, :v)").bindparams(
                        k=f"k{i}", v="x" * 4000
                    )
                )  # type: ignore[call-overload]
        assert e.value.text().startswith("磁盘已满")
    finally:
        engine.dispose()


def test_search_output_escapes_control_characters(tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A name stored before validation existed (or by another tool) is echoed escaped."""
    from fieldkit.services.auth import set_password

    folder = tmp_path / "d"
    engine = open_store(folder / "fieldkit.sqlite3")
    with transaction(session_factory(engine)) as s:
        ent = add_enterprise(s, "响铃有限公司")
        admin = add_staff(s, "管理员", "admin", role="admin")
        set_password(s, "admin", admin.id, "admin-pass-1")
    monkeypatch.setenv("FIELDKIT_PASSWORD", "admin-pass-1")  # the CLI signs in like the window
    with Session(engine) as s:  # behind the services' back, as an old store might hold it
        s.exec(
            text("UPDATE enterprise SET name = :n WHERE id = :i").bindparams(
                n="响铃\x07\x1b[2J有限公司", i=ent.id
            )
        )  # type: ignore[call-overload]
        s.commit()
    engine.dispose()
    assert main(["--data-dir", str(folder), "search", "--login", "admin", "响铃"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "响铃\\x07\\x1b[2J有限公司" in out


def test_argparse_speaks_chinese(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as e:
        main(["--data-dir", str(tmp_path), "import"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "用法：" in err and "错误：缺少以下必需的参数：kind, file" in err and "usage:" not in err
    with pytest.raises(SystemExit):
        main(["--data-dir", str(tmp_path), "import", "policies-x", "f.csv"])
    assert "无效的选项：'policies-x'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["search", "--help"])
    out = capsys.readouterr().out
    assert "位置参数" in out and "显示此帮助信息并退出" in out


def test_argparse_in_english_with_lang_en(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, "-m", "fieldkit", "--lang", "en", "import"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2
    assert "usage: " in r.stderr and "the following arguments are required: kind, file" in r.stderr


def test_an_argument_that_is_not_text_is_refused(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--data-dir", str(tmp_path), "search", "华\udcff"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：参数“华\\udcff”含有无法识别的字符") and "Traceback" not in err
