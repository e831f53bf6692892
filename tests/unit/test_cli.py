"""The command line: options before or after the subcommand, clear errors instead of tracebacks."""

from __future__ import annotations

import subprocess
import sys

from fieldkit.cli import main


def test_data_dir_after_the_subcommand(tmp_path, capsys) -> None:
    folder = tmp_path / "d"
    assert main(["demo", "--data-dir", str(folder), "--enterprises", "12", "--quiet"]) == 0
    assert (folder / "fieldkit.sqlite3").exists()
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "search", "有限公司", "--limit", "3"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 3


def test_domain_error_is_a_message_and_exit_2(tmp_path, capsys) -> None:
    folder = tmp_path / "d"
    assert main(["demo", "--data-dir", str(folder), "--enterprises", "12", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["demo", "--data-dir", str(folder), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "Traceback" not in err


def test_english_help_and_errors(tmp_path) -> None:
    """A fresh interpreter: --lang en installs the translator before the parser is built."""
    r = subprocess.run(
        [sys.executable, "-m", "fieldkit", "--lang", "en", "demo", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0
    assert "random seed (the same seed gives the same data)" in r.stdout
    assert "随机种子" not in r.stdout
