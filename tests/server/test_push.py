"""Push: one result per mutation, idempotency through the ledger, tx all-or-nothing, domain rules,
conflicts by server receive order, "exists — use id X"."""

from __future__ import annotations

from sqlalchemy import text

from fieldkit.domain import records
from fieldkit.models import ServiceRecord, new_id
from fieldkit.server import crud
from fieldkit.server.db import last_seq

from .conftest import World, credit_code, demand_values


def _row(world: World, table: str, row_id: str) -> crud.StoredRow | None:
    with world.engine.connect() as conn:
        return crud.get_row(conn, table, row_id)


def _setup(world: World) -> tuple[str, str]:
    sid = world.user("zhang")
    return sid, world.enterprise(assign_to="zhang")


def test_create_applies_and_gives_a_version(world: World) -> None:
    sid, eid = _setup(world)
    dev = world.login("zhang")
    did = new_id()
    res = dev.push_one("demand", did, changes=demand_values(eid, sid))
    assert res["status"] == "applied" and res["server_version"] > 0
    row = _row(world, "demand", did)
    assert row is not None and row.version == res["server_version"] and row.enterprise_id == eid
    assert row.data["state"] == "collected"  # defaults come from the model


def test_replay_returns_the_stored_result_and_has_one_effect(world: World) -> None:
    sid, eid = _setup(world)
    dev = world.login("zhang")
    m = dev.mutation("demand", new_id(), changes=demand_values(eid, sid))
    first = dev.push(m)[0]
    again = dev.push(m)[0]
    assert again["status"] == "duplicate" and again["first_status"] == "applied"
    assert again["server_version"] == first["server_version"]
    with world.engine.connect() as conn:
        audits = conn.execute(
            text("SELECT count(*) FROM server_audit WHERE row_id = :r"), {"r": m["row_id"]}
        ).scalar()
    assert audits == 1


def test_same_mutation_id_with_another_body_is_refused(world: World) -> None:
    sid, eid = _setup(world)
    dev = world.login("zhang")
    m = dev.mutation("demand", new_id(), changes=demand_values(eid, sid))
    dev.push(m)
    forged = {**m, "changes": demand_values(eid, sid, description="另一个")}
    res = dev.push(forged)[0]
    assert res["status"] == "rejected" and res["code"] == "body_mismatch"
    row = _row(world, "demand", m["row_id"])
    assert row is not None and row.data["description"] == "缺电"


def test_a_transaction_is_all_or_nothing_and_does_not_block_others(world: World) -> None:
    sid, eid = _setup(world)
    dev = world.login("zhang")
    good_id, half_id, lone_id = new_id(), new_id(), new_id()
    tx = new_id()
    sent = [
        dev.mutation("demand", half_id, changes=demand_values(eid, sid), tx_id=tx),
        dev.mutation("demand", new_id(), changes=demand_values(eid, sid, state="nonsense"), tx_id=tx),
        dev.mutation("demand", good_id, changes=demand_values(eid, sid)),
        dev.mutation("demand", lone_id, changes=demand_values(eid, sid), tx_id=new_id()),
    ]
    with world.engine.connect() as conn:
        before = last_seq(conn)
    results = dev.push(*sent)
    assert [r["status"] for r in results] == ["rejected", "rejected", "applied", "applied"]
    assert results[0]["code"] == "tx_failed" and results[1]["code"] == "demand_transition"
    assert _row(world, "demand", half_id) is None  # the cut transaction left nothing
    assert _row(world, "demand", good_id) is not None and _row(world, "demand", lone_id) is not None
    # the rejections are kept: a replay of the whole batch answers the same and changes nothing
    again = dev.push(*sent)
    assert [r["status"] for r in again] == ["duplicate"] * 4
    assert [r["first_status"] for r in again] == ["rejected", "rejected", "applied", "applied"]
    assert [r["code"] for r in again[:2]] == ["tx_failed", "demand_transition"]
    assert _row(world, "demand", half_id) is None
    # the request draws its change sequences together; the rolled-back group's are used again
    assert results[3]["server_version"] == results[2]["server_version"] + 1
    after = dev.push_one("demand", new_id(), changes=demand_values(eid, sid))
    if world.engine.dialect.name == "sqlite":  # versions stay dense: nothing lost to the rollback
        assert results[2]["server_version"] == before + 1
        assert after["server_version"] == results[3]["server_version"] + 1


def test_replayed_and_reordered_batches_have_one_effect_each(world: World) -> None:
    sid, eid = _setup(world)
    dev = world.login("zhang")
    did = new_id()
    create = dev.mutation("demand", did, changes=demand_values(eid, sid))
    first = dev.push(create)[0]
    edit = dev.mutation("demand", did, "update", {"description": "二"}, base_version=first["server_version"])
    other = dev.mutation("demand", new_id(), changes=demand_values(eid, sid))
    dev.push(edit, other)
    again = dev.push(other, edit, create)  # a retry after a lost response, in another order
    assert [r["status"] for r in again] == ["duplicate"] * 3
    with world.engine.connect() as conn:
        n = conn.execute(
            text("SELECT count(*) FROM server_audit WHERE row_id IN (:a, :b)"),
            {"a": did, "b": other["row_id"]},
        ).scalar()
    assert n == 3
    row = _row(world, "demand", did)
    assert row is not None and row.data["description"] == "二"


def test_illegal_demand_transition_is_rejected_legal_multi_step_is_applied(world: World) -> None:
    sid, eid = _setup(world)
    dev = world.login("zhang")
    did = new_id()
    v = dev.push_one("demand", did, changes=demand_values(eid, sid, state="closed"))[
        "server_version"
    ]  # on the spot
    res = dev.push_one("demand", did, "update", {"state": "in_progress"}, base_version=v)
    assert res["status"] == "rejected" and res["code"] == "demand_transition"
    assert "诉求状态不能" in res["reason"]
    res = dev.push_one("demand", did, "update", {"state": "archived"}, base_version=v)
    assert res["status"] == "applied"


def test_submitted_record_is_immutable_and_its_hash_checked(world: World) -> None:
    sid, eid = _setup(world)
    dev = world.login("zhang")
    values = {
        "enterprise_id": eid,
        "staff_id": sid,
        "visit_at": "2026-11-21T02:30:00+00:00",
        "content": "走访",
    }
    bad = dev.push_one(
        "servicerecord", new_id(), changes={**values, "status": "submitted", "content_hash": "0" * 64}
    )
    assert bad["status"] == "rejected" and bad["code"] == "record_hash"
    rid = new_id()
    model = ServiceRecord.model_validate(
        values
    )  # as the desktop hashes it: every content field, defaults too
    good_hash = records.content_hash({f: getattr(model, f) for f in records.CONTENT_FIELDS})
    res = dev.push_one(
        "servicerecord", rid, changes={**values, "status": "submitted", "content_hash": good_hash}
    )
    assert res["status"] == "applied"
    review = dev.push_one(
        "servicerecord", rid, "update", {"status": "reviewed"}, base_version=res["server_version"]
    )
    assert review["status"] == "rejected" and review["code"] == "role"  # only a supervisor reviews
    back = dev.push_one(
        "servicerecord",
        rid,
        "update",
        {"status": "returned", "review_note": "自己退回"},
        base_version=res["server_version"],
    )
    assert back["status"] == "rejected" and back["code"] == "role"  # 退回修改 too
    edit = dev.push_one(
        "servicerecord", rid, "update", {"content": "改了"}, base_version=res["server_version"]
    )
    assert edit["status"] == "rejected" and edit["code"] == "record_immutable"
    gone = dev.push_one("servicerecord", rid, "delete", base_version=res["server_version"])
    assert gone["status"] == "rejected"
    row = _row(world, "servicerecord", rid)
    assert row is not None and row.data["content"] == "走访" and not row.deleted
    world.user("boss", role="supervisor")
    boss = world.login("boss")
    done = boss.push_one(
        "servicerecord",
        rid,
        "update",
        {"status": "reviewed", "review_note": "好"},
        base_version=res["server_version"],
    )
    assert done["status"] == "applied"


def test_invalid_credit_code_and_missing_fields_are_rejected(world: World) -> None:
    world.user("zhang")
    dev = world.login("zhang")
    res = dev.push_one(
        "enterprise", new_id(), changes={"name": "新企业", "credit_code": "123", "zone_id": world.zone}
    )
    assert res["status"] == "rejected" and res["code"] == "credit_code"
    res = dev.push_one("demand", new_id(), changes={"description": "x"})
    assert res["status"] == "rejected" and res["code"] in ("invalid", "scope")
    res = dev.push_one("nosuchtable", new_id(), changes={})
    assert res["code"] == "unknown_table"


def test_credit_code_created_on_two_laptops_answers_use_id_x(world: World) -> None:
    world.user("zhang")
    world.user("li")
    a, b = world.login("zhang"), world.login("li")
    code = credit_code()
    first, second = new_id(), new_id()
    ra = a.push_one("enterprise", first, changes={"name": "甲", "credit_code": code, "zone_id": world.zone})
    rb = b.push_one(
        "enterprise", second, changes={"name": "甲公司", "credit_code": code.lower(), "zone_id": world.zone}
    )
    assert ra["status"] == "applied"
    assert rb["status"] == "rejected" and rb["code"] == "credit_code_exists" and rb["existing_id"] == first
    assert first in rb["reason"]


def test_login_created_twice_answers_use_id_x(world: World) -> None:
    world.user("admin", role="admin")
    sid = world.user("zhang")
    adm = world.login("admin")
    res = adm.push_one("staff", new_id(), changes={"name": "张三", "login": "zhang", "zone_id": world.zone})
    assert res["status"] == "rejected" and res["code"] == "login_exists" and res["existing_id"] == sid


def test_different_fields_merge_same_sensitive_field_is_a_conflict(world: World) -> None:
    sid, eid = _setup(world)
    laptop, office = world.login("zhang", "laptop"), world.login("zhang", "office")
    did = new_id()
    v1 = laptop.push_one("demand", did, changes=demand_values(eid, sid))["server_version"]
    # both edit from v1: different fields merge
    r1 = laptop.push_one("demand", did, "update", {"description": "缺电严重"}, base_version=v1)
    r2 = office.push_one("demand", did, "update", {"department": "供电局"}, base_version=v1)
    assert r1["status"] == r2["status"] == "applied"
    row = _row(world, "demand", did)
    assert row is not None and row.data["description"] == "缺电严重" and row.data["department"] == "供电局"
    # the same sensitive field: the later-received edit wins and the result says conflict
    r3 = laptop.push_one(
        "demand", did, "update", {"deadline": "2026-12-01"}, base_version=r2["server_version"]
    )
    r4 = office.push_one(
        "demand", did, "update", {"deadline": "2026-12-05"}, base_version=r2["server_version"]
    )
    assert r3["status"] == "applied"
    assert r4["status"] == "conflict"
    assert r4["conflicts"] == [{"field": "deadline", "kept_value": "2026-12-05", "lost_value": "2026-12-01"}]
    row = _row(world, "demand", did)
    assert row is not None and row.data["deadline"] == "2026-12-05"
    with world.engine.connect() as conn:
        kept = conn.execute(text("SELECT field, lost_value FROM server_conflict")).all()
    assert [k[0] for k in kept] == ["deadline"]
    # a non-sensitive same-field edit: later wins, no conflict
    r5 = laptop.push_one("demand", did, "update", {"description": "A"}, base_version=r2["server_version"])
    assert r5["status"] == "applied"


def test_deleted_rows_become_tombstones_and_refuse_edits(world: World) -> None:
    sid, eid = _setup(world)
    dev = world.login("zhang")
    did = new_id()
    v = dev.push_one("demand", did, changes=demand_values(eid, sid))["server_version"]
    assert dev.push_one("demand", did, "delete", base_version=v)["status"] == "applied"
    row = _row(world, "demand", did)
    assert row is not None and row.deleted
    res = dev.push_one("demand", did, "update", {"description": "x"}, base_version=v)
    assert res["status"] == "rejected" and res["code"] == "deleted"


def test_audit_names_who_from_which_device(world: World) -> None:
    sid, eid = _setup(world)
    dev = world.login("zhang", "laptop-7")
    did = new_id()
    dev.push_one("demand", did, changes=demand_values(eid, sid))
    with world.engine.connect() as conn:
        who, device, op = conn.execute(
            text("SELECT staff_id, device_id, op FROM server_audit WHERE row_id = :r"), {"r": did}
        ).one()
    assert (who, device, op) == (sid, "laptop-7", "create")


def test_a_mutation_of_an_unsupported_schema_version_is_rejected(world: World) -> None:
    sid, eid = _setup(world)
    dev = world.login("zhang")
    m = dev.mutation("demand", new_id(), changes=demand_values(eid, sid))
    m["schema_version"] = 999
    res = dev.push(m)[0]
    assert res["status"] == "rejected" and res["code"] == "schema"


def test_an_admin_edit_of_a_staff_row_changes_what_that_account_may_do(world: World) -> None:
    world.user("root", role="admin")
    sid = world.user("zhang")
    root, zhang = world.login("root"), world.login("zhang")
    res = root.push_one("staff", sid, "update", {"active": False}, base_version=1)
    assert res["status"] == "applied"
    assert zhang.client.get("/api/v1/pull", headers=zhang.headers).status_code == 401


def test_the_server_keeps_the_devices_creation_time_and_stamps_receipt(world: World) -> None:
    sid, eid = _setup(world)
    dev = world.login("zhang")
    did = new_id()
    dev.push_one(
        "demand", did, changes={**demand_values(eid, sid), "created_at": "2026-11-20T01:00:00+00:00"}
    )
    row = _row(world, "demand", did)
    assert row is not None and row.data["created_at"].startswith("2026-11-20T01:00")
    assert row.data["updated_at"].startswith(world.clock().date().isoformat())


def test_a_constraint_the_checks_miss_is_a_rejection_not_a_stuck_queue(world: World) -> None:
    """Staff logins are unique in the accounts too: renaming a staff row to another account's login
    (whose staff row was deleted) breaks that constraint; the push answers, the next one goes on."""
    world.user("root", role="admin")
    zhang = world.user("zhang")
    li = world.user("li")
    root = world.login("root")
    assert root.push_one("staff", li, "delete", base_version=1)["status"] == "applied"
    res = root.push(
        root.mutation("staff", zhang, "update", {"login": "li"}, base_version=1),
        root.mutation("zone", new_id(), changes={"name": "新区"}),
    )
    assert [r["status"] for r in res] == ["rejected", "applied"]
    assert res[0]["code"] == "invalid"


def test_a_row_created_and_deleted_offline_arrives_as_a_tombstone(world: World) -> None:
    """The outbox folds a delete into a create that was never sent (one create with
    ``deleted: true``): the server stores a tombstone, not a live row (found by the stateful
    sync test: a draft written and discarded offline came back to life on the server)."""
    sid, eid = _setup(world)
    dev = world.login("zhang")
    did = new_id()
    res = dev.push_one("demand", did, changes={**demand_values(eid, sid), "deleted": True})
    assert res["status"] == "applied"
    row = _row(world, "demand", did)
    assert row is not None and row.deleted
    rows, _ = world.login("zhang", device_id="other").pull_all()
    assert rows[("demand", did)]["deleted"] is True


def test_unknown_service_item_code_is_rejected(world: World) -> None:
    """Issue 12 §20: the server refuses a record naming an item outside the catalogue."""
    sid, eid = _setup(world)
    dev = world.login("zhang")
    values = {
        "enterprise_id": eid,
        "staff_id": sid,
        "visit_at": "2026-11-21T02:30:00+00:00",
        "status": "draft",
    }
    rid = new_id()
    bad = dev.push_one("servicerecord", rid, changes={**values, "service_items": ["bogus_item_code"]})
    assert bad["status"] == "rejected" and bad["code"] == "service_item"
    assert "bogus_item_code" in bad["reason"] and _row(world, "servicerecord", rid) is None
    good = dev.push_one("servicerecord", rid, changes={**values, "service_items": ["operation.policy"]})
    assert good["status"] == "applied"
    edit = dev.push_one(
        "servicerecord", rid, "update", {"service_items": ["nope"]}, base_version=good["server_version"]
    )
    assert edit["status"] == "rejected" and edit["code"] == "service_item"


def test_demand_events_carry_their_decisions_and_policy_corrections_are_told_once(world: World) -> None:
    """Issue 12 §12/§13: a demand event's department, person, deadline and satisfaction travel
    and are checked as text like the demand's; a 补正 notice lists its corrections and is given
    once, on the server as on the desktop."""
    sid, eid = _setup(world)
    dev = world.login("zhang")
    did = new_id()
    dev.push_one("demand", did, changes=demand_values(eid, sid))
    assign = {
        "demand_id": did,
        "enterprise_id": eid,
        "from_state": "collected",
        "to_state": "assigned",
        "at": "2026-11-21T02:00:00+00:00",
        "actor_id": sid,
        "department": "区经信局",
        "responsible_person": "王科长",
        "deadline": "2026-12-01",
    }
    too_long = dev.push_one("demandevent", new_id(), changes={**assign, "department": "局" * 101})
    assert (
        too_long["status"] == "rejected" and too_long["code"] == "too_long" and "部门" in too_long["reason"]
    )
    ev_id = new_id()
    assert dev.push_one("demandevent", ev_id, changes=assign)["status"] == "applied"
    stored = _row(world, "demandevent", ev_id)
    assert stored is not None
    assert (stored.data["department"], stored.data["responsible_person"], stored.data["deadline"]) == (
        "区经信局",
        "王科长",
        "2026-12-01",
    )

    pid = new_id()
    with world.engine.begin() as conn:
        crud.admin_put(conn, "policy", pid, crud.validated("policy", {"title": "科技创新券"}), world.clock())
    aid = new_id()
    v = dev.push_one(
        "policyapplication", aid, changes={"policy_id": pid, "enterprise_id": eid, "applied_on": "2026-11-20"}
    )["server_version"]
    empty = dev.push_one(
        "policyapplication", aid, "update", {"state": "correction", "corrections": []}, base_version=v
    )
    assert empty["status"] == "rejected" and empty["code"] == "application_correction_empty"
    told = {"state": "correction", "corrections": ["营业执照副本未盖章"], "correction_on": "2026-11-21"}
    v = dev.push_one("policyapplication", aid, "update", told, base_version=v)["server_version"]
    v = dev.push_one(
        "policyapplication",
        aid,
        "update",
        {"state": "accepted", "corrected_on": "2026-11-22"},
        base_version=v,
    )["server_version"]
    again = dev.push_one(
        "policyapplication", aid, "update", {**told, "corrections": ["法人身份证"]}, base_version=v
    )
    assert again["status"] == "rejected" and again["code"] == "application_correction_twice"
    assert "2026-11-21" in again["reason"] and "不能再次要求补正" in again["reason"]
    row = _row(world, "policyapplication", aid)
    assert (
        row is not None
        and row.data["state"] == "accepted"
        and row.data["corrections"] == ["营业执照副本未盖章"]
    )


def test_a_request_sees_what_its_earlier_mutations_wrote(world: World) -> None:
    """A push writes its rows together at the end of the request (fieldkit/server/rowwrites.py):
    until then every later mutation of the same request still sees them — a credit code taken, a
    demand's event history, a row created then edited — and a failing group forgets only its own."""
    sid, eid = _setup(world)
    dev = world.login("zhang")
    code = credit_code()
    first, second, did, d2 = new_id(), new_id(), new_id(), new_id()
    step = {"demand_id": did, "enterprise_id": eid, "at": "2026-11-21T02:00:00+00:00", "actor_id": sid}
    results = dev.push(
        dev.mutation("enterprise", first, changes={"name": "甲", "credit_code": code, "zone_id": world.zone}),
        dev.mutation(
            "enterprise", second, changes={"name": "乙", "credit_code": code.lower(), "zone_id": world.zone}
        ),
        dev.mutation("demand", did, changes=demand_values(eid, sid)),
        dev.mutation(
            "demandevent", new_id(), changes={**step, "from_state": "collected", "to_state": "assigned"}
        ),
        # legal only after the event above: the history is read with the request's own writes
        dev.mutation(
            "demandevent", new_id(), changes={**step, "from_state": "assigned", "to_state": "in_progress"}
        ),
        dev.mutation("demand", d2, changes=demand_values(eid, sid)),
        dev.mutation("demand", d2, "update", {"description": "二"}),
        # a group that edits d2 again and then fails: d2 keeps the edit above
        *(
            tx := new_id(),
            dev.mutation("demand", d2, "update", {"description": "三"}, tx_id=tx),
            dev.mutation("demand", new_id(), changes=demand_values(eid, sid, state="nonsense"), tx_id=tx),
        )[1:],
    )
    assert [r["status"] for r in results] == ["applied", "rejected", *["applied"] * 5, "rejected", "rejected"]
    assert results[1]["code"] == "credit_code_exists" and results[1]["existing_id"] == first
    assert results[7]["code"] == "tx_failed"
    assert _row(world, "enterprise", second) is None
    edited = _row(world, "demand", d2)
    assert edited is not None and edited.data["description"] == "二"
    assert edited.version == results[6]["server_version"]
    assert edited.field_versions["description"] == results[6]["server_version"]
    with world.engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM server_row WHERE table_name = 'demandevent'")).scalar()
        audits = conn.execute(text("SELECT count(*) FROM server_audit WHERE row_id = :r"), {"r": d2}).scalar()
    assert n == 2 and audits == 2
