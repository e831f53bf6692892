"""Fixtures shared by the service tests: a fresh store, and one with a staff member and an enterprise."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from fieldkit.db import session_factory
from fieldkit.forms.specimen import Specimen
from tests.unit.fixtures import DB, add_enterprise, add_staff, open_db


@pytest.fixture
def db(tmp_path) -> DB:  # type: ignore[no-untyped-def]
    """A fresh SQLite store in the test's own folder (real migrations and pragmas)."""
    return open_db(tmp_path)


@pytest.fixture
def staff_and_enterprise(db: DB) -> tuple[DB, Any, Any]:
    """(db, 张伟, 华为技术有限公司 assigned to him since 2025-01-01): the smallest world a
    lifecycle test needs (an assistant acts only on the enterprises assigned to them)."""
    from datetime import date

    from fieldkit.services.assignments import AssignmentService

    from .fixtures import ACTOR

    with db.tx() as s:
        staff = add_staff(s, "张伟", "zw")
        ent = add_enterprise(s, "华为技术有限公司")
        AssignmentService(ACTOR).assign(s, staff.id, ent.id, date(2025, 1, 1))
    return db, staff, ent


# --- the forms tests: each module defines ``world`` as (engine, specimen) of its own size -----------


@pytest.fixture()
def session(world: tuple[Engine, Specimen]) -> Iterator[Session]:
    """A session on the module's specimen store."""
    with session_factory(world[0])() as s:
        yield s


@pytest.fixture()
def sp(world: tuple[Engine, Specimen]) -> Specimen:
    """The ids and values of the module's specimen world."""
    return world[1]
