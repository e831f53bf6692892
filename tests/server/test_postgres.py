"""The same server on a real PostgreSQL: concurrent writers and a puller that never misses a
committed change; concurrent replays with one effect. Needs FIELDKIT_TEST_POSTGRES_URL (e.g.
postgresql+psycopg://fk@127.0.0.1:55432/postgres); each test makes and drops its own database."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, text

from fieldkit.models import SCHEMA_VERSION, new_id
from fieldkit.server import crud
from fieldkit.server import pull as pull_mod
from fieldkit.server import push as push_mod
from fieldkit.server.db import create_schema, make_engine, next_seq, write_transaction
from fieldkit.server.settings import Settings
from fieldkit.sync.protocol import Mutation, PushRequest

from .conftest import credit_code, demand_values, postgres_database

URL = os.environ.get("FIELDKIT_TEST_POSTGRES_URL", "")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not URL, reason="FIELDKIT_TEST_POSTGRES_URL is not set"),
]
NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


@pytest.fixture
def pg_url() -> Iterator[str]:
    with postgres_database() as url:
        yield url


def _world(url: str) -> tuple[Engine, crud.Actor, str, str]:
    settings = Settings(database_url=url, argon2_time_cost=1, argon2_memory_kib=1024)
    engine = make_engine(settings)
    create_schema(engine)
    with engine.begin() as conn:
        zone = crud.zone_add(conn, name="高新区", now=NOW)
        sid = crud.user_add(
            conn, login="zhang", name="张三", role="assistant", zone_id=zone, password="pw", now=NOW
        )
        eid = crud.enterprise_add(conn, name="甲", credit_code=credit_code(), zone_id=zone, now=NOW)
        crud.assign(conn, staff_id=sid, enterprise_id=eid, today=date(2026, 11, 21), now=NOW)
    return engine, crud.Actor(sid, "assistant", zone, "lap"), sid, eid


def _mutation(sid: str, eid: str, seq: int) -> Mutation:
    return Mutation(
        mutation_id=new_id(),
        device_id="lap",
        device_seq=seq,
        table="demand",
        row_id=new_id(),
        op="create",
        changes=demand_values(eid, sid),
        schema_version=SCHEMA_VERSION,
    )


def test_many_concurrent_writers_and_a_puller_that_never_misses_a_commit(pg_url: str) -> None:
    engine, actor, sid, eid = _world(pg_url)
    written: list[str] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for k in range(10):
                m = _mutation(sid, eid, n * 100 + k)
                assert push_mod.push(engine, actor, PushRequest(mutations=[m]), NOW)[0].status == "applied"
                with lock:
                    written.append(m.row_id)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    seen: set[str] = set()
    cursors = [0]
    done = threading.Event()

    def puller() -> None:
        while not done.is_set():
            page = pull_mod.pull(engine, actor, cursors[-1], 7)
            seen.update(str(r.values["id"]) for r in page.rows)
            cursors.append(page.cursor)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    p = threading.Thread(target=puller)
    p.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    p.join()
    assert not errors
    while True:
        page = pull_mod.pull(engine, actor, cursors[-1], 100)
        seen.update(str(r.values["id"]) for r in page.rows)
        cursors.append(page.cursor)
        if not page.has_more:
            break
    assert cursors == sorted(cursors)  # a cursor never goes back
    assert len(written) == 80 and set(written) <= seen


def test_the_same_mutation_sent_concurrently_has_one_effect(pg_url: str) -> None:
    engine, actor, sid, eid = _world(pg_url)
    m = _mutation(sid, eid, 1)
    statuses: list[str] = []

    def send() -> None:
        statuses.extend(r.status for r in push_mod.push(engine, actor, PushRequest(mutations=[m]), NOW))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == ["applied"] + ["duplicate"] * 5
    with engine.connect() as conn:
        n = conn.execute(
            text("SELECT count(*) FROM server_audit WHERE row_id = :r"), {"r": m.row_id}
        ).scalar()
    assert n == 1


def test_two_server_processes_on_one_database(pg_url: str) -> None:
    """No state in process memory: a token from one process works on the other, a replay sent to
    the other is a duplicate, and pulls alternating between them see every change once."""
    import requests

    from .test_process import HEADERS, _attachment_round_trip, running_server

    _engine, _actor, sid, eid = _world(pg_url)
    with running_server("--database-url", pg_url) as a, running_server("--database-url", pg_url) as b:
        with requests.Session() as http:
            http.headers.update(HEADERS)
            r = http.post(f"{a}/api/v1/login", json={"login": "zhang", "password": "pw", "device_id": "lap"})
            assert r.status_code == 200, r.text
            http.headers["Authorization"] = f"Bearer {r.json()['token']}"
            sent = [_mutation(sid, eid, k).model_dump(mode="json") | {"device_id": "lap"} for k in range(6)]
            for k, m in enumerate(sent):
                base = (a, b)[k % 2]
                res = http.post(f"{base}/api/v1/push", json={"mutations": [m], "cursor": 0}).json()["results"]
                assert res[0]["status"] == "applied"
            replay = http.post(f"{b}/api/v1/push", json={"mutations": sent[:1], "cursor": 0}).json()[
                "results"
            ]
            assert replay[0]["status"] == "duplicate"
            seen: list[str] = []
            cursor, k = 0, 0
            while True:
                page = http.get(f"{(a, b)[k % 2]}/api/v1/pull", params={"cursor": cursor, "limit": 2}).json()
                seen += [row["values"]["id"] for row in page["rows"] if row["table"] == "demand"]
                cursor, k = page["cursor"], k + 1
                if not page["has_more"]:
                    break
            assert sorted(seen) == sorted(m["row_id"] for m in sent)
            # attachment bytes live in the database: chunks alternate between the processes
            _attachment_round_trip(http, [a, b], eid, device_seq=100)


def _fresh(method: str, url: str, **kw: Any) -> Any:
    """One request on its own connection, so the workers' shared socket may hand it to either."""
    import requests

    headers = {**kw.pop("headers", {}), "Connection": "close"}
    return requests.request(method, url, headers=headers, timeout=30, **kw)


def test_workers_2_serve_one_database(pg_url: str) -> None:
    """``fieldkit server --workers 2``: two processes behind one port; whichever answers, a token,
    a replay, the pull cursor and a login lock-out mean the same."""
    from .test_process import HEADERS, running_server

    _engine, _actor, sid, eid = _world(pg_url)
    with running_server("--database-url", pg_url, "--workers", "2") as base:
        workers: set[int] = set()
        for _ in range(400):  # bounded: until both workers have answered once
            workers.add(int(_fresh("GET", f"{base}/healthz").json()["worker"]))
            if len(workers) == 2:
                break
        assert len(workers) == 2, "only one worker process answered"
        r = _fresh("POST", f"{base}/api/v1/login", headers=HEADERS, json=_login("pw"))
        assert r.status_code == 200, r.text
        auth = {**HEADERS, "Authorization": f"Bearer {r.json()['token']}"}
        sent = [_mutation(sid, eid, k).model_dump(mode="json") for k in range(8)]
        for m in sent:
            res = _fresh("POST", f"{base}/api/v1/push", headers=auth, json={"mutations": [m], "cursor": 0})
            assert res.json()["results"][0]["status"] == "applied"
        for m in sent[:3]:  # replays, answered by whichever worker
            res = _fresh("POST", f"{base}/api/v1/push", headers=auth, json={"mutations": [m], "cursor": 0})
            assert res.json()["results"][0]["status"] == "duplicate"
        seen: list[str] = []
        cursor = 0
        for _ in range(100):
            page = _fresh(
                "GET", f"{base}/api/v1/pull", headers=auth, params={"cursor": cursor, "limit": 3}
            ).json()
            seen += [row["values"]["id"] for row in page["rows"] if row["table"] == "demand"]
            assert page["cursor"] >= cursor
            cursor = page["cursor"]
            if not page["has_more"]:
                break
        assert sorted(seen) == sorted(m["row_id"] for m in sent)
        # the login lock-out is in the database: every worker enforces it
        for _ in range(5):
            assert (
                _fresh("POST", f"{base}/api/v1/login", headers=HEADERS, json=_login("wrong")).status_code
                == 401
            )
        for _ in range(6):
            assert (
                _fresh("POST", f"{base}/api/v1/login", headers=HEADERS, json=_login("pw")).status_code == 429
            )


def _login(password: str) -> dict[str, str]:
    return {"login": "zhang", "password": password, "device_id": "lap"}


def test_a_writer_that_took_its_sequence_first_holds_the_pull_cursor_back(pg_url: str) -> None:
    """The out-of-order commit, made to happen: writer A takes a change sequence and stays open;
    writer B (a push beside it, not waiting for it) commits a larger one. A pull must not hand
    out a cursor past A's sequence until A has ended, and then sees both."""
    engine, actor, sid, eid = _world(pg_url)
    a_id = new_id()
    slow = write_transaction(engine, shared=True)
    conn = slow.__enter__()
    a_data = crud.validated("demand", {"id": a_id, **demand_values(eid, sid)})
    a_seq = crud.put_row(
        conn,
        table="demand",
        row_id=a_id,
        data=a_data,
        op="create",
        changed=set(a_data),
        who=sid,
        device_id="lap",
        mutation_id=None,
        received_at=NOW,
        previous=None,
    )
    b = _mutation(sid, eid, 1)
    results: list[Any] = []
    t = threading.Thread(
        target=lambda: results.extend(push_mod.push(engine, actor, PushRequest(mutations=[b]), NOW))
    )
    t.start()
    t.join(timeout=120)
    assert not t.is_alive(), "a push waited for another writer's transaction"
    assert results[0].status == "applied" and results[0].server_version > a_seq
    page = pull_mod.pull(engine, actor, 0, 1000)
    ids = {str(r.values["id"]) for r in page.rows}
    assert page.cursor < a_seq and b.row_id not in ids and a_id not in ids
    assert pull_mod.pull(engine, actor, page.cursor, 1000).cursor == page.cursor  # not yet
    slow.__exit__(None, None, None)  # A commits
    later = pull_mod.pull(engine, actor, page.cursor, 1000)
    assert {a_id, b.row_id} <= {str(r.values["id"]) for r in later.rows}
    assert later.cursor >= results[0].server_version


def test_a_writer_that_rolls_back_releases_the_pull_horizon(pg_url: str) -> None:
    engine, actor, sid, eid = _world(pg_url)
    before = pull_mod.pull(engine, actor, 0, 1000).cursor
    slow = write_transaction(engine, shared=True)
    conn = slow.__enter__()
    taken = next_seq(conn)
    assert pull_mod.pull(engine, actor, before, 1000).cursor == before  # held back by the open writer
    try:
        raise RuntimeError("the writer fails")
    except RuntimeError as exc:
        assert slow.__exit__(type(exc), exc, exc.__traceback__) is not True  # rolled back
    m = _mutation(sid, eid, 1)
    assert push_mod.push(engine, actor, PushRequest(mutations=[m]), NOW)[0].status == "applied"
    page = pull_mod.pull(engine, actor, before, 1000)
    assert page.cursor > taken and m.row_id in {str(r.values["id"]) for r in page.rows}


def test_concurrent_pushes_to_one_row_lose_no_field(pg_url: str) -> None:
    """Pushes run side by side on PostgreSQL; two touching the same row apply one after the other
    (each reads the row as the other committed it), so no edit of another field is lost."""
    engine, actor, sid, eid = _world(pg_url)
    m = _mutation(sid, eid, 1)
    assert push_mod.push(engine, actor, PushRequest(mutations=[m]), NOW)[0].status == "applied"
    fields = ["description", "department", "responsible_person", "overdue_explanation"]
    errors: list[BaseException] = []

    def editor(n: int, field: str) -> None:
        try:
            for k in range(8):
                edit = m.model_copy(
                    update={
                        "mutation_id": new_id(),
                        "device_seq": 100 * (n + 1) + k,
                        "op": "update",
                        "changes": {field: f"{field}-{k}"},
                    }
                )
                assert push_mod.push(engine, actor, PushRequest(mutations=[edit]), NOW)[0].status == "applied"
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=editor, args=(n, f)) for n, f in enumerate(fields)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with engine.connect() as conn:
        row = crud.get_row(conn, "demand", m.row_id)
    assert row is not None
    assert {f: row.data[f] for f in fields} == {f: f"{f}-7" for f in fields}


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _terminate(url: str, pid: int) -> None:
    killer = make_engine(Settings(database_url=url))
    with killer.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar_one()
        # gone once pg_stat_activity no longer lists it (bounded: no sleep as synchronisation)
        for _ in range(10_000):
            if not conn.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE pid = :p"), {"p": pid}
            ).scalar():
                break
            conn.rollback()
    killer.dispose()


def test_an_idle_pooled_connection_dropped_by_the_database_is_replaced_at_checkout(pg_url: str) -> None:
    """Past ``db_ping_idle_seconds`` (0 here: always) a pooled connection is pinged before use: one
    the database dropped is replaced and the request does not fail."""
    engine = make_engine(Settings(database_url=pg_url, db_ping_idle_seconds=0))
    first = _backend_pid(engine)
    _terminate(pg_url, first)
    assert _backend_pid(engine) != first  # no error: the ping found it dropped, a new one served
    engine.dispose()


def test_a_connection_used_moments_ago_is_not_pinged_and_a_drop_costs_one_request(pg_url: str) -> None:
    """Within ``db_ping_idle_seconds`` no ping (a round trip per request saved); a connection the
    database dropped meanwhile fails that one use, the pool is invalidated and the next use works."""
    engine = make_engine(Settings(database_url=pg_url, db_ping_idle_seconds=3600))
    pings: list[int] = []
    real_ping = engine.dialect.do_ping
    engine.dialect.do_ping = lambda dbapi_conn: pings.append(1) or real_ping(dbapi_conn)  # type: ignore[method-assign]
    first = _backend_pid(engine)
    assert _backend_pid(engine) == first and not pings  # the same connection, handed out unpinged
    _terminate(pg_url, first)
    from sqlalchemy.exc import OperationalError

    with pytest.raises(OperationalError):
        _backend_pid(engine)
    assert _backend_pid(engine) != first
    engine.dispose()
