"""The sync benchmarks still import against the current server and engine (a full or --quick run
takes a minute or more, so it is not part of the suite: see docs/benchmarks.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("script", ["bench_server.py", "bench_sync.py"])
def test_bench_script_imports_and_explains_itself(script: str) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "--quick" in done.stdout and "127.0.0.1" in done.stdout
