"""First connection and push + pull between two assistants and a supervisor, real server process."""

from __future__ import annotations

import pytest
from sqlmodel import select

from fieldkit.models import Demand, DemandEvent, Enterprise, LocalCredential
from fieldkit.services import auth, outbox
from fieldkit.services.demands import DemandService
from fieldkit.services.outbox import DemoStoreError
from fieldkit.sync import account

from .conftest import PASSWORD, World


def test_first_connection_stores_the_account_and_the_offline_password(world: World) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    lap = world.laptop()
    with lap.session() as s:
        assert account.status(s).server_url is None
    lap.connect("zhang")
    report = lap.sync()
    assert report.pulled >= 3 and not report.needs_attention
    with lap.session() as s:
        st = account.status(s)
        assert st.server_url == world.server.url and st.login == "zhang" and st.signed_in
        assert st.cursor > 0 and st.last_sync_at is not None and st.last_sync_at.tzinfo is not None
        assert s.get(Enterprise, eid) is not None
        # later runs sign in offline with the same password
        assert auth.check_login(s, "zhang", PASSWORD).id == world.zone.staff["zhang"]
        assert s.get(LocalCredential, "zhang") is not None


def test_a_demo_store_is_refused(world: World) -> None:
    world.zone.user("zhang")
    lap = world.laptop()
    with lap.session() as s:
        s.add(outbox.SyncMeta(key="demo", value="1"))  # type: ignore[attr-defined]
        s.commit()
    with pytest.raises(DemoStoreError):
        lap.connect("zhang")


def test_round_trip_between_two_assistants_and_a_supervisor(world: World) -> None:
    world.zone.user("zhang")
    world.zone.user("li")
    world.zone.user("wang", role="supervisor")
    ez = world.zone.enterprise("甲公司", assign_to="zhang")
    el = world.zone.enterprise("乙公司", assign_to="li")
    zhang, li, boss = world.laptop("zhang"), world.laptop("li"), world.laptop("wang")
    for lap in (zhang, li, boss):
        lap.sync()
    with zhang.session() as s:
        d = DemandService(zhang.actor).raise_demand(
            s, enterprise_id=ez, staff_id=world.zone.staff["zhang"], description="缺电"
        )
        s.commit()
    r = zhang.sync()
    assert r.pushed == 2 and r.applied == 2 and not zhang.outbox()
    boss.sync()
    li.sync()
    with boss.session() as s:
        got = s.get(Demand, d.id)
        assert got is not None and got.description == "缺电" and got.server_version > 0
        assert len(s.exec(select(DemandEvent).where(DemandEvent.demand_id == d.id)).all()) == 1
    with li.session() as s:
        assert s.get(Demand, d.id) is None  # not li's enterprise
        assert s.get(Enterprise, ez) is None and s.get(Enterprise, el) is not None
    # the supervisor edits; zhang pulls it
    with boss.session() as s:
        bd = s.get(Demand, d.id)
        assert bd is not None
        from fieldkit.services import store

        store.update(s, bd, boss.actor, urgency="urgent")
        s.commit()
    assert boss.sync().pushed == 1
    zhang.sync()
    with zhang.session() as s:
        zd = s.get(Demand, d.id)
        assert zd is not None and zd.urgency == "urgent"
    # nothing to do: a second sync pushes and pulls nothing
    again = zhang.sync()
    assert (again.pushed, again.pulled, again.full_resync) == (0, 0, False)


def test_a_shared_laptop_keeps_one_data_folder_per_account(world: World) -> None:
    from fieldkit.sync.errors import SyncError

    world.zone.user("zhang")
    world.zone.user("li")
    lap = world.laptop("zhang")
    with pytest.raises(SyncError) as err:
        lap.connect("li")
    assert err.value.code == "other_account" and "zhang" in err.value.text()
    with lap.session() as s:
        assert account.status(s).login == "zhang"
    other = world.laptop("li")  # li's own data folder on the same machine
    assert other.sync().pulled > 0
