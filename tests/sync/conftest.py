"""A real server process on 127.0.0.1 and real client stores (SQLite files built with the app's
own functions), for the sync engine's tests and the fault tests built on them.

* :class:`ServerProcess` — ``python -m fieldkit server`` on a fixed free port with its own data
  dir; ``start`` waits (bounded poll) until /healthz answers, ``stop`` / ``kill`` (SIGKILL) and
  ``start`` again keep the same URL and database.
* :class:`Zone` — the server's zone, accounts and enterprises, written with
  ``fieldkit.server.crud`` straight into its database (as ``fieldkit admin`` does).
* :class:`Laptop` — one device: its own data folder and store (``fieldkit.db.open_store``),
  connected with :func:`fieldkit.sync.account.connect`, synced with :class:`SyncEngine`.
"""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import Engine
from sqlmodel import Session, select

from fieldkit.config import attachments_dir, db_path
from fieldkit.db import open_store
from fieldkit.domain.identifiers import uscc_check_char
from fieldkit.models import OutboxEntry, Staff
from fieldkit.server import crud
from fieldkit.server.db import create_schema, make_engine
from fieldkit.server.settings import Settings
from fieldkit.services import device, store
from fieldkit.sync import account
from fieldkit.sync.client import SyncClient
from fieldkit.sync.engine import SyncEngine, SyncReport

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pw-123456"
CHEAP_HASHES = {"FIELDKIT_SERVER_ARGON2_TIME_COST": "1", "FIELDKIT_SERVER_ARGON2_MEMORY_KIB": "1024"}
_codes = itertools.count(1)


def credit_code() -> str:
    first17 = f"91510100MB{next(_codes):07d}"
    return first17 + uscc_check_char(first17)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """The real server on 127.0.0.1:port with its own data dir."""

    def __init__(self, data: Path, env: dict[str, str] | None = None) -> None:
        self.data = data
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **CHEAP_HASHES, **(env or {})}
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = data.parent / f"server-{self.port}.log"

    def start(self) -> None:
        self.data.mkdir(parents=True, exist_ok=True)
        out = open(self.log, "ab")  # noqa: SIM115 - handed to the child, closed in stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "fieldkit",
                "server",
                "--data-dir",
                str(self.data),
                "--port",
                str(self.port),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        out.close()
        for _ in range(1200):  # bounded: up to ~2 min of start-up on a busy machine
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            try:
                self.proc.wait(timeout=0.1)  # waits only while the server is still starting
            except subprocess.TimeoutExpired:
                continue
            pytest.fail(f"server exited: {self.log.read_text(errors='replace')}")
        pytest.fail("server did not answer /healthz")

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def kill(self) -> None:
        """SIGKILL: no clean shut-down."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


class Zone:
    """The server's accounts and enterprises, written into its database with the admin functions."""

    def __init__(self, data: Path) -> None:
        self.settings = Settings(data_dir=data, argon2_time_cost=1, argon2_memory_kib=1024)
        self.engine = make_engine(self.settings)
        create_schema(self.engine)
        with self.engine.begin() as conn:
            self.zone_id = crud.zone_add(conn, name="高新区", now=self.now())
        self.staff: dict[str, str] = {}

    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)

    def user(self, login: str, role: str = "assistant") -> str:
        with self.engine.begin() as conn:
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

    def enterprise(self, name: str = "企业", assign_to: str | None = None, code: str | None = None) -> str:
        with self.engine.begin() as conn:
            eid = crud.enterprise_add(
                conn, name=name, credit_code=code or credit_code(), zone_id=self.zone_id, now=self.now()
            )
            if assign_to:
                crud.assign(
                    conn,
                    staff_id=self.staff[assign_to],
                    enterprise_id=eid,
                    today=date.today(),
                    now=self.now(),
                )
        return eid

    def reassign(self, enterprise_id: str, to: str) -> None:
        with self.engine.begin() as conn:
            crud.assign(
                conn,
                staff_id=self.staff[to],
                enterprise_id=enterprise_id,
                today=date.today(),
                now=self.now(),
                replace=True,
            )

    def revoke(self, device_id: str) -> None:
        with self.engine.begin() as conn:
            crud.revoke_device(conn, device_id=device_id, now=self.now())

    def row(self, table: str, row_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            r = crud.get_row(conn, table, row_id)
        return None if r is None else {**r.data, "deleted": r.deleted, "server_version": r.version}

    def rows(self, table: str) -> list[dict[str, Any]]:
        from fieldkit.server.tables import server_row

        with self.engine.connect() as conn:
            found = conn.execute(server_row.select().where(server_row.c.table_name == table)).mappings().all()
        return [{**r["data"], "deleted": r["deleted"], "server_version": r["version"]} for r in found]


class Laptop:
    """One device with its own data folder and store."""

    def __init__(self, folder: Path, server: ServerProcess) -> None:
        self.folder = folder
        self.server = server
        self.engine: Engine = open_store(db_path(folder))
        self.login: str | None = None
        with Session(self.engine) as s:  # as the app does at start: the store records where it is
            device.check_origin(s, db_path(folder))
            s.commit()

    def connect(self, login: str, password: str = PASSWORD) -> None:
        account.connect(self.engine, self.server.url, login, password, client=SyncClient(self.server.url))
        self.login = login

    def client(self, **kw: Any) -> SyncClient:
        with Session(self.engine) as s:
            tok = account.token(s)
        kw.setdefault("timeout", 10.0)
        kw.setdefault("backoff", 0.05)
        return SyncClient(self.server.url, token=tok, **kw)

    def sync_engine(self, faults: Callable[[str], None] | None = None, **kw: Any) -> SyncEngine:
        return SyncEngine(self.engine, self.client(), attachments_dir(self.folder), faults=faults, **kw)

    def sync(self, **kw: Any) -> SyncReport:
        eng = self.sync_engine(**kw)
        try:
            return eng.sync()
        finally:
            eng.client.close()

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    @property
    def actor(self) -> store.Actor:
        with self.session() as s:
            sid = account.staff_id(s)
            from fieldkit.services.device import device_id

            return store.Actor(staff_id=sid, device_id=device_id(s))

    def outbox(self) -> list[OutboxEntry]:
        with self.session() as s:
            return list(s.exec(select(OutboxEntry).order_by(OutboxEntry.seq)).all())  # type: ignore[arg-type]

    def staff_id(self, login: str) -> str:
        with self.session() as s:
            sid = s.exec(select(Staff.id).where(Staff.login == login)).first()
        assert sid is not None
        return sid


@dataclass
class World:
    tmp: Path
    server: ServerProcess
    zone: Zone
    _n: itertools.count[int]

    def laptop(self, login: str | None = None) -> Laptop:
        lap = Laptop(self.tmp / f"laptop{next(self._n)}", self.server)
        if login:
            lap.connect(login)
        return lap


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    data = tmp_path / "srv"
    data.mkdir()
    zone = Zone(data)
    server = ServerProcess(data)
    server.start()
    try:
        yield World(tmp_path, server, zone, itertools.count(1))
    finally:
        server.stop()
        zone.engine.dispose()
