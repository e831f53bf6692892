"""The first connection through the sign-in dialog, against a real server process: wrong password,
unreachable server, bad address and incompatible version are clear messages that keep the form;
the right password sets the offline password, runs the initial sync with a progress bar (which can
be cancelled and resumed) and signs the account in; the next start signs in offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlmodel import func, select

from fieldkit.app import LocalStore
from fieldkit.config import Settings, db_path
from fieldkit.db import open_store, session_factory
from fieldkit.models import Enterprise, LocalCredential
from fieldkit.services.auth import check_login
from fieldkit.sync import account
from fieldkit.ui.dialogs.sign_in_dialog import SignInDialog

from .sync_fixtures import PASSWORD, Gate, SyncServer, free_port


def make_dialog(qtbot, engine, folder: Path, runner) -> SignInDialog:
    dlg = SignInDialog(LocalStore(engine), folder, Settings.load(folder), runner)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.current_page() != "loading", timeout=20_000)
    return dlg


def fill(dlg: SignInDialog, url: str, login: str, password: str) -> None:
    p = dlg.connect_panel
    p.server_edit.setText(url)
    p.login_edit.setText(login)
    p.password_edit.setText(password)


def submit_and_wait_message(qtbot, dlg: SignInDialog) -> str:
    p = dlg.connect_panel
    with qtbot.waitSignal(p.message_shown, timeout=60_000) as sig:
        qtbot.mouseClick(p.connect_button, Qt.MouseButton.LeftButton)
    return str(sig.args[0])


def count(engine, model) -> int:
    with session_factory(engine)() as s:
        return int(s.exec(select(func.count()).select_from(model)).one())


def test_first_connection_end_to_end(qtbot, tmp_path, runner, sync_server: SyncServer):
    folder = tmp_path / "laptop"
    engine = open_store(db_path(folder))
    try:
        dlg = make_dialog(qtbot, engine, folder, runner)
        assert dlg.current_page() == "welcome"
        qtbot.mouseClick(dlg.connect_button, Qt.MouseButton.LeftButton)
        assert dlg.current_page() == "connect"
        p = dlg.connect_panel

        # empty and malformed input: refused before any network call, the form keeps it
        p.server_edit.setText("")
        assert submit_and_wait_message(qtbot, dlg) == "请填写服务器地址、账号和密码"
        fill(dlg, "fieldkit.example.cn", "zhang", PASSWORD)
        assert "http:// 或 https://" in submit_and_wait_message(qtbot, dlg)

        # nobody listening on that port: unreachable, said plainly
        dead = f"http://127.0.0.1:{free_port()}"
        fill(dlg, dead, "zhang", PASSWORD)
        text = submit_and_wait_message(qtbot, dlg)
        assert text.startswith(f"无法连接 {dead}") and "Traceback" not in text
        assert p.server_edit.text() == dead and p.login_edit.text() == "zhang"

        # wrong password: the server's refusal, the form keeps what was typed
        fill(dlg, sync_server.url, "zhang", "wrong-password")
        assert submit_and_wait_message(qtbot, dlg) == "账号或密码错误"
        assert p.server_edit.text() == sync_server.url and p.login_edit.text() == "zhang"
        assert p.password_edit.text() == "wrong-password" and p.connect_button.isEnabled()
        assert count(engine, LocalCredential) == 0  # no offline password from a failed sign-in

        # the right one: connected, initial sync with its progress bar, then signed in
        p.password_edit.setText(PASSWORD)
        qtbot.mouseClick(p.connect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted, timeout=120_000)
        assert dlg.staff is not None and dlg.staff.login == "zhang" and dlg.staff.name == "张三"
        assert p.progress.maximum() == p.progress.value() == 1
        assert p.step.text().startswith("同步完成")
        assert count(engine, Enterprise) == 3
        with session_factory(engine)() as s:
            st = account.status(s)
            assert st.server_url == sync_server.url and st.login == "zhang" and st.signed_in
            assert st.last_sync_at is not None
            # later runs sign in offline with the same password
            assert check_login(s, "zhang", PASSWORD).login == "zhang"
    finally:
        engine.dispose()

    # the next start: offline sign-in, no server needed
    sync_server.stop()
    engine = open_store(db_path(folder))
    try:
        dlg = make_dialog(qtbot, engine, folder, runner)
        assert dlg.current_page() == "signin"
        dlg.login_edit.setText("zhang")
        dlg.password_edit.setText(PASSWORD)
        dlg.submit_sign_in()
        qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted, timeout=60_000)
        assert dlg.staff is not None and dlg.staff.login == "zhang"
    finally:
        engine.dispose()


def test_initial_sync_can_be_cancelled_and_resumed(
    qtbot, tmp_path, runner, sync_server: SyncServer, monkeypatch
):
    from functools import partial

    from fieldkit.sync.engine import SyncEngine
    from fieldkit.ui import sync_controller

    # pages of two rows: several pages for three enterprises and their rows
    monkeypatch.setattr(sync_controller, "SyncEngine", partial(SyncEngine, pull_page=2))
    folder = tmp_path / "laptop"
    engine = open_store(db_path(folder))
    gate = Gate(hold_after_pulls=1)
    try:
        dlg = make_dialog(qtbot, engine, folder, runner)
        dlg.connect_panel.client_factory = gate.factory
        qtbot.mouseClick(dlg.connect_button, Qt.MouseButton.LeftButton)
        p = dlg.connect_panel
        fill(dlg, sync_server.url, "zhang", PASSWORD)
        qtbot.mouseClick(p.connect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(gate.held.is_set, timeout=60_000)  # the first page is in, the second asked for
        qtbot.waitUntil(lambda: p.cancel_button.isVisible(), timeout=20_000)
        assert p.progress.isVisible()
        qtbot.mouseClick(p.cancel_button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(p.message_shown, timeout=60_000) as sig:
            gate.release.set()
        assert sig.args[0].startswith("同步已取消")
        assert p.quit_button.isVisible() and p.connect_button.text() == "继续同步"
        assert dlg.result() != QDialog.DialogCode.Accepted
        with session_factory(engine)() as s:
            kept = account.cursor(s)
        assert kept > 0  # what was pulled stays, and the cursor with it
        # go on: the sync resumes from that cursor and ends in the window
        qtbot.mouseClick(p.connect_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted, timeout=120_000)
        assert count(engine, Enterprise) == 3
        with session_factory(engine)() as s:
            assert account.cursor(s) >= kept
    finally:
        dlg.connect_panel.stop()
        engine.dispose()


@pytest.fixture
def old_server(tmp_path):
    srv = SyncServer(tmp_path / "server", env={"FIELDKIT_SERVER_MIN_SCHEMA_VERSION": "999"})
    srv.setup(enterprises=0)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


def test_an_incompatible_version_shows_the_servers_message(qtbot, tmp_path, runner, old_server):
    folder = tmp_path / "laptop"
    engine = open_store(db_path(folder))
    try:
        dlg = make_dialog(qtbot, engine, folder, runner)
        qtbot.mouseClick(dlg.connect_button, Qt.MouseButton.LeftButton)
        fill(dlg, old_server.url, "zhang", PASSWORD)
        text = submit_and_wait_message(qtbot, dlg)
        assert text.startswith("程序版本与服务器不兼容") and "升级" in text
        assert dlg.connect_panel.server_edit.text() == old_server.url
        assert count(engine, LocalCredential) == 0
    finally:
        engine.dispose()
