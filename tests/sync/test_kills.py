"""``fieldkit sync`` SIGKILLed while it applies a pulled page: the store opens with every index
and trigger of a fresh store, nothing of the page is half there, and the next sync completes it."""

from __future__ import annotations

import os

import pytest
from sqlmodel import select

from fieldkit.config import attachments_dir, db_path
from fieldkit.models import Attachment, Demand
from fieldkit.services.attachments import AttachmentService
from fieldkit.services.demands import DemandService
from tests.faults.storecheck import schema_objects
from tests.faults.test_kills import KILLED, run_killed

from .conftest import PASSWORD, World
from .laptops import fresh_store


@pytest.mark.parametrize("statement", ["^INSERT INTO attachment", "^INSERT INTO demand "])
def test_sync_killed_while_applying_a_page(world: World, statement: str) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    a = world.laptop("zhang")
    a.sync()
    with a.session() as s:
        AttachmentService(a.actor, attachments_dir(a.folder)).add(
            s, data=os.urandom(5000), owner_table="enterprise", owner_id=eid, filename="门头.jpg"
        )
        DemandService(a.actor).raise_demand(
            s, enterprise_id=eid, staff_id=a.actor.staff_id or "", description="缺电"
        )
        s.commit()
    a.sync()
    b = world.laptop("zhang")
    b.engine.dispose()
    fresh = fresh_store(world.tmp / "fresh.sqlite3")
    fresh.dispose()
    r = run_killed(f"sql:{statement}", 1, "sync", "--quiet", "--data-dir", str(b.folder), password=PASSWORD)
    assert r.returncode == KILLED, r.stdout + r.stderr
    assert schema_objects(db_path(b.folder)) == schema_objects(world.tmp / "fresh.sqlite3")
    with b.session() as s:
        assert s.exec(select(Attachment)).all() == [] and s.exec(select(Demand)).all() == []  # all or nothing
        assert s.connection().exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    b.sync()
    with b.session() as s:
        assert len(s.exec(select(Attachment)).all()) == 1 and len(s.exec(select(Demand)).all()) == 1
