"""Sync under faults between real processes (issue 9, "Done means", first bullet).

One real server process per module (its own data folder, a free port), the fault proxy in
front of it, and per test a team of real laptops (own SQLite stores, the real engine) — three
assistants and their supervisor — connected through the proxy. Each test injects faults, then
stops them, lets every laptop sync twice, and checks the promise: every replica equals the
server for its scope (rows, versions, values, checksum), outboxes are empty, attachments' bytes
hash to their names, and nothing is lost or applied twice.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fieldkit.domain.demands import is_legal_path
from fieldkit.server.messages import reason
from fieldkit.server.tables import server_row
from fieldkit.sync.errors import SyncError
from fieldkit.sync.protocol import ATTACHMENT_CHUNK

from . import work
from .convergence import (
    diff,
    duplicate_effects,
    effects,
    local_checksum,
    local_view,
    outbox_states,
    server_view,
)
from .crashclient import CRASHED
from .faultproxy import KILLS, Fault, FaultProxy, Script
from .harness import ROOT, ServerProcess, Zone, serving
from .laptops import Laptop

PUSH, PULL = "/api/v1/push", "/api/v1/pull"
_teams = itertools.count(1)
#: sync rounds after the faults stopped until every replica agreed (docs/reliability.md)
ROUNDS: Counter[int] = Counter()


@dataclass
class Env:
    server: ServerProcess
    zone: Zone
    proxy: FaultProxy
    root: Path


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    root = tmp_path_factory.mktemp("faults")
    zone = Zone(root / "server")
    with serving(root / "server") as srv, FaultProxy(srv.port, server=srv) as proxy:
        yield Env(srv, zone, proxy, root)
        out = os.environ.get("FIELDKIT_RELIABILITY_DIR")
        if out:
            figures = {
                "faults": {k.value: n for k, n in proxy.counts().items()},
                "requests": len(proxy.events),
                "server_starts": srv.starts,
                "server_kills": srv.kills,
                "rounds_to_converge": dict(ROUNDS),
                "duplicate_effects": duplicate_effects(zone.engine),
                "mutations": len(effects(zone.engine)),
            }
            Path(out, "faults.json").write_text(json.dumps(figures, indent=2))
    zone.close()


@dataclass
class Team:
    env: Env
    laptops: dict[str, Laptop] = field(default_factory=dict)
    enterprises: dict[str, str] = field(default_factory=dict)
    #: demand id -> the states its history must hold, in order (what the laptops did)
    demands: dict[str, list[str]] = field(default_factory=dict)

    def sync_all(self, times: int = 1) -> None:
        for _ in range(times):
            for lap in self.laptops.values():
                lap.sync()

    def problems(self) -> str:
        """'' when every laptop agrees with the server, else what differs (SYNC.md's promise)."""
        out = []
        for name, lap in self.laptops.items():
            if outbox_states(lap.engine):
                out.append(f"{name}: outbox not empty: {dict(outbox_states(lap.engine))}")
            want, _ = server_view(self.env.server.url, lap.token)
            have = local_view(lap.engine)
            if have != want:
                out.append(f"{name} differs from the server:\n{diff(have, want)}")
            c = lap.client()
            try:
                remote = c.checksum()
            finally:
                c.close()
            if remote.checksum != local_checksum(lap.engine):
                out.append(f"{name}: checksum {local_checksum(lap.engine)} != server's {remote.checksum}")
            if lap.cursors != sorted(lap.cursors):
                out.append(f"{name}: a cursor went back: {lap.cursors}")
        dups = duplicate_effects(self.env.zone.engine)
        if dups:
            out.append(f"{dups} duplicate effects")
        # every demand's history holds exactly the transitions made, once each
        sup = self.laptops["sup"]
        for did, states in self.demands.items():
            if work.history(sup, did) != states:
                out.append(f"demand {did}: {work.history(sup, did)} != {states}")
        return "\n".join(out)

    def converge(self) -> None:
        """The faults have stopped: every laptop syncs twice, then the promise must hold. The
        rounds it took are counted (1 when it held after the first)."""
        self.sync_all()
        rounds = 1 if not self.problems() else 0
        self.sync_all()
        problems = self.problems()
        assert not problems, problems
        ROUNDS[rounds or 2] += 1

    def server_rows(self, row_id: str) -> int:
        with self.env.zone.engine.connect() as conn:
            return int(
                conn.scalar(select(func.count()).select_from(server_row).where(server_row.c.id == row_id))
                or 0
            )


@pytest.fixture(scope="module")
def team(env: Env) -> Iterator[Team]:
    """Three assistants (one enterprise each) and their supervisor, shared by the module's tests:
    each test starts from the converged state the previous one checked."""
    env.proxy.plan = Script([])
    t = Team(env)
    logins = {k: f"{k}{next(_teams)}" for k in ("a", "b", "c")}
    for login in logins.values():
        env.zone.user(login)
    env.zone.user("sup", role="supervisor")
    for k, login in logins.items():
        t.enterprises[k] = env.zone.enterprise(f"{k}号企业", assign_to=login)
    for k, login in {**logins, "sup": "sup"}.items():
        lap = Laptop(env.root / "laptops", k, env.proxy.url, login)
        lap.connect()
        t.laptops[k] = lap
    t.sync_all()
    yield t
    for lap in t.laptops.values():
        lap.close()


@pytest.fixture(autouse=True)
def _clean_plan(env: Env) -> Iterator[None]:
    env.proxy.plan = Script([])
    yield
    env.proxy.plan = Script([])


def some_work(t: Team) -> list[str]:
    """Each assistant collects a demand and submits a record; returns the new demands' ids."""
    new = []
    for k in ("a", "b", "c"):
        lap = t.laptops[k]
        did = work.raise_demand(lap, t.enterprises[k], f"{k} 需要用地指标")
        t.demands[did] = ["collected"]
        new.append(did)
        assert work.act(lap, did, "assign")
        t.demands[did].append("assigned")
        rid = work.new_record(lap, t.enterprises[k])
        assert work.edit_record(lap, rid, f"{k} 走访：了解用工需求")
        assert work.submit(lap, rid)
    return new


@pytest.mark.parametrize(
    "kind",
    [
        Fault.DROP,
        Fault.DROP_RESPONSE,
        Fault.REPLAY,
        Fault.CUT_REQUEST,
        Fault.CUT_RESPONSE,
        Fault.ERROR_500,
        Fault.DELAY,
        Fault.KILL_SERVER,
        Fault.KILL_AFTER_COMMIT,
    ],
)
def test_fault_on_push_and_pull(team: Team, kind: Fault) -> None:
    new = some_work(team)
    proxy = team.env.proxy
    before = proxy.counts()[kind]
    # the first pushes and pulls meet the fault, more often than the client retries; a server
    # restart costs seconds, so kills are fewer
    n = 1 if kind in KILLS else 4 * len(team.laptops)
    proxy.delay_seconds = 0.2
    script = Script([kind] * n, only=[PUSH, PULL])
    proxy.plan = script
    team.sync_all()
    # faults stop; each device syncs twice
    proxy.plan = Script([])
    team.converge()
    injected = proxy.counts()[kind] - before
    assert injected == n - script.remaining and injected >= min(n, len(team.laptops))
    # the supervisor advanced a demand of each assistant; after the next round all agree
    sup = team.laptops["sup"]
    for did in new:
        assert work.act(sup, did, "remind")
        team.demands[did].append("reminded")
    proxy.plan = Script([] if kind in KILLS else [kind] * 4, only=[PUSH])
    team.sync_all()
    proxy.plan = Script([])
    team.converge()


def _crash(lap: Laptop, point: str, nth: int = 1) -> int:
    r = subprocess.run(
        [sys.executable, "-m", "tests.sync.crashclient", str(lap.db_path), str(lap.files), point, str(nth)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return r.returncode


def test_client_crashes_between_push_and_acknowledgement(team: Team) -> None:
    """The push reached the server (committed); the laptop dies before recording the answers."""
    some_work(team)
    a = team.laptops["a"]
    pending = outbox_states(a.engine)["pending"]
    assert pending > 0
    assert _crash(a, "after_push_sent") == CRASHED
    assert outbox_states(a.engine)["pending"] == pending  # still unacknowledged here
    team.converge()  # the retry is answered from the server's ledger: applied once


def test_client_crashes_between_applying_a_page_and_saving_the_cursor(team: Team) -> None:
    some_work(team)
    for k in ("a", "b", "c"):
        team.laptops[k].sync()
    sup = team.laptops["sup"]
    cursor = sup.cursor()
    assert _crash(sup, "before_cursor_saved") == CRASHED
    assert sup.cursor() == cursor  # the page and its cursor are one transaction: neither stayed
    team.converge()


ATTACHMENTS = "/api/v1/attachments/"


def _put_offsets(proxy: FaultProxy, since: int) -> list[tuple[Fault, int]]:
    out = []
    for e in proxy.events[since:]:
        if e.method == "PUT" and e.path.startswith(ATTACHMENTS):
            query = dict(p.split("=", 1) for p in e.target.partition("?")[2].split("&") if "=" in p)
            out.append((e.kind, int(query["offset"])))
    return out


def _server_bytes(team: Team, sha: str, dest: Path) -> bytes:
    c = team.laptops["sup"].client(team.env.server.url)  # straight to the server
    try:
        c.download(sha, dest)
    finally:
        c.close()
    return dest.read_bytes()


def test_attachment_upload_cut_midway_resumes(team: Team, tmp_path: Path) -> None:
    a, proxy = team.laptops["a"], team.env.proxy
    rid = work.new_record(a, team.enterprises["a"])
    data = random.Random(9).randbytes(2 * ATTACHMENT_CHUNK + 1000)  # three chunks
    sha = work.add_photo(a, rid, data)
    assert sha
    since = len(proxy.events)
    # the first chunk arrives, the second is cut midway every time the client tries
    proxy.plan = Script([Fault.PASS] + [Fault.CUT_REQUEST] * 3, only=[ATTACHMENTS], method="PUT")
    a.sync()
    assert a.errors, "the cut upload should have stopped this sync"
    proxy.plan = Script([])
    a.sync()
    puts = _put_offsets(proxy, since)
    assert puts[:4] == [(Fault.PASS, 0)] + [(Fault.CUT_REQUEST, ATTACHMENT_CHUNK)] * 3
    # resumed where the server stood, not from 0
    assert [o for _, o in puts[4:]] == [ATTACHMENT_CHUNK, 2 * ATTACHMENT_CHUNK]
    assert hashlib.sha256(_server_bytes(team, sha, tmp_path / "srv.bin")).hexdigest() == sha
    team.converge()


def test_client_crashes_during_an_upload_and_resumes(team: Team, tmp_path: Path) -> None:
    b, proxy = team.laptops["b"], team.env.proxy
    rid = work.new_record(b, team.enterprises["b"])
    data = random.Random(11).randbytes(2 * ATTACHMENT_CHUNK + 5)
    sha = work.add_photo(b, rid, data)
    assert sha
    since = len(proxy.events)
    assert _crash(b, "upload_chunk", nth=2) == CRASHED  # dies before sending the second chunk
    assert [o for _, o in _put_offsets(proxy, since)] == [0]
    b.sync()
    assert [o for _, o in _put_offsets(proxy, since)] == [0, ATTACHMENT_CHUNK, 2 * ATTACHMENT_CHUNK]
    assert hashlib.sha256(_server_bytes(team, sha, tmp_path / "srv.bin")).hexdigest() == sha
    team.converge()


def test_attachment_download_cut_midway_resumes(team: Team) -> None:
    a, sup, proxy = team.laptops["a"], team.laptops["sup"], team.env.proxy
    rid = work.new_record(a, team.enterprises["a"])
    data = random.Random(13).randbytes(3 * 64 * 1024 + 77)
    sha = work.add_photo(a, rid, data)
    assert sha
    a.sync()
    sup.sync()
    proxy.plan = Script([Fault.CUT_RESPONSE], only=[ATTACHMENTS], method="GET")
    from fieldkit.sync.engine import SyncEngine

    c = sup.client()
    try:
        try:
            path = SyncEngine(sup.engine, c, sup.files).fetch_attachment(sha)
        except SyncError:  # the cut download stopped; the part is kept and resumed
            proxy.plan = Script([])
            path = SyncEngine(sup.engine, c, sup.files).fetch_attachment(sha)
    finally:
        c.close()
    assert proxy.counts()[Fault.CUT_RESPONSE] >= 1
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha


TX_FAILED = reason("tx_failed")


def _histories(team: Team, did: str) -> dict[str, list[str]]:
    return {k: work.history(lap, did) for k, lap in team.laptops.items() if k in ("a", "sup")}


def test_history_of_a_demand_moved_on_two_devices_concurrently_is_a_legal_path(team: Team) -> None:
    """The laptop's offline 承办 and 反馈 started from 已交办; the supervisor's 催办 reached the server
    first, so they no longer follow the demand's state there: refused with a reason, kept on the
    laptop until its user discards them. The history is in the server's receive order."""
    a, sup = team.laptops["a"], team.laptops["sup"]
    did = work.raise_demand(a, team.enterprises["a"], "并发办理")
    assert work.act(a, did, "assign")
    a.sync()
    sup.sync()
    assert work.act(a, did, "accept") and work.act(a, did, "feedback")  # offline on the laptop
    assert work.act(sup, did, "remind")  # later, on the supervisor's, who syncs first
    sup.sync()
    a.sync()
    sup.sync()
    assert work.synced_history(a, did) == ["collected", "assigned", "reminded"]
    refused = work.refusals(a)
    # each group is refused as a whole: the event with the reason, the demand's change with it
    assert sorted(r for r in refused if r != TX_FAILED) == [
        "该诉求已由他人办理（当前状态：已催办）：本机在“已交办”时所做的承办未被接受，请放弃后按当前状态办理",
        "该诉求已由他人办理（当前状态：已催办）：本机在“承办中”时所做的反馈未被接受，请放弃后按当前状态办理",
    ], refused
    assert work.history(a, did)[-2:] == ["in_progress", "feedback"]  # kept, after the synced ones
    assert work.discard_rejected(a) == len(refused)
    histories = _histories(team, did)
    assert histories == {k: ["collected", "assigned", "reminded"] for k in histories}, histories
    assert all(is_legal_path(h) for h in histories.values()), histories
    assert work.actions(a, did) == work.actions(sup, did)  # the laptop is back at 已催办
    assert work.act(a, did, "accept")  # and can go on from there
    a.sync()
    sup.sync()
    assert work.history(sup, did) == ["collected", "assigned", "reminded", "in_progress"]
    team.converge()


def test_the_same_transition_on_two_devices_leaves_a_legal_history(team: Team) -> None:
    a, sup = team.laptops["a"], team.laptops["sup"]
    did = work.raise_demand(a, team.enterprises["a"], "重复交办")
    a.sync()
    sup.sync()
    assert work.act(a, did, "assign") and work.act(sup, did, "assign")
    a.sync()
    sup.sync()
    a.sync()
    assert {r for r in work.refusals(sup) if r != TX_FAILED} == {
        "该诉求已由他人交办（当前状态：已交办）：请放弃本机的这次交办"
    }, work.refusals(sup)
    assert work.synced_history(sup, did) == ["collected", "assigned"]
    assert work.discard_rejected(sup) >= 1
    histories = _histories(team, did)
    assert histories == {k: ["collected", "assigned"] for k in histories}, histories
    assert all(is_legal_path(h) for h in histories.values()), histories
    team.converge()
