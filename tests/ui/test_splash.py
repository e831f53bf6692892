"""The start-up splash (issue 12 §22): on the screen before the store is opened and the sign-in's
work starts, gone as soon as a window shows."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QDialog

from fieldkit import app as fieldkit_app
from fieldkit.ui import crash
from fieldkit.ui.splash import StartSplash


def visible_splashes() -> list[Any]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, StartSplash) and w.isVisible()]


def test_the_splash_says_it_is_opening_and_closes_when_a_window_shows(qtbot) -> None:
    splash = StartSplash()
    splash.show_now()
    assert splash.isVisible() and splash.text.text() == "正在启动…"
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not visible_splashes())


def test_run_shows_the_splash_before_it_opens_the_store(qtbot, tmp_path, monkeypatch) -> None:
    seen: list[list[str]] = []

    def open_or_ask(folder: Any, open_: Any) -> None:
        seen.append([w.text.text() for w in visible_splashes()])
        return None  # as if the user quit the store-problem dialog: run() ends

    monkeypatch.setattr(fieldkit_app, "open_or_ask", open_or_ask)
    monkeypatch.setattr(crash, "install", lambda *_a, **_k: None)  # no process-wide hook in a test
    assert fieldkit_app.run(data_dir_override=str(tmp_path / "data")) == 1
    assert seen == [["正在启动…"]]
    for w in visible_splashes():
        w.finish()


def test_the_store_modules_are_imported_on_the_runner_and_waited_for(qtbot) -> None:
    """:class:`fieldkit.ui.preload.StoreModules`: the imports run on a runner thread (the GUI
    thread's event loop turns while it waits), ``after`` runs there once they are done, and a
    failed import is raised to whoever waits (``finish`` says so without raising)."""
    import threading

    from fieldkit.ui.preload import StoreModules
    from fieldkit.ui.workers import TaskRunner

    runner = TaskRunner()
    gui = threading.get_ident()
    modules = StoreModules(("json", "fieldkit.services.store_facts"), after=threading.get_ident)
    modules.wait()  # nothing started: returns at once
    modules.start(runner)
    modules.wait()
    assert modules.done and modules.finish()
    assert modules.after_result not in (None, gui)  # on the runner's thread
    broken = StoreModules(("json", "fieldkit.no_such_module"))
    broken.start(runner)
    try:
        broken.wait()
    except ModuleNotFoundError as exc:
        assert exc.name == "fieldkit.no_such_module"
    else:
        raise AssertionError("the failed import was not raised")
    assert not broken.finish()
    runner.wait(5000)
