"""Encryption at rest: the store's files hold nothing readable, a wrong password opens nothing,
re-keying and the in-place migration of a plaintext store keep every row, and a migration killed
at any point leaves a store that opens with all of it (fieldkit.keystore, fieldkit.store_crypt,
fieldkit.services.unlock)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from fieldkit import keystore
from fieldkit.config import db_path
from fieldkit.db import open_store
from fieldkit.models import Enterprise, LocalCredential, ServiceRecord
from fieldkit.services import fulltext
from fieldkit.services.auth import set_password
from fieldkit.services.demo import DEMO_PASSWORD, generate
from fieldkit.services.errors import ValidationError
from fieldkit.services.overview import store_info
from fieldkit.services.unlock import StoreLocked, Vault, store_state
from fieldkit.store_crypt import ENV_FAULT, sidecars, staging_path

PHONE = "13987654321"
NAME = "保密测试精密机械有限公司"
TEXT = "走访时企业透露明年计划扩产三条生产线"
SECRETS = [PHONE, NAME, TEXT]
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def plain_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A small plaintext demo store (built once) and its demo login."""
    folder = tmp_path_factory.mktemp("plain-template")
    engine = open_store(db_path(folder))
    generate(engine, enterprises=8, records=30)
    with Session(engine) as s:
        login = store_info(s).demo_login
    engine.dispose()
    assert login
    return folder, login


@pytest.fixture()
def plain(plain_template: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    src, login = plain_template
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy2(db_path(src), db_path(folder))
    return folder, login


def counts(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with engine.connect() as c:
        tables = [
            r[0]
            for r in c.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {t: int(c.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar_one()) for t in tables}


def sample(engine) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        rows = s.exec(select(Enterprise).order_by(Enterprise.id).limit(5)).all()
        return [(e.id, e.name, e.contact_phone) for e in rows]


def store_files(folder: Path) -> list[Path]:
    path = db_path(folder)
    return [f for f in (path, *sidecars(path)) if f.exists()]


def write_secrets(engine) -> None:  # type: ignore[no-untyped-def]
    """Real writes through the ORM: an enterprise's name and phone, a record's text."""
    with Session(engine) as s:
        e = s.exec(select(Enterprise).order_by(Enterprise.id)).first()
        r = s.exec(select(ServiceRecord).order_by(ServiceRecord.id)).first()
        assert e is not None and r is not None
        e.name, e.contact_phone, r.content = NAME, PHONE, TEXT
        s.add(e)
        s.add(r)
        s.commit()


# -- the key file ----------------------------------------------------------------------------------------------
def test_a_wrap_opens_only_with_its_password_and_login(tmp_path: Path) -> None:
    key = keystore.new_data_key()
    keystore.set_wrap(tmp_path, key, "zw", "correct-horse")
    assert keystore.open_key(tmp_path, "zw", "correct-horse") == key
    with pytest.raises(keystore.WrongPassword):
        keystore.open_key(tmp_path, "zw", "correct-horsf")
    with pytest.raises(keystore.WrongPassword):
        keystore.open_key(tmp_path, "li", "correct-horse")
    raw = json.loads(keystore.keys_path(tmp_path).read_text())
    raw["wraps"]["li"] = raw["wraps"]["zw"]  # a wrap moved to another login does not open there
    keystore.keys_path(tmp_path).write_text(json.dumps(raw))
    with pytest.raises(keystore.WrongPassword):
        keystore.open_key(tmp_path, "li", "correct-horse")
    assert key.hex() not in keystore.keys_path(tmp_path).read_text()
    with pytest.raises(keystore.KeyFileDamaged):  # another key cannot be wrapped into the same file
        keystore.set_wrap(tmp_path, keystore.new_data_key(), "wang", "password-2")


def test_a_damaged_key_file_is_not_a_wrong_password(tmp_path: Path) -> None:
    keystore.set_wrap(tmp_path, keystore.new_data_key(), "zw", "correct-horse")
    raw = json.loads(keystore.keys_path(tmp_path).read_text())
    raw["wraps"]["zw"]["nonce"] = "!!"
    keystore.keys_path(tmp_path).write_text(json.dumps(raw))
    with pytest.raises(keystore.KeyFileDamaged):
        keystore.open_key(tmp_path, "zw", "correct-horse")
    keystore.keys_path(tmp_path).write_bytes(b"\x00garbage")
    with pytest.raises(keystore.KeyFileDamaged):
        keystore.load(tmp_path)


def test_subkeys_are_per_purpose_and_stable() -> None:
    key = keystore.new_data_key()
    a, b = keystore.derive_subkey(key, "attachments"), keystore.derive_subkey(key, "backups")
    assert len(a) == len(b) == 32 and a != b and key not in (a, b)
    assert keystore.derive_subkey(key, "attachments") == a
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    # the derivation other modules (attachments, backups) rely on: HKDF-SHA256, info "fieldkit:<purpose>"
    expected = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"fieldkit:attachments").derive(key)
    assert a == expected


# -- the encrypted store ---------------------------------------------------------------------------------------
def test_the_store_files_hold_none_of_the_known_strings(plain: tuple[Path, str]) -> None:
    folder, login = plain
    vault = Vault(folder)
    vault.unlock(login, DEMO_PASSWORD)  # the first sign-in encrypts the plaintext store
    assert store_state(folder) == "encrypted"
    write_secrets(vault.engine)
    # the -wal holds the new pages until a checkpoint: read every file while the store is open
    files = store_files(folder)
    assert db_path(folder).with_name("fieldkit.sqlite3-wal") in files
    assert db_path(folder).with_name("fieldkit.sqlite3-wal").stat().st_size > 0
    for f in files:
        data = f.read_bytes()
        for text in SECRETS:
            assert text.encode() not in data, (f.name, text)
        assert b"SQLite format 3" not in data[:100]
    with Session(vault.engine) as s:  # while the store itself reads them back
        assert s.exec(select(Enterprise).where(Enterprise.contact_phone == PHONE)).one().name == NAME
    vault.close()
    for f in [*store_files(folder), keystore.keys_path(folder)]:
        data = f.read_bytes()
        assert not any(t.encode() in data for t in SECRETS)
    with pytest.raises(sqlite3.DatabaseError):  # plain SQLite reads nothing
        sqlite3.connect(db_path(folder)).execute("SELECT count(*) FROM enterprise").fetchall()


def test_a_wrong_password_opens_nothing(plain: tuple[Path, str]) -> None:
    folder, login = plain
    Vault(folder).unlock(login, DEMO_PASSWORD)
    vault = Vault(folder)
    assert vault.locked
    with pytest.raises(ValidationError) as exc:
        vault.unlock(login, "demo12345")
    assert exc.value.text() == "账号或密码错误"
    with pytest.raises(ValidationError):
        vault.unlock("nobody", DEMO_PASSWORD)
    assert vault.locked and vault.key is None
    vault.unlock(login, DEMO_PASSWORD)
    assert not vault.locked


def test_a_missing_or_foreign_key_file_says_so(plain: tuple[Path, str], tmp_path: Path) -> None:
    folder, login = plain
    Vault(folder).unlock(login, DEMO_PASSWORD)
    keys = keystore.keys_path(folder)
    saved = keys.read_bytes()
    keys.unlink()
    with pytest.raises(StoreLocked) as exc:
        Vault(folder).unlock(login, DEMO_PASSWORD)
    assert exc.value.code == "no_key_file" and "keys.json" in exc.value.text()
    keystore.set_wrap(folder, keystore.new_data_key(), login, DEMO_PASSWORD)  # another store's key
    with pytest.raises(StoreLocked) as exc:
        Vault(folder).unlock(login, DEMO_PASSWORD)
    assert exc.value.code == "store_damaged"
    keys.write_bytes(saved)
    assert Vault(folder).unlock(login, DEMO_PASSWORD).login == login


def test_a_password_change_rewraps_and_keeps_every_row(plain: tuple[Path, str]) -> None:
    folder, login = plain
    vault = Vault(folder)
    vault.unlock(login, DEMO_PASSWORD)
    before, rows, key = counts(vault.engine), sample(vault.engine), vault.key
    db_bytes = db_path(folder).read_bytes()
    with Session(vault.engine) as s:  # what a server sign-in with a new password does
        staff_id = s.exec(select(LocalCredential.staff_id).where(LocalCredential.login == login)).one()
        set_password(s, login, staff_id, "a-new-password-1")
        s.commit()
    vault.secure(login, "a-new-password-1")
    assert vault.key == key
    vault.close()
    assert db_path(folder).read_bytes()[:4096] == db_bytes[:4096]  # the same salt: nothing re-encrypted
    again = Vault(folder)
    with pytest.raises(ValidationError):
        again.unlock(login, DEMO_PASSWORD)
    again.unlock(login, "a-new-password-1")
    assert again.key == key
    assert counts(again.engine) == before and sample(again.engine) == rows
    again.close()


def test_migration_keeps_every_row(plain: tuple[Path, str]) -> None:
    folder, login = plain
    engine = open_store(db_path(folder))
    before, rows = counts(engine), sample(engine)
    engine.dispose()
    assert store_state(folder) == "plain"
    vault = Vault(folder)
    vault.unlock(login, DEMO_PASSWORD)
    assert store_state(folder) == "encrypted"
    assert counts(vault.engine) == before and sample(vault.engine) == rows
    assert not staging_path(db_path(folder)).exists()
    with vault.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
    with Session(vault.engine) as s:  # the full-text index (FTS5) came along and works under SQLCipher
        groups = fulltext.search_all(s, "走访", limit=5, kinds=fulltext.TEXT_KINDS)
    assert sum(g.total for g in groups) > 0
    vault.close()
    from fieldkit.services.demo import SUPERVISOR_LOGIN

    again = Vault(folder)  # a demo store: every demo account's known password opens it, not only the first
    assert keystore.load(folder).demo_login == login
    assert again.unlock(SUPERVISOR_LOGIN, DEMO_PASSWORD).login == SUPERVISOR_LOGIN
    again.close()


MIGRATE = """
import sys
from pathlib import Path
from fieldkit.services.unlock import Vault
Vault(Path(sys.argv[1])).unlock(sys.argv[2], sys.argv[3])
"""


@pytest.mark.parametrize("point", ["after_export", "after_verify", "before_rename", "after_rename"])
def test_a_migration_killed_midway_leaves_a_store_that_opens(plain: tuple[Path, str], point: str) -> None:
    folder, login = plain
    engine = open_store(db_path(folder))
    before, rows = counts(engine), sample(engine)
    engine.dispose()
    env = {**__import__("os").environ, ENV_FAULT: point}
    proc = subprocess.run(
        [sys.executable, "-c", MIGRATE, str(folder), login, DEMO_PASSWORD],
        cwd=REPO,
        env=env,
        capture_output=True,
    )
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    assert store_state(folder) == ("encrypted" if point == "after_rename" else "plain")
    vault = Vault(folder)  # the next start: a leftover copy is removed, the migration resumes
    assert not staging_path(db_path(folder)).exists()
    vault.unlock(login, DEMO_PASSWORD)
    assert store_state(folder) == "encrypted"
    assert counts(vault.engine) == before and sample(vault.engine) == rows
    vault.close()


def test_the_command_line_asks_for_the_password(
    plain: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fieldkit.cli import main
    from fieldkit.services.demo import SUPERVISOR_LOGIN

    folder, login = plain
    vault = Vault(folder)
    vault.secure_demo(login, DEMO_PASSWORD)  # as `fieldkit demo` leaves it: every demo login opens it
    write_secrets(vault.engine)
    vault.close()
    assert keystore.load(folder).demo_login == login
    monkeypatch.delenv("FIELDKIT_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", open(__import__("os").devnull))  # not a terminal: no prompt
    search = ["--data-dir", str(folder), "search", "保密测试", "--login", SUPERVISOR_LOGIN]
    assert main(search) == 2
    assert "FIELDKIT_PASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("FIELDKIT_PASSWORD", "wrong-password")
    assert main(search) == 2
    assert "账号或密码错误" in capsys.readouterr().err
    monkeypatch.setenv("FIELDKIT_PASSWORD", DEMO_PASSWORD)
    assert main(search) == 0
    assert PHONE in capsys.readouterr().out
