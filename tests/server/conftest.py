"""Each test its own server: a fresh SQLite data dir, FastAPI's TestClient, a clock it controls."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fieldkit.domain.identifiers import uscc_check_char
from fieldkit.models import SCHEMA_VERSION, new_id
from fieldkit.server import crud
from fieldkit.server.app import create_app
from fieldkit.server.db import make_engine
from fieldkit.server.settings import Settings
from fieldkit.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, SCHEMA_HEADER

VERSION_HEADERS = {PROTOCOL_HEADER: str(PROTOCOL_VERSION), SCHEMA_HEADER: str(SCHEMA_VERSION)}
PASSWORD = "s3cret-pw"
_codes = itertools.count(1)


def credit_code() -> str:
    first17 = f"91510100MA{next(_codes):07d}"
    return first17 + uscc_check_char(first17)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@dataclass
class Device:
    """One signed-in laptop: its token, its id, its own outbox sequence and pull cursor."""

    client: TestClient
    device_id: str
    token: str
    staff_id: str
    seq: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    cursor: int = 0

    @property
    def headers(self) -> dict[str, str]:
        return {**VERSION_HEADERS, "Authorization": f"Bearer {self.token}"}

    def mutation(
        self,
        table: str,
        row_id: str,
        op: str = "create",
        changes: dict[str, Any] | None = None,
        base_version: int = 0,
        tx_id: str = "",
        mutation_id: str | None = None,
    ) -> dict[str, Any]:
        return {
            "mutation_id": mutation_id or new_id(),
            "device_id": self.device_id,
            "device_seq": next(self.seq),
            "tx_id": tx_id,
            "table": table,
            "row_id": row_id,
            "op": op,
            "base_version": base_version,
            "changes": changes or {},
            "schema_version": SCHEMA_VERSION,
        }

    def push(self, *mutations: dict[str, Any], cursor: int | None = None) -> list[dict[str, Any]]:
        r = self.client.post(
            "/api/v1/push",
            headers=self.headers,
            json={"mutations": list(mutations), "cursor": self.cursor if cursor is None else cursor},
        )
        assert r.status_code == 200, r.text
        return list(r.json()["results"])

    def push_one(self, *args: Any, **kw: Any) -> dict[str, Any]:
        return self.push(self.mutation(*args, **kw))[0]

    def pull_page(self, limit: int = 500) -> dict[str, Any]:
        r = self.client.get(
            "/api/v1/pull", headers=self.headers, params={"cursor": self.cursor, "limit": limit}
        )
        assert r.status_code == 200, r.text
        return dict(r.json())

    def pull_all(
        self, limit: int = 500
    ) -> tuple[dict[tuple[str, str], dict[str, Any]], list[tuple[str, str]]]:
        """Pull to the end: the latest values of every row seen, and the removals."""
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        removals: list[tuple[str, str]] = []
        for _ in range(1000):
            page = self.pull_page(limit)
            assert not page["full_resync"]
            for r in page["rows"]:
                rows[(r["table"], r["values"]["id"])] = r["values"]
            removals += [(x["table"], x["id"]) for x in page["removals"]]
            assert page["cursor"] >= self.cursor
            self.cursor = page["cursor"]
            if not page["has_more"]:
                return rows, removals
        raise AssertionError("pull never ended")


class World:
    """A server with a zone, staff and enterprises set up through the admin functions."""

    def __init__(self, tmp_path: Any, database_url: str = "") -> None:
        self.clock = Clock()
        self.settings = Settings(
            data_dir=tmp_path / "server",
            token_ttl_seconds=3600,
            database_url=database_url,
            argon2_time_cost=1,
            argon2_memory_kib=1024,
        )
        self.engine = make_engine(self.settings)
        self.app = create_app(self.settings, engine=self.engine, clock=self.clock)
        self.client = TestClient(self.app)
        with self.engine.begin() as conn:
            self.zone = crud.zone_add(conn, name="高新区", now=self.clock())
            self.other_zone = crud.zone_add(conn, name="经开区", now=self.clock())
        self.staff: dict[str, str] = {}

    def user(self, login: str, role: str = "assistant", zone: str | None = None) -> str:
        with self.engine.begin() as conn:
            sid = crud.user_add(
                conn,
                login=login,
                name=login,
                role=role,
                zone_id=self.zone if zone is None else zone,
                password=PASSWORD,
                now=self.clock(),
            )
        self.staff[login] = sid
        return sid

    def enterprise(self, name: str = "企业", assign_to: str | None = None, zone: str | None = None) -> str:
        with self.engine.begin() as conn:
            eid = crud.enterprise_add(
                conn,
                name=name,
                credit_code=credit_code(),
                zone_id=self.zone if zone is None else zone,
                now=self.clock(),
            )
            if assign_to:
                crud.assign(
                    conn,
                    staff_id=self.staff[assign_to],
                    enterprise_id=eid,
                    today=date(2026, 11, 21),
                    now=self.clock(),
                )
        return eid

    def reassign(self, enterprise_id: str, to: str) -> None:
        with self.engine.begin() as conn:
            crud.assign(
                conn,
                staff_id=self.staff[to],
                enterprise_id=enterprise_id,
                today=date(2026, 11, 21),
                now=self.clock(),
                replace=True,
            )

    def login(self, login: str, device_id: str | None = None, password: str = PASSWORD) -> Device:
        device_id = device_id or f"dev-{login}"
        r = self.client.post(
            "/api/v1/login",
            headers=VERSION_HEADERS,
            json={"login": login, "password": password, "device_id": device_id},
        )
        assert r.status_code == 200, r.text
        body = r.json()
        return Device(self.client, device_id, body["token"], body["staff_id"])


#: with FIELDKIT_TEST_POSTGRES_URL set, every TestClient test also runs on PostgreSQL
POSTGRES_URL = os.environ.get("FIELDKIT_TEST_POSTGRES_URL", "")


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh database on the test PostgreSQL, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"fk_test_{new_id()[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", *(["postgres"] if POSTGRES_URL else [])])
def world(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[World]:
    if request.param == "sqlite":
        w = World(tmp_path)
        yield w
        w.engine.dispose()
        return
    with postgres_database() as url:
        w = World(tmp_path, url)
        yield w
        w.client.close()
        w.engine.dispose()


def demand_values(enterprise_id: str, staff_id: str, **kw: Any) -> dict[str, Any]:
    return {"enterprise_id": enterprise_id, "staff_id": staff_id, "description": "缺电", **kw}
