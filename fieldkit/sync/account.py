"""This store's connection to a server: address, account and token, kept in SyncMeta.

:func:`connect` signs in with the server for this store's device id and sets the offline password
from the same password (later runs sign in offline as before). A demo store is refused: its rows
are invented and must never reach a real server. Functions taking a session read or write in the
caller's transaction; those taking an engine open their own (never across a network call).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from fieldkit.models import Staff, SyncMeta, Zone, utcnow
from fieldkit.services import auth, device, unlock
from fieldkit.services.i18n import QT_TRANSLATE_NOOP as N
from fieldkit.services.outbox import DemoStoreError, is_demo_store

from .errors import AuthRequired, NotConnected, SyncError
from .protocol import AccountOpenResponse, LoginResponse

if TYPE_CHECKING:  # requests (behind the client) is imported when a sync first makes a client
    from .client import SyncClient

SERVER_URL = "sync.server_url"
LOGIN = "sync.login"
TOKEN = "sync.token"
TOKEN_EXPIRES = "sync.token_expires_at"
#: the device id the token was issued for (a copied data folder becomes a new device)
TOKEN_DEVICE = "sync.token_device"
STAFF_ID = "sync.staff_id"
ROLE = "sync.role"
ZONE_ID = "sync.zone_id"
CURSOR = "sync.cursor"
#: the cursor at which the scope checksum last matched the server's
CHECKED_CURSOR = "sync.checked_cursor"
LAST_ERROR = "sync.last_error"
#: the CA bundle (PEM file) trusted for this store's server, "" for the system's
CA_BUNDLE = "sync.ca_bundle"
#: overrides the stored CA bundle (scripts, a zone's managed laptops)
ENV_CA_BUNDLE = "FIELDKIT_CA_BUNDLE"
#: read by the overview's status line (fieldkit.services.overview)
LAST_SYNC = "last_sync"


def get_meta(session: Session, key: str) -> str:
    row = session.get(SyncMeta, key)
    return row.value if row is not None else ""


def put_meta(session: Session, key: str, value: str) -> None:
    row = session.get(SyncMeta, key)
    if row is None:
        session.add(SyncMeta(key=key, value=value))
    elif row.value != value:
        row.value = value
        session.add(row)


@dataclass
class SyncStatus:
    server_url: str | None
    login: str | None
    signed_in: bool  # a token is held (the server may still refuse it)
    cursor: int
    last_sync_at: datetime | None  # UTC-aware
    last_error: str


def _parse_time(text: str) -> datetime | None:
    if not text:
        return None
    try:
        t = datetime.fromisoformat(text)
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def status(session: Session) -> SyncStatus:
    cursor = get_meta(session, CURSOR)
    return SyncStatus(
        server_url=get_meta(session, SERVER_URL) or None,
        login=get_meta(session, LOGIN) or None,
        signed_in=token(session) is not None,
        cursor=int(cursor) if cursor.isdigit() else 0,
        last_sync_at=_parse_time(get_meta(session, LAST_SYNC)),
        last_error=get_meta(session, LAST_ERROR),
    )


def cursor(session: Session) -> int:
    value = get_meta(session, CURSOR)
    return int(value) if value.isdigit() else 0


def set_cursor(session: Session, value: int) -> None:
    put_meta(session, CURSOR, str(value))


def token(session: Session) -> str | None:
    """The token, if it was issued to this store's current device id (a folder adopted as a copy
    is a new device: its old token is not used, the user signs in again)."""
    tok = get_meta(session, TOKEN)
    issued_to = get_meta(session, TOKEN_DEVICE)
    if tok and issued_to and issued_to != device.device_id(session):
        return None
    return tok or None


def ca_bundle(session: Session) -> str | None:
    """The CA bundle to verify the server with: $FIELDKIT_CA_BUNDLE, else the one stored at
    connection, else None (the system's certificate authorities)."""
    return os.environ.get(ENV_CA_BUNDLE) or get_meta(session, CA_BUNDLE) or None


def staff_id(session: Session) -> str | None:
    return get_meta(session, STAFF_ID) or None


def stamp_synced(conn: Connection, error: str = "") -> None:
    """Record the end of a sync: its time when it finished, else the reason it stopped. One
    upsert statement (a sync with nothing to do writes nothing else)."""
    values = [{"key": LAST_ERROR, "value": error}]
    if not error:
        values.append({"key": LAST_SYNC, "value": utcnow().isoformat()})
    stmt = sqlite_insert(SyncMeta)
    conn.execute(
        stmt.on_conflict_do_update(index_elements=["key"], set_={"value": stmt.excluded.value}), values
    )


def forget_token(session: Session) -> None:
    """Drop the token (sign out of the server); the address, login, cursor and outbox stay."""
    put_meta(session, TOKEN, "")
    put_meta(session, TOKEN_EXPIRES, "")


def _store_login(session: Session, server_url: str, login: str, resp: LoginResponse) -> None:
    previous = get_meta(session, SERVER_URL)
    if previous and previous != server_url:  # another server: its change sequence is not the old one's
        put_meta(session, CURSOR, "0")
        put_meta(session, CHECKED_CURSOR, "")
    put_meta(session, SERVER_URL, server_url)
    put_meta(session, LOGIN, login)
    put_meta(session, TOKEN, resp.token)
    put_meta(session, TOKEN_EXPIRES, resp.expires_at.isoformat())
    put_meta(session, TOKEN_DEVICE, resp.device_id)
    put_meta(session, STAFF_ID, resp.staff_id)
    put_meta(session, ROLE, resp.role)
    put_meta(session, ZONE_ID, resp.zone_id or "")
    put_meta(session, LAST_ERROR, "")


def connect(
    engine: Engine,
    server_url: str,
    login: str,
    password: str,
    *,
    client: SyncClient | None = None,
    ca_bundle: str | None = None,
    new_password: str | None = None,
) -> LoginResponse:
    """Sign in with the server as this store's device and remember the connection; the offline
    password of ``login`` becomes ``password``. Refuses a demo store (:class:`DemoStoreError`) and
    a store already connected to another account: its rows are that account's scope and its unsent
    changes were made by that person (a shared laptop keeps one data folder per account).
    ``ca_bundle`` (a PEM file) is remembered for later syncs; None keeps the stored one, "" clears it.
    An account opened with a one-time password raises :class:`~.errors.PasswordChangeRequired`:
    call again with ``new_password`` (the user's own), which becomes the server's and the offline
    password."""
    server_url = server_url.strip().rstrip("/")
    login = login.strip()
    with Session(engine) as s:
        if is_demo_store(s):
            raise DemoStoreError(N("Sync", "这是演示数据，不能同步到服务器；请连接服务器新建工作数据"))
        other = get_meta(s, LOGIN)
        if other and other != login:
            raise SyncError(
                N("Sync", "此数据文件夹属于账号 {login}；其他账号请使用另一个数据文件夹"),
                code="other_account",
                login=other,
            )
        dev = device.device_id(s)
        bundle = ca_bundle if ca_bundle is not None else get_meta(s, CA_BUNDLE)
        s.commit()
    own = client is None
    from .client import SyncClient  # requests, imported when a sync first needs it

    c = client or SyncClient(server_url, ca_bundle=os.environ.get(ENV_CA_BUNDLE) or bundle or None)
    try:
        if new_password is None:
            resp = c.login(login, password, dev)
        else:
            resp = c.set_password(login, password, new_password, dev)
            password = new_password
    finally:
        if own:
            c.close()
    with Session(engine) as s:
        _ensure_account_row(s, login, resp)
        auth.set_password(s, login, resp.staff_id, password)
        _store_login(s, server_url, login, resp)
        if ca_bundle is not None:
            put_meta(s, CA_BUNDLE, ca_bundle)
        s.commit()
    # the store's key follows the offline password: re-wrapped, or created and the (new or old
    # plaintext) store encrypted in place before the first sync writes anything into it
    unlock.password_set(engine, login, password)
    return resp


def _ensure_account_row(session: Session, login: str, resp: LoginResponse) -> None:
    """Make sure the account can sign in offline before its staff row has been pulled (an initial
    sync cancelled early, or the network lost after sign-in): a stand-in staff row (and its zone)
    from the sign-in's answer, with ``server_version`` 0 and no outbox entry — never pushed, and
    replaced field by field when the pull brings the server's row. Its name is the login until then."""
    if session.get(Staff, resp.staff_id) is not None or not resp.zone_id:
        return
    if session.exec(select(Staff.id).where(Staff.login == login)).first() is not None:
        return  # another row holds the login: the pull settles it
    if session.get(Zone, resp.zone_id) is None:
        session.add(Zone(id=resp.zone_id, name="", server_version=0))
        session.flush()  # the zone first: the staff row refers to it
    session.add(
        Staff(
            id=resp.staff_id, login=login, name=login, role=resp.role, zone_id=resp.zone_id, server_version=0
        )
    )
    session.flush()


def sign_in_again(engine: Engine, password: str, *, client: SyncClient | None = None) -> LoginResponse:
    """A new token for the same server and login (after a 401); the outbox is untouched."""
    with Session(engine) as s:
        url, login = get_meta(s, SERVER_URL), get_meta(s, LOGIN)
    if not url or not login:
        raise NotConnected(code="not_connected")
    return connect(engine, url, login, password, client=client)


def client_for(engine: Engine, *, timeout: float = 20.0) -> SyncClient:
    """A client for the connected server with the stored token."""
    with Session(engine) as s:
        url, tok, bundle = get_meta(s, SERVER_URL), token(s), ca_bundle(s)
    if not url:
        raise NotConnected(code="not_connected")
    if not tok:
        raise AuthRequired(code="token")
    from .client import SyncClient

    return SyncClient(url, token=tok, timeout=timeout, ca_bundle=bundle)


def open_account(engine: Engine, staff_id: str, password: str | None = None) -> AccountOpenResponse:
    """开通账号: the connected supervisor or admin asks the server to open the sign-in account of a
    staff member (the server decides from the token whether they may). A member created here and
    not yet synced is refused before any network call: the server must hold their row first."""
    with Session(engine) as s:
        st = s.get(Staff, staff_id)
        if st is None or st.deleted:
            raise SyncError(N("Sync", "找不到这名人员"), code="account_no_staff")
        if not st.server_version:
            raise SyncError(
                N("Sync", "“{name}”还没有同步到服务器：请先同步，再开通账号"),
                code="account_not_synced",
                name=st.name,
            )
    with client_for(engine) as c:
        return c.open_account(staff_id, password)
