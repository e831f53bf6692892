"""Stores shared by the fault tests: built once per session, copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fieldkit.config import db_path
from fieldkit.db import open_store
from fieldkit.services.demo import DEMO_PASSWORD, generate

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
    """A small demo data folder (signatures included), encrypted as the window and ``fieldkit demo``
    leave it (every demo account's password, :data:`~fieldkit.services.demo.DEMO_PASSWORD`, opens it),
    its demo account the folder's current login (the command line signs in as it)."""
    from fieldkit.config import Settings
    from fieldkit.services.unlock import Vault

    folder = tmp_path_factory.mktemp("demo-store")
    vault = Vault(folder)
    summary = generate(vault.engine, enterprises=3, records=60)
    assert summary.demo_login
    vault.secure_demo(summary.demo_login, DEMO_PASSWORD)
    vault.close()
    settings = Settings.load(folder)
    settings.current_login = summary.demo_login
    settings.save(folder)
    return folder


@pytest.fixture(scope="session")
def plain_demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small plaintext demo store (as a store from before encryption): the raw material of the
    damaged, foreign and newer files the problem tests make with plain SQLite."""
    from fieldkit.config import Settings

    folder = tmp_path_factory.mktemp("plain-demo-store")
    engine = open_store(db_path(folder))
    summary = generate(engine, enterprises=3, records=60)
    engine.dispose()
    settings = Settings.load(folder)
    settings.current_login = summary.demo_login or ""
    settings.save(folder)
    return folder


def copy_folder(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
    return dst
