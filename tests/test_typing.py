"""Everything outside ui/ type-checks under mypy --strict (ARCHITECTURE.md); the settings are in
pyproject.toml [tool.mypy], which also says what is checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


#: a cold mypy run over the whole package (no cache in a fresh clone) took over 90 s on a busy
#: 2-core machine: the limit only stops a hung checker, it measures nothing
@pytest.mark.timeout(900)
def test_mypy_strict_clean() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "pyproject.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=800,
    )
    assert r.returncode == 0, r.stdout + r.stderr
