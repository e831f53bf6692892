"""Enterprise pickers (issue 12 §7): nothing is chosen for the user, and pinyin initials / full
pinyin find an enterprise as they do in the enterprise list."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from fieldkit.ui.dialogs.plan_dialog import PlanDialog
from fieldkit.ui.widgets.workflow_support import scope_enterprises


def open_plan_dialog(qtbot, ctx, runner, fixture_world) -> PlanDialog:  # type: ignore[no-untyped-def]
    with fixture_world.session() as s:
        ents = scope_enterprises(ctx, s)
    dialog = PlanDialog(ctx, runner, ents, date(2026, 11, 21))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_enter_on_the_empty_picker_chooses_no_enterprise(qtbot, ctx, runner, fixture_world) -> None:
    dialog = open_plan_dialog(qtbot, ctx, runner, fixture_world)
    combo = dialog.enterprise
    assert combo.count() == 6 and combo.currentIndex() == -1 and combo.currentText() == ""
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    assert combo.currentIndex() == -1 and combo.enterprise_id() is None


def test_pinyin_initials_and_full_pinyin_find_the_enterprise(qtbot, ctx, runner, fixture_world) -> None:
    dialog = open_plan_dialog(qtbot, ctx, runner, fixture_world)
    combo = dialog.enterprise
    completer = combo.completer()
    for typed in ("hwjs", "HuaWei"):
        combo.lineEdit().clear()
        qtbot.keyClicks(combo.lineEdit(), typed)
        assert completer.completionCount() == 1
        assert completer.currentCompletion() == "华为技术有限公司"  # the name, never the pinyin key
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert combo.currentText() == "华为技术有限公司"
    assert combo.enterprise_id() == fixture_world.enterprises["huawei"]
    # a part of the name still matches as before
    completer.setCompletionPrefix("东方")  # (a test cannot type CJK through the key events)
    assert completer.currentCompletion() == "德阳东方电机有限公司"
