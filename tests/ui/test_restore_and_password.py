"""Issue 10's gaps in the window: an encrypted backup restored when the store cannot be opened —
from the sign-in (the password opens the key, not the damaged file) and from the store-problem
dialog (the key file damaged) — and 文件 → 修改密码…. Real encrypted stores, real dialogs; timers
act as the user on modal dialogs (bounded polls on what is shown, never a sleep)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlmodel import Session, select

from fieldkit import app as fk_app
from fieldkit import keystore
from fieldkit.config import db_path
from fieldkit.models import Enterprise
from fieldkit.services import backup
from fieldkit.services.auth import set_password
from fieldkit.services.unlock import Vault
from fieldkit.ui.dialogs.change_password_dialog import ChangePasswordDialog
from fieldkit.ui.dialogs.restore_dialog import RestoreDialog
from fieldkit.ui.dialogs.sign_in_dialog import SignInDialog
from fieldkit.ui.dialogs.store_problem_dialog import StoreProblemDialog
from tests.unit.fixtures import add_enterprise, add_staff, open_db

OLD = "old-pass-1234"
NEW = "new-pass-5678"
NAME = "恢复测试精密机械有限公司"
MAX_TICKS = 1200


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An encrypted store (login zw, password OLD) with one enterprise and one backup of it."""
    folder = tmp_path_factory.mktemp("ui-enc-template")
    db = open_db(folder)
    with db.tx() as s:
        staff = add_staff(s, "张伟", "zw")
        add_enterprise(s, NAME, contact_phone="13800138000")
        set_password(s, "zw", staff.id, OLD)
    db.engine.dispose()
    vault = Vault(folder)
    vault.unlock("zw", OLD)
    backup.make_backup(folder, connect=backup.engine_connect(vault.engine))
    vault.close()
    return folder


@pytest.fixture
def folder(template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(template, target)
    return target


def names(folder: Path, password: str = OLD) -> list[str]:
    vault = Vault(folder)
    try:
        vault.unlock("zw", password)
        with Session(vault.engine) as s:
            return list(s.exec(select(Enterprise.name)).all())
    finally:
        vault.close()


def drive(step: Callable[[], bool]) -> QTimer:
    """Call ``step`` every 20 ms until it returns True (or a bound of ticks)."""
    timer = QTimer()
    ticks = [0]

    def tick() -> None:
        ticks[0] += 1
        if ticks[0] > MAX_TICKS:  # never a hang: what is open closes, the test's assertions say why
            timer.stop()
            for w in QApplication.topLevelWidgets():
                w.close()
            return
        try:
            finished = step()
        except Exception:  # an assertion in a timer slot would be lost: stop and let the test fail
            timer.stop()
            for w in QApplication.topLevelWidgets():
                w.close()
            raise
        if finished:
            timer.stop()

    timer.timeout.connect(tick)
    timer.start(20)
    return timer


def modal(kind: type) -> Any:
    w = QApplication.activeModalWidget()
    return w if isinstance(w, kind) and w.isVisible() else None


def restore_steps(dlg: RestoreDialog, seen: list[str], qtbot: Any) -> bool:
    """Acts in the restore dialog: a wrong password first, then the right one, then 继续登录."""
    if dlg.job is not None:
        return False
    if "restore dialog" not in seen and dlg.list.count() == 1:
        seen.append("restore dialog")
        qtbot.keyClicks(dlg.password_edit, "wrong-pass-000")
        dlg.restore_btn.click()
    elif seen[-1] == "restore dialog" and dlg.error.text():
        seen.append(f"refused: {dlg.error.text().split('：')[0]}")
        assert dlg.restore_btn.isEnabled() and dlg.password_edit.hasSelectedText()
        dlg.password_edit.clear()
        qtbot.keyClicks(dlg.password_edit, OLD)
        dlg.restore_btn.click()
    elif seen[-1].startswith("refused") and dlg.continue_btn.isVisible():
        kept = "无法打开的原数据已另存在" in dlg.status.text()
        saved = "恢复前的数据已另存为备份" in dlg.status.text()
        seen.append("restored, kept aside" if kept else "restored, saved" if saved else "restored")
        dlg.continue_btn.click()
        return True
    return False


def test_a_damaged_encrypted_store_is_restored_from_the_sign_in_and_opens(qtbot: Any, folder: Path) -> None:
    """Through ``fieldkit.app.run``: the password opens the key but not the damaged file → the
    sign-in offers 从备份恢复… → a wrong backup password is refused, the right one restores → the
    sign-in comes back and opens the window on the restored store."""
    from fieldkit.ui.main_window import MainWindow

    noise = os.urandom(16384)
    db_path(folder).write_bytes(noise)
    seen: list[str] = []

    def step() -> bool:
        win = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None
        )
        if win is not None and win.facts is not None:
            seen.append("window")
            win.close()
            return True
        restore = modal(RestoreDialog)
        if restore is not None:
            restore_steps(restore, seen, qtbot)
            return False
        dlg = modal(SignInDialog)
        if dlg is None or dlg.current_page() != "signin" or not dlg.signin_button.isEnabled():
            return False
        if not seen:
            seen.append("sign-in")
            qtbot.keyClicks(dlg.login_edit, "zw")
            qtbot.keyClicks(dlg.password_edit, OLD)
            dlg.signin_button.click()
        elif seen == ["sign-in"] and dlg.restore_button.isVisible():
            seen.append(f"damaged: {'无法用这把密钥打开' in dlg.signin_error.text()}")
            # the restore dialog runs modal from the click: outside this timer's slot, which must go on
            QTimer.singleShot(0, dlg.restore_button.click)
        elif seen[-1].startswith("restored"):
            seen.append("sign-in again")
            assert not dlg.restore_button.isVisible()
            dlg.login_edit.setText("")
            qtbot.keyClicks(dlg.login_edit, "zw")
            qtbot.keyClicks(dlg.password_edit, OLD)
            dlg.signin_button.click()
        return False

    timer = drive(step)
    try:
        rc = fk_app.run(str(folder), argv=["fieldkit"])
    finally:
        timer.stop()
    assert seen == [
        "sign-in",
        "damaged: True",
        "restore dialog",
        "refused: 密码不正确",
        "restored, kept aside",
        "sign-in again",
        "window",
    ]
    assert rc == 0
    assert names(folder) == [NAME]
    kept = backup.kept_stores(folder)
    assert len(kept) == 1 and (kept[0] / db_path(folder).name).read_bytes() == noise  # kept, not deleted


def test_the_store_problem_dialog_restores_an_encrypted_backup(qtbot: Any, folder: Path) -> None:
    """A damaged keys.json: the store-problem dialog's 从备份恢复… opens the restore dialog; with
    the backup's password the store opens again (locked, for the sign-in)."""
    (folder / keystore.KEYS_FILE).write_text("{not json", encoding="utf-8")
    seen: list[str] = []

    def step() -> bool:
        restore = modal(RestoreDialog)
        if restore is not None:
            restore_steps(restore, seen, qtbot)
            return False
        problem = modal(StoreProblemDialog)
        if problem is not None:
            if "problem" in seen:  # shown again: the restore did not help
                seen.append("again")
                problem.quit_button.click()
                return True
            seen.append("problem")
            assert problem.restore_button.isEnabled()
            problem.restore_button.click()
        return False

    timer = drive(step)
    try:
        opened = fk_app.open_or_ask(folder, fk_app.open_vault)
    finally:
        timer.stop()
    # the store itself was sound (only its key file damaged): the backup's key read it, so it was
    # saved as one more backup before the swap
    assert seen == ["problem", "restore dialog", "refused: 密码不正确", "restored, saved"]
    assert opened is not None
    vault = opened[1]
    assert vault.locked  # the sign-in comes next
    vault.unlock("zw", OLD)
    vault.close()
    assert names(folder) == [NAME]


def test_change_password_dialog(qtbot: Any, folder: Path, runner: Any) -> None:
    vault = Vault(folder)
    vault.unlock("zw", OLD)
    dlg = ChangePasswordDialog(vault.engine, folder, "zw", vault.key, runner)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.sizeHint().height() <= 700 and dlg.sizeHint().width() <= 1300  # fits 1366×768

    qtbot.keyClicks(dlg.old_edit, OLD)
    qtbot.keyClicks(dlg.new_edit, NEW)
    qtbot.keyClicks(dlg.repeat_edit, NEW + "x")
    dlg.ok_btn.click()  # checked at once: no thread
    assert dlg.error.text() == "两次输入的新密码不一致" and not dlg.busy

    dlg.old_edit.clear()
    qtbot.keyClicks(dlg.old_edit, "wrong-pass-000")
    dlg.repeat_edit.clear()
    qtbot.keyClicks(dlg.repeat_edit, NEW)
    dlg.ok_btn.click()
    qtbot.waitUntil(lambda: not dlg.busy and bool(dlg.error.text()), timeout=30_000)
    assert dlg.error.text() == "原密码不正确" and dlg.old_edit.hasFocus() is dlg.isActiveWindow()
    assert keystore.open_key(folder, "zw", OLD) == vault.key  # nothing changed

    dlg.old_edit.clear()
    qtbot.keyClicks(dlg.old_edit, OLD)
    dlg.ok_btn.click()
    qtbot.waitUntil(lambda: dlg.result_info is not None, timeout=30_000)
    assert dlg.status.text().startswith("密码已修改") and not dlg.ok_btn.isVisible()
    assert dlg.cancel_btn.text() == "关闭"
    vault.close()
    assert names(folder, NEW) == [NAME]
    with pytest.raises(Exception, match="账号或密码错误"):
        names(folder, OLD)


def test_the_file_menu_has_change_password(qtbot: Any, ctx: Any, runner: Any) -> None:
    from fieldkit.ui.main_window import MainWindow

    win = MainWindow(ctx, runner)
    qtbot.addWidget(win)
    assert win.act_password in win.menu_file.actions() and win.act_password.text() == "修改密码…"
    win.act_password.trigger()
    assert isinstance(win.password_dialog, ChangePasswordDialog) and win.password_dialog.isVisible()
    assert win.password_dialog.login == ctx.staff.login
    win.password_dialog.reject()
