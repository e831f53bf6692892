"""The About dialog (version from pyproject.toml, licences of the font and libraries) and the crash
dialog with its log, on real widgets. The packaged app's crash is checked in tests/installer."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from fieldkit.ui import crash
from fieldkit.ui.dialogs.about_dialog import AboutDialog

ROOT = Path(__file__).resolve().parents[2]


def test_about_shows_the_pyproject_version_and_the_licences(qtbot, runner, tmp_path):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    dlg = AboutDialog(runner, tmp_path, tmp_path / "logs" / "fieldkit.log")
    qtbot.addWidget(dlg)
    dlg.show()
    assert version in dlg.version.text()
    qtbot.waitUntil(lambda: dlg.table.rowCount() > 0)
    rows = {dlg.table.item(r, 0).text(): dlg.table.item(r, 2).text() for r in range(dlg.table.rowCount())}
    font = next(name for name in rows if "WenQuanYi" in name)
    assert "GPL-2.0" in rows[font] and "embedding exception" in rows[font]
    assert rows["PySide6_Essentials"] == "LGPL-3.0-only"
    assert "reportlab" in rows and "SQLAlchemy" in rows and "extra" not in " ".join(rows)
    assert "pytest" not in rows  # a dev dependency is not shipped
    dlg.show_font.click()
    assert "WenQuanYi" in dlg.font_licence.toPlainText()
    size = dlg.frameGeometry().size()
    assert size.width() <= 1366 and size.height() <= 768


@pytest.fixture
def crash_hook(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # pytest-qt's, put back after the test
    path = crash.install(tmp_path / "logs" / "fieldkit.log")
    yield path
    crash.uninstall()


def _answer(choice: str, seen: dict[str, str]) -> None:
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):  # not shown yet: look again
        QTimer.singleShot(10, lambda: _answer(choice, seen))
        return
    seen["title"] = box.windowTitle()
    seen["text"] = box.text() + "\n" + box.informativeText()
    seen["buttons"] = " ".join(b.text() for b in box.buttons())
    next(b for b in box.buttons() if b.text() == choice).click()


def test_an_uncaught_error_is_logged_then_shown_in_chinese_with_the_log(qtbot, crash_hook):
    seen: dict[str, str] = {}
    QTimer.singleShot(0, lambda: _answer("继续使用", seen))
    try:
        raise ValueError("boom in a slot")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    logged = crash_hook.read_text(encoding="utf-8")
    assert "ValueError: boom in a slot" in logged and "Traceback" in logged
    assert seen["title"] == "FieldKit 出错了"
    assert str(crash_hook) in seen["text"] and "已经保存的工作不会丢失" in seen["text"]
    assert "boom" not in seen["text"]  # the user gets words, the log gets the traceback
    assert "退出程序" in seen["buttons"]


def test_crash_dialog_in_english(qtbot, crash_hook, language):
    language.apply("en")
    box = crash.crash_box(crash_hook)
    qtbot.addWidget(box)
    assert box.windowTitle() == "FieldKit has run into a problem"
    assert str(crash_hook) in box.informativeText()
