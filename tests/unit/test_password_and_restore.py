"""Issue 10's gaps on a real encrypted store: a local password change re-wraps the data key only
(fieldkit.services.password_change, ``fieldkit password``), and an encrypted backup restores into a
folder whose store cannot be opened, with the password that protects the backup
(fieldkit.services.backup_unlock)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from fieldkit import keystore
from fieldkit.config import db_path
from fieldkit.models import Enterprise, LocalCredential, SyncMeta
from fieldkit.services import backup, backup_unlock, password_change
from fieldkit.services.auth import set_password, verify_password
from fieldkit.services.errors import ValidationError
from fieldkit.services.signin_throttle import SignInThrottle, SignInThrottled
from fieldkit.services.unlock import Vault, store_state
from tests.unit.fixtures import add_enterprise, add_staff, open_db

OLD = "old-pass-1234"
NEW = "new-pass-5678"
NAME = "保密恢复测试电子有限公司"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An encrypted store (login zw, password OLD) with one enterprise, and one backup of it."""
    folder = tmp_path_factory.mktemp("enc-template")
    db = open_db(folder)
    with db.tx() as s:
        staff = add_staff(s, "张伟", "zw")
        add_enterprise(s, NAME, contact_phone="13800138000")
        set_password(s, "zw", staff.id, OLD)
    db.engine.dispose()
    vault = Vault(folder)
    vault.unlock("zw", OLD)  # the first sign-in encrypts the plaintext store in place
    assert store_state(folder) == "encrypted"
    backup.make_backup(folder, connect=backup.engine_connect(vault.engine))
    vault.close()
    return folder


@pytest.fixture
def folder(template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(template, target)
    return target


def names(vault: Vault) -> list[str]:
    with Session(vault.engine) as s:
        return list(s.exec(select(Enterprise.name)).all())


# -- change password ------------------------------------------------------------------------------


def test_change_password_rewraps_the_key_only_and_keeps_every_row(folder: Path) -> None:
    first_page = db_path(folder).read_bytes()[:4096]
    vault = Vault(folder)
    vault.unlock("zw", OLD)
    key = vault.key
    result = password_change.change_password(vault.engine, folder, "zw", OLD, NEW, NEW, key=vault.key)
    vault.close()
    assert not result.server_login and result.login == "zw"
    assert db_path(folder).read_bytes()[:4096] == first_page  # nothing re-encrypted

    again = Vault(folder)
    with pytest.raises(ValidationError):
        again.unlock("zw", OLD)
    again.unlock("zw", NEW)
    assert again.key == key and names(again) == [NAME]
    again.close()
    assert keystore.open_key(folder, "zw", NEW) == key


@pytest.mark.parametrize(
    ("old", "new", "repeat", "field"),
    [
        (OLD, "short", "short", "new_password"),
        (OLD, NEW, NEW + "x", "repeat_password"),
        (OLD, OLD, OLD, "new_password"),
        ("wrong-pass-000", NEW, NEW, "password"),
    ],
)
def test_refused_changes_write_nothing(folder: Path, old: str, new: str, repeat: str, field: str) -> None:
    keys_before = (folder / keystore.KEYS_FILE).read_bytes()
    vault = Vault(folder)
    vault.unlock("zw", OLD)
    with pytest.raises(ValidationError) as err:
        password_change.change_password(vault.engine, folder, "zw", old, new, repeat, key=vault.key)
    assert err.value.field == field
    assert "\n" not in err.value.text() and err.value.text()
    with Session(vault.engine) as s:
        assert verify_password(OLD, s.get(LocalCredential, "zw").password_hash)  # type: ignore[union-attr]
    vault.close()
    assert (folder / keystore.KEYS_FILE).read_bytes() == keys_before


def test_wrong_old_passwords_are_slowed_down_like_the_sign_in(folder: Path) -> None:
    vault = Vault(folder)
    vault.unlock("zw", OLD)
    now = [1000.0]
    throttle = SignInThrottle(folder, clock=lambda: now[0])
    for _ in range(6):
        with pytest.raises(ValidationError):
            password_change.change_password(
                vault.engine, folder, "zw", "not-it-0000", NEW, NEW, key=vault.key, throttle=throttle
            )
    with pytest.raises(SignInThrottled):  # even the right one waits now
        password_change.change_password(
            vault.engine, folder, "zw", OLD, NEW, NEW, key=vault.key, throttle=throttle
        )
    now[0] += 3600
    password_change.change_password(
        vault.engine, folder, "zw", OLD, NEW, NEW, key=vault.key, throttle=throttle
    )
    vault.close()


def test_a_server_account_is_told_the_server_password_is_unchanged(folder: Path) -> None:
    vault = Vault(folder)
    vault.unlock("zw", OLD)
    with Session(vault.engine) as s:
        s.add(SyncMeta(key="sync.login", value="zw"))
        s.commit()
    result = password_change.change_password(vault.engine, folder, "zw", OLD, NEW, NEW, key=vault.key)
    vault.close()
    assert result.server_login
    assert "服务器上的密码没有改变" in password_change.result_text(result)


def test_a_change_stopped_before_the_key_file_leaves_the_old_password_working(folder: Path) -> None:
    """keys.json is the commit point: the hash written, the wrap not (a crash, a full disk) — the old
    password still opens, and the sign-in puts the hash back in line with the wrap."""
    vault = Vault(folder)
    vault.unlock("zw", OLD)
    with Session(vault.engine) as s:  # step 1 of a change, then the process "dies"
        cred = s.get(LocalCredential, "zw")
        assert cred is not None
        set_password(s, "zw", cred.staff_id, NEW)
        s.commit()
    vault.close()
    again = Vault(folder)
    with pytest.raises(ValidationError):
        again.unlock("zw", NEW)
    staff = again.unlock("zw", OLD)
    assert staff.login == "zw"
    with Session(again.engine) as s:
        assert verify_password(OLD, s.get(LocalCredential, "zw").password_hash)  # type: ignore[union-attr]
    again.close()


def test_cli_password_changes_it(folder: Path) -> None:
    env = {
        **os.environ,
        "FIELDKIT_PASSWORD": OLD,
        "FIELDKIT_NEW_PASSWORD": NEW,
        "FIELDKIT_DATA_DIR": str(folder),
        "FIELDKIT_CHEAP_KDF": "1",
    }
    run = subprocess.run(
        [sys.executable, "-m", "fieldkit", "password", "--login", "zw"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "密码已修改" in run.stdout and "Traceback" not in run.stderr
    assert keystore.open_key(folder, "zw", NEW)
    env["FIELDKIT_NEW_PASSWORD"] = "x"  # too short: refused in Chinese, exit 2
    env["FIELDKIT_PASSWORD"] = NEW
    bad = subprocess.run(
        [sys.executable, "-m", "fieldkit", "password", "--login", "zw"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "密码至少需要8位" in bad.stderr and "Traceback" not in bad.stderr


# -- restore an encrypted backup into an unusable store --------------------------------------------


def damage(folder: Path) -> bytes:
    """The database overwritten with noise (its key file intact): the password opens the key but
    not the file — what the sign-in meets as "数据文件已损坏"."""
    noise = os.urandom(16384)
    db_path(folder).write_bytes(noise)
    return noise


def test_encrypted_backup_restores_with_its_password_and_keeps_the_damaged_store(folder: Path) -> None:
    noise = damage(folder)
    archive = backup.list_backups(folder)[0].path
    assert backup_unlock.needs_password(archive)
    got = backup_unlock.restore_with_password(folder, archive, OLD)
    assert got.login == "zw" and got.saved is None
    assert got.kept is not None and (got.kept / db_path(folder).name).read_bytes() == noise  # kept, renamed
    vault = Vault(folder)
    vault.unlock("zw", OLD)
    assert names(vault) == [NAME]
    vault.close()
    assert backup.list_backups(folder)[0].path == archive  # the kept copy is no backup to rotate
    assert not (folder / backup.JOURNAL).exists()


def test_a_wrong_backup_password_changes_nothing_and_may_be_tried_again(folder: Path) -> None:
    damage(folder)
    archive = backup.list_backups(folder)[0].path
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    with pytest.raises(ValidationError) as err:
        backup_unlock.restore_with_password(folder, archive, "wrong-pass-000")
    assert "密码不正确" in err.value.text() and err.value.field == "password"
    after = {
        p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != "signin_throttle.json"
    }
    assert after == {k: v for k, v in before.items() if k != "signin_throttle.json"}
    assert json.loads((folder / "signin_throttle.json").read_text())  # the try was counted
    with pytest.raises(ValidationError):
        backup_unlock.restore_with_password(folder, archive, "")
    backup_unlock.restore_with_password(folder, archive, OLD)  # then the right one
    vault = Vault(folder)
    vault.unlock("zw", OLD)
    assert names(vault) == [NAME]
    vault.close()


def test_cli_restore_over_a_damaged_encrypted_store(folder: Path) -> None:
    """``fieldkit restore FILE --yes`` when the store does not open: the backup's password (here
    FIELDKIT_PASSWORD) opens the backup's key file; a wrong one restores nothing (exit 2)."""
    noise = damage(folder)
    archive = backup.list_backups(folder)[0].path
    env = {**os.environ, "FIELDKIT_DATA_DIR": str(folder), "FIELDKIT_CHEAP_KDF": "1"}

    def run(password: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "fieldkit", "restore", str(archive), "--yes"],
            env={**env, "FIELDKIT_PASSWORD": password},
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )

    bad = run("wrong-pass-000")
    assert bad.returncode == 2 and "密码不正确" in bad.stderr and "Traceback" not in bad.stderr
    assert db_path(folder).read_bytes() == noise
    ok = run(OLD)
    assert ok.returncode == 0, ok.stderr
    vault = Vault(folder)
    vault.unlock("zw", OLD)
    assert names(vault) == [NAME]
    vault.close()
    assert (backup.kept_stores(folder)[0] / db_path(folder).name).read_bytes() == noise
