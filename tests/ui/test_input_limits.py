"""The profile editor caps input at the model's limits and refuses control characters with a
message at the field, keeping what was typed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from fieldkit.models import Enterprise
from fieldkit.models.limits import text_limits
from tests.ui.test_enterprise_page import loaded_page


def test_profile_fields_take_their_max_length_from_the_model(qtbot, ctx, runner, fixture_world):
    page = loaded_page(qtbot, ctx, runner, fixture_world.enterprises["huawei"])
    limits = text_limits(Enterprise)
    for field in ("name", "contact_person", "address", "contact_phone"):
        assert page.profile.edits[field].maxLength() == limits[field]
    name = page.profile.edits["name"]
    name.clear()
    name.insert("长" * (limits["name"] + 5))  # as a paste does
    assert len(name.text()) == limits["name"]
    qtbot.keyClicks(name, "xy")
    assert len(name.text()) == limits["name"]  # typing stops at the limit


def test_a_control_character_is_refused_at_the_field(qtbot, ctx, runner, fixture_world):
    eid = fixture_world.enterprises["huawei"]
    page = loaded_page(qtbot, ctx, runner, eid)
    page.tabs.setCurrentIndex(0)
    person = page.profile.edits["contact_person"]
    person.setText("赵\x1b主任")  # pasted from a terminal
    qtbot.mouseClick(page.profile.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.profile.error_text("contact_person") != "", timeout=20_000)
    assert page.profile.error_text("contact_person").startswith("联系人含有不允许的控制字符 U+001B")
    assert person.text() == "赵\x1b主任"
    with fixture_world.session() as s:
        assert "\x1b" not in s.get(Enterprise, eid).contact_person


def test_a_write_on_a_full_store_reaches_the_view_in_chinese(qtbot, runner, tmp_path):
    """The worker translates a write's database error: SQLite's own SQLITE_FULL (page cap)."""
    from sqlalchemy import create_engine, event, text

    from fieldkit.db import open_store, session_factory
    from fieldkit.services.db_errors import StoreWriteError

    path = tmp_path / "fieldkit.sqlite3"
    open_store(path).dispose()
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _cap(conn, _record):
        conn.execute(f"PRAGMA max_page_count={conn.execute('PRAGMA page_count').fetchone()[0]}")

    class Source:
        make_session = staticmethod(session_factory(engine))

    def fill(session):
        for i in range(200):
            session.exec(
                text("INSERT INTO syncmeta(key, value) VALUES (:k, :v)").bindparams(k=f"k{i}", v="x" * 4000)
            )

    errors: list[BaseException] = []
    runner.write(Source(), fill, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    engine.dispose()
    assert isinstance(errors[0], StoreWriteError)
    assert errors[0].text().startswith("磁盘已满，刚才的修改没有保存")
