"""Sync benchmark (issue 9): the laptop's engine (fieldkit.sync.engine.SyncEngine) against the real
server process on a free port of 127.0.0.1 (SQLite, its own data dir).

The server is seeded in bulk (bench_server.seed: 10,000 enterprises, 100,000 service records,
254 staff, 11,181 assignments of one zone). Then, each on a fresh laptop store
(``fieldkit.db.open_store``) connected with ``fieldkit.sync.account.connect``:

- initial sync of a supervisor (the whole zone) over loopback, against inserting the same rows
  straight into a fresh store in the same run (target ≤ 3×); bytes on the wire;
- the same for an assistant (their enterprises only);
- a sync with nothing to do, repeated (target ≤ 50 ms), for both; baseline: a /healthz round trip;
- 1,000 local edits (one field of 1,000 enterprises, through ``store.update``, so 1,000 outbox
  entries) pushed by the next sync (target ≤ 2 s), with the time of each phase.

Results: bench/out/sync.json.

    python bench/bench_sync.py
    python bench/bench_sync.py --quick      # small sizes, a smoke run
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

from bench_server import (  # bench/ is on sys.path when a script runs; it also puts this checkout first
    OUT,
    PASSWORD,
    SEED_TABLES,
    generate,
    healthz,
    machine,
    running_server,
    seed,
    summary_ms,
)
from sqlalchemy import insert
from sqlmodel import Session, select

from fieldkit.config import attachments_dir, db_path
from fieldkit.db import open_store
from fieldkit.models import SYNCED_TABLES, Enterprise
from fieldkit.server import security
from fieldkit.server.db import create_schema, make_engine
from fieldkit.server.settings import Settings
from fieldkit.services import store
from fieldkit.services.device import device_id
from fieldkit.sync import account
from fieldkit.sync.client import SyncClient
from fieldkit.sync.engine import PULL_PAGE, PUSH_BATCH, Progress, SyncEngine

TARGETS = {"initial_ratio": 3.0, "noop_ms": 50.0, "push_1000_s": 2.0}


class Wire:
    """Bytes of every request and response of one client (a requests response hook)."""

    def __init__(self, client: SyncClient) -> None:
        self.requests = 0
        self.sent = 0
        self.received_wire = 0  # as transferred (Content-Length: compressed if the server compressed)
        self.received = 0  # decoded
        self.sample: list[bytes] = []
        #: seconds from sending each request to its answer's headers (requests' ``elapsed``), by
        #: method and path: what the server and the loopback cost, apart from the engine's own work
        self.waited: dict[str, float] = {}
        client.http.hooks["response"].append(self._hook)

    def _hook(self, r: Any, *_args: Any, **_kw: Any) -> None:
        self.requests += 1
        key = f"{r.request.method} {r.request.path_url.partition('?')[0]}"
        self.waited[key] = self.waited.get(key, 0.0) + r.elapsed.total_seconds()
        body = r.request.body
        self.sent += len(body) if body else 0
        self.received += len(r.content)
        self.received_wire += int(r.headers.get("content-length") or len(r.content))
        if len(self.sample) < 20 and len(r.content) > 10_000:
            self.sample.append(r.content)

    def report(self) -> dict[str, Any]:
        raw = sum(len(b) for b in self.sample)
        packed = sum(len(zlib.compress(b, 6)) for b in self.sample)
        return {
            "requests": self.requests,
            "sent_bytes": self.sent,
            "received_bytes_on_wire": self.received_wire,
            "received_bytes_decoded": self.received,
            "gzip6_ratio_of_sampled_pages": round(packed / raw, 3) if raw else None,
        }


class Laptop:
    def __init__(self, folder: Path, base: str, login: str) -> None:
        self.folder = folder
        self.engine = open_store(db_path(folder))
        t = time.perf_counter()
        account.connect(self.engine, base, login, PASSWORD, client=SyncClient(base))
        self.connect_s = time.perf_counter() - t
        with Session(self.engine) as s:
            tok = account.token(s)
        self.client = SyncClient(base, token=tok, timeout=120.0)
        self.wire = Wire(self.client)
        self.sync_engine = SyncEngine(self.engine, self.client, attachments_dir(folder))

    def sync(self) -> tuple[float, dict[str, float], Any]:
        """One sync: its seconds, when each phase began (seconds from the start), the report."""
        phases: dict[str, float] = {}
        t = time.perf_counter()

        def progress(p: Progress) -> None:
            phases.setdefault(p.phase, round(time.perf_counter() - t, 3))

        report = self.sync_engine.sync(progress=progress)
        return time.perf_counter() - t, phases, report

    def close(self) -> None:
        self.client.close()
        self.engine.dispose()


def raw_insert(folder: Path, rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The same rows straight into a fresh store: one transaction, executemany in chunks."""
    engine = open_store(db_path(folder))
    n = 0
    t = time.perf_counter()
    cpu = time.process_time()
    with engine.begin() as conn:
        for table in SEED_TABLES:
            target = SYNCED_TABLES[table].__table__  # type: ignore[attr-defined]
            chunk = rows[table]
            for i in range(0, len(chunk), 5000):
                conn.execute(insert(target), chunk[i : i + 5000])
            n += len(chunk)
    seconds = time.perf_counter() - t
    cpu = time.process_time() - cpu
    engine.dispose()
    return {"rows": n, "seconds": round(seconds, 2), "cpu_s": round(cpu, 2), "rows_per_s": round(n / seconds)}


def initial(tmp: Path, base: str, login: str, raw: dict[str, Any] | None) -> tuple[Laptop, dict[str, Any]]:
    lap = Laptop(tmp / f"laptop-{login}", base, login)
    cpu = time.process_time()
    seconds, phases, report = lap.sync()
    cpu = time.process_time() - cpu
    out: dict[str, Any] = {
        "login": login,
        "seconds": round(seconds, 2),
        # the laptop's process only (the server is another process): the steadier figure on a
        # loaded machine, against the raw insert's CPU time
        "client_cpu_s": round(cpu, 2),
        "waiting_for_server_s": round(sum(lap.wire.waited.values()), 2),
        "rows_pulled": report.pulled,
        "rows_per_s": round(report.pulled / seconds) if seconds else None,
        "phases_started_at_s": phases,
        "wire": lap.wire.report(),
        "store_mb": round(db_path(lap.folder).stat().st_size / 1e6, 1),
    }
    if raw:
        out["ratio_to_raw_insert"] = round(seconds / raw["seconds"], 2)
        out["client_cpu_ratio_to_raw_insert_cpu"] = round(cpu / raw["cpu_s"], 2)
        out["target_met"] = out["ratio_to_raw_insert"] <= TARGETS["initial_ratio"]
    return lap, out


def noop(lap: Laptop, runs: int) -> dict[str, Any]:
    times = []
    waited = []
    before = lap.wire.requests
    for _ in range(runs):
        w = sum(lap.wire.waited.values())
        seconds, _phases, report = lap.sync()
        if report.pushed or report.pulled:
            raise SystemExit(f"a sync with nothing to do did something: {report}")
        times.append(seconds)
        waited.append(sum(lap.wire.waited.values()) - w)
    out: dict[str, Any] = {**summary_ms(times), "requests_per_sync": (lap.wire.requests - before) / runs}
    out["request_ms"] = summary_ms(waited)
    out["local_p50_ms"] = summary_ms([t - w for t, w in zip(times, waited, strict=True)])["p50_ms"]
    out["target_met"] = out["p50_ms"] <= TARGETS["noop_ms"]
    return out


def edits(lap: Laptop, n: int) -> dict[str, Any]:
    """``n`` enterprises edited locally (one field each), then one sync pushes them."""
    with Session(lap.engine, expire_on_commit=False) as s:
        actor = store.Actor(staff_id=account.staff_id(s), device_id=device_id(s))
        rows = list(s.exec(select(Enterprise).order_by(Enterprise.credit_code).limit(n)).all())
        for i, e in enumerate(rows):
            store.update(s, e, actor, contact_phone=f"0838-{i:07d}")
        s.commit()
    push_key = "POST /api/v1/push"
    waited = lap.wire.waited.get(push_key, 0.0)
    seconds, phases, report = lap.sync()
    waited = lap.wire.waited.get(push_key, 0.0) - waited
    push_s = phases.get("upload", phases.get("pull", seconds)) - phases.get("push", 0.0)
    out = {
        "edits": len(rows),
        "pushed": report.pushed,
        "applied": report.applied,
        "rejected": report.rejected,
        "sync_s": round(seconds, 3),
        "push_phase_s": round(push_s, 3),
        # the push requests (the server's share: push-fast's) and the rest of the push phase (the
        # engine's: reading and marking the batch, building the body, writing the results)
        "push_requests_s": round(waited, 3),
        "push_engine_s": round(push_s - waited, 3),
        "phases_started_at_s": phases,
        "push_batch": PUSH_BATCH,
    }
    out["target_met"] = push_s <= TARGETS["push_1000_s"]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    ap.add_argument("--enterprises", type=int, default=10_000)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--edits", type=int, default=1000)
    ap.add_argument("--noop-runs", type=int, default=20)
    ap.add_argument("--out", type=Path, default=OUT / "sync.json")
    args = ap.parse_args()
    if args.quick:
        args.enterprises, args.records, args.edits, args.noop_runs = 300, 3000, 100, 5
    security.configure(time_cost=1, memory_kib=1024)
    info: dict[str, Any] = {"machine": machine(), "args": {k: str(v) for k, v in vars(args).items()}}
    info["engine"] = {"push_batch": PUSH_BATCH, "pull_page": PULL_PAGE}
    t = time.perf_counter()
    rows = generate(args.enterprises, args.records)
    info["generate_s"] = round(time.perf_counter() - t, 1)
    info["counts"] = {k: len(v) for k, v in rows.items()}
    print(f"generated {info['counts']} in {info['generate_s']} s", flush=True)
    with tempfile.TemporaryDirectory(prefix="fk-bench-sync-") as tmp_name:
        tmp = Path(tmp_name)
        info["raw_insert"] = raw_insert(tmp / "raw", rows)
        print(f"raw insert {info['raw_insert']}", flush=True)
        data = tmp / "server"
        settings = Settings(data_dir=data)
        server_engine = make_engine(settings)
        create_schema(server_engine)
        seeded, info["seed"] = seed(server_engine, rows)
        server_engine.dispose()
        print(f"seeded {info['seed']}", flush=True)
        with running_server(data, "", 1) as base:
            info["healthz"] = healthz(base, 100)
            sup, info["initial_supervisor"] = initial(tmp, base, seeded.supervisor, info["raw_insert"])
            print(f"initial (supervisor) {info['initial_supervisor']}", flush=True)
            asst, info["initial_assistant"] = initial(tmp, base, seeded.assistants[0], None)
            print(f"initial (assistant) {info['initial_assistant']}", flush=True)
            info["noop_assistant"] = noop(asst, args.noop_runs)
            print(f"no-op (assistant) {info['noop_assistant']}", flush=True)
            info["noop_supervisor"] = noop(sup, args.noop_runs)
            print(f"no-op (supervisor) {info['noop_supervisor']}", flush=True)
            info["edits_supervisor"] = edits(sup, args.edits)
            print(f"edits (supervisor) {info['edits_supervisor']}", flush=True)
            asst.close()
            sup.close()
    info["summary"] = {
        "initial_ratio": info["initial_supervisor"].get("ratio_to_raw_insert"),
        "noop_p50_ms": {
            "assistant": info["noop_assistant"]["p50_ms"],
            "supervisor": info["noop_supervisor"]["p50_ms"],
        },
        "initial_cpu_ratio": info["initial_supervisor"].get("client_cpu_ratio_to_raw_insert_cpu"),
        "push_1000_s": info["edits_supervisor"]["push_phase_s"],
        "push_1000_engine_s": info["edits_supervisor"]["push_engine_s"],
        "median_healthz_ms": info["healthz"]["p50_ms"],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(info, indent=2, ensure_ascii=False))
    print(f"results in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
