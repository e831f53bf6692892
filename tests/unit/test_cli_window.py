"""``fieldkit`` with no subcommand (issue 11 §3, issue 12 §22): the window's arguments are read
without the parser, the splash is on the screen before SQLAlchemy, SQLModel or the models are
imported, and an error on the way is still a message and an exit code, never a traceback."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldkit import app as fieldkit_app
from fieldkit.cli import cmd_run, error_exit, main, window_args
from fieldkit.store_health import Problem, StoreError


@pytest.mark.parametrize(
    ("argv", "data_dir", "lang", "demo"),
    [
        ([], None, None, False),
        (["--demo"], None, None, True),
        (["--data-dir", "D", "--lang", "en", "--demo"], "D", "en", True),
        (["--lang=zh_CN", "run", "--data-dir=E"], "E", "zh_CN", False),
        (["run"], None, None, False),
    ],
)
def test_the_window_arguments_are_read_without_the_parser(
    argv: list[str], data_dir: str | None, lang: str | None, demo: bool
) -> None:
    args = window_args(argv)
    assert args is not None
    assert (args.data_dir, args.lang, args.demo, args.func) == (data_dir, lang, demo, cmd_run)


@pytest.mark.parametrize(
    "argv",
    [
        ["demo"],
        ["--help"],
        ["-h"],
        ["--version"],
        ["--lang", "fr"],
        ["--data-dir"],
        ["--data-dir", "--demo"],
        ["--data-dir="],
        ["--dem"],
        ["--demo=1"],
        ["run", "run"],
        ["--data-dir", "bad\udcffname"],
        ["search", "x"],
    ],
)
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    assert window_args(argv) is None


def test_a_bad_window_argument_is_the_parser_s_message(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--lang", "fr"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "无效的选项" in err and "Traceback" not in err


def test_a_store_error_on_the_window_s_way_is_a_message_and_its_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    def run(**_kw: object) -> int:
        raise StoreError(Problem.READ_ONLY, tmp_path)

    monkeypatch.setattr(fieldkit_app, "run", run)
    code = main(["--data-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == StoreError(Problem.READ_ONLY, tmp_path).exit_code and code != 0
    assert err.startswith("错误：") and str(tmp_path) in err and "Traceback" not in err


def test_a_full_disk_is_said_as_such_and_a_bug_is_not_swallowed(tmp_path: Path, capsys) -> None:
    from argparse import Namespace

    args = Namespace(data_dir=str(tmp_path))
    code = error_exit(OSError(errno.ENOSPC, "No space left on device"), args)
    assert code == StoreError(Problem.DISK_FULL, tmp_path).exit_code
    assert "磁盘" in capsys.readouterr().err
    assert error_exit(ValueError("a bug"), args) is None  # raised by the caller, not hidden
    assert error_exit(OSError(errno.ENOENT, "no such file"), args) is None


def test_the_splash_shows_before_sqlalchemy_or_the_parser_is_imported(tmp_path: Path) -> None:
    """A fresh interpreter runs the CLI's own entry point; when the splash is shown it lists the
    heavy modules already imported and ends the process."""
    code = (
        "import os, sys\n"
        "from fieldkit.ui import splash\n"
        "def shown(self):\n"
        "    heavy = ('sqlalchemy', 'sqlmodel', 'pydantic', 'fieldkit.models', 'fieldkit.db',\n"
        "             'fieldkit.services.context', 'fieldkit.services.reference', 'fieldkit.cli_i18n',\n"
        "             'sqlcipher3', 'argon2', 'alembic', 'requests')\n"
        "    print(sorted({m.split('.')[0] if not m.startswith('fieldkit') else m\n"
        "                  for m in sys.modules if m.startswith(heavy)}), flush=True)\n"
        "    os._exit(0)\n"
        "splash.StartSplash.show_now = shown\n"
        "from fieldkit.cli import main\n"
        f"main(['--data-dir', {str(tmp_path / 'data')!r}, '--demo'])\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", out.stdout


def fresh(code: str) -> str:
    """``code`` run by a fresh interpreter (offscreen); its stdout."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_the_sign_in_dialog_is_built_without_the_orm() -> None:
    """The sign-in dialog (and what builds it) is shown while the runner imports SQLAlchemy, the
    models and the sync client (fieldkit/ui/preload.py): its own modules import none of them, and
    its connect panel (which needs them) is built when that page is first shown."""
    out = fresh(
        "import sys\n"
        "import fieldkit.app, fieldkit.ui.preload, fieldkit.ui.dialogs.sign_in_dialog\n"
        "import fieldkit.services.unlock, fieldkit.services.backup, fieldkit.services.store_facts\n"
        "heavy = ('sqlalchemy', 'sqlmodel', 'pydantic', 'fieldkit.models', 'fieldkit.db',\n"
        "         'fieldkit.services.overview', 'fieldkit.services.demo', 'fieldkit.sync',\n"
        "         'fieldkit.ui.widgets.connect_panel', 'fieldkit.ui.main_window', 'sqlcipher3')\n"
        "print(sorted({m for m in sys.modules if m.startswith(heavy)}))\n"
    )
    assert out == "[]"


def test_the_table_models_build_their_validators_when_first_used() -> None:
    """pydantic's schema of a table model is built on first validation (``defer_build``), not for
    every table at import; validating still checks the values."""
    out = fresh(
        "from fieldkit import models\n"
        "tables = [m for m in vars(models).values() if isinstance(m, type)\n"
        "          and issubclass(m, models.TableBase) and getattr(m, '__table__', None) is not None]\n"
        "print(len(tables), sum(m.__pydantic_complete__ for m in tables))\n"
        "zone = models.Zone.model_validate({'name': '开发区', 'code': 'KFQ'})\n"
        "print(zone.name, models.Zone.__pydantic_complete__)\n"
        "try:\n"
        "    models.SyncMeta.model_validate({'key': 'k', 'value': object()})\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__)\n"
    )
    counts, zone, error = out.splitlines()
    n, complete = map(int, counts.split())
    assert n >= 20 and complete == 0
    assert zone == "开发区 True"
    assert error == "ValidationError"


def test_an_encrypted_sign_in_unwraps_its_key_before_it_waits_for_the_orm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Vault.unlock(ready=…)``: argon2id (which needs no SQLAlchemy) first, then ``ready`` (the
    window's start waits there for the runner's imports), then the store is opened; a wrong
    password is refused without waiting."""
    from fieldkit import keystore
    from fieldkit.config import db_path
    from fieldkit.db import open_store
    from fieldkit.services.demo import DEMO_PASSWORD, generate
    from fieldkit.services.errors import ValidationError
    from fieldkit.services.unlock import Vault

    folder = tmp_path / "data"
    engine = open_store(db_path(folder))
    login = generate(engine, enterprises=3, records=5).demo_login
    engine.dispose()
    assert login
    Vault(folder).unlock(login, DEMO_PASSWORD)  # encrypts the plaintext store
    events: list[str] = []
    real_open_key = keystore.open_key

    def open_key(*args: object) -> bytes:
        key = real_open_key(*args)  # type: ignore[arg-type]
        events.append("unwrapped")
        return key

    monkeypatch.setattr(keystore, "open_key", open_key)
    vault = Vault(folder)
    try:
        assert vault.locked
        with pytest.raises(ValidationError):
            vault.unlock(login, "wrong-password", ready=lambda: events.append("ready"))
        assert events == [] and vault.locked
        staff = vault.unlock(
            login, DEMO_PASSWORD, ready=lambda: events.append(f"ready opened={vault.opened}")
        )
        assert staff.login == login and not vault.locked
        assert events[:2] == ["unwrapped", "ready opened=False"]
    finally:
        vault.close()
