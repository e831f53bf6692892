"""Today (工作台): the board shows the fixture's counts, opens enterprises, and raises the reminder."""

from __future__ import annotations

from fieldkit.ui.views.today_view import EnterpriseRole, TodayView


def make_view(qtbot, ctx, runner) -> TodayView:
    view = TodayView(ctx, runner)
    qtbot.addWidget(view)
    view.resize(1300, 900)
    return view


def test_today_counts_for_the_assistant(qtbot, ctx, runner, fixture_world):
    view = make_view(qtbot, ctx, runner)
    exp = fixture_world.expected
    with qtbot.waitSignals([view.loaded, view.policies_loaded], timeout=20_000):
        view.refresh()
    assert view.tile_value("plans_today") == str(exp["plans_today"])
    assert view.tile_value("demands_overdue") == str(exp["demands_overdue"])
    assert view.tile_value("not_visited") == str(exp["not_visited"])
    assert view.tile_value("policies") == str(exp["policies"])
    assert view.tile_value("proxies") == str(exp["proxies"])
    assert view.card_count_text("not_visited") == f"{exp['not_visited']} / {exp['assigned_operating']} 家"
    assert view.card_count_text("demands") == "逾期 1 · 即将到期 1"
    today_items = view.cards["plans_today"].texts()
    assert len(today_items) == 1 and "华为技术有限公司" in today_items[0]
    assert "季度走访" in today_items[0]
    # the cancelled plan of today is not shown; the overdue one is, in the week card
    week = view.cards["plans_week"].texts()
    assert not any("开办政策调查" in t for t in week)
    assert any("旌阳新材料科技有限公司" in t and "已逾期" in t for t in week)
    not_visited = view.cards["not_visited"].texts()
    assert sorted(not_visited) == sorted(
        ["华为技术有限公司", "四川绿源食品有限公司", "旌阳新材料科技有限公司"]
    )
    policies = view.cards["policies"].texts()
    assert any(t.startswith("软件企业研发费用补助") and "适用 2 家" in t for t in policies)
    assert any("大型企业稳岗奖励" in t for t in policies)
    assert not any("专精特新培育计划" in t or "已截止" in t for t in policies)
    demands = view.cards["demands"].texts()
    assert any(t.startswith("[逾期2天] 华为技术有限公司") for t in demands)
    assert any(t.startswith("[剩1天] 四川绿源食品有限公司") for t in demands)
    assert not any("李娜" in t for t in demands)
    proxies = view.cards["proxies"].texts()
    assert len(proxies) == 2 and not any("环评批复" in t for t in proxies)
    assert "待同步" in view.cards["sync"].note.text()


def test_supervisor_sees_the_whole_zone(qtbot, supervisor_ctx, runner):
    view = make_view(qtbot, supervisor_ctx, runner)
    with qtbot.waitSignals([view.loaded, view.policies_loaded], timeout=20_000):
        view.refresh()
    # the policy card matches against every enterprise of the zone
    assert any(t.startswith("大型企业稳岗奖励") and "适用 3 家" in t for t in view.cards["policies"].texts())
    assert view.tile_value("plans_today") == "2"  # 张伟's and 李娜's; the cancelled one is left out
    assert "全区" in view.subheading.text()


def test_reminder_for_plan_due_today_and_demand_about_to_go_overdue(qtbot, ctx, runner):
    view = make_view(qtbot, ctx, runner)
    with qtbot.waitSignal(view.reminders_due, timeout=20_000) as sig:
        view.refresh()
    title, message = sig.args
    assert title == "FieldKit 工作提醒"
    assert "今天有 1 项走访计划" in message and "1 项诉求即将超过办理时限" in message
    # once a day: a second load does not notify again
    with qtbot.assertNotEmitted(view.reminders_due):
        with qtbot.waitSignal(view.loaded, timeout=20_000):
            view.refresh()


def test_activating_an_item_opens_the_enterprise(qtbot, ctx, runner, fixture_world):
    view = make_view(qtbot, ctx, runner)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.refresh()
    lst = view.cards["plans_today"].list
    item = lst.item(0)
    assert item.data(EnterpriseRole) == fixture_world.enterprises["huawei"]
    with qtbot.waitSignal(view.open_enterprise) as sig:
        lst.itemActivated.emit(item)
    assert sig.args == [fixture_world.enterprises["huawei"]]


def demand_state(world, description: str) -> tuple[str, list[tuple[str, str, str | None]]]:
    """(state, [(to_state, note, actor id)] of its events) of the demand with this description."""
    from sqlmodel import select

    from fieldkit.models import Demand
    from fieldkit.services.demands import demand_history

    with world.session() as s:
        d = s.exec(select(Demand).where(Demand.description == description)).one()
        return d.state, [(ev.to_state, ev.note, ev.actor_id) for ev in demand_history(s, d.id)]


def test_loading_today_runs_the_automatic_reminders_first(qtbot, ctx, runner, fixture_world):
    from datetime import timedelta

    from fieldkit.db import transaction
    from fieldkit.services.timeutil import local_today

    eid = fixture_world.enterprises["huawei"]
    with transaction(ctx.make_session) as s:  # assigned today, due tomorrow
        d = ctx.demands.raise_demand(
            s, enterprise_id=eid, staff_id=ctx.staff.id, description="厂区道路照明不足"
        )
        ctx.demands.transition(
            s,
            d,
            "assign",
            department="区住建局",
            responsible_person="刘工",
            deadline=local_today() + timedelta(days=1),
        )
    assert demand_state(fixture_world, "厂区道路照明不足")[0] == "assigned"
    view = make_view(qtbot, ctx, runner)
    with qtbot.waitSignals([view.data_changed, view.loaded], timeout=20_000, order="strict"):
        view.refresh()
    me = fixture_world.assistant.id
    state, history = demand_state(fixture_world, "厂区道路照明不足")
    assert state == "reminded"
    assert history[-1] == ("reminded", "系统自动催办：办理时限临近", me)
    state, past = demand_state(fixture_world, "用电增容审批进度慢")  # two days past its deadline
    assert state == "reminded" and past[-1] == ("reminded", "系统自动催办：已超过办理时限", me)
    assert demand_state(fixture_world, "李娜的诉求")[0] == "assigned"  # another assistant's: not in scope
    # the board was read after the reminders: it shows the demands as 催办
    texts = view.cards["demands"].texts()
    assert any(t.startswith("[剩1天] 华为技术有限公司：厂区道路照明不足（催办）") for t in texts)
    # a second load finds nothing more to remind and writes nothing
    with qtbot.assertNotEmitted(view.data_changed):
        with qtbot.waitSignal(view.loaded, timeout=20_000):
            view.refresh()
    assert demand_state(fixture_world, "厂区道路照明不足")[1] == history


def test_dates_are_written_as_iso_days(qtbot, ctx, runner, fixture_world, language):
    from datetime import timedelta

    from fieldkit.services.timeutil import fmt_date, local_today

    today = local_today()
    view = make_view(qtbot, ctx, runner)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.refresh()
    weekday = "一二三四五六日"[today.weekday()]
    assert view.subheading.text() == f"{fmt_date(today)} 星期{weekday}  ·  我的包联企业"
    overdue = fmt_date(today - timedelta(days=10))
    assert any(t.startswith(f"{overdue} 旌阳新材料科技有限公司") for t in view.cards["plans_week"].texts())
    language.apply("en")
    view.retranslate()
    english = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[today.weekday()]
    assert view.subheading.text() == f"{fmt_date(today)} {english}  ·  My assigned enterprises"


def _wheel_down(widget) -> bool:  # type: ignore[no-untyped-def]
    """One notch down on ``widget``; whether it kept the event (Qt hands an ignored wheel event on
    to the parent, here the page: a sent event is not propagated, so the flag is what counts)."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    pos = QPointF(widget.rect().center())
    ev = QWheelEvent(
        pos,
        QPointF(widget.mapToGlobal(pos.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, ev)
    return ev.isAccepted()


def test_the_wheel_scrolls_a_card_list_or_the_page_never_both(qtbot):
    """A card list that scrolls keeps the wheel, even at its end (the page does not move with it);
    a list that needs no scrolling lets the wheel scroll the page."""
    from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

    from fieldkit.ui.views.today_view import SectionCard

    page = QScrollArea()
    qtbot.addWidget(page)
    page.setWidgetResizable(True)
    inner = QWidget()
    lay = QVBoxLayout(inner)
    long_card, short_card = SectionCard("long"), SectionCard("short")
    long_card.set_items([(f"企业 {i}", None, None) for i in range(40)], "")
    short_card.set_items([("只有一项", None, None)], "")
    for card in (long_card, short_card):
        card.setFixedHeight(220)
        lay.addWidget(card)
    lay.addSpacing(1200)  # the page scrolls
    page.setWidget(inner)
    page.resize(500, 400)
    page.show()
    qtbot.waitExposed(page)
    bar = long_card.list.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())  # the list at its end
    assert _wheel_down(long_card.list.viewport())  # kept: the page does not move with it
    assert bar.value() == bar.maximum()
    bar.setValue(0)
    assert _wheel_down(long_card.list.viewport()) and bar.value() > 0  # and it still scrolls itself
    assert short_card.list.verticalScrollBar().maximum() == 0
    assert not _wheel_down(short_card.list.viewport())  # handed on: the page scrolls
