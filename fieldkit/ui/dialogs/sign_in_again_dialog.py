"""The server no longer accepts this device's token (expired sign-in, password changed on the
server): ask the password again and sign in with the same server and account
(:func:`fieldkit.sync.account.sign_in_again`, on a worker thread). The outbox is not touched: the
changes waiting are sent by the next sync. A wrong password keeps the dialog open with a message.
A device revoked meanwhile emits :attr:`SignInAgainDialog.revoked` (the window wipes and closes)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
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

from fieldkit.sync import account
from fieldkit.sync.errors import DeviceRevoked
from fieldkit.ui.callbacks import weak
from fieldkit.ui.sync_texts import error_text
from fieldkit.ui.workers import TaskRunner


class SignInAgainDialog(QDialog):
    #: the server refused the sign-in because this device is revoked
    revoked = Signal(object)

    def __init__(
        self,
        engine: Engine,
        runner: TaskRunner,
        *,
        login: str,
        server_url: str,
        reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.runner = runner
        self.login = login
        self.server_url = server_url
        self.reason = QLabel(reason)
        self.reason.setWordWrap(True)
        self.account_label = QLabel()
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("againPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.returnPressed.connect(self.submit)
        self.password_label = QLabel()
        self.password_label.setBuddy(self.password_edit)
        form = QFormLayout()
        form.addRow(self.password_label, self.password_edit)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.ok_button = QPushButton()
        self.ok_button.setObjectName("primary")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.submit)
        self.later_button = QPushButton()
        self.later_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.ok_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.reason)
        lay.addWidget(self.account_label)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addLayout(buttons)
        self.setMinimumWidth(460)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("重新登录服务器"))
        self.account_label.setText(
            self.tr("服务器：{url}\n账号：{login}").format(url=self.server_url, login=self.login)
        )
        self.password_label.setText(self.tr("密码"))
        self.ok_button.setText(self.tr("登录"))
        self.later_button.setText(self.tr("稍后"))

    def submit(self) -> None:
        password = self.password_edit.text()
        if not password:
            self.error.setText(self.tr("请输入密码"))
            return
        self.error.clear()
        self.ok_button.setEnabled(False)
        engine = self.engine

        def job() -> Any:
            return account.sign_in_again(engine, password)

        self.runner.run(job, weak(self, SignInAgainDialog._done), weak(self, SignInAgainDialog._failed))

    def _done(self, _resp: Any) -> None:
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, DeviceRevoked):
            self.revoked.emit(exc)
            return
        self.ok_button.setEnabled(True)
        self.error.setText(error_text(exc, server_url=self.server_url))
        self.password_edit.selectAll()
        self.password_edit.setFocus()
