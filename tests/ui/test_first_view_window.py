"""The main window's frame on the start's first view (a board read without the ORM), then attached
to the signed-in context: before attach it shows Today and nothing else works (actions held, a view
chosen waits); attach builds the rest, releases the actions, shows the view chosen meanwhile and
loads Today through the services. And ``fieldkit.app.run`` with ``--demo`` on an encrypted demo
store goes that way: the frame first, attached once the ORM is imported."""

from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from fieldkit import app as fieldkit_app
from fieldkit.config import Settings, db_path
from fieldkit.services.demo import DEMO_PASSWORD
from fieldkit.services.first_view import FirstView, StaffFacts
from fieldkit.services.today_sql import sync_status_sql, today_overview_sql
from fieldkit.services.unlock import Vault, store_state
from fieldkit.ui.main_window import MainWindow

TICK_MS = 50
MAX_TICKS = 2400


def _first(fixture_world: Any, ctx: Any) -> FirstView:
    st = ctx.staff
    conn = sqlite3.connect(db_path(fixture_world.folder))
    try:
        ov, sync = today_overview_sql(conn, ctx.scope_staff_id), sync_status_sql(conn)
    finally:
        conn.close()
    facts = StaffFacts(st.id, st.login, st.name, st.role, st.specialist_type, st.zone_id)
    return FirstView(facts, ov, sync, key=b"", password="")


def _run_demo(folder: Any, on_attached: Any) -> tuple[int, list[str]]:
    """``fieldkit.app.run(folder, demo=True)`` with a timer acting as the user: ``on_attached(win)``
    for the first attached main window on the screen (its sync figures read), which is then
    closed; everything is closed after :data:`MAX_TICKS` (bounded poll, never a sleep). The exit
    code and ``["timeout"]`` if it ran out."""
    state = {"ticks": 0}
    timed_out: list[str] = []

    def step() -> None:
        state["ticks"] += 1
        if state["ticks"] > MAX_TICKS:
            timed_out.append("timeout")
            for w in QApplication.topLevelWidgets():
                w.close()
            return
        win = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None
        )
        if win is not None and win.attached and win.facts is not None:
            on_attached(win)
            win.close()

    driver = QTimer()
    driver.timeout.connect(step)
    driver.start(TICK_MS)
    try:
        rc = fieldkit_app.run(str(folder), demo=True, argv=["fieldkit"])
    finally:
        driver.stop()
    return rc, timed_out


def test_the_frame_shows_today_and_holds_the_rest_until_attached(qtbot, runner, fixture_world, ctx):  # type: ignore[no-untyped-def]
    win = MainWindow(None, runner, Settings(), folder=fixture_world.folder, first=_first(fixture_world, ctx))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.first_view_loaded, timeout=5_000):
        win.show_first()
    win.show()
    today = win.views["today"]
    assert not win.attached and list(win.views) == ["today"]
    assert win.current_view() is today
    assert today.tile_value("not_visited").isdigit()
    assert ctx.staff.name in win.windowTitle() and ctx.staff.name in win.user_label.text()
    assert not win.act_refresh.isEnabled() and not win.act_global_search.isEnabled()
    assert "supervisor" not in win.nav_keys()
    assert win.show_view("demands") is None  # chosen before attach: waits
    assert win.current_view() is today

    with qtbot.waitSignals([win.window_attached, today.policies_loaded], timeout=20_000):
        win.attach(ctx)
    assert win.attached and win.ctx is ctx and today.ctx is ctx
    assert {"today", "enterprises", "demands"} <= set(win.views)
    assert win.current_view() is win.views["demands"]  # the view chosen meanwhile
    assert win.act_refresh.isEnabled() and win.act_global_search.isEnabled()
    assert win.idle_lock is not None and win.sync is not None
    assert today.tile_value("policies") != "…"  # Today loaded again through the services
    qtbot.waitUntil(lambda: win.facts is not None, timeout=10_000)  # the sync indicator's own read


def test_a_window_built_signed_in_is_attached_at_once(qtbot, runner, supervisor_ctx):  # type: ignore[no-untyped-def]
    win = MainWindow(supervisor_ctx, runner, Settings())
    qtbot.addWidget(win)
    assert win.attached and win.first_view is None and "supervisor" in win.nav_keys()
    with qtbot.waitSignal(win.first_view_loaded, timeout=20_000):
        win.show()


def test_run_with_demo_shows_the_first_view_then_attaches(qtbot, demo_world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder, login = demo_world.folder, demo_world.demo_login
    demo_world.engine.dispose()
    Vault(folder).unlock(login, DEMO_PASSWORD)  # the first demo sign-in encrypted the store
    assert store_state(folder) == "encrypted"
    framed: list[tuple[bool, bool, list[str]]] = []
    real = fieldkit_app._first_view_window

    def watched(*args: Any, **kwargs: Any) -> MainWindow | None:
        win = real(*args, **kwargs)
        if win is not None:
            framed.append((win.attached, win.first_view is not None, list(win.views)))
        return win

    monkeypatch.setattr(fieldkit_app, "_first_view_window", watched)
    seen: list[str] = []

    def attached(win: MainWindow) -> None:
        seen.append(f"attached as {win.ctx.staff.login}, key {'set' if win.ctx.key else 'none'}")
        seen.append("enterprises" if "enterprises" in win.views else "no enterprises view")

    rc, timed_out = _run_demo(folder, attached)
    seen += timed_out
    assert framed == [(False, True, ["today"])]  # the frame first, Today only
    assert seen == [f"attached as {login}, key set", "enterprises"]
    assert rc == 0
    assert Settings.load(folder).current_login == login


def test_the_early_read_begins_only_for_a_known_password_and_no_restore_midway(demo_world) -> None:  # type: ignore[no-untyped-def]
    from fieldkit.services.backup import JOURNAL

    assert fieldkit_app.RESTORE_JOURNAL == JOURNAL
    folder, login = demo_world.folder, demo_world.demo_login
    demo_world.engine.dispose()
    assert (
        fieldkit_app._early_first_view(str(folder), True) is None
    )  # plaintext: the ordinary sign-in encrypts it
    Vault(folder).unlock(login, DEMO_PASSWORD)
    assert fieldkit_app._early_first_view(str(folder), False) is None  # no --demo: the sign-in dialog
    early = fieldkit_app._early_first_view(str(folder), True)
    assert early is not None and early[0] == folder
    assert early[1].future.result(timeout=60).staff.login == login
    (folder / JOURNAL).write_text("{}", encoding="utf-8")
    assert fieldkit_app._early_first_view(str(folder), True) is None


def test_a_refused_attach_closes_the_frame_and_starts_the_ordinary_way(
    qtbot, demo_world, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from fieldkit.services.errors import ValidationError

    folder, login = demo_world.folder, demo_world.demo_login
    demo_world.engine.dispose()
    Vault(folder).unlock(login, DEMO_PASSWORD)
    real_unlock = Vault.unlock
    refused: list[str] = []

    def unlock(self: Vault, login_: str, password: str, **kw: Any) -> Any:
        if kw.get("key") is not None:  # the attach's sign-in (the ORM's check after the first view)
            refused.append(login_)
            raise ValidationError("账号或密码错误", "password")
        return real_unlock(self, login_, password, **kw)

    monkeypatch.setattr(Vault, "unlock", unlock)
    windows: list[tuple[bool, MainWindow]] = []
    real = fieldkit_app._first_view_window

    def watched(*args: Any, **kwargs: Any) -> MainWindow | None:
        win = real(*args, **kwargs)
        if win is not None:
            windows.append((True, win))
        return win

    monkeypatch.setattr(fieldkit_app, "_first_view_window", watched)
    state = {"done": ""}

    def attached(win: MainWindow) -> None:
        state["done"] = f"attached as {win.ctx.staff.login}"
        windows.append((False, win))

    rc, timed_out = _run_demo(folder, attached)
    state["done"] = state["done"] if not timed_out else "timeout"
    assert refused == [login]
    assert state["done"] == f"attached as {login}"
    (was_framed, frame), (_, ordinary) = windows
    assert was_framed and frame is not ordinary
    assert isinstance(frame.attach_error, ValidationError) and not frame.attached
    assert ordinary.first_view is None and rc == 0


def test_an_enterprise_opened_from_the_frame_opens_once_attached(qtbot, runner, fixture_world, ctx):  # type: ignore[no-untyped-def]
    first = _first(fixture_world, ctx)
    eid, name = first.overview.not_visited[0]
    win = MainWindow(None, runner, Settings(), folder=fixture_world.folder, first=first)
    qtbot.addWidget(win)
    win.show_first()
    win.show()
    win.open_enterprise(eid)  # from Today's "not visited" card, before the ORM is there
    assert win.current_view() is win.views["today"] and win._page is None
    with qtbot.waitSignal(win.window_attached, timeout=20_000):
        win.attach(ctx)
    assert win.current_view() is win.page and win.page.enterprise_id == eid
    assert name


def test_a_message_before_the_window_shows_does_not_overlap_the_user_line(qtbot, runner, fixture_world, ctx):  # type: ignore[no-untyped-def]
    win = MainWindow(None, runner, Settings(), folder=fixture_world.folder, first=_first(fixture_world, ctx))
    qtbot.addWidget(win)
    win.notify("FieldKit", "今天有 3 项走访计划")  # Today's reminder, from show_first before the first paint
    win.show()
    qtbot.waitExposed(win)
    assert win.statusBar().currentMessage() == "今天有 3 项走访计划"
    assert not win.user_label.isVisible()  # Qt paints a message over the normal widgets
    win.statusBar().clearMessage()
    assert win.user_label.isVisible()
