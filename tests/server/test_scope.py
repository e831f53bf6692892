"""Scope from the token alone: an assistant reads and writes only the enterprises assigned to them
and what belongs to them; a supervisor their zone; an admin everything. Reassignment: edits made
before the device could know are accepted, edits made after are rejected and kept."""

from __future__ import annotations

from sqlalchemy import text

from fieldkit.models import SYNCED_TABLES, new_id

from .conftest import World, demand_values


def _two_assistants(world: World) -> dict[str, str]:
    ids = {"zhang": world.user("zhang"), "li": world.user("li")}
    ids["ent_zhang"] = world.enterprise("张的企业", assign_to="zhang")
    ids["ent_li"] = world.enterprise("李的企业", assign_to="li")
    return ids


def test_an_assistant_pulls_only_their_enterprises_and_children(world: World) -> None:
    ids = _two_assistants(world)
    li = world.login("li")
    li_demand = new_id()
    assert (
        li.push_one("demand", li_demand, changes=demand_values(ids["ent_li"], ids["li"]))["status"]
        == "applied"
    )
    zhang = world.login("zhang")
    rows, _ = zhang.pull_all()
    enterprises = {rid for (t, rid) in rows if t == "enterprise"}
    assert enterprises == {ids["ent_zhang"]}
    assert ("demand", li_demand) not in rows
    assert not any(v.get("enterprise_id") == ids["ent_li"] for v in rows.values())
    # what every assistant needs: their zone, the staff of the zone
    assert ("zone", world.zone) in rows and ("zone", world.other_zone) not in rows
    assert ("staff", ids["li"]) in rows


def test_an_assistant_cannot_write_another_assistants_enterprise_or_children(world: World) -> None:
    ids = _two_assistants(world)
    li = world.login("li")
    li_demand = new_id()
    v = li.push_one("demand", li_demand, changes=demand_values(ids["ent_li"], ids["li"]))["server_version"]
    zhang = world.login("zhang")
    attempts = [
        zhang.mutation("enterprise", ids["ent_li"], "update", {"name": "改名"}, base_version=1),
        zhang.mutation("demand", li_demand, "update", {"description": "改"}, base_version=v),  # a guessed id
        zhang.mutation("demand", li_demand, "delete", base_version=v),
        zhang.mutation("demand", new_id(), changes=demand_values(ids["ent_li"], ids["zhang"])),
        # moving one of their own rows under someone else's enterprise
        zhang.mutation(
            "assignment",
            new_id(),
            changes={"staff_id": ids["zhang"], "enterprise_id": ids["ent_li"], "start_date": "2026-11-21"},
        ),
        zhang.mutation("staff", ids["li"], "update", {"role": "admin"}, base_version=1),
        zhang.mutation("zone", world.zone, "update", {"name": "x"}, base_version=1),
    ]
    results = zhang.push(*attempts)
    assert [r["status"] for r in results] == ["rejected"] * len(attempts)
    assert {r["code"] for r in results} <= {"not_found", "scope", "role"}
    li_rows, _ = li.pull_all()
    assert li_rows[("demand", li_demand)]["description"] == "缺电"
    assert li_rows[("enterprise", ids["ent_li"])]["name"] == "李的企业"


def test_moving_own_row_under_anothers_enterprise_is_refused(world: World) -> None:
    ids = _two_assistants(world)
    zhang = world.login("zhang")
    did = new_id()
    v = zhang.push_one("demand", did, changes=demand_values(ids["ent_zhang"], ids["zhang"]))["server_version"]
    res = zhang.push_one("demand", did, "update", {"enterprise_id": ids["ent_li"]}, base_version=v)
    assert res["status"] == "rejected"


def test_an_assistant_creates_an_enterprise_and_takes_it_on(world: World) -> None:
    ids = _two_assistants(world)
    zhang = world.login("zhang")
    eid, tx = new_id(), new_id()
    from .conftest import credit_code

    results = zhang.push(
        zhang.mutation(
            "enterprise",
            eid,
            changes={"name": "新企业", "credit_code": credit_code(), "zone_id": world.zone},
            tx_id=tx,
        ),
        zhang.mutation(
            "assignment",
            new_id(),
            changes={"staff_id": ids["zhang"], "enterprise_id": eid, "start_date": "2026-11-21"},
            tx_id=tx,
        ),
    )
    assert [r["status"] for r in results] == ["applied", "applied"]
    rows, _ = zhang.pull_all()
    assert ("enterprise", eid) in rows
    # not in another zone
    res = zhang.push_one(
        "enterprise",
        new_id(),
        changes={"name": "外区", "credit_code": credit_code(), "zone_id": world.other_zone},
    )
    assert res["status"] == "rejected"


def test_supervisor_sees_their_zone_admin_sees_all(world: World) -> None:
    ids = _two_assistants(world)
    world.user("wang", zone=world.other_zone)
    far = world.enterprise("外区企业", assign_to="wang", zone=world.other_zone)
    world.user("boss", role="supervisor")
    world.user("root", role="admin", zone=world.other_zone)
    boss_rows, _ = world.login("boss").pull_all()
    boss_ents = {rid for (t, rid) in boss_rows if t == "enterprise"}
    assert boss_ents == {ids["ent_zhang"], ids["ent_li"]}
    root_rows, _ = world.login("root").pull_all()
    assert {rid for (t, rid) in root_rows if t == "enterprise"} == {ids["ent_zhang"], ids["ent_li"], far}
    boss = world.login("boss")
    res = boss.push_one("demand", new_id(), changes=demand_values(far, ids["zhang"]))
    assert res["status"] == "rejected"
    res = boss.push_one("demand", new_id(), changes=demand_values(ids["ent_li"], ids["li"]))
    assert res["status"] == "applied"


def test_edit_made_before_the_device_could_know_of_a_reassignment_is_accepted(world: World) -> None:
    ids = _two_assistants(world)
    zhang = world.login("zhang")
    did = new_id()
    v = zhang.push_one("demand", did, changes=demand_values(ids["ent_zhang"], ids["zhang"]))["server_version"]
    zhang.pull_all()
    known = zhang.cursor
    world.reassign(ids["ent_zhang"], to="li")  # zhang is offline
    res = zhang.push_one("demand", did, "update", {"description": "离线时写的"}, base_version=v)
    assert res["status"] == "applied"  # pushed with a cursor from before the reassignment
    # once the device has pulled the reassignment, it is told and its edit is kept, not applied
    _rows, removals = zhang.pull_all()
    assert ("enterprise", ids["ent_zhang"]) in removals
    assert zhang.cursor > known
    late = zhang.mutation(
        "demand", did, "update", {"description": "知道后写的"}, base_version=res["server_version"]
    )
    out = zhang.push(late)[0]
    assert out["status"] == "rejected" and out["code"] == "reassigned" and "已留存" in out["reason"]
    with world.engine.connect() as conn:
        kept = conn.execute(
            text("SELECT status FROM server_mutation WHERE mutation_id = :m"), {"m": late["mutation_id"]}
        ).scalar()
    assert kept == "rejected"


def test_reassignment_moves_the_enterprise_and_its_children_to_the_new_assistant(world: World) -> None:
    ids = _two_assistants(world)
    zhang, li = world.login("zhang"), world.login("li")
    did = new_id()
    zhang.push_one("demand", did, changes=demand_values(ids["ent_zhang"], ids["zhang"]))
    zhang.pull_all()
    li.pull_all()  # li's cursor is now past the demand: only the grant can bring it
    world.reassign(ids["ent_zhang"], to="li")
    li_rows, li_removed = li.pull_all(limit=1)  # pages of one: the grant is never split from its row
    assert ("enterprise", ids["ent_zhang"]) in li_rows and ("demand", did) in li_rows
    assert not li_removed
    _z_rows, z_removed = zhang.pull_all()
    assert z_removed == [("enterprise", ids["ent_zhang"])]
    # from now on zhang reads nothing of it, even from cursor 0
    zhang.cursor = 0
    again, _ = zhang.pull_all()
    assert ("demand", did) not in again and ("enterprise", ids["ent_zhang"]) not in again


def _child(table: str, enterprise_id: str, **values: object) -> dict[str, object]:
    """A child row's values; with the enterprise it belongs to when the model has that column
    (demand events, milestones and attachments gain it in migration 0004)."""
    if "enterprise_id" in SYNCED_TABLES[table].model_fields:
        values["enterprise_id"] = enterprise_id
    return values


def test_children_found_through_their_parent_are_scoped_too(world: World) -> None:
    """Demand events and attachments name their parent; scope follows the parent's enterprise."""
    ids = _two_assistants(world)
    li, zhang = world.login("li"), world.login("zhang")
    ent_li, ent_zhang = ids["ent_li"], ids["ent_zhang"]
    li_demand, li_event, li_photo = new_id(), new_id(), new_id()
    results = li.push(
        li.mutation("demand", li_demand, changes=demand_values(ent_li, ids["li"])),
        li.mutation(
            "demandevent",
            li_event,
            changes=_child(
                "demandevent",
                ent_li,
                demand_id=li_demand,
                to_state="collected",
                at="2026-11-21T02:00:00+00:00",
            ),
        ),
        li.mutation(
            "attachment",
            li_photo,
            changes=_child("attachment", ent_li, sha256="a" * 64, owner_table="demand", owner_id=li_demand),
        ),
    )
    assert [r["status"] for r in results] == ["applied"] * 3
    rows, _ = zhang.pull_all()
    assert not {("demand", li_demand), ("demandevent", li_event), ("attachment", li_photo)} & set(rows)
    li_rows, _ = li.pull_all()
    assert {("demandevent", li_event), ("attachment", li_photo)} <= set(li_rows)
    attempts = zhang.push(
        zhang.mutation(
            "demandevent",
            new_id(),
            changes=_child(
                "demandevent",
                ent_li,
                demand_id=li_demand,
                to_state="assigned",
                at="2026-11-21T03:00:00+00:00",
            ),
        ),
        # claiming their own enterprise for someone else's demand
        zhang.mutation(
            "demandevent",
            new_id(),
            changes=_child(
                "demandevent",
                ent_zhang,
                demand_id=li_demand,
                to_state="assigned",
                at="2026-11-21T03:00:00+00:00",
            ),
        ),
        zhang.mutation(
            "attachment",
            new_id(),
            changes=_child("attachment", ent_li, sha256="b" * 64, owner_table="demand", owner_id=li_demand),
        ),
        zhang.mutation(
            "attachment",
            new_id(),
            changes=_child(
                "attachment", ent_zhang, sha256="b" * 64, owner_table="demand", owner_id=li_demand
            ),
        ),
        zhang.mutation("demandevent", li_event, "update", {"note": "改"}, base_version=1),
        # a parent the server has never seen
        zhang.mutation(
            "demandevent",
            new_id(),
            changes=_child(
                "demandevent",
                ent_zhang,
                demand_id=new_id(),
                to_state="collected",
                at="2026-11-21T03:00:00+00:00",
            ),
        ),
    )
    assert [r["status"] for r in attempts] == ["rejected"] * len(attempts)


def test_an_assistant_cannot_move_an_enterprise_to_another_zone(world: World) -> None:
    ids = _two_assistants(world)
    zhang = world.login("zhang")
    rows, _ = zhang.pull_all()
    v = rows[("enterprise", ids["ent_zhang"])]["server_version"]
    res = zhang.push_one(
        "enterprise", ids["ent_zhang"], "update", {"zone_id": world.other_zone}, base_version=v
    )
    assert res["status"] == "rejected"
    assert (
        zhang.push_one("enterprise", ids["ent_zhang"], "update", {"notes": "好"}, base_version=v)["status"]
        == "applied"
    )
