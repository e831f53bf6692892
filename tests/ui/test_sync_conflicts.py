"""The conflicts screen against a real server: two laptops of one assistant change the same
enterprises' names; the second to sync gets the conflicts, sees both values side by side in user
words, decides each way (keep mine, take the server's, a merged value), and the decisions sync to
the server and on to the other laptop."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlmodel import col, func, select

from fieldkit.config import Settings, attachments_dir
from fieldkit.models import Enterprise, OutboxEntry, SyncConflict
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.sync_controller import SyncController

from .sync_fixtures import Laptop, SyncServer

NAMES = ("测试企业0001有限公司", "测试企业0002有限公司", "测试企业0003有限公司")


def rename(lap: Laptop, names: dict[str, str]) -> None:
    ctx = lap.context()
    with lap.session() as s:
        for eid, name in names.items():
            ctx.enterprises.update(s, s.get(Enterprise, eid), name=name)
        s.commit()


def local_name(lap: Laptop, eid: str) -> str:
    with lap.session() as s:
        return str(s.get(Enterprise, eid).name)


def test_conflicts_screen_decides_each_way_and_the_decisions_sync(
    qtbot, runner, sync_server: SyncServer, laptops
):
    a, b = laptops("a"), laptops("b")
    for lap in (a, b):
        lap.connect(sync_server)
        lap.sync()
    e1, e2, e3 = (sync_server.enterprises[n] for n in NAMES)
    rename(b, {e1: "乙改名一有限公司", e2: "乙改名二有限公司", e3: "乙改名三有限公司"})
    assert b.sync().pushed == 3
    rename(a, {e1: "甲改名一有限公司", e2: "甲改名二有限公司", e3: "甲改名三有限公司"})  # a has not seen b's

    sync = SyncController(a.engine, attachments_dir(a.folder), health_poll_ms=60_000, interval_ms=600_000)
    win = MainWindow(a.context(), runner, Settings(), None, a.folder, sync=sync)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.sync.finished, timeout=120_000) as done:
        win.show()  # the start-up sync pushes a's names: the server reports the conflicts
    assert done.args[0].conflicts == 3
    ind = win.sync_indicator
    qtbot.waitUntil(lambda: ind.conflicts_label.text() == "冲突 3 项", timeout=20_000)
    assert "font-weight: bold" in ind.conflicts_label.styleSheet()

    qtbot.mouseClick(ind.conflicts_label, Qt.MouseButton.LeftButton)
    dlg = win.conflicts_dialog
    qtbot.waitUntil(lambda: len(dlg.cards) == 3, timeout=20_000)
    screen = QApplication.primaryScreen().availableGeometry()
    assert dlg.width() <= 1366 and dlg.height() <= 768 and dlg.height() <= screen.height()
    by_row = {card.item.row_id: card for card in dlg.cards.values()}
    c1, c2, c3 = by_row[e1], by_row[e2], by_row[e3]
    # both values side by side, in user words: the record's label, the field's label
    assert c1.title.text() == "企业档案 · 甲改名一有限公司"
    assert c1.field.text() == "字段：名称"
    assert (c1.mine.text(), c1.server.text()) == ("甲改名一有限公司", "乙改名一有限公司")
    assert c1.mine_caption.text() == "本机的值" and c1.server_caption.text() == "服务器上的值"
    assert "name" not in c1.field.text()

    def decide(click: Any) -> None:
        with qtbot.waitSignal(dlg.decided, timeout=20_000):
            click()

    decide(lambda: qtbot.mouseClick(c1.keep_mine, Qt.MouseButton.LeftButton))
    decide(lambda: qtbot.mouseClick(c2.take_server, Qt.MouseButton.LeftButton))
    qtbot.mouseClick(c3.edit_merged, Qt.MouseButton.LeftButton)  # shows the merged value's field
    assert c3.merged.isVisible() and c3.merged.text() == "甲改名三有限公司"
    c3.merged.setText("甲乙合并三有限公司")
    decide(lambda: qtbot.mouseClick(c3.edit_merged, Qt.MouseButton.LeftButton))
    assert dlg.cards == {} and dlg.empty.isVisible()
    with a.session() as s:
        undecided = select(func.count()).select_from(SyncConflict).where(col(SyncConflict.decided).is_(False))
        assert s.exec(undecided).one() == 0
        assert s.exec(select(func.count()).select_from(OutboxEntry)).one() == 3  # each decision is an edit
    assert local_name(a, e2) == "乙改名二有限公司" and local_name(a, e3) == "甲乙合并三有限公司"
    qtbot.waitUntil(lambda: ind.conflicts_label.text() == "冲突 0 项", timeout=20_000)

    with qtbot.waitSignal(win.sync.finished, timeout=120_000) as again:
        win.act_sync.trigger()
    assert again.args[0].conflicts == 0
    assert sync_server.row("enterprise", e1)["name"] == "甲改名一有限公司"
    assert sync_server.row("enterprise", e2)["name"] == "乙改名二有限公司"
    assert sync_server.row("enterprise", e3)["name"] == "甲乙合并三有限公司"
    b.sync()
    final = ["甲改名一有限公司", "乙改名二有限公司", "甲乙合并三有限公司"]
    assert [local_name(b, e) for e in (e1, e2, e3)] == final
    assert [local_name(a, e) for e in (e1, e2, e3)] == final
    dlg.close()
