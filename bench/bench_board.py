"""Supervisor board benchmark (issue 11): the Today board, its policy card and the supervisor
screen's first load, on demo stores of growing size, to show how they grow with the zone.

Figures are CPU times (``time.process_time``, median of ``--runs``; a busy machine inflates wall
time, not CPU time much) and the ratio to the smallest store measured in the same run.
Results: bench/out/board.json and a markdown table.

    python bench/bench_board.py --store /tmp/fk1k/fieldkit.sqlite3 --store /tmp/fk10k/fieldkit.sqlite3

A store encrypted by the demo build (a key file beside it) is unlocked with the demo accounts'
password (or ``FIELDKIT_PASSWORD``); opening it upgrades it to the current schema first (timed
and reported as ``open_s``, wall clock, once).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

from machine_info import cpu_model  # bench/ is on sys.path when a script runs
from sqlmodel import select

from fieldkit.db import open_store, session_factory
from fieldkit.models import Staff
from fieldkit.services.demo import DEMO_PASSWORD
from fieldkit.services.overview import closing_policies, today_overview
from fieldkit.services.supervision import supervisor_period
from fieldkit.services.timeutil import local_today, quarter_bounds
from fieldkit.services.unlock import Vault

OUT = Path(__file__).resolve().parent / "out"


def cpu_ms(fn: Any, make: Any, runs: int) -> float:
    times = []
    for i in range(runs + 1):
        with make() as s:
            t = time.process_time()
            fn(s)
            if i:
                times.append((time.process_time() - t) * 1000)
    return round(statistics.median(times), 1)


def open_bench_store(path: Path) -> Any:
    """The store's engine: unlocked with the demo password when it is encrypted."""
    vault = Vault(path.parent)
    if vault.state == "encrypted":
        vault.unlock_any(os.environ.get("FIELDKIT_PASSWORD", DEMO_PASSWORD))
        return vault.engine
    vault.close()
    return open_store(path)


def bench_store(path: Path, runs: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    engine = open_bench_store(path)
    opened = round(time.perf_counter() - t0, 2)
    make = session_factory(engine)
    today = local_today()
    with make() as s:
        n = s.connection().exec_driver_sql("SELECT count(*) FROM enterprise").scalar_one()
        sup = s.exec(select(Staff).where(Staff.role == "supervisor")).first()
        zone = sup.zone_id if sup else None
    start, end = quarter_bounds(today)
    figures = {
        "board": cpu_ms(lambda s: today_overview(s, None, today, include_policies=False), make, runs),
        "policy_card": cpu_ms(lambda s: closing_policies(s, None, today), make, runs),
        "supervisor_first_load": cpu_ms(
            lambda s: supervisor_period(s, zone, start, end, today=today), make, runs
        ),
    }
    engine.dispose()
    return {"store": str(path), "enterprises": n, "open_s": opened, **figures}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", action="append", required=True)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    rows = [bench_store(Path(p), args.runs) for p in args.store]
    rows.sort(key=lambda r: r["enterprises"])
    base = rows[0]
    results = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cpu": cpu_model(), "stores": rows}
    OUT.mkdir(exist_ok=True)
    (OUT / "board.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print("| enterprises | Today board ms (×) | policy card ms (×) | supervisor first load ms (×) |")
    print("|---:|---:|---:|---:|")
    for r in rows:
        cells = [
            f"{r[k]} ({r[k] / base[k]:.2f}×)" if base[k] else str(r[k])
            for k in ("board", "policy_card", "supervisor_first_load")
        ]
        print(f"| {r['enterprises']:,} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
