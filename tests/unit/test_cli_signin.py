"""The command line signs in like the window (fieldkit/cli_signin.py): --login (default the folder's
current login), the password from FIELDKIT_PASSWORD or a prompt; a wrong one is a Chinese message
and exit code 2; the command then runs as that actor."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import Session, select

from fieldkit.cli import main
from fieldkit.config import Settings, db_path
from fieldkit.db import open_store
from fieldkit.models import Enterprise, Staff
from fieldkit.services.assignments import assigned_enterprise_ids
from fieldkit.services.demo import ADMIN_LOGIN, DEMO_PASSWORD, SUPERVISOR_LOGIN


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("signin-demo") / "d"
    assert main(["demo", "--data-dir", str(folder), "--enterprises", "12", "--records", "40", "--quiet"]) == 0
    return folder


@pytest.fixture
def folder(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "d"
    shutil.copytree(demo_template, target)
    monkeypatch.setenv("FIELDKIT_PASSWORD", DEMO_PASSWORD)
    return target


def me(folder: Path) -> str:
    """The demo's account (an assistant), which ``fieldkit demo`` made the current login."""
    return Settings.load(folder).current_login


def unlocked(folder: Path):  # type: ignore[no-untyped-def]
    """The demo store `fieldkit demo` left encrypted, opened with the demo's password (crypt-db)."""
    from fieldkit.services.unlock import Vault

    vault = Vault(folder)
    vault.unlock(me(folder), DEMO_PASSWORD)
    return vault.engine


def test_demo_makes_its_account_the_current_login(folder: Path) -> None:
    engine = unlocked(folder)
    with Session(engine) as s:
        staff = s.exec(select(Staff).where(Staff.login == me(folder))).one()
    engine.dispose()
    assert staff.role == "assistant"


def test_wrong_password_is_a_chinese_message_and_exit_2(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FIELDKIT_PASSWORD", "not-the-password")
    assert main(["--data-dir", str(folder), "search", "有限公司"]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("错误：账号或密码错误") and "Traceback" not in captured.err
    assert captured.out == ""  # nothing of the store was shown
    assert main(["--data-dir", str(folder), "search", "有限公司", "--login", "nobody"]) == 2


def test_no_password_and_no_terminal_is_refused(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("FIELDKIT_PASSWORD")
    monkeypatch.setattr("sys.stdin", None)
    assert main(["--data-dir", str(folder), "search", "有限公司"]) == 2
    assert "FIELDKIT_PASSWORD" in capsys.readouterr().err


def test_the_prompt_reads_the_password(folder: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """getpass is the terminal (outside the project): the prompt's answer signs in."""
    import io

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    asked: list[str] = []
    monkeypatch.delenv("FIELDKIT_PASSWORD")
    monkeypatch.setattr("sys.stdin", Tty())
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or DEMO_PASSWORD)
    assert main(["--data-dir", str(folder), "search", "有限公司"]) == 0
    assert asked and me(folder) in asked[0]


def test_a_store_without_accounts_cannot_be_read(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FIELDKIT_PASSWORD", DEMO_PASSWORD)
    open_store(db_path(tmp_path / "empty")).dispose()
    assert main(["--data-dir", str(tmp_path / "empty"), "search", "有限公司", "--login", "x"]) == 2
    assert "还没有可登录的账号" in capsys.readouterr().err


def test_search_shows_only_what_the_role_may_see(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    engine = unlocked(folder)
    with Session(engine) as s:
        mine_id = s.exec(select(Staff.id).where(Staff.login == me(folder))).one()
        mine = {s.get(Enterprise, i).credit_code for i in assigned_enterprise_ids(s, mine_id)}  # type: ignore[union-attr]
        everyone = set(s.exec(select(Enterprise.credit_code)).all())
    engine.dispose()
    assert mine and mine < everyone

    def codes(*login: str) -> set[str]:
        assert main(["--data-dir", str(folder), "search", "公司", "--limit", "100", *login]) == 0
        return {line.split()[0] for line in capsys.readouterr().out.splitlines() if line.strip()}

    assert codes() == {c for c in mine}  # the current login: the demo assistant
    assert codes("--login", ADMIN_LOGIN) == everyone


def test_an_assistant_cannot_print_a_colleagues_ledger(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--data-dir", str(folder), "print", "work-ledger", "--from", "2026-01-01", "--to", "2026-12-31"]
    out = tmp_path / "台账.xlsx"
    assert main([*args, "--staff", SUPERVISOR_LOGIN, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "您只能查看自己的数据" in err and "Traceback" not in err
    assert not out.exists()
    assert main([*args, "--staff", me(folder), "-o", str(out)]) == 0
    assert out.stat().st_size > 0
    # a supervisor prints anyone of the zone
    out.unlink()
    assert main([*args, "--staff", me(folder), "--login", SUPERVISOR_LOGIN, "-o", str(out)]) == 0
    assert out.exists()


def test_wrong_passwords_at_the_unlock_count_towards_the_slow_down(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo store is encrypted: a wrong password fails at the key unwrap (open_vault), and that
    counts like a wrong login check; while a wait runs even the right password is refused; a
    success resets the count."""
    import json
    import time

    from fieldkit.services.signin_throttle import FREE_ATTEMPTS, STATE_FILE, SignInThrottle

    throttle = SignInThrottle(folder)
    monkeypatch.setenv("FIELDKIT_PASSWORD", "not-the-password")
    for _ in range(2):
        assert main(["--data-dir", str(folder), "search", "有限公司"]) == 2
    assert "账号或密码错误" in capsys.readouterr().err
    assert throttle.failures == 2

    # well past the free attempts, the last one just now: the longest wait runs
    (folder / STATE_FILE).write_text(
        json.dumps({"failures": FREE_ATTEMPTS + 20, "last_failure": time.time()})
    )
    monkeypatch.setenv("FIELDKIT_PASSWORD", DEMO_PASSWORD)
    assert main(["--data-dir", str(folder), "search", "有限公司"]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("错误：密码错误次数过多，请在") and captured.out == ""
    assert throttle.failures == FREE_ATTEMPTS + 20  # a refused attempt is not a new failure

    (folder / STATE_FILE).write_text(json.dumps({"failures": 3, "last_failure": time.time()}))
    assert main(["--data-dir", str(folder), "search", "有限公司"]) == 0
    assert throttle.failures == 0 and not (folder / STATE_FILE).exists()


def test_the_store_unlock_of_other_commands_counts_too(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first ``fieldkit sync --server`` unlocks the encrypted store before anything else, without
    a login check (open_for_cli): a wrong password there counts towards the same slow-down (and
    nothing goes to the network: port 9 is never reached)."""
    from fieldkit.services.signin_throttle import SignInThrottle

    monkeypatch.setenv("FIELDKIT_PASSWORD", "not-the-password")
    argv = ["--data-dir", str(folder), "sync", "--server", "http://127.0.0.1:9", "--login", me(folder)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "账号或密码错误" in err and "Traceback" not in err
    assert SignInThrottle(folder).failures == 1
