"""备份与恢复 in the window: the list of backups, a backup made off the GUI thread, a restore after
the Chinese confirmation that brings back the rows, and the entry in the 文件 menu."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from fieldkit.config import db_path
from fieldkit.services import backup
from fieldkit.ui.dialogs.backup_dialog import BackupDialog
from tests.unit.fixtures import add_enterprise, open_db


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    db = open_db(tmp_path)
    with db.tx() as s:
        add_enterprise(s, "华为技术有限公司")
    db.engine.dispose()
    return tmp_path


def names(folder: Path) -> list[str]:
    conn = sqlite3.connect(db_path(folder))
    try:
        return [r[0] for r in conn.execute("SELECT name FROM enterprise ORDER BY name")]
    finally:
        conn.close()


def test_lists_backs_up_and_restores(qtbot, folder: Path) -> None:  # type: ignore[no-untyped-def]
    backup.make_backup(folder, now=datetime(2026, 11, 20, 8, 0), automatic=True)
    stopped: list[bool] = []
    dlg = BackupDialog(folder, before_restore=lambda: stopped.append(True))
    qtbot.addWidget(dlg)
    assert dlg.windowTitle() == "备份与恢复"
    assert dlg.list.count() == 1 and "2026-11-20 08:00" in dlg.list.item(0).text()
    assert "自动" in dlg.list.item(0).text()

    dlg.backup_btn.click()
    assert not dlg.backup_btn.isEnabled()  # running on its thread
    qtbot.waitUntil(lambda: dlg.job is None and dlg.list.count() == 2, timeout=30_000)
    assert "已备份" in dlg.status.text()

    conn = sqlite3.connect(db_path(folder))
    conn.execute("UPDATE enterprise SET name = '改坏的名称'")
    conn.commit()
    conn.close()
    dlg.list.setCurrentRow(0)  # the newest: the one just made
    with qtbot.waitSignal(dlg.restored, timeout=30_000):
        dlg.restore_selected(confirmed=True)
    assert stopped == [True]
    assert names(folder) == ["华为技术有限公司"]
    assert "已恢复" in dlg.status.text()
    assert dlg.list.count() == 3  # the replaced store kept as a backup of its own


def test_declined_confirmation_changes_nothing(qtbot, folder: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    made = backup.make_backup(folder, now=datetime(2026, 11, 20, 8, 0))
    dlg = BackupDialog(folder)
    qtbot.addWidget(dlg)
    asked: list[str] = []
    monkeypatch.setattr(dlg, "confirm_restore", lambda label: asked.append(label) or False)
    dlg.restore_selected()
    assert asked == ["2026-11-20 08:00"] and dlg.job is None
    assert [b.path for b in backup.list_backups(folder)] == [made]


def test_confirmation_is_chinese_and_defaults_to_cancel(qtbot, folder: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    dlg = BackupDialog(folder)
    qtbot.addWidget(dlg)
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        seen.append(box.defaultButton().text())
        box.defaultButton().click()

    QTimer.singleShot(0, answer)
    assert dlg.confirm_restore("2026-11-20 08:00") is False
    assert seen == ["用 2026-11-20 08:00 的备份替换本机的全部数据吗？", "取消"]


def test_a_failed_restore_says_so_and_keeps_the_store(qtbot, folder: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "坏的.fkbackup"
    bad.write_bytes(b"not a backup")
    dlg = BackupDialog(folder)
    qtbot.addWidget(dlg)
    dlg.restore_file(bad, bad.name, confirmed=True)
    qtbot.waitUntil(lambda: dlg.job is None, timeout=30_000)
    assert "没有恢复任何内容" in dlg.status.text()
    assert names(folder) == ["华为技术有限公司"]


def test_window_has_the_entry_and_auto_backup_runs_once_a_day(qtbot, ctx, runner) -> None:  # type: ignore[no-untyped-def]
    from fieldkit.ui.main_window import MainWindow

    win = MainWindow(ctx, runner)
    qtbot.addWidget(win)
    assert win.act_backups.text() == "备份与恢复…"
    assert win.act_backups in win.menu_file.actions()
    win.start_auto_backup()
    qtbot.waitUntil(lambda: len(backup.list_backups(win.folder)) == 1, timeout=30_000)
    from fieldkit.ui.dialogs.backup_dialog import wait_for_jobs

    wait_for_jobs()
    newest = backup.list_backups(win.folder)[0]
    assert newest.automatic
    assert backup.auto_backup(win.folder, now=newest.created + timedelta(hours=2)) is None
