"""A store that cannot be used gets a clear Chinese message and an exit code, never a traceback,
and is not written to: random bytes, a truncated file, another application's database, a newer
schema, --data-dir naming a file, a read-only folder, a full disk, a store another process holds."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.config import db_path
from fieldkit.db import open_store
from fieldkit.store_health import EXIT_CODES, Problem, StoreError

from .conftest import copy_folder
from .mounts import fill, remount_read_only, tmpfs
from .storecheck import PASSWORD, assert_sound
from .test_kills import ROOT, _csv, count


@pytest.fixture(autouse=True)
def _demo_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line signs in to the (encrypted) demo stores with the demo's password."""
    monkeypatch.setenv("FIELDKIT_PASSWORD", PASSWORD)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of the folder and its sha256 (the folder must come out of a refusal unchanged)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _random(folder: Path, demo: Path) -> None:
    db_path(folder).write_bytes(os.urandom(200_000))


def _truncated(folder: Path, demo: Path) -> None:
    raw = db_path(demo).read_bytes()
    db_path(folder).write_bytes(raw[: len(raw) // 3])


def _header_only(folder: Path, demo: Path) -> None:
    db_path(folder).write_bytes(db_path(demo).read_bytes()[:60])


def _foreign(folder: Path, demo: Path) -> None:
    c = sqlite3.connect(db_path(folder))
    c.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    c.execute("INSERT INTO notes (text) VALUES ('别人的数据')")
    c.commit()
    c.close()


def _newer(folder: Path, demo: Path) -> None:
    shutil.copy(db_path(demo), db_path(folder))
    c = sqlite3.connect(db_path(folder))
    c.execute("UPDATE alembic_version SET version_num = '0042'")
    c.commit()
    c.execute("PRAGMA journal_mode=DELETE")
    c.close()


BAD = {
    "random": (_random, Problem.CORRUPT, "已损坏"),
    "truncated": (_truncated, Problem.CORRUPT, "已损坏"),
    "header_only": (_header_only, Problem.CORRUPT, "已损坏"),
    "foreign": (_foreign, Problem.FOREIGN, "其他程序的数据库"),
    "newer": (_newer, Problem.NEWER, "更新版本的 FieldKit"),
}
COMMANDS = {
    "search": ["search", "公司"],
    "demo": ["demo", "--enterprises", "2", "--quiet"],
    "import": ["import", "enterprises", "{csv}", "--commit", "--yes"],
    "sync": ["sync", "--quiet"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_store_is_refused_with_a_message_and_left_alone(
    case: str, command: str, plain_demo_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, problem, text = BAD[case]
    folder = tmp_path / "data"
    folder.mkdir()
    make(folder, plain_demo_store)
    before = snapshot(folder)
    args = [a.replace("{csv}", str(_csv(tmp_path / "e.csv"))) for a in COMMANDS[command]]
    rc = main([*args, "--data-dir", str(folder)])
    err = capsys.readouterr().err
    assert rc == EXIT_CODES[problem] == 7
    assert (
        text in err and "Traceback" not in err and "sqlite" not in err.lower().replace("fieldkit.sqlite3", "")
    )
    assert snapshot(folder) == before  # nothing written, nothing created beside it


def test_the_cli_process_prints_no_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    db_path(folder).write_bytes(os.urandom(50_000))
    r = subprocess.run(
        [sys.executable, "-m", "fieldkit", "search", "公司", "--data-dir", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 7
    assert "已损坏" in r.stderr and "Traceback" not in r.stderr


def test_data_dir_naming_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("不是文件夹", encoding="utf-8")
    for args in (["search", "公司"], ["demo", "--quiet"], ["search", "x"]):
        rc = main([*args, "--data-dir", str(target if args[1] != "x" else target / "sub")])
        err = capsys.readouterr().err
        assert rc == 7 and "是一个文件，不是文件夹" in err
    assert target.read_text(encoding="utf-8") == "不是文件夹"


def test_open_store_says_which_problem(plain_demo_store: Path, tmp_path: Path) -> None:
    for case, (make, problem, _text) in BAD.items():
        folder = tmp_path / case
        folder.mkdir()
        make(folder, plain_demo_store)
        for read_only in (False, True):
            with pytest.raises(StoreError) as info:
                open_store(db_path(folder), read_only=read_only)
            assert info.value.problem is problem
            assert info.value.restorable is (problem in (Problem.CORRUPT, Problem.NEWER))


# --- a read-only folder and a full disk (a real tmpfs) ------------------------------------------


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "mnt", 1600) as where:
        yield where


def test_a_read_only_folder_is_read_and_never_written(
    mounted: Path, demo_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_folder(demo_store, mounted / "data")
    before = snapshot(folder)
    remount_read_only(mounted)
    assert main(["search", "公司", "--data-dir", str(folder), "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert out.count("公司") >= 1  # what the demo account's role may see
    assert main(["search", "走访", "--records", "--data-dir", str(folder)]) == 0
    capsys.readouterr()
    rc = main(
        [
            "import",
            "enterprises",
            str(_csv(tmp_path / "e.csv")),
            "--commit",
            "--yes",
            "--data-dir",
            str(folder),
        ]
    )
    err = capsys.readouterr().err
    assert rc == 9 and "只读" in err
    rc = main(["demo", "--data-dir", str(mounted / "new"), "--quiet"])
    err = capsys.readouterr().err
    assert rc in (7, 9) and "Traceback" not in err
    assert snapshot(folder) == before


def test_a_full_disk_is_said_and_damages_nothing(
    mounted: Path,
    demo_store: Path,
    fresh_schema: set[tuple[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = copy_folder(demo_store, mounted / "data")
    enterprises = count(folder, "enterprise")
    filler = fill(mounted)
    assert shutil.disk_usage(mounted).free < 64 * 1024
    assert main(["search", "公司", "--data-dir", str(folder), "--limit", "1"]) == 0  # reading works
    assert capsys.readouterr().out.count("公司") == 1
    csv = _csv(tmp_path / "e.csv")
    rc = main(["import", "enterprises", str(csv), "--commit", "--yes", "--data-dir", str(folder)])
    err = capsys.readouterr().err
    assert rc == 9 and "磁盘已满" in err and "Traceback" not in err
    filler.unlink()
    assert count(folder, "enterprise") == enterprises
    assert_sound(folder, fresh_schema)
    assert main(["import", "enterprises", str(csv), "--commit", "--yes", "--data-dir", str(folder)]) == 0
    assert count(folder, "enterprise") == enterprises + 2


def test_a_disk_filling_up_during_the_demo_build(
    mounted: Path, empty_store: Path, fresh_schema: set[tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    """The build runs out of space part-way (SQLite's "database or disk is full"): one transaction,
    so the store is as it was, with every index."""
    folder = copy_folder(empty_store, mounted / "data")
    rc = main(["demo", "--data-dir", str(folder), "--enterprises", "40", "--quiet"])
    err = capsys.readouterr().err
    assert rc == 9 and "磁盘已满" in err and "Traceback" not in err
    assert count(folder, "staff") == 0
    assert_sound(folder, fresh_schema)


# --- a store another process is writing -----------------------------------------------------------

HOLDER = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("UPDATE enterprise SET name = name || ''")
print("held", flush=True)
sys.stdin.readline()
c.execute("ROLLBACK")
"""


@pytest.fixture
def held(plain_demo_store: Path, tmp_path: Path) -> Iterator[Path]:
    """A data folder whose store another process holds a write transaction on (until the test ends)."""
    folder = copy_folder(plain_demo_store, tmp_path / "data")
    with sqlite3.connect(db_path(folder)) as c:  # stale statistics: an open for writing would ANALYZE
        c.execute("DELETE FROM sqlite_stat1")
    c.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path(folder))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    assert proc.stdout.readline().strip() == "held"
    try:
        yield folder
    finally:
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait(timeout=60)


def test_search_while_another_process_writes(held: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "公司", "--data-dir", str(held), "--limit", "1"]) == 0
    out = capsys.readouterr()
    assert out.out.count("公司") == 1 and not out.err
    assert main(["search", "走访", "--records", "--data-dir", str(held)]) == 0
    assert "==" in capsys.readouterr().out


def test_a_write_while_another_process_writes_waits_then_says_so(
    held: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = count(held, "enterprise")
    rc = main(
        ["import", "enterprises", str(_csv(tmp_path / "e.csv")), "--commit", "--yes", "--data-dir", str(held)]
    )
    err = capsys.readouterr().err
    assert rc == 8 and "数据正被另一个程序使用" in err and "locked" not in err
    assert count(held, "enterprise") == before
