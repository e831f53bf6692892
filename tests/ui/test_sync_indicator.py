"""The status-bar sync indicator shows the local state: online/offline, changes waiting, last sync,
conflicts; it follows writes made in the window."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from sqlmodel import func, select

from fieldkit.config import Settings
from fieldkit.models import OutboxEntry, SyncMeta
from fieldkit.services import outbox
from fieldkit.ui.main_window import MainWindow


def outbox_count(world) -> int:
    with world.session() as s:
        return s.exec(select(func.count()).select_from(OutboxEntry)).one()


def window(qtbot, ctx, runner, settings=None) -> MainWindow:
    win = MainWindow(ctx, runner, settings or Settings(), None, ctx.folder)
    qtbot.addWidget(win)
    win.show()
    return win


def test_shows_the_outbox_count_and_offline_without_server(qtbot, ctx, runner, fixture_world):
    win = window(qtbot, ctx, runner)
    ind = win.sync_indicator
    # the window's own start-up writes (the automatic 催办) may still add entries: wait until it agrees
    qtbot.waitUntil(
        lambda: ind.pending_label.text() == f"待同步 {outbox_count(fixture_world)} 项", timeout=20_000
    )
    n = outbox_count(fixture_world)
    assert n > 0
    qtbot.waitUntil(lambda: ind.pending_label.text() == f"待同步 {n} 项", timeout=20_000)
    qtbot.waitUntil(lambda: ind.online is None, timeout=20_000)
    assert ind.online_label.text() == "● 离线"
    assert ind.online_label.toolTip() == "未连接服务器"
    assert ind.last_label.text() == "从未同步"
    assert ind.conflicts_label.text() == "冲突 0 项"
    assert win.statusBar().isAncestorOf(ind)


def test_count_follows_an_edit_made_in_the_window(qtbot, ctx, runner, fixture_world):
    with fixture_world.session() as s:  # as while a push is under way: the edit makes a new entry
        outbox.mark_sent(s, outbox.pending(s, limit=100_000))
        s.commit()
    win = window(qtbot, ctx, runner)
    ind = win.sync_indicator
    # the window's own start-up writes (the automatic 催办) may still add entries: wait until it agrees
    qtbot.waitUntil(
        lambda: ind.pending_label.text() == f"待同步 {outbox_count(fixture_world)} 项", timeout=20_000
    )
    qtbot.waitUntil(lambda: not runner.busy, timeout=20_000)
    n = outbox_count(fixture_world)
    qtbot.waitUntil(lambda: ind.pending_label.text() == f"待同步 {n} 项", timeout=20_000)
    with qtbot.waitSignal(win.page.page_loaded, timeout=20_000):
        win.open_enterprise(fixture_world.enterprises["lvyuan"])
    win.page.profile.edits["address"].setText("旌阳区新地址88号")
    qtbot.mouseClick(win.page.profile.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ind.pending_label.text() == f"待同步 {n + 1} 项", timeout=20_000)
    assert outbox_count(fixture_world) == n + 1


def test_conflicts_and_last_sync(qtbot, ctx, runner, fixture_world):
    with fixture_world.session() as s:
        outbox.add_conflict(
            s,
            table_name="enterprise",
            row_id=fixture_world.enterprises["tianfu"],
            field="contact_phone",
            local_value="13800000000",
            server_value="13900000000",
            server_version=2,
        )
        s.add(SyncMeta(key="last_sync", value=datetime(2026, 11, 20, 1, 30, tzinfo=UTC).isoformat()))
        s.commit()
    win = window(qtbot, ctx, runner)
    ind = win.sync_indicator
    qtbot.waitUntil(lambda: ind.conflicts_label.text() == "冲突 1 项", timeout=20_000)
    assert "font-weight: bold" in ind.conflicts_label.styleSheet()
    assert ind.last_label.text().startswith("上次同步：2026-11-")
    with qtbot.waitSignal(win.sync_status_updated, timeout=20_000) as sig:
        win.refresh_sync_status()
    assert sig.args[0].conflicts == 1
