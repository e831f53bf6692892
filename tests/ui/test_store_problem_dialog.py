"""The window's answer to a store it cannot use: a dialog that says why and offers another data
folder, a restore from a backup, or quitting (issue 10, item 5)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from fieldkit import app as fk_app
from fieldkit.config import db_path
from fieldkit.db import open_store
from fieldkit.ui.dialogs.settings_dialog import read_saved_data_dir
from fieldkit.ui.dialogs.store_problem_dialog import StoreProblemDialog


def when_modal(act: Callable[[StoreProblemDialog], None]) -> QTimer:
    """Run ``act`` on the store-problem dialog as soon as it is shown (polled by a timer)."""
    timer = QTimer()

    def check() -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, StoreProblemDialog) and w.isVisible():
            timer.stop()
            act(w)

    timer.timeout.connect(check)
    timer.start(20)
    return timer


def _open(folder: Path) -> Any:
    """What the window opens: the folder's vault (a plaintext store opens at once)."""
    return fk_app.open_vault(folder)


def _corrupt(tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    db_path(folder).write_bytes(os.urandom(40_000))
    return folder


def test_a_corrupt_store_shows_the_three_ways_out_and_quit_quits(qtbot: Any, tmp_path: Path) -> None:
    folder = _corrupt(tmp_path)
    before = db_path(folder).read_bytes()
    seen: dict[str, Any] = {}

    def act(dlg: StoreProblemDialog) -> None:
        seen["text"] = dlg.text()
        seen["buttons"] = [b.text() for b in dlg.buttons()]
        seen["restore"] = dlg.restore_button.isEnabled()
        seen["size"] = dlg.sizeHint()
        dlg.quit_button.click()

    timer = when_modal(act)
    assert fk_app.open_or_ask(folder, _open) is None
    timer.stop()
    assert "已损坏" in seen["text"] and str(db_path(folder)) in seen["text"]
    assert set(seen["buttons"]) == {"打开其他数据文件夹…", "从备份恢复…", "退出"}
    assert seen["restore"] is True  # the backups feature fills the hook
    assert seen["size"].width() <= 1366 and seen["size"].height() <= 768
    assert db_path(folder).read_bytes() == before


def test_another_folder_is_opened_and_remembered(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = _corrupt(tmp_path)
    good = tmp_path / "good"
    open_store(db_path(good)).dispose()
    # the operating system's folder picker is outside the project
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(good)))
    timer = when_modal(lambda dlg: dlg.other_button.click())
    opened = fk_app.open_or_ask(bad, _open)
    timer.stop()
    assert opened is not None
    folder, vault = opened
    vault.close()
    assert folder == good
    assert read_saved_data_dir() == str(good)


def test_restore_calls_the_backup_hook_and_reopens(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = _corrupt(tmp_path)
    backup = tmp_path / "backup"
    open_store(db_path(backup)).dispose()
    calls: list[Path] = []

    def restore(target: Path, _parent: object) -> bool:
        calls.append(target)
        target.write_bytes(db_path(backup).read_bytes())
        return True

    monkeypatch.setattr(fk_app, "restore_hook", restore)
    timer = when_modal(lambda dlg: dlg.restore_button.click())
    opened = fk_app.open_or_ask(bad, _open)
    timer.stop()
    assert opened is not None and calls == [db_path(bad)]
    opened[1].close()


@pytest.mark.parametrize(
    ("make", "text"),
    [
        (lambda p: p.write_text("x", encoding="utf-8"), "是一个文件，不是文件夹"),
        (lambda p: None, None),
    ],
)
def test_data_folder_that_is_a_file(qtbot: Any, tmp_path: Path, make: Any, text: str | None) -> None:
    target = tmp_path / "data"
    make(target)
    seen: list[str] = []

    def act(dlg: StoreProblemDialog) -> None:
        seen.append(dlg.text())
        dlg.quit_button.click()

    timer = when_modal(act)
    opened = fk_app.open_or_ask(target, _open)
    timer.stop()
    if text is None:  # a folder that does not exist yet is simply created
        assert opened is not None and not seen
        opened[1].close()
    else:
        assert opened is None and text in seen[0]


def test_a_save_while_another_program_writes_says_so_not_the_driver(tmp_path: Path) -> None:
    import sqlite3

    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    from fieldkit.ui.widgets.workflow_support import error_text

    path = db_path(tmp_path)
    open_store(path).dispose()
    other = sqlite3.connect(path)  # another program, holding a write transaction
    other.execute("BEGIN IMMEDIATE")
    engine = create_engine(
        f"sqlite:///{path}", connect_args={"timeout": 0}
    )  # no wait: the classification is tested
    try:
        with pytest.raises(OperationalError) as e, engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = version_num"))
    finally:
        engine.dispose()
        other.rollback()
        other.close()
    shown = error_text(e.value)
    assert "database is locked" in str(e.value) and "locked" not in shown
    assert "另一个程序" in shown


def test_restore_from_a_backup_through_the_backups_feature(qtbot: Any, tmp_path: Path) -> None:
    """The real hook: the restore dialog over the damaged store's folder restores its newest backup
    (a plaintext store's: no password asked), then the store opens."""
    from datetime import datetime

    from fieldkit.services import backup
    from fieldkit.ui.dialogs.restore_dialog import RestoreDialog

    folder = tmp_path / "data"
    open_store(db_path(folder)).dispose()
    backup.make_backup(folder, now=datetime(2026, 11, 20, 8, 0))
    db_path(folder).write_bytes(os.urandom(40_000))  # damaged after the backup
    steps: list[str] = []
    timer = QTimer()

    def check() -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, StoreProblemDialog) and w.isVisible():
            if "problem" in steps:  # shown again: the restore did not help
                steps.append("again")
                timer.stop()
                w.quit_button.click()
                return
            steps.append("problem")
            w.restore_button.click()
        elif isinstance(w, RestoreDialog) and w.isVisible() and w.job is None and w.list.count() == 1:
            if "restore" not in steps:
                steps.append("restore")
                w.list.setCurrentRow(0)
                w.restore()
            elif w.restored is not None and "restored" not in steps:
                steps.append("restored")
                timer.stop()
                w.continue_btn.click()

    timer.timeout.connect(check)
    timer.start(20)
    opened = fk_app.open_or_ask(folder, _open)
    timer.stop()
    assert steps == ["problem", "restore", "restored"]
    assert opened is not None and opened[0] == folder
    opened[1].close()
