"""A change the server refuses, against a real server: shown in the status bar and the list's
同步 column, listed with the server's reason, then fixed and sent again (重试) or given up (放弃)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlmodel import select

from fieldkit.config import Settings, attachments_dir
from fieldkit.models import Enterprise, OutboxEntry
from fieldkit.services import store
from fieldkit.ui.itemmodels.enterprise_table_model import COL
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.sync_controller import SyncController

from .sync_fixtures import Laptop, SyncServer, credit_code

BAD_CODE = "91510700MA0000000A"  # the check character is wrong: only the server refuses it here


def entries(lap: Laptop) -> list[tuple[str, str]]:
    with lap.session() as s:
        return [(e.row_id, e.state) for e in s.exec(select(OutboxEntry).order_by(OutboxEntry.seq)).all()]


def test_a_rejected_change_is_shown_fixed_and_sent_again_or_discarded(
    qtbot, runner, sync_server: SyncServer, laptops
):
    lap = laptops("a")
    lap.connect(sync_server)
    lap.sync()
    e1 = sync_server.enterprises["测试企业0001有限公司"]
    e2 = sync_server.enterprises["测试企业0002有限公司"]
    ctx = lap.context()
    with lap.session() as s:  # written straight to the store, as an older client could have
        for eid in (e1, e2):
            store.update(s, s.get(Enterprise, eid), ctx.actor, credit_code=BAD_CODE)
        s.commit()

    sync = SyncController(lap.engine, attachments_dir(lap.folder), health_poll_ms=60_000, interval_ms=600_000)
    win = MainWindow(ctx, runner, Settings(), None, lap.folder, sync=sync)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.sync.finished, timeout=120_000) as done:
        win.show()
    assert done.args[0].rejected == 2
    ind = win.sync_indicator
    qtbot.waitUntil(
        lambda: ind.rejected_label.isVisible() and ind.rejected_label.text() == "被退回 2 项", timeout=20_000
    )
    assert ind.pending_label.text() == "待同步 0 项"  # refused entries are not "waiting": they need a person
    view = win.show_view("enterprises")
    qtbot.waitUntil(lambda: view.model.row_of(e1) >= 0, timeout=20_000)

    def state_of(eid: str) -> str:
        return str(view.model.data(view.model.index(view.model.row_of(eid), COL["sync"])))

    qtbot.waitUntil(lambda: state_of(e1) == "被退回", timeout=20_000)

    qtbot.mouseClick(ind.rejected_label, Qt.MouseButton.LeftButton)
    dlg = win.rejected_dialog
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 2, timeout=20_000)
    assert dlg.width() <= 1366 and dlg.height() <= 768
    rows = [[dlg.table.item(r, c).text() for c in range(4)] for r in range(2)]
    assert rows[0][0] == "企业档案 · 测试企业0001有限公司"
    assert rows[0][1] == "修改" and rows[0][2] == "统一社会信用代码"
    reason = rows[0][3]
    assert reason and "credit_code" not in reason and "Traceback" not in reason

    # the user fixes the code, then sends the change again
    good = credit_code()
    with lap.session() as s:
        ctx.enterprises.update(s, s.get(Enterprise, e1), credit_code=good)
        s.commit()
    dlg.table.selectRow(0)
    with qtbot.waitSignal(dlg.changed, timeout=20_000):
        qtbot.mouseClick(dlg.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 1, timeout=20_000)
    # and gives the other one up
    dlg.table.selectRow(0)
    with qtbot.waitSignal(dlg.changed, timeout=20_000):
        dlg.discard_selected(confirm=False)
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 0, timeout=20_000)
    assert all(state == "pending" for _row, state in entries(lap))
    assert {row for row, _ in entries(lap)} == {e1}

    with qtbot.waitSignal(win.sync.finished, timeout=120_000) as again:
        win.act_sync.trigger()
    assert again.args[0].rejected == 0
    assert entries(lap) == []
    assert sync_server.row("enterprise", e1)["credit_code"] == good
    assert sync_server.row("enterprise", e2)["credit_code"] != BAD_CODE
    qtbot.waitUntil(lambda: not ind.rejected_label.isVisible(), timeout=20_000)
    view.refresh()
    qtbot.waitUntil(lambda: state_of(e1) == "已同步" and state_of(e2) == "已同步", timeout=20_000)
    dlg.close()
