"""The start's first view without the ORM (issue 11 §3): when the password is known at the start
(``fieldkit --demo`` on a demo store, the start-up probe's ``FIELDKIT_PASSWORD``), the window shows
Today before SQLAlchemy, SQLModel and the models are imported (≈ 0.7 s of CPU on the GUI's
interpreter lock); they are imported afterwards and the window's other views, the sync and the
idle lock are attached then (:meth:`fieldkit.ui.main_window.MainWindow.attach`).

:func:`read_first_view` does what the sign-in does before the first view, with the store's
DB-API driver only: the password unwraps the data key from the login's wrap (argon2id,
:mod:`fieldkit.keystore`; whoever unwraps the key can read the whole store, so this is what
decides whether the board may be shown); the store is opened read-only, only at the current
schema (:data:`fieldkit.schema_head.SCHEMA_HEAD`); the staff member must exist and be active; then
Today's board (:func:`~fieldkit.services.today_sql.today_overview_sql`) and the sync indicator's
figures are read. The login's offline password check (scrypt,
:func:`fieldkit.services.auth.check_login`, with its repair when the wrap was changed elsewhere) is
the attach's sign-in through the ORM; when it refuses, the window closes and the ordinary sign-in
says why. Whatever it cannot do so raises :class:`NoFirstView` (or the driver's error): the
start then goes the ordinary way (the ORM's sign-in, which says what is wrong). Nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fieldkit import keystore
from fieldkit.config import db_path
from fieldkit.domain.roles import SUPERVISOR_ROLES
from fieldkit.schema_head import SCHEMA_HEAD

if TYPE_CHECKING:
    from .today_board import SyncStatus, TodayOverview


class NoFirstView(Exception):
    """The first view cannot be read without the ORM (the reason, for the log): start the ordinary way."""


@dataclass(frozen=True)
class StaffFacts:
    """The signed-in staff member's columns that the window's frame shows (the attribute names of
    :class:`fieldkit.models.Staff`)."""

    id: str
    login: str
    name: str
    role: str
    specialist_type: str
    zone_id: str


@dataclass
class FirstView:
    """What the window shows before the ORM is imported; ``key`` and ``password`` sign in through the
    ORM afterwards without a second argon2id (:meth:`fieldkit.services.unlock.Vault.unlock`)."""

    staff: StaffFacts
    overview: TodayOverview
    sync: SyncStatus
    key: bytes = field(repr=False)
    password: str = field(repr=False)
    language: str = "zh_CN"

    @property
    def is_supervisor(self) -> bool:
        return self.staff.role in SUPERVISOR_ROLES

    @property
    def scope_staff_id(self) -> str | None:
        """As :attr:`fieldkit.services.context.ServiceContext.scope_staff_id`."""
        return None if self.is_supervisor else self.staff.id


def read_first_view(folder: Path, login: str, password: str, *, language: str = "zh_CN") -> FirstView:
    """``login`` signed in with ``password`` on the encrypted store of ``folder`` and its first view
    read (see the module's text). Runs on a worker thread: argon2id and scrypt release the GIL."""
    login = login.strip()
    path = db_path(folder)
    if not keystore.exists(folder) or not path.exists():
        raise NoFirstView("not an encrypted store")
    try:  # first: argon2id releases the GIL, the start's GUI thread imports Qt meanwhile
        key = keystore.open_key(folder, login, password)
    except keystore.WrongPassword:
        raise NoFirstView("wrong password") from None
    from fieldkit.store_crypt import cipher_connect

    from .today_sql import sync_status_sql, today_overview_sql

    conn = cipher_connect(path, key, uri=f"file:{quote(str(path.resolve()))}?mode=ro")
    try:
        staff = _signed_in(conn, login)
        scope = None if staff.role in SUPERVISOR_ROLES else staff.id
        board, sync = today_overview_sql(conn, scope), sync_status_sql(conn)
        return FirstView(staff, board, sync, key, password, language)
    finally:
        conn.close()


def _signed_in(conn: Any, login: str) -> StaffFacts:
    rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    if [str(r[0]) for r in rows] != [SCHEMA_HEAD]:
        raise NoFirstView(f"schema {rows!r} is not {SCHEMA_HEAD}")
    cred = conn.execute("SELECT staff_id FROM localcredential WHERE login = ?", (login,)).fetchone()
    if cred is None:
        raise NoFirstView("no offline credential")
    row = conn.execute(
        "SELECT id, login, name, role, specialist_type, zone_id, active, deleted FROM staff WHERE id = ?",
        (cred[0],),
    ).fetchone()
    if row is None or not row[6] or row[7]:
        raise NoFirstView("staff missing or disabled")
    return StaffFacts(*(str(v) for v in row[:6]))
