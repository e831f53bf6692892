"""修改密码 (文件 menu): the signed-in login's local password — the old one, the new one twice.

The change runs on the task runner (argon2id and scrypt, keys.json fsynced:
:func:`fieldkit.services.password_change.change_password`): the data key is wrapped again, nothing
is re-encrypted; a wrong old password counts in the sign-in's slow-down. A server account is told
that only the local password changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import Engine

from fieldkit.services import auth
from fieldkit.services.errors import FieldKitError, ValidationError
from fieldkit.services.password_change import (
    PasswordChanged,
    change_password,
    check_new_password,
    result_text,
)
from fieldkit.ui.callbacks import weak
from fieldkit.ui.workers import TaskRunner


class ChangePasswordDialog(QDialog):
    """:attr:`result_info` is set once the password was changed (the dialog then shows what it
    means and only 关闭 remains)."""

    def __init__(
        self,
        engine: Engine,
        folder: Path,
        login: str,
        key: bytes | None,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.engine, self.folder, self.login, self.key, self.runner = engine, folder, login, key, runner
        self.result_info: PasswordChanged | None = None
        self.busy = False
        self.setWindowTitle(self.tr("修改密码"))
        self.setMinimumWidth(440)

        self.intro = QLabel(
            self.tr("修改账号 {login} 在本机的登录密码（离线登录、解锁和备份用）。").format(login=login)
        )
        self.intro.setWordWrap(True)
        self.old_edit = self._password_edit("oldPasswordEdit")
        self.new_edit = self._password_edit("newPasswordEdit")
        self.repeat_edit = self._password_edit("repeatPasswordEdit")
        self.rule = QLabel(self.tr("至少 {n} 位").format(n=auth.MIN_LENGTH))
        self.rule.setObjectName("muted")
        form = QFormLayout()
        form.addRow(self.tr("原密码"), self.old_edit)
        form.addRow(self.tr("新密码"), self.new_edit)
        form.addRow("", self.rule)
        form.addRow(self.tr("再次输入新密码"), self.repeat_edit)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.ok_btn = QPushButton(self.tr("修改"))
        self.ok_btn.setObjectName("primary")
        self.ok_btn.setDefault(True)
        self.cancel_btn = QPushButton(self.tr("取消"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_btn)
        buttons.addWidget(self.ok_btn)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.status)
        lay.addStretch(1)
        lay.addLayout(buttons)

        self.ok_btn.clicked.connect(lambda: self.submit())
        self.cancel_btn.clicked.connect(self.reject)
        self.old_edit.returnPressed.connect(self.new_edit.setFocus)
        self.new_edit.returnPressed.connect(self.repeat_edit.setFocus)
        self.repeat_edit.returnPressed.connect(lambda: self.submit())
        self.old_edit.setFocus()

    def _password_edit(self, name: str) -> QLineEdit:
        e = QLineEdit()
        e.setObjectName(name)
        e.setEchoMode(QLineEdit.EchoMode.Password)
        return e

    def _field(self, name: str) -> QLineEdit:
        return {"password": self.old_edit, "repeat_password": self.repeat_edit}.get(name, self.new_edit)

    def submit(self) -> None:
        if self.busy or self.result_info is not None:
            return
        old, new, repeat = self.old_edit.text(), self.new_edit.text(), self.repeat_edit.text()
        self.error.clear()
        if not old:
            self._show_error(self.tr("请输入原密码"), self.old_edit)
            return
        try:
            check_new_password(new, repeat, old)  # at once, before any thread
        except ValidationError as exc:
            self._show_error(exc.text(), self._field(exc.field or ""))
            return
        self.busy = True
        self._enable()
        self.status.setText(self.tr("正在修改…"))
        engine, folder, login, key = self.engine, self.folder, self.login, self.key
        self.runner.run(
            lambda: change_password(engine, folder, login, old, new, repeat, key=key),
            weak(self, ChangePasswordDialog._changed),
            weak(self, ChangePasswordDialog._failed),
        )

    def _changed(self, result: Any) -> None:
        self.busy = False
        self.result_info = result if isinstance(result, PasswordChanged) else None
        for e in (self.old_edit, self.new_edit, self.repeat_edit):
            e.clear()
        self.status.setText(result_text(result) if self.result_info is not None else "")
        self.ok_btn.hide()
        self.cancel_btn.setText(self.tr("关闭"))
        self.cancel_btn.setDefault(True)
        self._enable()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.status.clear()
        self._enable()
        text = (
            exc.text()
            if isinstance(exc, FieldKitError)
            else self.tr("密码没有修改：{reason}").format(reason=type(exc).__name__)
        )
        field = exc.field if isinstance(exc, ValidationError) else None
        self._show_error(text, self._field(field or "password"))

    def _show_error(self, text: str, edit: QLineEdit) -> None:
        self.error.setText(text)
        edit.selectAll()
        edit.setFocus()

    def _enable(self) -> None:
        idle = not self.busy and self.result_info is None
        for w in (self.old_edit, self.new_edit, self.repeat_edit, self.ok_btn):
            w.setEnabled(idle)
        self.cancel_btn.setEnabled(not self.busy)

    def reject(self) -> None:
        if not self.busy:  # a change in progress finishes first (keys.json is written atomically)
            super().reject()
