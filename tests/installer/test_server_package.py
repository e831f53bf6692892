"""The server .deb installed with dpkg: service user, data and log folders, systemd unit and log
rotation in place; the service started as its unit says (user, working folder, environment file,
command line: there is no systemd in the test machine), /healthz answers and a real client store
signs in; the newer package installed over it keeps the database, which the server migrates when it
starts again; remove keeps the data, purge deletes it."""

from __future__ import annotations

import os
import pwd
import re
import shlex
import shutil
import socket
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from .conftest import Debs, dpkg, installed_version

#: building the packages takes minutes (docs/benchmarks.md); the suite's default is 300 s
pytestmark = [pytest.mark.installer, pytest.mark.timeout(3600)]

UNIT = Path("/lib/systemd/system/fieldkit-server.service")
ENV_FILE = Path("/etc/fieldkit-server/server.env")
DATA = Path("/var/lib/fieldkit-server")
LOGS = Path("/var/log/fieldkit-server")
PASSWORD = "pw-installer-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _unit() -> dict[str, str]:
    keys: dict[str, str] = {}
    for line in UNIT.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith("#"):
            k, _, v = line.partition("=")
            keys.setdefault(k.strip(), v.strip())
    return keys


def _env_file() -> dict[str, str]:
    env = {}
    for line in ENV_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, _, v = line.partition("=")
            env[k] = v
    return env


def _as_service(argv: list[str], env: dict[str, str]) -> list[str]:
    unit = _unit()
    return [
        "runuser",
        "-u",
        unit["User"],
        "-g",
        unit["Group"],
        "--",
        "env",
        "-i",
        *(f"{k}={v}" for k, v in env.items()),
        *argv,
    ]


@contextmanager
def _service(port: int) -> Iterator[str]:
    """Start the server as fieldkit-server.service would: its User/Group, WorkingDirectory,
    EnvironmentFile and ExecStart (${VAR}s expanded), output appended to its log file."""
    unit = _unit()
    env = dict(_env_file(), FIELDKIT_SERVER_PORT=str(port), PATH="/usr/bin:/bin", LANG="C.UTF-8")
    command = re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], unit["ExecStart"])
    log_path = Path(unit["StandardOutput"].removeprefix("append:"))
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            _as_service(shlex.split(command), env), cwd=unit["WorkingDirectory"], stdout=log, stderr=log
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:  # bounded poll on the condition (the server answers), not a sleep
            assert proc.poll() is None, log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
            try:
                if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "the installed server did not answer /healthz"
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def _admin(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}  # the env file is read by fieldkit-server itself
    if password:
        env["FIELDKIT_PASSWORD"] = password
    out = subprocess.run(
        _as_service(["/usr/bin/fieldkit-server", "admin", *args], env),
        capture_output=True,
        text=True,
        timeout=300,
        cwd="/",
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return out


def _client_signs_in(url: str, folder: Path) -> None:
    """A real client store (the source tree's code, as a laptop) signs in with the installed server."""
    from fieldkit import db as store
    from fieldkit.sync import account

    folder.mkdir(parents=True, exist_ok=True)
    engine = store.open_store(folder / "fieldkit.sqlite3")
    try:
        response = account.connect(engine, url, "zhang", PASSWORD)
        assert response.token
    finally:
        engine.dispose()


def _server_revision(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("SELECT version_num FROM server_alembic_version").fetchone()[0])


def test_install_start_sign_in_upgrade_remove_purge(debs: Debs, tmp_path, purge_after):
    purge_after.append("fieldkit-server")
    dpkg("-i", str(debs.server))
    assert installed_version("fieldkit-server") == f"{debs.version}-1"
    user = pwd.getpwnam("fieldkit")
    for folder in (DATA, LOGS):
        st = folder.stat()
        assert st.st_uid == user.pw_uid and oct(st.st_mode & 0o777) == "0o750"
    assert UNIT.is_file() and Path("/etc/logrotate.d/fieldkit-server").is_file()
    assert (LOGS / "server.log").stat().st_uid == user.pw_uid  # so that logrotate, as fieldkit, can rotate it
    assert ENV_FILE.stat().st_gid == user.pw_gid and oct(ENV_FILE.stat().st_mode & 0o777) == "0o640"
    unit = _unit()
    assert unit["User"] == "fieldkit" and "/usr/bin/fieldkit-server" in unit["ExecStart"]
    out = subprocess.run(["systemd-analyze", "verify", str(UNIT)], capture_output=True, text=True)
    if out.returncode == 0 or "Failed to" not in out.stderr:  # systemd-analyze runs without systemd
        assert "fieldkit-server.service" not in out.stderr or "Unknown" not in out.stderr, out.stderr

    port = _free_port()
    with _service(port) as url:
        health = requests.get(f"{url}/healthz", timeout=5).json()
        assert health["status"] == "ok"
        _admin("zone-add", "高新区")
        _admin(
            "user-add",
            "zhang",
            "--name",
            "张伟",
            "--role",
            "assistant",
            "--zone",
            "高新区",
            password=PASSWORD,
        )
        _client_signs_in(url, tmp_path / "laptop-1")
    db = DATA / "server.sqlite3"
    assert db.is_file() and db.stat().st_uid == user.pw_uid
    head = _server_revision(db)
    _downgrade_server_one(db)
    assert _server_revision(db) != head

    dpkg("-i", str(debs.server_newer))  # upgrade: the data folder and the account are kept
    assert installed_version("fieldkit-server") == f"{debs.version}-2"
    with _service(port) as url:
        assert _server_revision(db) == head  # the server migrated the database as it started
        _client_signs_in(url, tmp_path / "laptop-2")
    assert "Uvicorn running" in (LOGS / "server.log").read_text(encoding="utf-8", errors="replace")
    _logrotate_rotates(tmp_path)

    dpkg("-r", "fieldkit-server")
    assert not Path("/usr/bin/fieldkit-server").exists()
    assert db.is_file(), "removing the package must keep the database"
    dpkg("--purge", "fieldkit-server")
    assert not DATA.exists() and not LOGS.exists() and not ENV_FILE.exists()


def _logrotate_rotates(tmp_path: Path) -> None:
    """The package's logrotate rule, forced once (its own state file): the log is copied to
    server.log.1 (delaycompress: the first rotation is not compressed yet) and truncated in place
    (copytruncate: the running server keeps writing to the same file), owned by the service user."""
    if shutil.which("logrotate") is None:
        pytest.skip("logrotate is not installed (apt-get install logrotate)")
    log = LOGS / "server.log"
    before = log.read_bytes()
    assert before
    state = tmp_path / "logrotate.state"
    out = subprocess.run(
        ["logrotate", "-f", "-s", str(state), "/etc/logrotate.d/fieldkit-server"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    rotated = LOGS / "server.log.1"
    assert rotated.read_bytes() == before
    assert log.stat().st_size == 0
    user = pwd.getpwnam("fieldkit")
    assert rotated.stat().st_uid == user.pw_uid


def _downgrade_server_one(db: Path) -> None:
    """Take the server's database one migration back (what the previous release left)."""
    from alembic import command

    from fieldkit.server import db as server_db
    from fieldkit.server.settings import Settings

    settings = Settings(data_dir=db.parent)
    cfg = server_db.alembic_config()
    engine = server_db.make_engine(settings)
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "-1")
    finally:
        engine.dispose()
    os.chown(db, pwd.getpwnam("fieldkit").pw_uid, pwd.getpwnam("fieldkit").pw_gid)
