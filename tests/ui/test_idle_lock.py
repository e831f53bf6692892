"""The idle lock: the window (and every dialog over it) is covered after the idle time, on suspend
and on logind's PrepareForSleep; the password unlocks; unsaved input stays; sync goes on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from fieldkit.config import Settings, attachments_dir
from fieldkit.models import Enterprise
from fieldkit.ui.idle_lock import Cover
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.sync_controller import SyncController

from .conftest import PASSWORD


def make_window(qtbot, ctx, runner) -> MainWindow:
    win = MainWindow(ctx, runner, Settings(), None, ctx.folder)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: not runner.busy, timeout=20_000)
    return win


def covers(widget) -> list[Cover]:
    return [c for c in widget.findChildren(Cover) if c.parent() is widget and c.isVisible()]


def test_idle_timer_locks_everything_and_the_password_unlocks_keeping_the_input(qtbot, ctx, runner):
    win = make_window(qtbot, ctx, runner)
    lock = win.idle_lock
    assert lock.timeout_ms == 10 * 60_000 and lock.idle_timer.isActive()  # the default
    form = QDialog(win)  # a form half filled in when the user walked away
    edit = QLineEdit(form)
    QVBoxLayout(form).addWidget(edit)
    form.show()
    edit.insert("还没保存的走访内容")  # (QTest cannot type Chinese)
    qtbot.keyClicks(edit, " ok")

    lock.idle_timer.stop()  # input restarts the countdown
    qtbot.keyClick(edit, Qt.Key.Key_End)
    assert lock.idle_timer.isActive()

    with qtbot.waitSignal(lock.locked_changed) as sig:
        lock.idle_timer.timeout.emit()  # the idle time ran out
    assert sig.args == [True] and lock.locked
    for window in (win, form):
        (cover,) = covers(window)
        assert cover.geometry() == window.rect()  # nothing of the data shows
    dlg = lock.dialog
    assert dlg.isVisible() and dlg.isModal() and dlg.windowModality() == Qt.WindowModality.ApplicationModal
    assert "张伟" in dlg.account.text() or "zhangwei" in dlg.account.text()
    win.resize(win.width() - 20, win.height() - 10)
    qtbot.waitUntil(lambda: covers(win)[0].geometry() == win.rect())

    qtbot.keyClick(dlg, Qt.Key.Key_Escape)
    assert dlg.isVisible() and lock.locked  # Esc does not unlock
    dlg.password_edit.setText("wrong-password")
    dlg.submit()
    qtbot.waitUntil(lambda: dlg.error.text() != "", timeout=20_000)
    assert dlg.error.text() == "账号或密码错误" and lock.locked
    dlg.password_edit.setText(PASSWORD)
    with qtbot.waitSignal(lock.locked_changed, timeout=20_000) as sig:
        qtbot.mouseClick(dlg.unlock_button, Qt.MouseButton.LeftButton)
    assert sig.args == [False] and not lock.locked and not dlg.isVisible()
    qtbot.waitUntil(lambda: not covers(win) and not covers(form))
    assert form.isVisible() and edit.text() == "还没保存的走访内容 ok"  # nothing lost
    assert lock.idle_timer.isActive()
    assert lock.dialog.password_edit.text() == ""  # the password is not kept


def test_suspend_and_logind_sleep_lock(qtbot, ctx, runner):
    win = make_window(qtbot, ctx, runner)
    lock = win.idle_lock
    app = QGuiApplication.instance()
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    assert not lock.locked  # another window got the focus: the idle timer decides
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
    assert lock.locked and covers(win)
    lock.unlock()
    assert not covers(win) or all(not c.isVisible() for c in covers(win))
    lock.prepare_for_sleep(False)  # resumed: nothing to do
    assert not lock.locked
    lock.prepare_for_sleep(True)  # logind: about to suspend (the D-Bus signal's slot)
    assert lock.locked
    assert isinstance(lock.sleep_watch, bool)  # False here: no system D-Bus in the test machine


def test_settings_dialog_sets_the_idle_minutes(qtbot, ctx, runner):
    from fieldkit.ui.dialogs.settings_dialog import SettingsDialog

    win = make_window(qtbot, ctx, runner)
    dlg = SettingsDialog(win.settings, win.folder, None, win)
    qtbot.addWidget(dlg)
    assert dlg.idle_spin.value() == 10 and dlg.idle_spin.suffix() == " 分钟"
    assert dlg.labels[3].text() == "自动锁定"
    dlg.idle_spin.setValue(3)
    dlg.apply()
    assert Settings.load(win.folder).idle_lock_minutes == 3
    win.idle_lock.set_minutes(win.settings.idle_lock_minutes)  # what open_settings does after OK
    assert win.idle_lock.idle_timer.interval() == 3 * 60_000


def test_sync_goes_on_while_locked(qtbot, runner, sync_server, laptops):
    lap = laptops("a")
    lap.connect(sync_server)
    lap.sync()
    sync = SyncController(lap.engine, attachments_dir(lap.folder), health_poll_ms=60_000, interval_ms=600_000)
    win = MainWindow(lap.context(), runner, Settings(), None, lap.folder, sync=sync)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.sync.finished, timeout=120_000):
        win.show()
    eid = sync_server.enterprises["测试企业0001有限公司"]
    ctx = lap.context()
    with lap.session() as s:
        ctx.enterprises.update(s, s.get(Enterprise, eid), notes="锁定时上传")
        s.commit()
    win.idle_lock.lock()
    with qtbot.waitSignal(win.sync.finished, timeout=120_000) as done:
        win.sync.sync_now()
    assert done.args[0].pushed == 1 and win.idle_lock.locked
    assert sync_server.row("enterprise", eid)["notes"] == "锁定时上传"


@pytest.fixture
def private_bus(tmp_path):
    """A real dbus-daemon of the test's own, standing in for the system bus (the test machine has
    none); a second connection on it plays logind."""
    import shutil
    import subprocess

    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed")
    conf = tmp_path / "bus.conf"
    conf.write_text(
        "<!DOCTYPE busconfig PUBLIC '-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN'"
        " 'http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd'>"
        f"<busconfig><type>session</type><listen>unix:dir={tmp_path}</listen><auth>EXTERNAL</auth>"
        "<policy context='default'><allow send_destination='*' eavesdrop='true'/>"
        "<allow eavesdrop='true'/><allow own='*'/></policy></busconfig>",
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [daemon, f"--config-file={conf}", "--nofork", "--print-address=1"], stdout=subprocess.PIPE, text=True
    )
    try:
        address = proc.stdout.readline().strip()  # printed once the bus listens
        assert address.startswith("unix:")
        yield address
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_logind_prepare_for_sleep_on_a_real_bus_locks(qtbot, ctx, runner, private_bus):
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    win = make_window(qtbot, ctx, runner)
    lock = win.idle_lock
    bus = QDBusConnection.connectToBus(private_bus, "fieldkit-test-client")
    logind = QDBusConnection.connectToBus(private_bus, "fieldkit-test-logind")
    try:
        assert bus.isConnected() and logind.isConnected()
        assert logind.registerService("org.freedesktop.login1")
        assert lock.watch_sleep_on(bus) and lock.sleep_watch
        signal = QDBusMessage.createSignal(
            "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep"
        )
        signal.setArguments([True])
        with qtbot.waitSignal(lock.locked_changed, timeout=20_000) as sig:
            assert logind.send(signal)
        assert sig.args == [True] and lock.locked and covers(win)
    finally:
        QDBusConnection.disconnectFromBus("fieldkit-test-client")
        QDBusConnection.disconnectFromBus("fieldkit-test-logind")


def test_a_lock_covers_its_own_windows_only(qtbot, ctx, runner):
    """A lock hides its main window and what was opened from it; a window of another main window
    (another lock's business) is left alone, and nothing of it stays covered after the unlock."""
    from PySide6.QtWidgets import QWidget

    win = make_window(qtbot, ctx, runner)
    form = QDialog(win)
    qtbot.addWidget(form)
    form.show()
    stranger = QWidget()
    qtbot.addWidget(stranger)
    stranger.show()
    win.idle_lock.lock()
    assert covers(win) and covers(form) and not covers(stranger)
    win.idle_lock.unlock()
    assert not covers(win) and not covers(form)
