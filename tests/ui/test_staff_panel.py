"""人员管理 (issue 12 §15): a supervisor creates an assistant with a specialist type and edits it
in the window; a refused value shows under its field and what was typed stays."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlmodel import select

from fieldkit.models import Staff
from fieldkit.ui.dialogs.staff_dialog import StaffDialog
from fieldkit.ui.views.supervisor_view import SupervisorView
from tests.ui.workflow_fixtures import *  # noqa: F403
from tests.ui.workflow_fixtures import show_view, type_text


def test_supervisor_creates_and_edits_staff(qtbot, world, sup_ctx, runner) -> None:
    view = show_view(qtbot, SupervisorView(sup_ctx, runner), 1300, 700)
    panel = view.staff_panel
    view.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.model.rowCount() >= 3, timeout=20_000)
    panel.table.selectRow(0)  # a store never connected to a server: 开通账号 says why it cannot
    assert not panel.account_button.isEnabled() and "连接服务器" in panel.account_button.toolTip()
    assert "暂不能开通账号" in panel.status.text()
    specialist = panel.table.horizontalHeader()  # the columns show their text, not "产业助…"
    assert specialist.sectionSize(3) >= panel.table.sizeHintForColumn(3)
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    dlg = panel.dialog
    assert isinstance(dlg, StaffDialog)
    type_text(dlg.name, "李娜")
    type_text(dlg.login, "wangzg")  # 王主管's: taken
    dlg.specialist.setCurrentIndex(dlg.specialist.findData("legal"))
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "login" in dlg.errors.messages(), timeout=20_000)
    assert "已被使用" in dlg.errors.messages()["login"] and dlg.name.text() == "李娜"
    dlg.login.clear()
    type_text(dlg.login, "lina")
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    i = panel.model.find(lambda r: r.login == "lina")
    assert panel.model.display(i, 3) == "法律服务专员"
    panel.table.selectRow(i)
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    dlg = panel.dialog
    assert isinstance(dlg, StaffDialog) and dlg.login.text() == "lina"
    dlg.specialist.setCurrentIndex(dlg.specialist.findData("police"))
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    with world.session() as s:
        st = s.exec(select(Staff).where(Staff.login == "lina")).one()
        assert (st.specialist_type, st.role, st.zone_id) == ("police", "assistant", world.supervisor.zone_id)
    # the dialog fits a 1366×768 screen
    assert dlg.sizeHint().height() < 700
