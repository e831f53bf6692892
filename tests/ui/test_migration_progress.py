"""Opening a store whose schema is behind shows the migration's progress (issue 11): the window's
run() opens the store on the task runner and a progress dialog follows the migration's reports by
signals; the command line prints them on stderr."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from fieldkit import app as fieldkit_app
from fieldkit.config import db_path
from fieldkit.db import HEAD, current_revision, downgrade, open_store, set_migration_listener
from fieldkit.ui.dialogs import migration_dialog
from fieldkit.ui.dialogs.sign_in_dialog import SignInDialog

from .conftest import PASSWORD, build_fixture_world


@pytest.fixture(scope="module")
def behind(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small store (the fixture world) taken back to 0005: opening it runs 0006's index build."""
    folder = tmp_path_factory.mktemp("behind") / "data"
    world = build_fixture_world(folder)
    downgrade(world.engine, "0005")
    world.engine.dispose()
    return folder


def _copy(behind: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(behind, folder)
    return folder


def test_window_opens_an_old_store_with_the_migration_in_a_progress_dialog(
    qtbot: Any, behind: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _copy(behind, tmp_path)
    gui = threading.get_ident()
    reported_on: set[int] = set()
    seen: list[tuple[bool, int, str]] = []  # (dialog visible, bar value, label) as the GUI showed it
    original_show = migration_dialog.MigrationProgress._show
    original_report = migration_dialog.MigrationProgress.report

    def report(self: migration_dialog.MigrationProgress, fraction: float, text: str) -> None:
        reported_on.add(threading.get_ident())
        original_report(self, fraction, text)

    def show(self: migration_dialog.MigrationProgress, fraction: float, text: str) -> None:
        assert threading.get_ident() == gui
        original_show(self, fraction, text)
        dlg = self.dialog
        seen.append(
            (dlg is not None and dlg.isVisible(), dlg.value() if dlg else -1, dlg.labelText() if dlg else "")
        )

    monkeypatch.setattr(migration_dialog.MigrationProgress, "report", report)
    monkeypatch.setattr(migration_dialog.MigrationProgress, "_show", show)
    signed_in_on: list[str | None] = []

    def sign_in_exec(self: SignInDialog) -> int:  # the store is open (migrated) when sign-in shows
        # closed as a real exec() ends, through done(): it returns once the dialog's store_info read
        # has ended. Opened here while that read still ran, the file was used by two copies of
        # SQLite at once (the test's plain sqlite3 beside the store's sqlcipher3, each with its own
        # locks and mapping of the -shm file): a likely way to the SIGBUS once seen in this test
        self.reject()
        engine = open_store(db_path(folder))
        signed_in_on.append(current_revision(engine))
        engine.dispose()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(SignInDialog, "exec", sign_in_exec)
    before = set_migration_listener(None)
    try:
        assert fieldkit_app.run(str(folder), argv=["fieldkit"]) == 0
        after = set_migration_listener(None)
    finally:
        set_migration_listener(before)

    assert signed_in_on == [HEAD]
    assert reported_on and gui not in reported_on  # the migration ran off the GUI thread
    shown = [s for s in seen if s[0]]
    assert shown, seen
    assert any("全文检索索引" in label for _v, _n, label in shown), shown
    values = [v for _vis, v, _l in shown]
    assert values == sorted(values) and values[-1] > values[0]  # the bar moves forward
    assert seen[-1] == (False, -1, "")  # closed at the end
    assert after is None  # the window's listener is taken down with it: a later migration tells nobody


def test_cli_prints_the_migration_on_stderr(
    behind: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldkit.cli import main

    folder = _copy(behind, tmp_path)
    monkeypatch.setenv("FIELDKIT_PASSWORD", PASSWORD)
    rc = main(["--data-dir", str(folder), "search", "--login", "zhangwei", "华为"])
    assert set_migration_listener(None) is None  # main() put back what was there
    out = capsys.readouterr()
    assert rc == 0, out.err
    assert "华为技术有限公司" in out.out
    lines = out.err.splitlines()
    assert any(line.startswith("正在升级本机数据（第 1 步，共 ") for line in lines), lines
    assert any(line.startswith("正在建立全文检索索引：已完成") and line.endswith("%") for line in lines), (
        lines
    )
    assert lines[-1] == "本机数据升级完成"
    assert "升级" not in out.out  # stdout stays the command's own output
    engine = open_store(db_path(folder))
    assert current_revision(engine) == HEAD
    engine.dispose()
