"""Store benchmark (issue 2): build the 10,000-enterprise / 200,000-record demo store and time the
queries a user waits for — enterprise search (name substring, credit-code prefix, pinyin initials)
and a one-year ledger of one staff member.

Times are reported in ms and as a ratio to a baseline measured in the same run on the same store
(a primary-key lookup through the ORM, and ``SELECT count(*) FROM enterprise``), so figures from a
slow or busy machine stay comparable. Results: bench/out/store.json and a markdown table.

    python bench/bench_store.py                      # full size, 50 runs
    python bench/bench_store.py --enterprises 2000 --records 40000 --runs 20
    python bench/bench_store.py --store /tmp/fk/fieldkit.sqlite3   # reuse a store built before
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from machine_info import cpu_model  # bench/ is on sys.path when a script runs
from sqlalchemy import text
from sqlmodel import Session, select

from fieldkit.db import open_store
from fieldkit.models import Enterprise, Staff, SyncMeta
from fieldkit.services import enterprises as ent_service
from fieldkit.services.demo import generate
from fieldkit.services.timeutil import local_today

OUT = Path(__file__).resolve().parent / "out"
TARGETS_MS = {"search": 30.0, "ledger": 200.0}


def machine() -> dict[str, Any]:
    cpu = cpu_model()
    try:
        uname = subprocess.run(["uname", "-a"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        uname = " ".join(platform.uname())
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = None
    return {
        "uname": uname,
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": __import__("sqlite3").sqlite_version,
        "load_1min_at_start": load,
    }


def timed(
    fn: Callable[[Session], Any], make: Callable[[], Session], runs: int, warmup: int = 2
) -> dict[str, Any]:
    """Median / p95 over ``runs``; each run gets a fresh session (no identity-map reuse)."""
    times: list[float] = []
    rows = None
    for i in range(warmup + runs):
        with make() as s:
            t = time.perf_counter()
            result = fn(s)
            dt = (time.perf_counter() - t) * 1000
        if i >= warmup:
            times.append(dt)
        rows = _size(result)
    times.sort()
    p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
    return {
        "median_ms": round(statistics.median(times), 3),
        "p95_ms": round(p95, 3),
        "min_ms": round(times[0], 3),
        "runs": runs,
        "rows": rows,
    }


def _size(result: Any) -> int | None:
    if isinstance(result, list | tuple):
        return len(result)
    totals = getattr(result, "totals", None)
    totals = totals() if callable(totals) else totals
    if isinstance(totals, dict):  # a ledger: its records, demands, proxy services and pushes
        return sum(totals.get(k, 0) for k in ("records", "demands", "proxies", "pushes"))
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--enterprises", type=int, default=10_000)
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--store", type=Path, help="use this existing store instead of building one")
    ap.add_argument("--out", type=Path, default=OUT / "store.json")
    args = ap.parse_args()

    info: dict[str, Any] = {
        "bench": "store",
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
    }
    tmp: tempfile.TemporaryDirectory[str] | None = None
    if args.store:
        path = args.store
        engine = open_store(path)
        info["generation"] = None
    else:
        tmp = tempfile.TemporaryDirectory(prefix="fieldkit-bench-")
        path = Path(tmp.name) / "fieldkit.sqlite3"
        engine = open_store(path)
        t = time.perf_counter()
        summary = generate(engine, enterprises=args.enterprises, records=args.records, seed=args.seed)
        info["generation"] = {
            "seconds": round(time.perf_counter() - t, 2),
            "enterprises": args.enterprises,
            "records": args.records,
            "seed": args.seed,
            "counts": summary.counts,
        }
        print(f"generated in {info['generation']['seconds']} s: {summary}")
    engine.dispose()  # the bench uses a fresh pool, as the app after a restart would
    engine = open_store(path)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size + (
        path.with_name(path.name + "-wal").stat().st_size
        if path.with_name(path.name + "-wal").exists()
        else 0
    )
    info["store_mb"] = round(size / 1e6, 1)

    def make() -> Session:
        return Session(engine, expire_on_commit=False)

    with make() as s:
        login = s.get(SyncMeta, "demo_login")
        staff = s.exec(select(Staff).where(Staff.login == (login.value if login else "zhangwei"))).first()
        if staff is None:
            staff = s.exec(select(Staff).where(Staff.role == "assistant")).first()
        assert staff is not None, "the store has no staff"
        some_id = s.exec(
            select(Enterprise.id)
            .order_by(Enterprise.credit_code)
            .offset(args.enterprises // 2 if not args.store else 0)
            .limit(1)
        ).one()
        sample = s.get(Enterprise, some_id)
        assert sample is not None
        initials = sample.name_initials[:4]
        counts = {
            t: s.exec(text(f"SELECT count(*) FROM {t}")).one()[0]  # type: ignore[call-overload]
            for t in ("enterprise", "servicerecord", "demand", "demandevent", "visitplan")
        }
    info["store_counts"] = counts
    info["ledger_staff"] = staff.login

    from fieldkit.services.enterprise_file import list_rows

    def by_pk(s: Session) -> Any:
        return s.exec(select(Enterprise).where(Enterprise.id == some_id)).one()

    def count_all(s: Session) -> Any:
        return s.exec(text("SELECT count(*) FROM enterprise")).one()  # type: ignore[call-overload]

    def search(t: str, **kw: Any) -> Callable[[Session], Any]:
        return lambda s: ent_service.search(s, ent_service.EnterpriseFilter(text=t, **kw))

    def rows(t: str, **kw: Any) -> Callable[[Session], Any]:
        return lambda s: list_rows(s, ent_service.EnterpriseFilter(text=t, **kw))

    from fieldkit.services.enterprise_file import row_matcher

    with make() as s:
        loaded = list_rows(s, ent_service.EnterpriseFilter())  # the supervisor's whole zone, loaded once

    def in_memory(t: str) -> Callable[[Session], Any]:
        def run(_s: Session) -> Any:
            match = row_matcher(ent_service.EnterpriseFilter(text=t))
            return [r for r in loaded if match(r)]

        return run

    ops: list[tuple[str, str, str | None, Callable[[Session], Any]]] = [
        ("baseline_pk", "baseline: ORM primary-key lookup", None, by_pk),
        ("baseline_count", "baseline: SELECT count(*) FROM enterprise", None, count_all),
        ("search_name", "search name '机械' — enterprises.search (ORM objects)", "search", search("机械")),
        ("rows_name", "search name '机械' — enterprise_file.list_rows (list view)", "search", rows("机械")),
        ("search_code", "search credit-code prefix '91510' — enterprises.search", "search", search("91510")),
        ("rows_code", "search credit-code prefix '91510' — list_rows", "search", rows("91510")),
        (
            "rows_code_long",
            "search credit-code prefix '91510600MA6' — list_rows",
            "search",
            rows("91510600MA6"),
        ),
        (
            "search_initials",
            f"search pinyin initials '{initials}' — enterprises.search",
            "search",
            search(initials),
        ),
        ("rows_initials", f"search pinyin initials '{initials}' — list_rows", "search", rows(initials)),
        (
            "rows_name_mine",
            "search name '机械' among one assistant's enterprises — list_rows",
            "search",
            rows("机械", staff_id=staff.id),
        ),
        (
            "search_name_page",
            "search name '机械', first 50 by name (a search box's page) — enterprises.search",
            "search",
            search("机械", limit=50),
        ),
        (
            "search_code_page",
            "search credit-code prefix '91510', first 50 — enterprises.search",
            "search",
            search("91510", limit=50),
        ),
        (
            "filter_name",
            "keystroke '机械' over the 10,000 loaded rows (the list view, in memory)",
            "search",
            in_memory("机械"),
        ),
        (
            "filter_code",
            "keystroke '91510' over the 10,000 loaded rows (the list view, in memory)",
            "search",
            in_memory("91510"),
        ),
        (
            "filter_initials",
            f"keystroke '{initials}' over the 10,000 loaded rows (in memory)",
            "search",
            in_memory(initials),
        ),
    ]
    try:
        from fieldkit.services.ledger import staff_ledger
    except ImportError:
        staff_ledger = None  # type: ignore[assignment]
        info["ledger_note"] = "fieldkit.services.ledger.staff_ledger not available: ledger line skipped"
    if staff_ledger is not None:
        today = local_today()
        ops.append(
            (
                "ledger_year",
                f"one-year ledger of {staff.login} — ledger.staff_ledger",
                "ledger",
                lambda s: staff_ledger(s, staff.id, today - timedelta(days=365), today),
            )
        )

    results: dict[str, Any] = {}
    for key, label, target, fn in ops:
        r = timed(fn, make, args.runs)
        r.update(label=label, target_ms=TARGETS_MS.get(target or ""))
        results[key] = r
    base_pk = results["baseline_pk"]["median_ms"]
    base_count = results["baseline_count"]["median_ms"]
    for r in results.values():
        r["x_pk"] = round(r["median_ms"] / base_pk, 1) if base_pk else None
        r["x_count"] = round(r["median_ms"] / base_count, 1) if base_count else None
        r["meets_target"] = None if r["target_ms"] is None else r["p95_ms"] <= r["target_ms"]
    info["results"] = results

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    print(markdown(info))
    print(f"\nwritten {args.out}")
    if tmp is not None:
        engine.dispose()
        tmp.cleanup()
    return 0


def markdown(info: dict[str, Any]) -> str:
    m = info["machine"]
    gen = info.get("generation")
    lines = [
        f"Machine: `{m['uname']}`; CPU {m['cpu']}, {m['cores']} cores; Python {m['python']}, SQLite {m['sqlite']}; "
        f"load at start {m['load_1min_at_start']}. Date {info['date']}.",
        "",
    ]
    if gen:
        lines.append(
            f"Store: {gen['enterprises']:,} enterprises, {gen['records']:,} service records "
            f"(`fieldkit demo`, seed {gen['seed']}): generated in **{gen['seconds']} s**, "
            f"**{info['store_mb']} MB** on disk."
        )
    else:
        lines.append(f"Store: existing file, {info['store_mb']} MB, counts {info['store_counts']}.")
    lines += [
        "",
        "| query | rows | median ms | p95 ms | × PK lookup | × count(*) | target (p95) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in info["results"].values():
        target = (
            ""
            if r["target_ms"] is None
            else (f"≤ {r['target_ms']:.0f} ms {'✅' if r['meets_target'] else '❌'}")
        )
        lines.append(
            f"| {r['label']} | {r['rows'] if r['rows'] is not None else ''} | {r['median_ms']:.2f} | "
            f"{r['p95_ms']:.2f} | {r['x_pk']} | {r['x_count']} | {target} |"
        )
    if info.get("ledger_note"):
        lines += ["", info["ledger_note"]]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
