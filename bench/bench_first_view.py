"""The start's first view: what it costs to read Today's board in a fresh interpreter through the
ORM (import SQLAlchemy, SQLModel, the models and the services, open the store's engine, run
``overview.today_overview``) against the plain DB-API read (``sqlcipher3`` and
``services.today_sql``), in turns so that both see the same load. The store's key is unwrapped
once beforehand (argon2id is the same on both paths and not counted).

    python bench/bench_first_view.py --data-dir D --password demo1234 [--runs 5]

D: a COPY of an encrypted demo store (opened read-only; nothing is written). Prints medians of
wall and CPU per path and login (the supervisor's whole zone and the demo's assistant) and the
ratio ORM / plain. Results: docs/benchmarks.md "### Start".
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import sys, time, json
t0, c0 = time.perf_counter(), time.process_time()
path, key_hex, staff, mode = sys.argv[1], sys.argv[2], sys.argv[3] or None, sys.argv[4]
key = bytes.fromhex(key_hex)
from pathlib import Path
if mode == "orm":
    from sqlmodel import Session
    from fieldkit.db import StoreKey, cipher_engine
    from fieldkit.services.overview import today_overview
    engine = cipher_engine(Path(path), StoreKey(key), read_only=True)
    with Session(engine) as s:
        ov = today_overview(s, staff, include_policies=False)
else:
    from urllib.parse import quote
    from fieldkit.store_crypt import cipher_connect
    from fieldkit.services.today_sql import today_overview_sql
    conn = cipher_connect(Path(path), key, uri=f"file:{quote(str(Path(path).resolve()))}?mode=ro")
    ov = today_overview_sql(conn, staff)
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0,
                  "figures": [ov.plans_week_count, ov.not_visited_count, ov.demands_count, len(ov.plans_week)]}))
"""


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", type=Path, required=True)
    p.add_argument("--password", default="demo1234")
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()

    from fieldkit import keystore
    from fieldkit.config import db_path

    keys = keystore.load(args.data_dir)
    demo = keys.demo_login or keys.logins[0]
    key = keystore.open_key(args.data_dir, demo, args.password)
    from fieldkit.store_crypt import cipher_connect

    conn = cipher_connect(db_path(args.data_dir), key)
    sup = conn.execute("SELECT id FROM staff WHERE role = 'supervisor' AND deleted = 0 LIMIT 1").fetchone()[0]
    asst = conn.execute("SELECT id FROM staff WHERE login = ?", (demo,)).fetchone()[0]
    conn.close()
    env = dict(os.environ)
    env.setdefault("PYTHONPYCACHEPREFIX", "/tmp/pyc-bench-first-view")
    out: dict[str, list[dict[str, float]]] = {}
    cmd = [sys.executable, "-c", CHILD, str(db_path(args.data_dir)), key.hex()]
    for _who, sid in (("supervisor", sup), ("assistant", asst)):
        for mode in ("orm", "plain"):  # one untimed start each: byte code cached
            subprocess.run([*cmd, sid, mode], env=env, check=True, capture_output=True)
    figures: dict[str, object] = {}
    for _ in range(args.runs):
        for who, sid in (("supervisor", sup), ("assistant", asst)):
            for mode in ("orm", "plain"):
                r = subprocess.run([*cmd, sid, mode], env=env, check=True, capture_output=True, text=True)
                got = json.loads(r.stdout)
                out.setdefault(f"{who}/{mode}", []).append(got)
                figures.setdefault(f"{who}/{mode}", got["figures"])
    print(f"load average: {os.getloadavg()}")
    for who in ("supervisor", "assistant"):
        med = {
            m: {k: statistics.median(r[k] for r in out[f"{who}/{m}"]) for k in ("wall", "cpu")}
            for m in ("orm", "plain")
        }
        same = figures[f"{who}/orm"] == figures[f"{who}/plain"]
        print(
            f"{who}: ORM {med['orm']['wall']:.3f} s wall / {med['orm']['cpu']:.3f} s CPU, "
            f"plain {med['plain']['wall']:.3f} s / {med['plain']['cpu']:.3f} s "
            f"(ORM ÷ plain: {med['orm']['wall'] / med['plain']['wall']:.1f}× wall, "
            f"{med['orm']['cpu'] / med['plain']['cpu']:.1f}× CPU; same figures: {same})"
        )


if __name__ == "__main__":
    main()
