"""The client dies at the worst moments; the next sync finishes the work, nothing twice. And a
copied data folder becomes a second device without duplicating anything."""

from __future__ import annotations

import shutil

import pytest
from sqlmodel import select

from fieldkit.config import db_path
from fieldkit.models import Demand, DemandEvent
from fieldkit.services import device
from fieldkit.services.demands import DemandService
from fieldkit.sync import account
from fieldkit.sync.errors import AuthRequired

from .conftest import Laptop, World


class Crash(Exception):
    pass


def crash_at(where: str):  # type: ignore[no-untyped-def]
    def hook(point: str) -> None:
        if point == where:
            raise Crash(point)

    return hook


def _demand(lap: Laptop, enterprise_id: str, text: str = "缺电") -> str:
    with lap.session() as s:
        d = DemandService(lap.actor).raise_demand(
            s, enterprise_id=enterprise_id, staff_id=lap.actor.staff_id or "", description=text
        )
        s.commit()
        return d.id


def test_crash_between_push_and_acknowledgement_applies_once(world: World) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    lap = world.laptop("zhang")
    lap.sync()
    did = _demand(lap, eid)
    with pytest.raises(Crash):
        lap.sync(faults=crash_at("after_push_sent"))  # the server committed; the answer is lost
    assert len(lap.outbox()) == 2 and all(e.sent_at is not None for e in lap.outbox())
    r = lap.sync()
    assert (r.duplicates, r.pushed) == (2, 2) and not lap.outbox()
    assert [x["id"] for x in world.zone.rows("demand")] == [did]
    assert len(world.zone.rows("demandevent")) == 1


def test_crash_between_applying_a_page_and_saving_the_cursor_loses_nothing(world: World) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    a, b = world.laptop("zhang"), world.laptop("zhang")
    a.sync()
    b.sync()
    did = _demand(a, eid)
    a.sync()
    with b.session() as s:
        before = account.cursor(s)
    for point in ("after_page_applied", "before_cursor_saved"):
        with pytest.raises(Crash):
            b.sync(faults=crash_at(point))
        with b.session() as s:
            assert account.cursor(s) == before  # nothing of the page was committed
            assert s.get(Demand, did) is None
    b.sync()
    with b.session() as s:
        assert account.cursor(s) > before
        assert s.get(Demand, did) is not None
        assert len(s.exec(select(DemandEvent)).all()) == 1


def test_a_copied_data_folder_becomes_a_new_device_and_duplicates_nothing(world: World) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    a = world.laptop("zhang")
    a.sync()
    did = _demand(a, eid)
    a.engine.dispose()
    copy_folder = a.folder.parent / "copied"
    shutil.copytree(a.folder, copy_folder)
    b = Laptop(copy_folder, world.server)
    with b.session() as s:
        check = device.check_origin(s, db_path(copy_folder))
        assert check.elsewhere
        device.adopt_as_copy(s, db_path(copy_folder))
        s.commit()
    assert a.sync().pushed == 2  # the original sends its change
    with pytest.raises(AuthRequired):  # the copy must sign in as the new device it now is
        b.sync()
    b.connect("zhang")
    # the copy also edits the demand it carried over
    with b.session() as s:
        from fieldkit.services import store

        d = s.get(Demand, did)
        assert d is not None
        store.update(s, d, b.actor, urgency="urgent")
        s.commit()
    r = b.sync()
    assert r.rejected == 0 and not b.outbox(), [(e.table_name, e.error) for e in b.outbox()]
    assert len(world.zone.rows("demand")) == 1 and len(world.zone.rows("demandevent")) == 1
    server = world.zone.row("demand", did)
    assert server is not None and server["urgency"] == "urgent"
    a.sync()
    got = a.session().get(Demand, did)
    assert got is not None and got.urgency == "urgent"
