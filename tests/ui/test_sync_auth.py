"""The server stops accepting this device, against a real server: an expired sign-in asks for the
password again and the changes waiting then go up; a revoked device closes the window, its data
folder is wiped (after the push the server still took) and the first-run page says why."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from sqlmodel import select

from fieldkit.config import Settings, attachments_dir
from fieldkit.models import Enterprise, OutboxEntry
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.sync_controller import SyncController

from .sync_fixtures import PASSWORD, Laptop, SyncServer


def open_window(qtbot, runner, lap: Laptop) -> MainWindow:
    sync = SyncController(lap.engine, attachments_dir(lap.folder), health_poll_ms=60_000, interval_ms=600_000)
    win = MainWindow(lap.context(), runner, Settings(), None, lap.folder, sync=sync)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.sync.finished, timeout=120_000):
        win.show()
    return win


def edit(lap: Laptop, eid: str, notes: str) -> None:
    ctx = lap.context()
    with lap.session() as s:
        ctx.enterprises.update(s, s.get(Enterprise, eid), notes=notes)
        s.commit()


def outbox(lap: Laptop) -> list[tuple[str, str, dict[str, Any]]]:
    with lap.session() as s:
        return [(e.row_id, e.state, dict(e.changes)) for e in s.exec(select(OutboxEntry)).all()]


def test_an_expired_sign_in_asks_for_the_password_and_keeps_the_outbox(
    qtbot, runner, sync_server: SyncServer, laptops
):
    lap = laptops("a")
    lap.connect(sync_server)
    lap.sync()
    win = open_window(qtbot, runner, lap)
    eid = sync_server.enterprises["测试企业0001有限公司"]
    sync_server.expire_tokens(lap.device_id)
    edit(lap, eid, "登录过期前写的")
    before = outbox(lap)
    assert [(r, s) for r, s, _ in before] == [(eid, "pending")]

    with qtbot.waitSignal(win.sync.auth_required, timeout=120_000):
        win.act_sync.trigger()
    dlg = win.sign_in_again_dialog
    qtbot.waitUntil(dlg.isVisible, timeout=20_000)
    assert "登录已失效" in dlg.reason.text()
    assert "zhang" in dlg.account_label.text() and sync_server.url in dlg.account_label.text()
    assert outbox(lap) == before  # nothing lost, nothing sent
    assert win.sync.paused == "auth"

    dlg.password_edit.setText("not-the-password")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.error.text() != "", timeout=60_000)
    assert dlg.error.text() == "账号或密码错误" and dlg.isVisible()

    dlg.password_edit.setText(PASSWORD)
    with qtbot.waitSignal(win.sync.finished, timeout=120_000) as done:
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert done.args[0].pushed == 1
    assert not dlg.isVisible() and win.sync.paused == ""
    assert outbox(lap) == []
    assert sync_server.row("enterprise", eid)["notes"] == "登录过期前写的"


def test_a_revoked_device_closes_the_window_wipes_and_returns_to_first_run(
    qtbot, runner, sync_server: SyncServer, laptops
):
    from fieldkit.app import LocalStore, wipe_after_revocation
    from fieldkit.config import db_path
    from fieldkit.db import open_store
    from fieldkit.ui.dialogs.sign_in_dialog import SignInDialog

    lap = laptops("a")
    lap.connect(sync_server)
    lap.sync()
    win = open_window(qtbot, runner, lap)
    eid = sync_server.enterprises["测试企业0002有限公司"]
    sync_server.revoke_device(lap.device_id)
    edit(lap, eid, "设备停用后写的")
    (lap.folder / "keys.json").write_text("{}", encoding="utf-8")  # what the key store keeps

    with qtbot.waitSignal(win.sync.device_revoked, timeout=120_000):
        win.act_sync.trigger()
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=20_000)
    assert win.revoked and win.sync.paused == "revoked"
    assert not win.sync.health_timer.isActive() and not win.sync.interval_timer.isActive()
    assert sync_server.row("enterprise", eid)["notes"] != "设备停用后写的"  # refused outright

    notice = wipe_after_revocation(lap.engine, lap.folder)  # what fieldkit.app.run does next
    assert notice.startswith("此设备已被管理员停用") and "有 1 项更改未能上传" in notice
    assert not db_path(lap.folder).exists() and not (lap.folder / "keys.json").exists()
    assert not (lap.folder / "attachments").exists()

    engine = open_store(db_path(lap.folder))  # the run loop opens the (now empty) folder again
    try:
        dlg = SignInDialog(LocalStore(engine), lap.folder, Settings.load(lap.folder), runner, notice=notice)
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitUntil(lambda: dlg.current_page() == "welcome", timeout=20_000)
        assert dlg.welcome_notice.isVisible() and dlg.welcome_notice.text() == notice
        assert dlg.demo_button.isEnabled()  # an empty folder, as on first run
    finally:
        engine.dispose()


def test_an_incompatible_server_pauses_the_sync_with_its_message(
    qtbot, runner, sync_server: SyncServer, laptops
):
    lap = laptops("a")
    lap.connect(sync_server)
    lap.sync()
    win = open_window(qtbot, runner, lap)
    sync_server.stop()
    sync_server.env = {"FIELDKIT_SERVER_MIN_SCHEMA_VERSION": "999"}  # the server was upgraded
    sync_server.start()
    edit(lap, sync_server.enterprises["测试企业0003有限公司"], "升级前写的")
    with qtbot.waitSignal(win.sync.incompatible, timeout=120_000):
        win.act_sync.trigger()
    box = win.incompatible_box
    qtbot.waitUntil(box.isVisible, timeout=20_000)
    assert box.text().startswith("程序版本与服务器不兼容") and "升级" in box.text()
    assert win.sync.paused == "incompatible"
    assert win.sync_indicator.progress_label.text() == "同步已暂停"
    win.sync._periodic()  # the automatic syncs stay paused
    assert not win.sync.running
    assert [state for _r, state, _c in outbox(lap)] == ["pending"]  # nothing lost
    box.close()
