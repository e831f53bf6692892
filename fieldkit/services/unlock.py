"""Unlocking the local store: the one place where a login's password becomes the store's key.

A data folder's store is in one of three states: ``new`` (no file yet), ``plain`` (a store written
before encryption, or not yet signed into) or ``encrypted`` (SQLCipher; ``keys.json`` beside it
holds the data key wrapped per login, :mod:`fieldkit.keystore`). :class:`Vault` opens it:

- a new or plaintext store is opened at once (as before encryption); the first password set on it
  (a server sign-in, the demo's accounts, an offline sign-in on an old plaintext store) creates
  the data key, wraps it for that login and encrypts the file in place (:func:`Vault.secure`);
- an encrypted store stays locked until :meth:`Vault.unlock` is given a login and its password.

The window's sign-in dialog, ``fieldkit sync`` (and its first connection), ``fieldkit
print/search/import/demo`` and the specimen forms all go through here; the command line's
password comes from ``FIELDKIT_PASSWORD`` or a prompt (:func:`cli_password`).
:func:`password_set` is called by :func:`fieldkit.sync.account.connect` whenever a server sign-in
sets a login's offline password, so that the key's wrap follows the password (a re-wrap only).
"""

from __future__ import annotations

import getpass
import os
import sys
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from fieldkit import keystore
from fieldkit.config import db_path
from fieldkit.store_crypt import is_plaintext, remove_staging

from .errors import FieldKitError, ValidationError
from .i18n import QT_TRANSLATE_NOOP as N

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from fieldkit.db import StoreKey
    from fieldkit.models import Staff

# SQLAlchemy, SQLModel, the models and SQLCipher are imported when the store is opened (an
# encrypted store: at unlock, on the task runner), not with this module: the sign-in dialog reads
# the key file (who can sign in, a demo store) without them (issue 11 §3)

ENV_PASSWORD = "FIELDKIT_PASSWORD"
ENV_LOGIN = "FIELDKIT_LOGIN"

State = Literal["new", "plain", "encrypted"]

#: the vault that owns each open engine (for :func:`password_set`, called with an engine only)
_VAULTS: weakref.WeakKeyDictionary[Engine, Vault] = weakref.WeakKeyDictionary()


class StoreLocked(FieldKitError):
    """The store cannot be unlocked for a reason other than a wrong password (``code`` names it:
    no_key_file, key_file_damaged, store_damaged, encrypt_failed, no_password)."""

    context = "Unlock"

    def __init__(self, message: str, *, code: str, **params: object) -> None:
        super().__init__(message, None, **params)
        self.code = code


def wrong_password() -> ValidationError:
    # the same words as a wrong offline password: which logins exist is not told
    return ValidationError(N("Validation", "账号或密码错误"), "password")


def store_state(folder: Path) -> State:
    path = db_path(folder)
    if not path.exists() or path.stat().st_size == 0:
        return "new"
    return "plain" if is_plaintext(path) else "encrypted"


@dataclass
class LockedInfo:
    """What the sign-in page can tell about a locked store without its key."""

    logins: list[str]
    demo_login: str | None


class Vault:
    """One data folder's store, locked or open; its :attr:`engine` is the same object before and
    after unlocking and encrypting (new connections take the key from :attr:`holder`)."""

    def __init__(self, folder: Path, *, read_only: bool = False) -> None:
        self.folder = folder
        self.path = db_path(folder)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # read-only (a command that only reads): opened with mode=ro, nothing written, a plaintext
        # store is not encrypted; a store that does not exist yet is created as usual
        self.read_only = read_only and self.path.exists() and self.path.stat().st_size > 0
        if not self.read_only:
            remove_staging(self.path)  # what a crashed encryption left: the store itself is intact
        self._holder: StoreKey | None = None
        self._engine: Engine | None = None
        self.opened = False
        if self.state != "encrypted":
            self._open()

    @property
    def holder(self) -> StoreKey:
        """The key this vault's engine opens connections with (built with the engine)."""
        if self._holder is None:
            from fieldkit.db import StoreKey

            self._holder = StoreKey()
        return self._holder

    @property
    def engine(self) -> Engine:
        """The store's one engine, built when first needed (for an encrypted store: at unlock), so
        that a locked vault costs no SQLAlchemy; the same object before and after encrypting."""
        if self._engine is None:
            from fieldkit.db import cipher_engine

            self._engine = cipher_engine(self.path, self.holder, read_only=self.read_only)
            _VAULTS[self._engine] = self
        return self._engine

    # -- state ------------------------------------------------------------------------------------------------
    @property
    def state(self) -> State:
        return store_state(self.folder)

    @property
    def locked(self) -> bool:
        return not self.opened

    @property
    def key(self) -> bytes | None:
        return self._holder.key if self._holder is not None else None

    def check_openable(self) -> None:
        """For a locked store: a file that is not a plain database and has no key file beside it
        cannot be opened by anyone (random bytes, another program's, or damaged): the store problem
        :attr:`~fieldkit.store_health.Problem.CORRUPT`; a damaged key file says so."""
        if not self.locked:
            return
        try:
            self.locked_info()
        except StoreLocked as exc:
            if exc.code == "no_key_file":
                from fieldkit.store_health import Problem, StoreError

                raise StoreError(Problem.CORRUPT, self.path) from exc
            raise

    def locked_info(self) -> LockedInfo:
        keys = self._keys()
        return LockedInfo(logins=keys.logins, demo_login=keys.demo_login)

    def _keys(self) -> keystore.KeyFile:
        try:
            return keystore.load(self.folder)
        except FileNotFoundError:
            raise StoreLocked(
                N(
                    "Unlock",
                    "本机数据已加密，但数据文件夹中缺少密钥文件 keys.json；请从备份恢复，或换用另一个数据文件夹",
                ),
                code="no_key_file",
            ) from None
        except keystore.KeyFileDamaged:
            raise StoreLocked(
                N(
                    "Unlock",
                    "密钥文件 keys.json 已损坏；请从备份恢复，或换用另一个数据文件夹",
                ),
                code="key_file_damaged",
            ) from None

    def _same_engine(self, path: Path, *, read_only: bool = False) -> Engine:
        """The engine factory of :func:`open_store`: this vault's one engine (its key is in
        :attr:`holder`); the read-only probe that checks a store before it is written gets its own
        ``mode=ro`` engine with the same key (another program's file is never touched)."""
        from fieldkit.db import cipher_engine

        assert path == self.path
        if read_only and not self.read_only:
            return cipher_engine(self.path, self.holder, read_only=True)
        if not read_only and self.read_only:  # a command that only reads, on a store to migrate first
            return cipher_engine(self.path, self.holder)
        return self.engine

    def _open(self) -> None:
        from sqlalchemy.exc import DatabaseError

        from fieldkit.db import open_store
        from fieldkit.store_health import Problem, StoreError

        try:
            engine = open_store(self.path, factory=self._same_engine, read_only=self.read_only)
            if engine is not self.engine:  # the migration's own writable engine (see _same_engine)
                engine.dispose()
        except (DatabaseError, StoreError) as exc:
            if self.holder.key is None:
                raise
            self.engine.dispose()
            if isinstance(exc, StoreError) and exc.problem is not Problem.CORRUPT:
                self.holder.key = None
                raise  # a newer FieldKit's store, a full or read-only disk: said as such
            self.holder.key = None
            raise StoreLocked(
                N(
                    "Unlock",
                    "密码正确，但本机数据文件无法用这把密钥打开：数据文件已损坏，或与 keys.json 不是同一套；请从备份恢复",
                ),
                code="store_damaged",
            ) from exc
        self.opened = True

    # -- unlocking --------------------------------------------------------------------------------------------
    def unlock(
        self,
        login: str,
        password: str,
        *,
        ready: Callable[[], None] | None = None,
        key: bytes | None = None,
    ) -> Staff:
        """Sign ``login`` in with ``password``: unwrap the key and open an encrypted store; on a
        plaintext store check the offline password, then encrypt it with a new key for that login.
        A wrong password: :class:`ValidationError` (the store untouched). ``ready`` is called after
        the key is unwrapped (argon2id, which needs no SQLAlchemy) and before anything uses the ORM:
        the window's start imports the store's modules on another thread meanwhile
        (:class:`fieldkit.ui.preload.StoreModules`). ``key``: the data key this password has just
        unwrapped from this folder's key file (the start's first view,
        :func:`fieldkit.services.first_view.read_first_view`): not derived a second time."""
        login = login.strip()
        unwrapped = False
        if self.state == "encrypted":
            if not self.opened:
                key = key if key is not None else self._unwrap(login, password)
                if ready is not None:
                    ready()
                self.holder.key = key
                self._open()
            else:
                self._unwrap(login, password)  # an open store: the password is still checked
            unwrapped = True
        if ready is not None:
            ready()
        try:
            staff = self._check(login, password)
        except ValidationError as exc:
            if not (unwrapped and exc.field == "password" and self._follow_wrap(login, password)):
                raise
            staff = self._check(login, password)
        if self.holder.key is None and not self.read_only:
            demo = self._plain_demo_login()
            if demo is not None and self._is_demo_password(password):
                self.secure_demo(demo, password)  # every demo account keeps opening it
            else:
                self.secure(login, password)
        return staff

    def _plain_demo_login(self) -> str | None:
        from sqlmodel import Session

        from .overview import store_info

        with Session(self.engine) as s:
            info = store_info(s)
        return info.demo_login if info.is_demo else None

    @staticmethod
    def _is_demo_password(password: str) -> bool:
        from .store_facts import DEMO_PASSWORD

        return password == DEMO_PASSWORD

    def _unwrap(self, login: str, password: str) -> bytes:
        self._keys()  # a missing or damaged key file says so, not "wrong password"
        try:
            return keystore.open_key(self.folder, login, password)
        except keystore.WrongPassword:
            raise wrong_password() from None
        except keystore.KeyFileDamaged:
            raise StoreLocked(
                N(
                    "Unlock",
                    "密钥文件 keys.json 已损坏；请从备份恢复，或换用另一个数据文件夹",
                ),
                code="key_file_damaged",
            ) from None

    def _follow_wrap(self, login: str, password: str) -> bool:
        """The password opened ``login``'s wrap but not its offline hash: a password change (or a
        server sign-in) stopped between its two writes (the hash is written first, keys.json is
        the commit point). The wrap is bound to the login, so it proves the password: the hash
        follows it. False: no such login in the store, or a read-only store (nothing written)."""
        if self.read_only:
            return False
        from sqlmodel import Session

        from fieldkit.models import LocalCredential

        from .auth import set_password

        with Session(self.engine) as s:
            cred = s.get(LocalCredential, login)
            if cred is None:
                return False
            set_password(s, login, cred.staff_id, password)
            s.commit()
        return True

    def _check(self, login: str, password: str) -> Staff:
        from sqlmodel import Session

        from .auth import check_login

        with Session(self.engine) as s:
            return check_login(s, login, password)

    def unlock_any(self, password: str, prefer: str | None = None) -> Staff:
        """For the command line without a login: the login whose password this is (``prefer`` first)."""
        if self.state == "encrypted":
            try:
                login, _key = keystore.open_key_any(self.folder, password, prefer)
            except keystore.WrongPassword:
                raise wrong_password() from None
            except keystore.KeyFileDamaged:
                self._keys()
                raise
            return self.unlock(login, password)
        from sqlmodel import Session, select

        from fieldkit.models import LocalCredential

        with Session(self.engine) as s:
            logins = list(s.exec(select(LocalCredential.login)).all())
        for login in sorted(logins, key=lambda lg: lg != prefer):
            try:
                return self.unlock(login, password)
            except ValidationError:
                continue
        raise wrong_password()

    # -- keys -------------------------------------------------------------------------------------------------
    def secure(self, login: str, password: str, *, demo_login: str | None = None) -> bytes:
        """``login``'s offline password was just set to ``password``: wrap the data key for it
        (creating the key and encrypting a plaintext store in place the first time). An encrypted
        store is only re-wrapped: nothing is re-encrypted."""
        if self.holder.key is not None:
            keystore.set_wrap(self.folder, self.holder.key, login, password, demo_login=demo_login)
            return self.holder.key
        if keystore.exists(self.folder):  # a crashed encryption: the key was wrapped before it began
            try:
                key = keystore.open_key(self.folder, login, password)
            except keystore.WrongPassword:
                raise wrong_password() from None
        else:
            key = keystore.new_data_key()
        if demo_login is None:  # a demo store keeps saying so while locked (its known password opens it)
            demo_login = self._plain_demo_login()
        # the wrap is on disk before the file is encrypted: a crash between never strands the data
        keystore.set_wrap(self.folder, key, login, password, demo_login=demo_login)
        from fieldkit.store_crypt import EncryptionFailed, encrypt_in_place

        self.engine.dispose()
        try:
            encrypt_in_place(self.path, key)
        except EncryptionFailed as exc:
            raise StoreLocked(
                N("Unlock", "加密本机数据时核对未通过，原数据未改动：{error}"),
                code="encrypt_failed",
                error=str(exc),
            ) from exc
        self.holder.key = key
        self.opened = True
        return key

    def secure_demo(self, demo_login: str, password: str) -> bytes:
        """After the demo zone was written: every demo account's (known) password opens it."""
        from sqlmodel import Session, select

        from fieldkit.models import LocalCredential

        with Session(self.engine) as s:
            logins = sorted(s.exec(select(LocalCredential.login)).all(), key=lambda lg: lg != demo_login)
        key = b""
        for login in logins:
            key = self.secure(login, password, demo_login=demo_login)
        return key

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def password_set(engine: Engine, login: str, password: str) -> None:
    """A server sign-in set ``login``'s offline password: its wrap follows (for an engine opened
    by a :class:`Vault`; a plain engine of the tests has none)."""
    vault = _VAULTS.get(engine)
    if vault is not None:
        vault.secure(login, password)


def vault_of(engine: Engine) -> Vault | None:
    return _VAULTS.get(engine)


# -- the command line -----------------------------------------------------------------------------------------
def cli_password(prompt: str) -> str | None:
    """``FIELDKIT_PASSWORD``, else a prompt on a terminal (None: neither)."""
    pw = os.environ.get(ENV_PASSWORD)
    if pw:
        return pw
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(prompt)


def open_for_cli(folder: Path, *, prefer: str | None = None, prompt: str = "") -> tuple[Vault, Staff | None]:
    """The folder's store for a command: a new or plaintext store opens as it is (the first
    password set on it encrypts it); an encrypted one needs a password from ``FIELDKIT_PASSWORD``
    or the prompt: ``FIELDKIT_LOGIN``'s if set, else that of any login of this computer (``prefer``
    tried first). A demo store opens with the demo's known password, as in the window. Returns the vault and the login that opened it (None: it was not locked)."""
    vault = Vault(folder)
    if not vault.locked:
        return vault, None
    try:
        vault.check_openable()
    except BaseException:
        vault.close()
        raise
    demo_login = vault.locked_info().demo_login
    if demo_login and not os.environ.get(ENV_PASSWORD):  # a demo store: its known password, as the window
        from .demo import DEMO_PASSWORD

        try:
            return vault, vault.unlock(demo_login, DEMO_PASSWORD)
        except ValidationError:
            pass
    password = cli_password(prompt)
    if not password:
        vault.close()
        raise StoreLocked(
            N("Unlock", "本机数据已加密：请输入密码（或设置环境变量 FIELDKIT_PASSWORD）"), code="no_password"
        )
    login = os.environ.get(ENV_LOGIN) or None
    from .signin_throttle import SignInThrottle, attempt

    try:  # under the data folder's wrong-password slow-down, like every sign-in
        staff = attempt(
            SignInThrottle(folder),
            lambda: vault.unlock(login, password) if login else vault.unlock_any(password, prefer),
        )
    except BaseException:
        vault.close()
        raise
    return vault, staff
