"""Desktop benchmarks (issue 3) on the 10,000-enterprise / 200,000-record demo store.

    fieldkit --data-dir D demo --enterprises 10000 --records 200000
    python bench/bench_ui.py --data-dir D [--runs 5] [--json out.json] [--write-doc]

Measures, with a same-run baseline so that a busy machine shows as ratios rather than noise:

- start: process start → main window shown and its first view (Today) filled, by running the real
  program (``python -m fieldkit --data-dir D --demo``) with ``FIELDKIT_STARTUP_PROBE=1``; the
  baseline is a bare QApplication + empty QMainWindow shown, measured the same way; with
  ``--start-only`` also start → splash visible and start → sign-in dialog visible (and, with
  ``--before DIR``, another checkout's starts in the same turns);
- keystroke: text change in the enterprise search → table model updated, typing one character at a
  time, for the demo assistant (his assigned enterprises) and for the supervisor (all 10,000);
  with the 30 ms debounce and without it (the work alone);
- page: EnterprisePage.load(id) → every tab filled, for 30 enterprises;
- memory: peak RSS (ru_maxrss) of the started program, and of this process after the in-process
  runs (the supervisor's 10,000 rows loaded).

Targets: start ≤ 2 s, keystroke ≤ 50 ms, page ≤ 150 ms, memory ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from machine_info import cpu_model  # bench/ is on sys.path when a script runs

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASELINE = r"""
import sys, time
from fieldkit.app import process_start_time, peak_rss_mb
started = process_start_time()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1360, 860); w.show()
def done():
    print(f"FIELDKIT_STARTUP shown={time.time() - started:.3f} usable={time.time() - started:.3f} "
          f"rss_mb={peak_rss_mb():.1f} cpu={time.process_time():.3f}", flush=True)
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""

KEYSTROKES = [
    "d",
    "dy",
    "dyd",
    "dydf",
    "德",
    "德阳",
    "德阳市",
    "h",
    "hu",
    "hua",
    "huan",
    "9151",
    "915106",
    "有限",
    "科技",
    "z",
    "zn",
    "znzb",
]


def machine() -> dict[str, Any]:
    cpu = cpu_model()
    import PySide6

    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "load_avg": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


def parse_probe(stdout: str) -> dict[str, float]:
    """The probe's lines: FIELDKIT_STARTUP (window shown, usable), FIELDKIT_SIGNIN (the probe's
    sign-in), FIELDKIT_SPLASH and FIELDKIT_DIALOG (splash / sign-in dialog on the screen, with the
    CPU seconds by then) as ``splash_s``, ``splash_cpu``, ``dialog_s``, ``dialog_cpu``."""
    lines = stdout.splitlines()

    def marks(prefix: str) -> dict[str, float] | None:
        line = next((ln for ln in lines if ln.split(" ", 1)[0] == prefix), None)
        return None if line is None else {k: float(v) for k, v in (p.split("=") for p in line.split()[1:])}

    out = marks("FIELDKIT_STARTUP") or {}
    signin = marks("FIELDKIT_SIGNIN")
    if signin is not None:  # the probe's sign-in (FIELDKIT_PASSWORD): when it began and ended
        out["signin_began"] = signin["began"]
        out["signin_s"] = signin["ended"] - signin["began"]
    attached = marks("FIELDKIT_ATTACHED")
    if (
        attached is not None
    ):  # every view, the sync and the idle lock there (after usable for the first view's window)
        out["attached"] = attached["at"]
        out["attached_cpu"] = attached["cpu"]
    for prefix, name in (("FIELDKIT_SPLASH", "splash"), ("FIELDKIT_DIALOG", "dialog")):
        m = marks(prefix)
        if m is not None:
            out[f"{name}_s"] = m["shown"]
            out[f"{name}_cpu"] = m["cpu"]
    return out


def probe_env(code: Path) -> dict[str, str]:
    """The environment of a started program: with the probe, offscreen, and with byte code cached
    (in a folder of its own per code tree) as an installed copy has it — this machine sets
    PYTHONDONTWRITEBYTECODE, which would compile every FieldKit module again at every start."""
    env = dict(os.environ, FIELDKIT_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "fieldkit-bench-pyc" / code.name)
    return env


def run_probe(
    cmd: list[str], runs: int, env_extra: dict[str, str] | None = None, code: Path = ROOT
) -> list[dict[str, float]]:
    """``cmd`` run ``runs`` times from the code tree ``code`` (this checkout, or ``--before``'s)."""
    env = probe_env(code)
    env.update(env_extra or {})
    out = []
    for _ in range(runs):
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, cwd=code)
        if p.returncode != 0:
            raise SystemExit(f"{cmd} failed:\n{p.stderr[-3000:]}")
        out.append(parse_probe(p.stdout))
    return out


def start_runs(
    folder: Path, runs: int, password: str, before: Path | None = None
) -> dict[str, list[dict[str, float]]]:
    """Start-up, in turns so that they all see the same load: the empty-window baseline, the
    program signing in to the existing store as a user would (``FIELDKIT_PASSWORD``, the last
    login; no demo shortcut), ``--demo``, and the sign-in dialog (no password: the probe closes the
    dialog once it is shown); with ``before`` (another checkout, e.g. main's) its signed-in and
    ``--demo`` starts too. One untimed ``--demo`` start of each first (it encrypts a plaintext demo
    store in place, remembers the login and caches the byte code)."""
    app = [sys.executable, "-m", "fieldkit", "--data-dir", str(folder)]
    run_probe([*app, "--demo"], 1)
    if before is not None:
        run_probe([*app, "--demo"], 1, code=before)
    out: dict[str, list[dict[str, float]]] = {
        "baseline": [],
        "signed_in": [],
        "demo": [],
        "dialog": [],
        "before_signed_in": [],
        "before_demo": [],
    }
    for _ in range(runs):
        out["baseline"] += run_probe([sys.executable, "-c", BASELINE], 1)
        out["signed_in"] += run_probe(app, 1, {"FIELDKIT_PASSWORD": password})
        out["demo"] += run_probe([*app, "--demo"], 1)
        out["dialog"] += run_probe(app, 1, {"FIELDKIT_STARTUP_PROBE": "signin-dialog"})
        if before is not None:
            out["before_signed_in"] += run_probe(app, 1, {"FIELDKIT_PASSWORD": password}, code=before)
            out["before_demo"] += run_probe([*app, "--demo"], 1, code=before)
    return out


def stats(values: list[float]) -> dict[str, float]:
    vals = sorted(values)
    p95 = vals[min(len(vals) - 1, round(0.95 * (len(vals) - 1)))]
    return {
        "median": round(statistics.median(vals), 2),
        "p95": round(p95, 2),
        "max": round(vals[-1], 2),
        "n": len(vals),
    }


def model_10000_ms(runs: int = 5) -> dict[str, float]:
    """The enterprise table model at 10,000 rows: set the rows, sort by scale, sort by name (was a
    wall-clock assertion in tests/ui/test_enterprises_view.py; a target, not a test)."""
    from datetime import date

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from fieldkit.services.enterprise_file import EnterpriseRow
    from fieldkit.ui.itemmodels.enterprise_table_model import COL, EnterpriseTableModel

    QApplication.instance() or QApplication([])
    rows = [
        EnterpriseRow(
            f"id{i}",
            f"企业{i:05d}有限公司",
            f"91510600MA{i:08d}",
            "operation",
            "operating",
            "C",
            ("large", "medium", "small", "micro")[i % 4],
            "联系人",
            "13900000000",
            ("专精特新",),
            f"qiye{i:05d}",
            date(2026, 1, 1 + i % 28),
        )
        for i in range(10_000)
    ]
    times = []
    for _ in range(runs):
        model = EnterpriseTableModel()
        t0 = time.perf_counter()
        model.set_rows(rows)
        model.sort(COL["scale"], Qt.SortOrder.DescendingOrder)
        model.sort(COL["name"], Qt.SortOrder.AscendingOrder)
        times.append((time.perf_counter() - t0) * 1000)
    return stats(times)


def in_process(folder: Path, pages: int) -> dict[str, Any]:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from fieldkit.app import peak_rss_mb
    from fieldkit.config import db_path
    from fieldkit.db import open_store, session_factory
    from fieldkit.services.context import ServiceContext
    from fieldkit.services.overview import staff_by_login, store_info
    from fieldkit.ui.language import LanguageManager
    from fieldkit.ui.style import apply_font, apply_style
    from fieldkit.ui.views.enterprise_page import EnterprisePage
    from fieldkit.ui.views.enterprises_view import DEBOUNCE_MS, EnterprisesView
    from fieldkit.ui.views.today_view import TodayView
    from fieldkit.ui.workers import TaskRunner

    app = QApplication.instance() or QApplication([])
    apply_font(app)
    apply_style(app)
    LanguageManager(app).apply("zh_CN")
    engine = open_store(db_path(folder))
    make = session_factory(engine)
    with make() as s:
        info = store_info(s)
        logins = {"assistant": info.demo_login or "zhangwei", "supervisor": "supervisor"}
        staff = {k: staff_by_login(s, v) for k, v in logins.items()}
    runner = TaskRunner(app)

    def wait(signal: Any, timeout_ms: int = 60_000) -> list[Any]:
        loop = QEventLoop()
        got: list[Any] = []
        fired = []

        def on(*args: Any) -> None:
            got.extend(args)
            fired.append(True)
            loop.quit()

        signal.connect(on)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        signal.disconnect(on)
        if not fired:
            raise TimeoutError(str(signal))
        return got

    result: dict[str, Any] = {"debounce_ms": DEBOUNCE_MS, "model_10000_ms": model_10000_ms()}
    for role, st in staff.items():
        if st is None:
            continue
        ctx = ServiceContext(engine, folder, st, device_id="bench")
        today = TodayView(ctx, runner)
        today.resize(1360, 800)
        today.show()
        t0 = time.perf_counter()
        today.refresh()
        wait(today.loaded)
        board_ms = (time.perf_counter() - t0) * 1000
        if today._policies is None:
            wait(today.policies_loaded)
        policies_ms = (time.perf_counter() - t0) * 1000
        today.close()
        view = EnterprisesView(ctx, runner)
        view.resize(1360, 800)
        view.show()
        t0 = time.perf_counter()
        view.refresh()
        n_all, _ = wait(view.results_shown)
        first_load = (time.perf_counter() - t0) * 1000
        with_debounce, work = [], []

        def settle() -> None:  # paint the previous result first, so that it is not counted
            for _ in range(3):
                app.processEvents()

        for _round in range(3):
            for text in KEYSTROKES:
                settle()
                view.search.setText(text)  # textChanged → debounce → runner → model
                _n, ms = wait(view.results_shown)
                with_debounce.append(ms)
                view.search.blockSignals(True)
                view.search.setText(text + " ")
                view.search.setText(text)
                view.search.blockSignals(False)
                settle()
                t0 = time.perf_counter()
                view.run_query()
                wait(view.results_shown)
                work.append((time.perf_counter() - t0) * 1000)
            view.search.setText("")
            wait(view.results_shown)
        result[role] = {
            "enterprises": n_all,
            "first_load_ms": round(first_load, 1),
            "today_board_ms": round(board_ms, 1),
            "today_policies_ms": round(policies_ms, 1),
            "keystroke_ms": stats(with_debounce),
            "keystroke_work_ms": stats(work),
        }
        rows = list(view.model.rows())
        page = EnterprisePage(ctx, runner)
        page.resize(1360, 800)
        page.show()
        rng = random.Random(7)
        sample = rng.sample(rows, min(pages, len(rows)))
        times = []
        for r in sample:
            settle()
            page.load(r.id)
            _eid, ms = wait(page.page_loaded)
            times.append(ms)
        result[role]["page_first_ms"] = round(times[0], 1)
        result[role]["page_ms"] = stats(times[1:] or times)
        page.close()
        view.close()
    runner.wait(30_000)
    result["rss_mb_in_process"] = round(peak_rss_mb(), 1)
    engine.dispose()
    return result


def markdown(m: dict[str, Any], start: dict[str, Any], base: dict[str, Any], inproc: dict[str, Any]) -> str:
    def ratio(a: float, b: float) -> str:
        return f"{a / b:.1f}×" if b else "–"

    lines = [
        "## Desktop (issue 3)",
        "",
        f"Measured {m['date']} by `bench/bench_ui.py` on {m['cpu']} ({m['cores']} cores), {m['platform']}, "
        f"Python {m['python']}, PySide6 {m['pyside6']}, offscreen; load average at the start "
        f"{m['load_avg']} (other sessions were running on the same machine). Store: "
        f"{inproc.get('supervisor', {}).get('enterprises', '?')} enterprises, 200,000 service records "
        "(`fieldkit demo --enterprises 10000 --records 200000`).",
        "",
        "| measure | result (median) | baseline, same run | ratio | target |",
        "|---|---|---|---|---|",
        f"| start → window shown | {start['shown']['median']:.2f} s | {base['shown']['median']:.2f} s "
        f"(bare QApplication + empty QMainWindow) | {ratio(start['shown']['median'], base['shown']['median'])} | |",
        f"| start → window shown and Today filled (usable) | {start['usable']['median']:.2f} s "
        f"(max {start['usable']['max']:.2f}) | {base['shown']['median']:.2f} s | "
        f"{ratio(start['usable']['median'], base['shown']['median'])} | ≤ 2 s |",
        f"| CPU time to usable (all threads) | {start['cpu']['median']:.2f} s | {base['cpu']['median']:.2f} s | "
        f"{ratio(start['cpu']['median'], base['cpu']['median'])} | |",
        f"| peak memory of the started program (ru_maxrss) | {start['rss_mb']['max']:.0f} MB | "
        f"{base['rss_mb']['max']:.0f} MB | {ratio(start['rss_mb']['max'], base['rss_mb']['max'])} | ≤ 300 MB |",
    ]
    for role, label in (
        ("assistant", "assistant (his assigned enterprises)"),
        ("supervisor", "supervisor (all enterprises)"),
    ):
        r = inproc.get(role)
        if not r:
            continue
        lines += [
            f"| keystroke → list updated, {label}, {r['enterprises']} rows, incl. {inproc['debounce_ms']} ms "
            f"debounce | {r['keystroke_ms']['median']:.1f} ms (p95 {r['keystroke_ms']['p95']:.1f}) | | | ≤ 50 ms |",
            f"| keystroke work alone (no debounce), {label} | {r['keystroke_work_ms']['median']:.1f} ms "
            f"(p95 {r['keystroke_work_ms']['p95']:.1f}) | | | |",
            f"| first load of the list, {label} | {r['first_load_ms']:.0f} ms | | | |",
            f"| Today board filled (policy card follows), {label} | {r['today_board_ms']:.0f} ms "
            f"(policies {r['today_policies_ms']:.0f} ms) | | | |",
            f"| open an enterprise page (8 tabs), {label} | {r['page_ms']['median']:.1f} ms "
            f"(p95 {r['page_ms']['p95']:.1f}, first {r['page_first_ms']:.0f}) | | | ≤ 150 ms |",
        ]
    lines += [
        f"| peak memory of the benchmark process after loading 10,000 rows | {inproc['rss_mb_in_process']:.0f} MB "
        "| | | ≤ 300 MB |",
        "",
        "How: start runs the real program as a subprocess with `FIELDKIT_STARTUP_PROBE=1`, which prints the "
        "seconds since process start when the window is shown and when the Today view has its data, then "
        "quits; the baseline script does the same for an empty window. Keystrokes set the search text one "
        "character at a time and wait for the model update signal; the list loads the user's scope once and "
        "filters it in memory on the task runner per keystroke. Page = `EnterprisePage.load` to every tab "
        "filled, on enterprises drawn at random.",
        "",
        "Where the start-up time goes (`python -X importtime -m fieldkit --demo`, idle machine): about 1.3 s "
        "of CPU is Python imports — SQLAlchemy, SQLModel and pydantic ≈ 0.35 s, pypinyin ≈ 0.28 s (imported by "
        "`services.enterprises` for the name keys that only writes need: a lazy import there would save it), "
        "Alembic ≈ 0.11 s, the window's own modules ≈ 0.15 s; the rest is the Qt window, the font and Today's "
        "queries (≈ 0.1 s, on the pool). `db.open_store` ends every upgrade with a full `PRAGMA "
        "foreign_key_check`, 0.56 s on this store, so `app.py` opens the store directly when the schema is "
        "already current. Only Today and Enterprises are built at start-up; the other views are imported and "
        "built when first opened. On a loaded machine (load average 4–6 on the 2 cores, earlier the same "
        "day) the same start took 5.7 s against a 0.20 s baseline (28×): compare ratios, not seconds.",
        "",
        "The supervisor's first list load (all 10,000 enterprises with their last visit, ≈ 0.7 s) runs on the "
        "task runner; afterwards each keystroke filters the loaded rows in memory (≈ 5 ms for 10,000), keeps "
        "their sort order, and the model is reset once. Painting the table after a reset takes ≈ 20 ms "
        "offscreen and is not counted in the keystroke figure. Today's policy card matches every policy "
        "window closing within 14 days against every enterprise in scope (for the supervisor 10,000, about "
        "a second with the domain's `match_policy`); it runs as a second job after the rest of the board "
        "has been shown, so the board is not held up by it.",
        "",
    ]
    return "\n".join(lines)


def write_doc(text: str) -> None:
    doc = ROOT / "docs" / "benchmarks.md"
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    head = "## Desktop (issue 3)"
    if head in old:
        before, rest = old.split(head, 1)
        nxt = rest.find("\n## ")
        after = rest[nxt + 1 :] if nxt >= 0 else ""
        new = before + text + ("\n" + after if after else "")
    else:
        new = old.rstrip() + "\n\n" + text
    doc.write_text(new, encoding="utf-8")


def main() -> int:
    p = argparse.ArgumentParser(description="desktop benchmarks (issue 3)")
    p.add_argument(
        "--data-dir",
        help="a demo store to use (default: build the 10,000 / 200,000 one in a temporary folder)",
    )
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--pages", type=int, default=30)
    p.add_argument("--json")
    p.add_argument("--start-only", action="store_true", help="measure the start-up only (no in-process part)")
    p.add_argument("--password", default="demo1234", help="the last login's password (default: the demo's)")
    p.add_argument(
        "--before",
        help="another checkout (e.g. `git worktree add /tmp/main main`): its starts measured in the same turns",
    )
    p.add_argument(
        "--write-doc", action="store_true", help="replace the Desktop section of docs/benchmarks.md"
    )
    args = p.parse_args()
    temporary: list[Path | None] = [None]
    try:
        return _run(args, temporary)
    finally:
        for t in temporary:
            if t is not None:  # the store this run built (hundreds of MB) goes with it
                import shutil

                shutil.rmtree(t, ignore_errors=True)


def _run(args: argparse.Namespace, temporary: list[Path | None]) -> int:
    if args.data_dir is None:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="fieldkit-bench-ui-"))
        temporary[0] = folder
        print(f"building the demo store in {folder} …")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "fieldkit",
                "demo",
                "--data-dir",
                str(folder),
                "--enterprises",
                "10000",
                "--records",
                "200000",
                "--quiet",
            ],
            check=True,
        )
    folder = Path(args.data_dir) if args.data_dir else folder
    if not (folder / "fieldkit.sqlite3").exists():
        raise SystemExit(
            f"no store in {folder}: run  fieldkit --data-dir {folder} demo --enterprises 10000 "
            "--records 200000"
        )
    m = machine()
    print(f"machine: {m}")
    before = Path(args.before).resolve() if args.before else None
    runs = start_runs(folder, args.runs, args.password, before)
    keys = ("shown", "usable", "rss_mb", "cpu")
    base = {k: stats([r[k] for r in runs["baseline"]]) for k in keys}
    start = {k: stats([r[k] for r in runs["demo"] if k in r]) for k in (*keys, "attached", "attached_cpu")}
    signed = {
        k: stats([r[k] for r in runs["signed_in"] if k in r])
        for k in (*keys, "signin_began", "signin_s", "splash_s", "splash_cpu", "attached", "attached_cpu")
    }
    dialog = {
        k: stats([r[k] for r in runs["dialog"]]) for k in ("splash_s", "splash_cpu", "dialog_s", "dialog_cpu")
    }
    print(f"baseline start: {base}")
    print(f"demo start: {start}")
    print(f"signed-in start: {signed}")
    print(f"sign-in dialog start: {dialog}")
    if args.start_only:
        b_wall, b_cpu = base["usable"]["median"], base["cpu"]["median"]
        measures = (
            ("start → splash visible", signed["splash_s"], signed["splash_cpu"]),
            ("start → sign-in dialog visible", dialog["dialog_s"], dialog["dialog_cpu"]),
            ("start → usable, signed in (FIELDKIT_PASSWORD)", signed["usable"], signed["cpu"]),
            ("start → usable, --demo", start["usable"], start["cpu"]),
            (
                "start → attached (every view, sync, idle lock), signed in",
                signed["attached"],
                signed["attached_cpu"],
            ),
            ("start → attached, --demo", start["attached"], start["attached_cpu"]),
        )
        if before is not None:
            b_signed = {k: stats([r[k] for r in runs["before_signed_in"]]) for k in keys}
            b_demo = {k: stats([r[k] for r in runs["before_demo"]]) for k in keys}
            measures += (
                (f"BEFORE ({before}) start → usable, signed in", b_signed["usable"], b_signed["cpu"]),
                (f"BEFORE ({before}) start → usable, --demo", b_demo["usable"], b_demo["cpu"]),
            )
        for name, wall, cpu in measures:
            print(
                f"{name}: {wall['median']:.2f} s vs {b_wall:.2f} s = {wall['median'] / b_wall:.1f}× wall,"
                f" CPU {cpu['median']:.2f} s vs {b_cpu:.2f} s = {cpu['median'] / b_cpu:.1f}×"
                f" (wall max {wall['max']:.2f} s)"
            )
        print(
            f"of which the sign-in (argon2id, opening the store): {signed['signin_s']['median']:.2f} s wall,"
            f" begun {signed['signin_began']['median']:.2f} s after the start"
        )
        if args.json:
            Path(args.json).write_text(
                json.dumps({"machine": m, "runs": runs}, ensure_ascii=False, indent=1), encoding="utf-8"
            )
        return 0
    inproc = in_process(folder, args.pages)
    print(json.dumps(inproc, ensure_ascii=False, indent=1))
    text = markdown(m, start, base, inproc)
    print(text)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"machine": m, "start": start, "baseline": base, "in_process": inproc},
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    if args.write_doc:
        write_doc(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
