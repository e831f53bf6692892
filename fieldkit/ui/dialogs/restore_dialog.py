"""从备份恢复 when the store cannot be opened (the store-problem dialog, or a sign-in that found the
encrypted store damaged): pick a backup — this folder's automatic and manual ones, newest first, or
a file — type the password that protects it, restore. The restore runs on a QThread
(:func:`fieldkit.ui.dialogs.backup_dialog.start_job`); a wrong password says so and may be tried
again (nothing changed); the store that could not be opened is kept, renamed, in ``backups/``.
Afterwards the caller opens the store again and the sign-in follows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.services import backup, backup_unlock
from fieldkit.services.backup_unlock import Restored
from fieldkit.services.errors import ValidationError
from fieldkit.ui.dialogs.backup_dialog import BackupJob, error_text, start_job


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{max(1, round(n / 1000))} KB"


class RestoreDialog(QDialog):
    """:attr:`restored` holds what the restore did once it succeeded (then the dialog is accepted
    with 继续登录)."""

    def __init__(self, folder: Path, *, problem: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.folder = folder
        self.job: BackupJob | None = None
        self.restored: Restored | None = None
        self.setWindowTitle(self.tr("从备份恢复"))
        self.resize(600, 460)

        self.problem = QLabel(problem)
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(problem))
        self.intro = QLabel(
            self.tr(
                "选择一份备份，输入制作这份备份时在本机登录用的密码。恢复会用备份替换本机数据；"
                "现在无法打开的数据不会删除，会改名保存在数据文件夹的 backups 文件夹中。"
            )
        )
        self.intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("restoreList")
        self.file_btn = QPushButton(self.tr("选择其他备份文件…"))
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("backupPasswordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("未加密的旧备份可以不填"))
        self.password_edit.returnPressed.connect(lambda: self.restore())
        self.password_label = QLabel(self.tr("备份的密码"))
        self.password_label.setBuddy(self.password_edit)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.restore_btn = QPushButton(self.tr("恢复"))
        self.restore_btn.setObjectName("primary")
        self.restore_btn.setDefault(True)
        self.cancel_btn = QPushButton(self.tr("取消"))
        self.continue_btn = QPushButton(self.tr("继续登录"))
        self.continue_btn.setObjectName("primary")
        self.continue_btn.hide()

        form = QFormLayout()
        form.addRow(self.password_label, self.password_edit)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_btn)
        file_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_btn)
        buttons.addWidget(self.restore_btn)
        buttons.addWidget(self.continue_btn)
        lay = QVBoxLayout(self)
        lay.addWidget(self.problem)
        lay.addWidget(self.intro)
        lay.addWidget(self.list, 1)
        lay.addLayout(file_row)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.status)
        lay.addLayout(buttons)

        self.file_btn.clicked.connect(lambda: self.choose_file())
        self.restore_btn.clicked.connect(lambda: self.restore())
        self.cancel_btn.clicked.connect(self.reject)
        self.continue_btn.clicked.connect(self.accept)
        self.list.currentRowChanged.connect(lambda _r: self._enable())
        self.refresh()
        self.password_edit.setFocus()

    # -- choosing ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.list.clear()
        for b in backup.list_backups(self.folder):
            kind = self.tr("自动") if b.automatic else self.tr("手动")
            self._add(b.path, f"{b.created:%Y-%m-%d %H:%M}    {kind}    {_size(b.size)}")
        if self.list.count():
            self.list.setCurrentRow(0)
            self.status.clear()
        else:
            self.status.setText(self.tr("这个数据文件夹里没有备份；请用“选择其他备份文件…”选择一份"))
        self._enable()

    def _add(self, path: Path, label: str, *, first: bool = False) -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        if first:
            self.list.insertItem(0, item)
        else:
            self.list.addItem(item)

    def add_file(self, path: Path) -> None:
        """A backup file chosen outside this folder's list: listed first and selected."""
        self._add(path, self.tr("文件：{name}").format(name=path.name), first=True)
        self.list.setCurrentRow(0)
        self.status.clear()

    def choose_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        name, _f = QFileDialog.getOpenFileName(
            self,
            self.tr("选择备份文件"),
            str(Path.home()),
            self.tr("FieldKit 备份 (*{suffix})").format(suffix=backup.SUFFIX),
        )
        if name:
            self.add_file(Path(name))

    def selected(self) -> Path | None:
        item = self.list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return Path(value) if isinstance(value, str) else None

    def _enable(self) -> None:
        idle = self.job is None and self.restored is None
        self.restore_btn.setEnabled(idle and self.selected() is not None)
        for w in (self.file_btn, self.list, self.password_edit, self.cancel_btn):
            w.setEnabled(idle)

    # -- restoring ---------------------------------------------------------------------------------
    def restore(self) -> None:
        path = self.selected()
        if path is None or self.job is not None or self.restored is not None:
            return
        folder, password = self.folder, self.password_edit.text()
        self.error.clear()
        self.status.setText(self.tr("正在检查密码并恢复…"))
        self.job = start_job(
            lambda: backup_unlock.restore_with_password(folder, path, password), self._done, self._failed
        )
        self._enable()

    def _done(self, result: Any) -> None:
        self.job = None
        self.restored = result if isinstance(result, Restored) else None
        self.password_edit.clear()
        text = self.tr("已恢复。请用备份时的账号和密码登录。")
        if self.restored is not None and self.restored.kept is not None:
            text += "\n" + self.tr("无法打开的原数据已另存在 {path}").format(path=self.restored.kept)
        elif self.restored is not None and self.restored.saved is not None:
            text += "\n" + self.tr("恢复前的数据已另存为备份 {name}").format(name=self.restored.saved.name)
        self.status.setText(text)
        self.restore_btn.hide()
        self.cancel_btn.hide()
        self.continue_btn.show()
        self.continue_btn.setDefault(True)
        self.continue_btn.setFocus()
        self._enable()

    def _failed(self, exc: Any) -> None:
        self.job = None
        self.status.clear()
        self.error.setText(error_text(exc))
        self._enable()
        if isinstance(exc, ValidationError):  # a wrong or missing password: type it again
            self.password_edit.selectAll()
            self.password_edit.setFocus()

    def reject(self) -> None:
        if self.job is None:  # a restore in progress is never abandoned halfway
            super().reject()
