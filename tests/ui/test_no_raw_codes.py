"""No internal code reaches a user (issue 12 §9): a refused demand action names the state and the
action in words, the enterprise history shows labels, a missing 办理时限 is named."""

from __future__ import annotations

from fieldkit.models import Demand
from fieldkit.services.enterprises import update_enterprise
from fieldkit.services.errors import FieldKitError
from fieldkit.services.store import Actor
from fieldkit.ui.views.enterprise_page import EnterprisePage


def test_a_refused_action_and_a_missing_deadline_are_said_in_words(fixture_world, ctx) -> None:
    with fixture_world.session() as s:
        d = ctx.demands.raise_demand(
            s, enterprise_id=fixture_world.enterprises["huawei"], staff_id=ctx.staff.id, description="用地"
        )
        try:
            ctx.demands.transition(s, d, "assign", department="区经信局", responsible_person="李科长")
        except FieldKitError as e:
            messages = e.text()
        assert "请填写办理时限" in messages and "请填写日期" not in messages
        try:
            ctx.demands.transition(s, d, "accept")
        except FieldKitError as e:
            text = e.text()
        assert text == "诉求当前处于“收集”状态，不能执行“承办”"
        assert s.get(Demand, d.id).state == "collected"
        s.rollback()


def test_the_history_tab_shows_labels_not_codes(qtbot, ctx, runner, fixture_world) -> None:
    eid = fixture_world.enterprises["anda"]  # hibernating
    with fixture_world.session() as s:
        who = Actor(fixture_world.supervisor.id, "other-device")  # not merged into the creation
        update_enterprise(s, who, eid, {"status": "operating", "stage": "upgrading"})
        s.commit()
    page = EnterprisePage(ctx, runner)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.page_loaded, timeout=20_000):
        page.load(eid)
    changes = " ".join(page.table_model("history").column_texts(5))
    assert "经营状态：休眠 → 存续经营" in changes, changes
    assert "hibernating" not in changes and "operating" not in changes and "upgrading" not in changes
