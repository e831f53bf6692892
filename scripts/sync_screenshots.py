"""Render the sync screens against a real local server process, offscreen, at 1366×768.

    python scripts/sync_screenshots.py [--out docs/screenshots] [--lang zh_CN|en]

Starts ``python -m fieldkit server`` on a free port with a throwaway data dir (the test helpers in
``tests/ui/sync_fixtures.py`` set up its zone, account and enterprises), then captures: the connect
page refusing a wrong password, the initial sync's progress (held midway), the main window's status
bar with conflicts and rejected changes, the conflicts screen and the rejected-changes list.
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


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    p.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    args = p.parse_args()

    from PySide6.QtWidgets import QApplication, QWidget

    from fieldkit.app import LocalStore
    from fieldkit.config import Settings, attachments_dir
    from fieldkit.models import Enterprise
    from fieldkit.services import store
    from fieldkit.ui.dialogs.sign_in_dialog import SignInDialog
    from fieldkit.ui.language import LanguageManager
    from fieldkit.ui.main_window import MainWindow
    from fieldkit.ui.style import apply_font, apply_style
    from fieldkit.ui.sync_controller import SyncController
    from fieldkit.ui.workers import TaskRunner
    from tests.ui.sync_fixtures import PASSWORD, Gate, Laptop, SyncServer

    app = QApplication.instance() or QApplication([])
    apply_font(app)
    apply_style(app)
    lang = LanguageManager(app)
    lang.apply(args.lang)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.lang == "zh_CN" else f"_{args.lang}"
    runner = TaskRunner(app)

    def pump(seconds: float, until: object = None) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            if callable(until) and until():
                break
            time.sleep(0.01)

    def grab(w: QWidget, name: str) -> None:
        pump(0.3)
        path = out / f"{name}{suffix}.png"
        w.grab().save(str(path))
        print(f"wrote {path}")  # noqa: T201

    tmp = Path(tempfile.mkdtemp())
    srv = SyncServer(tmp / "server")
    srv.setup(enterprises=40)
    srv.start()
    try:
        # the connect page: a wrong password, the form keeps what was typed
        fresh = Laptop.fresh(tmp / "fresh")
        gate = Gate(hold_after_pulls=1)
        dlg = SignInDialog(LocalStore(fresh.engine), fresh.folder, Settings(), runner, lang)
        dlg.resize(620, 520)
        dlg.show()
        pump(10, lambda: dlg.current_page() == "welcome")
        dlg._show("connect")
        panel = dlg.connect_panel
        panel.client_factory = gate.factory
        panel.server_edit.setText(srv.url)
        panel.login_edit.setText("zhang")
        panel.password_edit.setText("wrong-password")
        panel.submit()
        pump(30, lambda: bool(panel.error.text()))
        grab(dlg, "04_sync_connect_wrong_password")
        # the initial sync, held at its second page
        from functools import partial

        from fieldkit.sync.engine import SyncEngine
        from fieldkit.ui import sync_controller

        sync_controller.SyncEngine = partial(SyncEngine, pull_page=20)  # type: ignore[misc]
        panel.password_edit.setText(PASSWORD)
        panel.submit()
        pump(60, gate.held.is_set)
        pump(0.5)
        grab(dlg, "04b_sync_initial_progress")
        gate.release.set()
        pump(60, lambda: dlg.result() != 0)
        sync_controller.SyncEngine = SyncEngine  # type: ignore[misc]

        # two laptops of one assistant rename the same enterprises: conflicts; a bad code: rejected
        a, b = Laptop.fresh(tmp / "a"), Laptop.fresh(tmp / "b")
        for lap in (a, b):
            lap.connect(srv)
            lap.sync()
        names = sorted(srv.enterprises)[:3]
        for lap, prefix in ((b, "乙"), (a, "甲")):
            ctx = lap.context()
            with lap.session() as s:
                for i, n in enumerate(names):
                    ent = s.get(Enterprise, srv.enterprises[n])
                    ctx.enterprises.update(s, ent, name=f"{prefix}方改名{i + 1}有限公司")
                s.commit()
                if lap is a:  # its own user action: a refused one never takes others with it
                    ent = s.get(Enterprise, srv.enterprises[sorted(srv.enterprises)[5]])
                    store.update(s, ent, ctx.actor, credit_code="91510700MA0000000A")
                    s.commit()
            if lap is b:
                lap.sync()
        sync = SyncController(a.engine, attachments_dir(a.folder), health_poll_ms=60_000, interval_ms=600_000)
        win = MainWindow(a.context(), runner, Settings(), lang, a.folder, sync=sync)
        win.resize(1366, 768)
        win.show()
        pump(60, lambda: sync.last_report is not None)
        win.show_view("enterprises")
        pump(5, lambda: not runner.busy)
        grab(win, "50_sync_status_bar")
        win.open_conflicts()
        pump(10, lambda: len(win.conflicts_dialog.cards) == 3)
        grab(win.conflicts_dialog, "51_sync_conflicts")
        win.conflicts_dialog.close()
        win.open_rejected()
        pump(10, lambda: win.rejected_dialog.table.rowCount() == 1)
        grab(win.rejected_dialog, "52_sync_rejected")
        win.rejected_dialog.close()
        win.close()
        for lap in (fresh, a, b):
            lap.close()
    finally:
        srv.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
