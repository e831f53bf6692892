"""A refusal by the services' role and scope checks reaches the user as a message on the screen
(like a validation error), never a traceback, and nothing is written."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from sqlmodel import select

from fieldkit.models import Assignment, Enterprise
from fieldkit.services import store
from fieldkit.services.timeutil import local_today
from fieldkit.ui.views.enterprise_page import EnterprisePage


def test_saving_an_enterprise_reassigned_meanwhile_shows_the_refusal(qtbot, ctx, runner, fixture_world):
    eid = fixture_world.enterprises["huawei"]
    page = EnterprisePage(ctx, runner)
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    with qtbot.waitSignal(page.page_loaded, timeout=20_000):
        page.load(eid)
    # meanwhile (a sync pulled it) the supervisor reassigned 华为 to 李娜
    with fixture_world.session() as s:
        cur = s.exec(
            select(Assignment).where(Assignment.enterprise_id == eid, Assignment.staff_id == ctx.staff.id)
        ).one()
        store.update(s, cur, store.SERVER, end_date=local_today() - timedelta(days=1))
        s.commit()
    phone = page.profile.edits["contact_phone"]
    phone.clear()
    qtbot.keyClicks(phone, "13912345678")
    qtbot.mouseClick(page.profile.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.profile.general_error.isVisible(), timeout=20_000)
    text = page.profile.general_error.text()
    assert "当前不由您包联" in text and "华为技术有限公司" in text
    assert "Traceback" not in text and "PermissionDenied" not in text
    assert phone.text() == "13912345678"  # what was typed stays
    with fixture_world.session() as s:
        assert s.get(Enterprise, eid).contact_phone != "13912345678"
