"""Locking the window: after a configurable idle time, on suspend where the system says so.

:class:`IdleLock` watches the application's input events (keys, mouse, wheel, touch) through an
event filter and restarts a single-shot timer on each; when it runs out (``timeout_ms``,
injectable; the settings dialog sets minutes) the window locks. It also locks

* when Qt reports ``Qt.ApplicationState.ApplicationSuspended`` (``QGuiApplication.applicationStateChanged``;
  mobile platforms and some macOS cases — desktop Linux and Windows never report it);
* on Linux, when logind announces ``PrepareForSleep(true)`` on the system D-Bus (QtDBus ships in
  PySide6-Essentials; without a system bus — a container, Windows, macOS — this part is inactive
  and :attr:`IdleLock.sleep_watch` is False). A screen locked by the desktop is not reported by Qt:
  the idle timer covers it, since no input reaches the window meanwhile.

Locked, every visible top-level window of the application (the main window and any dialog open
over it, forms half filled included) gets an opaque cover as its topmost child — nothing is
hidden or closed, so nothing typed is lost — and :class:`LockDialog`, application-modal, asks for
the signed-in account's password (checked on the task runner through
:func:`fieldkit.services.signin_throttle.sign_in`: wrong passwords count towards the same
slow-down as the sign-in dialog). Background work (the sync, the task runner) goes on.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.services.errors import FieldKitError
from fieldkit.services.signin_throttle import SignInThrottle, SignInThrottled, sign_in
from fieldkit.ui.callbacks import weak
from fieldkit.ui.workers import StoreSource, TaskRunner

log = logging.getLogger(__name__)

#: the default idle time before the window locks
DEFAULT_IDLE_MINUTES = 10
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 240

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)


class Cover(QWidget):
    """An opaque panel over the whole of its window, kept on top and sized with it."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lockCover { background: #2b3a4a; }")
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
        elif event.type() == QEvent.Type.ChildAdded:
            QTimer.singleShot(0, self.raise_)  # a widget added later stays under the cover
        return False


class LockDialog(QDialog):
    """The password prompt of a locked window. Esc does not close it."""

    unlocked = Signal()

    def __init__(
        self,
        source: StoreSource,
        runner: TaskRunner,
        login: str,
        throttle: SignInThrottle,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lockDialog")
        self.source = source
        self.runner = runner
        self.login = login
        self.throttle = throttle
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.account = QLabel()
        self.account.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("lockPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.returnPressed.connect(self.submit)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.unlock_button = QPushButton()
        self.unlock_button.setObjectName("primary")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 20, 24, 16)
        lay.addWidget(self.title)
        lay.addWidget(self.account)
        lay.addWidget(self.password_edit)
        lay.addWidget(self.error)
        lay.addLayout(buttons)
        self.setMinimumWidth(420)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("FieldKit 已锁定"))
        self.title.setText(self.tr("FieldKit 已锁定"))
        self.account.setText(
            self.tr(
                "为保护企业信息，窗口已锁定；未保存的内容和后台同步不受影响。请输入账号 {login} 的密码解锁。"
            ).format(login=self.login)
        )
        self.password_edit.setPlaceholderText(self.tr("密码"))
        self.unlock_button.setText(self.tr("解锁"))

    def reject(self) -> None:  # Esc: stays locked
        return

    def start(self) -> None:
        self.password_edit.clear()
        self.error.clear()
        self.unlock_button.setEnabled(True)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)  # open() would make it window-modal
        self.show()  # never exec(): no nested event loop
        self.raise_()
        self.activateWindow()
        self.password_edit.setFocus()
        self._tick()

    def submit(self) -> None:
        password = self.password_edit.text()
        if not password:
            self.error.setText(self.tr("请输入密码"))
            return
        if self._tick():
            return
        self.unlock_button.setEnabled(False)
        self.runner.read(
            self.source,
            sign_in,
            self.throttle,
            self.login,
            password,
            on_done=weak(self, LockDialog._accepted),
            on_error=weak(self, LockDialog._refused),
        )

    def _accepted(self, _staff: Any) -> None:
        self.timer.stop()
        self.password_edit.clear()
        self.unlock_button.setEnabled(True)
        self.done(QDialog.DialogCode.Accepted)
        self.unlocked.emit()

    def _refused(self, exc: BaseException) -> None:
        self.unlock_button.setEnabled(True)
        if not isinstance(exc, SignInThrottled):
            self.error.setText(exc.text() if isinstance(exc, FieldKitError) else str(exc))
        self.password_edit.selectAll()
        self.password_edit.setFocus()
        self._tick()

    def _tick(self) -> bool:
        """The slow-down's countdown (the button waits, typing does not); True while waiting."""
        wait = self.throttle.wait_seconds()
        if wait <= 0:
            if self.timer.isActive():
                self.timer.stop()
                self.unlock_button.setEnabled(True)
                self.error.clear()
            return False
        self.error.setText(
            self.tr("密码错误次数过多，请在 {seconds} 秒后再试").format(seconds=max(1, math.ceil(wait)))
        )
        self.unlock_button.setEnabled(False)
        if not self.timer.isActive():
            self.timer.start()
        return True


class IdleLock(QObject):
    """Locks ``window`` (and every window of the application) after ``timeout_ms`` without input."""

    locked_changed = Signal(bool)

    def __init__(
        self,
        window: QWidget,
        source: StoreSource,
        runner: TaskRunner,
        login: str,
        throttle: SignInThrottle,
        *,
        timeout_ms: int = DEFAULT_IDLE_MINUTES * 60_000,
        watch_sleep: bool = True,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.locked = False
        self.covers: list[Cover] = []
        self.dialog = LockDialog(source, runner, login, throttle, window)
        self.dialog.unlocked.connect(self.unlock)
        self.idle_timer = QTimer(self)
        self.idle_timer.setObjectName("idleLockTimer")
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self.set_timeout(timeout_ms)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        gui = QGuiApplication.instance()
        if isinstance(gui, QGuiApplication):
            gui.applicationStateChanged.connect(self._state_changed)
        #: whether logind's PrepareForSleep is being watched (Linux with a system D-Bus)
        self.sleep_watch = False
        if watch_sleep:
            self._watch_sleep()

    # -- configuration --------------------------------------------------------------------------------------------
    def set_timeout(self, timeout_ms: int) -> None:
        self.timeout_ms = max(1, int(timeout_ms))
        self.idle_timer.setInterval(self.timeout_ms)
        if not self.locked:
            self.idle_timer.start()

    def set_minutes(self, minutes: int) -> None:
        self.set_timeout(clamp_minutes(minutes) * 60_000)

    # -- what locks -----------------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if not self.locked and event.type() in INPUT_EVENTS:
            self.idle_timer.start()  # restarts the countdown
        return False

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self.lock()

    def _watch_sleep(self) -> bool:
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # pragma: no cover - QtDBus is part of PySide6-Essentials
            return False
        return self.watch_sleep_on(QDBusConnection.systemBus())

    def watch_sleep_on(self, bus: Any) -> bool:
        """Lock on logind's ``PrepareForSleep(true)`` on ``bus`` (a ``QDBusConnection``: the system
        bus, or a test's own bus); False when the bus is not there."""
        if not bus.isConnected():
            return False
        try:
            ok = bus.connect(
                "org.freedesktop.login1",
                "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager",
                "PrepareForSleep",
                self,
                "1prepare_for_sleep(bool)",  # SLOT("prepare_for_sleep(bool)")
            )
        except (RuntimeError, TypeError, ValueError) as exc:
            log.info("no logind sleep signal: %s", exc)
            return False
        self.sleep_watch = bool(ok)
        return self.sleep_watch

    @Slot(bool)
    def prepare_for_sleep(self, going_to_sleep: bool) -> None:
        """logind: the computer is about to suspend (True) or has resumed (False)."""
        if going_to_sleep:
            self.lock()

    # -- locking --------------------------------------------------------------------------------------------------
    def lock(self) -> None:
        if self.locked:
            return
        self.locked = True
        self.idle_timer.stop()
        for w in QApplication.topLevelWidgets():
            if w.isVisible() and w is not self.dialog and w.isWindow() and self._ours(w):
                self.covers.append(Cover(w))
        self.dialog.start()
        self.locked_changed.emit(True)

    def _ours(self, w: QWidget) -> bool:
        """The main window and every window opened from it (dialogs, previews): what this lock
        hides. Another main window's windows are its own lock's."""
        node: QObject | None = w
        while node is not None:
            if node is self.window:
                return True
            node = node.parent()
        return False

    def unlock(self) -> None:
        if not self.locked:
            return
        for c in self.covers:
            parent = c.parentWidget()
            if parent is not None:
                parent.removeEventFilter(c)
            c.hide()
            c.deleteLater()
        self.covers.clear()
        self.locked = False
        self.idle_timer.start()
        self.locked_changed.emit(False)


def clamp_minutes(minutes: object) -> int:
    """The idle minutes within bounds; a damaged setting is the default."""
    try:
        value: int = int(minutes)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return DEFAULT_IDLE_MINUTES
    return max(MIN_IDLE_MINUTES, min(MAX_IDLE_MINUTES, value))


__all__ = [
    "DEFAULT_IDLE_MINUTES",
    "MAX_IDLE_MINUTES",
    "MIN_IDLE_MINUTES",
    "IdleLock",
    "LockDialog",
    "clamp_minutes",
]
