"""A demo store never syncs: 立即同步 is off and says why, "连接服务器…" closes the demo window and
the composition root opens a real store beside the demo, on its connect page; the demo folder is
left as it was and the new folder is remembered for later runs."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from fieldkit.app import LocalStore, connected_store_folder
from fieldkit.config import Settings, db_path
from fieldkit.db import open_store, session_factory
from fieldkit.services.context import ServiceContext
from fieldkit.services.overview import staff_by_login
from fieldkit.ui.dialogs.settings_dialog import read_saved_data_dir
from fieldkit.ui.dialogs.sign_in_dialog import SignInDialog
from fieldkit.ui.main_window import MainWindow


def test_connecting_from_the_demo_opens_a_real_store_beside_it(qtbot, runner, demo_world, monkeypatch):
    with session_factory(demo_world.engine)() as s:
        staff = staff_by_login(s, demo_world.demo_login)

    ctx = ServiceContext(demo_world.engine, demo_world.folder, staff, device_id="demo-device")
    win = MainWindow(ctx, runner, Settings(), None, demo_world.folder)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.facts is not None, timeout=20_000)
    assert win.facts.demo
    assert not win.act_sync.isEnabled()
    assert win.act_sync.toolTip() == "演示数据不会同步到服务器；请用“连接服务器…”新建工作数据"
    assert win.act_connect.isVisible() and win.act_connect in win.toolbar.actions()
    assert win.sync.sync_now() in (True, False)  # never raises; a demo has no server to reach

    asked: list[str] = []

    def answer(_parent, _title, text, *a, **k):  # the user says yes
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    win.act_connect.trigger()
    assert "演示数据不会上传到服务器" in asked[0]
    assert win.connect_requested and not win.isVisible()

    before = sorted(p.name for p in demo_world.folder.iterdir())
    target = connected_store_folder(demo_world.folder, demo=True)
    assert target == demo_world.folder.with_name(f"{demo_world.folder.name}-work")
    assert target.is_dir() and target != demo_world.folder
    assert read_saved_data_dir() == str(target)  # later runs open the real store
    assert sorted(p.name for p in demo_world.folder.iterdir()) == before  # the demo is left alone
    assert connected_store_folder(target, demo=False) == target  # a real store connects in place

    engine = open_store(db_path(target))
    try:
        dlg = SignInDialog(LocalStore(engine), target, Settings.load(target), runner, start_page="connect")
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitUntil(lambda: dlg.current_page() == "connect", timeout=20_000)
        assert dlg.connect_panel.server_edit.hasFocus()
    finally:
        engine.dispose()


def test_a_demo_store_never_starts_a_sync_and_never_shows_a_traceback(qtbot, demo_world, sync_server):
    """Even a demo store that names a server (a hand-edited folder) is refused before the engine
    runs; the reason is the user's message; after that the controller starts nothing."""
    from sqlmodel import Session

    from fieldkit.config import attachments_dir
    from fieldkit.services.outbox import DemoStoreError
    from fieldkit.sync import account
    from fieldkit.sync.client import SyncClient
    from fieldkit.sync.engine import SyncEngine
    from fieldkit.ui.sync_controller import SyncController
    from fieldkit.ui.sync_texts import error_text

    with Session(demo_world.engine) as s:
        account.put_meta(s, account.SERVER_URL, sync_server.url)
        account.put_meta(s, account.TOKEN, "not-a-token")
        s.commit()
    # the engine itself refuses a demo store with DemoStoreError (not a SyncError)
    with SyncClient(sync_server.url, token="not-a-token") as client:
        with pytest.raises(DemoStoreError) as raised:
            SyncEngine(demo_world.engine, client, attachments_dir(demo_world.folder)).sync()
    assert error_text(raised.value) == "这是演示数据，不能同步到服务器；请连接服务器新建工作数据"

    made: list[object] = []

    def factory(engine):  # the controller must not get as far as a client
        made.append(engine)
        return account.client_for(engine)

    c = SyncController(demo_world.engine, attachments_dir(demo_world.folder), client_factory=factory)
    try:
        with qtbot.waitSignal(c.failed, timeout=30_000) as sig:
            assert c.sync_now()  # not yet known to be a demo: the thread checks first
        assert isinstance(sig.args[0], DemoStoreError)
        assert error_text(sig.args[0]) == "这是演示数据，不能同步到服务器；请连接服务器新建工作数据"
        assert "Traceback" not in error_text(sig.args[0])
        assert made == []
        assert c.demo is True and not c.health_timer.isActive() and not c.interval_timer.isActive()
        assert c.sync_now() is False and not c.running  # from now on nothing starts
        c.start()
        assert not c.health_timer.isActive()
    finally:
        c.stop()
        c.deleteLater()


def test_the_demo_store_says_it_does_not_sync_instead_of_counting_waiting_changes(qtbot, demo_world):
    """A demo's local edits never go anywhere: the status bar and Today say "演示数据（不同步）",
    not a "待同步 N 项" that would never go down."""
    from sqlmodel import Session

    from fieldkit.services.overview import SyncStatus, sync_status
    from fieldkit.ui.main_window import SyncIndicator

    with Session(demo_world.engine) as s:
        status = sync_status(s)
    assert status.demo is True

    bar = SyncIndicator()
    qtbot.addWidget(bar)
    bar.set_status(SyncStatus(pending=2, demo=True))
    assert bar.pending_label.text() == "演示数据（不同步）"
    assert "待同步" not in bar.pending_label.text() and not bar.rejected_label.isVisible()
    bar.set_status(SyncStatus(pending=2))
    assert bar.pending_label.text() == "待同步 2 项"
