"""Stores shared by the fault tests: built once per session, copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fieldkit.config import db_path
from fieldkit.db import open_store
from fieldkit.services.demo import generate

from .storecheck import schema_objects


@pytest.fixture(scope="session")
def empty_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with a new, empty, current store."""
    folder = tmp_path_factory.mktemp("empty-store")
    open_store(db_path(folder)).dispose()
    return folder


@pytest.fixture(scope="session")
def fresh_schema(empty_store: Path) -> set[tuple[str, str]]:
    """Every index and trigger of a new store: what a store left by a crash must still have."""
    return schema_objects(db_path(empty_store))


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo data folder (signatures included)."""
    folder = tmp_path_factory.mktemp("demo-store")
    engine = open_store(db_path(folder))
    generate(engine, enterprises=3, records=60)
    engine.dispose()
    return folder


def copy_folder(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
    return dst
