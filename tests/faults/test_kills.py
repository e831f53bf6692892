"""SIGKILL in the middle of the demo build, an import, a record save: the store still opens, with
every index and trigger of a fresh store, and every file its rows name exists (issue 10, item 5)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fieldkit.config import db_path
from fieldkit.db import open_store
from fieldkit.services.demo import generate
from fieldkit.services.validation import uscc_check_char

from .conftest import copy_folder
from .storecheck import PASSWORD, assert_sound, connect_ro, schema_objects

ROOT = Path(__file__).resolve().parents[2]
KILLED = -signal.SIGKILL


def run_killed(when: str, nth: int, *args: str, password: str = PASSWORD) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.faults.killchild", when, str(nth), "--", *args],
        cwd=ROOT,
        env={**os.environ, "FIELDKIT_PASSWORD": password},  # the sign-in (the demo stores: the demo's)
        capture_output=True,
        text=True,
        timeout=600,
    )


def count(folder: Path, table: str) -> int:
    c = connect_ro(db_path(folder))
    n = int(c.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    c.close()
    return n


@pytest.mark.parametrize(
    ("when", "nth"),
    [
        ("sql:^DROP INDEX", 3),  # the indexes are being dropped for the load
        ("sql:^INSERT INTO servicerecord", 1),  # rows half written
        ("sql:^CREATE (UNIQUE )?INDEX", 5),  # indexes half rebuilt
        ("before_commit", 1),  # everything written, signature files on disk, not committed
        ("after_commit", 1),  # committed: every signature a record names is on disk
    ],
)
def test_demo_killed(
    when: str, nth: int, empty_store: Path, fresh_schema: set[tuple[str, str]], tmp_path: Path
) -> None:
    folder = copy_folder(empty_store, tmp_path / "data")
    r = run_killed(when, nth, "demo", "--data-dir", str(folder), "--enterprises", "2", "--quiet")
    assert r.returncode == KILLED, r.stderr
    assert_sound(folder, fresh_schema)
    committed = when == "after_commit"
    assert (count(folder, "staff") > 0) is committed
    if committed:
        c = connect_ro(db_path(folder))
        signed = c.execute(
            "SELECT count(*) FROM servicerecord WHERE signature_sha256 IS NOT NULL"
        ).fetchone()[0]
        c.close()
        assert signed > 0  # the check of the files was not vacuous


def test_a_second_demo_run_after_a_kill_builds_the_whole_store(
    empty_store: Path, fresh_schema: set[tuple[str, str]], tmp_path: Path
) -> None:
    folder = copy_folder(empty_store, tmp_path / "data")
    assert (
        run_killed("sql:^INSERT INTO enterprise", 1, "demo", "--data-dir", str(folder), "--quiet").returncode
        == KILLED
    )
    engine = open_store(db_path(folder))
    generate(engine, enterprises=2)
    engine.dispose()
    assert_sound(folder, fresh_schema)
    assert count(folder, "enterprise") == 2


def test_a_demo_run_on_a_store_without_indexes_recreates_them(
    empty_store: Path, fresh_schema: set[tuple[str, str]], tmp_path: Path
) -> None:
    """A store left without indexes by the older demo build (its DROP INDEX committed alone)."""
    folder = copy_folder(empty_store, tmp_path / "data")
    with sqlite3.connect(db_path(folder)) as c:
        names = [
            n for (n,) in c.execute("SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL")
        ]
        for n in names:
            c.execute(f'DROP INDEX "{n}"')
    c.close()
    assert len(names) > 60 and schema_objects(db_path(folder)) != fresh_schema
    engine = open_store(db_path(folder))
    generate(engine, enterprises=2)
    engine.dispose()
    assert_sound(folder, fresh_schema)


def test_opening_a_store_without_some_indexes_restores_them(
    empty_store: Path, fresh_schema: set[tuple[str, str]], tmp_path: Path
) -> None:
    """Queries that name their index (``INDEXED BY``: the policy card, the supervisor's first load)
    would fail with "no such index" on a store that lost some: opening it for writing rebuilds them,
    and the named queries then run."""
    folder = copy_folder(empty_store, tmp_path / "data")
    dropped = [
        "ix_enterprise_name_scope",
        "ix_demand_open_deadline",
        "ix_demand_closed",
        "ix_board_coverage_last",
    ]
    with sqlite3.connect(db_path(folder)) as c:
        have = {n for (n,) in c.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert set(dropped) <= have
        for n in dropped:
            c.execute(f'DROP INDEX "{n}"')
        named = "SELECT count(*) FROM enterprise INDEXED BY ix_enterprise_name_scope"
        with pytest.raises(sqlite3.OperationalError, match="no such index"):
            c.execute(named)
    c.close()
    assert schema_objects(db_path(folder)) != fresh_schema
    engine = open_store(db_path(folder))
    with engine.connect() as conn:
        assert conn.exec_driver_sql(named).scalar_one() == 0
    engine.dispose()
    assert_sound(folder, fresh_schema)


def _csv(path: Path) -> Path:
    def code(n: int) -> str:
        first17 = f"91510600MA6{n:05d}X"[:17]
        return first17 + uscc_check_char(first17)

    lines = [
        "企业名称,统一社会信用代码,法定代表人,联系人,联系电话,地址,所属行业,企业规模,生命周期阶段,企业状态",
        f"德阳华鼎机械制造有限公司,{code(1)},张建,刘芳,13812345678,德阳经济技术开发区泰山南路88号,C,小型,生产经营,存续",
        f"四川宏达电气股份有限公司,{code(2)},李明,王丽,0838-2345678,德阳市旌阳区长江东路1号,制造业,中型,项目建设,存续",
    ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("when", "nth"),
    [("sql:^INSERT INTO enterprise", 2), ("sql:^INSERT INTO auditlog", 2), ("after_commit:enterprise", 1)],
)
def test_import_killed(
    when: str, nth: int, demo_store: Path, fresh_schema: set[tuple[str, str]], tmp_path: Path
) -> None:
    folder = copy_folder(demo_store, tmp_path / "data")
    before = count(folder, "enterprise")
    csv = _csv(tmp_path / "e.csv")
    r = run_killed(
        when, nth, "import", "enterprises", str(csv), "--commit", "--yes", "--data-dir", str(folder)
    )
    assert r.returncode == KILLED, r.stdout + r.stderr
    assert_sound(folder, fresh_schema)
    assert count(folder, "enterprise") == before + (
        2 if when.startswith("after_commit") else 0
    )  # all or nothing


@pytest.mark.parametrize(
    ("when", "nth"),
    [("sql:^INSERT INTO attachment", 1), ("before_commit", 1), ("after_commit:attachment", 1)],
)
def test_record_save_killed(
    when: str, nth: int, demo_store: Path, fresh_schema: set[tuple[str, str]], tmp_path: Path
) -> None:
    folder = copy_folder(demo_store, tmp_path / "data")
    before = count(folder, "servicerecord"), count(folder, "attachment")
    r = run_killed(when, nth, "record", str(folder))
    assert r.returncode == KILLED, r.stderr
    assert_sound(folder, fresh_schema)
    after = count(folder, "servicerecord"), count(folder, "attachment")
    assert after == ((before[0] + 1, before[1] + 1) if when.startswith("after_commit") else before)
