"""开通账号 (issue 12 §15 leftover): a staff member created on a supervisor's laptop gets a sign-in
account from the desktop, against a real server process: the one-time password must be replaced at
the first sign-in; an assistant is refused with a clear 403; every opening is audited."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from sqlalchemy import select

from fieldkit.server.tables import account as account_table
from fieldkit.server.tables import security_event
from fieldkit.services.staff import save_staff
from fieldkit.sync import account
from fieldkit.sync.cli import EXIT_AUTH, EXIT_OK
from fieldkit.sync.errors import AuthRequired, PasswordChangeRequired, Refused, SyncError

from .conftest import PASSWORD, ROOT, World


def _new_assistant(world: World, login: str = "lina") -> tuple[object, str]:
    world.zone.user("boss", role="supervisor")
    boss = world.laptop("boss")
    with boss.session() as s:
        sid = save_staff(s, boss.actor, None, name="李娜", login=login, role="assistant")
        s.commit()
    return boss, sid


def test_a_supervisor_opens_the_account_the_first_sign_in_sets_its_own_and_an_assistant_is_refused(
    world: World,
) -> None:
    boss, sid = _new_assistant(world)
    with pytest.raises(SyncError) as not_yet:  # created here, not on the server yet: said before any call
        account.open_account(boss.engine, sid)  # type: ignore[attr-defined]
    assert not_yet.value.code == "account_not_synced" and "请先同步" in not_yet.value.text()
    boss.sync()  # type: ignore[attr-defined]
    opened = account.open_account(boss.engine, sid)  # type: ignore[attr-defined]
    assert opened.login == "lina" and opened.initial_password and len(opened.initial_password) >= 8
    with pytest.raises(Refused) as twice:
        account.open_account(boss.engine, sid)  # type: ignore[attr-defined]
    assert twice.value.code == "account_exists"

    lina = world.laptop()
    with pytest.raises(PasswordChangeRequired):
        lina.connect("lina", opened.initial_password)
    with pytest.raises(Refused) as weak:
        account.connect(lina.engine, world.server.url, "lina", opened.initial_password, new_password="short")
    assert weak.value.code == "weak_password"
    resp = account.connect(
        lina.engine, world.server.url, "lina", opened.initial_password, new_password="lina-own-pw"
    )
    assert resp.staff_id == sid and resp.role == "assistant"
    lina.sync()
    with pytest.raises(AuthRequired):  # the one-time password is gone
        world.laptop().connect("lina", opened.initial_password)
    world.laptop().connect("lina", "lina-own-pw")

    with world.zone.engine.connect() as conn:
        acc = conn.execute(select(account_table).where(account_table.c.login == "lina")).mappings().one()
        audit = conn.execute(
            select(security_event.c.kind, security_event.c.outcome, security_event.c.staff_id).where(
                security_event.c.kind.in_(("account_open", "password_set"))
            )
        ).all()
    assert not acc["must_change_password"]
    boss_id = world.zone.staff["boss"]
    assert ("account_open", "ok", boss_id) in audit and ("account_open", "account_exists", boss_id) in audit
    assert ("password_set", "ok", sid) in audit and ("password_set", "weak_password", None) in audit

    # an assistant's token is refused by the server itself (a client that skips every local check)
    world.zone.user("zhang")
    zhang = world.laptop("zhang")
    with boss.session() as s:  # type: ignore[attr-defined]
        wang = save_staff(s, boss.actor, None, name="王芳", login="wangfang", role="assistant")  # type: ignore[attr-defined]
        s.commit()
    boss.sync()  # type: ignore[attr-defined]
    with pytest.raises(Refused) as refused, account.client_for(zhang.engine) as c:
        c.open_account(wang)
    assert refused.value.code == "account_role" and "只有主管或管理员" in refused.value.text()
    with zhang.session() as s:  # a refusal is no revocation: the assistant stays signed in
        assert account.token(s)
    opened = account.open_account(boss.engine, wang, "typed-initial-1")  # type: ignore[attr-defined]
    assert opened.initial_password is None  # typed by the supervisor: nothing to show
    with pytest.raises(PasswordChangeRequired):
        world.laptop().connect("wangfang", "typed-initial-1")

    # the same from a terminal: fieldkit staff account LOGIN, then the new user's fieldkit sync
    with boss.session() as s:  # type: ignore[attr-defined]
        save_staff(s, boss.actor, None, name="赵丽", login="zhaoli", role="assistant")  # type: ignore[attr-defined]
        s.commit()
    boss.sync()  # type: ignore[attr-defined]
    opened_cli = _cli(
        ["staff", "account", "zhaoli", "--data-dir", str(boss.folder), "--login", "boss"], PASSWORD
    )  # type: ignore[attr-defined]
    assert opened_cli.returncode == 0, opened_cli.stdout + opened_cli.stderr
    initial = re.search(r"一次性初始密码（只显示这一次）：(\S+?)；", opened_cli.stdout)
    assert initial is not None, opened_cli.stdout
    folder = str(world.tmp / "zhaoli-cli")
    first = ["sync", "--data-dir", folder, "--server", world.server.url, "--login", "zhaoli"]
    asked = _cli(first, initial.group(1))
    assert asked.returncode == EXIT_AUTH and "FIELDKIT_NEW_PASSWORD" in asked.stderr, asked.stderr
    assert "Traceback" not in asked.stderr
    done = _cli(first, initial.group(1), FIELDKIT_NEW_PASSWORD="zhaoli-own-pw")
    assert done.returncode == EXIT_OK, done.stderr


def _cli(args: list[str], password: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fieldkit", *args],
        cwd=ROOT,
        env={**os.environ, "FIELDKIT_PASSWORD": password, "FIELDKIT_CHEAP_KDF": "1", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
