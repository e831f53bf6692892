"""The command line: options before or after the subcommand, clear errors instead of tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from fieldkit.cli import main
from fieldkit.services.demo import DEMO_PASSWORD


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDKIT_PASSWORD", DEMO_PASSWORD)


def test_data_dir_after_the_subcommand(tmp_path, capsys) -> None:
    folder = tmp_path / "d"
    assert main(["demo", "--data-dir", str(folder), "--enterprises", "12", "--quiet"]) == 0
    assert (folder / "fieldkit.sqlite3").exists()
    capsys.readouterr()
    # the zone's supervisor sees the zone's enterprises (the demo account only its own)
    args = ["--data-dir", str(folder), "search", "有限公司", "--limit", "3", "--login", "supervisor"]
    assert main(args) == 0
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


def test_search_records_finds_what_records_say_with_the_match_marked(tmp_path, capsys) -> None:
    folder = tmp_path / "d"
    assert main(["demo", "--data-dir", str(folder), "--enterprises", "12", "--quiet"]) == 0
    capsys.readouterr()
    assert (
        main(["--data-dir", str(folder), "search", "--records", "融资", "--limit", "2", "--login", "admin"])
        == 0
    )
    out = capsys.readouterr().out
    assert "== 服务记录：" in out and "== 诉求：" in out and "== 政策：" in out
    assert "【融资】" in out
    # an enterprise search that finds nothing says so (on stderr; the list on stdout stays empty)
    assert main(["--data-dir", str(folder), "search", "--login", "admin", "无此企业zzz"]) == 0
    got = capsys.readouterr()
    assert got.out == "" and "没有找到与“无此企业zzz”相符的企业" in got.err


def test_opening_the_window_imports_neither_alembic_nor_the_forms(tmp_path) -> None:
    """A fresh interpreter builds the parser for the window and opens a current store."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from fieldkit.cli import build_parser\n"
        "from fieldkit.db import open_store\n"
        f"open_store(Path({str(tmp_path / 'a.sqlite3')!r}))\n"
        "build_parser([])\n"
        "before = {m for m in sys.modules if m.startswith(('alembic', 'mako', 'fieldkit.forms'))}\n"
        "print(sorted(before))\n"
    )
    new = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "alembic" in new.stdout  # a new store is migrated: that needs Alembic
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "[]"  # current now: neither Alembic, mako nor the forms


def test_the_window_and_its_parser_leave_the_sync_client_unimported() -> None:
    """requests and the sync client (0.2–0.3 s of a start) come when a sync or a connection first
    needs them, not with the sign-in dialog, the main window or the parser for the window."""
    code = (
        "import sys\n"
        "from fieldkit.cli import build_parser\n"
        "build_parser([])\n"
        "import fieldkit.ui.dialogs.sign_in_dialog, fieldkit.ui.main_window\n"
        "print(sorted(m for m in sys.modules if m == 'requests' or m.startswith(('fieldkit.sync.client', 'fieldkit.sync.cli'))))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "[]"


def test_commands_speak_the_language_chosen_in_the_window_settings(tmp_path) -> None:
    """Without --lang a command follows the data folder's settings (the window's language choice);
    --lang still wins."""
    from fieldkit.config import Settings

    folder = tmp_path / "d"
    folder.mkdir()
    Settings(language="en").save(folder)

    def help_text(*extra: str) -> str:
        r = subprocess.run(
            [sys.executable, "-m", "fieldkit", "--data-dir", str(folder), *extra, "demo", "--help"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode == 0, r.stderr
        return r.stdout

    english = help_text()
    assert "random seed (the same seed gives the same data)" in english and "随机种子" not in english
    assert "随机种子" in help_text("--lang", "zh_CN")
    Settings(language="zh_CN").save(folder)
    assert "随机种子" in help_text()
