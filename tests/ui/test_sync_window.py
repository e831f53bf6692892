"""Background sync in the window, against a real server process: it never blocks the event loop
(a GUI timer keeps firing and the user keeps saving edits while a sync runs, with no "database is
locked"), one sync at a time, automatic when the server comes back, views and the 同步 column
refresh after a sync."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from sqlmodel import func, select

from fieldkit.config import Settings, attachments_dir
from fieldkit.models import Enterprise, OutboxEntry
from fieldkit.sync.engine import SyncEngine
from fieldkit.ui import sync_controller
from fieldkit.ui.itemmodels.enterprise_table_model import COL
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.sync_controller import SyncController, default_client

from .sync_fixtures import Gate, Laptop, SyncServer


def open_window(qtbot, runner, lap: Laptop, **kw: Any) -> MainWindow:
    kw.setdefault("health_poll_ms", 60_000)
    kw.setdefault("interval_ms", 600_000)
    sync = SyncController(lap.engine, attachments_dir(lap.folder), **kw)
    win = MainWindow(lap.context(), runner, Settings(), None, lap.folder, sync=sync)
    qtbot.addWidget(win)
    win.show()
    return win


def connected(laptops, server: SyncServer, name: str = "laptop") -> Laptop:
    lap = laptops(name)
    lap.connect(server)
    lap.sync()
    return lap


def waiting(lap: Laptop) -> int:
    with lap.session() as s:
        left = s.exec(select(OutboxEntry)).all()
        assert all(e.state == "pending" for e in left), [(e.table_name, e.state, e.error) for e in left]
        return len(left)


def set_notes(ctx, enterprise_id: str, text: str):  # noqa: ANN201 - a runner job
    def job(s: Any) -> None:
        ent = s.get(Enterprise, enterprise_id)
        ctx.enterprises.update(s, ent, notes=text)

    return job


def test_sync_runs_off_the_gui_thread_while_the_user_keeps_working(qtbot, runner, sync_server, laptops):
    lap = connected(laptops, sync_server)
    for n in range(40):  # enough rows for many pages
        sync_server.add_enterprise(f"后加企业{n:03d}有限公司")
    gate = Gate(hold_after_pulls=0)
    win = open_window(qtbot, runner, lap, client_factory=gate.factory)
    sync_controller_engine = partial(SyncEngine, pull_page=3)
    # the window starts a sync as soon as it sees the server; its first pull waits at the gate
    qtbot.waitUntil(gate.held.is_set, timeout=60_000)
    assert win.sync.running and not win.act_sync.isEnabled()
    assert win.sync.sync_now() is False  # one at a time: asked again, it runs once afterwards
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    # the event loop runs while the sync is under way: the timer fires, an edit is saved
    qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=20_000)
    ctx = win.ctx
    eid = sync_server.enterprises["测试企业0001有限公司"]
    saved: list[Any] = []
    runner.write(ctx, set_notes(ctx, eid, "同步期间写的备注"), on_done=saved.append, on_error=saved.append)
    qtbot.waitUntil(lambda: len(saved) == 1, timeout=20_000)
    assert saved == [None]
    assert win.sync.running

    # now let it run for real, with small pages, while the user keeps saving edits
    sync_controller.SyncEngine = sync_controller_engine  # type: ignore[misc]
    errors: list[BaseException] = []
    writes = [0]

    def next_write(_r: Any = None) -> None:
        if win.sync.running:
            writes[0] += 1
            runner.write(
                ctx, set_notes(ctx, eid, f"备注 {writes[0]}"), on_done=next_write, on_error=errors.append
            )

    try:
        ticks.clear()
        with qtbot.waitSignal(win.sync.finished, timeout=120_000) as first:
            gate.release.set()
            next_write()
        assert len(ticks) >= 1  # the GUI timer fired during the run
        assert first.args[0].pulled >= 40
        # the request made during the run: one more sync, which takes the edits up
        with qtbot.waitSignal(win.sync.finished, timeout=120_000):
            pass
    finally:
        sync_controller.SyncEngine = SyncEngine  # type: ignore[misc]
        timer.stop()
    assert errors == []  # no "database is locked"
    assert writes[0] >= 1
    qtbot.waitUntil(lambda: not win.sync.running and not runner.busy, timeout=60_000)
    if waiting(lap):  # an edit saved after the second sync had pushed: 立即同步 takes it
        with qtbot.waitSignal(win.sync.finished, timeout=120_000):
            win.act_sync.trigger()
    assert waiting(lap) == 0
    assert sync_server.row("enterprise", eid)["notes"] == f"备注 {writes[0]}"
    with lap.session() as s:
        assert s.exec(select(func.count()).select_from(Enterprise)).one() == 43


def test_sync_starts_by_itself_when_the_server_comes_back(qtbot, runner, sync_server, laptops):
    lap = connected(laptops, sync_server)
    sync_server.stop()
    win = open_window(qtbot, runner, lap, health_poll_ms=200, client_factory=default_client)
    ind = win.sync_indicator
    qtbot.waitUntil(lambda: win.sync.online is False, timeout=30_000)
    assert ind.online_label.text() == "● 离线"
    assert ind.online_label.toolTip() == f"无法连接服务器 {sync_server.url}"
    qtbot.waitUntil(lambda: ind.last_label.text().startswith("上次同步："), timeout=20_000)
    ctx = win.ctx
    eid = sync_server.enterprises["测试企业0002有限公司"]
    done: list[Any] = []
    runner.write(ctx, set_notes(ctx, eid, "离线时写的"), on_done=done.append, on_error=done.append)
    qtbot.waitUntil(lambda: done == [None], timeout=20_000)
    win.refresh_sync_status()
    qtbot.waitUntil(lambda: ind.pending_label.text() == "待同步 1 项", timeout=20_000)
    with qtbot.waitSignal(win.sync.finished, timeout=120_000):
        sync_server.start()  # same port: the health poll sees it and syncs
    assert win.sync.online is True and ind.online_label.text() == "● 在线"
    assert sync_server.row("enterprise", eid)["notes"] == "离线时写的"
    qtbot.waitUntil(lambda: ind.pending_label.text() == "待同步 0 项", timeout=20_000)


def test_lists_refresh_and_show_each_rows_sync_state(qtbot, runner, sync_server, laptops):
    lap = connected(laptops, sync_server)
    win = open_window(qtbot, runner, lap)
    with qtbot.waitSignal(win.sync.finished, timeout=120_000):
        pass  # the start-up sync
    view = win.show_view("enterprises")
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=20_000)

    def state_of(eid: str) -> str:
        r = view.model.row_of(eid)
        return str(view.model.data(view.model.index(r, COL["sync"]))) if r >= 0 else ""

    eid = sync_server.enterprises["测试企业0003有限公司"]
    assert state_of(eid) == "已同步"
    ctx = win.ctx
    done: list[Any] = []
    runner.write(ctx, set_notes(ctx, eid, "待上传"), on_done=done.append, on_error=done.append)
    qtbot.waitUntil(lambda: done == [None], timeout=20_000)
    view.refresh()
    qtbot.waitUntil(lambda: state_of(eid) == "待同步", timeout=20_000)
    new = sync_server.add_enterprise("新分配的企业有限公司")
    with qtbot.waitSignal(win.sync.finished, timeout=120_000):
        win.act_sync.trigger()
    # the shown list reloads by itself: the pulled enterprise is there, the edit is synced
    qtbot.waitUntil(lambda: view.model.row_of(new) >= 0, timeout=20_000)
    assert state_of(new) == "已同步"
    qtbot.waitUntil(lambda: state_of(eid) == "已同步", timeout=20_000)
    assert win.sync_indicator.last_label.text().startswith("上次同步：")


def new_plan(ctx, s, eid: str) -> tuple[str, str]:
    from fieldkit.services.timeutil import local_today

    plan = ctx.plans.create(
        s, staff_id=ctx.staff.id, enterprise_id=eid, planned_date=local_today(), theme="月度走访"
    )
    return plan.id, "visitplan"


def new_demand(ctx, s, eid: str) -> tuple[str, str]:
    d = ctx.demands.raise_demand(s, enterprise_id=eid, staff_id=ctx.staff.id, description="厂区停电需协调")
    return d.id, "demand"


@pytest.mark.parametrize(("view_key", "create"), [("plans", new_plan), ("demands", new_demand)])
def test_a_list_shows_waiting_then_synced(qtbot, runner, sync_server, laptops, view_key, create):
    from PySide6.QtCore import Qt

    lap = connected(laptops, sync_server)
    win = open_window(qtbot, runner, lap)
    with qtbot.waitSignal(win.sync.finished, timeout=120_000):
        pass  # the start-up sync
    ctx = win.ctx
    eid = sync_server.enterprises["测试企业0001有限公司"]
    with lap.session() as s:
        row_id, table = create(ctx, s, eid)
        s.commit()
    view = win.show_view(view_key)
    model = view.list_model
    col = next(
        c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "同步"
    )

    def state() -> str:
        rows = [i for i, r in enumerate(model.rows()) if r.id == row_id]
        return str(model.data(model.index(rows[0], col))) if rows else ""

    qtbot.waitUntil(lambda: state() == "待同步", timeout=20_000)
    with qtbot.waitSignal(win.sync.finished, timeout=120_000):
        win.act_sync.trigger()
    qtbot.waitUntil(lambda: state() == "已同步", timeout=20_000)  # the shown list reloaded by itself
    assert sync_server.row(table, row_id)["enterprise_id"] == eid
