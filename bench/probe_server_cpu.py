"""Server CPU per request, by kind (issue 8, branch server-cpu): the server process's own CPU time
(utime + stime of every thread, /proc/PID/stat) spent per request, one request at a time, over
HTTP against the real server process (``python -m fieldkit server``, one worker) on PostgreSQL.

The data is seeded once (bench_server.seed) into a throwaway database; then every ``--root``
(a checkout of FieldKit, e.g. main exported into /tmp/server-before and this one) serves the same
database in turn, ``--rounds`` times interleaved (A B A B ...), so a before/after comparison sees
the same data and the same machine load. Kinds:

- ``healthz``: ``GET /healthz`` (no database)
- ``pull_empty``: a pull with nothing after the cursor
- ``push10``: a push of 10 mutations (bench_server.MutationMaker's mix)
- ``pull_after_push``: the pull that brings those 10 rows back
- ``pull_initial``: the first page (limit 500) of an assistant's scope from cursor 0

    python bench/probe_server_cpu.py --pg postgresql+psycopg://fk@127.0.0.1:55432/postgres \
        --root /tmp/server-before --root . --rounds 2

Linux only (/proc). The figures are CPU milliseconds per request (the clock tick is 10 ms:
each figure is a total over ``--n`` requests divided by their number).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench_server import (  # noqa: E402 - bench/ is on sys.path when a script runs
    Client,
    MutationMaker,
    check_results,
    free_port,
    generate,
    machine,
    postgres_database,
    seed,
)

from fieldkit.server import security  # noqa: E402
from fieldkit.server.db import create_schema, make_engine  # noqa: E402
from fieldkit.server.settings import Settings  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads, live and ended)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


@contextmanager
def server(root: Path, data_dir: Path, url: str) -> Iterator[tuple[str, int]]:
    """The server of checkout ``root`` on a free port; yields (base URL, server pid)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(root)}
    args = [sys.executable, "-m", "fieldkit", "server", "--port", str(port), "--data-dir", str(data_dir)]
    args += ["--database-url", url]
    log = open(data_dir / f"server-{port}.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        args, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):
            try:
                r = requests.get(f"{base}/healthz", timeout=1)
                if r.status_code == 200:
                    pid = int(r.json()["worker"])
                    break
            except requests.ConnectionError:
                pass
            if proc.poll() is not None:
                raise SystemExit(f"server exited: {log.name}")
            time.sleep(0.1)
        else:
            raise SystemExit("server did not answer /healthz")
        yield base, pid
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


KINDS = ("healthz", "pull_initial", "pull_empty", "push10")


def measure(
    base: str, pid: int, seeded: Any, login: str, tag: str, n: int, kinds: tuple[str, ...] = KINDS
) -> dict[str, float]:
    """CPU ms per request of each kind (n of each), and the client's wall ms per request."""
    cpu: dict[str, float] = {}
    wall: dict[str, float] = {}
    count: dict[str, int] = {}

    def timed(kind: str, call: Any) -> Any:
        c0, w0 = cpu_seconds(pid), time.perf_counter()
        got = call()
        w1, c1 = time.perf_counter(), cpu_seconds(pid)
        cpu[kind] = cpu.get(kind, 0.0) + c1 - c0
        wall[kind] = wall.get(kind, 0.0) + w1 - w0
        count[kind] = count.get(kind, 0) + 1
        return got

    http = requests.Session()
    for _ in range(20):  # warm: imports, statement caches, pool
        http.get(f"{base}/healthz", timeout=30)
    for _ in range(n if "healthz" in kinds else 0):
        timed("healthz", lambda: http.get(f"{base}/healthz", timeout=30).raise_for_status())
    c = Client(base, login, f"probe-{tag}-{time.time_ns()}")
    for _ in range(3):  # warm the pull and push paths
        c.cursor = 0
        c.pull_page(500)
    for _ in range(n if "pull_initial" in kinds else 0):
        c.cursor = 0
        timed("pull_initial", lambda: c.pull_page(500))
    while c.pull_page(500)[0]["has_more"]:
        pass
    for _ in range(n if "pull_empty" in kinds else 0):
        timed("pull_empty", lambda: c.pull_page(500))
    maker = MutationMaker(seeded, login, c.device_id)
    for _ in range(n if "push10" in kinds else 0):  # and the pull after it
        batch = maker.batch(10)
        results = timed("push10", lambda b=batch: c.push(b))
        check_results(results)
        maker.learn(results)
        page, _ = timed("pull_after_push", lambda: c.pull_page(500))
        assert len(page["rows"]) >= 10, len(page["rows"])
    out: dict[str, float] = {}
    for kind in cpu:
        out[f"{kind}_cpu_ms"] = round(cpu[kind] / count[kind] * 1000, 2)
        out[f"{kind}_wall_ms"] = round(wall[kind] / count[kind] * 1000, 2)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pg", default=os.environ.get("FIELDKIT_TEST_POSTGRES_URL", ""), required=False)
    ap.add_argument("--root", action="append", type=Path, help="a FieldKit checkout to serve (repeatable)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("-n", "--n", type=int, default=100, help="requests of each kind per measurement")
    ap.add_argument("--enterprises", type=int, default=10_000)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--kinds", default=",".join(KINDS), help="what to measure (comma-separated)")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    if not args.pg:
        raise SystemExit("--pg URL needed")
    roots = [r.resolve() for r in (args.root or [Path(__file__).resolve().parents[1]])]
    security.configure(time_cost=1, memory_kib=1024)
    info: dict[str, Any] = {"machine": machine(), "roots": [str(r) for r in roots], "n": args.n, "runs": []}
    rows = generate(args.enterprises, args.records)
    with postgres_database(args.pg) as url, tempfile.TemporaryDirectory(prefix="fk-probe-") as tmp:
        engine = make_engine(Settings(data_dir=Path(tmp), database_url=url))
        create_schema(engine)
        seeded, _ = seed(engine, rows)
        engine.dispose()
        login = seeded.assistants[1]
        for rnd in range(args.rounds):
            for root in roots:
                with server(root, Path(tmp), url) as (base, pid):
                    got = measure(base, pid, seeded, login, f"{rnd}", args.n, tuple(args.kinds.split(",")))
                run = {"root": str(root), "round": rnd, "load": [round(x, 2) for x in os.getloadavg()], **got}
                info["runs"].append(run)
                print(json.dumps(run), flush=True)
    if args.out:
        args.out.write_text(json.dumps(info, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
