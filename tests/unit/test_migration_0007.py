"""Migration 0007 (issue 12 §12–§14, §16): what a demand event decided, 补正, 回访, milestone owner.

An older store's events get back what the demand still shows (its latest 交办 and 反馈); what a
later step had already overwritten stays blank. Downgrading drops the columns and loses nothing else.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import inspect, text

from fieldkit.db import HEAD, current_revision, downgrade, upgrade
from fieldkit.models import Demand
from fieldkit.services.demands import DemandService
from fieldkit.services.store import Actor
from fieldkit.services.timeutil import local_today


def test_0007_gives_old_events_their_decisions_back_and_downgrades_cleanly(staff_and_enterprise) -> None:
    db, staff, ent = staff_and_enterprise
    svc = DemandService(Actor(staff.id))
    soon = local_today() + timedelta(days=9)
    with db.tx() as s:
        d = svc.raise_demand(s, enterprise_id=ent.id, staff_id=staff.id, description="道路照明不足")
        svc.transition(s, d, "assign", department="区经信局", responsible_person="王科长", deadline=soon)
        svc.transition(s, d, "accept")
        svc.transition(s, d, "feedback", satisfaction="unsatisfied")
        svc.transition(s, d, "reassign", department="区住建局", responsible_person="刘工", deadline=soon)
        did = d.id
    downgrade(db.engine, "0006")
    cols = {c["name"] for c in inspect(db.engine).get_columns("demandevent")}
    assert "department" not in cols and "satisfaction" not in cols
    assert "follow_up_of" not in {c["name"] for c in inspect(db.engine).get_columns("visitplan")}
    upgrade(db.engine)
    assert current_revision(db.engine) == HEAD
    with db.engine.connect() as c:
        got = c.execute(
            text(
                "SELECT to_state, department, responsible_person, deadline, satisfaction FROM demandevent "
                "WHERE demand_id = :d ORDER BY at"
            ),
            {"d": did},
        ).all()
        apps = c.execute(text("SELECT count(*) FROM policyapplication WHERE corrections != '[]'")).scalar()
    day = soon.isoformat()
    assert [tuple(r) for r in got] == [
        ("collected", "", "", None, None),
        ("assigned", "", "", None, None),  # overwritten by the 再次交办 before 0007: gone
        ("in_progress", "", "", None, None),
        ("feedback", "", "", None, "unsatisfied"),
        ("assigned", "区住建局", "刘工", day, None),
    ]
    assert apps == 0
    with db.session() as s:  # the demand itself is untouched
        assert s.get(Demand, did).department == "区住建局"
