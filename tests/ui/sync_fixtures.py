"""A real FieldKit server process on 127.0.0.1 (its own data dir, a free port) and real client
stores connected to it, for the window's sync tests.

``SyncServer`` sets the zone, accounts and enterprises up with the server's admin functions
(:mod:`fieldkit.server.crud`) on its data dir, then runs ``python -m fieldkit server`` as a child
process; it can be stopped and started again on the same port (the window notices). Admin actions
while it runs (new enterprises, revoked devices) go through the same functions on the same
SQLite file, as ``fieldkit admin`` does.

``Laptop`` is one client store: a real SQLite file, connected with
:func:`fieldkit.sync.account.connect` and synced with the real engine — as the window does.
"""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import update
from sqlalchemy.engine import Engine

from fieldkit.config import attachments_dir, db_path
from fieldkit.db import open_store, session_factory, transaction
from fieldkit.domain.identifiers import uscc_check_char
from fieldkit.models import Staff
from fieldkit.server import crud
from fieldkit.server.db import create_schema, make_engine
from fieldkit.server.settings import Settings as ServerSettings
from fieldkit.services import device
from fieldkit.services.context import ServiceContext
from fieldkit.services.overview import staff_by_login
from fieldkit.sync import account
from fieldkit.sync.client import SyncClient
from fieldkit.sync.engine import SyncEngine, SyncReport

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pw-123456"
CHEAP_HASHES = {"FIELDKIT_SERVER_ARGON2_TIME_COST": "1", "FIELDKIT_SERVER_ARGON2_MEMORY_KIB": "1024"}
NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
_codes = itertools.count(1)


def credit_code() -> str:
    first17 = f"91510700MA{next(_codes):07d}"
    return first17 + uscc_check_char(first17)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class SyncServer:
    data: Path
    port: int = field(default_factory=free_port)
    env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None
    zone_id: str = ""
    staff: dict[str, str] = field(default_factory=dict)
    enterprises: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def settings(self) -> ServerSettings:
        return ServerSettings(data_dir=self.data, argon2_time_cost=1, argon2_memory_kib=1024)

    def admin(self) -> Engine:
        engine = make_engine(self.settings())
        create_schema(engine)
        return engine

    def setup(self, enterprises: int = 3) -> None:
        engine = self.admin()
        try:
            with engine.begin() as conn:
                self.zone_id = crud.zone_add(conn, name="高新区", now=NOW)
                self.staff["zhang"] = crud.user_add(
                    conn,
                    login="zhang",
                    name="张三",
                    role="assistant",
                    zone_id=self.zone_id,
                    password=PASSWORD,
                    now=NOW,
                )
            for n in range(enterprises):
                self.add_enterprise(f"测试企业{n + 1:04d}有限公司", engine=engine)
        finally:
            engine.dispose()

    def add_enterprise(self, name: str, assign_to: str = "zhang", engine: Engine | None = None) -> str:
        own = engine is None
        eng = engine or self.admin()
        try:
            with eng.begin() as conn:
                eid = crud.enterprise_add(
                    conn, name=name, credit_code=credit_code(), zone_id=self.zone_id, now=NOW
                )
                crud.assign(
                    conn, staff_id=self.staff[assign_to], enterprise_id=eid, today=date(2026, 11, 21), now=NOW
                )
        finally:
            if own:
                eng.dispose()
        self.enterprises[name] = eid
        return eid

    def revoke_device(self, device_id: str) -> None:
        eng = self.admin()
        try:
            with eng.begin() as conn:
                crud.revoke_device(conn, device_id=device_id, now=datetime.now(UTC))
        finally:
            eng.dispose()

    def expire_tokens(self, device_id: str) -> None:
        """As when a sign-in expires: the device's tokens stop working, the device does not."""
        from fieldkit.server.tables import token

        eng = self.admin()
        try:
            with eng.begin() as conn:
                conn.execute(update(token).where(token.c.device_id == device_id).values(revoked=True))
        finally:
            eng.dispose()

    def row(self, table: str, row_id: str) -> dict[str, Any]:
        eng = self.admin()
        try:
            with eng.connect() as conn:
                stored = crud.get_row(conn, table, row_id)
        finally:
            eng.dispose()
        assert stored is not None
        return dict(stored.data)

    def start(self) -> None:
        env = {**os.environ, **CHEAP_HASHES, **self.env}
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
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(1200):  # bounded: up to ~2 min of start-up on a busy machine
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):  # a busy machine: a slow answer too
                pass
            try:
                self.proc.wait(timeout=0.1)  # waits only while the server is still starting
            except subprocess.TimeoutExpired:
                continue
            pytest.fail("server exited")
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


@pytest.fixture
def sync_server(tmp_path: Path) -> Iterator[SyncServer]:
    srv = SyncServer(tmp_path / "server")
    srv.setup()
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@dataclass
class Laptop:
    """One client store connected to the server as an account."""

    folder: Path
    engine: Engine

    @classmethod
    def fresh(cls, folder: Path) -> Laptop:
        return cls(folder, open_store(db_path(folder)))

    def connect(self, server: SyncServer, login: str = "zhang") -> None:
        account.connect(self.engine, server.url, login, PASSWORD)

    def sync(self) -> SyncReport:
        client = account.client_for(self.engine)
        try:
            return SyncEngine(self.engine, client, attachments_dir(self.folder)).sync()
        finally:
            client.close()

    def session(self) -> Any:
        return session_factory(self.engine)()

    @property
    def device_id(self) -> str:
        with transaction(session_factory(self.engine)) as s:
            return device.device_id(s)

    def staff(self, login: str = "zhang") -> Staff:
        with self.session() as s:
            staff = staff_by_login(s, login)
        assert staff is not None, "the account's staff row was pulled"
        return staff

    def context(self, login: str = "zhang") -> ServiceContext:
        return ServiceContext(self.engine, self.folder, self.staff(login), device_id=self.device_id)

    def close(self) -> None:
        self.engine.dispose()


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[Any]:
    made: list[Laptop] = []

    def make(name: str = "laptop") -> Laptop:
        lap = Laptop.fresh(tmp_path / name)
        made.append(lap)
        return lap

    yield make
    for lap in made:
        lap.close()


class Gate:
    """Holds a real client's pulls at a point the test chooses (timing only: every call still
    goes to the real server), so a test can act while a sync is under way."""

    def __init__(self, hold_after_pulls: int = 1) -> None:
        self.hold_after = hold_after_pulls
        self.pulls = 0
        self.held = threading.Event()
        self.release = threading.Event()

    def factory(self, engine: Engine) -> SyncClient:
        client = account.client_for(engine)
        real_pull = client.pull
        gate = self

        def pull(cursor: int, limit: int = 500) -> Any:
            if gate.pulls >= gate.hold_after and not gate.release.is_set():
                gate.held.set()
                if not gate.release.wait(120):
                    raise TimeoutError("gate never released")
            gate.pulls += 1
            return real_pull(cursor, limit)

        client.pull = pull  # type: ignore[method-assign]
        return client
