"""Signed in with the server but nothing pulled yet (the initial sync cancelled before the first
page, or the network lost right after sign-in): the next start still signs the account in offline,
from a stand-in staff row made from the sign-in's answer; the first real pull replaces it with the
server's row, and the stand-in is never pushed."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog
from sqlmodel import func, select

from fieldkit.app import LocalStore
from fieldkit.config import Settings
from fieldkit.models import Enterprise, OutboxEntry, Staff, Zone
from fieldkit.services.auth import check_login
from fieldkit.ui.dialogs.sign_in_dialog import SignInDialog

from .sync_fixtures import PASSWORD, SyncServer


def test_an_account_connected_but_never_pulled_signs_in_offline(
    qtbot, tmp_path, runner, sync_server: SyncServer, laptops
):
    lap = laptops("laptop")
    lap.connect(sync_server)  # signed in; no page pulled
    with lap.session() as s:
        assert int(s.exec(select(func.count()).select_from(Enterprise)).one()) == 0
        stand_in = s.get(Staff, sync_server.staff["zhang"])
        assert stand_in is not None and stand_in.server_version == 0 and stand_in.login == "zhang"
        assert s.get(Zone, sync_server.zone_id) is not None
        assert s.exec(select(OutboxEntry)).first() is None  # nothing to push for it
        assert check_login(s, "zhang", PASSWORD).id == sync_server.staff["zhang"]

    sync_server.stop()  # the next start is offline
    dlg = SignInDialog(LocalStore(lap.engine), lap.folder, Settings.load(lap.folder), runner)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.current_page() != "loading", timeout=20_000)
    assert dlg.current_page() == "signin"
    dlg.login_edit.setText("zhang")
    dlg.password_edit.setText(PASSWORD)
    dlg.submit_sign_in()
    qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted, timeout=60_000)
    assert dlg.staff is not None and dlg.staff.id == sync_server.staff["zhang"]

    sync_server.start()  # back online: the server's rows replace the stand-ins
    report = lap.sync()
    assert report.pushed == 0 and report.rejected == 0
    with lap.session() as s:
        staff = s.get(Staff, sync_server.staff["zhang"])
        assert staff is not None and staff.name == "张三" and staff.server_version > 0
        zone = s.get(Zone, sync_server.zone_id)
        assert zone is not None and zone.name == "高新区" and zone.server_version > 0
        assert int(s.exec(select(func.count()).select_from(Enterprise)).one()) == 3
        assert s.exec(select(OutboxEntry)).first() is None
    again = lap.sync()
    assert again.pulled == 0 and not again.full_resync  # the scope checksum agrees with the server's
