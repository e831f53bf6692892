"""The start's first view without the ORM (:func:`fieldkit.services.first_view.read_first_view`): on
an encrypted store it signs in as the ORM's sign-in does (the same staff member, the same refusals)
and reads the same board and sync figures, without writing a byte; its key opens the store through
the ORM afterwards without a second key derivation; and a fresh interpreter reads it and builds the
main window's frame on it with none of SQLAlchemy, SQLModel, pydantic or the models imported."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from fieldkit import keystore
from fieldkit.config import db_path
from fieldkit.db import open_store
from fieldkit.models import LocalCredential, Staff
from fieldkit.services import overview
from fieldkit.services.demo import DEMO_PASSWORD, generate
from fieldkit.services.first_view import NoFirstView, read_first_view
from fieldkit.services.unlock import Vault
from fieldkit.store_crypt import cipher_connect

HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "fieldkit.models", "fieldkit.db")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """An encrypted demo store (its demo sign-in encrypted it), its demo login and a supervisor's."""
    folder = Path(tmp_path_factory.mktemp("first_view")) / "data"
    engine = open_store(db_path(folder))
    summary = generate(engine, enterprises=80, seed=5)
    with Session(engine) as s:
        logins = set(s.exec(select(LocalCredential.login)).all())
        supervisor = next(
            st.login for st in s.exec(select(Staff).where(Staff.role == "supervisor")) if st.login in logins
        )
    engine.dispose()
    assert summary.demo_login
    vault = Vault(folder)
    vault.unlock(summary.demo_login, DEMO_PASSWORD)  # encrypts the plaintext demo store
    vault.close()
    assert keystore.exists(folder)
    return folder, summary.demo_login, supervisor


@pytest.fixture
def store(template: tuple[Path, str, str], tmp_path: Path) -> tuple[Path, str, str]:
    folder = tmp_path / "data"
    shutil.copytree(template[0], folder)
    return folder, template[1], template[2]


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()
    }


@pytest.mark.parametrize("who", ["assistant", "supervisor"])
def test_signs_in_and_reads_what_the_orm_reads(store: tuple[Path, str, str], who: str) -> None:
    folder, assistant, supervisor = store
    login = assistant if who == "assistant" else supervisor
    before = _digest(folder)
    first = read_first_view(folder, login, DEMO_PASSWORD)
    assert _digest(folder) == before  # read-only: not even the WAL switch

    vault = Vault(folder)
    try:
        staff = vault.unlock(login, DEMO_PASSWORD, key=first.key)
        assert (first.staff.id, first.staff.login, first.staff.name) == (staff.id, staff.login, staff.name)
        assert (first.staff.role, first.staff.specialist_type, first.staff.zone_id) == (
            staff.role,
            staff.specialist_type,
            staff.zone_id,
        )
        assert first.is_supervisor is (who == "supervisor")
        assert first.scope_staff_id == (None if who == "supervisor" else staff.id)
        with Session(vault.engine) as s:
            ov = overview.today_overview(s, first.scope_staff_id, include_policies=False)
            sync = overview.sync_status(s)
    finally:
        vault.close()
    assert first.overview == ov
    assert first.sync == sync
    assert first.sync.demo
    assert ov.assigned_count > 0


def test_the_key_opens_the_store_without_a_second_derivation(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder, login, _sup = store
    first = read_first_view(folder, login, DEMO_PASSWORD)

    def derive(*_a: object, **_k: object) -> bytes:
        raise AssertionError("argon2id a second time")

    monkeypatch.setattr(keystore, "_kek", derive)
    vault = Vault(folder)
    try:
        assert vault.unlock(login, DEMO_PASSWORD, key=first.key).login == login
    finally:
        vault.close()


def _edit(folder: Path, key: bytes, sql: str, *params: object) -> None:
    conn = cipher_connect(db_path(folder), key)
    try:
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def test_refuses_what_the_ordinary_sign_in_must_decide(store: tuple[Path, str, str]) -> None:
    folder, login, _sup = store
    with pytest.raises(NoFirstView, match="wrong password"):
        read_first_view(folder, login, DEMO_PASSWORD + "x")
    with pytest.raises(NoFirstView, match="wrong password"):
        read_first_view(folder, "nobody", DEMO_PASSWORD)
    key = keystore.open_key(folder, login, DEMO_PASSWORD)

    _edit(folder, key, "UPDATE staff SET active = 0 WHERE login = ?", login)
    with pytest.raises(NoFirstView, match="disabled"):
        read_first_view(folder, login, DEMO_PASSWORD)
    _edit(folder, key, "UPDATE staff SET active = 1 WHERE login = ?", login)
    assert read_first_view(folder, login, DEMO_PASSWORD).staff.login == login

    _edit(folder, key, "DELETE FROM localcredential WHERE login = ?", login)
    with pytest.raises(NoFirstView, match="no offline credential"):
        read_first_view(folder, login, DEMO_PASSWORD)


def test_a_store_behind_the_schema_or_not_encrypted_goes_the_ordinary_way(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder, login, _sup = store
    key = keystore.open_key(folder, login, DEMO_PASSWORD)
    _edit(folder, key, "UPDATE alembic_version SET version_num = '0013'")
    with pytest.raises(NoFirstView, match="schema"):
        read_first_view(folder, login, DEMO_PASSWORD)
    plain = tmp_path / "plain"
    open_store(db_path(plain)).dispose()
    with pytest.raises(NoFirstView, match="not an encrypted store"):
        read_first_view(plain, login, DEMO_PASSWORD)


def test_a_fresh_interpreter_shows_the_frame_without_the_orm(store: tuple[Path, str, str]) -> None:
    folder, login, _sup = store
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from fieldkit.config import Settings\n"
        "from fieldkit.services.first_view import read_first_view\n"
        "from fieldkit.ui.main_window import MainWindow\n"
        "from fieldkit.ui.workers import TaskRunner\n"
        "app = QApplication([])\n"
        f"first = read_first_view(Path({str(folder)!r}), {login!r}, {DEMO_PASSWORD!r})\n"
        f"win = MainWindow(None, TaskRunner(), Settings(), folder=Path({str(folder)!r}), first=first)\n"
        "seen = []\n"
        "win.first_view_loaded.connect(lambda: seen.append('loaded'))\n"
        "win.show_first()\n"
        "win.show()\n"
        "app.processEvents()\n"
        "today = win.views['today']\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(seen, win.attached, today.tile_value('not_visited'), list(win.views), heavy)\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    seen, attached, tile, views, heavy = out.stdout.strip().split(" ", 4)
    assert seen == "['loaded']" and attached == "False" and views == "['today']"
    assert tile.isdigit()
    assert heavy == "[]", out.stdout
