"""A revoked device's wipe on a real encrypted store (SQLCipher database, keys.json, an encrypted
attachment file, a real encrypted backup, a restore's hidden copy): the vault's engine is closed
first, then every one of them goes; the user's own file and the language stay."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.config import Settings, attachments_dir, db_path
from fieldkit.keystore import keys_path
from fieldkit.services import backup, filecrypt, wipe
from fieldkit.services.demo import DEMO_PASSWORD
from fieldkit.services.signin_throttle import SignInThrottle
from fieldkit.services.unlock import Vault, store_state
from fieldkit.sync import revocation


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wipe-demo") / "d"
    assert main(["demo", "--data-dir", str(folder), "--enterprises", "4", "--records", "6", "--quiet"]) == 0
    return folder


def test_the_wipe_removes_an_encrypted_stores_keys_backups_and_attachments(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "d"
    shutil.copytree(template, folder)
    settings = Settings.load(folder)
    settings.language = "en"
    settings.save(folder)
    vault = Vault(folder)
    vault.unlock(settings.current_login, DEMO_PASSWORD)
    assert store_state(folder) == "encrypted" and vault.key is not None and keys_path(folder).exists()
    sig = attachments_dir(folder) / "ab" / "abcdef"
    sig.parent.mkdir(parents=True, exist_ok=True)
    filecrypt.write_atomic(
        sig, filecrypt.bytes_blocks(b"signature bytes"), filecrypt.attachment_key(vault.key)
    )
    assert filecrypt.is_encrypted(sig)
    made = backup.make_backup(folder, connect=backup.engine_connect(vault.engine))
    assert made.parent == backup.backups_dir(folder) and made.exists()
    (folder / ".restore-1234").mkdir()
    (folder / ".restore-1234" / "fieldkit.sqlite3").write_bytes(b"unpacked copy")
    SignInThrottle(folder).record_failure()
    (folder / "my-notes.txt").write_text("the user's own file", encoding="utf-8")

    disposed_before_wipe: list[bool] = []
    real_dispose = vault.engine.dispose

    def dispose(*a: object, **kw: object) -> None:
        disposed_before_wipe.append(True)
        real_dispose(*a, **kw)  # type: ignore[arg-type]

    real = wipe.wipe_data_folder

    def checked_wipe(f: Path) -> wipe.WipeReport:
        assert disposed_before_wipe, "the store must be closed before its files are deleted"
        return real(f)

    monkeypatch.setattr(vault.engine, "dispose", dispose)
    monkeypatch.setattr(wipe, "wipe_data_folder", checked_wipe)
    text = revocation.revoked_wipe(vault.engine, folder)

    assert "已清除" in text and "未能删除" not in text
    left = sorted(p.name for p in folder.iterdir())
    assert left == ["my-notes.txt", "settings.json"], left
    assert json.loads((folder / "settings.json").read_text(encoding="utf-8")) == {"language": "en"}
    assert not db_path(folder).exists() and store_state(folder) != "encrypted"
