"""The real server process for sync tests: free port, own data folder, restart after SIGKILL.

``ServerProcess`` runs ``python -m fieldkit server`` on 127.0.0.1; readiness is a bounded poll
of ``/healthz`` that gives up as soon as the process exits. ``kill()`` is SIGKILL (no shutdown
handlers, no flush), ``start()`` again brings it back on the same port and data folder.
``Zone`` sets the server's data up (zone, accounts, enterprises, assignments) with the server's
own admin functions, in the same serialised write transaction as the server's writers, so it
may run while the server process does.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import requests
from sqlalchemy import Engine

from fieldkit.domain.identifiers import uscc_check_char
from fieldkit.server import crud, security
from fieldkit.server.db import create_schema, make_engine, write_transaction
from fieldkit.server.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
CHEAP_HASHES = {"FIELDKIT_SERVER_ARGON2_TIME_COST": "1", "FIELDKIT_SERVER_ARGON2_MEMORY_KIB": "1024"}
PASSWORD = "pw-123456"
TODAY = date(2026, 11, 21)
#: bounded: up to ~2 minutes of start-up on a busy 2-core machine
READY_POLLS = 1200
POLL_SECONDS = 0.1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """One server process; its output goes to ``data_dir/server.log`` (every start appended)."""

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.kills = 0
        data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = data_dir / "server.log"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        assert not self.running, "already running"
        env = {**os.environ, **CHEAP_HASHES}
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "fieldkit",
                    "server",
                    "--data-dir",
                    str(self.data_dir),
                    "--port",
                    str(self.port),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.starts += 1
        self.wait_ready()

    def wait_ready(self) -> None:
        assert self.proc is not None
        for _ in range(READY_POLLS):
            try:
                if requests.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            try:
                self.proc.wait(timeout=POLL_SECONDS)  # returns early only if the server died
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError(f"server exited with {self.proc.returncode}: {self.log_tail()}")
        raise RuntimeError(f"server did not answer /healthz: {self.log_tail()}")

    def log_tail(self, n: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to clean up."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)
            self.kills += 1

    def restart(self) -> None:
        self.kill()
        self.start()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


_code_counter = iter(range(1, 10_000_000))


def credit_code() -> str:
    """A valid unified social credit code, different every call (also across test modules)."""
    first17 = f"91510100MF{next(_code_counter):07d}"
    return first17 + uscc_check_char(first17)


class Zone:
    """The server's data, written with the admin functions (``fieldkit admin``'s own code)."""

    def __init__(self, data_dir: Path, zone_name: str = "高新区") -> None:
        security.configure(time_cost=1, memory_kib=1024)
        self.engine: Engine = make_engine(Settings(data_dir=data_dir))
        create_schema(self.engine)
        with write_transaction(self.engine) as conn:
            self.zone_id = crud.zone_add(conn, name=zone_name, now=self.now())
        self.staff: dict[str, str] = {}

    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)

    def user(self, login: str, role: str = "assistant") -> str:
        with write_transaction(self.engine) as conn:
            sid = crud.user_add(
                conn,
                login=login,
                name=login,
                role=role,
                zone_id=self.zone_id,
                password=PASSWORD,
                now=self.now(),
            )
        self.staff[login] = sid
        return sid

    def enterprise(self, name: str, assign_to: str | None = None) -> str:
        with write_transaction(self.engine) as conn:
            eid = crud.enterprise_add(
                conn, name=name, credit_code=credit_code(), zone_id=self.zone_id, now=self.now()
            )
            if assign_to is not None:
                crud.assign(
                    conn, staff_id=self.staff[assign_to], enterprise_id=eid, today=TODAY, now=self.now()
                )
        return eid

    def reassign(self, enterprise_id: str, to: str) -> None:
        with write_transaction(self.engine) as conn:
            crud.assign(
                conn,
                staff_id=self.staff[to],
                enterprise_id=enterprise_id,
                today=TODAY,
                now=self.now(),
                replace=True,
            )

    def close(self) -> None:
        self.engine.dispose()


@contextmanager
def serving(data_dir: Path) -> Iterator[ServerProcess]:
    """A started server process on a free port with its own data folder, stopped afterwards
    (test modules wrap it in their own fixture)."""
    srv = ServerProcess(data_dir)
    try:
        srv.start()
        yield srv
    finally:
        srv.stop()
