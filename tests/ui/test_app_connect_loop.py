"""The composition root's loop, driven through ``fieldkit.app.run`` itself with its real widgets:
the demo window → 连接服务器… → the demo window closes → a real store beside the demo opens on its
connect page → the first connection against a real server process → the window on the real store.
A timer acts as the user (a bounded poll on what is shown, never a sleep)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlmodel import func, select

from fieldkit import app as fieldkit_app
from fieldkit.db import session_factory
from fieldkit.models import Enterprise
from fieldkit.services.demo import DEMO_PASSWORD
from fieldkit.services.outbox import is_demo_store
from fieldkit.services.unlock import Vault, store_state
from fieldkit.sync import account
from fieldkit.ui.dialogs.settings_dialog import read_saved_data_dir
from fieldkit.ui.dialogs.sign_in_dialog import SignInDialog
from fieldkit.ui.main_window import MainWindow

from .sync_fixtures import PASSWORD, SyncServer

TICK_MS = 50
MAX_TICKS = 4000  # bounded: ~3 min of a busy machine before the driver gives up


def test_run_goes_from_the_demo_to_a_real_store_beside_it(
    qtbot, demo_world, sync_server: SyncServer, monkeypatch
):
    demo_folder = demo_world.folder
    before = sorted(p.name for p in demo_folder.iterdir())
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    seen: list[str] = []
    state: dict[str, Any] = {"ticks": 0, "windows": []}

    def visible(kind: type) -> Any:
        return next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None
        )

    def step() -> None:
        state["ticks"] += 1
        if state["ticks"] > MAX_TICKS:  # give up: close whatever is open so run() returns
            seen.append("timeout")
            for w in QApplication.topLevelWidgets():
                w.close()
            return
        win = visible(MainWindow)
        if win is not None and win.facts is not None and win not in state["windows"]:
            state["windows"].append(win)
            if win.facts.demo:
                seen.append("demo window")
                assert win.act_connect.isVisible() and not win.act_sync.isEnabled()
                win.act_connect.trigger()  # 连接服务器… (the question is answered yes)
            else:
                seen.append(f"window on {win.folder.name} as {win.ctx.staff.login}")
                win.close()
            return
        dlg = visible(SignInDialog)
        if dlg is not None and dlg.current_page() == "connect" and "connect page" not in seen:
            seen.append("connect page")
            p = dlg.connect_panel
            p.server_edit.setText(sync_server.url)
            p.login_edit.setText("zhang")
            p.password_edit.setText(PASSWORD)
            p.connect_button.click()

    driver = QTimer()
    driver.timeout.connect(step)
    driver.start(TICK_MS)
    try:
        rc = fieldkit_app.run(str(demo_folder), demo=True, argv=["fieldkit"])
    finally:
        driver.stop()
    work = demo_folder.with_name(f"{demo_folder.name}-work")
    assert seen == ["demo window", "connect page", f"window on {work.name} as zhang"]
    assert rc == 0
    assert read_saved_data_dir() == str(work)  # later runs open the real store
    # the demo is left as it was, encrypted by its demo sign-in (keys.json beside it; run()
    # remembers its signed-in login in settings.json, as always)
    assert (
        sorted(p.name for p in demo_folder.iterdir() if p.name not in ("settings.json", "keys.json"))
        == before
    )
    assert store_state(demo_folder) == "encrypted" and store_state(work) == "encrypted"
    demo_world.engine.dispose()
    demo_vault = Vault(demo_folder)
    demo_vault.unlock(demo_world.demo_login, DEMO_PASSWORD)
    try:
        with session_factory(demo_vault.engine)() as s:
            assert is_demo_store(s) and account.status(s).server_url is None
    finally:
        demo_vault.close()
    vault = Vault(work)  # the first connection's password opens the real store
    vault.unlock("zhang", PASSWORD)
    try:
        with session_factory(vault.engine)() as s:
            assert not is_demo_store(s)
            st = account.status(s)
            assert st.server_url == sync_server.url and st.login == "zhang"
            assert int(s.exec(select(func.count()).select_from(Enterprise)).one()) == 3
    finally:
        vault.close()
