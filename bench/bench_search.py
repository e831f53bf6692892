"""Full-text search benchmark (issue 11): the first page of a record search against a LIKE scan of
the same rows, on demo stores of growing size, and whether both find the same rows.

Each figure is the median of ``--runs`` runs (fresh session each); the ratio is LIKE scan / index in
the same run on the same store, so a busy machine does not skew it. Results: bench/out/search.json.

    python bench/bench_search.py --store /tmp/fk10k/fieldkit.sqlite3 [--store …]   # stores built before
    python bench/bench_search.py --enterprises 1000                                  # build one (temporary)
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from machine_info import cpu_model  # bench/ is on sys.path when a script runs

from fieldkit.db import open_store, session_factory
from fieldkit.services import fulltext
from fieldkit.services.demo import generate

OUT = Path(__file__).resolve().parent / "out"
TERMS = ["环评批复", "机械", "融资", "用地", "设备更新", "ABC"]


def median_ms(fn: Any, make: Any, runs: int) -> tuple[float, Any]:
    times, result = [], None
    for i in range(runs + 1):
        with make() as s:
            t = time.perf_counter()
            result = fn(s)
            if i:  # the first run warms the cache
                times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2), result


def bench_store(path: Path, runs: int) -> dict[str, Any]:
    engine = open_store(path)
    make = session_factory(engine)
    with make() as s:
        n = s.connection().exec_driver_sql("SELECT count(*) FROM servicerecord").scalar_one()
    rows = []
    for term in TERMS:
        page_ms, page = median_ms(
            lambda s, t=term: fulltext.search_kind(s, "record", t, limit=50), make, runs
        )
        like_ms, like = median_ms(
            lambda s, t=term: fulltext.scan_ids(s, "record", t), make, max(3, runs // 5)
        )
        with make() as s:
            same = sorted(fulltext.indexed_ids(s, "record", term)) == sorted(like)
        rows.append(
            {
                "term": term,
                "matches": len(like),
                "page_ms": page_ms,
                "page_rows": len(page.hits),
                "like_scan_ms": like_ms,
                "ratio": round(like_ms / page_ms, 1) if page_ms else None,
                "same_rows": same,
            }
        )
    engine.dispose()
    return {"store": str(path), "records": n, "size_mb": round(path.stat().st_size / 2**20), "terms": rows}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", action="append", default=[])
    ap.add_argument("--enterprises", type=int, default=0)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    stores = [Path(p) for p in args.store]
    tmp = None
    if args.enterprises:
        tmp = Path(tempfile.mkdtemp(prefix="fk-bench-search-"))
        engine = open_store(tmp / "fieldkit.sqlite3")
        generate(engine, enterprises=args.enterprises, seed=1)
        engine.dispose()
        stores.append(tmp / "fieldkit.sqlite3")
    try:
        results = {
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "cpu": cpu_model(),
            "stores": [bench_store(p, args.runs) for p in stores],
        }
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)  # never leave a temporary store behind
    OUT.mkdir(exist_ok=True)
    (OUT / "search.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    for st in results["stores"]:
        print(f"\n{st['store']}: {st['records']} records, {st['size_mb']} MB")
        print("| term | matches | first page (50) ms | LIKE scan ms | × faster | same rows |")
        print("|---|---:|---:|---:|---:|---|")
        for r in st["terms"]:
            print(
                f"| {r['term']} | {r['matches']} | {r['page_ms']} | {r['like_scan_ms']} | {r['ratio']} | "
                f"{'✅' if r['same_rows'] else '❌'} |"
            )


if __name__ == "__main__":
    main()
