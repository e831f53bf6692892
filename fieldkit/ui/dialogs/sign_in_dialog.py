"""Start and sign-in.

First run (no local password on this computer): "连接服务器" or "试用演示数据". "连接服务器" is the
first connection (:class:`~fieldkit.ui.widgets.connect_panel.ConnectPanel`): the server authenticates
the account, the offline password is set from that sign-in, the initial sync runs with a progress
bar (cancellable; what was pulled stays and the next start resumes), then the window opens signed
in as that account. A demo store is never connected: the composition root opens a real store
beside it and shows this dialog on its connect page (``start_page="connect"``).
"试用演示数据" writes the demo zone on the task runner while a progress bar runs, then signs in the
demo account. Later runs: offline sign-in with login and local password.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.config import Settings, attachments_dir
from fieldkit.services.errors import FieldKitError
from fieldkit.services.signin_throttle import SignInThrottle, SignInThrottled, attempt
from fieldkit.services.store_facts import DEMO_PASSWORD, StoreInfo
from fieldkit.ui.callbacks import JobGuard, wait_turning, weak
from fieldkit.ui.language import LanguageManager
from fieldkit.ui.style import app_icon
from fieldkit.ui.workers import StoreSource, TaskRunner, in_session

if TYPE_CHECKING:  # the dialog is shown before the ORM is imported (fieldkit/ui/preload.py)
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from fieldkit.models import Staff
    from fieldkit.ui.widgets.connect_panel import ConnectPanel

DEMO_ENTERPRISES = 300

#: how long a closing dialog waits for its jobs still running (their rest: a read, a sign-in's
#: argon2id, the demo's writing once its generator has stopped) before its store may be closed
CLOSE_WAIT_SECONDS = 30.0

log = logging.getLogger(__name__)


def store_info(session: Session) -> StoreInfo:
    """:func:`fieldkit.services.overview.store_info` (imported on the runner, with the ORM)."""
    from fieldkit.services.overview import store_info as read

    return read(session)


def staff_by_login(session: Session, login: str) -> Staff | None:
    """:func:`fieldkit.services.overview.staff_by_login` (imported on the runner, with the ORM)."""
    from fieldkit.services.overview import staff_by_login as read

    return read(session, login)


class SignInProblem(Exception):
    """A refusal worded by the dialog itself (``code`` picks the translated message)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class SignInStore(StoreSource, Protocol):
    """The opened store as the dialog needs it (built by the composition root, :class:`fieldkit.app.LocalStore`):
    a source of sessions for the runner's service calls, its engine (the first connection's sync
    opens its own sessions on it) and the demo writer."""

    @property
    def engine(self) -> Engine: ...

    def locked_info(self) -> StoreInfo | None:
        """A locked (encrypted) store's sign-in facts, read without its key; None: the store is open."""
        ...

    def sign_in(self, login: str, password: str) -> Staff:
        """Offline sign-in; on an encrypted store the password unwraps its key first."""
        ...

    def write_demo(
        self, *, enterprises: int, seed: int, progress: Callable[..., None] | None = None
    ) -> Any: ...


class _DemoProgress(QObject):
    """Carries the demo's progress lines from the worker to the dialog: the job emits on this
    parentless object (kept alive by the job, released on the GUI thread with it), never on the
    dialog, which may be gone by then."""

    text = Signal(str)


class SignInDialog(QDialog):
    #: the store was inspected: first run or sign-in page is showing
    ready = Signal()
    #: a demo progress line (emitted from the worker thread, delivered on the GUI thread)
    demo_progress = Signal(str)

    PAGES = ("loading", "welcome", "connect", "demo", "signin")

    def __init__(
        self,
        store: SignInStore,
        folder: Path,
        settings: Settings,
        runner: TaskRunner,
        language: LanguageManager | None = None,
        auto_demo: bool = False,
        demo_enterprises: int = DEMO_ENTERPRISES,
        parent: QWidget | None = None,
        start_page: str = "",
        throttle: SignInThrottle | None = None,
        notice: str = "",
        restore: Callable[[QWidget], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        #: restores a backup over a store the password opened the key of but not the file (True:
        #: restored; the dialog then closes with :attr:`restore_done` and the caller reopens)
        self.restore = restore
        self.restore_done = False
        #: shown on the first-run page (e.g. why the local data was wiped)
        self.notice_text = notice
        #: the wrong-password slow-down of this data folder (kept beside the database)
        self.throttle = throttle or SignInThrottle(folder)
        self.throttle_timer = QTimer(self)
        self.throttle_timer.setObjectName("signInThrottleTimer")
        self.throttle_timer.setInterval(1000)
        self.throttle_timer.timeout.connect(self._throttle_tick)
        self.store = store
        self.folder = folder
        self.settings = settings
        self.runner = runner
        self.language = language
        self.auto_demo = auto_demo
        self.demo_enterprises = demo_enterprises
        self.start_page = start_page
        self.info: StoreInfo | None = None
        self.staff: Staff | None = None
        #: the store is encrypted and not yet unlocked (nothing is read before the sign-in)
        self.locked = False
        #: the jobs this dialog (and its connect panel) started on the runner: none starts nor
        #: delivers once it is closed, and :meth:`done` waits for those still running
        self.jobs = JobGuard()
        self.destroyed.connect(self.jobs.close)  # deleted without done(): nothing starts any more
        self.setWindowIcon(app_icon())
        self.setMinimumWidth(520)

        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        self._connect_panel: ConnectPanel | None = None
        self._build_loading()
        self._build_welcome()
        self._build_connect()
        self._build_demo()
        self._build_signin()

        self.lang_label = QLabel()
        self.lang_combo = QComboBox()
        self.lang_combo.addItem("中文（简体）", "zh_CN")
        self.lang_combo.addItem("English", "en")
        self.lang_combo.setCurrentIndex(1 if (language and language.language == "en") else 0)
        self.lang_combo.currentIndexChanged.connect(self._language_picked)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.lang_label)
        bottom.addWidget(self.lang_combo)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 20, 24, 16)
        lay.setSpacing(12)
        lay.addWidget(self.heading)
        lay.addWidget(self.stack, 1)
        lay.addLayout(bottom)
        self.demo_progress.connect(self._on_demo_progress)
        if language is not None:
            language.language_changed.connect(self._language_changed)
        self.retranslate()
        self._show("loading")
        self._inspect()

    # -- pages ------------------------------------------------------------------------------------------------
    def _page(self, key: str) -> QVBoxLayout:
        w = QWidget()
        w.setObjectName(f"page_{key}")
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        self.pages[key] = w
        self.stack.addWidget(w)
        return lay

    def _build_loading(self) -> None:
        lay = self._page("loading")
        self.loading_label = QLabel()
        lay.addWidget(self.loading_label)
        lay.addStretch(1)

    def _build_welcome(self) -> None:
        lay = self._page("welcome")
        self.welcome_text = QLabel()
        self.welcome_text.setWordWrap(True)
        self.connect_button = QPushButton()
        self.connect_button.setObjectName("connectButton")
        self.connect_button.setMinimumHeight(44)
        self.connect_button.clicked.connect(lambda: self._show("connect"))
        self.demo_button = QPushButton()
        self.demo_button.setObjectName("demoButton")
        self.demo_button.setMinimumHeight(44)
        self.demo_button.clicked.connect(self.start_demo)
        self.connect_hint = QLabel()
        self.connect_hint.setObjectName("muted")
        self.connect_hint.setWordWrap(True)
        self.demo_hint = QLabel()
        self.demo_hint.setObjectName("muted")
        self.demo_hint.setWordWrap(True)
        self.welcome_notice = QLabel()
        self.welcome_notice.setObjectName("notice")
        self.welcome_notice.setWordWrap(True)
        self.welcome_notice.hide()
        lay.addWidget(self.welcome_notice)
        lay.addWidget(self.welcome_text)
        lay.addSpacing(8)
        lay.addWidget(self.connect_button)
        lay.addWidget(self.connect_hint)
        lay.addSpacing(8)
        lay.addWidget(self.demo_button)
        lay.addWidget(self.demo_hint)
        lay.addStretch(1)

    def _build_connect(self) -> None:
        """The first connection's page; its panel (the form, then the initial sync's progress) is
        built when first shown: it needs the store's engine and the sync client (the ORM, pydantic),
        which an encrypted store's sign-in page is shown without."""
        self._connect_layout = self._page("connect")

    @property
    def connect_panel(self) -> ConnectPanel:
        return self._ensure_connect_panel()

    def _ensure_connect_panel(self) -> ConnectPanel:
        if self._connect_panel is None:
            engine = self.store.engine  # first: it returns once the store's modules are imported
            from fieldkit.ui.widgets.connect_panel import ConnectPanel

            panel = ConnectPanel(
                engine,
                attachments_dir(self.folder),
                self.runner,
                server_url=self.settings.server_url,
                jobs=self.jobs,
            )
            panel.back_requested.connect(lambda: self._show("welcome"))
            panel.quit_requested.connect(self.reject)
            panel.connected.connect(self._connected)
            self._connect_layout.addWidget(panel)
            panel.show()  # a widget added to a page already on the screen is not shown with it
            self._connect_panel = panel
            panel.retranslate()
        return self._connect_panel

    def _build_demo(self) -> None:
        lay = self._page("demo")
        self.demo_label = QLabel()
        self.demo_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy indicator: the generator reports steps, not percentages
        self.progress.setTextVisible(False)
        self.demo_step = QLabel()
        self.demo_step.setObjectName("muted")
        self.demo_step.setWordWrap(True)
        self.demo_error = QLabel()
        self.demo_error.setObjectName("fieldError")
        self.demo_error.setWordWrap(True)
        self.demo_back = QPushButton()
        self.demo_back.clicked.connect(lambda: self._show("welcome"))
        self.demo_back.hide()
        lay.addWidget(self.demo_label)
        lay.addWidget(self.progress)
        lay.addWidget(self.demo_step)
        lay.addWidget(self.demo_error)
        lay.addStretch(1)
        lay.addWidget(self.demo_back, 0, Qt.AlignmentFlag.AlignLeft)

    def _build_signin(self) -> None:
        lay = self._page("signin")
        self.login_edit = QLineEdit()
        self.login_edit.setObjectName("loginEdit")
        self.login_edit.setText(self.settings.current_login)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.returnPressed.connect(self.submit_sign_in)
        self.login_edit.returnPressed.connect(self.password_edit.setFocus)
        form = QFormLayout()
        self.login_label = QLabel()
        self.login_label.setBuddy(self.login_edit)
        self.password_label = QLabel()
        self.password_label.setBuddy(self.password_edit)
        form.addRow(self.login_label, self.login_edit)
        form.addRow(self.password_label, self.password_edit)
        self.offline_note = QLabel()
        self.offline_note.setObjectName("muted")
        self.offline_note.setWordWrap(True)
        self.demo_account = QLabel()
        self.demo_account.setObjectName("notice")
        self.demo_account.setWordWrap(True)
        self.demo_account.hide()
        self.signin_error = QLabel()
        self.signin_error.setObjectName("fieldError")
        self.signin_error.setWordWrap(True)
        self.throttle_label = QLabel()
        self.throttle_label.setObjectName("fieldError")
        self.throttle_label.setWordWrap(True)
        self.throttle_label.hide()
        self.signin_button = QPushButton()
        self.signin_button.setObjectName("primary")
        self.signin_button.setDefault(True)
        self.signin_button.clicked.connect(self.submit_sign_in)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.reject)
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.hide()
        self.restore_button.clicked.connect(lambda: self.restore_from_backup())
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.signin_button)
        lay.addWidget(self.offline_note)
        lay.addLayout(form)
        lay.addWidget(self.demo_account)
        lay.addWidget(self.signin_error)
        lay.addWidget(self.throttle_label)
        lay.addStretch(1)
        lay.addLayout(buttons)
        self.setTabOrder(self.login_edit, self.password_edit)
        self.setTabOrder(self.password_edit, self.signin_button)
        self.setTabOrder(self.signin_button, self.cancel_button)

    def _language_changed(self, _lang: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.lang_label.setText(self.tr("界面语言"))
        self.loading_label.setText(self.tr("正在打开本机数据…"))
        self.welcome_text.setText(
            self.tr(
                "欢迎使用 FieldKit。本程序离线工作：走访记录、诉求和政策都保存在这台电脑上，回到有网络的地方再与服务器同步。"
                "\n请选择如何开始："
            )
        )
        self.connect_button.setText(self.tr("连接服务器"))
        self.connect_hint.setText(
            self.tr("由服务器验证您的账号，下载您负责的企业和记录，并设置本机离线登录密码。")
        )
        self.demo_button.setText(self.tr("试用演示数据"))
        self.demo_hint.setText(
            self.tr(
                "生成一个虚构的产业功能区（{n} 家企业及其走访、诉求和政策），以演示账号登录："
                "一名产业助理，只看到他包联的那部分企业（主管账号看到全区）。"
            ).format(n=self.demo_enterprises)
        )
        if self._connect_panel is not None:
            self._connect_panel.retranslate()
        self.welcome_notice.setText(self.notice_text)
        self.welcome_notice.setVisible(bool(self.notice_text))
        self.demo_label.setText(self.tr("正在生成演示数据，请稍候…"))
        self.demo_back.setText(self.tr("返回"))
        self.login_label.setText(self.tr("账号"))
        self.password_label.setText(self.tr("密码"))
        self.offline_note.setText(self.tr("离线登录：使用在本机设置的密码。"))
        self.signin_button.setText(self.tr("登录"))
        self.cancel_button.setText(self.tr("退出"))
        self.restore_button.setText(self.tr("从备份恢复…"))
        if self.info and self.info.is_demo and self.info.demo_login:
            self.demo_account.setText(
                self.tr("这是演示数据。演示账号：{login}，密码：{password}").format(
                    login=self.info.demo_login, password=DEMO_PASSWORD
                )
            )
        self._retranslate_heading()

    def _retranslate_heading(self) -> None:
        key = self.current_page()
        # the title says what the page does: generating the demo is not 登录 (issue 12 §22)
        self.setWindowTitle(
            {
                "loading": self.tr("FieldKit 企业服务助手"),
                "welcome": self.tr("FieldKit 企业服务助手"),
                "connect": self.tr("FieldKit 企业服务助手 — 连接服务器"),
                "demo": self.tr("FieldKit 企业服务助手 — 演示数据"),
                "signin": self.tr("FieldKit 企业服务助手 — 登录"),
            }[key]
        )
        self.heading.setText(
            {
                "loading": self.tr("FieldKit 企业服务助手"),
                "welcome": self.tr("欢迎使用 FieldKit"),
                "connect": self.tr("连接服务器"),
                "demo": self.tr("试用演示数据"),
                "signin": self.tr("离线登录"),
            }[key]
        )

    def _show(self, key: str) -> None:
        if key == "connect":
            self._ensure_connect_panel()  # built before its page shows
        self.stack.setCurrentWidget(self.pages[key])
        self._retranslate_heading()
        if key == "signin":
            self._throttle_tick()
            (self.password_edit if self.login_edit.text() else self.login_edit).setFocus()
        elif key == "connect":
            self.connect_panel.focus_first()

    def current_page(self) -> str:
        w = self.stack.currentWidget()
        return next(k for k, v in self.pages.items() if v is w)

    def _language_picked(self) -> None:
        lang = self.lang_combo.currentData()
        if self.language is not None:
            self.language.apply(lang)
        self.settings.language = lang
        self.settings.save(self.folder)

    # -- inspecting the store ---------------------------------------------------------------------------------
    def _inspect(self) -> None:
        try:
            locked = self.store.locked_info()
        except FieldKitError as exc:  # the key file is missing or damaged
            self._fatal(exc)
            return
        if locked is not None:  # an encrypted store: the sign-in page, the password opens it
            self.locked = True
            self._inspected(locked)
            return
        self._read(store_info, SignInDialog._inspected, SignInDialog._fatal)

    def _inspected(self, info: StoreInfo) -> None:
        self.info = info
        self.retranslate()
        if self.start_page == "connect" and not info.is_demo:
            self._show("connect")
            self.ready.emit()
            return
        if self.auto_demo and info.is_demo and info.demo_login:
            self._sign_in_as(info.demo_login)
            return
        if self.auto_demo and info.staff_count == 0:
            self.ready.emit()
            self.start_demo()
            return
        if info.has_credentials:
            self.demo_account.setVisible(info.is_demo and bool(info.demo_login))
            if not self.login_edit.text() and info.is_demo and info.demo_login:
                self.login_edit.setText(info.demo_login)
            self._show("signin")
        else:
            self.demo_button.setEnabled(info.staff_count == 0)
            if info.staff_count:
                self.demo_hint.setText(self.tr("本机已有数据，不能再生成演示数据。"))
            self._show("welcome")
        self.ready.emit()

    def _fatal(self, exc: BaseException) -> None:
        self.loading_label.setWordWrap(True)
        self.loading_label.setText(self.tr("无法打开本机数据：{error}").format(error=exc))

    # -- sign in ----------------------------------------------------------------------------------------------
    def submit_sign_in(self) -> None:
        login = self.login_edit.text().strip()
        password = self.password_edit.text()
        self.signin_error.clear()
        if not login or not password:
            self.signin_error.setText(self.tr("请输入账号和密码"))
            return
        if self._throttle_tick():  # still waiting: the countdown says how long
            return
        self.signin_button.setEnabled(False)
        store, throttle = self.store, self.throttle
        # on the worker, under the slow-down: argon2id unwraps the key (or a plaintext store is
        # encrypted) off the GUI thread; a wrong password there counts as a failed attempt
        self._run(
            lambda: attempt(throttle, lambda: store.sign_in(login, password)),
            SignInDialog._signed_in,
            SignInDialog._sign_in_failed,
        )

    def _sign_in_failed(self, exc: BaseException) -> None:
        self.signin_button.setEnabled(True)
        if not isinstance(exc, SignInThrottled):
            self.signin_error.setText(exc.text() if isinstance(exc, FieldKitError) else str(exc))
        # the password opened the key, but the store's file did not open with it (or the key file
        # is damaged): a backup has both
        damaged = getattr(exc, "code", None) in ("store_damaged", "key_file_damaged", "no_key_file")
        self.restore_button.setVisible(damaged and self.restore is not None)
        self.password_edit.selectAll()
        self.password_edit.setFocus()
        self._throttle_tick()

    def restore_from_backup(self) -> None:
        """从备份恢复…: the restore dialog over this folder; once restored this dialog closes and
        the composition root opens the restored store and shows the sign-in again."""
        if self.restore is None:
            return
        if self.restore(self):
            self.restore_done = True
            self.reject()

    def _throttle_tick(self) -> bool:
        """Show the wait before the next attempt (the button is disabled meanwhile, the dialog stays
        usable); True while waiting. Ticks every second until the wait is over."""
        wait = self.throttle.wait_seconds()
        if wait <= 0:
            self.throttle_timer.stop()
            if self.throttle_label.isVisibleTo(self):
                self.throttle_label.hide()
                self.signin_button.setEnabled(True)
            return False
        seconds = max(1, int(wait + 0.999))
        self.throttle_label.setText(
            self.tr("密码错误次数过多，请在 {seconds} 秒后再试").format(seconds=seconds)
        )
        self.throttle_label.show()
        self.signin_button.setEnabled(False)
        if not self.throttle_timer.isActive():
            self.throttle_timer.start()
        return True

    def _connected(self, login: str) -> None:
        """First connection done (the initial sync finished): into the window as that account."""

        def account(s: Any) -> Staff:
            staff = staff_by_login(s, login)
            if staff is None:
                raise SignInProblem("no_account", login=login)
            return staff

        self._read(
            account,
            SignInDialog._signed_in,
            lambda dlg, exc: dlg.connect_panel._show_error(dlg.problem_text(exc)),
        )

    # -- the dialog's jobs ------------------------------------------------------------------------------------
    def _run(
        self,
        job: Callable[[], Any],
        on_done: Callable[..., None],
        on_error: Callable[[SignInDialog, BaseException], None],
    ) -> None:
        """``job`` on the runner under :attr:`jobs`; ``on_done(dialog, result)`` or
        ``on_error(dialog, exc)`` on the GUI thread while the dialog is open. ``job`` must capture
        plain values (the store, a login), never the dialog: it may run on after the dialog is gone."""
        jobs = self.jobs
        if jobs.closed:  # a closed dialog starts nothing
            return
        self.runner.run(jobs.job(job), jobs.deliver(weak(self, on_done)), jobs.deliver(weak(self, on_error)))

    def _read(
        self,
        fn: Callable[..., Any],
        on_done: Callable[..., None],
        on_error: Callable[[SignInDialog, BaseException], None],
    ) -> None:
        """The service call ``fn(session)`` in a read session of the store, as :meth:`_run` runs jobs."""
        store = self.store
        self._run(lambda: in_session(store, fn), on_done, on_error)

    def done(self, r: int) -> None:
        """Closed (accepted, rejected): no job of the dialog starts or delivers any more, the demo
        stops at its next step, a running sync is stopped; once hidden, the jobs still running are
        waited for (the rest of a read or a sign-in), so that the caller may close the store — with
        the event loop turning (the other windows paint, timers fire), not blocking it."""
        self.jobs.close()
        if self._connect_panel is not None:
            self._connect_panel.stop()
        super().done(r)
        if not wait_turning(self.jobs, CLOSE_WAIT_SECONDS):
            log.warning("sign-in dialog closed with %d job(s) still running", self.jobs.running)

    def _signed_in(self, staff: Staff) -> None:
        self.staff = staff
        self.settings.current_login = staff.login
        self.settings.save(self.folder)
        self.accept()

    def _sign_in_as(self, login: str) -> None:
        if self.locked:  # an encrypted demo store: its known password unwraps the key
            store = self.store
            self._run(
                lambda: store.sign_in(login, DEMO_PASSWORD),
                SignInDialog._signed_in,
                SignInDialog._demo_failed,
            )
            return

        def account(s: Any) -> Staff:
            staff = staff_by_login(s, login)
            if staff is None:
                raise SignInProblem("no_account", login=login)
            return staff

        self._read(account, SignInDialog._signed_in, SignInDialog._demo_failed)

    def problem_text(self, exc: BaseException) -> str:
        if isinstance(exc, SignInProblem) and exc.code == "no_account":
            return self.tr("本机还没有账号“{login}”的资料。").format(**exc.params)
        if isinstance(exc, FieldKitError):
            return exc.text()
        return str(exc)

    # -- demo -------------------------------------------------------------------------------------------------
    def start_demo(self) -> None:
        self._show("demo")
        self.demo_error.clear()
        self.demo_back.hide()
        self.progress.show()
        store, jobs = self.store, self.jobs
        n = self.demo_enterprises
        relay = _DemoProgress()
        relay.text.connect(self.demo_progress)  # queued to the dialog; cut when the dialog goes

        def report(text: object, *_a: object) -> None:  # called on the worker thread
            jobs.check()  # the dialog closed: the demo stops here (its one transaction rolls back)
            relay.text.emit(str(text))

        def job() -> str:
            summary = store.write_demo(enterprises=n, seed=1, progress=report)
            info: StoreInfo = in_session(store, store_info)
            login = info.demo_login or getattr(summary, "demo_login", None)
            if not login:
                raise SignInProblem("no_demo_login")
            return login

        self._run(job, SignInDialog._sign_in_as, SignInDialog._demo_failed)

    def _on_demo_progress(self, text: str) -> None:
        self.demo_step.setText(text)

    def _demo_failed(self, exc: BaseException) -> None:
        self.progress.hide()
        if isinstance(exc, SignInProblem) and exc.code == "no_demo_login":
            text = self.tr("演示数据中没有演示账号")
        else:
            text = self.problem_text(exc)
        self.demo_error.setText(self.tr("生成演示数据失败：{error}").format(error=text))
        self.demo_back.show()
