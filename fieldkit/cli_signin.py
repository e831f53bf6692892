"""Sign-in for the command line, like the window's: every command that reads or writes the local
store's user data runs as a signed-in staff member (``--login``, default the data folder's current
login; the password from ``FIELDKIT_PASSWORD`` or a prompt).

Three steps, kept apart so the store unlock can slot in (the password also opens an encrypted
store): :func:`read_password` → :func:`open_store` → :func:`check_login`; :func:`sign_in` runs
them, the unlock and the check together under the wrong-password slow-down of the data folder
(:func:`fieldkit.services.signin_throttle.attempt`, the same count as the window's). Any failure
is a FieldKitError (:class:`SignInFailed`, a wrong password, ``SignInThrottled`` while a wait
runs): the CLI prints it in the user's language and exits with 2, like any bad input.
"""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from fieldkit.config import Settings, data_dir
from fieldkit.models import Staff
from fieldkit.services.errors import FieldKitError
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.i18n import translate
from fieldkit.services.signin_throttle import SignInThrottle, attempt
from fieldkit.services.store import Actor

if TYPE_CHECKING:
    from fieldkit.services.unlock import Vault

PASSWORD_ENV = "FIELDKIT_PASSWORD"


class SignInFailed(FieldKitError):
    context = "Cli"


@dataclass
class SignedIn:
    folder: Path
    engine: Engine
    staff: Staff
    actor: Actor
    #: the store's data key (None: a plaintext store); attachment files are encrypted with it
    key: bytes | None = None


def read_password(login: str) -> str:
    """Step 1: the password, from ``FIELDKIT_PASSWORD`` or a prompt on the terminal."""
    pw = os.environ.get(PASSWORD_ENV)
    if pw:
        return pw
    if not sys.stdin or not sys.stdin.isatty():
        raise SignInFailed(N("Cli", "请输入密码（或设置环境变量 FIELDKIT_PASSWORD）"))
    try:
        pw = getpass.getpass(translate("Cli", N("Cli", "{login} 的密码："), login=login))
    except (EOFError, KeyboardInterrupt):
        pw = ""
    if not pw:
        raise SignInFailed(N("Cli", "未输入密码，未执行任何操作"))
    return pw


def open_store(folder: Path, login: str, password: str) -> Engine:
    return open_vault(folder, login, password).engine


def open_vault(folder: Path, login: str, password: str, *, read_only: bool = False) -> Vault:
    """Step 2: the local store of ``folder``; an encrypted one is unlocked with ``login``'s
    password (fieldkit/services/unlock.py: the password unwraps the store's key; a wrong one is
    the same "账号或密码错误" as at step 3). A plaintext store opens as it is (the window's
    sign-in or a server connection encrypts it). ``read_only``: the store is opened with
    ``mode=ro`` and nothing is written to it (a plaintext store is not encrypted then)."""
    from fieldkit.services.unlock import Vault

    vault = Vault(folder, read_only=read_only)
    if vault.locked:
        try:
            vault.unlock(login, password)
        except BaseException:
            vault.close()
            raise
    return vault


def check_login(
    engine: Engine, login: str, password: str, device_id: str | None = None, *, read_only: bool = False
) -> tuple[Staff, Actor]:
    """Step 3: the staff member whose local password this is, and the actor commands run as
    (``read_only``: a store never asked for its device id yet is not given one now)."""
    from fieldkit.db import session_factory
    from fieldkit.models import new_id
    from fieldkit.services import auth, device

    with session_factory(engine)() as s:
        if not auth.has_credentials(s):
            raise SignInFailed(
                N(
                    "Cli",
                    "此数据文件夹还没有可登录的账号：请先用 fieldkit sync --server 地址 --login 账号 "
                    "连接服务器，或用 fieldkit demo 创建演示数据",
                )
            )
        staff = auth.check_login(s, login, password)
        s.expunge(staff)
        if read_only:  # a command that only reads writes no audit row: any id will do
            dev = device_id or device.known_device_id(s) or new_id()
        else:
            dev = device_id or device.device_id(s)
            s.commit()  # a store asked for its device id the first time keeps it
    return staff, Actor.of(staff, dev)


def current_login(folder: Path, login: str | None) -> str:
    """``--login``, else the login last signed in on this data folder."""
    chosen = (login or "").strip() or Settings.load(folder).current_login.strip()
    if not chosen:
        raise SignInFailed(N("Cli", "请用 --login 指定登录账号"))
    return chosen


def sign_in(
    data_dir_arg: str | None, login: str | None, *, read_only: bool = False, password: str | None = None
) -> SignedIn:
    """Read the password, open the store, check the login; the command then runs as that actor
    (``read_only``: a command that only reads; see :func:`open_vault`)."""
    from fieldkit.services.unlock import Vault

    folder = data_dir(data_dir_arg)
    vault = Vault(folder, read_only=read_only)  # a store that cannot be used says so before any prompt
    try:
        vault.check_openable()  # not a database and no key file: damaged, or not FieldKit's
        who = current_login(folder, login)
        if password is None:
            password = read_password(who)
        typed = password

        def unlock_and_check() -> tuple[Staff, Actor]:
            # one attempt: a wrong password at the key unwrap or at the login check counts
            if vault.locked:
                vault.unlock(who, typed)
            return check_login(vault.engine, who, typed, read_only=vault.read_only)

        staff, actor = attempt(SignInThrottle(folder), unlock_and_check)
    except BaseException:
        vault.close()
        raise
    return SignedIn(folder, vault.engine, staff, actor, vault.key)
