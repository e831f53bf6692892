"""Backups and restore of the whole store: end to end on a real store (rows and attachment bytes
identical after damage and restore), rotation, refusal of bad files, and SIGKILL safety."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from fieldkit.config import db_path
from fieldkit.services import backup
from fieldkit.services.attachments import AttachmentService
from fieldkit.services.backup import BackupError
from tests.unit.fixtures import ACTOR, add_enterprise, add_staff, open_db

KEY = bytes(range(32))
PNG = b"\x89PNG\r\n\x1a\n" + b"BACKUP-MARKER" * 500
T0 = datetime(2026, 11, 21, 9, 30)


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order."""
    conn = sqlite3.connect(db)
    try:
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def files(folder: Path) -> dict[str, bytes]:
    root = folder / "attachments"
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small store with rows and encrypted attachments, built once and copied per test."""
    folder = tmp_path_factory.mktemp("backup-template")
    db = open_db(folder)
    svc = AttachmentService(ACTOR, folder / "attachments", KEY)
    with db.tx() as s:
        add_staff(s, "张伟", "zw")
        ent = add_enterprise(s, "华为技术有限公司", contact_phone="13800138000")
        svc.add(s, data=PNG, owner_table="enterprise", owner_id=ent.id, filename="门头.png")
        svc.add(s, data=os.urandom(200_000), owner_table="enterprise", owner_id=ent.id, filename="b.jpg")
    db.engine.dispose()
    (folder / "store.key").write_text('{"wrapped": "test"}', encoding="utf-8")
    return folder


@pytest.fixture
def folder(template: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "data"
    shutil.copytree(template, target)
    return target


def test_backup_damage_restore_gives_identical_rows_and_files(folder: Path) -> None:
    rows, atts = dump(db_path(folder)), files(folder)
    made = backup.make_backup(folder, now=T0)
    assert made.parent == backup.backups_dir(folder) and made.suffix == backup.SUFFIX
    raw = made.read_bytes()
    assert b"\x89PNG" not in raw and b"BACKUP-MARKER" not in raw  # attachments stay encrypted
    # damage: the database overwritten with noise, an attachment lost, the key file gone
    db_path(folder).write_bytes(os.urandom(8192))
    victim = next(p for p in (folder / "attachments").rglob("*") if p.is_file())
    victim.unlink()
    (folder / "store.key").unlink()

    saved = backup.restore(folder, made, now=T0 + timedelta(minutes=5))

    assert dump(db_path(folder)) == rows
    assert files(folder) == atts
    assert (folder / "store.key").read_text(encoding="utf-8") == '{"wrapped": "test"}'
    svc = AttachmentService(ACTOR, folder / "attachments", KEY)
    assert svc.read(hashlib.sha256(PNG).hexdigest()) == PNG
    assert not (folder / backup.JOURNAL).exists()
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # nothing staged left
    assert saved is None  # the damaged store could not be copied, and nothing else was lost


def test_restore_keeps_the_replaced_store_as_a_backup(folder: Path) -> None:
    first = backup.make_backup(folder, now=T0)
    conn = sqlite3.connect(db_path(folder))
    conn.execute("UPDATE enterprise SET name = '改过的名称'")
    conn.commit()
    conn.close()
    changed = dump(db_path(folder))
    saved = backup.restore(folder, first, now=T0 + timedelta(hours=1))
    assert saved is not None and saved.exists()
    assert "改过的名称" not in repr(dump(db_path(folder))["enterprise"])
    backup.restore(folder, saved, now=T0 + timedelta(hours=2))
    assert dump(db_path(folder)) == changed


def test_export_to_a_chosen_file_is_the_whole_store(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "交接" / "张伟的电脑.fkbackup"
    out.parent.mkdir()
    backup.make_backup(folder, out)
    manifest = backup.verify_backup(out)
    names = set(manifest["files"])
    assert {"store/fieldkit.sqlite3", "store/store.key"} <= names
    assert {f"attachments/{n}" for n in files(folder)} <= names
    assert backup.list_backups(folder) == []  # an export is not one of the rotating backups


def test_rotation_keeps_the_newest(folder: Path) -> None:
    for day in range(5):
        backup.make_backup(folder, keep=3, now=T0 + timedelta(days=day), automatic=True)
    kept = backup.list_backups(folder)
    assert [b.created for b in kept] == [T0 + timedelta(days=d) for d in (4, 3, 2)]
    assert all(b.automatic for b in kept)
    assert backup.auto_backup(folder, now=T0 + timedelta(days=4, hours=3)) is None  # not due yet
    due = backup.auto_backup(folder, keep=3, now=T0 + timedelta(days=5, hours=1))
    assert due is not None and len(backup.list_backups(folder)) == 3


@pytest.mark.parametrize("damage", ["noise", "truncated", "member changed", "no manifest", "traversal"])
def test_a_bad_file_restores_nothing(folder: Path, tmp_path: Path, damage: str) -> None:
    good = backup.make_backup(folder, now=T0)
    bad = tmp_path / "bad.fkbackup"
    raw = good.read_bytes()
    if damage == "noise":
        bad.write_bytes(os.urandom(5000))
    elif damage == "truncated":
        bad.write_bytes(raw[: len(raw) // 2])
    else:
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as out:
            for item in src.infolist():
                data = src.read(item)
                if damage == "member changed" and item.filename.startswith("attachments/"):
                    data = data[:-1] + bytes([data[-1] ^ 1])
                if damage == "no manifest" and item.filename == backup.MANIFEST:
                    continue
                out.writestr(item, data)
            if damage == "traversal":
                out.writestr("../evil", b"x")
    before_rows, before_files = dump(db_path(folder)), files(folder)
    with pytest.raises(BackupError) as err:
        backup.restore(folder, bad)
    assert "没有恢复任何内容" in err.value.text()
    assert dump(db_path(folder)) == before_rows and files(folder) == before_files
    assert not (tmp_path / "evil").exists()


def test_a_backup_whose_database_does_not_open_restores_nothing(folder: Path, tmp_path: Path) -> None:
    """The manifest is right but the database is not one (e.g. another key): refused before the swap."""
    good = backup.make_backup(folder, now=T0)
    bad = tmp_path / "foreign.fkbackup"
    import json

    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as out:
        manifest = json.loads(src.read(backup.MANIFEST))
        noise = os.urandom(4096)
        manifest["files"]["store/fieldkit.sqlite3"] = {
            "size": len(noise),
            "sha256": hashlib.sha256(noise).hexdigest(),
        }
        for item in src.infolist():
            if item.filename == backup.MANIFEST:
                out.writestr(item, json.dumps(manifest))
            elif item.filename == "store/fieldkit.sqlite3":
                out.writestr(item, noise)
            else:
                out.writestr(item, src.read(item))
    before = dump(db_path(folder))
    with pytest.raises(BackupError):
        backup.restore(folder, bad)
    assert dump(db_path(folder)) == before


KILL_BACKUP = """
import os, signal, sys
from pathlib import Path
from fieldkit.services import backup
def step(text):
    if "{when}" in text:
        os.kill(os.getpid(), signal.SIGKILL)
backup.make_backup(Path(sys.argv[1]), step=step, keep=2)
"""

KILL_RESTORE = """
import os, signal, sys
from pathlib import Path
from fieldkit.services import backup
calls = []
def fault(point):
    calls.append(point)
    if point == "{when}" and calls.count(point) == {nth}:
        os.kill(os.getpid(), signal.SIGKILL)
backup.restore(Path(sys.argv[1]), Path(sys.argv[2]), fault=fault)
"""


def _killed(code: str, *args: str) -> None:
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=Path(__file__).parents[2], timeout=120)
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize("when", ["正在复制数据库", "正在写入备份文件"])
def test_sigkill_during_backup_leaves_previous_backups_and_store(folder: Path, when: str) -> None:
    earlier = [backup.make_backup(folder, now=T0 + timedelta(days=d), keep=2) for d in range(2)]
    rows, atts = dump(db_path(folder)), files(folder)
    _killed(KILL_BACKUP.replace("{when}", when), str(folder))
    assert [b.path for b in backup.list_backups(folder)] == earlier[::-1]
    for b in earlier:
        backup.verify_backup(b)
    assert dump(db_path(folder)) == rows and files(folder) == atts
    backup.make_backup(folder, keep=2)  # the next backup clears what the killed one left
    assert [p.name for p in backup.backups_dir(folder).iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    ("when", "nth"),
    [("before_swap", 1), ("moved_aside", 1), ("moved_aside", 2), ("moved_in", 1), ("moved_in", 2)],
)
def test_sigkill_during_restore_leaves_the_old_store(
    folder: Path, tmp_path: Path, when: str, nth: int
) -> None:
    made = backup.make_backup(folder, now=T0)
    conn = sqlite3.connect(db_path(folder))
    conn.execute("UPDATE enterprise SET name = '恢复前的名称'")
    conn.commit()
    conn.close()
    rows, atts = dump(db_path(folder)), files(folder)
    (folder / "store.key").write_text("the current key file", encoding="utf-8")
    _killed(KILL_RESTORE.replace("{when}", when).replace("{nth}", str(nth)), str(folder), str(made))
    assert backup.finish_interrupted_restore(folder) == (when != "before_swap")
    assert dump(db_path(folder)) == rows and files(folder) == atts
    assert (folder / "store.key").read_text(encoding="utf-8") == "the current key file"
    assert not [
        p for p in folder.iterdir() if p.name.startswith(".restore") or p.name.startswith(".replaced")
    ]


def test_an_sqlcipher_store_backs_up_encrypted_and_restores_only_with_its_key(tmp_path: Path) -> None:
    """``VACUUM INTO`` on an SQLCipher connection writes a copy under the same key: the backup file
    holds no readable row, restores with the key, and with another key restores nothing."""
    sqlcipher = pytest.importorskip("sqlcipher3.dbapi2")
    key, other = os.urandom(32), os.urandom(32)

    def keyed(k: bytes) -> backup.Connect:
        def connect(path: Path) -> backup.DBConnection:
            conn = sqlcipher.connect(str(path), isolation_level=None)
            conn.execute(f"PRAGMA key = \"x'{k.hex()}'\"")
            return conn  # type: ignore[no-any-return]

        return connect

    folder = tmp_path / "enc"
    folder.mkdir()
    conn = keyed(key)(db_path(folder))
    conn.execute("CREATE TABLE enterprise (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO enterprise VALUES ('华为技术有限公司', '13800138000')")
    conn.close()
    AttachmentService(ACTOR, folder / "attachments", KEY).store_bytes(PNG)
    made = backup.make_backup(folder, connect=keyed(key), now=T0)
    raw = made.read_bytes()
    for needle in (
        "华为技术有限公司".encode(),
        b"13800138000",
        b"SQLite format 3",
        b"BACKUP-MARKER",
        b"\x89PNG",
    ):
        assert needle not in raw
    with pytest.raises(BackupError):
        backup.restore(folder, made, connect=keyed(other))
    db_path(folder).write_bytes(os.urandom(4096))  # damaged
    backup.restore(folder, made, connect=keyed(key))
    conn = keyed(key)(db_path(folder))
    assert conn.execute("SELECT name, phone FROM enterprise").fetchall() == [
        ("华为技术有限公司", "13800138000")
    ]
    conn.close()


def test_through_the_stores_own_engine_an_sqlcipher_backup_is_checked_under_its_key(tmp_path: Path) -> None:
    """The window backs up and restores through its engine's (keyed) connections: the backup's
    database is checked ATTACHed under the store's key, and the engine afterwards reads the
    restored file, not the replaced one."""
    sqlcipher = pytest.importorskip("sqlcipher3.dbapi2")
    from sqlalchemy import create_engine, text

    key = os.urandom(32)
    folder = tmp_path / "enc"
    folder.mkdir()
    path = db_path(folder)

    def creator() -> object:
        conn = sqlcipher.connect(str(path), check_same_thread=False)
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        return conn

    engine = create_engine("sqlite://", creator=creator)
    engine.url = engine.url.set(database=str(path))  # as a file engine names its database
    with engine.begin() as c:
        c.execute(text("CREATE TABLE enterprise (name TEXT)"))
        c.execute(text("INSERT INTO enterprise VALUES ('原来的名称')"))
    connect = backup.engine_connect(engine)
    made = backup.make_backup(folder, connect=connect, now=T0)
    assert b"SQLite format 3" not in made.read_bytes()
    with engine.begin() as c:
        c.execute(text("UPDATE enterprise SET name = '改过的名称'"))
    engine.dispose()
    backup.restore(folder, made, connect=connect, now=T0 + timedelta(minutes=1))
    with engine.connect() as c:
        assert c.execute(text("SELECT name FROM enterprise")).scalars().all() == ["原来的名称"]
    engine.dispose()


def test_backup_and_restored_files_are_private_to_the_user(folder: Path) -> None:
    made = backup.make_backup(folder, now=T0)
    assert made.stat().st_mode & 0o077 == 0
    backup.restore(folder, made, now=T0 + timedelta(minutes=1))
    assert (folder / "store.key").stat().st_mode & 0o077 == 0
