"""开通账号 from 人员管理, against a real server process (issue 12 §15 leftover): the supervisor opens
the new assistant's account, the one-time password is shown once, and the assistant's first
connection in the sign-in dialog asks for their own password before it signs in."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from fieldkit.server import crud
from fieldkit.services.staff import save_staff
from fieldkit.ui.views.staff_panel import StaffPanel

from .sync_fixtures import NOW, PASSWORD, SyncServer
from .test_sync_connect import fill, make_dialog, submit_and_wait_message


def test_supervisor_opens_the_account_and_the_assistant_sets_their_own_password(
    qtbot, runner, laptops, sync_server: SyncServer
) -> None:
    admin = sync_server.admin()
    with admin.begin() as conn:
        crud.user_add(
            conn,
            login="boss",
            name="王主管",
            role="supervisor",
            zone_id=sync_server.zone_id,
            password=PASSWORD,
            now=NOW,
        )
    admin.dispose()
    boss = laptops("boss")
    boss.connect(sync_server, "boss")
    boss.sync()
    ctx = boss.context("boss")
    with boss.session() as s:
        save_staff(s, ctx.actor, None, name="李娜", login="lina", role="assistant")
        s.commit()
    boss.sync()
    panel = StaffPanel(ctx, runner)
    qtbot.addWidget(panel)
    panel.resize(1300, 600)
    panel.show()
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.refresh()
    panel.table.selectRow(panel.model.find(lambda r: r.login == "lina"))
    assert panel.account_button.isEnabled()
    qtbot.mouseClick(panel.account_button, Qt.MouseButton.LeftButton)
    box = panel.confirm_box
    assert box is not None and "李娜" in box.text()
    next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole).click()
    qtbot.waitUntil(lambda: panel.result_box is not None, timeout=30_000)
    text = panel.result_box.text()
    found = re.search(r"一次性初始密码：(\S+)", text)
    assert found is not None and "lina" in text, text
    initial = found.group(1)

    lina = laptops("lina")
    dlg = make_dialog(qtbot, lina.engine, lina.folder, runner)
    dlg._show("connect")
    fill(dlg, sync_server.url, "lina", initial)
    p = dlg.connect_panel
    assert not p.asks_new_password
    assert "新密码" in submit_and_wait_message(qtbot, dlg) and p.asks_new_password
    p.new_password_edit.setText("lina-own-pw")
    p.repeat_password_edit.setText("lina-own-pX")
    assert "不一致" in submit_and_wait_message(qtbot, dlg)
    p.repeat_password_edit.setText("lina-own-pw")
    with qtbot.waitSignal(p.connected, timeout=60_000) as sig:
        qtbot.mouseClick(p.connect_button, Qt.MouseButton.LeftButton)
    assert sig.args == ["lina"]
