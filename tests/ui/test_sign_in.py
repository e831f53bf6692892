"""Start and sign-in: first run with the demo, later runs offline with the local password."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from sqlmodel import func, select

from fieldkit.app import LocalStore
from fieldkit.config import Settings, db_path
from fieldkit.db import open_store, session_factory
from fieldkit.models import Enterprise, LocalCredential, SyncMeta
from fieldkit.ui.dialogs.sign_in_dialog import SignInDialog

from .conftest import PASSWORD


def make_dialog(qtbot, engine, folder, runner, language=None, **kw) -> SignInDialog:
    dlg = SignInDialog(LocalStore(engine), folder, Settings.load(folder), runner, language, **kw)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.current_page() != "loading", timeout=20_000)
    return dlg


def test_first_run_offers_server_or_demo_and_creates_the_demo(qtbot, tmp_path, runner):
    import pytest

    pytest.importorskip("fieldkit.services.demo")
    folder = tmp_path / "fresh"
    engine = open_store(db_path(folder))
    try:
        dlg = make_dialog(qtbot, engine, folder, runner, demo_enterprises=25)
        assert dlg.current_page() == "welcome"
        assert dlg.connect_button.text() == "连接服务器" and dlg.demo_button.text() == "试用演示数据"
        # the promise says whose enterprises the demo account sees (issue 12 §22)
        assert "25 家企业" in dlg.demo_hint.text() and "只看到他包联的那部分企业" in dlg.demo_hint.text()
        qtbot.mouseClick(dlg.demo_button, Qt.MouseButton.LeftButton)
        assert dlg.current_page() == "demo"
        assert dlg.windowTitle() == "FieldKit 企业服务助手 — 演示数据"  # generating is not 登录
        assert dlg.progress.isVisible() and dlg.progress.maximum() == 0  # busy indicator while it runs
        qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted, timeout=120_000)
        with session_factory(engine)() as s:
            demo_login = s.get(SyncMeta, "demo_login").value
            assert s.get(SyncMeta, "demo").value == "1"
            assert s.exec(select(func.count()).select_from(Enterprise)).one() == 25
            assert s.get(LocalCredential, demo_login) is not None
        assert dlg.staff is not None and dlg.staff.login == demo_login
        assert Settings.load(folder).current_login == demo_login
    finally:
        engine.dispose()


def test_later_run_signs_in_offline_wrong_then_right_password(qtbot, fixture_world, runner):
    dlg = make_dialog(qtbot, fixture_world.engine, fixture_world.folder, runner)
    assert dlg.current_page() == "signin"
    qtbot.keyClicks(dlg.login_edit, "zhangwei")
    qtbot.keyClicks(dlg.password_edit, "wrong-password")
    qtbot.mouseClick(dlg.signin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.signin_error.text() != "", timeout=20_000)
    assert dlg.signin_error.text() == "账号或密码错误"
    assert dlg.result() != QDialog.DialogCode.Accepted and dlg.staff is None
    dlg.password_edit.clear()
    qtbot.keyClicks(dlg.password_edit, PASSWORD)
    qtbot.keyClick(dlg.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted, timeout=20_000)
    assert dlg.staff.id == fixture_world.assistant.id
    assert Settings.load(fixture_world.folder).current_login == "zhangwei"


def test_wrong_password_message_in_english(qtbot, fixture_world, runner, language):
    dlg = make_dialog(qtbot, fixture_world.engine, fixture_world.folder, runner, language)
    dlg.lang_combo.setCurrentIndex(dlg.lang_combo.findData("en"))
    assert dlg.signin_button.text() == "Sign in"
    dlg.login_edit.setText("zhangwei")
    dlg.password_edit.setText("nope-nope")
    dlg.submit_sign_in()
    qtbot.waitUntil(lambda: dlg.signin_error.text() != "", timeout=20_000)
    assert dlg.signin_error.text() == "Wrong account or password"
    assert Settings.load(fixture_world.folder).language == "en"


def test_empty_fields_are_refused_without_a_query(qtbot, fixture_world, runner):
    dlg = make_dialog(qtbot, fixture_world.engine, fixture_world.folder, runner)
    dlg.login_edit.clear()
    dlg.submit_sign_in()
    assert dlg.signin_error.text() == "请输入账号和密码"


def test_connect_page_asks_for_server_account_and_password(qtbot, tmp_path, runner):
    folder = tmp_path / "fresh"
    engine = open_store(db_path(folder))
    try:
        dlg = make_dialog(qtbot, engine, folder, runner)
        assert dlg.current_page() == "welcome"
        assert dlg.connect_button.isVisible() and dlg.connect_button.isEnabled()
        assert "设置本机离线登录密码" in dlg.connect_hint.text()
        qtbot.mouseClick(dlg.connect_button, Qt.MouseButton.LeftButton)
        assert dlg.current_page() == "connect"
        p = dlg.connect_panel
        assert {e.objectName() for e in dlg.pages["connect"].findChildren(QLineEdit)} == {
            "serverEdit",
            "connectLogin",
            "connectPassword",
            "caBundleEdit",  # under 高级, hidden until asked for
            "connectNewPassword",  # shown only when the server asks for a new password
            "connectRepeatPassword",
        }
        for name in ("connectNewPassword", "connectRepeatPassword"):
            edit = dlg.pages["connect"].findChild(QLineEdit, name)
            assert edit is not None and not edit.isVisible()
        assert p.password_edit.echoMode() == QLineEdit.EchoMode.Password
        assert p.server_edit.hasFocus()
        qtbot.mouseClick(p.back_button, Qt.MouseButton.LeftButton)
        assert dlg.current_page() == "welcome"
        assert dlg.result() != QDialog.DialogCode.Accepted and dlg.staff is None
        with session_factory(engine)() as s:
            assert s.exec(select(func.count()).select_from(LocalCredential)).one() == 0
    finally:
        engine.dispose()


def test_no_local_password_is_ever_set_without_a_server(qtbot, fixture_world, runner, language):
    with fixture_world.session() as s:  # staff data on this computer but no local password
        for cred in s.exec(select(LocalCredential)).all():
            s.delete(cred)
        s.commit()
    dlg = make_dialog(qtbot, fixture_world.engine, fixture_world.folder, runner, language)
    assert dlg.current_page() == "welcome"
    assert not dlg.demo_button.isEnabled()  # the store already holds data
    qtbot.mouseClick(dlg.connect_button, Qt.MouseButton.LeftButton)
    assert dlg.current_page() == "connect"
    dlg.lang_combo.setCurrentIndex(dlg.lang_combo.findData("en"))
    assert dlg.heading.text() == "Connect to a server"
    assert dlg.connect_panel.connect_button.text() == "Connect"
    with fixture_world.session() as s:
        assert s.exec(select(func.count()).select_from(LocalCredential)).one() == 0


def test_demo_flag_signs_straight_into_a_demo_store(qtbot, demo_world, runner):
    dlg = SignInDialog(
        LocalStore(demo_world.engine),
        demo_world.folder,
        Settings.load(demo_world.folder),
        runner,
        auto_demo=True,
    )
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted, timeout=20_000)
    assert dlg.staff.login == demo_world.demo_login


def test_too_many_wrong_passwords_count_down_without_blocking(qtbot, fixture_world, runner):
    from fieldkit.services.signin_throttle import SignInThrottle

    now = [1_800_000_000.0]
    throttle = SignInThrottle(fixture_world.folder, clock=lambda: now[0], free=2, base=30, cap=30)
    dlg = make_dialog(qtbot, fixture_world.engine, fixture_world.folder, runner, throttle=throttle)
    dlg.login_edit.setText("zhangwei")
    for n in range(3):
        dlg.password_edit.setText(f"wrong-{n}")
        dlg.submit_sign_in()
        # the answer has reached the dialog: the button is back (free attempts) or the countdown shows
        qtbot.waitUntil(
            lambda n=n: (
                throttle.failures == n + 1
                and (dlg.signin_button.isEnabled() if n < 2 else dlg.throttle_label.isVisible())
            ),
            timeout=20_000,
        )
    assert dlg.throttle_label.isVisible()
    assert dlg.throttle_label.text() == "密码错误次数过多，请在 30 秒后再试"
    assert dlg.throttle_timer.isActive() and not dlg.signin_button.isEnabled()
    assert dlg.password_edit.isEnabled() and dlg.lang_combo.isEnabled()  # the dialog stays usable
    dlg.password_edit.setText(PASSWORD)
    dlg.submit_sign_in()  # refused before any query while the wait runs
    assert dlg.result() != QDialog.DialogCode.Accepted and throttle.failures == 3
    now[0] += 12
    dlg.throttle_timer.timeout.emit()
    assert dlg.throttle_label.text() == "密码错误次数过多，请在 18 秒后再试"
    # a restarted program (a new dialog on the same folder) still counts down
    dlg2 = make_dialog(qtbot, fixture_world.engine, fixture_world.folder, runner, throttle=throttle)
    assert dlg2.throttle_label.isVisible() and not dlg2.signin_button.isEnabled()
    now[0] += 18
    dlg.throttle_timer.timeout.emit()
    assert not dlg.throttle_label.isVisible() and dlg.signin_button.isEnabled()
    assert not dlg.throttle_timer.isActive()
    dlg.submit_sign_in()
    qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted, timeout=20_000)
    assert throttle.failures == 0


def test_connect_page_advanced_ca_bundle_field(qtbot, tmp_path, runner):
    folder = tmp_path / "fresh"
    engine = open_store(db_path(folder))
    try:
        dlg = make_dialog(qtbot, engine, folder, runner)
        qtbot.mouseClick(dlg.connect_button, Qt.MouseButton.LeftButton)
        p = dlg.connect_panel
        assert not p.ca_edit.isVisible()  # hidden under 高级 until asked for
        qtbot.mouseClick(p.advanced_button, Qt.MouseButton.LeftButton)
        assert p.ca_edit.isVisible() and p.ca_label.text() == "CA 证书文件"
        p.server_edit.setText("https://127.0.0.1:1")
        p.login_edit.setText("zhang")
        p.password_edit.setText("pw-123456")
        p.ca_edit.setText(str(tmp_path / "missing-ca.pem"))
        p.submit()
        assert p.error.text() == f"找不到 CA 证书文件：{tmp_path / 'missing-ca.pem'}"
        assert p.connect_button.isEnabled()  # nothing started
    finally:
        engine.dispose()
