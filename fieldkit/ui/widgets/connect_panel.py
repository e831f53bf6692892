"""The first connection: server address, account, password → the server authenticates the
account (:func:`fieldkit.sync.account.connect`, on a worker thread; it also sets the offline
password from the same sign-in) → the initial sync with a progress bar (rows, attachments, time
left), cancellable: what was pulled stays, and the next sync resumes from there.

Used by the sign-in dialog's "连接服务器" page. Wrong password, unreachable server, an incompatible
version: a clear message under the form, which keeps what was typed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import Engine

from fieldkit.sync import account
from fieldkit.sync.errors import Cancelled, PasswordChangeRequired
from fieldkit.sync.protocol import MIN_PASSWORD_LENGTH
from fieldkit.ui.callbacks import JobGuard, weak
from fieldkit.ui.sync_controller import ClientFactory, SyncThread, default_client
from fieldkit.ui.sync_texts import error_text, progress_text, summary_text
from fieldkit.ui.workers import TaskRunner


def normal_url(text: str) -> str | None:
    """The server address as typed, or None when it is not an http(s) address."""
    url = text.strip().rstrip("/")
    p = urlparse(url)
    if p.scheme not in ("http", "https") or not p.hostname:
        return None
    return url


class ConnectPanel(QWidget):
    #: connected and the initial sync finished: the account's login
    connected = Signal(str)
    #: the user gave up (back to the welcome page)
    back_requested = Signal()
    #: the user stopped the initial sync and wants to quit (what was pulled stays)
    quit_requested = Signal()
    #: a message was shown (for tests and screenshots)
    message_shown = Signal(str)

    def __init__(
        self,
        engine: Engine,
        attachments: Path,
        runner: TaskRunner,
        *,
        server_url: str = "",
        login: str = "",
        client_factory: ClientFactory = default_client,
        parent: QWidget | None = None,
        jobs: JobGuard | None = None,
    ) -> None:
        super().__init__(parent)
        #: the runner jobs of the panel (the sign-in dialog's guard: it waits for them when it
        #: closes); once closed, a connection that answers late starts no initial sync
        self.jobs = jobs or JobGuard()
        self.engine = engine
        self.attachments = attachments
        self.runner = runner
        self.client_factory = client_factory
        self.worker: SyncThread | None = None
        self.login = ""
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.server_edit = QLineEdit(server_url)
        self.server_edit.setObjectName("serverEdit")
        self.server_edit.setPlaceholderText("https://fieldkit.example.cn")
        self.login_edit = QLineEdit(login)
        self.login_edit.setObjectName("connectLogin")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("connectPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.returnPressed.connect(self.submit)
        self.server_edit.returnPressed.connect(self.login_edit.setFocus)
        self.login_edit.returnPressed.connect(self.password_edit.setFocus)
        self.server_label = QLabel()
        self.server_label.setBuddy(self.server_edit)
        self.login_label = QLabel()
        self.login_label.setBuddy(self.login_edit)
        self.password_label = QLabel()
        self.password_label.setBuddy(self.password_edit)
        # 高级: the zone's own certificate authority (a PEM file), for an https:// server whose
        # certificate the system does not know; certificates are always verified
        self.advanced_button = QPushButton()
        self.advanced_button.setObjectName("advancedToggle")
        self.advanced_button.setCheckable(True)
        self.advanced_button.setFlat(True)
        self.ca_edit = QLineEdit()
        self.ca_edit.setObjectName("caBundleEdit")
        self.ca_label = QLabel()
        self.ca_label.setBuddy(self.ca_edit)
        form = QFormLayout()
        form.addRow(self.server_label, self.server_edit)
        form.addRow(self.login_label, self.login_edit)
        form.addRow(self.password_label, self.password_edit)
        # an account opened with a one-time password (开通账号): the first sign-in sets the user's own
        self.new_password_edit = QLineEdit()
        self.new_password_edit.setObjectName("connectNewPassword")
        self.new_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_password_edit = QLineEdit()
        self.repeat_password_edit.setObjectName("connectRepeatPassword")
        self.repeat_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_password_edit.returnPressed.connect(self.submit)
        self.new_password_edit.returnPressed.connect(self.repeat_password_edit.setFocus)
        self.new_password_label = QLabel()
        self.new_password_label.setBuddy(self.new_password_edit)
        self.repeat_password_label = QLabel()
        self.repeat_password_label.setBuddy(self.repeat_password_edit)
        form.addRow(self.new_password_label, self.new_password_edit)
        form.addRow(self.repeat_password_label, self.repeat_password_edit)
        form.addRow("", self.advanced_button)
        form.addRow(self.ca_label, self.ca_edit)
        self._form = form
        self._show_new_password(False)
        self.advanced_button.toggled.connect(self._show_advanced)
        self._show_advanced(False)
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("initialSyncProgress")
        self.progress.hide()
        self.step = QLabel()
        self.step.setObjectName("syncStep")
        self.step.setWordWrap(True)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back_requested)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelSync")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.quit_button = QPushButton()
        self.quit_button.setObjectName("quitAfterCancel")
        self.quit_button.clicked.connect(self.quit_requested)
        self.quit_button.hide()
        self.connect_button = QPushButton()
        self.connect_button.setObjectName("primary")
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.connect_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.intro)
        lay.addLayout(form)
        lay.addWidget(self.note)
        lay.addWidget(self.error)
        lay.addWidget(self.progress)
        lay.addWidget(self.step)
        lay.addStretch(1)
        lay.addLayout(buttons)
        self.setTabOrder(self.server_edit, self.login_edit)
        self.setTabOrder(self.login_edit, self.password_edit)
        self.setTabOrder(self.password_edit, self.connect_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(self.tr("请输入产业功能区服务器的地址，以及管理员为您开通的账号和密码。"))
        self.server_label.setText(self.tr("服务器地址"))
        self.login_label.setText(self.tr("账号"))
        self.password_label.setText(self.tr("密码"))
        self.new_password_label.setText(self.tr("新密码"))
        self.repeat_password_label.setText(self.tr("再次输入新密码"))
        self.note.setText(
            self.tr(
                "服务器验证账号后，会下载您负责的企业和记录；这个密码同时成为本机的离线登录密码，"
                "以后没有网络时也能登录。"
            )
        )
        self.advanced_button.setText(
            self.tr("高级 ▾") if self.advanced_button.isChecked() else self.tr("高级 ▸")
        )
        self.ca_label.setText(self.tr("CA 证书文件"))
        self.ca_edit.setPlaceholderText(self.tr("本区自建证书颁发机构时填写（PEM 文件路径），否则留空"))
        self.back_button.setText(self.tr("返回"))
        self.cancel_button.setText(self.tr("取消同步"))
        self.quit_button.setText(self.tr("退出"))
        self.connect_button.setText(self.tr("继续同步") if self.login else self.tr("连接"))

    def focus_first(self) -> None:
        for edit in (self.server_edit, self.login_edit, self.password_edit):
            if not edit.text():
                edit.setFocus()
                return
        self.connect_button.setFocus()

    def _show_advanced(self, shown: bool) -> None:
        self._form.setRowVisible(self.ca_edit, shown)
        self.advanced_button.setText(self.tr("高级 ▾") if shown else self.tr("高级 ▸"))

    # -- connecting -------------------------------------------------------------------------------------------
    def _show_new_password(self, shown: bool) -> None:
        for w in (
            self.new_password_edit,
            self.repeat_password_edit,
            self.new_password_label,
            self.repeat_password_label,
        ):
            w.setVisible(shown)

    @property
    def asks_new_password(self) -> bool:
        return not self.new_password_edit.isHidden()

    def _new_password(self, password: str) -> str | None:
        """The new password typed (checked as the server will), or None after saying what is wrong."""
        new, repeat = self.new_password_edit.text(), self.repeat_password_edit.text()
        problem = ""
        if len(new) < MIN_PASSWORD_LENGTH:
            problem = self.tr("新密码至少需要 {n} 位").format(n=MIN_PASSWORD_LENGTH)
        elif new != repeat:
            problem = self.tr("两次输入的新密码不一致")
        elif new == password:
            problem = self.tr("新密码不能与初始密码相同")
        if problem:
            self._show_error(problem)
            self.new_password_edit.setFocus()
            return None
        return new

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.message_shown.emit(text)

    def _busy(self, busy: bool) -> None:
        for w in (
            self.server_edit,
            self.login_edit,
            self.password_edit,
            self.new_password_edit,
            self.repeat_password_edit,
            self.ca_edit,
            self.connect_button,
            self.back_button,
        ):
            w.setEnabled(not busy)
        self.cancel_button.setVisible(busy and self.worker is not None)
        self.connect_button.setVisible(not (busy and self.worker is not None))

    def submit(self) -> None:
        if self.login:  # connected already: the initial sync was stopped, go on with it
            self.start_initial_sync()
            return
        self.error.clear()
        url = normal_url(self.server_edit.text())
        login = self.login_edit.text().strip()
        password = self.password_edit.text()
        if not self.server_edit.text().strip() or not login or not password:
            self._show_error(self.tr("请填写服务器地址、账号和密码"))
            return
        if url is None:
            self._show_error(
                self.tr("服务器地址应以 http:// 或 https:// 开头，例如 https://fieldkit.example.cn")
            )
            self.server_edit.setFocus()
            return
        ca_bundle = self.ca_edit.text().strip()
        if ca_bundle and not Path(ca_bundle).expanduser().is_file():
            self._show_error(self.tr("找不到 CA 证书文件：{path}").format(path=ca_bundle))
            self.advanced_button.setChecked(True)
            self.ca_edit.setFocus()
            return
        if ca_bundle:
            ca_bundle = str(Path(ca_bundle).expanduser().resolve())
        new_password: str | None = None
        if self.asks_new_password:
            new_password = self._new_password(password)
            if new_password is None:
                return
        self._busy(True)
        self.step.setText(self.tr("正在连接服务器…"))
        engine = self.engine

        def job() -> str:
            account.connect(engine, url, login, password, ca_bundle=ca_bundle, new_password=new_password)
            return login

        jobs = self.jobs
        if jobs.closed:
            return
        self.runner.run(
            jobs.job(job),
            jobs.deliver(weak(self, ConnectPanel._signed_in)),
            jobs.deliver(weak(self, lambda panel, exc: panel._connect_failed(exc, url))),
        )

    def _connect_failed(self, exc: BaseException, url: str) -> None:
        self._busy(False)
        self.step.clear()
        if isinstance(exc, PasswordChangeRequired):
            self._show_new_password(True)
            self._show_error(
                self.tr("这是开通账号时给的初始密码：请设置您自己的新密码（至少 {n} 位），再点“连接”").format(
                    n=MIN_PASSWORD_LENGTH
                )
            )
            self.new_password_edit.setFocus()
            return
        self._show_error(error_text(exc, server_url=url))
        self.password_edit.setFocus()
        self.password_edit.selectAll()

    def _signed_in(self, login: str) -> None:
        self.login = login
        self.retranslate()
        self.start_initial_sync()

    # -- the initial sync -------------------------------------------------------------------------------------
    def start_initial_sync(self) -> None:
        self.error.clear()
        self.quit_button.hide()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.step.setText(self.tr("正在准备下载…"))
        t = SyncThread(self.engine, self.attachments, self.client_factory, self)
        t.progress.connect(self._progress)
        t.succeeded.connect(self._synced)
        t.failed.connect(self._sync_failed)
        t.finished.connect(t.deleteLater)
        self.worker = t
        self._busy(True)
        t.start()

    def cancel(self) -> None:
        if self.worker is not None:
            self.cancel_button.setEnabled(False)
            self.step.setText(self.tr("正在取消…"))
            self.worker.cancel_event.set()

    def _progress(self, p: Any) -> None:
        if p.total:
            self.progress.setRange(0, int(p.total))
            self.progress.setValue(min(int(p.done), int(p.total)))
        else:
            self.progress.setRange(0, 0)
        self.step.setText(progress_text(p))

    def _ended(self) -> None:
        t, self.worker = self.worker, None
        if t is not None:
            t.wait()
        self.cancel_button.setEnabled(True)
        self._busy(False)
        self.server_edit.setEnabled(False)  # connected: the address and account are settled
        self.login_edit.setEnabled(False)
        self.password_edit.setEnabled(False)

    def _synced(self, report: Any) -> None:
        self._ended()
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.step.setText(summary_text(report))
        self.connected.emit(self.login)

    def _sync_failed(self, exc: BaseException) -> None:
        self._ended()
        self.progress.hide()
        self._show_error(error_text(exc, server_url=self.server_edit.text().strip()))
        self.step.clear()
        self.quit_button.setVisible(isinstance(exc, Cancelled))
        self.connect_button.setFocus()

    def stop(self, wait_ms: int = 10_000) -> None:
        """The dialog closes: stop a running sync (what it committed stays); a connection still
        being made delivers nothing (no sync starts after this)."""
        self.jobs.close()
        if self.worker is not None:
            self.worker.cancel_event.set()
            self.worker.wait(wait_ms)
