"""``fieldkit admin import``: the desktop importer's parser, validators and per-line report, rows
written through the server's row store (change sequence, zone scope, audit) so devices pull them,
duplicates by credit code per line, all or nothing, ``--yes`` and the confirmation prompt."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fieldkit.cli import main
from fieldkit.domain.import_files import ImportCommitError
from fieldkit.server import crud, importer
from fieldkit.server.tables import audit, server_row
from fieldkit.services import importing as desktop
from tests.unit.test_importing import GOOD, code, write_csv, wrong_check

from .conftest import World


def _count(world: World, table: str = "enterprise") -> int:
    with world.engine.connect() as conn:
        return int(
            conn.scalar(select(func.count()).select_from(server_row).where(server_row.c.table_name == table))
            or 0
        )


def _run(
    world: World, path: Path, *, kind: str = "enterprises", zone: str | None = "高新区", **kw: object
) -> tuple[int, str]:
    out = io.StringIO()
    rc = importer.run(
        world.engine,
        kind=kind,
        path=path,
        zone=zone,
        commit=bool(kw.get("commit", False)),
        assume_yes=bool(kw.get("yes", False)),
        now=world.clock,
        out=out,
        stdin=kw.get("stdin"),  # type: ignore[arg-type]
    )
    return rc, out.getvalue()


def _messy(tmp_path: Path, existing: str) -> Path:
    return write_csv(
        tmp_path / "e.csv",
        [
            *GOOD,
            f"坏代码公司,{wrong_check(code(5))},,,,,,,,,,",
            f"重复公司,{code(1)},,,,,,,,,,",
            f"已在服务器的公司,{existing},,,,,,,,,,",
            ",,,,,,,,,,,",
            f"第四家公司,{code(6)},,,12345,,,巨型,,,,",
        ],
    )


def test_the_preview_is_the_desktop_report_and_writes_nothing(world: World, tmp_path: Path) -> None:
    on_server = code(9)
    with world.engine.begin() as conn:
        crud.enterprise_add(conn, name="老企业", credit_code=on_server, zone_id=world.zone, now=world.clock())
    path = _messy(tmp_path, on_server)
    before = _count(world)
    rc, text = _run(world, path)
    assert rc == 1 and _count(world) == before
    # the desktop's report of the same file, line by line (its store holds the same enterprise)
    report = desktop.read_enterprises(path)
    expected = io.StringIO()
    desktop.print_report(report, expected)
    lines = text.splitlines()
    want = expected.getvalue().splitlines()
    assert lines[0] == want[0]
    assert "共 6 行数据：可导入 2 行，有问题 4 行；跳过空行 1 行。" in lines
    assert f"第 6 行：统一社会信用代码 {on_server} 已在系统中（老企业）" in lines  # only the server knew it
    for line in want[2:]:
        if not line.startswith("第 6 行"):
            assert line in lines
    assert "第 5 行：统一社会信用代码 " + code(1) + " 与第 2 行重复" in lines
    assert any(x.startswith("第 4 行：统一社会信用代码校验位错误") for x in lines)
    assert any(x.startswith("第 8 行：") and "电话号码“12345”" in x and "巨型" in x for x in lines)
    assert lines[-1].startswith("以上为预览，未写入任何数据")


def test_commit_writes_through_the_row_store_so_the_zone_pulls_them(world: World, tmp_path: Path) -> None:
    world.user("boss", role="supervisor")
    world.user("other_boss", role="supervisor", zone=world.other_zone)
    world.user("zhang")
    path = write_csv(tmp_path / "good.csv", GOOD)
    rc, text = _run(world, path, commit=True)
    assert rc == 0, text
    assert text.splitlines()[-1] == "已导入 2 家企业到“高新区”。"
    boss, other, zhang = world.login("boss"), world.login("other_boss"), world.login("zhang")
    rows, _ = boss.pull_all()
    got = {v["credit_code"]: v for (t, _i), v in rows.items() if t == "enterprise"}
    assert set(got) == {code(1), code(2)}
    first = got[code(1)]
    assert first["zone_id"] == world.zone and first["tags"] == ["专精特新", "高新技术企业"]
    assert (first["industry"], first["scale"], first["stage"]) == ("C", "small", "operation")
    assert first["name_initials"] == "dyhdjxzzyxgs" and first["server_version"] > 0
    assert not [k for k in other.pull_all()[0] if k[0] == "enterprise"]  # another zone
    assert not [k for k in zhang.pull_all()[0] if k[0] == "enterprise"]  # nobody assigned yet
    with world.engine.connect() as conn:
        ops = conn.execute(
            select(audit.c.op, audit.c.staff_id, audit.c.device_id).where(
                audit.c.table_name == "enterprise", audit.c.row_id.in_([v["id"] for v in got.values()])
            )
        ).all()
    assert sorted(tuple(o) for o in ops) == [("create", None, None)] * 2  # the admin command line
    # importing the same file again: every line is a duplicate, nothing written
    rc, text = _run(world, path, commit=True, yes=True)
    assert rc == 1 and _count(world) == 2
    assert f"第 2 行：统一社会信用代码 {code(1)} 已在系统中（德阳华鼎机械制造有限公司）" in text


def test_bad_rows_ask_first_unless_yes(world: World, tmp_path: Path) -> None:
    path = _messy(tmp_path, code(9))
    rc, text = _run(world, path, commit=True, stdin=io.StringIO("n\n"))
    assert rc == 1 and _count(world) == 0
    assert "是否导入其余 3 行？[y/N]" in text and text.splitlines()[-1] == "已取消，未写入任何数据。"
    rc, text = _run(world, path, commit=True, stdin=io.StringIO("是\n"))
    assert rc == 0 and _count(world) == 3
    rc, text = _run(
        world,
        write_csv(tmp_path / "more.csv", [GOOD[0], f"又一家,{code(7)},,,,,,,,,,", "x,bad,,,,,,,,,,"]),
        commit=True,
        yes=True,
    )
    assert rc == 0 and "[y/N]" not in text and _count(world) == 4


def test_all_or_nothing_when_a_code_arrives_between_reading_and_writing(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "good.csv", GOOD)
    with world.engine.connect() as conn:
        report = importer.read(conn, "enterprises", path)
    assert len(report.ok) == 2
    with world.engine.begin() as conn:  # a push or another import takes the second code meanwhile
        crud.enterprise_add(
            conn, name="抢先的企业", credit_code=code(2), zone_id=world.zone, now=world.clock()
        )
    with pytest.raises(ImportCommitError) as exc:
        importer.write(world.engine, "enterprises", report, world.zone, world.clock())
    assert exc.value.text() == f"第 3 行写入失败：统一社会信用代码 {code(2)} 已在系统中（抢先的企业）"
    with world.engine.connect() as conn:
        codes = set(
            conn.scalars(select(server_row.c.natural_key).where(server_row.c.table_name == "enterprise"))
        )
    assert codes == {code(2)}  # the first row was rolled back with the rest


def test_unknown_zone_missing_zone_and_unreadable_files(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "good.csv", GOOD)
    rc, text = _run(world, path, zone="没有的区", commit=True)
    assert rc == 1 and text.strip() == "找不到名为“没有的区”的功能区，未写入任何数据"
    rc, text = _run(world, path, zone=None, commit=True)
    assert rc == 1 and "--zone" in text
    rc, text = _run(world, tmp_path / "missing.csv")
    assert rc == 2 and text.startswith("找不到文件")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    rc, text = _run(world, tmp_path / "old.xls")
    assert rc == 2 and "不支持旧版 .xls 格式" in text
    assert _count(world) == 0


POLICY_HEADER = (
    "政策名称,文号,发文单位,政策级别,政策类别,适用行业,适用规模,适用阶段,申报开始日期,申报截止日期,政策摘要"
)


def test_policies_with_the_same_per_line_report(world: World, tmp_path: Path) -> None:
    world.user("zhang")
    path = write_csv(
        tmp_path / "p.csv",
        [
            "2026年惠企政策清单",
            POLICY_HEADER,
            "专精特新企业认定奖励,德经开发〔2026〕12号,经开区管委会,区级,认定类,C、制造业,小型；微型,生产经营,2026/3/1,2026年12月31日,认定后奖励20万元",
            "技改补助,川经信〔2026〕3号,省经信厅,省,资金,C,,转型升级,2026-01-01,2026-06-30,",
            "专精特新企业认定奖励,德经开发〔2026〕12号,,,,,,,,,",
            ",德经开发〔2026〕13号,,,,,,,,,",
            "坏数据,x,,世界级,奖金类,Z,巨型,,2026-13-01,2025-01-01,",
            "反了的日期,y,,,,,,,2026-06-01,2026-05-01,",
        ],
    )
    rc, text = _run(world, path, kind="policies", zone=None)
    assert rc == 1, text
    lines = text.splitlines()
    assert "共 6 行数据：可导入 2 行，有问题 4 行；跳过空行 0 行。" in lines
    assert "第 5 行：政策“专精特新企业认定奖励”（文号 德经开发〔2026〕12号）与第 3 行重复" in lines
    assert "第 6 行：请填写政策名称" in lines
    bad7 = next(x for x in lines if x.startswith("第 7 行："))
    for part in (
        "政策级别“世界级”无效",
        "政策类别“奖金类”无效",
        "适用行业“Z”无效",
        "适用规模“巨型”无效",
        "日期“2026-13-01”无效",
    ):
        assert part in bad7, bad7
    assert "第 8 行：申报截止日期 2026-05-01 早于开始日期 2026-06-01" in lines
    rc, text = _run(world, path, kind="policies", zone=None, commit=True, yes=True)
    assert rc == 0 and text.splitlines()[-1] == "已导入 2 条政策。"
    rows, _ = world.login("zhang").pull_all()  # every device pulls the policies
    got = {v["title"]: v for (t, _i), v in rows.items() if t == "policy"}
    assert set(got) == {"专精特新企业认定奖励", "技改补助"}
    p = got["专精特新企业认定奖励"]
    assert (p["level"], p["category"], p["industries"], p["scales"], p["stages"]) == (
        "district",
        "recognition",
        ["C"],
        ["small", "micro"],
        ["operation"],
    )
    assert (p["window_start"], p["window_end"]) == ("2026-03-01", "2026-12-31")
    assert (got["技改补助"]["level"], got["技改补助"]["category"]) == ("provincial", "funding")
    rc, text = _run(world, path, kind="policies", zone=None, commit=True, yes=True)
    assert rc == 1 and "第 3 行：政策“专精特新企业认定奖励”（文号 德经开发〔2026〕12号）已在系统中" in text


def test_the_admin_command_line(world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "good.csv", GOOD)
    data = str(world.settings.data_dir)
    if world.settings.database_url:
        where = ["--database-url", world.settings.database_url]
    else:
        where = ["--data-dir", data]
    assert main(["admin", *where, "import", "enterprises", str(path), "--zone", "高新区"]) == 0
    assert _count(world) == 0 and "以上为预览" in capsys.readouterr().out
    assert main(["admin", *where, "import", "enterprises", str(path), "--zone", "高新区", "--commit"]) == 0
    assert "已导入 2 家企业" in capsys.readouterr().out and _count(world) == 2
