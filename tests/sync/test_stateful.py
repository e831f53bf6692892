"""A Hypothesis state machine of a zone syncing under random faults (issue 9, "Done means").

Each example is a fresh zone on one real server process (behind the fault proxy) with three
assistants' laptops and their supervisor's, all real stores and the real engine. Rules: collect
demands and move them along their lifecycle (on any laptop, so two devices may move one demand
concurrently), write / edit / submit / amend / discard service records, add and remove photos,
reassign enterprises on the server (the administrator's own function), and sync one laptop —
with random faults from a seeded ``random.Random`` or cleanly. Each step is one of these,
chosen with fixed weights from a seed Hypothesis draws (Hypothesis's own choice of rules clumps
badly over a handful of examples: a run of 8 examples once made 1 sync in 98 steps).

After every step: cursors never go back; after a complete sync no assistant holds a row of an
enterprise outside their scope (except what their own unsent edits keep); every demand history
on every laptop is a legal path of the lifecycle; a submitted record's content hash never
changes and always matches its content. At the end of an example the faults stop, every laptop
syncs (twice, and the rounds it took are counted), and every replica must equal the server for
its scope, no edit may be waiting, every rejected edit carries its reason, every attachment's
bytes hash to their name on the server, and no mutation took effect twice.

Profiles: ``FIELDKIT_STATEFUL=ci`` (default: 8 examples × 15 steps) and ``FIELDKIT_STATEFUL=long``
(60 × 40). ``FIELDKIT_STATEFUL_SEED=N`` repeats a run; the seed is printed.
``FIELDKIT_RELIABILITY_DIR=folder`` writes the run's figures there (scripts/reliability_report.py).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, note, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import select
from sqlmodel import Session
from sqlmodel import select as sm_select

from fieldkit.domain.demands import history_key, in_history_order, is_legal_path
from fieldkit.models import (
    SYNCED_TABLES,
    Attachment,
    Demand,
    DemandEvent,
    Enterprise,
    OutboxEntry,
    ServiceRecord,
)
from fieldkit.server.tables import assignment_log
from fieldkit.services.records import record_content_hash

from . import work
from .convergence import diff, duplicate_effects, effects, local_view, outbox_states, server_view
from .faultproxy import KILLS, Chaos, Fault, FaultProxy, Script
from .harness import ServerProcess, Zone, serving
from .laptops import Laptop

PROFILES = {
    "ci": {"max_examples": 8, "stateful_step_count": 15},
    "long": {"max_examples": 60, "stateful_step_count": 40},
}
PROFILE = os.environ.get("FIELDKIT_STATEFUL", "ci")
#: faults a faulty sync draws from: every kind, the (slow) server kills less often
CHAOS_KINDS = [f for f in Fault if f not in (Fault.PASS, *KILLS)] * 6 + list(KILLS)
CHAOS_RATE = 0.3


@dataclass
class Stats:
    examples: int = 0
    steps: int = 0
    syncs: int = 0
    faulty_syncs: int = 0
    failed_syncs: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    effective: Counter[str] = field(default_factory=Counter)
    duplicate_effects: int = 0
    rounds_to_converge: Counter[int] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0
    mutations: int = 0
    attachments_checked: int = 0


STATS = Stats()


@dataclass
class Env:
    server: ServerProcess
    proxy: FaultProxy
    root: Path
    zones: itertools.count[int] = field(default_factory=lambda: itertools.count(1))


_ENV: Env | None = None


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    global _ENV
    root = tmp_path_factory.mktemp("stateful")
    Zone(root / "server", zone_name="初始区").close()
    with serving(root / "server") as srv, FaultProxy(srv.port, server=srv) as proxy:
        _ENV = Env(srv, proxy, root)
        yield _ENV
        _ENV = None


class ZoneWorld:
    """One example's zone: server data, the four laptops, and what the test tracks."""

    def __init__(self, env: Env) -> None:
        n = next(env.zones)
        self.env = env
        self.zone = Zone(env.root / "server", zone_name=f"第{n}区")
        self.assistants = [f"z{n}a{i}" for i in range(3)]
        self.supervisor = f"z{n}sup"
        for login in self.assistants:
            self.zone.user(login)
        self.zone.user(self.supervisor, role="supervisor")
        self.enterprises = [
            self.zone.enterprise(f"第{n}区{i}号企业", assign_to=self.assistants[i % 3]) for i in range(4)
        ]
        root = env.root / f"zone{n}"
        self.laptops = [Laptop(root, login, env.proxy.url, login) for login in self.assistants]
        self.laptops.append(Laptop(root, self.supervisor, env.proxy.url, self.supervisor))
        for lap in self.laptops:
            lap.connect()
            assert lap.sync() is not None, lap.errors
        #: record id -> the content hash it had when first seen submitted
        self.hashes: dict[str, str] = {}
        #: each assistant's scope on the server when their last sync completed (None: it did not)
        self.synced_scope: dict[int, set[str] | None] = {
            i: self.scope_of(login) for i, login in enumerate(self.assistants)
        }

    def scope_of(self, login: str) -> set[str]:
        sid = self.zone.staff[login]
        with self.zone.engine.connect() as conn:
            return set(
                conn.scalars(
                    select(assignment_log.c.enterprise_id).where(
                        assignment_log.c.staff_id == sid, assignment_log.c.ended_seq.is_(None)
                    )
                )
            )

    def close(self) -> None:
        for lap in self.laptops:
            lap.close()
        self.zone.close()


def _ids(lap: Laptop, model: Any, *where: Any) -> list[str]:
    with Session(lap.engine) as s:
        return sorted(s.exec(sm_select(model.id).where(model.deleted == False, *where)).all())  # noqa: E712


class SyncMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        assert _ENV is not None
        self.env = _ENV
        self.world: ZoneWorld | None = None
        self.steps = 0

    @initialize()
    def start(self) -> None:
        self.env.proxy.plan = Script([])
        self.world = ZoneWorld(self.env)
        STATS.examples += 1

    @property
    def w(self) -> ZoneWorld:
        assert self.world is not None
        return self.world

    def _count(self, name: str, done: bool) -> None:
        """A step of rule ``name``; ``done``: it changed something (a rule finds nothing to do
        when the laptop has no row it applies to)."""
        STATS.steps += 1
        STATS.rules[name] += 1
        STATS.effective[name] += int(done)

    # --- work on a laptop ----------------------------------------------------------------------

    def _pick(self, who: int, among: int, model: Any, *where: Any) -> tuple[Laptop, list[str]]:
        """Laptop ``who``, or the next one (of the first ``among``) that has rows to act on."""
        for k in range(among):
            lap = self.w.laptops[(who + k) % among]
            ids = _ids(lap, model, *where)
            if ids:
                return lap, ids
        return self.w.laptops[who], []

    def collect_demand(self, who: int, rng: random.Random) -> None:
        done = False
        lap, ents = self._pick(who, 3, Enterprise)
        if ents:
            done = bool(work.raise_demand(lap, rng.choice(ents), "企业反映用工紧张"))
        self._count("collect_demand", done)

    def move_demand(self, who: int, rng: random.Random) -> None:
        done = False
        lap, demands = self._pick(who, 4, Demand)
        if demands:
            did = rng.choice(demands)
            options = work.actions(lap, did)
            if options:
                done = bool(work.act(lap, did, rng.choice(options)))
        self._count("move_demand", done)

    def write_record(self, who: int, rng: random.Random) -> None:
        done = False
        lap, ents = self._pick(who, 3, Enterprise)
        if ents:
            done = bool(work.new_record(lap, rng.choice(ents), "走访：了解企业生产经营情况"))
        self._count("write_record", done)

    def edit_record(self, who: int, rng: random.Random) -> None:
        done = False
        lap, drafts = self._pick(who, 3, ServiceRecord, ServiceRecord.status == "draft")
        if drafts:
            text = rng.choice(["补充：企业用电需求", "更新：新增订单"])
            done = bool(work.edit_record(lap, rng.choice(drafts), text))
        self._count("edit_record", done)

    def submit_record(self, who: int, rng: random.Random) -> None:
        done = False
        lap, drafts = self._pick(who, 3, ServiceRecord, ServiceRecord.status == "draft")
        if drafts:
            done = bool(work.submit(lap, rng.choice(drafts)))
        self._count("submit_record", done)

    def amend_record(self, who: int, rng: random.Random) -> None:
        done = False
        lap, past = self._pick(who, 3, ServiceRecord, ServiceRecord.status != "draft")
        if past:
            done = bool(work.amend(lap, rng.choice(past), "更正：走访时间有误"))
        self._count("amend_record", done)

    def discard_record(self, who: int, rng: random.Random) -> None:
        done = False
        lap, drafts = self._pick(who, 3, ServiceRecord, ServiceRecord.status == "draft")
        if drafts:
            done = bool(work.discard(lap, rng.choice(drafts)))
        self._count("discard_record", done)

    def add_photo(self, who: int, rng: random.Random) -> None:
        done = False
        lap, drafts = self._pick(who, 3, ServiceRecord, ServiceRecord.status == "draft")
        if drafts:
            rid = rng.choice(drafts)
            size = rng.choice([1_500, 40_000, 300_000])  # the largest takes two upload chunks
            done = bool(work.add_photo(lap, rid, random.Random(rng.randrange(2**32)).randbytes(size)))
        self._count("add_photo", done)

    def remove_photo(self, who: int, rng: random.Random) -> None:
        done = False
        lap, photos = self._pick(who, 3, Attachment)
        if photos:
            done = bool(work.remove_photo(lap, rng.choice(photos)))
        self._count("remove_photo", done)

    # --- the server side -----------------------------------------------------------------------

    def reassign(self, ent: int, to: int) -> None:
        eid = self.w.enterprises[ent]
        if eid not in self.w.scope_of(self.w.assistants[to]):
            self.w.zone.reassign(eid, self.w.assistants[to])
        self._count("reassign", True)

    # --- sync ----------------------------------------------------------------------------------

    def sync(self, who: int, faulty: bool, chaos_seed: int) -> None:
        lap = self.w.laptops[who]
        proxy = self.env.proxy
        proxy.delay_seconds = 0.1
        proxy.plan = Chaos(random.Random(chaos_seed), CHAOS_RATE, CHAOS_KINDS) if faulty else Script([])
        before = len(proxy.events)
        report = lap.sync()
        proxy.plan = Script([])
        for e in proxy.events[before:]:
            if e.kind is not Fault.PASS:
                STATS.faults[e.kind.value] += 1
        STATS.syncs += 1
        STATS.faulty_syncs += int(faulty)
        if report is None:
            STATS.failed_syncs += 1
        if who < 3:
            self.w.synced_scope[who] = None if report is None else self.w.scope_of(lap.login)
        self._count("sync", True)

    # --- one step ---------------------------------------------------------------------------

    #: how often each action is chosen (Hypothesis picks the step seeds and their number)
    ACTIONS: tuple[tuple[str, int], ...] = (
        ("collect_demand", 3),
        ("move_demand", 5),
        ("write_record", 3),
        ("edit_record", 2),
        ("submit_record", 2),
        ("amend_record", 1),
        ("discard_record", 1),
        ("add_photo", 1),
        ("remove_photo", 1),
        ("reassign", 1),
        ("sync", 8),
    )

    @rule(step_seed=st.integers(0, 2**64 - 1))
    def step(self, step_seed: int) -> None:
        """One action, chosen with the weights above from a ``random.Random(step_seed)``: work on
        an assistant's laptop (a demand moved on any laptop, the supervisor's too), a
        reassignment on the server, or one laptop's sync (with random faults six times in ten)."""
        # the step's number mixed in: a seed Hypothesis repeats (0, say) still varies the steps
        self.steps += 1
        rng = random.Random(f"{step_seed}:{self.steps}")
        names, weights = zip(*self.ACTIONS, strict=True)
        name = rng.choices(names, weights)[0]
        if name == "reassign":
            ent, to = rng.randrange(4), rng.randrange(3)
            note(f"reassign enterprise {ent} to assistant {to}")
            self.reassign(ent, to)
        elif name == "sync":
            who, faulty, chaos = rng.randrange(4), rng.random() < 0.6, rng.randrange(2**32)
            note(f"sync laptop {who}" + (f" with faults (seed {chaos})" if faulty else ""))
            self.sync(who, faulty, chaos)
        else:
            who = rng.randrange(4 if name == "move_demand" else 3)
            note(f"{name} on laptop {who}")
            getattr(self, name)(who, rng)

    # --- invariants ----------------------------------------------------------------------------

    @invariant()
    def cursors_never_go_back(self) -> None:
        if self.world is None:
            return
        for lap in self.w.laptops:
            assert lap.cursors == sorted(lap.cursors), f"{lap.name}: {lap.cursors}"

    @invariant()
    def no_row_outside_scope(self) -> None:
        """Against the scope the server had when the laptop's last sync completed (a
        reassignment since then reaches the laptop with its next sync)."""
        if self.world is None:
            return
        for i, lap in enumerate(self.w.laptops[:3]):
            scope = self.w.synced_scope[i]
            if scope is None:
                continue  # the last sync stopped midway: removals may still be on their way
            with Session(lap.engine) as s:
                outside: set[str] = set()
                for model in SYNCED_TABLES.values():
                    column = "id" if model is Enterprise else "enterprise_id"
                    if column not in model.model_fields:
                        continue
                    ents = s.exec(
                        sm_select(getattr(model, column)).where(model.deleted == False)  # noqa: E712
                    ).all()
                    outside |= {e for e in ents if e and e not in scope}
                # an enterprise whose rows have edits in the outbox stays until they are settled
                waiting = set()
                for e in s.exec(sm_select(OutboxEntry)).all():
                    model = SYNCED_TABLES.get(e.table_name)
                    row = s.get(model, e.row_id) if model is not None else None
                    ent = e.row_id if e.table_name == "enterprise" else getattr(row, "enterprise_id", None)
                    if ent:
                        waiting.add(ent)
            stray = outside - waiting
            assert not stray, f"{lap.name} holds rows of enterprises outside its scope: {stray}"

    @invariant()
    def demand_histories_are_legal(self) -> None:
        if self.world is None:
            return
        for lap in self.w.laptops:
            with Session(lap.engine) as s:
                by_demand: dict[str, list[DemandEvent]] = {}
                for ev in s.exec(sm_select(DemandEvent).where(DemandEvent.deleted == False)).all():  # noqa: E712
                    by_demand.setdefault(ev.demand_id, []).append(ev)
                for did, evs in by_demand.items():
                    # what the server accepted, in its order; this device's own pending steps are
                    # checked there when they arrive (a refused one waits for its user)
                    path = [e.to_state for e in in_history_order(evs) if e.server_version > 0]
                    if path and path[0] != "collected":
                        continue  # the demand's first events are still on their way here
                    assert is_legal_path(path), f"{lap.name}: demand {did} history {path}"

    @invariant()
    def submitted_hashes_never_change(self) -> None:
        if self.world is None:
            return
        for lap in self.w.laptops:
            with Session(lap.engine) as s:
                for rec in s.exec(sm_select(ServiceRecord).where(ServiceRecord.status != "draft")).all():
                    assert rec.content_hash == record_content_hash(rec), f"{lap.name}: record {rec.id}"
                    first = self.w.hashes.setdefault(rec.id, rec.content_hash or "")
                    assert rec.content_hash == first, f"{lap.name}: record {rec.id} hash changed"

    # --- the end of an example -----------------------------------------------------------------

    def teardown(self) -> None:
        if self.world is None:
            return
        try:
            self._converge()
        finally:
            self.env.proxy.plan = Script([])
            self.w.close()
            self.world = None

    def _converged(self) -> str:
        """'' when every laptop agrees with the server, else what differs."""
        problems = []
        for lap in self.w.laptops:
            states = outbox_states(lap.engine)
            if states.get("pending"):
                problems.append(f"{lap.name}: {states['pending']} edits waiting")
            want, _ = server_view(self.env.server.url, lap.token)
            have = local_view(lap.engine)
            with Session(lap.engine) as s:
                held = {(e.table_name, e.row_id) for e in s.exec(sm_select(OutboxEntry)).all()}
            # rows whose edit the server refused keep the user's value until the user decides
            want = {k: v for k, v in want.items() if k not in held}
            have = {k: v for k, v in have.items() if k not in held}
            if have != want:
                problems.append(f"{lap.name} differs from the server:\n{diff(have, want)}")
        return "\n".join(problems)

    def _converge(self) -> None:
        rounds = 0
        while rounds < 2:  # faults stopped: each laptop syncs twice (counted: 1 when once did)
            rounds += 1
            for lap in self.w.laptops:
                lap.sync()
            if not self._converged():
                break
        problems = self._converged()
        assert not problems, problems + "\n" + "\n".join(e for lap in self.w.laptops for e in lap.errors[-3:])
        STATS.rounds_to_converge[rounds] += 1
        self.cursors_never_go_back()
        self.submitted_hashes_never_change()
        self.demand_histories_are_legal()
        # the server's whole ledger so far (every example's zone is in the one database)
        dups = duplicate_effects(self.w.zone.engine)
        STATS.duplicate_effects = dups
        STATS.mutations = len(effects(self.w.zone.engine))
        assert dups == 0
        for lap in self.w.laptops:
            with Session(lap.engine) as s:
                for e in s.exec(sm_select(OutboxEntry)).all():
                    assert e.state in ("rejected", "conflict") and e.error, (lap.name, e.state, e.error)
                    STATS.rejected[e.error[:40]] += 1
        self._check_attachments()
        self._check_server_histories()

    def _check_attachments(self) -> None:
        sup = self.w.laptops[3]
        want, _ = server_view(self.env.server.url, sup.token)
        shas = {v["sha256"] for (t, _), (_, v) in want.items() if t == "attachment"}
        c = sup.client(self.env.server.url)
        try:
            for sha in shas:
                dest = self.env.root / "downloads" / sha
                c.download(sha, dest)
                assert hashlib.sha256(dest.read_bytes()).hexdigest() == sha
                dest.unlink()
                STATS.attachments_checked += 1
        finally:
            c.close()

    def _check_server_histories(self) -> None:
        sup = self.w.laptops[3]
        want, _ = server_view(self.env.server.url, sup.token)
        by_demand: dict[str, list[dict[str, Any]]] = {}
        for (t, _), (version, v) in want.items():
            if t == "demandevent":
                by_demand.setdefault(v["demand_id"], []).append({**v, "server_version": version})
        for did, evs in by_demand.items():
            evs.sort(key=lambda v: history_key(v["server_version"], v["at"], v["created_at"]))
            assert is_legal_path([v["to_state"] for v in evs]), (did, [v["to_state"] for v in evs])


def _seed() -> int:
    raw = os.environ.get("FIELDKIT_STATEFUL_SEED", "")
    return int(raw) if raw.isdigit() else random.randrange(2**32)


def test_sync_state_machine(env: Env) -> None:
    s = _seed()
    print(f"stateful sync test: profile {PROFILE}, seed {s} (FIELDKIT_STATEFUL_SEED={s} repeats it)")
    profile = PROFILES[PROFILE]
    run_state_machine_as_test(
        seed(s)(SyncMachine),
        settings=settings(
            max_examples=profile["max_examples"],
            stateful_step_count=profile["stateful_step_count"],
            deadline=None,
            database=None,
            # a failing example against real processes is slow to shrink; the long profile shrinks
            phases=[Phase.explicit, Phase.generate] + ([Phase.shrink] if PROFILE == "long" else []),
            suppress_health_check=list(HealthCheck),
            report_multiple_bugs=False,
        ),
    )
    out = os.environ.get("FIELDKIT_RELIABILITY_DIR")
    if out:
        data = {
            "profile": PROFILE,
            "seed": s,
            **{k: (dict(v) if isinstance(v, Counter) else v) for k, v in STATS.__dict__.items()},
        }
        Path(out, "stateful.json").write_text(json.dumps(data, ensure_ascii=False, indent=2))
    assert STATS.duplicate_effects == 0
