"""Forms benchmark (issue 4): time the documents a user waits for and their peak memory.

Cases (each in its own subprocess, so its peak RSS is its own):

- ``baseline``      a 1-page plain reportlab PDF (Helvetica, no table): the machine's yardstick;
- ``baseline-cjk``  the same page in the embedded CJK font (font parsing and subsetting);
- ``visit-record``  企业走访记录表 from the specimen store (600-character content, 3 photos, signature);
- ``ledger-1k``     诉求台账 PDF, 1,000 rows (A4 landscape, mixed short and long texts);
- ``ledger-10k``    诉求台账 PDF, 10,000 rows;
- ``xlsx-10k``      诉求台账 .xlsx, 10,000 rows.

Each case is built once untimed (warm-up: fonts registered, modules imported; the first call in a
process, with the 0.3 s font load, is reported as ``cold``), then timed ``--runs`` times; the
median is reported with its ratio to the baseline. Peak memory is ``ru_maxrss`` of the subprocess.
Results: bench/out/forms.json and, with ``--write``, the "## Forms (issue 4)" section of
docs/benchmarks.md.

    python bench/bench_forms.py            # all cases, 9 runs (3 for the 10,000-row cases)
    python bench/bench_forms.py --write    # and update docs/benchmarks.md
    python bench/bench_forms.py --case ledger-1k
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from machine_info import cpu_model  # bench/ is on sys.path when a script runs

from fieldkit.services.store import SYSTEM

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Forms (issue 4)"
CASES = ("baseline", "baseline-cjk", "visit-record", "ledger-1k", "ledger-10k", "xlsx-10k")
#: targets of issue 4 (seconds; memory in MB)
TARGETS = {"visit-record": 0.150, "ledger-1k": 2.0, "ledger-10k": 20.0, "xlsx-10k": 20.0}
MEMORY_TARGET_MB = 400
BIG = ("ledger-10k", "xlsx-10k")

PERIOD = (date(2026, 1, 1), date(2026, 12, 31))
SAMPLE_TEXTS = [
    "咨询技改补贴政策",
    "新厂房用电增容申请已提交两个月仍未批复，影响二期生产线投产，希望协调供电公司加快办理。",
    "招聘数控技工30名，希望人社部门组织专场招聘会，并协助解决外地员工子女入学问题。",
    "建议增设园区公交站点",
    "企业反映园区道路破损严重，大货车通行困难；雨季排水不畅，厂区多次积水，影响原料运输和产品出库，"
    "希望住建和交通部门尽快安排维修，并在规划中考虑物流通道的拓宽。",
]


def demand_rows(n: int, seed: int = 4) -> list[Any]:
    from fieldkit.services.ledger import DemandRow

    rng = random.Random(seed)
    states = ["收集", "交办", "承办", "催办", "反馈", "办结"]
    rows = []
    for i in range(n):
        closed = rng.random() < 0.4
        rows.append(
            DemandRow(
                enterprise_id="",
                staff_id="",
                staff="",
                kind="demand",
                category_label="",
                urgency="normal",
                urgency_label="",
                state="",
                satisfaction=None,
                record_id=None,
                id=f"{i:032x}",
                collected_at=f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
                enterprise=rng.choice(
                    [
                        "德阳旌城精密机械制造有限公司",
                        "四川天府绿能新材料科技有限公司",
                        "旌阳区智慧物流服务有限公司",
                        "德阳东汽配套装备有限公司",
                        "德阳市蓝天食品加工有限公司",
                    ]
                ),
                kind_label=rng.choice(["诉求", "投诉", "意见建议"]),
                category=rng.choice(["utilities", "talent", "approval", "other"]),
                description=rng.choice(SAMPLE_TEXTS),
                state_label="办结" if closed else rng.choice(states[:5]),
                department=rng.choice(["区经信局", "区人社局", "国网德阳供电公司", "区住建局"]),
                responsible_person="张科长",
                deadline=date(2026, 1 + i % 12, 28),
                days_left=None if closed else rng.randint(-30, 30),
                overdue=rng.random() < 0.15,
                satisfaction_label="满意" if closed else "",
                closed_on="2026-11-20" if closed else "",
                overdue_explanation="招聘会延期举办" if rng.random() < 0.05 else "",
            )
        )
    return rows


def _pages(pdf: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def make_case(name: str, workdir: Path) -> Callable[[], bytes]:
    """A callable that builds the case's document and returns its bytes."""
    if name == "baseline":
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen.canvas import Canvas

        def baseline() -> bytes:
            buf = io.BytesIO()
            c = Canvas(buf, pagesize=A4)
            c.setFont("Helvetica", 12)
            c.drawString(72, 760, "FieldKit baseline page")
            c.showPage()
            c.save()
            return buf.getvalue()

        return baseline
    if name == "baseline-cjk":
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen.canvas import Canvas

        from fieldkit.forms.fonts import register_fonts

        def baseline_cjk() -> bytes:
            font = register_fonts()
            buf = io.BytesIO()
            c = Canvas(buf, pagesize=A4, initialFontName=font)
            c.setFont(font, 12)
            c.drawString(72, 760, "企业走访记录表 FieldKit 2026-11-21")
            c.showPage()
            c.save()
            return buf.getvalue()

        return baseline_cjk
    if name == "visit-record":
        from fieldkit.config import attachments_dir
        from fieldkit.db import session_factory
        from fieldkit.forms.specimen import specimen_store
        from fieldkit.forms.visit_record import visit_record_pdf
        from fieldkit.services import store
        from fieldkit.services.attachments import AttachmentService

        engine, sp = specimen_store(workdir, ledger_records=0)
        make = session_factory(engine)
        att = AttachmentService(store.SYSTEM, attachments_dir(workdir))

        def visit_record() -> bytes:
            with make() as s:
                return visit_record_pdf(s, sp.record_id, att, actor=SYSTEM)

        return visit_record
    from fieldkit.forms.demand_ledger import demand_ledger_doc

    n = 1_000 if name == "ledger-1k" else 10_000
    rows = demand_rows(n)
    if name == "xlsx-10k":
        return lambda: demand_ledger_doc(rows, *PERIOD, unit="德阳经济技术开发区产业功能区").xlsx()
    return lambda: demand_ledger_doc(rows, *PERIOD, unit="德阳经济技术开发区产业功能区").pdf()


def run_case(name: str, runs: int) -> dict[str, Any]:
    """In this process: warm up (timed as ``cold``), then ``runs`` timed builds."""
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        build = make_case(name, Path(tmp))
        setup = time.perf_counter() - t0
        t0 = time.perf_counter()
        data = build()
        cold = time.perf_counter() - t0
        times = []
        cpu = []
        for _ in range(runs):
            t0, c0 = time.perf_counter(), time.process_time()
            data = build()
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "case": name,
        "runs": runs,
        "median_s": statistics.median(times),
        "min_s": min(times),
        "cpu_s": statistics.median(cpu),
        "max_s": max(times),
        "cold_s": cold,
        "setup_s": setup,
        "peak_rss_mb": peak_kb / 1024,
        "bytes": len(data),
        "pages": _pages(data) if data.startswith(b"%PDF") else None,
    }


def in_subprocess(name: str, runs: int) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run(
        [sys.executable, __file__, "--child", name, "--runs", str(runs)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = cpu_model()
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu} × {os.cpu_count()} CPUs{mem}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def versions() -> str:
    import openpyxl
    import reportlab

    return f"reportlab {reportlab.Version}, openpyxl {openpyxl.__version__}"


LABELS = {
    "baseline": "baseline: 1-page plain reportlab PDF (Helvetica)",
    "baseline-cjk": "1-page PDF in the embedded CJK font",
    "visit-record": "企业走访记录表 (600-char content, 3 photos, signature)",
    "ledger-1k": "诉求台账 PDF, 1,000 rows",
    "ledger-10k": "诉求台账 PDF, 10,000 rows",
    "xlsx-10k": "诉求台账 .xlsx, 10,000 rows",
}


def table(results: list[dict[str, Any]]) -> str:
    # the ratio is of CPU times: wall time against a 1 ms baseline swings with the machine's load
    base = next(r["cpu_s"] for r in results if r["case"] == "baseline")
    lines = [
        "| case | median (wall) | CPU | ratio to baseline (CPU) | first call (cold) | pages | size | peak RSS | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        target = TARGETS.get(r["case"])
        verdict = ""
        if target is not None:
            ok = r["median_s"] <= target and (r["case"] not in BIG or r["peak_rss_mb"] <= MEMORY_TARGET_MB)
            limit = f"≤ {target * 1000:.0f} ms" if target < 1 else f"≤ {target:.0f} s"
            if r["case"] in BIG:
                limit += f", ≤ {MEMORY_TARGET_MB} MB"
            verdict = f"{limit} {'✅' if ok else '❌'}"
        med = r["median_s"]
        lines.append(
            f"| {LABELS[r['case']]} | {med * 1000:.1f} ms | {r['cpu_s'] * 1000:.1f} ms | {r['cpu_s'] / base:,.0f}× | "
            f"{r['cold_s'] * 1000:.0f} ms | "
            f"{r['pages'] or '—'} | {r['bytes'] / 1024:,.0f} KB | {r['peak_rss_mb']:.0f} MB | {verdict} |"
            if med < 1
            else f"| {LABELS[r['case']]} | {med:.2f} s | {r['cpu_s']:.2f} s | {r['cpu_s'] / base:,.0f}× | {r['cold_s']:.2f} s | "
            f"{r['pages'] or '—'} | {r['bytes'] / 1024:,.0f} KB | {r['peak_rss_mb']:.0f} MB | {verdict} |"
        )
    return "\n".join(lines)


def section(results: list[dict[str, Any]], runs: int, load: float | None = None) -> str:
    today = datetime.now().astimezone().strftime("%Y-%m-%d")
    busy = (
        f" The machine was shared with other builds and test runs (1-minute load average {load:.1f} "
        f"on {os.cpu_count()} CPUs), so wall times are inflated; the CPU column is the fairer figure."
        if load is not None and load > (os.cpu_count() or 1) * 0.5
        else ""
    )
    return f"""{SECTION}

`python bench/bench_forms.py --write` — measured {today} on {machine()}; {versions()}.{busy}
Each case runs in its own process: one untimed warm-up build (shown as *first call*, which includes
loading the 16 MB CJK font once per process, ~0.3 s), then the median of {runs} builds (3 for the
10,000-row cases); *CPU* is the median process time of the same builds, which other load on the
machine does not inflate. *Ratio* is of CPU times, to the baseline measured in the same run. Peak RSS is the
whole process (Python, reportlab, the font, the rows).

{table(results)}

How the big ledger stays linear: `fieldkit.forms.layout.LedgerTable` measures every row once and
keeps only the row heights, then draws page by page — each page's text in one PDF text object and
its grid as one path. Cells are wrapped by `fieldkit.forms.linebreak` (Chinese line-breaking rules,
cached character widths) instead of a reportlab `Paragraph` per cell; a reportlab `LongTable`
would also re-measure all remaining rows at every page break. The .xlsx is written in openpyxl's
write-only mode (through lxml). {accelerators()}
"""


def accelerators() -> str:
    """What the figures were measured with, said from what is installed (not from memory)."""
    import importlib.util

    have = [name for name in ("_rl_accel", "lxml") if importlib.util.find_spec(name) is not None]
    missing = [name for name in ("_rl_accel", "lxml") if name not in have]
    text = f"Measured with {', '.join(have)} installed." if have else "Measured without rl_accel and lxml."
    if missing:
        text += f" Not installed: {', '.join(missing)} (their pure-Python fallbacks are slower)."
    return text


def write_section(text: str) -> None:
    old = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if SECTION in old:
        start = old.index(SECTION)
        nxt = old.find("\n## ", start + len(SECTION))
        new = old[:start] + text.rstrip() + "\n" + (old[nxt:] if nxt != -1 else "")
    else:
        new = old.rstrip() + "\n\n" + text.rstrip() + "\n"
    DOC.write_text(new, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument(
        "--case", choices=CASES, action="append", help="only these cases (baseline is always run)"
    )
    ap.add_argument("--write", action="store_true", help="update the Forms section of docs/benchmarks.md")
    ap.add_argument("--child", choices=CASES, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_case(args.child, args.runs)))
        return 0
    cases = ["baseline", *[c for c in CASES if c != "baseline" and (not args.case or c in args.case)]]
    results = []
    for name in cases:
        runs = min(args.runs, 3) if name in BIG else args.runs
        r = in_subprocess(name, runs)
        results.append(r)
        print(
            f"{name:14s} median {r['median_s'] * 1000:9.1f} ms   cold {r['cold_s'] * 1000:8.1f} ms   "
            f"peak {r['peak_rss_mb']:6.0f} MB   {r['pages'] or '-'} pages",
            flush=True,
        )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "forms.json").write_text(
        json.dumps({"machine": machine(), "results": results}, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print()
    print(table(results))
    if args.write:
        write_section(section(results, args.runs, os.getloadavg()[0]))
        print(f"\nwrote {DOC}")
    failed = [
        r["case"]
        for r in results
        if r["case"] in TARGETS
        and (r["median_s"] > TARGETS[r["case"]] or (r["case"] in BIG and r["peak_rss_mb"] > MEMORY_TARGET_MB))
    ]
    if failed:
        print(f"over target: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
