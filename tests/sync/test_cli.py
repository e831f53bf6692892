"""``fieldkit sync`` as a user runs it: a subprocess against the real server, exit codes, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine

from fieldkit.models import ServiceRecord
from fieldkit.services import store
from fieldkit.services.unlock import Vault, store_state
from fieldkit.sync import account
from fieldkit.sync.cli import EXIT_ATTENTION, EXIT_AUTH, EXIT_OFFLINE, EXIT_OK

from .conftest import PASSWORD, ROOT, World


def run(folder: Path, *args: str, password: str = PASSWORD) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FIELDKIT_PASSWORD": password}
    return subprocess.run(
        [sys.executable, "-m", "fieldkit", "sync", "--data-dir", str(folder), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _store(folder: Path) -> Engine:
    """The laptop's store, encrypted by its first connection: the account's password opens it."""
    assert store_state(folder) == "encrypted"
    vault = Vault(folder)
    vault.unlock("zhang", PASSWORD)
    return vault.engine


def test_fieldkit_sync_first_time_later_and_when_something_needs_a_person(
    world: World, tmp_path: Path
) -> None:
    world.zone.user("zhang")
    eid = world.zone.enterprise("甲公司", assign_to="zhang")
    folder = tmp_path / "cli-laptop"
    wrong = run(folder, "--server", world.server.url, "--login", "zhang", password="not-the-password")
    assert wrong.returncode == EXIT_AUTH and "账号或密码错误" in wrong.stderr
    assert "Traceback" not in wrong.stderr

    first = run(folder, "--server", world.server.url, "--login", "zhang")
    assert first.returncode == EXIT_OK, first.stderr
    assert "同步完成" in first.stdout and "被拒绝 0 项" in first.stdout

    engine = _store(folder)
    from datetime import UTC, datetime, timedelta

    from sqlmodel import Session

    from fieldkit.services.records import RecordService

    with Session(engine) as s:
        actor = store.Actor(staff_id=account.staff_id(s))
        rec = RecordService(actor).create_draft(
            s,
            enterprise_id=eid,
            staff_id=actor.staff_id or "",
            visit_at=datetime.now(UTC) - timedelta(hours=1),
            content="走访",
            place="厂区",
        )
        s.commit()
        rec_id = rec.id
    later = run(folder)  # later: no --server, no --login
    assert later.returncode == EXIT_OK, later.stderr
    assert "上传 1 项更改" in later.stdout
    with Session(engine) as s:
        row = s.get(ServiceRecord, rec_id)
        assert row is not None
        # a change the server refuses (the laptop refuses it too: written here as if by an older
        # program that did not check roles)
        store.update(s, row, store.Actor(account.staff_id(s), role="admin"), status="reviewed")
        s.commit()
    engine.dispose()
    refused = run(folder, "--lang", "en")
    assert refused.returncode == EXIT_ATTENTION, refused.stderr
    assert "rejected 1" in refused.stdout and "Rejected (service record" in refused.stdout
    # the server's reason in the chosen language (from its code), never its Chinese text
    assert "Your role may not change this kind of record" in refused.stdout
    assert "您的角色不能修改此类记录" not in refused.stdout
    kept = run(folder)  # still refused, now shown in the default language
    assert kept.returncode == EXIT_ATTENTION, kept.stderr
    assert "您的角色不能修改此类记录" in kept.stdout and "Your role" not in kept.stdout

    world.server.stop()
    offline = run(folder)
    assert offline.returncode == EXIT_OFFLINE
    assert "无法连接服务器" in offline.stderr and "Traceback" not in offline.stderr


def test_fieldkit_sync_without_a_server_says_how_to_connect(tmp_path: Path) -> None:
    r = run(tmp_path / "never-connected")
    assert r.returncode == 2 and "--server" not in r.stdout
    assert "尚未连接服务器" in r.stderr and "Traceback" not in r.stderr


def _search(folder: Path, term: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FIELDKIT_PASSWORD": PASSWORD}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "fieldkit",
            "search",
            "--records",
            term,
            "--data-dir",
            str(folder),
            "--login",
            "li",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_records_pulled_by_fieldkit_sync_are_in_the_full_text_index(world: World, tmp_path: Path) -> None:
    """Records another device wrote reach this laptop's full-text index with the command-line sync
    (no window ever opened), and ``fieldkit search --records`` finds them."""
    from datetime import UTC, datetime, timedelta

    from fieldkit.services.records import RecordService

    world.zone.user("zhang")
    world.zone.user("li", role="supervisor")
    eid = world.zone.enterprise("乙公司", assign_to="zhang")
    other = world.laptop("zhang")
    other.sync()
    with other.session() as s:
        actor = other.actor
        for n in range(3):
            RecordService(actor).create_draft(
                s,
                enterprise_id=eid,
                staff_id=actor.staff_id or "",
                visit_at=datetime.now(UTC) - timedelta(hours=n + 1),
                content=f"锅炉房安全检查第{n}次",
                place="厂区",
            )
        s.commit()
    assert other.sync().rejected == 0
    folder = tmp_path / "cli-li"
    first = run(folder, "--server", world.server.url, "--login", "li")
    assert first.returncode == EXIT_OK, first.stderr
    found = _search(folder, "锅炉房")
    assert found.returncode == 0, found.stderr
    assert "服务记录：3 条" in found.stdout and found.stdout.count("【锅炉房】") == 3
    engine = _store_of(folder, "li")
    try:
        with engine.connect() as conn:
            queued = conn.exec_driver_sql("SELECT count(*) FROM search_queue").scalar_one()
            indexed = conn.exec_driver_sql(
                "SELECT count(*) FROM search_doc WHERE kind = 'record'"
            ).scalar_one()
    finally:
        engine.dispose()
    assert (queued, indexed) == (0, 3)


def _store_of(folder: Path, login: str) -> Engine:
    """Opened only for reading: nothing the opening would catch up is written."""
    vault = Vault(folder, read_only=True)
    vault.unlock(login, PASSWORD)
    return vault.engine
