"""Settings: data folder (takes effect on restart), interface language (applied at once), server.

The chosen data folder is remembered outside any data folder, in ``location.json`` in the user's
config folder (``$FIELDKIT_CONFIG_DIR`` when set — tests point it at a temporary folder). The
``--data-dir`` option and ``$FIELDKIT_DATA_DIR`` still win over it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

# where the data folder is remembered: in fieldkit.config, read by the start before Qt is imported
from fieldkit.config import ENV_CONFIG_DIR as ENV_CONFIG_DIR
from fieldkit.config import ENV_DATA_DIR, Settings
from fieldkit.config import location_file as location_file
from fieldkit.config import read_saved_data_dir as read_saved_data_dir
from fieldkit.fileio import atomic_write
from fieldkit.ui.idle_lock import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES, clamp_minutes
from fieldkit.ui.language import LanguageManager, normalise


def save_data_dir(folder: str | None) -> None:
    f = location_file()
    atomic_write(f, json.dumps({"data_dir": folder or ""}, ensure_ascii=False), make_parents=True)


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        folder: Path,
        language: LanguageManager | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.folder = folder
        self.language = language
        self.restart_needed = False
        self.setMinimumWidth(560)

        self.folder_edit = QLineEdit(str(folder))
        self.folder_edit.setObjectName("folderEdit")
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse)
        self.folder_note = QLabel()
        self.folder_note.setObjectName("muted")
        self.folder_note.setWordWrap(True)

        self.lang_combo = QComboBox()
        self.lang_combo.setObjectName("languageCombo")
        self.lang_combo.addItem("中文（简体）", "zh_CN")
        self.lang_combo.addItem("English", "en")
        current = normalise(language.language if language else settings.language)
        self.lang_combo.setCurrentIndex(self.lang_combo.findData(current))
        self.lang_note = QLabel()
        self.lang_note.setObjectName("muted")

        self.server_edit = QLineEdit(settings.server_url)
        self.server_edit.setObjectName("serverEdit")
        self.server_note = QLabel()
        self.server_note.setObjectName("muted")
        self.server_note.setWordWrap(True)

        self.idle_spin = QSpinBox()
        self.idle_spin.setObjectName("idleLockMinutes")
        self.idle_spin.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.idle_spin.setValue(clamp_minutes(settings.idle_lock_minutes))
        self.idle_note = QLabel()
        self.idle_note.setObjectName("muted")
        self.idle_note.setWordWrap(True)

        self.form = QFormLayout()
        self.labels = [QLabel(), QLabel(), QLabel(), QLabel()]
        folder_box = QWidget()
        fl = QVBoxLayout(folder_box)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addLayout(folder_row)
        fl.addWidget(self.folder_note)
        lang_box = QWidget()
        ll = QVBoxLayout(lang_box)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.lang_combo)
        ll.addWidget(self.lang_note)
        server_box = QWidget()
        sl = QVBoxLayout(server_box)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.server_edit)
        sl.addWidget(self.server_note)
        idle_box = QWidget()
        il = QVBoxLayout(idle_box)
        il.setContentsMargins(0, 0, 0, 0)
        il.addWidget(self.idle_spin)
        il.addWidget(self.idle_note)
        for lab, w in zip(self.labels, (folder_box, lang_box, server_box, idle_box), strict=True):
            self.form.addRow(lab, w)
        self.labels[3].setBuddy(self.idle_spin)
        self.labels[0].setBuddy(self.folder_edit)
        self.labels[1].setBuddy(self.lang_combo)
        self.labels[2].setBuddy(self.server_edit)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addStretch(1)
        lay.addWidget(self.buttons)
        if language is not None:
            language.language_changed.connect(self._language_changed)
        self.retranslate()

    def _language_changed(self, _lang: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("设置"))
        for lab, text in zip(
            self.labels,
            (self.tr("数据文件夹"), self.tr("界面语言"), self.tr("服务器地址"), self.tr("自动锁定")),
            strict=True,
        ):
            lab.setText(text)
        self.browse.setText(self.tr("浏览…"))
        overridden = bool(os.environ.get(ENV_DATA_DIR))
        self.folder_note.setText(
            self.tr("更改后需重新启动 FieldKit 才会生效；原文件夹中的数据不会被移动或删除。")
            + (
                "\n" + self.tr("注意：当前数据文件夹由环境变量 FIELDKIT_DATA_DIR 指定，它优先于这里的设置。")
                if overridden
                else ""
            )
        )
        self.lang_note.setText(self.tr("立即生效"))
        self.idle_spin.setSuffix(self.tr(" 分钟"))
        self.idle_note.setText(self.tr("无操作达到这个时间后锁定窗口，需输入密码解锁；电脑休眠前也会锁定。"))
        self.server_note.setText(self.tr("与服务器同步的功能尚未提供，这里只保存地址。"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).setText(self.tr("应用"))

    def _browse(self) -> None:
        d = QFileDialog.getExistingDirectory(self, self.tr("选择数据文件夹"), self.folder_edit.text())
        if d:
            self.folder_edit.setText(d)

    def apply(self) -> None:
        lang = self.lang_combo.currentData()
        self.settings.language = lang
        self.settings.server_url = self.server_edit.text().strip()
        self.settings.idle_lock_minutes = clamp_minutes(self.idle_spin.value())
        self.settings.save(self.folder)
        new_folder = self.folder_edit.text().strip()
        if new_folder and Path(new_folder).expanduser().resolve() != self.folder.resolve():
            target = Path(new_folder).expanduser()
            save_data_dir(str(target))
            if not (target / "settings.json").exists():  # carry the language and server over
                target.mkdir(parents=True, exist_ok=True)
                Settings(language=lang, server_url=self.settings.server_url).save(target)
            self.restart_needed = True
            self.folder_note.setText(self.tr("已保存：下次启动时将使用 {folder}").format(folder=new_folder))
        if self.language is not None and self.language.language != lang:
            self.language.apply(lang)

    def accept(self) -> None:
        self.apply()
        super().accept()
