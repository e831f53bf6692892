"""The real server process on 127.0.0.1, set up with the real admin commands, used with requests."""

from __future__ import annotations

import hashlib
import itertools
import os
import socket
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from fieldkit.cli import main
from fieldkit.models import SCHEMA_VERSION, new_id
from fieldkit.sync.protocol import (
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    SCHEMA_HEADER,
    attachment_path,
    upload_path,
)

from .conftest import credit_code

ROOT = Path(__file__).resolve().parents[2]
HEADERS = {PROTOCOL_HEADER: str(PROTOCOL_VERSION), SCHEMA_HEADER: str(SCHEMA_VERSION)}
CHEAP_HASHES = {"FIELDKIT_SERVER_ARGON2_TIME_COST": "1", "FIELDKIT_SERVER_ARGON2_MEMORY_KIB": "1024"}


@pytest.fixture
def cheap_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in CHEAP_HASHES.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("FIELDKIT_PASSWORD", "pw-123456")


def admin(data: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["admin", "--data-dir", str(data), *args]) == 0
    return capsys.readouterr().out.strip()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(*args: str, log: Path | None = None) -> Iterator[str]:
    """``python -m fieldkit server`` on a free port of 127.0.0.1; yields its base URL once /healthz
    answers (polled in a bounded loop), stops it afterwards. With ``log``, the process's whole
    output (stdout and stderr) goes to that file."""
    port = _free_port()
    env = {**os.environ, **CHEAP_HASHES}
    out = open(log, "wb") if log is not None else None  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [sys.executable, "-m", "fieldkit", "server", "--port", str(port), *args],
        cwd=ROOT,
        env=env,
        stdout=out or subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):  # bounded: up to ~2 min of start-up on a busy machine
            try:
                if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            try:
                proc.wait(timeout=0.1)  # waits only while the server is still starting
            except subprocess.TimeoutExpired:
                continue
            pytest.fail(f"server exited: {proc.stdout.read().decode() if proc.stdout else ''}")
        else:
            pytest.fail("server did not answer /healthz")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()
        if out is not None:
            out.close()


def test_admin_commands(tmp_path: Path, cheap_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "srv"
    admin(data, "zone-add", "高新区", capsys=capsys)
    admin(
        data, "user-add", "zhang", "--name", "张三", "--role", "assistant", "--zone", "高新区", capsys=capsys
    )
    admin(data, "user-add", "li", "--name", "李四", "--role", "assistant", "--zone", "高新区", capsys=capsys)
    code = credit_code()
    admin(data, "enterprise-add", code, "--name", "甲公司", "--zone", "高新区", capsys=capsys)
    admin(data, "assign", "zhang", code, capsys=capsys)
    admin(data, "reassign", code, "--to", "li", capsys=capsys)
    from fieldkit.server import crud
    from fieldkit.server.db import make_engine
    from fieldkit.server.settings import Settings
    from fieldkit.server.tables import assignment_log

    engine = make_engine(Settings(data_dir=data))
    with engine.connect() as conn:
        log = conn.execute(assignment_log.select().order_by(assignment_log.c.started_seq)).mappings().all()
        zhang, li = crud.staff_id_by_login(conn, "zhang"), crud.staff_id_by_login(conn, "li")
    assert [(r["staff_id"], r["ended_seq"] is None) for r in log] == [(zhang, False), (li, True)]
    # wrong input is an error message and exit code 2, not a traceback
    assert main(["admin", "--data-dir", str(data), "assign", "nobody", code]) == 2
    assert "nobody" in capsys.readouterr().err
    assert admin(data, "purge-tombstones", "--older-than-days", "30", capsys=capsys) == "0"
    admin(data, "user-disable", "zhang", capsys=capsys)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT active FROM server_account WHERE login='zhang'").scalar() in (
            0,
            False,
        )


def test_real_server_process(tmp_path: Path, cheap_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "srv"
    admin(data, "zone-add", "高新区", capsys=capsys)
    sid = admin(
        data, "user-add", "zhang", "--name", "张三", "--role", "assistant", "--zone", "高新区", capsys=capsys
    )
    code = credit_code()
    eid = admin(data, "enterprise-add", code, "--name", "甲公司", "--zone", "高新区", capsys=capsys)
    admin(data, "assign", "zhang", code, capsys=capsys)

    with running_server("--data-dir", str(data)) as base:
        with requests.Session() as http:
            http.headers.update(HEADERS)
            r = http.post(
                f"{base}/api/v1/login", json={"login": "zhang", "password": "pw-123456", "device_id": "lap"}
            )
            assert r.status_code == 200, r.text
            http.headers["Authorization"] = f"Bearer {r.json()['token']}"
            did = new_id()
            m: dict[str, Any] = {
                "mutation_id": new_id(),
                "device_id": "lap",
                "device_seq": 1,
                "tx_id": "",
                "table": "demand",
                "row_id": did,
                "op": "create",
                "base_version": 0,
                "changes": {"enterprise_id": eid, "staff_id": sid, "description": "缺电"},
                "schema_version": SCHEMA_VERSION,
            }
            results = http.post(f"{base}/api/v1/push", json={"mutations": [m], "cursor": 0}).json()["results"]
            assert results[0]["status"] == "applied"
            again = http.post(f"{base}/api/v1/push", json={"mutations": [m], "cursor": 0}).json()["results"]
            assert again[0]["status"] == "duplicate"
            page = http.get(f"{base}/api/v1/pull", params={"cursor": 0}).json()
            pulled = {(row["table"], row["values"]["id"]) for row in page["rows"]}
            assert {("demand", did), ("enterprise", eid)} <= pulled
            assert not page["has_more"] and page["cursor"] >= results[0]["server_version"]
            old = requests.get(f"{base}/api/v1/pull", headers={PROTOCOL_HEADER: "0", SCHEMA_HEADER: "5"})
            assert old.status_code == 426
            _attachment_round_trip(http, [base], eid, device_seq=2)
    assert "lap" in admin(data, "devices", capsys=capsys)
    admin(data, "revoke", "lap", capsys=capsys)
    assert "revoked" in admin(data, "devices", capsys=capsys)


def test_several_workers_on_sqlite_are_refused_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite serves one process; --workers N > 1 asks for PostgreSQL instead (nothing starts)."""
    assert main(["server", "--data-dir", str(tmp_path / "srv"), "--workers", "2", "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert "SQLite" in err and "--workers 2" in err and "PostgreSQL" in err
    assert not (tmp_path / "srv").exists()


def _attachment_round_trip(http: requests.Session, bases: Sequence[str], eid: str, device_seq: int) -> None:
    """A photo's row pushed, its bytes uploaded in chunks over the wire (asking the offset, as after a
    cut), then read back whole and from an offset; request k goes to ``bases[k % n]``."""
    turn = itertools.count()

    def url(path: str) -> str:
        return bases[next(turn) % len(bases)] + path

    data = bytes(range(256)) * 2000 + b"tail"  # 512,004 bytes: three chunks of 200 kB
    sha = hashlib.sha256(data).hexdigest()
    row = {
        "mutation_id": new_id(),
        "device_id": "lap",
        "device_seq": device_seq,
        "table": "attachment",
        "row_id": new_id(),
        "op": "create",
        "changes": {"sha256": sha, "size": len(data), "owner_table": "enterprise", "owner_id": eid},
        "schema_version": SCHEMA_VERSION,
    }
    pushed = http.post(url("/api/v1/push"), json={"mutations": [row], "cursor": 0}).json()["results"]
    assert pushed[0]["status"] == "applied", pushed
    chunk = 200_000
    assert http.get(url(attachment_path(sha))).json()["code"] == "not_uploaded"
    put = http.put(url(attachment_path(sha)), params={"offset": 0, "size": len(data)}, data=data[:chunk])
    assert put.status_code == 200 and put.json()["received"] == chunk
    status = http.get(url(upload_path(sha))).json()
    while not status["complete"]:
        start = status["received"]
        r = http.put(
            url(attachment_path(sha)),
            params={"offset": start, "size": len(data)},
            data=data[start : start + chunk],
        )
        assert r.status_code == 200, r.text
        status = r.json()
    whole = http.get(url(attachment_path(sha)))
    assert whole.status_code == 200 and whole.content == data
    tail = http.get(url(attachment_path(sha)), headers={"Range": "bytes=300000-"})
    assert tail.status_code == 206 and tail.content == data[300_000:]
