"""Small fixed-world builders shared by the unit tests of the services.

Every test opens its own SQLite file in ``tmp_path`` through :func:`fieldkit.db.open_store`
(real migrations, real pragmas); nothing is mocked. Local times are built with
:func:`local`, i.e. aware datetimes in the machine's local time zone, exactly as the UI does.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from fieldkit.db import SessionFactory, open_store, session_factory, transaction
from fieldkit.models import AuditLog, Enterprise, OutboxEntry, Staff, Zone
from fieldkit.services import store
from fieldkit.services.enterprises import EnterpriseService
from fieldkit.services.validation import uscc_check_char

#: the actor of every test write unless a test says otherwise
ACTOR = store.Actor(staff_id=None, device_id="test-device")

#: real, published unified social credit codes
HUAWEI_CODE = "914403001922038216"  # 华为技术有限公司
REAL_CODES = ("914403001922038216", "91110000802100433B", "911101085923662400")


@dataclass
class DB:
    """One store file and its session factory."""

    path: Path
    engine: Engine
    make: SessionFactory

    def session(self) -> Session:
        return self.make()

    def tx(self):  # type: ignore[no-untyped-def]
        """One unit of work (commit on success, roll back on error)."""
        return transaction(self.make)

    def count(self, model: Any, *where: Any) -> int:
        with self.make() as s:
            return s.exec(select(func.count()).select_from(model).where(*where)).one()


def open_db(tmp_path: Path, name: str = "fieldkit.sqlite3") -> DB:
    path = tmp_path / name
    engine = open_store(path)
    return DB(path, engine, session_factory(engine))


def journal_counts(db: DB) -> tuple[int, int]:
    """(audit rows, outbox rows) currently stored."""
    return db.count(AuditLog), db.count(OutboxEntry)


def make_code(n: int, region: str = "510600", authority: str = "9", kind: str = "1") -> str:
    """A valid credit code (GB 32100 check character) numbered ``n``."""
    body = f"{authority}{kind}{region}MA{n:06d}X"
    assert len(body) == 17
    return body + uscc_check_char(body)


def local(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    """An aware datetime at local wall-clock time (what the user types / the UI builds)."""
    return datetime(y, m, d, hh, mm).astimezone()


@contextmanager
def local_timezone(name: str) -> Iterator[None]:
    """Run a block as if the machine were set to time zone ``name`` (POSIX TZ + tzset)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


def add_zone(s: Session, name: str, code: str = "") -> Zone:
    return store.insert(s, Zone(name=name, code=code), ACTOR)


def add_staff(s: Session, name: str, login: str, zone: Zone | None = None, *, role: str = "assistant",
              specialist_type: str = "industrial_assistant", active: bool = True) -> Staff:
    return store.insert(s, Staff(name=name, login=login, role=role, specialist_type=specialist_type,
                                 zone_id=zone.id if zone else None, active=active), ACTOR)


_counter = iter(range(1, 10**6))


def add_enterprise(s: Session, name: str, *, code: str | None = None, zone: Zone | None = None,
                   **fields: Any) -> Enterprise:
    """Create an enterprise through the real service (validation, pinyin keys, journal)."""
    if zone is not None:
        fields["zone_id"] = zone.id
    return EnterpriseService(ACTOR).create(s, name=name, credit_code=code or make_code(next(_counter)),
                                           **fields)


def today_in_quarter() -> date:
    """A fixed 'today' used by tests that need the current quarter to be a known one."""
    return date(2026, 3, 20)
