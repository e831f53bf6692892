"""What the engine does when it cannot finish: offline, signed out, revoked, incompatible, cancelled."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import select

from fieldkit.models import Demand
from fieldkit.server import crud
from fieldkit.services.demands import DemandService
from fieldkit.sync import account
from fieldkit.sync.errors import AuthRequired, Cancelled, Incompatible, Offline

from .conftest import PASSWORD, Laptop, World


def _demand(lap: Laptop, enterprise_id: str) -> str:
    with lap.session() as s:
        d = DemandService(lap.actor).raise_demand(
            s, enterprise_id=enterprise_id, staff_id=lap.actor.staff_id or "", description="缺电"
        )
        s.commit()
        return d.id


def test_offline_keeps_the_outbox_and_syncs_when_the_server_is_back(world: World) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    lap = world.laptop("zhang")
    lap.sync()
    did = _demand(lap, eid)
    world.server.stop()
    with pytest.raises(Offline) as err:
        lap.sync()
    assert "无法连接服务器" in err.value.text()
    assert len(lap.outbox()) == 2
    with lap.session() as s:
        assert account.status(s).last_error == err.value.source_text()
    world.server.start()
    assert lap.sync().pushed == 2 and not lap.outbox()
    assert world.zone.row("demand", did) is not None
    with lap.session() as s:
        assert account.status(s).last_error == ""


def test_a_reset_password_signs_out_and_signing_in_again_sends_the_outbox(world: World) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    lap = world.laptop("zhang")
    lap.sync()
    did = _demand(lap, eid)
    with world.zone.engine.begin() as conn:
        crud.password_reset(conn, login="zhang", password="new-pass-789")
    with pytest.raises(AuthRequired):
        lap.sync()
    with pytest.raises(AuthRequired) as wrong:
        account.sign_in_again(lap.engine, PASSWORD)
    assert wrong.value.code == "credentials"
    account.sign_in_again(lap.engine, "new-pass-789")
    assert lap.sync().pushed == 2
    assert world.zone.row("demand", did) is not None
    with lap.session() as s:
        from fieldkit.services import auth

        assert auth.check_login(s, "zhang", "new-pass-789")  # the offline password follows


def test_an_incompatible_server_says_what_to_do(world: World) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    lap = world.laptop("zhang")
    lap.sync()
    _demand(lap, eid)
    world.server.stop()
    world.server.env["FIELDKIT_SERVER_MIN_SCHEMA_VERSION"] = "999"  # the server now wants newer clients
    world.server.start()
    with pytest.raises(Incompatible) as err:
        lap.sync()
    assert err.value.code == "client_too_old"
    assert err.value.params["detail"] and str(err.value.params["detail"]) in err.value.text()
    assert len(lap.outbox()) == 2


def test_cancel_keeps_what_was_done(world: World) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    lap = world.laptop("zhang")
    lap.sync()
    for _ in range(3):
        _demand(lap, eid)
    cancel = threading.Event()

    def stop_after_first_batch(point: str) -> None:
        if point == "after_push_results":
            cancel.set()

    eng = lap.sync_engine(faults=stop_after_first_batch, push_batch=2)
    with pytest.raises(Cancelled):
        eng.sync(cancel=cancel)
    assert len(lap.outbox()) == 4  # the first batch (one demand and its event) went up
    assert lap.sync().pushed == 4 and not lap.outbox()
    with lap.session() as s:
        assert len(s.exec(select(Demand)).all()) == 3
