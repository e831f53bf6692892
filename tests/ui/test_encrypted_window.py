"""The window on an encrypted store, through ``fieldkit.app.run`` itself: the store stays locked
until the sign-in dialog's password unwraps its key (a wrong one is refused there), then the
window opens on it with the key in its services' context. A timer acts as the user (a bounded
poll on what is shown, never a sleep)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from fieldkit import app as fieldkit_app
from fieldkit.services.demo import DEMO_PASSWORD
from fieldkit.services.signin_throttle import SignInThrottle
from fieldkit.services.unlock import Vault, store_state
from fieldkit.ui.dialogs.sign_in_dialog import SignInDialog
from fieldkit.ui.main_window import MainWindow

TICK_MS = 50
MAX_TICKS = 2400


def test_the_window_signs_in_and_opens_on_an_encrypted_store(qtbot, demo_world) -> None:
    folder, login = demo_world.folder, demo_world.demo_login
    demo_world.engine.dispose()
    Vault(folder).unlock(login, DEMO_PASSWORD)  # the first sign-in encrypted the plaintext store
    assert store_state(folder) == "encrypted"
    seen: list[str] = []
    state: dict[str, Any] = {"ticks": 0}

    def visible(kind: type) -> Any:
        return next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None
        )

    def step() -> None:
        state["ticks"] += 1
        if state["ticks"] > MAX_TICKS:
            seen.append("timeout")
            for w in QApplication.topLevelWidgets():
                w.close()
            return
        win = visible(MainWindow)
        if win is not None and win.facts is not None:
            lock = win.idle_lock
            if not any(x.startswith("window") for x in seen):
                seen.append(f"window as {win.ctx.staff.login}, key {'set' if win.ctx.key else 'none'}")
                lock.idle_timer.timeout.emit()  # the idle time ran out: the open encrypted store is locked
                seen.append("locked" if lock.locked else "not locked")
                lock.dialog.password_edit.setText("not-the-password")
                lock.dialog.submit()
            elif seen[-1] == "locked" and lock.dialog.error.text():
                seen.append(f"lock refused: {lock.dialog.error.text()}")
                lock.dialog.password_edit.setText(DEMO_PASSWORD)
                lock.dialog.submit()
            elif seen[-1].startswith("lock refused") and not lock.locked:
                seen.append("unlocked")
                win.close()
            return
        dlg = visible(SignInDialog)
        if dlg is None or dlg.current_page() != "signin" or not dlg.signin_button.isEnabled():
            return
        if "sign-in page" not in seen:
            seen.append("sign-in page")
            assert dlg.locked  # nothing was read: the store has no key yet
            dlg.login_edit.setText(login)
            dlg.password_edit.setText("not-the-password")
            dlg.signin_button.click()
        elif dlg.signin_error.text() and "refused" not in seen:
            seen.append("refused")
            assert dlg.signin_error.text() == "账号或密码错误"
            assert SignInThrottle(folder).failures == 1  # the failed key unwrap counted
            dlg.password_edit.setText(DEMO_PASSWORD)
            dlg.signin_button.click()

    driver = QTimer()
    driver.timeout.connect(step)
    driver.start(TICK_MS)
    try:
        rc = fieldkit_app.run(str(folder), argv=["fieldkit"])
    finally:
        driver.stop()
    assert seen == [
        "sign-in page",
        "refused",
        f"window as {login}, key set",
        "locked",
        "lock refused: 账号或密码错误",
        "unlocked",
    ]
    assert rc == 0
    assert store_state(folder) == "encrypted"
    assert SignInThrottle(folder).failures == 0  # the right password reset the count
