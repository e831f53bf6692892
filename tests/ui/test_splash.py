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
