"""Staff rows pushed by a supervisor (issue 12 §15): the assistants of their own zone only; the
server's admin command gives a synced staff member their account without a second row."""

from __future__ import annotations

from fieldkit.models import new_id
from fieldkit.server import crud

from .conftest import PASSWORD, World


def _staff(world: World, zone: str, **kw) -> dict:  # type: ignore[no-untyped-def]
    return {
        "name": "李娜",
        "login": "lina",
        "role": "assistant",
        "specialist_type": "legal",
        "zone_id": zone,
        **kw,
    }


def test_supervisor_manages_their_zones_assistants_only(world: World) -> None:
    world.user("boss", role="supervisor")
    helper = world.user("zhang")
    dev = world.login("boss")
    sid = new_id()
    made = dev.push_one("staff", sid, changes=_staff(world, world.zone))
    assert made["status"] == "applied"
    edit = dev.push_one(
        "staff", sid, "update", {"specialist_type": "finance"}, base_version=made["server_version"]
    )
    assert edit["status"] == "applied"
    promote = dev.push_one(
        "staff", sid, "update", {"role": "supervisor"}, base_version=edit["server_version"]
    )
    assert promote["status"] == "rejected" and promote["code"] == "role"
    boss_row = dev.push_one(
        "staff", world.staff["boss"], "update", {"specialist_type": "legal"}, base_version=1
    )
    assert boss_row["status"] == "rejected"
    assistant = world.login("zhang")
    res = assistant.push_one("staff", helper, "update", {"specialist_type": "legal"}, base_version=1)
    assert res["status"] == "rejected" and res["code"] == "role"
    # the admin gives her an account: the same row, now able to sign in
    with world.engine.begin() as conn:
        got = crud.user_add(
            conn,
            login="lina",
            name="李娜",
            role="assistant",
            zone_id=world.zone,
            password=PASSWORD,
            now=world.clock(),
        )
        row = crud.get_row(conn, "staff", sid)
    assert got == sid and row is not None and row.data["specialist_type"] == "finance"
    assert (
        world.login("lina").push_one("staff", sid, "update", {"phone": "1"}, base_version=1)["code"] == "role"
    )
