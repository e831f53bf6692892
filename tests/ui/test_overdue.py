""" "Overdue" means one thing (issue 12 §6): open and past its deadline — on Today, in 只看逾期 and
in the ledgers; a demand finished after its deadline is 逾期办结, a filter of its own. Archived
demands are hidden until asked for; the plan list shows last month's overdue plans first."""

from __future__ import annotations

from datetime import timedelta

from fieldkit.models import Demand
from fieldkit.services.demands import closed_late, is_overdue, make_demand_row
from fieldkit.services.timeutil import local_today
from fieldkit.ui.views.demands_view import DemandsView
from fieldkit.ui.views.plans_view import PlansView
from tests.ui.workflow_fixtures import *  # noqa: F403
from tests.ui.workflow_fixtures import show_view


def seed_demands(world, ctx) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """One demand open past its deadline, one closed late and archived, one closed on time."""
    today = local_today()
    out = {}
    with world.session() as s:
        for key, text in (("open", "用电增容"), ("late", "道路破损"), ("ontime", "招工")):
            d = ctx.demands.raise_demand(
                s, enterprise_id=world.enterprises["e1"], staff_id=ctx.staff.id, description=text
            )
            ctx.demands.transition(
                s,
                d,
                "assign",
                department="区经信局",
                responsible_person="李科长",
                deadline=today + timedelta(days=5),
            )
            out[key] = d.id
        for key in ("late", "ontime"):
            d = s.get(Demand, out[key])
            ctx.demands.transition(s, d, "accept")
            ctx.demands.transition(s, d, "feedback", satisfaction="satisfied")
            ctx.demands.transition(s, d, "close", overdue_explanation="等待施工队" if key == "late" else "")
        s.commit()
        # their deadlines, as they were: the open one and the late one passed theirs
        for key, days in (("open", -4), ("late", -10)):
            d = s.get(Demand, out[key])
            d.deadline = today + timedelta(days=days)
            s.add(d)
        s.commit()
        late = s.get(Demand, out["late"])
        ctx.demands.transition(s, late, "archive")
        s.commit()
    return out


def test_overdue_is_open_and_past_its_deadline_closed_late_is_its_own(world, ctx) -> None:
    ids = seed_demands(world, ctx)
    with world.session() as s:
        d_open, d_late, d_on = (s.get(Demand, ids[k]) for k in ("open", "late", "ontime"))
        assert is_overdue(d_open) and not closed_late(d_open)
        assert not is_overdue(d_late) and closed_late(d_late)
        assert not is_overdue(d_on) and not closed_late(d_on)
        row = make_demand_row(d_late, "企业", "张明", local_today())
        assert row.days_text == "逾期办结" and not row.overdue and row.closed_late


def test_the_demand_list_filters_overdue_and_closed_late_apart(qtbot, world, ctx, runner) -> None:
    ids = seed_demands(world, ctx)
    view = show_view(qtbot, DemandsView(ctx, runner), 1366, 700)
    shown = {r.id for r in view.visible_rows()}
    assert ids["late"] not in shown and ids["open"] in shown  # archived: hidden by default
    assert not view.show_archived.isChecked()

    view.overdue_only.setChecked(True)
    assert [r.id for r in view.visible_rows()] == [ids["open"]]  # the same one Today counts

    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.closed_late_only.setChecked(True)  # shows the archived ones too: most late ones are
    assert not view.overdue_only.isChecked()
    assert [r.id for r in view.visible_rows()] == [ids["late"]]
    assert view.show_archived.isChecked()


def test_the_plan_list_shows_last_months_overdue_plans_first(qtbot, world, ctx, runner) -> None:
    today = local_today()
    with world.session() as s:
        old = ctx.plans.create(
            s,
            staff_id=ctx.staff.id,
            enterprise_id=world.enterprises["e3"],
            planned_date=today.replace(day=1) - timedelta(days=20),
            theme="上月未走访的计划",
        )
        s.commit()
        old_id = old.id
    view = PlansView(ctx, runner)
    view = show_view(qtbot, view, 1366, 700)
    rows = [view.list_model.row(i) for i in range(view.list_model.rowCount())]
    assert rows[0].id == old_id and rows[0].status == "overdue", [r.theme for r in rows]
    statuses = [r.status for r in rows]
    first_other = next(i for i, st in enumerate(statuses) if st != "overdue")
    assert all(st != "overdue" for st in statuses[first_other:])  # every overdue one before the rest
