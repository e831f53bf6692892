"""Server benchmark (issue 8): push, paged pull and many devices at once, against the real server
process (``python -m fieldkit server``) on a free port of 127.0.0.1 with its own data dir, on SQLite
and (with ``--pg``) on PostgreSQL.

The server is seeded in bulk straight into its row store (the rows ``crud.put_row`` would write:
validated by the fieldkit.models classes, placed in their enterprise and zone, one change sequence
each) from the demo generator: 10,000 enterprises, 100,000 service records, 254 staff, 11,181
assignments of one zone. Then, over HTTP:

- push: 1,000 mutations of one assistant (new submitted service records, new demands and their
  transitions, enterprise edits) in batches of ``--batch``; also the same work called in process
  (``fieldkit.server.push.push``, no HTTP) and a raw INSERT of the same rows (the floor);
- pull: a supervisor's full paged pull of the zone (every row), rows/s and bytes; also the same
  pages built in process and a raw SELECT of the same rows;
- (PostgreSQL only) ``--devices`` assistants, each with its own login, token and device, pulling
  their scope from cursor 0 at once in pages of ``--page`` rows (the desktop engine's ``PULL_PAGE``
  unless told), then pushing and pulling for ``--rounds`` rounds (no pause between requests unless
  ``--think-s``): p50/p95 per request, and per device the time to finish its whole first pull.

Baselines in the same run: a /healthz round trip (alone, and under the same concurrency), raw SQL.
Results: bench/out/server.json and bench/out/server.md.

    python bench/bench_server.py                       # SQLite only (or $FIELDKIT_TEST_POSTGRES_URL)
    python bench/bench_server.py --pg postgresql+psycopg://fk@127.0.0.1:5432/postgres
    python bench/bench_server.py --quick               # small sizes, a smoke run (~20 s)
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import multiprocessing
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from machine_info import cpu_model  # bench/ is on sys.path when a script runs

# this checkout's fieldkit (the one the server subprocess runs), not whichever is installed
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sqlalchemy import Engine, create_engine, delete, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from fieldkit.db import open_store  # noqa: E402
from fieldkit.domain import records as record_rules  # noqa: E402
from fieldkit.models import SCHEMA_VERSION, SYNCED_TABLES, new_id  # noqa: E402
from fieldkit.server import crud, security  # noqa: E402
from fieldkit.server import pull as pull_mod  # noqa: E402
from fieldkit.server import push as push_mod  # noqa: E402
from fieldkit.server.crud import BOOKKEEPING, Actor  # noqa: E402
from fieldkit.server.db import create_schema, last_seq, make_engine, set_last_seq  # noqa: E402
from fieldkit.server.settings import Settings  # noqa: E402
from fieldkit.server.tables import account, assignment_log, server_row  # noqa: E402
from fieldkit.services import demo  # noqa: E402
from fieldkit.sync.engine import PULL_PAGE  # noqa: E402
from fieldkit.sync.protocol import (  # noqa: E402
    API_PREFIX,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    SCHEMA_HEADER,
    PushRequest,
)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
HEADERS = {PROTOCOL_HEADER: str(PROTOCOL_VERSION), SCHEMA_HEADER: str(SCHEMA_VERSION)}
PASSWORD = "bench-pw-123"
SEED_TABLES = ("zone", "staff", "enterprise", "assignment", "servicerecord")
TARGETS = {"push_s": 2.0, "concurrent_p95_ms": 500.0}


# ------------------------------------------------------------------------------------ helpers


def machine() -> dict[str, Any]:
    try:
        load = list(os.getloadavg())
    except OSError:
        load = []
    return {
        "uname": " ".join(platform.uname()[:3] + platform.uname()[4:5]),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": __import__("sqlite3").sqlite_version,
        "load_at_start": [round(x, 2) for x in load],
        # uvicorn picks httptools (one write per response) when installed, else h11
        "server_http": "httptools" if importlib.util.find_spec("httptools") else "h11",
        "server_loop": "uvloop" if importlib.util.find_spec("uvloop") else "asyncio",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p * len(s)) - 1))]


def summary_ms(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50_ms": round(statistics.median(values) * 1000, 2),
        "p95_ms": round(pct(values, 0.95) * 1000, 2),
        "p99_ms": round(pct(values, 0.99) * 1000, 2),
        "max_ms": round(max(values) * 1000, 2),
    }


def summary_n(values: list[int]) -> dict[str, float]:
    return {"n": len(values), "min": min(values), "median": statistics.median(values), "max": max(values)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


#: base URL -> process group of the server answering there (its workers are in it too)
SERVER_GROUP: dict[str, int] = {}
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_s(match: Any) -> float:
    """CPU seconds (user + system, every thread) of the live processes ``match(comm, pgid)`` picks
    (Linux /proc; 0 elsewhere)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            head, rest = stat.read_text().rsplit(")", 1)
        except (OSError, ValueError):
            continue
        fields = rest.split()
        if match(head.split("(", 1)[-1], int(fields[2])):
            total += int(fields[11]) + int(fields[12])
    return total / TICK


def group_cpu_s(pgid: int) -> float:
    """CPU seconds of the live processes of a process group. Sampled before and after a phase: the
    server's CPU spent in it."""
    return _cpu_s(lambda _comm, group: group == pgid)


def postgres_cpu_s() -> float:
    """CPU seconds of this machine's PostgreSQL processes (the benchmark's database runs here;
    a backend that ended meanwhile takes its CPU with it, so compare phases of one run)."""
    return _cpu_s(lambda comm, _group: comm == "postgres")


@contextmanager
def running_server(data_dir: Path, database_url: str, workers: int, root: Path = ROOT) -> Iterator[str]:
    """``python -m fieldkit server`` of the checkout ``root`` on a free port; yields its base URL
    once /healthz answers (its process group is ``SERVER_GROUP[base]``)."""
    port = free_port()
    env = dict(os.environ)
    if root != ROOT:
        env["PYTHONPATH"] = str(root)
    args = [sys.executable, "-m", "fieldkit", "server", "--port", str(port), "--data-dir", str(data_dir)]
    if database_url:
        args += ["--database-url", database_url]
    args += ["--workers", str(workers)]
    log = open(data_dir / "server.log", "wb")  # noqa: SIM115 - closed below
    # its own process group: with --workers N the worker processes are stopped with it
    proc = subprocess.Popen(
        args, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):  # bounded: up to ~2 min on a busy machine
            try:
                if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            try:
                proc.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                continue
            raise SystemExit(f"server exited: {(data_dir / 'server.log').read_text()[-2000:]}")
        else:
            raise SystemExit("server did not answer /healthz")
        SERVER_GROUP[base] = proc.pid
        try:
            yield base
        except BaseException:  # keep the server's log of a failed run (its data dir goes)
            OUT.mkdir(parents=True, exist_ok=True)
            log.flush()
            kept = OUT / f"server-failed-{port}.log"
            kept.write_bytes((data_dir / "server.log").read_bytes())
            print(f"server log kept in {kept}", flush=True)
            raise
    finally:
        SERVER_GROUP.pop(base, None)
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


@contextmanager
def postgres_database(url: str, template: str | None = None) -> Iterator[str]:
    """A fresh database on the PostgreSQL of ``url``, dropped afterwards; with ``template`` a copy of
    that database (``CREATE DATABASE … TEMPLATE``; nothing may be connected to it meanwhile), so
    that every devices run starts from the same rows, not from what the runs before it pushed."""
    name = f"{template}_c{new_id()[:6]}" if template else f"fk_bench_{new_id()[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# --------------------------------------------------------------------------------------- seed


@dataclass
class Seeded:
    rows: dict[str, list[dict[str, Any]]]
    supervisor: str
    assistants: list[str]  # logins, most enterprises first
    enterprises_of: dict[str, list[str]]  # staff id -> current enterprise ids
    staff_id: dict[str, str]  # login -> staff id
    zone_id: str
    enterprise_version: dict[str, int] = field(default_factory=dict)


def generate(enterprises: int, records: int) -> dict[str, list[dict[str, Any]]]:
    """The demo generator's rows of :data:`SEED_TABLES` (it writes into a store and reads back what
    it wrote, so it runs on a throwaway store in a temporary folder and the rows are read from it)."""
    with tempfile.TemporaryDirectory(prefix="fk-bench-gen-") as tmp:
        engine = open_store(Path(tmp) / "gen.db")
        try:
            demo.generate(engine, enterprises=enterprises, records=records, seed=1)
            out: dict[str, list[dict[str, Any]]] = {}
            with engine.connect() as conn:
                for table in SEED_TABLES:
                    t = SYNCED_TABLES[table].__table__  # type: ignore[attr-defined]
                    out[table] = [dict(r) for r in conn.execute(select(t)).mappings()]
        finally:
            engine.dispose()
    for r in out["servicerecord"]:
        r["plan_id"] = None  # visit plans are not seeded: no record may point at one
    return out


_VALIDATED: dict[int, dict[str, Any]] = {}


def seed(engine: Engine, rows: dict[str, list[dict[str, Any]]]) -> tuple[Seeded, dict[str, Any]]:
    """The generated rows into the row store in one transaction, as ``put_row`` would place them
    (no audit rows: nothing here reads them), plus an account per staff member."""
    t0 = time.perf_counter()
    zone_of_ent = {e["id"]: e["zone_id"] for e in rows["enterprise"]}
    versions: dict[str, int] = {}
    with engine.begin() as conn:
        seq = last_seq(conn)
        batch: list[dict[str, Any]] = []
        log: list[dict[str, Any]] = []
        for table in SEED_TABLES:
            for raw in rows[table]:
                seq += 1
                data = _VALIDATED.get(id(raw))
                if data is None:  # validated once per run, whichever backend is seeded first
                    data = _VALIDATED[id(raw)] = crud.validated(table, raw)
                data["server_version"] = seq
                if table == "zone":
                    place: tuple[Any, Any, Any] = (None, None, data["id"])
                elif table == "staff":
                    place = (None, data["id"], data["zone_id"])
                elif table == "enterprise":
                    place = (data["id"], None, data["zone_id"])
                    versions[data["id"]] = seq
                else:
                    place = (data["enterprise_id"], data["staff_id"], zone_of_ent[data["enterprise_id"]])
                batch.append(
                    {
                        "table_name": table,
                        "id": data["id"],
                        "version": seq,
                        "enterprise_id": place[0],
                        "staff_id": place[1],
                        "zone_id": place[2],
                        "natural_key": crud.natural_key(table, data),
                        "deleted": False,
                        "data": data,
                        "field_versions": {f: seq for f in data if f not in BOOKKEEPING},
                    }
                )
                if table == "assignment":
                    log.append(
                        {
                            "assignment_id": data["id"],
                            "staff_id": data["staff_id"],
                            "enterprise_id": data["enterprise_id"],
                            "started_seq": seq,
                            "ended_seq": seq if data.get("end_date") else None,
                        }
                    )
                if len(batch) >= 5000:
                    conn.execute(insert(server_row), batch)
                    batch.clear()
        if batch:
            conn.execute(insert(server_row), batch)
        for i in range(0, len(log), 5000):
            conn.execute(insert(assignment_log), log[i : i + 5000])
        set_last_seq(conn, seq)
        hashed = security.hash_password(PASSWORD)  # one hash for all: what the login verifies
        conn.execute(
            insert(account),
            [
                {
                    "staff_id": s["id"],
                    "login": s["login"],
                    "password_hash": hashed,
                    "role": s["role"],
                    "zone_id": s["zone_id"],
                    "active": True,
                }
                for s in rows["staff"]
            ],
        )
    seconds = time.perf_counter() - t0
    total = sum(len(rows[t]) for t in SEED_TABLES)
    holds: dict[str, list[str]] = {}
    for a in log:
        if a["ended_seq"] is None:
            holds.setdefault(a["staff_id"], []).append(a["enterprise_id"])
    staff_id = {s["login"]: s["id"] for s in rows["staff"]}
    assistants = sorted(
        (s for s in rows["staff"] if s["role"] == "assistant" and holds.get(s["id"])),
        key=lambda s: -len(holds[s["id"]]),
    )
    supervisor = next(s["login"] for s in rows["staff"] if s["role"] == "supervisor")
    seeded = Seeded(
        rows=rows,
        supervisor=supervisor,
        assistants=[s["login"] for s in assistants],
        enterprises_of=holds,
        staff_id=staff_id,
        zone_id=rows["zone"][0]["id"],
        enterprise_version=versions,
    )
    return seeded, {"rows": total, "seconds": round(seconds, 2), "rows_per_s": round(total / seconds)}


# ---------------------------------------------------------------------------------- mutations


class MutationMaker:
    """What an assistant's laptop sends: new submitted service records (40%), new demands (20%)
    and their first transition (10%), enterprise edits (30%), each its own mutation."""

    def __init__(self, seeded: Seeded, login: str, device_id: str) -> None:
        self.s = seeded
        self.staff_id = seeded.staff_id[login]
        self.enterprises = seeded.enterprises_of[self.staff_id]
        self.device_id = device_id
        self.seq = 0
        self.template = next(r for r in seeded.rows["servicerecord"] if r["status"] != "draft")
        self.open_demands: list[tuple[str, int]] = []  # acknowledged demands still 'collected'
        self.sent: dict[str, tuple[str, str]] = {}  # mutation id -> (table, row id) of a create
        self.now = datetime.now(UTC).replace(microsecond=0)

    def _m(self, table: str, row_id: str, op: str, changes: dict[str, Any], base: int = 0) -> dict[str, Any]:
        self.seq += 1
        return {
            "mutation_id": new_id(),
            "device_id": self.device_id,
            "device_seq": self.seq,
            "tx_id": "",
            "table": table,
            "row_id": row_id,
            "op": op,
            "base_version": base,
            "changes": changes,
            "schema_version": SCHEMA_VERSION,
            "actor_id": self.staff_id,
        }

    def one(self) -> dict[str, Any]:
        i = self.seq
        ent = self.enterprises[i % len(self.enterprises)]
        kind = i % 10
        if kind < 4:
            rid = new_id()
            visit = self.now - timedelta(hours=i % 500)
            values = {
                **{k: v for k, v in self.template.items() if k not in BOOKKEEPING},
                "enterprise_id": ent,
                "staff_id": self.staff_id,
                "plan_id": None,
                "visit_at": visit,
                "content": f"{self.template['content']}（第{i}次）",
                "status": "submitted",
                "submitted_at": self.now,
                "reviewed_by": None,
                "reviewed_at": None,
                "amends_id": None,
            }
            values["content_hash"] = record_rules.content_hash(values)
            changes = (
                SYNCED_TABLES["servicerecord"].model_validate({"id": rid, **values}).model_dump(mode="json")
            )
            return self._m("servicerecord", rid, "create", {k: v for k, v in changes.items() if k != "id"})
        if kind < 6 or (kind == 6 and not self.open_demands):
            rid = new_id()
            changes = {
                "enterprise_id": ent,
                "staff_id": self.staff_id,
                "kind": "demand",
                "category": "other",
                "description": f"企业反映用电容量不足，需协调供电公司扩容（{i}）",
                "urgency": "normal",
                "state": "collected",
                "collected_at": self.now.isoformat(),
                "deadline": (self.now.date() + timedelta(days=15)).isoformat(),
            }
            m = self._m("demand", rid, "create", changes)
            self.sent[m["mutation_id"]] = ("demand", rid)
            return m
        if kind == 6:
            did, version = self.open_demands.pop(0)
            return self._m("demand", did, "update", {"state": "assigned"}, base=version)
        return self._m(
            "enterprise",
            ent,
            "update",
            {"notes": f"第{i}次走访：企业经营正常"},
            base=self.s.enterprise_version.get(ent, 0),
        )

    def batch(self, n: int) -> list[dict[str, Any]]:
        return [self.one() for _ in range(n)]

    def learn(self, results: list[dict[str, Any]]) -> None:
        """What the device keeps from the answers: the new demands and their versions."""
        for r in results:
            created = self.sent.pop(r["mutation_id"], None)
            if created is not None and r["status"] == "applied":
                self.open_demands.append((created[1], int(r["server_version"])))


# ----------------------------------------------------------------------------------- clients


class Client:
    """One device over HTTP (requests, keep-alive). A push or pull whose kept-alive connection the
    server closed as it was sent (uvicorn drops one idle for 5 s: with ``--think-s`` a device is
    idle that long) is sent once more on a new connection, as the desktop's client retries
    (fieldkit.sync.client; a push replay is answered from the ledger); its time includes both
    attempts, and :attr:`retries` counts them."""

    def __init__(self, base: str, login: str, device_id: str) -> None:
        self.base = base
        self.http = requests.Session()
        self.device_id = device_id
        t = time.perf_counter()
        r = self.http.post(
            f"{base}{API_PREFIX}/login",
            headers=HEADERS,
            json={"login": login, "password": PASSWORD, "device_id": device_id},
            timeout=120,
        )
        self.login_s = time.perf_counter() - t
        r.raise_for_status()
        self.http.headers.update({**HEADERS, "Authorization": f"Bearer {r.json()['token']}"})
        self.cursor = 0
        self.retries = 0

    def _send(self, method: str, url: str, **kw: Any) -> requests.Response:
        try:
            return self.http.request(method, url, timeout=120, **kw)
        except requests.ConnectionError:
            self.retries += 1
            return self.http.request(method, url, timeout=120, **kw)

    def push(self, mutations: list[dict[str, Any]]) -> list[dict[str, Any]]:
        r = self._send(
            "POST", f"{self.base}{API_PREFIX}/push", json={"mutations": mutations, "cursor": self.cursor}
        )
        r.raise_for_status()
        return list(r.json()["results"])

    def pull_page(self, limit: int) -> tuple[dict[str, Any], int]:
        r = self._send("GET", f"{self.base}{API_PREFIX}/pull", params={"cursor": self.cursor, "limit": limit})
        r.raise_for_status()
        page = r.json()
        assert not page["full_resync"]
        self.cursor = page["cursor"]
        return page, len(r.content)


def check_results(results: list[dict[str, Any]]) -> None:
    bad = [r for r in results if r["status"] not in ("applied", "conflict")]
    if bad:
        raise SystemExit(f"{len(bad)} mutations not applied, e.g. {bad[0]}")


def healthz(base: str, n: int) -> dict[str, float]:
    http = requests.Session()
    times = []
    for _ in range(n):
        t = time.perf_counter()
        http.get(f"{base}/healthz", timeout=10).raise_for_status()
        times.append(time.perf_counter() - t)
    return summary_ms(times)


# ------------------------------------------------------------------------------------ benches


def bench_push(
    base: str, engine: Engine, seeded: Seeded, n: int, batch: int, settings: Settings
) -> dict[str, Any]:
    login = seeded.assistants[0]
    out: dict[str, Any] = {"assistant": login, "mutations": n, "batch": batch}
    # over HTTP against the real process
    client = Client(base, login, "bench-push-http")
    maker = MutationMaker(seeded, login, client.device_id)
    per: list[float] = []
    for i in range(0, n, batch):
        b = maker.batch(min(batch, n - i))  # the outbox is there before the push: not timed
        tb = time.perf_counter()
        results = client.push(b)
        per.append(time.perf_counter() - tb)
        check_results(results)
        maker.learn(results)
    out["http_s"] = round(sum(per), 3)
    out["http_per_batch"] = summary_ms(per)
    # the same work in process: the server's own cost, no HTTP, no JSON on the wire
    with engine.connect() as conn:
        row = conn.execute(select(account).where(account.c.login == login)).mappings().one()
    actor = Actor(row["staff_id"], row["role"], row["zone_id"], "bench-push-inproc")
    maker = MutationMaker(seeded, login, actor.device_id)
    spent = 0.0
    for i in range(0, n, batch):
        req = PushRequest.model_validate({"mutations": maker.batch(min(batch, n - i))})
        tb = time.perf_counter()
        res = push_mod.push(engine, actor, req, datetime.now(UTC), settings.min_schema_version)
        spent += time.perf_counter() - tb
        dumped = [r.model_dump() for r in res]
        check_results(dumped)
        maker.learn(dumped)
    out["inprocess_s"] = round(spent, 3)
    # floor: a raw INSERT of n rows of the same size into the row store, one transaction
    maker = MutationMaker(seeded, login, "bench-push-raw")
    muts = maker.batch(n)
    raw_rows = [
        {
            "table_name": m["table"] + "_raw",
            "id": m["row_id"] if m["op"] == "create" else new_id(),
            "version": 0,
            "enterprise_id": None,
            "staff_id": None,
            "zone_id": None,
            "natural_key": None,
            "deleted": False,
            "data": m["changes"],
            "field_versions": {},
        }
        for m in muts
    ]
    t = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(insert(server_row), raw_rows)
    out["raw_insert_s"] = round(time.perf_counter() - t, 4)
    t = time.perf_counter()
    for i in range(0, n, batch):  # one transaction per batch, as the pushes commit at least
        with engine.begin() as conn:
            conn.execute(
                insert(server_row),
                [{**r, "id": new_id()} for r in raw_rows[i : i + batch]],
            )
    out["raw_insert_per_batch_s"] = round(time.perf_counter() - t, 4)
    with engine.begin() as conn:
        conn.execute(delete(server_row).where(server_row.c.table_name.like("%_raw")))
    out["ratio_http_to_raw_insert"] = round(out["http_s"] / out["raw_insert_s"], 1)
    out["ratio_inprocess_to_raw_insert"] = round(out["inprocess_s"] / out["raw_insert_s"], 1)
    out["target_met"] = out["http_s"] <= TARGETS["push_s"]
    return out


def bench_pull(base: str, engine: Engine, seeded: Seeded, limit: int) -> dict[str, Any]:
    login = seeded.supervisor
    client = Client(base, login, f"bench-pull-{limit}")
    rows = pages = size = 0
    t = time.perf_counter()
    per: list[float] = []
    while True:
        tp = time.perf_counter()
        page, nbytes = client.pull_page(limit)
        per.append(time.perf_counter() - tp)
        rows += len(page["rows"])
        pages += 1
        size += nbytes
        if not page["has_more"]:
            break
    http_s = time.perf_counter() - t
    out: dict[str, Any] = {
        "supervisor": login,
        "limit": limit,
        "rows": rows,
        "pages": pages,
        "bytes": size,
        "http_s": round(http_s, 2),
        "http_rows_per_s": round(rows / http_s),
        "per_page": summary_ms(per),
    }
    # in process: the same pages built and serialised by the server's code, no HTTP
    with engine.connect() as conn:
        row = conn.execute(select(account).where(account.c.login == login)).mappings().one()
    actor = Actor(row["staff_id"], row["role"], row["zone_id"], "bench-pull-inproc")
    cursor = 0
    n = 0
    t = time.perf_counter()
    while True:
        p = pull_mod.build(engine, actor, cursor, limit)  # the body /pull answers, as bytes
        n += p.rows
        cursor = p.cursor
        if not p.has_more:
            break
    inproc = time.perf_counter() - t
    out["inprocess_s"] = round(inproc, 2)
    out["inprocess_rows_per_s"] = round(n / inproc)
    # floor: a raw SELECT of the same rows (JSON decoded), one query
    t = time.perf_counter()
    with engine.connect() as conn:
        got = conn.execute(
            select(server_row.c.table_name, server_row.c.id, server_row.c.version, server_row.c.data)
            .where(server_row.c.zone_id == seeded.zone_id)
            .order_by(server_row.c.version)
        ).all()
    raw = time.perf_counter() - t
    out["raw_select_rows"] = len(got)
    out["raw_select_s"] = round(raw, 2)
    out["raw_select_rows_per_s"] = round(len(got) / raw)
    out["ratio_http_to_raw_select"] = round(http_s / raw, 1)
    return out


def _device_group(
    base: str,
    seeded: Seeded,
    logins: list[str],
    tag: str,
    first: int,
    rounds: int,
    per_push: int,
    think_s: float,
    page_rows: int,
    go: Any,
    out: Any,
    burst: Any,
) -> None:
    """One client process of the devices bench: its devices log in (threads, all at once), wait
    for every process at ``go``, then each runs its loop; what was measured goes into ``out``."""
    clients: list[Client | None] = [None] * len(logins)
    errors: list[str] = []
    lat: dict[str, list[float]] = {"initial_pull": [], "push": [], "pull": []}
    first_pull: list[tuple[float, int, int]] = []  # per device: seconds, pages, rows of its first pull
    lock = threading.Lock()

    def do_login(i: int) -> None:
        try:
            clients[i] = Client(base, logins[i], f"bench-dev-{tag}{first + i:03d}")
        except BaseException as exc:  # noqa: BLE001 - reported by the parent
            errors.append(repr(exc))

    threads = [threading.Thread(target=do_login, args=(i,)) for i in range(len(logins))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    logins_s = [c.login_s for c in clients if c is not None]

    firsts_left = [len(logins)]
    cpu: dict[str, float] = {}

    def first_done() -> None:
        with lock:
            firsts_left[0] -= 1
            if firsts_left[0] == 0:  # this process's part of the burst of first pulls is over
                cpu["burst"] = time.process_time() - cpu["start"]
                burst.put(tag + str(first))

    def run(i: int, c: Client) -> None:
        try:
            maker = MutationMaker(seeded, logins[i], c.device_id)
            mine: dict[str, list[float]] = {k: [] for k in lat}

            def pull_to_end(kind: str) -> int:
                rows = 0
                while True:
                    tp = time.perf_counter()
                    page, _ = c.pull_page(page_rows)
                    mine[kind].append(time.perf_counter() - tp)
                    rows += len(page["rows"])
                    if not page["has_more"]:
                        return rows

            t0 = time.perf_counter()
            rows = pull_to_end("initial_pull")
            whole = (time.perf_counter() - t0, len(mine["initial_pull"]), rows)
            first_done()
            for _ in range(rounds):
                if think_s:  # the open model: the next sync at a random point of the interval
                    time.sleep(random.uniform(0.5, 1.5) * think_s)
                b = maker.batch(per_push)
                tp = time.perf_counter()
                results = c.push(b)
                mine["push"].append(time.perf_counter() - tp)
                check_results(results)
                maker.learn(results)
                pull_to_end("pull")
            with lock:
                for k, v in mine.items():
                    lat[k].extend(v)
                first_pull.append(whole)
        except BaseException as exc:  # noqa: BLE001 - reported by the parent
            errors.append(repr(exc))

    try:
        go.wait(timeout=600)  # every process logged in: start together
    except threading.BrokenBarrierError:
        errors.append("start barrier broken")
    cpu["start"] = time.process_time()
    if not errors:
        threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients) if c is not None]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    if "burst" not in cpu:  # a device failed before its first pull ended
        burst.put(tag + str(first))
    retries = sum(c.retries for c in clients if c is not None)
    out.put(
        {
            "lat": lat,
            "login_s": logins_s,
            "first_pull": first_pull,
            "retries": retries,
            "errors": errors,
            "cpu_s": time.process_time() - cpu["start"],
            "burst_cpu_s": cpu.get("burst", 0.0),
        }
    )


def bench_devices(
    base: str,
    seeded: Seeded,
    devices: int,
    rounds: int,
    per_push: int,
    client_procs: int = 4,
    think_s: float = 0.0,
    tag: str = "",
    page_rows: int = PULL_PAGE,
) -> dict[str, Any]:
    """``devices`` assistants at once, spread over ``client_procs`` client processes (one Python
    process for all would be a client bottleneck: one GIL): log in (all together), pull their
    scope, then ``rounds`` of push + pull to the end. ``think_s`` 0 is the closed loop (no pause
    between requests: the figure against the target); above 0 each device waits 0.5–1.5 ×
    ``think_s`` before each round (an open, background-sync-like load: never the target figure).
    Latency per request, by kind; per device the time to finish its whole first pull (from its
    first request to the answer without ``has_more``: what the user waits for) in pages of
    ``page_rows``; the server's CPU per request (its process group)."""
    logins = seeded.assistants[1 : devices + 1]
    if len(logins) < devices:
        raise SystemExit(f"only {len(logins)} assistants with enterprises")
    procs_n = max(1, min(client_procs, devices))
    ctx = multiprocessing.get_context("fork")  # the children inherit the seeded rows
    size = -(-devices // procs_n)
    procs_n = -(-devices // size)  # e.g. 50 devices over 4: 13, 13, 13, 11
    go = ctx.Barrier(procs_n + 1)
    out = ctx.Queue()
    burst = ctx.Queue()  # one message per process once its devices' first pulls are done
    procs = []
    t = time.perf_counter()
    for first in range(0, devices, size):
        p = ctx.Process(
            target=_device_group,
            args=(
                base,
                seeded,
                logins[first : first + size],
                tag,
                first,
                rounds,
                per_push,
                think_s,
                page_rows,
                go,
                out,
                burst,
            ),
        )
        p.start()
        procs.append(p)
    go.wait(timeout=600)
    login_wall = time.perf_counter() - t
    pgid = SERVER_GROUP.get(base)
    cpu0 = group_cpu_s(pgid) if pgid else 0.0
    pg0 = postgres_cpu_s()
    t = time.perf_counter()
    for _ in procs:  # the burst: every device's first pull, all started at once
        burst.get(timeout=1800)
    burst_wall = time.perf_counter() - t
    burst_server, burst_pg = (group_cpu_s(pgid) if pgid else 0.0) - cpu0, postgres_cpu_s() - pg0
    got = [out.get(timeout=1800) for _ in procs]
    wall = time.perf_counter() - t
    cpu1 = group_cpu_s(pgid) if pgid else 0.0
    pg1 = postgres_cpu_s()
    for p in procs:
        p.join(timeout=60)
    errors = [e for g in got for e in g["errors"]]
    if errors:
        raise SystemExit(f"device failed: {errors[0]}")
    lat: dict[str, list[float]] = {"initial_pull": [], "push": [], "pull": []}
    for g in got:
        for k, v in g["lat"].items():
            lat[k].extend(v)
    logins_s = [x for g in got for x in g["login_s"]]
    first_pull = [x for g in got for x in g["first_pull"]]
    sync = lat["push"] + lat["pull"] + lat["initial_pull"]
    # baseline: the same number of threads hammering /healthz, as many requests each
    per_thread = max(1, len(sync) // devices)
    hz: list[float] = []
    lock = threading.Lock()

    def hammer() -> None:
        http = requests.Session()
        mine = []
        for _ in range(per_thread):
            tp = time.perf_counter()
            http.get(f"{base}/healthz", timeout=30).raise_for_status()
            mine.append(time.perf_counter() - tp)
        with lock:
            hz.extend(mine)

    threads = [threading.Thread(target=hammer) for _ in range(devices)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    out_: dict[str, Any] = {
        "devices": devices,
        "client_procs": procs_n,
        "load_model": "closed loop" if not think_s else f"open: {think_s} s between syncs (not the target)",
        "rounds": rounds,
        "mutations_per_push": per_push,
        "page_rows": page_rows,
        "login_wall_s": round(login_wall, 2),
        "login": summary_ms(logins_s),
        "wall_s": round(wall, 2),
        "requests": len(sync),
        "requests_per_s": round(len(sync) / wall, 1),
        "requests_resent": sum(g["retries"] for g in got),
        "server_cpu_s": round(cpu1 - cpu0, 2),
        "server_cpu_ms_per_request": round((cpu1 - cpu0) / max(1, len(sync)) * 1000, 2),
        "postgres_cpu_s": round(pg1 - pg0, 2),
        "clients_cpu_s": round(sum(g["cpu_s"] for g in got), 2),
        # the first pulls' burst (until the last device's first pull ended): CPU by party; with a
        # think time the steady rounds barely overlap it, in the closed loop they do
        "burst": {
            "wall_s": round(burst_wall, 2),
            "server_cpu_s": round(burst_server, 2),
            "postgres_cpu_s": round(burst_pg, 2),
            "clients_cpu_s": round(sum(g["burst_cpu_s"] for g in got), 2),
        },
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "all": summary_ms(sync),
        **{k: summary_ms(v) for k, v in lat.items() if v},
        # per device, its whole first pull (every page of its scope from cursor 0)
        "first_pull_whole": summary_ms([x[0] for x in first_pull]),
        "first_pull_pages_per_device": summary_n([x[1] for x in first_pull]),
        "first_pull_rows_per_device": summary_n([x[2] for x in first_pull]),
        "healthz_same_concurrency": summary_ms(hz),
    }
    out_["ratio_p95_to_healthz_p95"] = round(
        out_["all"]["p95_ms"] / max(out_["healthz_same_concurrency"]["p95_ms"], 0.01), 1
    )
    # within 500 ms, whatever the load model; the target is the closed loop's figure
    out_["p95_within_target_ms"] = out_["all"]["p95_ms"] <= TARGETS["concurrent_p95_ms"]
    out_["target_met"] = not think_s and out_["p95_within_target_ms"]
    return out_


def run_backend(
    name: str, url: str, rows: dict[str, list[dict[str, Any]]], args: argparse.Namespace
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"fk-bench-server-{name}-") as tmp:
        data_dir = Path(tmp)
        settings = Settings(data_dir=data_dir, database_url=url)
        engine = make_engine(settings)
        create_schema(engine)
        seeded, seed_info = seed(engine, rows)
        if name == "postgresql":
            # settle the seeded database before anything reads it or copies it: without statistics
            # (autovacuum's ANALYZE comes up to a minute later) and hint bits, the first devices run
            # of a set ran on a copy taken before them — its burst took 8.5 s against 2.2 s for the
            # next copy, the same code (2026-12-03)
            t_settle = time.perf_counter()
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM (ANALYZE)"))
            seed_info["vacuum_analyze_s"] = round(time.perf_counter() - t_settle, 2)
        print(f"[{name}] seeded {seed_info}", flush=True)
        result: dict[str, Any] = {"seed": seed_info}
        workers = args.workers if name == "postgresql" else 1
        result["workers"] = workers
        roots = [r.resolve() for r in (args.server_root or [ROOT])]
        with running_server(data_dir, url, workers, roots[0]) as base:
            result["healthz"] = healthz(base, 200)
            print(f"[{name}] healthz {result['healthz']}", flush=True)
            if "push" in args.parts:
                result["push"] = bench_push(base, engine, seeded, args.mutations, args.batch, settings)
                print(f"[{name}] push {result['push']}", flush=True)
            if "pull" in args.parts:
                result["pull"] = [bench_pull(base, engine, seeded, limit) for limit in (500, 2000)]
            for p in result.get("pull", []):
                print(f"[{name}] pull {p}", flush=True)
        if name == "postgresql" and "devices" in args.parts:
            # one run per --page and --server-root, in the order given (e.g. before, after, before,
            # after on the same seeded database: interleaved, so both see the same machine load);
            # with --copy-per-run each run on its own copy of the seeded database
            engine.dispose()  # nothing connected to the seeded database: it may be a template
            runs = []
            plan = [(page, root) for page in args.page for root in roots]
            for k, (page, root) in enumerate(plan):
                load_before = [round(x, 2) for x in os.getloadavg()]
                with contextlib.ExitStack() as stack:
                    run_url = (
                        stack.enter_context(postgres_database(args.pg, make_url(url).database))
                        if args.copy_per_run
                        else url
                    )
                    base = stack.enter_context(running_server(data_dir, run_url, workers, root))
                    got = bench_devices(
                        base,
                        seeded,
                        args.devices,
                        args.rounds,
                        args.per_push,
                        args.client_procs,
                        args.think_s,
                        f"r{k}-",
                        page,
                    )
                got["server_root"] = str(root)
                got["load_before"] = load_before
                got["own_copy_of_seed"] = bool(args.copy_per_run)
                runs.append(got)
                print(f"[{name}] devices {got}", flush=True)
            result["devices"] = runs[-1]
            result["devices_runs"] = runs
        engine.dispose()
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pg", default=os.environ.get("FIELDKIT_TEST_POSTGRES_URL", ""), help="PostgreSQL URL")
    ap.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    ap.add_argument("--enterprises", type=int, default=10_000)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--mutations", type=int, default=1000)
    ap.add_argument(
        "--batch", type=int, default=500, help="mutations per push request (the engine sends 500)"
    )
    ap.add_argument("--devices", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--per-push", type=int, default=10, help="mutations per push in the devices bench")
    ap.add_argument("--workers", type=int, default=2, help="server processes on PostgreSQL")
    ap.add_argument(
        "--client-procs", type=int, default=4, help="client processes the simulated devices are spread over"
    )
    ap.add_argument(
        "--think-s",
        type=float,
        default=0.0,
        help="devices bench: seconds between a device's syncs (0: the closed loop, the target's figure)",
    )
    ap.add_argument(
        "--server-root",
        type=Path,
        action="append",
        help="a FieldKit checkout whose server is run (default this one); repeated, the devices bench "
        "runs once per root in the order given on the same data (e.g. before, after, before, after)",
    )
    ap.add_argument(
        "--page",
        type=lambda v: [int(x) for x in v.split(",") if x.strip()],
        default=[PULL_PAGE],
        help=f"devices bench: rows per pull page asked for (default the engine's PULL_PAGE, {PULL_PAGE}); "
        "comma-separated, one run per value in the order given (e.g. 500,200,500,200)",
    )
    ap.add_argument(
        "--copy-per-run",
        action="store_true",
        help="devices bench on PostgreSQL: each run on its own copy of the seeded database (CREATE "
        "DATABASE … TEMPLATE), so no run sees the rows an earlier one pushed",
    )
    ap.add_argument("--no-sqlite", action="store_true")
    ap.add_argument(
        "--parts", default="push,pull,devices", help="what to measure after the push (comma-separated)"
    )
    ap.add_argument("--out", type=Path, default=OUT / "server.json")
    args = ap.parse_args()
    if args.quick:
        args.enterprises, args.records, args.mutations = 300, 3000, 100
        args.batch, args.devices, args.rounds = 50, 5, 2
    # cheap hashes for the seeded accounts, so the figures are about sync, not argon2 (login cost
    # is reported on its own)
    security.configure(time_cost=1, memory_kib=1024)
    info: dict[str, Any] = {
        "machine": machine(),
        "args": {k: str(v) for k, v in vars(args).items() if k != "pg"},
    }
    t = time.perf_counter()
    rows = generate(args.enterprises, args.records)
    info["generate_s"] = round(time.perf_counter() - t, 1)
    info["counts"] = {t: len(v) for t, v in rows.items()}
    print(f"generated {info['counts']} in {info['generate_s']} s", flush=True)
    if not args.no_sqlite:
        info["sqlite"] = run_backend("sqlite", "", rows, args)
    if args.pg:
        with postgres_database(args.pg) as url:
            version_engine = create_engine(url)
            with version_engine.connect() as conn:
                info["postgresql_version"] = conn.execute(text("SHOW server_version")).scalar_one()
            version_engine.dispose()  # nothing left connected: the devices runs may copy the database
            info["postgresql"] = run_backend("postgresql", url, rows, args)
    else:
        print("no --pg URL: the PostgreSQL part (and the 50 devices) skipped", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(info, indent=2, ensure_ascii=False))
    print(f"results in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
