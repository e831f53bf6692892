"""Render every main screen with the demo data to PNG, offscreen, with the shipped CJK font.

    python scripts/screenshots.py [--data-dir D] [--out docs/screenshots] [--lang zh_CN|en]
    python scripts/screenshots.py --size 1920x1080 --big [--data-dir D] [--lang zh_CN|en]

``--big`` renders only the big screens (Today, the enterprise list, the demand board, the
supervisor's Today and screen) and writes them to ``docs/screenshots/<width>/`` unless ``--out``
is given.

Without ``--data-dir`` a temporary folder gets a 300-enterprise demo zone. The main window's
navigation is walked entry by entry, so views added later are included automatically; the
enterprise page is rendered tab by tab, plus the sign-in, first-run and settings dialogs and the
supervisor's screens.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _demo_store(args, tmp):  # type: ignore[no-untyped-def]
    """The store the screenshots show (``--data-dir`` or a temporary folder), with a demo zone
    generated when it has no staff yet: (folder, engine, session factory, store info, settings)."""
    from fieldkit.config import Settings, db_path
    from fieldkit.db import open_store, session_factory
    from fieldkit.services.overview import store_info

    folder = Path(args.data_dir) if args.data_dir else Path(tmp.name) / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    engine = open_store(db_path(folder))
    make = session_factory(engine)
    with make() as s:
        info = store_info(s)
    if info.staff_count == 0:
        from fieldkit.services.demo import generate

        print(f"generating a {args.enterprises}-enterprise demo zone in {folder} …")  # noqa: T201
        generate(engine, enterprises=args.enterprises, seed=1)
        with make() as s:
            info = store_info(s)
    return folder, engine, make, info, Settings.load(folder)


def _window_for(engine, make, folder, runner, settings, lang, login, width, height):  # type: ignore[no-untyped-def]
    """The main window of ``login`` on the screenshots' store, shown at ``width`` × ``height``."""
    from fieldkit.services.context import ServiceContext
    from fieldkit.services.overview import staff_by_login
    from fieldkit.ui.main_window import MainWindow

    with make() as s:
        staff = staff_by_login(s, login)
    assert staff is not None, login
    ctx = ServiceContext(engine, folder, staff, device_id="screenshots", language=lang.language)
    win = MainWindow(ctx, runner, settings, lang, folder)
    win.resize(width, height)
    win.show()
    return win


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data-dir")
    p.add_argument(
        "--out", default=None, help="default docs/screenshots (with --big: docs/screenshots/<width>)"
    )
    p.add_argument("--big", action="store_true", help="only the big screens (for a large monitor)")
    p.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    p.add_argument(
        "--size", default="1366x768", help="window size (default: the common 1366×768 office laptop)"
    )
    p.add_argument("--enterprises", type=int, default=300)
    args = p.parse_args()

    from PySide6.QtWidgets import QApplication, QWidget

    from fieldkit.app import LocalStore
    from fieldkit.config import Settings, db_path
    from fieldkit.db import open_store
    from fieldkit.services.overview import staff_by_login
    from fieldkit.ui.dialogs.settings_dialog import SettingsDialog
    from fieldkit.ui.dialogs.sign_in_dialog import SignInDialog
    from fieldkit.ui.language import LanguageManager
    from fieldkit.ui.main_window import MainWindow
    from fieldkit.ui.style import apply_font, apply_style
    from fieldkit.ui.workers import TaskRunner

    app = QApplication.instance() or QApplication([])
    apply_font(app)
    apply_style(app)
    lang = LanguageManager(app)
    lang.apply(args.lang)
    width, height = (int(x) for x in args.size.split("x"))
    shots = ROOT / "docs" / "screenshots"
    out = Path(args.out) if args.out else (shots / str(width) if args.big else shots)
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.lang == "zh_CN" else f"_{args.lang}"
    runner = TaskRunner(app)

    def settle(ms: int = 150) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            app.processEvents()
            if not runner.busy:
                break
            time.sleep(0.01)
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def grab(w: QWidget, name: str) -> None:
        settle()
        path = out / f"{name}{suffix}.png"
        w.grab().save(str(path))
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")  # noqa: T201

    tmp = tempfile.TemporaryDirectory()
    if args.big:
        return _big_screens(args, app, lang, runner, width, height, out, grab, settle, tmp)
    # first run: an empty store
    empty = Path(tmp.name) / "empty"
    empty.mkdir()
    e_engine = open_store(db_path(empty))
    dlg = SignInDialog(LocalStore(e_engine), empty, Settings(), runner, lang)
    dlg.resize(560, 420)
    dlg.show()
    settle()
    grab(dlg, "01_first_run")
    dlg._show("connect")
    grab(dlg, "02_connect_server")
    dlg._show("welcome")
    dlg.demo_enterprises = 40
    dlg.start_demo()  # the demo is written on the task runner while the progress bar runs
    end = time.monotonic() + 0.4
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    path = out / f"02b_demo_progress{suffix}.png"
    dlg.grab().save(str(path))
    print(f"wrote {path}")  # noqa: T201
    settle()
    dlg.close()
    e_engine.dispose()

    folder, engine, make, info, settings = _demo_store(args, tmp)
    dlg = SignInDialog(LocalStore(engine), folder, settings, runner, lang)
    dlg.resize(560, 380)
    dlg.show()
    settle()
    dlg.login_edit.setText(info.demo_login or "")
    dlg.password_edit.setText("wrong-password")
    dlg.submit_sign_in()
    settle()
    grab(dlg, "03_sign_in_wrong_password")
    dlg.close()

    def window_for(login: str) -> MainWindow:
        return _window_for(engine, make, folder, runner, settings, lang, login, width, height)

    win = window_for(info.demo_login or "zhangwei")
    for i, key in enumerate(win.nav_keys()):
        win.show_view(key)
        grab(win, f"{10 + i:02d}_{key}")

    # the enterprise page, tab by tab, for an assigned enterprise with history
    ents = win.views["enterprises"]
    win.show_view("enterprises")
    settle()
    ents.search.setText("")
    settle()
    model = ents.model
    best = max(
        range(model.rowCount()),
        key=lambda r: (model.row_at(r).last_visit is not None, len(model.row_at(r).tags)),
        default=0,
    )
    win.open_enterprise(model.row_at(best).id)
    settle(300)
    if not args.data_dir:  # our own throw-away store: make one edit so that the history tab has a row
        editor = win.page.profile
        editor.notes.setPlainText(
            (editor.notes.toPlainText() + "\n" if editor.notes.toPlainText() else "")
            + "2026年11月走访：计划扩建二期厂房。"
        )
        editor.request_save()
        settle(300)
    for t, key in enumerate(win.page.TABS):
        win.page.tabs.setCurrentIndex(t)
        grab(win, f"30_enterprise_{t + 1}_{key}")

    # search as you type with pinyin initials
    win.show_view("enterprises")
    ents.search.setText("dy")
    settle(200)
    grab(win, "20_enterprises_search_pinyin")
    ents.search.setText("")

    sd = SettingsDialog(settings, folder, lang, win)
    sd.resize(600, 320)
    sd.show()
    grab(sd, "40_settings")
    sd.close()
    win.close()

    sup_login = "supervisor"
    with make() as s:
        has_sup = staff_by_login(s, sup_login) is not None
    if has_sup:
        sup = window_for(sup_login)
        for key in ("today", "supervisor"):
            if key in sup.nav_keys():
                sup.show_view(key)
                grab(sup, f"50_supervisor_{key}")
        view = sup.views.get("supervisor")
        panel = getattr(view, "staff_panel", None)
        if view is not None and panel is not None:  # 人员管理 with 开通账号
            sup.show_view("supervisor")
            view.tabs.setCurrentWidget(panel)
            panel.refresh()
            settle(300)
            if panel.model.rowCount():
                panel.table.selectRow(0)
            grab(sup, "50_supervisor_staff")
        sup.close()
    runner.wait(10_000)
    settle()
    engine.dispose()
    tmp.cleanup()
    return 0


def _big_screens(args, app, lang, runner, width, height, out, grab, settle, tmp) -> int:  # type: ignore[no-untyped-def]
    """Today, the enterprise list and the demand board as the assistant; Today and the supervisor
    screen as the supervisor: the screens a large monitor is for."""
    from fieldkit.services.overview import staff_by_login
    from fieldkit.ui.main_window import MainWindow

    folder, engine, make, info, settings = _demo_store(args, tmp)

    def window_for(login: str) -> MainWindow:
        return _window_for(engine, make, folder, runner, settings, lang, login, width, height)

    win = window_for(info.demo_login or "zhangwei")
    for key in ("today", "enterprises", "demands"):
        if key in win.nav_keys():
            win.show_view(key)
            grab(win, f"{key}")
    win.close()
    with make() as s:
        has_sup = staff_by_login(s, "supervisor") is not None
    if has_sup:
        sup = window_for("supervisor")
        for key in ("today", "supervisor"):
            if key in sup.nav_keys():
                sup.show_view(key)
                grab(sup, f"supervisor_{key}")
        sup.close()
    runner.wait(10_000)
    settle()
    engine.dispose()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
