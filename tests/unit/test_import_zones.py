"""Which zone imported enterprises go to: ``--zone NAME``, the assignee's, the store's only zone;
an unknown name or several zones without ``--zone`` is a clear error and writes nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from fieldkit.cli import main
from fieldkit.config import db_path
from fieldkit.db import open_store, session_factory
from fieldkit.models import Enterprise, OutboxEntry, Staff, Zone
from fieldkit.services.importing import commit_import, read_enterprises, run_cli_import
from fieldkit.services.store import SYSTEM
from fieldkit.services.zones import ZoneChoiceError
from tests.unit.fixtures import CLI_PASSWORD, allow_cli_sign_in
from tests.unit.test_importing import GOOD, code, write_csv


def _store(tmp_path: Path, *zones: tuple[str, str]) -> Engine:
    engine = open_store(db_path(tmp_path / "data"))
    with Session(engine) as s:  # zones as they arrive from the server
        s.add_all([Zone(name=name, code=code) for name, code in zones])
        s.commit()
    return engine


def _zones_of_enterprises(engine: Engine) -> set[str]:
    with Session(engine) as s:
        return set(s.exec(select(Zone.name).join(Enterprise, Enterprise.zone_id == Zone.id)).all())


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()


def _run(engine: Engine, path: Path, zone: str | None, commit: bool = True) -> tuple[int, str]:
    out = io.StringIO()
    rc = run_cli_import(
        engine, path, kind="enterprises", commit=commit, assume_yes=True, login=None, out=out, zone=zone
    )
    return rc, out.getvalue()


def test_zone_by_name_or_code(tmp_path: Path) -> None:
    engine = _store(tmp_path, ("旌阳高新区", "JY"), ("罗江经开区", "LJ"))
    path = write_csv(tmp_path / "g.csv", GOOD)
    assert _run(engine, path, "罗江经开区")[0] == 0
    assert _zones_of_enterprises(engine) == {"罗江经开区"}
    report = read_enterprises(write_csv(tmp_path / "h.csv", [GOOD[0], f"德阳华泰机械有限公司,{code(107)}"]))
    assert len(report.ok) == 1
    commit_import(session_factory(engine), report, SYSTEM, zone="JY")
    assert _zones_of_enterprises(engine) == {"罗江经开区", "旌阳高新区"}


def test_the_only_zone_without_zone_option(tmp_path: Path) -> None:
    engine = _store(tmp_path, ("旌阳高新区", "JY"))
    assert _run(engine, write_csv(tmp_path / "g.csv", GOOD), None)[0] == 0
    assert _count(engine, Enterprise) == 2
    assert _zones_of_enterprises(engine) == {"旌阳高新区"}


def test_unknown_zone_lists_the_zones_and_writes_nothing(tmp_path: Path) -> None:
    engine = _store(tmp_path, ("旌阳高新区", "JY"), ("罗江经开区", "LJ"))
    path = write_csv(tmp_path / "g.csv", GOOD)
    for commit in (False, True):  # the preview already says so
        rc, text = _run(engine, path, "广汉", commit=commit)
        assert rc == 1
        assert "找不到名为“广汉”的功能区" in text and "旌阳高新区、罗江经开区" in text
        assert "未写入任何数据" in text
    assert _count(engine, Enterprise) == 0 and _count(engine, OutboxEntry) == 0


def test_several_zones_ask_for_zone_option(tmp_path: Path) -> None:
    engine = _store(tmp_path, ("旌阳高新区", "JY"), ("罗江经开区", "LJ"))
    rc, text = _run(engine, write_csv(tmp_path / "g.csv", GOOD), None)
    assert rc == 1
    assert "--zone" in text and "旌阳高新区、罗江经开区" in text
    assert _count(engine, Enterprise) == 0
    report = read_enterprises(write_csv(tmp_path / "g.csv", GOOD))
    with pytest.raises(ZoneChoiceError) as err:
        commit_import(session_factory(engine), report, SYSTEM)
    assert err.value.field == "zone_id" and "--zone" in err.value.text()
    assert _count(engine, Enterprise) == 0 and _count(engine, OutboxEntry) == 0


def test_the_assignees_zone_when_no_zone_is_named(tmp_path: Path) -> None:
    engine = _store(tmp_path, ("旌阳高新区", "JY"), ("罗江经开区", "LJ"))
    with Session(engine) as s:
        lj = s.exec(select(Zone).where(Zone.code == "LJ")).one()
        s.add(Staff(name="李娜", login="lina", zone_id=lj.id))
        s.commit()
    out = io.StringIO()
    rc = run_cli_import(
        engine,
        write_csv(tmp_path / "g.csv", GOOD),
        kind="enterprises",
        commit=True,
        assume_yes=True,
        login="lina",
        out=out,
    )
    assert rc == 0, out.getvalue()
    assert _zones_of_enterprises(engine) == {"罗江经开区"}


def test_a_store_without_zones_gets_the_default_zone(tmp_path: Path) -> None:
    engine = _store(tmp_path)
    path = write_csv(tmp_path / "g.csv", GOOD)
    assert _run(engine, path, None, commit=False)[0] == 0
    assert _count(engine, Zone) == 0  # a preview writes nothing, not even the zone
    assert _run(engine, path, None)[0] == 0
    assert _zones_of_enterprises(engine) == {"默认功能区"}
    assert _count(engine, Zone) == 1


def test_cli_zone_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = _store(tmp_path, ("旌阳高新区", "JY"), ("罗江经开区", "LJ"))
    path = write_csv(tmp_path / "g.csv", GOOD)
    with Session(engine) as s:  # the CLI signs in: 旌阳高新区's supervisor
        jy = s.exec(select(Zone).where(Zone.code == "JY")).one()
        s.add(Staff(name="赵敏", login="zhaomin", zone_id=jy.id, role="supervisor"))
        s.commit()
    allow_cli_sign_in(tmp_path / "data", "zhaomin")
    monkeypatch.setenv("FIELDKIT_PASSWORD", CLI_PASSWORD)
    args = ["--data-dir", str(tmp_path / "data"), "import", "enterprises", str(path), "--commit", "--yes"]
    assert main(args) == 1
    assert "--zone" in capsys.readouterr().out
    assert main([*args, "--zone", "罗江经开区"]) == 1  # not their zone: refused, nothing written
    assert "不能在其他功能区新建企业" in capsys.readouterr().out
    assert _count(engine, Enterprise) == 0
    assert main([*args, "--zone", "旌阳高新区"]) == 0
    assert _zones_of_enterprises(engine) == {"旌阳高新区"}
