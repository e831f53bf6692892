"""修改密码: a local login changes its offline password (the window's 文件 → 修改密码…, and
``fieldkit password``).

The old password is checked under the data folder's wrong-password slow-down (the same count as
the sign-in); the new one follows the sign-in's rule (:data:`fieldkit.services.auth.MIN_LENGTH`).
Two things hold the password and both change, in this order:

1. the login's scrypt hash in the database (``LocalCredential``), committed;
2. the data key's wrap in ``keys.json`` (:func:`fieldkit.services.unlock.password_set`, the same
   call a server sign-in makes): the same key wrapped again under the new password — nothing is
   re-encrypted. A plaintext store (never signed into since encryption) is encrypted in place here,
   as at its first sign-in.

``keys.json`` is the commit point: a crash or a full disk between 1 and 2 leaves the old password
opening the store, and :meth:`fieldkit.services.unlock.Vault.unlock` puts the hash back in line with
the wrap that opened the key (the wrap proves the password: it is bound to the login). If step 2
fails, step 1 is undone at once.

A server account: the server's password does not change (the server has no change-password call
for devices; the administrator sets it with ``fieldkit admin password-reset``). The next sign-in
with the server (after the token expires, 重新登录) sets the offline password to the server's again,
as every server sign-in does. :attr:`PasswordChanged.server_login` tells the caller to say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from fieldkit import keystore
from fieldkit.models import LocalCredential, SyncMeta

from . import auth
from .errors import FieldKitError, ValidationError
from .i18n import QT_TRANSLATE_NOOP as N
from .signin_throttle import SignInThrottle, attempt

#: the SyncMeta key of the server login this store is connected as (fieldkit.sync.account.LOGIN)
_SYNC_LOGIN = "sync.login"


class PasswordChangeFailed(FieldKitError):
    context = "Password"


@dataclass(frozen=True)
class PasswordChanged:
    login: str
    #: the store is connected to a server as this login: its server password is unchanged
    server_login: bool
    #: the store was plaintext and has been encrypted under the new password
    encrypted_now: bool


def check_new_password(new: str, repeat: str, old: str) -> None:
    """The new password's rules, before anything is checked or written (the form's own check)."""
    if not new:
        raise ValidationError(N("Password", "请输入新密码"), "new_password")
    if len(new) < auth.MIN_LENGTH:
        raise ValidationError(N("Validation", "密码至少需要{n}位"), "new_password", n=auth.MIN_LENGTH)
    if new != repeat:
        raise ValidationError(N("Password", "两次输入的新密码不一致"), "repeat_password")
    if new == old:
        raise ValidationError(N("Password", "新密码不能与原密码相同"), "new_password")


def _check_old(engine: Engine, folder: Path, login: str, old: str, key: bytes | None) -> None:
    """The old password, as the sign-in checks it: on an encrypted store the wrap must open and
    give this store's key (the wrap is the authority); otherwise the offline hash."""
    if key is not None and keystore.exists(folder):
        try:
            got = keystore.open_key(folder, login, old)
        except keystore.WrongPassword:
            raise ValidationError(N("Password", "原密码不正确"), "password") from None
        except keystore.KeyFileDamaged:
            raise PasswordChangeFailed(
                N("Password", "密钥文件 keys.json 已损坏，无法修改密码；请从备份恢复")
            ) from None
        if got != key:
            raise PasswordChangeFailed(N("Password", "密钥文件 keys.json 与本机数据不是同一套，无法修改密码"))
        return
    with Session(engine) as s:
        cred = s.get(LocalCredential, login)
        if cred is None or not auth.verify_password(old, cred.password_hash):
            raise ValidationError(N("Password", "原密码不正确"), "password")


def change_password(
    engine: Engine,
    folder: Path,
    login: str,
    old: str,
    new: str,
    repeat: str,
    *,
    key: bytes | None,
    throttle: SignInThrottle | None = None,
) -> PasswordChanged:
    """Change ``login``'s offline password from ``old`` to ``new`` (``repeat`` typed again).
    Blocking (argon2id, scrypt, fsync): call it off the GUI thread. ``key``: the open store's
    data key (None: a plaintext store)."""
    from .unlock import password_set

    login = login.strip()
    check_new_password(new, repeat, old)
    attempt(throttle or SignInThrottle(folder), lambda: _check_old(engine, folder, login, old, key))
    with Session(engine) as s:
        cred = s.get(LocalCredential, login)
        if cred is None:
            raise PasswordChangeFailed(N("Password", "账号 {login} 在本机没有密码，无法修改"), login=login)
        old_hash, staff_id = cred.password_hash, cred.staff_id
        meta = s.get(SyncMeta, _SYNC_LOGIN)
        server_login = meta is not None and meta.value == login
        auth.set_password(s, login, staff_id, new)
        s.commit()
    try:
        password_set(engine, login, new)  # re-wraps the key (or encrypts a plaintext store)
    except BaseException:
        with Session(engine) as s:  # the wrap did not change: neither does the hash
            cred = s.get(LocalCredential, login)
            if cred is not None:
                cred.password_hash = old_hash
                s.add(cred)
                s.commit()
        raise
    return PasswordChanged(
        login=login, server_login=server_login, encrypted_now=key is None and _encrypted(folder)
    )


def _encrypted(folder: Path) -> bool:
    return keystore.exists(folder)


def result_text(result: PasswordChanged) -> str:
    """What to tell the user afterwards (translated)."""
    from .i18n import translate

    text = translate("Password", N("Password", "密码已修改。下次登录和解锁时请使用新密码。"))
    if result.server_login:
        text += "\n" + translate(
            "Password",
            N(
                "Password",
                "这是服务器账号：只修改了本机密码（离线登录和解锁本机数据用），服务器上的密码没有改变。"
                "连接服务器时仍使用服务器密码；下次重新登录服务器后，本机密码会改为与服务器密码相同。"
                "如需修改服务器密码，请联系管理员。",
            ),
        )
    return text
