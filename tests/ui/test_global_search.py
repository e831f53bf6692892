"""The window's global search (Ctrl+K, issue 11): grouped results, highlighted matches, Enter opens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.ui.test_app_shell import make_window


def _search(qtbot, win, text: str):  # type: ignore[no-untyped-def]
    dialog = win.search_dialog
    with qtbot.waitSignal(dialog.results_shown, timeout=20_000):
        dialog.edit.setText(text)
    return dialog


def test_ctrl_k_finds_records_by_what_they_say_and_enter_opens_one(qtbot, ctx, runner, fixture_world):  # type: ignore[no-untyped-def]
    win = make_window(qtbot, ctx, runner)

    def ctrl_k_opened() -> bool:
        # offscreen, a key sent right after the window came up was lost on two CI runs (the dialog
        # never opened), and once on a loaded machine pressing it for 10 s did not open it either
        # (cause not established; a window shortcut needs the active window): activated when it is
        # not, then pressed, until it opens
        # (opening it twice shows the same dialog)
        if not win.isActiveWindow():
            win.raise_()
            win.activateWindow()
            return False
        qtbot.keyClick(win, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
        return win.search_dialog is not None

    try:
        qtbot.waitUntil(ctrl_k_opened, timeout=20_000)
    except Exception as exc:  # say what held the keys (a modal left open by an earlier test?)
        from PySide6.QtWidgets import QApplication

        raise AssertionError(
            f"Ctrl+K never opened the search: active window {QApplication.activeWindow()!r}, "
            f"modal {QApplication.activeModalWidget()!r}, popup {QApplication.activePopupWidget()!r}, "
            f"focus {QApplication.focusWidget()!r}, window active {win.isActiveWindow()}, "
            f"top-level widgets {[w for w in QApplication.topLevelWidgets() if w.isVisible()]!r}"
        ) from exc
    dialog = win.search_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.edit.hasFocus, timeout=5_000)  # typing goes straight into the box
    geo = dialog.frameGeometry()
    assert geo.width() <= 1366 and geo.height() <= 768
    _search(qtbot, win, "生产经营")
    heads = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert [h.split("（")[0] for h in heads] == ["企业", "服务记录", "诉求", "政策"]
    hits = dialog.hit_items()
    assert hits and {h.data(0, Qt.ItemDataRole.UserRole + 1)[0] for h in hits} == {"record"}
    label = dialog.tree.itemWidget(hits[0], 0)
    assert isinstance(label, QLabel)
    assert 'background:#ffe08a">生产经营</span>' in label.text()  # the match is highlighted
    record_id = hits[0].data(0, Qt.ItemDataRole.UserRole + 1)[1]
    opened = []
    win.open_record = lambda rid: opened.append(rid)  # the editor itself is tested elsewhere
    dialog.open_requested.disconnect()
    dialog.open_requested.connect(win.open_search_hit)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert opened == [record_id] and not dialog.isVisible()


def test_demands_and_enterprises_are_grouped_and_a_single_character_says_it_is_partial(
    qtbot, ctx, runner, fixture_world
):  # type: ignore[no-untyped-def]
    win = make_window(qtbot, ctx, runner)
    win.global_search()
    dialog = _search(qtbot, win, "增容")
    kinds = [h.data(0, Qt.ItemDataRole.UserRole + 1)[0] for h in dialog.hit_items()]
    assert kinds == ["demand"]
    _search(qtbot, win, "华为")
    kinds = [h.data(0, Qt.ItemDataRole.UserRole + 1)[0] for h in dialog.hit_items()]
    assert "enterprise" in kinds
    _search(qtbot, win, "营")
    notes = [
        dialog.tree.topLevelItem(i).child(0).text(0)
        for i in range(1, dialog.tree.topLevelItemCount())
        if dialog.tree.topLevelItem(i).childCount()
    ]
    assert any("单个字" in n for n in notes)
