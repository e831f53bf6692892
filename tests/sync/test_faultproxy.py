"""The fault proxy itself: each fault kind is observable from the client and from the server's
database, against the real server process."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from fieldkit.models import SCHEMA_VERSION, new_id
from fieldkit.server.tables import ledger, server_row
from fieldkit.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, SCHEMA_HEADER

from .faultproxy import FAULTS, Chaos, Fault, FaultProxy, Script
from .harness import PASSWORD, ServerProcess, Zone, serving

HEADERS = {PROTOCOL_HEADER: str(PROTOCOL_VERSION), SCHEMA_HEADER: str(SCHEMA_VERSION)}
PUSH = "/api/v1/push"


class Setup:
    def __init__(self, server: ServerProcess, zone: Zone, proxy: FaultProxy) -> None:
        self.server, self.zone, self.proxy = server, zone, proxy
        self.sid = zone.staff["zhang"]
        self.eid = zone.enterprise("甲公司", assign_to="zhang")
        r = requests.post(
            f"{server.url}/api/v1/login",
            headers=HEADERS,
            json={"login": "zhang", "password": PASSWORD, "device_id": "lap"},
            timeout=30,
        )
        assert r.status_code == 200, r.text
        self.headers = {**HEADERS, "Authorization": f"Bearer {r.json()['token']}"}
        self.seq = 0

    def mutation(self) -> dict[str, Any]:
        self.seq += 1
        return {
            "mutation_id": new_id(),
            "device_id": "lap",
            "device_seq": self.seq,
            "tx_id": "",
            "table": "demand",
            "row_id": new_id(),
            "op": "create",
            "base_version": 0,
            "changes": {"enterprise_id": self.eid, "staff_id": self.sid, "description": "缺电" * 50},
            "schema_version": SCHEMA_VERSION,
        }

    def push(self, m: dict[str, Any], via_proxy: bool = True) -> requests.Response:
        base = self.proxy.url if via_proxy else self.server.url
        return requests.post(
            f"{base}{PUSH}", headers=self.headers, json={"mutations": [m], "cursor": 0}, timeout=60
        )

    def in_ledger(self, m: dict[str, Any]) -> int:
        with self.zone.engine.connect() as conn:
            return int(
                conn.scalar(
                    select(func.count()).select_from(ledger).where(ledger.c.mutation_id == m["mutation_id"])
                )
                or 0
            )

    def rows(self, m: dict[str, Any]) -> int:
        with self.zone.engine.connect() as conn:
            return int(
                conn.scalar(
                    select(func.count()).select_from(server_row).where(server_row.c.id == m["row_id"])
                )
                or 0
            )


@pytest.fixture(scope="module")
def module_setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, Zone]]:
    data = tmp_path_factory.mktemp("proxy") / "server"
    zone = Zone(data)
    zone.user("zhang")
    with serving(data) as srv:
        yield srv, zone
    zone.close()


@pytest.fixture
def s(module_setup: tuple[ServerProcess, Zone]) -> Iterator[Setup]:
    srv, zone = module_setup
    with FaultProxy(srv.port, server=srv) as proxy:
        yield Setup(srv, zone, proxy)


def _status_of(r: requests.Response) -> str:
    return str(r.json()["results"][0]["status"])


def test_pass_forwards_request_and_answer(s: Setup) -> None:
    m = s.mutation()
    r = s.push(m)
    assert r.status_code == 200 and _status_of(r) == "applied"
    assert s.in_ledger(m) == 1
    assert s.proxy.counts() == {Fault.PASS: 1}
    (e,) = s.proxy.events
    assert (e.method, e.path, e.upstream_statuses) == ("POST", PUSH, (200,))


def test_drop_never_reaches_the_server(s: Setup) -> None:
    s.proxy.plan = Script([Fault.DROP])
    m = s.mutation()
    with pytest.raises(requests.ConnectionError):
        s.push(m)
    assert s.in_ledger(m) == 0
    assert _status_of(s.push(m)) == "applied"  # the first delivery to arrive
    assert s.proxy.counts()[Fault.DROP] == 1


def test_drop_response_after_the_server_committed(s: Setup) -> None:
    s.proxy.plan = Script([Fault.DROP_RESPONSE])
    m = s.mutation()
    with pytest.raises(requests.ConnectionError):
        s.push(m)
    assert s.in_ledger(m) == 1 and s.rows(m) == 1
    again = s.push(m).json()["results"][0]
    assert (again["status"], again["first_status"]) == ("duplicate", "applied")
    assert s.proxy.faults()[0].upstream_statuses == (200,)


def test_replay_delivers_twice_and_the_client_sees_the_second_answer(s: Setup) -> None:
    s.proxy.plan = Script([Fault.REPLAY])
    m = s.mutation()
    r = s.push(m)
    assert r.status_code == 200 and _status_of(r) == "duplicate"
    assert s.in_ledger(m) == 1 and s.rows(m) == 1
    assert s.proxy.faults()[0].upstream_statuses == (200, 200)


def test_cut_request_body_reaches_the_server_half_way(s: Setup) -> None:
    s.proxy.plan = Script([Fault.CUT_REQUEST])
    m = s.mutation()
    with pytest.raises(requests.ConnectionError):
        s.push(m)
    (e,) = s.proxy.faults()
    assert 0 < e.forwarded_body and e.returned == 0
    assert s.in_ledger(m) == 0
    assert _status_of(s.push(m)) == "applied"


def test_cut_response_body_after_the_server_committed(s: Setup) -> None:
    s.proxy.plan = Script([Fault.CUT_RESPONSE])
    m = s.mutation()
    with pytest.raises((requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        s.push(m).json()
    (e,) = s.proxy.faults()
    assert 0 < e.returned and e.upstream_statuses == (200,)
    assert s.in_ledger(m) == 1


def test_error_500_without_forwarding(s: Setup) -> None:
    s.proxy.plan = Script([Fault.ERROR_500])
    m = s.mutation()
    r = s.push(m)
    assert r.status_code == 500
    assert s.in_ledger(m) == 0
    assert s.proxy.faults()[0].upstream_statuses == ()


def test_delay_answers_intact(s: Setup) -> None:
    s.proxy.delay_seconds = 0.05
    s.proxy.plan = Script([Fault.DELAY])
    m = s.mutation()
    assert _status_of(s.push(m)) == "applied"
    assert s.proxy.counts()[Fault.DELAY] == 1


def test_kill_server_restarts_it_on_the_same_port_and_data(s: Setup) -> None:
    before_pid = s.server.proc.pid if s.server.proc else None
    kills = s.server.kills
    kept = s.mutation()
    assert _status_of(s.push(kept)) == "applied"
    s.proxy.plan = Script([Fault.KILL_SERVER])
    m = s.mutation()
    with pytest.raises(requests.ConnectionError):
        s.push(m)
    assert s.server.kills == kills + 1 and s.server.running
    assert s.server.proc is not None and s.server.proc.pid != before_pid
    # the same port answers again, the token and the committed data survived
    assert requests.get(f"{s.proxy.url}/healthz", timeout=30).status_code == 200
    assert _status_of(s.push(kept)) == "duplicate"
    assert _status_of(s.push(m)) in ("applied", "duplicate")  # killed before or after its commit
    assert s.in_ledger(m) == 1


def test_kill_after_commit_keeps_the_committed_mutation(s: Setup) -> None:
    kills = s.server.kills
    s.proxy.plan = Script([Fault.KILL_AFTER_COMMIT])
    m = s.mutation()
    with pytest.raises(requests.ConnectionError):
        s.push(m)
    assert s.server.kills == kills + 1
    assert s.proxy.faults()[0].upstream_statuses == (200,)
    again = s.push(m).json()["results"][0]
    assert (again["status"], again["first_status"]) == ("duplicate", "applied")


def test_script_applies_only_to_matching_paths_and_then_passes(s: Setup) -> None:
    s.proxy.plan = Script([Fault.ERROR_500, Fault.ERROR_500], only=[PUSH])
    assert requests.get(f"{s.proxy.url}/healthz", timeout=30).status_code == 200
    assert s.push(s.mutation()).status_code == 500
    assert s.push(s.mutation()).status_code == 500
    assert s.push(s.mutation()).status_code == 200
    assert s.proxy.counts() == {Fault.PASS: 2, Fault.ERROR_500: 2}
    assert [e.path for e in s.proxy.faults()] == [PUSH, PUSH]


def test_chunked_request_body_is_forwarded(s: Setup) -> None:
    import json

    m = s.mutation()
    payload = json.dumps({"mutations": [m], "cursor": 0}).encode()
    r = requests.post(
        f"{s.proxy.url}{PUSH}",
        headers={**s.headers, "Content-Type": "application/json"},
        data=iter([payload[:100], payload[100:]]),  # a generator body goes out chunked
        timeout=60,
    )
    assert r.status_code == 200 and _status_of(r) == "applied"


def test_chaos_is_repeatable_from_its_seed() -> None:
    def draws(seed: int) -> list[Fault]:
        plan = Chaos(random.Random(seed), rate=0.5, only=[PUSH])
        return [plan("POST", PUSH if i % 3 else "/healthz") for i in range(60)]

    a, b = draws(7), draws(7)
    assert a == b and a != draws(8)
    assert {f for i, f in enumerate(a) if i % 3 == 0} == {Fault.PASS}
    assert len({f for f in a if f is not Fault.PASS}) > 3
    assert set(a) <= {Fault.PASS, *FAULTS}
