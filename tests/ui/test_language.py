"""Language: Chinese by default, a complete English translation, switched live from the settings."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtCore import QCoreApplication, Qt

from fieldkit.config import RESOURCES, Settings
from fieldkit.services.labels import label
from fieldkit.ui.dialogs.settings_dialog import SettingsDialog
from fieldkit.ui.itemmodels.enterprise_table_model import COL
from fieldkit.ui.main_window import MainWindow

TS = RESOURCES / "translations" / "fieldkit_en.ts"
OURS = {
    "MainWindow",
    "SyncIndicator",
    "TodayView",
    "EnterprisesView",
    "EnterpriseTableModel",
    "EnterprisePage",
    "ProfileEditor",
    "SignInDialog",
    "SettingsDialog",
    "Labels",
    "Validation",
    "Policy",
    "Demand",
    "Lifecycle",
    "Errors",
}


def window(qtbot, ctx, runner, language) -> MainWindow:
    win = MainWindow(ctx, runner, Settings(), language, ctx.folder)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.views["today"].overview is not None, timeout=20_000)
    return win


def test_switching_to_english_changes_visible_labels_live(qtbot, ctx, runner, language):
    win = window(qtbot, ctx, runner, language)
    win.show_view("enterprises")
    ents = win.views["enterprises"]
    qtbot.waitUntil(lambda: ents.loaded, timeout=20_000)
    assert win.nav.item(0).text() == "工作台"
    language.apply("en")
    assert win.nav.item(0).text() == "Today"
    assert win.nav.item(1).text() == "Enterprises"
    assert win.menu_file.title() == "&File"
    assert win.act_sync.text() == "Sync now"
    assert win.windowTitle() == "FieldKit — 张伟"
    assert ents.not_visited.text() == "Not visited this quarter"
    assert ents.count_label.text() == "6 enterprises"
    model = ents.model
    assert model.headerData(COL["name"], Qt.Orientation.Horizontal) == "Enterprise name"
    stages = {model.data(model.index(r, COL["stage"])) for r in range(model.rowCount())}
    assert "Operation" in stages and "生产经营" not in stages
    assert ents.industry.itemText(ents.industry.findData("C")) == "C Manufacturing"
    today = win.views["today"]
    assert today.heading.text() == "Hello, 张伟"
    assert today.cards["plans_today"].title.text() == "Today's visit plans"
    assert win.sync_indicator.pending_label.text().startswith("Waiting to sync: ")
    assert label("stage", "startup") == "Start-up"
    # profile tags (derived behaviour tags too) in English for display; the filter keeps the key
    i = ents.tag.findData("近期提出诉求")
    assert i >= 0 and ents.tag.itemText(i).strip() == "Recently raised a demand"
    assert ents.tag.itemText(ents.tag.findData("高新技术企业")).strip() == "High-tech enterprise"
    shown = {str(model.data(model.index(r, COL["tags"]))) for r in range(model.rowCount())}
    assert not any(t in text for text in shown for t in ("近期", "高新技术企业", "专精特新")), shown
    language.apply("zh_CN")
    assert win.nav.item(0).text() == "工作台"
    assert ents.count_label.text() == "共 6 家企业"
    assert label("stage", "startup") == "企业开办"


def test_settings_dialog_switches_language_and_saves_it(qtbot, ctx, runner, language):
    settings = Settings()
    win = MainWindow(ctx, runner, settings, language, ctx.folder)
    qtbot.addWidget(win)
    dlg = SettingsDialog(settings, ctx.folder, language, win)
    qtbot.addWidget(dlg)
    assert dlg.lang_note.text() == "立即生效"
    dlg.lang_combo.setCurrentIndex(dlg.lang_combo.findData("en"))
    dlg.accept()
    assert language.language == "en"
    assert win.nav.item(0).text() == "Today"
    assert dlg.windowTitle() == "Settings"
    assert Settings.load(ctx.folder).language == "en"
    assert QCoreApplication.translate("Validation", "账号或密码错误") == "Wrong account or password"


def test_data_folder_change_is_saved_for_the_next_start(qtbot, ctx, tmp_path, language):
    from fieldkit.ui.dialogs.settings_dialog import read_saved_data_dir

    dlg = SettingsDialog(Settings(), ctx.folder, language)
    qtbot.addWidget(dlg)
    assert "重新启动" in dlg.folder_note.text()
    dlg.folder_edit.setText(str(tmp_path / "elsewhere"))
    dlg.apply()
    assert dlg.restart_needed
    assert read_saved_data_dir() == str(tmp_path / "elsewhere")
    assert Settings.load(tmp_path / "elsewhere").language == "zh_CN"


def test_english_translation_is_complete():
    root = ET.parse(TS).getroot()
    unfinished = []
    total = 0
    for context in root.iter("context"):
        name = context.findtext("name")
        for msg in context.iter("message"):
            total += 1
            tr = msg.find("translation")
            if (
                tr is None
                or tr.get("type") in ("unfinished", "obsolete", "vanished")
                or not (tr.text or "").strip()
            ):
                unfinished.append((name, msg.findtext("source")))
    assert total > 300
    assert unfinished == []


def test_every_marked_string_of_the_code_is_in_the_ts_file():
    """The .ts is up to date with the code (run scripts/update_translations.py after adding strings)."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(
        "update_translations", RESOURCES.parent / "scripts" / "update_translations.py"
    )
    mod = importlib.util.module_from_spec(spec)
    sys.modules["update_translations"] = mod
    spec.loader.exec_module(mod)
    in_ts = {
        (c.findtext("name"), m.findtext("source"))
        for c in ET.parse(TS).getroot().iter("context")
        for m in c.iter("message")
    }
    marked = {pair for p in mod.sources() for pair in mod.aliased_noop_calls(p) if pair[0] in OURS}
    assert marked - in_ts == set()
