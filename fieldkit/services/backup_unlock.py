"""Restoring a backup when the store itself cannot be opened (damaged, its key file lost): the
password that protects the backup opens the backup's own key file.

A backup of an encrypted store carries ``store/keys.json`` (the data key wrapped per login) and a
database encrypted under that key (:mod:`fieldkit.services.backup`). With the store unusable there
is no open engine to check it through, so the key comes from the backup: the password is tried on
every login's wrap in the backup's key file (under the data folder's wrong-password slow-down, the
same count as the sign-in), and the database is checked and copied with a connection keyed by it.
A plaintext backup (no key file inside) needs no password.

The store being replaced is first saved as a backup when it can be read with that key; when it
cannot (it is the damaged one) it is kept aside, renamed, in ``backups/`` — never deleted
(:data:`fieldkit.services.backup.DAMAGED_PREFIX`). Blocking: run off the GUI thread. No Qt.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fieldkit import keystore
from fieldkit.store_crypt import cipher_connect

from . import backup
from .backup import BackupError, Connect, DBConnection
from .errors import ValidationError
from .i18n import QT_TRANSLATE_NOOP as N
from .signin_throttle import SignInThrottle, attempt

_KEYS_MEMBER = f"store/{keystore.KEYS_FILE}"


@dataclass(frozen=True)
class Restored:
    #: the current store saved as a backup first (None: it could not be read)
    saved: Path | None
    #: the unreadable store kept aside in backups/ (None: nothing had to be kept)
    kept: Path | None
    #: the login whose password opened the backup (None: a plaintext backup)
    login: str | None


def backup_keys(archive: Path) -> keystore.KeyFile | None:
    """The key file inside a verified backup; None for a plaintext store's backup."""
    try:
        with zipfile.ZipFile(archive) as zf:
            if _KEYS_MEMBER not in zf.namelist():
                return None
            text = zf.read(_KEYS_MEMBER)
    except (OSError, zipfile.BadZipFile, KeyError):
        raise backup._bad_file() from None
    try:
        return keystore.parse(text)
    except keystore.KeyFileDamaged:
        raise BackupError(N("Backup", "备份中的密钥文件已损坏：没有恢复任何内容")) from None


def needs_password(archive: Path) -> bool:
    return backup_keys(archive) is not None


def key_connect(key: bytes) -> Connect:
    """Connections to a database file keyed with ``key`` (SQLCipher, autocommit for ``VACUUM INTO``)."""

    def connect(path: Path) -> DBConnection:
        conn = cipher_connect(path, key)
        conn.isolation_level = None
        return conn  # type: ignore[no-any-return]

    return connect


def wrong_backup_password() -> ValidationError:
    return ValidationError(
        N("Backup", "密码不正确：请输入制作这份备份时在本机登录用的密码。没有恢复任何内容，可以再试一次。"),
        "password",
    )


def open_backup_key(archive: Path, password: str, throttle: SignInThrottle) -> tuple[str, bytes] | None:
    """The login and data key the password opens in the backup's key file (None: a plaintext
    backup); a wrong password counts in ``throttle``."""
    keys = backup_keys(archive)
    if keys is None:
        return None
    if not password:
        raise ValidationError(N("Backup", "这份备份已加密，请输入密码"), "backup_password")

    def unwrap() -> tuple[str, bytes]:
        try:
            return keystore.open_key_in(keys, password)
        except keystore.WrongPassword:
            raise wrong_backup_password() from None
        except keystore.KeyFileDamaged:
            raise BackupError(N("Backup", "备份中的密钥文件已损坏：没有恢复任何内容")) from None

    return attempt(throttle, unwrap)


def restore_with_password(
    folder: Path,
    archive: Path,
    password: str,
    *,
    throttle: SignInThrottle | None = None,
    now: datetime | None = None,
    step: Callable[[str], None] | None = None,
) -> Restored:
    """Restore ``archive`` into ``folder`` whose store may be unusable: verify the file, open its key
    with ``password`` (a wrong one: :class:`ValidationError`, nothing changed), then
    :func:`fieldkit.services.backup.restore` with connections keyed by it."""
    backup.finish_interrupted_restore(folder)
    if step:
        step(N("Backup", "正在检查备份文件…"))
    backup.verify_backup(archive)
    opened = open_backup_key(archive, password, throttle or SignInThrottle(folder))
    connect = backup.plain_connect if opened is None else key_connect(opened[1])
    before = set(backup.kept_stores(folder))
    saved = backup.restore(folder, archive, connect=connect, now=now, step=step)
    kept = next((p for p in backup.kept_stores(folder) if p not in before), None)
    return Restored(saved=saved, kept=kept, login=opened[0] if opened else None)
