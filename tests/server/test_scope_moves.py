"""Scope changes other than assignments: an enterprise moved to another zone (by an admin's push or
the admin command) leaves the old zone's supervisor and assistants and reaches the new zone's
supervisor with its children; a staff member moved between zones takes their new zone's rows and
leaves the old one's; the others of the old zone drop their staff row."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.models import new_id
from fieldkit.server import crud
from fieldkit.server.tables import server_row

from .conftest import PASSWORD, Device, World, credit_code, demand_values


def _setup(world: World) -> dict[str, str]:
    ids = {
        "boss_a": world.user("boss_a", role="supervisor"),
        "boss_b": world.user("boss_b", role="supervisor", zone=world.other_zone),
        "zhang": world.user("zhang"),
        "admin": world.user("root", role="admin"),
    }
    ids["ent"] = world.enterprise("甲公司", assign_to="zhang")
    ids["stay"] = world.enterprise("乙公司", assign_to="zhang")
    return ids


def _demand(dev: Device, enterprise_id: str, staff_id: str) -> str:
    did = new_id()
    res = dev.push_one("demand", did, changes=demand_values(enterprise_id, staff_id))
    assert res["status"] == "applied", res
    return did


def _move_enterprise(world: World, how: str, ent: str) -> None:
    if how == "admin command":
        with world.engine.begin() as conn:
            code = crud.get_row(conn, "enterprise", ent)
            assert code is not None
            crud.enterprise_move(
                conn, credit_code=code.data["credit_code"], zone_id=world.other_zone, now=world.clock()
            )
        return
    root = world.login("root")
    root.pull_all()
    with world.engine.connect() as conn:
        row = crud.get_row(conn, "enterprise", ent)
    assert row is not None
    res = root.push_one("enterprise", ent, "update", {"zone_id": world.other_zone}, base_version=row.version)
    assert res["status"] == "applied", res


@pytest.mark.parametrize("how", ["admin command", "admin push"])
def test_an_enterprise_moved_to_another_zone_changes_hands_with_its_children(world: World, how: str) -> None:
    ids = _setup(world)
    zhang, boss_a, boss_b = world.login("zhang"), world.login("boss_a"), world.login("boss_b")
    did = _demand(zhang, ids["ent"], ids["zhang"])
    for dev in (zhang, boss_a, boss_b):
        dev.pull_all()  # every cursor is past the demand: only the move can bring it to boss_b
    _move_enterprise(world, how, ids["ent"])

    rows_b, removed_b = boss_b.pull_all(limit=1)
    assert ("enterprise", ids["ent"]) in rows_b and ("demand", did) in rows_b and not removed_b
    assert rows_b[("enterprise", ids["ent"])]["zone_id"] == world.other_zone
    rows_a, removed_a = boss_a.pull_all()
    assert removed_a == [("enterprise", ids["ent"])] and ("demand", did) not in rows_a
    _rows_z, removed_z = zhang.pull_all()
    assert removed_z == [("enterprise", ids["ent"])]  # the assignment ended with the move
    # from now on the old zone reads nothing of it, even from cursor 0, and cannot write it
    for dev in (boss_a, zhang):
        dev.cursor = 0
        again, _ = dev.pull_all()
        assert ("demand", did) not in again and ("enterprise", ids["ent"]) not in again
        assert ("enterprise", ids["stay"]) in again
    res = zhang.push_one("demand", did, "update", {"description": "晚了"}, base_version=1)
    assert res["status"] == "rejected" and res["code"] in ("reassigned", "not_found")
    res = boss_b.push_one("demand", did, "update", {"description": "新区跟进"}, base_version=1)
    assert res["status"] == "applied", res
    # each device's holdings agree with the server's checksum of its scope
    for dev in (boss_a, boss_b):
        dev.cursor = 0
        held, _ = dev.pull_all()
        summary = world.client.get("/api/v1/checksum", headers=dev.headers).json()
        assert summary["count"] == len([v for v in held.values() if not v.get("deleted")])


def test_an_assistant_moved_to_another_zone(world: World) -> None:
    ids = _setup(world)
    li = world.user("li")
    world.enterprise("丙公司", assign_to="li")
    li_dev, boss_a, boss_b = world.login("li"), world.login("boss_a"), world.login("boss_b")
    li_rows, _ = li_dev.pull_all()
    assert ("zone", world.zone) in li_rows and ("staff", ids["boss_a"]) in li_rows
    boss_a.pull_all()
    boss_b.pull_all()
    with world.engine.begin() as conn:
        crud.user_move(conn, login="li", zone_id=world.other_zone, now=world.clock())

    rows, removed = li_dev.pull_all()
    assert ("zone", world.other_zone) in rows and ("staff", ids["boss_b"]) in rows
    assert rows[("staff", li)]["zone_id"] == world.other_zone
    assert ("enterprise", li_ent := _only_enterprise(world, "丙公司")) in removed  # left behind
    assert ("zone", world.zone) in removed and ("staff", ids["boss_a"]) in removed
    assert ("staff", ids["zhang"]) in removed and ("staff", li) not in removed
    _a_rows, a_removed = boss_a.pull_all()
    assert ("staff", li) in a_removed
    assert ("enterprise", li_ent) not in a_removed  # the enterprise stays in zone A
    b_rows, b_removed = boss_b.pull_all()
    assert ("staff", li) in b_rows and not b_removed
    # the account follows: li now works in zone B
    eid = new_id()
    res = li_dev.push_one(
        "enterprise",
        eid,
        changes={"name": "新区企业", "credit_code": credit_code(), "zone_id": world.other_zone},
    )
    assert res["status"] == "applied", res
    res = li_dev.push_one(
        "enterprise",
        new_id(),
        changes={"name": "旧区企业", "credit_code": credit_code(), "zone_id": world.zone},
    )
    assert res["status"] == "rejected" and res["code"] == "scope"


def test_a_supervisor_moved_to_another_zone_trades_one_zone_for_the_other(world: World) -> None:
    ids = _setup(world)
    zhang = world.login("zhang")
    did = _demand(zhang, ids["ent"], ids["zhang"])
    b_ent = world.enterprise("丁公司", zone=world.other_zone)
    boss_a = world.login("boss_a")
    boss_a.pull_all()
    with world.engine.begin() as conn:
        crud.user_move(conn, login="boss_a", zone_id=world.other_zone, now=world.clock())
    rows, removed = boss_a.pull_all(limit=2)
    assert ("enterprise", b_ent) in rows and ("staff", ids["boss_b"]) in rows
    assert {("enterprise", ids["ent"]), ("enterprise", ids["stay"])} <= set(removed)
    assert ("demand", did) not in rows and ("zone", world.zone) in removed


def test_move_commands(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    ids = _setup(world)
    where = (
        ["--database-url", world.settings.database_url]
        if world.settings.database_url
        else ["--data-dir", str(world.settings.data_dir)]
    )
    with world.engine.connect() as conn:
        row = crud.get_row(conn, "enterprise", ids["ent"])
    assert row is not None
    assert main(["admin", *where, "enterprise-move", row.data["credit_code"], "--zone", "经开区"]) == 0
    assert main(["admin", *where, "user-move", "zhang", "--zone", "经开区"]) == 0
    with world.engine.connect() as conn:
        moved = crud.get_row(conn, "enterprise", ids["ent"])
        staff = crud.get_row(conn, "staff", ids["zhang"])
    assert moved is not None and moved.zone_id == world.other_zone
    assert staff is not None and staff.data["zone_id"] == world.other_zone
    assert main(["admin", *where, "user-move", "zhang", "--zone", "经开区"]) == 2
    assert "already" in capsys.readouterr().err
    assert world.login("zhang", password=PASSWORD).token


def _only_enterprise(world: World, name: str) -> str:
    with world.engine.connect() as conn:
        return str(
            conn.execute(
                select(server_row.c.id).where(
                    server_row.c.table_name == "enterprise", server_row.c.data["name"].as_string() == name
                )
            ).scalar_one()
        )
