"""Shown instead of a traceback when the data folder's store cannot be used (damaged, another
program's database, a newer FieldKit's, read-only, disk full, busy): says what is wrong and offers
the ways out — another data folder, a restore from a backup, or quitting."""

from __future__ import annotations

import enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget


class Choice(enum.Enum):
    OTHER_FOLDER = "other_folder"
    RESTORE = "restore"
    QUIT = "quit"


class StoreProblemDialog(QMessageBox):
    """The message (already translated) and three buttons; :attr:`choice` after ``exec()``."""

    def __init__(self, message: str, *, can_restore: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(QCoreApplication.translate("StoreProblemDialog", "无法打开数据"))
        self.setText(message)
        self.setInformativeText(
            QCoreApplication.translate("StoreProblemDialog", "数据文件没有被改动。请选择下一步：")
        )
        self.other_button: QPushButton = self.addButton(
            QCoreApplication.translate("StoreProblemDialog", "打开其他数据文件夹…"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        self.restore_button: QPushButton = self.addButton(
            QCoreApplication.translate("StoreProblemDialog", "从备份恢复…"), QMessageBox.ButtonRole.ActionRole
        )
        self.restore_button.setEnabled(can_restore)
        if not can_restore:
            self.restore_button.setToolTip(
                QCoreApplication.translate(
                    "StoreProblemDialog", "没有可用的备份恢复功能，或恢复帮不上这个问题"
                )
            )
        self.quit_button: QPushButton = self.addButton(
            QCoreApplication.translate("StoreProblemDialog", "退出"), QMessageBox.ButtonRole.RejectRole
        )
        self.setDefaultButton(self.other_button)
        self.setEscapeButton(self.quit_button)
        self.choice = Choice.QUIT

    def exec(self) -> int:
        rc = super().exec()
        clicked = self.clickedButton()
        if clicked is self.other_button:
            self.choice = Choice.OTHER_FOLDER
        elif clicked is self.restore_button:
            self.choice = Choice.RESTORE
        else:
            self.choice = Choice.QUIT
        return int(rc)


def choose_folder(start: Path, parent: QWidget | None = None) -> Path | None:
    """The other data folder the user picks (None: cancelled)."""
    chosen = QFileDialog.getExistingDirectory(
        parent, QCoreApplication.translate("StoreProblemDialog", "选择数据文件夹"), str(start)
    )
    return Path(chosen) if chosen else None
