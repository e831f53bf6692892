"""The code stays clean and layered: ruff passes, imports flow ui → services → models."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    exe = shutil.which(name) or str(Path(sys.executable).parent / name)
    if not Path(exe).exists():
        pytest.fail(f"{name} is not installed (pip install -e '.[dev]')")
    return exe


def test_ruff_clean() -> None:
    r = subprocess.run(
        [_tool("ruff"), "check", "fieldkit", "tests", "bench", "scripts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_ruff_format_clean() -> None:
    """One code style everywhere (``ruff format``; run it before committing)."""
    r = subprocess.run(
        [_tool("ruff"), "format", "--check", "fieldkit", "tests", "bench", "scripts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_import_layers_kept() -> None:
    r = subprocess.run([_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_services_never_import_qt() -> None:
    code = (
        "import sys, fieldkit.services.context, fieldkit.services.ledger, fieldkit.services.demo, "
        "fieldkit.services.importing; "
        "bad=[m for m in sys.modules if m.startswith('PySide6')]; print(bad); sys.exit(1 if bad else 0)"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
