"""Pull: paged by change sequence, tombstones, full resync past the tombstone horizon, and a
puller that never misses a change committed by concurrent writers."""

from __future__ import annotations

import json
import re
import threading
from datetime import timedelta

import pytest

from fieldkit.models import SCHEMA_VERSION, new_id
from fieldkit.server import crud
from fieldkit.server import pull as pull_mod
from fieldkit.server import push as push_mod
from fieldkit.sync.protocol import Mutation, PushRequest, scope_checksum

from .conftest import World, demand_values


def test_pages_follow_the_change_sequence_without_gaps_or_repeats(world: World) -> None:
    sid = world.user("zhang")
    eid = world.enterprise(assign_to="zhang")
    dev = world.login("zhang")
    ids = [new_id() for _ in range(7)]
    dev.push(*(dev.mutation("demand", i, changes=demand_values(eid, sid)) for i in ids))
    seen: list[str] = []
    cursors: list[int] = []
    while True:
        page = dev.pull_page(limit=3)
        assert len(page["rows"]) <= 3
        versions = [r["server_version"] for r in page["rows"] if r["table"] == "demand"]
        assert versions == sorted(versions) and all(v > dev.cursor for v in versions)
        seen += [r["values"]["id"] for r in page["rows"] if r["table"] == "demand"]
        assert page["cursor"] >= dev.cursor
        dev.cursor = page["cursor"]
        cursors.append(dev.cursor)
        if not page["has_more"]:
            break
    assert sorted(seen) == sorted(ids) and len(seen) == len(set(seen))
    assert len(cursors) >= 3
    # nothing new: an empty page at the same cursor
    page = dev.pull_page()
    assert page["rows"] == [] and page["cursor"] == dev.cursor and not page["has_more"]


def test_a_delete_arrives_as_a_tombstone(world: World) -> None:
    sid = world.user("zhang")
    eid = world.enterprise(assign_to="zhang")
    dev = world.login("zhang")
    did = new_id()
    v = dev.push_one("demand", did, changes=demand_values(eid, sid))["server_version"]
    dev.pull_all()
    dev.push_one("demand", did, "delete", base_version=v)
    rows, _ = dev.pull_all()
    assert rows[("demand", did)]["deleted"] is True
    assert rows[("demand", did)]["server_version"] > v


def test_a_cursor_older_than_the_tombstone_horizon_needs_a_full_resync(world: World) -> None:
    sid = world.user("zhang")
    eid = world.enterprise(assign_to="zhang")
    dev = world.login("zhang")
    did = new_id()
    v = dev.push_one("demand", did, changes=demand_values(eid, sid))["server_version"]
    dev.pull_all()
    old_cursor = dev.cursor
    gone = dev.push_one("demand", did, "delete", base_version=v)["server_version"]
    with world.engine.begin() as conn:
        assert crud.purge_tombstones(conn, through_seq=gone) == 1
    page = dev.pull_page()
    assert page["full_resync"] is True and page["cursor"] == 0 and page["rows"] == []
    assert old_cursor < gone
    dev.cursor = 0
    rows, _ = dev.pull_all()
    assert ("demand", did) not in rows and ("enterprise", eid) in rows
    # a cursor from the future (the server's database was restored) is told the same
    dev.cursor += 1000
    assert dev.pull_page()["full_resync"] is True


def test_limit_is_capped_by_the_server(world: World) -> None:
    world.settings.max_page = 2
    world.user("zhang")
    for _ in range(3):
        world.enterprise(assign_to="zhang")
    dev = world.login("zhang")
    page = dev.pull_page(limit=10_000)
    assert len(page["rows"]) <= 2 and page["has_more"]


#: an assistant's page read by walking the version index, or through their enterprises (any span)
PAGE_READS = pytest.mark.parametrize("span", [pull_mod.SCOPE_SPAN, -1], ids=["walk", "scope"])


@PAGE_READS
def test_concurrent_writers_never_hide_a_committed_change_from_a_puller(
    world: World, span: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writers on threads, a puller looping meanwhile: every committed row reaches it.

    On SQLite the writers serialise on the database lock anyway; the same code on PostgreSQL
    serialises on the counter row (that test needs PostgreSQL: not built yet)."""
    monkeypatch.setattr(pull_mod, "SCOPE_SPAN", span)
    sid = world.user("zhang")
    eid = world.enterprise(assign_to="zhang")
    dev = world.login("zhang")
    with world.engine.connect() as conn:
        actor = crud.actor_for_token(conn, dev.token, world.clock())
    assert actor is not None
    written: list[str] = []
    lock = threading.Lock()

    def writer(n: int) -> None:
        for k in range(8):
            rid = new_id()
            m = Mutation(
                mutation_id=new_id(),
                device_id=dev.device_id,
                device_seq=n * 100 + k,
                table="demand",
                row_id=rid,
                op="create",
                changes=demand_values(eid, sid),
                schema_version=SCHEMA_VERSION,
            )
            res = push_mod.push(world.engine, actor, PushRequest(mutations=[m]), world.clock())
            assert res[0].status == "applied"
            with lock:
                written.append(rid)

    seen: set[str] = set()
    cursor = 0
    done = threading.Event()

    def puller() -> None:
        nonlocal cursor
        while not done.is_set():
            page = pull_mod.pull(world.engine, actor, cursor, 5)
            seen.update(str(r.values["id"]) for r in page.rows if r.table == "demand")
            assert page.cursor >= cursor
            cursor = page.cursor

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    p = threading.Thread(target=puller)
    p.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    p.join()
    while True:  # drain what was committed after the puller's last page
        page = pull_mod.pull(world.engine, actor, cursor, 50)
        seen.update(str(r.values["id"]) for r in page.rows if r.table == "demand")
        cursor = page.cursor
        if not page.has_more:
            break
    assert len(written) == 32 and set(written) <= seen


def test_tombstones_are_purged_by_age_of_receipt(world: World) -> None:
    sid = world.user("zhang")
    eid = world.enterprise(assign_to="zhang")
    dev = world.login("zhang")
    old_id, new_row = new_id(), new_id()
    v = dev.push_one("demand", old_id, changes=demand_values(eid, sid))["server_version"]
    gone = dev.push_one("demand", old_id, "delete", base_version=v)["server_version"]
    world.clock.advance(days=40)
    dev = world.login("zhang")  # the old token has expired meanwhile
    v2 = dev.push_one("demand", new_row, changes=demand_values(eid, sid))["server_version"]
    dev.push_one("demand", new_row, "delete", base_version=v2)
    with world.engine.begin() as conn:
        through = crud.seq_before(conn, world.clock() - timedelta(days=30))
        assert through == gone
        assert crud.purge_tombstones(conn, through_seq=through) == 1
        assert crud.get_row(conn, "demand", old_id) is None
        assert crud.get_row(conn, "demand", new_row) is not None


def test_the_scope_checksum_matches_what_a_full_pull_brought(world: World) -> None:
    sid = world.user("zhang")
    world.user("li")
    eid = world.enterprise(assign_to="zhang")
    world.enterprise(assign_to="li")
    dev = world.login("zhang")
    kept, gone = new_id(), new_id()
    dev.push_one("demand", kept, changes=demand_values(eid, sid))
    v = dev.push_one("demand", gone, changes=demand_values(eid, sid))["server_version"]
    dev.push_one("demand", gone, "delete", base_version=v)
    rows, _ = dev.pull_all()
    live = [(t, i, int(r["server_version"])) for (t, i), r in rows.items() if not r["deleted"]]
    r = dev.client.get("/api/v1/checksum", headers=dev.headers)
    assert r.status_code == 200
    body = r.json()
    assert body["cursor"] == dev.cursor and body["count"] == len(live)
    assert body["checksum"] == scope_checksum(live)
    # a device that lost a row sees the difference
    assert scope_checksum(live[1:]) != body["checksum"]


def test_a_supervisors_page_walks_the_change_sequence_index_on_sqlite(world: World) -> None:
    """A page must not collect the whole zone and sort it (that made a full pull quadratic):
    SQLite reads the version index in order and stops at the limit."""
    if world.engine.dialect.name != "sqlite":
        return
    sup = world.user("boss", role="supervisor")
    for _ in range(3):
        world.enterprise()
    actor = crud.Actor(sup, "supervisor", world.zone, "dev-boss")
    query = pull_mod.page_query(world.engine, actor, 0, 100, 501)
    sql = str(query.compile(world.engine, compile_kwargs={"literal_binds": True}))
    with world.engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
        assert len(conn.execute(query).all()) == 3 + 1 + 1  # its enterprises, zone and staff row
    assert "ix_server_row_version" in plan and "TEMP B-TREE" not in plan, plan


@PAGE_READS
def test_a_page_spliced_from_the_stored_text_is_the_page_the_models_would_build(
    world: World, span: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page body is built from each row's stored JSON text, never decoded: it must say what
    decoding the rows (their columns win) and building a PullPage would, incl. a tombstone, a
    grant's rows and a removal, for every page boundary."""
    monkeypatch.setattr(pull_mod, "SCOPE_SPAN", span)
    from sqlalchemy import select

    from fieldkit.server.tables import server_row
    from fieldkit.sync.protocol import PulledRow, PullPage

    sid = world.user("zhang")
    world.user("li")
    eid = world.enterprise(name="甲企业", assign_to="zhang")
    dev = world.login("zhang")
    did = new_id()
    v = dev.push_one("demand", did, changes=demand_values(eid, sid))["server_version"]
    dev.push_one("demand", did, "delete", base_version=v)
    other = world.enterprise(name="乙企业", assign_to="li")
    with world.engine.connect() as conn:
        actor = crud.actor_for_token(conn, dev.token, world.clock())
        stored = {(r.table_name, r.id): r for r in conn.execute(select(server_row))}
    assert actor is not None
    for r in stored.values():  # what the splice relies on: the text holds the columns' values
        assert (r.data["id"], r.data["deleted"], r.data["server_version"]) == (r.id, r.deleted, r.version)
    cursor = pull_mod.pull(world.engine, actor, 0, 10_000).cursor
    world.reassign(other, to="zhang")  # after the cursor: a grant (li's enterprise) and an end
    world.reassign(eid, to="li")
    for start in (0, cursor):
        for limit in (1, 2, 3, 500):
            at = start
            while True:
                body = pull_mod.pull_json(world.engine, actor, at, limit)
                page = PullPage.model_validate_json(body)
                sent = json.loads(body)
                assert sent == json.loads(page.model_dump_json())  # nothing the model would drop or coerce
                assert list(sent) == list(PullPage.model_fields)
                with world.engine.connect() as conn:
                    now = {(r.table_name, r.id): r for r in conn.execute(select(server_row))}
                for got in page.rows:
                    r = now[(got.table, str(got.values["id"]))]
                    want = PulledRow(
                        table=r.table_name,
                        values={**r.data, "deleted": bool(r.deleted), "server_version": int(r.version)},
                        server_version=int(r.version),
                    )
                    assert got == want
                if not page.has_more:
                    break
                at = page.cursor
            assert page.cursor >= at
    # the grant brought the other enterprise's rows, the end a removal (from the cursor on)
    page = pull_mod.pull(world.engine, actor, cursor, 500)
    assert ("enterprise", other) in {(r.table, r.values["id"]) for r in page.rows}
    assert ("enterprise", eid) in {(x.table, x.id) for x in page.removals}


def _pages(world: World, actor: crud.Actor, cursor: int, limit: int) -> list[bytes]:
    pages = []
    while True:
        built = pull_mod.build(world.engine, actor, cursor, limit)
        pages.append(built.body)
        if not built.has_more:
            return pages
        cursor = built.cursor


def test_an_assistants_pages_through_their_enterprises_are_the_pages_of_the_walk(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The two reads of an assistant's page (walk the version index; or their enterprises' rows
    and their rows of no enterprise, merged) send byte for byte the same pages, from every
    cursor and at every page size: another zone's staff, another assistant's enterprises and
    demands, a tombstone, grants and ends of assignments included."""
    sid = world.user("zhang")
    world.user("li")
    world.user("wang", zone=world.other_zone)
    world.enterprise(name="丙", zone=world.other_zone)
    mine = [world.enterprise(name=f"甲{k}", assign_to="zhang") for k in range(3)]
    theirs = [world.enterprise(name=f"乙{k}", assign_to="li") for k in range(2)]
    dev = world.login("zhang")
    li = world.login("li")
    gone = new_id()
    v = dev.push_one("demand", gone, changes=demand_values(mine[0], sid))["server_version"]
    dev.push_one("demand", gone, "delete", base_version=v)
    for eid in mine:
        dev.push_one("demand", new_id(), changes=demand_values(eid, sid))
    li.push_one("demand", new_id(), changes=demand_values(theirs[0], world.staff["li"]))
    with world.engine.connect() as conn:
        actor = crud.actor_for_token(conn, dev.token, world.clock())
    assert actor is not None
    middle = pull_mod.build(world.engine, actor, 0, 4).cursor
    world.reassign(theirs[0], to="zhang")
    world.reassign(mine[1], to="li")
    dev.push_one("demand", new_id(), changes=demand_values(theirs[0], sid))
    for cursor in (0, middle):
        for limit in (1, 2, 3, 5, 500):
            monkeypatch.setattr(pull_mod, "SCOPE_SPAN", 10**12)
            walked = _pages(world, actor, cursor, limit)
            monkeypatch.setattr(pull_mod, "SCOPE_SPAN", -1)
            assert _pages(world, actor, cursor, limit) == walked, (cursor, limit)
    rows = [r for body in walked for r in json.loads(body)["rows"]]
    assert {r["values"]["id"] for r in rows if r["table"] == "enterprise"} >= {mine[0], mine[2], theirs[0]}
    assert not {r["values"]["id"] for r in rows} & {theirs[1], world.staff["wang"]}


def test_an_assistants_first_page_does_not_walk_the_zones_sequence_on_postgres(world: World) -> None:
    """A first pull reads the assistant's own rows, not every change of the zone until the page
    is full — also in the generic plan PostgreSQL uses for a statement psycopg has prepared."""
    if world.engine.dialect.name != "postgresql":
        return
    world.user("zhang")
    for _ in range(3):
        world.enterprise(assign_to="zhang")
    actor = crud.Actor(world.staff["zhang"], "assistant", world.zone, "dev-zhang")
    stmt, params = pull_mod._page_select(world.engine, actor, 0, pull_mod.SCOPE_SPAN + 1, 501)
    compiled = stmt.compile(world.engine)
    values = {**compiled.params, **params}
    names: list[str] = []

    def positional(m: re.Match[str]) -> str:
        if m[1] not in names:
            names.append(m[1])
        return f"${names.index(m[1]) + 1}"

    sql = re.sub(r"%\((\w+)\)s", positional, compiled.string)
    args = ", ".join(
        str(v) if isinstance(v, int) else "'" + str(v).replace("'", "''") + "'"
        for v in (values[n] for n in names)
    )
    with world.engine.connect() as conn:
        conn.exec_driver_sql(f"PREPARE fk_page AS {sql}")
        for mode in ("force_custom_plan", "force_generic_plan"):
            conn.exec_driver_sql(f"SET plan_cache_mode = {mode}")
            plan = "\n".join(str(r[0]) for r in conn.exec_driver_sql(f"EXPLAIN EXECUTE fk_page({args})"))
            assert "ix_server_row_version" not in plan, (mode, plan)
        got = conn.exec_driver_sql(f"EXECUTE fk_page({args})").all()
    assert {r.table_name for r in got} >= {"enterprise", "zone", "staff"}
